"""What a command line call and the window's start load: numpy (~0.1 s, ~12 MB, pulled in
by sqlite-utils unless app.storage.lite keeps it out) only comes with the first chart."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _loaded(code: str, folder: Path) -> list:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(folder / "config")}
    out = subprocess.run([sys.executable, "-c", code, str(folder / "data")], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_command_line_writes_and_reads_load_no_numpy(tmp_path):
    code = (
        "import contextlib, io, json, sys\n"
        "from app import cli\n"
        "data = sys.argv[1]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert cli.main(['--data-dir', data, 'add', 'coping', '--urge-before', '5']) == 0\n"
        "    assert cli.main(['--data-dir', data, 'list', 'coping', '--format', 'json']) == 0\n"
        "    assert cli.main(['--data-dir', data, 'goals', 'list']) == 0\n"
        # SQLCipher (the encrypted-file driver) loads only for an encrypted data file.
        "print(json.dumps(sorted(m for m in ('numpy', 'pandas', 'matplotlib', 'PySide6', 'sqlcipher3')\n"
        "                        if m in sys.modules)))\n"
    )
    assert _loaded(code, tmp_path) == []


# A fresh process that shows the window on Today over a year of demo data (argv[1]: the folder).
_SHOWN_OVER_A_YEAR = (
    "import json, pathlib, sys\n"
    "from PySide6.QtWidgets import QApplication\n"
    "qt = QApplication([])\n"
    "from app.services.demo import generate_demo\n"
    "from app.storage import open_store\n"
    "data = pathlib.Path(sys.argv[1])\n"
    "with open_store(data) as store:\n"
    "    generate_demo(store, years=1)\n"
    "from app.main import build_main_window\n"
    "w, close = build_main_window(data)\n"
    "w.show_page(0); w.show(); qt.processEvents()\n"
)


def test_the_window_shows_its_data_without_numpy_until_a_chart_needs_it(tmp_path):
    code = (
        _SHOWN_OVER_A_YEAR +
        "before = 'numpy' in sys.modules\n"
        "from app.ui.charts import enable_charts\n"
        "enable_charts(w, draw=True)\n"
        "print(json.dumps([before, 'numpy' in sys.modules]))\n"
        "close(save=False)\n"
    )
    assert _loaded(code, tmp_path) == [False, True]


# Stops `steady --smoke` at its first paint and lists what had been imported by then.
_AT_FIRST_PAINT = (
    "import json, os, sys\n"
    "import app.cli\n"
    "import app.main\n"
    "def report(self):\n"
    "    print(json.dumps(sorted(sys.modules)), flush=True)\n"
    "    os._exit(0)\n"
    "app.main.FirstPaintProbe.report = report\n"
    "sys.exit(app.cli.main(['--data-dir', sys.argv[1], '--smoke']))\n"
)


def test_the_first_paint_imports_no_data_layer_charts_or_key_handling(tmp_path):
    """The window paints before the database layer, the pages, the charts, the encryption
    keys' handling (hashlib, OpenSSL: only an encrypted file needs them, after the paint) and
    the focus-ring style (app.ui.indicators, installed right after the first frame)."""
    loaded = set(_loaded(_AT_FIRST_PAINT, tmp_path))
    assert "app.main" in loaded and "app.ui.main_window" in loaded  # it did stop at the first paint
    heavy = ("sqlite_utils", "numpy", "matplotlib", "app.storage.store", "app.services.bundle",
             "app.storage.keys", "app.services.encryption", "app.ui.indicators")
    assert [m for m in heavy if m in loaded] == []
    assert sorted(m for m in loaded if m.startswith(("app.ui.pages", "app.ui.dialogs", "app.ui.charts"))) == []


def test_today_is_built_without_the_other_pages_tables_and_dialogs(tmp_path):
    """Today, built right after the first paint, imports neither the table pages (their models,
    filters), the Goals or Treatment page, nor the record dialogs: each comes with the page or
    dialog that needs it, and that page still opens complete from its shortcut."""
    code = (
        _SHOWN_OVER_A_YEAR +
        "today = w.today_page\n"
        "names = ('app.ui.pages.records_page', 'app.ui.pages.goals_page', 'app.ui.pages.treatment_page',\n"
        "         'app.ui.pages.checkins_page', 'app.ui.models.record_table', 'app.ui.dialogs.record_dialog',\n"
        "         'app.ui.dialogs.occurrence_dialogs')\n"
        "before = sorted(m for m in names if m in sys.modules)\n"
        "shown = today.treatment_today is not None and today.goals_frame is not None\n"
        "w.page_actions[6].trigger(); qt.processEvents()\n"
        "goals = w.current_page()\n"
        "complete = type(goals).__name__ == 'GoalsPage' and goals.tabs.count() == 3\n"
        "print(json.dumps([before, shown, complete]))\n"
        "close(save=False)\n"
    )
    assert _loaded(code, tmp_path) == [[], True, True]


def test_the_focus_ring_style_is_installed_right_after_the_first_frame(tmp_path):
    code = (
        "import os, sys\n"
        "import app.cli\n"
        "import app.main\n"
        "from PySide6.QtWidgets import QApplication\n"
        "seen = []\n"
        "first_paint = app.main.FirstPaintProbe.report\n"
        "def report(self):\n"
        "    seen.append(type(QApplication.style()).__name__)\n"
        "    first_paint(self)\n"
        "app.main.FirstPaintProbe.report = report\n"
        "opened = app.main._Loader.opened\n"
        "def data_shown(self):\n"
        "    seen.append(type(QApplication.style()).__name__)\n"
        "    print(__import__('json').dumps(seen), flush=True)\n"
        "    os._exit(0)\n"
        "app.main._Loader.opened = data_shown\n"
        "sys.exit(app.cli.main(['--data-dir', sys.argv[1], '--smoke']))\n"
    )
    assert _loaded(code, tmp_path) == ["QCommonStyle", "VisibleIndicators"]
