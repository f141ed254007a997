"""Property: for generated series (DAILY/WEEKLY/MONTHLY, INTERVAL, COUNT or UNTIL in UTC and
local form, BYDAY, EXDATE, RDATE, a moved and a cancelled occurrence; DTSTART in UTC,
floating and three IANA zones, across daylight-saving changes), Steady's occurrences after
import equal recurring-ical-events' expansion of the same file, and Steady's export expands
to the same again; on a computer in New York and on one in UTC (issue 15, Build)."""

import datetime as dt
import tempfile
from pathlib import Path

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.schedule import to_utc
from app.services import ics
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.storage import open_store

D = dt.datetime
UTC = dt.timezone.utc
SPAN = (D(2025, 6, 1), D(2028, 1, 1))
ZONES = ("UTC-Z", "floating", "America/New_York", "Europe/Berlin", "Australia/Sydney")
COMPUTERS = ("America/New_York", "UTC")
# Starts a few weeks before a change of clocks in New York, Berlin or Sydney.
STARTS = (D(2026, 2, 20), D(2026, 3, 10), D(2026, 10, 5), D(2026, 10, 20), D(2026, 3, 25))


def fmt(value: D, zone: str) -> str:
    """A DATE-TIME property's parameters and value for a wall-clock time in `zone`."""
    if zone == "UTC-Z":
        return f":{value:%Y%m%dT%H%M%S}Z"
    if zone == "floating":
        return f":{value:%Y%m%dT%H%M%S}"
    return f";TZID={zone}:{value:%Y%m%dT%H%M%S}"


@st.composite
def series(draw):
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.sampled_from(STARTS)) + dt.timedelta(days=draw(st.integers(0, 6)))
    start = day.replace(hour=draw(st.sampled_from((0, 1, 2, 7, 18, 23))), minute=draw(st.sampled_from((0, 30))))
    length = dt.timedelta(minutes=draw(st.sampled_from((30, 60, 90, 480))))
    freq = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY")))
    parts = [f"FREQ={freq}"]
    interval = draw(st.integers(1, 3))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(("MO", "TU", "WE", "TH", "FR", "SA", "SU")), min_size=1,
                             max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    base = ";".join(parts)
    if draw(st.booleans()):
        rule = base + f";COUNT={draw(st.integers(2, 12))}"
    else:
        until = start + dt.timedelta(days=draw(st.integers(20, 120)))
        if zone == "floating":
            rule = base + f";UNTIL={until:%Y%m%dT%H%M%S}"
        else:  # RFC 5545: UTC when DTSTART has a zone
            moment = until if zone == "UTC-Z" else to_utc(until, zone)
            rule = base + f";UNTIL={moment:%Y%m%dT%H%M%S}Z"
    naive = list(rrulestr(rule.replace("Z", "") if zone == "UTC-Z" else _local_until(rule, zone),
                          dtstart=start, ignoretz=True))
    picks = draw(st.lists(st.integers(1, max(1, len(naive) - 1)), min_size=0, max_size=3, unique=True))
    picks = [naive[i] for i in picks if i < len(naive)]
    exdates = picks[:1]
    moved = picks[1:2]
    cancelled = picks[2:3]
    rdates = [start + dt.timedelta(days=draw(st.integers(1, 40)), hours=draw(st.sampled_from((1, 3))))
              for _ in range(draw(st.integers(0, 2)))]
    # recurring-ical-events (3.8) drops an RDATE that falls on the day of an EXDATE, or of an
    # occurrence a RECURRENCE-ID changes or cancels, even when their times differ (EXDATE or
    # RECURRENCE-ID 00:00, RDATE 01:00 the same day: RFC 5545 keeps the RDATE, whose own
    # RECURRENCE-ID would be 01:00, and Steady does). The oracle is wrong there, so the
    # generator keeps them on different days. (Found again by this test for a moved occurrence:
    # Berlin, DAILY;INTERVAL=3, RECURRENCE-ID 2026-02-23 00:00, RDATE 2026-02-23 01:00.)
    rdates = [r for r in rdates if r.date() not in {x.date() for x in exdates + moved + cancelled}]
    shift = dt.timedelta(hours=draw(st.sampled_from((2, 26, -20))))
    return zone, start, length, rule, exdates, moved, cancelled, rdates, shift


def _local_until(rule: str, zone: str) -> str:
    """The rule with its UTC UNTIL as a wall-clock time in `zone`, for listing occurrences."""
    out = []
    for part in rule.split(";"):
        if part.startswith("UNTIL=") and part.endswith("Z"):
            moment = D.strptime(part[6:-1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            part = "UNTIL=" + moment.astimezone(_zoneinfo(zone)).strftime("%Y%m%dT%H%M%S")
        out.append(part)
    return ";".join(out)


def _zoneinfo(zone):
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


def calendar(zone, start, length, rule, exdates, moved, cancelled, rdates, shift) -> bytes:
    uid = "prop@example.org"
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "SUMMARY:Series", "DTSTAMP:20260101T000000Z",
             "DTSTART" + fmt(start, zone), "DTEND" + fmt(start + length, zone), f"RRULE:{rule}"]
    lines += ["EXDATE" + fmt(x, zone) for x in exdates]
    lines += ["RDATE" + fmt(r, zone) for r in rdates]
    lines.append("END:VEVENT")
    for when in moved:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "SUMMARY:Series (moved)", "DTSTAMP:20260101T000000Z",
                  "RECURRENCE-ID" + fmt(when, zone), "DTSTART" + fmt(when + shift, zone),
                  "DTEND" + fmt(when + shift + length, zone), "END:VEVENT"]
    for when in cancelled:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "SUMMARY:Series", "DTSTAMP:20260101T000000Z", "STATUS:CANCELLED",
                  "RECURRENCE-ID" + fmt(when, zone), "DTSTART" + fmt(when, zone),
                  "DTEND" + fmt(when + length, zone), "END:VEVENT"]
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Property//EN", *lines, "END:VCALENDAR", ""])
    return text.encode()


def expand(data: bytes, computer: str):
    cal = icalendar.Calendar.from_ical(data)
    out = []
    for ev in recurring_ical_events.of(cal).between(*SPAN):
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        s, e = ev.start, ev.end
        s = s.astimezone(UTC) if s.tzinfo else to_utc(s, computer)
        e = e.astimezone(UTC) if e.tzinfo else to_utc(e, computer)
        out.append((s, e, str(ev["SUMMARY"])))
    return sorted(out)


def ours(svc):
    return sorted((to_utc(s.start, s.item.timezone), to_utc(s.end, s.item.timezone), s.title)
                  for s in svc.slots(*SPAN))


def _check(case, computer):
    data = calendar(*case)
    want = expand(data, computer)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data")
        try:
            svc = ScheduleService(store, RecordService(store, FixedClock(D(2026, 1, 1, 9))))
            plan = ics.plan_import(store, data, zone=computer, source="p.ics")
            ics.apply_import(store, svc.records, plan)
            assert plan.skipped == 0, plan.warnings
            assert ours(svc) == want
            exported = ics.export_ics(store, now=D(2026, 1, 1, tzinfo=UTC))
            assert expand(exported, computer) == want
        finally:
            store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series())
def test_import_and_export_match_recurring_ical_events_in_new_york(case):
    _check(case, "America/New_York")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series())
def test_import_and_export_match_recurring_ical_events_in_utc(case):
    _check(case, "UTC")
