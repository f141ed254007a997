"""Session reminders while Steady runs, through the system tray when there is one.

The controller owns three behaviours:

* a timer that asks the ReminderService what is due and shows it: a tray balloon when the
  desktop has a tray, otherwise a message in the window's status bar (and a taskbar alert),
  so a desktop without a tray still gets its reminders;
* the tray icon and its menu (Show Steady, Reminders on/off, Quit);
* close-to-tray: with the setting on, closing the window hides it instead of quitting.

While Steady is locked (app/ui/lock.py) the menu offers Show Steady (the unlock screen),
Reminders and Quit, nothing that opens data, and a reminder says only when ("A session
starts in 30 minutes"), never what or where.

Qt 6 quits by sending every window a close event, and refuses to quit when one is ignored;
so a real quit (tray Quit, File ▸ Quit, logging out) must go through `quit()` or set
`quitting`, or the filter would hide the window instead.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStyle, QSystemTrayIcon

from app.domain.i18n import _

if TYPE_CHECKING:
    from app.domain.reminders import Reminder
    from app.services.reminders import ReminderService

log = logging.getLogger(__name__)

CLOSE_TO_TRAY_KEY = "tray/close_to_tray"
CHECK_MS = 30_000
_MIN_WAIT_MS = 1_000
MESSAGE_MS = 15_000
# A fallback reminder stays in the status bar this long unless another message replaces it.
STATUS_MS = 10 * 60_000


def system_tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def close_to_tray_setting() -> bool:
    return bool(QSettings().value(CLOSE_TO_TRAY_KEY, False, type=bool))


def set_close_to_tray(on: bool) -> None:
    settings = QSettings()
    settings.setValue(CLOSE_TO_TRAY_KEY, bool(on))
    settings.sync()



def _application() -> QApplication:
    """The running application (the tray only exists inside one)."""
    return cast(QApplication, QApplication.instance())

class TrayController(QObject):
    """Reminders, the tray icon and close-to-tray for one main window.

    `tray_available` defaults to asking the desktop; tests pass it to exercise either path.
    Call `shutdown()` before the window goes away outside a normal quit.
    """

    # Every reminder delivered, whichever way it was shown: (title, text).
    notified = Signal(str, str)

    def __init__(self, window: QMainWindow, reminders: ReminderService, *,
                 tray_available: bool | None = None, start: bool = True):
        super().__init__(window)
        self.window = window
        self.reminders = reminders
        self.quitting = False
        self.locked = bool(getattr(window, "locked", False))
        self._upcoming: list[Reminder] | None = None
        self.last_route = ""  # "tray" or "window": how the last reminder was shown
        self._told_still_running = False
        self._quit_on_last_window: bool | None = None
        available = system_tray_available() if tray_available is None else tray_available
        self.tray: QSystemTrayIcon | None = self._build_tray() if available else None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check_now)
        # Closing the window hides it to the tray: the main window asks its close interceptors
        # first. (An event filter written in Python would see every event of the window, each
        # one waiting for the interpreter lock while background work holds it: the window
        # stalled for 100-400 ms during a calendar import.) Other windows get the filter.
        self._interceptors = getattr(window, "close_interceptors", None)
        if self._interceptors is not None:
            self._interceptors.append(self)
        else:
            window.installEventFilter(self)
        application = _application()
        # Logging out asks every window to close; hiding to the tray then would stop the logout.
        application.commitDataRequest.connect(self._on_session_ending)
        application.aboutToQuit.connect(self.shutdown)
        self._connected = True
        if start:
            QTimer.singleShot(0, self.check_now)  # a session may be minutes away at start-up

    # --- the tray icon --------------------------------------------------------------------

    def _build_tray(self) -> QSystemTrayIcon:
        icon = self.window.windowIcon()  # falls back to the application's icon
        if icon.isNull():
            icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
        tray = QSystemTrayIcon(QIcon(icon), self)
        tray.setToolTip("Steady")
        self.menu = QMenu(self.window)
        self.menu.setAccessibleName(_("Steady tray menu"))
        self.show_action = QAction(_("&Show Steady"), self.menu)
        self.show_action.triggered.connect(self.show_window)
        self.reminders_action = QAction(_("&Reminders"), self.menu)
        self.reminders_action.setCheckable(True)
        self.reminders_action.setToolTip(_("Remind me before sessions while Steady runs"))
        self.reminders_action.toggled.connect(self.set_reminders_enabled)
        self.quit_action = QAction(_("&Quit Steady"), self.menu)
        self.quit_action.triggered.connect(self.quit)
        self.help_action = QAction(_("&Get help now"), self.menu)
        self.help_action.setToolTip(_("Your people to call and crisis lines"))
        self.help_action.triggered.connect(self.show_help_now)
        self.lock_action = QAction(_("&Lock now"), self.menu)
        self.lock_action.setToolTip(_("Hide everything behind the unlock screen"))
        self.lock_action.triggered.connect(self.lock_now)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.help_action)
        self.menu.addAction(self.lock_action)
        self.menu.addAction(self.reminders_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.menu.aboutToShow.connect(self.sync_menu)
        self.sync_menu()
        tray.setContextMenu(self.menu)
        tray.activated.connect(self._on_activated)
        tray.messageClicked.connect(self.show_window)
        tray.show()
        self.tray = tray
        self.set_locked(self.locked)
        return tray

    def adopt(self, reminders: ReminderService) -> None:
        """The data file was opened again (after unlocking): remind from its service, and
        remember what was already shown."""
        reminders.adopt_shown(self.reminders)
        self.reminders = reminders
        self._upcoming = None
        if self.tray is not None:
            self.sync_menu()
        self._schedule_next()

    def show_help_now(self) -> None:
        show = getattr(self.window, "show_help_now", None)
        if callable(show):
            show()

    def lock_now(self) -> None:
        lock = getattr(self.window, "lock_app", None)
        if callable(lock):
            lock()

    def set_locked(self, locked: bool, upcoming: list[Reminder] | None = None) -> None:
        """Locked: no way into the data from the menu, and reminders say only when.
        `upcoming` (an encrypted Steady, whose data file closes while locked): the reminders
        to give meanwhile, worked out before the file closed."""
        self.locked = locked
        self._upcoming = upcoming if locked else None
        if locked and upcoming is not None:
            self._schedule_next()
        if self.tray is not None:
            self.tray.setToolTip(_("Steady (locked)") if locked else "Steady")
            self.help_action.setVisible(not locked)
            self.lock_action.setEnabled(not locked)
            self.show_action.setText(_("&Show Steady (locked)") if locked else _("&Show Steady"))

    def sync_menu(self) -> None:
        """The checkmark follows the setting, which Preferences may have changed."""
        self.reminders_action.blockSignals(True)
        self.reminders_action.setChecked(self.reminders.enabled)
        self.reminders_action.blockSignals(False)

    def set_reminders_enabled(self, on: bool) -> None:
        self.reminders.set_enabled(on)
        self._schedule_next()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()

    # --- reminders ------------------------------------------------------------------------

    def check_now(self) -> list[Reminder]:
        """Show whatever is due now; then wait until the next reminder, at most 30 s (so
        sessions added meanwhile are seen)."""
        try:
            found = self.reminders.due() if self._upcoming is None else self.reminders.due_from(self._upcoming)
            if found:
                self.deliver(found)
            # The gentle self-check reminder: never while locked (it would say what Steady is for).
            check = None if self.locked else self.reminders.self_check_due()
            if check is not None:
                self.show_message(*check)
        except Exception:  # a timer callback must never take the app down
            log.exception("checking reminders failed")
            found = []
        self._schedule_next()
        return found

    def _schedule_next(self) -> None:
        wait = CHECK_MS
        try:
            if self._upcoming is None:
                seconds = self.reminders.seconds_until_next()
            else:
                seconds = self.reminders.seconds_until_next_of(self._upcoming)
        except Exception:
            log.exception("finding the next reminder failed")
            seconds = None
        if seconds is not None:
            wait = min(CHECK_MS, max(_MIN_WAIT_MS, math.ceil(seconds * 1000)))
        self.timer.start(wait)

    def deliver(self, reminders: list[Reminder]) -> None:
        if self.locked:
            title, text = self.reminders.private_notification(reminders)
        else:
            title, text = self.reminders.notification(reminders)
        self.show_message(title, text)

    def show_message(self, title: str, text: str) -> None:
        """A tray balloon, or without a tray the window's status bar and a taskbar alert."""
        if self.tray is not None and self.tray.isVisible() and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
            self.last_route = "tray"
        else:
            self.window.statusBar().showMessage(text.replace("\n", "   ·   "), STATUS_MS)
            QApplication.alert(self.window)  # flashes the taskbar entry if the window is behind
            self.last_route = "window"
        self.notified.emit(title, text)

    # --- close to tray ------------------------------------------------------------------------

    def closes_to_tray(self) -> bool:
        """True when closing the window would hide it: the setting is on, there is a tray,
        and this is not a real quit."""
        return self.tray is not None and not self.quitting and close_to_tray_setting()

    def intercept_close(self, event: QEvent) -> bool:
        """The window is asked to close: hide it to the tray instead when that is the choice
        (True: the close was turned into a hide)."""
        if not self.closes_to_tray():
            return False
        event.ignore()
        self.hide_to_tray()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.window and event.type() == QEvent.Type.Close and self.intercept_close(event):
            return True
        return super().eventFilter(watched, event)

    def hide_to_tray(self) -> None:
        application = _application()
        if self._quit_on_last_window is None:
            # While hidden, closing some other window (a message box) must not end Steady.
            self._quit_on_last_window = application.quitOnLastWindowClosed()
            application.setQuitOnLastWindowClosed(False)
        save = getattr(self.window, "save_settings", None)
        if callable(save):
            save()
        self.window.hide()
        if not self._told_still_running and self.tray is not None:
            # Once a run: someone who closed the window may think Steady has stopped.
            self._told_still_running = True
            self.tray.showMessage(
                _("Steady is still running"),
                _("Steady is still running in the tray and will remind you of sessions. "
                  "Choose Quit Steady from its menu to close it."),
                QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def show_window(self) -> None:
        self._restore_quit_on_last_window()
        if self.window.isMinimized():
            self.window.showNormal()
        else:
            self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def _restore_quit_on_last_window(self) -> None:
        if self._quit_on_last_window is not None:
            _application().setQuitOnLastWindowClosed(self._quit_on_last_window)
            self._quit_on_last_window = None

    def quit(self) -> None:
        """Really quit: close the window (it saves its settings) and end the event loop."""
        self.quitting = True
        self._restore_quit_on_last_window()
        if self.window.close():
            QApplication.quit()
        else:
            self.quitting = False  # the window refused; stay as we were

    def _on_session_ending(self, _manager=None) -> None:
        self.quitting = True

    def shutdown(self) -> None:
        """Stop the timer, leave the window alone, take the icon out of the tray."""
        self.timer.stop()
        if self._interceptors is not None:
            if self in self._interceptors:
                self._interceptors.remove(self)
        else:
            self.window.removeEventFilter(self)
        if self._connected:
            self._connected = False
            application = _application()
            application.commitDataRequest.disconnect(self._on_session_ending)
            application.aboutToQuit.disconnect(self.shutdown)
        self._restore_quit_on_last_window()
        if self.tray is not None:
            self.tray.hide()
