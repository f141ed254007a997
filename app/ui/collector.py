"""Python's cyclic garbage collector on the window's terms: full collections only while the
person is not using the window.

A full collection walks every object Python tracks — with five years of records loaded, the
pages and a report's chart figures, 90–170 ms with the interpreter lock held — and Python starts
one whenever enough young collections have happened, in whichever thread is allocating at
that moment: in the middle of opening a report, or right after an import, the window then
stops turning for that long (tests/benchmarks/responsiveness.py measured 136–212 ms stalls,
all of them one full collection). Young collections are short (a few ms) and stay automatic.

`install(application, busy)` (the app does it at start-up, app.main) turns off Python's own
full collections and runs them itself, on the window's thread (a collection elsewhere could
free a widget off its thread), from a timer, when both hold:

- as many young collections have happened as Python would have waited for (its own pace);
- no background work is running or has just handed over its result (`busy()`, and `QUIET_MS`
  since it last was): an import, an export, a report or a restore and the refresh after it
  are never interrupted (app.ui.background also freezes the existing objects while work runs,
  so they are not walked then either).

So the same garbage is freed, between operations rather than inside them. It does not watch
the keyboard and mouse: an application-wide event filter written in Python makes every event
of the window (timers, paints, not only input) wait for Python's interpreter lock, which a
busy worker holds, and that slowed the window more than it saved. `uninstall()` gives Python
back its own pace (the tests, which build many windows in one process, never install it).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

QUIET_MS = 1500  # after background work has ended and its result has been shown
CHECK_MS = 1000  # how often the collector looks whether a full collection is due
# Python's own full collections, off: the count of young collections that would set one off.
NO_FULL_COLLECTION = 1_000_000


class IdleCollector(QObject):
    def __init__(self, application: QCoreApplication, busy: Callable[[], bool]):
        super().__init__(application)
        self.application = application
        self.busy = busy
        self.pace = gc.get_threshold()[2] or 10  # young (generation 1) collections per full one
        self.last_busy = time.monotonic()
        self.collections = 0
        self.longest_ms = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        first, second, _third = gc.get_threshold()
        gc.set_threshold(first, second, NO_FULL_COLLECTION)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        first, second, _third = gc.get_threshold()
        gc.set_threshold(first, second, self.pace)

    def due(self) -> bool:
        """A full collection is due (by Python's own pace) and no operation would wait for it."""
        if self.busy():
            self.last_busy = time.monotonic()
            return False
        return gc.get_count()[2] >= self.pace and (time.monotonic() - self.last_busy) * 1000 >= QUIET_MS

    def collect_if_due(self) -> bool:
        if not self.due():
            return False
        started = time.perf_counter()
        gc.collect()
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - started) * 1000)
        self.collections += 1
        return True


_installed: IdleCollector | None = None


def install(application: QCoreApplication, busy: Callable[[], bool]) -> IdleCollector:
    """Full collections from now on only while the window is idle (see the module's docstring)."""
    global _installed
    uninstall()
    _installed = IdleCollector(application, busy)
    _installed.start()
    return _installed


def uninstall() -> None:
    global _installed
    if _installed is not None:
        _installed.stop()
        _installed.deleteLater()
        _installed = None


__all__ = ["CHECK_MS", "QUIET_MS", "IdleCollector", "NO_FULL_COLLECTION", "install", "uninstall"]
