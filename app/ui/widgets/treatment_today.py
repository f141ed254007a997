"""Treatment on the Today page: today's doses to tick, the daily call-in check, homework
due, and the doses left (also on the Treatment page's Medications tab). Its own module so
that Today, built right after the first paint, does not import the Treatment page (and its
tables, the plan editor and the PDF path)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.services.errors import StoreError
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.domain.medications import DueDose
    from app.services.records import RecordService
    from app.services.treatment import DoseChange, TreatmentService
    from app.ui.undo import UndoHistory


def records_today(records: RecordService) -> dt.date:
    return records.clock.now().date()


def dose_name(due: DueDose) -> str:
    """ "Buprenorphine 16 mg" """
    med = due.medication
    return f"{med.name} {med.dose}".strip()


def push_dose(undo: UndoHistory | None, records: RecordService, change: DoseChange) -> None:
    """The dose (and the check-in answer it filled) as one undo step."""
    if undo is None or (change.before is not None and change.before == change.after):
        return
    undo.beginMacro(_("Log dose\nlog dose"))
    if change.before is None:
        undo.record_added(records, change.after)
    else:
        undo.record_edited(records, change.before, change.after)
    if change.checkin is not None:
        undo.record_edited(records, *change.checkin)
    undo.endMacro()


def dose_message(due: DueDose, change: DoseChange) -> str:
    if change.after.status == "taken":
        text = _("Noted {dose} ({when}) as taken.")
    else:
        text = _("Noted {dose} ({when}) as not taken.")
    text = text.format(dose=dose_name(due), when=due.label.lower())
    if change.checkin is not None:
        text += " " + (_("Today's check-in now says medication taken: yes.") if change.checkin[1].medication_taken
                       else _("Today's check-in now says medication taken: no."))
    return text


class _Panel(ListensForChanges, QFrame):
    """A framed part of a tab that reads from the treatment service and writes through it."""

    status_message = Signal(str)

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None, *,
                 listen: bool = True):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        # A panel on Today hides itself when it has nothing to say, so Today's TreatmentToday
        # listens for it (a hidden widget is never shown again to catch up).
        self.listen = listen
        self.undo: UndoHistory | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        style_error_label(self.error)
        self.error.hide()

    def changes_source(self):
        return self.records

    def attach(self) -> None:
        if self.listen:
            super().attach()

    def set_undo(self, undo: UndoHistory | None) -> None:
        self.undo = undo

    def _run(self, action):
        try:
            result = action()
        except (ValidationError, StoreError) as exc:
            self.error.setText(exc.message)
            self.error.show()
            return None
        self.error.hide()
        return result


class DosesPanel(_Panel):
    """Today's doses, each with Taken and Not taken (a second press of the other one changes it)."""

    refresh_kinds = frozenset({"medication", "dose", "checkin"})
    refresh_later = True  # its own buttons cause the notices it listens to

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None):
        super().__init__(records, treatment, parent)
        self.setAccessibleName(_("Today's doses"))
        self.title = QLabel(_("Today's doses"), self)
        self.title.setFont(scaled_font(self.title, 1.1, bold=True))
        self.empty = QLabel(_("No doses are due today. Add your medications below, with how many doses a day, "
                              "and each dose appears here to tick."), self)
        self.empty.setWordWrap(True)
        style_subtle_label(self.empty)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Today's doses so far"))
        style_subtle_label(self.summary)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setColumnStretch(3, 1)
        self.buttons: dict[tuple[str, int], tuple[QPushButton, QPushButton]] = {}
        self.due: list[DueDose] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        self.refresh()
        self.attach()

    def refresh(self) -> None:
        focused = next((key for key, pair in self.buttons.items() for b in pair if b.hasFocus()), None)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        self.due = self.treatment.doses(records_today(self.records))
        self.empty.setVisible(not self.due)
        for row, due in enumerate(self.due):
            name = QLabel(dose_name(due), self)
            name.setFont(scaled_font(name, 1.0, bold=True))
            when = QLabel(due.label + (" · " + _("at the clinic") if due.medication.dosing == "clinic" else ""), self)
            style_subtle_label(when)
            for label in (name, when):  # a narrow page wraps them rather than growing wider
                label.setWordWrap(True)
            taken = QPushButton(_("Taken"), self)
            missed = QPushButton(_("Not taken"), self)
            status = due.log.status if due.log is not None else ""
            for button, value in ((taken, "taken"), (missed, "missed")):
                button.setCheckable(True)
                button.setChecked(status == value)
                if status == value:  # shown in words too, not by shading alone
                    button.setText("✓ " + button.text())
                words = _("taken") if value == "taken" else _("not taken")
                button.setAccessibleName(f"{dose_name(due)}, {due.label.lower()}: {words}")
                button.setToolTip(_("Note this dose as taken") if value == "taken" else _("Note this dose as not taken"))
                button.clicked.connect(self._on_clicked)
                button.setProperty("dose", (due.medication.id, due.slot, value))
            self.buttons[(due.medication.id, due.slot)] = (taken, missed)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(when, row, 1)
            self.grid.addWidget(taken, row, 2)
            self.grid.addWidget(missed, row, 3, Qt.AlignmentFlag.AlignLeft)
        logged = sum(1 for d in self.due if d.log is not None)
        self.summary.setText(_("{noted} of {doses} noted today.").format(
            noted=logged, doses=fmt.plural(len(self.due), "dose", "doses")) if self.due else "")
        self.summary.setVisible(bool(self.due))
        if focused in self.buttons:
            pair = self.buttons[focused]
            (pair[1] if pair[1].isChecked() else pair[0]).setFocus()

    def _on_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            medication_id, slot, status = button.property("dose")
            self.log(medication_id, slot, status)

    def log(self, medication_id: str, slot: int, status: str) -> DoseChange | None:
        due = next(d for d in self.due if d.medication.id == medication_id and d.slot == slot)
        change = self._run(lambda: self.treatment.log_dose(medication_id, records_today(self.records), slot, status))
        if change is None:
            self.refresh()
            return None
        push_dose(self.undo, self.records, change)
        self.status_message.emit(dose_message(due, change))
        return change


