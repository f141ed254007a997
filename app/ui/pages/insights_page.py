"""Insights: the fixed set of comparisons in the person's own records (app.services.insights),
each as a plain sentence, a small picture of its interval, and a reminder that a pattern is
not a cause.

The numbers are worked out on the background runner (over twenty years of records the SQL
aggregates take longer than a frame), so the page shows "Working out…" for a moment and
never holds the window up. A change to a record the insights read marks the page stale; it
works them out again when shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.domain import i18n
from app.domain.i18n import N_, _, ngettext
from app.domain.insights import PATTERN_NOTE
from app.ui.style import heading, scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.domain.insights import Insight
    from app.services.insights import InsightReport, InsightService
    from app.services.records import RecordService
    from app.services.threads import OwnConnection
    from app.ui.background import Task

RANGES = (("12w", N_("12 weeks"), 12), ("26w", N_("6 months"), 26), ("52w", N_("1 year"), 52), ("all", N_("All"), None))
DEFAULT_RANGE = "all"
CARD_NOTE = N_("A pattern in your own data, not a cause.")
EMPTY_WORDS = N_("Insights appear here once your records span four weeks. They come from your daily check-ins "
                 "(mood, craving and sleep), your coping log (urges, triggers and the skills you used), self-care, "
                 "meeting and session attendance, and PHQ-9 self-checks. Keep logging as you do: each comparison "
                 "fills in on its own once it has enough days on both sides.")


class InsightCard(QFrame):
    def __init__(self, insight: Insight, parent: QWidget | None = None):
        super().__init__(parent)
        self.insight = insight
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(insight.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        title = QLabel(insight.title, self)
        title.setFont(scaled_font(title, 1.1, bold=True))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.sentence = QLabel(insight.sentence, self)
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setAccessibleName(insight.sentence)
        layout.addWidget(self.sentence)
        self.bar = None
        c = insight.comparison
        if insight.enough_data and c is not None:
            from app.ui.widgets.interval_bar import IntervalBar

            self.bar = IntervalBar(c.difference, c.ci_low, c.ci_high, self, scale_span=insight.spec.scale_span)
            layout.addWidget(self.bar)
            note = QLabel(i18n._(CARD_NOTE), self)
            style_subtle_label(note)
            layout.addWidget(note)
        else:
            style_subtle_label(self.sentence)


class InsightsPage(ListensForChanges, QWidget):
    status_message = Signal(str)  # the window's status bar (pages share the signal)
    refresh_kinds = frozenset({"checkin", "coping", "selfcare", "attendance", "assessment", "skill", "group",
                               "schedule"})

    def __init__(self, insights: InsightService, records: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.insights = insights
        self.records = records
        self.title = "Insights"
        self.range_key = DEFAULT_RANGE
        self.report: InsightReport | None = None
        self.cards: list[InsightCard] = []
        self._working = False
        self._again = False

        self.range_buttons = QButtonGroup(self)
        range_row = QHBoxLayout()
        range_row.setSpacing(4)
        range_row.addWidget(QLabel(_("Show:"), self))
        for key, label, _weeks in RANGES:
            button = QPushButton(i18n._(label), self)
            button.setCheckable(True)
            button.setChecked(key == self.range_key)
            button.setAccessibleName(_("Compare the last {span}").format(span=i18n._(label).lower()) if key != "all"
                                     else _("Compare all your records"))
            button.setProperty("range_key", key)
            self.range_buttons.addButton(button)
            range_row.addWidget(button)
        range_row.addStretch(1)
        self.range_buttons.buttonClicked.connect(self._on_range)

        intro = QLabel(_("A few comparisons in your own records, chosen in advance. Each says how many days, weeks "
                         "or entries are on each side and a range the difference likely lies in (95 %); a range "
                         "that crosses 0 means no clear difference yet.") + " " + i18n._(PATTERN_NOTE), self)
        intro.setWordWrap(True)
        style_subtle_label(intro)
        self.status = QLabel("", self)
        style_subtle_label(self.status)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()

        top = QVBoxLayout()
        top.setContentsMargins(18, 14, 18, 6)
        top.setSpacing(6)
        top.addWidget(heading(_("Insights"), self))
        top.addWidget(intro)
        top.addLayout(range_row)
        top.addWidget(self.status)
        top.addWidget(self.error)

        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(18, 6, 18, 18)
        self.column.setSpacing(10)
        self.empty = QLabel(i18n._(EMPTY_WORDS), self.content)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("No insights yet"))
        self.empty.hide()
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName(_("Insights"))
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(top)
        outer.addWidget(self.scroll_area, 1)
        self._stale = True  # worked out when first shown, never while the page is built
        self.attach()

    def changes_source(self):
        return self.records

    # --- working out --------------------------------------------------------------------------

    def span(self) -> tuple[dt.date | None, dt.date | None]:
        weeks = next(w for k, _l, w in RANGES if k == self.range_key)
        if weeks is None:
            return None, None
        today = self.insights.clock.now().date()
        return today - dt.timedelta(days=weeks * 7 - 1), today

    def set_range(self, key: str) -> None:
        if key == self.range_key:
            return
        self.range_key = key
        for button in self.range_buttons.buttons():
            button.setChecked(button.property("range_key") == key)
        self.refresh_now()

    def _on_range(self, button: QPushButton) -> None:
        self.set_range(str(button.property("range_key")))

    def refresh(self) -> None:
        """Start working the insights out on the background runner (once at a time: a change
        that comes meanwhile starts one more run after this one)."""
        if self._working:
            self._again = True
            return
        from app.ui.background import runner_for

        start, end = self.span()

        def work(own: OwnConnection, task: Task) -> InsightReport:
            return own.insights.report(start, end)

        self._working = True
        self.status.setText(_("Working out your insights…"))
        runner_for(self).run_with(self.insights, work, label=_("Working out your insights…"),
                                  on_done=self._arrived, on_failed=self._failed)

    def _alive(self) -> bool:
        from shiboken6 import isValid

        return isValid(self)

    def _arrived(self, report: InsightReport) -> None:
        if not self._alive():
            return
        self._working = False
        if self._again:
            self._again = False
            self.refresh()
            return
        self.show_report(report)

    def _failed(self, sentence: str) -> None:
        if not self._alive():
            return
        self._working = False
        self.status.setText("")
        self.error.setText(_("The insights could not be worked out: {reason}").format(reason=sentence))
        self.error.show()

    # --- showing --------------------------------------------------------------------------------

    def show_report(self, report: InsightReport) -> None:
        self.report = report
        self.error.hide()
        for card in self.cards:
            self.column.removeWidget(card)
            card.deleteLater()
        self.cards = []
        short = report.empty or (report.span_days or 0) < 28
        self.empty.setVisible(short)
        enough = sum(i.enough_data for i in report.insights)
        if report.empty:
            self.status.setText(_("Nothing to compare in this range yet."))
            return
        self.status.setText(ngettext("{enough} of {n} comparison has enough data.",
                                     "{enough} of {n} comparisons have enough data.", len(report.insights)).format(
            enough=enough, n=len(report.insights)))
        for i, insight in enumerate(report.insights):
            card = InsightCard(insight, self.content)
            self.column.insertWidget(1 + i, card)
            self.cards.append(card)
