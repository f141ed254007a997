"""Progress charts, read back from their artists (line data, bar heights, labels, legends),
never from pixels; the empty state; saving; the page's range selector and change notices."""

import datetime as dt
import math

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.domain.records import (
    AttendanceRecord, CheckIn, CopingEntry, CopingSkill, Goal, Program, ProgramPhase, ScheduleItem,
    SelfCareEntry, SobrietyPeriod, SupportGroup,
)
from app.services.clock import FixedClock
from app.services.goals import GoalService
from app.services.progress import ProgressService
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.ui import charts as chart_package
from app.ui.charts import DashboardSlot, disable_charts, enable_charts
from app.ui.pages.progress_page import ProgressPage

NOW = dt.datetime(2026, 11, 18, 20, 0)  # a Wednesday evening


@pytest.fixture(scope="module", autouse=True)
def mpl():
    """The chart modules, imported here rather than at collection, and unloaded again after
    this file: other tests check in-process that building the window loads no matplotlib."""
    import importlib
    import sys
    from types import SimpleNamespace

    names = ("base", "builders", "dashboard", "palette", "views")
    mods = {n: importlib.import_module(f"app.ui.charts.{n}") for n in names}
    yield SimpleNamespace(**{k: v for m in mods.values() for k, v in vars(m).items() if not k.startswith("__")})
    # Every chart submodule goes, not only the ones imported above: one left behind (say
    # `printed`, imported by a report test) would keep classes from the unloaded matplotlib
    # and fail the next file's isinstance checks.
    for name in list(sys.modules):
        if name.split(".")[0] == "matplotlib" or name.startswith("app.ui.charts."):
            del sys.modules[name]
            submodule = name.rpartition(".")[2]
            if name.startswith("app.ui.charts.") and hasattr(chart_package, submodule):
                delattr(chart_package, submodule)
D = dt.date
T = dt.datetime
ZONE = "America/New_York"


@pytest.fixture
def records(store):
    return RecordService(store, FixedClock(NOW))


@pytest.fixture
def progress(store, records):
    return ProgressService(store, records, ScheduleService(store, records), GoalService(store, records))


