"""Render Steady's application icon from its SVG master (resources/icons/steady.svg).

    python packaging/render_icons.py

writes the PNGs the window, the tray and the Linux hicolor theme use
(app/resources/icons/steady-<size>.png, 16 to 512 px) and the bundles' icons
(packaging/icons/steady.ico for Windows, packaging/icons/steady.icns for macOS). The outputs
are committed; run this again after changing the SVG. Qt's own SVG renderer (QtSvg, part of
PySide6-Essentials) draws every size from the vector master, so small sizes are drawn, not
shrunk; Pillow (already installed with matplotlib) only packs the PNGs into .ico and .icns.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.resources import ICON_SIZES, resource_path  # noqa: E402

MASTER = ROOT / "resources" / "icons" / "steady.svg"
BUNDLE_ICONS = ROOT / "packaging" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> bytes:
    """The master drawn at size×size, as PNG bytes (transparent outside the tile)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(MASTER))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {MASTER} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    pngs = {size: render(size) for size in sorted(set(ICON_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))}
    out = resource_path("icons")
    out.mkdir(parents=True, exist_ok=True)
    for size in ICON_SIZES:
        (out / f"steady-{size}.png").write_bytes(pngs[size])
    BUNDLE_ICONS.mkdir(parents=True, exist_ok=True)
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    largest = images[max(ICO_SIZES)]
    largest.save(BUNDLE_ICONS / "steady.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    images[max(ICNS_SIZES)].save(BUNDLE_ICONS / "steady.icns", format="ICNS",
                                 append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    print(f"render_icons: {len(ICON_SIZES)} PNGs in {out}, steady.ico and steady.icns in {BUNDLE_ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
