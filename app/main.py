"""Composition root of the desktop app: Qt application, single-instance lock, store, services, window."""

from __future__ import annotations

import sys
import time

# Taken as early as this module is imported, so first-paint time includes the Qt imports.
IMPORTED_AT = time.perf_counter()

import pathlib  # noqa: E402

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import APP_ID  # noqa: E402
from app.domain.i18n import _  # noqa: E402
from app.storage import DB_FILE_NAME  # noqa: E402
from app.storage.errors import StoreError  # noqa: E402
from app.storage.paths import ensure_private_dir  # noqa: E402
from app.ui.app_icon import application_icon  # noqa: E402
from app.ui.main_window import MainWindow, apply_app_identity  # noqa: E402
from app.ui.style import install_indicators  # noqa: E402

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_CANNOT_OPEN = 4
LOCK_FILE_NAME = "steady.lock"
# If no paint arrives (a broken platform plugin), report anyway rather than hang a smoke test.
_SMOKE_FALLBACK_MS = 10_000
# A smoke run never hangs: whatever goes wrong, it gives up after this long with exit 1.
_SMOKE_WATCHDOG_MS = 90_000
_NO_PAINT_FALLBACK_MS = 500


def already_open_message(data_dir: pathlib.Path) -> str:
    return _("Steady is already open on this data folder ({folder}). "
             "Switch to that window; only one window may change your data at a time.").format(folder=data_dir)


class FirstPaintProbe(QObject):
    """Runs `then` once the window has painted (and, for --smoke, prints `first-paint-ms N`)."""

    def __init__(self, application: QApplication, started_at: float, then=None, smoke: bool = True):
        super().__init__()
        self.application = application
        self.started_at = started_at
        self.then = then
        self.smoke = smoke
        self.reported = False
        self.watched: QObject | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Paint and not self.reported:
            # Report after the paint has finished, on the next turn of the event loop; then stop
            # watching (a filter in Python makes each of the window's events wait for the
            # interpreter lock, which background work holds).
            self.watched = watched
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        if self.reported:
            return
        self.reported = True
        if self.watched is not None:
            self.watched.removeEventFilter(self)
        if self.smoke:
            ms = (time.perf_counter() - self.started_at) * 1000
            smoke_line(f"first-paint-ms {ms:.0f}")
        if self.then is not None:
            QTimer.singleShot(0, self.then)


