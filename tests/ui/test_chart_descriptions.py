"""Screen readers: each chart's accessible description is its text summary (the sentence
under it), on a year of demo data; an empty chart's is what to log to see it."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from app.services.demo import generate_demo


@pytest.fixture(scope="module", autouse=True)
def _unload_charts():
    """matplotlib and the chart modules are unloaded after this file (as tests/ui/test_charts.py
    does): other tests check in-process that building the window loads no matplotlib."""
    yield
    from app.ui import charts as chart_package

    for name in list(sys.modules):
        if name.split(".")[0] == "matplotlib" or name.startswith("app.ui.charts."):
            del sys.modules[name]
            submodule = name.rpartition(".")[2]
            if name.startswith("app.ui.charts.") and hasattr(chart_package, submodule):
                delattr(chart_package, submodule)


def test_every_chart_describes_itself_by_its_summary(qtbot, store, services):
    from app.ui.charts.dashboard import DashboardChart
    from app.ui.charts.views import CHARTS

    generate_demo(store, years=1, today=services.records.clock.now().date() - dt.timedelta(days=1))
    described = 0
    for cls in CHARTS:
        chart = cls()
        qtbot.addWidget(chart)
        chart.refresh(services.progress, "12w")
        if chart.is_empty:  # a chart the demo story has nothing for says what to log
            assert chart.accessibleDescription() == chart.empty_label.text() != "", cls.__name__
            continue
        summary = chart.builder.summary(chart.data)
        assert summary, cls.__name__
        assert chart.accessibleDescription() == summary == chart.summary_label.text(), cls.__name__
        assert chart.accessibleName() == chart.title
        described += 1
    assert described >= len(CHARTS) - 1, "the demo year should fill all but at most one chart"
    # Today's small chart shows no sentence under it, but a screen reader still hears it.
    small = DashboardChart(services.progress)
    qtbot.addWidget(small)
    assert not small.is_empty
    assert small.summary_label.isHidden()
    assert small.accessibleDescription() == small.builder.summary(small.data) != ""


def test_a_day_with_use_is_crossed_not_only_coloured(qtbot, store, services):
    from app.services.progress import DAY_USED
    from app.ui.charts.views import CalendarChart

    generate_demo(store, years=1, today=services.records.clock.now().date() - dt.timedelta(days=1))
    chart = CalendarChart()
    qtbot.addWidget(chart)
    chart.refresh(services.progress, "12w")
    used = chart.data.counts[DAY_USED]
    assert used > 0, "the demo year has days with use"
    assert len(chart.builder.used_marks.get_offsets()) == used
    key = next(k for k in chart.builder.keys if k.get_label().startswith("Used"))
    assert key.get_hatch() == "xx"
