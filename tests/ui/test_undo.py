"""Undo and redo of add / edit / delete through the record pages, checked in the data file."""

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from app.domain import formatting as fmt
from app.domain.records import CheckIn, CopingEntry, CopingSkill, Goal, Milestone, ScheduleChange, ScheduleItem
from app.ui import messages
from app.ui.pages.records_page import RecordsPage, RecordsView
from app.ui.undo import AddRecordCommand, DeleteRecordCommand, UndoHistory


@pytest.fixture
def history(qapp):
    stack = UndoHistory()
    yield stack
    stack.clear()
    stack.deleteLater()


@pytest.fixture
def heard(history):
    """Every sentence the history says, and the failures among them."""
    said = {"message": [], "failed": []}
    history.message.connect(said["message"].append)
    history.failed.connect(said["failed"].append)
    return said


@pytest.fixture
def page(qtbot, records, history):
    p = RecordsPage(records, "Coping skills", [("Coping log", "coping"), ("Skill library", "skill")], undo=history)
    qtbot.addWidget(p)
    p.show()
    return p


@pytest.fixture
def no_questions(monkeypatch):
    def ask(*args):
        raise AssertionError(f"asked {args[1:]!r}; with undo a delete needs no question")

    monkeypatch.setattr(messages, "confirm", ask)


def log_entry(records, **fields) -> CopingEntry:
    when = records.clock.now().replace(microsecond=0) - dt.timedelta(hours=fields.pop("hours_ago", 1))
    return records.add(CopingEntry(occurred_at=when, urge_before=fields.pop("urge_before", 6), **fields))


def fill_dialog(**values):
    def fill():
        dialog = QApplication.activeModalWidget()
        for name, value in values.items():
            dialog.set_value(name, value)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_add_then_undo_deletes_and_redo_puts_back_the_same_record(page, records, history, heard):
    view = page.current_view()
    fill_dialog(urge_before=7, situation="Walked past the bar")
    added = view.add_record()
    assert records.list("coping") == [added]
    assert history.count() == 1 and history.undoText() == "add coping entry"

    history.undo()
    assert records.list("coping") == []
    assert heard["message"] == ["Undid: add coping entry."]
    history.redo()
    assert records.list("coping") == [added]  # same id, same fields
    assert view.selected_record() == added
    assert heard["failed"] == []


def test_pushing_a_done_command_does_not_do_it_twice(records, history):
    entry = log_entry(records)
    history.push(AddRecordCommand(records, entry))  # would fail "already exists" if re-added
    assert records.count("coping") == 1
    records.delete(entry)
    history.push(DeleteRecordCommand(records, entry))
    assert records.count("coping") == 0
    assert history.count() == 2 and history.index() == 2


def test_edit_undo_and_redo_write_the_old_and_new_record(page, records, history):
    old = log_entry(records, situation="Payday")
    view = page.current_view()
    view.select_record(old.id)
    fill_dialog(situation="Payday, drove past the bar", urge_after=2)
    new = view.edit_selected()
    assert records.get("coping", old.id) == new != old
    assert history.undoText() == "edit coping entry"

    history.undo()
    assert records.get("coping", old.id) == old
    history.redo()
    assert records.get("coping", old.id) == new
    history.undo()
    assert records.get("coping", old.id) == old


def test_saving_an_edit_without_changes_adds_no_step(page, records, history):
    entry = log_entry(records, situation="Payday")
    view = page.current_view()
    view.select_record(entry.id)
    fill_dialog()
    view.edit_selected()
    assert history.count() == 0
    assert records.get("coping", entry.id) == entry


def test_delete_asks_nothing_says_how_to_undo_and_undo_restores_it_exactly(page, records, history, no_questions, qtbot):
    entry = log_entry(records, situation="Argument with my sister", triggers=("angry", "people"),
                      urge_after=3, outcome="eased", notes="Went for a walk")
    other = log_entry(records, hours_ago=5)
    view = page.current_view()
    view.select_record(entry.id)
    with qtbot.waitSignal(view.status_message) as said:
        assert view.delete_selected()
    assert said.args == ["Deleted the coping entry. Undo with Ctrl+Z."]
    assert records.list("coping") == [other]
    assert view.selected_record() == other  # the next row, ready for another Delete
    assert history.undoText() == "delete coping entry"

    history.undo()
    assert records.get("coping", entry.id) == entry
    assert view.selected_record() == entry
    history.redo()
    assert records.get("coping", entry.id) is None
    assert records.list("coping") == [other]


