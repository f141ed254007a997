"""ChartView: a titled matplotlib chart in a widget, with an empty state and Save as PNG/SVG.

Only `matplotlib.figure.Figure` and the QtAgg canvas are used (never pyplot, whose global
state does not belong in an app). A chart keeps its figure and artists for its whole life;
new data updates the artists and asks for `draw_idle()`, which draws once when Qt next
paints the canvas — and not at all while the canvas is hidden or scrolled out of view.
"""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.i18n import N_, _
from app.services.errors import StoreError
from app.services.files import write_file_atomically
from app.ui.style import scaled_font, style_subtle_label

from .palette import Theme, theme_for

SAVE_FILTERS = N_("PNG image (*.png);;SVG image (*.svg)")  # shown as _(SAVE_FILTERS)
_SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml"}


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas that lays its figure out only when asked (on resize, a new range, new
    labels), not on every draw, with margins measured from its labels (`fit_margins`).

    New numbers redraw only the data: a full draw keeps a copy of everything that does not
    show data (axes, ticks and their labels, grid, legend), and while none of that changed
    (the same size, limits, tick rules, labels and legend) the next draw puts the copy back
    and draws the data's artists over it, about a third of the work (matplotlib's blitting).
    """

    def __init__(self, figure: Figure):
        super().__init__(figure)
        self.layout_engine = ConstrainedLayoutEngine(h_pad=4 / 72, w_pad=6 / 72, hspace=0.04, wspace=0.02)
        self.layout_dirty = True
        # Fixed margins in points (left, bottom, right, top) instead of constrained layout:
        # for a small chart whose labels are known, in the start-up path (saves ~20 ms).
        self.margins: tuple[float, float, float, float] | None = None
        self.draws = 0  # how many times the figure was drawn (tests and benchmarks count)
        self.data_only_draws = 0  # of those, how many redrew only the data over the kept copy
        self._background = None
        self._signature: tuple | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def relayout(self) -> None:
        self.layout_dirty = True

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.layout_dirty = True
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt naming
        # Our charts do not zoom; matplotlib's canvas would accept the wheel anyway, and the
        # page under the pointer would not scroll. Leave it to the scroll area around us.
        event.ignore()

    def draw(self) -> None:
        if not self.layout_dirty:
            if self._background is not None and self._signature == self._static_signature():
                self._draw_data_only()
            else:
                self._draw_all()
        elif self.margins is not None:
            self.layout_dirty = False
            width, height = self.figure.get_size_inches() * 72
            left, bottom, right, top = self.margins
            if width > left + right and height > bottom + top:
                self.figure.subplots_adjust(left=left / width, bottom=bottom / height, right=1 - right / width,
                                            top=1 - top / height)
            self._draw_all()
        else:
            # Margins measured from the labels shown: a few texts measured, where constrained
            # layout costs about as much as the drawing itself.
            self.layout_dirty = False
            fit_margins(self.figure, self.get_renderer())
            self._draw_all()
        self.draws += 1

    # --- drawing the data over a kept copy of the rest ------------------------------------------

    def _data_artists(self) -> list:
        """What shows the numbers, axes by axes in matplotlib's drawing order: lines, bars and
        other patches, collections, images and texts placed in the plot. Everything else of
        the figure (axes, spines, ticks, grid, legend, titles) is the kept copy."""
        out = []
        for ax in sorted((ax for ax in self.figure.axes if ax.get_visible()), key=lambda ax: ax.get_zorder()):
            mine = {id(a) for a in (*ax.lines, *ax.patches, *ax.collections, *ax.images, *ax.texts)}
            shown = [a for a in ax.get_children() if id(a) in mine and a.get_visible()]
            out += [(ax, a) for a in sorted(shown, key=lambda a: a.get_zorder())]
        return out

    def _static_signature(self) -> tuple:
        """What the kept copy shows, in values that change whenever it would."""
        figure = self.figure
        parts: list = [tuple(figure.get_size_inches()), figure.dpi, figure.get_facecolor()]
        for ax in figure.axes:
            legend = ax.get_legend()
            parts.append((ax.get_visible(), ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(),
                          *(id(x) for axis in (ax.xaxis, ax.yaxis)
                            for x in (axis.get_major_locator(), axis.get_major_formatter(),
                                      axis.get_minor_locator(), axis.get_minor_formatter())),
                          ax.xaxis.label.get_text(), ax.yaxis.label.get_text(), ax.get_title(),
                          id(legend), tuple(t.get_text() for t in legend.get_texts()) if legend is not None else ()))
        parts += [(t.get_visible(), t.get_text()) for t in figure.texts]
        return tuple(parts)

    def _draw_all(self) -> None:
        """Draw everything, keeping a copy of all but the data (drawn last, over it)."""
        data = self._data_artists()
        for _ax, artist in data:
            artist.set_animated(True)  # left out of the figure's own drawing
        try:
            super().draw()
        finally:
            for _ax, artist in data:
                artist.set_animated(False)
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._signature = self._static_signature()
        for ax, artist in data:
            ax.draw_artist(artist)

    def _draw_data_only(self) -> None:
        self.get_renderer().restore_region(self._background)
        for ax, artist in self._data_artists():
            ax.draw_artist(artist)
        self.data_only_draws += 1
        self.update()


_TICK_PAD = 3.5 + 3.5  # points: tick length + the gap to its label (matplotlib's defaults)
_LABEL_PAD = 5.0  # points between tick labels and an axis label (matplotlib: 4, plus rounding)
_EDGE = 4.0  # points left free at the figure's edge


def fit_margins(figure: Figure, renderer) -> None:
    """Place the axes with margins measured from the labels they show: tick labels and axis
    labels at the sides and below, the legend above. A few texts are measured, where
    constrained layout asks every artist for its extent several times."""
    axes = [ax for ax in figure.axes if ax.get_visible()]
    engine = figure.get_layout_engine()
    if not axes or (engine is not None and not engine.adjust_compatible):
        return  # being laid out otherwise (saving a chart uses constrained layout)
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
            legend = _fit_legend(ax, legend, renderer, width / to_points * (1 - ax.get_position().x0) - _EDGE / to_points)
            top = max(top, legend.get_window_extent(renderer).height * to_points + _EDGE + 4.0)
    rows = len({spec.rowspan.start for ax in axes if (spec := ax.get_subplotspec()) is not None}) or 1
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


def _fit_legend(ax, legend, renderer, room: float):
    """The legend above the plot in as many rows as it needs to stay inside the figure (`room`
    pixels from the plot's left edge): a row too long for a narrow chart, or for longer words
    in another language, would be cut off at the figure's edge."""
    columns = legend._ncols
    while columns > 1 and legend.get_window_extent(renderer).width > room:
        columns = math.ceil(len(legend.legend_handles) / (math.ceil(len(legend.legend_handles) / columns) + 1))
        texts = legend.get_texts()
        colour, size = texts[0].get_color(), texts[0].get_fontsize()
        legend = legend_above(ax, legend.legend_handles, [t.get_text() for t in texts], None, columns)
        for text in legend.get_texts():
            text.set_color(colour)
            text.set_fontsize(size)
    return legend


def _two_lines(text: str) -> str:
    """`text` broken at the space nearest its middle."""
    middle = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


@contextlib.contextmanager
def laid_out(figure: Figure, engine: ConstrainedLayoutEngine):
    """Draws inside lay the figure out with `engine`; the positions found then stay."""
    figure.set_layout_engine(engine)
    try:
        yield
    finally:
        figure.set_layout_engine("none")


class Builder:
    """Owns a figure's axes and artists for one kind of chart. `update(data)` changes the
    artists to show `data` and returns True when the layout must be redone (labels or
    the legend changed size); `apply_theme(theme)` recolours everything."""

    def __init__(self, figure: Figure, theme: Theme, *, compact: bool = False):
        self.figure = figure
        self.theme = theme
        self.compact = compact  # a small chart on another page: fewer words, a tighter legend
        figure.set_facecolor(theme.background)
        self.setup()
        self.apply_theme(theme)

    def setup(self) -> None:
        raise NotImplementedError

    def update(self, data) -> bool:
        raise NotImplementedError

    def apply_theme(self, theme: Theme) -> None:
        """Recolour; subclasses recolour their artists, then call `refresh_legend()`."""
        self.theme = theme
        self.figure.set_facecolor(theme.background)
        for ax in self.figure.axes:
            style_axes(ax, theme)

    legend_ncols: int | None = None

    def legend_entries(self) -> list:
        """(handle, label) pairs for the legend above the plot; none by default."""
        return []

    def refresh_legend(self) -> None:
        """(Re)make the legend: a legend copies its handles' colours when made, so it is
        made again after a change of theme or of the series shown."""
        if not self.figure.axes:
            return
        ax = self.figure.axes[0]
        old = ax.get_legend()
        if old is not None:
            old.remove()
        entries = self.legend_entries()
        if entries:
            handles, labels = zip(*entries, strict=False)
            legend_above(ax, list(handles), list(labels), self.theme, self.legend_ncols)

    def fixed_margins(self) -> tuple[float, float, float, float] | None:
        """Margins in points for a chart laid out without constrained layout, or None."""
        return None

    def summary(self, data) -> str:
        """One plain sentence with the chart's main numbers (shown under the title and
        read by screen readers, which cannot read a picture)."""
        return ""


def style_axes(ax, theme: Theme) -> None:
    ax.set_facecolor(theme.background)
    for side, spine in ax.spines.items():
        spine.set_color(theme.spine)
        spine.set_visible(side in ("left", "bottom"))
    ax.tick_params(colors=theme.subtle, labelcolor=theme.subtle, labelsize=theme.font_size * 0.92,
                   which="both")
    ax.xaxis.label.set_color(theme.text)
    ax.yaxis.label.set_color(theme.text)
    ax.xaxis.label.set_fontsize(theme.font_size)
    ax.yaxis.label.set_fontsize(theme.font_size)
    ax.title.set_color(theme.text)
    ax.title.set_fontsize(theme.font_size)
    ax.grid(True, axis="y", color=theme.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    legend = ax.get_legend()
    if legend is not None:
        style_legend(legend, theme)


def style_legend(legend, theme: Theme) -> None:
    for text in legend.get_texts():
        text.set_color(theme.text)
        text.set_fontsize(theme.font_size * 0.92)
    legend.get_frame().set_visible(False)


def legend_above(ax, handles, labels, theme: Theme | None, ncols: int | None = None):
    """A legend in a row above the plot, where it never covers data."""
    legend = ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0, 1.01), borderaxespad=0,
                       ncols=ncols or len(handles), frameon=False, handlelength=1.6, columnspacing=1.2)
    if theme is not None:
        style_legend(legend, theme)
    return legend


