"""Ranking coping skills: most effective and most recent first, archived never offered."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain.coping import MIN_RATED, WINDOW, ago, rank_skills, skills_by_id, suggest_outcome
from app.domain.records import CopingEntry, CopingSkill

NOW = dt.datetime(2026, 3, 14, 20, 0)


def skill(name: str, **kw) -> CopingSkill:
    return CopingSkill(id=name.lower().replace(" ", "-"), name=name, category="other", **kw)


def used(s: CopingSkill | tuple, days_ago: float, before: int = 7, after: int | None = 3) -> CopingEntry:
    ids = tuple(x.id for x in s) if isinstance(s, tuple) else (s.id,)
    return CopingEntry(occurred_at=NOW - dt.timedelta(days=days_ago), urge_before=before, urge_after=after,
                       skill_ids=ids)


def names(ranked) -> list[str]:
    return [r.skill.name for r in ranked]


BREATH, WALK, CALL, DELAY, HALT = (skill(n) for n in ("Breathing", "Walk", "Call", "Delay", "HALT"))


def test_without_history_the_given_order_is_kept():
    ranked = rank_skills([WALK, BREATH, CALL], [], NOW)
    assert names(ranked) == ["Walk", "Breathing", "Call"]
    assert all(r.uses == 0 and r.because == "" and r.mean_drop is None for r in ranked)


def test_most_effective_and_most_recent_alternate():
    entries = (
        [used(BREATH, d, 8, 2) for d in (20, 30, 40)]  # drop 6: most effective
        + [used(WALK, d, 7, 4) for d in (10, 11, 12)]  # drop 3: second most effective
        + [used(CALL, 0.5, 6, 6)]  # used most recently, only once
        + [used(DELAY, 2, 6, 5)]  # second most recent
    )
    ranked = rank_skills([HALT, DELAY, CALL, WALK, BREATH], entries, NOW)
    assert names(ranked) == ["Breathing", "Call", "Walk", "Delay", "HALT"]
    assert [r.because for r in ranked] == ["effective", "recent", "effective", "recent", ""]
    assert ranked[0].mean_drop == pytest.approx(6) and ranked[0].rated == 3
    assert ranked[1].mean_drop is None and ranked[1].last_used == NOW - dt.timedelta(days=0.5)


def test_effectiveness_needs_a_minimum_of_rated_entries():
    entries = [used(CALL, 1, 10, 0)] * (MIN_RATED - 1) + [used(WALK, d, 6, 4) for d in range(3, 3 + MIN_RATED)]
    ranked = rank_skills([CALL, WALK], entries, NOW)
    by_name = {r.skill.name: r for r in ranked}
    assert by_name["Call"].mean_drop is None and by_name["Call"].because == "recent"
    assert by_name["Walk"].mean_drop == pytest.approx(2) and by_name["Walk"].because == "effective"
    assert names(ranked) == ["Walk", "Call"]


def test_entries_without_urge_after_count_for_recency_not_effectiveness():
    entries = [used(BREATH, d, 9, None) for d in (1, 2, 3, 4)]
    [r] = rank_skills([BREATH], entries, NOW)
    assert (r.uses, r.rated, r.mean_drop, r.because) == (4, 0, None, "recent")


def test_only_the_last_90_days_count_and_future_entries_are_ignored():
    old = [used(BREATH, WINDOW.days + 1, 10, 0) for _ in range(5)]
    future = [used(WALK, -1, 10, 0) for _ in range(5)]
    ranked = rank_skills([BREATH, WALK, CALL], old + future + [used(CALL, 5, 5, 4)], NOW)
    assert names(ranked) == ["Call", "Breathing", "Walk"]
    assert ranked[1].uses == 0 and ranked[2].uses == 0


def test_a_skill_that_never_lowers_the_urge_is_not_called_effective():
    entries = [used(DELAY, d, 5, 6) for d in (1, 2, 3)]
    [r] = rank_skills([DELAY], entries, NOW)
    assert r.mean_drop == pytest.approx(-1) and r.because == "recent"


def test_archived_skills_are_not_suggested_but_still_resolve_for_history():
    old_favourite = skill("Old favourite", archived=True)
    entries = [used(old_favourite, d, 9, 1) for d in (1, 2, 3)]
    ranked = rank_skills([old_favourite, WALK], entries, NOW)
    assert names(ranked) == ["Walk"]
    assert skills_by_id([old_favourite, WALK])[old_favourite.id].name == "Old favourite"


def test_an_entry_with_two_skills_counts_for_both_and_deleted_ids_are_ignored():
    entries = [CopingEntry(occurred_at=NOW - dt.timedelta(days=d), urge_before=8, urge_after=4,
                           skill_ids=(BREATH.id, WALK.id, "deleted-skill")) for d in (1, 2, 3)]
    ranked = rank_skills([BREATH, WALK], entries, NOW)
    assert [(r.uses, r.mean_drop) for r in ranked] == [(3, 4), (3, 4)]


def test_ties_are_broken_by_more_ratings_then_recency_then_given_order():
    entries = ([used(BREATH, d, 6, 3) for d in (30, 31, 32, 33)]
               + [used(WALK, d, 6, 3) for d in (40, 41, 42)]
               + [used(CALL, d, 6, 3) for d in (1, 2, 3)]
               + [used(HALT, 0.1, 6, None)])
    ranked = rank_skills([WALK, CALL, BREATH, HALT], entries, NOW)
    assert [(r.skill.name, r.because) for r in ranked] == [
        ("Breathing", "effective"), ("HALT", "recent"), ("Call", "effective"), ("Walk", "effective")]


def test_why_and_explain_speak_plainly():
    entries = [used(BREATH, d, 8, 5) for d in (1, 3, 9)]
    ranked = rank_skills([BREATH, CALL], entries, NOW)
    assert ranked[0].why(NOW) == "urge −3.0 on average"
    assert ranked[0].explain(NOW) == ("Used 3 times in the last 90 days, last yesterday. "
                                      "Your urge went down by 3.0 on average.")
    assert ranked[1].why(NOW) == "" and "not used" in ranked[1].explain(NOW)
    [recent] = rank_skills([CALL], [used(CALL, 5, 5, None)], NOW)
    assert recent.why(NOW) == "used 5 days ago; too few to tell how much it helps"
    assert recent.why(NOW, short=True) == "5 days ago"
    assert "Too few to tell" in recent.explain(NOW)


def test_practice_entries_count_as_use_but_not_for_effectiveness():
    practice = [replace(used(BREATH, d, 8, 1), practice=True) for d in (1, 2, 3, 4)]
    [ranked] = rank_skills([BREATH], practice, NOW)
    assert ranked.uses == 4 and ranked.rated == 0 and ranked.mean_drop is None


@pytest.mark.parametrize("days, text", [(0, "today"), (1, "yesterday"), (6, "6 days ago"),
                                        (20, "2 weeks ago"), (75, "2 months ago")])
def test_ago(days, text):
    assert ago(NOW - dt.timedelta(days=days), NOW) == text


@pytest.mark.parametrize("before, after, outcome", [
    (7, None, ""), (None, 3, ""), (7, 0, "passed"), (7, 2, "passed"), (2, 2, "still_strong"),
    (7, 5, "eased"), (7, 6, "still_strong"), (5, 7, "still_strong"), (9, 9, "still_strong"),
])
def test_suggested_outcome_follows_the_urges_and_never_says_lapsed(before, after, outcome):
    assert suggest_outcome(before, after) == outcome
