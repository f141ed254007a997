"""The unlock screen of an encrypted data file: first thing painted at start, a wrong
passphrase said in one sentence next to the field, the recovery code instead, and Ctrl+L
closing the file and forgetting its key until the passphrase is typed again."""

import datetime as dt
import hashlib

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain.records import CopingEntry
from app.main import run_gui
from app.services import encryption
from app.services.bundle import build_services
from app.storage import open_store
from app.ui.lock import UnlockScreen
from app.ui.main_window import MainWindow
from tests.ui.test_lock import visible_text

PASSPHRASE = "a quiet morning walk"
MARKER = "UnlMkr-5e7a-behind-the-screen"


@pytest.fixture
def encrypted(data_dir):
    store = open_store(data_dir)
    build_services(store).records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 9, 18, 0),
                                                  situation=MARKER, urge_before=6))
    store.close()
    return encryption.turn_on(data_dir, PASSPHRASE).recovery_code


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_window(data_dir, steps):
    """run_gui on `data_dir` with `steps(window)` called once the window has painted; the
    window quits afterwards. Returns what run_gui returned."""
    failures = []

    def go():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        try:
            steps(window)
        except BaseException as exc:  # noqa: BLE001 - reported after the loop has ended
            failures.append(exc)
        window.runner.wait()
        if window.tray is not None:
            window.tray.quit()
        QApplication.exit(0)

    QTimer.singleShot(300, go)
    code = run_gui(data_dir, smoke=False)
    if failures:
        raise failures[0]
    return code


def test_wrong_then_right_passphrase(qtbot, data_dir, encrypted):
    before = sha256(data_dir / "steady.db")

    def steps(window):
        screen = window.locker.screen
        assert isinstance(screen, UnlockScreen) and screen.isVisible() and screen.encrypted
        assert window.locked and window.services is None and not window.stack.isVisible()
        assert screen.field.hasFocus() or screen.field.isVisible()
        screen.field.setText("not my passphrase")
        qtbot.mouseClick(screen.unlock_button, qtbot_left())
        qtbot.waitUntil(lambda: screen.problem.isVisible(), timeout=20_000)
        assert screen.problem.text() == "That passphrase does not unlock this data file; check it and try again."
        assert window.locked and window.services is None and screen.field.isEnabled()
        assert sha256(data_dir / "steady.db") == before  # a wrong passphrase changes nothing
        screen.field.setText(PASSPHRASE)
        screen.submit()
        qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
        assert window.services is not None and window.stack.isVisible() and not screen.isVisible()
        assert window.services.store.encrypted
        window.show_page_titled("Coping skills")
        qtbot.waitUntil(lambda: MARKER in visible_text(window), timeout=10_000)

    assert run_window(data_dir, steps) == 0


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_recovery_code_unlocks_instead(qtbot, data_dir, encrypted):
    def steps(window):
        screen = window.locker.screen
        screen.switch_button.click()
        assert screen.field_label.text() == "&Recovery code:" and screen.switch_button.text() == "Use my passphrase instead"
        screen.field.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
        screen.submit()
        qtbot.waitUntil(lambda: screen.problem.isVisible(), timeout=20_000)
        assert "recovery code does not unlock" in screen.problem.text()
        screen.field.setText(encrypted.lower().replace("-", " "))  # read back leniently
        screen.submit()
        qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
        assert window.services is not None

    assert run_window(data_dir, steps) == 0


def test_ctrl_l_closes_the_encrypted_file_and_drops_its_key(qtbot, data_dir, encrypted):
    def steps(window):
        screen = window.locker.screen
        screen.field.setText(PASSPHRASE)
        screen.submit()
        qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
        session = window.data_session
        store = session.store
        key = session.key
        window.lock_app()
        qtbot.waitUntil(lambda: window.locker.dropped, timeout=10_000)
        assert window.locked and window.services is None and session.store is None
        assert key.wiped and (store.key is None or store.key.wiped)
        assert MARKER not in visible_text(window)
        assert not window.stack.isVisible()
        screen.field.setText(PASSPHRASE)
        screen.submit()
        qtbot.waitUntil(lambda: not window.locked, timeout=20_000)
        assert window.services is not None and window.services.store.encrypted
        assert window.new_action.isEnabled() or window.current_view() is None

    assert run_window(data_dir, steps) == 0
