"""Report data on hand-built records with figures worked out by hand."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import (
    AttendanceRecord, CheckIn, CopingEntry, CopingSkill, Program, ProgramPhase, ScheduleItem, SelfCareEntry,
    SupportGroup,
)
from app.services.clock import FixedClock
from app.services.bundle import build_services
from app.services.reports import preset_range

NOW = dt.datetime(2026, 11, 18, 20, 0)  # a Wednesday evening
D, T = dt.date, dt.datetime
ZONE = "America/New_York"
FIRST, LAST = D(2026, 11, 2), D(2026, 11, 15)  # two whole weeks


@pytest.fixture
def fixed_services(store):
    """The services on a Wednesday evening (NOW)."""
    return build_services(store, FixedClock(NOW))


@pytest.fixture
def records(fixed_services):
    return fixed_services.records


@pytest.fixture
def reports(fixed_services):
    return fixed_services.reports


@pytest.fixture
def world(records):
    """Group therapy Mon and Wed 18-21 (3 h): week 1 attended, missed, week 2 attended, excused;
    one attended session outside the range; two meetings attended, one missed; a phase asking 6 h."""
    program = records.add(Program(name="Evening IOP", start_date=D(2026, 9, 1)))
    records.add(ProgramPhase(program_id=program.id, name="Phase 2", start_date=D(2026, 10, 1),
                             target_treatment_hours=6.0, target_sessions_per_week=2))
    item = records.add(ScheduleItem(title="Evening group", kind="group_therapy", start=T(2026, 10, 5, 18),
                                    end=T(2026, 10, 5, 21), timezone=ZONE, recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
                                    location="Riverside Recovery, 40 Mill Road"))
    for day, status in ((2, "attended"), (4, "missed"), (9, "attended"), (11, "excused"), (16, "attended")):
        records.add(AttendanceRecord(occurred_at=T(2026, 11, day, 18), schedule_item_id=item.id, status=status,
                                     reason="Court date" if status == "excused" else ""))
    group = records.add(SupportGroup(name="Tuesday Night Big Book", location="St. Mark's hall",
                                     weekday=1, start_time=dt.time(19, 30), end_time=dt.time(20, 30)))
    for day, status in ((3, "attended"), (10, "attended"), (12, "missed")):
        records.add(AttendanceRecord(occurred_at=T(2026, 11, day, 19, 30), group_id=group.id, status=status))
    skill = records.add(CopingSkill(name="Box breathing"))
    records.add(CopingEntry(occurred_at=T(2026, 11, 3, 22), urge_before=8, urge_after=4, skill_ids=(skill.id,),
                            notes="Payday craving"))
    records.add(CopingEntry(occurred_at=T(2026, 11, 6, 22), urge_before=6, urge_after=None))
    records.add(CopingEntry(occurred_at=T(2026, 11, 8, 22), urge_before=7, urge_after=2, skill_ids=(skill.id,)))
    records.add(CheckIn(day=D(2026, 11, 2), mood=2, craving=5, sleep_hours=6.0, notes="Rough night"))
    records.add(CheckIn(day=D(2026, 11, 3), mood=4, craving=2, sleep_hours=None))
    records.add(CheckIn(day=D(2026, 11, 4), mood=3, craving=2, sleep_hours=8.0))
    records.add(SelfCareEntry(occurred_at=T(2026, 11, 5, 7), category="exercise", minutes=30, notes="Ran 3 km"))
    return item, group


def test_counselor_figures(reports, world):
    s = reports.counselor(FIRST, LAST, charts=False)
    assert (s.attended, s.missed, s.excused) == (2, 1, 1)  # the Nov 16 session is outside
    assert s.rate == pytest.approx(200 / 3)  # excused counts neither way
    assert s.meetings == 2
    assert [w.week_start for w in s.weeks] == [D(2026, 11, 2), D(2026, 11, 9)]
    assert [(w.scheduled, w.attended, w.target) for w in s.weeks] == [(6.0, 3.0, 6.0), (6.0, 3.0, 6.0)]
    assert s.treatment_hours == 6.0 and s.target_hours == pytest.approx(12.0)
    assert s.coping_entries == 3
    assert s.urge_before == pytest.approx(7.0) and s.urge_after == pytest.approx(3.0)
    assert [(k.name, k.n, k.mean_drop) for k in s.skills] == [("Box breathing", 2, 4.5)]
    assert s.checkins == 3 and s.mood == pytest.approx(3.0) and s.sleep == pytest.approx(7.0)
    assert s.program == "Evening IOP" and s.phases == ("Phase 2",)


def test_notes_only_when_chosen(reports, world):
    choices = reports.notes(FIRST, LAST)
    assert [(n.kind, n.text) for n in choices] == [
        ("checkin", "Rough night"), ("coping", "Payday craving"), ("selfcare", "Ran 3 km")]
    assert reports.counselor(FIRST, LAST, charts=False).notes == ()  # none by default
    one = reports.counselor(FIRST, LAST, include_notes=[choices[1].id], charts=False)
    assert [n.text for n in one.notes] == ["Payday craving"]
    assert len(reports.counselor(FIRST, LAST, include_notes="all", charts=False).notes) == 3


def test_attendance_record_lists_only_attended(reports, world):
    r = reports.attendance(FIRST, LAST)
    assert [(row.when, row.what, row.title) for row in r.rows] == [
        (T(2026, 11, 2, 18), "Treatment session", "Evening group"),
        (T(2026, 11, 3, 19, 30), "Support meeting", "Tuesday Night Big Book"),
        (T(2026, 11, 9, 18), "Treatment session", "Evening group"),
        (T(2026, 11, 10, 19, 30), "Support meeting", "Tuesday Night Big Book"),
    ]
    assert r.rows[0].end == T(2026, 11, 2, 21) and r.rows[0].place == "Riverside Recovery, 40 Mill Road"
    assert r.rows[1].end == T(2026, 11, 3, 20, 30) and r.rows[1].place == "St. Mark's hall"
    assert (r.sessions, r.meetings) == (2, 2)


def test_charts_cover_the_range_by_week(reports, world):
    s = reports.counselor(FIRST, LAST)
    assert s.attendance_chart.weeks == (D(2026, 11, 2), D(2026, 11, 9))
    assert s.attendance_chart.totals == (2, 1, 1)


@pytest.mark.parametrize("first,last", [(D(2026, 11, 10), D(2026, 11, 9)), (D(2026, 12, 1), D(2026, 12, 5)),
                                        (D(2010, 1, 1), D(2026, 11, 1))])
def test_bad_ranges_are_refused_in_one_sentence(reports, first, last):
    with pytest.raises(ValidationError) as exc:
        reports.counselor(first, last)
    assert exc.value.message.endswith(".") and exc.value.message.count(". ") == 0


def test_an_empty_range_is_a_report_of_zeros(reports):
    s = reports.counselor(*preset_range(4, NOW.date()), charts=False)
    assert (s.attended, s.missed, s.excused, s.rate, s.meetings, s.mood) == (0, 0, 0, None, 0, None)
    assert reports.attendance(*preset_range(4, NOW.date())).rows == ()


@pytest.mark.parametrize("today, last", [
    (D(2026, 11, 16), D(2026, 11, 15)),  # a Monday: the week that ended yesterday
    (D(2026, 11, 18), D(2026, 11, 15)),  # a Wednesday: this week is not over yet
    (D(2026, 11, 21), D(2026, 11, 15)),  # a Saturday
    (D(2026, 11, 22), D(2026, 11, 22)),  # a Sunday: this week ends today
])
def test_the_preset_period_is_exactly_the_last_whole_weeks(today, last):
    for weeks in (4, 12):
        first, got_last = preset_range(weeks, today)
        assert got_last == last and got_last.weekday() == 6 and first.weekday() == 0
        assert (got_last - first).days + 1 == weeks * 7
