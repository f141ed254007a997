"""Issue 13 items 8 and 9: writers wait their turn, and a new data folder appears whole."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.reliability.helpers import ROOT

# A worker runs `steady add` N times in one process (each call opens the store, adds, closes,
# exactly as a separate command would) and prints one JSON line: the ids and every failure.
_WORKER = textwrap.dedent("""
    import contextlib, io, json, sys
    from app import cli
    data, n, tag, start_at = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    import time
    while time.time() < start_at:
        time.sleep(0.005)
    ids, errors = [], []
    for i in range(n):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--data-dir", data, "add", "coping", "--urge-before", "5",
                             "--situation", f"{tag}-{i}"])
        if code == 0:
            ids.append(out.getvalue().strip())
        else:
            errors.append(err.getvalue().strip())
    print(json.dumps({"ids": ids, "errors": errors}))
""")

def _workers(data: Path, count: int, n: int) -> list[dict]:
    start_at = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(data), str(n), f"w{k}", str(start_at)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(count)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _stored_situations(data: Path) -> set[str]:
    from app.storage import open_store

    with open_store(data) as store:
        return {e.situation for e in store.coping.list()}


def test_four_writers_of_a_hundred_adds_all_succeed(tmp_path):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "check"], cwd=ROOT,
                   capture_output=True)  # (no file yet: exit 4; the folder is made by the first add)
    results = _workers(data, 4, 100)
    errors = [e for r in results for e in r["errors"]]
    assert errors == []
    assert sum(len(r["ids"]) for r in results) == 400
    assert len(_stored_situations(data)) == 400


def test_eight_first_adds_on_a_folder_that_does_not_exist_all_succeed(tmp_path):
    data = tmp_path / "new" / "data"
    results = _workers(data, 8, 1)
    errors = [e for r in results for e in r["errors"]]
    assert errors == []
    assert len(_stored_situations(data)) == 8
    assert not [p.name for p in data.iterdir() if p.name.endswith(".tmp")]


# The real window: built over the data folder, shown, its pages refreshing after every save it
# hears of, and a check-in saved through its own services every 100 ms, until the file `stop`
# appears (the writers are done) or for at most `seconds`.
_WINDOW = textwrap.dedent("""
    import datetime as dt, pathlib, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from app.main import build_main_window
    from app.domain.records import CheckIn
    window, close = build_main_window(pathlib.Path(sys.argv[1]))
    window.show()
    day = [dt.date(1990, 1, 1)]
    def write():
        window.services.records.add(CheckIn(day=day[0], mood=3, craving=1))
        day[0] += dt.timedelta(days=1)
    timer = QTimer(); timer.timeout.connect(write); timer.start(100)
    stop = pathlib.Path(sys.argv[3])
    watch = QTimer(); watch.timeout.connect(lambda: stop.exists() and app.quit()); watch.start(100)
    QTimer.singleShot(int(float(sys.argv[2]) * 1000), app.quit)
    app.exec()
    timer.stop()
    close()
    print("held", day[0])
""")


def test_cli_adds_succeed_while_the_real_window_is_open_and_writing(tmp_path):
    import os

    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "add", "coping", "--urge-before", "1"],
                   cwd=ROOT, capture_output=True, check=True)
    stop = tmp_path / "stop"
    window = subprocess.Popen([sys.executable, "-c", _WINDOW, str(data), "60", str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    time.sleep(4.0)
    results = _workers(data, 2, 50)
    still_writing = window.poll() is None  # the writers ran while the window wrote too
    time.sleep(1.0)  # and the window goes on writing a moment after them
    stop.touch()
    out, err = window.communicate(timeout=180)
    assert still_writing and window.returncode == 0 and "held" in out, err[-2000:]
    assert [e for r in results for e in r["errors"]] == []
    assert len(_stored_situations(data)) == 100 + 1
