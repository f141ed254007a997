"""Progress charts. The only package that imports matplotlib — and only in its modules,
never here: importing `app.ui.charts` is cheap, so a page can hold a `DashboardSlot` from
the start while matplotlib (~0.4 s to import) loads after the window's first paint.

`enable_charts(window)` (called by app.main once the data is shown) lets the slots in that
window load their chart, now and whenever one is shown later; until then a slot is an
empty placeholder of the chart's size. Nothing here is global: another window (a test's)
keeps its slots empty until it is enabled too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.i18n import _
from app.ui.style import layout_of

if TYPE_CHECKING:
    from app.services.progress import ProgressService

    from .dashboard import DashboardChart  # imported when loaded: it brings matplotlib

_ENABLED = "steadyChartsEnabled"  # a dynamic property of the top-level window


def charts_enabled(widget: QWidget) -> bool:
    return bool(widget.window().property(_ENABLED))


def enable_charts(root: QWidget, *, draw: bool = False) -> int:
    """Let the slots in `root`'s window load their charts, and load those there now. With
    `draw`, draw them at once rather than on the next paint (a smoke run measures that).
    Returns how many slots were loaded; with none, matplotlib stays unloaded."""
    window = root.window()
    window.setProperty(_ENABLED, True)
    slots = ([window] if isinstance(window, DashboardSlot) else []) + window.findChildren(DashboardSlot)
    for slot in slots:
        slot.load()
        if draw and slot.chart is not None and not slot.chart.is_empty:
            canvas = slot.chart.canvas
            # A visible canvas draws its pending figure as it paints: one draw, not two.
            canvas.repaint() if canvas.isVisible() else canvas.draw()
    return len(slots)


def disable_charts(root: QWidget) -> None:
    """Back to the start-up state for `root`'s window: slots shown later stay empty."""
    root.window().setProperty(_ENABLED, False)


class DashboardSlot(QWidget):
    """Where a page shows the dashboard chart (`DashboardChart`): empty until charts are
    enabled for its window, then the chart, built on first show."""

    def __init__(self, progress: ProgressService, parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        self.chart: DashboardChart | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(250)  # about the chart's height, so the page does not jump when it arrives
        self.setAccessibleName(_("Your weeks: treatment and the rest of life"))
        self._detached = False

    def load(self) -> None:
        # A page let go of (its data file closed: a restore, an encrypted Steady locking) may
        # still be shown for a moment while the pages are taken down: it draws nothing then.
        if self.chart is not None or self._detached:
            return
        from .dashboard import DashboardChart

        self.chart = DashboardChart(self.progress, self)
        self._layout.addWidget(self.chart)
        self.setMinimumHeight(0)
        # Shown and sized now, so that it can be drawn at once at its real size.
        self.chart.setVisible(self.isVisible())
        self._layout.activate()
        layout_of(self.chart).activate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        if self.chart is None and charts_enabled(self):
            QTimer.singleShot(0, self, self.load)

    def detach(self) -> None:
        self._detached = True
        if self.chart is not None:
            self.chart.detach()
