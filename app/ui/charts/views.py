"""The progress charts as widgets: each knows its title, what to log when it is empty, and
which ProgressService series it shows."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.domain.wording import reword

from .base import ChartView
from .builders import (
    AttendanceBuilder,
    BalanceBuilder,
    CalendarBuilder,
    GoalsBuilder,
    MoodSleepBuilder,
    SelfCareBuilder,
    SkillsBuilder,
    UrgeBuilder,
)


class GoalsChart(ChartView):
    key = "goals"
    title = "Goals week by week"
    empty_text = ("No goal to show yet. Set one on the Goals page — like 3 meetings a week or 150 minutes "
                  "of self-care — and each week’s progress against its target shows here.")
    builder_class = GoalsBuilder

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, **kwargs)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Goal to chart")
        self.picker.setToolTip("Which goal the chart shows")
        self.picker.setMinimumContentsLength(24)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        label = self.picker_label = QLabel("&Goal:", self)
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
    title = "Treatment attendance"
    empty_text = ("No treatment sessions marked in this range. Mark each scheduled session attended, missed or "
                  "excused (Today ▸ Mark today’s sessions, or on the Schedule page) to see your attendance here.")
    builder_class = AttendanceBuilder


class UrgeChart(ChartView):
    key = "urges"
    title = "Urge strength before and after coping"
    empty_text = ("No coping entries in this range. When an urge hits, log how strong it was (0–10) before and "
                  "after you used a skill, on the Coping skills page, to see it ease over time.")
    builder_class = UrgeBuilder


class SkillsChart(ChartView):
    key = "skills"
    title = "Which coping skills help most"
    empty_text = ("No coping entries with an “urge after” in this range. Log the skill you used and how strong "
                  "the urge was before and after it, and the skills that help you most rise to the top here.")
    builder_class = SkillsBuilder


class SelfCareChart(ChartView):
    key = "selfcare"
    title = "Self-care minutes each week"
    empty_text = ("No self-care logged in this range. Log exercise, sleep, time outdoors or with people you "
                  "care about on the Self-care page to see your minutes each week.")
    builder_class = SelfCareBuilder


class BalanceChart(ChartView):
    key = "balance"
    title = "How your week is spent"
    empty_text = ("Nothing scheduled in this range. Add your IOP sessions, meetings, work or school and family "
                  "time on the Schedule page to see how treatment fits into your week.")
    builder_class = BalanceBuilder


class MoodSleepChart(ChartView):
    key = "mood_sleep"
    title = "Mood and sleep"
    empty_text = ("No check-ins in this range. A daily check-in — mood, craving and sleep — takes under a "
                  "minute: Today ▸ Check in now.")
    builder_class = MoodSleepBuilder
    min_chart_height = 360
    max_chart_height = 460


class CalendarChart(ChartView):
    key = "calendar"
    title = "Your year: check-ins and sober days"
    empty_text = ("No check-ins or sober days in the last year. Check in each day (Today ▸ Check in now) and "
                  "set the date your sober time began on the Check-ins page to fill this calendar.")
    builder_class = CalendarBuilder
    min_chart_height = 190
    max_chart_height = 240
    uses_range = False  # always the last 12 months

    def fetch(self, progress, range_key: str):
        return progress.calendar()

    def show_data(self, data) -> None:
        # "sober days" or "days without use", as the person chose (setting wording.sober).
        self.title_label.setText(reword(self.title, data.wording))
        self.empty_label.setText(reword(self.empty_text, data.wording))
        super().show_data(data)


CHARTS: tuple[type[ChartView], ...] = (GoalsChart, AttendanceChart, UrgeChart, SkillsChart, SelfCareChart,
                                       BalanceChart, MoodSleepChart, CalendarChart)
