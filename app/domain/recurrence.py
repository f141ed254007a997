"""Expanding schedule items into occurrences, in local wall-clock time.

Recurrence runs on the naive local start time, so "Tuesdays at 18:00" stays at 18:00
on both sides of a daylight-saving change: the zone is applied only when a moment in
absolute time is needed (reminders, ICS).
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from . import formatting as fmt
from . import i18n
from .errors import ValidationError
from .i18n import N_, _, ngettext

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


@dataclass(frozen=True)
class Occurrence:
    item: object  # a ScheduleItem; typed loosely to avoid an import cycle
    start: dt.datetime
    end: dt.datetime


# UNTIL as RFC 5545 writes it (a date, or a date-time, local or UTC): read here, because
# dateutil reads it with its general date parser, whose import alone costs ~4 ms of the
# window's start (Today expands the day's repeating items). Other spellings go to dateutil.
_UNTIL = re.compile(r"(?:^|;)\s*UNTIL\s*=\s*(\d{8})(?:T(\d{6})Z?)?\s*(?=;|$)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _parse(text: str, dtstart: dt.datetime) -> rrule:
    until = None
    match = _UNTIL.search(text)
    if match:
        day, time = match.group(1), match.group(2) or "000000"
        # As dateutil with ignoretz: the wall-clock reading, a trailing Z dropped.
        until = dt.datetime(int(day[:4]), int(day[4:6]), int(day[6:]), int(time[:2]), int(time[2:4]), int(time[4:]))
        text = (text[:match.start()] + text[match.end():]).strip(";")
    rule = rrulestr(text, dtstart=dtstart, forceset=False, ignoretz=True, cache=False)
    if not isinstance(rule, rrule):
        raise ValueError("not a single RRULE")
    return rule if until is None else rule.replace(until=until)


# Limits stated in the README (Reliability): a rule outside them is refused with a sentence,
# because each one has made a view, an export or the window's start take minutes.
MAX_INTERVAL = 1000
MAX_COUNT = 10_000
MAX_PER_DAY = 24  # occurrences a day (BYHOUR x BYMINUTE x BYSECOND)
_PROBE_YEARS = 400  # the Gregorian calendar repeats every 400 years


# Set while records are read back from the data file (the repositories set and reset it around
# each row): a rule stored before these limits existed is still read, so lists, exports and the
# window work and the item can be deleted; views bound its expansion instead. A change to such
# an item meets the limits again.
READING_STORED: ContextVar[bool] = ContextVar("reading_stored", default=False)


def check_rrule(text: str, dtstart: dt.datetime | None = None) -> None:
    """Raise ValidationError unless `text` is one RRULE we can expand in bounded time."""
    body = _strip(text)
    parts: dict[str, str] = {}
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        if not sep:
            raise ValidationError("recurrence", _("Repeats is not a valid rule (“{rule}”).").format(rule=text[:60]))
        parts[key.strip().upper()] = value.strip()
    if parts.get("FREQ", "").upper() not in _ALLOWED_FREQ:
        raise ValidationError("recurrence", _("Repeats must be daily, weekly, monthly or yearly."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError("recurrence", _("Repeats can end after a count or on a date, not both."))
    if READING_STORED.get():
        return
    for key, top, what in (("INTERVAL", MAX_INTERVAL, N_("Repeats INTERVAL must be a whole number from 1 to {top}.")),
                           ("COUNT", MAX_COUNT, N_("Repeats can end after 1 to {top} times."))):
        if key in parts:
            value = parts[key]
            if not (value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= top):
                raise ValidationError("recurrence", i18n._(what).format(top=fmt.number(top)))
    per_day = 1
    for key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if parts.get(key):
            per_day *= len({v.strip() for v in parts[key].split(",")})
    if per_day > MAX_PER_DAY:
        raise ValidationError("recurrence", _("Repeats can happen at most {most} times a day; "
                                              "this rule would happen {count} times a day.").format(
            most=fmt.number(MAX_PER_DAY), count=fmt.number(per_day)))
    start = dtstart or dt.datetime(2000, 1, 3, 12, 0)
    try:
        _parse(body, start)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise ValidationError("recurrence", _("Repeats is not a valid rule (“{rule}”).").format(rule=text[:60])) from None
    if not _ever_occurs(body, start):
        raise ValidationError("recurrence", _("Repeats never happens: no date matches this rule "
                                              "(for example the 30th of February)."))


def _strip(text: str) -> str:
    body = text.strip()
    return body[6:] if body.upper().startswith("RRULE:") else body


@lru_cache(maxsize=1024)
def _ever_occurs(body: str, dtstart: dt.datetime) -> bool:
    """Whether the rule's pattern matches any date at all, found in bounded time.

    dateutil looks for the next match until the year 9999, day by day for a daily rule, so a
    rule no date satisfies (BYMONTH=2;BYMONTHDAY=30) costs seconds on every read. Weekdays and
    leap years repeat exactly every 400 years, so the same rule started a multiple of 400 years
    later matches the same days; started within 400 years of 9999, the search ends there.
    COUNT and UNTIL are left out: this asks about the pattern only.
    """
    pattern = ";".join(p for p in body.split(";") if p.split("=")[0].strip().upper() not in ("COUNT", "UNTIL"))
    shift = ((dt.MAXYEAR - _PROBE_YEARS - dtstart.year) // _PROBE_YEARS) * _PROBE_YEARS
    if shift <= 0:
        return True
    try:
        probe = rrulestr(pattern, dtstart=dtstart.replace(year=dtstart.year + shift), forceset=False, ignoretz=True)
        return probe.after(probe._dtstart, inc=True) is not None
    except (ValueError, TypeError, OverflowError):
        return False


def occurrences(item, range_start: dt.datetime, range_end: dt.datetime) -> list[Occurrence]:
    """Occurrences of `item` that overlap [range_start, range_end).

    Bounded by the window asked for, whatever the stored rule says: a rule that never occurs
    yields nothing without a search to the year 9999, and no more than MAX_PER_DAY a day (plus
    MAX_COUNT steps from the series' start) are ever generated, so a rule stored before the
    limits existed cannot stop a view.
    """
    duration = item.end - item.start
    if not item.recurrence:
        if item.start < range_end and item.end > range_start:
            return [Occurrence(item, item.start, item.end)]
        return []
    body = _strip(item.recurrence)
    try:
        rule = _parse(body, item.start)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return [Occurrence(item, item.start, item.end)] if item.start < range_end and item.end > range_start else []
    if not _ever_occurs(body, item.start):
        return []
    wanted = range_start - duration  # an occurrence that starts before the range can still overlap it
    rule = _near(rule, item.start, wanted)
    days = (range_end - wanted) // dt.timedelta(days=1) + 2
    most = days * MAX_PER_DAY
    steps = most + MAX_COUNT
    found: list[Occurrence] = []
    try:
        for s in rule:
            steps -= 1
            if s >= range_end or steps < 0:
                break
            if s >= wanted and s + duration > range_start:
                found.append(Occurrence(item, s, s + duration))
                if len(found) >= most:
                    break
    except (ValueError, OverflowError):  # a step past the year 9999
        pass
    return found


_PERIOD_DAYS = {3: 1, 2: 7}  # dateutil's DAILY and WEEKLY, in days per step


def _near(rule: rrule, start: dt.datetime, wanted: dt.datetime) -> rrule:
    """The same rule started close to `wanted` instead of years earlier.

    dateutil steps from the series' first date, so a weekly group begun five years ago costs
    hundreds of steps on every read of this week. A rule without COUNT repeats exactly every
    INTERVAL days, weeks, months or years, so moving its start forward by whole periods (to at
    least one period before `wanted`, the same weekday, day of month and time of day) gives the
    same occurrences from there on. A COUNT counts from the first date, so such rules are left
    alone (MAX_COUNT bounds them).
    """
    if rule._count is not None or wanted <= start:
        return rule
    days = _PERIOD_DAYS.get(rule._freq)
    if days is not None:
        period = dt.timedelta(days=days * rule._interval)
        steps = (wanted - start) // period - 1
        if steps <= 0:
            return rule
        return rule.replace(dtstart=start + steps * period)
    months = {1: 1, 0: 12}.get(rule._freq)  # dateutil's MONTHLY and YEARLY
    if months is None or (start.month == 2 and start.day == 29) or start.day > 28:
        return rule
    period_months = months * rule._interval
    gap = (wanted.year - start.year) * 12 + wanted.month - start.month
    steps = gap // period_months - 1
    if steps <= 0:
        return rule
    moved = start.month - 1 + steps * period_months
    return rule.replace(dtstart=start.replace(year=start.year + moved // 12, month=moved % 12 + 1))


def _rule_parts(text: str) -> list[tuple[str, str]]:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts = []
    for part in body.split(";"):
        key, _sep, value = part.partition("=")
        parts.append((key.strip().upper(), value.strip()))
    return parts


def _join(parts: list[tuple[str, str]]) -> str:
    return ";".join(f"{k}={v}" for k, v in parts)


def split_rule(item, at: dt.datetime) -> tuple[str, str]:
    """Rules for a series cut at the occurrence `at`: (before, from `at` on).

    The first ends just before `at` (UNTIL), the second keeps the pattern; a COUNT is shared
    out so the two together still have the original number of occurrences.
    """
    parts = _rule_parts(item.recurrence)
    rule = _parse(_join(parts), item.start)
    before_count = len(rule.between(item.start, at, inc=False)) + (1 if item.start < at and item.start in rule else 0)
    # End at the close of the last day that keeps a session, the way the repeats editor ends
    # a series "on date" (so it shows the cut series as such); only when no session of that
    # day is at or after `at` — otherwise one second before `at`.
    last = rule.before(at, inc=False)
    if last is not None and last.date() < at.date():
        until = last.strftime("%Y%m%dT235959")
    else:
        until = (at - dt.timedelta(seconds=1)).strftime("%Y%m%dT%H%M%S")
    before = [(k, v) for k, v in parts if k not in ("COUNT", "UNTIL")] + [("UNTIL", until)]
    after = list(parts)
    counts = [v for k, v in parts if k == "COUNT"]
    if counts:
        remaining = max(1, int(counts[0]) - before_count)
        after = [(k, str(remaining) if k == "COUNT" else v) for k, v in parts]
    return _join(before), _join(after)


_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {"1": N_("first {day}"), "2": N_("second {day}"), "3": N_("third {day}"), "4": N_("fourth {day}"),
             "-1": N_("last {day}")}
_UNITS = {"DAILY": N_("Daily"), "WEEKLY": N_("Weekly"), "MONTHLY": N_("Monthly"), "YEARLY": N_("Yearly")}


def _every(freq: str, interval: int) -> str:
    if freq == "DAILY":
        return ngettext("Every {n} day", "Every {n} days", interval).format(n=fmt.number(interval))
    if freq == "WEEKLY":
        return ngettext("Every {n} week", "Every {n} weeks", interval).format(n=fmt.number(interval))
    if freq == "MONTHLY":
        return ngettext("Every {n} month", "Every {n} months", interval).format(n=fmt.number(interval))
    return ngettext("Every {n} year", "Every {n} years", interval).format(n=fmt.number(interval))


def describe_rule(text: str) -> str:
    """A repeat rule in plain words: "Every 2 weeks on Thu until 10 May 2026"."""
    if not text.strip():
        return ""
    parts = dict(_rule_parts(text))
    freq = parts.get("FREQ", "")
    if freq not in _UNITS:
        return text
    interval = int(parts.get("INTERVAL", "1") or 1)
    out = i18n._(_UNITS[freq]) if interval == 1 else _every(freq, interval)
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if days:
        named = []
        for d in days:
            code, ordinal = d[-2:], d[:-2]
            name = fmt.weekday_name(_DAY_CODES.index(code), long=False) if code in _DAY_CODES else code
            if not ordinal:
                named.append(name)
            elif ordinal in _ORDINALS:
                named.append(i18n._(_ORDINALS[ordinal]).format(day=name))
            else:
                named.append(f"{ordinal} {name}")
        out += _(" on {days}").format(days=", ".join(named))
    if "UNTIL" in parts:
        try:
            until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
            out += _(" until {day}").format(day=fmt.date(until))
        except ValueError:
            pass
    elif "COUNT" in parts:
        count = parts["COUNT"]
        if count.isdigit():
            out += ngettext(", {n} time", ", {n} times", int(count)).format(n=count)
        else:
            out += f", {count}"
    return out
