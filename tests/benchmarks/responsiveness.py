"""Responsiveness benchmark: does the window keep turning while it imports, exports, reports,
backs up and restores?

A real main window (offscreen unless QT_QPA_PLATFORM says otherwise) over 5 years of demo
data runs each slow operation the way a person starts it from the File menu (the file
choosers answered, the previews pressed through), while a 10 ms QTimer heartbeat notes
every turn of the event loop. The longest gap between two beats is the longest the window
was frozen. One line per operation:

    max-stall-ms <operation> <N>

Exit status 1 if any operation stalled over 100 ms (typing in a search box: over 50 ms). A
last line, `max-stall-ms idle-reference N`, is the longest gap of the same heartbeat while
the window does nothing for 3 s: what the machine itself costs (never judged).

    python tests/benchmarks/responsiveness.py [--years 5] [--events 5000] [--meetings 3000]

Not collected by pytest (tests/benchmarks is excluded). The machine is shared and noisy: run
it a few times and take the medians. Steady's modules are compiled to bytecode first, as in an
installed copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LIMIT_MS = 100
TYPING_LIMIT_MS = 50
HEARTBEAT_MS = 10


# --- the files the operations read ---------------------------------------------------------------


def calendar_file(path: Path, events: int) -> Path:
    """`events` VEVENTs like an employer's or school's calendar: one-offs and weekly series,
    some with exceptions and changed occurrences, in two time zones."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//Bench//EN"]
    start = dt.datetime(2030, 1, 7, 8, 0)
    for i in range(events):
        day = start + dt.timedelta(days=i // 8, hours=(i % 8))
        stamp = day.strftime("%Y%m%dT%H%M%S")
        end = (day + dt.timedelta(minutes=50)).strftime("%Y%m%dT%H%M%S")
        zone = "America/New_York" if i % 3 else "Europe/Berlin"
        lines += ["BEGIN:VEVENT", f"UID:event-{i}@bench", "DTSTAMP:20300101T000000Z",
                  f"DTSTART;TZID={zone}:{stamp}", f"DTEND;TZID={zone}:{end}",
                  f"SUMMARY:Shift {i}", f"LOCATION:Room {i % 40}", f"DESCRIPTION:Bring badge {i}"]
        if i % 10 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=20")
            lines.append(f"EXDATE;TZID={zone}:{(day + dt.timedelta(weeks=2)).strftime('%Y%m%dT%H%M%S')}")
        lines.append("END:VEVENT")
        if i % 10 == 0:
            moved = day + dt.timedelta(weeks=3)
            lines += ["BEGIN:VEVENT", f"UID:event-{i}@bench", "DTSTAMP:20300101T000000Z",
                      f"RECURRENCE-ID;TZID={zone}:{moved.strftime('%Y%m%dT%H%M%S')}",
                      f"DTSTART;TZID={zone}:{(moved + dt.timedelta(hours=1)).strftime('%Y%m%dT%H%M%S')}",
                      f"DTEND;TZID={zone}:{(moved + dt.timedelta(hours=2)).strftime('%Y%m%dT%H%M%S')}",
                      f"SUMMARY:Shift {i} (moved)", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def meeting_file(path: Path, meetings: int) -> Path:
    """A regional Meeting Guide list of `meetings` meetings."""
    rows = [{"name": f"Meeting {i}", "slug": f"meeting-{i}", "day": i % 7, "time": f"{6 + i % 15:02d}:30",
             "types": ["O", "D"] if i % 2 else ["C", "ST"], "location": f"Hall {i % 90}",
             "formatted_address": f"{i} Main St, Anytown, CA 98765, USA", "region": "Anytown",
             "notes": "Side door."} for i in range(meetings)]
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


# --- the heartbeat ---------------------------------------------------------------------------------


class Heartbeat:
    """A 10 ms precise timer; `worst()` is the longest gap between two beats since `reset()`."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.beats: list[float] = []
        self.cpu: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def reset(self) -> None:
        self.beats = [time.perf_counter()]
        self.cpu = [time.thread_time()]

    def worst_cpu(self) -> float:
        """The most CPU time the window's thread spent between two beats (its own work,
        whatever the machine's load): what a stall would be on an idle machine."""
        now = [*self.cpu, time.thread_time()]
        return max((b - a for a, b in zip(now, now[1:], strict=False)), default=0.0) * 1000

    def worst(self) -> float:
        now = [*self.beats, time.perf_counter()]
        return max((b - a for a, b in zip(now, now[1:], strict=False)), default=0.0) * 1000


class StallTracer:
    """With --trace: a thread that, whenever the heartbeat is late, notes where the window's
    thread is (its innermost frames inside Steady), to find what froze it."""

    def __init__(self, heart: Heartbeat, late_ms: float = 15):
        import threading

        self.heart, self.late = heart, late_ms / 1000
        self.main = threading.main_thread().ident
        self.samples: dict[str, int] = {}
        self.timeline: list[tuple[float, str]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        import traceback

        while not self.stop.wait(0.003):
            beats = self.heart.beats
            if not beats or time.perf_counter() - beats[-1] < self.late:
                continue
            frame = sys._current_frames().get(self.main)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            mine = [f for f in stack if "/app/" in f.filename or "responsiveness" in f.filename]
            where = " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(mine[-7:]))
            inner = stack[-1]
            key = f"{Path(inner.filename).name}:{inner.lineno}:{inner.name} | {where}"
            if "until" in inner.name or "wait" in inner.name or "turn" in inner.name:
                # The window's thread is inside Qt: say what the worker was doing meanwhile.
                for ident, other in sys._current_frames().items():
                    if ident not in (self.main, self.thread.ident):
                        top = traceback.extract_stack(other)[-3:]
                        key += " || worker: " + " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}"
                                                           for f in reversed(top))
            self.samples[key] = self.samples.get(key, 0) + 1
            self.timeline.append((time.perf_counter(), key))

    def report(self, name: str) -> None:
        top = sorted(self.samples.items(), key=lambda kv: -kv[1])[:6]
        for where, n in top:
            print(f"  stalled {n * 3} ms in {where}", file=sys.stderr)
        self.samples = {}
        # The gap in which the window's thread worked longest: what it was doing then.
        heart = self.heart
        pairs = list(zip(zip(heart.beats, heart.cpu, strict=False), zip(heart.beats[1:], heart.cpu[1:], strict=False),
                         strict=False))
        if pairs:
            (a, ca), (b, cb) = max(pairs, key=lambda p: p[1][1] - p[0][1])
            print(f"  busiest gap {1000 * (b - a):.0f} ms wall, {1000 * (cb - ca):.0f} ms CPU:", file=sys.stderr)
            seen: dict[str, int] = {}
            for t, key in self.timeline:
                if a <= t <= b:
                    seen[key] = seen.get(key, 0) + 1
            for key, n in seen.items():
                print(f"    {n}x {key}", file=sys.stderr)
        self.timeline = []


def turn(ms: int) -> None:
    """Let the event loop run for `ms` (the heartbeat keeps beating)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(condition: Callable[[], bool], timeout_s: float = 180) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("responsiveness: an operation did not finish in time")
        loop = QEventLoop()
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def settle() -> None:
    from app.ui.background import Runner

    if not Runner.wait_for_all(180_000):
        raise SystemExit("responsiveness: background work did not finish in time")


# --- the run ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--meetings", type=int, default=3000)
    parser.add_argument("--only", default="", help="comma-separated operations to run")
    parser.add_argument("--trace", action="store_true", help="say where the window's thread stalled")
    parser.add_argument("--profile", action="store_true", help="profile the window's thread per operation (cProfile)")
    args = parser.parse_args()
    # An installed Steady has its bytecode compiled (pip and the bundle do it); a checkout may
    # not (PYTHONDONTWRITEBYTECODE), and then every module a dialog imports lazily is compiled
    # during the operation being measured, on whichever thread imports it.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[2] / "app"), quiet=1)

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("SteadyBench")
    app.setApplicationName("SteadyBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)

    from app.services.demo import generate_demo
    from app.services.transfer import write_json
    from app.storage import open_store

    tmp = Path(tempfile.mkdtemp(prefix="steady-bench-"))
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp / "settings"))
    data_dir, other = tmp / "data", tmp / "other"
    with open_store(data_dir) as store:
        generate_demo(store, years=args.years, today=dt.date.today())
    with open_store(other) as store:  # another computer's data, to bring in as a Steady export
        generate_demo(store, years=1, seed=7, today=dt.date.today())
        export = tmp / "laptop-export.json"
        write_json(store, export)
    ics = calendar_file(tmp / "work.ics", args.events)
    feed = meeting_file(tmp / "meetings.json", args.meetings)
    out = tmp / "out"
    out.mkdir()

    from app.main import build_main_window
    from app.ui.dialogs import backup_dialogs as BD
    from app.ui.dialogs import calendar_dialogs as C
    from app.ui.dialogs import meeting_import_dialog as M
    from app.ui.dialogs import report_dialog as R
    from app.ui.dialogs import transfer_dialogs as T

    window, close = build_main_window(data_dir)
    from app.ui import collector

    collector.install(app, lambda: window.runner.busy)  # as app.main's run_gui does
    window.resize(1100, 720)
    window.show()
    turn(300)
    heart = Heartbeat()
    tracer = StallTracer(heart) if args.trace else None
    results: list[tuple[str, float, int]] = []

    def measure(name: str, run: Callable[[], None], limit: int = LIMIT_MS) -> None:
        if args.only and name not in args.only.split(","):
            return
        turn(150)
        heart.reset()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        run()
        settle()
        turn(150)  # what the window does once the result is in (refreshes) counts too
        if profiler is not None:
            import pstats

            profiler.disable()
            print(f"--- {name}: the window's thread", file=sys.stderr)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        results.append((name, heart.worst(), limit))
        print(f"{name}: wall {heart.worst():.0f} ms, window thread CPU {heart.worst_cpu():.0f} ms", file=sys.stderr)
        if tracer is not None:
            print(f"{name}: {heart.worst():.0f} ms", file=sys.stderr)
            tracer.report(name)

    # The previews: pressed through as a person would, the modal dialog's own loop turning.
    # A person's clicks are events of their own: the loop turns between them.
    def through_preview(dialog, before: Callable[[object], None] | None = None) -> int:
        dialog.show()
        until(lambda: not dialog.working)
        turn(200)
        if before is not None:
            before(dialog)
            until(lambda: not dialog.working)
            turn(200)
        dialog.accept()
        until(lambda: not dialog.working)
        return dialog.result()

    # The reference: the longest gap while the window does nothing at all, over as long as a
    # typical operation takes. On a loaded machine it is far above 10 ms, and it says how much
    # of each figure below is the machine rather than Steady. Printed, never judged.
    heart.reset()
    turn(3000)
    reference = heart.worst()

    said: list[str] = []
    window.show_status = lambda text: said.append(text)  # type: ignore[method-assign]

    C.FileChooser.open_calendar = classmethod(lambda cls, parent: str(ics))
    C.ImportCalendarDialog.exec = lambda self: through_preview(self, lambda d: d.set_kind("school"))
    measure("calendar-import", window.import_calendar)

    M.MeetingFileChooser.open_feed = classmethod(lambda cls, parent: str(feed))
    M.MeetingImportDialog.exec = lambda self: through_preview(self, lambda d: d.choose_all_shown())
    measure("meeting-import", window.import_meetings)

    T.TransferFileChooser.open_export = classmethod(lambda cls, parent: str(export))
    T.ImportExportDialog.exec = lambda self: through_preview(self)
    measure("steady-import", window.import_steady_export)

    T.TransferFileChooser.save_json = classmethod(lambda cls, parent, suggested: str(out / "all.json"))
    measure("json-export", window.export_json)
    T.TransferFileChooser.choose_csv_folder = classmethod(lambda cls, parent: str(out / "csv"))
    measure("csv-export", window.export_csv)
    C.FileChooser.save_calendar = classmethod(lambda cls, parent, suggested: str(out / "schedule.ics"))
    measure("ics-export", window.export_calendar)

    def report(kind: str) -> Callable[[], None]:
        def run() -> None:
            R.ReportFileChooser.save_pdf = classmethod(lambda cls, parent, suggested: str(out / f"{kind}.pdf"))

            def press_save(dialog) -> int:
                dialog.show()
                dialog.set_kind(kind)
                dialog.save_button.click()
                until(lambda: not dialog.saving)
                return dialog.result()

            R.ReportDialog.exec = press_save
            window.show_reports()
        return run

    measure("counselor-report", report("counselor"))
    measure("attendance-report", report("attendance"))

    measure("backup", window.back_up_now)

    BD.BackupFileChooser.save_copy = classmethod(lambda cls, parent, suggested: str(out / "copy.db"))

    def in_backups_dialog(action: Callable[[object], None]) -> Callable[[], None]:
        def run() -> None:
            def act(dialog) -> int:
                dialog.show()
                until(lambda: not dialog.listing)  # a person chooses from the list once it shows
                turn(200)
                action(dialog)
                until(lambda: not dialog._jobs)
                return dialog.result()

            BD.BackupsDialog.exec = act
            window.show_backups()
        return run

    measure("save-copy", in_backups_dialog(lambda d: d.save_copy()))
    BD.RestoreConfirmDialog.confirm = classmethod(lambda cls, plan, parent: True)
    measure("restore", in_backups_dialog(lambda d: d.restore_path(d._infos[0].path)))

    def typing() -> None:
        window.show_page_titled("Coping skills")
        turn(300)
        view = window.current_view()
        view.focus_search()
        box = view.filters.search if hasattr(view, "filters") else None
        if box is None:
            from PySide6.QtWidgets import QLineEdit

            box = next(w for w in view.findChildren(QLineEdit) if w.placeholderText().startswith("Search"))
        turn(500)  # the search texts are built after the page has painted
        heart.reset()
        for ch in "walked past":
            QTest.keyClick(box, ch)
            turn(60)
        for _ in range(4):
            QTest.keyClick(box, "\b")
            turn(60)

    if not args.only or "search-typing" in args.only.split(","):
        typing()
        results.append(("search-typing", heart.worst(), TYPING_LIMIT_MS))

    close(save=False)
    print(f"max-stall-ms idle-reference {reference:.0f}", flush=True)
    failed = False
    for name, worst, limit in results:
        print(f"max-stall-ms {name} {worst:.0f}", flush=True)
        failed |= worst > limit
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
