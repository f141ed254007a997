"""ProgressService on a real data file with hand-built records and answers worked out by hand."""

import datetime as dt

import pytest

from app.domain.records import (
    AttendanceRecord, CheckIn, CopingEntry, CopingSkill, Goal, Program, ProgramPhase, ScheduleItem,
    SelfCareEntry, SobrietyPeriod, SupportGroup,
)
from app.services.clock import FixedClock
from app.services.goals import GoalService
from app.services.progress import (
    CHART_SOURCES, DAY_AHEAD, DAY_CHECKED_IN, DAY_CHECKED_IN_SOBER, DAY_NOTHING, DAY_SOBER, DAY_USED,
    ProgressService,
)
from app.services.records import RecordService
from app.services.schedule import ScheduleService

NOW = dt.datetime(2026, 11, 18, 20, 0)  # a Wednesday evening
D = dt.date
T = dt.datetime
ZONE = "America/New_York"


@pytest.fixture
def records(store):
    return RecordService(store, FixedClock(NOW))


@pytest.fixture
def progress(store, records):
    return ProgressService(store, records, ScheduleService(store, records), GoalService(store, records))


def _session(records, **kw):
    item = records.add(ScheduleItem(title="Evening group", kind="group_therapy", start=T(2026, 9, 7, 18),
                                    end=T(2026, 9, 7, 21), timezone=ZONE, **kw))
    return item


# --- ranges ------------------------------------------------------------------------------------


def test_ranges_are_whole_weeks_ending_with_this_one(progress):
    four = progress.span("4w")
    assert four.first == D(2026, 10, 26) and four.last == D(2026, 11, 18)
    assert four.weeks == (D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16))
    assert len(progress.span("12w").weeks) == 12
    assert len(progress.span("6m").weeks) == 26
    assert len(progress.span("1y").weeks) == 52
    with pytest.raises(ValueError):
        progress.span("2w")


def test_all_starts_with_the_week_of_the_oldest_record(progress, records):
    assert progress.span("all").first == D(2026, 11, 16)  # nothing logged: this week
    records.add(CheckIn(day=D(2025, 3, 6), mood=3, craving=2))  # a Thursday
    records.add(SelfCareEntry(occurred_at=T(2025, 6, 1, 9), category="sleep", minutes=30))
    assert progress.span("all").first == D(2025, 3, 3)


# --- weeks: Sunday 23:59 belongs to the week before Monday 00:00 ----------------------------------------


def test_week_edges_sunday_night_and_monday_midnight(progress, records):
    records.add(SelfCareEntry(occurred_at=T(2026, 11, 15, 23, 59), category="exercise", minutes=10))
    records.add(SelfCareEntry(occurred_at=T(2026, 11, 16, 0, 0), category="exercise", minutes=20))
    data = progress.selfcare("4w")
    assert data.weeks[-2:] == (D(2026, 11, 9), D(2026, 11, 16))
    assert data.values["exercise"] == (0.0, 0.0, 10.0, 20.0)
    assert not data.empty


def test_attendance_counts_excused_apart_and_ignores_meetings(progress, records):
    item = _session(records, recurrence="FREQ=WEEKLY;BYDAY=MO,WE,SA,SU")
    group = records.add(SupportGroup(name="Home group"))
    add = records.add
    add(AttendanceRecord(occurred_at=T(2026, 11, 9, 18), schedule_item_id=item.id, status="attended"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 11, 18), schedule_item_id=item.id, status="missed"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 14, 18), schedule_item_id=item.id, status="excused",
                         reason="Sick child"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 15, 23, 59), schedule_item_id=item.id, status="attended"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 16, 0, 0), schedule_item_id=item.id, status="missed"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 10, 19), group_id=group.id, status="attended"))
    data = progress.attendance("4w")
    assert data.attended == (0, 0, 2, 0)
    assert data.missed == (0, 0, 1, 1)
    assert data.excused == (0, 0, 1, 0)
    assert data.rate == (None, None, pytest.approx(200 / 3), 0.0)
    assert data.totals == (2, 2, 1)


# --- urges: the 7-day mean -----------------------------------------------------------------------------------


def test_urge_daily_and_seven_day_means(progress, records):
    add = records.add
    add(CopingEntry(occurred_at=T(2026, 10, 24, 12), urge_before=10, urge_after=9))  # before the range
    add(CopingEntry(occurred_at=T(2026, 10, 27, 12), urge_before=2, urge_after=1))
    add(CopingEntry(occurred_at=T(2026, 11, 1, 9), urge_before=8, urge_after=4))
    add(CopingEntry(occurred_at=T(2026, 11, 1, 21), urge_before=6))  # no urge after noted
    add(CopingEntry(occurred_at=T(2026, 11, 5, 12), urge_before=4, urge_after=2))
    add(CopingEntry(occurred_at=T(2026, 11, 9, 12), urge_before=2, urge_after=1))
    data = progress.urges("4w")
    before = data.before
    assert before.days == (D(2026, 10, 27), D(2026, 11, 1), D(2026, 11, 5), D(2026, 11, 9))
    assert before.daily == (2.0, 7.0, 4.0, 2.0)
    assert before.counts == (1, 2, 1, 1)
    # 27 Oct: 24 Oct falls inside its week (21-27 Oct) though not inside the range.
    assert before.rolling == pytest.approx((6.0, (2 + 8 + 6) / 3, (8 + 6 + 4) / 3, (4 + 2) / 2))
    after = data.after
    assert after.days == before.days
    assert after.rolling == pytest.approx((5.0, 2.5, 3.0, 1.5))
    assert not data.empty


