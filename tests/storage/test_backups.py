"""Backups: made safely, thinned by a precise rule, restored only from good files."""

import datetime as dt
import errno
import hashlib
import os
import resource
import sqlite3
import stat

import pytest

from app.domain.records import CopingEntry
from app.services.backups import BackupService
from app.services.clock import FixedClock
from app.storage import DB_FILE_NAME, StoreError, open_store
from app.storage import backups as B
from app.storage.migrations import known_names
from app.storage.store import APPLICATION_ID

NOW = dt.datetime(2026, 3, 10, 9, 30)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_coping(store, n, start=dt.datetime(2026, 1, 1, 8)):
    with store.transaction():
        for i in range(n):
            store.coping.add(CopingEntry(occurred_at=start + dt.timedelta(hours=i), urge_before=i % 11,
                                         notes="note " * 40))


def snapshot(folder):
    return {p.relative_to(folder): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


# --- making --------------------------------------------------------------------------------------


def test_backup_is_a_private_checked_steady_file_with_the_same_records(store, data_dir):
    add_coping(store, 30)
    info = B.make_backup(store, data_dir, "manual", now=NOW)
    assert info.path.parent == data_dir / "backups"
    assert info.path.name == "steady-manual-20260310-093000-000000.db"
    assert info.label == "manual" and info.created == NOW and not info.damaged
    assert info.counts["coping_entries"] == 30 and info.size == info.path.stat().st_size
    if os.name == "posix":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    # A single self-contained file: nothing beside it, no temp file left.
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")} == set(known_names())
        notes = [r[0] for r in conn.execute("SELECT notes FROM coping_entries ORDER BY occurred_at")]
    finally:
        conn.close()
    assert notes == [r[0] for r in store.db.execute("SELECT notes FROM coping_entries ORDER BY occurred_at")]
    assert len(notes) == 30


def test_two_backups_in_the_same_instant_do_not_overwrite_each_other(store, data_dir):
    first = B.make_backup(store, data_dir, "manual", now=NOW)
    add_coping(store, 1)
    second = B.make_backup(store, data_dir, "manual", now=NOW)
    assert first.path != second.path
    assert first.path.exists() and second.total == first.total + 1


def test_list_is_newest_first_with_counts_and_reports_damaged_files(store, data_dir):
    add_coping(store, 3)
    old = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    add_coping(store, 2, start=dt.datetime(2026, 2, 1))
    new = B.make_backup(store, data_dir, "manual", now=NOW)
    broken = data_dir / "backups" / B.backup_name("daily", NOW - dt.timedelta(days=2))
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    (data_dir / "backups" / "notes.txt").write_text("not a backup")
    listed = B.list_backups(data_dir)
    assert [b.path for b in listed] == [new.path, old.path, broken]
    assert [b.counts.get("coping_entries") for b in listed[:2]] == [5, 3]
    assert listed[2].damaged and listed[2].counts == {}
    assert sorted(p.name for p in (data_dir / "backups").iterdir() if "-wal" in p.name or "-shm" in p.name) == []


def test_a_short_write_leaves_earlier_backups_and_the_data_file_intact(store, data_dir):
    add_coping(store, 400)
    earlier = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    before = snapshot(data_dir / "backups")
    data_sha = sha(store.path)
    # The OS lets a write run only up to an odd byte offset: the write that crosses it comes
    # back short, exactly what a disk that fills up mid-write does. (Python ignores SIGXFSZ.)
    limit = earlier.size // 2 + 123
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        with pytest.raises(StoreError) as caught:
            B.make_backup(store, data_dir, "manual", now=NOW)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    message = caught.value.message
    assert caught.value.reason == "full" and "disk is full" in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    assert snapshot(data_dir / "backups") == before
    assert sha(store.path) == data_sha and store.integrity_problems() == []


def test_a_failing_rename_in_a_read_only_folder_leaves_everything_intact(store, data_dir, monkeypatch):
    add_coping(store, 5)
    earlier = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    before = snapshot(data_dir / "backups")

    def refuse(src, dst):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", refuse)  # root ignores permissions, so the OS's answer is simulated
    with pytest.raises(StoreError) as caught:
        B.make_backup(store, data_dir, "manual", now=NOW)
    monkeypatch.undo()
    assert caught.value.reason == "readonly" and "read-only" in caught.value.message
    assert snapshot(data_dir / "backups") == before and earlier.path.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_really_read_only_folder_is_reported(store, data_dir, tmp_path):
    target = tmp_path / "ro"
    target.mkdir()
    target.chmod(0o500)
    try:
        with pytest.raises(StoreError):
            B.write_copy(store.db.conn, target / "copy.db")
        assert list(target.iterdir()) == []
    finally:
        target.chmod(0o700)


# --- when and how many -------------------------------------------------------------------------------


def test_daily_backup_is_due_once_a_day(store, data_dir):
    add_coping(store, 2)
    service = BackupService(store, data_dir, FixedClock(NOW))
    assert B.daily_backup_due(data_dir, NOW)
    first = service.auto_backup_if_due()
    assert first is not None and first.label == "daily"
    assert service.auto_backup_if_due() is None
    service.clock.current = NOW.replace(hour=23, minute=59)
    assert service.auto_backup_if_due() is None
    service.clock.current = NOW + dt.timedelta(days=1)
    assert service.auto_backup_if_due() is not None
    assert len(B.list_backups(data_dir)) == 2


def test_safety_copies_do_not_count_as_the_daily_backup(data_dir):
    folder = data_dir / "backups"
    folder.mkdir()
    (folder / B.backup_name("before-restore", NOW)).write_bytes(b"")
    assert B.daily_backup_due(data_dir, NOW)
    (folder / B.backup_name("manual", NOW.replace(hour=0))).write_bytes(b"")
    assert not B.daily_backup_due(data_dir, NOW)


def test_an_empty_store_gets_no_automatic_backup(store, data_dir):
    assert BackupService(store, data_dir, FixedClock(NOW)).auto_backup_if_due() is None
    assert not (data_dir / "backups").exists()


def fake_set(folder, stamps, label="daily"):
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for when in stamps:
        p = folder / B.backup_name(label, when)
        p.write_bytes(b"x")
        paths[when] = p
    return paths


def test_rotation_keeps_7_daily_4_weekly_12_monthly(data_dir):
    now = dt.datetime(2026, 3, 10, 12, 0)  # a Tuesday
    # Two backups a day (morning and evening) for 400 days.
    stamps = [dt.datetime(2026, 3, 10, 8) - dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 10)]
    paths = fake_set(data_dir / "backups", stamps)
    removed = B.rotate(data_dir, now=now)
    kept = sorted(when for when, p in paths.items() if p.exists())
    # The newest of a day is its evening backup (22:00), except today's, made at 08:00.
    daily = [dt.datetime(2026, 3, 10, 8)] + [dt.datetime(2026, 3, d, 22) for d in range(4, 10)]
    weekly = [dt.datetime(2026, 3, 8, 22), dt.datetime(2026, 3, 1, 22), dt.datetime(2026, 2, 22, 22)]  # Sundays
    month_ends = [(2026, 2, 28), (2026, 1, 31), (2025, 12, 31), (2025, 11, 30), (2025, 10, 31), (2025, 9, 30),
                  (2025, 8, 31), (2025, 7, 31), (2025, 6, 30), (2025, 5, 31), (2025, 4, 30)]
    monthly = [dt.datetime(y, m, d, 22) for y, m, d in month_ends]  # + March 2026, kept as today's
    assert kept == sorted(set(daily + weekly + monthly))
    assert len(removed) == len(stamps) - len(kept)


