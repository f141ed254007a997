"""Panels above the Meetings, Self-care and Check-ins tables."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import AttendanceRecord, SelfCareEntry, SobrietyPeriod, SupportGroup
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.ui import messages
from app.ui.pages.checkins_page import CheckInsPage, LapseDialog
from app.ui.pages.progress_panels import MeetingsPage, SelfCarePage
from app.ui.widgets.editors import to_qdate

NOW = dt.datetime(2026, 11, 18, 20, 0)


@pytest.fixture
def recovery(store):
    return RecoveryService(store, RecordService(store, FixedClock(NOW)))


def test_meetings_page_shows_streaks_and_runs_a_ninety_in_ninety(qtbot, recovery, monkeypatch):
    records = recovery.records
    page = MeetingsPage(records, recovery)
    qtbot.addWidget(page)
    panel = page.panel
    assert panel.streak_label.text().startswith("No meetings logged lately")
    group = records.add(SupportGroup(name="Home group"))
    for d in (0, 1):
        records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=d, hours=1), group_id=group.id))
    assert panel.streak_label.text() == "2 days in a row with a meeting"
    assert "2 meetings in the last 30 days" in panel.detail_label.text()
    assert panel.ninety_bar.isHidden() and not panel.start_button.isHidden()
    panel.start_date.setDate(to_qdate(NOW.date() - dt.timedelta(days=1)))
    panel.start_button.click()
    assert panel.ninety_label.text() == "Day 2 of 90: 2 of 90 meetings (on pace)."
    assert panel.ninety_bar.value() == 2 and panel.start_button.isHidden()
    monkeypatch.setattr(messages, "confirm", lambda *a: False)
    panel.stop_button.click()
    assert recovery.ninety_start() is not None
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    panel.stop_button.click()
    assert recovery.ninety_start() is None and panel.ninety_bar.isHidden()
    page.detach()


def test_self_care_repeat_button_logs_the_same_activity_now(qtbot, recovery):
    records = recovery.records
    page = SelfCarePage(records, recovery)
    qtbot.addWidget(page)
    panel = page.panel
    assert panel.buttons == [] and not panel.hint.isHidden()
    records.add(SelfCareEntry(occurred_at=NOW - dt.timedelta(hours=3), category="exercise", minutes=30))
    assert [b.text() for b in panel.buttons] == ["30 min exercise"]
    messages = []
    page.status_message.connect(messages.append)
    panel.buttons[0].click()
    assert records.count("selfcare") == 2
    assert messages == ["Logged 30 min exercise at 20:00."]
    page.detach()


def test_checkins_page_records_a_lapse_and_keeps_history(qtbot, recovery):
    records = recovery.records
    records.add(SobrietyPeriod(start_date=dt.date(2026, 3, 1)))
    page = CheckInsPage(records, recovery=recovery)
    qtbot.addWidget(page)
    panel = page.sobriety
    assert panel.label.text() == "Day 262 — sober since 1 Mar 2026"

    def fill_in():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LapseDialog)
        dialog.lapse_date.setDate(to_qdate(dt.date(2026, 11, 10)))
        assert dialog.again_date.date() == to_qdate(dt.date(2026, 11, 11))  # the day after the lapse
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    assert panel.record_lapse() is True
    assert panel.label.text() == "Day 7 — sober since 11 Nov 2026"
    assert panel.history.text() == "Longest: 254 days · sober days this year: 262 · 2 periods, all kept"
    assert len(records.list("sobriety")) == 2
    page.detach()


def test_lapse_dialog_shows_the_problem_and_writes_nothing(qtbot, recovery):
    recovery.records.add(SobrietyPeriod(start_date=dt.date(2026, 6, 1)))
    dialog = LapseDialog(recovery)
    qtbot.addWidget(dialog)
    dialog.lapse_date.setDate(to_qdate(dt.date(2026, 5, 1)))
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() == 0
    assert "before the current period began" in dialog.error.text()
    assert len(recovery.records.list("sobriety")) == 1


def test_checkin_button_adds_then_edits_todays_checkin(qtbot, recovery):
    records = recovery.records
    page = CheckInsPage(records, recovery=recovery)
    qtbot.addWidget(page)
    panel = page.sobriety
    assert panel.checkin_button.text() == "Check in for today…"

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.set_value("mood", 4)
        dialog.set_value("craving", 1)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    assert panel.check_in() is True
    assert panel.checkin_button.text() == "Edit today’s check-in…"

    def edit():
        dialog = QApplication.activeModalWidget()
        assert dialog.value("mood") == 4
        dialog.set_value("mood", 5)
        dialog.accept()

    QTimer.singleShot(0, edit)
    panel.check_in()
    assert [(c.day, c.mood) for c in records.list("checkin")] == [(NOW.date(), 5)]
    page.detach()


def test_iop_group_attendance_is_listed_with_treatment_sessions_not_meetings(qtbot, recovery):
    """An IOP group kept in the meetings directory is treatment: its attendance is on the
    Schedule page's Session attendance tab, as the meeting statistics already treat it."""
    from app.domain.records import ScheduleItem
    from app.services.schedule import ScheduleService
    from app.ui.models.record_table import RECORD_ROLE
    from app.ui.pages.schedule_page import SchedulePage

    records = recovery.records
    home = records.add(SupportGroup(name="Home group", fellowship="aa"))
    iop = records.add(SupportGroup(name="Riverside IOP Alumni", fellowship="iop"))
    session = records.add(ScheduleItem(title="Evening group", kind="group_therapy", start=NOW - dt.timedelta(days=2),
                                       end=NOW - dt.timedelta(days=2) + dt.timedelta(hours=3),
                                       timezone="America/New_York"))
    meeting = records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=1), group_id=home.id))
    alumni = records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=3), group_id=iop.id))
    treated = records.add(AttendanceRecord(occurred_at=NOW - dt.timedelta(days=2), schedule_item_id=session.id))
    meetings = MeetingsPage(records, recovery)
    qtbot.addWidget(meetings)
    schedule = SchedulePage(records, ScheduleService(records.store, records))
    qtbot.addWidget(schedule)

    def listed(view):
        view.refresh()
        return {view.model.index(row, 0).data(RECORD_ROLE).id for row in range(view.model.rowCount())}, view.count_label.text()

    assert listed(meetings.views["attendance"]) == ({meeting.id}, "1 attendance record")
    assert listed(schedule.views["attendance"]) == ({alumni.id, treated.id}, "2 entries")
    schedule.detach()
