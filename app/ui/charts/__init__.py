"""Progress charts. The only package that imports matplotlib — and only in its modules,
never here: importing `app.ui.charts` is cheap, so a page can hold a `DashboardSlot` from
the start while matplotlib (~0.4 s to import) loads after the window's first paint.

`enable_charts(window)` (called by app.main once the data is shown) lets slots load their
chart; until then a slot is an empty placeholder of the chart's size.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.services.progress import ProgressService

_enabled = False
_slots: weakref.WeakSet = weakref.WeakSet()


def charts_enabled() -> bool:
    return _enabled


def enable_charts(root: QWidget | None = None, *, draw: bool = False) -> int:
    """Allow charts from now on and load every DashboardSlot under `root` (all slots when
    None). With `draw`, draw them at once rather than on the next paint (a smoke run
    measures that). Returns how many slots were loaded; with none, matplotlib stays unloaded."""
    global _enabled
    _enabled = True
    slots = [s for s in list(_slots) if root is None or s is root or root.isAncestorOf(s)]
    for slot in slots:
        slot.load()
        if draw and slot.chart is not None and not slot.chart.is_empty:
            canvas = slot.chart.canvas
            # A visible canvas draws its pending figure as it paints: one draw, not two.
            canvas.repaint() if canvas.isVisible() else canvas.draw()
    return len(slots)


def disable_charts() -> None:
    """Back to the start-up state: slots stay empty until `enable_charts` (for tests)."""
    global _enabled
    _enabled = False


class DashboardSlot(QWidget):
    """Where a page shows the dashboard chart (`DashboardChart`): empty until charts are
    enabled, then the chart, built on first show."""

    def __init__(self, progress: ProgressService, parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        self.chart = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(250)  # about the chart's height, so the page does not jump when it arrives
        self.setAccessibleName("Your weeks: treatment and the rest of life")
        _slots.add(self)

    def load(self) -> None:
        if self.chart is not None:
            return
        from .dashboard import DashboardChart

        self.chart = DashboardChart(self.progress, self)
        self._layout.addWidget(self.chart)
        self.setMinimumHeight(0)
        # Shown and sized now, so that it can be drawn at once at its real size.
        self.chart.setVisible(self.isVisible())
        self._layout.activate()
        self.chart.layout().activate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if _enabled and self.chart is None:
            QTimer.singleShot(0, self, self.load)

    def detach(self) -> None:
        if self.chart is not None:
            self.chart.detach()