def test_rotation_after_a_long_gap_keeps_the_old_history(data_dir):
    stamps = [dt.datetime(2024, 1, d, 20) for d in range(1, 11)]
    paths = fake_set(data_dir / "backups", stamps)
    B.rotate(data_dir, now=dt.datetime(2026, 6, 1))
    kept = sorted(w for w, p in paths.items() if p.exists())
    # Counted in days that have a backup, not days before today: the last 7 survive.
    assert kept == [dt.datetime(2024, 1, d, 20) for d in range(4, 11)]


def test_rotation_keeps_safety_copies_by_their_own_rule_and_ignores_other_files(data_dir):
    folder = data_dir / "backups"
    now = dt.datetime(2026, 3, 10, 12)
    safety = fake_set(folder, [now - dt.timedelta(days=d) for d in (1, 20, 40, 50, 60, 70)], "before-restore")
    migration = fake_set(folder, [now - dt.timedelta(days=900)], "before-migration")
    (folder / "my-copy.db").write_bytes(b"x")
    (folder / "steady-daily-yesterday.db").write_bytes(b"x")
    B.rotate(data_dir, now=now)
    kept = sorted(d.days for w, p in safety.items() if p.exists() for d in [now - w])
    assert kept == [1, 20, 40]  # within 30 days, or among the newest 3
    assert all(p.exists() for p in migration.values())
    assert (folder / "my-copy.db").exists() and (folder / "steady-daily-yesterday.db").exists()


