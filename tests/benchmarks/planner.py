"""Week planner benchmark: opening any week of 5 years of demo data.

One "open" is what the Previous/Next buttons and the date picker do: read the week from the
SQLite file (items, exceptions, attendance, phases), expand the repeat rules, find overlaps,
lay the blocks out, fill the agenda, and paint the grid and its header once. Weeks are
picked across the whole five years (and the future) in a fixed random order.

The reference, measured in the same run and the same way, is opening a week with nothing
in it on an empty data file, so the ratio is what the data costs on top of the widgets.

    python tests/benchmarks/planner.py [--years 5] [--weeks 80]
Target: median and 95th percentile under 50 ms per week.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TARGET_MS = 50.0


def open_weeks(planner, days) -> list[float]:
    timings = []
    for day in days:
        t0 = time.perf_counter()
        planner.show_week(day)
        planner.grid.repaint()
        planner.header.repaint()
        timings.append((time.perf_counter() - t0) * 1000)
    return timings


def build(data_dir: Path):
    from app.services.records import RecordService
    from app.services.schedule import ScheduleService
    from app.storage import open_store
    from app.ui.pages.schedule_page import WeekPlanner

    store = open_store(data_dir)
    records = RecordService(store)
    planner = WeekPlanner(records, ScheduleService(store, records))
    planner.resize(1300, 850)
    planner.show()
    return store, planner


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=80)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from app.services.demo import generate_demo
    from app.storage import open_store

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        full, empty = Path(tmp) / "demo", Path(tmp) / "empty"
        full.mkdir()
        empty.mkdir()
        with open_store(full) as store:
            summary = generate_demo(store, years=args.years)
        print(f"demo: {summary.describe() if hasattr(summary, 'describe') else summary}")

        today = dt.date.today()
        rng = random.Random(20261122)
        span = args.years * 365 + 60
        days = [today - dt.timedelta(days=rng.randrange(span)) + dt.timedelta(days=30) for _ in range(args.weeks)]

        results = {}
        for name, folder in (("empty", empty), ("demo", full)):
            store, planner = build(folder)
            app.processEvents()
            open_weeks(planner, days[:5])  # warm-up: imports, caches, first layout
            timings = open_weeks(planner, days)
            slots = planner.view.slots if planner.view else ()
            results[name] = timings
            planner.detach()
            planner.close()
            store.close()
            print(f"{name:>5}: median {statistics.median(timings):6.1f} ms, "
                  f"p95 {sorted(timings)[int(len(timings) * 0.95) - 1]:6.1f} ms, "
                  f"max {max(timings):6.1f} ms over {len(timings)} weeks (last week shown: {len(slots)} items)")

    demo, ref = results["demo"], results["empty"]
    median, p95 = statistics.median(demo), sorted(demo)[int(len(demo) * 0.95) - 1]
    print(f"ratio demo / empty week (medians): {median / statistics.median(ref):.2f}")
    print(f"target: under {TARGET_MS:.0f} ms per week -> median {median:.1f} ms, p95 {p95:.1f} ms: "
          f"{'met' if p95 < TARGET_MS else 'NOT met'}")
    app.quit()
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
