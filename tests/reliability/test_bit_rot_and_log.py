"""Issue 13 item 6: bytes that are not UTF-8 in a stored note are read (as U+FFFD) so the
person can still list and export everything; `check` reports them; the error log holds
exception types and places, never values, and never leaves the data folder."""

from __future__ import annotations

import json
import sqlite3

from app import cli as steady
from tests.reliability.helpers import cli


def _rotted(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, _ = cli(capsys, data, "add", "coping", "--urge-before", "4", "--notes", "calm now")
    entry = out.strip()
    with sqlite3.connect(data / "steady.db") as conn:
        conn.execute("UPDATE coping_entries SET notes = CAST(? AS TEXT) WHERE id = ?",
                     [b"calm now\xff\xfe", entry])
    conn.close()
    return data, entry


def test_a_note_with_bytes_that_are_not_text_still_lists_and_exports(tmp_path, capsys):
    data, entry = _rotted(tmp_path, capsys)
    code, out, err = cli(capsys, data, "list", "coping", "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["notes"].startswith("calm now\ufffd")
    code, out, err = cli(capsys, data, "list", "coping")
    assert code == 0, err
    target = tmp_path / "all.json"
    code, out, err = cli(capsys, data, "export", "--format", "json", "--output", str(target))
    assert code == 0, err
    assert "calm now\ufffd" in target.read_text(encoding="utf-8")


def test_check_reports_text_that_is_not_valid(tmp_path, capsys):
    data, entry = _rotted(tmp_path, capsys)
    code, out, err = cli(capsys, data, "check")
    assert code == 4
    assert entry in err and "notes" in err and "coping" in err.lower()


def test_the_error_log_has_types_and_places_never_values(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    marker = "MARKER-private-words-7f3a"

    def explode(args, data_dir):
        raise RuntimeError(f"could not handle {marker}") from KeyError(marker)

    monkeypatch.setattr(steady, "_cmd_check", explode)
    code, out, err = cli(capsys, data, "check")
    assert code == 1 and marker not in err
    log = (data / "logs" / "steady-error.log").read_text()
    assert marker not in log
    assert "RuntimeError" in log and "KeyError" in log
    assert "test_bit_rot_and_log.py" in log and "explode" in log


def test_the_log_never_leaves_the_data_folder(tmp_path, capsys, monkeypatch):
    import tempfile

    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("a file where the logs folder should be")
    fake_tmp = tmp_path / "tmp"
    fake_tmp.mkdir()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(fake_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(fake_tmp))

    def explode(args, data_dir):
        raise ValueError("MARKER-2")

    monkeypatch.setattr(steady, "_cmd_check", explode)
    code, out, err = cli(capsys, data, "check")
    assert code == 1
    assert list(fake_tmp.iterdir()) == []
    assert "ValueError" in err and "MARKER-2" not in err
