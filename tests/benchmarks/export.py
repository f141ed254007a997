"""Export/import benchmark: JSON export and import of 5 years of demo data.

The reference, measured in the same run, is `json.dumps` of the same plain dicts (what any
JSON export has to pay at least), so the ratio is what reading the data file, checking every
record and laying the document out cost on top.

    python tests/benchmarks/export.py [--years 5] [--repeat 5]
Target: JSON export of 5 years under 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TARGET_S = 3.0


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from app.services import transfer as T
    from app.services.demo import generate_demo
    from app.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "a")
        generate_demo(store, years=args.years, today=dt.date(2026, 1, 15))
        plains = {s.name: [r.to_plain() for r in getattr(store, s.repo).list()] for s in T.SECTIONS}
        n = sum(len(v) for v in plains.values())
        reference = best(lambda: json.dumps(plains, ensure_ascii=False), args.repeat)
        export = best(lambda: T.export_json(store), args.repeat)
        write = best(lambda: T.write_json(store, Path(tmp) / "x.json"), args.repeat)
        data = T.export_json(store)
        csv_s = best(lambda: T.export_csv(store, Path(tmp) / "csv"), args.repeat)

        def import_once():
            with tempfile.TemporaryDirectory() as inner:
                with open_store(Path(inner)) as fresh:
                    T.apply_json_import(fresh, None, T.plan_json_import(fresh, data))
        imp = best(import_once, max(1, args.repeat // 2))
        store.close()
    print(f"{args.years} years of demo data: {n:,} records, {len(data):,} bytes of JSON")
    print(f"json.dumps reference  {reference:.3f} s")
    print(f"export_json           {export:.3f} s  ({export / reference:.1f}x reference)")
    print(f"write_json (atomic)   {write:.3f} s")
    print(f"export_csv (folder)   {csv_s:.3f} s")
    print(f"import into empty     {imp:.3f} s  (plan + apply, incl. opening a new data file)")
    ok = write < TARGET_S
    print(f"target: export under {TARGET_S:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