def test_backups_made_by_hand_are_not_thinned_out_the_same_day(data_dir):
    now = dt.datetime(2026, 3, 10, 18)
    folder = data_dir / "backups"
    by_hand = fake_set(folder, [dt.datetime(2026, 3, 10, h) for h in (9, 12, 15)] +
                       [dt.datetime(2025, 6, 1, 9), dt.datetime(2025, 6, 1, 10)], "manual")
    daily = fake_set(folder, [dt.datetime(2026, 3, 9, 8), dt.datetime(2026, 3, 9, 9)])
    B.rotate(data_dir, now=now)
    # Every one of today's presses of "Back up now" survives (the safety rule: 30 days, newest 3);
    # old manual ones still go by the daily/weekly/monthly rule (one per month, here).
    assert sorted(w for w, p in by_hand.items() if p.exists()) == [
        dt.datetime(2025, 6, 1, 10), dt.datetime(2026, 3, 10, 9), dt.datetime(2026, 3, 10, 12),
        dt.datetime(2026, 3, 10, 15)]
    assert [w for w, p in daily.items() if p.exists()] == [dt.datetime(2026, 3, 9, 9)]


def test_rotation_never_removes_backups_dated_after_now(data_dir):
    now = dt.datetime(2026, 3, 10, 12)
    paths = fake_set(data_dir / "backups", [now + dt.timedelta(days=d) for d in range(1, 30)])
    B.rotate(data_dir, now=now)
    assert all(p.exists() for p in paths.values())


# --- restoring -----------------------------------------------------------------------------------


def test_restore_backs_up_first_and_the_reopened_store_has_the_restored_content(store, data_dir):
    add_coping(store, 10)
    backup = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    add_coping(store, 5, start=dt.datetime(2026, 2, 1))
    store.close()
    result = B.restore(data_dir, backup.path, now=NOW)
    assert result.safety_copy is not None and result.safety_copy.name.startswith("steady-before-restore-")
    assert B.read_info(result.safety_copy).counts["coping_entries"] == 15
    assert sorted(p.name for p in data_dir.iterdir()) == ["backups", DB_FILE_NAME]  # no stale -wal/-shm
    if os.name == "posix":
        assert stat.S_IMODE((data_dir / DB_FILE_NAME).stat().st_mode) == 0o600
    reopened = open_store(data_dir)
    try:
        assert reopened.coping.count() == 10 and reopened.integrity_problems() == []
        assert reopened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        reopened.close()
    assert backup.path.exists()


def test_restore_refuses_while_the_store_is_open_and_changes_nothing(store, data_dir):
    add_coping(store, 3)
    backup = B.make_backup(store, data_dir, "daily", now=NOW)
    add_coping(store, 1)
    with pytest.raises(StoreError) as caught:
        B.restore(data_dir, backup.path, now=NOW)
    assert caught.value.reason == "locked"
    assert store.coping.count() == 4 and store.integrity_problems() == []
    assert [b.path for b in B.list_backups(data_dir)] == [backup.path]
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]


def _newer_file(path):
    store = open_store(path.parent)
    with store.transaction():
        store.db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                         "VALUES ('steady', '9999_from_the_future', '2030-01-01')")
    store.close()


@pytest.mark.parametrize("kind, reason", [("garbage", "foreign"), ("empty", "corrupt"), ("truncated", "corrupt"),
                                          ("other-app", "foreign"), ("newer", "newer")])
