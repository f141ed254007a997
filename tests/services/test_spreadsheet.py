"""The .xlsx export: read back with openpyxl (and, where installed, converted by LibreOffice
headless), on a real data folder."""

import csv
import datetime as dt
import os
import shutil
import subprocess

import openpyxl
import pytest

from app.domain.records import CheckIn, CopingEntry, CopingSkill, Goal, SupportContact
from app.services import transfer as T
from app.services.demo import generate_demo
from app.services.records import RecordService
from app.services.spreadsheet import MAX_CELL_TEXT, export_xlsx, xlsx_bytes
from app.storage import open_store
from tests.cli.helpers import run

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A data folder with a year of demo data and each kind's record count."""
    folder = tmp_path_factory.mktemp("demo")
    with open_store(folder) as store:
        generate_demo(store, years=1, today=TODAY)
        _add_treatment_details(store)
        counts = {s.name: len(getattr(store, s.repo).list()) for s in T.SECTIONS}
    return folder, counts


def _add_treatment_details(store) -> None:
    """One record of each kind the demo does not make, so every sheet is written."""
    from app.domain import records as D

    svc = RecordService(store)
    day = TODAY - dt.timedelta(days=3)
    med = svc.add(D.Medication(name="Buprenorphine", dose="16 mg", times_per_day=2, dose_times="08:00, 20:00",
                               dosing="clinic", moud=True, start_date=day))
    svc.add(D.DoseLog(medication_id=med.id, day=day, slot=2, status="missed"))
    svc.add(D.DrugScreen(day=day, result="negative", substances="=opioids", observed=True))
    svc.add(D.CallInCheck(day=day, called=True, test_today=False))
    svc.add(D.Homework(title="Worksheet", due=TODAY))
    svc.add(D.AftercareItem(section="people", text="Sam"))


def formula_cells(book):
    return [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))]


def test_one_sheet_per_kind_with_every_record_and_no_formulas(demo, tmp_path):
    folder, counts = demo
    path = tmp_path / "steady.xlsx"
    with open_store(folder) as store:
        size = export_xlsx(store, path)
    assert size == path.stat().st_size and oct(path.stat().st_mode & 0o777) == "0o600"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [s.name for s in T.SECTIONS]
    for s in T.SECTIONS:
        sheet = book[s.name]
        assert sheet.max_row == counts[s.name] + 1, s.name  # the header row and one row per record
        # (the demo sets no field added later, so none of their columns is written)
        assert [c.value for c in sheet[1]] == [n for n in s.record_type.field_names()
                                               if n not in s.record_type.ADDED_LATER]
    assert counts["attendance"] > 100 and formula_cells(book) == []


def test_cells_are_typed_and_text_is_formula_safe(store, tmp_path):
    svc = RecordService(store)
    skill = svc.add(CopingSkill(name='=HYPERLINK("http://evil")', category="other"))
    svc.add(CopingEntry(occurred_at=dt.datetime(2025, 5, 1, 9, 30), situation="+1 sad", urge_before=5,
                        skill_ids=(skill.id,), notes="@boss\tand -dash\x07 bell", triggers=("stress", "people")))
    svc.add(CheckIn(day=dt.date(2025, 5, 1), mood=4, craving=2, sleep_hours=7.5, notes="x" * (MAX_CELL_TEXT + 10)))
    svc.add(SupportContact(name="-Dana", role="peer", emergency=True))
    svc.add(Goal(title="Walk", kind="custom_number", target=10, unit="km", current_value=2.5,
                 start_date=dt.date(2025, 5, 1)))
    path = tmp_path / "typed.xlsx"
    export_xlsx(store, path)
    book = openpyxl.load_workbook(path)
    assert formula_cells(book) == []

    def row(sheet):
        ws = book[sheet]
        return {h.value: c for h, c in zip(ws[1], ws[2], strict=True)}

    coping = row("coping")
    assert coping["occurred_at"].value == dt.datetime(2025, 5, 1, 9, 30) and coping["occurred_at"].is_date
    assert coping["occurred_at"].number_format == "yyyy-mm-dd hh:mm"
    assert coping["urge_before"].value == 5 and coping["urge_before"].data_type == "n"
    assert coping["situation"].value == "'+1 sad"  # the CSV export's rule
    assert coping["notes"].value == "'@boss\tand -dash bell"  # the bell cannot be stored
    assert coping["triggers"].value == "stress; people" and coping["skill_ids"].value == skill.id
    assert row("skill")["name"].value.startswith("'=HYPERLINK")
    checkin = row("checkin")
    assert checkin["day"].value == dt.datetime(2025, 5, 1) and checkin["day"].number_format == "yyyy-mm-dd"
    assert checkin["sleep_hours"].value == 7.5 and checkin["mood"].value == 4
    assert len(checkin["notes"].value) == MAX_CELL_TEXT and checkin["notes"].value.endswith("…")
    contact = row("contact")
    assert contact["name"].value == "'-Dana" and contact["emergency"].value is True
    goal = row("goal")
    assert goal["current_value"].value == 2.5 and goal["target"].value == 10


def test_the_same_data_gives_the_same_bytes(demo):
    folder, _ = demo
    with open_store(folder) as store:
        first = xlsx_bytes(store)
        second = xlsx_bytes(store)
    assert first == second


def test_cli_export_xlsx(demo, tmp_path):
    folder, counts = demo
    out = tmp_path / "all.xlsx"
    code, stdout, err = run(folder, "export", "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    assert str(out) in stdout and "a sheet per kind" in stdout
    book = openpyxl.load_workbook(out)
    assert {ws.title: ws.max_row for ws in book.worksheets} == {k: n + 1 for k, n in counts.items()}
    code, _, err = run(folder, "export", "--format", "xlsx", "--output", str(tmp_path / "all.csv"))
    assert code == 3 and "--output must name a .xlsx file" in err and not (tmp_path / "all.csv").exists()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                            "apt-get install --no-install-recommends libreoffice-calc-nogui")
def test_libreoffice_reads_every_sheet_with_the_right_row_counts(demo, tmp_path):
    folder, counts = demo
    path = tmp_path / "steady.xlsx"
    with open_store(folder) as store:
        export_xlsx(store, path)
    out = tmp_path / "csv"
    out.mkdir()
    # "-1" as the sheet number writes every sheet to its own <name>-<sheet>.csv (LibreOffice 7.2+);
    # 44,34,76 = comma, double quote, UTF-8.
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own, never the person's
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    proc = subprocess.run([SOFFICE, "--headless", "--norestore", "--convert-to", every_sheet, "--outdir", str(out),
                           str(path)], capture_output=True, text=True, timeout=240, env=env)
    assert proc.returncode == 0, proc.stderr
    got = {}
    for s in T.SECTIONS:
        with open(out / f"steady-{s.name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        got[s.name] = len(rows) - 1
        assert rows[0] == [n for n in s.record_type.field_names() if n not in s.record_type.ADDED_LATER]
    assert got == counts
    with open(out / "steady-coping.csv", encoding="utf-8", newline="") as f:
        first = next(iter(csv.DictReader(f)))
    assert dt.datetime.fromisoformat(first["occurred_at"])  # a date-time, shown as one (not a serial number)
