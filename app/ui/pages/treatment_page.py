"""Treatment: the details people keep track of in an intensive outpatient program.

Tabs: Medications (today's doses to tick, then the medication list), Dose log, Drug screens
(with the optional daily call-in check), Homework, and the Aftercare plan (a small document
with sections, like My plan, printable as a PDF). Every change goes into the window's undo
history; a dose that fills the day's check-in answer is one undo step with it. The words are
plain and calm: a drug-screen result is one day's information and changes nothing else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _, pgettext
from app.services.errors import StoreError
from app.ui.pages.plan_page import EditsSectionedDocument, SectionBox
from app.ui.pages.records_page import RecordsView
from app.ui.style import heading, scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.domain.medications import DueDose
    from app.services.records import RecordService
    from app.services.treatment import DoseChange, TreatmentService
    from app.ui.undo import UndoHistory

TITLE = N_("Treatment")
TABS = (("Medications", "medication"), ("Dose log", "dose"), ("Drug screens", "drug_screen"),
        ("Homework", "homework"))
AFTERCARE_TAB = N_("Aftercare plan")


def tab_title(kind: str) -> str:
    """A tab's title in the reader's language (TABS names them in English)."""
    return {"medication": _("Medications"), "dose": _("Dose log"), "drug_screen": _("Drug screens"),
            "homework": pgettext("the Treatment page's tab", "Homework")}[kind]


def _today(records: RecordService) -> dt.date:
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
        self.due = self.treatment.doses(_today(self.records))
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
        change = self._run(lambda: self.treatment.log_dose(medication_id, _today(self.records), slot, status))
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
        return self.treatment.callin_pending(_today(self.records))

    def refresh(self) -> None:
        enabled = self.treatment.callin_enabled()
        self.switch.blockSignals(True)
        self.switch.setChecked(enabled)
        self.switch.blockSignals(False)
        answer = self.treatment.callin_answer(_today(self.records)) if enabled else None
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
        record = self._run(lambda: self.treatment.answer_callin(called, test_today, day=_today(self.records)))
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
        today = _today(self.records)
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
        due = self.treatment.doses(_today(self.records))
        left = sum(1 for d in due if d.log is None)
        self.label.setText(_("Medication: {noted} of {doses} noted today.").format(
            noted=len(due) - left, doses=fmt.plural(len(due), "dose", "doses")))
        self.setVisible(left > 0)


class AftercareTab(EditsSectionedDocument, ListensForChanges, QWidget):
    """The aftercare (discharge) plan: six sections of the person's own lines, and a PDF."""

    refresh_kinds = frozenset({"aftercare", "medication"})
    status_message = Signal(str)

    INTRO = N_("Your plan for after the program: the care you will keep, the people and meetings that help, "
               "and what you will do if things get harder. Write it with your counselor before discharge; "
               "lines can change whenever your plan does.")

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        self.plans = treatment.aftercare
        self.undo: UndoHistory | None = None
        self.saved_path: str | None = None
        intro = QLabel(i18n._(self.INTRO), self)
        intro.setWordWrap(True)
        self.print_button = QPushButton(_("&Save as PDF…"), self)
        self.print_button.setAccessibleName(_("Save the aftercare plan as PDF"))
        self.print_button.setToolTip(_("Your aftercare plan, section by section, with your medications"))
        self.print_button.clicked.connect(self.save_pdf)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.boxes: dict[str, SectionBox] = {}
        for section in self.plans.sections.values():
            box = self.boxes[section.key] = SectionBox(self, section)
            column.addWidget(box)
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        self.scroll_area.setAccessibleName(i18n._(AFTERCARE_TAB))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.scroll_area, 1)
        self.refresh()
        self.attach()

    def set_undo(self, undo: UndoHistory | None) -> None:
        self.undo = undo

    def changes_source(self):
        return self.records

    def box(self, key: str) -> SectionBox:
        return self.boxes[key]

    def refresh(self) -> None:
        grouped = self.plans.by_section()
        lines = self.treatment.printable_aftercare().medications  # the medication list, as printed
        for key, box in self.boxes.items():
            box.set_items(grouped.get(key, []))
            box.set_offers([(line, {"text": line}) for line in lines] if key == "medications" else [], "")
        self.boxes["medications"].picker_label.setText(_("From my medication list:"))

    def save_pdf(self) -> bool:
        """Ask where, then make the PDF on the background runner."""
        from app.services.files import write_file_atomically
        from app.ui.background import runner_for
        from app.ui.dialogs.file_choosing import last_folder
        from app.ui.dialogs.report_dialog import SETTINGS_FOLDER, ReportFileChooser, default_page_size

        suggested = str(Path(last_folder(SETTINGS_FOLDER)) / f"steady-aftercare-plan-{_today(self.records)}.pdf")
        path = ReportFileChooser.save_pdf(self, suggested)
        if not path:
            return False
        page_size = default_page_size()

        def work(own, task) -> int:
            from app.reports.aftercare import aftercare_pdf_bytes
            from app.reports.pdf import page_count

            data = aftercare_pdf_bytes(own.treatment.printable_aftercare(), page_size)
            task.no_turning_back()
            write_file_atomically(Path(path), data)
            return page_count(data)

        def done(pages: int) -> None:
            self.saved_path = path
            self.print_button.setEnabled(True)
            self.error.hide()
            self.status_message.emit(_("Saved your aftercare plan ({pages}) to {path}. It holds health information "
                                       "and is now outside Steady: keep it somewhere private.").format(
                pages=fmt.plural(pages, "page", "pages"), path=path))

        def failed(sentence: str) -> None:
            self.print_button.setEnabled(True)
            self.error.setText(sentence)
            self.error.show()

        self.print_button.setEnabled(False)
        runner_for(self).run_with(self.records, work, label=_("Making your aftercare plan…"), on_done=done,
                                  on_failed=failed)
        return True


