"""Slow work off the window's thread, its result or error back on it.

In the spirit of Anki's `QueryOp`/`CollectionOp` (qt/aqt/operations): the window hands a
function to a `Runner`; the function runs on the runner's worker thread while the event
loop keeps turning (the window paints, types, scrolls), and its result, or its error as one
calm sentence, comes back to the window's thread through a queued signal. One worker per
runner, so two jobs never race each other over the data file.

    window.runner.run(lambda task: own_export(task, path), label=_("Exporting your data…"),
                      on_done=self.exported, on_failed=self.show_problem, show_in=window)

The work function gets a `Task`: `task.step(done, total, text)` moves a progress bar,
`task.cancelled` / `task.check()` look for Cancel, and `task.no_turning_back()` marks the
moment after which cancelling is no longer safe (a file is being written, a transaction is
committing): Cancel is then greyed out and the result is delivered whatever happens.

SQLite's rule: a connection belongs to the thread that made it. Work never touches the
window's services' store; it opens its own (`app.services.threads.OwnConnection`) or works
on plain data handed to it.

Progress shows where the job is started from (`show_in`): a main window gets a quiet bar
with the job's name (and Cancel, where safe) in its status bar; a dialog gets a small
progress box of its own after half a second, so quick jobs never flash one.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
import weakref
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QProgressBar, QProgressDialog, QPushButton, QWidget

from app.domain.errors import SteadyError
from app.domain.i18n import _
from app.services.threads import OwnConnection
from app.ui.widgets.listening import NEXT_TURN_MS

# A progress box for a dialog's job appears only if the job is still running after this long.
DIALOG_PROGRESS_AFTER_MS = 500
_RUNNERS: weakref.WeakSet[Runner] = weakref.WeakSet()


class Cancelled(Exception):
    """The person pressed Cancel, and the work stopped at a safe point (nothing was written)."""


class Task:
    """What a work function is handed on the worker thread. Thread-safe."""

    def __init__(self, job: Job):
        self._relay = job._relay
        self._lock = threading.Lock()
        self._cancelled = False
        self._committed = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        """Raise Cancelled if Cancel was pressed (call it between steps)."""
        if self._cancelled:
            raise Cancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Say how far the work is (`total` 0: "busy", no count). Also a point to stop at."""
        self._relay.progressed.emit(int(done), int(total), text)
        self.check()

    def no_turning_back(self) -> None:
        """From here on the work finishes even if Cancel is pressed (it has begun to write).
        Raises Cancelled if Cancel came first."""
        with self._lock:
            if self._cancelled:
                raise Cancelled()
            self._committed = True
        self._relay.committed.emit()

    def _cancel(self) -> bool:
        """From the window's thread: True if the work will stop (or its result be dropped)."""
        with self._lock:
            if self._committed:
                return False
            self._cancelled = True
            return True


class _Relay(QObject):
    """Lives on the window's thread; the worker emits these, so they arrive queued."""

    ended = Signal(object)  # (ok: bool, value: result or exception)
    progressed = Signal(int, int, str)
    committed = Signal()


