"""RecoveryService: meeting progress from the real file, lapses, today's check-in, repeats."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import AttendanceRecord, CheckIn, SelfCareEntry, SobrietyPeriod, SupportGroup
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.recovery import RecoveryService

NOW = dt.datetime(2026, 11, 18, 20, 0)


@pytest.fixture
def recovery(store):
    return RecoveryService(store, RecordService(store, FixedClock(NOW)))


def attend(records, group, days_ago, status="attended", reason=""):
    return records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=days_ago, hours=1),
                                        group_id=group.id, status=status, reason=reason))


def test_meeting_progress_counts_only_attended_meetings(recovery):
    records = recovery.records
    group = records.add(SupportGroup(name="Home group"))
    for d in (0, 1, 2, 5):
        attend(records, group, d)
    attend(records, group, 3, status="missed")
    attend(records, group, 4, status="excused", reason="Sick")
    progress = recovery.meeting_progress()
    assert progress.streaks.day_streak == 3
    assert progress.streaks.last_30_days == 4
    assert progress.ninety is None


def test_ninety_in_ninety_is_remembered_in_the_data_file(recovery, store):
    records = recovery.records
    group = records.add(SupportGroup(name="Home group"))
    for d in range(6):
        attend(records, group, d)
    recovery.start_ninety(NOW.date() - dt.timedelta(days=4))
    again = RecoveryService(store, RecordService(store, FixedClock(NOW)))
    n = again.meeting_progress().ninety
    assert (n.day, n.meetings, n.on_pace) == (5, 5, True)
    with pytest.raises(ValidationError, match="future"):
        recovery.start_ninety(NOW.date() + dt.timedelta(days=1))
    recovery.stop_ninety()
    assert recovery.meeting_progress().ninety is None


def test_the_meetings_page_and_the_milestone_count_one_ninety_in_ninety(recovery, store):
    """One count (in SQL, app.services.recovery.ninety_progress) for the page, goals and the
    milestone: 90 meetings, each on its own day, the 90th on the last day; a treatment group
    kept in the meetings list (fellowship IOP) never counts."""
    from app.services.goals import GoalService

    records = recovery.records
    group = records.add(SupportGroup(name="Home group"))
    iop = records.add(SupportGroup(name="Evening IOP", fellowship="iop"))
    start = NOW.date() - dt.timedelta(days=89)
    recovery.start_ninety(start)
    for d in range(89, -1, -1):
        attend(records, group, d)
        attend(records, iop, d)
    n = recovery.meeting_progress().ninety
    assert (n.day, n.meetings, n.completed) == (90, 90, True)
    goals = GoalService(store, records)
    [milestone] = [m for m in goals.due_milestones() if m.kind == "meetings_90"]
    assert milestone.reached_on == NOW.date() and milestone.target_date == start + dt.timedelta(days=89)


def test_a_lapse_keeps_the_old_period_and_starts_a_new_one(recovery):
    records = recovery.records
    first = records.add(SobrietyPeriod(start_date=dt.date(2026, 1, 10)))
    started = recovery.record_lapse(dt.date(2026, 11, 1), dt.date(2026, 11, 2), notes="Wedding")
    periods = sorted(records.list("sobriety"), key=lambda p: p.start_date)
    assert [(p.start_date, p.end_date) for p in periods] == [
        (dt.date(2026, 1, 10), dt.date(2026, 11, 1)), (dt.date(2026, 11, 2), None)]
    assert periods[0].id == first.id and periods[1].id == started.id and started.notes == "Wedding"
    stats = recovery.sobriety()
    assert stats.current_days == 16 and stats.longest.id == first.id and stats.periods == 2


def test_a_lapse_in_the_future_or_before_the_period_writes_nothing(recovery):
    records = recovery.records
    records.add(SobrietyPeriod(start_date=dt.date(2026, 6, 1)))
    with pytest.raises(ValidationError, match="future"):
        recovery.record_lapse(dt.date(2026, 11, 19))
    with pytest.raises(ValidationError, match="before the current period"):
        recovery.record_lapse(dt.date(2026, 5, 1))
    assert [(p.start_date, p.end_date) for p in records.list("sobriety")] == [(dt.date(2026, 6, 1), None)]


def test_todays_checkin(recovery):
    assert recovery.todays_checkin() is None
    saved = recovery.records.add(CheckIn(day=NOW.date(), mood=3, craving=2))
    assert recovery.todays_checkin() == saved


def test_repeatable_selfcare_is_recent_and_distinct_and_repeat_logs_now(recovery):
    records = recovery.records
    for hours, category, minutes in ((30, "exercise", 30), (20, "exercise", 30), (10, "sleep", 480),
                                     (5, "mindfulness", 10), (2, "exercise", 45)):
        records.add(SelfCareEntry(occurred_at=NOW - dt.timedelta(hours=hours), category=category,
                                  minutes=minutes, mood_before=2, notes=f"{category} note"))
    choices = recovery.repeatable_selfcare()
    assert [(e.category, e.minutes) for e in choices] == [
        ("exercise", 45), ("mindfulness", 10), ("sleep", 480), ("exercise", 30)]
    again = recovery.repeat_selfcare(choices[1])
    assert (again.occurred_at, again.category, again.minutes, again.mood_before, again.notes) == (
        NOW, "mindfulness", 10, None, "mindfulness note")
    assert records.count("selfcare") == 6
