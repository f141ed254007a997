"""Chart colours: the Okabe–Ito palette (distinguishable with every common colour-vision
deficiency), and figure, axes and text colours taken from the widget's QPalette so that a
light and a dark desktop theme both read.

Okabe–Ito colours differ a lot in lightness, so which of them are safe for thin lines
depends on the background: on white, sky blue, orange and yellow are too faint for a line
(contrast below 3:1) and are used for filled areas only; on a dark background the deep
blue is too faint and sky blue takes its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

# Okabe & Ito (2008), "Color Universal Design".
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

# One colour per part of life (the schedule's balance groups), the same in the week planner,
# the charts and the printed reports, each hue with one meaning. Okabe–Ito hues, so every
# part stays distinguishable with each common colour-vision deficiency; no two parts share a
# hue family in either palette (self-care is yellow, not a second blue next to treatment).
LIFE = {
    "treatment": BLUE,
    "meetings": BLUISH_GREEN,
    "work": ORANGE,
    "school": VERMILLION,
    "family_social": REDDISH_PURPLE,
    "self_care": YELLOW,
    "other": "#8C8C8C",
}
# The charts' "Work / school" series is work's colour.
LIFE_OF_SERIES = {"work_school": "work"}


def mix(a: str, b: str, share_of_b: float) -> str:
    """`a` blended towards `b` (0 = a, 1 = b), as #rrggbb."""
    ca, cb = QColor(a), QColor(b)
    t = max(0.0, min(1.0, share_of_b))
    rgb = [round(x + (y - x) * t) for x, y in zip((ca.red(), ca.green(), ca.blue()), (cb.red(), cb.green(), cb.blue()), strict=False)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(color: str) -> float:
    """Relative luminance (WCAG 2)."""
    c = QColor(color)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(color: str, background: str, toward: str, minimum: float = 3.0) -> str:
    """`color`, moved towards `toward` (the text colour) just enough to stand out from
    `background` by `minimum` (WCAG's 3:1 for lines and marks); the hue stays."""
    for step in range(11):
        candidate = mix(color, toward, step / 10)
        if contrast(candidate, background) >= minimum:
            return candidate
    return toward


@dataclass(frozen=True)
class Theme:
    """Every colour a chart uses, for one background."""

    dark: bool
    background: str
    text: str
    subtle: str  # secondary text: tick labels, notes
    grid: str
    spine: str
    font_size: float
    line: dict[str, str] = field(default_factory=dict)  # colours for lines and markers, by role
    fill: dict[str, str] = field(default_factory=dict)  # colours for filled areas, by role
    categories: tuple[str, ...] = ()  # fills for a series of categories, in order

    def faint(self, color: str, share: float = 0.4) -> str:
        """`color` faded into the background (daily dots behind a trend line)."""
        return mix(color, self.background, share)


def life_colours(background: str, text: str) -> dict[str, str]:
    """LIFE for one background (plus the charts' merged series). On a dark background a
    colour too faint to see there (the deep blue) moves towards the text colour just enough
    to stand out by 3:1, keeping its hue; on a light one the colours stay as they are."""
    dark = luminance(background) < luminance(text)
    colours = {part: readable(colour, background, text) if dark else colour for part, colour in LIFE.items()}
    colours.update({series: colours[part] for series, part in LIFE_OF_SERIES.items()})
    return colours


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (text inside a planner block)."""
    return "#111111" if contrast("#111111", fill) >= contrast("#ffffff", fill) else "#ffffff"


def theme_for(widget: QWidget | None = None, palette: QPalette | None = None) -> Theme:
    """The chart theme that matches `widget`'s palette (or `palette`)."""
    if palette is None:
        palette = widget.palette() if widget is not None else QPalette()
    background = palette.color(QPalette.ColorRole.Base).name()
    window = palette.color(QPalette.ColorRole.Window).name()
    # The canvas sits on the window; use the window colour so the chart looks part of it.
    background = window if window else background
    text = palette.color(QPalette.ColorRole.WindowText).name()
    dark = luminance(background) < luminance(text)
    subtle = mix(text, background, 0.28)
    grid = mix(text, background, 0.86)
    spine = mix(text, background, 0.6)
    font = widget.font() if widget is not None else None
    size = font.pointSizeF() if font is not None and font.pointSizeF() > 0 else 9.0
    primary = SKY_BLUE if dark else BLUE
    line = {
        "primary": primary,
        "before": VERMILLION if not dark else ORANGE,
        "after": primary,
        "mood": REDDISH_PURPLE,
        "sleep": primary,
        "rate": text,
        "target": text,
        "met": BLUISH_GREEN,
        "zero": spine,
    }
    line = {role: readable(colour, background, text) for role, colour in line.items()}
    life = life_colours(background, text)
    fill = {
        "attended": BLUISH_GREEN,
        "missed": VERMILLION,
        "excused": SKY_BLUE,
        **{series: life[series] for series in ("treatment", "meetings", "work_school", "family_social", "self_care")},
        "met": BLUISH_GREEN,
        "on track": primary,
        "behind": ORANGE,
        "bar": primary,
        "bar_few": mix(primary, background, 0.55),
        "empty_day": mix(text, background, 0.9),
        "checked_in_sober": BLUISH_GREEN,
        "sober": mix(BLUISH_GREEN, background, 0.45 if dark else 0.6),
        "checked_in": SKY_BLUE if not dark else BLUE,
        # A day with use or a lapse is part of the story, not an alarm: a muted, dusty mauve.
        "used": mix(mix(REDDISH_PURPLE, "#808080", 0.5), background, 0.2),
        "other": mix(text, background, 0.55),
    }
    categories = (BLUE if not dark else SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE,
                  SKY_BLUE if not dark else BLUE, YELLOW, VERMILLION)
    return Theme(dark, background, text, subtle, grid, spine, max(8.0, min(size, 14.0)), line, fill, categories)
