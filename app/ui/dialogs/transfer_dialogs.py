"""File ▸ Export ▸ All data as JSON, CSV or a spreadsheet (.xlsx), and File ▸ Import ▸ Steady export.

Import always shows a preview first: how many records of each kind are new, would be
updated or are already the same. Nothing is written until the person presses Import, and
then all of the file or none of it is (after a safety backup, which the service makes).
A meeting list or a calendar chosen here by mistake is sent to its own importer instead of
failing with a sentence about a missing "format" field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _, ngettext
from app.services.kinds import CHANGES_NOUNS, KINDS
from app.services.transfer import SECTIONS
from app.ui import messages
from app.ui.background import runner_for
from app.ui.dialogs.file_choosing import ask_open_path, export_caption, file_format, last_folder
from app.ui.dialogs.import_preview import ImportPreview, notes_heading, offer_other_import, run_import
from app.ui.style import layout_of, scaled_font, style_subtle_label

if TYPE_CHECKING:
    from app.services.transfer import TransferPlan, TransferResult, TransferService
    from app.ui.background import Job

FILE_FILTER = N_("Steady exports (*.json)")
SETTINGS_FOLDER = "steady_exports/folder"
CSV_NAMES = frozenset(f"{s.name}.csv" for s in SECTIONS)
PRIVATE = N_("It holds health information and is now outside Steady: keep it somewhere private.")

# The records of each export section, named whole (a language's plural is not an English "s").
KIND_NOUNS: dict[str, str] = {
    "program": N_("Programs"), "phase": N_("Program phases"), "schedule": N_("Schedule items"),
    "schedule_change": N_("Changed or cancelled sessions"), "skill": N_("Coping skills"), "group": N_("Meetings"),
    "coping": N_("Coping entries"), "attendance": N_("Attendance records"), "selfcare": N_("Self-care entries"),
    "checkin": N_("Check-ins"), "sobriety": N_("Sobriety periods"), "goal": N_("Goals"),
    "milestone": N_("Milestones"), "contact": N_("Support contacts"), "plan": N_("Plan items"),
    "assessment": N_("Self-checks"), "drug_screen": N_("Drug screens"), "callin": N_("Call-in checks"),
    "medication": N_("Medications"), "dose": N_("Doses"), "homework": N_("Homework items"),
    "aftercare": N_("Aftercare plan lines"),
}


def kind_label(name: str) -> str:
    """ "Coping entries", "Check-ins": the records of one export section, in the user's words
    and language."""
    if name in KIND_NOUNS:
        return _(KIND_NOUNS[name])
    if name == "schedule_change":
        return _(CHANGES_NOUNS)
    kind = KINDS.get(name)
    return _(kind.nouns) if kind is not None else name


class TransferFileChooser:
    """The system's file dialogs. Tests replace these classmethods to pick a path without a window."""

    @classmethod
    def save_json(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(parent, export_caption(parent, _("Export all data as JSON")),
                                                    suggested, _(FILE_FILTER))
        return path or None

    @classmethod
    def save_xlsx(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            parent, export_caption(parent, _("Export all data as a spreadsheet")), suggested,
            _("Spreadsheets (*.xlsx)"))
        return path or None

    @classmethod
    def choose_csv_folder(cls, parent: QWidget | None) -> str | None:
        folder = QFileDialog.getExistingDirectory(
            parent, export_caption(parent, _("Export as CSV: choose a folder for the spreadsheet files")),
            last_folder(SETTINGS_FOLDER))
        return folder or None

    @classmethod
    def open_export(cls, parent: QWidget | None) -> str | None:
        return ask_open_path(parent, _("Import a Steady export"), _(FILE_FILTER), SETTINGS_FOLDER)


# =========================================================================================
# Export
# =========================================================================================


def suggested_json_name(today: dt.date) -> str:
    return f"steady-export-{today.isoformat()}.json"


def suggested_xlsx_name(today: dt.date) -> str:
    return f"steady-{today.isoformat()}.xlsx"


def csv_target(folder: str | Path, today: dt.date) -> tuple[Path, bool]:
    """Where the CSV files of an export into the chosen `folder` go, and whether that replaces
    the files of an earlier CSV export.

    An empty folder takes the files itself; a folder holding only an earlier export's files
    is reused (the caller asks first); any other folder gets a new dated folder inside it, so
    fourteen files never scatter among the person's documents and nothing of theirs is
    overwritten.
    """
    folder = Path(folder)
    try:
        names = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    except OSError:
        names = set()  # the export itself will say why it cannot write there
    if folder.suffix.lower() == ".zip":  # the service would write a zip file named like the folder
        names.add(folder.name)
    if not names:
        return folder, False
    if names <= CSV_NAMES:
        return folder, True
    stem = f"steady-csv-{today.isoformat()}"
    target, n = folder / stem, 2
    while target.exists():
        target, n = folder / f"{stem} ({n})", n + 1
    return target, False


def export_data(parent: QWidget | None, transfer: TransferService, fmt: str, *,
                report: Callable[[str], None] | None = None) -> bool:
    """Ask where, then write all data as `fmt` ("json", "csv" or "xlsx") on the background runner.
    True when the export was started (a place was chosen), False when the person cancelled.

    `report` receives the success sentence (for the status bar); a failure is one sentence
    in a warning box and leaves any earlier file at that place as it was.
    """
    today = transfer.records.clock.now().date()
    if fmt in ("json", "xlsx"):
        suffix = "." + fmt
        if fmt == "json":
            path = TransferFileChooser.save_json(parent, str(Path(last_folder(SETTINGS_FOLDER))
                                                             / suggested_json_name(today)))
        else:
            path = TransferFileChooser.save_xlsx(parent, str(Path(last_folder(SETTINGS_FOLDER))
                                                             / suggested_xlsx_name(today)))
        if not path:
            return False
        if not path.lower().endswith(suffix):
            path += suffix
            # The dialog asked about overwriting the name typed, not this one.
            if Path(path).exists() and not messages.confirm(
                    parent, _("Replace file?"), _("{name} already exists. Replace it?").format(name=Path(path).name)):
                return False
        QSettings().setValue(SETTINGS_FOLDER, str(Path(path).parent))
        target = Path(path)
    elif fmt == "csv":
        folder = TransferFileChooser.choose_csv_folder(parent)
        if not folder:
            return False
        QSettings().setValue(SETTINGS_FOLDER, folder)
        target, replaces = csv_target(folder, today)
        if replaces and not messages.confirm(
                parent, _("Replace CSV files?"),
                _("{folder} already holds the CSV files of an earlier export. "
                  "Replace them with your data as it is now?").format(folder=target)):
            return False
    else:
        raise ValueError(fmt)
    def exported(sentence: str) -> None:
        if report is None:
            return
        if fmt == "csv":
            # Kinds added later are written only when they hold records: count what is there.
            written = sum(1 for name in CSV_NAMES if (Path(target) / name).exists())
            sentence += " " + ngettext(
                "Each kind of record is its own file ({n} file); "
                "they hold health information and are now outside Steady: keep them somewhere private.",
                "Each kind of record is its own file ({n} files); "
                "they hold health information and are now outside Steady: keep them somewhere private.",
                written).format(n=written)  # (`fmt` here is the export's format: at most 22 files)
        else:
            sentence += " " + _(PRIVATE)
        report(sentence)

    label = {"csv": _("Exporting your data as CSV…"), "xlsx": _("Exporting your data as a spreadsheet…")}.get(
        fmt, _("Exporting your data…"))
    runner_for(parent).run_with(transfer, lambda own, task: own.transfer.export(fmt, str(target)),
                                label=label, on_done=exported, show_in=parent,
                                on_failed=lambda sentence: messages.warn(parent, _("Could not export"), sentence))
    return True


# =========================================================================================
# Import
# =========================================================================================


class KindCountsModel(QAbstractTableModel):
    """One row per kind of record in the file: how many are new, would be updated, are the same."""

    COL_KIND, COL_NEW, COL_UPDATED, COL_UNCHANGED = range(4)
    HEADERS = (N_("Kind of record"), N_("New"), N_("To update"), N_("Unchanged"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, int, int]] = []
        self._zero_color: QColor | None = None

    def set_plan(self, plan: TransferPlan | None) -> None:
        self.beginResetModel()
        self._rows = [] if plan is None else [
            (kind_label(s.name), len(s.add), len(s.update), s.unchanged)
            for s in plan.sections if s.add or s.update or s.unchanged]
        self.endResetModel()

    def row(self, row: int) -> tuple[str, int, int, int]:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignLeft if section == self.COL_KIND else Qt.AlignmentFlag.AlignRight
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, new, updated, same = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return label if col == self.COL_KIND else fmt.number((new, updated, same)[col - 1])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return _("{kind}: {new} new, {updated} to update, {same} unchanged").format(
                kind=label, new=fmt.number(new), updated=fmt.number(updated), same=fmt.number(same))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_KIND:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col != self.COL_KIND \
                and not (new, updated, same)[col - 1] and self._zero_color is not None:
            return self._zero_color  # the counts that matter stand out from a column of zeros
        return None

    def set_zero_color(self, color: QColor) -> None:
        self._zero_color = color


HOW_IT_WORKS = N_(
    "Importing adds the records Steady does not have yet. A record Steady already has is replaced by "
    "the file's copy where the two differ. Nothing is duplicated or deleted. Steady first saves a "
    "safety backup of your current data (File ▸ Backups and restore… brings it back), then brings in "
    "all of the file or none of it.")


class ImportExportDialog(ImportPreview):
    """The preview of importing one Steady export. `result_value` is set once Import succeeds."""

    def __init__(self, transfer: TransferService, path: str, parent: QWidget | None = None, *,
                 plan: TransferPlan | None = None):
        super().__init__(path, plan, parent, what=_("Import a Steady export"), heading_text=_("Import {name}"))
        self.transfer = self.service = transfer
        outer = self.outer
        self.about_file = QLabel(self)
        self.about_file.setAccessibleName(_("About the file"))
        self.about_file.setWordWrap(True)
        style_subtle_label(self.about_file)
        outer.addWidget(self.about_file)

        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Summary"))
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.summary, 1.0, bold=True))
        outer.addWidget(self.summary)

        self.table_label = QLabel(_("&Records in the file:"), self)
        outer.addWidget(self.table_label)
        self.model = KindCountsModel(self)
        self.table = self.make_table(self.model, _("Records in the file, by kind"))
        self.model.set_zero_color(self.table.palette().color(QPalette.ColorRole.PlaceholderText))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(KindCountsModel.COL_KIND, QHeaderView.ResizeMode.Stretch)
        # The three counts get one width, so they read as a grid rather than ragged columns.
        count_width = max(header.fontMetrics().horizontalAdvance(_(h)) for h in KindCountsModel.HEADERS[1:]) + 32
        for col in (KindCountsModel.COL_NEW, KindCountsModel.COL_UPDATED, KindCountsModel.COL_UNCHANGED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, count_width)
        self.table_label.setBuddy(self.table)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("No records"))
        style_subtle_label(self.empty)
        self.rows = QStackedWidget(self)
        self.rows.addWidget(self.table)
        self.rows.addWidget(self.empty)
        outer.addWidget(self.rows)

        for widget in self.make_notes(_("Skipped records and other notes")):
            outer.addWidget(widget)
        outer.addStretch(1)  # a taller window grows the notes, not the gaps between sentences

        self.how = QLabel(_(HOW_IT_WORKS), self)
        self.how.setAccessibleName(_("How importing works"))
        self.how.setWordWrap(True)
        self.how.setFrameShape(QFrame.Shape.StyledPanel)
        self.how.setMargin(8)
        outer.addWidget(self.how)

        self.reason = QLabel(self)
        self.reason.setAccessibleName(_("Why there is nothing to import"))
        self.reason.setWordWrap(True)
        outer.addWidget(self.reason)

        outer.addWidget(self.make_error())

        outer.addWidget(self.make_buttons())

        # Read in the background, the plan arrives after the dialog is built: it is fitted then.
        self._fit_pending = self.plan is None
        if self.plan is None:
            self.replan()
        else:
            self.show_plan()
            self._fit()

    def _fit(self) -> None:
        (self.import_button if self.import_button.isDefault() else self.cancel_button).setFocus()
        # Wide enough for the table at the person's font size, and tall enough for every
        # sentence as it wraps at that width, so no row of the table is cut off. The layouts
        # are brought up to date first: the table has just taken its height (inside the stack
        # that holds it) and the sentences their words; measured before, the last rows were cut off.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout_of(self).activate()
        width = max(640, self.sizeHint().width())
        self.resize(width, max(self.heightForWidth(width), self.sizeHint().height()))

    # --- the plan ------------------------------------------------------------------------------

    def read_plan(self, own, task):
        return own.transfer.plan(self.path)

    def show_plan(self) -> None:
        plan = self.plan
        self.model.set_plan(plan)
        self.about_file.setText(self._about_file())
        self.how.setVisible(plan is not None)
        if plan is None:
            self.table_label.hide()  # the sentence in the table's place says why
            self._set_text(self.summary, "")
            self.empty.setText(_("This file cannot be imported."))
            self.rows.setCurrentWidget(self.empty)
            self._set_text(self.reason, "")
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(_("This file cannot be imported"))
            self._set_default(self.cancel_button)
            self._show_warnings(())
            return
        has_rows = self.model.rowCount() > 0
        self.table_label.setVisible(has_rows)
        if has_rows:
            self.rows.setCurrentWidget(self.table)
            self._fit_table_height()
        else:
            self.empty.setText(
                _("This export holds no records, only settings to bring over.") if not plan.is_empty else
                _("Nothing to import: Steady could not use any record in this file (the notes below say why).")
                if plan.warnings else _("Nothing to import: this export holds no records."))
            self.rows.setCurrentWidget(self.empty)
        text = plan.summary()
        self._set_text(self.summary, text[:1].upper() + text[1:] + "." if has_rows or not plan.is_empty else "")
        if not plan.is_empty:
            self._set_text(self.reason, "")
            self.import_button.setToolTip(
                ngettext("Add {n} record and update {updated} in this data folder",
                         "Add {n} records and update {updated} in this data folder", plan.added).format(
                    n=fmt.number(plan.added), updated=fmt.number(plan.updated)))
        elif plan.unchanged:
            self._set_text(self.reason, _("Nothing to import: everything in this file is already in Steady, "
                                          "exactly as it is in the file."))
            self.import_button.setToolTip(_("Everything in this file is already in Steady"))
        else:  # the empty table says why
            self._set_text(self.reason, "")
            self.import_button.setToolTip(_("There is nothing to import"))
        self.import_button.setEnabled(not plan.is_empty)
        # Adding records is what the person came for; replacing records they have with the
        # file's copies (perhaps older ones) is not something Enter should do.
        self._set_default(self.import_button if not plan.is_empty and not plan.updated else self.cancel_button)
        self._show_warnings(plan.warnings)
        if self._fit_pending:
            self._fit_pending = False
            self._fit()

    def _set_default(self, button: QPushButton) -> None:
        for b in (self.import_button, self.cancel_button):
            b.setDefault(b is button)

    def _fit_table_height(self) -> None:
        """Every kind shows without scrolling and without blank rows (there are at most fourteen)."""
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setFixedHeight(height)

    def _about_file(self) -> str:
        parts = []
        plan = self.plan
        if plan is not None:
            made_by = f"Steady {plan.app_version}" if plan.app_version else "Steady"
            if plan.exported_at is not None:
                when = plan.exported_at.astimezone()  # the file says UTC; show this computer's time
                parts.append(_("Exported from {app} on {when}").format(
                    app=made_by, when=fmt.weekday_time(when, year=True)))
            else:
                parts.append(_("Exported from {app}").format(app=made_by))
        if plan is None or plan.exported_at is None:
            try:
                changed = dt.datetime.fromtimestamp(Path(self.path).stat().st_mtime)
                parts.append(_("file last changed on {when}").format(when=fmt.weekday_time(changed, year=True)))
            except (OSError, ValueError, OverflowError):
                pass
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        """An empty sentence takes no room."""
        label.setText(text)
        label.setVisible(bool(text))

    def _show_warnings(self, warnings) -> None:
        self.show_notes(warnings, notes_heading(len(warnings), 0, "record", "file"))

    def reason_text(self) -> str:
        return "" if self.reason.isHidden() else self.reason.text()

    # --- importing ---------------------------------------------------------------------------

    def apply_choices(self) -> None:
        self._to_apply = self.plan

    def apply_plan(self, own) -> TransferResult:
        return own.transfer.apply(self._to_apply)


