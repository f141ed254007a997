"""Calendar files (.ics, RFC 5545): export the schedule for other calendar apps.

Export writes one VEVENT per item: a series keeps its RRULE (UNTIL turned into UTC, as
RFC 5545 requires when DTSTART has a TZID), cancelled occurrences become EXDATE, and each
moved or changed occurrence becomes a VEVENT with the same UID and a RECURRENCE-ID.
Reading someone else's calendar is `ics_import`; `ics.CalendarFiles` binds both to a store.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.domain.recurrence import occurrences
from app.domain.records import SCHEDULE_KINDS, ScheduleChange, ScheduleItem
from app.domain.schedule import to_utc

from .files import write_file_atomically

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

PRODID = "-//Steady//Steady//EN"
STEADY_UID_SUFFIX = "@steady"
KIND_LABELS = dict(SCHEDULE_KINDS)
ONE_SECOND = dt.timedelta(seconds=1)


def export_ics(store: Store, *, now: dt.datetime | None = None) -> bytes:
    """The whole schedule as an RFC 5545 calendar (UTF-8, CRLF, folded lines)."""
    import icalendar  # imported here so starting the app does not pay for it

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    items = sorted(store.schedule.list(), key=lambda i: (i.start, i.id))
    uids = store.calendar_links.all()
    changes: dict[str, list[ScheduleChange]] = {}
    for c in store.changes.for_items([i.id for i in items if i.recurrence]):
        changes.setdefault(c.item_id, []).append(c)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Steady")
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    for item in items:
        uid = uids.get(item.id) or f"{item.id}{STEADY_UID_SUFFIX}"
        master = _event(icalendar, item, uid, stamp)
        if item.recurrence:
            master.add("rrule", icalendar.vRecur.from_ical(_export_rule(item)))
            excluded = [c.original_start for c in changes.get(item.id, ())
                        if c.cancelled and is_occurrence(item, c.original_start)]
            if not is_occurrence(item, item.start):
                # RFC 5545 always counts DTSTART as an occurrence; Steady's rule does not.
                excluded.append(item.start)
            if excluded:
                master.add("exdate", [_ical_time(item, t) for t in sorted(set(excluded))])
        cal.add_component(master)
        for c in sorted(changes.get(item.id, ()), key=lambda c: c.original_start):
            if c.cancelled or not is_occurrence(item, c.original_start):
                continue  # stale changes are ignored by the planner too
            start = c.new_start or c.original_start
            end = c.new_end or start + item.duration
            moved = replace(item, title=c.title or item.title, location=c.location or item.location,
                            notes=c.notes or item.notes, start=start, end=end, recurrence="")
            override = _event(icalendar, moved, uid, stamp)
            override.add("recurrence-id", _ical_time(item, c.original_start))
            cal.add_component(override)
        first = item.start if first is None else min(first, item.start)
        last = item.end if last is None else max(last, item.end)
    if first is not None and last is not None:
        zones = sorted({i.timezone for i in items if not i.all_day and i.timezone != "UTC"})
        span = (first.year - 1, max(2037, last.year + 2))
        for index, zone in enumerate(zones):
            cal.subcomponents.insert(index, vtimezone(icalendar, zone, *span))
    return cal.to_ical()


def write_ics(store: Store, path: str | os.PathLike, *, now: dt.datetime | None = None) -> int:
    """Export to `path` atomically; returns the number of bytes written. Raises StoreError."""
    data = export_ics(store, now=now)
    write_file_atomically(Path(path), data)
    return len(data)


def _event(icalendar, item: ScheduleItem, uid: str, stamp: dt.datetime):
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", item.title)
    ev.add("dtstart", _ical_time(item, item.start))
    ev.add("dtend", _ical_time(item, item.end, end=True))
    if item.location:
        ev.add("location", item.location)
    if item.notes:
        ev.add("description", item.notes)
    ev.add("categories", [KIND_LABELS.get(item.kind, item.kind)])
    if item.reminder_minutes:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", dt.timedelta(minutes=-item.reminder_minutes))
        ev.add_component(alarm)
    return ev


def _ical_time(item: ScheduleItem, local: dt.datetime, *, end: bool = False):
    """A DATE for all-day items, else the wall-clock time with the item's zone (TZID)."""
    if item.all_day:
        day = local.date()
        if end and local.time() != dt.time():
            day += dt.timedelta(days=1)  # an all-day item covers whole days
        return day
    # The wall clock is kept even for a time skipped by DST; RFC 5545 reads it the way
    # app.domain.schedule.to_aware does.
    return local.replace(tzinfo=ZoneInfo(item.timezone), fold=0)


def _export_rule(item: ScheduleItem) -> str:
    parts = []
    for part in strip_rrule_prefix(item.recurrence).split(";"):
        key, _, value = part.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if key == "UNTIL" and not value.upper().endswith("Z"):
            until = _parse_local_until(value)
            if item.all_day:
                value = until.strftime("%Y%m%d")
            else:
                value = to_utc(until, item.timezone).strftime("%Y%m%dT%H%M%SZ")
        parts.append(f"{key}={value}")
    return ";".join(parts)


def _parse_local_until(value: str) -> dt.datetime:
    text = value.strip()
    if len(text) == 8:
        return dt.datetime.strptime(text, "%Y%m%d")
    return dt.datetime.strptime(text[:15], "%Y%m%dT%H%M%S")


