"""The progress charts as widgets: each knows its title, what to log when it is empty, and
which ProgressService series it shows."""

from __future__ import annotations

from typing import cast

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from app.domain.i18n import N_, _
from app.domain.wording import reword
from app.ui.style import layout_of

from .base import ChartView
from .builders import (
    AttendanceBuilder,
    BalanceBuilder,
    CalendarBuilder,
    GoalsBuilder,
    MoodSleepBuilder,
    SelfCareBuilder,
    SelfCheckBuilder,
    SkillsBuilder,
    UrgeBuilder,
)


class GoalsChart(ChartView):
    key = "goals"
    title = N_("Goals week by week")
    empty_text = N_("No goal to show yet. Set one on the Goals page — like 3 meetings a week or 150 minutes "
                  "of self-care — and each week’s progress against its target shows here.")
    builder_class = GoalsBuilder

    @property
    def builder(self) -> GoalsBuilder:
        return cast(GoalsBuilder, super().builder)  # made from builder_class

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, **kwargs)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName(_("Goal to chart"))
        self.picker.setToolTip(_("Which goal the chart shows"))
        self.picker.setMinimumContentsLength(24)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        label = self.picker_label = QLabel(_("&Goal:"), self)
        label.setBuddy(self.picker)
        self.header.insertWidget(1, label)
        self.header.insertWidget(2, self.picker)
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.picker.hide()  # until there is a goal to pick
        label.hide()
        self._filling = False

    def show_data(self, data) -> None:
        goals = [g for g in data.goals if g.weeks]
        self._filling = True
        try:
            current = self.builder.goal_id
            self.picker.clear()
            for g in goals:
                self.picker.addItem(g.title, g.goal_id)
            index = next((i for i, g in enumerate(goals) if g.goal_id == current), 0)
            if goals:
                self.picker.setCurrentIndex(index)
                self.builder.goal_id = goals[index].goal_id
        finally:
            self._filling = False
        self.picker.setEnabled(len(goals) > 1)
        self.picker.setVisible(bool(goals))
        self.picker_label.setVisible(bool(goals))
        super().show_data(data)

    def _on_pick(self, index: int) -> None:
        if self._filling or index < 0 or self.data is None:
            return
        self.builder.goal_id = self.picker.itemData(index)
        self.show_data(self.data)


class AttendanceChart(ChartView):
    key = "attendance"
    title = N_("Treatment attendance")
    empty_text = N_("No treatment sessions marked in this range. Mark each scheduled session attended, missed or "
                  "excused (Today ▸ Mark today’s sessions, or on the Schedule page) to see your attendance here.")
    builder_class = AttendanceBuilder


class UrgeChart(ChartView):
    key = "urges"
    title = N_("Urge strength before and after coping")
    empty_text = N_("No coping entries in this range. When an urge hits, log how strong it was (0–10) before and "
                  "after you used a skill, on the Coping skills page, to see it ease over time.")
    builder_class = UrgeBuilder


class SkillsChart(ChartView):
    key = "skills"
    title = N_("Which coping skills help most")
    empty_text = N_("No coping entries with an “urge after” in this range. Log the skill you used and how strong "
                  "the urge was before and after it, and the skills that help you most rise to the top here.")
    builder_class = SkillsBuilder


class SelfCareChart(ChartView):
    key = "selfcare"
    title = N_("Self-care minutes each week")
    empty_text = N_("No self-care logged in this range. Log exercise, sleep, time outdoors or with people you "
                  "care about on the Self-care page to see your minutes each week.")
    builder_class = SelfCareBuilder


class BalanceChart(ChartView):
    key = "balance"
    title = N_("How your week is spent")
    empty_text = N_("Nothing scheduled in this range. Add your IOP sessions, meetings, work or school and family "
                  "time on the Schedule page to see how treatment fits into your week.")
    builder_class = BalanceBuilder