class ChartView(QWidget):
    """Title, chart, a sentence about the numbers, an empty state and Save as PNG/SVG."""

    status_message = Signal(str)

    key = ""  # the chart's name in app.services.progress.CHART_SOURCES
    title = ""
    empty_text = ""  # what to log to see this chart
    builder_class: type[Builder] = Builder
    min_chart_height = 300
    max_chart_height = 380
    uses_range = True  # whether the page's range selector changes what it shows

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.compact = compact
        self.data = None
        title = _(self.title)  # the subclasses' titles and empty texts are marked with N_()
        self.setAccessibleName(title)

        self.title_label = QLabel(title, self)
        self.title_label.setFont(scaled_font(self.title_label, 1.15, bold=True))
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        style_subtle_label(self.summary_label)
        self.save_button = QPushButton(_("Save chart…"), self)
        self.save_button.setToolTip(_("Save this chart as a PNG picture or an SVG drawing"))
        self.save_button.setAccessibleName(_("Save the {title} chart").format(title=title.lower()))
        self.save_button.clicked.connect(self.save_with_dialog)

        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.title_label, 1)
        self.header.addWidget(self.save_button)

        self.figure = Figure()
        self.canvas = ChartCanvas(self.figure)
        self.canvas.setParent(self)
        self.canvas.setAccessibleName(_("{title} chart").format(title=title))
        self.canvas.setMinimumHeight(200 if compact else self.min_chart_height)
        self.canvas.setMaximumHeight(self.max_chart_height)
        self.empty_label = QLabel(_(self.empty_text), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("{title}: nothing to show yet").format(title=title))
        self.empty_label.setMinimumHeight(80 if compact else 110)
        self.empty_label.setContentsMargins(24, 12, 24, 12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.header)
        layout.addWidget(self.summary_label)
        # One or the other shows; a hidden widget takes no room, so an empty chart is short.
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.empty_label, 1)
        self._empty = True
        if compact:
            self.summary_label.hide()

        self.theme = theme_for(self)
        self._builder: Builder | None = None
        self.show_empty()

    @property
    def builder(self) -> Builder:
        """The chart's axes and artists, made when first needed: a page of eight charts
        opens with only the ones on screen built (making a figure's axes costs tens of ms)."""
        if self._builder is None:
            self._builder = self.builder_class(self.figure, self.theme, compact=self.compact)
            self.canvas.margins = self._builder.fixed_margins()
        return self._builder

    # --- data ------------------------------------------------------------------------------

    def fetch(self, progress, range_key: str):
        """This chart's series from a ProgressService: its method named like the chart's `key`
        (`progress.urges(range_key)` for "urges"); a chart drawn otherwise overrides this."""
        return getattr(progress, self.key)(range_key)

    def refresh(self, progress, range_key: str) -> None:
        self.show_data(self.fetch(progress, range_key))

    @property
    def is_empty(self) -> bool:
        return self._empty

    def show_empty(self) -> None:
        self._empty = True
        self.canvas.hide()
        self.empty_label.show()
        self.summary_label.setText("")
        self.summary_label.setVisible(False)
        self.save_button.setEnabled(False)
        self.setAccessibleDescription(self.empty_label.text())

    def show_data(self, data) -> None:
        """Show `data` (a series from ProgressService): the chart, or what to log."""
        self.data = data
        if data.empty:
            self.show_empty()
            return
        if self.builder.update(data):
            self.canvas.relayout()
        summary = self.builder.summary(data)
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(summary) and not self.compact)
        self.setAccessibleDescription(summary)
        self.save_button.setEnabled(True)
        self._empty = False
        self.empty_label.hide()
        self.canvas.show()
        self.canvas.draw_idle()

    # --- look ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.ApplicationPaletteChange, QEvent.Type.StyleChange):
            self.retheme()
        super().changeEvent(event)

    def retheme(self) -> None:
        theme = theme_for(self)
        if theme == self.theme:
            return
        self.theme = theme
        if self._builder is None:
            return  # made in the new colours when first needed
        self._builder.apply_theme(theme)
        self.canvas.margins = self._builder.fixed_margins()
        self.canvas.relayout()
        self.canvas.draw_idle()

    # --- saving ----------------------------------------------------------------------------------

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: Path) -> Path | None:
        """The file to save to, or None when cancelled. Tests patch this classmethod."""
        path, _filter = QFileDialog.getSaveFileName(parent, _("Save chart"), str(suggested), _(SAVE_FILTERS))
        return Path(path) if path else None

    def shown_title(self) -> str:
        """The title as the header shows it (a chart may reword it: setting wording.sober)."""
        return self.title_label.text()

    def suggested_name(self) -> str:
        return "steady-" + "-".join(self.shown_title().lower().replace("/", " ").replace(":", " ").split()) + ".png"

    def save_with_dialog(self) -> None:
        path = self.ask_save_path(self, Path.home() / self.suggested_name())
        if path is None:
            return
        try:
            saved = self.save(path)
        except StoreError as exc:
            self.status_message.emit(_("The chart was not saved: {problem}").format(problem=exc.message))
            return
        self.status_message.emit(_("Saved the chart to {path}.").format(path=saved))

    def save(self, path: Path) -> Path:
        """Write the chart, with its title, as PNG or SVG (by the file's suffix; PNG when
        it has none) through a temporary file in the same folder, checked, then renamed.
        Raises StoreError (one sentence; an earlier file at `path` is left as it was)."""
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in _SIGNATURES:
            path = path.with_name(path.name + ".png")
            fmt = "png"
        # The title is part of the picture only in the saved file; on screen the header shows it.
        title = self.figure.suptitle(self.shown_title(), x=0.01, ha="left", color=self.theme.text,
                                     fontsize=self.theme.font_size * 1.2, fontweight="bold")
        title.set_visible(True)
        title.set_in_layout(True)
        try:
            buffer = io.BytesIO()
            with laid_out(self.figure, self.canvas.layout_engine):
                self.figure.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else 72,
                                    facecolor=self.theme.background, metadata=_metadata(fmt))
            data = buffer.getvalue()
            if len(data) < 64 or not data.lstrip().startswith(_SIGNATURES[fmt]):
                raise StoreError(_("The chart came out incomplete ({size} bytes); {path} was not written.").format(
                    size=len(data), path=path))
            write_file_atomically(path, data)  # the one checked path every file write takes
        finally:
            title.set_visible(False)
            title.set_in_layout(False)
            self.canvas.relayout()
            self.canvas.draw_idle()
        return path


def _metadata(fmt: str) -> dict:
    # No creation date: the same chart saves to the same bytes, and nothing personal leaks.
    if fmt == "png":
        return {"Software": "Steady"}
    return {"Date": None, "Creator": "Steady"}