def strip_rrule_prefix(text: str) -> str:
    body = text.strip()
    return body[6:] if body.upper().startswith("RRULE:") else body


def is_occurrence(item: ScheduleItem, local: dt.datetime) -> bool:
    return any(o.start == local for o in occurrences(item, local, local + ONE_SECOND))


# --- VTIMEZONE -----------------------------------------------------------------------------------

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_UTC = dt.timezone.utc


@dataclass(frozen=True)
class _Transition:
    at: dt.datetime  # the UTC moment
    local: dt.datetime  # the wall clock just before it (an observance's DTSTART)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    def patterns(self) -> set[str]:
        """The ways a yearly rule can name this day: "-1SU" (last), "2SU" (second), "15" (day)."""
        day = self.local.day
        weekday = _WEEKDAYS[self.local.weekday()]
        out = {f"{(day - 1) // 7 + 1}{weekday}", f"md{day}"}
        if (self.local + dt.timedelta(days=7)).month != self.local.month:
            out.add(f"-1{weekday}")
        return out

    def key(self) -> tuple:
        return (self.local.month, self.local.time(), self.offset_from, self.offset_to, self.name, self.daylight)


def _transitions(zone: str, first_year: int, last_year: int) -> list[_Transition]:
    """Every change of UTC offset in `zone` from `first_year` to `last_year`, to the minute."""
    tz = ZoneInfo(zone)
    out: list[_Transition] = []
    day = dt.timedelta(days=1)
    t = dt.datetime(first_year, 1, 1, tzinfo=_UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=_UTC)
    before = _offset(t, tz)
    while t < end:
        after = _offset(t + day, tz)
        if after != before:
            lo, hi = 0, 24 * 60  # minutes into the day: offset(lo) == before, offset(hi) == after
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(t + dt.timedelta(minutes=mid), tz) == before:
                    lo = mid
                else:
                    hi = mid
            at = t + dt.timedelta(minutes=hi)
            here = at.astimezone(tz)
            out.append(_Transition(at, (at + before).replace(tzinfo=None), before, after,
                                   here.tzname() or zone, bool(here.dst())))
        before = after
        t += day
    return out


def _offset(moment: dt.datetime, tz: dt.tzinfo) -> dt.timedelta:
    return moment.astimezone(tz).utcoffset() or dt.timedelta(0)


def _eras(transitions: list[_Transition]) -> list[tuple[list[_Transition], str]]:
    """Runs of yearly transitions of one kind that one RRULE describes: [(transitions, BYDAY
    or BYMONTHDAY part)]. A run that cannot be a rule has one transition and no part."""
    eras: list[tuple[list[_Transition], str]] = []
    for daylight in (True, False):
        run: list[_Transition] = []
        patterns: set[str] = set()
        for tr in (t for t in transitions if t.daylight == daylight):
            if run and tr.key() == run[-1].key() and tr.local.year == run[-1].local.year + 1 \
                    and patterns & tr.patterns():
                run.append(tr)
                patterns &= tr.patterns()
                continue
            if run:
                eras.append((run, _best(patterns)))
            run, patterns = [tr], tr.patterns()
        if run:
            eras.append((run, _best(patterns)))
    return sorted(eras, key=lambda e: e[0][0].at)


def _best(patterns: set[str]) -> str:
    for p in sorted(patterns):
        if p.startswith("-1"):
            return f"BYDAY={p}"
    for p in sorted(patterns):
        if not p.startswith("md"):
            return f"BYDAY={p}"
    return f"BYMONTHDAY={sorted(patterns)[0][2:]}"


def vtimezone(icalendar, zone: str, first_year: int, last_year: int):
    """A VTIMEZONE the way Google and Outlook write one: one observance per era of the zone's
    rules, each a yearly RRULE (the last one open-ended, so it holds for any later year), so
    every reader — not only those that know IANA names — expands times correctly. Steady used
    to write one RDATE list per observance, valid 2020–2038, which vobject read an hour late."""
    tz = icalendar.Timezone()
    tz.add("tzid", zone)
    transitions = _transitions(zone, first_year, last_year)
    if not transitions:
        moment = dt.datetime(first_year, 1, 1, tzinfo=_UTC).astimezone(ZoneInfo(zone))
        obs = icalendar.TimezoneStandard()
        obs.add("dtstart", dt.datetime(1970, 1, 1))
        obs.add("tzoffsetfrom", _offset(moment, ZoneInfo(zone)))
        obs.add("tzoffsetto", _offset(moment, ZoneInfo(zone)))
        obs.add("tzname", moment.tzname() or zone)
        tz.add_component(obs)
        return tz
    for run, part in _eras(transitions):
        first = run[0]
        obs = icalendar.TimezoneDaylight() if first.daylight else icalendar.TimezoneStandard()
        obs.add("dtstart", first.local)
        obs.add("tzoffsetfrom", first.offset_from)
        obs.add("tzoffsetto", first.offset_to)
        obs.add("tzname", first.name)
        if len(run) > 1 or run[-1].local.year >= last_year - 1:
            rule = f"FREQ=YEARLY;BYMONTH={first.local.month};{part}"
            if run[-1].local.year < last_year - 1:  # the rules changed after this era
                rule += f";UNTIL={run[-1].at:%Y%m%dT%H%M%SZ}"
            obs.add("rrule", icalendar.vRecur.from_ical(rule))
        tz.add_component(obs)
    return tz
