"""The app lock: the unlock screen, and what locking does to the window and its dialogs.

Locked means: every page is behind the unlock screen (the window's central area shows it
instead of the pages), the window's menus and shortcuts are off, every other window Steady
has open (a half-filled form, a message, Get help now) is covered by the same screen with
what was typed in it kept underneath, the tray menu and reminders say nothing but "Steady"
and when ("A session starts in 30 minutes"), and the status bar is cleared.

Covering rather than closing is what keeps typed text: closing a form that runs its own
event loop (`exec()`) ends it as if Cancel had been pressed, and hiding one does the same.
A modal form also keeps input from reaching the window, so the cover on the form is an
unlock screen too: unlocking from any of them unlocks all.

Two ways to unlock, chosen by who builds the screen:

* a privacy screen (the data file is not encrypted): one Unlock button. The file itself
  is readable by anyone who can read the data folder, so asking for a passphrase here
  would only pretend to protect it; Preferences ▸ Privacy says exactly that.
* an encrypted data file: the passphrase (or the recovery code). The key is dropped when
  locking (`Unlocker.drop()`), derived again on the background runner from what is typed
  (the window never freezes), and the data opened again (`Unlocker.open(key)`).

Locking comes from Ctrl+L, the tray's Lock now, the idle time-out (Preferences, off by
default) and, where the desktop says so over D-Bus, the session's screen lock or suspend
(`SessionWatcher`; without a bus it does nothing, silently).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.i18n import N_, _
from app.ui.style import heading, style_error_label, style_subtle_label

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

PASSPHRASE = "passphrase"
RECOVERY_CODE = "recovery"
RECOVERY_PATTERN = "xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx"  # the field's hint for a recovery code
CLOSE_FORMS_QUESTION = N_("Locking closes your encrypted data file, so the open window closes too and what you "
                        "typed there and did not save is not kept. Lock now?")
PRIVACY_SCREEN_NOTE = N_("This is a privacy screen: it hides your entries from anyone who looks at the screen. "
                       "Your data file is not encrypted, so anyone who uses this computer can unlock it. "
                       "Preferences ▸ Privacy can encrypt it.")
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress, QEvent.Type.ShortcutOverride,
})


class Unlocker(Protocol):
    """How an encrypted data file is let go of and opened again (app.main provides it)."""

    def drop(self) -> None:
        """Close the data file and forget its key (on the window's thread)."""

    def derive(self, secret: str, way: str) -> Any:
        """The key from a passphrase or recovery code (`way`), on the worker thread; raises
        SteadyError with one sentence when it does not open the data."""

    def open(self, key: Any) -> None:
        """Open the data file again with `key` (on the window's thread). Raises SteadyError."""


class UnlockScreen(QWidget):
    """"Steady is locked", and the way back in.

    Without an unlocker (a privacy screen) there is one Unlock button; with one, a
    passphrase field, "Use recovery code instead", and the problem, if any, in one sentence
    under the field. `unlock_requested(secret, way)` says what was typed."""

    unlock_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *, encrypted: bool = False, compact: bool = False,
                 title: str = ""):
        super().__init__(parent)
        self.encrypted = encrypted
        self.way = PASSPHRASE
        self.setAccessibleName(_("Unlock Steady"))
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(460)
        box = QVBoxLayout(column)
        box.setContentsMargins(24, 24, 24, 24)
        box.setSpacing(10)
        self.title = heading(title or _("Steady is locked"), column, factor=1.2 if compact else 1.6)
        box.addWidget(self.title)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        box.addWidget(self.explain)
        self.field_label = QLabel()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self.submit)
        # Room for a whole recovery code beside the button, whatever the button says in this language.
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance(RECOVERY_PATTERN) + 24)
        self.field_label.setBuddy(self.field)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        field_row = QHBoxLayout()
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.unlock_button)
        field_row.addStretch(0)  # takes the field's room when there is no field (a privacy screen)
        self._field_row = field_row
        box.addWidget(self.field_label)
        box.addLayout(field_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem with what was typed"))
        style_error_label(self.problem)
        self.problem.hide()
        box.addWidget(self.problem)
        self.switch_button = QPushButton()
        self.switch_button.setFlat(True)
        self.switch_button.setAutoDefault(False)
        self.switch_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.switch_button.clicked.connect(self.switch_way)
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.switch_button)
        switch_row.addStretch(1)
        box.addLayout(switch_row)
        self.busy = QLabel(_("Opening your data…"))
        self.busy.setAccessibleName(_("Opening your data"))
        style_subtle_label(self.busy)
        self.busy.hide()
        box.addWidget(self.busy)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("What the lock does"))
        style_subtle_label(self.note)
        box.addWidget(self.note)
        # Help stays one click away while locked: the public crisis lines of this computer's
        # country (nothing of the person's own: their contacts and plan wait for the unlock).
        self.help_button = QPushButton(_("&Get help now"))
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setAutoDefault(False)
        self.help_button.setToolTip(_("Crisis lines you can call or text now; your own contacts show after you "
                                      "unlock"))
        self.help_button.clicked.connect(self.show_help)
        help_row = QHBoxLayout()
        help_row.addWidget(self.help_button)
        help_row.addStretch(1)
        box.addLayout(help_row)
        self.help_lines = QLabel()
        self.help_lines.setWordWrap(True)
        self.help_lines.setAccessibleName(_("Crisis lines"))
        self.help_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.help_lines.hide()
        box.addWidget(self.help_lines)
        row.addWidget(column, 1)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_encrypted(encrypted)

    def set_encrypted(self, encrypted: bool) -> None:
        self.encrypted = encrypted
        self.field_label.setVisible(encrypted)
        self.field.setVisible(encrypted)
        self.switch_button.setVisible(encrypted)
        self.note.setVisible(not encrypted)
        self._field_row.setStretch(2, 0 if encrypted else 1)
        self.unlock_button.setText(_("&Unlock"))
        if encrypted:
            self.explain.setText(_("Your data is encrypted. Type your passphrase to open it."))
            self.note.clear()
        else:
            self.explain.setText(_("Your entries are hidden until you unlock Steady."))
            self.note.setText(_(PRIVACY_SCREEN_NOTE))
        self._show_way()

    def _show_way(self) -> None:
        recovery = self.way == RECOVERY_CODE
        self.field_label.setText(_("&Recovery code:") if recovery else _("&Passphrase:"))
        self.field.setAccessibleName(_("Recovery code") if recovery else _("Passphrase"))
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText(RECOVERY_PATTERN if recovery else "")
        text = _("Use my passphrase instead") if recovery else _("Use recovery code instead")
        self.switch_button.setText(text)
        self.switch_button.setAccessibleName(text)
        if self.encrypted:
            self.explain.setText(_("Type the recovery code you kept when you turned on encryption.")
                                 if recovery else _("Your data is encrypted. Type your passphrase to open it."))

    def switch_way(self) -> None:
        self.way = PASSPHRASE if self.way == RECOVERY_CODE else RECOVERY_CODE
        self.field.clear()
        self.show_problem("")
        self._show_way()
        self.field.setFocus()

    def submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if self.encrypted:
            secret = self.field.text()
            if not secret.strip():
                self.show_problem(_("Type your recovery code first.") if self.way == RECOVERY_CODE
                                  else _("Type your passphrase first."))
                return
            self.unlock_requested.emit(secret, self.way)
        else:
            self.unlock_requested.emit("", "")

    def show_problem(self, sentence: str) -> None:
        """One sentence under the field (empty: none); the field is selected to type again."""
        self.problem.setText(sentence)
        self.problem.setVisible(bool(sentence))
        if sentence and self.encrypted:
            self.field.selectAll()
            self.field.setFocus()

    def set_busy(self, busy: bool) -> None:
        """While the key is being worked out: the field and buttons wait, and say so."""
        self.busy.setVisible(busy)
        for widget in (self.field, self.unlock_button, self.switch_button):
            widget.setEnabled(not busy)
        if busy:
            self.show_problem("")

    def reset(self) -> None:
        self.field.clear()
        self.show_problem("")
        self.set_busy(False)
        if self.way != PASSPHRASE:
            self.way = PASSPHRASE
            self._show_way()

    def focus(self) -> None:
        (self.field if self.encrypted else self.unlock_button).setFocus()

    def show_help(self) -> None:
        """The crisis lines Steady ships for the system's country, as text to read or copy."""
        from html import escape

        from app.domain.crisis import SENDS_NOTHING
        from app.services.crisis import steady_countries, system_country

        country = steady_countries().get(system_country() or "")
        if country is None:
            lines = [_("If you are in danger now, call your local emergency number. "
                       "After you unlock, Get help now shows your own people and your plan.")]
        else:
            lines = ["<b>" + escape(_("Crisis lines in {country}").format(country=_(country.name))) + "</b>"]
            for line in country.lines:
                how = {(True, True): _("call and text"), (True, False): _("call"),
                       (False, True): _("text")}.get((line.calls, line.texts), "")
                lines.append(f"{escape(_(line.name))}: <b>{escape(line.number)}</b>"
                             + (f" ({escape(how)})" if how else "")
                             + (f" · {escape(_(line.purpose))}" if line.purpose else ""))
            lines.append(escape(_(SENDS_NOTHING) + " " + _("Your own people and your plan show after you unlock.")))
        self.help_lines.setText("".join(f"<p style='margin: 0 0 6px 0'>{line}</p>" for line in lines))
        self.help_lines.show()
        self.help_lines.setFocus()


