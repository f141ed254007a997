"""Preferences: session reminders and what closing the window does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.reminders import MAX_DEFAULT_MINUTES, check_default_minutes
from app.services.errors import StoreError, ValidationError
from app.ui.style import heading, style_error_label, style_subtle_label
from app.ui.tray import close_to_tray_setting, set_close_to_tray, system_tray_available

if TYPE_CHECKING:
    from app.services.reminders import ReminderService

NO_TRAY_TEXT = ("Your desktop has no system tray, so Steady quits when its window is closed, "
                "and reminders appear in the window's status bar.")


class PreferencesDialog(QDialog):
    """Nothing is saved until OK; a problem keeps the dialog open with the message under
    the field it is about."""

    def __init__(self, reminders: ReminderService, parent: QWidget | None = None, *,
                 tray_available: bool | None = None):
        super().__init__(parent)
        self.reminders = reminders
        self.tray_available = system_tray_available() if tray_available is None else tray_available
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        outer = QVBoxLayout(self)

        outer.addWidget(heading("Reminders", self, factor=1.2))
        self.enabled_box = QCheckBox("&Remind me before sessions while Steady is running")
        self.enabled_box.setAccessibleName("Reminders enabled")
        self.enabled_box.setChecked(reminders.enabled)
        outer.addWidget(self.enabled_box)

        form = QFormLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_DEFAULT_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min before")
        self.minutes.setSpecialValueText("No default reminder")
        self.minutes.setValue(reminders.default_minutes)
        self.minutes.setAccessibleName("Default reminder, minutes before a session")
        self.minutes.setToolTip("Used by every item whose own reminder is blank. "
                                "An item's own reminder, or 0 to switch it off, comes first.")
        self.minutes_label = QLabel("&Default reminder:")
        self.minutes_label.setBuddy(self.minutes)
        form.addRow(self.minutes_label, self.minutes)
        self.minutes_error = QLabel()
        self.minutes_error.setWordWrap(True)
        self.minutes_error.setAccessibleName("Problem with default reminder")
        style_error_label(self.minutes_error)
        form.addRow("", self.minutes_error)
        self._minutes_error_row = form.rowCount() - 1
        form.setRowVisible(self._minutes_error_row, False)
        self.form = form
        outer.addLayout(form)
        self.enabled_box.toggled.connect(self.minutes.setEnabled)
        self.minutes.setEnabled(self.enabled_box.isChecked())

        outer.addWidget(heading("Window", self, factor=1.2))
        self.tray_box = QCheckBox("&Keep Steady in the tray when the window is closed")
        self.tray_box.setAccessibleName("Keep Steady in the tray when the window is closed")
        self.tray_box.setChecked(close_to_tray_setting() and self.tray_available)
        outer.addWidget(self.tray_box)
        self.tray_note = QLabel(NO_TRAY_TEXT)
        self.tray_note.setWordWrap(True)
        self.tray_note.setAccessibleName("Why the tray option is unavailable")
        style_subtle_label(self.tray_note)
        outer.addWidget(self.tray_note)
        if self.tray_available:
            self.tray_box.setToolTip("Closing the window hides it; reminders keep coming. "
                                     "Quit from the tray icon's menu or File ▸ Quit.")
            self.tray_note.hide()
        else:
            self.tray_box.setEnabled(False)
            self.tray_box.setToolTip(NO_TRAY_TEXT)

        self.top_error = QLabel()
        self.top_error.setWordWrap(True)
        self.top_error.setAccessibleName("Problem")
        style_error_label(self.top_error)
        self.top_error.hide()
        outer.addWidget(self.top_error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def error_text(self, field: str = "") -> str:
        """The message shown under `field` (or at the bottom for ''), empty if none."""
        if field == "default_minutes":
            return self.minutes_error.text() if self.form.isRowVisible(self._minutes_error_row) else ""
        return self.top_error.text() if not self.top_error.isHidden() else ""

    def show_error(self, field: str, message: str) -> None:
        if field == "default_minutes":
            self.minutes_error.setText(message)
            self.form.setRowVisible(self._minutes_error_row, True)
            self.minutes.setFocus()
        else:
            self.top_error.setText(message)
            self.top_error.show()

    def _clear_errors(self) -> None:
        self.minutes_error.clear()
        self.form.setRowVisible(self._minutes_error_row, False)
        self.top_error.clear()
        self.top_error.hide()

    def accept(self) -> None:
        self._clear_errors()
        try:
            minutes = check_default_minutes(self.minutes.value())  # before anything is written
            self.reminders.set_default_minutes(minutes)
            self.reminders.set_enabled(self.enabled_box.isChecked())
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        except StoreError as exc:
            self.show_error("", exc.message)
            return
        if self.tray_available:
            set_close_to_tray(self.tray_box.isChecked())
        super().accept()
