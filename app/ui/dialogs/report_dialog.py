"""File ▸ Reports…: a PDF for a counselor, or an attendance record for a court, employer or
probation officer.

Privacy first: a counselor summary carries no note unless it is ticked here, the list only
ever holds the notes of the period shown, and the attendance record carries no note at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable, cast

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _
from app.services.errors import StoreError, ValidationError
from app.services.reports import CASE_NUMBER_MAX, INCLUDE, PREP_TEXT_MAX, check_range, preset_range
from app.domain.errors import SteadyError
from app.ui import messages
from app.ui.background import Job, Task, runner_for
from app.ui.dialogs.file_choosing import (
    NOT_ENCRYPTED,
    breakable,
    encrypted_store_behind,
    export_caption,
    last_folder,
    remember_folder,
)
from app.reports import ReportError, SavedPdf, page_count, pdf_bytes
from app.services.files import write_file_atomically
from app.ui.style import heading, layout_of, scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.editors import from_qdate, keep_compact, to_qdate

if TYPE_CHECKING:
    from app.services.reports import AttendanceReport, CounselorSummary, NoteChoice, ReportService
    from app.services.threads import OwnConnection

FILE_FILTER = N_("PDF documents (*.pdf)")
SETTINGS_FOLDER = "reports/folder"
SETTINGS_KIND = "reports/kind"
SETTINGS_PAGE_SIZE = "reports/page_size"
SETTINGS_NAME = "reports/name"
SETTINGS_FORGET = "reports/forget_name"  # on this computer: the person chose not to keep a name

COUNSELOR, SESSION_PREP, ATTENDANCE = "counselor", "session_prep", "attendance"
KINDS = {
    COUNSELOR: (N_("&Counselor summary"),
                N_("Attendance and missed sessions, treatment hours, craving by week, medication, triggers and the "
                   "skills used, mood and sleep, self-checks, step-down readiness and goals, with charts. Notes "
                   "and anything about use go in only if you tick them below.")),
    SESSION_PREP: (N_("S&ession prep (one page)"),
                   N_("The last seven days in five lines, then what went well, what was hard and what you want to "
                      "talk about, in your own words: bring it to your next session.")),
    ATTENDANCE: (N_("&Attendance record (for a court, employer or probation officer)"),
                 N_("A dated list of the sessions and meetings you marked attended, with times in and out, who can "
                    "verify them and a column for a signature. Nothing about urges, moods or notes.")),
}
SAFETY_PLAN, WALLET_CARD = "safety_plan", "wallet_card"
KINDS.update({
    SAFETY_PLAN: (N_("&My safety plan (one page)"),
                  N_("Your safety plan and relapse-prevention plan from My plan, with your crisis contacts and the "
                     "lines for your country, on one page to keep at hand.")),
    WALLET_CARD: (N_("&Wallet card"),
                  N_("Three first steps, your people, the lines and your reasons on four card-sized panels: cut it "
                     "out and fold it to the size of a bank card.")),
})
PLAN_KINDS = (SAFETY_PLAN, WALLET_CARD)
# In file names (never translated: a file name is read by machines too).
NOUNS = {COUNSELOR: "counselor summary", SESSION_PREP: "session prep", ATTENDANCE: "attendance record",
         SAFETY_PLAN: "safety plan", WALLET_CARD: "wallet card"}
# In sentences ("Saved the counselor summary …", "Making the wallet card…").
THE_NOUNS = {COUNSELOR: N_("the counselor summary"), SESSION_PREP: N_("the session prep"),
             ATTENDANCE: N_("the attendance record"), SAFETY_PLAN: N_("the safety plan"),
             WALLET_CARD: N_("the wallet card")}
NO_PERIOD_KINDS = (*PLAN_KINDS, SESSION_PREP)  # a session prep is always the last seven days
PREP_FIELDS = (("went_well", N_("W&hat went well:"), N_("e.g. I went to every group and called my sponsor twice")),
               ("was_hard", N_("What was ha&rd:"), N_("e.g. Friday was payday and the cravings were strong")),
               ("talk_about", N_("What I want to tal&k about:"),
                N_("e.g. Whether I am ready to step down to three days")))
USE_TEXT = N_("Include &use and time without use")
GENERIC_LABEL = N_("&Generic titles")
GENERIC_NOTE = N_("Every row is “Treatment session” or “Support meeting”, with no fellowship, meeting or session "
                  "name, program or place: an employer learns nothing about a diagnosis or a fellowship.")
CUSTOM = 0  # weeks of the "Custom" preset: the dates are the person's own
PRESETS = ((N_("Last 4 weeks"), 4), (N_("Last 12 weeks"), 12), (N_("Custom"), CUSTOM))
DEFAULT_WEEKS = 12
PAGE_SIZES = (("a4", N_("A4 (210 × 297 mm)")), ("letter", N_("Letter (8.5 × 11 in)")))
NAME_MAX = 80
NOTES_MIN_ROWS = 4
NOTE_PREVIEW = 160  # characters of a note shown in the list; the tooltip has all of it
NO_NOTES_TEXT = N_("You wrote no notes in this period, so the summary will have none.")
ATTENDANCE_NOTES_TEXT = N_("An attendance record lists dates, times, places and who can verify them: no note, "
                           "mood or urge ever goes into it.")


def default_page_size(locale: QLocale | None = None) -> str:
    """Letter where Letter paper is what the printer holds (the US and Canada), A4 elsewhere."""
    territory = (locale or QLocale()).territory()
    return "letter" if territory in (QLocale.Country.UnitedStates, QLocale.Country.Canada) else "a4"


def suggested_name(kind: str, first: dt.date, last: dt.date) -> str:
    if kind in PLAN_KINDS:
        return f"steady-{NOUNS[kind].replace(' ', '-')}.pdf"
    if kind == SESSION_PREP:
        return f"steady-session-prep-{last.isoformat()}.pdf"
    """steady-counselor-summary-2026-08-31-to-2026-11-22.pdf (no personal name in a file name)."""
    return f"steady-{NOUNS[kind].replace(' ', '-')}-{first.isoformat()}-to-{last.isoformat()}.pdf"


def with_pdf_suffix(path: str) -> str:
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def saved_message(kind: str, path: str, pages: int) -> str:
    return _("Saved {the_report} ({pages}) to {path}. It holds health information and is now outside Steady: "
             "keep it somewhere private.").format(the_report=_(THE_NOUNS[kind]),
                                                  pages=fmt.plural(pages, "page", "pages"), path=path)


class CouldNotMake(SteadyError):
    """Qt could not lay the report out, or the file system refused it: one sentence."""


class ReportFileChooser:
    """The system's save dialog. Tests replace `save_pdf` to pick a path without a window."""

    @classmethod
    def save_pdf(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(parent, export_caption(parent, _("Save report as PDF")),
                                                    suggested, _(FILE_FILTER))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path = with_pdf_suffix(path)
            # The dialog asked about overwriting the name typed, not this one.
            if Path(path).exists() and not messages.confirm(
                    parent, _("Replace file?"), _("{file} already exists. Replace it?").format(file=Path(path).name)):
                return None
        remember_folder(SETTINGS_FOLDER, path)
        return path


class ReportDialog(QDialog):
    """Choose a report, its period, paper and name, and (for a counselor) the notes to share;
    Save as PDF writes it and closes the dialog. A problem stays in the dialog as one sentence."""

    _shown_kind: str  # the kind the fields were last arranged for (unset until they first are)

    def __init__(self, reports: ReportService, parent: QWidget | None = None, *,
                 chooser: type[ReportFileChooser] = ReportFileChooser,
                 report: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.reports = reports
        self.chooser = chooser
        self.report = report
        self.saved_path: str | None = None
        self.saved_message = ""
        self._job: Job | None = None
        self.today = reports.today()
        self._filling = False  # a preset is writing both dates: one refresh, not two
        # Ticks are remembered while the dialog is open, so a note ticked and then briefly
        # outside the period (while a date is being typed) comes back ticked. Only the notes
        # shown and ticked when Save is pressed go into the report.
        self._ticked: set[str] = set()
        settings = QSettings()
        self.setWindowTitle(_("Reports"))
        self.setAccessibleName(_("Reports"))
        self.setModal(True)
        outer = QVBoxLayout(self)

        # --- which report --------------------------------------------------------------------
        outer.addWidget(heading(_("Report"), self, factor=1.2))
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        self.kind_notes: dict[str, QLabel] = {}
        for key, (label_text, explanation_text) in KINDS.items():
            label, explanation = _(label_text), _(explanation_text)
            button = QRadioButton(label, self)
            button.setAccessibleName(label.replace("&", ""))
            note = QLabel(explanation, self)
            note.setWordWrap(True)
            note.setAccessibleName(_("About {the_report}").format(the_report=_(THE_NOUNS[key])))
            note.setContentsMargins(_indent(button), 0, 0, 4)
            style_subtle_label(note)
            button.setAccessibleDescription(explanation)
            self.kind_group.addButton(button)
            self.kind_buttons[key] = button
            self.kind_notes[key] = note
            outer.addWidget(button)
            outer.addWidget(note)
        kind = settings.value(SETTINGS_KIND, COUNSELOR, str)
        self.kind_buttons[kind if kind in KINDS else COUNSELOR].setChecked(True)

        # --- period, paper, name -------------------------------------------------------------
        outer.addSpacing(6)
        outer.addWidget(heading(_("Period and page"), self, factor=1.2))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.preset = QComboBox(self)
        for label, weeks in PRESETS:
            self.preset.addItem(_(label), weeks)
        self.preset.setAccessibleName(_("Period"))
        keep_compact(self.preset)
        preset_label = QLabel(_("&Period:"), self)
        preset_label.setBuddy(self.preset)
        form.addRow(preset_label, self.preset)

        self.from_date = self._date_edit(_("From"))
        self.to_date = self._date_edit(_("To"))
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.from_date)
        to_label = QLabel(_("&to"), self)
        to_label.setBuddy(self.to_date)
        dates.addWidget(to_label)
        dates.addWidget(self.to_date)
        dates.addStretch(1)
        from_label = QLabel(_("&From:"), self)
        from_label.setBuddy(self.from_date)
        form.addRow(from_label, dates)
        self.range_error = QLabel(self)
        # One short sentence; word wrap here would leave a blank second line in a form row.
        self.range_error.setAccessibleName(_("Problem with the period"))
        style_error_label(self.range_error)
        form.addRow("", self.range_error)
        self._range_error_row = form.rowCount() - 1
        form.setRowVisible(self._range_error_row, False)

        self.page_size = QComboBox(self)
        for key, label in PAGE_SIZES:
            self.page_size.addItem(_(label), key)
        self.page_size.setAccessibleName(_("Page size"))
        keep_compact(self.page_size)
        remembered = settings.value(SETTINGS_PAGE_SIZE, "", str)
        self.set_page_size(remembered if remembered in dict(PAGE_SIZES) else default_page_size())
        size_label = QLabel(_("Page si&ze:"), self)
        size_label.setBuddy(self.page_size)
        form.addRow(size_label, self.page_size)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("Leave blank to print no name"))
        self.name_edit.setAccessibleName(_("Name on the report"))
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setText(self._remembered_name(settings))
        self.name_edit.setToolTip(_("Printed at the top of the report. Steady remembers it for next time."))
        name_label = QLabel(_("&Name on the report:"), self)
        name_label.setBuddy(self.name_edit)
        form.addRow(name_label, self.name_edit)
        self.remember_name = QCheckBox(_("Remember the name ne&xt time"), self)
        self.remember_name.setAccessibleName(_("Remember the name next time"))
        self.remember_name.setToolTip(_("Kept in your data file (it goes into exports and backups); untick to forget "
                                        "it."))
        self.remember_name.setChecked(bool(self.name_edit.text()) or not self._name_forgotten())
        form.addRow("", self.remember_name)
        self.form = form
        outer.addLayout(form)

        # --- what this kind of report holds -------------------------------------------------
        self.use_check = QCheckBox(_(USE_TEXT), self)
        self.use_check.setAccessibleName(_("Include use and time without use"))
        self.use_check.setToolTip(_("Days of use, sobriety periods and lapses, days without use. Off: nothing about use "
                                    "goes into the report."))
        outer.addWidget(self.use_check)

        self.prep_panel = QWidget(self)
        prep = QFormLayout(self.prep_panel)
        prep.setContentsMargins(0, 0, 0, 0)
        self.prep_edits: dict[str, QPlainTextEdit] = {}
        for key, label_mark, example in PREP_FIELDS:
            label_text = _(label_mark)
            edit = QPlainTextEdit(self.prep_panel)
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText(_(example))
            edit.setAccessibleName(label_text.replace("&", "").rstrip(":"))
            edit.setFixedHeight(3 * edit.fontMetrics().lineSpacing() + 12)
            prep_label = QLabel(label_text, self.prep_panel)
            prep_label.setBuddy(edit)
            prep_label.setWordWrap(True)
            prep.addRow(prep_label, edit)
            self.prep_edits[key] = edit
        outer.addWidget(self.prep_panel)

        # The attendance record's own rows go into the form above (aligned with its fields).
        self.case_number = QLineEdit(self)
        self.case_number.setMaxLength(CASE_NUMBER_MAX)
        self.case_number.setPlaceholderText(_("Optional, e.g. a docket or case number"))
        self.case_number.setAccessibleName(_("Case number"))
        case_label = QLabel(_("Case num&ber:"), self)
        case_label.setBuddy(self.case_number)
        self.form.addRow(case_label, self.case_number)
        self.include = QComboBox(self)
        for key, label_text in INCLUDE:
            self.include.addItem(_(label_text), key)
        self.include.setAccessibleName(_("Sessions and meetings to include"))
        keep_compact(self.include)
        include_label = QLabel(_("Inclu&de:"), self)
        include_label.setBuddy(self.include)
        self.form.addRow(include_label, self.include)
        self._attendance_rows = (self.form.rowCount() - 2, self.form.rowCount() - 1)
        self.attendance_panel = QWidget(self)
        att = QVBoxLayout(self.attendance_panel)
        att.setContentsMargins(0, 0, 0, 0)
        att.setSpacing(2)
        self.generic = QCheckBox(_(GENERIC_LABEL), self.attendance_panel)
        self.generic.setAccessibleName(_("Generic titles"))
        self.generic_note = QLabel(_(GENERIC_NOTE), self.attendance_panel)
        self.generic_note.setWordWrap(True)
        self.generic_note.setContentsMargins(_indent_check(self.generic), 0, 0, 0)
        style_subtle_label(self.generic_note)
        self.generic.setAccessibleDescription(self.generic_note.text())
        att.addWidget(self.generic)
        att.addWidget(self.generic_note)
        outer.addWidget(self.attendance_panel)

        # --- notes (counselor summary only) --------------------------------------------------
        outer.addSpacing(6)
        self.notes_panel = QWidget(self)
        notes = QVBoxLayout(self.notes_panel)
        notes.setContentsMargins(0, 0, 0, 0)
        notes_label = QLabel(_("Notes to &include (none are included unless you tick them)"), self.notes_panel)
        notes_label.setFont(scaled_font(notes_label, 1.2, bold=True))
        notes_label.setWordWrap(True)
        notes.addWidget(notes_label)
        self.notes_list = QListWidget(self.notes_panel)
        self.notes_list.setAccessibleName(_("Notes to include"))
        self.notes_list.setUniformItemSizes(True)
        self.notes_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.notes_list.setAlternatingRowColors(True)
        # However small the window, a few notes show (the list shrinks first when space is short).
        self.notes_list.setMinimumHeight(NOTES_MIN_ROWS * self.notes_list.fontMetrics().lineSpacing()
                                         + 2 * self.notes_list.frameWidth())
        notes_label.setBuddy(self.notes_list)
        self.notes_empty = QLabel(_(NO_NOTES_TEXT), self.notes_panel)
        self.notes_empty.setWordWrap(True)
        self.notes_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notes_empty.setAccessibleName(_("No notes"))
        style_subtle_label(self.notes_empty)
        self.notes_stack = QStackedWidget(self.notes_panel)
        self.notes_stack.addWidget(self.notes_list)
        self.notes_stack.addWidget(self.notes_empty)
        # The list takes the height left over (at least a few rows): its own wish for a long list
        # must not make the layout squeeze the fields above it.
        self.notes_stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        # (Ignored also drops the list's own minimum: the stack keeps it, so the few rows are
        # never squeezed away when longer sentences above, as in Spanish, take the height.)
        self.notes_stack.setMinimumHeight(self.notes_list.minimumHeight())
        notes.addWidget(self.notes_stack, 1)
        tick_row = QHBoxLayout()
        self.tick_all = QPushButton(_("Tick a&ll"), self.notes_panel)
        self.tick_all.setAccessibleName(_("Tick all notes"))
        self.tick_none = QPushButton(_("Tick n&one"), self.notes_panel)
        self.tick_none.setAccessibleName(_("Tick no notes"))
        self.notes_count = QLabel(self.notes_panel)
        self.notes_count.setAccessibleName(_("Notes ticked"))
        tick_row.addWidget(self.tick_all)
        tick_row.addWidget(self.tick_none)
        tick_row.addStretch(1)
        tick_row.addWidget(self.notes_count)
        notes.addLayout(tick_row)
        outer.addWidget(self.notes_panel, 1)

        self.attendance_note = QLabel(_(ATTENDANCE_NOTES_TEXT), self)
        self.attendance_note.setWordWrap(True)
        self.attendance_note.setAccessibleName(_("Notes"))
        style_subtle_label(self.attendance_note)
        outer.addWidget(self.attendance_note)
        self.spacer = outer.count()
        outer.addStretch(0)

        # --- saving --------------------------------------------------------------------------
        # A report of an encrypted data file leaves the encryption behind: one line says so.
        self.plain_note = QLabel(_(NOT_ENCRYPTED), self)
        self.plain_note.setWordWrap(True)
        self.plain_note.setAccessibleName(_("The report is not encrypted"))
        style_subtle_label(self.plain_note)
        self.plain_note.setVisible(encrypted_store_behind(parent))
        outer.addWidget(self.plain_note)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        style_error_label(self.error)
        self.error.hide()
        outer.addWidget(self.error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button: QPushButton = self.buttons.addButton(_("&Save as PDF…"),
                                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._outer = outer

        self.kind_group.buttonToggled.connect(self._on_kind_toggled)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.from_date.dateChanged.connect(self._on_date_edited)
        self.to_date.dateChanged.connect(self._on_date_edited)
        self.notes_list.itemChanged.connect(self._on_note_ticked)
        self.tick_all.clicked.connect(self.tick_all_notes)
        self.tick_none.clicked.connect(self.tick_no_notes)

        self.preset.setCurrentIndex(self.preset.findData(DEFAULT_WEEKS))
        self._fill_preset()
        self._show_kind()
        self.kind_buttons[self.kind()].setFocus()
        self._fit_to_content()

    def _fit_to_content(self) -> None:
        """Open wide enough for the form and tall enough for every wrapped sentence at the
        person's font size (a fixed 640 × 700 drew the notes heading over the name field at a
        larger font). On a short screen the list of notes gives up rows first, down to a
        few; nothing is ever drawn over its neighbour."""
        width = max(640, self.sizeHint().width())
        natural = self.heightForWidth(width)
        if natural <= 0:
            natural = self.sizeHint().height()
        natural += self._notes_rows_height()
        # (The list of notes asks for no more than its few rows: it takes what is left over.)
        screen = self.screen().availableGeometry().height() - 80  # room for the title bar and a panel
        self.resize(width, max(natural, min(max(700, natural), screen)))
        self._fitted = True

    def _notes_rows_height(self) -> int:
        """The list of notes' few rows, which the height for a width leaves out (the list's
        size policy ignores its hint so a long list never pushes the fields above): without
        them a longer text above, as in Spanish, left the rows drawn over the buttons."""
        return 0 if self.notes_panel.isHidden() else self.notes_stack.minimumHeight()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(fmt.qt_date_pattern(weekday=True))
        edit.setAccessibleName(name)
        edit.setMaximumDate(to_qdate(self.today))
        edit.setMinimumDate(to_qdate(dt.date(1900, 1, 1)))
        keep_compact(edit)
        return edit

    # --- what is chosen ----------------------------------------------------------------------

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def period(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.from_date.date()), from_qdate(self.to_date.date())

    def set_period(self, first: dt.date, last: dt.date) -> None:
        """Type a custom period (as the person would in the date fields)."""
        self.from_date.setDate(to_qdate(first))
        self.to_date.setDate(to_qdate(last))

    def set_preset(self, label: str) -> None:
        self.preset.setCurrentIndex(self.preset.findText(_(label)))

    def page_size_key(self) -> str:
        return self.page_size.currentData()

    def set_page_size(self, key: str) -> None:
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(key.lower())))

    def name(self) -> str:
        return self.name_edit.text().strip()

    def note_ids(self) -> list[str]:
        return [self.notes_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.notes_list.count())]

    def ticked_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_ticked(self, note_id: str, ticked: bool = True) -> None:
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == note_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                return
        raise KeyError(note_id)

    def range_error_text(self) -> str:
        return self.range_error.text() if self.form.isRowVisible(self._range_error_row) else ""

    def error_text(self) -> str:
        return "" if self.error.isHidden() else self.error.text().replace("\u200b", "")

    def _items(self) -> list[QListWidgetItem]:
        return [self.notes_list.item(i) for i in range(self.notes_list.count())]

    # --- reacting ----------------------------------------------------------------------------

    def _on_kind_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._show_kind()

    def _show_kind(self) -> None:
        counselor = self.kind() == COUNSELOR
        plan = self.kind() in NO_PERIOD_KINDS
        attendance = self.kind() == ATTENDANCE
        self.notes_panel.setVisible(counselor)
        self.attendance_note.setVisible(attendance)
        self.attendance_panel.setVisible(attendance)
        for row in self._attendance_rows:
            self.form.setRowVisible(row, attendance)
        self.prep_panel.setVisible(self.kind() == SESSION_PREP)
        self.use_check.setVisible(self.kind() in (COUNSELOR, SESSION_PREP))
        for row in range(2):  # the period and its dates: a plan and a session prep have none to choose
            self.form.setRowVisible(row, not plan)
        if plan:
            self.form.setRowVisible(self._range_error_row, False)
            self.save_button.setEnabled(True)
            self.save_button.setToolTip("")
        elif hasattr(self, "_shown_kind") and self._shown_kind in NO_PERIOD_KINDS:
            self._range_changed()  # back from a plan: the period's own state again
        self._shown_kind = self.kind()
        # With the list hidden, the rest stays at the top instead of spreading out.
        self._outer.setStretch(self.spacer, 0 if counselor else 1)
        self.error.hide()
        if hasattr(self, "_fitted"):
            self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Another kind shows other fields (the session prep's boxes, the attendance choices):
        grow to hold them all at the person's font size rather than squeeze them."""
        layout_of(self).activate()
        need = self.heightForWidth(self.width())
        if need <= 0:
            need = self.sizeHint().height()
        need += self._notes_rows_height()
        if need > self.height():
            self.resize(self.width(), need)

    def _on_preset_changed(self) -> None:
        self._fill_preset()

    def _fill_preset(self) -> None:
        weeks = self.preset.currentData()
        if weeks == CUSTOM:
            self.from_date.setFocus()
            return
        first, last = preset_range(weeks, self.today)
        self._filling = True
        try:
            self.set_period(first, last)
        finally:
            self._filling = False
        self._range_changed()

    def _on_date_edited(self) -> None:
        if self._filling:
            return
        weeks = self.preset.currentData()
        if weeks != CUSTOM and self.period() != preset_range(weeks, self.today):
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self.preset.blockSignals(False)
        self._range_changed()

    def _range_changed(self) -> None:
        first, last = self.period()
        try:
            check_range(first, last, self.today)
        except ValidationError as exc:
            self.range_error.setText(exc.message)
            self.form.setRowVisible(self._range_error_row, True)
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(exc.message)
            self._enable_notes(False)  # they belong to the last good period
            return
        self.range_error.clear()
        self.form.setRowVisible(self._range_error_row, False)
        self.save_button.setEnabled(True)
        self.save_button.setToolTip("")
        self.error.hide()
        self.refresh_notes()

    def refresh_notes(self) -> None:
        """The notes of the period shown."""
        first, last = self.period()
        try:
            choices = self.reports.notes(first, last)
        except StoreError as exc:
            self._show_notes([])
            self._show_error(exc.message)
            return
        self._show_notes(choices)

    def _show_notes(self, choices: list[NoteChoice]) -> None:
        ticked = self._ticked
        self.notes_list.blockSignals(True)
        self.notes_list.clear()
        for note in choices:
            text = " ".join(note.text.split())
            shown = text if len(text) <= NOTE_PREVIEW else text[:NOTE_PREVIEW - 1].rstrip() + "…"
            item = QListWidgetItem(f"{fmt.weekday_date(note.when.date(), year=True)}  ·  {note.label}:  {shown}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            item.setToolTip(f"{note.label}, {fmt.weekday_date(note.when.date(), year=True)}\n{note.text}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if note.id in ticked else Qt.CheckState.Unchecked)
            self.notes_list.addItem(item)
        self.notes_list.blockSignals(False)
        self.notes_stack.setCurrentWidget(self.notes_list if choices else self.notes_empty)
        self._enable_notes(True)
        self._show_count()

    def _enable_notes(self, enabled: bool) -> None:
        self.notes_list.setEnabled(enabled)
        self.tick_all.setEnabled(enabled and self.notes_list.count() > 0)
        self.tick_none.setEnabled(enabled and self.notes_list.count() > 0)

    def _on_note_ticked(self, item: QListWidgetItem) -> None:
        note_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(note_id)
        else:
            self._ticked.discard(note_id)
        self._show_count()

    def tick_all_notes(self) -> None:
        self._tick_every(Qt.CheckState.Checked)

    def tick_no_notes(self) -> None:
        self._tick_every(Qt.CheckState.Unchecked)

    def _tick_every(self, state: Qt.CheckState) -> None:
        self.notes_list.blockSignals(True)
        for item in self._items():
            item.setCheckState(state)
            if state == Qt.CheckState.Checked:
                self._ticked.add(item.data(Qt.ItemDataRole.UserRole))
            else:
                self._ticked.discard(item.data(Qt.ItemDataRole.UserRole))
        self.notes_list.blockSignals(False)
        self._show_count()

    def _show_count(self) -> None:
        total = self.notes_list.count()
        if not total:
            self.notes_count.setText("")
            return
        ticked = len(self.ticked_ids())
        notes = fmt.plural(total, "note", "notes")
        self.notes_count.setText(_("{ticked} of {notes} ticked").format(ticked=fmt.number(ticked), notes=notes)
                                 if ticked else _("None of the {notes} ticked").format(notes=notes) if total > 1
                                 else _("The one note is not ticked"))

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Ask where, then build the report and write it on the background runner. True when
        it was started; once saved the dialog closes (a problem stays in it as one sentence)."""
        self.error.hide()
        kind = self.kind()
        if kind in PLAN_KINDS:
            return self._save_plan(kind)
        if kind == SESSION_PREP:
            return self._save_prep()
        first, last = self.period()
        try:
            check_range(first, last, self.today)
        except ValidationError as exc:  # Save is disabled then; Enter in a field still lands here
            self._show_error(exc.message)
            return False
        suggested = str(Path(last_folder(SETTINGS_FOLDER)) / suggested_name(kind, first, last))
        path = self.chooser.save_pdf(self, suggested)
        if not path:
            return False
        path = with_pdf_suffix(path)
        self._remember()
        notes, page_size, name = self.ticked_ids(), self.page_size_key(), self.name() or None
        include_use, include, generic = self.use_check.isChecked(), self.include.currentData(), self.generic.isChecked()
        case_number = self.case_number.text()

        def make(own: OwnConnection, task: Task) -> bytes:
            data: CounselorSummary | AttendanceReport
            if kind == COUNSELOR:
                data = own.reports.counselor(first, last, include_notes=notes, include_use=include_use)
            else:
                data = own.reports.attendance(first, last, include=include, generic=generic, case_number=case_number)
            task.check()
            return pdf_bytes(data, page_size, name)

        return self._start_save(kind, path, make)

    def prep_text(self, key: str) -> str:
        return self.prep_edits[key].toPlainText().strip()

    def _save_prep(self) -> bool:
        for key, label_text, _example in PREP_FIELDS:
            if len(self.prep_text(key)) > PREP_TEXT_MAX:
                self._show_error(_("{field} is {length} characters; at most {most} fit on the one page.").format(
                    field=_(label_text).replace("&", "").rstrip(":"), length=fmt.number(len(self.prep_text(key))),
                    most=fmt.number(PREP_TEXT_MAX)))
                self.prep_edits[key].setFocus()
                return False
        path = self.chooser.save_pdf(self, str(Path(last_folder(SETTINGS_FOLDER))
                                               / suggested_name(SESSION_PREP, self.today, self.today)))
        if not path:
            return False
        path = with_pdf_suffix(path)
        self._remember()
        words = [self.prep_text(key) for key, _label, _example in PREP_FIELDS]
        page_size, name, include_use = self.page_size_key(), self.name() or None, self.use_check.isChecked()

        def make(own: OwnConnection, task: Task) -> bytes:
            data = own.reports.session_prep(*words, include_use=include_use)
            task.check()
            return pdf_bytes(data, page_size, name)

        return self._start_save(SESSION_PREP, path, make)

    def _start_save(self, kind: str, path: str, make: Callable[[OwnConnection, Task], bytes]) -> bool:
        """Make the PDF (`make(own, task)`, on the worker through its own connection: the data,
        the charts and the layout) and write it to `path`, in the background. Cancel is safe
        until the file starts to be written."""
        def work(own: OwnConnection, task: Task) -> SavedPdf:
            try:
                pdf = make(own, task)
                task.no_turning_back()
                write_file_atomically(Path(path), pdf)
            except (ReportError, OSError) as exc:
                raise CouldNotMake(_("The report could not be made: {reason}").format(reason=_reason(exc))) from None
            return SavedPdf(len(pdf), page_count(pdf))

        def saved(result: SavedPdf) -> None:
            self._job = None
            self._set_saving(False)
            self.saved_path = path
            self.saved_message = saved_message(kind, path, result.pages)
            if self.report is not None:
                self.report(self.saved_message)
            self.accept()

        def failed(sentence: str) -> None:
            self._job = None
            self._set_saving(False)
            self._show_error(sentence)

        def cancelled() -> None:
            self._job = None
            self._set_saving(False)

        self._set_saving(True)
        making = _("Making {the_report}…").format(the_report=_(THE_NOUNS[kind]))
        self._job = runner_for(self).run_with(self.reports, work, label=making, show_in=self,
                                              cancellable=True, on_done=saved, on_failed=failed,
                                              on_cancelled=cancelled)
        return True

    def _save_plan(self, kind: str) -> bool:
        path = self.chooser.save_pdf(self, str(Path(last_folder(SETTINGS_FOLDER)) / suggested_name(kind, self.today,
                                                                                                    self.today)))
        if not path:
            return False
        path = with_pdf_suffix(path)
        self._remember()
        page_size, name = self.page_size_key(), self.name() or None

        def make(own: OwnConnection, task: Task) -> bytes:
            from app.reports.safety_plan import card_pdf_bytes, plan_pdf_bytes

            plan = own.reports.safety_plan()
            return card_pdf_bytes(plan, page_size) if kind == WALLET_CARD else plan_pdf_bytes(plan, page_size, name)

        return self._start_save(kind, path, make)

    def _set_saving(self, saving: bool) -> None:
        self.save_button.setEnabled(not saving)
        for button in self.kind_buttons.values():
            button.setEnabled(not saving)

    @property
    def saving(self) -> bool:
        return self._job is not None

    def done(self, code: int) -> None:  # noqa: D401 - Qt's name
        """Closing while the report is made cancels it (nothing is written), or, once the file
        is being written, waits the moment that takes."""
        if self._job is not None and not self._job.cancel():
            runner_for(self).wait()
        super().done(code)

    def accept(self) -> None:
        # Enter on the default button and the button box both come here; only a saved
        # report closes the dialog as accepted.
        if self.saved_path is None:
            if self._job is None:
                self.save()
            return
        super().accept()

    def _remembered_name(self, settings: QSettings) -> str:
        """The name from the data file. Steady once kept it in the per-computer settings
        file: found there, it moves into the data file and leaves that file."""
        from app.services.settings import remember_report_name, report_name

        older = cast(str, settings.value(SETTINGS_NAME, "", str))  # a str, as asked; the stubs say object
        if settings.contains(SETTINGS_NAME):
            with contextlib.suppress(SteadyError):
                if older and not report_name(self.reports.store):
                    remember_report_name(self.reports.store, older)
                settings.remove(SETTINGS_NAME)
        try:
            return report_name(self.reports.store)
        except SteadyError:
            return older

    def _remember(self) -> None:
        from app.services.settings import remember_report_name

        settings = QSettings()
        settings.setValue(SETTINGS_KIND, self.kind())
        settings.setValue(SETTINGS_PAGE_SIZE, self.page_size_key())
        with contextlib.suppress(SteadyError):  # the report is saved; the name is only a convenience
            remember_report_name(self.reports.store, self.name() if self.remember_name.isChecked() else "")
            settings.setValue(SETTINGS_FORGET, not self.remember_name.isChecked())

    @staticmethod
    def _name_forgotten() -> bool:
        """The person unticked "Remember the name" last time: leave it unticked."""
        return cast(bool, QSettings().value(SETTINGS_FORGET, False, bool))  # a bool, as asked; the stubs say object

    def _show_error(self, message: str) -> None:
        self.error.setText(breakable(message))  # a long folder name wraps instead of widening the dialog
        self.error.show()


def _indent_check(box: QCheckBox) -> int:
    """Where a check box's text starts, so the sentence under it lines up with it."""
    style = box.style()
    return (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
            + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, box))


def _indent(button: QRadioButton) -> int:
    """Where a radio button's text starts, so the explanation under it lines up with it."""
    style = button.style()
    return (style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, button)
            + style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, button))


def _reason(exc: Exception) -> str:
    """The second half of "The report could not be made: …", as one sentence."""
    text = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    text = text.strip().rstrip(".") + "."
    if text[1:2].islower():  # "No space left" goes on the sentence as "no space left"; "PDF" stays
        text = text[:1].lower() + text[1:]
    return text


def show_reports(parent: QWidget | None, reports: ReportService, *,
                 report: Callable[[str], None] | None = None, kind: str | None = None) -> bool:
    """File ▸ Reports…: True once a report was saved; `report` receives the sentence saying
    where (for the status bar). `kind` chooses the report first (My plan's Print… button)."""
    dialog = ReportDialog(reports, parent, report=report)
    if kind in KINDS:
        dialog.set_kind(kind)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


__all__ = ["ReportDialog", "ReportFileChooser", "default_page_size", "saved_message", "show_reports",
           "suggested_name"]
