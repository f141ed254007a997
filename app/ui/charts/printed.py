"""Progress charts as images for printed reports: the same builders as on screen, on a
white page theme, laid out once and rendered at print resolution. No widget, no canvas."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QColor, QImage, QPalette

from .builders import AttendanceBuilder, BalanceBuilder, GoalsBuilder, MoodSleepBuilder, UrgeBuilder
from .base import fit_margins
from .palette import Theme, theme_for

BUILDERS = {
    "attendance": AttendanceBuilder,
    "balance": BalanceBuilder,
    "urges": UrgeBuilder,
    "mood_sleep": MoodSleepBuilder,
    "goals": GoalsBuilder,
}


def print_theme(font_size: float = 8.5) -> Theme:
    """Black on white whatever the desktop's colours (a dark theme would waste toner)."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1a1a1a"))
    theme = theme_for(palette=palette)
    from dataclasses import replace

    return replace(theme, font_size=font_size)


def chart_image(kind: str, data, *, width_in: float = 6.6, height_in: float = 2.5, dpi: int = 200,
                goal_id: str | None = None, theme: Theme | None = None) -> QImage | None:
    """The chart of `kind` (a key of BUILDERS) for `data` as an image, or None when empty.

    Laid out with fixed margins measured from what the chart shows (like the dashboard
    chart on screen) rather than constrained layout, which costs more than the drawing; and
    the pixels go straight into a QImage, with no PNG encode and decode in between."""
    if data is None or data.empty:
        return None
    theme = theme or print_theme()
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    import matplotlib

    with matplotlib.rc_context({"font.size": theme.font_size}):
        builder = BUILDERS[kind](figure, theme)
        if goal_id is not None and isinstance(builder, GoalsBuilder):  # only the goals chart picks a goal
            builder.goal_id = goal_id
        builder.update(data)
        figure.set_facecolor(theme.background)
        fit_margins(figure, canvas.get_renderer())
        canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    pixels = canvas.buffer_rgba()
    # copy(): the QImage must own its pixels, which the canvas frees with the figure.
    return QImage(pixels, width, height, QImage.Format.Format_RGBA8888).copy()
