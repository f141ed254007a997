"""Layering rules from ARCHITECTURE.md, checked rather than hoped for."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _files(*parts: str):
    return sorted((APP.joinpath(*parts)).rglob("*.py"))


def test_core_layers_import_no_qt_or_matplotlib_when_loaded():
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import app, app.cli\n"
        "for pkg in ('app.domain', 'app.storage', 'app.services'):\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'matplotlib'))\n"
        "print(json.dumps(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=120).stdout
    assert json.loads(out) == []


def test_layer_dependency_direction():
    for path in _files("domain"):
        for name in _imports(path):
            assert not name.startswith(("app.storage", "app.services", "app.ui", "app.cli", "app.main",
                                        "PySide6", "matplotlib", "sqlite_utils", "sqlite3")), (path, name)
    for path in _files("storage"):
        for name in _imports(path):
            assert not name.startswith(("app.services", "app.ui", "app.cli", "PySide6", "matplotlib")), (path, name)
    for path in _files("services"):
        for name in _imports(path):
            assert not name.startswith(("app.ui", "app.cli", "PySide6", "matplotlib", "sqlite_utils")), (path, name)
    for path in _files("ui"):
        for name in _imports(path):
            assert not name.startswith(("app.storage", "sqlite_utils", "sqlite3")), (path, name)
    for path in _files("reports"):  # PDF layout: Qt (no widgets), fed by services, charts from app.ui.charts
        for name in _imports(path):
            assert not name.startswith(("app.storage", "app.cli", "app.main", "sqlite_utils", "sqlite3",
                                        "PySide6.QtWidgets")), (path, name)
            assert not name.startswith("app.ui") or name.startswith("app.ui.charts"), (path, name)


def test_the_command_line_goes_through_the_services():
    """cli.py wires services (app.services.bundle) and shows their results; it never reaches
    into the window's code or around the services to the backup files."""
    for path in (APP / "cli.py", *APP.glob("cli_*.py")):
        for name in _imports(path):
            assert not name.startswith(("app.ui", "app.storage.backups")), (path.name, name)
        text = path.read_text(encoding="utf-8")
        assert "storage import backups" not in text and "storage.backups" not in text, path.name


def test_matplotlib_only_under_ui_charts():
    for path in APP.rglob("*.py"):
        if "charts" in path.relative_to(APP).parts:
            continue
        assert not any(n.startswith("matplotlib") for n in _imports(path)), path


# SQL in a string literal: a statement keyword, or a column test like "status = 'attended'",
# "urge_after IS NOT NULL" or "category = ?" (prose and HTML attributes do not match).
_SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|JOIN|WHERE|GROUP BY|ORDER BY|HAVING)\b")
_SQL_TESTS = re.compile(r"\b[a-z_]+ (=|!=|<>|<=|>=|<|>) (\?|'[^']*'|\d+\b)|\b[a-z_]+ IS (NOT )?NULL\b"
                        r"|\b[a-z_]+ (NOT )?IN \(")


def sql_fragments(path: Path) -> list[str]:
    """SQL-looking string literals in a module (docstrings are prose and are skipped)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            match = _SQL_WORDS.search(node.value) or _SQL_TESTS.search(node.value)
            if match:
                found.append((node.lineno, f"line {node.lineno}: {match.group(0)!r}"))
    return [text for _, text in sorted(found)]


def test_sql_fragments_live_only_in_storage():
    """Services, domain, the window, the reports and the CLI call named repository methods
    (store.attendance.meetings_between, …); a WHERE clause or a column test written
    anywhere else fails here."""
    paths = [p for layer in ("services", "domain", "ui", "reports") for p in _files(layer)]
    paths += [APP / "cli.py", APP / "main.py", *APP.glob("cli_*.py")]
    for path in paths:
        assert sql_fragments(path) == [], path.relative_to(ROOT)


def test_the_sql_fragment_check_finds_fragments(tmp_path):
    """The check above cannot pass by never matching."""
    sample = tmp_path / "sample.py"
    sample.write_text('''"""Docstrings may say WHERE status = 'attended' in prose."""
a = "status = 'attended'"
b = f"SELECT id FROM {table}"
c = ("category = ?", [1])
d = "urge_after IS NOT NULL"
e = "<p style='white-space:pre-wrap'>Update Steady, then select a file.</p>"
''', encoding="utf-8")
    assert [f.split(":")[0] for f in sql_fragments(sample)] == ["line 2", "line 3", "line 4", "line 5"]


def test_no_sql_outside_storage():
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP)
        if rel.parts[0] == "storage":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (".execute(", ".executescript(", ".query(", "SELECT ", "INSERT INTO", "DELETE FROM"):
            assert needle not in text, (rel, needle)


def test_every_error_a_person_sees_is_a_steady_error():
    """One error base with `.message`: callers show `exc.message`, never getattr(exc, "message", …)."""
    known = {"SteadyError", "ValidationError", "StoreError"}
    internal = {("cli.py", "UsageError")}  # argparse's quick pre-parse; never shown
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP)
        text = path.read_text(encoding="utf-8")
        assert 'getattr(exc, "message"' not in text and "getattr(exc, 'message'" not in text, rel
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef) or not node.name.endswith("Error"):
                continue
            if (str(rel), node.name) in internal or node.name == "SteadyError":
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            assert bases & known, (str(rel), node.name, "derive it from SteadyError")


def test_building_the_main_window_loads_no_matplotlib(tmp_path):
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.main import build_main_window\n"
        "window, close = build_main_window(Path(sys.argv[1]))\n"
        "window.show(); app.processEvents()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('matplotlib'))))\n"
        "close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_window_shell_paints_without_the_database_layer():
    """Start-up budget: the first paint needs Qt and the shell only; sqlite-utils, the
    record types and the page modules load after it (see app/main.py)."""
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "qt = QApplication([])\n"
        "import app.cli\n"
        "from app.main import MainWindow\n"
        "w = MainWindow(); w.show(); qt.processEvents()\n"
        "heavy = ('sqlite_utils', 'matplotlib', 'numpy', 'app.domain.records', 'app.ui.pages.records_page')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in heavy)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_opening_the_window_builds_only_the_page_shown(tmp_path):
    """Pages are built on first visit; building all seven on start-up cost ~150 ms."""
    code = (
        "import os, pathlib; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.main import build_main_window\n"
        f"w, close = build_main_window(pathlib.Path({str(tmp_path)!r}))\n"
        "print(sum(p is not None for p in w._pages))\n"
        "close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "1"
