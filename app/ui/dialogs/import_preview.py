"""What the three import previews share — a calendar file, a meeting list, a Steady export:

- a list of notes about the file (what was skipped and why), at most four rows high;
- a line that says what went wrong, in one sentence;
- Import, which writes the plan in one transaction: when that fails nothing was written, so
  the file is read again and the preview shows why;
- and the way from the menu to the preview (`run_import`): read the file on the background
  runner (a file that cannot be read is one sentence in a box), show the preview, report.

Reading the file and writing the import both run on the background runner (app/ui/background.py)
over a connection of the worker's own, so a 5,000-event calendar never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

from PySide6.QtCore import QAbstractItemModel, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import _, ngettext
from app.ui import messages
from app.ui.background import Job, Task, runner_for
from app.ui.dialogs.file_choosing import breakable
from app.ui.style import heading, style_error_label

if TYPE_CHECKING:
    from app.services.threads import OwnConnection

P = TypeVar("P")
NOTES_ROWS = 4


def _skipped(n: int, thing: str) -> str:
    """ "3 meetings skipped": each pair whole, so a language can agree the word with its number."""
    if thing == "event":
        text = ngettext("{n} event skipped", "{n} events skipped", n)
    elif thing == "meeting":
        text = ngettext("{n} meeting skipped", "{n} meetings skipped", n)
    elif thing == "record":
        text = ngettext("{n} record skipped", "{n} records skipped", n)
    else:
        raise ValueError(f"no wording for skipped {thing!r}")
    return text.format(n=fmt.number(n))


def _notes_about(n: int, about: str) -> str:
    """ "1 note about this file:", "2 notes about this list:"."""
    if about == "file":
        text = ngettext("{n} note about this file:", "{n} notes about this file:", n)
    elif about == "list":
        text = ngettext("{n} note about this list:", "{n} notes about this list:", n)
    else:
        raise ValueError(f"no wording for notes about a {about!r}")
    return text.format(n=fmt.number(n))


def notes_heading(count: int, skipped: int, thing: str, about: str) -> str:
    """ "2 events skipped, and 1 other note:", "3 meetings skipped:", "1 note about this file:".
    `thing` is "event", "meeting" or "record"; `about` is "file" or "list"."""
    if skipped and count > skipped:
        return _("{skipped}, and {others}:").format(
            skipped=_skipped(skipped, thing), others=fmt.plural(count - skipped, "other note", "other notes"))
    if skipped:
        return _("{skipped}:").format(skipped=_skipped(skipped, thing))
    return _notes_about(count, about)


# Columns sized "to their contents" look at this many rows (those on screen first), not at
# every one of a 5,000-event calendar: Qt asks the model about each row it measures.
SIZE_FROM_ROWS = 40


def fit_to_some_rows(table: QTableView) -> None:
    table.verticalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
    table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)


class NotesList(QListWidget):
    """The notes about a file, as tall as their first four rows as they wrap at the list's
    width (more scroll). Measured again whenever the width changes: a note that wraps to two
    lines (in Spanish more do) once left the next one hidden behind the scroll bar."""

    def fit_rows(self) -> None:
        if not self.count():
            return
        rows = sum(self._row_height(r) for r in range(min(self.count(), NOTES_ROWS)))
        height = rows + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)

    def _row_height(self, row: int) -> int:
        """Row `row`'s height as its text wraps at the list's width. Worked out from the text
        alone, for the four rows only: laying the whole list out again here would cost as much
        as Qt's own pass again (a fifth of a second for a calendar's 5,000 notes)."""
        metrics = self.fontMetrics()
        one_line = max(self.sizeHintForRow(row), metrics.lineSpacing())  # the text unwrapped, with padding
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 4
        width = self.viewport().width() - margin
        if self.count() > NOTES_ROWS and not self.verticalScrollBar().isVisible():
            width -= self.verticalScrollBar().sizeHint().width()  # the one that is about to appear
        width = max(1, width)
        wrapped = metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap,
                                       self.item(row).text()).height()
        return one_line + max(0, wrapped - metrics.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_rows()


class ImportPreview(QDialog):
    """Base of the previews. A subclass lays itself out with `make_notes()` and `make_error()`
    where it wants them, and provides `read_plan()` (read the file as its choices stand),
    `show_plan()` (show `self.plan`, or that there is none), `apply_plan()` (write what the preview shows and return
    the result) and, if "anything to import" is not simply a non-empty plan, `can_import()`."""

    def __init__(self, path: str, plan: Any, parent: QWidget | None, *, what: str, heading_text: str,
                 prepared: Any = None):
        """`what` ("Import calendar", translated) titles the window, with the file's name after it;
        `heading_text` ("Import {name}", translated: the name is filled in, breakable) heads the page;
        `prepared` is `prepare(plan)`, worked out with the plan on the worker (None: worked
        out here when shown). The subclass goes on filling `self.outer`."""
        super().__init__(parent)
        self.path = str(path)
        self.plan = plan
        self.prepared = prepared
        self.result_value: Any = None
        self.service: Any = None  # the window's service the file is read against (set by the subclass)
        self._job: Job | None = None
        self._import_was_enabled = False
        name = Path(self.path).name
        self.setWindowTitle(_("{what}: {name}").format(what=what, name=name))
        self.setAccessibleName(what)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.title = heading(heading_text.format(name=breakable(name)), self, factor=1.25)
        self.title.setToolTip(self.path)
        self.outer.addWidget(self.title)

    # --- parts of the layout --------------------------------------------------------------------

    def make_notes(self, accessible_name: str) -> tuple[QLabel, QListWidget]:
        self.warnings_label = QLabel(self)
        self.warnings_label.setWordWrap(True)
        self.warnings = NotesList(self)
        self.warnings.setAccessibleName(accessible_name)
        self.warnings.setWordWrap(True)
        self.warnings.setAlternatingRowColors(True)
        self.warnings_label.setBuddy(self.warnings)
        return self.warnings_label, self.warnings

    def make_error(self) -> QLabel:
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        style_error_label(self.error)
        self.error.hide()
        return self.error

    def make_table(self, model: QAbstractItemModel, accessible_name: str) -> QTableView:
        """A read-only table of what the file holds: whole rows, Tab leaves it, arrows move in it."""
        table = QTableView(self)
        table.setModel(model)
        table.setAccessibleName(accessible_name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        fit_to_some_rows(table)
        return table

    def make_buttons(self, import_name: str = "") -> QDialogButtonBox:
        """Import (its accessible name says what it imports, translated; default "Import") and Cancel."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button: QPushButton = self.buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName(import_name or _("Import"))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        return self.buttons

    # --- showing ------------------------------------------------------------------------------------

    def show_notes(self, notes: Sequence[str], heading: str) -> None:
        """The notes, under `heading`; up to four whole rows show, more scroll."""
        self.warnings.clear()
        self.warnings.addItems(list(notes))
        self.warnings_label.setText(heading)
        self.warnings_label.setVisible(bool(notes))
        self.warnings.setVisible(bool(notes))
        self.warnings.fit_rows()

    def _show_error(self, message: str) -> None:
        self.error.setText(breakable(message))  # a long file name wraps instead of widening the dialog
        self.error.show()

    def error_text(self) -> str:
        return "" if self.error.isHidden() else self.error.text().replace("\u200b", "")

    # --- importing -----------------------------------------------------------------------------------

    def can_import(self) -> bool:
        return self.plan is not None and not self.plan.is_empty

    def read_plan(self, own: OwnConnection, task: Task) -> Any:
        """Read the file as the preview's choices stand, on the worker thread through `own` (the
        services over the worker's own connection; `task.cancelled` says when to stop early);
        the choices are read from the widgets by `plan_choices()` beforehand. Raises
        ValidationError or StoreError."""
        raise NotImplementedError

    @staticmethod
    def prepare(plan: Any) -> Any:
        """What showing `plan` takes time to work out (a table's rows in their order, with
        their texts), worked out on the worker thread right after the plan, so that showing a
        5,000-event preview costs the window next to nothing. Runs on plain data: no widget,
        no service. None: nothing to prepare."""
        return None

    def prepared_for(self, plan: Any) -> Any:
        """`prepare(plan)`: the one the worker made with the plan, else worked out now."""
        prepared = self.prepared
        if prepared is None and plan is not None:
            prepared = self.prepared = self.prepare(plan)
        return prepared

    def plan_choices(self) -> dict[str, Any]:
        """What read_plan needs from the widgets (read here, on the window's thread)."""
        return {}

    def show_plan(self, *args: Any) -> None:
        """Show `self.plan` (None: the file could not be read)."""
        raise NotImplementedError

    def apply_plan(self, own: OwnConnection) -> Any:
        """Write what the preview shows, on the worker thread through `own` (writable); what
        it needs from the widgets is taken by `apply_choices()` beforehand."""
        raise NotImplementedError

    def apply_choices(self) -> None:
        """Take what apply_plan needs from the widgets (on the window's thread)."""

    # --- working in the background -------------------------------------------------------------

    @property
    def working(self) -> bool:
        """True while the file is read or the import written (on the background runner)."""
        return self._job is not None

    def _start(self, work: Callable[..., Any], *, label: str, writes: bool,
               on_done: Callable[[Any], None], on_failed: Callable[[str], None], plain: bool = False) -> None:
        """Run `work(own, task)` (or, `plain`, `work(task)` on plain data) in the background."""
        self._set_working(True)
        this: list[Job] = []

        def finish(then: Callable[..., None] | None, *args: Any) -> None:
            if self._job is not this[0]:
                return  # a job replaced by a newer one (the choices changed meanwhile)
            self._job = None
            self._set_working(False)
            if then is not None:
                then(*args)

        runner = runner_for(self)
        options: dict[str, Any] = dict(label=label, show_in=self, cancellable=not writes,
                                       on_done=lambda value: finish(on_done, value),
                                       on_failed=lambda sentence: finish(on_failed, sentence),
                                       on_cancelled=lambda: finish(None))
        job = runner.run(work, **options) if plain else runner.run_with(self.service, work, writes=writes, **options)
        this.append(job)
        self._job = job

    def _set_working(self, working: bool) -> None:
        """While the file is read or written, Import waits (and the choices with it)."""
        if working:
            self._import_was_enabled = self.import_button.isEnabled()
            self.import_button.setEnabled(False)
        else:
            self.import_button.setEnabled(self.can_import() if self.plan is not None else self._import_was_enabled)

    def replan(self, *args: Any) -> None:
        """Read the file again, on the background runner; `args` go to show_plan. If it cannot
        be read, the plan is None and the reason is shown."""
        self.error.hide()
        if self._job is not None:
            self._job.cancel()
        choices = self.plan_choices()

        prepare = self.prepare

        def read(own: OwnConnection, task: Task) -> tuple[Any, Any]:
            plan = self.read_plan(own, task, **choices)
            return plan, prepare(plan)

        def planned(outcome: tuple[Any, Any]) -> None:
            self.plan, self.prepared = outcome
            self.show_plan(*args)

        def failed(sentence: str) -> None:
            self.plan = self.prepared = None
            self.show_plan()
            self._show_error(sentence)

        self._start(read, label=_("Reading the file…"), writes=False, on_done=planned, on_failed=failed)

    def relabel(self, work: Callable[[Task], Any], *args: Any, label: str) -> None:
        """Turn the plan into another one without reading the file (`work(task)` on plain data,
        in the background), then show it (`args` go to show_plan)."""
        self.error.hide()
        if self._job is not None:
            self._job.cancel()

        prepare = self.prepare

        def relabel(task: Task) -> tuple[Any, Any]:
            plan = work(task)
            return plan, prepare(plan)

        def relabelled(outcome: tuple[Any, Any]) -> None:
            self.plan, self.prepared = outcome
            self.show_plan(*args)

        self._start(relabel, label=label, writes=False, plain=True, on_done=relabelled, on_failed=self._show_error)

    def replan_after_failure(self) -> None:
        self.replan()

    def accept(self) -> None:
        if self._job is not None or not self.can_import():
            return
        self.apply_choices()

        def applied(result: Any) -> None:
            self.result_value = result
            QDialog.accept(self)

        def failed(sentence: str) -> None:
            # Nothing was written (one transaction). Read the file again so the preview is current.
            self.replan_after_failure()
            self._show_error(sentence)

        self._start(lambda own, task: self.apply_plan(own), label=_("Importing…"), writes=True,
                    on_done=applied, on_failed=failed)

    def done(self, code: int) -> None:  # noqa: D401 - Qt's name
        """Closing while the file is read stops the reading; while the import is written, the
        dialog stays until it has finished (it is one transaction: all or nothing)."""
        if self._job is not None:
            if not self._job.cancel():
                return
            self._job = None
        super().done(code)


