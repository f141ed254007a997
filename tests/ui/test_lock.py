"""The app lock: Ctrl+L, the tray while locked, the idle time-out, and forms kept under the lock.

These are the privacy-screen path (a data file that is not encrypted: Unlock takes no
passphrase); the passphrase path is in test_unlock_screen.py."""

import datetime as dt
import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from app.domain.records import CopingEntry, ScheduleItem
from app.services.clock import FixedClock
from app.services.reminders import ReminderService
from app.ui.lock import PRIVACY_SCREEN_NOTE, UnlockScreen
from app.ui.tray import TrayController

MARKER = "Mkr-7d1e-private-situation"


def visible_text(root: QWidget) -> str:
    """Every piece of text a person could read in `root` and its visible children."""
    parts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            parts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 200)):
                for column in range(50):
                    index = model.index(row, column)
                    if not index.isValid():
                        break
                    parts.append(str(index.data() or ""))
    return "\n".join(parts)


@pytest.fixture
def shown(qtbot, window, records):
    records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 9, 18, 0), situation=MARKER, urge_before=6))
    window.show()
    qtbot.waitExposed(window)
    window.show_page_titled("Coping skills")
    assert MARKER in visible_text(window)
    return window


def test_ctrl_l_hides_every_page_and_unlock_brings_them_back(qtbot, shown):
    window = shown
    assert window.new_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    screen = window.locker.screen
    assert isinstance(screen, UnlockScreen) and screen.isVisible()
    assert not window.stack.isVisible() and not window.sidebar.isVisible()
    for page in window.pages:
        assert not page.isVisible()
    assert MARKER not in visible_text(window)
    assert "Steady is locked" in visible_text(window)
    assert PRIVACY_SCREEN_NOTE in visible_text(window)
    # Nothing that opens data works while locked: menus and their shortcuts are off.
    assert not window.menuBar().isEnabled()
    for action in (window.new_action, window.export_json_action, window.preferences_action,
                   window.help_now_action, window.lock_action, window.page_actions[0]):
        assert not action.isEnabled()
    window.show_page_titled("Today")  # a page asked for meanwhile stays behind the screen
    assert not window.new_action.isEnabled() and not window.stack.isVisible()
    window.show_page_titled("Coping skills")

    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.locked
    assert window.stack.isVisible() and window.menuBar().isEnabled()
    assert window.new_action.isEnabled() and window.export_json_action.isEnabled() and window.lock_action.isEnabled()
    assert MARKER in visible_text(window)


@pytest.mark.parametrize(("lang", "expected"), [("en_US.UTF-8", "988"), ("C", "local emergency number")])
def test_get_help_now_is_one_click_away_while_locked_and_shows_only_public_lines(qtbot, shown, monkeypatch,
                                                                                lang, expected):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    window = shown
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.locker.screen
    assert screen.help_button.isVisible() and not screen.help_lines.isVisible()
    qtbot.mouseClick(screen.help_button, Qt.MouseButton.LeftButton)
    shown_text = visible_text(window)
    assert screen.help_lines.isVisible() and expected in shown_text
    assert MARKER not in shown_text  # nothing of the person's own while locked


def test_ctrl_l_locks_from_inside_the_coping_page_too(qtbot, shown):
    # shown is on Coping skills; a page shortcut on the same key would make Qt fire neither.
    window = shown
    page = window.stack.currentWidget()
    focus = next(w for w in page.findChildren(QLineEdit) if w.isVisible())
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked


def test_the_tray_menu_and_reminders_show_no_details_while_locked(qtbot, shown, store):
    window = shown
    clock = FixedClock(dt.datetime(2026, 6, 10, 17, 40))
    reminders = ReminderService(window.schedule, store, clock, local_zone="UTC")
    start = dt.datetime(2026, 6, 10, 18, 0)
    window.records.add(ScheduleItem(title=f"IOP {MARKER}", start=start, end=start + dt.timedelta(hours=3),
                                    timezone="UTC", location="Clinic room 2"))
    tray = TrayController(window, reminders, tray_available=True, start=False)
    window.tray, before = tray, window.tray
    try:
        window.lock_app()
        assert tray.locked
        tray.menu.aboutToShow.emit()
        shown_items = [a.text() for a in tray.menu.actions() if a.isVisible() and a.text()]
        assert shown_items == ["&Show Steady (locked)", "&Lock now", "&Reminders", "&Quit Steady"]
        assert not tray.lock_action.isEnabled()
        assert tray.tray.toolTip() == "Steady (locked)"
        assert all(MARKER not in text and "IOP" not in text for text in shown_items)
        with qtbot.waitSignal(tray.notified) as blocker:
            tray.check_now()
        assert blocker.args == ["Steady", "A session starts in 20 minutes"]
        tray.help_action.trigger()  # hidden, and even if reached it shows only the unlock screen
        assert window.help_dialog is None and window.locked

        window.locker.screen.unlock_button.click()
        assert not tray.locked and tray.help_action.isVisible() and tray.tray.toolTip() == "Steady"
    finally:
        tray.shutdown()
        window.tray = before


def test_the_tray_lock_now_locks(shown):
    window = shown
    tray = TrayController(window, window.reminders, tray_available=True, start=False)
    try:
        tray.lock_action.trigger()
        assert window.locked
    finally:
        tray.shutdown()


