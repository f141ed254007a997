"""The search box and date range above a records table."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain import formatting as fmt
from app.domain.i18n import N_, _
from app.services.kinds import Kind
from app.ui.widgets.editors import DateEditor

# Date range presets: (key, label). Days count back from today, today included.
PERIODS = (
    ("all", N_("All time")),
    ("7", N_("Last 7 days")),
    ("30", N_("Last 30 days")),
    ("90", N_("Last 90 days")),
    ("year", N_("This year")),
    ("custom", N_("Custom range")),
)


class FilterBar(QWidget):
    """A search box and, for dated kinds, a date range (a preset, or a custom From / To)."""

    changed = Signal()

    def __init__(self, kind: Kind, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today  # the service clock's today, so tests and the app agree
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search {things}").format(things=kind.plural.lower()))
        self.search.setToolTip(_("Show only entries containing these words (Ctrl+F; Esc clears)"))
        self.search.setMaximumWidth(360)
        self.search.setMinimumWidth(180)
        self.dated = bool(kind.record_type.WHEN)
        self.period = QComboBox(self)
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.period.setAccessibleName(_("Dates shown"))
        self.period.setToolTip(_("Show only entries dated in this period"))
        self.from_date = DateEditor(self)
        self.from_date.setAccessibleName(_("From date"))
        self.to_date = DateEditor(self)
        self.to_date.setAccessibleName(_("To date"))
        self.to_label = QLabel(_("to"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.period)
        layout.addWidget(self.from_date)
        layout.addWidget(self.to_label)
        layout.addWidget(self.to_date)
        layout.addStretch(0)
        for widget in (self.period, self.from_date, self.to_label, self.to_date):
            widget.setVisible(False)
        self.period.setVisible(self.dated)
        # A custom range starts as the last 30 days; the person moves either end from there.
        now = today()
        self.from_date.set_value(now - dt.timedelta(days=29))
        self.to_date.set_value(now)

        self.search.textChanged.connect(self._on_changed)
        self.period.currentIndexChanged.connect(self._on_period)
        self.from_date.dateChanged.connect(self._on_from)
        self.to_date.dateChanged.connect(self._on_to)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)

    # --- state -----------------------------------------------------------------------------------

    def search_text(self) -> str:
        return self.search.text()

    def period_key(self) -> str:
        return self.period.currentData() if self.dated else "all"

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        key = self.period_key()
        today = self._today()
        if key == "all":
            return None, None
        if key == "year":
            return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        if key == "custom":
            return self.from_date.value(), self.to_date.value()
        return today - dt.timedelta(days=int(key) - 1), today

    def describe_range(self) -> str:
        """The range as words for a sentence: "in the last 30 days", "from … to …", or ""."""
        key = self.period_key()
        if key == "all":
            return ""
        if key == "year":
            return _("this year")
        if key == "custom":
            start, end = self.date_range()
            assert start is not None and end is not None  # a custom range has both dates
            return _("from {start} to {end}").format(start=fmt.date(start), end=fmt.date(end))
        return _("in the last {n} days").format(n=int(key))

    def set_period(self, key: str, start: dt.date | None = None, end: dt.date | None = None) -> None:
        """Choose a preset by key ("all", "7", "30", "90", "year", "custom" with start/end)."""
        if key == "custom":
            with_signals = self.blockSignals(True)
            if start is not None:
                self.from_date.set_value(start)
            if end is not None:
                self.to_date.set_value(end)
            self.blockSignals(with_signals)
        index = max(0, self.period.findData(key))
        if index != self.period.currentIndex():
            self.period.setCurrentIndex(index)  # emits through _on_period
        else:
            self._show_custom()
            self.changed.emit()

    def clear(self) -> None:
        with_signals = self.blockSignals(True)
        self.search.clear()
        self.period.setCurrentIndex(0)
        self.blockSignals(with_signals)
        self._show_custom()
        self.changed.emit()

    def is_filtering(self) -> bool:
        return bool(self.search_text().strip()) or self.period_key() != "all"

    # --- reacting -------------------------------------------------------------------------------

    def _show_custom(self) -> None:
        custom = self.period_key() == "custom"
        for widget in (self.from_date, self.to_label, self.to_date):
            widget.setVisible(custom)

    def _on_changed(self) -> None:
        self.changed.emit()

    def _on_period(self) -> None:
        self._show_custom()
        self.changed.emit()

    def _on_from(self, date: QDate) -> None:
        # A From after To moves To along, so the range is never backwards.
        if date > self.to_date.date():
            self.to_date.setDate(date)
        self.changed.emit()

    def _on_to(self, date: QDate) -> None:
        if date < self.from_date.date():
            self.from_date.setDate(date)
        self.changed.emit()
