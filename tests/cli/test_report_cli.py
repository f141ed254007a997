"""`steady report`, in process through cli.main; and once as a real subprocess with no display,
where it must choose to draw off screen itself."""

import datetime as dt
import shutil
import subprocess

import pytest

from .helpers import run, run_process


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    code, _, err = run(folder, "demo", "--years", "1")
    assert code == 0, err
    return folder


def test_a_report_without_a_display_draws_off_screen(demo, tmp_path):
    att = tmp_path / "attendance.pdf"
    # Headless, as on a server: the command must choose offscreen itself.
    proc = run_process(demo, "report", "attendance", "--output", att, drop=("QT_QPA_PLATFORM", "DISPLAY",
                                                                             "WAYLAND_DISPLAY"), timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert b"Wrote the attendance record" in proc.stdout and att.read_bytes().startswith(b"%PDF-")


def test_both_reports(demo, tmp_path):
    out = tmp_path / "summary.pdf"
    code, stdout, err = run(demo, "report", "counselor", "--output", str(out), "--name", "Sam", "--page-size",
                            "letter")
    assert code == 0, err
    assert "Wrote the counselor summary" in stdout and out.read_bytes().startswith(b"%PDF-")
    att = tmp_path / "attendance.pdf"
    code, stdout, err = run(demo, "report", "attendance", "--from", "2000-01-01", "--output", str(att))
    assert code == 3 and "ten years" in err  # more than ten years back
    code, stdout, err = run(demo, "report", "attendance", "--output", str(att))
    assert code == 0, err
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(att), "-"], capture_output=True, text=True, check=True).stdout
        assert "Attendance record" in text and "Signature" in text and "Page 1 of" in text
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "Name: Sam" in text and "Treatment sessions" in text


@pytest.mark.parametrize("args,code,words", [
    (["--from", "2026-02-30"], 3, "--from must be a date"),
    (["--from", "2026-03-10", "--to", "2026-03-01"], 3, "on or after"),
    (["--page-size", "a5"], 2, "invalid choice"),
])
def test_bad_input_exits_with_one_sentence(demo, tmp_path, args, code, words):
    got, _, err = run(demo, "report", "counselor", "--output", str(tmp_path / "r.pdf"), *args)
    assert got == code and words in err
    assert not (tmp_path / "r.pdf").exists()


def test_output_must_be_pdf(demo, tmp_path):
    got, _, err = run(demo, "report", "attendance", "--output", str(tmp_path / "r.txt"))
    assert got == 3 and ".pdf" in err


def test_single_notes_can_be_chosen_by_id(demo, tmp_path):
    import json

    code, out, err = run(demo, "list", "coping", "--format", "json")
    assert code == 0, err
    from app.services.reports import preset_range

    first, last = preset_range(12, dt.date.today())  # the default period: whole weeks to the latest Sunday
    entries = [e for e in json.loads(out) if e["situation"].strip()
               and first <= dt.date.fromisoformat(e["occurred_at"][:10]) <= last]
    entries.sort(key=lambda e: e["occurred_at"], reverse=True)
    chosen, other = entries[0], next(e for e in entries[1:] if e["situation"] != entries[0]["situation"])
    pdf = tmp_path / "chosen.pdf"
    code, _, err = run(demo, "report", "counselor", "--output", str(pdf), "--include-note", chosen["id"])
    assert code == 0, err
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Notes shared" in text and chosen["situation"].strip() in text
        assert other["situation"].strip() not in text.split("Notes shared", 1)[1]

    code, _, err = run(demo, "report", "counselor", "--output", str(tmp_path / "x.pdf"), "--include-note", "nope")
    assert code == 3 and "nope is not a note from" in err and "\n" not in err.strip()
    code, _, err = run(demo, "report", "counselor", "--output", str(tmp_path / "x.pdf"), "--include-notes", "all",
                       "--include-note", chosen["id"])
    assert code == 3 and "not both" in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_default_period_is_the_last_12_whole_weeks(demo, tmp_path):
    from app.reports.html import range_text
    from app.services.reports import preset_range

    first, last = preset_range(12, dt.date.today())
    out = tmp_path / "default.pdf"
    code, _, err = run(demo, "report", "attendance", "--output", str(out))
    assert code == 0, err
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert range_text(first, last) in text and "(12 weeks)" in text
