"""Milestones Steady records by itself: dated the day they were reached, never twice."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.goals import GoalData, evaluate
from app.domain.meetings import NinetyInNinety
from app.domain.milestones import anniversary, due_milestones, newest_first, sober_marks
from app.domain.records import Goal, Milestone, ProgramPhase, SobrietyPeriod

D = dt.date
TODAY = D(2026, 11, 18)


def due(today=TODAY, periods=(), ninety=None, phases=(), progresses=(), existing=(), **kw):
    return due_milestones(today, periods, ninety, phases, progresses, existing, **kw)


def test_each_sober_mark_once_dated_the_day_it_was_reached():
    new = due(periods=[SobrietyPeriod(start_date=D(2025, 1, 1))])
    assert [(m.title, m.reached_on) for m in new] == [
        ("1 day sober", D(2025, 1, 2)), ("7 days sober", D(2025, 1, 8)), ("14 days sober", D(2025, 1, 15)),
        ("30 days sober", D(2025, 1, 31)), ("60 days sober", D(2025, 3, 2)), ("90 days sober", D(2025, 4, 1)),
        ("180 days sober", D(2025, 6, 30)), ("1 year sober", D(2026, 1, 1)),
    ]
    assert {m.kind for m in new} == {"sober_days"}
    assert due(periods=[SobrietyPeriod(start_date=D(2025, 1, 1))], existing=new) == []
    # Day 0 is the start day: nothing yet.
    assert due(periods=[SobrietyPeriod(start_date=TODAY)]) == []


def test_yearly_marks_fall_on_the_anniversary_date_across_leap_years():
    marks = sober_marks(D(2020, 3, 1), D(2026, 3, 1))
    years = [(day, title) for day, title in marks if "year" in title]
    assert years == [(D(2020 + n, 3, 1), f"{n} year{'s' if n > 1 else ''} sober") for n in range(1, 7)]
    assert (D(2024, 3, 1) - D(2023, 3, 1)).days == 366  # not "every 365 days"


def test_a_29_february_start_celebrates_on_28_february_in_common_years():
    assert anniversary(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert anniversary(D(2024, 2, 29), 4) == D(2028, 2, 29)
    titles = {t: d for d, t in sober_marks(D(2024, 2, 29), D(2028, 3, 1))}
    assert titles["1 year sober"] == D(2025, 2, 28) and titles["4 years sober"] == D(2028, 2, 29)


def test_a_lapse_restarts_the_marks_and_keeps_the_old_ones():
    old = SobrietyPeriod(start_date=D(2025, 1, 1), end_date=D(2025, 6, 1))
    first = due(today=D(2025, 5, 31), periods=[SobrietyPeriod(start_date=D(2025, 1, 1))])
    assert [m.title for m in first][-1] == "90 days sober"
    new = due(today=D(2025, 7, 10), periods=[old, SobrietyPeriod(start_date=D(2025, 6, 2))], existing=first)
    assert [(m.title, m.reached_on) for m in new] == [
        ("1 day sober", D(2025, 6, 3)), ("7 days sober", D(2025, 6, 9)), ("14 days sober", D(2025, 6, 16)),
        ("30 days sober", D(2025, 7, 2))]
    # due_milestones only ever adds: the first period's records are not touched.


def test_a_mark_recorded_by_hand_or_by_counting_365_days_is_not_repeated():
    start = D(2023, 6, 1)  # a year counted as 365 days from here ends a day before the date
    typed = [Milestone(title="One year sober", kind="sober_days", reached_on=start + dt.timedelta(days=365)),
             Milestone(title="30 days sober again", kind="sober_days", reached_on=start + dt.timedelta(days=30))]
    titles = [m.title for m in due(periods=[SobrietyPeriod(start_date=start)], existing=typed)]
    assert "1 year sober" not in titles and "30 days sober" not in titles
    assert "2 years sober" in titles


def test_ninety_meetings_in_ninety_days_once_per_challenge():
    done = NinetyInNinety(D(2026, 8, 1), 90, 93, True)
    new = due(ninety=done, ninety_reached_on=D(2026, 10, 27))
    assert [(m.kind, m.title, m.reached_on) for m in new] == [("meetings_90", "90 meetings in 90 days", D(2026, 10, 27))]
    assert due(ninety=done, existing=new) == []
    assert due(ninety=NinetyInNinety(D(2026, 8, 25), 86, 80, False)) == []
    # A later challenge is a new milestone.
    again = NinetyInNinety(D(2027, 1, 1), 90, 90, True)
    assert len(due(today=D(2027, 4, 1), ninety=again, existing=new, ninety_reached_on=D(2027, 3, 31))) == 1


def test_a_program_phase_is_completed_when_the_next_one_starts():
    phases = [ProgramPhase(program_id="p", name="Continuing care", start_date=D(2027, 1, 4)),
              ProgramPhase(program_id="p", name="Intensive", start_date=D(2026, 6, 1)),
              ProgramPhase(program_id="p", name="Step-down", start_date=D(2026, 8, 24))]
    new = due(phases=phases)
    assert [(m.kind, m.title, m.reached_on) for m in new] == [
        ("phase_completed", "Finished the Intensive phase", D(2026, 8, 24))]
    typed = [Milestone(title="finished the intensive PHASE", kind="phase_completed")]
    assert due(phases=phases, existing=typed) == []
    assert len(due(today=D(2027, 1, 4), phases=phases, existing=new)) == 1


def test_a_goal_with_a_finish_line_is_met_once_and_a_weekly_goal_never_makes_one():
    sober = Goal(title="90 days", kind="sober_days", target=90, period="total", start_date=D(2026, 6, 1))
    weekly = Goal(title="3 meetings", kind="meetings_per_week", target=3, start_date=D(2026, 6, 1))
    periods = [SobrietyPeriod(start_date=D(2026, 6, 1))]
    progresses = [evaluate(sober, GoalData(periods=periods), TODAY),
                  evaluate(weekly, GoalData(weeks={D(2026, 11, 16): 3}), TODAY)]
    assert [p.status for p in progresses] == ["met", "met"]
    new = due(progresses=progresses)
    assert [(m.kind, m.title, m.goal_id, m.reached_on) for m in new] == [
        ("goal_met", "Goal met: 90 days", sober.id, D(2026, 8, 30))]
    assert due(progresses=progresses, existing=new) == []
    # Ended, and met on its end date: still worth recording.
    ended = sober.with_changes(end_date=D(2026, 10, 1))
    p = evaluate(ended, GoalData(periods=periods), TODAY)
    assert (p.status, p.final) == ("ended", "met") and len(due(progresses=[p])) == 1


def test_newest_first_then_the_ones_ahead():
    ms = [Milestone(title="a", reached_on=D(2026, 1, 1)), Milestone(title="b", target_date=D(2027, 1, 1)),
          Milestone(title="c", reached_on=D(2026, 5, 1)), Milestone(title="d")]
    assert [m.title for m in newest_first(ms)] == ["c", "a", "b", "d"]


@settings(max_examples=100, deadline=None)
@given(start=st.dates(D(2000, 1, 1), D(2026, 11, 18)), days_on=st.integers(0, 3000))
def test_recording_the_due_marks_leaves_nothing_due(start, days_on):
    today = start + dt.timedelta(days=days_on)
    periods = [SobrietyPeriod(start_date=start)]
    new = due(today=today, periods=periods)
    assert all(start < m.reached_on <= today for m in new)
    assert len({m.title for m in new}) == len(new)
    assert due(today=today, periods=periods, existing=new) == []
