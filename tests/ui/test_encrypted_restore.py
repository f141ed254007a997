"""Restoring a backup from the window when the data file is encrypted: the restore gets the
key the closed store had, the restored file is encrypted, and the window reopens on it."""

import datetime as dt
import os

import pytest

from app.domain.records import CopingEntry
from app.main import DataSession
from app.services import encryption
from app.services.bundle import build_services
from app.storage import keys as K
from app.storage import open_store
from app.ui.main_window import MainWindow
from tests.ui.helpers import settle

PASSPHRASE = "restore in the window"
MARKER = "EncRst-91c2-marker"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(K, "SCRYPT_N", 2 ** 10)


def test_restore_an_encrypted_backup_from_the_window(qtbot, data_dir):
    store = open_store(data_dir)
    build_services(store).records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 9, 18), situation=MARKER,
                                                  urge_before=6))
    store.close()
    encryption.turn_on(data_dir, PASSPHRASE)
    window = MainWindow(data_path=data_dir)
    qtbot.addWidget(window)
    session = DataSession(window, data_dir)
    session.open(key=encryption.unlock(data_dir, passphrase=PASSPHRASE))
    try:
        backup = window.backups.back_up_now()
        assert backup.encrypted and backup.counts["coping_entries"] == 1
        window.records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 10, 18), situation="later", urge_before=3))
        done, failed = [], []
        window._restore(backup.path, on_done=done.append, on_failed=failed.append)
        window.runner.wait()
        settle()
        assert failed == [] and len(done) == 1
        assert [e.situation for e in window.records.store.coping.list()] == [MARKER]
        assert window.records.store.encrypted
        for root, _dirs, files in os.walk(data_dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as fh:
                    assert MARKER.encode() not in fh.read(), name
    finally:
        session.close()
