"""Issue 13 item 11: a Steady export larger than the stated limit (32 MB) is refused before a
byte of it is read, with one sentence; within it an import is bounded (README: Reliability)."""

from __future__ import annotations

import os
import time

from app.services.transfer import MAX_FILE_BYTES
from tests.reliability.helpers import cli


def test_an_export_over_the_limit_is_refused_before_reading(tmp_path, capsys):
    assert MAX_FILE_BYTES == 32 * 1024 * 1024
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.write(b'{"format": "steady-export", "version": 1, "records": {')
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB the way the export was
    started = time.perf_counter()
    code, out, err = cli(capsys, tmp_path / "data", "import", str(big))
    assert code == 3
    assert "at most 32 MB" in err and err.count("\n") == 1
    assert time.perf_counter() - started < 5
    assert not (tmp_path / "data" / "steady.db").exists() or os.path.getsize(tmp_path / "data" / "steady.db") < 2**20
