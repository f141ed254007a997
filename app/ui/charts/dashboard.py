"""The Today page's chart: this week's goals, at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.services.progress import CHART_SOURCES
from app.ui.widgets.listening import ListensForChanges

from .base import ChartView
from .builders import GoalsNowBuilder

if TYPE_CHECKING:
    from app.services.progress import ProgressService


class DashboardChart(ListensForChanges, ChartView):
    """Each current goal as a bar of how much of this week's target is done, with its
    sentence ("2 of 3 meetings this week · on track"). Redraws on a change to anything a
    goal counts, and only while it is visible (otherwise when it is next shown)."""

    key = "goals_now"
    title = "This week’s goals"
    empty_text = "No goals yet. Set one on the Goals page — like 3 meetings a week — to see it here."
    builder_class = GoalsNowBuilder
    sources = CHART_SOURCES["goals"]

    def __init__(self, progress: ProgressService, parent: QWidget | None = None):
        super().__init__(parent, compact=True)
        self.progress = progress
        self.stale = True
        self.refresh_now()
        self.attach()

    def fetch(self, progress, range_key: str = ""):
        return progress.goals_now()

    def refresh_now(self) -> None:
        self.stale = False
        data = self.fetch(self.progress)
        self.canvas.setMinimumHeight(max(110, 34 + 46 * len(data.goals)))
        self.show_data(data)

    def changes_source(self):
        return self.progress.records

    def on_changed(self, kind_name: str) -> None:
        if kind_name not in self.sources:
            return
        self.stale = True
        if self.isVisible():
            self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.stale:
            self.refresh_now()
        super().showEvent(event)
