"""Running `steady` for the reliability tests: in-process (fast) or as a real subprocess with a
time limit (for anything that could hang, so a regression fails instead of stopping CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:
    from app import cli as steady

    capsys.readouterr()
    code = steady.main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err, out.err
    return code, out.out, out.err


def run(data_dir: Path, *args: str, timeout: float = 60, env: dict | None = None) -> tuple[int, str, str]:
    """`python -m app --data-dir DIR ARGS` in a subprocess; a hang fails the test."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
                          capture_output=True, cwd=ROOT, env=full_env, timeout=timeout)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return proc.returncode, out, err
