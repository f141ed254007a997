"""Migration 0006 (attendance times in and out, the chair or secretary) upgrades a file of the
schema before it (the committed fixture schema-0005, made by that version's own code): every
attendance record keeps what it said, the new fields start blank, and they save and read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from app.domain.records import AttendanceRecord
from app.storage import open_store

FIXTURE = Path(__file__).parents[1] / "reliability" / "fixtures" / "schema-0005"


def test_a_file_from_before_0006_gains_blank_times_and_chair_and_keeps_every_record(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURE.with_suffix(".db"), data / "steady.db")
    before = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))["attendance"]
    with open_store(data) as store:
        applied = {r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")}
        assert "0006_attendance_times_and_chair" in applied
        records = {r.id: r for r in store.attendance.list()}
        assert set(records) == set(before)
        for record_id, old in before.items():
            new = records[record_id].to_plain()
            assert {k: new[k] for k in old} == old
            assert (new["time_in"], new["time_out"], new["chair_name"], new["chair_phone"]) == (None, None, "", "")
        some = next(iter(records.values()))
        changed = some.with_changes(time_in=dt.time(18, 5), time_out=dt.time(19, 30), chair_name="Pat R.",
                                    chair_phone="555-0142")
        store.attendance.update(changed)
    with open_store(data) as store:
        again = store.attendance.get(some.id)
        assert isinstance(again, AttendanceRecord)
        assert (again.time_in, again.time_out, again.chair_name, again.chair_phone) == (
            dt.time(18, 5), dt.time(19, 30), "Pat R.", "555-0142")
