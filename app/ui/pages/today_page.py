"""Today: what is next, today's plan, sober days, goals, quick logging, and the week so far."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import N_, _, ngettext
from app.domain.records import ScheduleItem, SelfCareEntry
from app.services.records import RecordService
from app.services.schedule import EMPTY_MARK_TODAY
from app.services.today import TodayService, TodaySummary
from app.ui.style import heading, layout_of, scaled_font, style_subtle_label
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.goal_words import new_milestones_message, short_date, show_progress, status_words
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.ui.dialogs.occurrence_dialogs import MarkTodayDialog
    from app.ui.dialogs.record_dialog import RecordDialog
    from app.domain.goals import GoalProgress
    from app.domain.records import Milestone
    from app.services.goals import GoalService
    from app.services.recovery import RecoveryService
    from app.services.schedule import ScheduleService
    from app.services.treatment import TreatmentService

EMPTY_AGENDA = N_("Nothing scheduled today. Add your sessions on the Schedule page.")
NOTHING_NEXT = N_("Nothing else planned for today or tomorrow.")
NO_GOALS = N_("Set a goal on the Goals page — for example 3 meetings a week.")
NO_RUNNING_GOALS = N_("None of your goals is running today. They are on the Goals page.")
NO_SOBER_DATE = N_("Counting sober days? Set your sober date on the Check-ins page.")
_KIND_SPEC = F.spec_named(ScheduleItem, "kind")
# Below this width the two columns stack, so nothing is squeezed.
_TWO_COLUMNS_FROM = 860


def greeting_for(now: dt.datetime) -> str:
    if now.hour < 12:
        return _("Good morning")
    if now.hour < 18:
        return _("Good afternoon")
    return _("Good evening")


def meeting_logged_text(record) -> str:
    """Praise for going only when the person went; a missed or excused one is just noted."""
    if record.status == "attended":
        return _("Meeting logged. Well done for going.")
    return _("Logged as missed.") if record.status == "missed" else _("Logged as excused.")


@dataclass(frozen=True)
class AgendaEntry:
    """One thing on the plan, from a planner slot (moved or renamed sessions as changed)
    or a plain occurrence."""

    start: dt.datetime
    end: dt.datetime
    title: str
    kind: str
    location: str
    all_day: bool

    @classmethod
    def of(cls, occurrence) -> AgendaEntry:
        item = occurrence.item
        return cls(occurrence.start, occurrence.end, getattr(occurrence, "title", None) or item.title,
                   item.kind, getattr(occurrence, "location", None) or item.location, item.all_day)

    @property
    def kind_label(self) -> str:
        return i18n._(_KIND_SPEC.choice_label(self.kind))

    def when(self) -> str:
        return _("All day") if self.all_day else fmt.time_range(self.start, self.end)

    def state(self, now: dt.datetime) -> str:
        """"past", "now" or "later" (an all-day item is never past or current)."""
        if self.all_day:
            return "later"
        if self.end <= now:
            return "past"
        return "now" if self.start <= now else "later"


def agenda_line(occurrence) -> str:
    e = occurrence if isinstance(occurrence, AgendaEntry) else AgendaEntry.of(occurrence)
    parts = [e.when(), e.title, e.kind_label]
    if e.location:
        parts.append(e.location)
    return " – ".join(parts)


def countdown(delta: dt.timedelta) -> str:
    """“1 h 20 min”, rounded up, so a session never reads as starting “in 0 min”."""
    return fmt.duration(dt.timedelta(minutes=max(1, math.ceil(delta.total_seconds() / 60))))


def next_up(entries: list[AgendaEntry], now: dt.datetime) -> tuple[AgendaEntry | None, AgendaEntry | None]:
    """(what is on now or next, what comes after it when the first is running)."""
    timed = [e for e in entries if not e.all_day and e.end > now]
    running = [e for e in timed if e.start <= now]
    coming = [e for e in timed if e.start > now]
    if running:
        return running[0], (coming[0] if coming else None)
    return (coming[0] if coming else None), None


def describe_next(entry: AgendaEntry, now: dt.datetime) -> str:
    """“IOP group in 1 h 20 min — Riverside, room 2”; “… now, until 21:00 — …” while on."""
    tomorrow = now.date() + dt.timedelta(days=1)
    if entry.start <= now:
        if entry.end.date() == tomorrow:
            text = _("{title} now, until {time} tomorrow").format(title=entry.title, time=fmt.time(entry.end))
        else:
            text = _("{title} now, until {time}").format(title=entry.title, time=fmt.time(entry.end))
    elif entry.start.date() == now.date() or entry.start - now < dt.timedelta(hours=6):
        text = _("{title} in {countdown}").format(title=entry.title, countdown=countdown(entry.start - now))
    else:
        text = _("{title} tomorrow at {time}").format(title=entry.title, time=fmt.time(entry.start))
    return f"{text} — {entry.location}" if entry.location else text


def describe_then(entry: AgendaEntry, now: dt.datetime) -> str:
    if entry.start.date() == now.date():
        text = _("Then {title} at {time} (in {countdown})")
    else:
        text = _("Then {title} tomorrow at {time} (in {countdown})")
    return text.format(title=entry.title, time=fmt.time(entry.start), countdown=countdown(entry.start - now))


def milestone_line(milestone: Milestone, today: dt.date) -> str:
    assert milestone.reached_on is not None  # only a reached milestone is shown
    return _("Milestone: {title} (reached {day})").format(title=milestone.title,
                                                          day=short_date(milestone.reached_on, today))


class Card(QFrame):
    """A number with a caption underneath."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(150)
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


