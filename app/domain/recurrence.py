"""Expanding schedule items into occurrences, in local wall-clock time.

Recurrence runs on the naive local start time, so "Tuesdays at 18:00" stays at 18:00
on both sides of a daylight-saving change: the zone is applied only when a moment in
absolute time is needed (reminders, ICS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from .errors import ValidationError

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


@dataclass(frozen=True)
class Occurrence:
    item: object  # a ScheduleItem; typed loosely to avoid an import cycle
    start: dt.datetime
    end: dt.datetime


@lru_cache(maxsize=1024)
def _parse(text: str, dtstart: dt.datetime) -> rrule:
    rule = rrulestr(text, dtstart=dtstart, forceset=False, ignoretz=True)
    if not isinstance(rule, rrule):
        raise ValueError("not a single RRULE")
    return rule


def check_rrule(text: str) -> None:
    """Raise ValidationError unless `text` is one RRULE we can expand."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts = {}
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        if not sep:
            raise ValidationError("recurrence", f"Repeats is not a valid rule (“{text[:60]}”).")
        parts[key.strip().upper()] = value.strip()
    if parts.get("FREQ", "").upper() not in _ALLOWED_FREQ:
        raise ValidationError("recurrence", "Repeats must be daily, weekly, monthly or yearly.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError("recurrence", "Repeats can end after a count or on a date, not both.")
    try:
        _parse(body, dt.datetime(2000, 1, 3, 12, 0))
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ValidationError("recurrence", f"Repeats is not a valid rule (“{text[:60]}”).") from None


def occurrences(item, range_start: dt.datetime, range_end: dt.datetime) -> list[Occurrence]:
    """Occurrences of `item` that overlap [range_start, range_end)."""
    duration = item.end - item.start
    if not item.recurrence:
        if item.start < range_end and item.end > range_start:
            return [Occurrence(item, item.start, item.end)]
        return []
    body = item.recurrence.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    rule = _parse(body, item.start)
    rule = _near(rule, item.start, range_start - duration)
    # An occurrence that starts before the range can still overlap it.
    starts = rule.between(range_start - duration, range_end, inc=True)
    return [
        Occurrence(item, s, s + duration)
        for s in starts
        if s < range_end and s + duration > range_start
    ]


_PERIOD_DAYS = {3: 1, 2: 7}  # dateutil's DAILY and WEEKLY, in days per step


def _near(rule: rrule, start: dt.datetime, wanted: dt.datetime) -> rrule:
    """The same rule started close to `wanted` instead of years earlier.

    dateutil steps from the series' first date, so a weekly group begun five years ago costs
    hundreds of steps on every read of this week. A daily or weekly rule without COUNT repeats
    exactly every INTERVAL days or weeks, so moving its start forward by whole periods (to at
    least one period before `wanted`, the same weekday and time of day) gives the same
    occurrences from there on. A COUNT counts from the first date, so such rules are left alone.
    """
    days = _PERIOD_DAYS.get(rule._freq)
    if days is None or rule._count is not None or wanted <= start:
        return rule
    period = dt.timedelta(days=days * rule._interval)
    steps = (wanted - start) // period - 1
    if steps <= 0:
        return rule
    return rule.replace(dtstart=start + steps * period)


def _rule_parts(text: str) -> list[tuple[str, str]]:
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts = []
    for part in body.split(";"):
        key, _, value = part.partition("=")
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


_DAY_NAMES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
_UNITS = {"DAILY": ("Daily", "days"), "WEEKLY": ("Weekly", "weeks"),
          "MONTHLY": ("Monthly", "months"), "YEARLY": ("Yearly", "years")}


def describe_rule(text: str) -> str:
    """A repeat rule in plain words: "Every 2 weeks on Thu until 10 May 2026"."""
    if not text.strip():
        return ""
    parts = dict(_rule_parts(text))
    freq = parts.get("FREQ", "")
    if freq not in _UNITS:
        return text
    word, unit = _UNITS[freq]
    interval = int(parts.get("INTERVAL", "1") or 1)
    out = word if interval == 1 else f"Every {interval} {unit}"
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if days:
        named = []
        for d in days:
            code, ordinal = d[-2:], d[:-2]
            name = _DAY_NAMES.get(code, code)
            named.append(f"{_ORDINALS.get(ordinal, ordinal)} {name}" if ordinal else name)
        out += " on " + ", ".join(named)
    if "UNTIL" in parts:
        try:
            until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d")
            out += f" until {until.day} {until:%b %Y}"
        except ValueError:
            pass
    elif "COUNT" in parts:
        out += f", {parts['COUNT']} times"
    return out