# --- skills: average drop and n --------------------------------------------------------------------------------


def test_skill_effectiveness_mean_drop_and_n(progress, records):
    walk = records.add(CopingSkill(name="Go for a walk"))
    call = records.add(CopingSkill(name="Call my sponsor"))
    unused = records.add(CopingSkill(name="Journal"))
    add = records.add
    add(CopingEntry(occurred_at=T(2026, 11, 2, 12), urge_before=8, urge_after=4, skill_ids=(walk.id,)))
    add(CopingEntry(occurred_at=T(2026, 11, 3, 12), urge_before=6, urge_after=4, skill_ids=(walk.id, call.id)))
    add(CopingEntry(occurred_at=T(2026, 11, 4, 12), urge_before=5, urge_after=5, skill_ids=(walk.id,)))
    add(CopingEntry(occurred_at=T(2026, 11, 5, 12), urge_before=9, skill_ids=(call.id,)))  # no after: left out
    add(CopingEntry(occurred_at=T(2026, 1, 5, 12), urge_before=9, urge_after=0, skill_ids=(unused.id,)))  # old
    data = progress.skills("4w")
    assert [(s.name, s.mean_drop, s.n) for s in data.skills] == [("Go for a walk", 2.0, 3), ("Call my sponsor", 2.0, 1)]
    # A skill used once with a big drop never tops the ranking: too few entries to tell.
    assert [s.name for s in progress.skills("1y").skills] == ["Go for a walk", "Journal", "Call my sponsor"]
    # Practice (logged while calm) is left out of effectiveness.
    add(CopingEntry(occurred_at=T(2026, 11, 6, 12), urge_before=9, urge_after=0, skill_ids=(call.id,), practice=True))
    assert [(s.name, s.n) for s in progress.skills("4w").skills] == [("Go for a walk", 3), ("Call my sponsor", 1)]


# --- self-care: the smallest categories share "Other" -------------------------------------------------------------


def test_selfcare_keeps_the_biggest_categories_and_merges_the_rest(progress, records):
    for i, (category, minutes) in enumerate((("exercise", 90), ("sleep", 60), ("hobby", 30), ("social", 20),
                                             ("other", 5))):
        records.add(SelfCareEntry(occurred_at=T(2026, 11, 16, 8 + i), category=category, minutes=minutes))
    data = progress.selfcare("4w", max_series=3)
    assert data.series == (("exercise", "Exercise"), ("sleep", "Sleep"), ("other", "Other"))
    assert data.values["other"] == (0.0, 0.0, 0.0, 55.0)
    assert data.totals[-1] == 205.0


# --- weekly balance ------------------------------------------------------------------------------------------------


