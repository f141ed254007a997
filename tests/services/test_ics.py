"""Calendar files: export checked against an independent RFC 5545 expander, imports of
real-looking and hostile files, all-or-nothing writes."""

import datetime as dt
import hashlib
import os
import random
import sqlite3
import time
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from app.domain.errors import ValidationError
from app.domain.records import ScheduleItem
from app.domain.schedule import to_utc
from app.services import ics
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.storage import StoreError, open_store

D = dt.datetime
NY = "America/New_York"
BERLIN = "Europe/Berlin"
NOW = D(2026, 1, 1, 9, 0)
YEAR = (D(2026, 1, 1), D(2027, 1, 1))
STAMP = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def _open(folder: Path) -> ScheduleService:
    store = open_store(folder)
    return ScheduleService(store, RecordService(store, FixedClock(NOW)))


@pytest.fixture
def svc(tmp_path):
    s = _open(tmp_path / "data")
    yield s
    s.store.close()


@pytest.fixture
def other(tmp_path):
    """A second, empty store (the other computer in a round trip)."""
    s = _open(tmp_path / "other")
    yield s
    s.store.close()


def add(svc, title, start, end, zone=NY, **kw):
    return svc.records.add(ScheduleItem(title=title, start=start, end=end, timezone=zone, **kw))


