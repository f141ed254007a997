"""What the three import previews share — a calendar file, a meeting list, a Steady export:

- a list of notes about the file (what was skipped and why), at most four rows high;
- a line that says what went wrong, in one sentence;
- Import, which writes the plan in one transaction: when that fails nothing was written, so
  the file is read again and the preview shows why;
- and the way from the menu to the preview (`run_import`): read the file under a wait
  cursor (a file that cannot be read is one sentence in a box), show the preview, report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.services.errors import StoreError, ValidationError
from app.ui import messages
from app.ui.dialogs.file_choosing import breakable, busy
from app.ui.style import heading, style_error_label

P = TypeVar("P")
NOTES_ROWS = 4


def notes_heading(count: int, skipped: int, thing: str, about: str) -> str:
    """ "2 events skipped, and 1 other note:", "3 meetings skipped:", "1 note about this file:"."""
    if skipped and count > skipped:
        return f"{fmt.plural(skipped, thing)} skipped, and {fmt.plural(count - skipped, 'other note')}:"
    if skipped:
        return f"{fmt.plural(skipped, thing)} skipped:"
    return f"{fmt.plural(count, 'note')} about this {about}:"


class ImportPreview(QDialog):
    """Base of the previews. A subclass lays itself out with `make_notes()` and `make_error()`
    where it wants them, and provides `read_plan()` (read the file as its choices stand),
    `show_plan()` (show `self.plan`, or that there is none), `apply_plan()` (write what the preview shows and return
    the result) and, if "anything to import" is not simply a non-empty plan, `can_import()`."""

    def __init__(self, path: str, plan: Any, parent: QWidget | None, *, what: str, heading_text: str):
        """`what` ("Import calendar") titles the window, with the file's name after it;
        `heading_text` ("Import {name}": the name is filled in, breakable) heads the page.
        The subclass goes on filling `self.outer`."""
        super().__init__(parent)
        self.path = str(path)
        self.plan = plan
        self.result_value: Any = None
        name = Path(self.path).name
        self.setWindowTitle(f"{what}: {name}")
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
        self.warnings = QListWidget(self)
        self.warnings.setAccessibleName(accessible_name)
        self.warnings.setWordWrap(True)
        self.warnings.setAlternatingRowColors(True)
        self.warnings_label.setBuddy(self.warnings)
        return self.warnings_label, self.warnings

    def make_error(self) -> QLabel:
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
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
        return table

    def make_buttons(self, import_name: str = "Import") -> QDialogButtonBox:
        """Import (its accessible name says what it imports) and Cancel."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button: QPushButton = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName(import_name)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
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
        if notes:
            line = self.warnings.fontMetrics().lineSpacing()
            rows = sum(max(self.warnings.sizeHintForRow(r), line) for r in range(min(len(notes), NOTES_ROWS)))
            self.warnings.setFixedHeight(rows + 2 * self.warnings.frameWidth())

    def _show_error(self, message: str) -> None:
        self.error.setText(breakable(message))  # a long file name wraps instead of widening the dialog
        self.error.show()

    def error_text(self) -> str:
        return "" if self.error.isHidden() else self.error.text().replace("\u200b", "")

    # --- importing -----------------------------------------------------------------------------------

    def can_import(self) -> bool:
        return self.plan is not None and not self.plan.is_empty

    def read_plan(self) -> Any:
        """Read the file as the preview's choices stand. Raises ValidationError or StoreError."""
        raise NotImplementedError

    def show_plan(self, *args: Any) -> None:
        """Show `self.plan` (None: the file could not be read)."""
        raise NotImplementedError

    def apply_plan(self) -> Any:
        raise NotImplementedError

    def replan(self, *args: Any) -> bool:
        """Read the file again; `args` go to show_plan. False (and the reason shown) if it cannot be read."""
        self.error.hide()
        try:
            with busy():
                self.plan = self.read_plan()
        except (ValidationError, StoreError) as exc:
            self.plan = None
            self.show_plan()
            self._show_error(exc.message)
            return False
        self.show_plan(*args)
        return True

    def replan_after_failure(self) -> None:
        self.replan()

    def accept(self) -> None:
        if not self.can_import():
            return
        try:
            with busy():
                self.result_value = self.apply_plan()
        except (ValidationError, StoreError) as exc:
            # Nothing was written (one transaction). Read the file again so the preview is current.
            message = exc.message
            self.replan_after_failure()
            self._show_error(message)
            return
        super().accept()


def offer_other_import(parent: QWidget | None, redirect: Callable[[str], object] | None, path: str, *,
                       not_this: str, use_menu: str,
                       question_title: str, question: str) -> None:
    """A file chosen in the wrong import: with `redirect`, ask to open the right one with it
    (`question`); without, say which menu item takes it (`use_menu`). `not_this` titles that."""
    if redirect is None:
        messages.warn(parent, not_this, use_menu)
    elif messages.confirm(parent, question_title, question):
        redirect(path)


def run_import(parent: QWidget | None, read_plan: Callable[[], P], preview: Callable[[P], ImportPreview], *,
               problem_title: str,
               report: Callable[[str], None] | None, message: Callable[[Any], str]) -> Any:
    """Read the plan, show the preview, and return what was imported (None if nothing was)."""
    try:
        with busy():
            plan = read_plan()
    except (ValidationError, StoreError) as exc:
        messages.warn(parent, problem_title, exc.message)
        return None
    dialog = preview(plan)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
            return None
        result = dialog.result_value
    finally:
        dialog.deleteLater()
    if report is not None:
        report(message(result))
    return result