def smoke_line(line: str) -> None:
    """One `name-ms N` line of a --smoke run, on stdout. A reader that stopped listening
    (`steady --smoke | head -1`) does not stop the run, which once waited in a broken slot
    for its 90 s watchdog: the rest of its lines go nowhere, as `steady list … | head` does."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, quietly
        finally:
            os.close(devnull)


def _tell(smoke: bool, title: str, message: str) -> None:
    if smoke:
        print(message, file=sys.stderr, flush=True)
    else:
        from app.ui import messages  # only on this path: the first paint does not wait for QMessageBox

        messages.error(None, title, message)


def _take_lock(data_dir: pathlib.Path) -> tuple[QLockFile | None, str]:
    import os

    from app.storage.paths import disk_is_full

    path = data_dir / LOCK_FILE_NAME
    if os.name == "posix":
        os.umask(0o077)  # the lock file, like every file Steady makes, is the user's alone
    lock = QLockFile(str(path))
    # The lock is held for the whole session, so it must never count as stale just for being
    # old; a lock left by a crash is still recovered, because its process no longer exists.
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        lock.removeStaleLockFile()
        if not lock.tryLock(100):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return None, already_open_message(data_dir)
            if disk_is_full(data_dir):
                return None, _("There is no space left on the disk holding {folder}, so Steady cannot start; "
                               "your data is as it was. Free some space (empty the trash, remove large files) "
                               "and open Steady again.").format(folder=data_dir)
            return None, _("Steady cannot create its lock file in {folder}; "
                           "check that you may write to that folder, or choose another with --data-dir.").format(
                               folder=data_dir)
    _private_lock(path)
    return lock, ""


def _private_lock(path: pathlib.Path) -> None:
    """Qt writes the process id, program, host name, machine id and boot id into its lock file.
    Only the first three are needed to tell a lock left by a crash (the process is gone);
    a machine id is an identifier that has no place beside health data. Mode 0600."""
    import contextlib
    import os

    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
        with open(path, "r+b") as fh:
            lines = fh.read().split(b"\n")
            fh.seek(0)
            fh.write(b"\n".join(lines[:3]) + b"\n")
            fh.truncate()


def _attach_data(window: MainWindow, data_dir: pathlib.Path, reopen=None, key=None):
    """Open the store (an encrypted one with its data `key`) and give the window its
    services. Raises StoreError. `reopen(before: bool)` is what the window calls to restore
    a backup (see DataSession)."""
    # Imported here, after the window exists: sqlite-utils and the page modules are the
    # bulk of start-up cost, and the shell window can paint without them.
    from app.services.bundle import build_services
    from app.storage.store import open_store

    store = open_store(data_dir, key=key)
    try:
        services = build_services(store, data_dir=data_dir)
        _seed_skills(services.records)
        services.goals.record_milestones()  # the sober-day marks reached while Steady was closed
        window.attach(services, store.path, reopen=reopen)
    except BaseException:
        store.close()
        raise
    return store


class DataSession:
    """The data file open behind one window. Restoring a backup replaces that file, so the
    window's `reopen(before=True)` lets go of every page and closes the store, and
    `reopen(before=False)` opens the (restored) file again and rebuilds the pages.

    For an encrypted file it is also the window's unlocker (app.ui.lock.Unlocker): `derive`
    turns a passphrase or recovery code into the data key (on the background runner), `open`
    opens the file with it, and `drop` closes the file and wipes the key when Steady locks.
    The key is held here only while the file is open (a restore reopens with it)."""

    def __init__(self, window: MainWindow, data_dir: pathlib.Path):
        self.window = window
        self.data_dir = pathlib.Path(data_dir)
        self.store = None
        self.key = None
        self.after_open = None  # called once, after the first open (app start-up's next steps)
        window.data_session = self

    def open(self, key=None):
        """Raises StoreError. `key`: the data key of an encrypted file (kept for reopening)."""
        if key is not None and key is not self.key:
            self.forget_key()
            self.key = key
        self.store = _attach_data(self.window, self.data_dir, self.reopen, key=self.key)
        then, self.after_open = self.after_open, None
        if then is not None:
            then()
        return self.store

    def reopen(self, before: bool):
        if before:
            self.window.release_data()
            if self.store is not None:
                self.store.close()
                self.store = None
            return None
        return self.open()

    # --- the unlocker of an encrypted file ------------------------------------------------

    def derive(self, secret: str, way: str):
        from app.services.encryption import unlock

        if way == "recovery":
            return unlock(self.data_dir, recovery_code=secret)
        return unlock(self.data_dir, passphrase=secret)

    def drop(self) -> None:
        self.window.release_data(keep_tray=True)
        if self.store is not None:
            self.store.close()
            self.store = None
        self.forget_key()

    def forget_key(self) -> None:
        if self.key is not None:
            self.key.wipe()
            self.key = None

    def close(self) -> None:
        self.window.detach()
        # A step still queued (the first-run offer, a chart) finds no data rather than a closed file.
        self.window.services = None
        if self.store is not None:
            self.store.close()
            self.store = None
        self.forget_key()


def _seed_skills(records) -> None:
    """Add library skills not offered before. A broken install must not keep anyone from their data."""
    from app.services.skill_library import LibraryError, seed_library

    try:
        seed_library(records)
    except LibraryError as exc:
        print(_("Steady could not read its coping-skill library: {problem}").format(problem=exc), file=sys.stderr)


def build_main_window(data_dir: pathlib.Path):
    """Open the store in `data_dir` and build the window over it. Returns (window, close);
    `close()` unsubscribes the window, closes it and closes the store. Raises StoreError.
    Needs a QApplication. Does not take the single-instance lock (run_gui does)."""
    window = MainWindow(data_path=pathlib.Path(data_dir))
    session = DataSession(window, pathlib.Path(data_dir))
    session.open()

    def close(save: bool = True) -> None:
        window.runner.wait()  # work in the background finishes first
        if save:
            window.save_settings()
        window.hide()
        session.close()
        window.deleteLater()

    return window, close


class _Loader(QObject):
    """Opens the data once the window is showing; reports failure as one sentence."""

    def __init__(self, application: QApplication, window: MainWindow, data_dir: pathlib.Path,
                 smoke: bool, started_at: float):
        super().__init__()
        self.application = application
        self.window = window
        self.data_dir = data_dir
        self.smoke = smoke
        self.started_at = started_at
        self.session = DataSession(window, data_dir)
        self.failed = False
        self.chart_error: str | None = None
        self.indicators_pending = False  # app.ui.style.install_indicators() still to do

    @property
    def store(self):
        return self.session.store

    def load(self) -> None:
        if self.indicators_pending:
            self.indicators_pending = False
            install_indicators(self.application)
        if self.store is not None or self.failed:
            return
        if self.window.locker.encrypted:
            self.unlock_for_smoke()
            return  # opened from the unlock screen (DataSession.open), then opened() runs
        try:
            self.session.open()
        except StoreError as exc:
            self.failed = True
            self.window.hide()
            _tell(self.smoke, _("Steady cannot open your data"), exc.message)
            # exit(), not quit(): quit() is refused while a window refuses to close.
            self.application.exit(EXIT_CANNOT_OPEN)
            return
        self.opened()

    def unlock_for_smoke(self) -> None:
        """A smoke run of an encrypted data file: with STEADY_PASSPHRASE it types that on the
        unlock screen (and goes on to the data and charts, measured from that moment);
        without, the unlock screen's first paint is what it checks, and it leaves."""
        if not self.smoke:
            return
        import os

        passphrase = os.environ.get("STEADY_PASSPHRASE")
        if not passphrase:
            self.application.exit(EXIT_OK)
            return
        screen = self.window.locker.screen
        if screen is None:
            self.application.exit(EXIT_UNEXPECTED)
            return
        self.started_at = time.perf_counter()
        print("passphrase-entered", flush=True)
        screen.field.setText(passphrase)
        self.window.locker.unlock_failed.connect(self._smoke_unlock_failed)
        screen.submit()

    def _smoke_unlock_failed(self, sentence: str) -> None:
        self.failed = True
        print(sentence, file=sys.stderr, flush=True)
        self.application.exit(EXIT_CANNOT_OPEN)

    def opened(self) -> None:
        """The data is open and showing: for --smoke print data-ready-ms; then the charts."""
        if self.smoke:
            # Let the page with the data paint, then report.
            self.application.processEvents()
            self.window.repaint()
            ms = (time.perf_counter() - self.started_at) * 1000
            smoke_line(f"data-ready-ms {ms:.0f}")
        # matplotlib (~0.4 s to import) only once the data has painted.
        QTimer.singleShot(0, self.load_charts)

    def load_charts(self) -> None:
        """Let chart slots (the Today page's dashboard chart) load; for --smoke draw them at
        once, print `charts-ready-ms N` (when the window has a chart) and leave."""
        if self.store is None:
            return
        try:
            from app.ui.charts import enable_charts  # Qt only; matplotlib comes with the first chart

            charts = enable_charts(self.window, draw=self.smoke)
        except Exception:  # noqa: BLE001 - charts are extras: the data must stay usable without them
            import traceback

            self.chart_error = traceback.format_exc()
            print(_("Steady could not draw its charts; the rest works. Details: {problem}").format(
                problem=self.chart_error.strip().splitlines()[-1]), file=sys.stderr, flush=True)
            charts = None
        if self.smoke:
            if charts:
                ms = (time.perf_counter() - self.started_at) * 1000
                smoke_line(f"charts-ready-ms {ms:.0f}")
            self.application.exit(EXIT_OK if self.chart_error is None else EXIT_UNEXPECTED)
            return
        QTimer.singleShot(0, self.window.auto_backup)  # once a day, after everything has painted
        QTimer.singleShot(0, self.window.offer_setup)  # the first start of an empty data folder
        # The desktop's screen lock and sleep lock Steady too, where D-Bus says so (app.ui.lock).
        QTimer.singleShot(0, self.window.locker.watch_session)