class CallInPanel(_Panel):
    """The daily call-in check for random drug screens: a switch (off by default) and, once on,
    today's question until it is answered."""

    refresh_kinds = frozenset({"callin"})
    refresh_later = True

    QUESTION = N_("Did you call the testing line today?")

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None, *,
                 with_switch: bool = True):
        super().__init__(records, treatment, parent, listen=with_switch)
        self.setAccessibleName(_("Call-in check"))
        self.switch = QCheckBox(_("Ask me each day on Today whether I called the &testing line"), self)
        self.switch.setAccessibleName(_("Ask me each day whether I called the testing line"))
        self.switch.setToolTip(_("For programs with random drug screens: you call a line each day to hear "
                                 "whether you test today. Off unless you turn it on."))
        self.with_switch = with_switch
        self.switch.setVisible(with_switch)
        self.switch.toggled.connect(self._on_switch)
        self.question = QLabel(i18n._(self.QUESTION), self)
        self.question.setFont(scaled_font(self.question, 1.05, bold=True))
        self.test_button = QPushButton(_("Called: I test today"), self)
        self.no_test_button = QPushButton(_("Called: not today"), self)
        self.not_called_button = QPushButton(_("Not calling today"), self)
        for button, called, test in ((self.test_button, True, True), (self.no_test_button, True, False),
                                     (self.not_called_button, False, None)):
            button.setAccessibleName(f"{i18n._(self.QUESTION)} {button.text()}")
            button.setProperty("answer", (called, test))
            button.clicked.connect(self._on_answer)
        self.answer_label = QLabel(self)
        self.answer_label.setAccessibleName(_("Today's call-in answer"))
        style_subtle_label(self.answer_label)
        answers = FlowLayout(spacing=6)  # wraps rather than widening the page (longer words, larger fonts)
        for b in (self.test_button, self.no_test_button, self.not_called_button):
            answers.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.switch)
        layout.addWidget(self.question)
        layout.addLayout(answers)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.error)
        self._answer_widgets = (self.question, self.test_button, self.no_test_button, self.not_called_button)
        self.refresh()
        self.attach()

    @property
    def pending(self) -> bool:
        return self.treatment.callin_pending(records_today(self.records))

    def refresh(self) -> None:
        enabled = self.treatment.callin_enabled()
        self.switch.blockSignals(True)
        self.switch.setChecked(enabled)
        self.switch.blockSignals(False)
        answer = self.treatment.callin_answer(records_today(self.records)) if enabled else None
        for widget in self._answer_widgets:
            widget.setVisible(enabled and answer is None)
        if answer is None:
            self.answer_label.setText("")
        elif not answer.called:
            self.answer_label.setText(_("Today: not called."))
        else:
            test = "" if answer.test_today is None else (" " + _("You test today.") if answer.test_today
                                                          else " " + _("No test today."))
            self.answer_label.setText(_("Today: called the line.") + test)
        self.answer_label.setVisible(answer is not None)
        if not self.with_switch:  # on Today: only while there is a question to answer
            self.setVisible(enabled and answer is None)

    def _on_switch(self, on: bool) -> None:
        self.set_enabled(on)

    def set_enabled(self, on: bool) -> bool:
        try:
            self.treatment.set_callin_enabled(on)
        except StoreError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.refresh()
            return False
        self.error.hide()
        self.status_message.emit(_("Steady will ask each day on Today whether you called the testing line.") if on
                                 else _("Steady will not ask about the testing line."))
        return True

    def _on_answer(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            called, test = button.property("answer")
            self.answer(called, test)

    def answer(self, called: bool, test_today: bool | None):
        record = self._run(lambda: self.treatment.answer_callin(called, test_today, day=records_today(self.records)))
        if record is not None:
            if self.undo is not None:
                self.undo.record_added(self.records, record)
            self.status_message.emit(_("Noted.") + (" " + _("You test today.") if test_today else ""))
        return record


class HomeworkDuePanel(_Panel):
    """Homework due today or earlier and not done, each with a Done button (for Today)."""

    refresh_kinds = frozenset({"homework"})
    refresh_later = True

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None, *,
                 listen: bool = True):
        super().__init__(records, treatment, parent, listen=listen)
        self.setAccessibleName(_("Homework due"))
        self.title = QLabel(_("Homework due"), self)
        self.title.setFont(scaled_font(self.title, 1.05, bold=True))
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.done_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        layout.addWidget(self.error)
        self.refresh()
        self.attach()

    def refresh(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.done_buttons.clear()
        today = records_today(self.records)
        due = self.treatment.homework_due(today)
        for row, hw in enumerate(due):
            due_day = hw.due or today  # homework_due lists only homework with a due day
            when = _("due today") if due_day == today else _("was due {day}").format(day=fmt.weekday_date(due_day))
            label = QLabel(f"{hw.title} — {when}", self)
            label.setWordWrap(True)
            button = QPushButton(_("Done"), self)
            button.setAccessibleName(_("Mark “{title}” done").format(title=hw.title))
            button.setProperty("homework", hw.id)
            button.clicked.connect(self._on_done)
            self.done_buttons[hw.id] = button
            self.grid.addWidget(button, row, 0)
            self.grid.addWidget(label, row, 1)
        self.setVisible(bool(due))

    def _on_done(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.mark_done(button.property("homework"))

    def mark_done(self, homework_id: str) -> None:
        changed = self._run(lambda: self.treatment.mark_done(homework_id))
        if changed is not None:
            if self.undo is not None:
                self.undo.record_edited(self.records, *changed)
            self.status_message.emit(_("Marked “{title}” done. Well done for getting to it.").format(
                title=changed[1].title))


class TreatmentToday(ListensForChanges, QFrame):
    """What Today shows of the treatment details, only when there is something: the call-in
    question until it is answered, the doses still to note, homework that is due. It listens
    for its three parts, which hide themselves when they have nothing to say."""

    refresh_kinds = frozenset({"callin", "homework", "medication", "dose"})
    refresh_later = True  # its own buttons cause the notices it listens to
    status_message = Signal(str)
    open_requested = Signal()

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        self.callin = CallInPanel(records, treatment, self, with_switch=False)
        self.homework = HomeworkDuePanel(records, treatment, self, listen=False)
        self.doses = DosesLeft(records, treatment, self, listen=False)
        self.doses.open_requested.connect(self.open_requested)
        for panel in (self.callin, self.homework):
            panel.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.callin)
        layout.addWidget(self.doses)
        layout.addWidget(self.homework)

        self.attach()

    def changes_source(self):
        return self.records

    def refresh(self) -> None:
        for panel in (self.callin, self.homework, self.doses):
            panel.refresh()

    def set_undo(self, undo: UndoHistory | None) -> None:
        self.callin.set_undo(undo)
        self.homework.set_undo(undo)


class DosesLeft(ListensForChanges, QFrame):
    """One line on Today while doses are still to be noted: "2 of 3 doses noted" and a button."""

    refresh_kinds = frozenset({"medication", "dose"})
    open_requested = Signal()

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None, *,
                 listen: bool = True):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setAccessibleName(_("Doses to note today"))
        self.label.setWordWrap(True)
        self.button = QPushButton(_("Note today's &doses…"), self)
        self.button.setAccessibleName(_("Open Treatment to note today's doses"))
        self.button.clicked.connect(self.open_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.refresh()
        if listen:
            self.attach()

    def changes_source(self):
        return self.records

    def refresh(self) -> None:
        due = self.treatment.doses(records_today(self.records))
        left = sum(1 for d in due if d.log is None)
        self.label.setText(_("Medication: {noted} of {doses} noted today.").format(
            noted=len(due) - left, doses=fmt.plural(len(due), "dose", "doses")))
        self.setVisible(left > 0)