class _Work(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.setAutoDelete(False)  # the job holds it until it ends

    def run(self) -> None:
        job = self.job
        try:
            value = job._work(job.task)
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the window's thread
            job._relay.ended.emit((False, exc))
        else:
            job._relay.ended.emit((True, value))


class Job(QObject):
    """One piece of work handed to a Runner. Its callbacks and signals run on the window's thread.

    `done(result)`, `failed(sentence)` and `cancelled()` say how it ended (exactly one of
    them), then `ended()`."""

    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()

    def __init__(self, runner: Runner, work: Callable[[Task], Any], *, label: str,
                 on_done: Callable[[Any], None] | None, on_failed: Callable[[str], None] | None,
                 on_cancelled: Callable[[], None] | None, cancellable: bool):
        super().__init__(runner)
        self.runner = runner
        self._work = work
        self.label = label
        self.cancellable = cancellable
        self._on_done, self._on_failed, self._on_cancelled = on_done, on_failed, on_cancelled
        self._relay = _Relay(self)
        self._relay.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._relay.committed.connect(self._committed, Qt.ConnectionType.QueuedConnection)
        self.task = Task(self)
        self._runnable = _Work(self)
        self.running = False
        self.cancel_requested = False
        self.progress_text = label
        self.progress_done = 0
        self.progress_total = 0
        self.started_at = 0.0
        self._view: _ProgressView | None = None

    # --- from the window's thread ---------------------------------------------------------------

    def cancel(self) -> bool:
        """Ask the work to stop. True if it will end as cancelled (nothing more happens);
        False if it is past the point of no return, or cannot be cancelled."""
        if not self.running or not self.cancellable or self.cancel_requested:
            return self.cancel_requested
        if not self.task._cancel():
            return False
        self.cancel_requested = True
        view, self._view = self._view, None
        if view is not None:
            with contextlib.suppress(RuntimeError):
                view.close()
        return True

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress_done, self.progress_total = done, total
        if text:
            self.progress_text = text
        if self._view is not None:
            self._view.show_progress(self)

    def _committed(self) -> None:
        self.cancellable = False
        if self._view is not None:
            self._view.show_progress(self)

    def _ended(self, outcome: tuple[bool, Any]) -> None:
        ok, value = outcome
        self.running = False
        # The runner is free before the callbacks run: one may open a dialog (exec) that
        # starts the next job, and the window's actions come back meanwhile.
        self.runner._forget(self)
        self.runner._after_job()
        view, self._view = self._view, None
        if view is not None:
            with contextlib.suppress(RuntimeError):  # the widget it showed in may be gone already
                view.close()
        try:
            if self.cancel_requested or (not ok and isinstance(value, Cancelled)):
                if self._on_cancelled is not None:
                    self._on_cancelled()
                self.cancelled.emit()
            elif ok:
                if self._on_done is not None:
                    self._on_done(value)
                self.done.emit(value)
            else:
                sentence = failure_sentence(value)
                if self._on_failed is not None:
                    self._on_failed(sentence)
                self.failed.emit(sentence)
        finally:
            self.ended.emit()
            self._runnable = None  # type: ignore[assignment]
            self.deleteLater()


def failure_sentence(exc: BaseException) -> str:
    """What went wrong, as one sentence for the person: the error's own `.message` (every
    error Steady raises on purpose is a SteadyError), a file problem in plain words, or, for a
    problem nobody expected, a calm sentence with where the details were written down."""
    if isinstance(exc, SteadyError) and exc.message:
        return exc.message
    if isinstance(exc, OSError):
        reason = (exc.strerror or str(exc)).rstrip(".")
        if getattr(exc, "filename", None):
            return _("The file could not be read or written ({path}): {reason}.").format(path=exc.filename,
                                                                                          reason=reason)
        return _("The file could not be read or written: {reason}.").format(reason=reason)
    from app.ui.unexpected import record_unexpected, unexpected_sentence

    return unexpected_sentence(record_unexpected(type(exc), exc, exc.__traceback__))


class Runner(QObject):
    """Runs jobs one after another on one worker thread of its own.

    `busy_changed(bool)` says when the first job starts and the last one ends, so a window
    can grey out what would conflict with it."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: list[Job] = []
        self._delivering = 0  # results whose "what changed" is still being told, a kind a turn
        self._froze = False
        _RUNNERS.add(self)

    @staticmethod
    def wait_for_all(timeout_ms: int = -1) -> bool:
        """Turn the event loop until every runner of the application is idle (tests, quitting)."""
        deadline = time.perf_counter() + timeout_ms / 1000 if timeout_ms >= 0 else None
        while True:
            busy = [r for r in list(_RUNNERS) if r.busy]
            if not busy:
                return True
            left = -1 if deadline is None else int((deadline - time.perf_counter()) * 1000)
            if deadline is not None and left <= 0:
                return False
            busy[0].wait(left)

    @property
    def busy(self) -> bool:
        return bool(self._jobs) or self._delivering > 0

    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def run(self, work: Callable[[Task], Any], *, label: str = "",
            on_done: Callable[[Any], None] | None = None, on_failed: Callable[[str], None] | None = None,
            on_cancelled: Callable[[], None] | None = None, cancellable: bool = False,
            show_in: QWidget | None = None) -> Job:
        """Start `work(task)` on the worker (after any job already queued). `label` ("Exporting
        your data…") names it where its progress shows (`show_in`: a main window's status bar
        or, for a dialog, a progress box; "Working…" when not given). Returns the Job."""
        job = Job(self, work, label=label or _("Working…"), on_done=on_done, on_failed=on_failed, on_cancelled=on_cancelled,
                  cancellable=cancellable)
        was_busy = bool(self._jobs)
        self._jobs.append(job)
        job.running = True
        job.started_at = time.perf_counter()
        if show_in is not None:
            job._view = _progress_view_for(show_in, job)
        if not self._froze:
            _hold_still(True)
            self._froze = True
        self._pool.start(job._runnable)
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    def run_with(self, service: Any, work: Callable[[OwnConnection, Task], Any], *, writes: bool = False,
                 on_done: Callable[[Any], None] | None = None, **options: Any) -> Job:
        """Run `work(own, task)` with `own` the services over a connection of the worker's own
        to the data file of `service` (one of the window's services), read-only unless
        `writes`. After a write, the window's listeners hear what changed (on this thread)
        before `on_done(result)`. `options` are run()'s."""
        def job(task: Task) -> tuple[Any, tuple[str, ...]]:
            with OwnConnection.like(service, read_only=not writes) as own:
                value = work(own, task)
                return value, tuple(own.changed)

        def done(outcome: tuple[Any, tuple[str, ...]]) -> None:
            value, changed = outcome
            # The worker's own services ran the write hooks (milestones); the window's pages
            # only need to hear what changed.
            records = getattr(service, "records", None)
            notify = getattr(records, "notify_listeners", None)
            kinds = list(changed) if callable(notify) else []
            if not kinds or notify is None:  # (no kinds when there is no notify)
                if on_done is not None:
                    on_done(value)
                return
            # Told together: each page on screen refreshes once for all the kinds, one page
            # per turn of the event loop (an import of every kind would otherwise refresh
            # the pages once per kind).
            from app.ui.widgets import listening

            self._delivering += 1

            def finish() -> None:
                self._delivering -= 1
                try:
                    if on_done is not None:
                        on_done(value)
                finally:
                    self._after_job()

            with listening.coalesced():
                for kind in kinds:
                    notify(kind)
            listening.when_refreshed(finish)

        return self.run(job, on_done=done, **options)

    def later(self, then: Callable[[], None]) -> None:
        """Run `then` on a later turn of the event loop, the runner busy until it has: what a
        job's result sets off on the window's thread, done in parts so the window turns in
        between (a restore reopens the data in one turn and builds the page in the next)."""
        self._delivering += 1

        def run() -> None:
            self._delivering -= 1
            try:
                then()
            finally:
                self._after_job()

        QTimer.singleShot(NEXT_TURN_MS, run)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Turn the event loop (never block it) until every job has ended and its result has
        been handed over; False on timeout."""
        deadline = None if timeout_ms < 0 else time.perf_counter() + timeout_ms / 1000
        loop = QEventLoop()
        self.busy_changed.connect(loop.quit)
        try:
            while self.busy:
                if deadline is not None and time.perf_counter() >= deadline:
                    return False
                QTimer.singleShot(20, loop.quit)  # look again now and then, whatever arrives
                loop.exec()
        finally:
            self.busy_changed.disconnect(loop.quit)
        return True

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    def _after_job(self) -> None:
        if not self.busy:
            if self._froze:
                self._froze = False
                _hold_still(False)
            self.busy_changed.emit(False)


_frozen_by = 0
_thresholds = gc.get_threshold()
_switch_interval = sys.getswitchinterval()
# How long a worker running Python may keep the interpreter lock once the window asks for it.
BUSY_SWITCH_INTERVAL_S = 0.001
# No full collection while work runs (the count of young collections that sets one off).
NO_FULL_COLLECTION = 1_000_000


def _hold_still(busy: bool) -> None:
    """Python's cyclic garbage collector, while work runs. It holds the interpreter lock while
    it walks objects, and the window cannot turn meanwhile.

    - The objects that already exist (the window, its pages, five years of records) are frozen:
      left out of every walk until the last job has ended.
    - No full collection runs meanwhile: one set off by the worker's allocations walks all it
      has made so far (a calendar of 5,000 events as icalendar objects), 100-250 ms.
    - Young collections go on, a little at a time: what the work makes and drops again (the
      counselor report's chart figures) is freed as it goes, not left to one long collection
      on the window's thread when the job ends (stopping the collector for the whole job did
      that: 60-80 ms of the window's time when the report arrived).
    - No full collection is started on the worker when the work ends: a collection there can
      free the window's Qt objects made meanwhile (not frozen) off the window's thread, and a
      widget destroyed off its thread can crash the process.

    And Python's switch interval, while work runs: the window's thread hands every event of
    a widget written in Python to Python, and waits for the lock each time; a worker running
    Python lets go of it only when asked and the interval has passed (5 ms by default). A
    screen update that hands a few dozen events to Python then waited hundreds of
    milliseconds. With 1 ms the window gets the lock back five times sooner (the counselor
    report's longest stall went from 98-111 ms to 44-45 ms, tests/benchmarks/responsiveness.py);
    the worker loses little to the extra switches, and the default comes back when the last
    job has ended."""
    global _frozen_by, _thresholds, _switch_interval
    if busy:
        _frozen_by += 1
        if _frozen_by == 1:
            gc.freeze()
            _thresholds = gc.get_threshold()
            gc.set_threshold(_thresholds[0], _thresholds[1], NO_FULL_COLLECTION)
            _switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_interval, BUSY_SWITCH_INTERVAL_S))
    else:
        _frozen_by = max(0, _frozen_by - 1)
        if _frozen_by == 0:
            gc.set_threshold(*_thresholds)
            gc.unfreeze()
            sys.setswitchinterval(_switch_interval)


def runner_for(widget: QObject | None) -> Runner:
    """The runner of the window `widget` is in (a main window has one as `runner`), or one for
    the whole application when it is in none (a dialog opened on its own, as tests do)."""
    node = widget
    while node is not None:
        runner = getattr(node, "runner", None)
        if isinstance(runner, Runner):
            return runner
        node = node.parent()
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the background runner needs a QApplication")
    runner = getattr(app, "_steady_runner", None)
    if not isinstance(runner, Runner):
        runner = Runner(app)
        app._steady_runner = runner  # type: ignore[attr-defined]
    return runner


# --- showing progress -----------------------------------------------------------------------------


class _ProgressView:
    def show_progress(self, job: Job) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def _progress_view_for(widget: QWidget, job: Job) -> _ProgressView:
    if isinstance(widget, QMainWindow):
        bar = widget.findChild(StatusProgress, "background_progress")
        if bar is None:
            bar = StatusProgress(widget)
            # Permanent (left of the data file's place): a status message never covers it.
            widget.statusBar().insertPermanentWidget(0, bar)
        return bar.take(job)
    return _DialogProgress(widget, job)


class StatusProgress(QWidget):
    """A main window's status-bar progress: the job's name, a bar, and Cancel where safe."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("background_progress")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setAccessibleName(_("Working on"))
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(_("Progress"))
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel what Steady is working on"))
        self.cancel_button.clicked.connect(self._cancel)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        self.job: Job | None = None
        self.hide()

    def take(self, job: Job) -> _ProgressView:
        view = _StatusView(self, job)
        self.job = job
        self.show_progress(job)
        self.show()
        return view

    def show_progress(self, job: Job) -> None:
        if job is not self.job:
            return
        self.label.setText(job.progress_text)
        self.bar.setRange(0, max(0, job.progress_total))
        self.bar.setValue(min(job.progress_done, job.progress_total) if job.progress_total else 0)
        self.cancel_button.setVisible(job.cancellable)

    def release(self, job: Job) -> None:
        if job is not self.job:
            return
        self.job = None
        self.hide()

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()


class _StatusView(_ProgressView):
    def __init__(self, bar: StatusProgress, job: Job):
        self.bar, self.job = bar, job

    def show_progress(self, job: Job) -> None:
        self.bar.show_progress(job)

    def close(self) -> None:
        self.bar.release(self.job)


class _DialogProgress(_ProgressView):
    """A progress box over a dialog, made only once the job has taken half a second (so a
    quick job never creates one, nor moves the dialog's focus)."""

    def __init__(self, parent: QWidget, job: Job):
        self.job = job
        self.parent = parent
        self.box: QProgressDialog | None = None
        self._cancel_button: QPushButton | None = None
        self.timer = QTimer(parent)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._appear)
        self.timer.start(DIALOG_PROGRESS_AFTER_MS)

    def _appear(self) -> None:
        box = self.box = QProgressDialog(self.job.label, _("Cancel"), 0, 0, self.parent)
        box.setWindowTitle("Steady")
        box.setAccessibleName(self.job.label)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAutoClose(False)
        box.setAutoReset(False)
        box.setMinimumDuration(0)
        box.canceled.connect(self._cancel)
        self.show_progress(self.job)
        box.show()

    def show_progress(self, job: Job) -> None:
        box = self.box
        if box is None:
            return
        box.setLabelText(job.progress_text)
        if job.cancellable:
            if self._cancel_button is None:
                self._cancel_button = QPushButton(_("Cancel"), box)
                self._cancel_button.setAccessibleName(_("Cancel"))
                box.setCancelButton(self._cancel_button)
        else:
            box.setCancelButton(None)  # type: ignore[arg-type]
            self._cancel_button = None
        box.setRange(0, max(0, job.progress_total))
        box.setValue(min(job.progress_done, job.progress_total) if job.progress_total else 0)

    def _cancel(self) -> None:
        self.job.cancel()

    def close(self) -> None:
        self.timer.stop()
        self.timer.deleteLater()
        box, self.box = self.box, None
        if box is not None:
            box.canceled.disconnect(self._cancel)
            box.hide()
            box.deleteLater()


__all__ = ["Cancelled", "Job", "Runner", "StatusProgress", "Task", "failure_sentence", "runner_for"]