class MoodSleepChart(ChartView):
    key = "mood_sleep"
    title = N_("Mood and sleep")
    empty_text = N_("No check-ins in this range. A daily check-in — mood, craving and sleep — takes under a "
                  "minute: Today ▸ Check in now.")
    builder_class = MoodSleepBuilder
    min_chart_height = 360
    max_chart_height = 460


class CalendarChart(ChartView):
    key = "calendar"
    title = N_("Your year: check-ins and sober days")
    empty_text = N_("No check-ins or sober days in the last year. Check in each day (Today ▸ Check in now) and "
                  "set the date your sober time began on the Check-ins page to fill this calendar.")
    builder_class = CalendarBuilder
    min_chart_height = 190
    max_chart_height = 240
    uses_range = False  # always the last 12 months

    def fetch(self, progress, range_key: str):
        return progress.calendar()

    def show_data(self, data) -> None:
        # "sober days" or "days without use", as the person chose (setting wording.sober).
        self.title_label.setText(reword(_(self.title), data.wording))
        self.empty_label.setText(reword(_(self.empty_text), data.wording))
        super().show_data(data)


class SelfCheckChart(ChartView):
    """Self-check scores on their bands, one instrument at a time, with the history as a
    table under the chart (the numbers a screen reader or a counselor reads)."""

    key = "self_checks"
    title = N_("Self-checks")
    empty_text = N_("No self-checks in this range. A PHQ-9, GAD-7, WHO-5 or AUDIT-C every couple of weeks "
                  "(Check-ins ▸ Self-check…) shows you and your counselor what is changing.")
    builder_class = SelfCheckBuilder

    @property
    def builder(self) -> SelfCheckBuilder:
        return cast(SelfCheckBuilder, super().builder)  # made from builder_class

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, **kwargs)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName(_("Self-check to chart"))
        self.picker.setToolTip(_("Which self-check the chart and the table show"))
        label = self.picker_label = QLabel(_("Sel&f-check:"), self)
        label.setBuddy(self.picker)
        self.header.insertWidget(1, label)
        self.header.insertWidget(2, self.picker)
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.picker.hide()
        label.hide()
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("Day"), _("Score"), _("Band")])
        self.table.setAccessibleName(_("Self-check history"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.hide()
        layout_of(self).addWidget(self.table)
        self._filling = False

    def show_data(self, data) -> None:
        self._filling = True
        try:
            current = self.builder.key
            self.picker.clear()
            for s in data.series:
                self.picker.addItem(s.name, s.key)
            index = next((i for i, s in enumerate(data.series) if s.key == current), 0)
            if data.series:
                self.picker.setCurrentIndex(index)
                self.builder.key = data.series[index].key
        finally:
            self._filling = False
        for widget in (self.picker, self.picker_label):
            widget.setVisible(bool(data.series))
        self.picker.setEnabled(len(data.series) > 1)
        super().show_data(data)
        self._fill_table(data)

    def _fill_table(self, data) -> None:
        series = next((s for s in data.series if s.key == self.builder.key), None)
        self.table.setVisible(series is not None)
        if series is None:
            self.table.setRowCount(0)
            return
        from app.domain import formatting as fmt

        rows = list(zip(series.days, series.scores, series.band_labels, strict=True))[::-1]  # newest first
        self.table.setRowCount(len(rows))
        for r, (day, score, band) in enumerate(rows):
            for c, text in enumerate((fmt.date(day), str(score), _(band))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        shown = min(len(rows), 6)
        self.table.setFixedHeight(self.table.horizontalHeader().height() + shown * self.table.verticalHeader()
                                  .defaultSectionSize() + 2 * self.table.frameWidth() + 2)

    def _on_pick(self, index: int) -> None:
        if self._filling or index < 0 or self.data is None:
            return
        self.builder.key = self.picker.itemData(index)
        self.show_data(self.data)


CHARTS: tuple[type[ChartView], ...] = (GoalsChart, AttendanceChart, UrgeChart, SkillsChart, SelfCareChart,
                                       BalanceChart, MoodSleepChart, CalendarChart, SelfCheckChart)
