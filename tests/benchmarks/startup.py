"""Startup benchmark: `steady --smoke` on 5 years of demo data vs a bare PySide6 window.

Also, on an encrypted copy of the same data: the unlock screen's first paint against the
plain window's first paint (target <= 1.2x), and the time from the passphrase being entered
(STEADY_PASSPHRASE, typed by the smoke run) to the data shown, against the plain window's
time from first paint to data shown (target: adds <= 300 ms).

Both are separate processes measured the same way, in the same run: wall-clock time from
spawning the process until it prints its first-paint line (interpreter start, imports,
opening the data file and the first paint all count). Prints the medians and the ratio.

    python tests/benchmarks/startup.py [--years 5] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "benchmark passphrase"

BARE_WINDOW = r"""
import time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print(f"first-paint-ms {int((time.perf_counter() - t0) * 1000)}", flush=True)
        QApplication.quit()

app = QApplication([])
window = QMainWindow()
window.setWindowTitle("Reference")
window.resize(1100, 720)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


REPORTED: dict[str, int] = {}  # the last run's own lines: first-paint-ms, data-ready-ms


def timed(cmd: list[str], env: dict) -> tuple[float, int, float | None]:
    """Wall-clock ms until the first-paint line, the ms the process reported itself, and
    wall-clock ms until a data-ready line (Steady prints it once the data is shown)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    elapsed, reported, ready = None, -1, None
    REPORTED.clear()
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-paint-ms"):
            elapsed = (time.perf_counter() - start) * 1000
            reported = int(line.split()[1])
        elif line.startswith("data-ready-ms"):
            ready = (time.perf_counter() - start) * 1000
        if line.endswith("-ms " + line.split()[-1] + "\n") and line.split()[-1].isdigit():
            REPORTED[line.split()[0]] = int(line.split()[1])
    if elapsed is None:
        raise SystemExit(f"no first-paint line from {cmd}")
    proc.wait(timeout=60)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return elapsed, reported, ready


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "demo", "--years", str(args.years)],
                       check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"demo --years {args.years}: {time.perf_counter() - t:.1f} s")
        ref_script = Path(tmp) / "bare_window.py"
        ref_script.write_text(BARE_WINDOW)
        app_cmd = [sys.executable, "-m", "app", "--data-dir", str(data), "--smoke"]
        ref_cmd = [sys.executable, str(ref_script)]
        # One warm-up each so both read from a warm disk cache.
        timed(app_cmd, env)
        timed(ref_cmd, env)
        encrypted = Path(tmp) / "encrypted"
        shutil.copytree(data, encrypted)
        sys.path.insert(0, str(ROOT))
        from app.services.encryption import turn_on

        turn_on(encrypted, PASSPHRASE)
        enc_cmd = [sys.executable, "-m", "app", "--data-dir", str(encrypted), "--smoke"]
        enc_env = {**env, "STEADY_PASSPHRASE": PASSPHRASE}
        timed(enc_cmd, env)
        app_runs, ref_runs, app_inner, app_ready = [], [], [], []
        unlock_runs, plain_after_paint, enc_after_passphrase = [], [], []
        for _ in range(args.runs):  # interleaved, so background load hits both alike
            ms, inner, ready = timed(app_cmd, env)
            app_runs.append(ms)
            app_inner.append(inner)
            app_ready.append(ready)
            plain_after_paint.append(REPORTED["data-ready-ms"] - REPORTED["first-paint-ms"])
            ref_runs.append(timed(ref_cmd, env)[0])
            unlock_runs.append(timed(enc_cmd, env)[0])  # no passphrase: the unlock screen, then exit
            timed(enc_cmd, enc_env)
            enc_after_passphrase.append(REPORTED["data-ready-ms"])  # counted from the passphrase entered
    app_ms, ref_ms = statistics.median(app_runs), statistics.median(ref_runs)
    print(f"bare PySide6 window: median {ref_ms:.0f} ms to first paint ({args.runs} runs)")
    print(f"steady --smoke:      median {app_ms:.0f} ms to first paint "
          f"(app's own first-paint-ms median {statistics.median(app_inner):.0f})")
    print(f"ratio steady / bare window: {app_ms / ref_ms:.2f}  (target <= 2.0)")
    ready_ms = statistics.median(app_ready)
    print(f"steady data shown (Today page filled): median {ready_ms:.0f} ms "
          f"({ready_ms / ref_ms:.2f}x the bare window's first paint)")
    unlock_ms = statistics.median(unlock_runs)
    print(f"encrypted: unlock screen's first paint median {unlock_ms:.0f} ms, "
          f"{unlock_ms / app_ms:.2f}x the plain window's first paint  (target <= 1.2)")
    plain_ms, enc_ms = statistics.median(plain_after_paint), statistics.median(enc_after_passphrase)
    print(f"encrypted: passphrase entered -> data shown median {enc_ms:.0f} ms; plain: first paint -> data shown "
          f"median {plain_ms:.0f} ms; encryption adds {enc_ms - plain_ms:.0f} ms  (target <= 300)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
