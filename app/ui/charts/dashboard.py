"""The Today page's chart: how the last 8 weeks were spent, with the treatment target."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QWidget

from app.domain.i18n import N_
from app.services.progress import CHART_SOURCES
from app.ui.widgets.listening import ListensForChanges

from .base import ChartView
from .builders import BalanceBuilder

if TYPE_CHECKING:
    from app.services.progress import ProgressService

WEEKS = "8w"


class DashboardChart(ListensForChanges, ChartView):
    """Scheduled hours of the last 8 weeks by part of life (treatment, meetings, work or
    school, family, self-care) with the program phase's treatment target. Redraws on a
    change to the schedule or the program, and only while visible (else when next shown)."""

    key = "balance"
    title = N_("Your weeks: treatment and the rest of life")
    empty_text = N_("Add your IOP sessions, meetings, work or school and family time on the Schedule page to see "
                  "how your weeks balance.")
    builder_class = BalanceBuilder
    sources = CHART_SOURCES["balance"]

    def __init__(self, progress: ProgressService, parent: QWidget | None = None):
        super().__init__(parent, compact=True)
        self.progress = progress
        self.stale = True
        self.refresh_now()
        self.attach()

    def fetch(self, progress, range_key: str = WEEKS):
        return progress.balance(range_key)

    def refresh_now(self) -> None:
        self.stale = False
        self.show_data(self.fetch(self.progress))

    def changes_source(self):
        return self.progress.records

    def on_changed(self, kind_name: str) -> None:
        if kind_name not in self.sources:
            return
        if not shiboken6.isValid(self):  # deleted with its page without a detach(): stop listening
            self.detach()
            return
        self.stale = True
        if self.isVisible():
            self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.stale:
            self.refresh_now()
        super().showEvent(event)
