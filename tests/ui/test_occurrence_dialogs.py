"""Changing one session of a series, cancelling, restoring, ending a series, and attendance."""

import datetime as dt

import pytest

from app.domain.records import ScheduleItem
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.services.today import TodayService
from app.ui import messages
from app.ui.dialogs.occurrence_dialogs import (
    EMPTY_MARK_TODAY,
    THIS_AND_FOLLOWING,
    AttendanceDialog,
    MarkTodayDialog,
    OccurrenceDialog,
    cancel_occurrence,
    end_series_from,
    restore_occurrence,
)
from app.ui.pages.today_page import TodayPage

D = dt.datetime
NOW = D(2026, 3, 18, 20, 0)  # a Wednesday evening; the 18:00 group has started
MONDAY = dt.date(2026, 3, 16)


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def schedule(store, clock):
    return ScheduleService(store, RecordService(store, clock))


@pytest.fixture
def group(schedule):
    return schedule.records.add(ScheduleItem(
        title="Evening group", kind="group_therapy", start=D(2026, 3, 2, 18), end=D(2026, 3, 2, 21),
        timezone="America/New_York", recurrence="FREQ=WEEKLY;BYDAY=MO,WE", location="Clinic room 2"))


@pytest.fixture
def answers(monkeypatch):
    """Answer every confirmation with the next value of `answers.replies`; keep the questions."""
    class Answers:
        replies: list[bool] = []
        asked: list[str] = []

    def ask(parent, title, text):
        Answers.asked.append(text)
        return Answers.replies.pop(0)

    Answers.replies, Answers.asked = [], []
    monkeypatch.setattr(messages, "confirm", ask)
    return Answers


def slot_at(schedule, original_start):
    week = schedule.week(original_start.date())
    return next(s for s in week.slots if s.original_start == original_start)


def starts(schedule, day=MONDAY):
    return [s.start for s in schedule.week(day).slots]


def dialog(qtbot, cls, *args):
    d = cls(*args)
    qtbot.addWidget(d)
    return d


# --- change this session ------------------------------------------------------------------------------


def test_moving_one_occurrence_writes_a_change_and_the_week_shows_it(qtbot, schedule, group, store):
    d = dialog(qtbot, OccurrenceDialog, schedule, slot_at(schedule, D(2026, 3, 18, 18)))
    assert d.start_edit.value() == D(2026, 3, 18, 18) and d.end_edit.value() == D(2026, 3, 18, 21)
    assert d.title_edit.text() == "Evening group" and d.location_edit.text() == "Clinic room 2"
    d.set_times(D(2026, 3, 19, 17))
    assert d.end_edit.value() == D(2026, 3, 19, 20)  # the end moved along with the start
    d.location_edit.setText("Room 4")
    d.notes_edit.setPlainText("Make-up session on Thursday")
    d.accept()
    assert d.result() == OccurrenceDialog.DialogCode.Accepted
    assert starts(schedule) == [D(2026, 3, 16, 18), D(2026, 3, 19, 17)]
    moved = slot_at(schedule, D(2026, 3, 18, 18))
    assert moved.changed and moved.location == "Room 4" and moved.title == "Evening group"
    change = store.changes.find(group.id, D(2026, 3, 18, 18))
    assert change.title == "" and change.notes == "Make-up session on Thursday"

    again = dialog(qtbot, OccurrenceDialog, schedule, moved)
    assert again.notes_edit.toPlainText() == "Make-up session on Thursday"
    assert again.start_edit.value() == D(2026, 3, 19, 17)


def test_this_and_following_splits_the_series(qtbot, schedule, group):
    d = dialog(qtbot, OccurrenceDialog, schedule, slot_at(schedule, D(2026, 3, 16, 18)))
    assert d.following.isVisibleTo(d)
    d.set_mode(THIS_AND_FOLLOWING)
    d.set_times(D(2026, 3, 16, 17), D(2026, 3, 16, 19, 30))
    d.accept()
    assert d.result() == OccurrenceDialog.DialogCode.Accepted
    items = schedule.records.list("schedule")
    assert len(items) == 2
    old = schedule.records.get("schedule", group.id)
    slots = schedule.slots(D(2026, 3, 1), D(2026, 3, 26))
    assert [(s.start, s.end) for s in slots if s.item.id == group.id] == [
        (D(2026, 3, 2, 18), D(2026, 3, 2, 21)), (D(2026, 3, 4, 18), D(2026, 3, 4, 21)),
        (D(2026, 3, 9, 18), D(2026, 3, 9, 21)), (D(2026, 3, 11, 18), D(2026, 3, 11, 21))]
    assert old.recurrence != group.recurrence
    new = d.saved
    assert [s.start for s in slots if s.item.id == new.id] == [
        D(2026, 3, 16, 17), D(2026, 3, 18, 17), D(2026, 3, 23, 17), D(2026, 3, 25, 17)]
    assert new.end - new.start == dt.timedelta(hours=2, minutes=30)
    assert new.location == "Clinic room 2"


