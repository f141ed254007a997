"""Sober-day counting. A lapse ends a period and starts a new one; no period is erased.

The day of a lapse is never a sober day, in any count: a period's days run from its start
up to, not including, the day it ended (the lapse), and a new period starts the day after
the lapse at the earliest. A period typed by hand (or from an older Steady) that starts on
another period's lapse day starts counting the day after (`sober_start`).

"Not yet": after a lapse a person may not be ready to name the day they start again. Then
the period ends and no new one begins; the lapse stays open (`SobrietyStats.open_since`)
and no sober-day marks are due until a new period starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable

from . import formatting as fmt
from .errors import ValidationError
from .i18n import _
from .records import SobrietyPeriod

_DAY = dt.timedelta(days=1)


def lapse_days(periods: Iterable[SobrietyPeriod]) -> frozenset[dt.date]:
    """The days periods ended on: the days of lapses."""
    return frozenset(p.end_date for p in periods if p.end_date is not None)


def sober_start(period: SobrietyPeriod, lapses: Iterable[dt.date] = ()) -> dt.date:
    """The period's first sober day: its start, or the day after when it starts on a lapse."""
    return period.start_date + _DAY if period.start_date in set(lapses) else period.start_date


def current_period(periods: Iterable[SobrietyPeriod], today: dt.date) -> SobrietyPeriod | None:
    """The open period that has started by `today`, latest start first."""
    open_ones = [p for p in periods if p.end_date is None and p.start_date <= today]
    return max(open_ones, key=lambda p: p.start_date, default=None)


def sober_days(period: SobrietyPeriod | None, today: dt.date, lapses: Iterable[dt.date] = ()) -> int | None:
    """Whole days since the first sober day: that day itself is day 0, as on a sobriety chip."""
    if period is None:
        return None
    return max(0, (today - sober_start(period, lapses)).days)


def period_days(period: SobrietyPeriod, today: dt.date, lapses: Iterable[dt.date] = ()) -> int:
    """Days a period lasted (or has lasted so far): its end, or today, minus its first sober day."""
    end = period.end_date if period.end_date is not None else today
    return max(0, (min(end, today) - sober_start(period, lapses)).days)


@dataclass(frozen=True)
class SobrietyStats:
    current: SobrietyPeriod | None
    current_days: int | None
    longest: SobrietyPeriod | None
    longest_days: int
    sober_days_this_year: int
    periods: int
    open_since: dt.date | None = None  # a lapse with no new period yet ("not yet"): its day
    next_start: dt.date | None = None  # a new period that starts after today (e.g. tomorrow)


def sobriety_stats(periods: Iterable[SobrietyPeriod], today: dt.date,
                   use_days: Iterable[dt.date] = ()) -> SobrietyStats:
    """Current, longest and this year's sober days over every period; nothing is dropped.

    A day counts as sober inside a period from its first sober day up to (not including) its
    end day, the day of the lapse; overlapping periods (typed by hand) count each day once.
    No lapse day and no day in `use_days` (check-ins with use) counts toward this year's.
    """
    every = list(periods)
    lapses = lapse_days(every)
    started = [p for p in every if p.start_date <= today]
    current = current_period(started, today)
    longest = max(started, key=lambda p: (period_days(p, today, lapses), p.start_date), default=None)
    jan_first = dt.date(today.year, 1, 1)
    days: set[int] = set()
    for p in started:
        first = max(sober_start(p, lapses), jan_first)
        end = min(p.end_date if p.end_date is not None else today + _DAY, today + _DAY)
        days.update(range(first.toordinal(), end.toordinal()))
    days -= {d.toordinal() for d in lapses}
    days -= {d.toordinal() for d in use_days}
    later = [p.start_date for p in every if p.start_date > today and p.end_date is None]
    ended = [p.end_date for p in started if p.end_date is not None and p.end_date <= today]
    open_since = None
    if current is None and not later and ended:
        last = max(ended)
        if not any(p.start_date > last for p in started):
            open_since = last
    return SobrietyStats(
        current=current,
        current_days=sober_days(current, today, lapses),
        longest=longest,
        longest_days=period_days(longest, today, lapses) if longest else 0,
        sober_days_this_year=len(days),
        periods=len(started),
        open_since=open_since,
        next_start=min(later) if later and current is None else None,
    )


def after_lapse(current: SobrietyPeriod | None, lapse_day: dt.date,
                sober_again: dt.date | None) -> tuple[SobrietyPeriod | None, SobrietyPeriod | None]:
    """The current period ended on the lapse day (kept, never erased) and a new one begun the
    day after at the earliest; `sober_again` None ("not yet") begins none."""
    if sober_again is not None and sober_again <= lapse_day:
        raise ValidationError("start_date", _("The day of the lapse is not a sober day: start again from the day "
                                              "after it or later."))
    ended = None
    if current is not None:
        if lapse_day < current.start_date:
            raise ValidationError("end_date", _("The lapse cannot be before the current period began ({day}).").format(
                day=fmt.date(current.start_date)))
        ended = replace(current, end_date=lapse_day)
    return ended, (SobrietyPeriod(start_date=sober_again) if sober_again is not None else None)
