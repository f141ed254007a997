"""Encryption at rest (SQLCipher): keys, turning it on and off, the store and its backups on an
encrypted file, and the binding's errors seen as the standard library's."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import stat

import pytest

from app.domain import records as D
from app.services import encryption as E
from app.storage import StoreError, open_store
from app.storage import backups as B
from app.storage import keys as K

MARKER = "zq-marker-7f3a91-unique"
PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Cheap scrypt for most tests: the parameters are stored with each wrap, so this changes
    only the cost; test_real_parameters_take_a_tenth_of_a_second uses the real ones."""
    monkeypatch.setattr(K, "SCRYPT_N", 2 ** 10)


def _fill(data_dir):
    from app.services.bundle import build_services

    store = open_store(data_dir)
    services = build_services(store)
    now = dt.datetime(2026, 3, 1, 10, 0)
    services.records.add(D.CopingEntry(occurred_at=now, urge_before=6, notes=MARKER))
    services.records.add(D.CheckIn(day=now.date(), mood=3, craving=2, notes=MARKER))
    store.close()


def _raw_files(folder):
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                yield path, fh.read()


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrap_detects_a_wrong_secret_and_round_trips():
    key = K.DataKey.new()
    code = K.new_recovery_code()
    kf = K.new_key_file(key, PASS, code)
    assert K.unlock(kf, passphrase=PASS) == key
    assert K.unlock(kf, recovery_code=code.lower().replace("-", " ")) == key
    with pytest.raises(K.WrongSecret):
        K.unlock(kf, passphrase=PASS + "!")
    with pytest.raises(K.WrongSecret):
        K.unlock(kf, recovery_code=K.new_recovery_code())
    again = K.KeyFile.from_bytes(kf.to_bytes())
    assert K.unlock(again, passphrase=PASS) == key
    assert "DataKey(…)" == repr(key) and key.raw.hex() not in kf.to_bytes().decode()


def test_recovery_code_shape():
    code = K.new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 6 and all(len(g) == 5 for g in groups)
    assert not set(code) & set("ILOU")
    assert K.normalize_recovery_code(code.lower()) == code
    assert K.normalize_recovery_code("short") is None


def test_real_parameters_take_a_tenth_of_a_second(monkeypatch):
    import time

    monkeypatch.setattr(K, "SCRYPT_N", 2 ** 15)
    key = K.DataKey.new()
    wrap = K.wrap(key, K.PASSPHRASE, b"pass phrase")
    assert (wrap.n, wrap.r, wrap.p) == (2 ** 15, 8, 1)
    started = time.process_time()
    assert K.unwrap(wrap, b"pass phrase") == key
    assert time.process_time() - started < 1.0


def test_turn_on_encrypts_everything_and_leaves_no_plaintext(data_dir):
    _fill(data_dir)
    store = open_store(data_dir)
    from app.services.bundle import build_services

    build_services(store).backups.back_up_now()  # a plain backup, re-encrypted below
    store.close()
    assert any(MARKER.encode() in data for _, data in _raw_files(data_dir))

    turned = E.turn_on(data_dir, PASS)
    assert turned.backups_encrypted == 1 and K.normalize_recovery_code(turned.recovery_code)
    assert E.status(data_dir).encrypted
    for path, data in _raw_files(data_dir):
        assert MARKER.encode() not in data, path
        if os.name == "posix":
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert sorted(p.name for p in data_dir.iterdir()) == ["backups", "steady.db", "steady.db.keys"]

    key = E.unlock(data_dir, passphrase=PASS)
    store = open_store(data_dir, key=key)
    try:
        assert [e.notes for e in store.coping.list()] == [MARKER]
        assert store.integrity_problems() == []
        assert store.encrypted
        build_services(store).records.add(D.CheckIn(day=dt.date(2026, 3, 2), mood=4, craving=1, notes=MARKER))
        for path, data in _raw_files(data_dir):  # the -wal too, while it is open
            assert MARKER.encode() not in data, path
    finally:
        store.close()
    assert key.raw and store.key is not None and store.key.wiped


