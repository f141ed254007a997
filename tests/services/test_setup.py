"""app.services.setup: the program step's items, the first-week preview, checks before any write."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import Goal, SupportContact
from app.services.bundle import build_services
from app.services.clock import FixedClock
from app.services.demo import generate_demo
from app.services.setup import (
    SetupAnswers,
    WeeklySession,
    apply_setup,
    is_demo_folder,
    needs_setup,
    preview,
    program_items,
    setup_done,
    starter_goals,
)

NOW = dt.datetime(2026, 12, 2, 8, 0)  # a Wednesday


def test_a_series_starts_on_its_first_day_on_or_after_the_program_start():
    sessions = (WeeklySession("Group sessions", "group_therapy", (0, 4), dt.time(9), dt.time(12)),
                WeeklySession("Work", "work", (), dt.time(9), dt.time(17)))
    [item] = program_items(dt.date(2026, 12, 2), sessions, "America/Chicago")
    assert item.start == dt.datetime(2026, 12, 4, 9) and item.recurrence == "FREQ=WEEKLY;BYDAY=MO,FR"
    slots = preview([item], dt.date(2026, 12, 2))
    assert [s.start for s in slots] == [dt.datetime(2026, 12, 4, 9), dt.datetime(2026, 12, 7, 9)]
    assert program_items(None, sessions, "UTC") == []


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValidationError, match="end time must be after"):
        program_items(dt.date(2026, 12, 2), (WeeklySession("Work", "work", (1,), dt.time(17), dt.time(9)),), "UTC")


def test_a_refused_answer_writes_nothing(store):
    services = build_services(store, FixedClock(NOW))
    answers = SetupAnswers(program_start=dt.date(2026, 12, 7),
                           sessions=(WeeklySession("Group sessions", "group_therapy", (0,), dt.time(9), dt.time(12)),),
                           contacts=(SupportContact(name="Dana", phone="555-0101", emergency=True),),
                           sober_date=dt.date(2026, 12, 3))
    with pytest.raises(ValidationError, match="future"):
        apply_setup(services, answers)
    assert store.user_record_count() == 0 and not setup_done(store)
    with pytest.raises(ValidationError):
        apply_setup(services, SetupAnswers(goals=(Goal(title="", kind="custom_number", target=1,
                                                       start_date=NOW.date()),)))
    assert store.user_record_count() == 0 and needs_setup(store)


def test_goals_are_offered_from_what_was_entered():
    today = NOW.date()
    plain = [g.title for g in starter_goals(SetupAnswers(), today)]
    assert plain == ["3 support meetings a week", "Check in every day for a week"]
    full = starter_goals(SetupAnswers(program_start=today, sober_date=today,
                                      sessions=(WeeklySession("Group sessions", "group_therapy", (2,), dt.time(9),
                                                              dt.time(12)),)), today)
    assert [g.kind for g in full] == ["treatment_attendance", "meetings_per_week", "sober_days"]
    assert full[2].title == "90 sober days"


def test_steady_demo_marks_its_folder(store):
    assert needs_setup(store) and not is_demo_folder(store)
    generate_demo(store, years=1, today=NOW.date())
    assert is_demo_folder(store) and not needs_setup(store)