@pytest.fixture
def logged(records):
    """A few weeks of every kind of record the charts read."""
    add = records.add
    group = add(SupportGroup(name="Home group"))
    program = add(Program(name="IOP", start_date=D(2026, 9, 7)))
    add(ProgramPhase(program_id=program.id, name="Intensive", start_date=D(2026, 9, 7), target_treatment_hours=6))
    session = add(ScheduleItem(title="Evening group", kind="group_therapy", start=T(2026, 9, 7, 18),
                               end=T(2026, 9, 7, 21), timezone=ZONE, recurrence="FREQ=WEEKLY;BYDAY=MO,WE"))
    add(ScheduleItem(title="Shift", kind="work", start=T(2026, 9, 7, 8), end=T(2026, 9, 7, 16), timezone=ZONE,
                     recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"))
    add(Goal(title="3 meetings a week", kind="meetings_per_week", target=3, start_date=D(2026, 11, 2)))
    for day in (2, 4, 6, 9, 17):
        add(AttendanceRecord(occurred_at=T(2026, 11, day, 19), group_id=group.id))
    add(AttendanceRecord(occurred_at=T(2026, 11, 9, 18), schedule_item_id=session.id))
    add(AttendanceRecord(occurred_at=T(2026, 11, 11, 18), schedule_item_id=session.id, status="missed"))
    add(AttendanceRecord(occurred_at=T(2026, 11, 16, 18), schedule_item_id=session.id, status="excused",
                         reason="Flu"))
    walk = add(CopingSkill(name="Go for a walk"))
    call = add(CopingSkill(name="Call my sponsor"))
    add(CopingEntry(occurred_at=T(2026, 11, 2, 12), urge_before=8, urge_after=4, skill_ids=(walk.id,)))
    add(CopingEntry(occurred_at=T(2026, 11, 3, 12), urge_before=6, urge_after=4, skill_ids=(walk.id, call.id)))
    add(CopingEntry(occurred_at=T(2026, 11, 4, 12), urge_before=5, urge_after=5, skill_ids=(walk.id,)))
    add(SelfCareEntry(occurred_at=T(2026, 11, 10, 7), category="exercise", minutes=40))
    add(SelfCareEntry(occurred_at=T(2026, 11, 17, 21), category="sleep", minutes=30))
    add(SelfCareEntry(occurred_at=T(2026, 11, 17, 7), category="exercise", minutes=20))
    add(SobrietyPeriod(start_date=D(2026, 10, 1)))
    add(CheckIn(day=D(2026, 11, 16), mood=2, craving=5, sleep_hours=6))
    add(CheckIn(day=D(2026, 11, 17), mood=4, craving=3, sleep_hours=8))
    return {"group": group, "walk": walk, "session": session}


def _chart(qtbot, cls, data):
    chart = cls()
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show_data(data)
    chart.canvas.draw()
    return chart


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _x_days(line) -> list[dt.date]:
    return [D(1970, 1, 1) + dt.timedelta(days=math.floor(x)) for x in line.get_xdata()]


# --- each chart, read back from its artists ---------------------------------------------------------------


def test_goal_chart_draws_weekly_actual_against_target(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.GoalsChart, progress.goals("4w"))
    b = chart.builder
    assert list(b.actual.get_ydata()) == [3.0, 1.0, 1.0]
    assert list(b.target.get_ydata()) == [3.0, 3.0, 3.0]
    assert _x_days(b.actual) == [D(2026, 11, 5), D(2026, 11, 12), D(2026, 11, 19)]  # mid-week
    assert list(b.missed.get_ydata()) == [1.0, 1.0]  # the weeks not met, drawn hollow
    assert b.ax.get_ylabel() == "Meetings per week" and b.ax.get_xlabel() == "Week"
    assert _legend(b.ax) == ["Actual", "Week not met", "Target"]
    assert chart.picker.currentText() == "3 meetings a week"
    assert "3 meetings a week" in chart.summary_label.text() and not chart.is_empty


def test_attendance_chart_stacks_attended_missed_excused_with_the_rate(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.AttendanceChart, progress.attendance("4w"))
    b = chart.builder
    assert b.bars.heights("attended") == [0.0, 0.0, 1.0, 0.0]
    assert b.bars.heights("missed") == [0.0, 0.0, 1.0, 0.0]
    assert b.bars.heights("excused") == [0.0, 0.0, 0.0, 1.0]
    rate = b.rate.get_ydata()
    assert np.isnan(rate[0]) and rate[2] == 50.0 and np.isnan(rate[3])  # excused only: no rate
    assert _legend(b.ax) == ["Attended", "Missed", "Excused", "Attendance rate (%)"]
    assert b.ax.get_ylabel() == "Sessions per week"
    assert b.rate_ax.get_ylabel() == "Attendance rate (%)"
    assert "attended 1 of 2 treatment sessions (50%); 1 excused" in chart.summary_label.text()


def test_urge_chart_draws_the_seven_day_means_before_and_after(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.UrgeChart, progress.urges("4w"))
    b = chart.builder
    assert list(b.before.get_ydata()) == pytest.approx([8.0, 7.0, 19 / 3])
    assert list(b.after.get_ydata()) == pytest.approx([4.0, 4.0, 13 / 3])
    assert list(b.before_dots.get_ydata()) == [8.0, 6.0, 5.0]
    assert _x_days(b.before) == [D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4)]
    assert b.ax.get_ylabel() == "Urge strength (0–10)" and b.ax.get_ylim() == (0, 10.4)
    assert _legend(b.ax) == ["Before coping, 7-day mean", "After coping, 7-day mean", "One day’s average"]
    xmin, xmax = b.ax.get_xlim()
    assert xmax - xmin == 28  # the whole range, not just the days with entries


def test_skill_chart_ranks_skills_with_their_counts(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.SkillsChart, progress.skills("4w"))
    b = chart.builder
    assert [t.get_text() for t in b.ax.get_yticklabels()] == ["Go for a walk", "Call my sponsor"]
    assert [bar.get_width() for bar in b.bars] == [2.0, 2.0]
    assert [t.get_text() for t in b.labels] == ["n = 3", "n = 1"]
    assert [bar.get_hatch() for bar in b.bars] == [None, "///"]  # one entry: too few to tell
    assert _legend(b.ax) == ["3 or more entries", "Fewer than 3 entries: too few to tell yet"]
    assert b.ax.get_xlabel().startswith("Average drop in urge strength")


def test_selfcare_chart_stacks_minutes_by_category(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.SelfCareChart, progress.selfcare("4w"))
    b = chart.builder
    assert list(b.bars.series) == ["exercise", "sleep"]
    assert b.bars.heights("exercise") == [0.0, 0.0, 40.0, 20.0]
    assert b.bars.heights("sleep") == [0.0, 0.0, 0.0, 30.0]
    assert _legend(b.ax) == ["Exercise", "Sleep"]
    assert b.ax.get_ylabel() == "Minutes per week" and b.ax.get_ylim()[1] >= 50


def test_balance_chart_stacks_hours_with_the_phase_target(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.BalanceChart, progress.balance("4w"))
    b = chart.builder
    assert b.bars.heights("treatment") == [6.0] * 4
    assert b.bars.heights("work_school") == [40.0] * 4
    assert list(b.target.get_ydata()) == [6.0] * 5  # a step per week and the last edge
    assert b.target_note.get_text() == "target 6 h" and b.target_note.get_visible()
    assert _legend(b.ax) == ["Treatment", "Meetings", "Work / school", "Family / social", "Self-care",
                             "Treatment target of your program phase"]
    assert b.ax.get_ylabel() == "Hours per week (scheduled)"


def test_mood_and_sleep_chart_has_an_axis_each(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.MoodSleepChart, progress.mood_sleep("4w"))
    b = chart.builder
    assert list(b.mood.get_ydata()) == [2.0, 3.0]
    assert list(b.sleep_dots.get_ydata()) == [6.0, 8.0]
    assert (b.mood_ax.get_ylabel(), b.sleep_ax.get_ylabel()) == ("Mood (1–5)", "Sleep (hours)")
    assert _legend(b.mood_ax) == ["Mood, 7-day mean", "Sleep, 7-day mean", "One day’s check-in"]


def test_calendar_chart_is_a_year_of_days_by_weekday(qtbot, progress, logged, mpl, store):
    data = progress.calendar()
    chart = _chart(qtbot, mpl.CalendarChart, data)
    grid = chart.builder.image.get_array()
    assert grid.shape == (7, 53)
    week = (D(2026, 11, 16) - data.first).days // 7
    assert grid[0, week] == data.state_on(D(2026, 11, 16))  # Monday row, this week's column
    assert grid[2, week] == data.state_on(D(2026, 11, 18))
    labels = [t.get_text() for t in chart.builder.ax.get_xticklabels()]
    assert labels[0] == "Dec 2025" and "Jan 2026" in labels and "Nov" in labels
    assert _legend(chart.builder.ax) == ["Checked in, sober", "Sober, no check-in", "Checked in", "Used / lapse",
                                         "Nothing logged"]
    store.set_setting("wording.sober", "without_use")  # the person's words for days without use
    chart.builder.update(progress.calendar())
    assert _legend(chart.builder.ax) == ["Checked in, no use", "No use, no check-in", "Checked in", "Used / lapse",
                                         "Nothing logged"]
    assert "sober" not in chart.builder.summary(progress.calendar())
    chart.show_data(progress.calendar())
    assert chart.title_label.text() == "Your year: check-ins and days without use"


def test_a_saved_chart_is_titled_in_the_persons_wording(qtbot, progress, logged, mpl, store, tmp_path):
    store.set_setting("wording.sober", "without_use")  # setting wording.sober: "days without use"
    chart = _chart(qtbot, mpl.CalendarChart, progress.calendar())
    assert chart.suggested_name() == "steady-your-year-check-ins-and-days-without-use.png"
    svg = chart.save(tmp_path / "year.svg").read_text(encoding="utf-8")
    assert "Your year: check-ins and days without use" in svg and "sober days" not in svg
    chart.save(tmp_path / "year.png")
    assert chart.figure._suptitle.get_text() == "Your year: check-ins and days without use"


# --- empty state ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls, where", [
    ("GoalsChart", "Goals page"), ("AttendanceChart", "Mark today’s sessions"), ("UrgeChart", "Coping skills page"),
    ("SkillsChart", "urge was before and after"), ("SelfCareChart", "Self-care page"),
    ("BalanceChart", "Schedule page"), ("MoodSleepChart", "Check in now"), ("CalendarChart", "Check-ins page"),
])
def test_an_empty_chart_says_what_to_log(qtbot, progress, mpl, cls, where):
    chart = getattr(mpl, cls)()
    qtbot.addWidget(chart)
    chart.refresh(progress, "12w")
    assert chart.is_empty
    assert where in chart.empty_label.text()
    assert not chart.save_button.isEnabled()
    assert chart.accessibleDescription() == chart.empty_label.text()


