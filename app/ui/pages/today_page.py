"""Today: a calm overview of the day and the week so far."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import fields as F
from app.domain.records import ScheduleItem
from app.services.records import RecordService
from app.services.today import TodayService, TodaySummary
from app.ui.dialogs.occurrence_dialogs import EMPTY_MARK_TODAY, MarkTodayDialog
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.style import heading, scaled_font, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.services.schedule import ScheduleService

EMPTY_AGENDA = "Nothing scheduled today. Add your sessions on the Schedule page."
_KIND_SPEC = F.spec_named(ScheduleItem, "kind")


def greeting_for(now: dt.datetime) -> str:
    if now.hour < 12:
        return "Good morning"
    if now.hour < 18:
        return "Good afternoon"
    return "Good evening"


def agenda_line(occurrence) -> str:
    item = occurrence.item
    if item.all_day:
        when = "All day"
    else:
        when = f"{occurrence.start:%H:%M}–{occurrence.end:%H:%M}"
    parts = [when, item.title, _KIND_SPEC.choice_label(item.kind)]
    if item.location:
        parts.append(item.location)
    return " – ".join(parts)


class Card(QFrame):
    """A number with a caption underneath."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(170)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.number = QLabel(self)
        self.number.setFont(scaled_font(self.number, 2.0, bold=True))
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        style_subtle_label(self.caption)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set_number(self, text: str) -> None:
        self.number.setText(text)
        self.setAccessibleName(f"{self.caption.text()}: {text}")


class TodayPage(ListensForChanges, QWidget):
    status_message = Signal(str)

    def __init__(self, records: RecordService, today: TodayService, parent: QWidget | None = None, *,
                 schedule: ScheduleService | None = None):
        super().__init__(parent)
        self.records = records
        self.today = today
        self.schedule = schedule
        self.sessions_waiting = 0
        self.title = "Today"
        self.summary: TodaySummary | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(10)
        self.greeting = heading("", content)
        self.date_label = QLabel(content)
        self.date_label.setFont(scaled_font(self.date_label, 1.1))
        style_subtle_label(self.date_label)
        layout.addWidget(self.greeting)
        layout.addWidget(self.date_label)

        self.sober_label = QLabel(content)
        self.sober_label.setFont(scaled_font(self.sober_label, 1.25, bold=True))
        self.sober_label.setAccessibleName("Sober days")
        layout.addWidget(self.sober_label)

        layout.addSpacing(8)
        layout.addWidget(heading("Today’s plan", content, 1.15))
        self.agenda = QLabel(content)
        self.agenda.setWordWrap(True)
        self.agenda.setTextFormat(Qt.TextFormat.PlainText)
        self.agenda.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agenda.setAccessibleName("Today’s plan")
        layout.addWidget(self.agenda)
        self.mark_button = QPushButton(content)
        self.mark_button.clicked.connect(self.mark_sessions)
        self.mark_button.setVisible(schedule is not None)
        layout.addWidget(self.mark_button, 0, Qt.AlignmentFlag.AlignLeft)

        layout.addSpacing(8)
        layout.addWidget(heading("This week", content, 1.15))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.coping_card = Card("coping entries logged", content)
        self.meetings_card = Card("support meetings attended", content)
        self.selfcare_card = Card("minutes of self-care", content)
        self.checkins_card = Card("check-ins", content)
        for i, card in enumerate((self.coping_card, self.meetings_card, self.selfcare_card, self.checkins_card)):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)

        layout.addSpacing(8)
        self.checked_in_label = QLabel("Checked in today ✓", content)
        self.checked_in_label.setFont(scaled_font(self.checked_in_label, 1.1))
        self.check_in_button = QPushButton("Check in now…", content)
        self.check_in_button.setAccessibleName("Check in now")
        self.check_in_button.setToolTip("Mood, craving, sleep and medication — under a minute")
        self.check_in_button.clicked.connect(self.check_in)
        layout.addWidget(self.checked_in_label)
        layout.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.refresh()
        self.attach()
        # Left open overnight, the page should greet the new day rather than show yesterday.
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(60_000)
        self._day_timer.timeout.connect(self._on_tick)
        self._day_timer.start()

    def _on_tick(self) -> None:
        if self.summary is not None and self.records.clock.now().date() != self.summary.day:
            self.refresh()
        else:
            # A session that began since the last look is now waiting to be marked.
            self._refresh_mark_button()

    def changes_source(self):
        return self.records

    def on_changed(self, kind_name: str) -> None:
        self.refresh()

    def current_view(self):
        return None

    def refresh(self) -> None:
        s = self.summary = self.today.summary()
        now = self.records.clock.now()
        self.greeting.setText(greeting_for(now))
        self.date_label.setText(f"{s.day:%A}, {s.day.day} {s.day:%B %Y}")
        if s.sober_days is not None and s.sober_since is not None:
            self.sober_label.setText(f"Day {s.sober_days:,} — sober since {s.sober_since.isoformat()}")
            self.sober_label.show()
        else:
            self.sober_label.hide()
        lines = [agenda_line(o) for o in s.agenda]
        self.agenda.setText("\n".join(lines) if lines else EMPTY_AGENDA)
        self.coping_card.set_number(f"{s.coping_this_week:,}")
        self.meetings_card.set_number(f"{s.meetings_this_week:,}")
        self.selfcare_card.set_number(f"{s.selfcare_minutes_this_week:,}")
        self.checkins_card.set_number(f"{s.checkins_this_week:,}")
        self.checked_in_label.setVisible(s.checked_in_today)
        self.check_in_button.setVisible(not s.checked_in_today)
        self._refresh_mark_button()

    def _refresh_mark_button(self) -> None:
        if self.schedule is None or self.summary is None:
            return
        waiting = self.sessions_waiting = len(self.schedule.sessions_to_mark(self.summary.day))
        if waiting:
            self.mark_button.setText(f"Mark today’s sessions ({waiting})…")
            self.mark_button.setToolTip(
                f"{waiting} session{'s' if waiting != 1 else ''} today still to mark attended, missed or excused")
        else:
            self.mark_button.setText("Mark today’s sessions…")
            self.mark_button.setToolTip(EMPTY_MARK_TODAY)
        self.mark_button.setAccessibleName(f"Mark today’s sessions, {waiting} waiting")
        self.mark_button.setEnabled(waiting > 0)

    def make_check_in_dialog(self) -> RecordDialog:
        return RecordDialog(self.records, "checkin", None, self)

    def make_mark_dialog(self) -> MarkTodayDialog:
        day = self.summary.day if self.summary is not None else self.records.clock.now().date()
        return MarkTodayDialog(self.schedule, day, self)

    def mark_sessions(self) -> None:
        if self.schedule is None:
            return
        dialog = self.make_mark_dialog()
        if dialog.exec() == MarkTodayDialog.DialogCode.Accepted and dialog.marked:
            n = len(dialog.marked)
            self.status_message.emit(f"Marked {n} session{'s' if n != 1 else ''}.")

    def check_in(self) -> None:
        dialog = self.make_check_in_dialog()
        if dialog.exec() == RecordDialog.DialogCode.Accepted:
            self.status_message.emit("Thanks for checking in.")
