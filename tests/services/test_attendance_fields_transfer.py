"""Attendance times in and out and the chair (migration 0006) go through JSON, CSV and xlsx
export, and back in through JSON import; an export made before them still imports, and data that
never uses them exports byte for byte as before (no key, no column)."""

import csv
import datetime as dt
import io
import json

import openpyxl

from app.domain.records import AttendanceRecord, SupportGroup
from app.services import transfer as T
from app.services.records import RecordService
from app.services.spreadsheet import export_xlsx
from app.storage import open_store

NOW = dt.datetime(2026, 12, 7, 12)
NEW = ["time_in", "time_out", "chair_name", "chair_phone"]


def _fill(store):
    svc = RecordService(store)
    group = svc.add(SupportGroup(name="Tuesday Big Book", start_time=dt.time(19), end_time=dt.time(20)))
    svc.add(AttendanceRecord(occurred_at=dt.datetime(2026, 12, 1, 19), group_id=group.id, time_in=dt.time(19, 5),
                             time_out=dt.time(20, 15), chair_name="Pat R.", chair_phone="555-0142", signed_by="P. R."))
    svc.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 24, 19), group_id=group.id))


def test_json_round_trip_keeps_times_and_chair(tmp_path):
    with open_store(tmp_path / "a") as a:
        _fill(a)
        data = T.export_json(a, now=NOW)
    doc = json.loads(data)
    by_day = {r["occurred_at"][:10]: r for r in doc["records"]["attendance"]}
    assert list(by_day["2026-12-01"])[-4:] == NEW  # appended after the fields that were there before
    assert [by_day["2026-12-01"][k] for k in NEW] == ["19:05", "20:15", "Pat R.", "555-0142"]
    assert not set(NEW) & set(by_day["2026-11-24"])  # left unset: not written at all
    with open_store(tmp_path / "b") as b:
        T.apply_json_import(b, RecordService(b), T.plan_json_import(b, data))
        assert T.export_json(b, now=NOW) == data


def test_an_export_from_before_the_new_fields_still_imports(tmp_path):
    with open_store(tmp_path / "a") as a:
        _fill(a)
        doc = json.loads(T.export_json(a, now=NOW))
    for record in doc["records"]["attendance"]:
        for key in NEW:
            record.pop(key, None)
    with open_store(tmp_path / "b") as b:
        T.apply_json_import(b, RecordService(b), T.plan_json_import(b, json.dumps(doc).encode()))
        assert sorted((r.time_in, r.chair_name) for r in b.attendance.list()) == [(None, ""), (None, "")]


def test_csv_and_xlsx_carry_the_new_columns_last(tmp_path):
    with open_store(tmp_path / "a") as a:
        _fill(a)
        T.export_csv(a, tmp_path / "csv")
        export_xlsx(a, tmp_path / "all.xlsx")
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "attendance.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][-4:] == NEW
    assert ["19:05", "20:15", "Pat R.", "555-0142"] in [[c[:5] if i < 2 else c for i, c in enumerate(r[-4:])]
                                                     for r in rows[1:]]
    sheet = openpyxl.load_workbook(tmp_path / "all.xlsx")["attendance"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-4:] == NEW
    values = [[c.value for c in row][-2:] for row in sheet.iter_rows(min_row=2)]
    assert ["Pat R.", "555-0142"] in values


def test_data_without_the_new_fields_exports_as_before(tmp_path):
    with open_store(tmp_path / "a") as a:
        svc = RecordService(a)
        group = svc.add(SupportGroup(name="Tuesday Big Book"))
        svc.add(AttendanceRecord(occurred_at=dt.datetime(2026, 12, 1, 19), group_id=group.id, signed_by="P. R."))
        data = T.export_json(a, now=NOW)
        T.export_csv(a, tmp_path / "csv")
        export_xlsx(a, tmp_path / "all.xlsx")
    [line] = [ln for ln in data.decode().splitlines() if '"occurred_at"' in ln]
    assert line.rstrip(",").endswith('"signed_by": "P. R.", "notes": ""}')  # the fields of schema 0005, in order
    header = (tmp_path / "csv" / "attendance.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "id,occurred_at,group_id,schedule_item_id,status,reason,mode,shared,signed_by,notes"
    sheet = openpyxl.load_workbook(tmp_path / "all.xlsx")["attendance"]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][-1] == "notes"
