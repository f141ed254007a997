"""`steady backup` and `steady restore`, in process through cli.main (a real subprocess where a
resource limit makes the disk look full)."""

import hashlib
import resource

from app.storage import DB_FILE_NAME, open_store

from .helpers import run, run_process


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def coping_count(data):
    store = open_store(data)
    try:
        return store.coping.count()
    finally:
        store.close()


def add(data, n):
    for i in range(n):
        code, _, err = run(data, "add", "coping", "--urge-before", "5", "--when", f"2026-01-0{i % 9 + 1} 10:00",
                           "--notes", "x" * 2000)
        assert code == 0, err


def test_backup_then_restore_brings_the_old_records_back(tmp_path):
    data = tmp_path / "data"
    add(data, 2)
    code, out, err = run(data, "backup")
    assert code == 0, err
    backups = list((data / "backups").glob("steady-manual-*.db"))
    assert len(backups) == 1 and str(backups[0]) in out and "2 records" in out
    add(data, 1)
    code, out, err = run(data, "restore", str(backups[0]))
    assert code == 0, err
    assert "Restored" in out and "before-restore" in out
    assert coping_count(data) == 2
    assert len(list((data / "backups").glob("steady-before-restore-*.db"))) == 1


def test_backup_output_writes_a_standalone_copy_and_leaves_backups_alone(tmp_path):
    data = tmp_path / "data"
    add(data, 1)
    target = tmp_path / "usb" / "mine.db"
    target.parent.mkdir()
    code, out, err = run(data, "backup", "--output", str(target))
    assert code == 0, err
    assert target.exists() and not (data / "backups").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.db"]
    assert run(data, "backup", "--output", str(tmp_path))[0] == 2  # a folder is a usage error


def test_restore_refuses_a_file_that_is_not_steady_data(tmp_path):
    data = tmp_path / "data"
    add(data, 1)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all " * 50)
    before = sha(data / DB_FILE_NAME)
    code, out, err = run(data, "restore", str(junk))
    assert code == 4 and out == ""
    assert "not a Steady data file" in err and err.count("\n") == 1
    assert sha(data / DB_FILE_NAME) == before and coping_count(data) == 1


def test_backup_on_a_full_disk_says_so_and_keeps_earlier_backups(tmp_path):
    data = tmp_path / "data"
    add(data, 40)
    assert run(data, "backup")[0] == 0
    earlier = {p.name: sha(p) for p in (data / "backups").iterdir()}
    size = (data / DB_FILE_NAME).stat().st_size
    data_before = sha(data / DB_FILE_NAME)

    def small_disk():  # writes past this offset come back short, then fail, like a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2 + 321, resource.RLIM_INFINITY))

    proc = run_process(data, "backup", drop=(), preexec_fn=small_disk)
    err = proc.stderr.decode()
    assert proc.returncode == 4, err
    assert "disk is full" in err and err.count("\n") == 1 and "Traceback" not in err
    assert {p.name: sha(p) for p in (data / "backups").iterdir()} == earlier
    assert sha(data / DB_FILE_NAME) == data_before


def test_commands_make_the_daily_backup_once_but_check_only_looks(tmp_path):
    data = tmp_path / "data"
    add(data, 1)  # opened empty: nothing to protect yet
    assert not (data / "backups").exists()
    assert run(data, "check")[0] == 0
    assert not (data / "backups").exists()
    add(data, 2)  # the first of these opens a store with a record in it
    daily = list((data / "backups").glob("steady-daily-*.db"))
    assert len(daily) == 1
    assert coping_count(data) == 3


def test_backup_output_onto_the_data_file_itself_is_refused(tmp_path):
    data = tmp_path / "data"
    add(data, 1)
    before = sha(data / DB_FILE_NAME)
    code, _, err = run(data, "backup", "--output", str(data / DB_FILE_NAME))
    assert code == 2 and "Steady's own data file" in err
    assert sha(data / DB_FILE_NAME) == before and coping_count(data) == 1
