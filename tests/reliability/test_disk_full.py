"""Issue 13 item 10: a full disk is told as a full disk, with what to do, never as damage
("restore a backup" could make a person put an older backup over good data)."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from pathlib import Path

import pytest

from tests.reliability.helpers import cli, run


@contextlib.contextmanager
def _small_disk(where: Path, size: str = "4m"):
    where.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (run the suite as root, or in a container)")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {proc.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    with contextlib.suppress(OSError), open(folder / "filler2", "wb") as fh:  # the last few bytes
        while True:
            fh.write(b"\0")
            fh.flush()
    return filler


def test_a_full_disk_is_no_space_with_what_to_do_and_the_data_survives(tmp_path, capsys):
    with _small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        for i in range(20):
            assert cli(capsys, data, "add", "coping", "--urge-before", str(i % 10))[0] == 0
        cal = tmp_path / "cal.ics"
        cal.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
                        b"DTSTAMP:20261207T000000Z\r\nDTSTART:20261207T100000\r\nDTEND:20261207T110000\r\n"
                        b"SUMMARY:Shift\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        _fill(disk)
        before = (data / "steady.db").read_bytes()
        for args in (("add", "coping", "--urge-before", "3"), ("check",), ("import", str(cal)),
                     ("backup",), ("export", "--format", "json", "--output", str(disk / "out.json"))):
            code, out, err = cli(capsys, data, *args)
            assert code == 4, (args, out, err)
            assert "space" in err, (args, err)
            assert "estore" not in err and "damaged" not in err, (args, err)
        code, out, err = run(data, "--smoke", timeout=90)
        assert code == 4 and "space" in err and "permission" not in err, err
        assert (data / "steady.db").read_bytes() == before
        for name in ("filler", "filler2"):
            (disk / name).unlink()
        code, out, err = cli(capsys, data, "check")
        assert code == 0 and "20 records" in out.replace(",", "") or "healthy" in out, (out, err)
        code, out, _ = cli(capsys, data, "list", "coping", "--format", "json")
        assert out.count('"id"') == 20
