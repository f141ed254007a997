"""Pages that list records in tables: one `RecordsView` per kind, grouped in tabs."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.records import Record
from app.services.kinds import KINDS, Kind
from app.services.records import RecordService
from app.ui.dialogs.record_dialog import ConfirmDialog, RecordDialog, show_problem
from app.services.errors import StoreError
from app.ui.models.record_table import SORT_ROLE, RecordTableModel
from app.ui.style import heading, scaled_font
from app.ui.widgets.listening import ListensForChanges

_MAX_COLUMN_WIDTH = 320


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class EmptyState(QWidget):
    """What a table shows before it has rows: what the list is for, and how to start it."""

    def __init__(self, kind: Kind, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.hint = QLabel(kind.empty_hint, self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setFont(scaled_font(self.hint, 1.1))
        # Word-wrapped labels otherwise shrink to a narrow column; this reads as two or three lines.
        self.hint.setFixedWidth(min(480, self.hint.fontMetrics().horizontalAdvance(kind.empty_hint) + 24))
        self.hint.setAccessibleName(kind.empty_hint)
        self.button = QPushButton(f"Add your first {kind.singular}", self)
        self.button.setAccessibleName(self.button.text())
        self.button.setDefault(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.hint)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(2)


class RecordsView(ListensForChanges, QWidget):
    """A table of one kind of record with Add / Edit / Delete, or an empty state."""

    status_message = Signal(str)

    def __init__(self, service: RecordService, kind: Kind | str, parent: QWidget | None = None,
                 *, lazy: bool = False):
        super().__init__(parent)
        self.service = service
        # A lazy view loads its rows only while shown, so startup with years of history
        # pays for the one page on screen, not for every tab.
        self.lazy = lazy
        self._dirty = True
        self.kind = KINDS[kind] if isinstance(kind, str) else kind
        self.model = RecordTableModel(self.kind, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._sized = False

        noun = self.kind.singular
        self.add_button = QPushButton(f"Add {noun}…", self)
        self.add_button.setToolTip(f"Add a {noun} (Ctrl+N)")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip(f"Edit the selected {noun} (Enter or Ctrl+E)")
        self.edit_button.setAccessibleName(f"Edit selected {noun}")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip(f"Delete the selected {noun} (Del)")
        self.delete_button.setAccessibleName(f"Delete selected {noun}")
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of entries")
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.kind.plural)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self.table.setSortingEnabled(True)
        when = self.kind.record_type.WHEN
        if self.kind.record_type.PAST_ONLY and when in self.kind.columns:
            # Logs read newest first.
            self.table.sortByColumn(self.kind.columns.index(when), Qt.SortOrder.DescendingOrder)
        else:
            # Keep the order the service gives (by date, or archived last, then by name).
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)

        self.empty = EmptyState(self.kind, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self.add_record)
        self.empty.button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        if not lazy:
            self.refresh()
        self.attach()

    # --- keeping up to date ---------------------------------------------------------------------

    def changes_source(self):
        return self.service

    def on_changed(self, kind_name: str) -> None:
        if kind_name == self.kind.name or kind_name in self.model.ref_kinds:
            if self.lazy and not self.isVisible():
                self._dirty = True
            else:
                self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._dirty = False
        keep = self.selected_record()
        rows = self.service.list(self.kind)
        names = {ref: self.service.names(ref) for ref in self.model.ref_kinds}
        self.model.set_rows(rows, names)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.edit_button.setVisible(bool(rows))
        self.delete_button.setVisible(bool(rows))
        n = len(rows)
        self.count_label.setText(f"{n:,} {self.kind.singular if n == 1 else 'entries'}" if n else "")
        if rows and not self._sized:
            self._size_columns()
        if keep is not None:
            self.select_record(keep.id)
        self._update_buttons()

    def _size_columns(self) -> None:
        self._sized = True
        # Measuring a sample of rows is enough for widths and far quicker with years of entries.
        self.table.horizontalHeader().setResizeContentsPrecision(200)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            if header.sectionSize(col) > _MAX_COLUMN_WIDTH:
                header.resizeSection(col, _MAX_COLUMN_WIDTH)

    # --- selection -------------------------------------------------------------------------------

    def selected_record(self) -> Record | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.record_at(source.row())

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        has = self.selected_record() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_activated(self, index: QModelIndex) -> None:
        self.edit_selected()

    # --- actions ----------------------------------------------------------------------------------

    def make_dialog(self, record: Record | None = None) -> RecordDialog:
        return RecordDialog(self.service, self.kind, record, self)

    def add_record(self) -> Record | None:
        dialog = self.make_dialog()
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            self.select_record(dialog.saved.id)
            self.status_message.emit(f"Saved the new {self.kind.singular}.")
            return dialog.saved
        return None

    def edit_selected(self) -> Record | None:
        record = self.selected_record()
        if record is None:
            return None
        dialog = self.make_dialog(record)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            self.select_record(dialog.saved.id)
            self.status_message.emit(f"Saved your changes to the {self.kind.singular}.")
            return dialog.saved
        return None

    def delete_selected(self) -> bool:
        record = self.selected_record()
        if record is None:
            return False
        noun = self.kind.singular
        if not ConfirmDialog.ask(self, f"Delete {noun}", f"Delete this {noun}? This cannot be undone."):
            return False
        try:
            self.service.delete(record)
        except ValidationError as exc:
            QMessageBox.information(self, f"Keep {noun}", exc.message)
            return False
        except StoreError as exc:
            show_problem(self, "Could not delete", getattr(exc, "message", str(exc)))
            return False
        self.status_message.emit(f"Deleted the {noun}.")
        return True


class RecordsPage(QWidget):
    """A sidebar page: a heading and one or more record views (as tabs when several)."""

    status_message = Signal(str)

    def __init__(self, service: RecordService, title: str, sections: Sequence[tuple[str, str]],
                 parent: QWidget | None = None, intro: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(heading(title, self))
        self.intro = intro
        if intro is not None:
            layout.addWidget(intro)
        self.views: dict[str, RecordsView] = {}
        self.tabs: QTabWidget | None = None
        for tab_title, kind_name in sections:
            view = RecordsView(service, kind_name, self, lazy=True)
            view.status_message.connect(self.status_message)
            self.views[kind_name] = view
        if len(sections) == 1:
            layout.addWidget(next(iter(self.views.values())), 1)
        else:
            self.tabs = QTabWidget(self)
            self.tabs.setDocumentMode(True)
            for (tab_title, kind_name) in sections:
                self.tabs.addTab(self.views[kind_name], tab_title)
            self.tabs.setAccessibleName(f"{title} sections")
            layout.addWidget(self.tabs, 1)

    def current_view(self) -> RecordsView | None:
        if self.tabs is not None:
            widget = self.tabs.currentWidget()
            return widget if isinstance(widget, RecordsView) else None
        return next(iter(self.views.values()), None)

    def show_kind(self, kind_name: str) -> RecordsView:
        view = self.views[kind_name]
        if self.tabs is not None:
            self.tabs.setCurrentWidget(view)
        return view

    def detach(self) -> None:
        for view in self.views.values():
            view.detach()
