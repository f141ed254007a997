"""Sober-day counting. A lapse ends a period and starts a new one; no period is erased."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

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