def offer_other_import(parent: QWidget | None, redirect: Callable[[str], object] | None, path: str, *,
                       not_this: str, use_menu: str,
                       question_title: str, question: str) -> None:
    """A file chosen in the wrong import: with `redirect`, ask to open the right one with it
    (`question`); without, say which menu item takes it (`use_menu`). `not_this` titles that."""
    if redirect is None:
        messages.warn(parent, not_this, use_menu)
    elif messages.confirm(parent, question_title, question):
        redirect(path)


def run_import(parent: QWidget | None, service: Any, read_plan: Callable[[OwnConnection, Task], P],
               preview: Callable[[P, Any], ImportPreview], *,
               problem_title: str,
               report: Callable[[str], None] | None, message: Callable[[Any], str],
               on_imported: Callable[[Any], None] | None = None,
               prepare: Callable[[P], Any] = ImportPreview.prepare) -> Job:
    """Read the plan on the background runner (`read_plan(own, task)`, with `own` the services
    over the worker's own connection to `service`'s data file) and `prepare` it for showing (the
    preview's own `prepare`), then show the preview (`preview(plan, prepared)`); once it has
    imported, `report` the sentence and hand the result to `on_imported`. Returns the job
    reading the file (the window stays responsive meanwhile)."""
    def read(own: OwnConnection, task: Task) -> tuple[P, Any]:
        plan = read_plan(own, task)
        return plan, prepare(plan)

    def planned(outcome: tuple[P, Any]) -> None:
        # The preview is made in this turn and shown in the next: with a list of thousands
        # of rows, filling it and laying it out are each a piece of work the window turns between.
        dialog = preview(*outcome)
        runner.later(lambda: run(dialog))

    def run(dialog: ImportPreview) -> None:
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
                return
            result = dialog.result_value
        finally:
            dialog.deleteLater()
        if report is not None:
            report(message(result))
        if on_imported is not None:
            on_imported(result)

    runner = runner_for(parent)
    return runner.run_with(service, read, label=_("Reading the file…"),
                                       show_in=parent, cancellable=True, on_done=planned,
                                       on_failed=lambda sentence: messages.warn(parent, problem_title, sentence))