def test_encrypted_store_needs_its_key_and_a_wrong_one_changes_nothing(data_dir):
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    db = data_dir / "steady.db"
    before = _sha(db)
    with pytest.raises(StoreError) as locked:
        open_store(data_dir)
    assert locked.value.reason == "encrypted"
    with pytest.raises(K.WrongSecret):
        E.unlock(data_dir, passphrase="not the passphrase")
    with pytest.raises(StoreError) as wrong:
        open_store(data_dir, key=K.DataKey.new())
    assert wrong.value.reason == "wrongkey"
    assert _sha(db) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["steady.db", "steady.db.keys"]


def test_a_mismatched_key_file_is_refused_without_a_change(data_dir):
    """A key file from another encryption beside this file: SQLCipher refuses the key."""
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    db = data_dir / "steady.db"
    before = _sha(db)
    other = K.DataKey.new()
    K.write_key_file(db, K.new_key_file(other, PASS, K.new_recovery_code()))
    with pytest.raises(StoreError) as wrong:
        open_store(data_dir, key=other)
    assert wrong.value.reason == "wrongkey" and "does not open with this key" in wrong.value.message
    assert _sha(db) == before
    assert not (data_dir / "steady.db-wal").exists() and not (data_dir / "steady.db-shm").exists()


def test_change_passphrase_and_new_recovery_code(data_dir):
    _fill(data_dir)
    turned = E.turn_on(data_dir, PASS)
    db = data_dir / "steady.db"
    before = _sha(db)
    E.change_passphrase(data_dir, "a brand new passphrase", passphrase=PASS)
    assert _sha(db) == before  # re-wrapped, not re-encrypted
    with pytest.raises(K.WrongSecret):
        E.unlock(data_dir, passphrase=PASS)
    key = E.unlock(data_dir, passphrase="a brand new passphrase")
    assert E.unlock(data_dir, recovery_code=turned.recovery_code) == key
    code = E.new_recovery_code(data_dir, passphrase="a brand new passphrase")
    assert code != turned.recovery_code
    with pytest.raises(K.WrongSecret):
        E.unlock(data_dir, recovery_code=turned.recovery_code)
    assert E.unlock(data_dir, recovery_code=code) == key
    # A forgotten passphrase is replaced with the recovery code.
    E.change_passphrase(data_dir, "third passphrase here", recovery_code=code)
    assert E.unlock(data_dir, passphrase="third passphrase here") == key
    with pytest.raises(Exception) as short:
        E.change_passphrase(data_dir, "short", passphrase="third passphrase here")
    assert "at least 8" in str(short.value)