def test_restore_refuses_bad_files_and_touches_nothing(store, data_dir, tmp_path, kind, reason):
    add_coping(store, 20)
    store.close()
    candidate = tmp_path / "candidate" / "steady.db"
    candidate.parent.mkdir()
    if kind == "garbage":
        candidate.write_bytes(b"hello, this is not a database" * 10)
    elif kind == "empty":
        candidate.write_bytes(b"")
    elif kind == "truncated":
        candidate.write_bytes((data_dir / DB_FILE_NAME).read_bytes()[:5000])
    elif kind == "other-app":
        conn = sqlite3.connect(candidate)
        conn.execute("CREATE TABLE songs (title TEXT)")
        conn.commit()
        conn.close()
    else:
        _newer_file(candidate)
    data_before, candidate_before = snapshot(data_dir), sha(candidate)
    with pytest.raises(StoreError) as caught:
        B.restore(data_dir, candidate, now=NOW)
    assert caught.value.reason == reason
    assert "nothing was changed" in caught.value.message
    assert snapshot(data_dir) == data_before and sha(candidate) == candidate_before


def test_a_short_write_while_restoring_leaves_the_data_file_intact(store, data_dir):
    add_coping(store, 400)
    backup = B.make_backup(store, data_dir, "daily", now=NOW)
    store.close()
    before = snapshot(data_dir)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (backup.size // 2 + 77, hard))
    try:
        with pytest.raises(StoreError) as caught:
            B.restore(data_dir, backup.path, now=NOW)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert caught.value.reason == "full"
    assert snapshot(data_dir) == before


def test_a_failing_final_rename_keeps_the_old_data_and_the_safety_copy(store, data_dir, monkeypatch):
    add_coping(store, 7)
    backup = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    add_coping(store, 1, start=dt.datetime(2026, 2, 1))
    store.close()
    real_replace = os.replace

    def refuse_data_file(src, dst):
        if str(dst).endswith(DB_FILE_NAME):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_data_file)
    with pytest.raises(StoreError) as caught:
        B.restore(data_dir, backup.path, now=NOW)
    monkeypatch.undo()
    assert caught.value.reason == "readonly"
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    reopened = open_store(data_dir)
    try:
        assert reopened.coping.count() == 8
    finally:
        reopened.close()


def test_a_damaged_data_file_is_moved_aside_not_lost(store, data_dir):
    add_coping(store, 4)
    backup = B.make_backup(store, data_dir, "daily", now=NOW - dt.timedelta(days=1))
    store.close()
    damaged = b"garbage where the data file was" * 100
    (data_dir / DB_FILE_NAME).write_bytes(damaged)
    result = B.restore(data_dir, backup.path, now=NOW)
    assert result.safety_copy.name.startswith("steady-damaged-")
    assert result.safety_copy.read_bytes() == damaged
    reopened = open_store(data_dir)
    try:
        assert reopened.coping.count() == 4
    finally:
        reopened.close()


def test_service_restore_closes_and_reopens_through_the_callback(store, data_dir):
    add_coping(store, 6)
    service = BackupService(store, data_dir, FixedClock(NOW))
    backup = service.back_up_now()
    add_coping(store, 2, start=dt.datetime(2026, 2, 1))
    plan = service.restore_plan(backup.path)
    assert plan.backup.counts["coping_entries"] == 6 and plan.current_counts["coping_entries"] == 8
    assert ("coping_entries", 6, 8) in plan.rows()
    calls = []

    def reopen(*, before):
        calls.append(before)
        if before:
            store.close()
            return None
        return open_store(data_dir)

    service.clock.current = NOW + dt.timedelta(minutes=5)
    service.restore(backup.path, reopen)
    try:
        assert calls == [True, False]
        assert service.store.coping.count() == 6
    finally:
        service.store.close()


def test_every_table_of_a_data_file_has_a_name_a_person_would_use(store):
    from app.services.backups import table_label

    labels = {t: table_label(t) for t in B.record_counts(store.db.conn)}
    assert labels["coping_entries"] == "Coping entries" and labels["checkins"] == "Check-ins"
    assert labels["schedule_changes"] == "Changed or cancelled sessions"
    assert all("_" not in label and label[0].isupper() for label in labels.values()), labels
