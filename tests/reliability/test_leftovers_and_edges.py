"""Issue 13 item 12: leftovers of killed processes go, the lock file is private and holds no
machine id, outputs only replace regular files, and no control character reaches a terminal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import open_store
from app.storage.store import STALE_AFTER_SECONDS
from tests.reliability.helpers import ROOT, cli


def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_stale_temporary_files_of_killed_backups_imports_and_first_starts_are_removed(tmp_path):
    data = tmp_path / "data"
    open_store(data).close()
    backups = data / "backups"
    backups.mkdir(exist_ok=True)
    stale = [backups / ".steady-manual-20261207-101010-000001.db.tmp",
             backups / ".steady-manual-20261207-101010-000001.db.tmp-journal",
             backups / ".steady-before-import-20261207-101010-000001.db.tmp",
             data / ".steady.db.new-123-abcd.tmp", data / ".steady.db.restore.tmp"]
    fresh = backups / ".steady-manual-20261207-121212-000001.db.tmp"
    others = [backups / "notes.tmp", data / "mine.db.tmp"]
    for p in stale + [fresh] + others:
        p.write_bytes(b"x" * 100)
    for p in stale + others:
        _age(p, STALE_AFTER_SECONDS + 60)
    open_store(data).close()
    assert [p for p in stale if p.exists()] == []
    assert fresh.exists()  # a live Steady may be writing it right now
    assert all(p.exists() for p in others)  # not Steady's names: never touched


def test_the_lock_file_is_private_and_holds_no_machine_id(tmp_path):
    data = tmp_path / "data"
    code = (
        "import sys, pathlib\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app import main as M\n"
        "folder = pathlib.Path(sys.argv[1]); folder.mkdir(mode=0o700)\n"
        "import os; os.umask(0)\n"
        "lock, problem = M._take_lock(folder)\n"
        "assert lock is not None, problem\n"
        "p = folder / M.LOCK_FILE_NAME\n"
        "print(oct(p.stat().st_mode & 0o777)); print(repr(p.read_bytes()))\n"
        "second, why = M._take_lock(folder)\n"
        "print(second is None)\n")
    out = subprocess.run([sys.executable, "-c", code, str(data)], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    mode, content, refused_twice = out.stdout.splitlines()
    assert mode == "0o600"
    lines = eval(content).split(b"\n")
    assert lines[0] == str(int(lines[0])).encode() and len([x for x in lines if x]) == 3
    machine = Path("/etc/machine-id")
    if machine.exists():
        assert machine.read_text().strip().encode() not in eval(content)
    assert refused_twice == "True"


@pytest.mark.parametrize("what", ["fifo", "device", "folder"])
def test_outputs_never_replace_anything_but_a_regular_file(tmp_path, capsys, what):
    data = tmp_path / "data"
    assert cli(capsys, data, "add", "coping", "--urge-before", "4", "--situation", "private words")[0] == 0
    target = tmp_path / "out"
    if what == "fifo":
        os.mkfifo(target, 0o600)
    elif what == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, 0o600 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
    else:
        target.mkdir()
    for args in (("export", "--format", "json", "--output", str(target)),
                 ("export", "--format", "ics", "--output", str(target)),
                 ("backup", "--output", str(target))):
        code, out, err = cli(capsys, data, *args)
        assert code in (2, 4), (args, err)
        mode = os.lstat(target).st_mode
        assert {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "folder": stat.S_ISDIR}[what](mode)


def test_a_link_to_a_regular_file_is_written_through_and_stays_a_link(tmp_path, capsys):
    data = tmp_path / "data"
    assert cli(capsys, data, "add", "coping", "--urge-before", "4")[0] == 0
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli(capsys, data, "export", "--format", "json", "--output", str(link))[0] == 0
    assert link.is_symlink() and real.read_text() != "old"


def test_no_control_character_reaches_the_terminal(tmp_path, capsys):
    data = tmp_path / "data"
    evil = "Group\x1b]0;pwned\x07\x1b[2J\rX"
    cal = tmp_path / "cal.ics"
    cal.write_bytes((
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
        "DTSTAMP:20261207T000000Z\r\nDTSTART:20261207T100000\r\nDTEND:20261207T110000\r\n"
        "SUMMARY:Shift\\x1b[31m\x1b[31mRED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode())
    outputs = []
    for args in (("add", "schedule", "--title", evil, "--start", "2026-12-07 10:00"),
                 ("import", str(cal), "--dry-run"), ("import", str(cal)),
                 ("add", "coping", "--urge-before", "x\x1b[31m"),
                 ("list", "schedule"), ("schedule", "conflicts", "--from", "2026-12-07"),
                 ("delete", "skill", "\x1b[2Jnothing\x1b[0m")):
        code, out, err = cli(capsys, data, *args)
        outputs.append(out + err)
    text = "".join(outputs)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "pwned" in text  # the words remain; only the control characters go
