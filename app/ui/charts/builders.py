"""One builder per progress chart. Each creates its axes and artists once and then only
changes their data (`set_data`, `set_verts`, `set_ydata`…) when new numbers arrive.

Weekly amounts are drawn as bars spanning their week (Monday to Sunday), daily values at
their day; the x axis is a date axis with concise month/year labels.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, cast

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from app.domain import formatting as fmt
from app.domain.coping import MIN_RATED
from app.domain.i18n import N_, _, ngettext
from app.domain.wording import reword
from app.services.progress import (
    DAY_AHEAD,
    DAY_CHECKED_IN,
    DAY_CHECKED_IN_SOBER,
    DAY_NOTHING,
    DAY_SOBER,
    DAY_STATES,
    DAY_USED,
    AttendanceData,
    CalendarData,
    DailySeries,
    GoalsData,
    MoodSleepData,
    SelfCheckData,
    SelfCheckSeries,
    SkillData,
    StackedWeeks,
    UrgeData,
)

from app.services.goals import status_label

from .base import Builder
from .palette import Theme, ink_on

WEEKLY_GOAL_KINDS = ("meetings_per_week", "selfcare_minutes", "coping_per_week")
MAX_SKILLS = 12
FEW_ENTRIES = MIN_RATED  # fewer entries than this: too few to tell
_NAN = float("nan")
_GAP_BARS = 60  # up to this many bars, a gap between them


def day_numbers(days) -> np.ndarray:
    """Matplotlib date numbers (days since 1970-01-01) for a sequence of dates."""
    return np.asarray(days, dtype="datetime64[D]").astype(float)


def bar_edges(starts, lengths) -> tuple[np.ndarray, np.ndarray]:
    """Left and right date numbers of bars that start on `starts` and span `lengths` weeks."""
    start = day_numbers(starts)
    return start, start + 7.0 * np.asarray(lengths, dtype=float)


def _floats(values) -> np.ndarray:
    return np.array([_NAN if v is None else float(v) for v in values], dtype=float)


class _ConciseDates(mdates.ConciseDateFormatter):
    """Concise date ticks ("Dec", "7 Dec", "2026") with the month's name in the reader's language:
    matplotlib writes %b in English (the C locale) whatever the language."""

    _ENGLISH = tuple(month[:3] for month in fmt.MONTHS)

    def _local(self, text: str) -> str:
        for number, english in enumerate(self._ENGLISH, start=1):
            if english in text:
                text = text.replace(english, fmt.month_name(number, long=False))
        return text

    def format_ticks(self, values):
        return [self._local(label) for label in super().format_ticks(values)]

    def __call__(self, x, pos=None):
        return self._local(super().__call__(x, pos))


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    formatter = _ConciseDates(locator, show_offset=False)
    formatter.formats = ["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"]
    formatter.zero_formats = ["", "%Y", "%d %b", "%d %b", "%H:%M", "%H:%M"]
    ax.xaxis.set_major_formatter(formatter)


def _span_limits(ax, span) -> None:
    first = float(day_numbers([span.first])[0])
    last_week = span.weeks[-1]
    ax.set_xlim(first, float(day_numbers([last_week])[0]) + 7.0)


def _y_locator(ax: Axes) -> MaxNLocator:
    # A linear y axis keeps matplotlib's default AutoLocator (a MaxNLocator) in these charts;
    # the stubs type get_major_locator() as the base Locator, whose set_params takes nothing.
    return cast(MaxNLocator, ax.yaxis.get_major_locator())


def _nice_top(value: float, minimum: float = 1.0) -> float:
    return max(minimum, value * 1.12) if value > 0 else minimum


def _set_top(ax, value: float, minimum: float = 1.0) -> None:
    """The y axis from 0 to `_nice_top(value)`, unless the top it has already suits `value`
    (the highest bar stays clear of it and it is not much higher than that top would be): an
    entry that makes this week's bar a little taller then redraws only the bars, not the axes,
    ticks and legend. Outgrown, it grows by a quarter at least, so the next few entries fit.
    A chart drawn once (a report's) gets exactly `_nice_top(value)`."""
    top = _nice_top(value, minimum)
    given = getattr(ax, "_steady_top", None)  # the top this function set last, if any
    if given is not None and ax.get_ylim() == (0, given):
        if value * 1.04 <= given <= top * 1.25 and given >= minimum:
            return
        if value * 1.04 > given:
            top = max(top, given * 1.25)  # outgrown on screen: grow with room for the next entries
    ax.set_ylim(0, top)
    ax._steady_top = top


def _n(x: float) -> str:
    """1,234 or 2.5 (1.234 and 2,5 where the reader's numbers have a decimal comma)."""
    return fmt.number(round(float(x), 1))


_RANGE_WORDS = {"4w": N_("the last 4 weeks"), "12w": N_("the last 12 weeks"), "6m": N_("the last 6 months"),
                "1y": N_("the last year")}  # shown as _(…)


def _range_words(span) -> str:
    if span.key in _RANGE_WORDS:
        return _(_RANGE_WORDS[span.key])
    return _("all your records (since {day})").format(day=fmt.date(span.first))


class BarStack:
    """Stacked weekly bars: one PolyCollection per series, so a week's update is a
    `set_verts` per series rather than hundreds of rectangles."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.series: dict[str, PolyCollection] = {}

    def set(self, x0: np.ndarray, x1: np.ndarray, layers: list[tuple[str, str, np.ndarray, str]],
            edge: str) -> tuple[bool, np.ndarray]:
        """Stack `layers` (key, label, values, colour) bottom-up. Returns (whether the set
        of series changed, the stacked total per week)."""
        keys = [k for k, *_ in layers]
        changed = keys != list(self.series)
        if changed:
            for old in self.series.values():
                old.remove()
            self.series = {}
        gap = (x1 - x0) * (0.12 if len(x0) <= _GAP_BARS else 0.0)
        left, right = x0 + gap, x1 - gap
        bottom = np.zeros(len(x0))
        for key, label, values, colour in layers:
            top = bottom + values
            verts = np.stack([np.column_stack([left, bottom]), np.column_stack([left, top]),
                              np.column_stack([right, top]), np.column_stack([right, bottom])], axis=1)
            coll = self.series.get(key)
            if coll is None:
                coll = PolyCollection(verts, label=label, closed=True)  # type: ignore[arg-type]  # as set_verts below
                self.ax.add_collection(coll, autolim=False)
                self.series[key] = coll
            else:
                # matplotlib takes an (N, 4, 2) array here, on a fast path for arrays; its stubs
                # only name a sequence of polygons.
                coll.set_verts(verts)  # type: ignore[arg-type]
            coll.set_facecolor(colour)
            coll.set_edgecolor(edge)
            coll.set_linewidth(0.6 if len(x0) <= _GAP_BARS else 0.0)
            bottom = top
        return changed, bottom

    def recolour(self, colours: dict[str, str], edge: str) -> None:
        for key, coll in self.series.items():
            coll.set_facecolor(colours[key])
            coll.set_edgecolor(edge)

    def heights(self, key: str) -> list[float]:
        """Each bar's height in series `key` (tests read the chart back through this)."""
        coll = self.series[key]
        heights = []
        for path in coll.get_paths():
            vertices = np.asarray(path.vertices)  # an array already; the stubs say ArrayLike
            heights.append(float(vertices[1, 1] - vertices[0, 1]))
        return heights


# --- a. goals ------------------------------------------------------------------------------------


class GoalsBuilder(Builder):
    """One goal at a time (the view picks which): weekly actual against the target."""

    goal_id: str | None = None

    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.target = ax.plot([], [], linestyle="--", linewidth=1.6, drawstyle="steps-mid", label=_("Target"))[0]
        self.actual = ax.plot([], [], marker="o", markersize=5, linewidth=2.2, label=_("Actual"))[0]
        self.missed = ax.plot([], [], linestyle="none", marker="o", markersize=5, label=_("Week not met"))[0]
        ax.set_xlabel(_("Week"))
        _date_axis(ax)
        self.shown: tuple[str, str] | None = None  # the y label and goal last shown

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        colour = theme.line["primary"]
        self.actual.set_color(colour)
        self.actual.set_markerfacecolor(colour)
        self.missed.set_markeredgecolor(colour)
        self.missed.set_markerfacecolor(theme.background)
        self.missed.set_markeredgewidth(1.6)
        self.target.set_color(theme.line["target"])
        self.refresh_legend()

    def legend_entries(self) -> list:
        return [(self.actual, _("Actual")), (self.missed, _("Week not met")), (self.target, _("Target"))]

    def pick(self, data: GoalsData):
        goals = [g for g in data.goals if g.weeks]
        return next((g for g in goals if g.goal_id == self.goal_id), goals[0] if goals else None)

    def update(self, data: GoalsData) -> bool:
        g = self.pick(data)
        if g is None:
            return False
        x = day_numbers(g.weeks) + 3.5
        actual = _floats(g.actual)
        target = _floats(g.target)
        self.actual.set_data(x, actual)
        not_met = np.array([m is False for m in g.met])
        self.missed.set_data(x[not_met], actual[not_met])
        self.target.set_data(x, target)
        ax = self.ax
        ax.set_xlim(x[0] - 3.5, x[-1] + 3.5)
        if "%" in g.unit:
            ax.set_ylim(0, 105)
        else:
            top = np.nanmax(np.concatenate([actual, target])) if len(x) else 1
            _set_top(ax, float(top) if np.isfinite(top) else 1.0)
        whole = all(float(v).is_integer() for v in np.concatenate([actual, target]) if np.isfinite(v))
        _y_locator(ax).set_params(integer=whole)
        unit = g.unit[:1].upper() + g.unit[1:] if g.unit else _("Amount")
        if g.kind in WEEKLY_GOAL_KINDS and g.period != "total":
            label = _("{unit} per week").format(unit=unit)
        else:
            label = unit
        changed = (label, g.goal_id) != self.shown
        self.shown = (label, g.goal_id)
        ax.set_ylabel(label)
        return changed

    def summary(self, data: GoalsData) -> str:
        g = self.pick(data)
        if g is None:
            return ""
        met = sum(1 for m in g.met if m)
        judged = sum(1 for m in g.met if m is not None)
        text = _("{goal}: {progress} ({status}).").format(goal=g.title, progress=g.text, status=status_label(g.status))
        if judged:
            text += " " + ngettext("Met in {met} of {n} week shown.", "Met in {met} of {n} weeks shown.",
                                   judged).format(met=met, n=judged)
        return text


# --- b. treatment attendance --------------------------------------------------------------------------


class AttendanceBuilder(Builder):
    LAYERS = (("attended", N_("Attended")), ("missed", N_("Missed")), ("excused", N_("Excused")))  # shown as _(…)

    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.rate_ax = ax.twinx()
        self.bars = BarStack(ax)
        self.rate = self.rate_ax.plot([], [], marker="o", markersize=3.5, linewidth=1.6,
                                      label=_("Attendance rate (%)"))[0]
        ax.set_ylabel(_("Sessions per week"))
        self.rate_ax.set_ylabel(_("Attendance rate (%)"))
        self.rate_ax.set_ylim(0, 105)
        ax.set_xlabel(_("Week"))
        _date_axis(ax)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        rax = self.rate_ax
        rax.patch.set_visible(False)  # the bars on the axes below must show through
        rax.grid(False)
        rax.spines["right"].set_visible(True)
        rax.spines["left"].set_visible(False)
        self.rate.set_color(theme.line["rate"])
        self.bars.recolour({k: theme.fill[k] for k in self.bars.series}, theme.background)
        self.refresh_legend()

    def legend_entries(self) -> list:
        if not self.bars.series:
            return []
        return [(h, h.get_label()) for h in self.bars.series.values()] + [(self.rate, self.rate.get_label())]

    def update(self, data: AttendanceData) -> bool:
        starts, lengths, sums, rate = data.bars()
        x0, x1 = bar_edges(starts, lengths)
        fill = self.theme.fill
        layers = [(k, _(label), np.asarray(sums[k], dtype=float), fill[k]) for k, label in self.LAYERS]
        changed, total = self.bars.set(x0, x1, layers, self.theme.background)
        self.rate.set_data((x0 + x1) / 2, _floats(rate))
        _span_limits(self.ax, data.span)
        _set_top(self.ax, float(total.max()) if len(total) else 1.0)
        _y_locator(self.ax).set_params(integer=True)
        n = data.span.bar_weeks
        label = _("Sessions per week") if n == 1 else _("Sessions per {n} weeks").format(n=n)
        changed = changed or label != self.ax.get_ylabel()
        self.ax.set_ylabel(label)
        if changed:
            self.refresh_legend()
        return changed

    def summary(self, data: AttendanceData) -> str:
        attended, missed, excused = data.totals
        counted = attended + missed
        rate = _(" ({percent}%)").format(percent=f"{100 * attended / counted:.0f}") if counted else ""
        return ngettext("In {range}: attended {attended} of {counted} treatment session{rate}; {excused} excused, "
                        "which do not count against you.",
                        "In {range}: attended {attended} of {counted} treatment sessions{rate}; {excused} excused, "
                        "which do not count against you.", counted).format(
                            range=_range_words(data.span), attended=fmt.number(attended), counted=fmt.number(counted),
                            rate=rate, excused=fmt.number(excused))


# --- c. urges over time ----------------------------------------------------------------------------------


class UrgeBuilder(Builder):
    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        dots: dict[str, Any] = dict(linestyle="none", marker="o", markersize=3.2, markeredgewidth=0)
        self.before_dots = ax.plot([], [], **dots)[0]
        self.after_dots = ax.plot([], [], **dots)[0]
        self.before = ax.plot([], [], linewidth=2.2)[0]
        self.after = ax.plot([], [], linewidth=2.2, linestyle=(0, (5, 1.5)))[0]
        self.window = 0
        self.dots_key = Line2D([], [], **dots, label=_("One day’s average"))
        ax.set_ylim(0, 10.4)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel(_("Urge strength (0–10)"))
        ax.set_xlabel(_("Day"))
        _date_axis(ax)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.before.set_color(theme.line["before"])
        self.after.set_color(theme.line["after"])
        self.before_dots.set_color(theme.faint(theme.line["before"]))
        self.after_dots.set_color(theme.faint(theme.line["after"]))
        self.dots_key.set_color(theme.faint(theme.subtle, 0.3))
        self.refresh_legend()

    def legend_entries(self) -> list:
        w = self.window or 7
        entries: list[tuple[Artist, object]] = [(self.before, _("Before coping, {n}-day mean").format(n=w)),
                                                (self.after, _("After coping, {n}-day mean").format(n=w))]
        if self.before_dots.get_visible():
            entries.append((self.dots_key, self.dots_key.get_label()))
        return entries

    def update(self, data: UrgeData) -> bool:
        for line, dots, series in ((self.before, self.before_dots, data.before),
                                   (self.after, self.after_dots, data.after)):
            x = day_numbers(series.days) + 0.5
            line.set_data(x, np.asarray(series.rolling, dtype=float))
            dots.set_data(x, np.asarray(series.daily, dtype=float))
            dots.set_visible(not data.span.long)  # years of single days only hide the trend
        _span_limits(self.ax, data.span)
        if data.before.window != self.window:
            self.window = data.before.window
            self.refresh_legend()
            return True
        return False

    def summary(self, data: UrgeData) -> str:
        n = sum(data.before.counts)
        text = ngettext("{n} coping entry in {range}; urge before coping averaged {before}",
                        "{n} coping entries in {range}; urge before coping averaged {before}", n).format(
                            n=fmt.number(n), range=_range_words(data.span), before=_n(_mean(data.before)))
        if not data.after.empty:
            text += _(", after coping {after}").format(after=_n(_mean(data.after)))
        recent = data.before.rolling[-1]
        return text + _(" (0–10). Latest {n}-day mean before coping: {mean}.").format(n=data.before.window,
                                                                                      mean=_n(recent))


def _mean(series: DailySeries) -> float:
    total = sum(d * c for d, c in zip(series.daily, series.counts, strict=False))
    n = sum(series.counts)
    return total / n if n else 0.0


# --- d. skill effectiveness --------------------------------------------------------------------------------


class SkillsBuilder(Builder):
    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.bars: BarContainer | None = None
        self.labels: list = []
        self.zero = ax.axvline(0, linewidth=1)
        ax.set_xlabel(_("Average drop in urge strength (points on the 0–10 scale)"))
        ax.grid(True, axis="x")
        self.few_key = Patch(label=_("Fewer than {n} entries: too few to tell yet").format(n=FEW_ENTRIES))
        self.many_key = Patch(label=_("{n} or more entries").format(n=FEW_ENTRIES))
        self.shown_names: tuple[str, ...] = ()

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.ax.grid(True, axis="x", color=theme.grid, linewidth=0.8)
        self.ax.grid(False, axis="y")
        self.zero.set_color(theme.spine)
        self.many_key.set_facecolor(theme.fill["bar"])
        self.few_key.set_facecolor(theme.fill["bar_few"])
        self.few_key.set_edgecolor(theme.fill["bar"])
        self.few_key.set_hatch("///")
        if self.bars is not None:
            self._colour_bars(self.bars)
        for text in self.labels:
            text.set_color(theme.text)
        self.refresh_legend()

    def legend_entries(self) -> list:
        few = any(n < FEW_ENTRIES for n in getattr(self, "counts", ()))
        return [(self.many_key, self.many_key.get_label())] + ([(self.few_key, self.few_key.get_label())] if few else [])

    def _colour_bars(self, bars: BarContainer) -> None:
        for bar, n in zip(bars, self.counts, strict=False):
            few = n < FEW_ENTRIES
            bar.set_facecolor(self.theme.fill["bar_few" if few else "bar"])
            bar.set_edgecolor(self.theme.fill["bar"])
            bar.set_hatch("///" if few else None)
            bar.set_linewidth(0.8)

    def update(self, data: SkillData) -> bool:
        ax = self.ax
        skills = data.skills[:MAX_SKILLS]
        if self.bars is not None:
            self.bars.remove()
        for text in self.labels:
            text.remove()
        y = np.arange(len(skills))
        drops = np.array([s.mean_drop for s in skills], dtype=float)
        self.counts = [s.n for s in skills]
        self.bars = ax.barh(y, drops, height=0.62)
        self._colour_bars(self.bars)
        right = max(1.0, float(drops.max()) if len(drops) else 1.0)
        left = min(0.0, float(drops.min()) if len(drops) else 0.0)
        pad = (right - left) * 0.02
        self.labels = [ax.text(max(d, 0) + pad, i, f"n = {s.n}", va="center", ha="left",
                               color=self.theme.text, fontsize=self.theme.font_size * 0.9)
                       for i, (d, s) in enumerate(zip(drops, skills, strict=False))]
        ax.set_xlim(left - (pad if left < 0 else 0), right * 1.18)
        ax.set_ylim(len(skills) - 0.5, -0.5)  # best at the top
        names = tuple(_short(s.name, 30) for s in skills)
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", length=0, labelcolor=self.theme.text)
        self.refresh_legend()
        changed = names != self.shown_names
        self.shown_names = names
        return True if changed else False

    def summary(self, data: SkillData) -> str:
        reliable = [s for s in data.skills if s.n >= FEW_ENTRIES] or list(data.skills)
        best = max(reliable, key=lambda s: (s.mean_drop, s.n))
        more = len(data.skills) - MAX_SKILLS
        extra = (" " + ngettext("The chart shows the top {top}; {n} more skill were used.",
                                "The chart shows the top {top}; {n} more skills were used.", more).format(
                                    top=MAX_SKILLS, n=more)) if more > 0 else ""
        return ngettext("In {range}, {skill} lowered urges most: by {drop} points on average over {n} entry. Only "
                        "entries that note the urge after coping count.",
                        "In {range}, {skill} lowered urges most: by {drop} points on average over {n} entries. Only "
                        "entries that note the urge after coping count.", best.n).format(
                            range=_range_words(data.span), skill=best.name, drop=_n(best.mean_drop),
                            n=best.n) + extra


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# --- e. self-care and f. weekly balance: stacked weekly bars ---------------------------------------------------


class StackedWeeksBuilder(Builder):
    ylabel = ""
    compact_ylabel = ""
    target_label = ""
    compact_target_label = ""

    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.bars = BarStack(ax)
        label = self.compact_target_label if self.compact else self.target_label
        self.target = ax.plot([], [], linestyle="--", linewidth=1.8, drawstyle="steps-post",
                              label=_(label))[0] if self.target_label else None
        # The target's value, written at its right end: a few hours under a tall stack is easy to miss.
        self.target_note = ax.annotate("", (0, 0), xytext=(-4, 3), textcoords="offset points", ha="right",
                                       va="bottom", visible=False) if self.target_label else None
        ylabel = self.compact_ylabel if self.compact else self.ylabel
        ax.set_ylabel(_(ylabel))
        if not self.compact:
            ax.set_xlabel(_("Week"))
        _date_axis(ax)
        self.legend_keys: tuple = ()
        self.legend_ncols = 3 if self.compact else 4

    def colours(self, data: StackedWeeks) -> dict[str, str]:
        raise NotImplementedError

    def fixed_margins(self) -> tuple[float, float, float, float] | None:
        if not self.compact:
            return None
        # The labels are known: a rotated y label, tick labels of up to 3 digits, dates below
        # and two legend rows above (at most 6 entries in 3 columns).
        tick = self.theme.font_size * 0.92
        label = self.theme.font_size
        left = 1.3 * label + 3 * 0.65 * tick + 16
        bottom = 1.3 * tick + 12
        top = 2 * 1.45 * tick + 10
        return left, bottom, 10.0, top

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        if self.target is not None and self.target_note is not None:  # both are made, or neither
            self.target.set_color(theme.line["target"])
            self.target_note.set_color(theme.text)
            self.target_note.set_fontsize(theme.font_size * 0.9)
            self.target_note.set_bbox(dict(boxstyle="round,pad=0.2", facecolor=theme.background,
                                           edgecolor="none", alpha=0.85))
        if self.bars.series:
            self.bars.recolour(self._colours, theme.background)
        self.refresh_legend()

    def legend_entries(self) -> list:
        entries: list[tuple[Artist, object]] = [(h, h.get_label()) for h in self.bars.series.values()]
        if "target" in self.legend_keys and self.target is not None:  # "target" is shown only with a target line
            entries.append((self.target, self.target.get_label()))
        return entries

    def update(self, data: StackedWeeks) -> bool:
        starts, lengths, values, target = data.bars()
        x0, x1 = bar_edges(starts, lengths)
        self._colours = colours = self.colours(data)
        layers = [(k, label, np.asarray(values[k], dtype=float), colours[k]) for k, label in data.series]
        changed, total = self.bars.set(x0, x1, layers, self.theme.background)
        top = float(total.max()) if len(total) else 0.0
        n = data.span.bar_weeks
        ylabel = self.compact_ylabel if self.compact else self.ylabel
        label = _(ylabel)
        if n > 1:
            label = _("{label}, average of {n} weeks").format(label=label, n=n)
        changed = changed or label != self.ax.get_ylabel()
        self.ax.set_ylabel(label)
        has_target = False
        if self.target is not None and self.target_note is not None:  # both are made, or neither
            targets = _floats(target)
            has_target = bool(np.isfinite(targets).any())
            self.target.set_data(np.append(x0, x1[-1:]), np.append(targets, targets[-1:]))
            if has_target:
                top = max(top, float(np.nanmax(targets)))
            last = targets[-1]
            self.target_note.set_visible(bool(np.isfinite(last)))
            if np.isfinite(last):
                self.target_note.xy = (float(x1[-1]), float(last))
                self.target_note.set_text(_("target {hours}").format(hours=fmt.duration(last)))
        _span_limits(self.ax, data.span)
        _set_top(self.ax, top)
        keys = tuple(k for k, _label in data.series) + (("target",) if has_target else ())
        if keys != self.legend_keys:
            self.legend_keys = keys
            self.refresh_legend()
            return True
        return changed


class SelfCareBuilder(StackedWeeksBuilder):
    ylabel = N_("Minutes per week")  # the labels are shown as _(…)

    def colours(self, data: StackedWeeks) -> dict[str, str]:
        palette = self.theme.categories
        out, i = {}, 0
        for key, _label in data.series:
            if key == "other":
                out[key] = self.theme.fill["other"]
            else:
                out[key] = palette[i % len(palette)]
                i += 1
        return out

    def summary(self, data: StackedWeeks) -> str:
        totals = {k: sum(data.values[k]) for k, _label in data.series}
        total = sum(totals.values())
        weeks = len(data.weeks)
        top_key, top_label = max(data.series, key=lambda s: totals[s[0]])
        return _("{total} minutes of self-care in {range}, about {weekly} a week; the most was {top} ({minutes} "
                 "minutes).").format(total=_n(total), range=_range_words(data.span), weekly=_n(total / weeks),
                                     top=top_label.lower(), minutes=_n(totals[top_key]))


class BalanceBuilder(StackedWeeksBuilder):
    ylabel = N_("Hours per week (scheduled)")  # the labels are shown as _(…)
    compact_ylabel = N_("Hours a week")
    target_label = N_("Treatment target of your program phase")
    compact_target_label = N_("Treatment target")

    def colours(self, data: StackedWeeks) -> dict[str, str]:
        return {k: self.theme.fill[k] for k, _label in data.series}

    def summary(self, data: StackedWeeks) -> str:
        parts = [_("{hours} {part}").format(hours=fmt.duration(data.values[k][-1]), part=label.lower())
                 for k, label in data.series if data.values[k][-1]]
        text = _("This week: {parts}").format(parts=", ".join(parts) if parts else _("nothing scheduled"))
        target = data.target[-1] if data.target else None
        if target is not None:
            treatment = data.values["treatment"][-1]
            if treatment + 1e-9 >= target:
                text += _(". Your phase asks for {hours} of treatment a week; that is met").format(
                    hours=fmt.duration(target))
            else:
                text += _(". Your phase asks for {hours} of treatment a week; {short} short").format(
                    hours=fmt.duration(target), short=fmt.duration(target - treatment))
        return text + "."


# --- g. mood and sleep ------------------------------------------------------------------------------------------


class MoodSleepBuilder(Builder):
    def setup(self) -> None:
        self.mood_ax, self.sleep_ax = self.figure.subplots(2, 1, sharex=True)
        dots: dict[str, Any] = dict(linestyle="none", marker="o", markersize=3, markeredgewidth=0)
        self.mood_dots = self.mood_ax.plot([], [], **dots)[0]
        self.mood = self.mood_ax.plot([], [], linewidth=2.2)[0]
        self.sleep_dots = self.sleep_ax.plot([], [], **dots)[0]
        self.sleep = self.sleep_ax.plot([], [], linewidth=2.2)[0]
        self.window = 0
        self.dots_key = Line2D([], [], **dots, label=_("One day’s check-in"))
        self.mood_ax.set_ylim(0.7, 5.3)
        self.mood_ax.set_yticks([1, 2, 3, 4, 5])
        self.mood_ax.set_ylabel(_("Mood (1–5)"))
        self.sleep_ax.set_ylabel(_("Sleep (hours)"))
        self.sleep_ax.set_xlabel(_("Day"))
        _date_axis(self.sleep_ax)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.mood.set_color(theme.line["mood"])
        self.mood_dots.set_color(theme.faint(theme.line["mood"]))
        self.sleep.set_color(theme.line["sleep"])
        self.sleep_dots.set_color(theme.faint(theme.line["sleep"]))
        self.dots_key.set_color(theme.faint(theme.subtle, 0.3))
        self.refresh_legend()

    def legend_entries(self) -> list:
        w = self.window or 7
        entries: list[tuple[Artist, object]] = [(self.mood, _("Mood, {n}-day mean").format(n=w)),
                                                (self.sleep, _("Sleep, {n}-day mean").format(n=w))]
        if self.mood_dots.get_visible():
            entries.append((self.dots_key, self.dots_key.get_label()))
        return entries

    def update(self, data: MoodSleepData) -> bool:
        for line, dots, series in ((self.mood, self.mood_dots, data.mood), (self.sleep, self.sleep_dots, data.sleep)):
            x = day_numbers(series.days) + 0.5
            line.set_data(x, np.asarray(series.rolling, dtype=float))
            dots.set_data(x, np.asarray(series.daily, dtype=float))
            dots.set_visible(not data.span.long)
        if data.sleep.daily:
            low, high = min(data.sleep.daily), max(data.sleep.daily)
            self.sleep_ax.set_ylim(max(0.0, math.floor(low) - 1), min(24.0, math.ceil(high) + 1))
        else:
            self.sleep_ax.set_ylim(0, 10)
        _span_limits(self.sleep_ax, data.span)
        if data.mood.window != self.window:
            self.window = data.mood.window
            self.refresh_legend()
            return True
        return False

    def summary(self, data: MoodSleepData) -> str:
        parts = []
        if not data.mood.empty:
            parts.append(_("mood {mood} of 5").format(mood=_n(data.mood.rolling[-1])))
        if not data.sleep.empty:
            parts.append(_("sleep {hours} hours a night").format(hours=_n(data.sleep.rolling[-1])))
        n = sum(data.mood.counts)
        return ngettext("{n} check-in in {range}. Latest {days}-day means: {means}.",
                        "{n} check-ins in {range}. Latest {days}-day means: {means}.", n).format(
                            n=fmt.number(n), range=_range_words(data.span), days=data.mood.window,
                            means=_(" and ").join(parts))


# --- h. calendar heat map ----------------------------------------------------------------------------------------


class CalendarBuilder(Builder):
    """A year of days as a grid: a column per week (Monday at the top), a colour per day."""

    ORDER = (DAY_NOTHING, DAY_SOBER, DAY_CHECKED_IN, DAY_CHECKED_IN_SOBER, DAY_USED, DAY_AHEAD)
    FILL = {DAY_NOTHING: "empty_day", DAY_SOBER: "sober", DAY_CHECKED_IN: "checked_in",
            DAY_CHECKED_IN_SOBER: "checked_in_sober", DAY_USED: "used"}

    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.image = ax.imshow(np.zeros((7, 1)), aspect="equal", interpolation="nearest", vmin=-0.5,
                               vmax=len(self.ORDER) - 0.5, origin="upper")
        ax.set_yticks([0, 2, 4, 6], [fmt.weekday_name(i, long=False) for i in (0, 2, 4, 6)])
        self.keys = [Patch(label=_(label)) for _state, label in DAY_STATES]
        # A day with use is crossed as well as coloured, in the grid and in the key, so it
        # does not rest on colour alone.
        self.used_marks = ax.scatter([], [], marker="x", s=14, linewidths=1.1, zorder=3)
        self.keys[[state for state, _label in DAY_STATES].index(DAY_USED)].set_hatch("xx")
        self.first: dt.date | None = None

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        colours = [theme.fill[self.FILL[s]] if s in self.FILL else theme.background for s in self.ORDER]
        self.image.set_cmap(ListedColormap(colours))
        for key, (state, _label) in zip(self.keys, DAY_STATES, strict=False):
            key.set_facecolor(theme.fill[self.FILL[state]])
            if state == DAY_USED:  # the hatch's crosses take the edge colour
                key.set_edgecolor(ink_on(theme.fill["used"]))
        self.used_marks.set_color(ink_on(theme.fill["used"]))
        ax = self.ax
        ax.grid(False)
        ax.grid(True, which="minor", color=theme.background, linewidth=2.0)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(which="major", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        self.refresh_legend()

    def legend_entries(self) -> list:
        return [(k, k.get_label()) for k in self.keys]

    def update(self, data: CalendarData) -> bool:
        labels = [reword(_(label), data.wording) for _state, label in DAY_STATES]  # "sober" or "without use"
        if labels != [k.get_label() for k in self.keys]:
            for key, label in zip(self.keys, labels, strict=True):
                key.set_label(label)
            self.refresh_legend()
        weeks = len(data.states) // 7
        grid = np.array(data.states, dtype=float).reshape(weeks, 7).T  # rows: weekdays, columns: weeks
        self.image.set_data(grid)
        rows, columns = np.nonzero(grid == DAY_USED)
        self.used_marks.set_offsets(np.column_stack([columns, rows]) if len(rows) else np.empty((0, 2)))
        self.image.set_extent((-0.5, weeks - 0.5, 6.5, -0.5))
        ax = self.ax
        ax.set_xlim(-0.5, weeks - 0.5)
        ax.set_ylim(6.5, -0.5)
        ax.set_xticks(np.arange(-0.5, weeks, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, 7, 1), minor=True)
        ticks, labels = [], []
        for w in range(weeks):
            monday = data.first + dt.timedelta(weeks=w)
            sunday = monday + dt.timedelta(days=6)
            if sunday.day <= 7:  # this week holds the 1st of a month
                first_of_month = sunday.replace(day=1)
                ticks.append(w)
                labels.append(fmt.month_year(first_of_month) if first_of_month.month == 1 or not labels
                              else fmt.month_name(first_of_month.month, long=False))
        ax.set_xticks(ticks, labels)
        changed = data.first != self.first
        self.first = data.first
        return changed

    def summary(self, data: CalendarData) -> str:
        c = data.counts
        checked = c[DAY_CHECKED_IN] + c[DAY_CHECKED_IN_SOBER]
        sober = c[DAY_SOBER] + c[DAY_CHECKED_IN_SOBER]
        days = sum(1 for s in data.states if s != DAY_AHEAD)
        text = _("Over the last {days} days: {checked}, {sober}").format(
            days=days, checked=fmt.plural(checked, "day with a check-in", "days with a check-in"),
            sober=fmt.plural(sober, "sober day", "sober days"))
        if c[DAY_USED]:
            text += ", " + fmt.plural(c[DAY_USED], "day with use or a lapse", "days with use or a lapse")
        return reword(text + ".", data.wording)


# --- self-checks: scores over time on their published bands ---------------------------------------


class SelfCheckBuilder(Builder):
    """One instrument's scores (the chart's picker chooses which) over shaded bands: the
    bands are the published severity ranges, darker where a score is harder (for the WHO-5,
    where higher is better, darker at the bottom)."""

    key = ""  # the instrument shown; the view sets it

    def setup(self) -> None:
        ax = self.ax = self.figure.add_subplot()
        self.line = ax.plot([], [], linewidth=2.0, marker="o", markersize=5)[0]
        self.spans: list[Any] = []
        self.texts: list[Any] = []
        self.shown: tuple | None = None
        ax.set_xlabel(_("Day"))
        _date_axis(ax)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.line.set_color(theme.line["before"])
        self.shown = None  # the bands are redrawn in the new colours on the next update

    def _series(self, data: SelfCheckData) -> SelfCheckSeries:
        return next((s for s in data.series if s.key == self.key), data.series[0])

    def _draw_bands(self, series: SelfCheckSeries) -> None:
        for artist in self.spans + self.texts:
            artist.remove()
        self.spans, self.texts = [], []
        ax, theme, n = self.ax, self.theme, len(series.bands)
        for i, (low, high, label) in enumerate(series.bands):
            hardness = (n - 1 - i) if series.higher_is_better else i
            share = 0.94 - 0.16 * hardness / max(1, n - 1)
            self.spans.append(ax.axhspan(low - 0.5 if low else 0, high + 0.5 if high < series.maximum else series.maximum,
                                         color=theme.faint(theme.subtle, share), linewidth=0, zorder=0))
            # Inside the plot at its left edge: a label outside it would be cut off by the figure.
            self.texts.append(ax.text(0.01, (low + high) / 2, _(label), transform=ax.get_yaxis_transform(),
                                      va="center", ha="left", fontsize=theme.font_size * 0.85, color=theme.subtle,
                                      zorder=1))
        ax.set_ylim(0, series.maximum)
        ax.set_ylabel(_("{name} score (0–{maximum})").format(name=series.name, maximum=series.maximum))

    def update(self, data: SelfCheckData) -> bool:
        series = self._series(data)
        changed = self.shown != (series.key, self.theme)
        if changed:
            self._draw_bands(series)
            self.shown = (series.key, self.theme)
        self.line.set_data(day_numbers(series.days) + 0.5, np.asarray(series.scores, dtype=float))
        _span_limits(self.ax, data.span)
        return changed

    def summary(self, data: SelfCheckData) -> str:
        series = self._series(data)
        n = len(series.scores)
        text = ngettext("{n} {name} self-check in {range}; latest {score} ({band}) on {day}",
                        "{n} {name} self-checks in {range}; latest {score} ({band}) on {day}", n).format(
                            n=n, name=series.name, range=_range_words(data.span), score=series.scores[-1],
                            band=_(series.band_labels[-1]), day=fmt.date(series.days[-1]))
        if n > 1:
            text += _(", first {score} ({band}) on {day}").format(score=series.scores[0], band=_(series.band_labels[0]),
                                                                 day=fmt.date(series.days[0]))
        return text + _(". A score is a snapshot, not a diagnosis.")