def test_turn_off_gives_a_plain_sqlite_file(data_dir):
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    with pytest.raises(K.WrongSecret):
        E.turn_off(data_dir, passphrase="wrong passphrase")
    E.turn_off(data_dir, passphrase=PASS)
    assert not E.status(data_dir).encrypted
    assert not (data_dir / "steady.db.keys").exists()
    conn = sqlite3.connect(data_dir / "steady.db")
    try:
        assert conn.execute("SELECT notes FROM coping_entries").fetchall() == [(MARKER,)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x53544459
    finally:
        conn.close()
    with open_store(data_dir) as store:
        assert store.coping.count() == 1 and not store.encrypted


def test_backups_and_copies_of_an_encrypted_store(data_dir, tmp_path):
    from app.services.bundle import build_services

    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    key = E.unlock(data_dir, passphrase=PASS)
    store = open_store(data_dir, key=key)
    services = build_services(store)
    try:
        info = services.backups.back_up_now()
        assert info.encrypted and info.counts["coping_entries"] == 1 and not info.damaged
        copy = tmp_path / "elsewhere" / "copy.db"
        copy.parent.mkdir()
        saved = services.backups.copy_to(copy)
        assert saved.encrypted and saved.counts["checkins"] == 1
        assert [b.counts.get("checkins") for b in services.backups.list()] == [1]
        plan = services.backups.restore_plan(info.path)
        assert plan.backup.counts["coping_entries"] == 1
    finally:
        store.close()
    for path in (info.path, copy):
        assert MARKER.encode() not in path.read_bytes()
        assert K.keys_path(path).exists()
    # Without the key, a listing knows only that it is encrypted.
    assert B.read_info(copy).encrypted and B.read_info(copy).counts == {}

    # The copy opens in a fresh folder with the passphrase alone.
    fresh = tmp_path / "fresh"
    key2 = E.unlock_copy(copy, passphrase=PASS)
    from app.services.backups import restore_file

    restore_file(fresh, copy, key=key2)
    assert E.status(fresh).encrypted
    with open_store(fresh, key=E.unlock(fresh, passphrase=PASS)) as restored:
        assert [c.notes for c in restored.checkins.list()] == [MARKER]


def test_restore_over_an_encrypted_store_keeps_it_encrypted(data_dir):
    from app.services.bundle import build_services

    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    key = E.unlock(data_dir, passphrase=PASS)
    store = open_store(data_dir, key=key)
    services = build_services(store)
    info = services.backups.back_up_now()
    services.records.add(D.CheckIn(day=dt.date(2026, 3, 5), mood=2, craving=3))
    state = {"store": store}

    def reopen(before):
        if before:
            state["store"].close()
            return None
        state["store"] = open_store(data_dir, key=key)
        return state["store"]

    result = services.backups.restore(info.path, reopen)
    try:
        assert result.counts["checkins"] == 1 and state["store"].checkins.count() == 1
        assert B.read_info(result.safety_copy).encrypted
    finally:
        state["store"].close()
    for path, data in _raw_files(data_dir):
        assert MARKER.encode() not in data, path


def test_turn_on_can_remove_plain_backups_instead(data_dir):
    from app.services.bundle import build_services

    _fill(data_dir)
    with open_store(data_dir) as store:
        build_services(store).backups.back_up_now()
    turned = E.turn_on(data_dir, PASS, remove_plain_backups=True)
    assert (turned.backups_encrypted, turned.backups_removed) == (0, 1)
    assert list((data_dir / "backups").iterdir()) == []


def test_turn_on_refuses_while_another_connection_has_the_file(data_dir):
    _fill(data_dir)
    db = data_dir / "steady.db"
    with open_store(data_dir):
        before = _sha(db)
        with pytest.raises(StoreError) as busy:
            E.turn_on(data_dir, PASS)
        assert busy.value.reason == "locked"
    assert not E.status(data_dir).encrypted
    assert not (data_dir / "steady.db.keys").exists()
    with open_store(data_dir) as store:
        assert store.coping.count() == 1
    del before


def test_binding_errors_are_the_standard_librarys(data_dir):
    """sqlite-utils and Steady catch sqlite3.Error/OperationalError: the SQLCipher connection
    raises those, with the SQLite error code."""
    from app.storage import cipher
    from app.storage.errors import translate
    from app.storage.lite import full_sqlite_utils

    Database = full_sqlite_utils().Database  # what the migrations run on (the everyday path uses less)
    key = K.DataKey.new().raw
    path = data_dir / "x.db"
    conn = cipher.connect(str(path), key)
    try:
        db = Database(conn, execute_plugins=False)
        db["t"].insert({"a": 1})
        db["missing"].drop(ignore=True)  # sqlite-utils: except sqlite3.OperationalError
        assert db.supports_strict in (True, False)
        with pytest.raises(sqlite3.OperationalError) as missing:
            conn.execute("SELECT * FROM nowhere")
        assert missing.value.sqlite_errorname == "SQLITE_ERROR"
        conn.commit()
        other = cipher.connect(str(path), key, timeout=0.05)
        try:
            conn.execute("BEGIN IMMEDIATE")
            with pytest.raises(sqlite3.OperationalError) as busy:
                other.execute("BEGIN IMMEDIATE")
            assert translate(busy.value, path).reason == "locked"
            conn.execute("ROLLBACK")
        finally:
            other.close()
        wrong = cipher.connect(str(path), K.DataKey.new().raw)
        try:
            with pytest.raises(sqlite3.DatabaseError) as notadb:
                wrong.execute("SELECT * FROM t").fetchall()
            assert notadb.value.sqlite_errorname == "SQLITE_NOTADB"
            assert translate(notadb.value, path).reason == "corrupt"
        finally:
            wrong.close()
        closed = cipher.connect(str(path), key)
        closed.close()
        with pytest.raises(sqlite3.ProgrammingError):  # sqlite-utils reads in_transaction first
            Database(closed, execute_plugins=False).execute("SELECT 1")
        # After that first refusal SQLCipher answers SQLITE_NOMEM (a MemoryError) on the same
        # connection, so Steady asks once (opens_with) and closes the connection.
        wrong = cipher.connect(str(path), K.DataKey.new().raw)
        try:
            assert not cipher.opens_with(wrong)
        finally:
            wrong.close()
    finally:
        conn.close()


def test_damaged_encrypted_file_is_refused_as_damaged(data_dir):
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    key = E.unlock(data_dir, passphrase=PASS)
    db = data_dir / "steady.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped bit in a page: its HMAC no longer matches
    db.write_bytes(bytes(data))
    before = _sha(db)
    with pytest.raises(StoreError) as damaged:
        open_store(data_dir, key=key)
    assert damaged.value.reason == "corrupt"
    assert _sha(db) == before


def test_plain_stores_do_not_load_sqlcipher(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from app.storage import open_store; s = open_store(sys.argv[1]); "
            "s.close(); print('sqlcipher3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "d")], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_second_connections_of_an_encrypted_store(data_dir):
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    with open_store(data_dir, key=E.unlock(data_dir, passphrase=PASS)) as store:
        reader = store.connect_again()
        writer = store.connect_again(read_only=False)
        try:
            assert reader.encrypted and reader.coping.count() == 1
            writer.checkins.add(D.CheckIn(day=dt.date(2026, 3, 9), mood=3, craving=1))
            assert store.checkins.count() == 2
        finally:
            reader.close()
            writer.close()
        assert store.key is not None and not store.key.wiped  # each connection wiped only its own copy


def test_a_key_file_beside_a_plain_file_is_what_an_interrupted_turn_on_leaves(data_dir):
    """The key file is written before the encrypted file replaces the plain one: a crash in
    between leaves both, and the plain file is still what opens (and encrypt can run again)."""
    _fill(data_dir)
    db = data_dir / "steady.db"
    K.write_key_file(db, K.new_key_file(K.DataKey.new(), PASS, K.new_recovery_code()))
    assert not E.status(data_dir).encrypted
    with open_store(data_dir) as store:
        assert store.coping.count() == 1 and not store.encrypted
    E.turn_on(data_dir, PASS)
    with open_store(data_dir, key=E.unlock(data_dir, passphrase=PASS)) as store:
        assert store.coping.count() == 1


def test_a_plain_copy_left_by_a_killed_turn_on_is_overwritten_and_removed(data_dir):
    from app.storage.store import STALE_AFTER_SECONDS, remove_stale_leftovers

    aside = data_dir / ".steady.db.plain.tmp"
    aside.write_bytes(MARKER.encode() * 100)
    old = os.stat(aside).st_mtime - STALE_AFTER_SECONDS - 10
    os.utime(aside, (old, old))
    assert remove_stale_leftovers(data_dir) == [aside]
    assert not aside.exists()


def test_an_encrypted_older_file_is_copied_aside_encrypted_before_it_is_migrated(data_dir):
    import shutil
    from pathlib import Path

    fixture = Path(__file__).parents[1] / "reliability" / "fixtures" / "schema-0001.db"
    shutil.copy(fixture, data_dir / "steady.db")
    os.chmod(data_dir / "steady.db", 0o600)
    E.turn_on(data_dir, PASS)
    with open_store(data_dir, key=E.unlock(data_dir, passphrase=PASS)) as store:
        assert store.integrity_problems() == []
    copies = list((data_dir / "backups").glob("steady-before-migration-*.db"))
    assert len(copies) == 1
    assert B.is_encrypted_copy(copies[0]) and K.keys_path(copies[0]).exists()
    info = B.read_info(copies[0], E.unlock_copy(copies[0], passphrase=PASS).raw)
    assert info.encrypted and not info.damaged and info.total > 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_files_made_are_private_even_with_umask_000(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    data = tmp_path / "d"
    code = (
        "import os, sys\n"
        "os.umask(0)\n"
        "from app.storage import keys as K\n"
        "K.SCRYPT_N = 2 ** 10\n"
        "from app import cli\n"
        "d = sys.argv[1]\n"
        "os.environ['STEADY_PASSPHRASE'] = 'umask zero passphrase'\n"
        "assert cli.main(['--data-dir', d, 'add', 'coping', '--urge-before', '4']) == 0\n"
        "assert cli.main(['--data-dir', d, 'backup']) == 0\n"
        "os.umask(0)\n"
        "assert cli.main(['--data-dir', d, 'encrypt']) == 0\n"
        "os.umask(0)\n"
        "assert cli.main(['--data-dir', d, 'backup', '--output', os.path.join(d, '..', 'copy.db')]) == 0\n"
        "os.environ['STEADY_NEW_PASSPHRASE'] = 'another umask passphrase'\n"
        "os.umask(0)\n"
        "assert cli.main(['--data-dir', d, 'change-passphrase']) == 0\n"
    )
    root = Path(__file__).parents[2]
    subprocess.run([sys.executable, "-c", code, str(data)], cwd=root, check=True, capture_output=True, timeout=120)
    made = [data, *data.rglob("*"), tmp_path / "copy.db", tmp_path / "copy.db.keys"]
    assert len(made) >= 6
    for path in made:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_turn_on_killed_before_the_swap_leaves_the_plain_file_whole(data_dir):
    """Killed after the plain file was linked aside and before the encrypted one replaced it:
    the next start removes the stale link without writing zeros into the data file."""
    from app.storage.store import STALE_AFTER_SECONDS, remove_stale_leftovers

    _fill(data_dir)
    db = data_dir / "steady.db"
    aside = data_dir / ".steady.db.plain.tmp"
    os.link(db, aside)
    before = _sha(db)
    old = os.stat(aside).st_mtime - STALE_AFTER_SECONDS - 10
    os.utime(aside, (old, old))
    assert remove_stale_leftovers(data_dir) == [aside]
    assert _sha(db) == before
    with open_store(data_dir) as store:
        assert store.coping.count() == 1


def test_a_failed_copy_over_an_earlier_encrypted_copy_keeps_its_key_file(data_dir, tmp_path):
    from app.services.bundle import build_services

    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    target = tmp_path / "copy.db"
    with open_store(data_dir, key=E.unlock(data_dir, passphrase=PASS)) as store:
        build_services(store).backups.copy_to(target)
    before = _sha(target), _sha(K.keys_path(target))
    E.change_passphrase(data_dir, "a newer passphrase", passphrase=PASS)  # the next copy's key file differs
    (tmp_path / ".copy.db.tmp").mkdir()  # the temp file cannot be made: the copy fails
    with open_store(data_dir, key=E.unlock(data_dir, passphrase="a newer passphrase")) as store:
        with pytest.raises(StoreError):
            build_services(store).backups.copy_to(target)
    assert (_sha(target), _sha(K.keys_path(target))) == before
    assert E.unlock_copy(target, passphrase=PASS) is not None


def test_a_closed_store_says_so_and_its_key_is_wiped(data_dir):
    _fill(data_dir)
    E.turn_on(data_dir, PASS)
    store = open_store(data_dir, key=E.unlock(data_dir, passphrase=PASS))
    assert not store.closed
    store.close()
    assert store.closed and store.key is not None and store.key.wiped
