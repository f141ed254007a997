"""Composition root of the desktop app: Qt application, single-instance lock, store, services, window."""

from __future__ import annotations

import sys
import time

# Taken as early as this module is imported, so first-paint time includes the Qt imports.
IMPORTED_AT = time.perf_counter()

import pathlib  # noqa: E402

from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from app.services.records import RecordService  # noqa: E402
from app.services.today import TodayService  # noqa: E402
from app.storage.errors import StoreError  # noqa: E402
from app.storage.store import ensure_private_dir, open_store  # noqa: E402
from app.ui.errors import register_store_errors  # noqa: E402
from app.ui.main_window import MainWindow, apply_app_identity  # noqa: E402

EXIT_OK = 0
EXIT_CANNOT_OPEN = 4
LOCK_FILE_NAME = "steady.lock"
# If no paint arrives (a broken platform plugin), report anyway rather than hang a smoke test.
_SMOKE_FALLBACK_MS = 10_000

register_store_errors(StoreError)


def already_open_message(data_dir: pathlib.Path) -> str:
    return (f"Steady is already open on this data folder ({data_dir}). "
            "Switch to that window; only one window may change your data at a time.")


class FirstPaintProbe(QObject):
    """Prints `first-paint-ms N` once the window has painted, then quits the event loop."""

    def __init__(self, application: QApplication, started_at: float):
        super().__init__()
        self.application = application
        self.started_at = started_at
        self.reported = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Paint and not self.reported:
            # Report after the paint has finished, on the next turn of the event loop.
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        if self.reported:
            return
        self.reported = True
        ms = (time.perf_counter() - self.started_at) * 1000
        print(f"first-paint-ms {ms:.0f}", flush=True)
        self.application.quit()


def _tell(smoke: bool, title: str, message: str) -> None:
    if smoke:
        print(message, file=sys.stderr, flush=True)
    else:
        QMessageBox.critical(None, title, message)


def _take_lock(data_dir: pathlib.Path) -> tuple[QLockFile | None, str]:
    lock = QLockFile(str(data_dir / LOCK_FILE_NAME))
    # The lock is held for the whole session, so it must never count as stale just for being
    # old; a lock left by a crash is still recovered, because its process no longer exists.
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        lock.removeStaleLockFile()
        if not lock.tryLock(100):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return None, already_open_message(data_dir)
            return None, (f"Steady cannot create its lock file in {data_dir}; "
                          "check that you may write to that folder, or choose another with --data-dir.")
    return lock, ""


def build_main_window(data_dir: pathlib.Path):
    """Open the store in `data_dir` and build the window over it. Returns (window, close);
    `close()` unsubscribes the window, closes it and closes the store. Raises StoreError.
    Needs a QApplication. Does not take the single-instance lock (run_gui does)."""
    store = open_store(pathlib.Path(data_dir))
    try:
        records = RecordService(store)
        window = MainWindow(records, TodayService(store, records.clock), store.path)
    except BaseException:
        store.close()
        raise

    def close(save: bool = True) -> None:
        if save:
            window.save_settings()
        window.detach()
        window.hide()
        window.deleteLater()
        store.close()

    return window, close


def run_gui(data_dir: pathlib.Path, *, smoke: bool = False, argv: list[str] | None = None,
            started_at: float | None = None) -> int:
    started_at = IMPORTED_AT if started_at is None else started_at
    data_dir = pathlib.Path(data_dir)
    application = QApplication.instance()
    if application is None:
        application = QApplication(argv if argv is not None else sys.argv[:1])
        apply_app_identity(application)

    try:
        ensure_private_dir(data_dir)
    except StoreError as exc:
        _tell(smoke, "Steady cannot start", exc.message)
        return EXIT_CANNOT_OPEN
    lock, problem = _take_lock(data_dir)
    if lock is None:
        _tell(smoke, "Steady is already open", problem)
        return EXIT_CANNOT_OPEN

    close = None
    try:
        try:
            window, close = build_main_window(data_dir)
        except StoreError as exc:
            _tell(smoke, "Steady cannot open your data", exc.message)
            return EXIT_CANNOT_OPEN
        probe = None
        if smoke:
            probe = FirstPaintProbe(application, started_at)
            window.installEventFilter(probe)
            QTimer.singleShot(_SMOKE_FALLBACK_MS, probe.report)
        window.show()
        code = application.exec()
        if probe is not None:
            window.removeEventFilter(probe)
        return EXIT_OK if smoke else int(code)
    finally:
        if close is not None:
            # Closing the window already saved its place; a smoke run leaves settings alone.
            close(save=False)
        lock.unlock()
