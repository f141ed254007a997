"""Treatment: the details people keep track of in an intensive outpatient program.

Tabs: Medications (today's doses to tick, then the medication list), Dose log, Drug screens
(with the optional daily call-in check), Homework, and the Aftercare plan (a small document
with sections, like My plan, printable as a PDF). Every change goes into the window's undo
history; a dose that fills the day's check-in answer is one undo step with it. The words are
plain and calm: a drug-screen result is one day's information and changes nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
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
from app.domain.i18n import N_, _, pgettext
from app.ui.pages.plan_page import EditsSectionedDocument, SectionBox
from app.ui.pages.records_page import RecordsView
from app.ui.style import heading, style_error_label
from app.ui.widgets.listening import ListensForChanges
from app.ui.widgets.treatment_today import CallInPanel, DosesPanel, records_today

if TYPE_CHECKING:
    from app.services.records import RecordService
    from app.services.treatment import TreatmentService
    from app.ui.undo import UndoHistory

TITLE = N_("Treatment")
TABS = (("Medications", "medication"), ("Dose log", "dose"), ("Drug screens", "drug_screen"),
        ("Homework", "homework"))
AFTERCARE_TAB = N_("Aftercare plan")


def tab_title(kind: str) -> str:
    """A tab's title in the reader's language (TABS names them in English)."""
    return {"medication": _("Medications"), "dose": _("Dose log"), "drug_screen": _("Drug screens"),
            "homework": pgettext("the Treatment page's tab", "Homework")}[kind]


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

        suggested = str(Path(last_folder(SETTINGS_FOLDER)) / f"steady-aftercare-plan-{records_today(self.records)}.pdf")
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
