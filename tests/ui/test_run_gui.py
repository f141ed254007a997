"""Starting the app: single instance, unreadable data, and the smoke run."""

import sys

from PySide6.QtCore import QLockFile

from app.main import LOCK_FILE_NAME, already_open_message, build_main_window, run_gui


def test_smoke_run_prints_first_paint_and_exits_zero(data_dir, capsys):
    assert run_gui(data_dir, smoke=True) == 0
    out = capsys.readouterr().out
    line = [ln for ln in out.splitlines() if ln.startswith("first-paint-ms ")]
    assert line and int(line[0].split()[1]) >= 0
    assert (data_dir / "steady.db").exists()
    # The window paints, then the data, then (matplotlib loaded only now) the dashboard chart.
    names = [ln.split()[0] for ln in out.splitlines() if ln.endswith(tuple("0123456789"))]
    assert names == ["first-paint-ms", "data-ready-ms", "charts-ready-ms"]


def test_second_instance_is_refused(data_dir, capsys):
    held = QLockFile(str(data_dir / LOCK_FILE_NAME))
    assert held.tryLock(100)
    try:
        assert run_gui(data_dir, smoke=True) == 4
    finally:
        held.unlock()
    err = capsys.readouterr().err
    assert already_open_message(data_dir) in err
    assert "Steady is already open on this data folder" in err


def test_lock_is_released_after_a_run(data_dir):
    assert run_gui(data_dir, smoke=True) == 0
    again = QLockFile(str(data_dir / LOCK_FILE_NAME))
    assert again.tryLock(100)
    again.unlock()


def test_unusable_data_file_is_reported_and_left_alone(data_dir, capsys):
    garbage = b"this is not a database" * 10
    (data_dir / "steady.db").write_bytes(garbage)
    assert run_gui(data_dir, smoke=True) == 4
    assert "not a Steady data file" in capsys.readouterr().err
    assert (data_dir / "steady.db").read_bytes() == garbage


def test_build_main_window_and_close(qapp, data_dir):
    window, close = build_main_window(data_dir)
    window.show()
    qapp.processEvents()
    close()


def test_lock_left_by_a_crash_is_recovered(data_dir, capsys):
    import subprocess

    crash = (
        "import os, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        "lock = QLockFile(sys.argv[1])\n"
        "assert lock.tryLock(100)\n"
        "os._exit(0)  # dies holding the lock, like a crash\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(data_dir / LOCK_FILE_NAME)], check=True, timeout=60)
    assert (data_dir / LOCK_FILE_NAME).exists()
    assert run_gui(data_dir, smoke=True) == 0
    assert "first-paint-ms" in capsys.readouterr().out
