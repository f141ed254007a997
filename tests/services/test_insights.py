"""Insights over real data files: a planted effect is found with the right sign, no effect
gives an interval across 0, and two weeks of records are never enough."""

import datetime as dt
import random

import pytest

from app.domain.records import AttendanceRecord, CheckIn, CopingEntry, CopingSkill, ScheduleItem, SelfCareEntry
from app.services.bundle import build_services
from app.services.clock import FixedClock

TODAY = dt.date(2026, 6, 1)
FIXED = ("sleep_craving", "meetings_urges", "exercise_mood", "selfcare_mood", "evening_urges", "weekend_craving",
         "attendance_phq9")


@pytest.fixture
def services(store):
    return build_services(store, FixedClock(dt.datetime.combine(TODAY, dt.time(12))))


def _days(n):
    return [TODAY - dt.timedelta(days=n - i) for i in range(n)]


def _by_key(report):
    return {i.key: i for i in report.insights}


def test_a_planted_next_day_effect_of_short_sleep_is_found_with_its_sign(store, services):
    rng = random.Random(11)
    rows, short = [], False
    for day in _days(150):
        craving = rng.randint(1, 4) + (3 if short else 0)  # the night before was short: +3
        short = rng.random() < 0.35
        rows.append(CheckIn(day=day, mood=3, craving=min(10, craving), sleep_hours=5.0 if short else 7.5))
    store.checkins.add_many(rows)
    insight = _by_key(services.insights.report())["sleep_craving"]
    assert insight.enough_data
    c = insight.comparison
    assert c.ci_low > 0 and 2.0 < c.difference < 4.0
    assert insight.a.n + insight.b.n == 149  # the first day has no night before in the data


def test_no_effect_gives_an_interval_across_zero(store, services):
    rng = random.Random(5)
    store.checkins.add_many(CheckIn(day=day, mood=rng.randint(1, 5), craving=rng.randint(0, 6),
                                    sleep_hours=rng.choice((5.0, 7.5)))
                            for day in _days(150))
    store.selfcare.add_many(SelfCareEntry(occurred_at=dt.datetime.combine(day, dt.time(9)), category="hobby",
                                          minutes=30) for day in _days(150) if rng.random() < 0.5)
    report = _by_key(services.insights.report())
    for key in ("sleep_craving", "weekend_craving", "selfcare_mood"):
        assert report[key].enough_data and report[key].comparison.spans_zero, key


def test_a_planted_exercise_effect_on_mood_and_an_evening_effect_on_urges(store, services):
    rng = random.Random(3)
    checkins, care, coping = [], [], []
    for day in _days(120):
        exercise = rng.random() < 0.4
        checkins.append(CheckIn(day=day, mood=min(5, rng.randint(1, 3) + (2 if exercise else 0)), craving=2))
        if exercise:
            care.append(SelfCareEntry(occurred_at=dt.datetime.combine(day, dt.time(7, 30)), category="exercise",
                                      minutes=30))
        evening = rng.random() < 0.5
        coping.append(CopingEntry(occurred_at=dt.datetime.combine(day, dt.time(20 if evening else 10)),
                                  urge_before=rng.randint(2, 5) + (3 if evening else 0)))
    store.checkins.add_many(checkins)
    store.selfcare.add_many(care)
    store.coping.add_many(coping)
    report = _by_key(services.insights.report())
    assert report["exercise_mood"].comparison.ci_low > 0
    assert report["evening_urges"].comparison.ci_low > 0
    assert report["evening_urges"].comparison.difference == pytest.approx(3, abs=0.8)