def test_balance_buckets_slots_by_week_and_splits_at_monday(progress, records):
    program = records.add(Program(name="IOP", start_date=D(2026, 1, 5)))
    records.add(ProgramPhase(program_id=program.id, name="Intensive", start_date=D(2026, 1, 5),
                             target_treatment_hours=9))
    records.add(ProgramPhase(program_id=program.id, name="Step-down", start_date=D(2026, 11, 10),
                             target_treatment_hours=6))
    _session(records, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")  # 3 h twice a week
    records.add(ScheduleItem(title="Night shift", kind="work", start=T(2026, 11, 15, 22), end=T(2026, 11, 16, 2),
                             timezone=ZONE))
    records.add(ScheduleItem(title="School", kind="school", start=T(2026, 11, 17, 9), end=T(2026, 11, 17, 12),
                             timezone=ZONE))
    records.add(ScheduleItem(title="Birthday", kind="family_social", start=T(2026, 11, 18), end=T(2026, 11, 19),
                             timezone=ZONE, all_day=True))
    records.add(ScheduleItem(title="Dentist", kind="other", start=T(2026, 11, 18, 8), end=T(2026, 11, 18, 9),
                             timezone=ZONE))
    data = progress.balance("4w")
    assert [k for k, _ in data.series] == ["treatment", "meetings", "work_school", "family_social", "self_care"]
    assert data.values["treatment"] == (6.0, 6.0, 6.0, 6.0)
    assert data.values["work_school"] == (0.0, 0.0, 2.0, 5.0)  # 2 h of the shift each side of midnight
    assert data.values["family_social"] == (0.0, 0.0, 0.0, 0.0)  # all-day items take no hours
    assert data.target == (9.0, 9.0, 6.0, 6.0)  # the phase in force at each week's end


# --- mood and sleep; calendar --------------------------------------------------------------------------------------


def test_mood_and_sleep_leave_out_missing_sleep(progress, records):
    records.add(CheckIn(day=D(2026, 11, 16), mood=2, craving=5, sleep_hours=6))
    records.add(CheckIn(day=D(2026, 11, 17), mood=4, craving=3))
    data = progress.mood_sleep("4w")
    assert data.mood.days == (D(2026, 11, 16), D(2026, 11, 17))
    assert data.mood.rolling == (2.0, 3.0)
    assert data.sleep.days == (D(2026, 11, 16),)
    assert data.sleep.daily == (6.0,)


def test_calendar_marks_check_ins_sober_days_and_the_lapse(progress, records):
    records.add(SobrietyPeriod(start_date=D(2026, 10, 1), end_date=D(2026, 11, 10)))
    records.add(SobrietyPeriod(start_date=D(2026, 11, 11)))
    records.add(CheckIn(day=D(2026, 11, 2), mood=4, craving=2))
    records.add(CheckIn(day=D(2026, 9, 20), mood=3, craving=4))
    records.add(CheckIn(day=D(2026, 11, 12), mood=2, craving=7, used_substances=True))
    cal = progress.calendar()
    assert cal.first == D(2026, 11, 16) - dt.timedelta(weeks=52) and len(cal.states) == 53 * 7
    assert cal.state_on(D(2026, 9, 20)) == DAY_CHECKED_IN
    assert cal.state_on(D(2026, 9, 30)) == DAY_NOTHING
    assert cal.state_on(D(2026, 10, 1)) == DAY_SOBER
    assert cal.state_on(D(2026, 11, 2)) == DAY_CHECKED_IN_SOBER
    assert cal.state_on(D(2026, 11, 10)) == DAY_USED  # the day the period ended
    assert cal.state_on(D(2026, 11, 12)) == DAY_USED  # the check-in says so
    assert cal.state_on(D(2026, 11, 18)) == DAY_SOBER
    assert cal.state_on(D(2026, 11, 19)) == DAY_AHEAD
    assert cal.counts[DAY_USED] == 2 and not cal.empty


# --- goals ------------------------------------------------------------------------------------------------------------


def test_goal_series_come_from_the_goal_engine(progress, records):
    group = records.add(SupportGroup(name="Home group"))
    goal = records.add(Goal(title="3 meetings a week", kind="meetings_per_week", target=3, start_date=D(2026, 11, 2)))
    for day in (2, 4, 6, 9, 17):
        records.add(AttendanceRecord(occurred_at=T(2026, 11, day, 19), group_id=group.id))
    data = progress.goals("4w")
    (g,) = data.goals
    assert g.goal_id == goal.id and g.unit == "meetings" and g.kind == "meetings_per_week"
    assert g.weeks == (D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16))
    assert g.actual == (3.0, 1.0, 1.0)
    assert g.target == (3.0, 3.0, 3.0)
    assert g.met == (True, False, False)


def test_an_empty_file_gives_empty_series(progress):
    for name in ("goals", "attendance", "urges", "skills", "selfcare", "balance", "mood_sleep"):
        assert getattr(progress, name)("12w").empty, name
    assert progress.calendar().empty


def test_every_chart_names_the_kinds_it_is_drawn_from():
    assert set(CHART_SOURCES) == {"goals", "attendance", "urges", "skills", "selfcare", "balance", "mood_sleep",
                                  "calendar", "self_checks"}
    assert "coping" in CHART_SOURCES["urges"] and "coping" not in CHART_SOURCES["balance"]


# --- long ranges: bars of several weeks, a month's mean -----------------------------------------------------


def test_long_ranges_group_weeks_into_bars_counted_back_from_this_week(progress, records):
    item = records.add(ScheduleItem(title="Evening group", kind="group_therapy", start=T(2020, 1, 6, 18),
                                    end=T(2020, 1, 6, 21), timezone=ZONE))
    records.add(AttendanceRecord(occurred_at=T(2020, 1, 6, 18), schedule_item_id=item.id))
    records.add(AttendanceRecord(occurred_at=T(2026, 11, 9, 18), schedule_item_id=item.id, status="missed"))
    records.add(AttendanceRecord(occurred_at=T(2026, 11, 16, 18), schedule_item_id=item.id))
    records.add(SelfCareEntry(occurred_at=T(2026, 11, 17, 7), category="exercise", minutes=130))
    assert progress.span("1y").bar_weeks == 1 and not progress.span("1y").long
    span = progress.span("all")
    assert span.first == D(2020, 1, 6) and len(span.weeks) == 359 and span.bar_weeks == 4 and span.long
    data = progress.attendance("all")
    starts, lengths, sums, rate = data.bars()
    assert starts[-1] == D(2026, 10, 26) and lengths[-1] == 4  # the latest bar is whole
    assert sum(lengths) == 359 and lengths[0] == 359 % 4
    assert (sums["attended"][-1], sums["missed"][-1], rate[-1]) == (1, 1, 50.0)
    assert sums["attended"][0] == 1 and sum(sums["attended"]) == 2
    _, _, minutes, _ = progress.selfcare("all").bars()
    assert minutes["exercise"][-1] == 130 / 4  # still minutes per week: the bar's average
    assert progress.urges("all").before.window == 28 and progress.urges("1y").before.window == 7
