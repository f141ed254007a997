"""Steady's application icon: every size drawn, the bundles' .ico/.icns, and the window's icon."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from app import APP_ID
from app.services.resources import ICON_SIZES, icon_paths

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_size_exists_at_its_size():
    assert ICON_SIZES[0] == 16 and ICON_SIZES[-1] == 512
    for size, path in zip(ICON_SIZES, icon_paths(), strict=True):
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (size, size), path
            assert image.mode == "RGBA"
            # Transparent outside the rounded tile, opaque in its middle.
            assert image.getpixel((0, 0))[3] == 0
            assert image.getpixel((size // 2, size // 2))[3] == 255


def test_the_bundle_icons_hold_every_size():
    with Image.open(ROOT / "packaging" / "icons" / "steady.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "packaging" / "icons" / "steady.icns") as icns:
        assert icns.format == "ICNS"
        # Pillow writes the modern PNG-based entries (ic07–ic14): 128–512 px and their @2x,
        # with 16 and 32 px as @2x only, which macOS scales from.
        assert {(16, 16, 2), (32, 32, 2), (128, 128, 1), (256, 256, 1), (512, 512, 1), (512, 512, 2)} <= set(icns.info["sizes"])


def test_the_svg_master_is_what_qt_can_draw():
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "steady.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256


def test_the_started_app_has_its_icon_and_desktop_name(tmp_path):
    """What app/main.py sets, seen from a real start (a fresh process: pytest-qt's own
    application would skip the start-up path)."""
    code = (
        "import sys, pathlib\n"
        "from app.main import run_gui\n"
        "from PySide6.QtWidgets import QApplication\n"
        "rc = run_gui(pathlib.Path(sys.argv[1]), smoke=True)\n"
        "a = QApplication.instance()\n"
        "print('icon', rc, ','.join(str(s.width()) for s in a.windowIcon().availableSizes()), a.desktopFileName())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("icon ")]
    assert line, done.stderr
    _, rc, sizes, desktop_name = line[0].split()
    assert rc == "0"
    assert [int(s) for s in sizes.split(",")] == list(ICON_SIZES)
    assert desktop_name == APP_ID
