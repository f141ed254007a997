"""A read-only table of records of one kind, with the columns the kind lists.

Besides Qt's model interface the table keeps what a page needs to stay quick with years
of entries and with any text a person may paste:

* each cell's text is made once per row, on first paint, and bounded to one line of at
  most `CELL_CHARS` characters, so a 100,000-character note costs no more to draw than a
  short one (the record itself is never changed);
* sorting happens here, in Python over cached keys, rather than in the proxy, which
  would call back into Python twice per comparison;
* years of rows open as quickly as a few weeks: `set_rows` takes the newest rows and an
  iterator of the rest, which Qt's `fetchMore` takes a slice at a time when the table is
  scrolled to its end, and all at once only when a sort or a lookup needs every row
  (`load_all`). A search or a date range is asked of the file (the view gives the model the
  matching rows in the same way), answered by the search index, never by a scan here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Iterable, Iterator, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.domain import fields as F
from app.domain.i18n import _
from app.domain.records import Record
from app.domain.searching import display_value, fold, search_terms  # noqa: F401 (fold, search_terms: re-exported)
from app.domain.wording import SOBER, reword
from app.services.kinds import Kind

# The record object behind a row, whichever column is asked.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
# A plain value that sorts correctly (dates as ISO text, numbers as floats, blanks first).
SORT_ROLE = Qt.ItemDataRole.UserRole

_TOP = QModelIndex()  # the table's (invalid) parent index
# Rows Qt's fetchMore adds when the table is scrolled to the end of those loaded: a few
# screens, made quickly enough not to hold up the scrolling.
FETCH_ROWS = 200

# A cell shows at most this many characters of the first line of its text.
CELL_CHARS = 200
# Tooltips of long text: bounded in characters and in lines, so one never fills the screen.
TOOLTIP_CHARS = 600
TOOLTIP_LINES = 12

_NUMERIC = (F.INT, F.FLOAT, F.BOOL, F.OPTBOOL)

# Roles as plain ints: data() is called thousands of times per paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_SORT = int(SORT_ROLE)
_RECORD = int(RECORD_ROLE)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# --- making any text safe to show in one table cell ------------------------------------------------

# C0 controls (but tab and line breaks, handled separately), DEL and C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Runs without a space that long get a zero-width break opportunity, so a tooltip wraps.
_LONG_WORD = re.compile(r"\S{60}(?=\S)")
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


_PLACEHOLDER = "\ufffd"  # �: in every common font, unlike the Control Pictures (␇ ␛)


def visible_controls(text: str) -> str:
    """Control characters as a visible placeholder (�), tabs as spaces: for display only."""
    return _CONTROLS.sub(_PLACEHOLDER, text.replace("\t", " ")) if text else text


def one_line(text: str, limit: int = CELL_CHARS) -> str:
    """The first non-blank line of `text`, at most `limit` characters, with "…" if anything
    was left out. Works on a bounded prefix, so the length of `text` does not matter."""
    if not text:
        return ""
    head = text[: limit * 4].lstrip()
    first = _LINE_BREAKS.split(head, 1)[0] if head else ""
    shown = first[:limit].rstrip()
    cut = len(shown) < len(text) and shown != text.strip()
    return visible_controls(shown) + ("…" if cut else "")


def tooltip_text(text: str) -> str:
    """At most TOOLTIP_CHARS characters and TOOLTIP_LINES lines of `text`, as rich text so
    that markup in a note is shown, never interpreted, and long lines wrap."""
    if not text:
        return ""
    head = text[:TOOLTIP_CHARS]
    lines = _LINE_BREAKS.split(head.replace("\r\n", "\n"))
    cut = len(text) > TOOLTIP_CHARS or len(lines) > TOOLTIP_LINES
    shown = "\n".join(_LONG_WORD.sub("\\g<0>\u200b", visible_controls(line))
                      for line in lines[:TOOLTIP_LINES]).rstrip()
    if cut:
        shown += "…"
    return "<p style='white-space:pre-wrap'>" + html.escape(shown, quote=False) + "</p>"


# --- values ------------------------------------------------------------------------------------------

def cell_text(spec: F.FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> str:
    """What a table cell shows: one line, bounded, control characters made visible."""
    return one_line(display_value(spec, value, names))


def sort_value(spec: F.FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> Any:
    """A primitive Qt can compare; blanks sort before everything else in either direction's start."""
    if spec.kind in _NUMERIC:
        return float("-inf") if value is None else float(value)
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if spec.kind in (F.TEXT, F.LONGTEXT):
        # A bounded prefix sorts as well as the whole text and costs nothing for long notes.
        return value[:CELL_CHARS].casefold()
    return display_value(spec, value, names).casefold()