def run_gui(data_dir: pathlib.Path, *, smoke: bool = False, argv: list[str] | None = None,
            started_at: float | None = None) -> int:
    started_at = IMPORTED_AT if started_at is None else started_at
    data_dir = pathlib.Path(data_dir)
    application = QApplication.instance()
    if application is None:
        # Fusion from the start, but Steady's focus ring and dark check boxes (a proxy style
        # drawing in Python) only right after the first frame, which has neither on a plain
        # start (the sidebar, the title, the page's frame); see _Loader.load.
        application = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "fusion"])
        apply_app_identity(application, indicators=False)
        deferred_indicators = True
        # The window and the tray take the application's icon; the desktop file name ties
        # the window to the installed .desktop entry (Wayland's task bar and docks).
        application.setWindowIcon(application_icon())
        application.setDesktopFileName(APP_ID)
    else:
        deferred_indicators = False

    try:
        ensure_private_dir(data_dir)
    except StoreError as exc:
        _tell(smoke, _("Steady cannot start"), exc.message)
        return EXIT_CANNOT_OPEN
    lock, problem = _take_lock(data_dir)
    if lock is None:
        _tell(smoke, _("Steady is already open"), problem)
        return EXIT_CANNOT_OPEN

    window = MainWindow(data_path=data_dir / DB_FILE_NAME)
    # An exception no slot caught goes to the error log and is told in one sentence.
    from app.ui import unexpected

    unexpected.install(window, data_dir)
    # Full garbage collections only while nobody is using the window (app.ui.collector).
    from app.ui import collector

    collector.install(application, lambda: window.runner.busy)
    if smoke:
        # A smoke run measures the same start every time: Today with its chart, whatever
        # page the window was last left on.
        window.show_page(0)
    loader = _Loader(application, window, data_dir, smoke, started_at)
    # Two small reads, no SQLCipher; and not app.services.encryption, whose key handling
    # (hashlib, OpenSSL) the first paint does not need.
    from app.storage.cipher import is_encrypted_file

    encrypted = is_encrypted_file(data_dir / DB_FILE_NAME)
    if deferred_indicators and encrypted:
        install_indicators(application)  # the unlock screen's first frame has a focused field
    else:
        loader.indicators_pending = deferred_indicators
    if encrypted:
        # The unlock screen is the first thing painted; the file opens once the passphrase
        # (or recovery code) has given its key (DataSession.open, then the loader's next steps).
        window.locker.unlocker = loader.session
        loader.session.after_open = loader.opened
        window.locker.lock()
    # The data opens right after the first paint, so the window appears without waiting
    # for the database layer; if no paint comes (a minimised start), it opens anyway.
    probe = FirstPaintProbe(application, started_at, then=loader.load, smoke=smoke)
    window.installEventFilter(probe)
    QTimer.singleShot(_SMOKE_FALLBACK_MS if smoke else _NO_PAINT_FALLBACK_MS, probe.report)
    watchdog = None
    if smoke:
        watchdog = QTimer()
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(lambda: (print(_("steady --smoke: gave up waiting for the window to load"),
                                                file=sys.stderr, flush=True),
                                          application.exit(EXIT_UNEXPECTED)))
        watchdog.start(_SMOKE_WATCHDOG_MS)
    try:
        window.show()
        code = application.exec()
        window.removeEventFilter(probe)
        if watchdog is not None:
            watchdog.stop()
        if loader.failed:
            return EXIT_CANNOT_OPEN
        return int(code)
    finally:
        collector.uninstall()
        unexpected.uninstall()
        loader.session.close()
        window.deleteLater()
        lock.unlock()
        # A quit posted after the loop had already stopped (smoke runs quit from two places)
        # would otherwise end the next event loop at once, in a caller that goes on (tests).
        QCoreApplication.removePostedEvents(None, QEvent.Type.Quit)
