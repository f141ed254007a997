"""The background runner: work on a worker thread, result and errors back on the window's
thread, the event loop turning meanwhile, Cancel, and closing the window during a job."""

import sys
import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from app.services.errors import StoreError, ValidationError
from app.ui import messages, unexpected
from app.ui.background import Cancelled, Runner, StatusProgress, failure_sentence


@pytest.fixture
def runner(qtbot):
    r = Runner()
    yield r
    r.cancel_all()
    r.wait(10_000)
    r.deleteLater()


def test_result_arrives_on_the_gui_thread(qtbot, runner):
    seen = {}

    def work(task):
        seen["work_thread"] = QThread.currentThread()
        return 6 * 7

    def done(value):
        seen["value"] = value
        seen["done_thread"] = QThread.currentThread()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        job = runner.run(work, on_done=done)
        assert runner.busy and job.running
    assert seen["value"] == 42
    gui = QApplication.instance().thread()
    assert seen["done_thread"] is gui
    assert seen["work_thread"] is not gui
    assert not runner.busy


def test_an_error_arrives_as_one_sentence(qtbot, runner):
    failures = []

    def work(task):
        raise ValidationError("file", "The calendar file holds no events (VEVENT) to import.")

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        runner.run(work, on_done=lambda v: failures.append(("done", v)), on_failed=failures.append)
    assert failures == ["The calendar file holds no events (VEVENT) to import."]


def test_sentences_for_store_file_and_unexpected_errors(tmp_path, monkeypatch):
    assert failure_sentence(StoreError("The disk holding x is full; free some space and try again.")) \
        == "The disk holding x is full; free some space and try again."
    missing = FileNotFoundError(2, "No such file or directory", "/nowhere/a.ics")
    assert failure_sentence(missing) == \
        "The file could not be read or written (/nowhere/a.ics): No such file or directory."
    monkeypatch.setattr(unexpected, "_data_dir", tmp_path)
    try:
        {}["secret diary words"]
    except KeyError as exc:
        sentence = failure_sentence(exc)
    log = tmp_path / "logs" / "steady-error.log"
    assert str(log) in sentence and "did not expect" in sentence
    text = log.read_text()
    assert "KeyError" in text and "test_background.py:" in text
    assert "secret diary words" not in text  # a type and a place, never a value


def test_event_loop_keeps_turning_while_work_sleeps(qtbot, runner):
    beats = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    release = threading.Event()

    def work(task):
        release.wait(5)  # a slow read, holding no lock the window needs
        return "read"

    results = []
    heartbeat.start()
    runner.run(work, on_done=results.append)
    qtbot.waitUntil(lambda: len(beats) >= 20, timeout=5_000)  # twenty beats while the work runs
    assert runner.busy and not results
    release.set()
    qtbot.waitUntil(lambda: results == ["read"], timeout=5_000)
    heartbeat.stop()
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    assert max(gaps) < 1.0


def test_progress_steps_and_cancel_in_a_main_window(qtbot, runner):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    stopped = []

    def work(task):
        for i in range(1000):
            task.step(i, 1000, "Reading the calendar…")
            if i == 3:
                release.wait(5)
        return "finished"

    outcomes = []
    job = runner.run(work, label="Reading the calendar…", cancellable=True, show_in=window,
                     on_done=outcomes.append, on_cancelled=lambda: stopped.append(True))
    bar = window.findChild(StatusProgress, "background_progress")
    qtbot.waitUntil(lambda: bar.bar.maximum() == 1000, timeout=5_000)
    assert bar.isVisible() and bar.label.text() == "Reading the calendar…"
    assert bar.cancel_button.isVisible()
    bar.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert stopped == [True] and outcomes == []
    assert not bar.isVisible()
    assert job.cancel_requested


def test_no_cancel_after_the_point_of_no_return(qtbot, runner):
    writing = threading.Event()
    release = threading.Event()

    def work(task):
        task.no_turning_back()
        writing.set()
        release.wait(5)
        return "written"

    outcomes = []
    job = runner.run(work, cancellable=True, on_done=outcomes.append, on_cancelled=lambda: outcomes.append("x"))
    qtbot.waitUntil(lambda: writing.is_set() and not job.cancellable, timeout=5_000)
    assert job.cancel() is False
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert outcomes == ["written"]


def test_work_that_stops_at_a_check_ends_cancelled(qtbot, runner):
    started = threading.Event()
    go_on = threading.Event()

    def work(task):
        started.set()
        go_on.wait(5)
        task.check()
        return "should not arrive"

    outcomes = []
    job = runner.run(work, cancellable=True, on_done=outcomes.append, on_failed=outcomes.append,
                     on_cancelled=lambda: outcomes.append("cancelled"))
    qtbot.waitUntil(started.is_set, timeout=5_000)
    assert job.cancel() is True
    go_on.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert outcomes == ["cancelled"]
    with pytest.raises(Cancelled):
        raise Cancelled()