class AgendaList(QWidget):
    """Today's plan as rows of time, title and kind: what is over is dimmed, what is on
    now is marked in words (“Now”) as well as in bold."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries: list[AgendaEntry] = []
        self.states: list[str] = []
        self._widgets: list[QWidget] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(2, 1)
        self.empty = QLabel(i18n._(EMPTY_AGENDA), self)
        self.empty.setWordWrap(True)
        style_subtle_label(self.empty)
        self.grid.addWidget(self.empty, 0, 0, 1, 4)
        self.setAccessibleName(_("Today’s plan"))

    def text(self) -> str:
        """The plan as plain lines (what a screen reader is given too)."""
        return "\n".join(agenda_line(e) for e in self.entries) if self.entries else i18n._(EMPTY_AGENDA)

    def set_entries(self, entries: list[AgendaEntry], now: dt.datetime) -> None:
        for w in self._widgets:
            self.grid.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._widgets = []
        self.entries = list(entries)
        self.states = [e.state(now) for e in self.entries]
        self.empty.setVisible(not self.entries)
        for row, (e, state) in enumerate(zip(self.entries, self.states, strict=False)):
            marker = QLabel(_("Now") if state == "now" else "", self)
            if state == "now":
                marker.setStyleSheet("background: palette(highlight); color: palette(highlighted-text);"
                                     "border-radius: 3px; padding: 0 5px; font-weight: bold;")
            time = QLabel(e.when(), self)
            title = QLabel(e.title, self)
            title.setTextFormat(Qt.TextFormat.PlainText)
            title.setWordWrap(True)
            place = QLabel(e.location, self)
            place.setTextFormat(Qt.TextFormat.PlainText)
            place.setWordWrap(True)
            place.setVisible(bool(e.location))
            what = QWidget(self)
            what_layout = QVBoxLayout(what)
            what_layout.setContentsMargins(0, 0, 0, 0)
            what_layout.setSpacing(0)
            what_layout.addWidget(title)
            what_layout.addWidget(place)
            title.setParent(what)
            place.setParent(what)
            kind = QLabel(e.kind_label, self)
            kind.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            if state == "now":
                for w in (time, title):
                    w.setFont(scaled_font(w, 1.0, bold=True))
            if state == "past":
                # Greyed like a placeholder: over, but still there to read.
                for w in (time, title, place, kind):
                    style_subtle_label(w)
            else:
                for w in (place, kind):
                    style_subtle_label(w)
            words = {"past": _(", earlier today"), "now": _(", happening now")}.get(state, "")
            what.setAccessibleName(agenda_line(e) + words)
            title.setAccessibleName(agenda_line(e) + words)
            for col, w in enumerate((marker, time, what, kind)):
                self.grid.addWidget(w, row + 1, col, Qt.AlignmentFlag.AlignTop)
                self._widgets.append(w)
        self.setAccessibleDescription(self.text())


class GoalRow(QFrame):
    """A goal at a glance: a click, Enter or Space takes you to it on the Goals page."""

    activated = Signal(str)

    def __init__(self, progress: GoalProgress, parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        self.goal_id = progress.goal.id
        self.setObjectName("goalRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("#goalRow { border: 1px solid palette(mid); border-radius: 4px; }"
                           "#goalRow:focus { border: 2px solid palette(highlight); }")
        self.title = QLabel(progress.goal.title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.0, bold=True))
        self.status = QLabel(status_words(progress), self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.bar = QProgressBar(self)
        self.bar.setMaximumHeight(max(10, self.fontMetrics().height() // 2 + 4))
        show_progress(self.bar, progress)
        self.text = QLabel(progress.text, self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        style_subtle_label(self.text)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.text)
        self.setToolTip(_("Open this goal on the Goals page"))
        self.setAccessibleName(f"{progress.goal.title}: {status_words(progress)}")
        self.setAccessibleDescription(_("{progress}. Press Enter to open it on the Goals page.").format(
            progress=progress.text))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.goal_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.goal_id)
            event.accept()
            return
        super().keyPressEvent(event)


def _section(title: str, parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setAccessibleName(title)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.setSpacing(6)
    layout.addWidget(heading(title, frame, 1.15))
    return frame, layout


class TodayPage(ListensForChanges, QWidget):
    status_message = Signal(str)
    page_requested = Signal(str)  # a sidebar page's title
    goal_requested = Signal(str)  # a goal's id, to show on the Goals page
    quick_log_requested = Signal()  # open the coping quick log, ready to type

    def __init__(self, records: RecordService, today: TodayService, parent: QWidget | None = None, *,
                 schedule: ScheduleService | None = None, goals: GoalService | None = None,
                 recovery: RecoveryService | None = None, treatment: TreatmentService | None = None):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        self.today = today
        self.schedule = schedule
        self.goals = goals
        self.recovery = recovery
        self.sessions_waiting = 0
        self.title = "Today"
        self.summary: TodaySummary | None = None
        self.entries: list[AgendaEntry] = []  # today and tomorrow, for what is next
        self.goal_rows: list[GoalRow] = []
        self.latest_milestone: Milestone | None = None
        self.new_milestones: list[Milestone] = []
        self._built = False
        self._pending_message = ""

        content = self.content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(18, 14, 18, 18)
        layout.setSpacing(10)
        self._build_header(content, layout)
        self._build_quick_log(content, layout)
        self.treatment_today = None
        if treatment is not None:
            from app.ui.widgets.treatment_today import TreatmentToday

            # The call-in question, doses still to note and homework due; hidden when there is none.
            self.treatment_today = TreatmentToday(records, treatment, content)
            self.treatment_today.status_message.connect(self.status_message)
            self.treatment_today.open_requested.connect(self._open_treatment)
            layout.addWidget(self.treatment_today)
        self._build_plan_and_goals(content, layout)
        self._build_week(content, layout)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName(_("Today"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self.setTabOrder(self.hard_moment_button, self.meeting_button)
        self.setTabOrder(self.meeting_button, self.selfcare_button)
        self.setTabOrder(self.selfcare_button, self.check_in_button)

        self.refresh()
        self.attach()
        self._built = True
        # Left open overnight, the page should greet the new day rather than show yesterday;
        # in between, the countdown moves on with the minute.
        self._tick_timer = QTimer(self)
        self._tick_timer.setSingleShot(True)
        self._tick_timer.timeout.connect(self._on_tick)
        self._schedule_tick()

    # --- building -----------------------------------------------------------------------------------

    def _build_header(self, content: QWidget, layout: QVBoxLayout) -> None:
        """Greeting, date, sober days and the latest milestone."""
        self.greeting = heading("", content)
        self.date_label = QLabel(content)
        self.date_label.setFont(scaled_font(self.date_label, 1.1))
        style_subtle_label(self.date_label)
        layout.addWidget(self.greeting)
        layout.addWidget(self.date_label)

        self.sober_label = QLabel(content)
        self.sober_label.setFont(scaled_font(self.sober_label, 1.5, bold=True))
        self.sober_label.setWordWrap(True)
        self.sober_label.setAccessibleName(_("Sober days"))
        self.sober_detail = QLabel(content)
        self.sober_detail.setWordWrap(True)
        self.sober_detail.setAccessibleName(_("Recovery so far"))
        style_subtle_label(self.sober_detail)
        self.sober_hint = QPushButton(i18n._(NO_SOBER_DATE), content)
        self.sober_hint.setFlat(True)
        self.sober_hint.setStyleSheet("text-align: left; padding: 2px 0; color: palette(link);")
        self.sober_hint.setAccessibleName(_("Set your sober date on the Check-ins page"))
        self.sober_hint.clicked.connect(self._open_checkins)
        self.milestone_label = QLabel(content)
        self.milestone_label.setWordWrap(True)
        self.milestone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.milestone_label.setFont(scaled_font(self.milestone_label, 1.1))
        self.milestone_label.setAccessibleName(_("Latest milestone"))
        self.milestone_label.hide()
        layout.addWidget(self.sober_label)
        layout.addWidget(self.sober_detail)
        layout.addWidget(self.sober_hint, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.milestone_label)

    def _build_quick_log(self, content: QWidget, layout: QVBoxLayout) -> None:
        """One click to log what just happened."""
        # Wraps onto a second line rather than widening the page (longer words, larger fonts).
        quick = FlowLayout(spacing=8)
        self.hard_moment_button = QPushButton(_("&Log a hard moment"), content)
        self.hard_moment_button.setAccessibleName(_("Log a hard moment"))
        self.hard_moment_button.setToolTip(_("Open the quick log on the Coping skills page (Alt+L)"))
        self.hard_moment_button.clicked.connect(self.log_hard_moment)
        self.meeting_button = QPushButton(_("Log a mee&ting…"), content)
        self.meeting_button.setAccessibleName(_("Log a meeting"))
        self.meeting_button.setToolTip(_("A support meeting you went to (Alt+T)"))
        self.meeting_button.clicked.connect(self.log_meeting)
        self.selfcare_button = QPushButton(_("Log &self-care…"), content)
        self.selfcare_button.setAccessibleName(_("Log self-care"))
        self.selfcare_button.setToolTip(_("Exercise, rest, time with people… (Alt+S)"))
        self.selfcare_button.clicked.connect(self.log_selfcare)
        self.check_in_button = QPushButton(_("Check &in now…"), content)
        self.check_in_button.setAccessibleName(_("Check in now"))
        self.check_in_button.setToolTip(_("Mood, craving, sleep and medication — under a minute (Alt+I)"))
        self.check_in_button.clicked.connect(self.check_in)
        self.checked_in_label = QLabel(_("Checked in today ✓"), content)
        self.checked_in_label.setAccessibleName(_("Checked in today"))
        self.quick_buttons = (self.hard_moment_button, self.meeting_button, self.selfcare_button,
                              self.check_in_button)
        for b in self.quick_buttons:
            b.setMinimumHeight(b.sizeHint().height() + 6)
            quick.addWidget(b)
        quick.addWidget(self.checked_in_label)
        layout.addSpacing(4)
        layout.addLayout(quick)
        layout.addSpacing(4)

    def _build_plan_and_goals(self, content: QWidget, layout: QVBoxLayout) -> None:
        """What is next and today's plan beside the goals (stacked when narrow)."""
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(12)
        self.plan_frame, plan = _section(_("Next up"), content)
        self.next_label = QLabel(self.plan_frame)
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_label.setFont(scaled_font(self.next_label, 1.2, bold=True))
        self.next_label.setAccessibleName(_("Next up"))
        self.then_label = QLabel(self.plan_frame)
        self.then_label.setWordWrap(True)
        self.then_label.setTextFormat(Qt.TextFormat.PlainText)
        self.then_label.setAccessibleName(_("After that"))
        style_subtle_label(self.then_label)
        plan.addWidget(self.next_label)
        plan.addWidget(self.then_label)
        plan.addSpacing(6)
        plan.addWidget(heading(_("Today’s plan"), self.plan_frame, 1.05))
        self.agenda = AgendaList(self.plan_frame)
        plan.addWidget(self.agenda)
        plan_buttons = QHBoxLayout()
        self.mark_button = QPushButton(self.plan_frame)
        self.mark_button.clicked.connect(self.mark_sessions)
        self.mark_button.setVisible(self.schedule is not None)
        self.schedule_button = QPushButton(_("Open the schedule"), self.plan_frame)
        self.schedule_button.setAccessibleName(_("Open the Schedule page"))
        self.schedule_button.clicked.connect(self._open_schedule)
        plan_buttons.addWidget(self.mark_button)
        plan_buttons.addWidget(self.schedule_button)
        plan_buttons.addStretch(1)
        plan.addLayout(plan_buttons)
        plan.addStretch(1)

        self.goals_frame, goals_box = _section(_("Goals"), content)
        self.goals_list = QVBoxLayout()
        self.goals_list.setSpacing(6)
        goals_box.addLayout(self.goals_list)
        self.goals_empty = QLabel(i18n._(NO_GOALS), self.goals_frame)
        self.goals_empty.setWordWrap(True)
        style_subtle_label(self.goals_empty)
        self.goals_button = QPushButton(_("Open &Goals"), self.goals_frame)
        self.goals_button.setAccessibleName(_("Open the Goals page"))
        self.goals_button.clicked.connect(self._open_goals)
        goals_box.addWidget(self.goals_empty)
        goals_box.addWidget(self.goals_button, 0, Qt.AlignmentFlag.AlignLeft)
        goals_box.addStretch(1)
        self.goals_frame.setVisible(self.goals is not None)

        self.columns.addWidget(self.plan_frame, 1)
        self.columns.addWidget(self.goals_frame, 1)
        layout.addLayout(self.columns)

    def _build_week(self, content: QWidget, layout: QVBoxLayout) -> None:
        """This week's counts and the place for a small chart."""
        layout.addSpacing(8)
        layout.addWidget(heading(_("This week"), content, 1.15))
        self.cards_grid = QGridLayout()
        self.cards_grid.setHorizontalSpacing(12)
        self.cards_grid.setVerticalSpacing(12)
        self.coping_card = Card(_("coping entries logged"), content)
        self.meetings_card = Card(_("support meetings attended"), content)
        self.selfcare_card = Card(_("minutes of self-care"), content)
        self.checkins_card = Card(_("check-ins"), content)
        self.cards = (self.coping_card, self.meetings_card, self.selfcare_card, self.checkins_card)
        for i, card in enumerate(self.cards):
            self.cards_grid.addWidget(card, 0, i)
        layout.addLayout(self.cards_grid)

        # Reserved for a small chart (app.ui.charts); empty and hidden until one is given.
        self.chart_area = QWidget(content)
        self.chart_area.setAccessibleName(_("Chart"))
        chart_layout = QVBoxLayout(self.chart_area)
        chart_layout.setContentsMargins(0, 6, 0, 0)
        self.chart_area.hide()
        self.chart: QWidget | None = None
        layout.addWidget(self.chart_area)
        layout.addStretch(1)


    # --- time passing --------------------------------------------------------------------------------

    def _schedule_tick(self) -> None:
        now = self.records.clock.now()
        # Just after the next full minute, so “in 5 min” turns into “in 4 min” on time.
        self._tick_timer.start(max(1_000, (60 - now.second) * 1000 + 150))

    def _on_tick(self) -> None:
        if self.summary is not None and self.records.clock.now().date() != self.summary.day:
            if self.goals is not None:
                self.goals.record_milestones()  # a new day may be a sober-day mark
            self.refresh()
        else:
            # A session that began since the last look is now waiting to be marked.
            self._refresh_mark_button()
            self._show_plan()
        if self._built:
            self._schedule_tick()

    # --- keeping up to date -----------------------------------------------------------------------

    def changes_source(self):
        return self.records

    def current_view(self):
        return None

    def refresh(self) -> None:
        self._show_milestones()
        s = self.summary = self.today.summary()
        now = self.records.clock.now()
        self.greeting.setText(greeting_for(now))
        self.date_label.setText(fmt.full_date(s.day))
        self._show_sobriety(s)
        self.entries = self._load_entries(s)
        self._show_plan()
        self._show_goals()
        self.coping_card.set_number(fmt.number(s.coping_this_week))
        self.meetings_card.set_number(fmt.number(s.meetings_this_week))
        self.selfcare_card.set_number(fmt.number(s.selfcare_minutes_this_week))
        self.checkins_card.set_number(fmt.number(s.checkins_this_week))
        self.checked_in_label.setVisible(s.checked_in_today)
        self.check_in_button.setVisible(not s.checked_in_today)
        self._refresh_mark_button()

    def _show_milestones(self) -> None:
        """The latest milestone, and once, the ones recorded since the last look (the goals
        service records them when the data is written or a day begins; a refresh only reads)."""
        if self.goals is None:
            return
        new = self.goals.take_new_milestones()
        if new:
            self.new_milestones = new
            message = new_milestones_message(new)
            if self._built:
                self.status_message.emit(message)
            else:
                # Nobody listens yet while the page is being built: say it once it is shown.
                self._pending_message = message
                QTimer.singleShot(0, self, self._say_pending)
        latest = self.latest_milestone = self.goals.latest_milestone()
        if latest is not None and latest.reached_on is not None:
            self.milestone_label.setText(milestone_line(latest, self.records.clock.now().date()))
            self.milestone_label.show()
        else:
            self.milestone_label.hide()

    def _say_pending(self) -> None:
        message, self._pending_message = self._pending_message, ""
        if message:
            self.status_message.emit(message)

    def _show_sobriety(self, s: TodaySummary) -> None:
        has_date = s.sober_days is not None and s.sober_since is not None
        words = self.recovery.words if self.recovery is not None else str
        if s.sober_days is not None and s.sober_since is not None:  # has_date
            self.sober_label.setText(words(_("Day {n} — sober since {day}").format(
                n=fmt.number(s.sober_days), day=fmt.date(s.sober_since))))
        self.sober_label.setVisible(has_date)
        self.sober_hint.setVisible(not has_date)
        self.sober_hint.setText(words(i18n._(NO_SOBER_DATE)))
        details = []
        if self.recovery is not None:
            stats = self.recovery.sobriety()
            if stats.periods > 1 and stats.sober_days_this_year:
                # After a lapse the count starts again; the days before it still count.
                details.append(words(_("{n} sober days this year").format(n=fmt.number(stats.sober_days_this_year))))
            # Streaks read every meeting ever attended: only worth it while a 90 in 90 runs.
            ninety = self.recovery.meeting_progress().ninety if self.recovery.ninety_start() else None
            if ninety is not None and not ninety.finished:
                details.append(ninety.describe().rstrip("."))
        self.sober_detail.setText(" · ".join(details))
        self.sober_detail.setVisible(bool(details))

    def _load_entries(self, s: TodaySummary) -> list[AgendaEntry]:
        if self.schedule is None:
            return [AgendaEntry.of(o) for o in s.agenda]
        start = dt.datetime.combine(s.day, dt.time())
        return [AgendaEntry.of(slot) for slot in self.schedule.slots(start, start + dt.timedelta(days=2))]

    def _show_plan(self) -> None:
        if self.summary is None:
            return
        now = self.records.clock.now()
        day_start = dt.datetime.combine(self.summary.day, dt.time())
        day_end = day_start + dt.timedelta(days=1)
        todays = [e for e in self.entries if e.start < day_end and (e.end > day_start or e.start == day_start)]
        self.agenda.set_entries(todays, now)
        first, then = next_up(self.entries, now)
        if first is None:
            self.next_label.setText(i18n._(NOTHING_NEXT))
            self.next_label.setAccessibleDescription(i18n._(NOTHING_NEXT))
        else:
            self.next_label.setText(describe_next(first, now))
            self.next_label.setAccessibleDescription(self.next_label.text())
        self.then_label.setText(describe_then(then, now) if then is not None else "")
        self.then_label.setVisible(then is not None)
        self.schedule_button.setVisible(not self.entries)

    def _show_goals(self) -> None:
        for row in self.goal_rows:
            self.goals_list.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.goal_rows = []
        if self.goals is None:
            return
        progresses = self.goals.all_progress()
        running = [p for p in progresses if p.status in ("on track", "behind", "met", "starting again")]
        for p in running:
            row = GoalRow(p, self.goals_frame)
            row.activated.connect(self.goal_requested)
            self.goals_list.addWidget(row)
            self.goal_rows.append(row)
        self.goals_empty.setText(i18n._(NO_RUNNING_GOALS if progresses else NO_GOALS))
        self.goals_empty.setVisible(not running)
        self.goals_button.setVisible(not running)

    def _refresh_mark_button(self) -> None:
        if self.schedule is None or self.summary is None:
            return
        waiting = self.sessions_waiting = len(self.schedule.sessions_to_mark(self.summary.day))
        if waiting:
            self.mark_button.setText(_("Mark today’s sessions ({n})…").format(n=waiting))
            self.mark_button.setToolTip(
                ngettext("{n} session today still to mark attended, missed or excused",
                         "{n} sessions today still to mark attended, missed or excused", waiting).format(
                    n=fmt.number(waiting)))
        else:
            self.mark_button.setText(_("Mark today’s sessions…"))
            self.mark_button.setToolTip(i18n._(EMPTY_MARK_TODAY))
        self.mark_button.setAccessibleName(_("Mark today’s sessions, {n} waiting").format(n=waiting))
        self.mark_button.setEnabled(waiting > 0)

    # --- layout ----------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._fit_columns(event.size().width())

    def _fit_columns(self, width: int) -> None:
        wide = width >= _TWO_COLUMNS_FROM
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        per_row = 4 if width >= 700 else 2
        if self.cards_grid.itemAtPosition(0, 2) is None and per_row == 4 or \
                self.cards_grid.itemAtPosition(1, 0) is None and per_row == 2:
            for card in self.cards:
                self.cards_grid.removeWidget(card)
            for i, card in enumerate(self.cards):
                self.cards_grid.addWidget(card, i // per_row, i % per_row)

    def set_dashboard_chart(self, widget: QWidget) -> None:
        """Put a small chart in the place kept for it (below this week's numbers)."""
        if self.chart is widget:
            return
        layout = layout_of(self.chart_area)
        if self.chart is not None:
            layout.removeWidget(self.chart)
            self.chart.hide()
            self.chart.deleteLater()
        self.chart = widget
        widget.setParent(self.chart_area)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, widget.sizePolicy().verticalPolicy())
        layout.addWidget(widget)
        widget.show()
        self.chart_area.show()

    # --- actions ------------------------------------------------------------------------------------

    def _open_goals(self) -> None:
        self.page_requested.emit("Goals")

    def _open_schedule(self) -> None:
        self.page_requested.emit("Schedule")

    def _open_checkins(self) -> None:
        self.page_requested.emit("Check-ins")

    def log_hard_moment(self) -> None:
        self.page_requested.emit("Coping skills")
        self.quick_log_requested.emit()

    def make_meeting_dialog(self) -> RecordDialog:
        from app.ui.dialogs.attendance_dialog import LogMeetingDialog

        return LogMeetingDialog(self.records, self.schedule, None, self)

    def make_selfcare_dialog(self) -> RecordDialog:
        from app.ui.dialogs.record_dialog import RecordDialog

        return RecordDialog(self.records, "selfcare", None, self)

    def log_meeting(self) -> None:
        dialog = self.make_meeting_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.status_message.emit(meeting_logged_text(dialog.saved))

    def log_selfcare(self) -> None:
        dialog = self.make_selfcare_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = cast(SelfCareEntry, dialog.saved)  # the dialog edits a "selfcare" record
            self.status_message.emit(ngettext("Logged {n} minute of self-care.", "Logged {n} minutes of self-care.",
                                              saved.minutes).format(n=saved.minutes))

    def make_check_in_dialog(self) -> RecordDialog:
        # A check-in made after today's doses were noted starts with what they say (the person may change it).
        answer = self.treatment.medication_answer(self.records.clock.now().date()) if self.treatment else None
        defaults = {"medication_taken": answer} if answer is not None else None
        from app.ui.dialogs.record_dialog import RecordDialog

        return RecordDialog(self.records, "checkin", None, self, defaults=defaults)

    def _open_treatment(self) -> None:
        self.page_requested.emit("Treatment")

    def set_undo(self, undo) -> None:
        if self.treatment_today is not None:
            self.treatment_today.set_undo(undo)

    def make_mark_dialog(self) -> MarkTodayDialog:
        from app.ui.dialogs.occurrence_dialogs import MarkTodayDialog

        assert self.schedule is not None  # mark_sessions asks only with a schedule
        day = self.summary.day if self.summary is not None else self.records.clock.now().date()
        return MarkTodayDialog(self.schedule, day, self)

    def mark_sessions(self) -> None:
        if self.schedule is None:
            return
        dialog = self.make_mark_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.marked:
            n = len(dialog.marked)
            self.status_message.emit(ngettext("Marked {n} session.", "Marked {n} sessions.", n).format(n=fmt.number(n)))

    def check_in(self) -> None:
        dialog = self.make_check_in_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(_("Thanks for checking in."))

    def detach(self) -> None:
        self._built = False
        self._tick_timer.stop()
        if self.treatment_today is not None:
            self.treatment_today.detach()
        chart_detach = getattr(self.chart, "detach", None)
        if callable(chart_detach):
            chart_detach()
        super().detach()
