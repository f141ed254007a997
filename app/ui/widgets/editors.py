"""One input widget per kind of field. Each has `value()` and `set_value(v)` in Python types.

The widgets are ordinary Qt widgets (subclasses), so a test or a person drives them the
usual way (`setText`, `setValue`, `setCurrentIndex`, check boxes) and the dialog reads the
Python value back through `value()`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSignalBlocker, Qt, QTime, QTimeZone
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QSizePolicy,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import _
from app.services.clock import SystemClock

BLANK = "—"


def keep_compact(widget: QWidget) -> None:
    """Numbers, dates and short choices keep their natural width instead of filling the form."""
    widget.setSizePolicy(QSizePolicy.Policy.Fixed, widget.sizePolicy().verticalPolicy())
_UTC = QTimeZone(QTimeZone.Initialization.UTC)


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def to_qtime(t: dt.time) -> QTime:
    return QTime(t.hour, t.minute, t.second)


def from_qtime(q: QTime) -> dt.time:
    return dt.time(q.hour(), q.minute())


def to_qdatetime(value: dt.datetime) -> QDateTime:
    # Wall-clock values are kept in a zone without daylight saving, so a time that does not
    # exist locally (the hour skipped in spring) is not silently moved.
    return QDateTime(to_qdate(value.date()), to_qtime(value.time()), _UTC)


_LONG_RUN_CHARS = 2000
_LONG_RUN = re.compile(r"\S{%d}" % _LONG_RUN_CHARS)


class TextEditor(QLineEdit):
    """One line of text. Qt shows some characters differently from how they are stored (line
    breaks, a byte-order mark); an edit the person did not make must not change the record,
    so the stored text comes back unchanged unless the shown text was edited."""

    _original: str = ""
    _shown: str = ""

    def value(self) -> str:
        text = self.text()
        return self._original if text == self._shown else text

    def set_value(self, value: str | None) -> None:
        self._original = value or ""
        self.setText(self._original)
        self._shown = self.text()


class LongTextEditor(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Tab moves on to the next field, so the whole form stays keyboard reachable.
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self._original = ""
        self._shown = ""
        self.textChanged.connect(self._fit_wrap)

    def _fit_wrap(self) -> None:
        # Wrapping at word boundaries makes Qt search a long run without spaces (a pasted
        # key or log line) for a break again and again: 1,000,000 such characters took ~50 s
        # to show. Text with such a run wraps anywhere instead; ordinary prose keeps words whole.
        text = self.toPlainText() if self.document().characterCount() > _LONG_RUN_CHARS else ""
        mode = (QTextOption.WrapMode.WrapAnywhere if text and _LONG_RUN.search(text)
                else QTextOption.WrapMode.WordWrap)
        if self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def value(self) -> str:
        text = self.toPlainText()
        return self._original if text == self._shown else text

    def set_value(self, value: str | None) -> None:
        self._original = value or ""
        # Choose the wrap mode before Qt lays the text out, not after.
        blocker = QSignalBlocker(self)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere if _LONG_RUN.search(self._original)
                             else QTextOption.WrapMode.WordWrap)
        self.setPlainText(self._original)
        del blocker
        self._shown = self.toPlainText()


class _TypingReplacesBlank(QObject):
    """See `typing_replaces_blank`."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        box = self.parent()
        if event.type() == QEvent.Type.KeyPress and isinstance(box, QAbstractSpinBox):
            text = event.text()
            if (box.specialValueText() and box.text() == box.specialValueText() and text and text.isprintable()
                    and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
                box.lineEdit().selectAll()
        return False


def typing_replaces_blank(box: QAbstractSpinBox) -> None:
    """A spin box showing its blank ("—", "No default reminder") is replaced by what the
    person types, wherever the mouse put the cursor: Qt would insert the digit beside the
    blank's text, read something that is not a number and drop the key (typing only worked
    after Tab or Ctrl+A selected it). Keys reach the box when it has focus and its line edit
    when something sends them there (an input method, a test): both are watched."""
    watcher = _TypingReplacesBlank(box)
    box.installEventFilter(watcher)
    box.lineEdit().installEventFilter(watcher)


class IntEditor(QSpinBox):
    """A spin box; when `blank_ok`, one step below the minimum reads "—" and means no value."""

    def __init__(self, minimum: float | None, maximum: float | None, blank_ok: bool, parent: QWidget | None = None):
        super().__init__(parent)
        lo = int(minimum) if minimum is not None else -1_000_000_000
        hi = int(maximum) if maximum is not None else 1_000_000_000
        self.blank_ok = blank_ok
        self.setRange(lo - 1 if blank_ok else lo, hi)
        if blank_ok:
            self.setSpecialValueText(BLANK)
        if lo >= 0 and hi <= 10:
            # A scale reads better with its top: "7 / 10".
            self.setSuffix(f" / {hi}")
        self.setAccelerated(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000 / 10") + 40)
        keep_compact(self)
        typing_replaces_blank(self)

    def value_or_none(self) -> int | None:
        v = self.value()
        return None if self.blank_ok and v == self.minimum() else v

    def set_value(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else int(value))


class FloatEditor(QDoubleSpinBox):
    def __init__(self, minimum: float | None, maximum: float | None, blank_ok: bool, decimals: int = 2,
                 parent: QWidget | None = None):
        super().__init__(parent)
        lo = float(minimum) if minimum is not None else -1e9
        hi = float(maximum) if maximum is not None else 1e9
        self.blank_ok = blank_ok
        self.setDecimals(decimals)
        self.setRange(lo - 1 if blank_ok else lo, hi)
        if blank_ok:
            self.setSpecialValueText(BLANK)
        self.setSingleStep(0.5 if decimals else 1)
        self.setAccelerated(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000000.00") + 40)
        keep_compact(self)
        typing_replaces_blank(self)

    def value_or_none(self) -> float | None:
        v = self.value()
        return None if self.blank_ok and v == self.minimum() else v

    def set_value(self, value: float | None) -> None:
        self.setValue(self.minimum() if value is None else float(value))


class BoolEditor(QCheckBox):
    def value(self) -> bool:  # type: ignore[override]
        return self.isChecked()

    def set_value(self, value: bool | None) -> None:
        self.setChecked(bool(value))


class ComboEditor(QComboBox):
    """A drop-down of (value, label) pairs."""

    def __init__(self, options: Iterable[tuple[Any, str]] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.set_options(options)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(12)
        keep_compact(self)

    def set_options(self, options: Iterable[tuple[Any, str]]) -> None:
        with QSignalBlocker(self):
            self.clear()
            for value, label in options:
                self.addItem(label, value)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return


def optbool_editor(parent: QWidget | None = None) -> ComboEditor:
    return ComboEditor(((None, _("Not answered")), (True, _("Yes")), (False, _("No"))), parent)


def weekday_editor(parent: QWidget | None = None) -> ComboEditor:
    return ComboEditor([(None, _("By appointment"))] + [(i, fmt.weekday_name(i)) for i in range(7)], parent)


class ChoicesEditor(QWidget):
    """Several of a fixed list: a grid of check boxes."""

    COLUMNS = 4

    def __init__(self, choices: Iterable[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(choices):
            words = _(label)  # the field's fixed choices, marked for translation where they are written
            box = QCheckBox(words, self)
            box.setAccessibleName(words)
            grid.addWidget(box, i // self.COLUMNS, i % self.COLUMNS)
            self.boxes[key] = box

    def value(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: Iterable[str] | None) -> None:
        chosen = set(value or ())
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)


class RefsEditor(QListWidget):
    """Several other records, picked by ticking their names."""

    def __init__(self, empty_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text
        self.setSpacing(2)
        rows = 6
        self.setFixedHeight((self.fontMetrics().height() + 8) * rows + 6)

    def set_options(self, options: Iterable[tuple[str, str]], chosen: Iterable[str] = ()) -> None:
        picked = list(chosen)
        self.clear()
        for record_id, name in options:
            item = QListWidgetItem(name, self)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if record_id in picked else Qt.CheckState.Unchecked)
        if self.count() == 0:
            item = QListWidgetItem(self.empty_text, self)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def value(self) -> tuple[str, ...]:
        out = []
        for i in range(self.count()):
            item = self.item(i)
            record_id = item.data(Qt.ItemDataRole.UserRole)
            if record_id and item.checkState() == Qt.CheckState.Checked:
                out.append(record_id)
        return tuple(out)

    def set_value(self, value: Iterable[str] | None) -> None:
        chosen = set(value or ())
        for i in range(self.count()):
            item = self.item(i)
            record_id = item.data(Qt.ItemDataRole.UserRole)
            if record_id:
                item.setCheckState(Qt.CheckState.Checked if record_id in chosen else Qt.CheckState.Unchecked)

    def check_name(self, name: str, checked: bool = True) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.text() == name and item.data(Qt.ItemDataRole.UserRole):
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)


class CodesEditor(QLineEdit):
    """Free codes (not references), typed comma-separated."""

    def value(self) -> tuple[str, ...]:
        parts = [p.strip() for p in self.text().split(",")]
        return tuple(dict.fromkeys(p for p in parts if p))

    def set_value(self, value: Iterable[str] | None) -> None:
        self.setText(", ".join(value or ()))


class DateEditor(QDateEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        # Shown as the rest of the window writes dates (the style chosen at start-up from the
        # locale); what the field holds is a date either way.
        self.setDisplayFormat(fmt.qt_date_pattern())
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2200, 12, 31))
        keep_compact(self)

    def value(self) -> dt.date:
        return from_qdate(self.date())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(to_qdate(value or SystemClock().now().date()))


class DateTimeEditor(QDateTimeEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTimeZone(_UTC)
        self.setCalendarPopup(True)
        self.setDisplayFormat(fmt.qt_date_time_pattern())  # "7 Dec 2026, 19:30" / "Dec 7, 2026, 7:30 PM"
        self.setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), _UTC))
        self.setMaximumDateTime(QDateTime(QDate(2200, 12, 31), QTime(23, 59), _UTC))
        keep_compact(self)
        self._original: dt.datetime | None = None

    def value(self) -> dt.datetime:
        q = self.dateTime()
        shown = dt.datetime.combine(from_qdate(q.date()), from_qtime(q.time()))
        # Keep seconds an imported record had, unless the person changed the minute shown.
        if self._original is not None and self._original.replace(second=0, microsecond=0) == shown:
            return self._original
        return shown

    def set_value(self, value: dt.datetime | None) -> None:
        self._original = value
        if value is not None:
            self.setDateTime(to_qdatetime(value))

    def set_datetime(self, value: dt.datetime) -> None:
        """Set a new value as if typed (tests and defaults)."""
        self._original = None
        self.setDateTime(to_qdatetime(value))


class _Optional(QWidget):
    """A check box that switches an inner editor on; unchecked means "no value"."""

    def __init__(self, inner: QWidget, check_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(check_text, self)
        self.inner = inner
        inner.setParent(self)
        row.addWidget(self.check)
        row.addWidget(inner)
        row.addStretch(1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_toggled)
        self._on_toggled(False)

    def _on_toggled(self, on: bool) -> None:
        self.inner.setEnabled(on)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.check.setAccessibleName(f"{name}: {self.check.text()}")
        self.inner.setAccessibleName(name)

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setToolTip(text)
        self.check.setToolTip(text)
        self.inner.setToolTip(text)


class OptionalDateEditor(_Optional):
    def __init__(self, parent: QWidget | None = None):
        self.date_edit = DateEditor()
        super().__init__(self.date_edit, _("Set"), parent)

    def value(self) -> dt.date | None:
        return self.date_edit.value() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        self.date_edit.set_value(value)


class OptionalTimeEditor(_Optional):
    def __init__(self, parent: QWidget | None = None):
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat(fmt.qt_time_pattern())
        keep_compact(self.time_edit)
        super().__init__(self.time_edit, _("At a set time"), parent)

    def value(self) -> dt.time | None:
        return from_qtime(self.time_edit.time()) if self.check.isChecked() else None

    def set_value(self, value: dt.time | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.time_edit.setTime(to_qtime(value))