def test_without_undo_delete_still_asks_and_says_it_is_final(qtbot, records, monkeypatch):
    entry = log_entry(records)
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    view.select_record(entry.id)
    assert not view.delete_selected()
    assert asked == ["Delete this coping entry? This cannot be undone."]
    assert records.get("coping", entry.id) == entry


def test_undo_after_the_record_changed_elsewhere_leaves_it_and_drops_the_step(page, records, history, heard):
    view = page.current_view()
    fill_dialog(urge_before=5, situation="Payday")
    added = view.add_record()
    fill_dialog(urge_before=4, situation="Sister")
    second = view.add_record()
    changed = records.update(added.with_changes(situation="Payday — changed in another window"))
    assert history.count() == 2

    history.undo()  # undo "add Sister": fine
    assert records.get("coping", second.id) is None
    history.undo()  # undo "add Payday": the entry changed since, so it stays
    assert records.get("coping", added.id) == changed
    assert heard["failed"] == [
        "Could not undo “add coping entry”: the coping entry was changed since, so it was left as it is."]
    # The failed step is gone; what is left still matches the file.
    assert history.count() == 1 and history.index() == 0 and not history.canUndo()
    history.redo()  # re-add "Sister"
    assert records.get("coping", second.id) == second


def test_undo_of_an_edit_when_the_record_was_deleted_elsewhere(page, records, history, heard):
    old = log_entry(records, situation="Payday")
    view = page.current_view()
    view.select_record(old.id)
    fill_dialog(situation="Payday again")
    new = view.edit_selected()
    records.delete(new)
    history.undo()
    assert records.get("coping", old.id) is None
    assert heard["failed"] == ["Could not undo “edit coping entry”: the coping entry is no longer there."]
    assert history.count() == 0


def test_undo_of_a_delete_whose_skill_is_gone_says_so(page, records, history, heard, no_questions):
    skill = records.add(CopingSkill(name="Urge surfing", category="mindfulness"))
    entry = log_entry(records, skill_ids=(skill.id,))
    view = page.current_view()
    view.select_record(entry.id)
    view.delete_selected()
    records.delete(skill)  # now nothing uses it, so it can go
    history.undo()
    assert records.get("coping", entry.id) is None
    assert len(heard["failed"]) == 1
    assert heard["failed"][0].startswith("Could not undo “delete coping entry”: ")
    assert "no coping skill" in heard["failed"][0]
    assert history.count() == 0


def test_undo_of_a_check_in_delete_when_the_day_has_a_new_one(qtbot, records, history, heard, no_questions):
    day = records.clock.now().date() - dt.timedelta(days=1)
    first = records.add(CheckIn(day=day, mood=3, craving=2))
    view = RecordsView(records, "checkin", undo=history)
    qtbot.addWidget(view)
    view.select_record(first.id)
    view.delete_selected()
    replacement = records.add(CheckIn(day=day, mood=4, craving=1))
    history.undo()
    assert records.list("checkin") == [replacement]
    assert heard["failed"] == [f"Could not undo “delete check-in”: there is already a check-in for "
                               f"{fmt.date(day)}; edit that one instead."]


def test_redo_of_a_delete_when_the_record_changed_since(page, records, history, heard, no_questions):
    entry = log_entry(records, situation="Payday")
    view = page.current_view()
    view.select_record(entry.id)
    view.delete_selected()
    history.undo()
    changed = records.update(entry.with_changes(urge_after=1))
    history.redo()
    assert records.get("coping", entry.id) == changed
    assert heard["failed"] == ["Could not redo “delete coping entry”: the coping entry was changed since, "
                               "so it was left as it is."]
    assert history.count() == 0


def test_deleting_a_goal_and_undoing_brings_back_its_milestones(qtbot, records, history, no_questions):
    today = records.clock.now().date()
    goal = records.add(Goal(title="Tell my manager", kind="custom_checklist", start_date=today))
    steps = [records.add(Milestone(title=f"Step {i}", goal_id=goal.id)) for i in range(2)]
    view = RecordsView(records, "goal", undo=history)
    qtbot.addWidget(view)
    view.select_record(goal.id)
    with qtbot.waitSignal(view.status_message) as said:
        view.delete_selected()
    assert said.args == ["Deleted the goal and its 2 milestones. Undo with Ctrl+Z."]
    assert records.list("milestone") == []  # the file deleted them with the goal
    history.undo()
    assert records.get("goal", goal.id) == goal
    assert sorted(records.list("milestone"), key=lambda m: m.title) == steps
    history.redo()
    assert records.count("goal") == 0 and records.count("milestone") == 0


