"""Pages that list records in tables: one `RecordsView` per kind, grouped in tabs.

A view has a search box and, for kinds with a date, a date range. The table opens with its
newest rows and takes the rest when scrolled to; a search or a date range is asked of the file
in the same way (newest matches first), the words answered by the search index
(app.storage.search), whose texts for records written since the last search are made in
slices after the page has painted, so opening and typing cost the same after 20 years as
after one.
With an UndoHistory, add / edit / delete are pushed onto it and delete needs no "are you
sure" question.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.domain.records import Record, ScheduleChange
from app.services.errors import StoreError
from app.services.kinds import KINDS, Kind, kind_of
from app.services.records import CalendarLink, RecordService
from app.services.recovery import wording_for
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.models.record_table import SORT_ROLE, RecordFilterProxy, RecordTableModel, one_line, search_terms
from app.ui.style import heading, style_subtle_label
from app.ui.undo import UndoHistory, undo_shortcut_text
from app.ui.widgets.filter_bar import FilterBar
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges
from app.ui.widgets.table_states import EmptyState, NoMatchState

_MAX_COLUMN_WIDTH = 320
# Text columns are narrowed to fit the table's width, but not below this.
_MIN_TEXT_WIDTH = 110
# Column widths are measured on this many rows: enough to be right, quick with years of rows.
_SIZE_SAMPLE_ROWS = 60
# Search texts of records written since the last search, made after a page has painted: this
# many per turn of the event loop (a few milliseconds).
_SEARCH_SLICE_ROWS = 30
_BUSY_RETRY_MS = 1000
# A table opens with this many of its newest rows (a few screens' worth); the rest follow
# when scrolled to (RecordTableModel.fetchMore).
_FIRST_ROWS = 150
# A search's first matches: a screen and a half (each key asks for them again); the rest also
# when scrolled to.
_FIRST_MATCHES = 60

def _entries(n: int, kind: Kind) -> str:
    if n == 1:
        return _("1 {noun}").format(noun=kind.singular)
    return fmt.plural(n, "entry", "entries")



class TwoPartRow(QWidget):
    """A toolbar row of a left part and a right part. When both do not fit side by side the
    right part moves under the left one, and a part that does not fit on one line even then
    wraps onto more lines, so a large font or longer words never force the window wider."""

    GAP = 16
    SPACING = 6  # between the widgets of a part (each part's FlowLayout is made with it)

    def __init__(self, left: FlowLayout, right: FlowLayout, parent: QWidget | None = None):
        super().__init__(parent)
        self.left, self.right = QWidget(self), QWidget(self)
        self.left.setLayout(left)
        self.right.setLayout(right)
        self.left_layout, self.right_layout = left, right
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _one_line(self, layout: FlowLayout) -> int:
        """A part's width on one line (as FlowLayout places it)."""
        widths = [item.sizeHint().width() for item in map(layout.itemAt, range(layout.count())) if item is not None]
        return sum(widths) + self.SPACING * max(0, len(widths) - 1)

    def _height(self, layout: FlowLayout, width: int) -> int:
        return layout.heightForWidth(max(1, min(width, self._one_line(layout))))

    def _fits(self, width: int) -> bool:
        return self._one_line(self.left_layout) + self.GAP + self._one_line(self.right_layout) <= width

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        left, right = self._one_line(self.left_layout), self._one_line(self.right_layout)
        return QSize(left + self.GAP + right, max(self._height(self.left_layout, left),
                                                  self._height(self.right_layout, right)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        left, right = self.left_layout.minimumSize(), self.right_layout.minimumSize()
        return QSize(max(left.width(), right.width()), max(left.height(), right.height()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt naming
        if self._fits(width):
            return max(self._height(self.left_layout, width), self._height(self.right_layout, width))
        return self._height(self.left_layout, width) + 6 + self._height(self.right_layout, width)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._place()

    def event(self, event) -> bool:
        # A part's widgets changed size (a count or a button's words): place the parts again.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._place()
        return super().event(event)

    def _place(self) -> None:
        width = self.width()
        right_w = self._one_line(self.right_layout)
        if self._fits(width):
            height = self.heightForWidth(width)
            self.left.setGeometry(0, 0, width - right_w - self.GAP, height)
            self.right.setGeometry(width - right_w, 0, right_w, height)
        else:
            shown = min(width, right_w)
            left_h = self._height(self.left_layout, width)
            self.left.setGeometry(0, 0, width, left_h)
            self.right.setGeometry(width - shown, left_h + 6, shown, self._height(self.right_layout, width))
        if self.minimumHeight() != self.heightForWidth(width):
            self.setMinimumHeight(self.heightForWidth(width))


class RecordsView(ListensForChanges, QWidget):
    """A table of one kind of record with Add / Edit / Delete, a search box and dates;
    or an empty state that says what to do."""

    status_message = Signal(str)

    def __init__(self, service: RecordService, kind: Kind | str, parent: QWidget | None = None,
                 *, lazy: bool = False, undo: UndoHistory | None = None):
        super().__init__(parent)
        self.service = service
        # A lazy view loads its rows only while shown, so startup with years of history
        # pays for the one page on screen, not for every tab.
        self.lazy = lazy
        self._stale = True
        self.undo: UndoHistory | None = None
        self.kind = KINDS[kind] if isinstance(kind, str) else kind
        # A page may give a kind its own form (Meetings: Log a meeting): (record, parent) -> dialog.
        self.dialog_factory: Callable[[Record | None, QWidget], RecordDialog] | None = None
        # Fields a record must have set to be listed here (Meetings lists meeting attendance,
        # the Schedule page session attendance); set by the page before the view is shown.
        self.having: tuple[str, ...] = ()
        self.model = RecordTableModel(self.kind, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._sized = False
        self._natural_widths: list[int] = []
        self._least_widths: list[int] = []
        self._user_sized = False
        self._fitting = False
        self._total = 0  # every record the table lists
        self._matched = 0  # those the search and the dates let through
        self._filter: tuple[str, dt.date | None, dt.date | None] = ("", None, None)

        noun = self.kind.singular
        self.add_button = QPushButton(_("Add {noun}…").format(noun=noun), self)
        self.add_button.setToolTip(_("Add a {noun} (Ctrl+N)").format(noun=noun))
        self.add_button.setAccessibleName(_("Add {noun}").format(noun=noun))
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setToolTip(_("Edit the selected {noun} (Enter or Ctrl+E)").format(noun=noun))
        self.edit_button.setAccessibleName(_("Edit selected {noun}").format(noun=noun))
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.setToolTip(_("Delete the selected {noun} (Del)").format(noun=noun))
        self.delete_button.setAccessibleName(_("Delete selected {noun}").format(noun=noun))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(_("Number of entries"))
        style_subtle_label(self.count_label)
        buttons = FlowLayout(spacing=TwoPartRow.SPACING)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        # As tall as the buttons, its words centred on theirs (a FlowLayout lines widgets up by their tops).
        self.count_label.setMinimumHeight(self.add_button.sizeHint().height())
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        count = FlowLayout(spacing=TwoPartRow.SPACING)
        count.addWidget(self.count_label)
        self.bar = TwoPartRow(buttons, count, self)

        self.filters = FilterBar(self.kind, self._today, self)
        self.search = self.filters.search

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.kind.plural)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
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
        header.sectionResized.connect(self._on_section_resized)
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
        self.no_match = NoMatchState(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.no_match)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self.add_record)
        self.empty.button.clicked.connect(self.add_record)
        self.no_match.button.clicked.connect(self.clear_filters)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.filters.changed.connect(self.apply_filters)
        self.search.returnPressed.connect(self._focus_table)

        self.set_undo(undo)
        if not lazy:
            self.refresh()
        self.attach()

    def _today(self) -> dt.date:
        return self.service.clock.now().date()

    # --- keeping up to date ---------------------------------------------------------------------

    def changes_source(self):
        return self.service

    def affected_by(self, kind_name: str) -> bool:
        # A change of wording (setting wording.sober) is announced as a "sobriety" change.
        return (kind_name == self.kind.name or kind_name in self.model.ref_kinds
                or (kind_name == "sobriety" and self.model.names_sobriety))

    def _should_refresh_now(self) -> bool:
        # A lazy view (a tab not on screen) waits to be shown, even while the window is hidden.
        return self.isVisible() or (not self.lazy and super()._should_refresh_now())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if not self._stale:
            QTimer.singleShot(0, self, self._prepare_search)
        super().showEvent(event)  # refreshes a stale view

    @property
    def filtering(self) -> bool:
        """Whether a search or a date range is set."""
        query, start, end = self._filter
        return bool(search_terms(query)) or start is not None or end is not None

    def refresh(self) -> None:
        self._stale = False
        keep = self.selected_record()
        names = {ref: self.service.names(ref) for ref in self.model.ref_kinds}
        if self.model.names_sobriety:
            self.model.set_wording(wording_for(self.service))
        # Newest first: the rows a screen shows now, the rest when the table is scrolled to
        # them, so years of history open as quickly as a few weeks. A search or a date range
        # is asked of the file in the same way.
        query, start, end = self._filter
        kind, having = self.kind, self.having
        self._total = self.service.count(kind, having=having)
        if self.filtering:
            self._matched = self.service.count(kind, having=having, start=start, end=end, matching=query)
        else:
            self._matched = self._total
        first = _FIRST_MATCHES if self.filtering else _FIRST_ROWS
        rows = self.service.list(kind, start, end, limit=first, having=having, matching=query)
        more = (self.service.rest(kind, len(rows), having=having, start=start, end=end, matching=query)
                if self._matched > len(rows) else None)
        self.model.set_rows(rows, names, more)
        if rows and not self._sized:
            self._size_columns()
        self._show_state()
        if keep is not None:
            # Kept if it is still listed; a search is not widened to find it.
            self.select_record(keep.id, load=not self.filtering)
        self._update_buttons()
        QTimer.singleShot(0, self, self._prepare_search)

    def _prepare_search(self) -> None:
        # The search texts of records written since the last search, a slice per turn of
        # the event loop while shown, so input and painting are never held up.
        if not self.isVisible():
            return
        done = self.service.prepare_search(self.kind, _SEARCH_SLICE_ROWS)
        if done is None:  # another connection is writing (an import): later, not in a busy loop
            QTimer.singleShot(_BUSY_RETRY_MS, self, self._prepare_search)
        elif not done:
            QTimer.singleShot(0, self, self._prepare_search)

    def _show_state(self) -> None:
        total = self._total
        shown = self._matched
        has_rows = total > 0
        self.filters.setVisible(has_rows)
        self.edit_button.setVisible(has_rows)
        self.delete_button.setVisible(has_rows)
        if not has_rows:
            self.stack.setCurrentWidget(self.empty)
            self.count_label.setText("")
            return
        if self.filtering:
            self.count_label.setText(_("{shown} of {total}").format(shown=fmt.number(shown),
                                                                    total=_entries(total, self.kind)))
        else:
            self.count_label.setText(_entries(total, self.kind))
        if shown:
            self.stack.setCurrentWidget(self.table)
            return
        self.no_match.set_text(*self._no_match_words())
        self.stack.setCurrentWidget(self.no_match)

    def _no_match_words(self) -> tuple[str, str]:
        query = self.filters.search_text().strip()
        period = self.filters.describe_range()
        if query and period:
            text = _("No entries match “{query}” {period}.").format(query=one_line(query, 60), period=period)
        elif query:
            text = _("No entries match “{query}”.").format(query=one_line(query, 60))
        else:
            text = _("No entries {period}.").format(period=period)
        if query and period:
            return text, _("Clear search and dates")
        return text, _("Clear search") if query else _("Show all dates")

    def _size_columns(self) -> None:
        self._sized = True
        # Measured here on the cell texts of the first rows rather than by
        # resizeColumnsToContents, which asks the model for ten roles of every cell it
        # measures: a sample is enough for widths, and this is several times quicker.
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        style = self.table.style()
        # What the item delegate adds around the text (focus frame margins) and the grid line.
        padding = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 1) + 1 + 8
        rows = min(self.model.rowCount(), _SIZE_SAMPLE_ROWS)
        self._least_widths = [header.sectionSizeHint(col) for col in range(self.model.columnCount())]
        self._natural_widths = []
        for col in range(self.model.columnCount()):
            widest = max((metrics.horizontalAdvance(self.model.cells(row)[col]) for row in range(rows)), default=0)
            self._natural_widths.append(min(max(self._least_widths[col], widest + padding), _MAX_COLUMN_WIDTH))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Natural widths, with text columns narrowed to fit this view's width (until the
        person resizes a column by hand)."""
        if not self._natural_widths or self._user_sized:
            return
        style = self.table.style()
        # This view's width, not the table's: on first show the table is not laid out yet.
        available = (self.width() - 2 * self.table.frameWidth()
                     - style.pixelMetric(style.PixelMetric.PM_ScrollBarExtent) - 2)
        widths = _fit(self._natural_widths, self.model.elidable_columns, available, self._least_widths)
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for col, width in enumerate(widths):
                header.resizeSection(col, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        # The last column stretches by itself whenever the view's width changes.
        if not self._fitting and column != self.model.columnCount() - 1:
            self._user_sized = True

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_columns()

    # --- search and dates ------------------------------------------------------------------------

    def apply_filters(self) -> None:
        """Show the rows that match the search box and the date range."""
        start, end = self.filters.date_range()
        wanted = (self.filters.search_text(), start, end)
        if (search_terms(wanted[0]), start, end) == (search_terms(self._filter[0]), *self._filter[1:]):
            return
        self._filter = wanted
        self.refresh()
        if self._total:
            selected = self.table.selectionModel().selectedRows()
            if selected:
                self.table.scrollTo(selected[0])
            else:
                self.table.scrollToTop()

    def set_search(self, text: str) -> None:
        self.search.setText(text)

    def clear_filters(self) -> None:
        self.filters.clear()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, its text selected for replacing."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_table(self) -> None:
        if self.proxy.rowCount():
            if self.selected_record() is None:
                self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Reached when no window action has Ctrl+F (the table and the search box pass it on).
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- selection -------------------------------------------------------------------------------

    def selected_record(self) -> Record | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.record_at(source.row())

    def select_record(self, record_id: str, load: bool = True) -> bool:
        """Select and show the record's row; False if it is not listed (or filtered out).
        Rows not loaded yet are loaded to find it unless not `load`."""
        row = self.model.row_of(record_id, load)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def reveal(self, record_id: str) -> bool:
        """Select the record, clearing the search and dates if they hide it."""
        if self.select_record(record_id):
            return True
        if self.filtering and self.service.get(self.kind, record_id) is not None:
            self.clear_filters()
            return self.select_record(record_id)
        return False

    def _update_buttons(self) -> None:
        has = self.selected_record() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_activated(self, index: QModelIndex) -> None:
        self.edit_selected()

    # --- undo ------------------------------------------------------------------------------------

    def set_undo(self, undo: UndoHistory | None) -> None:
        """Push add / edit / delete onto `undo` (None: deletes ask first and are final)."""
        if self.undo is not None:
            self.undo.applied.disconnect(self._on_undo_applied)
        self.undo = undo
        if undo is not None:
            undo.applied.connect(self._on_undo_applied)

    def _on_undo_applied(self, kind_name: str, record_id: str) -> None:
        if kind_name == self.kind.name and self.isVisible():
            self.reveal(record_id)

    def detach(self) -> None:
        super().detach()
        self.set_undo(None)

    # --- actions ----------------------------------------------------------------------------------

    def make_dialog(self, record: Record | None = None) -> RecordDialog:
        if self.dialog_factory is not None:
            return self.dialog_factory(record, self)
        return RecordDialog(self.service, self.kind, record, self)

    def add_record(self) -> Record | None:
        dialog = self.make_dialog()
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            if self.undo is not None:
                self.undo.record_added(self.service, dialog.saved)
            self.reveal(dialog.saved.id)
            self.status_message.emit(_("Saved the new {noun}.").format(noun=self.kind.singular))
            return dialog.saved
        return None

    def edit_selected(self) -> Record | None:
        record = self.selected_record()
        if record is None:
            return None
        dialog = self.make_dialog(record)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            if self.undo is not None:
                self.undo.record_edited(self.service, record, dialog.saved)
            self.reveal(dialog.saved.id)
            self.status_message.emit(_("Saved your changes to the {noun}.").format(noun=self.kind.singular))
            return dialog.saved
        return None

    def delete_selected(self) -> bool:
        record = self.selected_record()
        if record is None:
            return False
        noun = self.kind.singular
        if self.undo is None and not messages.confirm(
                self, _("Delete {noun}").format(noun=noun),
                _("Delete this {noun}? This cannot be undone.").format(noun=noun)):
            return False
        selected = self.table.selectionModel().selectedRows()
        at_row = selected[0].row() if selected else 0
        try:
            dependents = self.service.dependents(record) if self.undo is not None else []
            self.service.delete(record)
        except ValidationError as exc:
            messages.inform(self, _("Keep {noun}").format(noun=noun), exc.message)
            return False
        except StoreError as exc:
            messages.warn(self, _("Could not delete"), exc.message)
            return False
        # The next row takes the deleted one's place, so Delete can be pressed again.
        if self.proxy.rowCount():
            self.table.selectRow(min(at_row, self.proxy.rowCount() - 1))
        if self.undo is None:
            self.status_message.emit(_("Deleted the {noun}.").format(noun=noun))
            return True
        self.undo.record_deleted(self.service, record, dependents)
        others = _along_with(dependents)
        if others:
            text = _("Deleted the {noun} and its {others}. Undo with {keys}.")
        else:
            text = _("Deleted the {noun}. Undo with {keys}.")
        self.status_message.emit(text.format(noun=noun, others=others, keys=undo_shortcut_text()))
        return True


def _fit(widths: list[int], elidable: frozenset[int], available: int, least: list[int]) -> list[int]:
    """Narrow the text columns (they elide with "…") just enough that every column fits
    `available` pixels, so no column hides behind a horizontal scroll bar; never below
    their header or _MIN_TEXT_WIDTH."""
    if available < 200 or sum(widths) <= available:
        return widths
    fixed = sum(w for col, w in enumerate(widths) if col not in elidable)
    shrinkable = sorted(widths[col] for col in elidable)
    room = available - fixed
    # The largest cap at which the text columns, each cut to the cap, use no more than `room`.
    cap = max(shrinkable, default=0)
    for i, width in enumerate(shrinkable):
        left = len(shrinkable) - i
        if sum(shrinkable[:i]) + width * left > room:
            cap = max(0, (room - sum(shrinkable[:i])) // left)
            break
    return [min(w, max(cap, _MIN_TEXT_WIDTH, least[col])) if col in elidable else w for col, w in enumerate(widths)]


def _along_with(dependents: Sequence[Record | CalendarLink]) -> str:
    """ "2 milestones" for the records deleted with another ("" when none; a calendar link is
    bookkeeping, not something a person made, so it is not mentioned)."""
    records = [d for d in dependents if isinstance(d, Record)]
    if not records:
        return ""
    counts: dict[str, int] = {}
    for record in records:
        if isinstance(record, ScheduleChange):
            name = ""  # changed sessions
        else:
            kind = kind_of(record)
            name = kind.plural.lower() if len(records) != 1 else kind.singular
        counts[name] = counts.get(name, 0) + 1
    parts = [fmt.plural(n, "changed session", "changed sessions") if not name
             else (_("{n} {things}").format(n=fmt.number(n), things=name) if n != 1 else name)
             for name, n in counts.items()]
    text = parts[0]
    for part in parts[1:]:
        text = _("{first} and {second}").format(first=text, second=part)
    return text


class RecordsPage(QWidget):
    """A sidebar page: a heading and one or more record views (as tabs when several)."""

    status_message = Signal(str)

    def __init__(self, service: RecordService, title: str, sections: Sequence[tuple[str, str]],
                 parent: QWidget | None = None, intro: QWidget | None = None, *,
                 undo: UndoHistory | None = None):
        super().__init__(parent)
        self.service = service
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(heading(i18n._(title), self))
        self.intro = intro
        if intro is not None:
            layout.addWidget(intro)
        self.views: dict[str, RecordsView] = {}
        self.tabs: QTabWidget | None = None
        for _tab_title, kind_name in sections:
            view = RecordsView(service, kind_name, self, lazy=True, undo=undo)
            view.status_message.connect(self.status_message)
            self.views[kind_name] = view
        if len(sections) == 1:
            layout.addWidget(next(iter(self.views.values())), 1)
        else:
            self.tabs = QTabWidget(self)
            self.tabs.setDocumentMode(True)
            for (tab_title, kind_name) in sections:
                self.tabs.addTab(self.views[kind_name], i18n._(tab_title))
            self.tabs.setAccessibleName(_("{title} sections").format(title=i18n._(title)))
            layout.addWidget(self.tabs, 1)

    @property
    def tab_widget(self) -> QTabWidget:
        """The tabs of a page of several kinds (the pages that add their own tabs have several)."""
        if self.tabs is None:
            raise AttributeError(f"the {self.title} page lists one kind and has no tabs")
        return self.tabs

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

    def set_undo(self, undo: UndoHistory | None) -> None:
        """Give every view the window's undo history (for pages built without one)."""
        # A subclass may put another kind of view in a tab (the skill library): it takes
        # the history only if it knows what to do with one.
        for view in self.views.values():
            setter = getattr(view, "set_undo", None)
            if callable(setter):
                setter(undo)

    def focus_search(self) -> bool:
        focus = getattr(self.current_view(), "focus_search", None)
        if callable(focus):
            focus()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.matches(QKeySequence.StandardKey.Find) and self.focus_search():
            event.accept()
            return
        super().keyPressEvent(event)

    def detach(self) -> None:
        for view in self.views.values():
            view.detach()
