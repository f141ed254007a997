"""Panels above the Meetings and Self-care tables: meeting streaks with a 90-in-90 tracker,
and one-click repeats of recent self-care."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _, ngettext, pgettext
from app.domain.meetings import NINETY
from app.domain.records import SelfCareEntry
from app.services.errors import StoreError
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.services.schedule import ScheduleService
from app.ui import messages
from app.ui.pages.records_page import RecordsPage
from app.ui.style import scaled_font, style_subtle_label
from app.ui.widgets.editors import from_qdate, to_qdate
from app.ui.widgets.listening import ListensForChanges
from app.ui.widgets.flow_layout import FlowLayout

_CATEGORY = F.spec_named(SelfCareEntry, "category")


class MeetingProgressPanel(ListensForChanges, QFrame):
    """Streaks, meetings this month, and the 90-in-90 challenge if one is running."""
    refresh_kinds = frozenset({"attendance"})

    status_message = Signal(str)

    def __init__(self, recovery: RecoveryService, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery = recovery
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Meeting progress"))
        self.streak_label = QLabel(self)
        self.streak_label.setFont(scaled_font(self.streak_label, 1.1, bold=True))
        self.streak_label.setWordWrap(True)
        self.streak_label.setAccessibleName(_("Meeting streaks"))
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        style_subtle_label(self.detail_label)

        self.ninety_label = QLabel(self)
        self.ninety_label.setWordWrap(True)
        self.ninety_label.setAccessibleName(_("90 meetings in 90 days"))
        self.ninety_bar = QProgressBar(self)
        self.ninety_bar.setRange(0, NINETY)
        self.ninety_bar.setFormat(_("{done} of 90").format(done="%v"))
        self.ninety_bar.setAccessibleName(_("90 in 90 progress"))
        self.start_date = QDateEdit(self)
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat(fmt.qt_date_pattern())
        self.start_date.setAccessibleName(_("90 in 90 start date"))
        self.start_date.setToolTip(_("The day your 90 in 90 starts (today, or a day you already began)"))
        self.start_button = QPushButton(_("Start a 90 in 90"), self)
        self.start_button.setAccessibleName(_("Start a 90 in 90"))
        self.start_button.setToolTip(_("Track 90 meetings in 90 days, a common goal early in recovery"))
        self.stop_button = QPushButton(_("Stop tracking"), self)
        self.stop_button.setAccessibleName(_("Stop tracking the 90 in 90"))
        self.from_label = QLabel(pgettext("starting on a date", "from"), self)
        self.from_label.setBuddy(self.start_date)

        ninety_row = QHBoxLayout()
        ninety_row.addWidget(self.ninety_label, 1)
        ninety_row.addWidget(self.ninety_bar, 1)
        ninety_row.addWidget(self.start_button)
        ninety_row.addWidget(self.from_label)
        ninety_row.addWidget(self.start_date)
        ninety_row.addWidget(self.stop_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.streak_label)
        layout.addWidget(self.detail_label)
        layout.addLayout(ninety_row)

        self.start_button.clicked.connect(self.start_ninety)
        self.stop_button.clicked.connect(self.stop_ninety)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.recovery.records

    def refresh(self) -> None:
        progress = self.recovery.meeting_progress()
        s = progress.streaks
        if s.day_streak:
            head = ngettext("{n} day in a row with a meeting", "{n} days in a row with a meeting",
                            s.day_streak).format(n=fmt.number(s.day_streak))
        elif s.week_streak:
            head = ngettext("{n} week in a row with a meeting", "{n} weeks in a row with a meeting",
                            s.week_streak).format(n=fmt.number(s.week_streak))
        else:
            head = _("No meetings logged lately — log one below when you go.")
        self.streak_label.setText(head)
        self.streak_label.setAccessibleDescription(head)
        details = [ngettext("{n} meeting in the last 30 days", "{n} meetings in the last 30 days",
                            s.last_30_days).format(n=fmt.number(s.last_30_days)),
                   ngettext("{n} week in a row with at least one", "{n} weeks in a row with at least one",
                            s.week_streak).format(n=fmt.number(s.week_streak)),
                   _("longest run: {days}").format(days=fmt.plural(s.longest_day_streak, "day", "days"))]
        self.detail_label.setText(" · ".join(details))
        n = progress.ninety
        running = n is not None
        for while_running in (self.ninety_bar, self.stop_button):
            while_running.setVisible(running)
        for while_stopped in (self.start_button, self.start_date, self.from_label):
            while_stopped.setVisible(not running)
        if n is None:
            self.ninety_label.setText(_("90 meetings in 90 days: not tracking."))
            today = self.recovery.today()
            self.start_date.setMaximumDate(to_qdate(today))
            self.start_date.setDate(to_qdate(today))
        else:
            self.ninety_label.setText(n.describe())
            self.ninety_bar.setValue(min(NINETY, n.meetings))
            self.stop_button.setText(_("Start again") if n.finished else _("Stop tracking"))
        self.ninety_label.setAccessibleDescription(self.ninety_label.text())

    def start_ninety(self) -> None:
        try:
            start = self.recovery.start_ninety(from_qdate(self.start_date.date()))
        except (ValidationError, StoreError) as exc:
            messages.warn(self, _("90 in 90"), exc.message)
            return
        self.status_message.emit(_("Tracking 90 meetings in 90 days from {day}.").format(day=fmt.date(start)))

    def stop_ninety(self) -> None:
        progress = self.recovery.meeting_progress().ninety
        if progress is not None and not progress.finished and not messages.confirm(
                self, _("Stop tracking"), _("Stop tracking this 90 in 90? Your attendance stays in the log.")):
            return
        self.recovery.stop_ninety()
        self.status_message.emit(_("Stopped tracking the 90 in 90."))


class SelfCareRepeatPanel(ListensForChanges, QFrame):
    """“Do it again”: one click logs a recent activity again, now."""
    refresh_kinds = frozenset({"selfcare"})

    status_message = Signal(str)
    HINT = N_("Your recent activities will appear here, so you can log them again with one click.")

    def __init__(self, recovery: RecoveryService, parent: QWidget | None = None):
        super().__init__(parent)
        self.recovery = recovery
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Repeat a recent self-care entry"))
        self.label = QLabel(_("Do it again:"), self)
        self.hint = QLabel(i18n._(self.HINT), self)
        style_subtle_label(self.hint)
        # The buttons wrap onto more lines rather than widening the whole window (at a large
        # font four of them needed 1,750 px, and a window never shrinks back on its own).
        # The caption flows with them, so only the widest button sets how narrow the page can be.
        self.row = FlowLayout(spacing=8)
        self.row.addWidget(self.label)
        self.label.setMinimumHeight(QPushButton(self.label.text()).sizeHint().height())  # centred on the buttons
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 6, 12, 6)
        outer.addLayout(self.row)
        outer.addWidget(self.hint)
        self.hint.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.recovery.records

    @staticmethod
    def button_text(entry: SelfCareEntry) -> str:
        text = _("{minutes} min {activity}").format(minutes=entry.minutes,
                                                    activity=i18n._(_CATEGORY.choice_label(entry.category)).lower())
        note = entry.notes.strip().splitlines()[0] if entry.notes.strip() else ""
        return f"{text}: {note}" if note and len(note) <= 24 else text

    def refresh(self) -> None:
        for b in self.buttons:
            self.row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        entries = self.recovery.repeatable_selfcare()
        self.hint.setVisible(not entries)
        for i, entry in enumerate(entries):
            button = QPushButton(self.button_text(entry), self)
            button.setAccessibleName(_("Log {activity} again, now").format(activity=self.button_text(entry)))
            button.setToolTip(_("Log {activity} again with the time now").format(activity=self.button_text(entry))
                              + (f"\n{entry.notes[:200]}" if entry.notes else ""))
            button.setProperty("entry_index", i)
            button.clicked.connect(self._on_clicked)
            self.row.addWidget(button)
            self.buttons.append(button)
        self._entries = entries

    def _on_clicked(self) -> None:
        button = self.sender()
        index = button.property("entry_index") if button is not None else None
        if index is None or not 0 <= index < len(self._entries):
            return
        self.repeat(self._entries[index])

    def repeat(self, entry: SelfCareEntry) -> SelfCareEntry | None:
        try:
            saved = self.recovery.repeat_selfcare(entry)
        except (ValidationError, StoreError) as exc:
            messages.warn(self, _("Could not log it"), exc.message)
            return None
        self.status_message.emit(_("Logged {activity} at {time}.").format(activity=self.button_text(saved),
                                                                          time=fmt.time(saved.occurred_at)))
        return saved


class _PageWithPanel(RecordsPage):
    """A records page with a progress panel above its tabs; the panel is detached with it."""

    TITLE = ""
    SECTIONS: tuple[tuple[str, str], ...] = ()
    PANEL: type = QFrame

    def __init__(self, records: RecordService, recovery: RecoveryService, parent: QWidget | None = None, **kwargs):
        panel = self.PANEL(recovery)
        super().__init__(records, self.TITLE, list(self.SECTIONS), parent, intro=panel, **kwargs)
        self.panel = panel
        panel.status_message.connect(self.status_message)

    def detach(self) -> None:
        super().detach()
        self.panel.detach()


class MeetingsPage(_PageWithPanel):
    TITLE = N_("Meetings")
    SECTIONS = ((N_("Attendance"), "attendance"), (N_("Meetings directory"), "group"))
    PANEL = MeetingProgressPanel

    def __init__(self, records: RecordService, recovery: RecoveryService, parent: QWidget | None = None, *,
                 schedule: ScheduleService | None = None, **kwargs):
        super().__init__(records, recovery, parent, **kwargs)
        self.schedule = schedule
        attendance = self.views["attendance"]
        attendance.dialog_factory = self.make_attendance_dialog
        # Support meetings only: treatment sessions' attendance, IOP groups' included, is on
        # the Schedule page.
        attendance.having = ("support_meeting",)
        attendance.add_button.setText(_("Log a meeting…"))
        attendance.add_button.setAccessibleName(_("Log a meeting"))
        attendance.add_button.setToolTip(_("Log a meeting you went to, missed or were excused from (Ctrl+N)"))
        attendance.empty.say(_("Log each meeting you go to, miss or are excused from. Your treatment sessions’ "
                               "attendance is on the Schedule page."), _("Log your first meeting"))

    def make_attendance_dialog(self, record, parent: QWidget):
        """Log a meeting: the day's sessions only, and a way to add a meeting not listed yet."""
        from app.ui.dialogs.attendance_dialog import LogMeetingDialog

        return LogMeetingDialog(self.service, self.schedule, record, parent)


class SelfCarePage(_PageWithPanel):
    TITLE = N_("Self-care")
    SECTIONS = ((N_("Self-care"), "selfcare"),)
    PANEL = SelfCareRepeatPanel
