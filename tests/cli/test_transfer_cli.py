"""`steady export --format json|csv` and `steady import EXPORT.json`, in process through cli.main."""

import csv
import io
import json
from pathlib import Path

from .helpers import run




def content(path: Path) -> dict:
    doc = json.loads(path.read_text("utf-8"))
    doc.pop("exported_at")
    return doc


def test_export_import_export_round_trip(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(a, "demo", "--years", "1")[0] == 0
    # The demo is written as it would be found before Steady first opens it; recording the
    # milestones it makes due (as opening it, or the import below, does) makes it whole.
    assert run(a, "goals", "milestones")[0] == 0
    code, out, _ = run(a, "export", "--format", "json", "--output", str(tmp_path / "one.json"))
    assert code == 0 and "one.json" in out
    code, out, _ = run(b, "import", str(tmp_path / "one.json"), "--dry-run")
    assert code == 0 and "Dry run:" in out and "nothing written" in out and "Check-ins" in out
    assert out.startswith("A Steady export made on ") and " UTC by Steady " in out.splitlines()[0]
    code, out, _ = run(b, "import", str(tmp_path / "one.json"))
    assert code == 0 and "0 updated" in out
    assert run(b, "export", "--format", "json", "--output", str(tmp_path / "two.json"))[0] == 0
    assert content(tmp_path / "one.json") == content(tmp_path / "two.json")
    code, out, _ = run(b, "import", str(tmp_path / "one.json"))
    assert code == 0 and "0 added, 0 updated" in out


def test_csv_export_to_a_new_folder(tmp_path):
    assert run(tmp_path / "d", "add", "contact", "--name", "=cmd|calc", "--role", "peer")[0] == 0
    code, out, _ = run(tmp_path / "d", "export", "--format", "csv", "--output", str(tmp_path / "csv" / "new"))
    assert code == 0
    text = (tmp_path / "csv" / "new" / "contact.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["name"] == "'=cmd|calc"


def test_newer_version_is_refused_and_nothing_written(tmp_path):
    f = tmp_path / "new.json"
    f.write_text(json.dumps({"format": "steady-export", "version": 9, "records": {}}))
    code, _, err = run(tmp_path / "d", "import", str(f))
    assert code == 3 and "newer Steady" in err and err.count("\n") == 1
    assert run(tmp_path / "d", "list", "contact")[0] == 0


def test_kind_flag_with_a_steady_export_is_a_usage_error(tmp_path):
    f = tmp_path / "x.json"
    f.write_text(json.dumps({"format": "steady-export", "version": 1, "records": {}}))
    code, _, err = run(tmp_path / "d", "import", str(f), "--kind", "work")
    assert code == 2 and "Steady export" in err


def test_export_to_a_missing_folder_is_one_sentence(tmp_path):
    code, _, err = run(tmp_path / "d", "export", "--format", "json", "--output", str(tmp_path / "no" / "x.json"))
    assert code == 4 and "could not write" in err and err.count("\n") == 1
