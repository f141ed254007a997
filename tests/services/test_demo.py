"""Demo data: deterministic, believable, validated, and only ever into an empty folder."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter

import pytest

from app.domain.errors import ValidationError
from app.domain.recurrence import occurrences
from app.domain.records import CopingSkill, SupportContact
from app.services.demo import DemoSummary, generate_demo
from app.storage import open_store

TODAY = dt.date(2026, 3, 14)
MIDNIGHT = dt.datetime.combine(TODAY, dt.time())


@pytest.fixture
def new_store(tmp_path):
    """Opens a fresh data folder per call; closes them all afterwards."""
    opened = []

    def make(name: str = "data"):
        store = open_store(tmp_path / name)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(new_store):
    return new_store()


@pytest.fixture
def one_year(store):
    summary = generate_demo(store, years=1, seed=0, today=TODAY)
    return store, summary


def snapshot(store) -> dict[str, list[dict]]:
    return {name: sorted((r.to_plain() for r in repo.list()), key=lambda p: p["id"])
            for name, repo in store.repositories().items()}


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_and_day_give_identical_records(new_store):
    a, b = new_store("a"), new_store("b")
    summary_a = generate_demo(a, years=2, seed=42, today=TODAY)
    summary_b = generate_demo(b, years=2, seed=42, today=TODAY)
    assert summary_a == summary_b
    assert snapshot(a) == snapshot(b)


def test_different_seeds_give_different_records(new_store):
    a, b = new_store("a"), new_store("b")
    generate_demo(a, years=1, seed=1, today=TODAY)
    generate_demo(b, years=1, seed=2, today=TODAY)
    snap_a, snap_b = snapshot(a), snapshot(b)
    assert snap_a["checkins"] != snap_b["checkins"]
    assert {r["id"] for r in snap_a["coping"]}.isdisjoint(r["id"] for r in snap_b["coping"])


# --- refusals --------------------------------------------------------------------------------


def test_refuses_a_folder_with_user_records_and_writes_nothing(store):
    with store.transaction():
        store.contacts.add(SupportContact(name="Dave R.", role="sponsor", phone="555-0142"))
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        generate_demo(store, years=1, today=TODAY)
    assert caught.value.field == ""
    assert "already holds your records" in caught.value.message
    assert "--data-dir" in caught.value.message
    assert snapshot(store) == before


@pytest.mark.parametrize("years", [0, -1, 21, 100, 1.5, True, "3"])
def test_years_out_of_range_are_refused(store, years):
    with pytest.raises(ValidationError) as caught:
        generate_demo(store, years=years, today=TODAY)
    assert caught.value.field == "years"
    assert store.record_count() == 0


def test_a_folder_with_only_the_builtin_library_counts_as_empty_and_its_skills_are_reused(store):
    library = CopingSkill(name="Box breathing", category="mindfulness", builtin=True)
    with store.transaction():
        store.skills.add(library)
    summary = generate_demo(store, years=1, today=TODAY)
    names = Counter(s.name for s in store.skills.list())
    assert names["Box breathing"] == 1
    assert summary.skills == len(names) - 1
    used = {i for e in store.coping.list() for i in e.skill_ids}
    assert used <= {s.id for s in store.skills.list()}


# --- the story -------------------------------------------------------------------------------


def test_summary_counts_match_what_was_written(one_year):
    store, summary = one_year
    assert isinstance(summary, DemoSummary)
    counts = summary.counts()
    assert counts == {name: store.repositories()[name].count() for name in counts}
    # Record types the demo does not make stay empty.
    assert all(repo.count() == 0 for name, repo in store.repositories().items() if name not in counts)
    assert summary.total == store.record_count()
    assert summary.end == TODAY - dt.timedelta(days=1)
    assert summary.start == store.programs.list()[0].start_date
    assert TODAY - dt.timedelta(days=366) <= summary.start
    assert "records" in summary.describe()


def test_phases_step_down(one_year):
    store, _ = one_year
    phases = sorted(store.phases.list(), key=lambda p: p.start_date)
    assert [p.name for p in phases] == ["Intensive", "Step-down", "Continuing care"]
    hours = [p.target_treatment_hours for p in phases]
    sessions = [p.target_sessions_per_week for p in phases]
    assert hours == sorted(hours, reverse=True) and len(set(hours)) == 3
    assert sessions == [3, 2, 1]
    assert all(p.start_date < TODAY for p in phases)


def test_schedule_has_stepping_series_and_a_reasonable_size(one_year):
    store, _ = one_year
    items = store.schedule.list()
    assert 15 <= len(items) <= 25
    assert {i.timezone for i in items} == {"America/New_York"}
    kinds = {i.kind for i in items}
    assert {"group_therapy", "individual_counseling", "family_therapy", "psychoeducation",
            "medication_management", "work", "family_social", "self_care"} <= kinds
    groups = sorted((i for i in items if i.kind == "group_therapy"), key=lambda i: i.start)
    assert ["MO,WE,TH" in groups[0].recurrence, "MO,WE;" in groups[1].recurrence,
            "BYDAY=WE" in groups[2].recurrence] == [True, True, True]
    assert "UNTIL=" in groups[0].recurrence and "UNTIL=" not in groups[2].recurrence
    assert any("INTERVAL=2" in i.recurrence for i in items if i.kind == "family_therapy")
    assert any(i.recurrence.startswith("FREQ=MONTHLY") for i in items if i.kind == "medication_management")


def test_exactly_one_lapse_with_matching_sobriety_periods(one_year):
    store, summary = one_year
    lapses = [c for c in store.checkins.list() if c.used_substances]
    assert len(lapses) == 1
    lapse = lapses[0].day
    assert lapse == summary.lapse_day
    days = (summary.end - summary.start).days
    assert 0.4 <= (lapse - summary.start).days / days <= 0.6

    closed, opened = sorted(store.sobriety.list(), key=lambda p: p.start_date)
    assert closed.start_date == summary.start and closed.end_date == lapse
    assert opened.start_date == lapse + dt.timedelta(days=1) and opened.end_date is None

    lapsed = [e for e in store.coping.list() if e.outcome == "lapsed"]
    assert len(lapsed) == 1 and lapsed[0].occurred_at.date() == lapse


def test_nothing_is_dated_today_or_later(one_year):
    store, _ = one_year
    for name, repo in store.repositories().items():
        for record in repo.list():
            for field in record.PAST_ONLY:
                value = getattr(record, field)
                assert value < (MIDNIGHT if isinstance(value, dt.datetime) else TODAY), (name, record)
            when = record.when()
            if when is not None:
                day = when.date() if isinstance(when, dt.datetime) else when
                assert day < TODAY, (name, record)
    assert all(m.reached_on is None or m.reached_on < TODAY for m in store.milestones.list())
    assert all(p.end_date is None or p.end_date < TODAY for p in store.sobriety.list())


def test_urges_ease_over_the_year(one_year):
    store, summary = one_year
    quarter = (summary.end - summary.start).days / 4
    entries = store.coping.list()
    first = [e.urge_before for e in entries if (e.occurred_at.date() - summary.start).days < quarter]
    last = [e.urge_before for e in entries if (e.occurred_at.date() - summary.start).days >= 3 * quarter]
    assert first and last
    assert statistics.mean(last) < statistics.mean(first)
    assert len(first) > len(last)  # several a week early on, fewer later
    with_after = [e for e in entries if e.urge_after is not None and e.outcome != "lapsed"]
    assert sum(e.urge_after < e.urge_before for e in with_after) / len(with_after) > 0.7


def test_checkins_have_gaps_and_trend_better(one_year):
    store, summary = one_year
    checkins = sorted(store.checkins.list(), key=lambda c: c.day)
    days = (summary.end - summary.start).days + 1
    assert 0.75 <= len(checkins) / days <= 0.95
    half = len(checkins) // 2
    early, late = checkins[:half], checkins[half:]
    assert statistics.mean(c.mood for c in late) > statistics.mean(c.mood for c in early)
    assert statistics.mean(c.craving for c in late) < statistics.mean(c.craving for c in early)
    assert all(4.5 <= c.sleep_hours <= 9 for c in checkins)
    assert sum(bool(c.medication_taken) for c in checkins) / len(checkins) > 0.8


def test_every_past_treatment_session_has_an_attendance_record(one_year):
    store, _ = one_year
    by_item = Counter(a.schedule_item_id for a in store.attendance.list() if a.schedule_item_id)
    treatment = [i for i in store.schedule.list() if i.is_treatment]
    assert treatment
    for item in treatment:
        assert by_item[item.id] == len(occurrences(item, item.start, MIDNIGHT)), item.title
    assert sum(by_item.values()) == sum(1 for a in store.attendance.list() if a.schedule_item_id)


def test_meetings_three_to_five_a_week_with_misses_and_excuses(one_year):
    store, summary = one_year
    meetings = [a for a in store.attendance.list() if a.group_id]
    weeks = Counter((a.occurred_at.date() - summary.start).days // 7 for a in meetings)
    assert 3 <= statistics.mean(weeks.values()) <= 5
    statuses = Counter(a.status for a in meetings)
    assert statuses["attended"] > 0.8 * len(meetings)
    assert statuses["missed"] > 0 and statuses["excused"] > 0
    assert all(a.reason for a in meetings if a.status == "excused")
    assert any(a.shared for a in meetings)
    groups = store.groups.list()
    assert 4 <= len(groups) <= 6
    assert all(g.weekday is not None and g.start_time is not None and g.meeting_types for g in groups)


def test_goals_contacts_and_selfcare(one_year):
    store, summary = one_year
    goals = {g.kind: g for g in store.goals.list()}
    assert goals["meetings_per_week"].target == 3
    assert goals["selfcare_minutes"].target == 150
    assert goals["coping_per_week"].target == 3
    checklist = goals["custom_checklist"]
    steps = [m for m in store.milestones.list() if m.goal_id == checklist.id]
    assert len(steps) >= 2 and sum(m.reached_on is not None for m in steps) == 1

    roles = {c.role: c for c in store.contacts.list()}
    assert roles["sponsor"].phone.startswith("555-01") and roles["sponsor"].emergency
    assert roles["crisis_line"].phone == "988"

    selfcare = store.selfcare.list()
    per_week = len(selfcare) / (((summary.end - summary.start).days + 1) / 7)
    assert 3 <= per_week <= 6
    assert all(1 <= e.mood_before <= 5 and 1 <= e.mood_after <= 5 for e in selfcare)

    skills = store.skills.list()
    assert 10 <= len(skills) <= 14 and all(s.builtin and s.how_to for s in skills)


def test_default_today_is_the_real_today(store):
    before = dt.date.today()
    summary = generate_demo(store, years=1, seed=5)
    after = dt.date.today()  # the run may straddle midnight
    assert summary.end + dt.timedelta(days=1) in (before, after)


def test_five_years_is_plausible_and_healthy(store):
    began = time.perf_counter()
    summary = generate_demo(store, years=5, seed=0, today=TODAY)
    print(f"\n5 years of demo data: {time.perf_counter() - began:.2f} s; {summary.describe()}")
    assert summary.checkins > 1_000 and store.checkins.count() == summary.checkins
    assert summary.attendance > 1_000 and summary.selfcare > 700 and summary.coping > 150
    assert sum(c.used_substances for c in store.checkins.list()) == 1
    assert store.integrity_problems() == []


def test_the_summary_names_each_kind_in_words_with_its_number(one_year):
    _store, summary = one_year
    text = summary.describe()
    assert "1 program," in text and "programs" not in text
    assert f"{summary.phases:,} program phases" in text
    assert f"{summary.selfcare:,} self-care entries" in text
    assert f"{summary.checkins:,} check-ins" in text
    assert f"{summary.attendance:,} attendance records" in text
