"""The sidebar's page icons: monochrome SVGs (app/resources/icons/pages/) coloured at run time
from the palette, so one drawing serves light and dark, and rendered at the screen's own
pixel size so they stay crisp on a high-DPI screen. Read through Qt's SVG image reader (the qsvg plug-in the
bundle keeps), so no Qt module beyond QtGui is needed."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QIcon, QIconEngine, QImageReader, QPainter, QPalette, QPixmap

from app.services.resources import page_icon_path

# Page title -> icon file name (without .svg); every sidebar page has one.
PAGE_ICONS = {
    "Today": "today",
    "Schedule": "schedule",
    "Coping skills": "coping",
    "Meetings": "meetings",
    "Self-care": "selfcare",
    "Check-ins": "checkins",
    "Goals": "goals",
    "Progress": "progress",
    "My plan": "plan",
    "Insights": "insights",
    "Treatment": "treatment",
}
ICON_SIZE = 18  # logical pixels, beside text of the default size


def icon_size_for(font_height: int) -> int:
    """The sidebar icon's side for text `font_height` pixels tall: 18 px at the usual size,
    growing with a larger font so the icon keeps its place beside the words."""
    return max(ICON_SIZE, round(font_height * 1.05))


@lru_cache(maxsize=None)
def _svg(name: str) -> str:
    return page_icon_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=256)
def _render(name: str, colour: str, size: int) -> QPixmap:
    """The icon `name` drawn `size` pixels square in `colour` (kept: a repaint costs nothing)."""
    data = QByteArray(_svg(name).replace("currentColor", colour).encode("utf-8"))
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    image = reader.read()
    buffer.close()
    return QPixmap.fromImage(image)


class _PageIconEngine(QIconEngine):
    """Draws the SVG only when a size and mode are first asked for (the sidebar shows one or
    two modes of each icon), at the exact device pixel size, so opening the window does not
    pay for drawings it never shows and a 2x screen gets a 2x drawing."""

    def __init__(self, name: str, colours: dict[QIcon.Mode, str]):
        super().__init__()
        self.name = name
        self.colours = colours

    def _colour(self, mode: QIcon.Mode) -> str:
        return self.colours.get(mode, self.colours[QIcon.Mode.Normal])

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return QPixmap(_render(self.name, self._colour(mode), max(1, min(size.width(), size.height()))))

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        side = max(1, round(min(size.width(), size.height()) * scale))
        pixmap = QPixmap(_render(self.name, self._colour(mode), side))
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802 - Qt naming
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(ICON_SIZE, ICON_SIZE), QSize(2 * ICON_SIZE, 2 * ICON_SIZE)]

    def clone(self) -> QIconEngine:
        return _PageIconEngine(self.name, dict(self.colours))


def page_icon(title: str, palette: QPalette) -> QIcon:
    """The icon for the page `title`, in the palette's text colour (the highlighted-text
    colour when its row is selected, the disabled text colour when disabled)."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {QIcon.Mode.Normal: palette.color(group.Active, role.WindowText).name(),
               QIcon.Mode.Active: palette.color(group.Active, role.WindowText).name(),
               QIcon.Mode.Selected: palette.color(group.Active, role.HighlightedText).name(),
               QIcon.Mode.Disabled: palette.color(group.Disabled, role.WindowText).name()}
    return QIcon(_PageIconEngine(PAGE_ICONS[title], colours))
