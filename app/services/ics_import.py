"""Calendar files (.ics, RFC 5545): import someone else's calendar into the schedule.

Import treats the file as hostile: every event is read on its own, and an event Steady
cannot use becomes a warning that names it rather than an error for the whole file. Only a
file that is not a calendar at all (or holds no usable event) is refused. The file is read
and decoded through `importing`, like every file someone gives us.

How RFC 5545 maps onto Steady's model on import:
- RRULE → the item's Repeats (DAILY to YEARLY; UNTIL converted to local wall-clock time).
- EXDATE → a cancelled ScheduleChange for that occurrence.
- RECURRENCE-ID override → a ScheduleChange (STATUS:CANCELLED → cancelled).
- RDATE, and a DTSTART that the RRULE itself would not produce, become separate one-off
  items (Steady's changes can only alter occurrences the rule produces). Each is linked
  under the synthetic UID "<UID>#<local start>", so re-importing updates it too.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.domain.errors import ValidationError
from app.domain.fields import MAX_LINE, MAX_TEXT
from app.domain.i18n import N_, _, ngettext
from app.domain.recurrence import occurrences
from app.domain.records import SCHEDULE_KINDS, ScheduleChange, ScheduleItem, is_valid_zone, new_id
from app.domain.schedule import to_utc
from app.services.backups import before_import
from app.storage.errors import StoreError

from .clock import local_zone_name
from .ics_export import KIND_LABELS, ONE_SECOND, STEADY_UID_SUFFIX, is_occurrence, strip_rrule_prefix
from .importing import Warnings, checked_bytes, decode, is_utf16, looks_binary, read_bounded

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

MAX_FILE_BYTES = 20 * 1024 * 1024
_UTC_NAMES = frozenset({"UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "UNIVERSAL", "ETC/UNIVERSAL",
                        "ZULU", "ETC/ZULU", "UCT", "ETC/UCT", "GMT0", "ETC/GMT0"})
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LINE_RE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_SUPPORTED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
DAY = dt.timedelta(days=1)
LONG_EVENT = dt.timedelta(days=14)  # longer timed events are imported as all-day spans



@dataclass(frozen=True)
class ImportPlan:
    """What importing a calendar file would do; nothing is written until apply_import."""

    to_add: tuple[ScheduleItem, ...] = ()
    to_update: tuple[ScheduleItem, ...] = ()
    # Per-occurrence changes of the items above; for an updated item they replace all its
    # earlier changes.
    changes: tuple[ScheduleChange, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (item id, calendar UID)
    warnings: tuple[str, ...] = ()
    source: str = ""
    events_read: int = 0
    skipped: int = 0  # events and other components left out (each has a warning)
    # The items to add whose kind is the importer's choice (the file named none): changing
    # that choice re-labels these (`with_kind`) instead of reading the file again.
    kind: str = "work"
    chosen_kind_ids: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.to_add or self.to_update)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    changes: int
    warnings: tuple[str, ...] = field(default_factory=tuple)
    skipped: int = 0


def with_kind(plan: ImportPlan, kind: str) -> ImportPlan:
    """The same plan with the events whose kind the file did not name imported as `kind`.
    Reads nothing: the file's events, their matching and their warnings stay as they were."""
    if kind not in KIND_LABELS:
        raise ValidationError("kind", _("“{kind}” is not a kind of schedule item.").format(kind=str(kind)[:40]))
    if kind == plan.kind:
        return plan
    to_add = tuple(replace(item, kind=kind) if item.id in plan.chosen_kind_ids else item for item in plan.to_add)
    return replace(plan, to_add=to_add, kind=kind)


def plan_import(store: Store, data: bytes, *, kind: str = "work", source: str = "",
                zone: str | None = None) -> ImportPlan:
    """Read a calendar file and work out what to add and update. Writes nothing.

    Raises ValidationError("file", …) for a file that is not a usable calendar; any
    problem with a single event becomes a warning instead. No other exception escapes.
    """
    return plan_reading(store, read_calendar(data, kind=kind, source=source, zone=zone))


@dataclass(frozen=True)
class ReadSeries:
    """One item a calendar file gives, with what belongs to it, before it is matched
    against the schedule: plain data, so it can come back from a child process."""

    uid: str
    item: ScheduleItem
    changes: tuple[ScheduleChange, ...]
    extras: tuple[tuple[dt.datetime, ScheduleItem], ...]  # one-offs by local start, in order
    kind_given: bool  # the file said which kind (CATEGORIES), so it wins on re-import


@dataclass
class CalendarReading:
    """What a calendar file holds, read without looking at the schedule (`read_calendar`)."""

    series: tuple[ReadSeries, ...]
    events: int
    skipped: int
    warnings: Warnings
    kind: str
    source: str


def read_calendar(data: bytes, *, kind: str = "work", source: str = "", zone: str | None = None) -> CalendarReading:
    """Read a calendar file into items, without the store: the slow part of an import (on a
    5,000-event file, seconds of Python), which the window runs in a child process
    (`plan_import` = this, then `plan_reading`). Raises ValidationError("file", …) for a file
    that is not a usable calendar; no other exception escapes."""
    if kind not in KIND_LABELS:
        raise ValidationError("kind", _("“{kind}” is not a kind of schedule item.").format(kind=str(kind)[:40]))
    zone = zone or local_zone_name()
    if not is_valid_zone(zone):
        raise ValidationError("zone", _("Time zone “{zone}” is not a known IANA time zone.").format(zone=str(zone)[:64]))
    data = checked_bytes(data, limit=MAX_FILE_BYTES, what="calendar file")
    try:
        return _Planner(kind, source, zone).read(data)
    except ValidationError:
        raise
    except Exception as exc:  # hostile input must never crash the caller
        raise ValidationError("file", _("The calendar file could not be read ({error}).").format(
            error=type(exc).__name__)) from None


