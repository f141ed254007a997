"""Meeting streaks, 90 in 90, and sobriety periods across lapses."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.meetings import meeting_streaks, ninety_in_ninety
from app.domain.records import SobrietyPeriod
from app.domain.sobriety import after_lapse, sobriety_stats

D = dt.date
TODAY = D(2026, 11, 18)  # a Wednesday


def days_back(*offsets):
    return [dt.datetime.combine(TODAY - dt.timedelta(days=o), dt.time(19)) for o in offsets]


def test_day_streak_counts_back_from_today_or_yesterday():
    assert meeting_streaks(days_back(0, 1, 2, 4), TODAY).day_streak == 3
    # Today is not over: a streak ending yesterday is still alive.
    assert meeting_streaks(days_back(1, 2), TODAY).day_streak == 2
    assert meeting_streaks(days_back(2, 3), TODAY).day_streak == 0
    assert meeting_streaks([], TODAY).day_streak == 0


def test_two_meetings_on_one_day_count_once_for_streaks_and_twice_for_meetings():
    s = meeting_streaks(days_back(0, 0, 1), TODAY)
    assert s.day_streak == 2 and s.last_30_days == 3


def test_longest_day_streak_and_week_streak():
    s = meeting_streaks(days_back(0, 20, 21, 22, 23, 30), TODAY)
    assert s.longest_day_streak == 4
    # This week has one; last week (9–15 Nov) has none, so the week streak is 1.
    assert s.week_streak == 1
    # Nothing yet this week (still alive): Sun 15th and Tue 10th are one week, Wed 4th the one before.
    s = meeting_streaks(days_back(3, 8, 14), TODAY)
    assert s.week_streak == 2


def test_future_meetings_do_not_count():
    s = meeting_streaks([dt.datetime(2026, 11, 19, 19)], TODAY)
    assert (s.day_streak, s.last_30_days, s.longest_day_streak) == (0, 0, 0)


def test_ninety_in_ninety_pace_and_finish():
    start = TODAY - dt.timedelta(days=9)  # today is day 10
    n = ninety_in_ninety(days_back(*range(0, 10)) + days_back(0, 1), start, TODAY)
    assert (n.day, n.meetings, n.on_pace, n.finished) == (10, 12, True, False)
    assert n.describe() == "Day 10 of 90: 12 of 90 meetings (on pace)."
    n = ninety_in_ninety(days_back(0, 5), start, TODAY)
    assert n.describe() == "Day 10 of 90: 2 of 90 meetings (8 behind pace)."
    # Meetings before the start or after the 90th day do not count.
    old_start = TODAY - dt.timedelta(days=120)
    n = ninety_in_ninety(days_back(121, 100, 0), old_start, TODAY)
    assert (n.day, n.meetings, n.finished, n.completed) == (90, 1, True, False)
    assert ninety_in_ninety(days_back(*range(90)), TODAY - dt.timedelta(days=89), TODAY).completed


def test_sobriety_stats_across_a_lapse_keep_every_period():
    first = SobrietyPeriod(start_date=D(2025, 12, 1), end_date=D(2026, 3, 10))
    second = SobrietyPeriod(start_date=D(2026, 3, 11))
    stats = sobriety_stats([first, second], TODAY)
    assert stats.current == second and stats.current_days == (TODAY - D(2026, 3, 11)).days
    assert stats.longest == second and stats.longest_days == stats.current_days
    assert stats.periods == 2
    # This year: 1 Jan – 9 Mar (the lapse day is not sober), then 11 Mar – today.
    expected = (D(2026, 3, 10) - D(2026, 1, 1)).days + (TODAY - D(2026, 3, 11)).days + 1
    assert stats.sober_days_this_year == expected


def test_longest_period_can_be_an_earlier_one():
    long_ago = SobrietyPeriod(start_date=D(2024, 1, 1), end_date=D(2025, 6, 1))
    now = SobrietyPeriod(start_date=D(2026, 11, 1))
    stats = sobriety_stats([now, long_ago], TODAY)
    assert stats.longest == long_ago and stats.longest_days == (D(2025, 6, 1) - D(2024, 1, 1)).days
    assert stats.current_days == 17


def test_after_lapse_ends_the_current_period_and_starts_a_new_one():
    current = SobrietyPeriod(start_date=D(2026, 5, 1))
    ended, started = after_lapse(current, D(2026, 11, 10), D(2026, 11, 11))
    assert ended.id == current.id and ended.end_date == D(2026, 11, 10)
    assert started.start_date == D(2026, 11, 11) and started.end_date is None
    for too_early in (D(2026, 11, 9), D(2026, 11, 10)):  # the lapse day itself is not a sober day
        with pytest.raises(ValidationError, match="not a sober day"):
            after_lapse(current, D(2026, 11, 10), too_early)
    with pytest.raises(ValidationError, match="before the current period began"):
        after_lapse(current, D(2026, 4, 1), D(2026, 4, 2))
    ended, started = after_lapse(None, D(2026, 11, 10), D(2026, 11, 11))
    assert ended is None and started.start_date == D(2026, 11, 11)
    ended, started = after_lapse(current, D(2026, 11, 10), None)  # "not yet"
    assert ended.end_date == D(2026, 11, 10) and started is None
