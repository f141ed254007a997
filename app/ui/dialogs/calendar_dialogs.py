"""Calendar files from the File menu: export the schedule as .ics, import someone's calendar.

Import always shows a preview first (what would be added, updated and skipped, and why);
nothing is written until the person presses Import, and then all of it or none of it is.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _, ngettext
from app.domain.records import SCHEDULE_KINDS, ScheduleItem
from app.domain.recurrence import describe_rule
from app.ui import messages
from app.ui.background import Task, runner_for
from app.ui.dialogs.file_choosing import ask_open_path, export_caption, last_folder, remember_folder
from app.ui.dialogs.import_preview import ImportPreview, notes_heading, run_import
from app.ui.style import style_subtle_label

if TYPE_CHECKING:
    from app.services.ics import CalendarFiles, ImportPlan, ImportResult
    from app.ui.background import Job

FILE_FILTER = N_("Calendar files (*.ics)")
SUGGESTED_NAME = "steady-schedule.ics"
SETTINGS_FOLDER = "calendar_files/folder"
_KIND_LABELS = dict(SCHEDULE_KINDS)  # English: translated where shown




class FileChooser:
    """The system's file dialogs. Tests replace these classmethods to pick a path without a window."""

    @classmethod
    def open_calendar(cls, parent: QWidget | None) -> str | None:
        return ask_open_path(parent, _("Import calendar"), _(FILE_FILTER), SETTINGS_FOLDER)

    @classmethod
    def save_calendar(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(parent, export_caption(parent, _("Export schedule as calendar")),
                                                    suggested, _(FILE_FILTER))
        if not path:
            return None
        if not path.lower().endswith(".ics"):
            path += ".ics"
            # The dialog asked about overwriting the name typed, not this one.
            if Path(path).exists() and not messages.confirm(
                    parent, _("Replace file?"), _("{name} already exists. Replace it?").format(name=Path(path).name)):
                return None
        remember_folder(SETTINGS_FOLDER, path)
        return path


# =========================================================================================
# Export
# =========================================================================================


def export_calendar(parent: QWidget | None, calendar: CalendarFiles, *,
                    report: Callable[[str], None] | None = None) -> bool:
    """Ask where, write the whole schedule there (on the background runner). True when the
    export was started, False when the person cancelled.

    `report` receives the success sentence (for the status bar); a failure is one sentence
    in a warning box and leaves any earlier file at that path as it was.
    """
    suggested = str(Path(last_folder(SETTINGS_FOLDER)) / SUGGESTED_NAME)
    path = FileChooser.save_calendar(parent, suggested)
    if not path:
        return False
    def exported(size: int) -> None:
        if report is not None:
            report(export_message(path, size))

    runner_for(parent).run_with(calendar, lambda own, task: own.calendar.export_to(path),
                                label=_("Exporting your schedule…"), on_done=exported, show_in=parent,
                                on_failed=lambda sentence: messages.warn(parent, _("Could not export"), sentence))
    return True


def export_message(path: str, size: int) -> str:
    return _("Wrote your schedule to {path} ({size} bytes). It holds health information and is now "
             "outside Steady: keep it somewhere private.").format(path=path, size=fmt.number(size))


# =========================================================================================
# Import
# =========================================================================================


class PlanRow(NamedTuple):
    """One row of the preview with its texts worked out (one per column, and the tooltip)."""

    action: str
    item: ScheduleItem
    changes: int
    texts: tuple[str, ...]
    tooltip: str


class PlanModel(QAbstractTableModel):
    """The rows of an import preview: what would be added and what updated. The rows, in
    order and with their texts, are worked out by `rows_of(plan)` (on the worker, with the
    plan), so data() only looks them up."""

    COL_ACTION, COL_TITLE, COL_KIND, COL_START, COL_REPEATS, COL_CHANGES = range(6)
    HEADERS = (N_("Action"), N_("Title"), N_("Kind"), N_("First start"), N_("Repeats"), N_("Changed dates"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []

    @staticmethod
    def rows_of(plan: ImportPlan) -> list[PlanRow]:
        """The rows for `plan`, added ones first, each part by start and title. Plain data:
        any thread."""
        rows = []
        per_item = Counter(c.item_id for c in plan.changes)
        for action, items in (("Add", plan.to_add), ("Update", plan.to_update)):
            action_text = _("Add") if action == "Add" else _("Update")
            for item in sorted(items, key=lambda i: (i.start, i.title.casefold())):
                changes = per_item.get(item.id, 0)
                when = _when(item)
                repeats = describe_rule(item.recurrence) if item.recurrence else _("Once")
                kind = _KIND_LABELS.get(item.kind, item.kind)
                texts = (action_text, item.title, _(kind), when, repeats,
                         str(changes) if changes else "")
                tip = [item.title, f"{when} ({item.timezone})"]
                if item.location:
                    tip.append(item.location)
                if item.recurrence:
                    tip.append(repeats)
                if changes:
                    tip.append(ngettext("{n} date cancelled, moved or changed", "{n} dates cancelled, moved or changed",
                                        changes).format(n=fmt.number(changes)))
                rows.append(PlanRow(action, item, changes, texts, "\n".join(tip)))
        return rows

    def set_plan(self, plan: ImportPlan | None, rows: list[PlanRow] | None = None) -> None:
        """Show `plan`; `rows` are `rows_of(plan)` if already worked out."""
        if plan is not None and rows is None:
            rows = self.rows_of(plan)
        self.beginResetModel()
        self._rows = list(rows) if plan is not None and rows is not None else []
        self.endResetModel()

    def row(self, row: int) -> tuple[str, ScheduleItem, int]:
        action, item, changes, _texts, _tip = self._rows[row]
        return action, item, changes

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = self._rows[index.row()].texts
            return texts[col] if 0 <= col < len(texts) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()].tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_CHANGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _when(item: ScheduleItem) -> str:
    day = fmt.weekday_date(item.start, year=True)
    return _("{day}, all day").format(day=day) if item.all_day else f"{day}, {fmt.time(item.start)}"


class ImportCalendarDialog(ImportPreview):
    """The preview of importing one calendar file. `result_value` is set once Import succeeds."""

    def __init__(self, calendar: CalendarFiles, path: str, parent: QWidget | None = None, *,
                 plan: ImportPlan | None = None, kind: str = "work", prepared: list[PlanRow] | None = None):
        super().__init__(path, plan, parent, what=_("Import calendar"), heading_text=_("Import {name}"),
                         prepared=prepared)
        self.calendar = self.service = calendar
        outer = self.outer

        kind_row = QHBoxLayout()
        kind_label = QLabel(_("Import these events &as:"), self)
        self.kind_combo = QComboBox(self)
        for key, label in SCHEDULE_KINDS:
            self.kind_combo.addItem(_(label), key)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.kind_combo.setAccessibleName(_("Import these events as"))
        self.kind_combo.setToolTip(_("Events whose file names a kind (such as Steady's own export) keep it"))
        kind_label.setBuddy(self.kind_combo)
        kind_row.addWidget(kind_label)
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        outer.addLayout(kind_row)

        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Summary"))
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)

        self.model = PlanModel(self)
        self.table = self.make_table(self.model, _("Events to import"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PlanModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("Nothing to import"))
        style_subtle_label(self.empty)
        self.rows = QStackedWidget(self)
        self.rows.addWidget(self.table)
        self.rows.addWidget(self.empty)
        outer.addWidget(self.rows, 3)

        for widget in self.make_notes(_("Skipped events and other notes")):
            outer.addWidget(widget)
        outer.addWidget(self.make_error())

        outer.addWidget(self.make_buttons())

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        if self.plan is None:
            self.replan()
        else:
            self.show_plan()
        self.kind_combo.setFocus()
        self.resize(820, 560)

    # --- the plan ------------------------------------------------------------------------------

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def plan_choices(self) -> dict[str, Any]:
        return {"kind": self.kind()}

    def read_plan(self, own, task, kind: str = "work"):
        return read_calendar_plan(own, task, self.path, kind)

    def _on_kind_changed(self) -> None:
        """Re-label the plan for the new kind: the file is not read again (on a large calendar
        that took seconds); the re-labelling itself runs in the background."""
        if self.plan is None:
            if not self.working:
                self.replan()
            return
        plan, kind = self.plan, self.kind()
        self.relabel(lambda task: self.calendar.with_kind(plan, kind), label=_("Changing the kind…"))

    prepare = staticmethod(PlanModel.rows_of)

    def show_plan(self) -> None:
        plan = self.plan
        self.model.set_plan(plan, self.prepared_for(plan))
        if plan is None:
            self.summary.setText("")
            self.empty.setText(_("This file cannot be imported."))
            self.rows.setCurrentWidget(self.empty)
            self.import_button.setEnabled(False)
            self._show_warnings((), 0)
            return
        adds, updates = len(plan.to_add), len(plan.to_update)
        self.summary.setText(summary_text(plan))
        if plan.is_empty:
            self.empty.setText(_("Nothing to import: Steady could not use any event in this file "
                                 "(the reasons are below).") if plan.warnings else
                               _("Nothing to import: Steady could not use any event in this file."))
            self.rows.setCurrentWidget(self.empty)
        else:
            self.rows.setCurrentWidget(self.table)
            self.table.resizeColumnsToContents()
        self.import_button.setEnabled(not plan.is_empty)
        self.import_button.setToolTip(
            ngettext("Add {n} item and update {updates} in your schedule",
                     "Add {n} items and update {updates} in your schedule", adds).format(
                n=fmt.number(adds), updates=fmt.number(updates)) if not plan.is_empty
            else _("There is nothing to import"))
        self._show_warnings(plan.warnings, plan.skipped)

    def _show_warnings(self, warnings: Sequence[str], skipped: int) -> None:
        self.show_notes(warnings, notes_heading(len(warnings), skipped, "event", "file"))

    # --- importing ---------------------------------------------------------------------------

    def apply_choices(self) -> None:
        self._to_apply = self.plan

    def apply_plan(self, own) -> ImportResult:
        return own.calendar.apply(self._to_apply)


def read_calendar_plan(own, task: Task, path: str, kind: str) -> ImportPlan:
    """On the worker: the plan of the calendar at `path`, a large file read in a child process
    so the window's thread keeps Python's lock (app.services.child_process), stopped if Cancel
    is pressed."""
    return own.calendar.plan(path, kind=kind, apart=True, cancelled=lambda: task.cancelled)


def summary_text(plan: ImportPlan) -> str:
    """ "12 to add, 2 to update, 3 skipped" (the CLI's dry-run wording)."""
    return _("{add} to add, {update} to update, {skipped} skipped").format(
        add=fmt.number(len(plan.to_add)), update=fmt.number(len(plan.to_update)), skipped=fmt.number(plan.skipped))


def import_message(result: ImportResult, name: str) -> str:
    return _("Imported {name}: {added} added, {updated} updated, {skipped} skipped with a warning.").format(
        name=name, added=fmt.number(result.added), updated=fmt.number(result.updated),
        skipped=fmt.number(result.skipped))


def import_calendar(parent: QWidget | None, calendar: CalendarFiles, *,
                    report: Callable[[str], None] | None = None) -> Job | None:
    """Choose a file, preview it, import on confirmation. Returns the job reading the file,
    or None when no file was chosen.

    `report` receives the success sentence for the status bar.
    """
    path = FileChooser.open_calendar(parent)
    if not path:
        return None
    return run_import(parent, calendar, lambda own, task: read_calendar_plan(own, task, path, "work"),
                      lambda plan, rows: ImportCalendarDialog(calendar, path, parent, plan=plan, prepared=rows),
                      prepare=ImportCalendarDialog.prepare,
                      problem_title=_("Could not import calendar"), report=report,
                      message=lambda result: import_message(result, Path(path).name))


__all__ = ["FileChooser", "ImportCalendarDialog", "PlanModel", "export_calendar", "export_message",
           "import_calendar", "import_message", "summary_text"]
