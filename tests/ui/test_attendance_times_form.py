"""The attendance form's time in and out start at the scheduled times of the session or
meeting chosen (and follow it until the person sets them), and the chair's name and phone
are asked for a session or meeting attended."""

import datetime as dt

import pytest

from app.domain.records import AttendanceRecord, ScheduleItem, SupportGroup
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.ui.dialogs.attendance_dialog import LogMeetingDialog

NOW = dt.datetime(2026, 12, 7, 21, 15)  # a Monday evening


@pytest.fixture
def schedule(store):
    return ScheduleService(store, RecordService(store, FixedClock(NOW)))


@pytest.fixture
def saved(schedule):
    records = schedule.records
    group = records.add(SupportGroup(name="Monday Night Big Book", weekday=0, start_time=dt.time(19, 30),
                                     end_time=dt.time(20, 30)))
    start = dt.datetime(2026, 11, 30, 17)
    item = records.add(ScheduleItem(title="Evening group", kind="group_therapy", start=start,
                                    end=start + dt.timedelta(hours=3), timezone="America/New_York",
                                    recurrence="FREQ=WEEKLY;BYDAY=MO"))
    return group, item


def _dialog(qtbot, schedule, record=None):
    dialog = LogMeetingDialog(schedule.records, schedule, record)
    qtbot.addWidget(dialog)
    return dialog


def test_times_follow_the_session_or_meeting_chosen_until_set_by_hand(qtbot, schedule, saved):
    group, item = saved
    dialog = _dialog(qtbot, schedule)
    assert dialog.is_shown("time_in") and dialog.is_shown("chair_name") and dialog.is_shown("chair_phone")
    assert (dialog.value("time_in"), dialog.value("time_out")) == (None, None)

    dialog.set_value("group_id", group.id)
    dialog._on_meeting_chosen(0)
    assert (dialog.value("time_in"), dialog.value("time_out")) == (dt.time(19, 30), dt.time(20, 30))

    dialog.set_value("schedule_item_id", item.id)
    dialog._on_session_chosen(0)
    assert dialog.value("group_id") is None
    assert (dialog.value("time_in"), dialog.value("time_out")) == (dt.time(17), dt.time(20))

    dialog.editor("time_in").time_edit.setTime(dt.time(17, 10))  # arrived late: typed by hand
    dialog.set_value("group_id", group.id)
    dialog._on_meeting_chosen(0)
    assert dialog.value("time_in") == dt.time(17, 10)  # left as typed

    dialog.set_value("chair_name", "Pat R.")
    dialog.set_value("chair_phone", "555-0142")
    dialog.accept()
    [record] = schedule.records.list("attendance")
    assert (record.time_in, record.time_out, record.chair_name, record.chair_phone) == (
        dt.time(17, 10), dt.time(20), "Pat R.", "555-0142")


def test_editing_keeps_the_records_own_times(qtbot, schedule, saved):
    group, _item = saved
    record = schedule.records.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 30, 19, 30), group_id=group.id))
    dialog = _dialog(qtbot, schedule, record)
    assert (dialog.value("time_in"), dialog.value("time_out")) == (None, None)  # blank: the scheduled times


def test_a_missed_session_asks_for_no_times_or_chair(qtbot, schedule, saved):
    dialog = _dialog(qtbot, schedule)
    dialog.set_value("status", "missed")
    assert not dialog.is_shown("time_in") and not dialog.is_shown("chair_name")


def test_time_out_before_time_in_is_said_next_to_the_field(qtbot, schedule, saved):
    group, _item = saved
    dialog = _dialog(qtbot, schedule)
    dialog.set_value("group_id", group.id)
    dialog.set_value("time_in", dt.time(19, 30))
    dialog.set_value("time_out", dt.time(17))
    dialog.accept()
    assert dialog.error_text("time_out") == "Time out must be after time in."
    assert schedule.records.list("attendance") == []
