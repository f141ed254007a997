"""Preferences: session reminders; the window's look, its language (from the next start) and what
closing it does; privacy (the lock and encryption); crisis lines and wording."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import i18n
from app.domain.i18n import N_, _
from app.domain.reminders import MAX_DEFAULT_MINUTES, check_default_minutes
from app.domain.wording import STYLES
from app.services.app_lock import IDLE_MINUTES_KEY, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, check_idle_minutes
from app.services.errors import StoreError, ValidationError
from app.ui.language import CHOICES as LANGUAGE_CHOICES
from app.ui.language import chosen_language, language_setting, set_language_setting
from app.ui.style import (
    APPEARANCES,
    align_form_labels,
    apply_appearance,
    appearance_setting,
    heading,
    set_appearance_setting,
    style_error_label,
    style_subtle_label,
)
from app.ui.widgets.editors import typing_replaces_blank
from app.ui.tray import close_to_tray_setting, set_close_to_tray, system_tray_available

if TYPE_CHECKING:
    from app.services.app_lock import LockSettings
    from app.services.crisis import CrisisService
    from app.services.recovery import RecoveryService
    from app.services.reminders import ReminderService

LOCK_TEXT = N_("Ctrl+L, Lock now in the tray menu and this time-out lock Steady; so does your desktop's "
               "screen lock or going to sleep, where the desktop tells Steady (Linux desktops with D-Bus).")
PRIVACY_SCREEN_TEXT = N_("Your data file is not encrypted, so the lock is a privacy screen: it hides your entries "
                         "from anyone who looks at the screen, and anyone who uses this computer can unlock it "
                         "or read the file itself.")
ENCRYPTED_LOCK_TEXT = N_("Your data file is encrypted: locking closes it and forgets its key, and only your "
                         "passphrase or recovery code opens it again.")
NOT_ENCRYPTED_STATE = N_("Encryption is off: your data file can be read by anyone who can open files on this "
                         "computer account.")
ENCRYPTED_STATE = N_("Encryption is on: your data file and its backups open only with your passphrase or your "
                     "recovery code.")
PLAIN_ACTIONS = (("turn_on", N_("&Turn on encryption…"), N_("Encrypt your data file with a passphrase; you get a "
                                                           "recovery code to keep")),)
ENCRYPTED_ACTIONS = (
    ("change_passphrase", N_("C&hange passphrase…"), N_("Choose a new passphrase (the file is not re-encrypted)")),
    ("new_recovery_code", N_("Show a new recovery &code…"), N_("Make a new recovery code; the old one stops working")),
    ("turn_off", N_("T&urn off encryption…"), N_("Store your data file without encryption again")),
)
NO_TRAY_TEXT = N_("Your desktop has no system tray, so Steady quits when its window is closed, "
                  "and reminders appear in the window's status bar.")


class PreferencesDialog(QDialog):
    """Nothing is saved until OK; a problem keeps the dialog open with the message under
    the field it is about."""

    def __init__(self, reminders: ReminderService, parent: QWidget | None = None, *,
                 tray_available: bool | None = None, crisis: CrisisService | None = None,
                 recovery: RecoveryService | None = None, app_lock: LockSettings | None = None,
                 encrypted: bool = False, can_encrypt: bool = False):
        super().__init__(parent)
        self.reminders = reminders
        self.app_lock = app_lock
        self.encrypted = encrypted
        self.can_encrypt = can_encrypt
        # An encryption flow chosen here ("turn_on", "change_passphrase", "new_recovery_code",
        # "turn_off"): the dialog saves its settings and closes, and the window runs the flow.
        self.requested = ""
        self.crisis = crisis
        self.recovery = recovery
        self.tray_available = system_tray_available() if tray_available is None else tray_available
        self.setWindowTitle(_("Preferences"))
        self.setAccessibleName(_("Preferences"))
        # The sections scroll when they do not fit (large text on a small screen); the
        # buttons and a problem's sentence stay in sight below them.
        dialog_layout = QVBoxLayout(self)
        self.content = QWidget()
        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(0, 0, 6, 0)
        self.scroll_area = QScrollArea()  # not `scroll`: that is QWidget.scroll(), a method
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field, each scrolled into view
        dialog_layout.addWidget(self.scroll_area, 1)

        outer.addWidget(heading(_("Reminders"), self, factor=1.2))
        self.enabled_box = QCheckBox(_("&Remind me before sessions while Steady is running"))
        self.enabled_box.setAccessibleName(_("Reminders enabled"))
        self.enabled_box.setChecked(reminders.enabled)
        outer.addWidget(self.enabled_box)

        form = QFormLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_DEFAULT_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(_(" min before"))
        self.minutes.setSpecialValueText(_("No default reminder"))
        typing_replaces_blank(self.minutes)
        self.minutes.setValue(reminders.default_minutes)
        self.minutes.setAccessibleName(_("Default reminder, minutes before a session"))
        self.minutes.setToolTip(_("Used by every item whose own reminder is blank. "
                                  "An item's own reminder, or 0 to switch it off, comes first."))
        self.minutes_label = QLabel(_("&Default reminder:"))
        self.minutes_label.setBuddy(self.minutes)
        form.addRow(self.minutes_label, self.minutes)
        self.minutes_error = QLabel()
        self.minutes_error.setWordWrap(True)
        self.minutes_error.setAccessibleName(_("Problem with default reminder"))
        style_error_label(self.minutes_error)
        form.addRow("", self.minutes_error)
        self._minutes_error_row = form.rowCount() - 1
        form.setRowVisible(self._minutes_error_row, False)
        self.form = form
        outer.addLayout(form)
        self.enabled_box.toggled.connect(self.minutes.setEnabled)
        self.minutes.setEnabled(self.enabled_box.isChecked())
        self.self_check_box = QCheckBox(_("Gently remind me to take a &self-check every two weeks"))
        self.self_check_box.setAccessibleName(_("Self-check reminder every two weeks"))
        self.self_check_box.setToolTip(_("Once, two weeks after your last self-check (PHQ-9, GAD-7, WHO-5 or "
                                         "AUDIT-C), and not again for two weeks. Off unless you switch it on."))
        self.self_check_box.setChecked(reminders.self_check_enabled)
        outer.addWidget(self.self_check_box)

        outer.addSpacing(10)
        outer.addWidget(heading(_("Window"), self, factor=1.2))
        # How the window looks, per computer; a choice shows at once and Cancel takes it back.
        self.appearance = QComboBox()
        self.appearance.setAccessibleName(_("Appearance"))
        self.appearance.setToolTip(_("Light or dark colours; \u201cSame as the system\u201d follows your desktop"))
        for key, text in APPEARANCES:
            self.appearance.addItem(_(text), key)
        self._saved_appearance = appearance_setting()
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(self._saved_appearance)))
        self.appearance.currentIndexChanged.connect(self._preview_appearance)
        appearance_label = QLabel(_("&Appearance:"))
        appearance_label.setBuddy(self.appearance)
        appearance_form = QFormLayout()
        appearance_form.addRow(appearance_label, self.appearance)
        # The language, per computer: saved on OK, spoken from the next start (a window already
        # built keeps its words), which the note under it says when the choice is not the one in use.
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.setToolTip(_("The language of Steady's words; \u201cSame as the system\u201d follows your "
                                   "desktop. It changes the next time Steady starts."))
        for key, text in LANGUAGE_CHOICES:
            self.language.addItem(_(text) if key == "system" else text, key)  # a language in its own words
        self._saved_language = language_setting()
        self.language.setCurrentIndex(max(0, self.language.findData(self._saved_language)))
        language_label = QLabel(_("&Language:"))
        language_label.setBuddy(self.language)
        appearance_form.addRow(language_label, self.language)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.language_note.setAccessibleName(_("When the language changes"))
        style_subtle_label(self.language_note)
        appearance_form.addRow("", self.language_note)
        self._language_note_row = appearance_form.rowCount() - 1
        self.appearance_form = appearance_form
        self.language.currentIndexChanged.connect(self._show_language_note)
        outer.addLayout(appearance_form)
        self._show_language_note()
        self.tray_box = QCheckBox(_("&Keep Steady in the tray when the window is closed"))
        self.tray_box.setAccessibleName(_("Keep Steady in the tray when the window is closed"))
        self.tray_box.setChecked(close_to_tray_setting() and self.tray_available)
        outer.addWidget(self.tray_box)
        self.tray_note = QLabel(_(NO_TRAY_TEXT))
        self.tray_note.setWordWrap(True)
        self.tray_note.setAccessibleName(_("Why the tray option is unavailable"))
        style_subtle_label(self.tray_note)
        outer.addWidget(self.tray_note)
        if self.tray_available:
            self.tray_box.setToolTip(_("Closing the window hides it; reminders keep coming. "
                                       "Quit from the tray icon's menu or File ▸ Quit."))
            self.tray_note.hide()
        else:
            self.tray_box.setEnabled(False)
            self.tray_box.setToolTip(_(NO_TRAY_TEXT))

        self.idle_minutes: QSpinBox | None = None
        if app_lock is not None:
            self._build_privacy(outer, app_lock)

        self.country: QComboBox | None = None
        self.wording: QComboBox | None = None
        if crisis is not None:
            self._build_crisis(outer, crisis)

        self.top_error = QLabel()
        self.top_error.setWordWrap(True)
        self.top_error.setAccessibleName(_("Problem"))
        style_error_label(self.top_error)
        self.top_error.hide()
        outer.addStretch(1)
        dialog_layout.addWidget(self.top_error)

        align_form_labels(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        dialog_layout.addWidget(self.buttons)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """As tall as the sections need, up to most of the screen (then they scroll)."""
        width = max(self.content.sizeHint().width(), self.content.minimumSizeHint().width()) + 24
        width += self.scroll_area.verticalScrollBar().sizeHint().width()
        needed = self.content.heightForWidth(width) if self.content.hasHeightForWidth() else -1
        needed = max(needed, self.content.sizeHint().height())
        extra = self.buttons.sizeHint().height() + 40
        screen = self.screen()
        room = screen.availableGeometry().height() * 0.85 if screen is not None else needed + extra
        self.resize(width, int(min(needed + extra, room)))

    def _build_privacy(self, outer: QVBoxLayout, app_lock: LockSettings) -> None:
        """The lock: its idle time-out, and what it does with and without encryption."""
        outer.addSpacing(10)
        outer.addWidget(heading(_("Privacy"), self, factor=1.2))
        if self.can_encrypt:
            self.encryption_state = QLabel(_(ENCRYPTED_STATE) if self.encrypted else _(NOT_ENCRYPTED_STATE))
            self.encryption_state.setWordWrap(True)
            self.encryption_state.setAccessibleName(_("Encryption"))
            outer.addWidget(self.encryption_state)
            row = QHBoxLayout()
            self.encryption_buttons: dict[str, QPushButton] = {}
            choices = (ENCRYPTED_ACTIONS if self.encrypted else PLAIN_ACTIONS)
            for key, name, tip in choices:
                text = _(name)
                button = QPushButton(text)
                button.setAutoDefault(False)
                button.setAccessibleName(text.replace("&", "").rstrip("…"))
                button.setToolTip(_(tip))
                button.clicked.connect(partial(self.request, key))
                row.addWidget(button)
                self.encryption_buttons[key] = button
            row.addStretch(1)
            outer.addLayout(row)
        form = QFormLayout()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, MAX_IDLE_MINUTES)
        self.idle_minutes.setSingleStep(5)
        self.idle_minutes.setSuffix(_(" min without use"))
        self.idle_minutes.setSpecialValueText(_("Never"))
        typing_replaces_blank(self.idle_minutes)
        self.idle_minutes.setValue(app_lock.idle_minutes)
        self.idle_minutes.setAccessibleName(_("Lock after this many minutes without use"))
        self.idle_minutes.setToolTip(_("{low} to {high} minutes, or Never").format(low=MIN_IDLE_MINUTES,
                                                                                    high=MAX_IDLE_MINUTES))
        label = QLabel(_("Lock a&fter:"))
        label.setBuddy(self.idle_minutes)
        form.addRow(label, self.idle_minutes)
        self.idle_error = QLabel()
        self.idle_error.setWordWrap(True)
        self.idle_error.setAccessibleName(_("Problem with the lock time-out"))
        style_error_label(self.idle_error)
        self.idle_error.hide()
        form.addRow("", self.idle_error)
        outer.addLayout(form)
        what = _(ENCRYPTED_LOCK_TEXT) if self.encrypted else _(PRIVACY_SCREEN_TEXT)
        self.lock_note = QLabel(f"{_(LOCK_TEXT)} {what}")
        self.lock_note.setWordWrap(True)
        self.lock_note.setAccessibleName(_("What the lock does"))
        style_subtle_label(self.lock_note)
        outer.addWidget(self.lock_note)

    def _preview_appearance(self) -> None:
        application = QApplication.instance()
        if isinstance(application, QApplication):
            apply_appearance(application, self.appearance.currentData())

    def _show_language_note(self) -> None:
        """Under the language: when the choice is not the language in use, that it changes at the next start."""
        code = chosen_language(self.language.currentData())
        if code == i18n.language():
            self.language_note.clear()
        else:
            self.language_note.setText(_("Steady will be in {language} the next time it starts.").format(
                language=i18n.LANGUAGES[code]))
        self.appearance_form.setRowVisible(self._language_note_row, code != i18n.language())

    def reject(self) -> None:
        if self.appearance.currentData() != self._saved_appearance:
            self.appearance.setCurrentIndex(self.appearance.findData(self._saved_appearance))  # back as it was
        super().reject()

    def request(self, action: str) -> None:
        """An encryption flow: save what was changed here, close, and let the window run it."""
        self.requested = action
        self.accept()
        if self.result() != QDialog.DialogCode.Accepted:
            self.requested = ""  # a setting here has a problem; it is shown and the dialog stays

    def _build_crisis(self, outer: QVBoxLayout, crisis: CrisisService) -> None:
        """Crisis lines: the country (its lines show in Get help now) and your own lines."""
        outer.addSpacing(10)
        outer.addWidget(heading(_("Crisis lines"), self, factor=1.2))
        form = QFormLayout()
        self.country = QComboBox()
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.country.setAccessibleName(_("Country for crisis lines"))
        self.country.setToolTip(_("Its crisis and emergency lines show in Get help now. Another country: "
                                  "type its two letters, then add its lines yourself."))
        for code, name in crisis.countries():
            self.country.addItem(f"{code} — {name}", code)
        current = crisis.country()
        index = self.country.findData(current)
        if index >= 0:
            self.country.setCurrentIndex(index)
        else:
            self.country.setEditText(current or "")
        label = QLabel(_("C&ountry:"))
        label.setBuddy(self.country)
        form.addRow(label, self.country)
        self.country_error = QLabel()
        self.country_error.setWordWrap(True)
        self.country_error.setAccessibleName(_("Problem with country"))
        style_error_label(self.country_error)
        self.country_error.hide()
        form.addRow("", self.country_error)
        self.edit_lines_button = QPushButton(_("&Edit lines…"))
        self.edit_lines_button.setAutoDefault(False)
        self.edit_lines_button.setToolTip(_("Change a line or add your own for this country"))
        self.edit_lines_button.clicked.connect(self.edit_lines)
        lines_row = QHBoxLayout()
        lines_row.addWidget(self.edit_lines_button)
        lines_row.addStretch(1)
        form.addRow("", lines_row)
        if self.recovery is not None:
            self.wording = QComboBox()
            self.wording.setAccessibleName(_("Words for days without use"))
            for key, text in STYLES:
                self.wording.addItem(_(text), key)
            self.wording.setCurrentIndex(max(0, self.wording.findData(self.recovery.wording())))
            words = QLabel(_("&Wording:"))
            words.setBuddy(self.wording)
            form.addRow(words, self.wording)
        outer.addLayout(form)

    def chosen_country(self) -> str:
        """The code chosen or typed (ValidationError if it is not two letters)."""
        from app.domain.crisis import check_country

        box = self.country
        assert box is not None  # asked only with the crisis section, which makes the box
        index = box.currentIndex()
        text = box.currentText().strip()
        if index >= 0 and text == box.itemText(index):
            return box.itemData(index)
        return check_country(text.split(" ", 1)[0] if text else "")

    def edit_lines(self) -> None:
        from app.ui.dialogs.crisis_lines_dialog import CrisisLinesDialog

        assert self.crisis is not None and self.country is not None  # its button is in the crisis section
        try:
            country = self.chosen_country()
        except ValidationError as exc:
            self.country_error.setText(exc.message)
            self.country_error.show()
            self.country.setFocus()
            return
        self.country_error.hide()
        CrisisLinesDialog(self.crisis, country, self).exec()

    def focus_crisis(self) -> None:
        if self.country is not None:
            self.country.setFocus()

    def error_text(self, field: str = "") -> str:
        """The message shown under `field` (or at the bottom for ''), empty if none."""
        if field == "default_minutes":
            return self.minutes_error.text() if self.form.isRowVisible(self._minutes_error_row) else ""
        if field == IDLE_MINUTES_KEY:
            return self.idle_error.text() if not self.idle_error.isHidden() else ""
        return self.top_error.text() if not self.top_error.isHidden() else ""

    def show_error(self, field: str, message: str) -> None:
        if field == "default_minutes":
            self.minutes_error.setText(message)
            self.form.setRowVisible(self._minutes_error_row, True)
            self.minutes.setFocus()
        elif field == IDLE_MINUTES_KEY and self.idle_minutes is not None:
            self.idle_error.setText(message)
            self.idle_error.show()
            self.idle_minutes.setFocus()
        elif field == "crisis.country" and self.country is not None:
            self.country_error.setText(message)
            self.country_error.show()
            self.country.setFocus()
        else:
            self.top_error.setText(message)
            self.top_error.show()

    def _clear_errors(self) -> None:
        self.minutes_error.clear()
        self.form.setRowVisible(self._minutes_error_row, False)
        self.top_error.clear()
        self.top_error.hide()
        if self.idle_minutes is not None:
            self.idle_error.clear()
            self.idle_error.hide()

    def accept(self) -> None:
        self._clear_errors()
        try:
            minutes = check_default_minutes(self.minutes.value())  # before anything is written
            idle = check_idle_minutes(self.idle_minutes.value()) if self.idle_minutes is not None else None
            country = self.chosen_country() if self.country is not None else None
            # The country box is made with a crisis service, the wording box with a recovery one.
            if country is not None and self.crisis is not None and country != self.crisis.country():
                self.crisis.set_country(country)
            if (self.wording is not None and self.recovery is not None
                    and self.wording.currentData() != self.recovery.wording()):
                self.recovery.set_wording(self.wording.currentData())
            self.reminders.set_default_minutes(minutes)
            self.reminders.set_enabled(self.enabled_box.isChecked())
            if self.self_check_box.isChecked() != self.reminders.self_check_enabled:
                self.reminders.set_self_check_enabled(self.self_check_box.isChecked())
            if idle is not None and self.app_lock is not None and idle != self.app_lock.idle_minutes:
                self.app_lock.set_idle_minutes(idle)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        except StoreError as exc:
            self.show_error("", exc.message)
            return
        if self.tray_available:
            set_close_to_tray(self.tray_box.isChecked())
        set_appearance_setting(self.appearance.currentData())
        if self.language.currentData() != self._saved_language:
            set_language_setting(self.language.currentData())
            self._saved_language = self.language.currentData()
        self._saved_appearance = self.appearance.currentData()
        super().accept()
