"""The one way Steady reads a file someone gives it (app.services.importing), and that all
three importers go through it: real files (and a real FIFO for a file that grows while read)."""

import contextlib
import os
import threading

import pytest

from app.domain.errors import ValidationError
from app.services import ics_import, importing, meeting_guide, transfer
from app.services.importing import Warnings, decode, detect_format, file_format, read_bounded

READERS = [
    pytest.param(ics_import, ics_import.read_import_file, "calendar files", id="calendar"),
    pytest.param(meeting_guide, meeting_guide.read_feed_file, "meeting lists", id="meeting-list"),
    pytest.param(transfer, transfer.read_export_file, "Steady exports", id="steady-export"),
]


def _growing_file(tmp_path, size: int):
    """A FIFO: stat() says 0 bytes, and reading it yields `size` bytes, like a file that grew
    between the size check and the read."""
    path = tmp_path / "growing.json"
    os.mkfifo(path, 0o600)

    def feed():
        with contextlib.suppress(BrokenPipeError), open(path, "wb") as fh:
            fh.write(b"[" + b" " * (size - 1))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return path, writer


@pytest.mark.parametrize(("module", "read", "what"), READERS)
def test_every_importer_refuses_a_file_that_grew_past_its_limit_while_read(tmp_path, monkeypatch, module,
                                                                           read, what):
    monkeypatch.setattr(module, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    path, writer = _growing_file(tmp_path, 2 * 1024 * 1024 + 10)
    with pytest.raises(ValidationError) as err:
        read(path)
    writer.join(timeout=10)
    assert err.value.field == "file"
    assert err.value.message == f"growing.json is larger than 2 MB; Steady imports {what} up to that size."


@pytest.mark.parametrize(("module", "read", "what"), READERS)
def test_every_importer_refuses_a_file_over_its_limit_before_reading_it(tmp_path, monkeypatch, module, read,
                                                                        what):
    monkeypatch.setattr(module, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.bin"
    with open(path, "wb") as fh:
        fh.truncate(3 * 1024 * 1024 // 2)  # sparse: costs no disk
    with pytest.raises(ValidationError) as err:
        read(path)
    assert err.value.message == f"big.bin is 1.5 MB; Steady imports {what} of at most 1 MB."


@pytest.mark.parametrize(("module", "read", "what"), READERS)
def test_every_importer_says_why_a_file_cannot_be_read(tmp_path, module, read, what):
    with pytest.raises(ValidationError) as err:
        read(tmp_path / "gone.ics")
    assert err.value.message == f"{tmp_path / 'gone.ics'} cannot be read (No such file or directory)."


def test_a_file_within_the_limit_is_read_whole(tmp_path):
    path = tmp_path / "ok.ics"
    path.write_bytes(b"x" * 1000)
    assert read_bounded(path, limit=1000, what="calendar file") == b"x" * 1000


def test_decode_reads_utf8_and_utf16_and_says_when_it_replaced_bytes():
    assert decode("\ufeffCafé".encode("utf-8")) == ("Café", False)
    assert decode(b"\xef\xbb\xbf" + "Café".encode("utf-8")) == ("Café", False)
    assert decode("Café".encode("utf-16")) == ("Café", False)
    assert decode("Café".encode("latin-1")) == ("Caf\ufffd", True)
    assert importing.is_utf16("x".encode("utf-16")) and not importing.is_utf16(b"x")
    assert importing.looks_binary(b"PK\x03\x04\x00\x00") and not importing.looks_binary("x".encode("utf-16"))


def test_warnings_keep_the_first_ones_and_count_the_rest():
    warnings = Warnings(limit=3)
    for i in range(5):
        warnings.add(f"problem {i}")
    assert len(warnings) == 5
    assert warnings.first(2) == ["problem 0", "problem 1"]
    assert warnings.as_tuple() == ("problem 0", "problem 1", "problem 2", "…and 2 more problems like these.")
    few = Warnings()
    few.add("only one")
    assert few.as_tuple() == ("only one",)


def test_file_format_reads_the_head_of_a_real_file(tmp_path):
    ics = tmp_path / "cal.txt"
    ics.write_text("\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\n", encoding="utf-16")
    export = tmp_path / "x.json"
    export.write_text('{"format": "steady-export", "version": 1}', encoding="utf-8")
    assert file_format(ics) == "ics"
    assert file_format(export) == "steady"
    assert file_format(tmp_path / "missing.json") is None
    assert detect_format("feed.json", b"") == "meeting_guide"
