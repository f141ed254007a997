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

# Like the window: one long-lived connection that keeps reading and now and then writes.
_HOLDER = textwrap.dedent("""
    import datetime as dt, sys, time
    from app.storage import open_store
    from app.services.records import RecordService
    from app.domain.records import CheckIn
    store = open_store(sys.argv[1])
    svc = RecordService(store)
    until = time.time() + float(sys.argv[2])
    day = dt.date(2020, 1, 1)
    while time.time() < until:
        svc.list("coping")
        svc.add(CheckIn(day=day, mood=3, craving=1))
        day += dt.timedelta(days=1)
        time.sleep(0.01)
    store.close()
    print("held")
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


def test_cli_adds_succeed_while_a_window_holds_the_store(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(data), "20"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    results = _workers(data, 2, 50)
    out, err = holder.communicate(timeout=120)
    assert holder.returncode == 0 and "held" in out, err[-2000:]
    assert [e for r in results for e in r["errors"]] == []
    assert len(_stored_situations(data)) == 100


def test_eight_first_adds_on_a_folder_that_does_not_exist_all_succeed(tmp_path):
    data = tmp_path / "new" / "data"
    results = _workers(data, 8, 1)
    errors = [e for r in results for e in r["errors"]]
    assert errors == []
    assert len(_stored_situations(data)) == 8
    assert not [p.name for p in data.iterdir() if p.name.endswith(".tmp")]
