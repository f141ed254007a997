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


def test_the_window_shows_its_data_without_numpy_until_a_chart_needs_it(tmp_path):
    code = (
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
        "before = 'numpy' in sys.modules\n"
        "from app.ui.charts import enable_charts\n"
        "enable_charts(w, draw=True)\n"
        "print(json.dumps([before, 'numpy' in sys.modules]))\n"
        "close(save=False)\n"
    )
    assert _loaded(code, tmp_path) == [False, True]
