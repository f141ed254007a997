"""Colour is never the only signal: where the planner's colour says what kind of time a block
is, the block says it in words too (a clash and a cancelled time have their own words)."""

from __future__ import annotations

from app.ui.widgets.week_grid import KIND_LABELS

from .test_schedule_page import add, at, clock, planner, schedule  # noqa: F401 - fixtures


def test_each_block_in_the_planner_says_its_kind_in_words(planner, schedule):  # noqa: F811
    records = schedule.records
    add(records, "IOP group", at(1, 18), 3, kind="group_therapy")
    add(records, "Warehouse shift", at(1, 19), 4, kind="work")  # clashes with the group
    add(records, "Court date", at(2, 9), 1, kind="court")
    planner.refresh()
    lines = {p.slot.title: [text for _bold, text in planner.grid.piece_lines(p)] for p in planner.grid.placed}
    assert set(lines) == {"IOP group", "Warehouse shift", "Court date"}
    assert KIND_LABELS["group_therapy"] in lines["IOP group"]
    assert KIND_LABELS["work"] in lines["Warehouse shift"]
    assert KIND_LABELS["court"] in lines["Court date"]
    clashing = {p.slot.title for p in planner.grid.placed if p.conflict}
    assert clashing == {"IOP group", "Warehouse shift"}
    for piece in planner.grid.placed:
        title = planner.grid.piece_lines(piece)[0][1]
        assert title.startswith("⚠ ") == (piece.slot.title in clashing)


def test_a_cancelled_time_says_so(planner, schedule):  # noqa: F811
    item = add(schedule.records, "IOP group", at(1, 18), 3, kind="group_therapy", recurrence="FREQ=WEEKLY;BYDAY=TU,TH")
    schedule.cancel_occurrence(item, at(1, 18))
    planner.refresh()
    titles = sorted(planner.grid.piece_lines(p)[0][1] for p in planner.grid.placed)
    assert titles == ["Cancelled: IOP group", "IOP group"]
