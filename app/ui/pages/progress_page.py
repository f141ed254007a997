"""Progress: the charts of how recovery is going, over a chosen range of time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import _
from app.services.progress import CHART_SOURCES, DEFAULT_RANGE, RANGES
from app.ui.style import heading, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.services.progress import ProgressService
    from app.services.records import RecordService
    from app.ui.charts.base import ChartView


class ProgressPage(ListensForChanges, QWidget):
    """A range selector over a scrolling column of charts.

    Charts are brought up to date lazily: a change notice or a new range marks the charts
    it affects as stale, and a stale chart fetches its numbers and redraws only while it
    is on screen (when scrolled to, or when the page is shown again). matplotlib itself is
    imported when the charts are first built, after the page has painted once.
    """

    status_message = Signal(str)

    def __init__(self, progress: ProgressService, records: RecordService | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        self.records = records if records is not None else progress.records
        self.title = "Progress"
        self.range_key = DEFAULT_RANGE
        self.charts: list[ChartView] = []
        self.stale: set[str] = set()

        self.range_buttons = QButtonGroup(self)
        self.range_buttons.setExclusive(True)
        range_row = QHBoxLayout()
        range_row.setSpacing(4)
        caption = QLabel(_("Show:"), self)
        range_row.addWidget(caption)
        for key, label in RANGES:
            button = QPushButton(i18n._(label), self)
            button.setCheckable(True)
            button.setChecked(key == self.range_key)
            button.setAccessibleName(_("Show {span}").format(span=i18n._(label).lower()) if key != "all"
                                     else _("Show all your records"))
            button.setProperty("range_key", key)
            self.range_buttons.addButton(button)
            range_row.addWidget(button)
        range_row.addStretch(1)
        self.range_buttons.buttonClicked.connect(self._on_range_button)
        self._mark_range_buttons()
        self.span_label = QLabel(self)
        style_subtle_label(self.span_label)

        top = QVBoxLayout()
        top.setContentsMargins(18, 14, 18, 6)
        top.setSpacing(6)
        top.addWidget(heading(_("Progress"), self))
        top.addLayout(range_row)
        top.addWidget(self.span_label)

        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(18, 6, 18, 18)
        self.column.setSpacing(22)
        from app.ui.pages.readiness_panel import StepDownPanel

        self.readiness = StepDownPanel(progress, self.content)
        self.column.addWidget(self.readiness)
        self.loading = QLabel(_("Drawing your charts…"), self.content)
        style_subtle_label(self.loading)
        self.column.addWidget(self.loading)
        self.column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName(_("Progress charts"))
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._on_scrolled)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(top)
        outer.addWidget(self.scroll_area, 1)
        self._show_span()
        self.attach()

    # --- building ---------------------------------------------------------------------------

    def ensure_charts(self) -> list[ChartView]:
        """Build the charts (importing matplotlib) if not built yet."""
        if not self.charts:
            from app.ui.charts.views import CHARTS

            self.loading.hide()
            for i, chart_class in enumerate(CHARTS):
                chart = chart_class(self.content)
                chart.status_message.connect(self.status_message)
                self.column.insertWidget(i + 1, chart)  # below the step-down readiness panel
                chart.show()  # now, not on the next turn of the event loop: on_screen() needs it
                self.charts.append(chart)
            self.stale = {c.key for c in self.charts}
            self._lay_out()
        return self.charts

    def chart(self, key: str) -> ChartView:
        return next(c for c in self.ensure_charts() if c.key == key)

    # --- keeping up to date ---------------------------------------------------------------------

    def changes_source(self):
        return self.records

    def detach(self) -> None:
        super().detach()
        self.readiness.detach()

    def affected_by(self, kind_name: str) -> bool:
        return any(kind_name in sources for sources in CHART_SOURCES.values())

    def note_change(self, kind_name: str) -> None:
        self.stale |= {key for key, sources in CHART_SOURCES.items() if kind_name in sources}
        if kind_name in ("coping", "attendance", "selfcare", "checkin", "sobriety", "assessment"):
            self._show_span()  # a first entry can widen "All"

    def refresh(self) -> None:
        """The charts on screen that are stale; the others as they scroll into view."""
        self.refresh_visible()

    def set_range(self, range_key: str) -> None:
        if range_key == self.range_key:
            return
        self.range_key = range_key
        self._mark_range_buttons()
        self.stale |= {c.key for c in self.charts if c.uses_range}
        self._show_span()
        self.refresh_visible()

    def _mark_range_buttons(self) -> None:
        # Bold as well as pressed: some themes draw a checked button barely differently.
        for button in self.range_buttons.buttons():
            chosen = button.property("range_key") == self.range_key
            button.setChecked(chosen)
            font = button.font()
            font.setBold(chosen)
            button.setFont(font)

    def _on_range_button(self, button) -> None:
        self.set_range(button.property("range_key"))

    def _show_span(self) -> None:
        span = self.progress.span(self.range_key)
        self.span_label.setText(_("{first} – {last}, by week (Monday to Sunday)").format(
            first=fmt.date(span.first), last=fmt.date(span.last)))

    def on_screen(self, chart: QWidget) -> bool:
        if not self.isVisible() or not chart.isVisible():
            return False
        viewport = self.scroll_area.viewport()
        top_left = chart.mapTo(viewport, QPoint(0, 0))
        return QRect(top_left, chart.size()).intersects(viewport.rect())

    def refresh_visible(self) -> int:
        """Bring the stale charts that are on screen up to date; returns how many."""
        if not self.charts or not self.isVisible():
            return 0
        done = 0
        for chart in self.charts:
            if chart.key in self.stale and self.on_screen(chart):
                self.stale.discard(chart.key)
                chart.refresh(self.progress, self.range_key)
                done += 1
        return done

    def refresh_all(self) -> None:
        """Bring every chart up to date now, on screen or not (saving all, screenshots)."""
        for chart in self.ensure_charts():
            self.stale.discard(chart.key)
            chart.refresh(self.progress, self.range_key)

    def _on_scrolled(self, _value: int) -> None:
        self.refresh_visible()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        # After this paint: the page appears at once, the charts (and matplotlib) follow.
        QTimer.singleShot(0, self, self._first_show)

    def _first_show(self) -> None:
        self.ensure_charts()
        if not self.isVisible():
            return
        # The first stale chart on screen is brought up to date and drawn at once, the others
        # on the next turn of the event loop: the page shows a chart as soon as one is ready.
        self._lay_out()
        first = next((c for c in self.charts if c.key in self.stale and self.on_screen(c)), None)
        if first is not None:
            self.stale.discard(first.key)
            first.refresh(self.progress, self.range_key)
            self._lay_out()
            if first.canvas.isVisible():
                first.canvas.repaint()
        QTimer.singleShot(0, self, self.refresh_visible)

    def _lay_out(self) -> None:
        """Size the column now rather than on the next turn of the event loop, so that
        on_screen() sees the charts where they will be."""
        self.column.activate()
        QCoreApplication.sendEvent(self.scroll_area, QEvent(QEvent.Type.LayoutRequest))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if self.charts:
            QTimer.singleShot(0, self, self.refresh_visible)

    def current_view(self):
        return None
