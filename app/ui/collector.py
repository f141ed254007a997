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
free a widget off its thread), when all three hold:

- as many young collections have happened as Python would have waited for (its own pace);
- nobody has pressed a key, clicked, scrolled or typed for `IDLE_MS`;
- no background work is running (`busy()`; app.ui.background also freezes the existing
  objects while work runs, so they are not walked then either).

So the same garbage is freed, at moments nobody waits for. `uninstall()` gives Python back its
own pace (the tests, which build many windows in one process, never install it).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

IDLE_MS = 1500  # no input for this long: the person is reading, not acting
CHECK_MS = 2000  # how often the collector looks whether a full collection is due
# Python's own full collections, off: the count of young collections that would set one off.
NO_FULL_COLLECTION = 1_000_000

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.InputMethod,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.Shortcut,
})


class IdleCollector(QObject):
    def __init__(self, application: QCoreApplication, busy: Callable[[], bool]):
        super().__init__(application)
        self.application = application
        self.busy = busy
        self.pace = gc.get_threshold()[2] or 10  # young (generation 1) collections per full one
        self.last_input = time.monotonic()
        self.collections = 0
        self.longest_ms = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        first, second, _third = gc.get_threshold()
        gc.set_threshold(first, second, NO_FULL_COLLECTION)
        self.application.installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.application.removeEventFilter(self)
        first, second, _third = gc.get_threshold()
        gc.set_threshold(first, second, self.pace)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def due(self) -> bool:
        """A full collection is due (by Python's own pace) and nobody would wait for it."""
        return (gc.get_count()[2] >= self.pace
                and (time.monotonic() - self.last_input) * 1000 >= IDLE_MS
                and not self.busy())

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


__all__ = ["CHECK_MS", "IDLE_MS", "IdleCollector", "NO_FULL_COLLECTION", "install", "uninstall"]