def test_a_chart_leaves_its_empty_state_when_data_arrives(qtbot, progress, records, mpl):
    chart = mpl.UrgeChart()
    qtbot.addWidget(chart)
    chart.refresh(progress, "4w")
    assert chart.is_empty
    records.add(CopingEntry(occurred_at=T(2026, 11, 17, 12), urge_before=7, urge_after=3))
    chart.refresh(progress, "4w")
    assert not chart.is_empty and chart.save_button.isEnabled()
    assert list(chart.builder.before.get_ydata()) == [7.0]


# --- saving --------------------------------------------------------------------------------------------------


def test_save_writes_a_real_png_and_svg_with_the_title(qtbot, progress, logged, tmp_path, mpl):
    chart = _chart(qtbot, mpl.BalanceChart, progress.balance("4w"))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    png = chart.save(tmp_path / "balance.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 5000
    svg = chart.save(tmp_path / "balance.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "How your week is spent" in text
    assert chart.save(tmp_path / "no-suffix") == tmp_path / "no-suffix.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["balance.png", "balance.svg", "no-suffix.png"]
    assert not chart.figure._suptitle.get_visible()  # the on-screen chart keeps its title in the header


def test_save_chart_button_asks_for_a_file_and_reports(qtbot, progress, logged, tmp_path, monkeypatch, mpl):
    chart = _chart(qtbot, mpl.UrgeChart, progress.urges("4w"))
    target = tmp_path / "urges.svg"
    monkeypatch.setattr(mpl.ChartView, "ask_save_path", classmethod(lambda cls, parent, suggested: target))
    with qtbot.waitSignal(chart.status_message) as said:
        chart.save_button.click()
    assert target.read_bytes().lstrip().startswith(b"<?xml")
    assert said.args == [f"Saved the chart to {target}."]
    monkeypatch.setattr(mpl.ChartView, "ask_save_path", classmethod(lambda cls, parent, suggested: None))
    chart.save_button.click()  # cancelled: nothing happens


def test_a_failed_save_leaves_no_file_behind(qtbot, progress, logged, tmp_path, monkeypatch, mpl):
    chart = _chart(qtbot, mpl.UrgeChart, progress.urges("4w"))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    monkeypatch.setattr(mpl.ChartView, "ask_save_path",
                        classmethod(lambda cls, parent, suggested: tmp_path / "missing" / "urges.png"))
    with qtbot.waitSignal(chart.status_message) as said:
        chart.save_button.click()
    assert said.args[0].startswith("The chart was not saved")
    assert list(tmp_path.iterdir()) == []


# --- light and dark --------------------------------------------------------------------------------------------


def _dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6")):
        p.setColor(role, QColor(colour))
    return p


def test_colours_follow_the_palette_and_lines_keep_their_contrast(qtbot, progress, logged, mpl):
    chart = _chart(qtbot, mpl.UrgeChart, progress.urges("4w"))
    light = chart.theme
    chart.setPalette(_dark_palette())
    dark = chart.theme
    assert not light.dark and dark.dark
    assert dark.background == "#2b2b2b" and dark.text == "#e6e6e6"
    b = chart.builder
    assert QColor(b.before.get_color()).name() == dark.line["before"].lower()
    assert [QColor(t.get_color()).name() for t in b.ax.get_legend().get_texts()] == ["#e6e6e6"] * 3
    assert QColor(b.ax.get_legend().get_lines()[0].get_color()).name() == dark.line["before"].lower()
    for theme in (light, dark):
        for role in ("primary", "before", "after", "mood", "sleep", "target"):
            assert mpl.contrast(theme.line[role], theme.background) >= 3.0, (theme.dark, role)


def test_theme_for_reads_a_light_palette_too(qapp, mpl):
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    theme = mpl.theme_for(palette=p)
    assert not theme.dark and theme.background == "#ffffff"


# --- the Progress page ------------------------------------------------------------------------------------------


@pytest.fixture
def page(qtbot, progress, records):
    page = ProgressPage(progress, records)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.ensure_charts()
    yield page
    page.detach()


def _count_refreshes(page, monkeypatch) -> list[str]:
    done: list[str] = []
    for chart in page.charts:
        original = chart.refresh

        def counted(progress, range_key, chart=chart, original=original):
            done.append(chart.key)
            original(progress, range_key)
        monkeypatch.setattr(chart, "refresh", counted)
    return done


def test_page_holds_every_chart_and_draws_only_those_on_screen(page, logged, mpl):
    assert [c.key for c in page.charts] == [c.key for c in mpl.CHARTS]
    assert page.on_screen(page.chart("goals")) and not page.on_screen(page.chart("calendar"))
    page.refresh_visible()
    assert "goals" not in page.stale and "calendar" in page.stale  # the top is drawn, the bottom waits
    assert page.chart("calendar").data is None
    page.scroll_area.verticalScrollBar().setValue(page.scroll_area.verticalScrollBar().maximum())
    assert "calendar" not in page.stale  # scrolled into view, so drawn
    assert not page.chart("calendar").is_empty


def test_range_selector_changes_what_the_charts_show(page, logged, qtbot):
    page.refresh_all()
    attendance = page.chart("attendance")
    assert attendance.data.span.key == "12w"
    assert "31 Aug 2026 – 18 Nov 2026" in page.span_label.text()
    button = next(b for b in page.range_buttons.buttons() if b.property("range_key") == "4w")
    button.click()
    assert page.range_key == "4w" and button.isChecked() and button.font().bold()
    assert "26 Oct 2026" in page.span_label.text()
    assert "selfcare" in page.stale  # off screen: fetched when scrolled to
    assert "calendar" not in page.stale  # always the last year, whatever the range
    page.refresh_all()
    assert len(attendance.data.weeks) == 4
    low, high = attendance.builder.ax.get_xlim()
    assert high - low == 28
    page.set_range("all")
    assert page.progress.span("all").first == D(2026, 9, 28)  # the week of the sober date


def test_a_change_notice_redraws_only_the_affected_visible_charts(page, logged, records, monkeypatch):
    page.resize(1000, 6000)  # every chart on screen
    page.refresh_visible()
    assert page.stale == set()
    done = _count_refreshes(page, monkeypatch)
    records.add(CopingEntry(occurred_at=T(2026, 11, 18, 12), urge_before=9, urge_after=2,
                            skill_ids=(logged["walk"].id,)))
    assert sorted(done) == ["goals", "skills", "urges"]
    assert page.chart("urges").builder.before_dots.get_ydata()[-1] == 9.0
    done.clear()
    records.add(CheckIn(day=D(2026, 11, 18), mood=5, craving=1))
    assert sorted(done) == ["calendar", "goals", "mood_sleep"]


def test_a_hidden_page_waits_until_it_is_shown(page, logged, records, monkeypatch, qtbot):
    page.refresh_visible()
    done = _count_refreshes(page, monkeypatch)
    page.hide()
    records.add(SelfCareEntry(occurred_at=T(2026, 11, 18, 9), category="hobby", minutes=45))
    assert done == [] and "selfcare" in page.stale
    page.resize(1000, 6000)
    page.show()
    qtbot.waitUntil(lambda: "selfcare" in done)
    assert page.chart("selfcare").builder.bars.heights("hobby")[-1] == 45.0


# --- the Today dashboard -----------------------------------------------------------------------------------------


def test_dashboard_chart_shows_eight_weeks_of_balance_and_follows_changes(qtbot, progress, records, logged, mpl):
    chart = mpl.DashboardChart(progress)
    qtbot.addWidget(chart)
    chart.show()
    b = chart.builder
    assert len(chart.data.weeks) == 8 and b.compact
    assert b.bars.heights("treatment") == [6.0] * 8
    assert b.ax.get_ylabel() == "Hours a week" and b.ax.get_xlabel() == ""
    add = records.add
    add(ScheduleItem(title="Family dinner", kind="family_social", start=T(2026, 11, 17, 18),
                     end=T(2026, 11, 17, 20), timezone=ZONE))
    assert b.bars.heights("family_social")[-1] == 2.0
    chart.hide()
    add(ScheduleItem(title="Run", kind="self_care", start=T(2026, 11, 18, 7), end=T(2026, 11, 18, 8), timezone=ZONE))
    assert chart.stale and b.bars.heights("self_care")[-1] == 0.0
    add(CheckIn(day=D(2026, 11, 18), mood=4, craving=2))  # nothing this chart shows
    chart.show()
    assert not chart.stale and b.bars.heights("self_care")[-1] == 1.0
    chart.detach()


def test_dashboard_slot_loads_its_chart_only_once_charts_are_enabled(qtbot, progress, logged, mpl):
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    slot = DashboardSlot(progress, window)
    column.addWidget(slot)
    window.resize(800, 700)
    window.show()
    qtbot.wait(10)
    assert slot.chart is None  # shown, but charts are not enabled for this window
    assert enable_charts(window, draw=True) == 1
    assert isinstance(slot.chart, mpl.DashboardChart) and slot.chart.canvas.draws == 1
    later = DashboardSlot(progress, window)  # a slot shown after: loads by itself
    column.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: later.chart is not None)
    other = QWidget()  # another window stays empty
    qtbot.addWidget(other)
    lone = DashboardSlot(progress, other)
    other.show()
    qtbot.wait(10)
    assert lone.chart is None
    disable_charts(window)
    third = DashboardSlot(progress, window)
    third.show()
    qtbot.wait(10)
    assert third.chart is None and enable_charts(other) == 1 and lone.chart is not None
    for s in (slot, later, lone):
        s.detach()


def _timings(out: str) -> dict[str, int]:
    return {ln.split()[0]: int(ln.split()[1]) for ln in out.splitlines() if ln.endswith(tuple("0123456789"))}


def test_smoke_run_prints_charts_ready_once_the_dashboard_chart_is_drawn(data_dir, capsys, monkeypatch, mpl):
    import app.main as main

    class WindowWithChart(main.MainWindow):
        def attach(self, services, *args, **kwargs):
            super().attach(services, *args, **kwargs)
            records = services.records
            now = records.clock.now().replace(second=0, microsecond=0)
            records.add(ScheduleItem(title="IOP group", start=now - dt.timedelta(days=1),
                                     end=now - dt.timedelta(days=1, hours=-3), timezone=ZONE))
            self.slot = DashboardSlot(services.progress, self.centralWidget())

    monkeypatch.setattr(main, "MainWindow", WindowWithChart)
    assert main.run_gui(data_dir, smoke=True) == 0
    timings = _timings(capsys.readouterr().out)
    assert list(timings) == ["first-paint-ms", "data-ready-ms", "charts-ready-ms"]
    assert timings["charts-ready-ms"] >= timings["data-ready-ms"]


def test_a_chart_saved_over_an_earlier_one_on_a_full_disk_keeps_the_earlier_one(
        qtbot, progress, logged, tmp_path, mpl):
    import resource

    chart = _chart(qtbot, mpl.UrgeChart, progress.urges("4w"))
    folder = tmp_path / "charts"
    folder.mkdir()
    earlier = folder / "urges.png"
    earlier.write_bytes(b"\x89PNG\r\n\x1a\n" + b"an earlier chart" * 10)
    before = earlier.read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # the disk takes 4 KB, then refuses
    try:
        with pytest.raises(mpl.StoreError) as caught:
            chart.save(earlier)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert "\n" not in caught.value.message and "free some disk space" in caught.value.message
    assert earlier.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["urges.png"]  # no temp file left


def test_every_chart_on_the_progress_page_reads_the_series_of_its_own_name(progress, mpl):
    """A chart's `key` names both its entry in CHART_SOURCES and the ProgressService method it draws."""
    from app.services.progress import CHART_SOURCES

    views = [v for v in vars(mpl).values() if isinstance(v, type) and issubclass(v, mpl.ChartView)
             and v.key and v.fetch is mpl.ChartView.fetch]
    assert {v.key for v in views} >= {"goals", "attendance", "urges", "skills", "selfcare", "balance", "mood_sleep"}
    for view in views:
        assert view.key in CHART_SOURCES
        assert callable(getattr(progress, view.key))


def _wheel_down(widget, pos) -> None:
    """One notch of the wheel at `pos`, routed as Qt routes a real one: to the widget under the
    pointer, then to its parents while each leaves it unaccepted (Qt propagates only
    spontaneous wheel events itself, and a test can only send synthetic ones)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    while widget is not None:
        event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)
        if event.isAccepted() or widget.isWindow():
            return
        pos = widget.mapToParent(pos)
        widget = widget.parentWidget()


def test_the_mouse_wheel_over_a_chart_scrolls_the_progress_page(page, logged, qtbot):
    page.refresh_visible()
    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    canvas = page.chart("goals").canvas
    for _ in range(3):
        _wheel_down(canvas, canvas.rect().center())
    assert bar.value() > 0


def test_the_first_chart_on_screen_is_drawn_before_the_others_and_charts_below_are_not_made(
        qtbot, progress, records, logged, monkeypatch):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from app.ui.charts.base import ChartCanvas, ChartView

    events: list[tuple[str, str]] = []
    refresh, draw = ChartView.refresh, ChartCanvas.draw

    def logged_refresh(chart, progress, range_key):
        events.append(("refresh", chart.key))
        refresh(chart, progress, range_key)

    def logged_draw(canvas):
        events.append(("draw", canvas.parent().key))
        draw(canvas)
    monkeypatch.setattr(ChartView, "refresh", logged_refresh)
    monkeypatch.setattr(ChartCanvas, "draw", logged_draw)

    window = QWidget()  # a window already on screen, as the main window is when Progress is clicked
    qtbot.addWidget(window)
    # Tall enough for two charts under the step-down readiness panel at the top of the page.
    window.resize(1000, 900)
    QVBoxLayout(window)
    window.show()
    qtbot.waitExposed(window)
    page = ProgressPage(progress, records)
    window.layout().addWidget(page)
    qtbot.waitUntil(lambda: bool(page.charts) and not any(c.key in page.stale and page.on_screen(c)
                                                          for c in page.charts))
    first = page.charts[0].key
    # Shown at once, before the other charts are even fetched.
    assert events[:2] == [("refresh", first), ("draw", first)]
    on_screen = [c for c in page.charts if page.on_screen(c)]
    assert len(on_screen) > 1 and all(("refresh", c.key) in events for c in on_screen)
    below = [c for c in page.charts if not page.on_screen(c)]
    # Their axes are made only when they are scrolled to (making a figure's axes costs tens of ms).
    assert below and all(c._builder is None for c in below)
    page.detach()


def test_the_balance_chart_says_hours_and_minutes(qtbot, progress, records, mpl):
    # A 9 h 50 min shift this week (NOW is a Wednesday), against a 6 h treatment target.
    program = records.add(Program(name="IOP", start_date=D(2026, 9, 7)))
    records.add(ProgramPhase(program_id=program.id, name="Intensive", start_date=D(2026, 9, 7),
                             target_treatment_hours=6))
    records.add(ScheduleItem(title="Long shift", kind="work", start=T(2026, 11, 17, 7),
                             end=T(2026, 11, 17, 16, 50), timezone=ZONE))
    records.add(ScheduleItem(title="Group", kind="group_therapy", start=T(2026, 11, 16, 18),
                             end=T(2026, 11, 16, 19, 30), timezone=ZONE))
    chart = _chart(qtbot, mpl.BalanceChart, progress.balance("4w"))
    text = chart.builder.summary(progress.balance("4w"))
    assert "9 h 50 min work / school" in text and "1 h 30 min treatment" in text
    assert "asks for 6 h of treatment a week; 4 h 30 min short" in text


def _pixels(canvas) -> np.ndarray:
    return np.asarray(canvas.buffer_rgba()).copy()


def test_an_entry_that_leaves_the_axes_as_they_were_redraws_only_the_data(qtbot, progress, records, logged, mpl):
    """The canvas keeps a copy of what shows no data (axes, ticks, labels, legend) and, while
    none of that changes, draws only the bars and lines over it: the picture is the one a
    whole draw makes. An entry that needs a taller axis draws everything again."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    chart = mpl.DashboardChart(progress)
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    chart.show()
    canvas = chart.canvas
    qtbot.waitUntil(lambda: canvas.draws >= 1)
    top = chart.builder.ax.get_ylim()
    before = canvas.draws
    records.add(ScheduleItem(title="Walk", kind="self_care", start=T(2026, 11, 10, 7), end=T(2026, 11, 10, 8),
                             timezone=ZONE))
    qtbot.waitUntil(lambda: canvas.draws == before + 1)
    assert canvas.data_only_draws == 1 and chart.builder.ax.get_ylim() == top
    fast = _pixels(canvas)
    FigureCanvasAgg.draw(canvas)  # matplotlib's own whole draw of the same figure
    whole = _pixels(canvas)
    differing = np.any(fast != whole, axis=2).mean()
    assert differing < 0.005, differing  # the same picture (the data may cover an axis line's pixels)
    assert np.any(fast != np.asarray([255, 255, 255, 255]))  # and not an empty one

    records.add(ScheduleItem(title="Long shift", kind="work", start=T(2026, 11, 16, 6), end=T(2026, 11, 18, 6),
                             timezone=ZONE))  # 48 hours: the week's bar outgrows the axis
    qtbot.waitUntil(lambda: canvas.draws == before + 2)
    assert canvas.data_only_draws == 1 and chart.builder.ax.get_ylim()[1] > top[1]
    chart.detach()


def test_a_chart_drawn_once_gets_the_axis_its_data_asks_for(mpl):
    """The kept axis top is the screen's: a figure drawn once (a report's chart) gets exactly
    the top its data asks for, as before."""
    from matplotlib.figure import Figure

    from app.ui.charts.builders import _nice_top, _set_top

    ax = Figure().add_subplot()
    _set_top(ax, 10.0)
    assert ax.get_ylim() == (0, _nice_top(10.0))
    _set_top(ax, 9.5)  # a little lower: the top stays
    assert ax.get_ylim() == (0, _nice_top(10.0))
    _set_top(ax, 10.5)  # a little higher, still clear of the top: it stays
    assert ax.get_ylim() == (0, _nice_top(10.0))
    _set_top(ax, 11.0)  # too close to the top: the axis grows, by a quarter at least
    assert ax.get_ylim() == (0, _nice_top(10.0) * 1.25)
    _set_top(ax, 12.0)  # the next entries fit
    assert ax.get_ylim() == (0, _nice_top(10.0) * 1.25)
    _set_top(ax, 30.0)  # much higher: as the data asks
    assert ax.get_ylim() == (0, _nice_top(30.0))
    _set_top(ax, 2.0)  # much lower: the axis follows
    assert ax.get_ylim() == (0, _nice_top(2.0))


# --- Spanish ----------------------------------------------------------------------------------------------


def _chart_words(chart) -> dict[str, str]:
    """What a person reads on a chart: its header, buttons, axes, legends, ticks and summary."""
    words = {"title": chart.title_label.text(), "summary": chart.summary_label.text(),
             "save": chart.save_button.text(), "save name": chart.save_button.accessibleName(),
             "canvas name": chart.canvas.accessibleName(), "description": chart.accessibleDescription()}
    for i, ax in enumerate(chart.figure.axes):
        words[f"x label {i}"] = ax.get_xlabel()
        words[f"y label {i}"] = ax.get_ylabel()
        legend = ax.get_legend()
        for j, text in enumerate(legend.get_texts() if legend else ()):
            words[f"legend {i}.{j}"] = text.get_text()
    return {k: v for k, v in words.items() if any(ch.isalpha() for ch in v)}


def test_every_chart_speaks_spanish_when_spanish_is_chosen(qtbot, progress, logged, mpl):
    from app.domain import i18n

    def shown(cls):
        probe = cls()
        qtbot.addWidget(probe)
        return _chart(qtbot, cls, probe.fetch(progress, "4w"))

    english = {cls.__name__: _chart_words(shown(cls)) for cls in mpl.CHARTS}
    assert sum(len(words) for words in english.values()) > 60  # titles, axes, legends, summaries
    i18n.use_language("es")
    left = {}
    for cls in mpl.CHARTS:
        chart = shown(cls)
        spanish = _chart_words(chart)
        assert spanish.keys() == english[cls.__name__].keys(), cls.__name__
        same = {k: v for k, v in spanish.items() if v == english[cls.__name__][k]}
        if same:
            left[cls.__name__] = same
    # A self-check chart has no data here, so its only words are the empty state's.
    assert not left, left
    attendance = _chart(qtbot, mpl.AttendanceChart, progress.attendance("4w"))
    assert _legend(attendance.builder.ax) == ["Asistida", "Perdida", "Justificada", "Tasa de asistencia (%)"]
    assert attendance.summary_label.text().startswith("En las últimas 4 semanas: asististe a 1 de 2 sesiones")
    ticks = [t.get_text() for t in attendance.builder.ax.get_xticklabels()]
    assert any("nov" in t for t in ticks) and not any("Nov" in t for t in ticks), ticks
    calendar = _chart(qtbot, mpl.CalendarChart, progress.calendar())
    assert [t.get_text() for t in calendar.builder.ax.get_yticklabels()] == ["lun", "mié", "vie", "dom"]
    empty = mpl.SkillsChart()
    qtbot.addWidget(empty)
    assert empty.empty_label.text().startswith("No hay registros de afrontamiento")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_legend_too_long_for_its_row_wraps_instead_of_being_cut_off(qtbot, progress, logged, mpl, language):
    from app.domain import i18n

    i18n.use_language(language)
    chart = mpl.CalendarChart()
    qtbot.addWidget(chart)
    chart.resize(520, 420)
    chart.show()
    chart.show_data(progress.calendar())
    chart.canvas.relayout()
    chart.canvas.draw()
    legend = chart.builder.ax.get_legend()
    renderer = chart.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert box.x1 <= chart.figure.bbox.width + 0.5  # whole inside the figure
    assert len(legend.get_texts()) == 5 and legend._ncols < 5  # five entries, in more than one row
    assert legend.legend_handles[3].get_hatch() == "xx"  # the crossed "used" key keeps its crosses
