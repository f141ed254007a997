"""What the Today page shows: today's agenda and this week's counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast
from dataclasses import dataclass

from app.domain.formatting import week_start
from app.domain.recurrence import Occurrence, occurrences
from app.domain.sobriety import current_period, lapse_days, sober_days

from .clock import Clock, SystemClock

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.domain.records import ScheduleItem
    from app.storage import Store



@dataclass(frozen=True)
class TodaySummary:
    day: dt.date
    agenda: tuple[Occurrence, ...]
    checked_in_today: bool
    week_start: dt.date
    coping_this_week: int
    meetings_this_week: int
    selfcare_minutes_this_week: int
    checkins_this_week: int
    sober_days: int | None
    sober_since: dt.date | None


def agenda_for(store: Store, day: dt.date) -> tuple[Occurrence, ...]:
    start = dt.datetime.combine(day, dt.time())
    end = start + dt.timedelta(days=1)
    found = []
    for item in store.schedule.overlapping(start, end):
        found.extend(occurrences(item, start, end))
    found.sort(key=lambda o: (o.start, cast("ScheduleItem", o.item).title))
    return tuple(found)


class TodayService:
    def __init__(self, store: Store, clock: Clock | None = None):
        self.store = store
        self.clock = clock or SystemClock()

    def summary(self, day: dt.date | None = None) -> TodaySummary:
        s = self.store
        day = day or self.clock.now().date()
        monday = week_start(day)
        sunday = monday + dt.timedelta(days=6)
        periods = s.sobriety.list(end=day)
        period = current_period(periods, day)
        return TodaySummary(
            day=day,
            agenda=agenda_for(s, day),
            checked_in_today=s.checkins.for_day(day) is not None,
            week_start=monday,
            coping_this_week=s.coping.count_between(monday, sunday),
            meetings_this_week=s.attendance.meetings_between(monday, sunday),
            selfcare_minutes_this_week=int(s.selfcare.sum_between("minutes", monday, sunday)),
            checkins_this_week=s.checkins.count_between(monday, sunday),
            sober_days=sober_days(period, day, lapse_days(periods)),
            sober_since=period.start_date if period else None,
        )