def _wrap(*widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 6, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == len(widgets) - 1 else 0)
    return page


class TreatmentPage(QWidget):
    """The sidebar page: a heading and five tabs (see the module's docstring)."""

    status_message = Signal(str)

    def __init__(self, records: RecordService, treatment: TreatmentService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.treatment = treatment
        self.title = TITLE
        self.views: dict[str, RecordsView] = {}
        for _tab, kind in TABS:
            view = self.views[kind] = RecordsView(records, kind, self, lazy=True)
            view.status_message.connect(self.status_message)
        self.doses = DosesPanel(records, treatment, self)
        self.callin = CallInPanel(records, treatment, self)
        self.aftercare = AftercareTab(records, treatment, self)
        self.panels = (self.doses, self.callin, self.aftercare)
        for panel in self.panels:
            panel.status_message.connect(self.status_message)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Treatment sections"))
        self._tab_views: dict[QWidget, RecordsView] = {}
        for _title, kind in TABS:
            view = self.views[kind]
            tab = {"medication": lambda v: _wrap(self.doses, v), "drug_screen": lambda v: _wrap(self.callin, v)
                   }.get(kind, lambda v: v)(view)
            self._tab_views[tab] = view
            self.tabs.addTab(tab, tab_title(kind))
        self.tabs.addTab(self.aftercare, i18n._(AFTERCARE_TAB))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(heading(i18n._(TITLE), self))
        layout.addWidget(self.tabs, 1)

    def set_undo(self, undo: UndoHistory | None) -> None:
        for view in self.views.values():
            view.set_undo(undo)
        for panel in self.panels:
            panel.set_undo(undo)

    def current_view(self) -> RecordsView | None:
        return self._tab_views.get(self.tabs.currentWidget())

    def show_kind(self, kind_name: str) -> RecordsView:
        view = self.views[kind_name]
        tab = next(t for t, v in self._tab_views.items() if v is view)
        self.tabs.setCurrentWidget(tab)
        return view

    def show_aftercare(self) -> AftercareTab:
        self.tabs.setCurrentWidget(self.aftercare)
        return self.aftercare

    def focus_search(self) -> bool:
        view = self.current_view()
        if view is None:
            return False
        view.focus_search()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.matches(QKeySequence.StandardKey.Find) and self.focus_search():
            event.accept()
            return
        super().keyPressEvent(event)

    def detach(self) -> None:
        for view in self.views.values():
            view.detach()
        for panel in self.panels:
            panel.detach()
