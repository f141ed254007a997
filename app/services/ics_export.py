"""Calendar files (.ics, RFC 5545): export the schedule for other calendar apps.

Export writes one VEVENT per item: a series keeps its RRULE (UNTIL turned into UTC, as
RFC 5545 requires when DTSTART has a TZID), cancelled occurrences become EXDATE, and each
moved or changed occurrence becomes a VEVENT with the same UID and a RECURRENCE-ID.
Reading someone else's calendar is `ics_import`; `ics.CalendarFiles` binds both to a store.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
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
        cal.add_missing_timezones(
            first_date=dt.date(first.year - 1, 1, 1),
            last_date=max(dt.date(2038, 1, 1), dt.date(last.year + 2, 1, 1)))
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
