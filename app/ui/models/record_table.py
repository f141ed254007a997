"""A read-only table of records of one kind, with the columns the kind lists."""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain import fields as F
from app.domain.records import WEEKDAYS, Record
from app.domain.recurrence import describe_rule
from app.services.kinds import Kind

# The record object behind a row, whichever column is asked.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
# A plain value that sorts correctly (dates as ISO text, numbers as floats, blanks first).
SORT_ROLE = Qt.ItemDataRole.UserRole

_NUMERIC = (F.INT, F.FLOAT, F.BOOL, F.OPTBOOL)
_TOOLTIP_CHARS = 600


def display_value(spec: F.FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> str:
    """How a value reads in a table cell; references show the referred record's name."""
    if spec.kind == F.REF and spec.ref:
        return names.get(spec.ref, {}).get(value, value) if value else ""
    if spec.kind == F.REFS and spec.ref:
        lookup = names.get(spec.ref, {})
        return ", ".join(lookup.get(v, v) for v in value)
    if spec.name == "weekday" and isinstance(value, int) and 0 <= value < len(WEEKDAYS):
        return WEEKDAYS[value]
    if spec.name == "recurrence" and isinstance(value, str):
        return describe_rule(value)
    return F.format_value(spec, value)


def sort_value(spec: F.FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> Any:
    """A primitive Qt can compare; blanks sort before everything else in either direction's start."""
    if spec.kind in _NUMERIC:
        return float("-inf") if value is None else float(value)
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return display_value(spec, value, names).casefold()


class RecordTableModel(QAbstractTableModel):
    def __init__(self, kind: Kind, parent=None):
        super().__init__(parent)
        self.kind = kind
        by_name = {s.name: s for s in F.specs_of(kind.record_type)}
        self.specs: tuple[F.FieldSpec, ...] = tuple(by_name[c] for c in kind.columns)
        self._rows: list[Record] = []
        self._names: dict[str, dict[str, str]] = {}
        # Sorting asks for each key many times; compute a column's keys once per reset.
        self._sort_keys: dict[int, list[Any]] = {}

    @property
    def ref_kinds(self) -> tuple[str, ...]:
        """Kinds whose names this table shows, so it must refresh when they change."""
        return tuple(dict.fromkeys(s.ref for s in self.specs if s.kind in (F.REF, F.REFS) and s.ref))

    def set_rows(self, rows: Sequence[Record], names: dict[str, dict[str, str]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._names = dict(names or {})
        self._sort_keys = {}
        self.endResetModel()

    def record_at(self, row: int) -> Record | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == record_id:
                return i
        return -1

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.specs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(self.specs)):
            return None
        record = self._rows[index.row()]
        spec = self.specs[index.column()]
        if role == RECORD_ROLE:
            return record
        value = getattr(record, spec.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return display_value(spec, value, self._names)
        if role in (Qt.ItemDataRole.EditRole, SORT_ROLE):
            keys = self._sort_keys.get(index.column())
            if keys is None:
                keys = self._sort_keys[index.column()] = [
                    sort_value(spec, getattr(r, spec.name), self._names) for r in self._rows]
            return keys[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and spec.kind == F.LONGTEXT and value:
            return value[:_TOOLTIP_CHARS] + ("…" if len(value) > _TOOLTIP_CHARS else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in (F.INT, F.FLOAT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.specs):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.specs[section].label
            if role == Qt.ItemDataRole.ToolTipRole and self.specs[section].help:
                return self.specs[section].help
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