def test_a_skill_that_helps_with_one_trigger_is_found(store, services):
    rng = random.Random(9)
    walk, breathe = CopingSkill(name="Walk it off"), CopingSkill(name="Box breathing")
    store.skills.add_many([walk, breathe])
    entries = []
    for i, day in enumerate(_days(100)):
        uses_walk = i % 2 == 0
        before = rng.randint(6, 9)
        drop = rng.randint(3, 5) if uses_walk else rng.randint(0, 2)
        entries.append(CopingEntry(occurred_at=dt.datetime.combine(day, dt.time(15)), urge_before=before,
                                   urge_after=before - drop, triggers=("stress",),
                                   skill_ids=(walk.id,) if uses_walk else (breathe.id,)))
    store.coping.add_many(entries)
    found = [i for i in services.insights.report().insights if i.key.startswith("skill_trigger_")]
    walk_insight = next(i for i in found if dict(i.about)["skill"] == "Walk it off")
    assert dict(walk_insight.about)["trigger"] == "stress"
    assert walk_insight.enough_data and walk_insight.comparison.ci_low > 0
    assert walk_insight.sentence.startswith("When the trigger was “Stress” and you used Walk it off, the urge "
                                            "dropped on average by ")


def test_phq9_change_by_attendance(store, services):
    session = ScheduleItem(title="Evening group", kind="group_therapy", start=dt.datetime(2025, 1, 6, 18),
                           end=dt.datetime(2025, 1, 6, 21), timezone="UTC")
    store.schedule.add(session)
    first = TODAY - dt.timedelta(days=14 * 24)
    attendance, score = [], 20
    for k in range(24):
        start = first + dt.timedelta(days=14 * k)
        good = k % 2 == 0
        for d in range(0, 14, 2):
            status = "attended" if good or d < 6 else "missed"
            attendance.append(AttendanceRecord(occurred_at=dt.datetime.combine(start + dt.timedelta(days=d),
                                                                               dt.time(18)),
                                               schedule_item_id=session.id, status=status))
        services.assessments.add("phq9", start, _answers(score))
        score = max(0, min(27, score + (-2 if good else 1)))
    store.attendance.add_many(attendance)
    insight = _by_key(services.insights.report())["attendance_phq9"]
    assert insight.a.n >= 10 and insight.b.n >= 10
    assert insight.comparison.difference == pytest.approx(-3, abs=0.5) and insight.comparison.ci_high < 0


def _answers(total):
    out = []
    for _ in range(9):
        out.append(min(3, total))
        total -= out[-1]
    return tuple(out)


def test_two_weeks_of_records_are_never_enough(store, services):
    rng = random.Random(1)
    days = _days(14)
    store.checkins.add_many(CheckIn(day=d, mood=rng.randint(1, 5), craving=rng.randint(0, 9),
                                    sleep_hours=rng.choice((5.0, 8.0))) for d in days)
    store.coping.add_many(CopingEntry(occurred_at=dt.datetime.combine(d, dt.time(h)), urge_before=rng.randint(1, 9),
                                      urge_after=rng.randint(0, 1), triggers=("stress",))
                          for d in days for h in (9, 13, 19, 21))
    store.selfcare.add_many(SelfCareEntry(occurred_at=dt.datetime.combine(d, dt.time(8)), category="exercise",
                                          minutes=20) for d in days[::2])
    report = services.insights.report()
    assert {i.key for i in report.insights} >= set(FIXED)
    assert report.span_days == 14
    for insight in report.insights:
        assert not insight.enough_data
        assert insight.sentence.startswith("Not enough data yet"), insight.sentence
        assert insight.to_plain()["ci_low"] is None


def test_an_empty_file_gives_the_whole_set_without_numbers(services):
    report = services.insights.report()
    assert report.empty
    assert [i.key for i in report.insights] == [*FIXED, "skill_trigger"]
    assert not any(i.enough_data for i in report.insights)


def test_the_range_limits_what_is_compared(store, services):
    store.checkins.add_many(CheckIn(day=d, mood=3, craving=2, sleep_hours=7.0) for d in _days(100))
    whole = _by_key(services.insights.report())["weekend_craving"]
    part = _by_key(services.insights.report(TODAY - dt.timedelta(days=50), TODAY - dt.timedelta(days=1)))
    assert whole.a.n + whole.b.n == 100
    assert part["weekend_craving"].a.n + part["weekend_craving"].b.n == 50
