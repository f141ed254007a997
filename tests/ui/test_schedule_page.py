"""The week planner: layout of overlapping items, navigation, balance, overlaps, agenda,
keyboard use and the actions on one session."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import AttendanceRecord, Program, ProgramPhase, ScheduleItem
from app.domain.schedule import Slot
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.schedule_page import EMPTY_WEEK, WHOLE_SERIES, SchedulePage, WeekPlanner, balance_sentence
from app.ui.widgets.week_grid import HOUR_PX, place_week

NOW = dt.datetime(2026, 11, 18, 12, 10)  # a Wednesday
MONDAY = dt.date(2026, 11, 16)


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def schedule(store, clock):
    return ScheduleService(store, RecordService(store, clock))


@pytest.fixture
def planner(qtbot, schedule):
    p = WeekPlanner(schedule.records, schedule)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.detach()


def add(records, title, start, hours=1.0, kind="group_therapy", **kw):
    return records.add(ScheduleItem(title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours),
                                    timezone="America/New_York", **kw))


def at(day_offset, hour, minute=0):
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day_offset), dt.time(hour, minute))


# --- layout, without painting ---------------------------------------------------------------------


def _slot(title, start, hours, kind="work", all_day=False):
    item = ScheduleItem(title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours),
                        timezone="UTC", all_day=all_day)
    return Slot(item, item.start, item.end, item.start)


def test_overlapping_items_sit_side_by_side_and_free_ones_take_the_full_width():
    a = _slot("Shift", at(2, 8), 8.5)
    b = _slot("Overtime", at(2, 15), 4.5)
    c = _slot("Group", at(2, 18), 3, kind="group_therapy")
    d = _slot("Alone", at(3, 9), 1)
    placed, _ = place_week([a, b, c, d], MONDAY)
    by = {p.slot.title: p for p in placed}
    assert by["Shift"].columns == by["Overtime"].columns == by["Group"].columns == 2
    assert by["Shift"].column == 0 and by["Overtime"].column == 1
    assert by["Group"].column == 0  # the shift has ended by 18:00, so its column is free again
    assert (by["Alone"].column, by["Alone"].columns, by["Alone"].span) == (0, 1, 1)
    # Nothing to the right of the group overlaps it... except the overtime, so it keeps one column.
    assert by["Group"].span == 1


def test_a_piece_spreads_right_while_nothing_there_overlaps_it():
    a = _slot("A", at(0, 9), 3)
    b = _slot("B", at(0, 9), 1)
    c = _slot("C", at(0, 9), 1)
    d = _slot("D", at(0, 11), 1)  # overlaps only A
    placed, _ = place_week([a, b, c, d], MONDAY)
    by = {p.slot.title: p for p in placed}
    assert by["A"].columns == 3
    assert by["D"].column == 1 and by["D"].span == 2


def test_an_overnight_shift_is_cut_at_midnight_and_all_day_items_go_to_the_strip():
    night = _slot("Night shift", at(1, 22), 8)
    birthday = _slot("Birthday", at(3, 0), 24, kind="family_social", all_day=True)
    placed, all_day = place_week([night, birthday], MONDAY)
    pieces = [(p.day, p.top, p.bottom) for p in placed]
    assert pieces == [(1, 22 * 60, 24 * 60), (2, 0, 6 * 60)]
    assert [s.title for s in all_day[3]] == ["Birthday"]


def test_a_five_minute_item_still_gets_a_clickable_block():
    placed, _ = place_week([_slot("Call sponsor", at(0, 9), 5 / 60)], MONDAY)
    assert placed[0].bottom - placed[0].top == 20


# --- the planner -------------------------------------------------------------------------------------


def test_empty_week_guides_the_person(planner):
    assert not planner.empty_label.isHidden()
    assert planner.empty_label.text() == EMPTY_WEEK
    assert planner.conflict_label.text() == "No overlaps this week."
    assert planner.range_label.text() == "16–22 November 2026"
    assert "no program phase set" in planner.balance.target_label.text()


def test_items_appear_in_the_right_column_and_row(planner, schedule):
    add(schedule.records, "IOP group", at(1, 18), 3, recurrence="FREQ=WEEKLY;BYDAY=TU,TH")
    assert planner.empty_label.isHidden()
    pieces = sorted((p.day, p.top) for p in planner.grid.placed)
    assert pieces == [(1, 18 * 60), (3, 18 * 60)]
    rect = planner.grid.piece_rect(planner.grid.placed[0])
    assert rect.top() == pytest.approx(18 * HOUR_PX + 1)
    g = planner.grid.geometry_model()
    assert g.day_left(1) <= rect.left() < g.day_left(2)


def test_navigation_moves_a_week_and_back_to_this_week(planner, schedule):
    add(schedule.records, "Next week's group", at(8, 18), 3)
    assert planner.grid.placed == []
    planner.next_button.click()
    assert planner.view.start == MONDAY + dt.timedelta(days=7)
    assert [p.slot.title for p in planner.grid.placed] == ["Next week's group"]
    assert planner.today_button.isEnabled()
    planner.today_button.click()
    assert planner.view.start == MONDAY
    assert not planner.today_button.isEnabled()
    planner.prev_button.click()
    assert planner.view.start == MONDAY - dt.timedelta(days=7)


def test_the_date_picker_jumps_to_the_week_of_that_date(planner):
    from app.ui.widgets.editors import to_qdate

    planner.date_edit.setDate(to_qdate(dt.date(2027, 3, 31)))
    assert planner.view.start == dt.date(2027, 3, 29)
    assert planner.range_label.text() == "29 Mar – 4 Apr 2027"


def test_keyboard_pages_weeks_and_t_comes_back(planner, qtbot):
    planner.grid.setFocus()
    qtbot.keyClick(planner.grid, Qt.Key.Key_PageDown)
    assert planner.view.start == MONDAY + dt.timedelta(days=7)
    qtbot.keyClick(planner.grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(planner.grid, Qt.Key.Key_PageUp)
    assert planner.view.start == MONDAY - dt.timedelta(days=7)
    qtbot.keyClick(planner.grid, Qt.Key.Key_T)
    assert planner.view.start == MONDAY


def test_balance_is_measured_against_the_phase_in_force(planner, schedule):
    records = schedule.records
    program = records.add(Program(name="Riverside IOP", start_date=dt.date(2026, 9, 1)))
    records.add(ProgramPhase(program_id=program.id, name="Phase 2", start_date=dt.date(2026, 11, 1),
                             target_sessions_per_week=3, target_treatment_hours=9))
    add(records, "IOP group", at(0, 18), 3, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    add(records, "Shift", at(0, 8), 8, kind="work", recurrence="FREQ=DAILY;COUNT=5")
    text = planner.balance.target_label.text()
    assert text == "Treatment: 6 h in 2 sessions — target 9 h and 3 sessions (Phase 2): below target"
    assert planner.balance.group_labels["work"].text() == "Work 40 h"
    assert planner.balance.group_labels["treatment"].text() == "Treatment 6 h"
    assert balance_sentence(planner.view.balance) == text


def test_overlaps_are_flagged_in_the_grid_and_listed(planner, schedule, qtbot):
    records = schedule.records
    add(records, "Shift", at(2, 8), 10, kind="work")
    add(records, "IOP group", at(2, 17), 3)
    add(records, "Run", at(4, 7), 1, kind="self_care")
    label = planner.conflict_label.text()
    assert label == "⚠ 1 overlap this week — 1 treatment session clashes with work or school"
    flagged = {p.slot.title for p in planner.grid.placed if p.conflict}
    assert flagged == {"Shift", "IOP group"}
    assert planner.conflict_list.isHidden()
    planner.conflict_toggle.click()
    assert planner.conflict_list.isVisible()
    assert planner.conflict_list.count() == 1
    assert "treatment clashes with work" in planner.conflict_list.item(0).text()
    planner._on_conflict_activated(planner.conflict_list.item(0))
    assert planner.grid.selected.title == "Shift"


def test_agenda_lists_the_same_week_with_notes(planner, schedule):
    records = schedule.records
    add(records, "Shift", at(2, 8), 10, kind="work")
    group = add(records, "IOP group", at(0, 17), 3, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    schedule.cancel_occurrence(group, at(0, 17))
    planner.agenda_button.click()
    assert planner.stack.currentWidget() is planner.agenda
    rows = []
    for i in range(planner.agenda.topLevelItemCount()):
        it = planner.agenda.topLevelItem(i)
        rows.append([it.text(c) for c in range(5)])
    assert rows[0][0] == "Monday 16 November"
    assert rows[1][1:] == ["IOP group", "Group therapy", "", "cancelled"]
    wed = rows.index(["Wednesday 18 November", "", "", "", ""])
    assert rows[wed + 1][1] == "Shift" and rows[wed + 1][4] == "⚠ overlaps"
    assert rows[wed + 2][1] == "IOP group" and rows[wed + 2][4] == "⚠ overlaps"
    assert ["", "Nothing planned", "", "", ""] in rows


def test_double_click_on_free_time_adds_an_item_starting_there(planner, schedule, qtbot):
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        seen["start"] = dialog.value("start")
        dialog.set_value("title", "Family dinner")
        dialog.set_value("kind", "family_social")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    g = planner.grid.geometry_model()
    pos = QPoint(int(g.day_left(4) + 10), int(19.25 * HOUR_PX))
    qtbot.mouseDClick(planner.grid, Qt.MouseButton.LeftButton, pos=pos)
    assert seen["start"] == at(4, 19)
    items = schedule.records.list("schedule")
    assert [(i.title, i.start, i.end) for i in items] == [("Family dinner", at(4, 19), at(4, 20))]
    assert [p.slot.title for p in planner.grid.placed] == ["Family dinner"]


def test_keyboard_alone_adds_an_item_at_the_cursor(planner, schedule, qtbot):
    planner.grid.setFocus()
    planner.grid.move_cursor_to(0, 9 * 60)
    for _ in range(2):
        qtbot.keyClick(planner.grid, Qt.Key.Key_Right)
    for _ in range(3):
        qtbot.keyClick(planner.grid, Qt.Key.Key_Down)
    assert planner.grid.cursor_datetime() == at(2, 10, 30)
    assert "free" in planner.grid.accessibleDescription()

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.set_value("title", "Counselor")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(planner.grid, Qt.Key.Key_Return)
    assert [i.start for i in schedule.records.list("schedule")] == [at(2, 10, 30)]
    assert "Counselor" in planner.grid.accessibleDescription()


def test_alt_arrows_jump_between_items_and_enter_edits_a_one_off(planner, schedule, qtbot):
    add(schedule.records, "Dentist", at(1, 12), 1, kind="other")
    add(schedule.records, "Counselor", at(3, 10), 1, kind="individual_counseling")
    planner.grid.setFocus()
    planner.grid.move_cursor_to(0, 0)
    qtbot.keyClick(planner.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert planner.grid.selected.title == "Dentist"
    qtbot.keyClick(planner.grid, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert planner.grid.selected.title == "Counselor"

    def rename():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordDialog)
        dialog.set_value("title", "Counselor (Dr Lee)")
        dialog.accept()

    QTimer.singleShot(0, rename)
    qtbot.keyClick(planner.grid, Qt.Key.Key_Return)
    assert {i.title for i in schedule.records.list("schedule")} == {"Dentist", "Counselor (Dr Lee)"}
    assert planner.grid.selected.title == "Counselor (Dr Lee)"  # selection survives the refresh


def test_opening_a_repeating_item_asks_and_can_edit_the_series(planner, schedule, monkeypatch):
    group = add(schedule.records, "IOP group", at(0, 18), 3, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    slot = planner.grid.placed[0].slot
    monkeypatch.setattr(messages, "choose", lambda parent, title, text, choices: None)
    assert planner.open_slot(slot) is None
    monkeypatch.setattr(messages, "choose", lambda parent, title, text, choices: WHOLE_SERIES)

    def move_series():
        dialog = QApplication.activeModalWidget()
        dialog.set_value("location", "Room 4")
        dialog.accept()

    QTimer.singleShot(0, move_series)
    planner.open_slot(slot)
    assert schedule.records.get("schedule", group.id).location == "Room 4"


def test_cancel_then_restore_a_session_from_the_menu_actions(planner, schedule, monkeypatch):
    add(schedule.records, "IOP group", at(0, 18), 3, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    monday = next(p.slot for p in planner.grid.placed if p.day == 0)
    labels = [label for label, _ in planner.context_actions(monday.start, monday)]
    assert labels[:3] == ["Change only this session…", "Edit the whole series…", "Cancel only this session"]
    assert "Mark attendance…" in labels  # Monday's session is in the past
    dict(planner.context_actions(monday.start, monday))["Cancel only this session"]()
    assert [p.day for p in planner.grid.placed if not p.cancelled] == [2]
    cancelled = next(p for p in planner.grid.placed if p.cancelled)
    assert planner.view.balance.treatment_sessions == 1
    labels = [label for label, _ in planner.context_actions(cancelled.slot.start, cancelled.slot)]
    assert labels[0] == "Restore this session"
    planner.context_actions(cancelled.slot.start, cancelled.slot)[0][1]()
    assert sorted(p.day for p in planner.grid.placed if not p.cancelled) == [0, 2]


def test_future_sessions_cannot_be_marked_and_deleting_asks_first(planner, schedule, monkeypatch):
    item = add(schedule.records, "Counselor", at(4, 10), 1, kind="individual_counseling")
    slot = planner.grid.placed[0].slot
    labels = [label for label, _ in planner.context_actions(slot.start, slot)]
    assert labels == ["Edit…", "", "Delete…"]
    monkeypatch.setattr(messages, "confirm", lambda *a: False)
    planner.grid.select_slot(slot)
    assert planner.delete_selected() is False
    assert schedule.records.get("schedule", item.id) is not None
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    assert planner.delete_selected() is True
    assert schedule.records.list("schedule") == []
    assert not planner.empty_label.isHidden()


def test_attendance_shows_on_the_block(planner, schedule):
    item = add(schedule.records, "IOP group", at(0, 18), 3)
    schedule.records.add(AttendanceRecord(occurred_at=at(0, 18), schedule_item_id=item.id, status="attended"))
    assert planner.grid.attendance == {(item.id, at(0, 18)): "attended"}


def test_a_hidden_planner_refreshes_when_shown_again(planner, schedule):
    planner.hide()
    add(schedule.records, "Shift", at(2, 8), 8, kind="work")
    assert planner.grid.placed == []
    planner.show()
    assert [p.slot.title for p in planner.grid.placed] == ["Shift"]


def test_schedule_page_has_the_planner_first_and_program_tabs(qtbot, schedule):
    page = SchedulePage(schedule.records, schedule)
    qtbot.addWidget(page)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["Week", "All items", "Program", "Program phases", "Session attendance"]
    assert page.current_view() is page.planner
    page.tabs.setCurrentIndex(3)
    assert page.current_view().kind.name == "phase"
    page.detach()


def test_main_window_edit_menu_works_on_the_planner(window, qtbot, monkeypatch):
    window.show_page(1)
    planner = window.page("Schedule").planner
    assert window.current_view() is planner
    assert window.new_action.isEnabled()

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.set_value("title", "From the menu")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    window.new_action.trigger()
    assert [i.title for i in window.records.list("schedule")] == ["From the menu"]


def test_deleting_from_the_planner_can_be_undone_with_its_changed_sessions(window, qtbot):
    window.show_page(1)
    page = window.page("Schedule")
    planner = page.planner
    assert planner.undo is window.undo
    records, schedule = window.records, window.schedule
    planner.refresh()
    start = dt.datetime.combine(planner.view.start, dt.time(18))
    item = add(records, "IOP group", start, 3, recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    schedule.cancel_occurrence(item, start)
    planner.refresh()
    slot = next(p.slot for p in planner.grid.placed if not p.cancelled)
    planner.grid.select_slot(slot)
    assert planner.delete_selected() is True  # no question: undo is there instead
    assert records.list("schedule") == []
    window.undo_action.trigger()
    assert [i.id for i in records.list("schedule")] == [item.id]
    assert schedule.change_for(item, start).cancelled
    window.redo_action.trigger()
    assert records.list("schedule") == []