def test_deleting_a_series_and_undoing_brings_back_its_changed_sessions(qtbot, records, history, store, no_questions):
    start = records.clock.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=14)
    item = records.add(ScheduleItem(title="IOP group", kind="group_therapy", start=start,
                                    end=start + dt.timedelta(hours=3), timezone="UTC",
                                    recurrence="FREQ=WEEKLY"))
    change = ScheduleChange(item_id=item.id, original_start=start + dt.timedelta(days=7), cancelled=True)
    with store.transaction():
        store.changes.add(change)
    view = RecordsView(records, "schedule", undo=history)
    qtbot.addWidget(view)
    view.select_record(item.id)
    view.delete_selected()
    assert store.changes.for_items([item.id]) == []
    history.undo()
    assert records.get("schedule", item.id) == item
    assert store.changes.for_items([item.id]) == [change]


def test_undoing_the_delete_of_an_imported_item_keeps_re_imports_from_adding_it_twice(
        qtbot, records, history, store, no_questions, tmp_path):
    from app.services.ics import CalendarFiles

    calendar = tmp_path / "work.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                         b"UID:shift-7@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261119T130000Z\r\n"
                         b"DTEND:20261119T210000Z\r\nSUMMARY:Warehouse shift\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    files = CalendarFiles(store, records)
    files.apply(files.plan(calendar, kind="work"))
    (item,) = records.list("schedule")
    view = RecordsView(records, "schedule", undo=history)
    qtbot.addWidget(view)
    view.select_record(item.id)
    view.delete_selected()
    assert store.calendar_links.uid_for_item(item.id) is None  # the file deleted the link with the item
    history.undo()
    assert store.calendar_links.get(item.id) == ("shift-7@example.com", "work.ics")
    again = files.plan(calendar, kind="work")
    assert again.is_empty or not again.to_add  # the event is known: nothing to add a second time
    files.apply(again)
    assert [i.id for i in records.list("schedule")] == [item.id]


def test_ctrl_z_and_ctrl_shift_z_in_a_window_wired_as_main_window_should_be(qtbot, records, history, no_questions):
    """The wiring MainWindow is to use: actions from createUndoAction/createRedoAction."""
    window = QMainWindow()
    qtbot.addWidget(window)
    undo_action, redo_action = history.make_actions(window)
    assert QKeySequence("Ctrl+Shift+Z") in redo_action.shortcuts()
    assert len(set(k.toString() for k in redo_action.shortcuts())) == len(redo_action.shortcuts())
    edit = window.menuBar().addMenu("&Edit")
    edit.addAction(undo_action)
    edit.addAction(redo_action)
    page = RecordsPage(records, "Coping skills", [("Coping log", "coping")])
    page.set_undo(history)  # pages built without one take the window's history later
    window.setCentralWidget(page)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    entry = log_entry(records)
    log_entry(records, hours_ago=3)
    view = page.current_view()
    view.select_record(entry.id)
    view.delete_selected()
    assert undo_action.text() == "&Undo delete coping entry" and undo_action.isEnabled()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert records.get("coping", entry.id) == entry
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert records.get("coping", entry.id) is None
    assert redo_action.isEnabled() is False


def test_detached_view_no_longer_follows_the_history(qtbot, records, history):
    view = RecordsView(records, "coping", undo=history)
    qtbot.addWidget(view)
    view.detach()
    assert view.undo is None
    entry = log_entry(records)
    history.push(AddRecordCommand(records, entry))
    history.undo()  # would select in a view that still listened; must not raise either way
    assert records.count("coping") == 0


def test_commands_keep_their_records_unchanged(records):
    entry = log_entry(records, situation="Payday")
    command = DeleteRecordCommand(records, entry)
    assert command.record is entry and dataclasses.is_dataclass(command.record)
    assert command.text() == "Delete coping entry" and command.actionText() == "delete coping entry"
