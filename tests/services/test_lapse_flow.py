"""A kinder lapse flow: the lapse day is never a sober day, "not yet" leaves the lapse open
with no day-1 mark, the new start defaults to the day after, and a sober-days goal with an
end date reads "Starting again — day N" and offers to move its end date."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.milestones import due_milestones
from app.domain.records import CheckIn, Goal, SobrietyPeriod
from app.domain.sobriety import sobriety_stats
from app.services.clock import FixedClock
from app.services.goals import GoalService
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.services.today import TodayService

D = dt.date
NOW = dt.datetime(2027, 1, 23, 20, 0)


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def records(store, clock):
    return RecordService(store, clock)


@pytest.fixture
def recovery(store, records):
    return RecoveryService(store, records)


def test_the_new_start_defaults_to_the_day_after_the_lapse(recovery, records):
    records.add(SobrietyPeriod(start_date=D(2026, 12, 1)))
    started = recovery.record_lapse(D(2027, 1, 20))
    assert started.start_date == D(2027, 1, 21)
    stats = recovery.sobriety()
    assert stats.current_days == 2 and stats.periods == 2


def test_the_lapse_day_is_never_a_sober_day_in_any_statistic(recovery, records):
    first = records.add(SobrietyPeriod(start_date=D(2027, 1, 1)))
    recovery.record_lapse(D(2027, 1, 10))
    stats = recovery.sobriety()
    # 1–9 January and 11–23 January: 9 + 13 days; the 10th is not among them.
    assert stats.sober_days_this_year == 9 + 13
    assert stats.longest_days == 12  # day 12 today, counted from the 11th
    # A period typed by hand starting on the lapse day counts from the day after, everywhere.
    periods = [first.with_changes(end_date=D(2027, 1, 10)), SobrietyPeriod(start_date=D(2027, 1, 10))]
    hand = sobriety_stats(periods, D(2027, 1, 23))
    assert hand.sober_days_this_year == 9 + 13 and hand.current_days == 12
    due = due_milestones(D(2027, 1, 23), periods, None, [], [], [])
    assert [(m.title, m.reached_on) for m in due] == [("1 day sober", D(2027, 1, 12)),
                                                      ("7 days sober", D(2027, 1, 18))]


def test_a_check_in_with_use_is_not_a_sober_day_this_year(recovery, records):
    records.add(SobrietyPeriod(start_date=D(2027, 1, 1)))
    before = recovery.sobriety().sober_days_this_year
    records.add(CheckIn(day=D(2027, 1, 5), mood=2, craving=7, used_substances=True))
    assert recovery.sobriety().sober_days_this_year == before - 1


def test_the_lapse_day_and_the_new_start_cannot_be_the_same_day(recovery, records):
    records.add(SobrietyPeriod(start_date=D(2026, 12, 1)))
    with pytest.raises(ValidationError, match="not a sober day"):
        recovery.record_lapse(D(2027, 1, 20), D(2027, 1, 20))


def test_not_yet_leaves_the_lapse_open_with_no_day_one_milestone(recovery, records, store, clock):
    records.add(SobrietyPeriod(start_date=D(2026, 12, 1)))
    goals = GoalService(store, records)
    goals.record_milestones()
    assert recovery.record_lapse(D(2027, 1, 20), not_yet=True) is None
    stats = recovery.sobriety()
    assert stats.current is None and stats.open_since == D(2027, 1, 20)
    for days in (1, 2, 5):
        clock.current = NOW + dt.timedelta(days=days)
        assert [m for m in goals.record_milestones() if m.kind == "sober_days"] == []
    # Ready: a new start (not on the lapse day), and from then the marks come again.
    with pytest.raises(ValidationError, match="not a sober day"):
        recovery.start_again(D(2027, 1, 20))
    clock.current = NOW + dt.timedelta(days=5)  # 28 January
    recovery.start_again(D(2027, 1, 27))
    assert recovery.sobriety().open_since is None
    assert [m.title for m in goals.record_milestones()] == ["1 day sober"]
    assert TodayService(store, clock).summary().sober_days == 1


def test_a_lapse_today_starts_again_tomorrow(recovery, records):
    records.add(SobrietyPeriod(start_date=D(2026, 12, 1)))
    started = recovery.record_lapse(D(2027, 1, 23))
    assert started.start_date == D(2027, 1, 24)
    stats = recovery.sobriety()
    assert stats.current is None and stats.next_start == D(2027, 1, 24) and stats.open_since is None
    with pytest.raises(ValidationError, match="tomorrow at the latest"):
        recovery.record_lapse(D(2027, 1, 23), D(2027, 1, 26))


def test_a_sober_days_goal_with_an_end_date_reads_starting_again_and_offers_a_new_end(records, recovery, store):
    records.add(SobrietyPeriod(start_date=D(2027, 1, 1)))
    goal = records.add(Goal(title="30 days", kind="sober_days", target=30, period="total",
                            start_date=D(2027, 1, 1), end_date=D(2027, 1, 31)))
    recovery.record_lapse(D(2027, 1, 20))  # the new count starts on the 21st: day 2 on the 23rd
    progress = GoalService(store, records).progress(goal)
    assert progress.status == "starting again" and progress.status != "behind"
    assert progress.text == "Starting again — day 2"
    assert progress.suggested_end == D(2027, 1, 23) + dt.timedelta(days=28)
    moved = records.update(goal.with_changes(end_date=progress.suggested_end))
    after = GoalService(store, records).progress(moved)
    assert after.status == "on track" and after.suggested_end is None


def test_a_goal_without_a_lapse_is_still_plainly_behind(records, store):
    records.add(SobrietyPeriod(start_date=D(2027, 1, 20)))
    goal = records.add(Goal(title="30 days", kind="sober_days", target=30, period="total",
                            start_date=D(2027, 1, 1), end_date=D(2027, 1, 31)))
    assert GoalService(store, records).progress(goal).status == "behind"
