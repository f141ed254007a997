"""Progress charts as PNG bytes for printed reports: the same builders as on screen, on a
white page theme, laid out once and rendered at print resolution. No widget, no canvas."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PySide6.QtGui import QColor, QPalette

from .builders import AttendanceBuilder, BalanceBuilder, GoalsBuilder, MoodSleepBuilder, UrgeBuilder
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


def chart_png(kind: str, data, *, width_in: float = 6.6, height_in: float = 2.5, dpi: int = 200,
              goal_id: str | None = None, theme: Theme | None = None) -> bytes | None:
    """The chart of `kind` (a key of BUILDERS) for `data` as PNG bytes, or None when empty."""
    if data is None or data.empty:
        return None
    theme = theme or print_theme()
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(figure)
    import matplotlib

    with matplotlib.rc_context({"font.size": theme.font_size}):
        builder = BUILDERS[kind](figure, theme)
        if goal_id is not None:
            builder.goal_id = goal_id
        builder.update(data)
        figure.set_layout_engine(ConstrainedLayoutEngine(h_pad=3 / 72, w_pad=4 / 72, hspace=0.04, wspace=0.02))
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=dpi, facecolor=theme.background, metadata={"Software": "Steady"})
    return buf.getvalue()