def test_jobs_run_one_after_another(qtbot, runner):
    order = []
    lock = threading.Lock()

    def work(name):
        def run(task):
            with lock:
                order.append(f"{name} start")
            time.sleep(0.02)
            with lock:
                order.append(f"{name} end")
            return name
        return run

    done = []
    for name in ("first", "second"):
        runner.run(work(name), on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5_000)
    assert order == ["first start", "first end", "second start", "second end"]
    assert done == ["first", "second"]


def test_wait_turns_the_event_loop_until_idle(qtbot, runner):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    runner.run(lambda task: time.sleep(0.2))
    assert runner.wait(5_000) is True
    timer.stop()
    assert not runner.busy and ticks


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_told(qtbot, tmp_path, monkeypatch):
    window = QMainWindow()
    qtbot.addWidget(window)
    told = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, sentence: told.append((parent, sentence)))
    button = QPushButton("Do it", window)

    def broken_slot():
        {"craving": 7}["the private words someone typed"]

    button.clicked.connect(broken_slot)
    unexpected.install(window, tmp_path)
    try:
        assert sys.excepthook is unexpected._hook
        button.click()
    finally:
        unexpected.uninstall()
    assert sys.excepthook is not unexpected._hook
    log = tmp_path / "logs" / "steady-error.log"
    text = log.read_text()
    assert "KeyError" in text and "in broken_slot" in text and "test_background.py" in text
    assert "private words" not in text and "craving" not in text
    assert (log.stat().st_mode & 0o777) == 0o600
    assert len(told) == 1
    parent, sentence = told[0]
    assert parent is window
    assert str(log) in sentence and "did not expect" in sentence and "Traceback" not in sentence


def test_a_write_on_the_worker_refreshes_each_page_on_screen_once_a_page_a_turn(qtbot, runner, services):
    """What a write on the worker changed is told on the window's thread; each widget on
    screen refreshes once for all the kinds (not once per kind), one widget per turn of the
    event loop, and on_done comes after the refreshes."""
    import datetime as dt

    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from app.domain.records import CheckIn, SupportContact
    from app.services.transfer import TransferService
    from app.ui.widgets.listening import ListensForChanges

    transfer = TransferService(services.store, services.records)
    heard, turns, refreshed = [], [], []
    services.records.subscribe(heard.append)

    class Page(ListensForChanges, QLabel):
        def __init__(self, name, parent):
            super().__init__(parent)
            self.name = name
            self.attach()

        def changes_source(self):
            return services.records

        def refresh(self):
            refreshed.append((self.name, list(turns)))
            QTimer.singleShot(0, lambda: turns.append(self.name))  # fires once the loop turns

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    pages = [Page("contacts", window), Page("everything", window)]
    for page in pages:
        layout.addWidget(page)
    window.show()
    qtbot.waitExposed(window)

    def write(own, task):
        own.records.add(SupportContact(name="Dana", role="sponsor"))
        own.records.add(CheckIn(day=dt.date(2026, 3, 1), mood=4, craving=2))
        return QThread.currentThread()

    done = []
    runner.run_with(transfer, write, writes=True,
                    on_done=lambda thread: done.append((list(heard), list(refreshed), thread)),
                    on_failed=lambda sentence: done.append(sentence))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert isinstance(done[0], tuple), done[0]
    kinds, refreshes, thread = done[0]
    assert kinds[:2] == ["contact", "checkin"]  # heard before on_done, on this thread
    assert thread is not QApplication.instance().thread()
    assert [name for name, _ in refreshes] == ["contacts", "everything"]  # once each, for two kinds
    assert refreshes[1][1] == ["contacts"]  # the event loop turned between the two pages
    assert [c.name for c in services.store.contacts.list()] == ["Dana"]
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    for page in pages:
        page.detach()


def test_closing_the_window_finishes_a_write_and_cancels_a_read(qtbot, window):
    release = threading.Event()
    reading = threading.Event()
    outcomes = []

    def write(task):
        task.no_turning_back()
        release.wait(5)
        return "written"

    def read(task):
        reading.set()
        while not task.cancelled:
            time.sleep(0.01)
        task.check()

    window.show()
    window.runner.run(write, label="Exporting your data…", show_in=window, on_done=outcomes.append)
    window.runner.run(read, label="Reading the file…", show_in=window, cancellable=True,
                      on_done=outcomes.append, on_cancelled=lambda: outcomes.append("read cancelled"))
    assert not window.export_json_action.isEnabled()  # one file job at a time
    QTimer.singleShot(200, release.set)  # the write takes a moment; the close waits for it
    window.close()
    assert outcomes == ["written", "read cancelled"] and not window.runner.busy
    assert "Closing once Steady has finished exporting your data" in window.statusBar().currentMessage()


def test_while_work_runs_the_window_gets_pythons_lock_back_within_a_millisecond(qtbot, runner):
    """A worker running Python keeps the lock for up to the switch interval once the window's
    thread asks for it: 1 ms while work runs, Python's own interval again after."""
    from app.ui import background

    before = sys.getswitchinterval()
    assert before > background.BUSY_SWITCH_INTERVAL_S
    seen = []
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        runner.run(lambda task: sys.getswitchinterval(), on_done=seen.append)
    assert seen == [background.BUSY_SWITCH_INTERVAL_S]
    assert sys.getswitchinterval() == before
