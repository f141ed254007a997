"""The counselor report's charts: laid out with measured fixed margins (no constrained
layout) and handed to Qt as pixels. Every label, tick label and legend must fit inside the
picture, for every chart the report prints, short and long ranges alike."""

import datetime as dt

import pytest

from app.services.demo import generate_demo
from app.services.bundle import build_services


@pytest.fixture(scope="module")
def counselor_reports(tmp_path_factory):
    from app.storage import open_store

    store = open_store(tmp_path_factory.mktemp("printed") / "data")
    generate_demo(store, years=2)
    service = build_services(store).reports
    today = service.today()
    reports = [service.counselor(today - dt.timedelta(weeks=12), today),
               service.counselor(today - dt.timedelta(days=640), today)]
    yield reports
    store.close()


def _charts(report):
    yield "attendance", report.attendance_chart, {}
    yield "balance", report.balance_chart, {}
    yield "urges", report.urge_chart, {}
    yield "mood_sleep", report.mood_sleep_chart, {}
    goals = report.goals_chart
    for g in goals.goals if goals is not None else ():
        if g.weeks:
            yield "goals", goals, {"goal_id": g.goal_id}


def test_every_printed_chart_fits_its_picture(qapp, counselor_reports):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from app.ui.charts.printed import BUILDERS, fit_margins, print_theme

    seen = set()
    for report in counselor_reports:
        for kind, data, extra in _charts(report):
            if data is None or data.empty:
                continue
            seen.add(kind)
            figure = Figure(figsize=(6.9, 2.4), dpi=100)
            canvas = FigureCanvasAgg(figure)
            builder = BUILDERS[kind](figure, print_theme())
            for name, value in extra.items():
                setattr(builder, name, value)
            builder.update(data)
            renderer = canvas.get_renderer()
            fit_margins(figure, renderer)
            canvas.draw()
            box = figure.get_tightbbox(renderer)  # in inches: everything drawn, labels included
            width, height = figure.get_size_inches()
            slack = 1 / 72
            assert box.x0 >= -slack and box.y0 >= -slack, (kind, box)
            assert box.x1 <= width + slack and box.y1 <= height + slack, (kind, box)
            plots = [ax.get_position() for ax in figure.axes]
            across = max(p.x1 for p in plots) - min(p.x0 for p in plots)
            down = max(p.y1 for p in plots) - min(p.y0 for p in plots)
            assert across > 0.7 and down > 0.5, (kind, plots)  # the data keeps most of the room
    assert seen == {"attendance", "balance", "urges", "mood_sleep", "goals"}


def test_chart_image_hands_qt_the_pixels_it_drew(qapp, counselor_reports):
    from PySide6.QtGui import QColor

    from app.ui.charts.printed import chart_image

    report = counselor_reports[0]
    image = chart_image("urges", report.urge_chart, width_in=6, height_in=2, dpi=100)
    assert (image.width(), image.height()) == (600, 200)
    assert image.pixelColor(1, 1) == QColor("#ffffff")  # the white page theme
    inked = sum(1 for x in range(0, 600, 5) for y in range(0, 200, 5) if image.pixelColor(x, y).lightness() < 200)
    assert inked > 50  # lines, labels and ticks, not a blank picture
    assert chart_image("urges", None) is None
