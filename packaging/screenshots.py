"""Screenshots of Steady over demo data, for the README and for looking at the window.

    xvfb-run -a -s "-screen 0 1400x1000x24" python packaging/screenshots.py            # the README's
    python packaging/screenshots.py --all --theme dark --language es --out /tmp/shots  # every page, wizard, help

The data is a year of demo data in a temporary folder (deleted afterwards; nothing of yours is
read). The README's pictures are resources/screenshots/<page>.png, 960 px wide: run the first
command again after a change to the window and commit what changed. With --all: every page,
each step of the setup wizard (over an empty folder, where it is offered), the guide and the
About box, named <theme>-<language>-<what>.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

README_PAGES = ("Today", "Schedule", "Coping skills", "Progress", "My plan")
WIDTH, HEIGHT = 1200, 900  # the window; the saved picture is scaled to `--width`


def _evening() -> dt.datetime:
    """The pictures' "now": 18:30 on the last Thursday, so the week has days in it."""
    today = dt.date.today()
    thursday = today - dt.timedelta(days=(today.weekday() - 3) % 7)
    return dt.datetime.combine(thursday, dt.time(18, 30))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "es"), default="en")
    parser.add_argument("--width", type=int, default=960, help="width of the saved pictures in pixels")
    parser.add_argument("--all", action="store_true", help="every page, the wizard's steps, the guide and About")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        print("screenshots: no display; run under xvfb-run (see the docstring) or set QT_QPA_PLATFORM=offscreen",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as config:
        os.environ["XDG_CONFIG_HOME"] = config  # Preferences of these windows are not yours
        return _shoot(args)


def _shoot(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance() or QApplication([])
    from app.services.bundle import build_services
    from app.services.clock import FixedClock
    from app.services.demo import generate_demo
    from app.storage import open_store
    from app.ui.language import apply_language
    from app.ui.main_window import PAGE_TITLES, MainWindow, apply_app_identity
    from app.ui.style import apply_appearance

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    apply_app_identity(application)
    apply_language(application, args.language)
    apply_appearance(application, args.theme)
    args.out.mkdir(parents=True, exist_ok=True)
    prefix = "" if not args.all else f"{args.theme}-{args.language}-"

    def save(widget, name: str) -> None:
        _settle(application)
        picture = widget.grab()
        if picture.width() > args.width:
            picture = picture.scaledToWidth(args.width, Qt.TransformationMode.SmoothTransformation)
        path = args.out / f"{prefix}{name}.png"
        picture.save(str(path), "PNG", 0 if args.all else 9)
        if not args.all:
            _small(path)
        print(f"{path} ({path.stat().st_size // 1024} KiB)")

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "demo"
        data.mkdir(mode=0o700)
        store = open_store(data)
        try:
            now = _evening()
            generate_demo(store, years=1, today=now.date())
            window = MainWindow(build_services(store, FixedClock(now), data_dir=data))
            window.resize(WIDTH, HEIGHT)
            window.show()
            _settle(application)
            from app.ui.charts import enable_charts

            for index, title in enumerate(PAGE_TITLES):
                if not args.all and title not in README_PAGES:
                    continue
                window.show_page(index)
                _settle(application)
                enable_charts(window, draw=True)
                save(window, _slug(title))
            if args.all:
                for name, action in (("guide", window.guide_action), ("about", window.about_action),
                                     ("help-now", window.help_now_action)):
                    _shoot_dialog(application, action, lambda w, n=name: save(w, n))
            window.detach()
            window.close()
        finally:
            store.close()
        if args.all:
            empty = Path(folder) / "empty"
            empty.mkdir(mode=0o700)
            store = open_store(empty)
            try:
                window = MainWindow(build_services(store, data_dir=empty))
                window.show()
                wizard = window.show_setup()
                step = 0
                while wizard is not None:
                    wizard.resize(760, 560)
                    save(wizard, f"setup-{step}")
                    if wizard.nextId() == -1:
                        break
                    wizard.next()
                    step += 1
                if wizard is not None:
                    wizard.reject()
                window.detach()
                window.close()
            finally:
                store.close()
    return 0


def _shoot_dialog(application, action, look) -> None:
    """Open the dialog behind `action` (modal or not), look at it, close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    def grab() -> None:
        window = application.activeModalWidget() or next(
            (w for w in application.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)), None)
        if window is None:
            QTimer.singleShot(50, grab)
            return
        look(window)
        window.close()

    QTimer.singleShot(200, grab)
    action.trigger()
    _settle(application)


def _small(path: Path) -> None:
    """The README's copy in 256 colours (a window has few; about a third of the size).
    Pillow comes with matplotlib."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _settle(application) -> None:
    import time

    end = time.monotonic() + 0.6
    while time.monotonic() < end:
        application.processEvents()
        time.sleep(0.02)


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-")


if __name__ == "__main__":
    raise SystemExit(main())