class _Cover(QObject):
    """An unlock screen laid over another window of Steady's (a form, a message); the
    window's own widgets stay underneath, disabled, with what was typed in them."""

    def __init__(self, target: QWidget, screen: UnlockScreen):
        super().__init__(target)
        self.target = target
        self.screen = screen
        self.disabled: list[QWidget] = []
        for child in target.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child is not screen and child.isEnabled() and not child.isWindow():
                child.setEnabled(False)
                self.disabled.append(child)
        screen.setParent(target)
        screen.setGeometry(target.rect())
        screen.show()
        screen.raise_()
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self.screen.setGeometry(self.target.rect())
        return False

    def remove(self) -> None:
        self.target.removeEventFilter(self)
        for child in self.disabled:
            child.setEnabled(True)
        self.screen.hide()
        self.screen.setParent(None)  # Python's now: gone with the last reference
        self.setParent(None)


class LockController(QObject):
    """Locks and unlocks one main window (see the module's docstring).

    `locked_changed(bool)` after each change. `idle_ms` is the idle time-out (0: off); a
    test shortens it with `set_idle_ms`."""

    locked_changed = Signal(bool)
    unlock_failed = Signal(str)  # the sentence shown on the unlock screen

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.locked = False
        self.unlocker: Unlocker | None = None
        self.screen: UnlockScreen | None = None
        self._covers: list[_Cover] = []
        self._retired: list[_Cover] = []
        self._actions: list[tuple[QAction, bool]] = []
        self.dropped = False  # the encrypted data file was closed by locking
        self.idle_ms = 0
        self._last_input = time.monotonic()
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._idle_check)
        self._watching_input = False
        self.session: SessionWatcher | None = None

    @property
    def encrypted(self) -> bool:
        return self.unlocker is not None

    # --- the idle time-out -------------------------------------------------------------------

    def set_idle_minutes(self, minutes: int) -> None:
        self.set_idle_ms(max(0, int(minutes)) * 60_000)

    def set_idle_ms(self, ms: int) -> None:
        """Lock after `ms` without a key press, click or mouse movement in any of Steady's
        windows (0: never)."""
        self.idle_ms = max(0, int(ms))
        application = QApplication.instance()
        if self.idle_ms and not self._watching_input and application is not None:
            application.installEventFilter(self)
            self._watching_input = True
        elif not self.idle_ms and self._watching_input and application is not None:
            application.removeEventFilter(self)
            self._watching_input = False
        self._last_input = time.monotonic()
        self._arm()

    def _arm(self) -> None:
        if self.idle_ms and not self.locked:
            left = self.idle_ms - (time.monotonic() - self._last_input) * 1000
            self._idle_timer.start(max(1, int(left)))
        else:
            self._idle_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # Every event of the application passes here while a time-out is set: only note the time.
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _idle_check(self) -> None:
        if self.locked or not self.idle_ms:
            return
        if (time.monotonic() - self._last_input) * 1000 >= self.idle_ms - 5:
            self.lock()
        else:
            self._arm()

    def watch_session(self) -> SessionWatcher:
        """Lock when the desktop says the screen locked or the computer is going to sleep."""
        if self.session is None:
            self.session = SessionWatcher(self)
            self.session.lock_requested.connect(self.lock)
        return self.session

    # --- locking ---------------------------------------------------------------------------------

    def lock(self, *, ask: bool = False) -> bool:
        """Lock now. With an encrypted data file, other windows close (what a form held is
        lost, so `ask` — a lock the person chose, not the time-out — asks first when one is
        open) and the file closes and its key is dropped once their event loops have ended.
        False when the person chose not to."""
        if self.locked:
            return True
        window = self.window
        others = self._other_windows()
        if self.encrypted and ask and others and window.services is not None:
            from app.ui import messages

            if not messages.confirm(window, _("Lock Steady"), _(CLOSE_FORMS_QUESTION)):
                return False
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or list would stay over the screen
        self.locked = True
        self._idle_timer.stop()
        window.statusBar().clearMessage()
        self._actions = [(action, action.isEnabled()) for action in self._window_actions()]
        for action, _enabled in self._actions:
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        screen = self._make_screen()
        window.show_lock_screen(screen)
        if self.unlocker is not None:
            for other in others:
                if isinstance(other, QDialog):
                    other.reject()
                else:
                    other.close()
            upcoming = None
            if window.tray is not None and window.reminders is not None:
                try:
                    upcoming = window.reminders.upcoming()
                except Exception:  # noqa: BLE001 - no reminders meanwhile rather than no lock
                    upcoming = []
            if window.tray is not None:
                window.tray.set_locked(True, upcoming)
            QTimer.singleShot(0, self._drop)
        else:
            for other in others:
                cover = UnlockScreen(encrypted=False, compact=True)
                cover.unlock_requested.connect(self._unlock_requested)
                self._covers.append(_Cover(other, cover))
            if window.tray is not None:
                window.tray.set_locked(True)
        self._focus_screen()
        self.locked_changed.emit(True)
        return True

    def _other_windows(self) -> list[QWidget]:
        """Steady's other open windows (forms, messages, Get help now), innermost last."""
        window = self.window
        found = [w for w in QApplication.topLevelWidgets()
                 if w is not window and w.isVisible() and not isinstance(w, QMenu) and _belongs_to(w, window)]
        modal = QApplication.activeModalWidget()
        if modal in found:  # the innermost form first: rejecting it ends its loop before the outer one's
            found.remove(modal)
            found.insert(0, modal)
        return found

    def _drop(self) -> None:
        """Close the data file and forget its key, once the forms closed by locking have
        returned from their event loops (so no page is let go of under a running form)."""
        if not self.locked or self.unlocker is None:
            return
        modal = QApplication.activeModalWidget()
        if modal is not None:
            if isinstance(modal, QDialog):
                modal.reject()
            QTimer.singleShot(20, self._drop)
            return
        self.window.runner.wait()  # work under way finishes before the key is dropped
        self.unlocker.drop()
        self.dropped = True

    def _window_actions(self) -> list[QAction]:
        found: list[QAction] = []
        seen: set[int] = set()

        def walk(actions: list[QAction]) -> None:
            for action in actions:
                if id(action) in seen:
                    continue
                seen.add(id(action))
                found.append(action)
                menu = action.menu()
                if isinstance(menu, QMenu):
                    walk(menu.actions())

        walk(self.window.menuBar().actions())
        walk(self.window.actions())
        return found

    def _make_screen(self) -> UnlockScreen:
        if self.screen is None:
            self.screen = UnlockScreen(encrypted=self.encrypted)
            self.screen.unlock_requested.connect(self._unlock_requested)
        else:
            self.screen.set_encrypted(self.encrypted)
        self.screen.reset()
        return self.screen

    def _screens(self) -> list[UnlockScreen]:
        return [s for s in [self.screen, *(c.screen for c in self._covers)] if s is not None]

    def _focus_screen(self) -> None:
        modal = QApplication.activeModalWidget()
        for cover in self._covers:
            if cover.target is modal:
                cover.screen.focus()
                return
        if self.screen is not None:
            self.screen.focus()

    # --- unlocking -------------------------------------------------------------------------------

    def _unlock_requested(self, secret: str, way: str) -> None:
        if not self.locked:
            return
        if self.unlocker is None:
            self.unlock()
            return
        unlocker = self.unlocker
        sender = self.sender()
        asking = sender if isinstance(sender, UnlockScreen) else self.screen
        for screen in self._screens():
            screen.set_busy(True)

        def derived(key: object) -> None:
            from app.domain.errors import SteadyError

            try:
                unlocker.open(key)
            except SteadyError as exc:
                failed(exc.message)
                return
            self.unlock()

        def failed(sentence: str) -> None:
            for screen in self._screens():
                screen.set_busy(False)
            if asking is not None:
                asking.show_problem(sentence)
            self.unlock_failed.emit(sentence)

        self.window.runner.run(lambda task: unlocker.derive(secret, way), label=_("Opening your data…"),
                               on_done=derived, on_failed=failed)

    def unlock(self) -> None:
        """Take the screen away and put everything back as it was."""
        if not self.locked:
            return
        self.locked = False
        window = self.window
        for cover in self._covers:
            cover.remove()
        # Kept until the next turn of the event loop: the click that unlocked may have come
        # from one of these screens, and is still being handled.
        self._retired, self._covers = self._covers, []
        QTimer.singleShot(0, self._forget_retired)
        window.menuBar().setEnabled(True)
        for action, enabled in self._actions:
            action.setEnabled(enabled)
        self._actions = []
        # The undo history may have been cleared with the pages (an encrypted file closed).
        window.undo_action.setEnabled(window.undo.canUndo())
        window.redo_action.setEnabled(window.undo.canRedo())
        self.dropped = False
        window.hide_lock_screen()
        if self.screen is not None:
            self.screen.reset()
        if window.tray is not None:
            window.tray.set_locked(False)
        self._last_input = time.monotonic()
        self._arm()
        self.locked_changed.emit(False)

    def _forget_retired(self) -> None:
        self._retired = []

    def shutdown(self) -> None:
        self.set_idle_ms(0)
        if self.session is not None:
            self.session.stop()
            self.session = None


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    """A window of Steady's over `window`: one of its dialogs (at any depth), or a message
    box with no parent (app.ui.messages is given the window, but a box without one is still ours)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QDialog)


class SessionWatcher(QObject):
    """The desktop's word that the screen locked or the computer is about to sleep, over
    D-Bus: logind's `PrepareForSleep(true)` on the system bus, and `ActiveChanged(true)` of
    org.freedesktop.ScreenSaver / org.gnome.ScreenSaver on the session bus. Where there is
    no bus (Windows, macOS, a bare X session, a test) nothing is connected and nothing is said.
    `connected` lists what was. Signals are matched by path, interface and name from any
    sender: a desktop whose screen locker is not the name's owner still locks Steady, and
    whoever else could send one can only lock it, which is safe.

    `system_bus` and `session_bus` default to the desktop's (tests pass their own)."""

    lock_requested = Signal()

    SLEEP = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep")
    SCREENSAVERS = (("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"),
                    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged"))

    def __init__(self, parent: QObject | None = None, *, system_bus: Any = None, session_bus: Any = None):
        super().__init__(parent)
        self.connected: list[str] = []
        self._links: list[tuple[Any, tuple[str, str, str], str]] = []
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt without D-Bus
            return
        try:
            system = system_bus if system_bus is not None else QDBusConnection.systemBus()
            session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
            self._link(system, self.SLEEP, "_on_sleep(bool)")
            for signal in self.SCREENSAVERS:
                self._link(session, signal, "_on_screensaver(bool)")
        except Exception:  # noqa: BLE001 - a desktop that answers oddly must not stop Steady
            self.stop()

    def _link(self, bus: Any, signal: tuple[str, str, str], slot: str) -> None:
        from PySide6.QtCore import SLOT

        path, interface, name = signal
        if bus.isConnected() and bus.connect("", path, interface, name, self, SLOT(slot)):
            self.connected.append(f"{interface}.{name}")
            self._links.append((bus, signal, slot))

    @Slot(bool)
    def _on_sleep(self, going: bool) -> None:
        if going:
            self.lock_requested.emit()

    @Slot(bool)
    def _on_screensaver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit()

    def stop(self) -> None:
        from PySide6.QtCore import SLOT

        for bus, (path, interface, name), slot in self._links:
            bus.disconnect("", path, interface, name, self, SLOT(slot))
        self._links = []
        self.connected = []


__all__ = ["PRIVACY_SCREEN_NOTE", "LockController", "SessionWatcher", "UnlockScreen", "Unlocker"]