def plan_reading(store: Store, reading: CalendarReading) -> ImportPlan:
    """Match what `read_calendar` read against the schedule: what importing it would add
    and update. Writes nothing. Raises ValidationError("file", …) when nothing can be
    imported or the data cannot be read."""
    try:
        plan = _place(store, reading)
    except ValidationError:
        raise
    except StoreError as exc:
        raise ValidationError("file", _("The calendar could not be checked against your data: {problem}").format(
            problem=exc.message)) from None
    except Exception as exc:
        raise ValidationError("file", _("The calendar file could not be read ({error}).").format(
            error=type(exc).__name__)) from None
    if not plan.to_add and not plan.to_update:
        first = "; ".join(plan.warnings[:3])
        if first:
            raise ValidationError("file", _("None of the events in the calendar file could be imported "
                                            "({problems}).").format(problems=first[:400]))
        raise ValidationError("file", _("None of the events in the calendar file could be imported."))
    return plan


def apply_import(store: Store, records_service, plan: ImportPlan) -> ImportResult:
    """Write the plan in one transaction (all or nothing), then tell listeners. A safety
    backup comes first (see services.backups.before_import)."""
    if plan.to_add or plan.to_update:
        before_import(store, getattr(records_service, "clock", None))
    with store.transaction():
        for item in plan.to_add:
            if store.schedule.exists(item.id):
                raise ValidationError("", _("“{title}” was added while the file was being read; "
                                            "import the file again.").format(title=item.title))
        store.schedule.add_many(plan.to_add)
        for item in plan.to_update:
            try:
                store.schedule.update(item)
            except KeyError:
                raise ValidationError("", _("“{title}” was deleted while the file was being read; "
                                            "import the file again.").format(title=item.title)) from None
            store.changes.delete_for_item(item.id)
        store.changes.add_many(plan.changes)
        for item_id, uid in plan.links:
            store.calendar_links.link(item_id, uid, plan.source)
    records_service.notify("schedule")
    return ImportResult(len(plan.to_add), len(plan.to_update), len(plan.changes), plan.warnings,
                        plan.skipped)


def read_import_file(path: str | os.PathLike) -> bytes:
    """The bytes of a calendar file (see importing.read_bounded). Raises ValidationError."""
    return read_bounded(path, limit=MAX_FILE_BYTES, what="calendar file")


# --- reading the file -------------------------------------------------------------------------


class _Skip(Exception):
    """This event cannot be imported; the message finishes the sentence "… was skipped: "."""


# Calendar parts that are not events, as the warning names them ("it is a to-do (VTODO)").
_NOT_EVENTS = {"VTODO": N_("a to-do"), "VJOURNAL": N_("a journal entry"), "VFREEBUSY": N_("free/busy information"),
               "VAVAILABILITY": N_("availability information")}


def _decode(data: bytes) -> str:
    """The calendar's text with its folded lines joined (RFC 5545 §3.1)."""
    if not is_utf16(data):
        # Unfold before decoding, so a UTF-8 character split across a fold survives.
        data = re.sub(rb"\r?\n[ \t]", b"", data)
    text, _replaced = decode(data)
    return re.sub(r"\r?\n[ \t]", "", text)


def _clean_lines(text: str, strict: bool) -> tuple[list[str], int, bool]:
    """Content lines icalendar can parse, with BEGIN/END balanced.

    Returns (lines, how many lines were dropped, whether BEGIN/END had to be repaired).
    """
    if strict:
        from icalendar.parser import Contentline
    out: list[str] = []
    stack: list[str] = []
    dropped = 0
    repaired = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip("\x00")
        if not line.strip():
            continue
        if not _LINE_RE.match(line):
            dropped += 1
            continue
        if strict:
            try:
                Contentline(line).parts()
            except Exception:
                dropped += 1
                continue
        head, _sep, value = line.partition(":")
        name = head.split(";", 1)[0].upper()
        if name == "BEGIN":
            comp = value.strip().upper()
            if not comp:
                dropped += 1
                continue
            stack.append(comp)
            out.append(f"BEGIN:{comp}")
            continue
        if name == "END":
            comp = value.strip().upper()
            if comp not in stack:
                dropped += 1
                repaired = True
                continue
            while stack[-1] != comp:  # close what was left open inside it
                out.append(f"END:{stack.pop()}")
                repaired = True
            stack.pop()
            out.append(f"END:{comp}")
            continue
        if not stack:
            dropped += 1
            continue
        out.append(line)
    while stack:
        out.append(f"END:{stack.pop()}")
        repaired = True
    return out, dropped, repaired


def _parse_calendars(data: bytes) -> tuple[list[Any], list[str]]:
    import icalendar

    notes: list[str] = []
    if looks_binary(data):
        raise ValidationError("file", _("This is not a calendar file (it holds binary data, not iCalendar text)."))
    text = _decode(data)
    upper = text.upper()
    if "BEGIN:VCALENDAR" not in upper:
        if "BEGIN:VEVENT" not in upper:
            raise ValidationError("file", _("This is not a calendar file: it has no BEGIN:VCALENDAR line."))
        # Bare events (some sites and scripts write no calendar around them): read them as one.
        text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + text + "\r\nEND:VCALENDAR\r\n"
    calendars = None
    for strict in (False, True):
        lines, dropped, repaired = _clean_lines(text, strict)
        try:
            parsed = icalendar.Calendar.from_ical("\r\n".join(lines) + "\r\n", multiple=True)
        except Exception:
            continue
        calendars = [c for c in parsed if getattr(c, "name", "") == "VCALENDAR"]
        if dropped:
            notes.append(ngettext("{n} line of the file could not be read and was ignored.",
                                  "{n} lines of the file could not be read and were ignored.", dropped).format(
                n=f"{dropped:,}"))
        if repaired:
            notes.append(_("The file's BEGIN and END lines did not match (it may be cut off); "
                           "check the last events it holds."))
        break
    if calendars is None:
        raise ValidationError("file", _("The calendar file is damaged and could not be read."))
    if not calendars:
        raise ValidationError("file", _("This is not a calendar file: it holds no VCALENDAR."))
    return calendars, notes


