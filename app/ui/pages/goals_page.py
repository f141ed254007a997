"""Goals: how each goal is going, above the goals table (a custom number updated by hand,
a checklist's steps ticked off here), with milestones and the support network as tabs."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.goals import GoalProgress
from app.domain.records import Goal, Milestone
from app.services.errors import StoreError
from app.services.records import RecordService
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage
from app.ui.style import scaled_font, style_subtle_label
from app.ui.widgets.editors import FloatEditor
from app.ui.widgets.goal_words import new_milestones_message, short_date, show_progress, status_words
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.services.goals import GoalService

SECTIONS = ((N_("Goals"), "goal"), (N_("Milestones"), "milestone"), (N_("Support network"), "contact"))
NO_GOALS = N_("No goals yet. Add one below — for example 3 meetings a week, or a checklist of steps.")
ALL_ARCHIVED = N_("Every goal is archived. Edit one in the table below to bring it back.")
def goal_steps(milestones: list[Milestone], goal_id: str) -> list[Milestone]:
    """A checklist goal's steps in the order to do them: by planned date, then title."""
    steps = [m for m in milestones if m.goal_id == goal_id and m.kind != "goal_met"]
    steps.sort(key=lambda m: (m.target_date or dt.date.max, m.title.casefold()))
    return steps


class GoalValueDialog(QDialog):
    """Type the current value of a custom number goal (books read, money saved…)."""

    def __init__(self, goal: Goal, parent: QWidget | None = None):
        super().__init__(parent)
        self.goal = goal
        self.setWindowTitle(_("Update progress"))
        self.setAccessibleName(_("Update progress"))
        self.setModal(True)
        unit = f" ({goal.unit})" if goal.unit else ""
        question = QLabel(_("Where are you now with “{goal}”?").format(goal=goal.title), self)
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = FloatEditor(-1_000_000, 1_000_000, False, 2, self)
        self.editor.setSingleStep(1)
        self.editor.set_value(goal.current_value if goal.current_value is not None else 0)
        self.editor.setAccessibleName(_("Current value{unit}").format(unit=unit))
        target = QLabel(_("Target: {value}").format(value=_number(goal.target) + (' ' + goal.unit if goal.unit else '')),
                        self)
        style_subtle_label(target)
        form = QFormLayout()
        form.addRow(_("&Current value{unit}:").format(unit=unit), self.editor)
        form.addRow("", target)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.editor.setFocus()
        self.editor.selectAll()

    def value(self) -> float:
        return float(self.editor.value())


def _number(x: float | None) -> str:
    if x is None:
        return "–"
    if float(x).is_integer():
        return str(int(x))
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    if fmt.decimal(0.5) == "0,5":  # the reader writes a decimal comma (Spanish in Spain): 12,5 and 1.234,5
        text = text.translate(str.maketrans(",.", ".,"))
    return text


