"""Reminders on screen, the tray menu, close-to-tray, and the Preferences dialog.

Offscreen there is no system tray, so the fallback path is what a desktop without a tray
gets; the tray path is exercised by telling the controller a tray exists (Qt still builds
the icon and menu offscreen, it just has nowhere to draw them)."""

import datetime as dt
import time

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QCheckBox, QSpinBox

from app.domain.records import ScheduleItem
from app.services.clock import FixedClock
from app.services.reminders import ReminderService
from app.storage import open_store
from app.ui.dialogs.preferences_dialog import PreferencesDialog
from app.ui.tray import CHECK_MS, CLOSE_TO_TRAY_KEY, TrayController, close_to_tray_setting, set_close_to_tray

D = dt.datetime
NY = "America/New_York"


@pytest.fixture
def clock():
    return FixedClock(D(2026, 6, 10, 12, 0))


@pytest.fixture
def reminders(window, store, clock):
    return ReminderService(window.schedule, store, clock, local_zone=NY)


@pytest.fixture
def controller_for(window, reminders):
    made = []

    def make(tray_available=False, start=False):
        c = TrayController(window, reminders, tray_available=tray_available, start=start)
        made.append(c)
        return c

    yield make
    for c in made:
        c.shutdown()


def process_events_until(condition, seconds=2.0):
    """Turn the event loop by hand: after an earlier test's app.quit(), Qt can leave a quit
    pending that makes every nested QEventLoop (qtbot.waitSignal, qtbot.wait) return at once."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    return condition()


def add_group(records, start=D(2026, 6, 10, 18), **kw):
    return records.add(ScheduleItem(title="IOP group", start=start, end=start + dt.timedelta(hours=3),
                                    timezone=NY, location="Clinic room 2", **kw))


# --- reminders on screen ----------------------------------------------------------------------


def test_without_a_tray_a_due_reminder_shows_in_the_window_once(qtbot, window, records, clock, controller_for):
    add_group(records)
    controller = controller_for(tray_available=False)
    assert controller.tray is None
    clock.current = D(2026, 6, 10, 17, 40)
    with qtbot.waitSignal(controller.notified) as blocker:
        found = controller.check_now()
    assert [r.slot.title for r in found] == ["IOP group"]
    assert blocker.args == ["Coming up: IOP group", "IOP group at 18:00 (in 20 minutes) – Clinic room 2"]
    assert controller.last_route == "window"
    assert window.statusBar().currentMessage() == "IOP group at 18:00 (in 20 minutes) – Clinic room 2"
    clock.current = D(2026, 6, 10, 17, 41)
    with qtbot.assertNotEmitted(controller.notified):
        assert controller.check_now() == []


def test_the_timer_checks_at_start_and_rearms_for_the_next_reminder(qtbot, records, clock, controller_for):
    add_group(records)
    add_group(records, start=D(2026, 6, 10, 18, 0, 10) + dt.timedelta(minutes=30), reminder_minutes=30)
    clock.current = D(2026, 6, 10, 17, 40)
    controller = controller_for(start=True)
    shown = []
    controller.notified.connect(lambda title, _text: shown.append(title))
    assert process_events_until(lambda: shown)  # the first check runs as soon as the loop turns
    assert shown == ["Coming up: IOP group"]
    # The second group's reminder is due at 18:00:10, 20 min 10 s away: wait at most 30 s.
    assert controller.timer.isActive() and controller.timer.interval() == CHECK_MS
    clock.current = D(2026, 6, 10, 18, 0, 0)
    controller.check_now()
    assert controller.timer.interval() == 10_000  # sleeps until it is due, not a full poll


def test_a_failing_check_is_logged_not_raised(qtbot, window, tmp_path, clock, caplog):
    other = open_store(tmp_path / "other")
    from app.services.records import RecordService
    from app.services.schedule import ScheduleService

    svc = ReminderService(ScheduleService(other, RecordService(other)), other, clock, local_zone=NY)
    controller = TrayController(window, svc, tray_available=False, start=False)
    try:
        other.close()  # every query now fails
        assert controller.check_now() == []
        assert "checking reminders failed" in caplog.text
        assert controller.timer.isActive()  # and it keeps trying
    finally:
        controller.shutdown()


def test_with_a_tray_reminders_go_to_the_tray_and_the_menu_switches_them(qtbot, records, reminders, clock,
                                                                          controller_for):
    add_group(records)
    controller = controller_for(tray_available=True)
    assert controller.tray is not None and controller.tray.contextMenu() is controller.menu
    assert [a.text() for a in controller.menu.actions() if a.text()] == ["&Show Steady", "&Get help now", "&Lock now",
                                                                      "&Reminders", "&Quit Steady"]
    assert controller.reminders_action.isChecked()
    controller.reminders_action.setChecked(False)
    assert reminders.enabled is False
    clock.current = D(2026, 6, 10, 17, 40)
    with qtbot.assertNotEmitted(controller.notified):
        controller.check_now()
    reminders.set_enabled(True)  # e.g. from Preferences: the menu follows when it opens
    controller.sync_menu()
    assert controller.reminders_action.isChecked()
    with qtbot.waitSignal(controller.notified):
        controller.check_now()
    assert controller.last_route == "tray"


# --- close to tray -------------------------------------------------------------------------------


def test_close_to_tray_hides_the_window_and_show_brings_it_back(qtbot, window, controller_for):
    set_close_to_tray(True)
    controller = controller_for(tray_available=True)
    window.show()
    qtbot.waitExposed(window)
    assert controller.closes_to_tray()
    assert window.close() is False  # the close was turned into a hide
    assert window.isHidden()
    assert QApplication.quitOnLastWindowClosed() is False  # a message box closing must not quit
    controller.show_window()
    assert window.isVisible()
    assert QApplication.quitOnLastWindowClosed() is True


@pytest.mark.parametrize("setting, tray", [(False, True), (True, False)])
def test_closing_really_closes_when_the_setting_is_off_or_there_is_no_tray(qtbot, window, controller_for,
                                                                           setting, tray):
    set_close_to_tray(setting)
    controller = controller_for(tray_available=tray)
    window.show()
    assert controller.closes_to_tray() is False
    assert window.close() is True


def test_quit_bypasses_close_to_tray(qtbot, window, controller_for, monkeypatch):
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    set_close_to_tray(True)
    controller = controller_for(tray_available=True)
    window.show()
    controller.quit()
    assert quits == [True]
    assert window.isHidden() and controller.quitting


def test_close_to_tray_setting_is_remembered_in_qsettings():
    assert close_to_tray_setting() is False
    set_close_to_tray(True)
    assert QSettings().value(CLOSE_TO_TRAY_KEY, False, type=bool) is True


# --- Preferences -------------------------------------------------------------------------------------


@pytest.fixture
def dialog_for(qtbot, reminders):
    def make(tray_available=True):
        dialog = PreferencesDialog(reminders, tray_available=tray_available)
        qtbot.addWidget(dialog)
        return dialog
    return make


def test_preferences_show_the_current_settings_and_save_on_ok(dialog_for, reminders):
    reminders.set_default_minutes(45)
    dialog = dialog_for()
    assert dialog.enabled_box.isChecked() and dialog.minutes.value() == 45
    assert not dialog.tray_box.isChecked()
    dialog.enabled_box.setChecked(False)
    assert not dialog.minutes.isEnabled()
    dialog.minutes.setValue(15)
    dialog.tray_box.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert (reminders.enabled, reminders.default_minutes, close_to_tray_setting()) == (False, 15, True)


def test_cancel_saves_nothing(dialog_for, reminders):
    dialog = dialog_for()
    dialog.minutes.setValue(90)
    dialog.tray_box.setChecked(True)
    dialog.reject()
    assert (reminders.default_minutes, close_to_tray_setting()) == (30, False)


def test_out_of_range_minutes_show_a_message_under_the_field_and_save_nothing(dialog_for, reminders):
    dialog = dialog_for()
    dialog.minutes.setMaximum(5000)  # as if the field had let a bigger number through
    dialog.minutes.setValue(2000)
    dialog.enabled_box.setChecked(False)
    dialog.accept()
    assert dialog.result() != PreferencesDialog.DialogCode.Accepted
    assert "between 0 and 1440 minutes" in dialog.error_text("default_minutes")
    assert (reminders.enabled, reminders.default_minutes) == (True, 30)
    dialog.minutes.setValue(20)
    dialog.accept()
    assert dialog.error_text("default_minutes") == ""
    assert reminders.default_minutes == 20


def test_without_a_tray_the_option_is_disabled_and_explained(dialog_for):
    set_close_to_tray(True)  # left over from a desktop that had a tray
    dialog = dialog_for(tray_available=False)
    assert not dialog.tray_box.isEnabled() and not dialog.tray_box.isChecked()
    assert not dialog.tray_note.isHidden()
    assert "no system tray" in dialog.tray_box.toolTip()
    dialog.accept()
    assert close_to_tray_setting() is True  # not ours to change when it cannot be shown


def test_every_control_is_named_and_the_number_has_a_label(dialog_for):
    dialog = dialog_for()
    for control in dialog.findChildren(QCheckBox) + dialog.findChildren(QSpinBox):
        assert control.accessibleName(), control
    assert dialog.minutes_label.buddy() is dialog.minutes
    assert dialog.minutes.suffix() == " min before"


def test_the_tray_menu_opens_get_help_now_and_shows_a_hidden_window(window, controller_for):
    controller = controller_for(tray_available=True)
    window.hide()
    controller.help_action.trigger()
    assert window.help_dialog is not None and window.help_dialog.isVisible() and window.isVisible()


def test_tray_shows_the_application_icon(window, controller_for):
    from app.ui.app_icon import application_icon

    app = QApplication.instance()
    before = app.windowIcon()
    app.setWindowIcon(application_icon())
    try:
        controller = controller_for(tray_available=True)
        sizes = {s.width() for s in controller.tray.icon().availableSizes()}
        assert {16, 22, 24, 32, 48} <= sizes
    finally:
        app.setWindowIcon(before)


def test_the_self_check_reminder_shows_once_when_switched_on_and_never_while_locked(qtbot, window, store, clock,
                                                                                     controller_for):
    from app.services.reminders import SELF_CHECK_TITLE

    controller = controller_for(tray_available=False)
    with qtbot.assertNotEmitted(controller.notified):
        controller.check_now()  # off by default
    controller.reminders.set_self_check_enabled(True)
    controller.set_locked(True)
    with qtbot.assertNotEmitted(controller.notified):
        controller.check_now()
    controller.set_locked(False)
    with qtbot.waitSignal(controller.notified) as blocker:
        controller.check_now()
    assert blocker.args[0] == SELF_CHECK_TITLE
    assert "No rush" in window.statusBar().currentMessage()
    with qtbot.assertNotEmitted(controller.notified):
        controller.check_now()


def test_preferences_switch_the_self_check_reminder(dialog_for, reminders):
    dialog = dialog_for()
    assert not dialog.self_check_box.isChecked()
    dialog.self_check_box.setChecked(True)
    dialog.accept()
    assert reminders.self_check_enabled is True
    again = dialog_for()
    assert again.self_check_box.isChecked()
    again.self_check_box.setChecked(False)
    again.reject()
    assert reminders.self_check_enabled is True
