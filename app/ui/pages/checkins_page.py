"""Check-ins, with sobriety across lapses and today's check-in one click away."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.records import SobrietyPeriod
from app.domain.sobriety import current_period, sober_days
from app.services.errors import StoreError
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.editors import from_qdate, to_qdate
from app.ui.widgets.listening import ListensForChanges


def sober_text(days: int | None, since) -> str:
    if days is None:
        return "No sober-since date set. You can add one whenever you are ready."
    return f"Day {days:,} — sober since {since.isoformat()}"


def history_text(stats) -> str:
    if stats.periods == 0:
        return ""
    parts = [f"Longest: {stats.longest_days:,} day{'s' if stats.longest_days != 1 else ''}",
             f"sober days this year: {stats.sober_days_this_year:,}"]
    if stats.periods > 1:
        parts.append(f"{stats.periods} periods, all kept")
    return " · ".join(parts)


class LapseDialog(QDialog):
    """Record a lapse: the current period ends that day and a new one begins. Nothing is erased."""

    def __init__(self, recovery: RecoveryService, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery = recovery
        self.saved: SobrietyPeriod | None = None
        self.setWindowTitle("Record a lapse")
        today = recovery.today()
        intro = QLabel("A lapse is part of many people's recovery. Your earlier sober days stay in your "
                       "history; a new period starts from the day you choose.", self)
        intro.setWordWrap(True)
        self.lapse_date = QDateEdit(to_qdate(today), self)
        self.again_date = QDateEdit(to_qdate(today), self)
        for edit, name in ((self.lapse_date, "Day of the lapse"), (self.again_date, "Sober again from")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setMaximumDate(to_qdate(today))
            edit.setAccessibleName(name)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Optional: what happened, what might help next time")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Day of the &lapse", self.lapse_date)
        form.addRow("Sober again &from", self.again_date)
        form.addRow("&Notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.lapse_date.dateChanged.connect(self._follow_lapse)
        self.resize(max(self.sizeHint().width(), 460), self.sizeHint().height())

    def _follow_lapse(self, qdate) -> None:
        if self.again_date.date() < qdate:
            self.again_date.setDate(qdate)

    def accept(self) -> None:
        try:
            self.saved = self.recovery.record_lapse(from_qdate(self.lapse_date.date()),
                                                    from_qdate(self.again_date.date()),
                                                    self.notes.toPlainText().strip())
        except (ValidationError, StoreError) as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()


class SobrietyPanel(ListensForChanges, QFrame):
    status_message = Signal(str)

    def __init__(self, service: RecordService, parent: QWidget | None = None,
                 recovery: RecoveryService | None = None):
        super().__init__(parent)
        self.service = service
        self.recovery = recovery
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Sobriety history")
        style_subtle_label(self.history)
        self.button = QPushButton(self)
        self.lapse_button = QPushButton("Record a lapse…", self)
        self.lapse_button.setAccessibleName("Record a lapse")
        self.lapse_button.setToolTip("Ends the current sober period and starts a new one; nothing is erased")
        self.checkin_button = QPushButton(self)
        text = QVBoxLayout()
        text.addWidget(self.label)
        text.addWidget(self.history)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(text, 1)
        row.addWidget(self.checkin_button)
        row.addWidget(self.button)
        row.addWidget(self.lapse_button)
        self.button.clicked.connect(self.edit_date)
        self.lapse_button.clicked.connect(self.record_lapse)
        self.checkin_button.clicked.connect(self.check_in)
        self.lapse_button.setVisible(recovery is not None)
        self.checkin_button.setVisible(recovery is not None)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.service

    def on_changed(self, kind_name: str) -> None:
        if kind_name in ("sobriety", "checkin"):
            self.refresh()

    def current(self) -> SobrietyPeriod | None:
        today = self.service.clock.now().date()
        return current_period(self.service.list("sobriety", end=today), today)

    def refresh(self) -> None:
        today = self.service.clock.now().date()
        period = self.current()
        self.label.setText(sober_text(sober_days(period, today), period.start_date if period else None))
        self.label.setFont(scaled_font(self, 1.15, bold=True) if period else self.font())
        self.label.setAccessibleName(self.label.text())
        self.button.setText("Change sober date…" if period else "Set sober-since date…")
        self.button.setAccessibleName(self.button.text().rstrip("…"))
        self.button.setToolTip("The day your current sober period started")
        if self.recovery is not None:
            stats = self.recovery.sobriety()
            self.history.setText(history_text(stats))
            self.history.setVisible(stats.periods > 0)
            self.lapse_button.setEnabled(period is not None)
            done = self.recovery.todays_checkin() is not None
            self.checkin_button.setText("Edit today’s check-in…" if done else "Check in for today…")
            self.checkin_button.setAccessibleName(self.checkin_button.text().rstrip("…"))
        else:
            self.history.hide()

    def make_dialog(self) -> RecordDialog:
        return RecordDialog(self.service, "sobriety", self.current(), self)

    def edit_date(self) -> None:
        self.make_dialog().exec()

    def record_lapse(self) -> bool:
        if self.recovery is None:
            return False
        dialog = LapseDialog(self.recovery, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.status_message.emit(f"A new sober period starts {dialog.saved.start_date:%d %b %Y}. "
                                     "Your earlier days are kept.")
            return True
        return False

    def check_in(self) -> bool:
        existing = self.recovery.todays_checkin() if self.recovery is not None else None
        dialog = RecordDialog(self.service, "checkin", existing, self,
                              defaults={} if existing else {"day": self.service.clock.now().date()})
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit("Saved today’s check-in." if existing else "Thanks for checking in.")
            return True
        return False


class CheckInsPage(RecordsPage):
    def __init__(self, service: RecordService, parent: QWidget | None = None, *,
                 recovery: RecoveryService | None = None, **kwargs):
        panel = SobrietyPanel(service, recovery=recovery)
        super().__init__(service, "Check-ins", [("Check-ins", "checkin")], parent, intro=panel, **kwargs)
        self.sobriety = panel
        panel.status_message.connect(self.status_message)

    def detach(self) -> None:
        super().detach()
        self.sobriety.detach()
