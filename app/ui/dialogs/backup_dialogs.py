"""File ▸ Back up now, and File ▸ Backups and restore…: the backups Steady has made (with
what each holds), a backup on request, and bringing one back after a clear comparison with
the data as it is now. Restoring always backs up the current data first (the service does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _
from app.services.backups import kind_label, table_label
from app.services.clock import SystemClock
from app.ui import messages
from app.ui.background import Job, runner_for
from app.ui.dialogs.file_choosing import ask_open_path, breakable, last_folder, remember_folder
from app.ui.style import heading, style_error_label, style_subtle_label

if TYPE_CHECKING:
    from app.services.backups import BackupInfo, BackupService, RestorePlan

SETTINGS_FOLDER = "files/backup_folder"
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _when(created: dt.datetime, today: dt.date | None, forms: tuple[str, str, str]) -> str:
    today = today or SystemClock().now().date()
    form = forms[0] if created.date() == today else (
        forms[1] if created.date() == today - dt.timedelta(days=1) else forms[2])
    return _(form).format(clock=fmt.time(created), day=fmt.weekday_date(created, year=True))


def when_text(created: dt.datetime, today: dt.date | None = None) -> str:
    """"Today, 09:30", "Yesterday, 21:05", "Sun 15 Nov 2026, 09:30"."""
    return _when(created, today, (N_("Today, {clock}"), N_("Yesterday, {clock}"), N_("{day}, {clock}")))


def when_phrase(created: dt.datetime, today: dt.date | None = None) -> str:
    """when_text inside a sentence: "today at 09:30", "on Sun 15 Nov 2026 at 09:30"."""
    return _when(created, today, (N_("today at {clock}"), N_("yesterday at {clock}"), N_("on {day} at {clock}")))


DAMAGED_TEXT = N_("it is damaged or cannot be read")


def size_text(size: int) -> str:
    if size < 1024:
        return fmt.plural(size, "byte", "bytes")
    if size < 1024 * 1024:
        return _("{size} KB").format(size=f"{size / 1024:.0f}")
    return _("{size} MB").format(size=fmt.number(round(size / (1024 * 1024), 1)))


def contents_text(counts: dict[str, int]) -> str:
    """"Check-ins 365 · Coping entries 812 · …", largest first; empty tables left out."""
    parts = sorted(((table_label(t), n) for t, n in counts.items() if n), key=lambda p: (-p[1], p[0]))
    return " · ".join(f"{label} {fmt.number(n)}" for label, n in parts) or _("No records")


class BackupFileChooser:
    """The system dialogs for a backup file elsewhere (tests replace these classmethods)."""

    @classmethod
    def open_backup(cls, parent: QWidget | None) -> str | None:
        return ask_open_path(parent, _("Restore from a backup file"), _("Steady data and backups (*.db)"),
                             SETTINGS_FOLDER)

    @classmethod
    def save_copy(cls, parent: QWidget | None, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(parent, _("Save a copy of your data"),
                                                    str(Path(last_folder(SETTINGS_FOLDER)) / suggested),
                                                    _("Steady backups (*.db);;All files (*)"))
        if not path:
            return None
        remember_folder(SETTINGS_FOLDER, path)
        return path if path.lower().endswith(".db") else path + ".db"


class FolderOpener:
    """Shows a folder in the system's file manager (tests replace `open`)."""

    @classmethod
    def open(cls, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def back_up_now(parent: QWidget | None, backups: BackupService, *,
                report: Callable[[str], None] | None = None,
                on_done: Callable[[BackupInfo], object] | None = None) -> Job:
    """Make a backup now, on the background runner; says where (and hands the BackupInfo to
    `on_done`), or says in one sentence why it could not be made."""
    def made(info: BackupInfo) -> None:
        if report is not None:
            report(_("Backed up {records} to {file} in your backups folder.").format(
                records=fmt.plural(info.total, "record", "records"), file=info.path.name))
        if on_done is not None:
            on_done(info)

    return runner_for(parent).run_with(backups, lambda own, task: own.backups.back_up_now(),
                                       label=_("Backing up your data…"), show_in=parent, on_done=made,
                                       on_failed=lambda sentence: messages.warn(parent, _("Backup not made"), sentence))


class RestoreConfirmDialog(QDialog):
    """What restoring would change, side by side, and a button that says what it does."""

    def __init__(self, plan: RestorePlan, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Restore this backup?"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        made = when_phrase(plan.backup.created, today)
        self.summary = QLabel(_(
            "Your data now ({now}) will be replaced by the backup made {made} ({then}). Steady first saves a backup "
            "of your data as it is now, so you can come back to it.").format(
                now=fmt.plural(plan.current_total, "record", "records"), made=made,
                then=fmt.plural(plan.backup.total, "record", "records")))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        rows = plan.labelled_rows()
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName(_("Records in the backup and now"))
        self.table.setHorizontalHeaderLabels([_("What"), _("In the backup"), _("Now")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, (label, in_backup, now) in enumerate(rows):
            differs = in_backup != now
            for c, text in enumerate((label, fmt.number(in_backup), fmt.number(now))):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(_RIGHT)
                if differs:  # the rows that would change stand out from the ones that would not
                    item.setFont(bold)
                    item.setToolTip(_("{what}: {then} in the backup, {now} now").format(
                        what=label, then=fmt.number(in_backup), now=fmt.number(now)))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        # Every kind shows without scrolling and without a blank strip under the last row.
        self.table.setFixedHeight(max(len(rows), 1) * self.table.verticalHeader().defaultSectionSize()
                                  + header.sizeHint().height() + 2 * self.table.frameWidth())
        layout.addWidget(self.table)
        lost = [label for label, in_backup, now in rows if now > in_backup]
        self.note = QLabel(_(
            "Entries made since this backup ({kinds}) will no longer show; they stay in the backup of your "
            "current data.").format(kinds=", ".join(lost[:4]) + ("…" if len(lost) > 4 else "")) if lost else "")
        self.note.setWordWrap(True)
        style_subtle_label(self.note)
        self.note.setVisible(bool(lost))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(_("&Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)  # replacing data is never the Enter-key default
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        width = max(520, self.sizeHint().width())
        self.resize(width, max(self.heightForWidth(width), self.minimumSizeHint().height()))

    @classmethod
    def confirm(cls, plan: RestorePlan, parent: QWidget | None, today: dt.date | None = None) -> bool:
        """Asks; tests replace this to answer without a window."""
        return cls(plan, parent, today=today).exec() == QDialog.DialogCode.Accepted


class BackupsDialog(QDialog):
    """Lists the backups newest first and restores one. `restore(path, on_done=, on_failed=)`
    does the restore for the window in the background (closing and reopening the data) and
    returns its Job; on_done gets the service's RestoreResult, on_failed one sentence."""

    def __init__(self, backups: BackupService, restore: Callable[..., Job], parent: QWidget | None = None,
                 *, report: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.backups = backups
        self._today = lambda: backups.clock.now().date()
        self._restore = restore
        self.report = report
        self.restored: object = None  # what the restore gave (app.main's RestoreResult), once done
        self.copied: BackupInfo | None = None
        self._jobs: list[Job] = []
        self._infos: list[BackupInfo] = []
        self._listing: Job | None = None  # reading the list (each backup's summary) in the background
        self.setWindowTitle(_("Backups and restore"))
        self.setAccessibleName(self.windowTitle())

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Backups"), self, 1.3))
        intro = QLabel(_("Steady backs up your data once a day while you use it, and before every import or "
                         "restore. It keeps 7 daily, 4 weekly and 12 monthly backups. They stay on this "
                         "computer, like your data; to have one that survives this computer's disk, save a "
                         "copy elsewhere, such as a USB stick."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        where = QHBoxLayout()
        self.folder_label = QLabel(_("Folder: {folder}").format(folder=breakable(str(backups.folder))))
        self.folder_label.setWordWrap(True)
        self.folder_label.setAccessibleName(_("Backups folder"))
        self.folder_label.setAccessibleDescription(str(backups.folder))
        style_subtle_label(self.folder_label)
        where.addWidget(self.folder_label, 1)
        self.show_folder_button = QPushButton(_("&Show folder"))
        self.show_folder_button.setToolTip(_("Open the backups folder in your file manager"))
        self.show_folder_button.clicked.connect(self.show_folder)
        where.addWidget(self.show_folder_button)
        self.copy_button = QPushButton(_("Save a copy &elsewhere…"))
        self.copy_button.setToolTip(_("A copy on another disk or a USB stick survives if this computer's disk fails"))
        self.copy_button.clicked.connect(self.save_copy)
        where.addWidget(self.copy_button)
        layout.addLayout(where)

        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName(_("Backups, newest first"))
        self.table.setHorizontalHeaderLabels([_("Made"), _("Kind"), _("Records"), _("Size")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        # The dialog opens wide enough for every column at the person's font size.
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c in (2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selection)
        # A double click restores (after asking). Not itemActivated: where the desktop opens
        # items on a single click (KDE's setting) that would ask on every click that selects
        # a row, and Enter already presses the default button, Restore selected….
        self.table.itemDoubleClicked.connect(self._on_double_click)
        self.empty_label = QLabel(_("No backups yet. Steady makes the first one on a day you open it with "
                                    "something logged, or you can press Back up now."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("No backups yet"))
        style_subtle_label(self.empty_label)
        # The list and the empty state take the same place, so an empty dialog is not a few
        # sentences spread out over large gaps.
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        layout.addWidget(self.list_stack, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("What the selected backup holds"))
        layout.addWidget(self.details)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(_("Problem"))
        style_error_label(self.error_label)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(self)
        self.back_up_button = buttons.addButton(_("&Back up now"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = buttons.addButton(_("&Restore selected…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_file_button = buttons.addButton(_("Restore from a &file…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons.rejected.connect(self.reject)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setShortcut(QKeySequence.StandardKey.Close)
        # Enter on a chosen backup means "restore it": that opens the comparison, whose
        # Enter default is Cancel, so two presses of Enter never replace the data.
        self.restore_button.setDefault(True)
        layout.addWidget(buttons)
        self.back_up_button.setFocus()
        self._fit_size()
        self.refresh(first=True)

    def _fit_size(self) -> None:
        hint = self.sizeHint()
        self.resize(max(640, hint.width(), self.width() if self.isVisible() else 0), max(460, hint.height()))

    # --- the list -----------------------------------------------------------------------------

    @property
    def listing(self) -> bool:
        """True while the list is read (on the background runner)."""
        return self._listing is not None

    def refresh(self, select: Path | None = None, *, first: bool = False) -> Job:
        """Read the list on the background runner (each backup's summary opens the backup),
        then show it, with `select` chosen. Returns the job."""
        def read(own, task) -> tuple[list[BackupInfo], str]:
            try:
                return own.backups.list(), ""
            except OSError as exc:  # an unreadable backups folder
                return [], _("The backups folder cannot be read ({reason}).").format(reason=exc.strerror or exc)

        this: list[Job] = []

        def listed(outcome: tuple[list[BackupInfo], str]) -> None:
            if self._listing is not this[0]:
                return  # a newer reading is under way
            self._listing = None
            infos, problem = outcome
            if problem:
                self._show_error(problem)
            self._show_list(infos, select)
            if first:
                (self.table if self._infos else self.back_up_button).setFocus()
                self._fit_size()

        def failed(sentence: str) -> None:
            if self._listing is this[0]:
                self._listing = None
                self._show_error(sentence)

        job = runner_for(self).run_with(self.backups, read, label=_("Reading the backups…"), on_done=listed,
                                        on_failed=failed)
        this.append(job)
        self._listing = job
        return job

    def _show_list(self, infos: list[BackupInfo], select: Path | None) -> None:
        self._infos = infos
        self.table.setRowCount(len(self._infos))
        for r, info in enumerate(self._infos):
            records = _("Damaged") if info.damaged else fmt.number(info.total)
            cells = (when_text(info.created, self._today()), kind_label(info.label), records, size_text(info.size))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2 and not info.damaged:
                    item.setTextAlignment(_RIGHT)
                item.setToolTip(_("Cannot be restored: {reason}.").format(reason=_(DAMAGED_TEXT)) if info.damaged
                                else contents_text(info.counts))
                self.table.setItem(r, c, item)
        has = bool(self._infos)
        self.list_stack.setCurrentWidget(self.table if has else self.empty_label)
        row = next((r for r, i in enumerate(self._infos) if select is not None and i.path == select), 0 if has else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._on_selection()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._infos[rows[0].row()] if rows else None

    def _on_selection(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(not self._jobs and info is not None and not info.damaged)
        if info is None:
            self.details.setText("")
            self.details.setToolTip("")
        elif info.damaged:
            # The reader's reason ("not an SQLite database") is for whoever helps; the sentence is plain.
            self.details.setText(_("{file} cannot be restored: {reason}.").format(
                file=breakable(info.path.name), reason=_(DAMAGED_TEXT)))
            self.details.setToolTip(_("Details: {details}").format(details=info.damaged))
        else:
            self.details.setText(_("{file} holds: {contents}").format(file=breakable(info.path.name),
                                                                      contents=contents_text(info.counts)))
            self.details.setToolTip("")

    def _show_error(self, message: str) -> None:
        self.error_label.setText(breakable(message))
        self.error_label.setVisible(bool(message))

    # --- actions ------------------------------------------------------------------------------

    def back_up(self) -> None:
        self._show_error("")
        self._track(back_up_now(self, self.backups, report=self.report,
                                on_done=lambda info: self.refresh(select=info.path)))

    def save_copy(self) -> Job | None:
        """A standalone copy somewhere the person chooses (not rotated, not listed here),
        written on the background runner. None when no place was chosen."""
        self._show_error("")
        path = BackupFileChooser.save_copy(self, f"steady-copy-{self._today().isoformat()}.db")
        if not path:
            return None

        def saved(info: BackupInfo) -> None:
            self.copied = info
            if self.report is not None:
                self.report(_("Saved a copy of your data ({records}) to {path}. It holds your health information: "
                              "keep it somewhere private.").format(
                                  records=fmt.plural(info.total, "record", "records"), path=info.path))

        return self._track(runner_for(self).run_with(
            self.backups, lambda own, task: own.backups.copy_to(Path(path)), label=_("Saving a copy of your data…"),
            show_in=self, on_done=saved, on_failed=self._show_error))

    def _track(self, job: Job) -> Job:
        """While a backup or copy is written, the buttons that would start another wait."""
        self._jobs.append(job)
        self._enable_actions()
        job.ended.connect(self._job_ended)
        return job

    def _job_ended(self) -> None:
        self._jobs = [j for j in self._jobs if j.running]
        self._enable_actions()

    def _enable_actions(self) -> None:
        idle = not self._jobs
        for button in (self.back_up_button, self.copy_button, self.restore_file_button):
            button.setEnabled(idle)
        info = self.selected()
        self.restore_button.setEnabled(idle and info is not None and not info.damaged)

    def done(self, code: int) -> None:  # noqa: D401 - Qt's name
        """A backup being written finishes first (it is quick, and a half-made copy helps no one)."""
        if any(j.running for j in self._jobs):
            runner_for(self).wait()
        super().done(code)

    def show_folder(self) -> None:
        folder = self.backups.folder
        if not folder.is_dir():
            self._show_error(_("There is no backups folder yet; it appears with the first backup."))
            return
        if not FolderOpener.open(folder):
            self._show_error(_("Your file manager could not be opened; the folder is {folder}.").format(folder=folder))

    def _on_double_click(self, _item: QTableWidgetItem) -> None:
        self.restore_selected()

    def restore_selected(self) -> None:
        info = self.selected()
        if info is not None and not info.damaged:
            self.restore_path(info.path)

    def restore_from_file(self) -> None:
        path = BackupFileChooser.open_backup(self)
        if path:
            self.restore_path(Path(path))

    def restore_path(self, path: Path) -> Job:
        """Compare, ask, restore, on the background runner (the comparison reads both files;
        the restore replaces the data file). Once restored the dialog closes as accepted; a
        refusal or failure stays in the dialog as one sentence."""
        self._show_error("")

        def compared(plan: RestorePlan) -> None:
            if RestoreConfirmDialog.confirm(plan, self):
                self._track(self._restore(path, on_done=lambda result: self._restored(plan, result),
                                          on_failed=self._restore_failed))

        return self._track(runner_for(self).run_with(
            self.backups, lambda own, task: own.backups.restore_plan(path), label=_("Reading the backup…"),
            show_in=self, on_done=compared, on_failed=self._show_error))

    def _restored(self, plan: RestorePlan, result: object) -> None:
        self.restored = result
        if self.report is not None:
            kept = getattr(result, "safety_copy", None)
            made = when_phrase(plan.backup.created, self._today())
            self.report(_("Restored the backup made {made}. Your data as it was is kept as {file}.").format(
                made=made, file=Path(kept).name) if kept else _("Restored the backup made {made}.").format(made=made))
        self.accept()

    def _restore_failed(self, sentence: str) -> None:
        self._show_error(sentence)
        self.refresh()