class GoalProgressRow(QFrame):
    """One goal: title, status in words, a bar and the sentence; and what can be done here."""

    activated = Signal(str)  # goal id
    update_requested = Signal(str)  # goal id
    add_step_requested = Signal(str)  # goal id
    move_end_requested = Signal(str)  # goal id: to its suggested end date ("starting again")
    step_toggled = Signal(str, bool)  # milestone id, reached

    def __init__(self, progress: GoalProgress, steps: list[Milestone], today: dt.date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        goal = self.goal = progress.goal
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Goal: {goal}").format(goal=goal.title))

        self.setObjectName("goalProgressRow")
        self.title = QLabel(goal.title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.05, bold=True))
        self.title.setToolTip(_("Click to show this goal in the table below"))
        self.status = QLabel(status_words(progress), self)
        self.status.setFont(scaled_font(self.status, 1.0, bold=True))
        self.status.setAccessibleName(_("{goal}: status").format(goal=goal.title))
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(180)
        self.bar.setMaximumHeight(max(12, self.fontMetrics().height() - 2))
        show_progress(self.bar, progress)
        self.text = QLabel(progress.text, self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(_("{goal}: progress").format(goal=goal.title))
        style_subtle_label(self.text)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title, 1)
        top.addWidget(self.status)
        top.addWidget(self.bar)
        self.update_button: QPushButton | None = None
        if goal.kind == "custom_number":
            self.update_button = QPushButton(_("Update…"), self)
            self.update_button.setAccessibleName(_("Update {goal}").format(goal=goal.title))
            self.update_button.setToolTip(_("Type where you are now"))
            self.update_button.clicked.connect(self._on_update)
            top.addWidget(self.update_button)
        self.move_end_button: QPushButton | None = None
        if progress.suggested_end is not None:
            # After a lapse: offer the days back instead of calling the goal "behind".
            self.move_end_button = QPushButton(
                _("Move the end date to {day}").format(day=short_date(progress.suggested_end, today)), self)
            self.move_end_button.setAccessibleName(_("Move the end date of {goal}").format(goal=goal.title))
            self.move_end_button.setToolTip(_("Gives the goal the days it needs from your new start"))
            self.move_end_button.clicked.connect(self._on_move_end)
            top.addWidget(self.move_end_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        text_row = QHBoxLayout()
        text_row.setContentsMargins(8, 0, 0, 0)
        text_row.addWidget(self.text)
        layout.addLayout(text_row)

        self.step_boxes: dict[str, QCheckBox] = {}
        self.add_step_button: QPushButton | None = None
        if goal.kind == "custom_checklist":
            steps_box = QVBoxLayout()
            steps_box.setContentsMargins(24, 4, 0, 0)
            steps_box.setSpacing(2)
            for m in steps:
                box = QCheckBox(self._step_text(m, today), self)
                box.setChecked(m.reached_on is not None)
                box.setAccessibleName(m.title)
                box.setToolTip(_("Tick when done; it is dated today"))
                box.toggled.connect(partial(self._on_step, m.id))
                steps_box.addWidget(box)
                self.step_boxes[m.id] = box
            self.add_step_button = QPushButton(_("Add step…"), self)
            self.add_step_button.setAccessibleName(_("Add a step to {goal}").format(goal=goal.title))
            self.add_step_button.setToolTip(_("A step toward this goal, with the day you plan it for"))
            self.add_step_button.clicked.connect(self._on_add_step)
            steps_box.addWidget(self.add_step_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addLayout(steps_box)

    @staticmethod
    def _step_text(m: Milestone, today: dt.date) -> str:
        if m.reached_on is not None:
            return _("{step} (done {day})").format(step=m.title, day=short_date(m.reached_on, today))
        if m.target_date is not None:
            return _("{step} (planned for {day})").format(step=m.title, day=short_date(m.target_date, today))
        return m.title

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.goal.id)
        super().mouseReleaseEvent(event)

    def set_highlighted(self, on: bool) -> None:
        """Marks the goal just opened from Today (a wider border in the highlight colour)."""
        self.setStyleSheet("#goalProgressRow { border: 2px solid palette(highlight); border-radius: 3px; }"
                           if on else "")

    def _on_update(self) -> None:
        self.update_requested.emit(self.goal.id)

    def _on_move_end(self) -> None:
        self.move_end_requested.emit(self.goal.id)

    def _on_add_step(self) -> None:
        self.add_step_requested.emit(self.goal.id)

    def _on_step(self, milestone_id: str, checked: bool) -> None:
        self.step_toggled.emit(milestone_id, checked)


class _FitScrollArea(QScrollArea):
    """As tall as the list wants; it scrolls only when the page is too short for it."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        widget = self.widget()
        if widget is None:
            return hint
        return QSize(hint.width(), widget.sizeHint().height() + 2 * self.frameWidth())


class GoalProgressPanel(ListensForChanges, QWidget):
    """Every goal that is not archived, as a GoalProgressRow. Rebuilt (once, after the
    change) whenever records change, since almost any record can move a goal."""

    refresh_later = True  # the change may come from a tick box in this very list

    status_message = Signal(str)
    goal_activated = Signal(str)
    refreshed = Signal()

    def __init__(self, records: RecordService, goals: GoalService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.goals = goals
        self.rows: dict[str, GoalProgressRow] = {}
        self.highlighted = ""
        self.setAccessibleName(_("How your goals are going"))

        self.empty = QLabel(i18n._(NO_GOALS), self)
        self.empty.setWordWrap(True)
        style_subtle_label(self.empty)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.empty)
        layout.addLayout(self.list_layout)
        layout.addStretch(1)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.records

    def refresh(self) -> None:
        focus_key = self._focused_key()
        new = self.goals.take_new_milestones()  # recorded by the write that made them due
        today = self.goals.today()
        progresses = self.goals.all_progress()
        milestones = self.goals.milestones() if any(p.goal.kind == "custom_checklist" for p in progresses) else []
        for row in self.rows.values():
            self.list_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = {}
        for p in progresses:
            row = GoalProgressRow(p, goal_steps(milestones, p.goal.id), today, self)
            row.activated.connect(self.goal_activated)
            row.update_requested.connect(self.update_value)
            row.add_step_requested.connect(self.add_step)
            row.move_end_requested.connect(self.move_end)
            row.step_toggled.connect(self.set_step_reached)
            self.list_layout.addWidget(row)
            self.rows[p.goal.id] = row
        if not progresses:
            self.empty.setText(i18n._(ALL_ARCHIVED if self.goals.goals(include_archived=True) else NO_GOALS))
        self.empty.setVisible(not progresses)
        self._restore_focus(focus_key)
        if self.highlighted in self.rows:
            self.rows[self.highlighted].set_highlighted(True)
        self.refreshed.emit()
        if new:
            self.status_message.emit(new_milestones_message(new))

    def _focused_key(self) -> tuple[str, str] | None:
        for goal_id, row in self.rows.items():
            if row.update_button is not None and row.update_button.hasFocus():
                return ("update", goal_id)
            if row.add_step_button is not None and row.add_step_button.hasFocus():
                return ("add", goal_id)
            for mid, box in row.step_boxes.items():
                if box.hasFocus():
                    return ("step", mid)
        return None

    def _restore_focus(self, key: tuple[str, str] | None) -> None:
        if key is None:
            return
        what, ident = key
        for goal_id, row in self.rows.items():
            target = {"update": row.update_button,
                      "add": row.add_step_button}.get(what) if goal_id == ident else row.step_boxes.get(ident)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def highlight(self, goal_id: str) -> GoalProgressRow | None:
        for gid, row in self.rows.items():
            row.set_highlighted(gid == goal_id)
        self.highlighted = goal_id
        return self.rows.get(goal_id)

    # --- actions ---------------------------------------------------------------------------

    def _goal(self, goal_id: str) -> Goal | None:
        row = self.rows.get(goal_id)
        if row is not None:
            return row.goal
        return cast("Goal | None", self.records.get("goal", goal_id))  # a "goal" record is a Goal

    def make_value_dialog(self, goal: Goal) -> GoalValueDialog:
        return GoalValueDialog(goal, self)

    def update_value(self, goal_id: str) -> Goal | None:
        goal = self._goal(goal_id)
        if goal is None:
            return None
        dialog = self.make_value_dialog(goal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            saved = self.records.update(goal.with_changes(current_value=dialog.value()))
        except (ValidationError, StoreError) as exc:
            messages.warn(self, _("Could not update the goal"), exc.message)
            return None
        value = _number(saved.current_value) + (' ' + saved.unit if saved.unit else '')
        self.status_message.emit(_("Updated “{goal}”: {value}.").format(goal=saved.title, value=value))
        return saved

    def move_end(self, goal_id: str) -> Goal | None:
        """A sober-days goal starting again after a lapse: its end date moves to the day the
        new count reaches the target."""
        row = self.rows.get(goal_id)
        end = row.progress.suggested_end if row is not None else None
        if row is None or end is None:
            return None
        try:
            saved = self.records.update(row.goal.with_changes(end_date=end))
        except (ValidationError, StoreError) as exc:
            messages.warn(self, _("Could not move the end date"), exc.message)
            return None
        self.status_message.emit(_("“{goal}” now ends on {day}.").format(goal=saved.title, day=fmt.date(end)))
        return saved

    def set_step_reached(self, milestone_id: str, reached: bool) -> Milestone | None:
        step = cast("Milestone | None", self.records.get("milestone", milestone_id))  # its kind's class
        if step is None:
            return None
        when = self.goals.today() if reached else None
        if step.reached_on == when or (reached and step.reached_on is not None):
            return step
        try:
            saved = self.records.update(step.with_changes(reached_on=when))
        except (ValidationError, StoreError) as exc:
            messages.warn(self, _("Could not save the step"), exc.message)
            self.refresh()
            return None
        self.status_message.emit(_("Done: {step}.").format(step=saved.title) if reached
                                 else _("“{step}” is open again.").format(step=saved.title))
        return saved

    def make_step_dialog(self, goal: Goal) -> RecordDialog:
        today = self.goals.today()
        planned = goal.end_date if goal.end_date is not None and goal.end_date >= today \
            else today + dt.timedelta(days=7)
        dialog = RecordDialog(self.records, "milestone", None, self,
                              defaults={"goal_id": goal.id, "kind": "custom", "target_date": planned})
        dialog.setWindowTitle(_("New step for “{goal}”").format(goal=goal.title))
        return dialog

    def add_step(self, goal_id: str) -> Milestone | None:
        goal = self._goal(goal_id)
        if goal is None:
            return None
        dialog = self.make_step_dialog(goal)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            step = cast(Milestone, dialog.saved)  # the dialog edits a "milestone" record
            self.status_message.emit(_("Added the step “{step}”.").format(step=step.title))
            return step
        return None


class GoalsPage(RecordsPage):
    """The goals table with how each goal is going above it; milestones and the support
    network in the other tabs."""

    def __init__(self, records: RecordService, goals: GoalService, parent: QWidget | None = None, **kwargs):
        super().__init__(records, N_("Goals"), list(SECTIONS), parent, **kwargs)
        self.goals = goals
        self.progress = GoalProgressPanel(records, goals, self)
        self.progress.status_message.connect(self.status_message)
        self.progress.goal_activated.connect(self.select_goal)
        self.progress.refreshed.connect(self._show_or_hide_progress)
        self.progress_area = _FitScrollArea(self)
        self.progress_area.setWidget(self.progress)
        self.progress_area.setAccessibleName(_("Goal progress"))
        self.progress_area.setWidgetResizable(True)
        self.progress_area.setFrameShape(QFrame.Shape.NoFrame)
        self.progress_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.progress_area.setMinimumHeight(self.fontMetrics().height() * 4)

        view = self.views["goal"]
        index = self.tab_widget.indexOf(view)
        self.tab_widget.removeTab(index)
        # A splitter, so whoever has many goals can give the list or the table more room.
        self.goal_tab = QSplitter(Qt.Orientation.Vertical, self)
        self.goal_tab.setChildrenCollapsible(False)
        self.goal_tab.addWidget(self.progress_area)
        self.goal_tab.addWidget(view)
        self.goal_tab.setStretchFactor(0, 0)
        self.goal_tab.setStretchFactor(1, 1)
        view.show()  # the tab widget hid it when it was taken out
        self.tab_widget.insertTab(index, self.goal_tab, _("Goals"))
        self.tab_widget.setCurrentIndex(0)
        self._sized = False
        self._show_or_hide_progress()

    def _show_or_hide_progress(self) -> None:
        # With no goal at all the table's own empty state says what to do; saying it twice
        # above it would only be noise.
        self.progress_area.setVisible(bool(self.progress.rows) or self.progress.empty.text() == i18n._(ALL_ARCHIVED))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self, self._size_split)

    def _size_split(self) -> None:
        total = self.goal_tab.height()
        if total <= 0:
            return
        self._sized = True
        wanted = self.progress_area.sizeHint().height()
        top = max(self.progress_area.minimumHeight(), min(wanted, int(total * 0.6)))
        self.goal_tab.setSizes([top, max(1, total - top)])

    def current_view(self):
        if self.tabs is not None and self.tabs.currentWidget() is self.goal_tab:
            return self.views["goal"]
        return super().current_view()

    def select_goal(self, goal_id: str) -> bool:
        """Show the Goals tab with the goal's row selected and its progress in view."""
        self.tab_widget.setCurrentWidget(self.goal_tab)
        view = self.views["goal"]
        if view.model.row_of(goal_id) < 0:
            view.refresh()  # a lazy view that has not been shown yet has no rows
        reveal = getattr(view, "reveal", None) or view.select_record
        found = reveal(goal_id)
        row = self.progress.highlight(goal_id)
        if row is not None:
            # Once laid out (the page may only now be on its way to the screen).
            QTimer.singleShot(0, self, self._scroll_to_highlighted)
        if found:
            view.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return found

    def _scroll_to_highlighted(self) -> None:
        row = self.progress.rows.get(self.progress.highlighted)
        if row is not None:
            self.progress_area.ensureWidgetVisible(row)

    def detach(self) -> None:
        super().detach()
        self.progress.detach()
