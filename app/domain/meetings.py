"""Meeting streaks and the "90 meetings in 90 days" challenge, from the dates of meetings
attended. Pure functions over dates, so the same numbers show in the window and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from . import formatting as fmt
from .formatting import week_start

NINETY = 90


@dataclass(frozen=True)
class MeetingStreaks:
    day_streak: int  # consecutive days up to today (or yesterday) with a meeting
    longest_day_streak: int
    week_streak: int  # consecutive weeks, Monday to Sunday, up to this one (or last) with a meeting
    last_30_days: int  # meetings attended in the 30 days ending today


def meeting_streaks(attended: Iterable[dt.datetime | dt.date], today: dt.date) -> MeetingStreaks:
    """Streaks count up to today; a streak is still alive if the last meeting was yesterday
    (or, for weeks, last week), because today (this week) is not over yet."""
    times = list(attended)
    days = sorted({_day(d) for d in times if _day(d) <= today})
    day_set = set(days)

    streak = 0
    cursor = today if today in day_set else today - dt.timedelta(days=1)
    while cursor in day_set:
        streak += 1
        cursor -= dt.timedelta(days=1)

    longest = run = 0
    previous = None
    for d in days:
        run = run + 1 if previous is not None and (d - previous).days == 1 else 1
        longest = max(longest, run)
        previous = d

    weeks = {week_start(d) for d in days}
    week_streak = 0
    cursor = week_start(today) if week_start(today) in weeks else week_start(today) - dt.timedelta(days=7)
    while cursor in weeks:
        week_streak += 1
        cursor -= dt.timedelta(days=7)

    since = today - dt.timedelta(days=29)
    last_30 = sum(1 for t in times if since <= _day(t) <= today)
    return MeetingStreaks(streak, longest, week_streak, last_30)


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
            return f"90 in 90 done: {self.meetings} meetings from {fmt.day_month(self.start)} to {fmt.date(self.end)}."
        if self.finished:
            return (f"Your 90 in 90 from {fmt.date(self.start)} ended with {self.meetings} meetings. "
                    "Every one of them counted.")
        pace = "on pace" if self.on_pace else f"{self.behind_by} behind pace"
        return f"Day {self.day} of 90: {self.meetings} of 90 meetings ({pace})."


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
