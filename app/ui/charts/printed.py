"""Progress charts as images for printed reports: the same builders as on screen, on a
white page theme, laid out once and rendered at print resolution. No widget, no canvas."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QColor, QImage, QPalette

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
        if goal_id is not None:
            builder.goal_id = goal_id
        builder.update(data)
        figure.set_facecolor(theme.background)
        fit_margins(figure, canvas.get_renderer())
        canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    pixels = canvas.buffer_rgba()
    # copy(): the QImage must own its pixels, which the canvas frees with the figure.
    return QImage(pixels, width, height, QImage.Format.Format_RGBA8888).copy()


_TICK_PAD = 3.5 + 3.5  # points: tick length + the gap to its label (matplotlib's defaults)
_LABEL_PAD = 5.0  # points between tick labels and an axis label (matplotlib: 4, plus rounding)
_EDGE = 4.0  # points left free at the figure's edge


def fit_margins(figure: Figure, renderer) -> None:
    """Place the axes with margins measured from the labels they show: tick labels and axis
    labels at the sides and below, the legend above. A few texts are measured, where
    constrained layout asks every artist for its extent several times."""
    axes = [ax for ax in figure.axes if ax.get_visible()]
    if not axes:
        return
    to_points = 72.0 / figure.dpi

    def text_size(text: str, size: float) -> tuple[float, float]:
        from matplotlib.font_manager import FontProperties

        if not text:
            return 0.0, 0.0
        w, h, _ = renderer.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
        return w * to_points, h * to_points

    def widest_tick(axis) -> tuple[float, float]:
        if not any(t.label1.get_visible() or t.label2.get_visible() for t in axis.get_major_ticks()[:1]):
            return 0.0, 0.0
        low, high = sorted(axis.get_view_interval())
        locs = [v for v in axis.get_majorticklocs() if low - 1e-9 <= v <= high + 1e-9]
        labels = axis.get_major_formatter().format_ticks(locs) if locs else []
        size = axis.get_major_ticks()[0].label1.get_fontsize() if axis.get_major_ticks() else 8.0
        sizes = [text_size(label, size) for label in labels]
        return max((w for w, _ in sizes), default=0.0), max((h for _, h in sizes), default=0.0)

    def fitted_label(label, room: float) -> float:
        """The label's height across its axis (two lines when one would not fit along it)."""
        if not label.get_visible() or not label.get_text():
            return 0.0
        length, thickness = text_size(label.get_text(), label.get_fontsize())
        if length > room and " " in label.get_text():
            label.set_text(_two_lines(label.get_text()))
            return thickness * 2.2  # two lines at matplotlib's 1.2 line spacing
        return thickness

    def side(axis, room: float) -> float:
        tick_w, _ = widest_tick(axis)
        label_h = fitted_label(axis.get_label(), room)
        return _TICK_PAD + tick_w + (_LABEL_PAD + label_h if label_h else 0.0) + _EDGE

    width, height = figure.get_size_inches() * 72
    lowest = min(axes, key=lambda ax: ax.get_position().y0)
    tick_w, tick_h = widest_tick(lowest.xaxis)
    label_h = fitted_label(lowest.xaxis.get_label(), width / 2)
    bottom = _TICK_PAD + tick_h + (_LABEL_PAD + label_h if label_h else 0.0) + _EDGE
    top = _EDGE + 4.0
    for ax in axes:
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            top = max(top, legend.get_window_extent(renderer).height * to_points + _EDGE + 4.0)
    rows = len({ax.get_subplotspec().rowspan.start for ax in axes if ax.get_subplotspec() is not None}) or 1
    gap = 10.0  # points between stacked plots (their shared dates are below the lowest only)
    plot_height = height - top - bottom
    room = (plot_height - gap * (rows - 1)) / rows  # along a y axis: one plot's height
    left = right = _EDGE + 4.0
    for ax in axes:
        if ax.yaxis.get_label_position() == "right":
            right = max(right, side(ax.yaxis, room))
        else:
            left = max(left, side(ax.yaxis, room))
    right = max(right, tick_w / 2 + _EDGE)  # the last date's label may stand over the right edge
    hspace = gap / max(1.0, room) if rows > 1 else 0.2
    if width > left + right and height > top + bottom:
        figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                               top=1 - top / height, hspace=hspace)


def _two_lines(text: str) -> str:
    """`text` broken at the space nearest its middle."""
    middle = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]