def build_schedule(svc):
    """A believable IOP participant's year, crossing both US and EU daylight-saving changes."""
    group = add(svc, "Evening IOP group", D(2026, 1, 5, 18), D(2026, 1, 5, 21), kind="group_therapy",
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE,TH;UNTIL=20261231T235959",
                location="Riverside Clinic, Room 3", notes="Bring the workbook.\nCheck in at the desk.",
                reminder_minutes=30)
    add(svc, "Family therapy", D(2026, 1, 6, 17), D(2026, 1, 6, 18), kind="family_therapy",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=24")
    add(svc, "Medication management", D(2026, 1, 15, 9, 30), D(2026, 1, 15, 10), kind="medication_management",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=15")
    add(svc, "Morning meditation", D(2026, 2, 1, 7), D(2026, 2, 1, 7, 20), kind="self_care",
        recurrence="FREQ=DAILY;UNTIL=20260415T235959")
    add(svc, "Warehouse shift", D(2026, 1, 5, 8), D(2026, 1, 5, 16), kind="work",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260630T235959")
    add(svc, "Sister's birthday", D(2026, 6, 12), D(2026, 6, 13), kind="family_social", all_day=True,
        recurrence="FREQ=YEARLY")
    add(svc, "Family weekend at the lake", D(2026, 7, 3), D(2026, 7, 6), kind="family_social", all_day=True)
    add(svc, "Video call with Mum", D(2026, 1, 4, 19), D(2026, 1, 4, 19, 30), zone=BERLIN,
        kind="family_social", recurrence="FREQ=WEEKLY;BYDAY=SU")
    add(svc, "Intake assessment", D(2026, 1, 2, 10), D(2026, 1, 2, 11, 30), kind="individual_counseling",
        location="Riverside Clinic")
    svc.cancel_occurrence(group, D(2026, 3, 11, 18))                       # cancelled
    svc.change_occurrence(group, D(2026, 3, 9, 18), new_start=D(2026, 3, 10, 17))  # moved, day after DST
    svc.change_occurrence(group, D(2026, 11, 2, 18), title="Group: relapse prevention",
                          location="Room 12")                              # renamed
    return group


def expand_file(data: bytes, start=YEAR[0], end=YEAR[1], *, absolute=False):
    """(start, end, summary) of every occurrence, by an independent expander: wall-clock
    times in each event's own zone, or UTC moments when `absolute` (all-day stays naive)."""
    cal = icalendar.Calendar.from_ical(data)
    out = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue  # the expander lists cancelled overrides; a planner hides them
        s, e = ev.start, ev.end
        if not isinstance(s, dt.datetime):
            s, e = D.combine(s, dt.time()), D.combine(e, dt.time())
        elif absolute:
            s, e = s.astimezone(dt.timezone.utc), e.astimezone(dt.timezone.utc)
        out.append((s.replace(tzinfo=None), e.replace(tzinfo=None), str(ev["SUMMARY"])))
    return sorted(out)


def our_slots(svc, start=YEAR[0], end=YEAR[1], *, absolute=False):
    def moment(slot, local):
        if not absolute or slot.item.all_day:
            return local
        return to_utc(local, slot.item.timezone).replace(tzinfo=None)

    return sorted((moment(s, s.start), moment(s, s.end), s.title) for s in svc.slots(start, end))


def store_fingerprint(store):
    """Record count and the bytes of the data file (with its write-ahead log)."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        p = Path(str(store.path) + suffix)
        if p.exists():
            digest.update(p.read_bytes())
    return store.record_count(), digest.hexdigest()


def import_file(svc, path: Path, **kw):
    kw.setdefault("zone", NY)
    kw.setdefault("source", path.name)
    plan = ics.plan_import(svc.store, ics.read_import_file(path), **kw)
    return plan, ics.apply_import(svc.store, svc.records, plan)


def write(tmp_path, name, text, *, crlf=True):
    data = text.encode("utf-8") if isinstance(text, str) else text
    if crlf and isinstance(text, str):
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path = tmp_path / name
    path.write_bytes(data)
    return path


def vcal(*events, extra=""):
    body = "".join(events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//Test//EN\n{extra}{body}END:VCALENDAR\n"


def vevent(uid, summary, *lines):
    return "BEGIN:VEVENT\n" + f"UID:{uid}\nSUMMARY:{summary}\n" + "".join(l + "\n" for l in lines) + "END:VEVENT\n"


def items_by_title(svc):
    return {i.title: i for i in svc.store.schedule.list()}


# =========================================================================================
# Export
# =========================================================================================


def test_export_expands_exactly_like_the_planner_over_a_whole_year(svc):
    build_schedule(svc)
    data = ics.export_ics(svc.store, now=STAMP)
    ours = our_slots(svc)
    theirs = expand_file(data)
    assert len(ours) > 400  # the year really is full
    assert theirs == ours


def test_export_follows_rfc5545(svc):
    group = build_schedule(svc)
    data = ics.export_ics(svc.store, now=STAMP)
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))  # folded
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//Steady//Steady//EN" and str(cal["VERSION"]) == "2.0"
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {NY, BERLIN}
    events = cal.walk("VEVENT")
    by_uid = {}
    for ev in events:
        by_uid.setdefault(str(ev["UID"]), []).append(ev)
        assert ev.get("DTSTAMP") is not None
    series = by_uid[f"{group.id}@steady"]
    master = next(e for e in series if e.get("RECURRENCE-ID") is None)
    assert master["DTSTART"].params["TZID"] == NY
    rule = master["RRULE"]
    # UNTIL 2026-12-31 23:59:59 New York time is 04:59:59 UTC the next day.
    assert rule["UNTIL"][0] == D(2027, 1, 1, 4, 59, 59, tzinfo=dt.timezone.utc)
    assert "UNTIL=20270101T045959Z" in text
    assert [d.dt.replace(tzinfo=None) for d in master["EXDATE"].dts] == [D(2026, 3, 11, 18)]
    assert master["EXDATE"].params["TZID"] == NY
    assert str(master["LOCATION"]) == "Riverside Clinic, Room 3"
    assert str(master["DESCRIPTION"]) == "Bring the workbook.\nCheck in at the desk."
    assert master.categories == ["Group therapy"]
    assert master.walk("VALARM")[0]["TRIGGER"].dt == dt.timedelta(minutes=-30)
    overrides = {e["RECURRENCE-ID"].dt.replace(tzinfo=None): e for e in series if e.get("RECURRENCE-ID")}
    assert set(overrides) == {D(2026, 3, 9, 18), D(2026, 11, 2, 18)}
    moved = overrides[D(2026, 3, 9, 18)]
    assert moved.start.replace(tzinfo=None) == D(2026, 3, 10, 17)
    assert moved.end.replace(tzinfo=None) == D(2026, 3, 10, 20)
    renamed = overrides[D(2026, 11, 2, 18)]
    assert str(renamed["SUMMARY"]) == "Group: relapse prevention" and str(renamed["LOCATION"]) == "Room 12"
    birthday = next(e for e in events if str(e["SUMMARY"]) == "Sister's birthday")
    assert birthday["DTSTART"].params.get("VALUE") == "DATE" or type(birthday.start) is dt.date
    assert birthday.start == dt.date(2026, 6, 12) and birthday.end == dt.date(2026, 6, 13)


def test_export_uses_the_uid_a_calendar_gave_an_imported_item(svc, tmp_path):
    path = write(tmp_path, "g.ics", vcal(vevent("abc123@google.com", "Sponsor coffee",
                                                "DTSTART;TZID=America/New_York:20260310T080000",
                                                "DTEND;TZID=America/New_York:20260310T090000")))
    import_file(svc, path)
    text = ics.export_ics(svc.store).decode()
    assert "UID:abc123@google.com" in text


def test_export_of_an_item_whose_first_start_is_off_its_rule(svc):
    # Steady's rule does not produce DTSTART here; RFC 5545 would, so it must be excluded.
    add(svc, "Tuesday start, Monday rule", D(2026, 3, 3, 18), D(2026, 3, 3, 19),
        recurrence="FREQ=WEEKLY;BYDAY=MO;COUNT=3")
    data = ics.export_ics(svc.store)
    assert expand_file(data) == our_slots(svc)
    assert len(our_slots(svc)) == 3


def test_export_of_an_empty_store_is_a_valid_calendar(svc):
    cal = icalendar.Calendar.from_ical(ics.export_ics(svc.store))
    assert cal.walk("VEVENT") == []


def test_write_ics_is_atomic_and_private(svc, tmp_path):
    build_schedule(svc)
    target = tmp_path / "out" / "steady.ics"
    target.parent.mkdir()
    n = ics.write_ics(svc.store, target)
    assert n == target.stat().st_size and target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    if os.name == "posix":
        assert target.stat().st_mode & 0o077 == 0
    assert [p.name for p in target.parent.iterdir()] == ["steady.ics"]


def test_write_ics_short_write_keeps_the_previous_file(svc, tmp_path, monkeypatch):
    build_schedule(svc)
    target = tmp_path / "steady.ics"
    target.write_bytes(b"previous export")
    real_write = os.write

    def short_write(fd, data):  # a full disk: only part of the data lands, then nothing
        if len(data) > 100:
            return real_write(fd, bytes(data[:100]))
        return 0

    monkeypatch.setattr(os, "write", short_write)
    with pytest.raises(StoreError) as err:
        ics.write_ics(svc.store, target)
    assert "steady.ics" in err.value.message and err.value.reason == "full"
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_write_ics_fsync_failure_keeps_the_previous_file(svc, tmp_path, monkeypatch):
    target = tmp_path / "steady.ics"
    target.write_bytes(b"previous export")

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StoreError, match="could not write"):
        ics.write_ics(svc.store, target)
    assert target.read_bytes() == b"previous export"


def test_write_ics_into_a_missing_folder_is_one_clear_error(svc, tmp_path):
    with pytest.raises(StoreError, match="could not write .*nowhere"):
        ics.write_ics(svc.store, tmp_path / "nowhere" / "steady.ics")


# =========================================================================================
# Round trip
# =========================================================================================


def test_export_import_export_round_trip_gives_the_same_events(svc, other):
    build_schedule(svc)
    first = ics.export_ics(svc.store, now=STAMP)
    plan = ics.plan_import(other.store, first, zone=NY, source="steady.ics")
    assert plan.warnings == ()
    ics.apply_import(other.store, other.records, plan)
    second = ics.export_ics(other.store, now=STAMP)
    assert expand_file(second) == expand_file(first) == our_slots(svc)
    assert our_slots(other) == our_slots(svc)
    assert second == first  # same UIDs, kinds, reminders, overrides: byte for byte
    kinds = {i.title: i.kind for i in other.store.schedule.list()}
    assert kinds["Evening IOP group"] == "group_therapy" and kinds["Warehouse shift"] == "work"


def test_importing_our_own_export_into_the_same_store_updates_not_duplicates(svc):
    build_schedule(svc)
    before = svc.store.record_count()
    slots = our_slots(svc)
    plan = ics.plan_import(svc.store, ics.export_ics(svc.store), zone=NY)
    assert len(plan.to_add) == 0 and len(plan.to_update) == 9
    ics.apply_import(svc.store, svc.records, plan)
    assert svc.store.record_count() == before
    assert our_slots(svc) == slots


# =========================================================================================
# Import: hand-written samples of what real calendars produce
# =========================================================================================

GOOGLE = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Recovery
X-WR-TIMEZONE:America/Los_Angeles
BEGIN:VTIMEZONE
TZID:America/Los_Angeles
X-LIC-LOCATION:America/Los_Angeles
BEGIN:DAYLIGHT
TZOFFSETFROM:-0800
TZOFFSETTO:-0700
TZNAME:PDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0700
TZOFFSETTO:-0800
TZNAME:PST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=America/Los_Angeles:20260302T183000
DTEND;TZID=America/Los_Angeles:20260302T200000
RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20260601T065959Z;BYDAY=MO
EXDATE;TZID=America/Los_Angeles:20260406T183000
DTSTAMP:20260301T120000Z
ORGANIZER;CN=Sam:mailto:sam@example.com
UID:7kukuqrfedlm2f9t0vsl6b5pn0@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=sam@exa
 mple.com;X-NUM-GUESTS=0:mailto:sam@example.com
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij
CREATED:20260220T101010Z
DESCRIPTION:Home group. Bring a newcomer chip.\\nDoors open 18:15.
LAST-MODIFIED:20260301T101010Z
LOCATION:St. Mark's Church\\, 123 Main St\\, Springfield
SEQUENCE:2
STATUS:CONFIRMED
SUMMARY:AA Monday night
TRANSP:OPAQUE
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:This is an event reminder
TRIGGER:-P0DT0H15M0S
END:VALARM
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Los_Angeles:20260317T190000
DTEND;TZID=America/Los_Angeles:20260317T203000
DTSTAMP:20260301T120000Z
UID:7kukuqrfedlm2f9t0vsl6b5pn0@google.com
RECURRENCE-ID;TZID=America/Los_Angeles:20260316T183000
SEQUENCE:3
STATUS:CONFIRMED
SUMMARY:AA Monday night (moved to Tuesday)
LOCATION:St. Mark's Church\\, 123 Main St\\, Springfield
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Los_Angeles:20260511T183000
DTEND;TZID=America/Los_Angeles:20260511T200000
DTSTAMP:20260301T120000Z
UID:7kukuqrfedlm2f9t0vsl6b5pn0@google.com
RECURRENCE-ID;TZID=America/Los_Angeles:20260511T183000
STATUS:CANCELLED
SUMMARY:AA Monday night
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20260320
DTEND;VALUE=DATE:20260321
DTSTAMP:20260301T120000Z
UID:0f1e2d3c4b5a@google.com
SUMMARY:90 days!
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART:20260325T160000Z
DTEND:20260325T170000Z
DTSTAMP:20260301T120000Z
UID:utc-one-off@google.com
SUMMARY:Call with counselor
END:VEVENT
END:VCALENDAR
"""

OUTLOOK = """BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
X-MS-OLK-FORCEINSPECTOROPEN:TRUE
BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
CLASS:PUBLIC
CREATED:20260210T150000Z
DESCRIPTION:Weekly check-in with the IOP counselor.\\n
DTEND;TZID="Eastern Standard Time":20260303T110000
DTSTAMP:20260210T150000Z
DTSTART;TZID="Eastern Standard Time":20260303T100000
EXDATE;TZID="Eastern Standard Time":20260317T100000,20260324T100000
LAST-MODIFIED:20260210T150000Z
LOCATION:Counseling Suite B
PRIORITY:5
RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=TU;WKST=SU
SEQUENCE:0
SUMMARY;LANGUAGE=en-us:Individual counseling
TRANSP:OPAQUE
UID:040000008200E00074C5B7101A82E00800000000D0E1F2A3B4C5D601000000000000000010000000ABCDEF
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-DISALLOW-COUNTER:FALSE
X-MS-OLK-AUTOFILLLOCATION:FALSE
X-MS-OLK-CONFTYPE:0
BEGIN:VALARM
TRIGGER:-PT15M
ACTION:DISPLAY
DESCRIPTION:Reminder
END:VALARM
END:VEVENT
BEGIN:VEVENT
CLASS:PUBLIC
DTEND;VALUE=DATE:20260406
DTSTART;VALUE=DATE:20260404
DTSTAMP:20260210T150000Z
SUMMARY;LANGUAGE=en-us:Out of office - family visit
UID:040000008200E00074C5B7101A82E00800000000AAAAAAAAAAAAAAAA
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT
BEGIN:VEVENT
DTEND;TZID=W. Europe Standard Time:20260405T200000
DTSTART;TZID=W. Europe Standard Time:20260405T190000
DTSTAMP:20260210T150000Z
SUMMARY:Call Oma
UID:040000008200E00074C5B7101A82E00800000000BBBBBBBBBBBBBBBB
END:VEVENT
END:VCALENDAR
"""


def test_google_export_imports_with_zones_exceptions_and_overrides(svc, tmp_path):
    plan, result = import_file(svc, write(tmp_path, "google.ics", GOOGLE), kind="support_meeting")
    assert (result.added, result.updated, result.skipped) == (3, 0, 0)
    assert plan.warnings == ()
    items = items_by_title(svc)
    aa = items["AA Monday night"]
    assert aa.timezone == "America/Los_Angeles" and aa.kind == "support_meeting"
    assert (aa.start, aa.end) == (D(2026, 3, 2, 18, 30), D(2026, 3, 2, 20))
    # UNTIL 2026-06-01 06:59:59 UTC is the last minute of 31 May in Los Angeles.
    assert aa.recurrence.endswith("UNTIL=20260531T235959")
    assert aa.location == "St. Mark's Church, 123 Main St, Springfield"
    assert aa.notes == "Home group. Bring a newcomer chip.\nDoors open 18:15."
    assert aa.reminder_minutes == 15
    march_to_june = [(s.start, s.title) for s in svc.slots(D(2026, 3, 1), D(2026, 7, 1)) if s.item.id == aa.id]
    assert march_to_june == [
        (D(2026, 3, 2, 18, 30), "AA Monday night"),
        (D(2026, 3, 9, 18, 30), "AA Monday night"),
        (D(2026, 3, 17, 19), "AA Monday night (moved to Tuesday)"),
        (D(2026, 3, 23, 18, 30), "AA Monday night"),
        (D(2026, 3, 30, 18, 30), "AA Monday night"),
        # 6 April: EXDATE
        (D(2026, 4, 13, 18, 30), "AA Monday night"),
        (D(2026, 4, 20, 18, 30), "AA Monday night"),
        (D(2026, 4, 27, 18, 30), "AA Monday night"),
        (D(2026, 5, 4, 18, 30), "AA Monday night"),
        # 11 May: STATUS:CANCELLED override
        (D(2026, 5, 18, 18, 30), "AA Monday night"),
        (D(2026, 5, 25, 18, 30), "AA Monday night"),
    ]
    day = items["90 days!"]
    assert day.all_day and (day.start, day.end) == (D(2026, 3, 20), D(2026, 3, 21))
    call = items["Call with counselor"]  # UTC, converted into the chosen zone
    assert call.timezone == NY and (call.start, call.end) == (D(2026, 3, 25, 12), D(2026, 3, 25, 13))
    assert svc.store.calendar_links.item_for_uid("7kukuqrfedlm2f9t0vsl6b5pn0@google.com") == aa.id


def test_google_import_matches_an_independent_expander(svc, tmp_path):
    import_file(svc, write(tmp_path, "google.ics", GOOGLE))
    # Same moments; the expander shows UTC times in X-WR-TIMEZONE, Steady in the chosen zone.
    assert our_slots(svc, absolute=True) == expand_file(GOOGLE.encode(), absolute=True)


def test_outlook_export_with_windows_zone_names(svc, tmp_path):
    plan, result = import_file(svc, write(tmp_path, "outlook.ics", OUTLOOK), kind="individual_counseling")
    assert result.added == 3 and plan.warnings == ()
    items = items_by_title(svc)
    counseling = items["Individual counseling"]
    assert counseling.timezone == NY and counseling.reminder_minutes == 15
    assert counseling.notes == "Weekly check-in with the IOP counselor."
    starts = [s.start for s in svc.slots(D(2026, 3, 1), D(2026, 6, 1)) if s.item.id == counseling.id]
    assert len(starts) == 8 and D(2026, 3, 17, 10) not in starts and D(2026, 3, 10, 10) in starts
    away = items["Out of office - family visit"]
    assert away.all_day and (away.start, away.end) == (D(2026, 4, 4), D(2026, 4, 6))
    oma = items["Call Oma"]
    assert oma.timezone == "Europe/Berlin" and oma.start == D(2026, 4, 5, 19)
    assert our_slots(svc) == expand_file(OUTLOOK.encode())


# =========================================================================================
# Import: what a calendar file may contain
# =========================================================================================


def test_exdate_rdate_and_recurrence_id(svc, tmp_path):
    text = vcal(
        vevent("series-1", "Psychoeducation",
               "DTSTART;TZID=America/New_York:20260302T130000",
               "DTEND;TZID=America/New_York:20260302T143000",
               "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6",
               "EXDATE;TZID=America/New_York:20260309T130000",
               "RDATE;TZID=America/New_York:20260307T100000",
               "RDATE;VALUE=PERIOD:20260321T150000Z/20260321T160000Z"),
        vevent("series-1", "Psychoeducation: family night",
               "RECURRENCE-ID;TZID=America/New_York:20260316T130000",
               "DTSTART;TZID=America/New_York:20260316T180000",
               "DTEND;TZID=America/New_York:20260316T200000",
               "LOCATION:Main hall"),
        vevent("series-1", "Psychoeducation",
               "RECURRENCE-ID;TZID=America/New_York:20260307T100000",
               "DTSTART;TZID=America/New_York:20260307T110000",
               "DTEND;TZID=America/New_York:20260307T123000"),
    )
    path = write(tmp_path, "rdate.ics", text)
    plan, result = import_file(svc, path, kind="psychoeducation")
    assert result.added == 3 and result.changes == 2
    got = [(s.start, s.end, s.title, s.location) for s in svc.slots(D(2026, 3, 1), D(2026, 5, 1))]
    assert got == [
        (D(2026, 3, 2, 13), D(2026, 3, 2, 14, 30), "Psychoeducation", ""),
        (D(2026, 3, 7, 11), D(2026, 3, 7, 12, 30), "Psychoeducation", ""),   # RDATE, then moved
        (D(2026, 3, 16, 18), D(2026, 3, 16, 20), "Psychoeducation: family night", "Main hall"),
        (D(2026, 3, 21, 11), D(2026, 3, 21, 12), "Psychoeducation", ""),     # RDATE PERIOD in UTC
        (D(2026, 3, 23, 13), D(2026, 3, 23, 14, 30), "Psychoeducation", ""),
        (D(2026, 3, 30, 13), D(2026, 3, 30, 14, 30), "Psychoeducation", ""),
        (D(2026, 4, 6, 13), D(2026, 4, 6, 14, 30), "Psychoeducation", ""),
    ]
    assert our_slots(svc, D(2026, 3, 1), D(2026, 5, 1), absolute=True) == \
        expand_file(text.encode(), D(2026, 3, 1), D(2026, 5, 1), absolute=True)
    # Extra dates are linked too, so importing again updates them.
    _, again = import_file(svc, path, kind="psychoeducation")
    assert (again.added, again.updated) == (0, 3)


def test_reimport_updates_by_uid_and_replaces_that_series_changes(svc, tmp_path):
    path = write(tmp_path, "google.ics", GOOGLE)
    import_file(svc, path)
    count = svc.store.record_count()
    aa_id = svc.store.calendar_links.item_for_uid("7kukuqrfedlm2f9t0vsl6b5pn0@google.com")
    assert len(svc.store.changes.for_items([aa_id])) == 3
    _, result = import_file(svc, path)
    assert (result.added, result.updated) == (0, 3)
    assert svc.store.record_count() == count
    # The calendar changes: a new title, the April exception gone, the overrides gone.
    edited = GOOGLE.replace("EXDATE;TZID=America/Los_Angeles:20260406T183000\n", "")
    edited = edited.replace("SUMMARY:AA Monday night\nTRANSP:OPAQUE", "SUMMARY:AA Monday Big Book\nTRANSP:OPAQUE")
    edited = edited[:edited.index("BEGIN:VEVENT\nDTSTART;TZID=America/Los_Angeles:20260317")] + \
        edited[edited.index("BEGIN:VEVENT\nDTSTART;VALUE=DATE"):]
    _, result = import_file(svc, write(tmp_path, "google.ics", edited))
    assert (result.added, result.updated, result.changes) == (0, 3, 0)
    assert svc.store.get_setting("x") is None
    aa = svc.store.schedule.get(aa_id)
    assert aa.title == "AA Monday Big Book"
    assert svc.store.changes.for_items([aa_id]) == []
    assert svc.store.schedule.count() == 3


def test_reimport_keeps_what_the_user_chose_for_kind_and_reminder(svc, tmp_path):
    path = write(tmp_path, "one.ics", vcal(vevent("u-1", "Shift", "DTSTART:20260310T080000",
                                                "DTEND:20260310T160000")))
    import_file(svc, path)
    item = items_by_title(svc)["Shift"]
    svc.records.update(item.with_changes(kind="school", reminder_minutes=45))
    import_file(svc, path, kind="work")
    again = svc.store.schedule.get(item.id)
    assert (again.kind, again.reminder_minutes) == ("school", 45)


def test_all_day_events_with_and_without_dtend(svc, tmp_path):
    text = vcal(
        vevent("ad-1", "Holiday", "DTSTART;VALUE=DATE:20260704"),
        vevent("ad-2", "Retreat", "DTSTART;VALUE=DATE:20260710", "DTEND;VALUE=DATE:20260713"),
        vevent("ad-3", "Long weekend", "DTSTART;VALUE=DATE:20260717", "DURATION:P3D"),
        vevent("ad-4", "Anniversary", "DTSTART;VALUE=DATE:20260801", "RRULE:FREQ=YEARLY;UNTIL=20280801"),
    )
    import_file(svc, write(tmp_path, "allday.ics", text))
    items = items_by_title(svc)
    assert all(i.all_day for i in items.values())
    assert (items["Holiday"].start, items["Holiday"].end) == (D(2026, 7, 4), D(2026, 7, 5))
    assert items["Retreat"].end == D(2026, 7, 13)
    assert items["Long weekend"].end == D(2026, 7, 20)
    anniversaries = [s.start for s in svc.slots(D(2026, 1, 1), D(2030, 1, 1)) if s.title == "Anniversary"]
    assert anniversaries == [D(2026, 8, 1), D(2027, 8, 1), D(2028, 8, 1)]
    assert our_slots(svc) == expand_file(text.encode())


def test_utc_and_floating_times_land_in_the_chosen_zone(svc, tmp_path):
    text = vcal(
        vevent("z-1", "UTC session", "DTSTART:20260715T220000Z", "DTEND:20260715T233000Z"),
        vevent("z-2", "Floating walk", "DTSTART:20260716T070000", "DTEND:20260716T080000"),
        vevent("z-3", "UTC weekly", "DTSTART:20260105T230000Z", "DTEND:20260106T000000Z",
               "RRULE:FREQ=WEEKLY;UNTIL=20260126T230000Z"),
    )
    import_file(svc, write(tmp_path, "utc.ics", text), zone="America/Chicago")
    items = items_by_title(svc)
    assert {i.timezone for i in items.values()} == {"America/Chicago"}
    assert (items["UTC session"].start, items["UTC session"].end) == (D(2026, 7, 15, 17), D(2026, 7, 15, 18, 30))
    assert items["Floating walk"].start == D(2026, 7, 16, 7)
    weekly = [s.start for s in svc.slots(D(2026, 1, 1), D(2026, 3, 1)) if s.title == "UTC weekly"]
    assert weekly == [D(2026, 1, 5, 17), D(2026, 1, 12, 17), D(2026, 1, 19, 17), D(2026, 1, 26, 17)]


def test_missing_dtend_uses_duration_or_one_hour(svc, tmp_path):
    text = vcal(
        vevent("d-1", "No end", "DTSTART;TZID=Europe/Berlin:20260310T100000"),
        vevent("d-2", "With duration", "DTSTART;TZID=Europe/Berlin:20260310T120000", "DURATION:PT45M"),
    )
    import_file(svc, write(tmp_path, "noend.ics", text))
    items = items_by_title(svc)
    assert items["No end"].end == D(2026, 3, 10, 11) and items["No end"].timezone == "Europe/Berlin"
    assert items["With duration"].end == D(2026, 3, 10, 12, 45)


def test_hostile_but_readable_file(svc, tmp_path):
    long_title = "Very long title " * 60
    text = (
        "\ufeffBEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Evil//EN\nX-UNKNOWN-THING;FOO=bar:baz\n"
        "this line is not a calendar line at all\n"
        + vevent("h-1", "Good one", "DTSTART:20260310T100000", "DTEND:20260310T110000",
                 "X-CUSTOM;X-PARAM=\"a:b\":whatever", "NONSENSE WITHOUT COLON",
                 "DESCRIPTION:" + "x" * 200_000)
        + vevent("h-2", long_title, "DTSTART:20260311T100000", "DTEND:20260311T110000")
        + vevent("h-3", "Hourly pill reminder", "DTSTART:20260310T080000", "RRULE:FREQ=HOURLY;COUNT=5")
        + vevent("h-4", "No start at all", "DTEND:20260310T080000")
        + vevent("h-5", "Ends before it starts", "DTSTART:20260310T100000", "DTEND:20260310T090000")
        + vevent("h-6", "Strange zone", "DTSTART;TZID=Mars/Olympus_Mons:20260310T100000")
        + vevent("h-7", "Broken start", "DTSTART:2026XX10T100000")
        + vevent("h-8", "Weeks long", "DTSTART:20260301T100000", "DTEND:20260501T100000")
        + "BEGIN:VTODO\nUID:t-1\nSUMMARY:Call sponsor\nEND:VTODO\n"
        + "BEGIN:VJOURNAL\nUID:j-1\nSUMMARY:Journal entry\nEND:VJOURNAL\n"
        + "END:VCALENDAR\n")
    data = text.encode("utf-8").replace(b"Good one", b"Good \xff\xfe one")  # invalid UTF-8
    path = write(tmp_path, "hostile.ics", data)
    plan, result = import_file(svc, path)
    # An end before the start takes the default length, an unknown zone the computer's, and
    # weeks become an all-day span: each with a warning that names the event.
    assert result.added == 5
    assert result.skipped == 5  # three events, a to-do and a journal entry
    items = svc.store.schedule.list()
    titles = sorted(i.title for i in items)
    assert "Good \ufffd\ufffd one" in titles
    assert any(len(t) == 500 and t.endswith("…") for t in titles)
    by_title = {i.title: i for i in items}
    assert by_title["Ends before it starts"].end == D(2026, 3, 10, 11)
    assert by_title["Strange zone"].timezone == NY and by_title["Strange zone"].start == D(2026, 3, 10, 10)
    weeks = by_title["Weeks long"]
    assert weeks.all_day and (weeks.start, weeks.end) == (D(2026, 3, 1), D(2026, 5, 2))
    assert len(next(i for i in items if i.title.startswith("Good")).notes) == 200_000
    joined = "\n".join(plan.warnings)
    for name in ("Hourly pill reminder", "h-4", "Ends before it starts", "Mars/Olympus_Mons",
                 "Broken start", "Weeks long", "Call sponsor", "Journal entry"):
        assert name in joined, name
    assert "could not be read and were ignored" in joined
    assert all(w.endswith((".", "…")) for w in plan.warnings)


def test_lf_only_folded_lines_and_a_cut_off_file(svc, tmp_path):
    text = ("BEGIN:VCALENDAR\nVERSION:2.0\n"
            + vevent("f-1", "Folded", "DTSTART:20260310T100000", "DTEND:20260310T110000",
                     "DESCRIPTION:one two \n three\n\t four")
            + "BEGIN:VEVENT\nUID:f-2\nSUMMARY:Cut off\nDTSTART:20260311T100000\n")  # no END lines
    plan, result = import_file(svc, write(tmp_path, "cut.ics", text, crlf=False))
    assert result.added == 2
    assert items_by_title(svc)["Folded"].notes == "one two three four"
    assert any("cut off" in w for w in plan.warnings)


def test_duplicate_uid_keeps_the_highest_sequence(svc, tmp_path):
    text = vcal(vevent("dup", "Old time", "SEQUENCE:1", "DTSTART:20260310T100000"),
                vevent("dup", "New time", "SEQUENCE:2", "DTSTART:20260310T120000"))
    plan, result = import_file(svc, write(tmp_path, "dup.ics", text))
    assert result.added == 1 and items_by_title(svc).keys() == {"New time"}
    assert any("more than once" in w and "dup" in w for w in plan.warnings)


def test_an_override_without_its_series_becomes_a_one_off(svc, tmp_path):
    text = vcal(vevent("invite", "One meeting of someone's series",
                       "RECURRENCE-ID;TZID=America/New_York:20260310T090000",
                       "DTSTART;TZID=America/New_York:20260310T093000",
                       "DTEND;TZID=America/New_York:20260310T100000"))
    _, result = import_file(svc, write(tmp_path, "invite.ics", text))
    assert result.added == 1
    assert our_slots(svc) == [(D(2026, 3, 10, 9, 30), D(2026, 3, 10, 10), "One meeting of someone's series")]


def test_bad_kind_or_zone_is_refused(svc):
    data = vcal(vevent("x", "X", "DTSTART:20260310T100000")).encode()
    with pytest.raises(ValidationError) as err:
        ics.plan_import(svc.store, data, kind="party")
    assert err.value.field == "kind"
    with pytest.raises(ValidationError) as err:
        ics.plan_import(svc.store, data, zone="Nowhere/Land")
    assert err.value.field == "zone"


BROKEN_FILES = {
    "empty": b"",
    "binary": random.Random(7).randbytes(50_000),  # (a new Random per byte made 50,000 equal bytes)
    "text": b"Dear diary, today I went to group.\n",
    "json": b'{"events": [{"title": "Group"}]}',
    "no VEVENT": vcal().encode(),
    "only a to-do": vcal("BEGIN:VTODO\nUID:t\nSUMMARY:Todo\nEND:VTODO\n").encode(),
    "no usable VEVENT": vcal(vevent("a", "No start"), vevent("b", "Hourly", "DTSTART:20260310T100000",
                                                                 "RRULE:FREQ=MINUTELY")).encode(),
    "vcard": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam\r\nEND:VCARD\r\n",
    "nul bytes": b"BEGIN:VCALENDAR\x00\x00\x00" * 100,
}


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
def test_broken_file_is_refused_and_nothing_is_written(svc, tmp_path, name):
    build_schedule(svc)
    before = store_fingerprint(svc.store)
    path = write(tmp_path, "broken.ics", BROKEN_FILES[name])
    with pytest.raises(ValidationError) as err:
        import_file(svc, path)
    assert err.value.field == "file"
    assert err.value.message.endswith(".") and "\n" not in err.value.message
    assert store_fingerprint(svc.store) == before


def test_over_20_mb_is_refused_before_parsing(svc, tmp_path):
    before = store_fingerprint(svc.store)
    filler = "X-PADDING:" + "y" * 70 + "\r\n"
    path = tmp_path / "huge.ics"
    path.write_text("BEGIN:VCALENDAR\r\n" + filler * (21 * 1024 * 1024 // len(filler)) + "END:VCALENDAR\r\n")
    with pytest.raises(ValidationError, match="at most 20 MB"):
        import_file(svc, path)
    with pytest.raises(ValidationError, match="at most 20 MB"):
        ics.plan_import(svc.store, path.read_bytes())
    assert store_fingerprint(svc.store) == before


def test_apply_is_all_or_nothing(svc, tmp_path, monkeypatch):
    build_schedule(svc)
    plan = ics.plan_import(svc.store, GOOGLE.encode(), zone=NY)
    before = store_fingerprint(svc.store)
    calls = []

    def failing_link(item_id, uid, source):
        calls.append(uid)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real_link(item_id, uid, source)

    real_link = svc.store.calendar_links.link
    monkeypatch.setattr(svc.store.calendar_links, "link", failing_link)
    heard = []
    svc.records.subscribe(heard.append)
    with pytest.raises(StoreError):
        ics.apply_import(svc.store, svc.records, plan)
    assert store_fingerprint(svc.store)[0] == before[0]
    assert svc.store.calendar_links.item_for_uid("utc-one-off@google.com") is None
    assert heard == []
    monkeypatch.undo()
    ics.apply_import(svc.store, svc.records, plan)
    assert heard == ["schedule"]


def test_five_thousand_events_import(svc, tmp_path):
    rng = random.Random(42)
    events = []
    for n in range(5000):
        day = D(2026, 1, 1) + dt.timedelta(days=rng.randrange(365), hours=rng.randrange(7, 20))
        lines = [f"DTSTART;TZID=America/New_York:{day:%Y%m%dT%H%M%S}",
                 f"DTEND;TZID=America/New_York:{day + dt.timedelta(minutes=rng.choice((30, 60, 90))):%Y%m%dT%H%M%S}",
                 f"LOCATION:Room {n % 40}", "DESCRIPTION:Generated\\, for the size test"]
        if n % 10 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=8")
            lines.append(f"EXDATE;TZID=America/New_York:{day + dt.timedelta(weeks=2):%Y%m%dT%H%M%S}")
        events.append(vevent(f"bulk-{n}@example.com", f"Session {n}", *lines))
    path = write(tmp_path, "big.ics", vcal(*events))
    started = time.perf_counter()
    plan, result = import_file(svc, path)
    elapsed = time.perf_counter() - started
    print(f"\n5,000-event import ({path.stat().st_size / 1e6:.1f} MB): {elapsed:.2f} s "
          f"(plan + apply), {result.added} items, {result.changes} changes")
    assert result.added == 5000 and result.changes == 500 and plan.warnings == ()
    started = time.perf_counter()
    _, again = import_file(svc, path)
    print(f"re-import of the same file: {time.perf_counter() - started:.2f} s")
    assert (again.added, again.updated) == (0, 5000)
    assert svc.store.schedule.count() == 5000
    started = time.perf_counter()
    exported = ics.export_ics(svc.store)
    print(f"export of the 5,000 items: {time.perf_counter() - started:.2f} s, {len(exported) / 1e6:.1f} MB")
    assert exported.count(b"BEGIN:VEVENT") == 5000


def _mutations(rng, text):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2 and lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(":;=,\\\"ZT09-/ \x00é") + lines[i][j + 1:]
        elif op == 3:
            lines[i] = lines[i].replace("2026", rng.choice(["0000", "9999", "1899", "20261", ""]))
        elif op == 4:
            lines[i] = lines[i].replace("WEEKLY", rng.choice(["HOURLY", "", "WEEKLY;COUNT=3", "WEEKLY;BYSETPOS=-1"]))
        else:
            lines[i] += rng.choice([";TZID=Foo/Bar", ";VALUE=DATE", ";VALUE=PERIOD", ";RANGE=THISANDFUTURE", "Z"])
    data = "\n".join(lines).encode("utf-8", "replace")
    if rng.random() < 0.3:
        data = data[:rng.randrange(len(data))]
    return data


def test_mangled_files_give_a_plan_or_a_validation_error_never_a_crash(svc):
    """Hundreds of randomly damaged copies of real files: plan_import raises nothing but
    ValidationError, and every plan it returns can be written."""
    build_schedule(svc)
    seeds = [GOOGLE, OUTLOOK, ics.export_ics(svc.store).decode()]
    rng = random.Random(2026)
    outcomes = {"plan": 0, "refused": 0}
    for _ in range(400):
        data = _mutations(rng, rng.choice(seeds))
        try:
            plan = ics.plan_import(svc.store, data, zone=NY)
        except ValidationError as exc:
            assert exc.field == "file" and exc.message
            outcomes["refused"] += 1
            continue
        ics.apply_import(svc.store, svc.records, plan)
        outcomes["plan"] += 1
    assert outcomes["plan"] > 100
    assert svc.store.integrity_problems() == []