def import_steady_export(parent: QWidget | None, transfer: TransferService, *,
                         report: Callable[[str], None] | None = None,
                         redirect_meetings: Callable[[str], object] | None = None,
                         path: str | None = None) -> Job | None:
    """Choose a Steady export (unless `path` is given), preview it, import on confirmation.
    Returns the job reading the file, or None when none is read (no file chosen, or another kind).

    A Meeting Guide list goes to `redirect_meetings(path)` when the person agrees (the window
    opens its meetings import); a calendar file is pointed to File ▸ Import ▸ Calendar file.
    `report` receives the success sentence for the status bar.
    """
    path = path or TransferFileChooser.open_export(parent)
    if not path:
        return None
    name = Path(path).name
    found = file_format(path)
    if found == "ics":
        messages.warn(parent, _("Not a Steady export"),
                      _("{name} is a calendar file, not a Steady export; add its events with "
                        "File ▸ Import ▸ Calendar file (.ics)… instead.").format(name=name))
        return None
    if found == "meeting_guide" and _looks_like_a_list(path):
        offer_other_import(parent, redirect_meetings, path, not_this=_("Not a Steady export"),
                           use_menu=_("{name} is a Meeting Guide meeting list, not a Steady export; add its "
                                      "meetings with File ▸ Import ▸ Meetings list (Meeting Guide)… instead."
                                      ).format(name=name),
                           question_title=_("Import meetings instead?"),
                           question=_("{name} is a Meeting Guide meeting list, not a Steady export. "
                                      "Choose meetings from it for your Meetings directory instead?").format(name=name))
        return None
    return run_import(parent, transfer, lambda own, task: own.transfer.plan(path),
                      lambda plan, prepared: ImportExportDialog(transfer, path, parent, plan=plan),
                      problem_title=_("Could not import"), report=report,
                      message=lambda result: result.text(name))


def _looks_like_a_list(path: str) -> bool:
    """A meeting list is a JSON list. A JSON object that is not a Steady export, or a .json
    file that is not JSON at all, is neither, and the Steady importer's own sentence explains
    that better than the meetings importer would."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")


__all__ = ["ImportExportDialog", "KindCountsModel", "TransferFileChooser", "csv_target", "export_data",
           "import_steady_export", "kind_label", "suggested_json_name"]