def test_end_before_start_keeps_the_dialog_open_and_writes_nothing(qtbot, schedule, group, store):
    for mode in ("only_this", THIS_AND_FOLLOWING):
        d = dialog(qtbot, OccurrenceDialog, schedule, slot_at(schedule, D(2026, 3, 18, 18)))
        d.set_mode(mode)
        d.set_times(D(2026, 3, 18, 18), D(2026, 3, 18, 17))
        d.accept()
        assert d.result() != OccurrenceDialog.DialogCode.Accepted
        assert "after" in d.error_text("end") and d.error_text("") == ""
        assert store.changes.find(group.id, D(2026, 3, 18, 18)) is None
        assert [i.id for i in schedule.records.list("schedule")] == [group.id]
        assert schedule.records.get("schedule", group.id) == group


def test_one_off_item_is_changed_itself_and_offers_no_series_choice(qtbot, schedule):
    visit = schedule.records.add(ScheduleItem(title="Intake", kind="individual_counseling",
                                              start=D(2026, 3, 17, 9), end=D(2026, 3, 17, 10), timezone="UTC"))
    d = dialog(qtbot, OccurrenceDialog, schedule, slot_at(schedule, D(2026, 3, 17, 9)))
    assert not d.following.isVisibleTo(d)
    d.set_times(D(2026, 3, 17, 11))
    d.accept()
    saved = schedule.records.get("schedule", visit.id)
    assert (saved.start, saved.end, saved.recurrence) == (D(2026, 3, 17, 11), D(2026, 3, 17, 12), "")


# --- cancel, restore, delete this and following ----------------------------------------------------------


def test_cancel_asks_naming_the_session_and_no_writes_nothing(schedule, group, answers):
    slot = slot_at(schedule, D(2026, 3, 18, 18))
    answers.replies = [False]
    assert cancel_occurrence(None, schedule, slot) is False
    assert D(2026, 3, 18, 18) in starts(schedule)
    assert "Evening group" in answers.asked[0] and "Wednesday 18 March at 18:00" in answers.asked[0]
    answers.replies = [True]
    assert cancel_occurrence(None, schedule, slot) is True
    assert starts(schedule) == [D(2026, 3, 16, 18)]


def test_restore_a_cancelled_and_a_moved_occurrence(schedule, group, answers):
    schedule.cancel_occurrence(group, D(2026, 3, 16, 18))
    schedule.change_occurrence(group, D(2026, 3, 18, 18), new_start=D(2026, 3, 18, 10))
    answers.replies = [False, True]
    assert restore_occurrence(None, schedule, group, D(2026, 3, 16, 18)) is False
    assert starts(schedule) == [D(2026, 3, 18, 10)]
    assert restore_occurrence(None, schedule, group, D(2026, 3, 16, 18)) is True
    assert starts(schedule) == [D(2026, 3, 16, 18), D(2026, 3, 18, 10)]
    answers.replies = [True]
    assert restore_occurrence(None, schedule, slot_at(schedule, D(2026, 3, 18, 18))) is True
    assert starts(schedule) == [D(2026, 3, 16, 18), D(2026, 3, 18, 18)]
    assert "Monday 16 March at 18:00" in answers.asked[0]


def test_delete_this_and_following(schedule, group, answers):
    slot = slot_at(schedule, D(2026, 3, 16, 18))
    answers.replies = [False]
    assert end_series_from(None, schedule, slot) is False
    assert schedule.records.get("schedule", group.id) == group
    answers.replies = [True]
    assert end_series_from(None, schedule, slot) is True
    assert starts(schedule) == []
    assert len(schedule.slots(D(2026, 3, 1), D(2026, 3, 15))) == 4
    assert "Monday 16 March at 18:00" in answers.asked[-1]


def test_delete_from_the_first_occurrence_offers_deleting_the_whole_item(schedule, group, answers):
    first = slot_at(schedule, D(2026, 3, 2, 18))
    answers.replies = [False]
    assert end_series_from(None, schedule, first) is False
    assert "first" in answers.asked[0] and "whole item" in answers.asked[0]
    assert schedule.records.get("schedule", group.id) is not None
    answers.replies = [True]
    assert end_series_from(None, schedule, first) is True
    assert schedule.records.get("schedule", group.id) is None


# --- attendance ------------------------------------------------------------------------------------------


