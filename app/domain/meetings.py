"""Meeting streaks and the "90 meetings in 90 days" challenge, from the dates of meetings
attended. Pure functions over dates, so the same numbers show in the window and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable

from . import formatting as fmt
from .formatting import week_start
from .i18n import _

NINETY = 90


@dataclass(frozen=True)
class MeetingStreaks:
    day_streak: int  # consecutive days up to today (or yesterday) with a meeting
    longest_day_streak: int
    week_streak: int  # consecutive weeks, Monday to Sunday, up to this one (or last) with a meeting
    last_30_days: int  # meetings attended in the 30 days ending today


@dataclass(frozen=True)
class MeetingDays:
    """What the streaks need of the meeting history, however long: the latest run of
    consecutive days with a meeting and of consecutive weeks (Monday to Sunday) with one, as
    (first, last), the longest run of days, and the meetings of the last 30 days. The
    repository keeps these up to yesterday and adds the days since (AttendanceRepository.
    meeting_days), so the Meetings page costs the same after 20 years as after one."""
    last_day_run: tuple[dt.date, dt.date] | None = None
    longest_day_run: int = 0
    last_week_run: tuple[dt.date, dt.date] | None = None  # Mondays
    last_30_days: int = 0


def add_days(days: MeetingDays, new: Iterable[dt.date]) -> MeetingDays:
    """`days` with more meeting days counted, none of them before the last one counted."""
    last, longest, week = days.last_day_run, days.longest_day_run, days.last_week_run
    for d in sorted(set(new)):
        if last is not None and d <= last[1]:
            continue
        last = (last[0], d) if last is not None and (d - last[1]).days == 1 else (d, d)
        longest = max(longest, (last[1] - last[0]).days + 1)
        monday = week_start(d)
        if week is None or (monday - week[1]).days > 7:
            week = (monday, monday)
        elif monday != week[1]:
            week = (week[0], monday)
    return MeetingDays(last, longest, week, days.last_30_days)


def streaks_from(days: MeetingDays, today: dt.date) -> MeetingStreaks:
    """Streaks count up to today; a streak is still alive if the last meeting was yesterday
    (or, for weeks, last week), because today (this week) is not over yet."""
    streak = 0
    if days.last_day_run is not None:
        first, last = days.last_day_run
        if last >= today - dt.timedelta(days=1):
            streak = (min(last, today) - first).days + 1
    week_streak = 0
    if days.last_week_run is not None:
        first, last = days.last_week_run
        if last >= week_start(today) - dt.timedelta(days=7):
            week_streak = (min(last, week_start(today)) - first).days // 7 + 1
    return MeetingStreaks(streak, days.longest_day_run, week_streak, days.last_30_days)


def meeting_days(attended: Iterable[dt.datetime | dt.date], today: dt.date) -> MeetingDays:
    """MeetingDays from meeting times in memory (the repository reads the same from the file)."""
    times = list(attended)
    since = today - dt.timedelta(days=29)
    counted = add_days(MeetingDays(), (_day(t) for t in times if _day(t) <= today))
    return replace(counted, last_30_days=sum(1 for t in times if since <= _day(t) <= today))


def meeting_streaks(attended: Iterable[dt.datetime | dt.date], today: dt.date) -> MeetingStreaks:
    """Streaks from meeting times in memory: `streaks_from(meeting_days(...))`."""
    return streaks_from(meeting_days(attended, today), today)


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class NinetyInNinety:
    start: dt.date
    day: int  # 1..90 while running; 90 once the window has passed
    meetings: int  # meetings attended in the window so far
    finished: bool  # the 90 days are over

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=NINETY - 1)

    @property
    def completed(self) -> bool:
        return self.meetings >= NINETY

    @property
    def on_pace(self) -> bool:
        """At least one meeting for every day so far."""
        return self.meetings >= self.day

    @property
    def behind_by(self) -> int:
        return max(0, self.day - self.meetings)

    def describe(self) -> str:
        if self.completed:
            return _("90 in 90 done: {meetings} from {first} to {last}.").format(
                meetings=fmt.plural(self.meetings, "meeting", "meetings"), first=fmt.day_month(self.start),
                last=fmt.date(self.end))
        if self.finished:
            return _("Your 90 in 90 from {day} ended with {meetings}. Every one of them counted.").format(
                day=fmt.date(self.start), meetings=fmt.plural(self.meetings, "meeting", "meetings"))
        pace = _("on pace") if self.on_pace else _("{n} behind pace").format(n=fmt.number(self.behind_by))
        return _("Day {day} of 90: {meetings} of 90 meetings ({pace}).").format(
            day=self.day, meetings=self.meetings, pace=pace)


def ninety_counted_days(start: dt.date, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days whose meetings count toward a 90 in 90 started on `start`, as of `today`:
    (start, the last day so far), or None before it starts."""
    if today < start:
        return None
    return start, min(today, start + dt.timedelta(days=NINETY - 1))


def ninety_from_count(start: dt.date, today: dt.date, meetings: int) -> NinetyInNinety:
    """The 90 in 90 started on `start`, as of `today`, with `meetings` attended on its
    counted days (ninety_counted_days). The one rule for the day number and the end."""
    days = ninety_counted_days(start, today)
    if days is None:
        return NinetyInNinety(start, 0, 0, False)
    first, upto = days
    return NinetyInNinety(start, (upto - first).days + 1, meetings, today > start + dt.timedelta(days=NINETY - 1))


def ninety_in_ninety(attended: Iterable[dt.datetime | dt.date], start: dt.date, today: dt.date) -> NinetyInNinety:
    """ninety_from_count over a list of attended meetings."""
    days = ninety_counted_days(start, today)
    meetings = 0 if days is None else sum(1 for t in attended if days[0] <= _day(t) <= days[1])
    return ninety_from_count(start, today, meetings)
