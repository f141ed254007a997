"""Reports benchmark: the 12-week counselor summary PDF on 5 years of demo data.

Target: under 3 s from the data to the bytes on disk (report data + charts + layout + PDF),
in a process that has Qt and matplotlib imported already (the GUI case), and the first one
in a fresh process (the CLI case, importing matplotlib). The reference, measured in the same
run, is a one-page plain-text PDF through the same QTextDocument + QPdfWriter path.

    python tests/benchmarks/reports.py [--years 5] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TARGET_S = 3.0


def plain_pdf(path: Path) -> None:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setPlainText("Treatment progress summary\n" + "A plain line of text.\n" * 40)
    doc.print_(writer)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    from app.services.demo import generate_demo
    from app.services.bundle import build_services
    from app.services.reports import preset_range
    from app.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = open_store(folder / "data")
        generate_demo(store, years=args.years)
        service = build_services(store).reports
        first, last = preset_range(12, service.today())
        t0 = time.perf_counter()
        from app.reports import render_pdf

        render_pdf(service.counselor(first, last), folder / "first.pdf", "A4", "Alex")
        first_s = time.perf_counter() - t0
        times, refs, data_times = [], [], []
        for i in range(args.runs):
            t = time.perf_counter()
            plain_pdf(folder / f"plain{i}.pdf")
            refs.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = service.counselor(first, last)
            data_times.append(time.perf_counter() - t)
            render_pdf(report, folder / f"r{i}.pdf", "A4", "Alex")
            times.append(time.perf_counter() - t)
        store.close()
    med, ref = statistics.median(times), statistics.median(refs)
    print(f"12-week counselor PDF on {args.years} years of demo data ({args.runs} runs)")
    print(f"  first in process (imports matplotlib): {first_s:.2f} s")
    print(f"  median: {med:.2f} s (report data {statistics.median(data_times) * 1000:.0f} ms), "
          f"target < {TARGET_S:.0f} s: {'ok' if med < TARGET_S and first_s < TARGET_S else 'MISSED'}")
    print(f"  one-page plain-text PDF: {ref * 1000:.0f} ms; ratio {med / ref:.0f}x")
    return 0 if med < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
