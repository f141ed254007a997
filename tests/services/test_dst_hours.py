"""Weekly hours count the time that passes: a night shift over the night clocks go back is
9 hours, over the night they go forward 7 (issue 15 item 9). The week planner's balance, the
progress chart's weekly balance and the counselor report's hours all read Slot hours."""

import datetime as dt

import pytest

from app.domain.records import ScheduleItem
from app.domain.schedule import elapsed_hours
from app.services.clock import FixedClock
from app.services.goals import GoalService
from app.services.progress import ProgressService
from app.services.records import RecordService
from app.services.schedule import ScheduleService

T = dt.datetime
NY = "America/New_York"
NOW = T(2026, 11, 18, 20, 0)


@pytest.fixture
def records(store):
    return RecordService(store, FixedClock(NOW))


@pytest.fixture
def schedule(store, records):
    return ScheduleService(store, records)


def night_shift(records, start, zone=NY, kind="work"):
    return records.add(ScheduleItem(title="Night shift", kind=kind, start=start,
                                    end=start + dt.timedelta(hours=8), timezone=zone))


def test_elapsed_hours_across_both_changes():
    assert elapsed_hours(T(2026, 10, 31, 22), T(2026, 11, 1, 6), NY) == 9    # fall back
    assert elapsed_hours(T(2026, 3, 7, 22), T(2026, 3, 8, 6), NY) == 7       # spring forward
    assert elapsed_hours(T(2026, 10, 24, 22), T(2026, 10, 25, 6), NY) == 8   # an ordinary night
    assert elapsed_hours(T(2026, 10, 24, 22), T(2026, 10, 25, 6), "Europe/Berlin") == 9  # Europe's change


def test_the_week_planner_balance_counts_nine_hours_for_the_fall_back_night(schedule, records):
    night_shift(records, T(2026, 10, 31, 22))
    night_shift(records, T(2026, 10, 28, 22))
    week = schedule.week(dt.date(2026, 10, 28))
    assert sorted(s.hours for s in week.slots) == [8, 9]
    assert week.balance.hours["work"] == 17


def test_the_progress_balance_counts_elapsed_time(store, records, schedule):
    night_shift(records, T(2026, 10, 31, 22))
    progress = ProgressService(store, records, schedule, GoalService(store, records))
    data = progress.balance("4w")
    by_week = dict(zip(data.weeks, data.values["work_school"], strict=True))
    assert by_week[dt.date(2026, 10, 26)] == 9


def test_a_treatment_session_across_spring_forward_counts_seven_hours(schedule, records):
    night_shift(records, T(2026, 3, 7, 22), kind="group_therapy")
    week = schedule.week(dt.date(2026, 3, 7))
    assert [s.hours for s in week.slots] == [7]
    assert week.balance.hours["treatment"] == 7
