"""Issue 13 items 4, 5 and 10: only a healthy regular file is opened; a refused file keeps every
byte and gets no new -wal/-shm; a sidecar that is not a file gets its own sentence."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

from app.storage import StoreError, open_store
from tests.reliability.helpers import cli, run


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _healthy(tmp_path: Path, capsys, entries: int = 40) -> Path:
    data = tmp_path / "data"
    store = open_store(data)
    from app.domain.records import AttendanceRecord, SupportGroup
    from app.services.records import RecordService
    import datetime as dt
    svc = RecordService(store)
    group = svc.add(SupportGroup(name="Tuesday group"))
    for i in range(entries):
        svc.add(AttendanceRecord(occurred_at=dt.datetime(2026, 1, 1, 9) + dt.timedelta(days=i),
                                 group_id=group.id, status="attended"))
    store.close()
    return data


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("command", [("check",), ("add", "coping", "--urge-before", "3"), ("list", "coping"),
                                     ("export", "--format", "json", "--output", "OUT"), ("backup",), ("--smoke",)])
def test_a_fifo_in_place_of_the_data_file_is_refused_at_once(tmp_path, command):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    os.mkfifo(data / "steady.db", 0o600)
    args = [str(tmp_path / "out.json") if a == "OUT" else a for a in command]
    started = time.perf_counter()
    code, out, err = run(data, *args, timeout=60)
    assert code == 4, err
    assert "not a regular file" in err
    assert time.perf_counter() - started < 30
    assert _names(data) == {"steady.db"}  # no lock, no -wal, nothing left behind


@pytest.mark.parametrize("what", ["folder", "device", "dangling"])
def test_a_folder_a_device_or_a_dangling_link_is_refused(tmp_path, capsys, what):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    path = data / "steady.db"
    if what == "folder":
        path.mkdir()
    elif what == "device":
        path.symlink_to("/dev/null")
    else:
        path.symlink_to(tmp_path / "gone.db")
    code, _, err = cli(capsys, data, "add", "coping", "--urge-before", "3")
    assert code == 4
    assert {"folder": "is a folder", "device": "not a regular file", "dangling": "does not exist"}[what] in err
    assert not (tmp_path / "gone.db").exists()
    assert not Path("/dev/null").is_file()


def test_a_link_to_a_healthy_file_is_followed(tmp_path, capsys):
    real = _healthy(tmp_path, capsys)
    linked = tmp_path / "linked"
    linked.mkdir(mode=0o700)
    (linked / "steady.db").symlink_to(real / "steady.db")
    code, out, err = cli(capsys, linked, "list", "attendance", "--format", "json")
    assert code == 0, err


def _alter_an_index(path: Path) -> None:
    conn = sqlite3.connect(path)
    name, sql = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                             "AND tbl_name = 'attendance'").fetchone()
    table_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'attendance'").fetchone()[0]
    assert "status" in table_sql
    conn.execute("PRAGMA writable_schema = ON")
    new = sql.replace(sql[sql.index("(") + 1:sql.rindex(")")], "status")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [new, name])
    conn.commit()
    conn.close()


def test_a_damaged_index_is_refused_and_never_written(tmp_path, capsys):
    data = _healthy(tmp_path, capsys)
    path = data / "steady.db"
    _alter_an_index(path)
    before, names = _sha(path), _names(data)
    for args in (("add", "coping", "--urge-before", "3"), ("list", "attendance", "--from", "2026-01-01")):
        code, out, err = cli(capsys, data, *args)
        assert code == 4, (args, out, err)
        assert "damaged" in err
    assert _sha(path) == before and _names(data) == names


@pytest.mark.parametrize("extra", [4096, 32 * 1024, 5000])
def test_bytes_appended_beyond_the_page_count_are_damage(tmp_path, capsys, extra):
    data = _healthy(tmp_path, capsys)
    path = data / "steady.db"
    with open(path, "ab") as fh:
        fh.write(os.urandom(extra))
    before, names = _sha(path), _names(data)
    code, _, err = cli(capsys, data, "add", "coping", "--urge-before", "3")
    assert code == 4 and "damaged" in err
    assert _sha(path) == before and _names(data) == names


@pytest.mark.parametrize("what", ["folder", "dangling"])
def test_a_wal_that_is_a_folder_or_a_dangling_link_gets_its_own_sentence(tmp_path, capsys, what):
    data = _healthy(tmp_path, capsys)
    wal = data / "steady.db-wal"
    if what == "folder":
        wal.mkdir()
    else:
        wal.symlink_to(tmp_path / "nowhere")
    before = _sha(data / "steady.db")
    with pytest.raises(StoreError) as err:
        open_store(data)
    assert "steady.db-wal" in err.value.message
    assert ("is a folder" if what == "folder" else "does not exist") in err.value.message
    assert "Restore a backup" not in err.value.message and "damaged" not in err.value.message
    assert _sha(data / "steady.db") == before
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("seed", range(12))
def test_random_sixteen_byte_flips_are_refused_untouched_or_open_healthy(tmp_path, capsys, seed):
    import random

    data = _healthy(tmp_path, capsys, entries=300)
    path = data / "steady.db"
    raw = bytearray(path.read_bytes())
    rnd = random.Random(seed)
    at = rnd.randrange(100, len(raw) - 16)
    raw[at:at + 16] = rnd.randbytes(16)
    path.write_bytes(bytes(raw))
    before, names = _sha(path), _names(data)
    try:
        store = open_store(data)
    except StoreError as exc:
        assert "Traceback" not in exc.message
        assert _sha(path) == before and _names(data) == names  # refused: not a byte written
        return
    try:
        assert store.integrity_problems() == []  # what opens is whole
    finally:
        store.close()


def test_twenty_years_of_demo_data_are_made_and_open(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, err = cli(capsys, data, "demo", "--years", "20")
    assert code == 0, err
    code, out, err = cli(capsys, data, "check")
    assert code == 0 and "healthy" in out


def test_a_file_left_mid_transaction_in_rollback_mode_is_recovered_not_refused(tmp_path, capsys):
    """A restored file is in rollback-journal mode until its first open switches it to WAL; a
    process killed in that moment leaves a hot journal, which a read-only look cannot roll back
    ("attempt to write a readonly database"). Found by crash.py --seed 301: every later open
    was refused as read-only. SQLite's own recovery must run instead."""
    import signal
    import subprocess
    import sys

    data = _healthy(tmp_path, capsys)
    path = data / "steady.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    code = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 2')\n"  # the change spills into the file: the journal is hot
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE attendance SET notes = 'half-written', reason = hex(randomblob(3000))\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(path)])
    assert proc.returncode == -signal.SIGKILL
    assert (data / "steady.db-journal").exists()
    store = open_store(data)
    try:
        assert store.integrity_problems() == []
        assert all(r.notes == "" for r in store.attendance.list())  # the killed transaction rolled back
        assert store.attendance.count() == 40
    finally:
        store.close()
