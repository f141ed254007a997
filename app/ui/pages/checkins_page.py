"""Check-ins, with the sober-day count and a way to set the sober-since date."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.records import SobrietyPeriod
from app.domain.sobriety import current_period, sober_days
from app.services.records import RecordService
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage
from app.ui.style import scaled_font
from app.ui.widgets.listening import ListensForChanges


def sober_text(days: int | None, since) -> str:
    if days is None:
        return "No sober-since date set. You can add one whenever you are ready."
    return f"Day {days:,} — sober since {since.isoformat()}"


class SobrietyPanel(ListensForChanges, QFrame):
    def __init__(self, service: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.button.clicked.connect(self.edit_date)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.service

    def on_changed(self, kind_name: str) -> None:
        if kind_name == "sobriety":
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

    def make_dialog(self) -> RecordDialog:
        return RecordDialog(self.service, "sobriety", self.current(), self)

    def edit_date(self) -> None:
        self.make_dialog().exec()


class CheckInsPage(RecordsPage):
    def __init__(self, service: RecordService, parent: QWidget | None = None):
        panel = SobrietyPanel(service)
        super().__init__(service, "Check-ins", [("Check-ins", "checkin")], parent, intro=panel)
        self.sobriety = panel

    def detach(self) -> None:
        super().detach()
        self.sobriety.detach()