def test_idle_lock_after_a_shortened_time_out_and_input_postpones_it(qtbot, shown):
    window = shown
    window.locker.set_idle_ms(1500)
    # Any key press in the window counts as use and restarts the count…
    before = window.locker._last_input
    qtbot.wait(20)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Shift)
    assert window.locker._last_input > before
    # …so typing keeps Steady open: key presses 100 ms apart for twice the time-out.
    for _ in range(30):
        qtbot.wait(100)
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Shift)
    assert not window.locked
    window.locker.set_idle_ms(300)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert not window.stack.isVisible()
    window.locker.screen.unlock_button.click()
    assert not window.locked
    # After unlocking the time-out runs again.
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    window.locker.set_idle_ms(0)
    window.locker.unlock()


def test_the_idle_time_out_is_a_preference_off_by_default(qtbot, window, services):
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    assert services.app_lock.idle_minutes == 0 and window.locker.idle_ms == 0
    dialog = PreferencesDialog(window.reminders, window, app_lock=services.app_lock)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes.value() == 0 and dialog.idle_minutes.specialValueText() == "Never"
    dialog.idle_minutes.setValue(3)  # below the smallest time-out
    dialog.accept()
    assert dialog.error_text("lock.idle_minutes") == "Lock after 5 to 120 minutes without use, or 0 for never."
    dialog.idle_minutes.setValue(15)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.app_lock.idle_minutes == 15
    assert services.store.get_setting("lock.idle_minutes") == "15"


def test_a_form_being_filled_in_is_covered_and_kept_while_locked(qtbot, shown):
    """A modal form (its own event loop) is covered, not closed: after unlocking the typed
    text is still there and the form still waits for OK or Cancel."""
    window = shown
    page = window.page("Coping skills")
    view = page.current_view()
    seen = {}

    def while_open():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog
        field = next(w for w in dialog.findChildren(QPlainTextEdit) if w.isVisible())
        field.setPlainText(f"half-written {MARKER}")
        window.lock_app()
        seen["open_while_locked"] = dialog.isVisible()
        cover = next(s for s in dialog.findChildren(UnlockScreen))
        # The cover fills the form and is on top of it: what is at the field's place is the cover.
        at_field = dialog.childAt(field.mapTo(dialog, field.rect().center()))
        seen["text_hidden"] = cover.geometry() == dialog.rect() and (at_field is cover or cover.isAncestorOf(at_field))
        seen["editable"] = field.isEnabled()
        seen["cover_focus"] = cover.isVisible()
        cover.unlock_button.click()  # the form is modal: its cover unlocks everything
        seen["unlocked"] = not window.locked
        seen["text_after"] = field.toPlainText()
        seen["visible_after"] = MARKER in visible_text(dialog)
        seen["covers_left"] = [s for s in dialog.findChildren(UnlockScreen) if s.isVisible()]
        dialog.reject()

    QTimer.singleShot(0, while_open)
    view.add_record()
    assert seen["open_while_locked"] and seen["text_hidden"] and not seen["editable"]
    assert seen["cover_focus"] and seen["unlocked"]
    assert seen["text_after"] == f"half-written {MARKER}" and seen["visible_after"]
    assert seen["covers_left"] == []


def test_without_a_desktop_bus_the_session_watcher_connects_nothing_and_says_nothing(qtbot, window, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/steady-test-bus")
    from PySide6.QtDBus import QDBusConnection

    from app.ui.lock import SessionWatcher

    nowhere = QDBusConnection.connectToBus("unix:path=/nonexistent/steady-test-bus", "steady-nowhere")
    watcher = SessionWatcher(system_bus=nowhere, session_bus=nowhere)
    assert watcher.connected == []
    watcher.stop()


@pytest.mark.skipif(not (shutil.which("dbus-daemon") and shutil.which("gdbus")), reason="needs dbus-daemon and gdbus")
def test_the_desktop_locking_the_screen_or_going_to_sleep_locks_steady(qtbot, shown, tmp_path):
    """A private message bus stands in for the desktop's; gdbus (another process) sends what
    GNOME's screen locker, a freedesktop screensaver and logind send."""
    from PySide6.QtDBus import QDBusConnection

    from app.ui.lock import SessionWatcher

    window = shown
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--print-address", "--nofork"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = daemon.stdout.readline().strip()
        bus = QDBusConnection.connectToBus(address, "steady-test-desktop")
        watcher = SessionWatcher(system_bus=bus, session_bus=bus)
        watcher.lock_requested.connect(window.lock_app)
        assert watcher.connected == ["org.freedesktop.login1.Manager.PrepareForSleep",
                                     "org.freedesktop.ScreenSaver.ActiveChanged",
                                     "org.gnome.ScreenSaver.ActiveChanged"]
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}

        def emit(path, signal, value):
            subprocess.run(["gdbus", "emit", "--session", "--object-path", path, "--signal", signal, value],
                           check=True, env=env, capture_output=True, timeout=30)

        # Waking up, or the screen saver ending, is not a reason to lock.
        emit("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "false")
        emit("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "false")
        qtbot.wait(300)
        assert not window.locked
        for path, signal in (("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged"),
                             ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged"),
                             ("/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep")):
            emit(path, signal, "true")
            qtbot.waitUntil(lambda: window.locked, timeout=5000)
            window.locker.unlock()
        watcher.stop()
        bus.disconnectFromBus("steady-test-desktop")
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
