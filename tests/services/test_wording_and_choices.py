"""Issue 12 item 6: scale anchors, more triggers and fellowships, and treatment groups never
counted as support meetings in any meeting statistic."""

import datetime as dt

from app.domain import fields as F
from app.domain.records import (
    FELLOWSHIPS,
    TRIGGERS,
    AttendanceRecord,
    CheckIn,
    CopingEntry,
    SelfCareEntry,
    SupportGroup,
)
from app.services.clock import FixedClock
from app.services.goals import GoalService
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.services.today import TodayService

NOW = dt.datetime(2026, 11, 18, 20, 0)


def test_rating_scales_say_what_their_ends_mean():
    mood = "1 = very low … 5 = very good"
    urge = "0 = none … 10 = strongest"
    assert F.spec_named(CheckIn, "mood").anchors == mood
    assert F.spec_named(CheckIn, "craving").anchors == urge
    assert F.spec_named(SelfCareEntry, "mood_before").anchors == mood
    assert F.spec_named(CopingEntry, "urge_before").anchors == urge


def test_new_triggers_and_fellowships():
    triggers = dict(TRIGGERS)
    for key, label in (("pain_withdrawal", "Pain or withdrawal"), ("boredom", "Boredom"),
                       ("money", "Money or payday"), ("seeing_substances", "Seeing alcohol or drugs")):
        assert triggers[key] == label
    labels = " ".join(label for _, label in FELLOWSHIPS)
    for name in ("LifeRing", "Women for Sobriety", "Recovery Dharma", "Wellbriety", "Al-Anon", "Nar-Anon"):
        assert name in labels, name


def test_an_iop_group_never_counts_as_a_support_meeting(store):
    records = RecordService(store, FixedClock(NOW))
    aa = records.add(SupportGroup(name="Home group", fellowship="aa"))
    iop = records.add(SupportGroup(name="Evening IOP", fellowship="iop"))
    for days_ago in (0, 1):
        records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=days_ago, hours=1), group_id=aa.id))
    for days_ago in (0, 1, 2, 3):
        records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=days_ago, hours=2), group_id=iop.id))
    monday = dt.date(2026, 11, 16)
    assert store.attendance.meetings_between(monday, NOW.date()) == 2
    assert sum(store.attendance.weekly_meetings(monday, NOW.date()).values()) == 2
    assert store.attendance.nth_meeting(3, monday - dt.timedelta(days=7), NOW.date()) is None
    progress = RecoveryService(store, records).meeting_progress()
    assert progress.streaks.last_30_days == 2 and progress.streaks.day_streak == 2
    assert TodayService(store, records.clock).summary(NOW.date()).meetings_this_week == 2
    from app.domain.records import Goal

    goal = records.add(Goal(title="Meetings", kind="meetings_per_week", target=3, start_date=monday))
    weekly = GoalService(store, records).progress(goal)
    assert weekly.current == 2
