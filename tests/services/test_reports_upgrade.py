"""Issue 16: the counselor summary's new sections, step-down readiness, the session prep and the
attendance record's choices, on hand-built records with figures worked out by hand."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import (
    Assessment, AttendanceRecord, CheckIn, CopingEntry, CopingSkill, Goal, ProgramPhase, SobrietyPeriod,
    SupportGroup,
)
from app.services.readiness import describe, whole_weeks
from tests.services.test_reports import FIRST, LAST, NOW, fixed_services, records, reports, world  # noqa: F401

D, T = dt.date, dt.datetime


@pytest.fixture
def more(records, world):
    item, group = world
    program = records.list("program")[0]
    records.update(program.with_changes(provider="Riverside Behavioral Health"))
    records.add(ProgramPhase(program_id=program.id, name="Phase 3", start_date=D(2027, 1, 4),
                             target_treatment_hours=3.0, target_sessions_per_week=1))
    records.add(CheckIn(day=D(2026, 11, 9), mood=3, craving=6, medication_taken=False, used_substances=True))
    for day, taken in ((2, True), (3, True)):
        c = next(c for c in records.list("checkin") if c.day == D(2026, 11, day))
        records.update(c.with_changes(medication_taken=taken))
    walk = records.add(CopingSkill(name="Go for a walk"))
    records.add(CopingEntry(occurred_at=T(2026, 11, 10, 22), urge_before=5, urge_after=1, skill_ids=(walk.id,),
                            triggers=("tired", "lonely")))
    records.add(CopingEntry(occurred_at=T(2026, 11, 12, 22), urge_before=4, skill_ids=(walk.id,),
                            triggers=("tired",), practice=True))
    records.add(Assessment(instrument="phq9", day=D(2026, 11, 3), answers="2,2,2,1,1,1,1,1,0"))  # 11 moderate
    records.add(Assessment(instrument="phq9", day=D(2026, 11, 14), answers="1,1,1,1,1,0,0,1,0"))  # 6 mild
    records.add(SobrietyPeriod(start_date=D(2026, 9, 1), end_date=D(2026, 11, 9)))
    records.add(SobrietyPeriod(start_date=D(2026, 11, 10)))
    records.add(Goal(title="60 days without use", kind="sober_days", period="total", target=60,
                     start_date=D(2026, 11, 1)))
    return item, group


def test_counselor_summary_has_the_new_sections(reports, more):
    s = reports.counselor(FIRST, LAST, charts=False)
    assert [(c.week_start, c.n, c.mean) for c in s.craving] == [(D(2026, 11, 2), 3, pytest.approx(3.0)),
                                                                (D(2026, 11, 9), 1, 6.0)]
    assert (s.medication_taken, s.medication_answered) == (2, 3)
    assert [(t.label, t.n) for t in s.triggers] == [("Lonely", 1), ("Tired", 1)]  # practice left out
    assert [(t.label, t.n) for t in s.halt] == [("Hungry", 0), ("Angry", 0), ("Lonely", 1), ("Tired", 1)]
    uses = {u.name: u for u in s.skill_uses}
    assert (uses["Box breathing"].uses, uses["Box breathing"].rated) == (2, 2)
    assert uses["Box breathing"].effect_text == "too few to tell"
    assert (uses["Go for a walk"].uses, uses["Go for a walk"].rated) == (2, 1)  # practice is use, not rated
    assert [(m.when, m.status, m.reason) for m in s.missed_sessions] == [
        (T(2026, 11, 4, 18), "missed", ""), (T(2026, 11, 11, 18), "excused", "Court date")]
    assert [(c.day, c.name, c.score, c.band) for c in s.self_checks] == [
        (D(2026, 11, 3), "PHQ-9", 11, "moderate"), (D(2026, 11, 14), "PHQ-9", 6, "mild")]
    [trend] = s.self_check_trends
    assert (trend.first_score, trend.last_score, trend.change_text) == (11, 6, "down 5")
    # Nothing about use unless ticked: no use section, no days without use, no sober-day goal.
    assert s.use is None and s.readiness.days_without_use is None
    assert "60 days without use" not in [g.title for g in s.goals]
    shared = reports.counselor(FIRST, LAST, charts=False, include_use=True)
    assert shared.use.use_days == (D(2026, 11, 9),) and shared.use.lapses == (D(2026, 11, 9),)
    assert shared.use.current_days == 5  # 10 Nov to 15 Nov
    assert shared.readiness.days_without_use == 5
    assert "60 days without use" in [g.title for g in shared.goals]


def test_step_down_readiness_sets_the_targets_beside_the_last_four_weeks(reports, more):
    r = reports.counselor(FIRST, LAST, charts=False).readiness
    assert (r.first, r.last) == whole_weeks(4, LAST) == (D(2026, 10, 19), D(2026, 11, 15))
    assert r.phase.name == "Phase 2" and r.next_phase.name == "Phase 3"
    assert r.weeks_in_phase == 6  # 1 Oct to 15 Nov
    assert [w.sessions for w in r.weeks] == [0, 0, 1, 1] and [w.hours for w in r.weeks] == [0, 0, 3.0, 3.0]
    assert (r.attended, r.missed, r.excused) == (2, 1, 1) and r.rate == pytest.approx(200 / 3)
    assert r.weeks_at_sessions_target() == 0 and r.weeks_at_hours_target() == 0
    rows = dict(describe(r, str))
    assert rows["Attendance rate"] == "67% (2 of 3 sessions); 1 excused absence not counted either way"
    assert rows["Treatment hours"].startswith("6 h (0 h, 0 h, 3 h, 3 h by week); target 6 h a week; 0 of 4 weeks")
    assert rows["Next phase"] == "Phase 3, from 2027-01-04: 1 session a week and 3 h of treatment a week"
    assert "Days without use" not in rows
    words = " ".join(v for _, v in describe(r, str)).lower()
    for verdict in ("ready", "not ready", "fail", "should"):
        assert verdict not in words


def test_session_prep_is_the_last_seven_days_and_the_persons_words(reports, more):
    p = reports.session_prep("Went to every group", "Payday", "Stepping down")
    assert (p.first, p.last) == (D(2026, 11, 12), D(2026, 11, 18))
    assert len(p.lines) == 5
    assert p.lines[0] == "Treatment: 1 session attended, 0 missed, 0 excused; 0 support meetings."
    assert (p.went_well, p.was_hard, p.talk_about) == ("Went to every group", "Payday", "Stepping down")
    assert "use" not in " ".join(p.lines).lower().replace("used", "")
    with pytest.raises(ValidationError) as caught:
        reports.session_prep(talk_about="x" * 701)
    assert caught.value.field == "talk_about" and "one page" in caught.value.message


def test_attendance_record_choices(reports, more, records):
    item, group = more
    records.update(records.list("group")[0].with_changes(meeting_types=("C",), fellowship="aa"))
    first = next(r for r in records.list("attendance") if r.occurred_at == T(2026, 11, 3, 19, 30))
    records.update(first.with_changes(time_in=dt.time(19, 40), chair_name="Pat R.", chair_phone="555-0142",
                                      signed_by="P. R."))
    r = reports.attendance(FIRST, LAST, case_number="  CR-2026  0412 ")
    assert r.provider == "Riverside Behavioral Health" and r.case_number == "CR-2026 0412"
    meeting = next(row for row in r.rows if row.when == T(2026, 11, 3, 19, 30))
    assert (meeting.time_in, meeting.time_out, meeting.as_scheduled) == (dt.time(19, 40), dt.time(20, 30), False)
    assert (meeting.fellowship, meeting.meeting_type, meeting.chair_name, meeting.chair_phone, meeting.signed_by) == (
        "AA", "Closed", "Pat R.", "555-0142", "P. R.")
    session = r.rows[0]
    assert (session.time_in, session.time_out, session.as_scheduled) == (dt.time(18), dt.time(21), True)
    assert [row.what for row in reports.attendance(FIRST, LAST, include="sessions").rows] == ["Treatment session"] * 2
    assert [row.what for row in reports.attendance(FIRST, LAST, include="meetings").rows] == ["Support meeting"] * 2
    generic = reports.attendance(FIRST, LAST, generic=True)
    assert generic.program == "" and generic.provider == "Riverside Behavioral Health"
    assert {(row.title, row.fellowship, row.meeting_type, row.place) for row in generic.rows} == {
        ("Treatment session", "", "", "In person"), ("Support meeting", "", "", "In person")}
    with pytest.raises(ValidationError):
        reports.attendance(FIRST, LAST, include="everything")


def test_an_iop_group_among_meetings_is_listed_as_a_treatment_session(reports, records):
    iop = records.add(SupportGroup(name="Riverside IOP Alumni", fellowship="iop"))
    records.add(AttendanceRecord(occurred_at=T(2026, 11, 7, 11), group_id=iop.id))
    [row] = reports.attendance(FIRST, LAST).rows
    assert (row.what, row.fellowship) == ("Treatment session", "")
    assert reports.attendance(FIRST, LAST, include="meetings").rows == ()
    assert NOW.date() > LAST