# --- time zones ---------------------------------------------------------------------------------


def _zone_name(tzid: str | None) -> str | None:
    """An IANA name for a TZID: IANA itself, a Windows name, or a prefixed one like
    "/mozilla.org/20050126_1/Europe/Berlin"."""
    if not tzid:
        return None
    tzid = str(tzid).strip().strip('"')
    if not tzid or len(tzid) > 200:
        return None
    if tzid.upper() in _UTC_NAMES:
        return "UTC"
    if is_valid_zone(tzid):
        return tzid
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    mapped = WINDOWS_TO_OLSON.get(tzid)
    if mapped and is_valid_zone(mapped):
        return mapped
    parts = [p for p in tzid.split("/") if p]
    for n in (3, 2):
        if len(parts) > n:
            candidate = "/".join(parts[-n:])
            if is_valid_zone(candidate):
                return candidate
    return None


_OUTLOOK_PREFIX = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)\s*", re.I)


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, list[str]]:
    import zoneinfo

    out: dict[str, list[str]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if name.startswith(("posix/", "right/", "Etc/")) or "/" not in name:
            continue
        out.setdefault(name.rsplit("/", 1)[1].replace("_", " ").casefold(), []).append(name)
    return out


def _offsets(tz: dt.tzinfo, year: int) -> tuple[dt.timedelta | None, ...]:
    """The zone's UTC offset at noon UTC on every day of `year`: a fingerprint that tells
    zones apart by offset and by the days their clocks change."""
    first = dt.datetime(year, 1, 1, 12, tzinfo=dt.timezone.utc)
    return tuple((first + dt.timedelta(days=d)).astimezone(tz).utcoffset() for d in range(366))


@lru_cache(maxsize=64)
def _guess_zone(tzid: str, tz: dt.tzinfo | None, year: int) -> str | None:
    """An IANA zone for a TZID that is not one: the cities in Outlook's display names
    ("(UTC+01:00) Amsterdam, Berlin, Bern, …"), checked against the file's own VTIMEZONE when
    it has one (`tz`); failing that, the IANA zone whose offsets match that VTIMEZONE's on
    every day of the year."""
    year = min(max(year, 1971), 2100)
    want = _offsets(tz, year) if tz is not None else None
    cities = [c.strip().casefold() for c in _OUTLOOK_PREFIX.sub("", tzid).replace(";", ",").split(",")]
    by_city = _zones_by_city()
    for city in cities:
        for name in by_city.get(city, ()):
            if want is None or _offsets(ZoneInfo(name), year) == want:
                return name
    if want is None:
        return None
    jan, jul = want[14], want[195]
    for name in (n for names in by_city.values() for n in names):
        zone = ZoneInfo(name)
        if _offsets_at(zone, year, 14) == jan and _offsets_at(zone, year, 195) == jul \
                and _offsets(zone, year) == want:
            return name
    return None


def _offsets_at(tz: dt.tzinfo, year: int, day: int) -> dt.timedelta | None:
    return (dt.datetime(year, 1, 1, 12, tzinfo=dt.timezone.utc) + dt.timedelta(days=day)).astimezone(tz).utcoffset()


def _aware_zone(value: dt.datetime, tzid: str | None) -> str | None:
    """The IANA name of an aware value's zone, from its tzinfo or its TZID (IANA, Windows or
    prefixed); None when neither is a standard name."""
    candidates = [getattr(value.tzinfo, "key", None), tzid]
    if not tzid:  # without a TZID, what the tzinfo calls itself (a name like "CET" can mislead)
        from icalendar.timezone import tzid_from_dt

        with contextlib.suppress(Exception):
            candidates.append(tzid_from_dt(value))
    for c in candidates:
        name = _zone_name(c)
        if name:
            return name
    if value.tzinfo is dt.timezone.utc:
        return "UTC"
    return None


def _naive(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None, fold=0)


class _Times:
    """Turns the DATE-TIME values of one event into naive wall-clock times in the item's zone.

    `floating` is the calendar-wide zone (Google's X-WR-TIMEZONE) for times without a TZID;
    `fallback` the zone of a TZID nothing could identify (the event's warning says so)."""

    def __init__(self, zone: str, resolve, floating: str | None = None, fallback: str | None = None):
        self.zone = zone
        self.resolve = resolve  # (tzid, tzinfo, value) -> IANA name or None
        self.floating = floating
        self.fallback = fallback or zone

    def local(self, value: dt.datetime, tzid: str | None) -> dt.datetime:
        if value.tzinfo is None:
            name = (self.resolve(tzid, None, value) or self.fallback) if tzid else self.floating
            if name is None or name == self.zone:
                return value  # floating: the same wall-clock time wherever you are
            return _naive(value.replace(tzinfo=ZoneInfo(name)).astimezone(ZoneInfo(self.zone)))
        name = _aware_zone(value, tzid) or (self.resolve(tzid, value.tzinfo, value) if tzid else None)
        if name == self.zone and name != "UTC":
            return _naive(value)  # keep the wall clock exactly as written
        return _naive(value.astimezone(ZoneInfo(self.zone)))


# --- one event ----------------------------------------------------------------------------------


def _text(ev, name: str) -> str:
    value = ev.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return ""
    try:
        text = str(value)
    except Exception:
        return ""
    return text.replace("\x00", "").strip()


def _line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LINE else text[:MAX_LINE - 1] + "…"


def _long(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def _prop(ev, name: str):
    """(value, TZID) of a date/time property, or (None, None) if absent. Raises _Skip."""
    prop = ev.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        return None, None
    try:
        value = prop.dt
    except Exception:
        raise _Skip(_("its {property} could not be read").format(property=name)) from None
    params = getattr(prop, "params", {}) or {}
    return value, params.get("TZID")


def _date_list(ev, name: str) -> tuple[list[tuple[Any, str | None, Any]], bool]:
    """[(value, TZID, period end)] of EXDATE/RDATE lines, and whether some were unreadable."""
    props = ev.get(name)
    if props is None:
        return [], False
    if not isinstance(props, list):
        props = [props]
    out = []
    broken = False
    for prop in props:
        try:
            tzid = (getattr(prop, "params", {}) or {}).get("TZID")
            for entry in prop.dts:
                value = entry.dt
                end = None
                if isinstance(value, tuple):  # PERIOD: (start, end or duration)
                    value, end = value
                if isinstance(value, (dt.date, dt.datetime)):
                    out.append((value, tzid, end))
        except Exception:
            broken = True
    return out, broken


def _kind_of(ev) -> str | None:
    try:
        cats = ev.categories
    except Exception:
        return None
    wanted = {str(c).strip().casefold() for c in cats}
    for key, label in SCHEDULE_KINDS:
        if key.casefold() in wanted or label.casefold() in wanted:
            return key
    return None


def _reminder(ev) -> int | None:
    for sub in getattr(ev, "subcomponents", ()):
        if getattr(sub, "name", "") != "VALARM":
            continue
        with contextlib.suppress(Exception):
            trigger = sub.get("TRIGGER")
            value = trigger.dt
            if isinstance(value, dt.timedelta) and value <= dt.timedelta(0):
                minutes = int(-value.total_seconds() // 60)
                return min(minutes, 10080)
    return None


def _name(summary: str, uid: str) -> str:
    title = summary[:80] + ("…" if len(summary) > 80 else "") if summary else _("An event without a title")
    if uid and not uid.startswith("#"):
        return f"“{title}” (UID {uid[:80]})" if summary else f"{title} (UID {uid[:80]})"
    return f"“{title}”" if summary else title


@dataclass
class _Series:
    """One imported item and what belongs to it, while the plan is being built."""

    uid: str
    item: ScheduleItem
    summary: str
    times: _Times
    changes: dict[dt.datetime, ScheduleChange] = field(default_factory=dict)
    extras: dict[dt.datetime, ScheduleItem] = field(default_factory=dict)  # one-offs by local start
    kind_given: bool = False  # the file said which kind (CATEGORIES), so it wins on re-import


class _Planner:
    """Reads a calendar file's events into series (the store is not needed: `_place` matches them)."""

    def __init__(self, kind: str, source: str, zone: str):
        self.kind = kind
        self.source = source
        self.zone = zone
        self.warnings = Warnings()
        self.skipped = 0
        self.floating: dict[int, str | None] = {}  # id(event) -> its calendar's X-WR-TIMEZONE

    def warn(self, text: str) -> None:
        self.warnings.add(text)

    # --- the whole file ----------------------------------------------------------------

    def read(self, data: bytes) -> CalendarReading:
        calendars, notes = _parse_calendars(data)
        for note in notes:
            self.warn(note)
        masters: dict[str, Any] = {}
        overrides: dict[str, list[Any]] = {}
        events = 0
        for cal in calendars:
            floating = _zone_name(_text(cal, "X-WR-TIMEZONE"))
            for comp in cal.subcomponents:
                cname = getattr(comp, "name", "")
                if cname == "VEVENT":
                    events += 1
                    self.floating[id(comp)] = floating
                    self._sort_event(comp, events, masters, overrides)
                elif cname in ("VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"):
                    self.skipped += 1
                    self.warn(_("{event} was skipped: it is {what} ({component}), and Steady imports "
                                "events only.").format(event=_name(_text(comp, "SUMMARY"), _text(comp, "UID")),
                                                       what=_(_NOT_EVENTS[cname]), component=cname))
        if events == 0:
            raise ValidationError("file", _("The calendar file holds no events (VEVENT) to import."))

        series: list[_Series] = []
        for uid, ev in masters.items():
            s = self._guard(ev, uid, lambda ev=ev, uid=uid: self._series(ev, uid))
            if s is None:
                if uid in overrides:
                    self.skipped += len(overrides[uid])
                    lost = len(overrides.pop(uid))
                    self.warn(ngettext("{n} changed occurrence of {event} was skipped with it.",
                                       "{n} changed occurrences of {event} were skipped with it.", lost).format(
                        n=lost, event=_name(_text(ev, "SUMMARY"), uid)))
                continue
            for ov in overrides.pop(uid, ()):
                self._guard(ov, uid, lambda ov=ov, s=s: self._apply_override(s, ov))
            series.append(s)
        for uid, lone in overrides.items():
            # Only changed occurrences were shared (an invitation to one meeting of a series).
            for ov in lone:
                s = self._guard(ov, uid, lambda ov=ov, uid=uid: self._series(ov, uid, lone_override=True))
                if s is not None:
                    series.append(s)
        read = tuple(ReadSeries(s.uid, s.item, tuple(s.changes.values()), tuple(sorted(s.extras.items())), s.kind_given)
                     for s in series)
        return CalendarReading(read, events, self.skipped, self.warnings, self.kind, self.source)

    def _sort_event(self, ev, index: int, masters: dict, overrides: dict) -> None:
        uid = _text(ev, "UID")
        if not uid:
            # Re-importing the same file should still match this event: derive a stable UID.
            basis = "|".join((_text(ev, "SUMMARY"), _text(ev, "DTSTART"), str(ev.get("DTSTART", ""))))
            digest = hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:24]
            uid = f"no-uid-{digest}@import.steady"
        elif len(uid) > 255:
            uid = "long-uid-" + hashlib.sha256(uid.encode("utf-8", "replace")).hexdigest()[:32] + "@import.steady"
        if ev.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(ev)
            return
        if uid in masters:
            old = masters[uid]
            if _sequence(ev) >= _sequence(old):
                masters[uid] = ev
            self.skipped += 1
            self.warn(_("{event} appears more than once in the file; Steady kept the latest version.").format(
                event=_name(_text(ev, "SUMMARY"), uid)))
            return
        masters[uid] = ev

    def _guard(self, ev, uid: str, action):
        label = _name(_text(ev, "SUMMARY"), uid)
        self.skipped += 1  # taken back below when the action succeeds
        try:
            result = action()
            self.skipped -= 1
            return result
        except _Skip as exc:
            self.warn(_("{event} was skipped: {reason}.").format(event=label, reason=exc))
        except ValidationError as exc:
            self.warn(_("{event} was skipped: {problem}").format(event=label, problem=exc.message))
        except Exception as exc:
            self.warn(_("{event} was skipped: it could not be read ({error}).").format(
                event=label, error=type(exc).__name__))
        return None

    # --- one series ----------------------------------------------------------------------

    def _resolve(self, tzid, tz: dt.tzinfo | None, value) -> str | None:
        """The IANA zone of a TZID: standard, Windows, prefixed, or guessed from Outlook's
        display name and the file's VTIMEZONE (`tz`); None when nothing fits."""
        name = _zone_name(tzid)
        if name or not tzid:
            return name
        year = value.year if isinstance(value, dt.date) else 2026
        with contextlib.suppress(Exception):
            return _guess_zone(str(tzid).strip().strip('"')[:200], tz, year)
        return None

    def _start_zone(self, value: dt.datetime, tzid, floating: str | None) -> tuple[str, str | None]:
        """(the item's zone — "UTC" for a UTC start —, a note when the event's own zone is unknown)."""
        if value.tzinfo is None:
            if not tzid:
                return floating or self.zone, None
            name = self._resolve(tzid, None, value)
            if name is None:
                return self.zone, _("its time zone “{zone}” is not one Steady knows and the file does not "
                                    "describe it, so its times were read as {here} times").format(
                    zone=str(tzid)[:60], here=self.zone)
            return name, None
        name = _aware_zone(value, tzid) or (self._resolve(tzid, value.tzinfo, value) if tzid else None)
        if name is None:
            label = tzid or getattr(value.tzinfo, "tzname", lambda _moment: "")(value) or _("unnamed")
            return self.zone, _("its time zone “{zone}” is not a standard name, so its times were "
                                "converted to {here}").format(zone=str(label)[:60], here=self.zone)
        return name, None

    def _series(self, ev, uid: str, lone_override: bool = False) -> _Series:
        """The event as an item. A repeating event that starts in UTC repeats in UTC (its
        moments never follow a daylight-saving change); it is shown in the computer's zone
        only when that gives exactly the same moments."""
        outer, outer_skipped = self.warnings, self.skipped
        try:
            self.warnings, self.skipped = Warnings(), 0
            s = self._build(ev, uid, lone_override, utc_zone="UTC")
            if s.item.timezone == "UTC" and self.zone != "UTC":
                first_warnings, first_skipped = self.warnings, self.skipped
                self.warnings, self.skipped = Warnings(), 0
                here = self._build(ev, uid, lone_override, utc_zone=self.zone)
                if not (s.item.recurrence or s.extras) or _same_moments(s, here):
                    s = here
                else:
                    self.warnings, self.skipped = first_warnings, first_skipped
            inner, inner_skipped = self.warnings, self.skipped
        finally:
            self.warnings, self.skipped = outer, outer_skipped
        for text in inner.as_tuple():
            self.warn(text)
        self.skipped += inner_skipped
        return s

    def _build(self, ev, uid: str, lone_override: bool, utc_zone: str) -> _Series:
        summary = _line(_text(ev, "SUMMARY")) or _("Untitled event")
        label = _name(summary, uid)
        start_value, start_tzid = _prop(ev, "DTSTART")
        if start_value is None:
            raise _Skip(_("it has no start time (DTSTART)"))
        floating = self.floating.get(id(ev))
        all_day = not isinstance(start_value, dt.datetime)
        if all_day:
            item_zone = self.zone
            start = dt.datetime.combine(start_value, dt.time())
        else:
            item_zone, note = self._start_zone(start_value, start_tzid, floating)
            if note:
                self.warn(_("{event}: {note}.").format(event=label, note=note))
            if item_zone == "UTC":
                item_zone = utc_zone
        times = _Times(item_zone, self._resolve, floating, self.zone)
        if not all_day:
            start = times.local(start_value, start_tzid)
        end = self._end(ev, times, start, all_day, label=label)

        recurrence, more_rules = ("", []) if lone_override else self._rule(ev, label, times, all_day)
        if not all_day and end - start > LONG_EVENT:
            first, last = start.date(), (end - ONE_SECOND).date()
            self.warn(_("{event} lasts more than 14 days, so it was imported as an all-day item "
                        "from {first} to {last}.").format(event=label, first=f"{first:%Y-%m-%d}",
                                                          last=f"{last:%Y-%m-%d}"))
            all_day, item_zone = True, self.zone
            times = _Times(item_zone, self._resolve, floating, self.zone)
            start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time()) + DAY
        kind = _kind_of(ev)
        fields: dict[str, Any] = dict(
            title=summary, kind=kind or self.kind, start=start, end=end, timezone=item_zone,
            all_day=all_day, recurrence=recurrence, location=_line(_text(ev, "LOCATION")),
            notes=_long(_text(ev, "DESCRIPTION")), reminder_minutes=_reminder(ev))
        if lone_override:
            rid_value, rid_tzid = _prop(ev, "RECURRENCE-ID")
            rid = (times.local(rid_value, rid_tzid) if isinstance(rid_value, dt.datetime)
                   else dt.datetime.combine(rid_value, dt.time()) if rid_value is not None else start)
            uid = f"{uid}#{rid:%Y%m%dT%H%M%S}"
        item = ScheduleItem(**fields)  # validates; ValidationError becomes a warning
        s = _Series(uid=uid, item=item, summary=summary, times=times, kind_given=kind is not None)
        if not lone_override:
            self._exceptions(ev, s, more_rules)
        return s

    def _end(self, ev, times: _Times, start: dt.datetime, all_day: bool,
             default: dt.timedelta | None = None, label: str = "") -> dt.datetime:
        """The end in the item's zone. An end at the start counts as no end (the default
        length, as for an event without DTEND); an end before the start takes the default
        length too, with a warning."""
        standard = default or (DAY if all_day else dt.timedelta(hours=1))
        end_value, end_tzid = _prop(ev, "DTEND")
        end = None
        if end_value is not None:
            if all_day:
                day = end_value.date() if isinstance(end_value, dt.datetime) else end_value
                end = dt.datetime.combine(day, dt.time())
            elif not isinstance(end_value, dt.datetime):  # a DATE end on a timed event: its midnight
                end = dt.datetime.combine(end_value, dt.time())
            else:
                end = times.local(end_value, end_tzid)
        else:
            duration, _tzid = _prop(ev, "DURATION")
            if isinstance(duration, dt.timedelta):
                if all_day and duration > dt.timedelta(0):
                    duration = max(1, -(-duration // DAY)) * DAY  # whole days, rounded up
                end = start + duration
        if end is None or end == start:
            return start + standard
        if end < start:
            if label:
                self.warn(_("{event} ends before it starts, so it was given {length}.").format(
                    event=label, length=_("one day") if all_day and default is None else _length(standard)))
            return start + standard
        return end

    def _rule(self, ev, label: str, times: _Times, all_day: bool) -> tuple[str, list[str]]:
        """(the first repeat rule, the other ones) as Steady's rule text. Empty RRULE lines
        (a holiday site writes them) are no rule at all."""
        rules = ev.get("RRULE")
        if rules is None:
            return "", []
        if not isinstance(rules, list):
            rules = [rules]
        texts: list[str] = []
        for rule in rules:
            if hasattr(rule, "keys") and not rule.keys():
                continue
            texts.append(self._rule_text(rule, label, times, all_day))
        if not texts:
            return "", []
        return texts[0], texts[1:]

    def _rule_text(self, rule, label: str, times: _Times, all_day: bool) -> str:
        if not hasattr(rule, "to_ical") or type(rule).__name__ == "vBroken":
            raise _Skip(_("its repeat rule (RRULE) could not be read"))
        freq = [str(f).upper() for f in rule.get("FREQ", [])]
        if not freq:
            raise _Skip(_("its repeat rule (RRULE) has no FREQ"))
        if freq[0] not in _SUPPORTED_FREQ:
            raise _Skip(_("it repeats {freq}, and Steady supports daily, weekly, monthly and yearly "
                          "repeats").format(freq=freq[0].lower()))
        parts = {k: v for k, v in rule.items() if k != "UNTIL"}
        untils = rule.get("UNTIL") or []
        if "COUNT" in parts:
            counts = parts.get("COUNT") or []
            count = counts[0] if counts else None
            if untils:  # RFC 5545 allows one of them; a COUNT=-1 beside UNTIL means "until"
                del parts["COUNT"]
                if not (isinstance(count, int) and count < 0):
                    self.warn(_("{event} has a repeat rule with both COUNT and UNTIL; Steady kept UNTIL.").format(
                        event=label))
            elif not (isinstance(count, int) and count > 0):
                raise _Skip(_("its repeat rule's COUNT is not a positive number"))
        text = rule.__class__(parts).to_ical().decode("ascii", "replace")
        if untils:
            until = untils[0]
            if isinstance(until, dt.datetime):
                local = times.local(until, None) if until.tzinfo is not None else until
                value = local.strftime("%Y%m%d") if all_day else local.strftime("%Y%m%dT%H%M%S")
            elif all_day:
                value = until.strftime("%Y%m%d")
            else:
                value = until.strftime("%Y%m%dT235959")  # a date ends the series after that day
            text += f";UNTIL={value}"
        return text

    def _local(self, s: _Series, value, tzid) -> dt.datetime:
        if isinstance(value, dt.datetime):
            if s.item.all_day:
                # Outlook names an all-day occurrence by its midnight in some zone
                # (RECURRENCE-ID;TZID=GMT Standard Time:20200416T000000): the day as written.
                return dt.datetime.combine(value.date(), dt.time())
            return s.times.local(value, tzid)
        # A DATE against a timed series means that day's occurrence.
        return dt.datetime.combine(value, s.item.start.time())

    def _exceptions(self, ev, s: _Series, more_rules: list[str]) -> None:
        """EXDATE → cancelled changes; RDATE, the occurrences of further RRULEs and an
        off-rule DTSTART → one-off items. Works for an event with RDATE and no RRULE too."""
        item = s.item
        label = _name(s.summary, s.uid)
        exdates, broken = _date_list(ev, "EXDATE")
        rdates, broken_r = _date_list(ev, "RDATE")
        if not (item.recurrence or rdates or more_rules or broken_r):
            return
        excluded: set[dt.datetime] = set()
        unreadable = 0
        for value, tzid, _end in exdates:
            try:
                excluded.add(self._local(s, value, tzid))
            except (_Skip, ValueError, OverflowError):
                unreadable += 1
        if broken or unreadable:
            self.warn(_("{event}: some of its excluded dates (EXDATE) could not be read, so those "
                        "occurrences may still show.").format(event=label))
        if item.recurrence:
            for t in sorted(excluded):
                if is_occurrence(item, t):
                    s.changes[t] = ScheduleChange(item_id=item.id, original_start=t, cancelled=True)
        extras: list[tuple[dt.datetime, dt.datetime]] = []
        if item.recurrence and not is_occurrence(item, item.start):
            extras.append((item.start, item.end))
        lost = 0
        for value, tzid, period_end in rdates:
            try:
                start = self._local(s, value, tzid)
                end = start + item.duration
                if isinstance(period_end, dt.timedelta) and period_end > dt.timedelta(0):
                    end = start + period_end
                elif isinstance(period_end, dt.datetime):
                    end = self._local(s, period_end, tzid)
                    if end <= start:
                        end = start + item.duration
                extras.append((start, end))
            except (_Skip, ValueError, OverflowError):
                lost += 1
        for text in more_rules:
            extras.extend(self._rule_dates(s, label, text))
        if broken_r or lost:
            if lost:
                self.warn(_("{event}: {n} of its extra dates (RDATE) could not be read and were not "
                            "imported.").format(event=label, n=lost))
            else:
                self.warn(_("{event}: some of its extra dates (RDATE) could not be read and were not "
                            "imported.").format(event=label))
            self.skipped += lost
        if not item.recurrence and item.start in excluded:
            # A one-off whose own date is excluded: its first extra date becomes the item.
            remaining = sorted((a, b) for a, b in extras if a not in excluded and a != item.start)
            if not remaining:
                raise _Skip(_("every one of its dates is excluded (EXDATE)"))
            (first, first_end), extras = remaining[0], remaining[1:]
            s.item = item = replace(item, start=first, end=first_end)
        elif item.recurrence and not is_occurrence(item, item.start) and not _has_any_occurrence(item):
            if item.start in excluded and not extras[1:]:
                raise _Skip(_("every one of its occurrences is excluded"))
            s.item = item = replace(item, recurrence="")  # the rule adds nothing: a one-off
            s.changes.clear()
            extras = extras[1:]
        for start, end in sorted(extras):
            if start in excluded or start in s.extras or (not item.recurrence and start == item.start) \
                    or is_occurrence(item, start):
                continue
            try:
                s.extras[start] = ScheduleItem(**{**_copyable(item), "start": start, "end": end,
                                                  "recurrence": ""})
            except ValidationError as exc:
                self.skipped += 1
                self.warn(_("{event}: an extra date ({day}) was skipped: {problem}").format(
                    event=label, day=f"{start:%Y-%m-%d %H:%M}", problem=exc.message))

    def _rule_dates(self, s: _Series, label: str, text: str) -> list[tuple[dt.datetime, dt.datetime]]:
        """The occurrences of a further RRULE on the same event (RFC 5545: the set is the union
        of all rules), as extra dates. A rule without an end cannot be listed date by date."""
        from dateutil.rrule import rrulestr

        from app.domain.recurrence import MAX_COUNT, check_rrule

        upper = text.upper()
        if "COUNT=" not in upper and "UNTIL=" not in upper:
            self.warn(_("{event} has a second repeat rule that never ends ({rule}); Steady keeps one "
                        "never-ending rule per item, so only the first rule was imported.").format(
                event=label, rule=text[:60]))
            return []
        try:
            check_rrule(text, s.item.start)
            rule = rrulestr(text, dtstart=s.item.start, ignoretz=True)
            dates: list[tuple[dt.datetime, dt.datetime]] = []
            for when in rule:
                if len(dates) >= MAX_COUNT:
                    break
                dates.append((when, when + s.item.duration))
            return dates
        except (ValidationError, ValueError, TypeError, OverflowError):
            self.warn(_("{event}: its further repeat rule ({rule}) could not be used and was ignored.").format(
                event=label, rule=text[:60]))
            return []

    def _apply_override(self, s: _Series, ov) -> None:
        item = s.item
        rid_value, rid_tzid = _prop(ov, "RECURRENCE-ID")
        rid = self._local(s, rid_value, rid_tzid)
        rid_prop = ov.get("RECURRENCE-ID")
        if isinstance(rid_prop, list):
            rid_prop = rid_prop[0]
        if str((getattr(rid_prop, "params", {}) or {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            self.warn(_("{event}: a change meant for “this and following” occurrences from {day} was "
                        "applied to that occurrence only.").format(event=_name(s.summary, s.uid),
                                                                     day=f"{rid:%Y-%m-%d %H:%M}"))
        if ov.get("RRULE") is not None:
            self.warn(_("{event}: the changed occurrence at {day} carries its own repeat rule; like other "
                        "calendar apps, Steady applied the change to that occurrence only.").format(
                event=_name(s.summary, s.uid), day=f"{rid:%Y-%m-%d %H:%M}"))
        cancelled = _text(ov, "STATUS").upper() == "CANCELLED"
        start_value, start_tzid = _prop(ov, "DTSTART")
        if start_value is None:
            start, end = rid, rid + item.duration
        else:
            start = self._local(s, start_value, start_tzid)
            end = self._end(ov, s.times, start, item.all_day, default=item.duration,
                            label=_name(s.summary, s.uid))
        title = _line(_text(ov, "SUMMARY"))
        location = _line(_text(ov, "LOCATION"))
        notes = _long(_text(ov, "DESCRIPTION"))
        title = "" if title == item.title else title
        location = "" if location == item.location else location
        notes = "" if notes == item.notes else notes

        if rid in s.extras:  # a change to an RDATE occurrence: change that one-off itself
            if cancelled:
                del s.extras[rid]
            else:
                extra = s.extras[rid]
                s.extras[rid] = replace(extra, start=start, end=end, title=title or extra.title,
                                        location=location or extra.location, notes=notes or extra.notes)
            return
        if (item.recurrence and is_occurrence(item, rid)) or (not item.recurrence and rid == item.start):
            if not item.recurrence:
                if cancelled:
                    raise _Skip(_("its only occurrence is cancelled"))
                s.item = replace(item, start=start, end=end, title=title or item.title,
                                 location=location or item.location, notes=notes or item.notes)
                return
            if rid in s.changes and s.changes[rid].cancelled:
                return  # EXDATE wins over an override of the same occurrence
            if cancelled:
                s.changes[rid] = ScheduleChange(item_id=item.id, original_start=rid, cancelled=True)
                return
            new_start = start if start != rid else None
            new_end = end if end != start + item.duration else None
            s.changes[rid] = ScheduleChange(
                item_id=item.id, original_start=rid, new_start=new_start, new_end=new_end,
                title=title, location=location, notes=notes)
            return
        if cancelled:
            return  # cancelling an occurrence that does not exist changes nothing
        s.extras[rid] = ScheduleItem(**{**_copyable(item), "start": start, "end": end, "recurrence": "",
                                        "title": title or item.title, "location": location or item.location,
                                        "notes": notes or item.notes})
        self.warn(_("{event}: a changed occurrence at {day} does not match the repeat rule, so it was "
                    "imported as a separate item.").format(event=_name(s.summary, s.uid),
                                                           day=f"{rid:%Y-%m-%d %H:%M}"))

    # --- matching against the store ----------------------------------------------------------


def _place(store: Store, reading: CalendarReading) -> ImportPlan:
    """Match the series read against the schedule's items and the links of earlier imports."""
    warnings = copy.deepcopy(reading.warnings)  # the reading stays as it was read
    skipped = reading.skipped
    by_uid = {uid: item_id for item_id, uid in store.calendar_links.all().items()}
    to_add: list[ScheduleItem] = []
    to_update: list[ScheduleItem] = []
    changes: list[ScheduleChange] = []
    links: list[tuple[str, str]] = []
    taken: set[str] = set()
    placed_uids: set[str] = set()
    chosen_kind: set[str] = set()

    def place(uid: str, item: ScheduleItem, kind_given: bool) -> ScheduleItem | None:
        nonlocal skipped
        if uid in placed_uids:
            skipped += 1
            warnings.add(_("{event} appears more than once in the file; Steady kept the first.").format(
                event=_name(item.title, uid)))
            return None
        placed_uids.add(uid)
        existing_id = by_uid.get(uid)
        if existing_id is None and uid.endswith(STEADY_UID_SUFFIX):
            own = uid[: -len(STEADY_UID_SUFFIX)]
            if _UUID_RE.match(own) and own not in taken:
                existing_id = own if store.schedule.exists(own) else None
                if existing_id is None:  # keep the id Steady gave it, for merging later
                    item = replace(item, id=own)
        if existing_id is not None and existing_id not in taken:
            current = store.schedule.get(existing_id)
            if current is not None:
                item = replace(item, id=existing_id,
                               kind=item.kind if kind_given else current.kind,
                               reminder_minutes=(item.reminder_minutes if item.reminder_minutes is not None
                                                 else current.reminder_minutes))
                to_update.append(item)
                taken.add(item.id)
                links.append((item.id, uid))
                return item
        if existing_id is not None:
            skipped += 1
            # Its item is already being updated from another event of this file.
            warnings.add(_("{event} matches an item another event in the file already updates, so it "
                           "was skipped.").format(event=_name(item.title, uid)))
            return None
        if item.id in taken:
            item = replace(item, id=new_id())
        to_add.append(item)
        if not kind_given:
            chosen_kind.add(item.id)
        taken.add(item.id)
        links.append((item.id, uid))
        return item

    for s in reading.series:
        kind_given = s.kind_given
        item = place(s.uid, s.item, kind_given)
        if item is None:
            continue
        for c in s.changes:
            changes.append(replace(c, item_id=item.id))
        for start, extra in s.extras:
            place(f"{s.uid}#{start:%Y%m%dT%H%M%S}", extra, kind_given)
    return ImportPlan(tuple(to_add), tuple(to_update), tuple(changes), tuple(links),
                      warnings.as_tuple(), reading.source, reading.events, skipped, reading.kind,
                      frozenset(chosen_kind))


def _sequence(ev) -> int:
    try:
        return int(str(ev.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        return 0


def _copyable(item: ScheduleItem) -> dict[str, Any]:
    return {k: getattr(item, k) for k in ("title", "kind", "timezone", "all_day", "location", "notes",
                                          "reminder_minutes")}


def _has_any_occurrence(item: ScheduleItem) -> bool:
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(strip_rrule_prefix(item.recurrence), dtstart=item.start, ignoretz=True)
        return rule.after(item.start - ONE_SECOND, inc=True) is not None
    except (ValueError, TypeError):
        return False


def _length(span: dt.timedelta) -> str:
    hours = span / dt.timedelta(hours=1)
    return ngettext("{n} hour", "{n} hours", hours).format(n=f"{hours:g}")


def _same_moments(a: _Series, b: _Series, years: int = 3) -> bool:
    """Whether two readings of one event give the same moments over its first `years` years."""
    def moments(s: _Series) -> list[tuple[dt.datetime, dt.datetime]]:
        item = s.item
        span_end = item.start + dt.timedelta(days=366 * years)
        out = [(to_utc(o.start, item.timezone), to_utc(o.end, item.timezone))
               for o in occurrences(item, item.start, span_end)]
        out += [(to_utc(e.start, e.timezone), to_utc(e.end, e.timezone)) for e in s.extras.values()]
        return sorted(out)

    try:
        return moments(a) == moments(b)
    except (ValueError, OverflowError):
        return False