def test_mark_attendance_then_re_marking_updates_the_same_record(qtbot, schedule, group):
    slot = slot_at(schedule, D(2026, 3, 16, 18))
    d = dialog(qtbot, AttendanceDialog, schedule, slot)
    assert d.status == "attended" and not d.reason_edit.isEnabled()
    d.accept()
    assert d.result() == AttendanceDialog.DialogCode.Accepted
    records = schedule.attendance_for([slot])
    assert [r.status for r in records.values()] == ["attended"]

    again = dialog(qtbot, AttendanceDialog, schedule, slot)
    assert again.status == "attended" and "Already marked" in again.notice.text()
    again.set_status("missed")
    assert again.reason_edit.isEnabled()
    again.reason_edit.setText("Bus did not come")
    again.accept()
    assert schedule.records.count("attendance") == 1
    saved = schedule.records.get("attendance", d.saved.id)
    assert (saved.status, saved.reason) == ("missed", "Bus did not come")


def test_excused_needs_a_reason_next_to_the_field(qtbot, schedule, group):
    slot = slot_at(schedule, D(2026, 3, 18, 18))
    d = dialog(qtbot, AttendanceDialog, schedule, slot)
    d.set_status("excused")
    d.accept()
    assert d.result() != AttendanceDialog.DialogCode.Accepted
    assert "Reason is required" in d.error_text("reason")
    assert schedule.records.count("attendance") == 0
    d.reason_edit.setText("Sick child")
    d.accept()
    assert d.result() == AttendanceDialog.DialogCode.Accepted
    assert schedule.records.get("attendance", d.saved.id).reason == "Sick child"


def test_a_session_that_has_not_started_cannot_be_marked(qtbot, schedule, group):
    later = slot_at(schedule, D(2026, 3, 23, 18))
    d = dialog(qtbot, AttendanceDialog, schedule, later)
    assert "has not started yet" in d.notice.text() and "Monday 23 March at 18:00" in d.notice.text()
    assert not d.buttons.button(d.buttons.StandardButton.Save).isEnabled()
    d.accept()
    assert d.result() != AttendanceDialog.DialogCode.Accepted
    assert "has not started yet" in d.error_text("")
    assert schedule.records.count("attendance") == 0


# --- marking today's sessions ---------------------------------------------------------------------------


@pytest.fixture
def today_page(qtbot, schedule, store, clock):
    page = TodayPage(schedule.records, TodayService(store, clock), schedule=schedule)
    qtbot.addWidget(page)
    yield page
    page.detach()


def test_mark_today_marks_all_and_the_today_button_count_drops(qtbot, schedule, group, clock, today_page):
    schedule.records.add(ScheduleItem(title="Counseling", kind="individual_counseling", start=D(2026, 3, 18, 9),
                                      end=D(2026, 3, 18, 10), timezone="UTC"))
    schedule.records.add(ScheduleItem(title="Shift", kind="work", start=D(2026, 3, 18, 11),
                                      end=D(2026, 3, 18, 15), timezone="UTC"))
    button = today_page.mark_button
    assert button.text() == "Mark today’s sessions (2)…" and button.isEnabled()

    d = today_page.make_mark_dialog()
    qtbot.addWidget(d)
    assert [r.slot.title for r in d.rows] == ["Counseling", "Evening group"]
    assert [r.status.currentData() for r in d.rows] == ["attended", "attended"]
    d.rows[1].set_status("excused")
    d.accept()
    assert d.result() != MarkTodayDialog.DialogCode.Accepted
    assert "Reason is required" in d.error_text(1) and d.error_text(0) == ""
    assert schedule.records.count("attendance") == 0  # nothing half-done
    d.rows[1].reason.setText("Court date")
    d.accept()
    assert d.result() == MarkTodayDialog.DialogCode.Accepted
    marked = {r.schedule_item_id: (r.status, r.reason) for r in schedule.records.list("attendance")}
    assert marked[group.id] == ("excused", "Court date") and len(marked) == 2
    assert button.text() == "Mark today’s sessions…" and not button.isEnabled()
    assert button.toolTip() == EMPTY_MARK_TODAY

    empty = dialog(qtbot, MarkTodayDialog, schedule, NOW.date())
    assert empty.rows == [] and empty.empty_label.text() == EMPTY_MARK_TODAY


def test_today_button_counts_sessions_as_they_start_and_hides_without_schedule(
        qtbot, schedule, group, clock, store, today_page):
    clock.current = D(2026, 3, 18, 12)
    today_page.refresh()
    assert not today_page.mark_button.isEnabled()
    clock.current = D(2026, 3, 18, 18, 1)
    today_page._on_tick()
    assert today_page.mark_button.text() == "Mark today’s sessions (1)…"

    plain = TodayPage(schedule.records, TodayService(store, clock))
    qtbot.addWidget(plain)
    assert not plain.mark_button.isVisibleTo(plain)
    plain.detach()
