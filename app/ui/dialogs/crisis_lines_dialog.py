"""Preferences ▸ Crisis lines ▸ Edit lines…: the person's own list of lines for a country.

Steady's lines keep the source they were checked against while they are unchanged; a line
the person changes or adds is theirs (no source needed). Saving keeps the whole list as
the person's for that country; **Use Steady's list** goes back to the checked lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.crisis import CrisisLine
from app.domain.i18n import N_, _
from app.services.errors import StoreError, ValidationError
from app.ui.style import cell_item, style_error_label, style_subtle_label

if TYPE_CHECKING:
    from app.services.crisis import CrisisService

COLUMNS = (N_("Name"), N_("Number"), N_("Calls"), N_("Texts"), N_("What it is for"))
_ORIGINAL = Qt.ItemDataRole.UserRole + 1


class CrisisLinesDialog(QDialog):
    def __init__(self, crisis: CrisisService, country: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.crisis = crisis
        self.country = country
        self.setWindowTitle(_("Crisis lines in {country}").format(country=crisis.country_name(country)))
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(_("Change any line or add your own, like a local crisis team or your clinic's "
                         "after-hours number. Your list replaces Steady's for this country; Steady's "
                         "lines keep the public source they were checked against while you leave them "
                         "as they are."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.table.setAccessibleName(_("Crisis lines"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("&Add line"), self)
        self.remove_button = QPushButton(_("&Remove line"), self)
        self.reset_button = QPushButton(_("Use &Steady's list"), self)
        self.reset_button.setToolTip(_("Go back to the lines Steady checked for this country"))
        for button in (self.add_button, self.remove_button, self.reset_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.reset_button.clicked.connect(self.use_steadys_list)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        style_subtle_label(self.note)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        style_error_label(self.error)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(crisis.lines(country))
        em = self.fontMetrics().height()
        self.resize(max(760, em * 52), max(420, em * 26))

    def _fill(self, lines) -> None:
        self.table.setRowCount(0)
        for line in lines:
            self._append(line)
        own = self.crisis.has_own_lines(self.country)
        self.note.setText(_("This is your own list.") if own else _("These are Steady's lines for this country."))

    def _append(self, line: CrisisLine | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (line.name, line.number, line.purpose) if line else ("", "", "")
        for column, text in zip((0, 1, 4), values, strict=True):
            item = QTableWidgetItem(text)
            self.table.setItem(row, column, item)
        for column, on in ((2, line.calls if line else True), (3, line.texts if line else False)):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)
        cell_item(self.table, row, 0).setData(_ORIGINAL, line)
        return row

    def add_line(self) -> None:
        row = self._append(None)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(cell_item(self.table, row, 0))

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def use_steadys_list(self) -> None:
        self._fill(self.crisis.steady_lines(self.country))
        self._reset = True

    def lines(self) -> list[CrisisLine]:
        """The table as lines; ValidationError naming the row when one is not right."""
        out = []
        for row in range(self.table.rowCount()):
            text = [(item.text() if (item := self.table.item(row, c)) else "").strip() for c in (0, 1, 4)]
            calls, texts = (cell_item(self.table, row, c).checkState() == Qt.CheckState.Checked for c in (2, 3))
            if not any(text):
                continue  # an empty row added by mistake
            original = cell_item(self.table, row, 0).data(_ORIGINAL)
            try:
                line = CrisisLine(name=text[0], number=text[1], calls=calls, texts=texts, purpose=text[2],
                                  kind=original.kind if original else "crisis")
            except ValidationError as exc:
                raise ValidationError(exc.field, _("Line {number}: {problem}").format(
                    number=row + 1, problem=exc.message)) from None
            if original is not None and (line.name, line.number, line.calls, line.texts, line.purpose) == (
                    original.name, original.number, original.calls, original.texts, original.purpose):
                line = original  # unchanged: keeps the source it was checked against
            out.append(line)
        return out

    _reset = False

    def accept(self) -> None:
        self.error.hide()
        try:
            lines = self.lines()
            if self._reset and tuple(lines) == self.crisis.steady_lines(self.country):
                self.crisis.reset_lines(self.country)
            else:
                self.crisis.save_lines(self.country, lines)
        except (ValidationError, StoreError) as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        super().accept()
