"""Running `steady` from the tests.

`run` calls `app.cli.main(argv)` in this process, as the `steady` entry point does, with the
data folder given the way a person gives it (STEADY_DATA_DIR), stdout and stderr captured
as UTF-8 text like a terminal set to UTF-8, and the exit code it returned. That is the same
code path as a real command minus interpreter start-up (~0.3 s a call), which is what kept
the suite slow. `run_process` starts a real `python -m app` for the few things only a real
process shows: exit codes through the entry point, the terminal's encoding, no display,
resource limits.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from app import cli

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _environment(**values: str):
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _qt_application_for_reports() -> None:
    """`steady report` makes a QGuiApplication when none exists. In this process the window
    tests come later and need a QApplication, which cannot replace a QGuiApplication: make the
    QApplication first, and the command uses it as the window's report dialog does."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication(["steady-tests"])


def run(data_dir, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """`steady ARGS` on `data_dir`, in process: (exit code, stdout, stderr)."""
    argv = [str(a) for a in args]
    if "report" in argv:
        _qt_application_for_reports()
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
    stdin = io.StringIO(input or "")
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, stdin
    try:
        with _environment(STEADY_DATA_DIR=str(data_dir)):
            code = cli.main(argv)
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr, sys.stdin = saved
    stdout, stderr = out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")
    assert "Traceback" not in stderr, stderr
    return code, stdout, stderr


def run_process(data_dir, *args, env: dict[str, str] | None = None, drop: tuple[str, ...] = ("QT_QPA_PLATFORM",),
                timeout: float = 120, **popen) -> subprocess.CompletedProcess:
    """A real `python -m app ARGS` on `data_dir` (bytes out); `drop` names environment
    variables to remove (by default the test's Qt platform, as in a plain terminal)."""
    environment = {**os.environ, "STEADY_DATA_DIR": str(data_dir), **(env or {})}
    for name in drop:
        environment.pop(name, None)
    argv = [a if isinstance(a, bytes) else str(a) for a in args]
    return subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True, cwd=ROOT, env=environment,
                          timeout=timeout, **popen)
