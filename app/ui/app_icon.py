"""Steady's application icon for the window, the task bar and the tray.

The PNGs are drawn from the SVG master by packaging/render_icons.py at every size a desktop
asks for (16 to 512 px), so Qt picks a drawn size instead of shrinking a large one; PNGs
rather than the SVG itself, because they need no SVG icon plugin in a bundle.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from app.services.resources import ICON_SIZES, icon_paths


def application_icon() -> QIcon:
    icon = QIcon()
    for size, path in zip(ICON_SIZES, icon_paths(), strict=True):
        icon.addFile(str(path), QSize(size, size))
    return icon