class RecordTableModel(QAbstractTableModel):
    def __init__(self, kind: Kind, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.all_specs = F.specs_of(kind.record_type)
        by_name = {s.name: s for s in self.all_specs}
        self.specs: tuple[F.FieldSpec, ...] = tuple(by_name[c] for c in kind.columns)
        self._numeric_cols = frozenset(i for i, s in enumerate(self.specs) if s.kind in (F.INT, F.FLOAT))
        # Columns of free text, which elide with "…" when narrow.
        self.elidable_columns = frozenset(
            i for i, s in enumerate(self.specs) if s.kind in (F.TEXT, F.LONGTEXT, F.REF, F.REFS, F.CHOICES))
        self._rows: list[Record] = []
        self._more: Iterator[Record] | None = None  # the rows not converted yet, in order
        self._names: dict[str, dict[str, str]] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # "sober" or "without_use" (setting wording.sober): headers naming sobriety follow it.
        self.wording = SOBER
        # Whether any header names sobriety, so only those tables read the setting.
        self.names_sobriety = any("sober" in (s.label + s.help).lower() for s in self.specs)
        self._clear_caches()

    def _clear_caches(self) -> None:
        n = len(self._rows)
        self._cells: list[tuple[str, ...] | None] = [None] * n  # made on first paint of a row
        # Sorting asks for each key many times; compute a column's keys once per reset.
        self._sort_keys: dict[int, list[Any]] = {}
        self._index: dict[str, int] | None = None

    def set_wording(self, style: str) -> None:
        """Name days without use as the person chose (setting wording.sober) in the headers."""
        if style != self.wording:
            self.wording = style
            if self.specs:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.specs) - 1)

    @property
    def ref_kinds(self) -> tuple[str, ...]:
        """Kinds whose names this table shows, so it must refresh when they change."""
        return tuple(dict.fromkeys(s.ref for s in self.specs if s.kind in (F.REF, F.REFS) and s.ref))

    def set_rows(self, rows: Sequence[Record], names: dict[str, dict[str, str]] | None = None,
                 more: Iterable[Record] | None = None) -> None:
        """Show `rows`; `more` yields the rest in the same order (the service's: newest first),
        taken by `load_more`/`load_all`. With more to come the rows must already be in the
        order the table shows (the service's, or newest first by date), so the rest can be
        appended; any other sort first loads everything."""
        self.beginResetModel()
        self._rows = list(rows)
        self._more = iter(more) if more is not None else None
        self._names = dict(names or {})
        self._clear_caches()
        if self._sort_column >= 0:
            if self._more is not None and not self._appends_in_order():
                self._rows.extend(self._more)
                self._more = None
                self._clear_caches()
            self._rows = [self._rows[i] for i in self._sort_permutation()]
            self._sort_keys = {}
        self.endResetModel()

    # --- rows still to come ------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Whether every row is in the model."""
        return self._more is None

    def _appends_in_order(self) -> bool:
        """Whether the rows still to come belong after the loaded ones in the current sort:
        no sort (the service's order), or newest first by the record's date."""
        if self._sort_column < 0:
            return True
        spec = self.specs[self._sort_column]
        return spec.name == self.kind.record_type.WHEN and self._sort_order == Qt.SortOrder.DescendingOrder

    def load_more(self, count: int | None = None) -> bool:
        """Append up to `count` more rows (all with None). Returns True when every row is loaded."""
        if self._more is None:
            return True
        batch: list[Record] = []
        for record in self._more:
            batch.append(record)
            if count is not None and len(batch) >= count:
                break
        else:
            self._more = None
        if batch:
            self._append(batch)
        return self._more is None

    def load_all(self) -> None:
        """Every row, now (a sort, a search or finding a record needs them all)."""
        self.load_more()

    def _append(self, batch: list[Record]) -> None:
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self._cells.extend([None] * len(batch))
        for column, keys in self._sort_keys.items():
            spec = self.specs[column]
            keys.extend(sort_value(spec, getattr(r, spec.name), self._names) for r in batch)
        self._index = None
        self.endInsertRows()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> bool:  # noqa: N802
        return not parent.isValid() and self._more is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> None:  # noqa: N802
        if not parent.isValid():
            self.load_more(count=FETCH_ROWS)

    def record_at(self, row: int) -> Record | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str, load: bool = True) -> int:
        """The record's row, loading the rest of the rows (unless not `load`) if it is not
        among those loaded."""
        if self._index is None:
            self._index = {r.id: i for i, r in enumerate(self._rows)}
        if record_id not in self._index and self._more is not None and load:
            self.load_all()
            self._index = {r.id: i for i, r in enumerate(self._rows)}
        return self._index.get(record_id, -1)

    def cells(self, row: int) -> tuple[str, ...]:
        """The texts row `row` shows, one per column."""
        cached = self._cells[row]
        if cached is None:
            record = self._rows[row]
            cached = self._cells[row] = tuple(
                cell_text(s, getattr(record, s.name), self._names) for s in self.specs)
        return cached

    # --- sorting ------------------------------------------------------------------------------

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _keys(self, column: int) -> list[Any]:
        keys = self._sort_keys.get(column)
        if keys is None:
            spec = self.specs[column]
            keys = self._sort_keys[column] = [sort_value(spec, getattr(r, spec.name), self._names) for r in self._rows]
        return keys

    def _sort_permutation(self) -> list[int]:
        keys = self._keys(self._sort_column)
        # Python's sort is stable both ways, as the proxy's is: equal keys keep the service's order.
        return sorted(range(len(keys)), key=keys.__getitem__,
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (-1: keep the order the rows were given in, from the next reset on)."""
        if not -1 <= column < len(self.specs):
            return
        self._sort_column, self._sort_order = column, order
        if not self._appends_in_order():
            self.load_all()
        if column < 0 or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        order_ = self._sort_permutation()
        new_row = [0] * len(order_)
        for new, old in enumerate(order_):
            new_row[old] = new

        def permute(values):
            return None if values is None else [values[i] for i in order_]

        self._rows = permute(self._rows)
        self._cells = permute(self._cells)
        self._sort_keys = {c: permute(k) for c, k in self._sort_keys.items()}
        self._index = None
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(new_row[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.specs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self.specs)) or not index.isValid():
            return None
        if role == _DISPLAY:
            return self.cells(row)[col]
        if role == _SORT or role == _EDIT:
            return self._keys(col)[row]
        if role == _ALIGN:
            return _RIGHT if col in self._numeric_cols else None
        if role == _RECORD:
            return self._rows[row]
        if role == _TOOLTIP and col in self.elidable_columns:
            # The whole text (bounded) of cells a narrow column or the one-line rule cuts short.
            spec = self.specs[col]
            value = getattr(self._rows[row], spec.name)
            if value:
                return tooltip_text(display_value(spec, value, self._names))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.specs):
            if role == Qt.ItemDataRole.DisplayRole:
                # The field's label and help are marked for translation where the field is defined.
                return reword(_(self.specs[section].label), self.wording)
            if role == Qt.ItemDataRole.ToolTipRole and self.specs[section].help:
                return reword(_(self.specs[section].help), self.wording)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RecordFilterProxy(QSortFilterProxyModel):
    """The view's model over a RecordTableModel, in the model's order: sorting is handed to
    the model, which sorts over cached keys in one pass. (A search or a date range is asked
    of the file: the model holds only the rows that match.)"""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)
