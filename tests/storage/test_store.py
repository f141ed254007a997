"""The data file: creation, file modes, migration, and every refusal leaving the file untouched."""

import hashlib
import os
import sqlite3
import stat
import sys

import pytest

from app.domain.records import CopingEntry
from app.storage import DB_FILE_NAME, StoreError, open_store
from app.storage.migrations import known_names
from app.storage.store import APPLICATION_ID

import datetime as dt


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_store_with_data(folder):
    store = open_store(folder)
    with store.transaction():
        for i in range(200):
            store.coping.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 1, 8) + dt.timedelta(hours=i),
                                         urge_before=i % 11, notes="note " * 50))
    store.close()
    return folder / DB_FILE_NAME


def test_new_store_is_private_wal_full_sync_with_our_application_id(tmp_path):
    folder = tmp_path / "data"
    store = open_store(folder)
    try:
        db = store.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        applied = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")}
        assert applied == set(known_names())
        with store.transaction():
            store.coping.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 1), urge_before=3))
        if os.name == "posix":
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            for suffix in ("", "-wal", "-shm"):
                p = folder / (DB_FILE_NAME + suffix)
                assert p.exists(), p
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    finally:
        store.close()


def test_reopen_keeps_data_and_adds_no_migration(tmp_path):
    path = make_store_with_data(tmp_path / "d")
    store = open_store(path.parent)
    assert store.coping.count() == 200
    assert store.integrity_problems() == []
    store.close()
    assert not (path.parent / "backups").exists()  # nothing pending, so no copy


def test_empty_sqlite_database_is_migrated(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_FILE_NAME)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")
    conn.close()
    store = open_store(folder)
    assert store.coping.count() == 0
    store.close()


def test_copies_file_aside_before_migrating(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_FILE_NAME)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.commit()
    conn.close()
    before = sha(folder / DB_FILE_NAME)
    store = open_store(folder)
    store.close()
    copies = list((folder / "backups").glob("steady-before-migration-*.db"))
    assert len(copies) == 1
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    # Made by the one SQLite copy routine (backups.write_copy): a file on its own, not in WAL
    # mode (bytes 18-19 of the header are 1 for a rollback journal), nothing left beside it.
    assert copies[0].read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in (folder / "backups").iterdir()) == [copies[0].name]
    # The copy is the file as it was (same schema: just the empty migrations table).
    check = sqlite3.connect(copies[0])
    assert [r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["_sqlite_migrations"]
    check.close()
    assert before  # the original was changed by the migration, the copy was not


# --- refusals: exit code 4 on the CLI, file byte-for-byte untouched ------------------------------

def _newer(path):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('steady', '9999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()


def _corrupt(path):
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data) - page, page):
        data[offset:offset + 64] = os.urandom(64)
    path.write_bytes(bytes(data))


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncate_odd(path):
    data = path.read_bytes()
    path.write_bytes(data[:10_000])


def _zero(path):
    path.write_bytes(b"")


def _text(path):
    path.write_text("These are my meeting notes, not a database.\n" * 50)


def _foreign_app_id(path):
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _foreign_no_app_id(path):
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('x')")
    conn.commit()
    conn.close()


REFUSALS = {
    "newer": (_newer, "newer version of Steady"),
    "corrupted": (_corrupt, "damaged"),
    "truncated": (_truncate, "truncated or damaged"),
    "truncated-mid-page": (_truncate_odd, "truncated or damaged"),
    "zero-length": (_zero, "empty (0 bytes)"),
    "not-sqlite": (_text, "not an SQLite database"),
    "foreign-application-id": (_foreign_app_id, "another program"),
    "foreign-no-application-id": (_foreign_no_app_id, "another program"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refuses_and_leaves_file_untouched(tmp_path, case):
    damage, words = REFUSALS[case]
    path = make_store_with_data(tmp_path / "d")
    damage(path)
    before = sha(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError) as err:
        open_store(path.parent)
    assert words in err.value.message
    assert str(path) in err.value.message
    assert sha(path) == before
    assert not (path.parent / "backups").exists()
    leftovers = set(p.name for p in path.parent.iterdir()) - set(files_before)
    assert leftovers <= {DB_FILE_NAME + "-shm", DB_FILE_NAME + "-wal"}


def test_missing_folder_is_created_private(tmp_path):
    folder = tmp_path / "a" / "b"
    open_store(folder).close()
    assert (folder / DB_FILE_NAME).exists()


def test_folder_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot be created or used"):
        open_store(blocker / "data")


def test_transaction_is_all_or_nothing(tmp_path):
    store = open_store(tmp_path / "d")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.coping.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 1), urge_before=3))
            raise RuntimeError("boom")
    assert store.coping.count() == 0
    store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="posix locking semantics")
def test_locked_database_gives_a_store_error(tmp_path):
    store = open_store(tmp_path / "d")
    store.db.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(store.path)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as err:
            with store.transaction():
                store.coping.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 1), urge_before=3))
        assert err.value.reason == "locked"
    finally:
        other.rollback()
        other.close()
        store.close()


def test_a_file_left_mid_checkpoint_by_a_full_disk_opens_with_everything(tmp_path):
    """A disk that fills up while Steady closes leaves the main file short (even off a page
    boundary) while the write-ahead log still holds every page; SQLite reads it whole, so
    Steady must open it rather than call it truncated and send the person to a backup."""
    import resource

    path = make_store_with_data(tmp_path / "d")
    store = open_store(path.parent)
    with store.transaction():
        for i in range(300):
            store.coping.add(CopingEntry(occurred_at=dt.datetime(2026, 3, 1, 8) + dt.timedelta(hours=i),
                                         urge_before=3, notes="later " * 40))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 5000, hard))
    try:
        store.close()  # the checkpoint runs out of room part-way
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert path.stat().st_size % 4096  # short, off a page boundary: the header check alone would refuse it
    assert (path.parent / (DB_FILE_NAME + "-wal")).stat().st_size > 0
    again = open_store(path.parent)
    try:
        assert again.coping.count() == 500
    finally:
        again.close()


def test_a_truncated_file_is_still_refused_when_a_useless_log_sits_beside_it(tmp_path):
    path = make_store_with_data(tmp_path / "d")
    _truncate(path)
    wal = path.parent / (DB_FILE_NAME + "-wal")
    wal.write_bytes(os.urandom(4096))  # not a valid log: SQLite ignores it
    before, wal_before = sha(path), sha(wal)
    with pytest.raises(StoreError) as err:
        open_store(path.parent)
    assert "damaged" in err.value.message
    assert sha(path) == before and sha(wal) == wal_before


def test_the_copy_before_a_migration_syncs_its_folder_too(tmp_path, monkeypatch):
    """One SQLite copy routine: the safety copy before a migration is synced and so is the
    backups folder holding its new name (a power cut right after must not lose the copy)."""
    from app.storage.store import copy_aside

    store = open_store(tmp_path / "d")
    synced: list[str] = []
    real = os.fsync

    def recording_fsync(fd):
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        return real(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    copy = copy_aside(store.db.conn, tmp_path / "d", "before-migration")
    store.close()
    assert copy.parent == tmp_path / "d" / "backups" and copy.exists()
    assert synced[:2] == ["file", "folder"]
