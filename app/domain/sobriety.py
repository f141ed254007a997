"""Sober-day counting. A lapse ends a period and starts a new one; no period is erased."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable

from .errors import ValidationError
from .records import SobrietyPeriod


def current_period(periods: Iterable[SobrietyPeriod], today: dt.date) -> SobrietyPeriod | None:
    """The open period that has started by `today`, latest start first."""
    open_ones = [p for p in periods if p.end_date is None and p.start_date <= today]
    return max(open_ones, key=lambda p: p.start_date, default=None)


def sober_days(period: SobrietyPeriod | None, today: dt.date) -> int | None:
    """Whole days since the start: the start day itself is day 0, as on a sobriety chip."""
    if period is None:
        return None
    return max(0, (today - period.start_date).days)


def period_days(period: SobrietyPeriod, today: dt.date) -> int:
    """Days a period lasted (or has lasted so far): its end, or today, minus its start."""
    end = period.end_date if period.end_date is not None else today
    return max(0, (min(end, today) - period.start_date).days)


@dataclass(frozen=True)
class SobrietyStats:
    current: SobrietyPeriod | None
    current_days: int | None
    longest: SobrietyPeriod | None
    longest_days: int
    sober_days_this_year: int
    periods: int


def sobriety_stats(periods: Iterable[SobrietyPeriod], today: dt.date) -> SobrietyStats:
    """Current, longest and this year's sober days over every period; nothing is dropped.

    A day counts as sober inside a period from its start up to (not including) its end
    day, the day of the lapse; overlapping periods (typed by hand) count each day once.
    """
    started = [p for p in periods if p.start_date <= today]
    current = current_period(started, today)
    longest = max(started, key=lambda p: (period_days(p, today), p.start_date), default=None)
    jan_first = dt.date(today.year, 1, 1)
    days: set[int] = set()
    for p in started:
        first = max(p.start_date, jan_first)
        end = min(p.end_date if p.end_date is not None else today + dt.timedelta(days=1), today + dt.timedelta(days=1))
        days.update(range(first.toordinal(), end.toordinal()))
    return SobrietyStats(
        current=current,
        current_days=sober_days(current, today),
        longest=longest,
        longest_days=period_days(longest, today) if longest else 0,
        sober_days_this_year=len(days),
        periods=len(started),
    )


def after_lapse(current: SobrietyPeriod | None, lapse_day: dt.date,
                sober_again: dt.date) -> tuple[SobrietyPeriod | None, SobrietyPeriod]:
    """The current period ended on the lapse day (kept, never erased) and a new one begun."""
    if sober_again < lapse_day:
        raise ValidationError("start_date", "The new sober date cannot be before the lapse.")
    ended = None
    if current is not None:
        if lapse_day < current.start_date:
            raise ValidationError("end_date", f"The lapse cannot be before the current period began "
                                              f"({current.start_date.isoformat()}).")
        ended = replace(current, end_date=lapse_day)
    return ended, SobrietyPeriod(start_date=sober_again)
