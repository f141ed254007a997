"""`steady report session-prep`, and the counselor and attendance options of issue 16: a default
period that is exactly the last 12 whole weeks (as the README says), use data only with
--include-use, generic titles, what to include, a case number; an option of another kind of
report is one sentence and exit 3."""

import datetime as dt
import re
import shutil
import subprocess

import pytest

from app.services.reports import preset_range

from .helpers import ROOT, run
from .test_report_cli import demo  # noqa: F401 - fixture

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\ufb01", "fi").split())


def test_the_readme_and_the_code_agree_on_the_default_period():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "The period defaults to the last 12 whole weeks, Monday to Sunday, ending on the latest Sunday" in readme
    from app.ui.dialogs.report_dialog import DEFAULT_WEEKS

    assert DEFAULT_WEEKS == 12
    first, last = preset_range(12, dt.date(2026, 12, 9))  # a Wednesday
    assert (first, last) == (dt.date(2026, 9, 14), dt.date(2026, 12, 6))
    assert first.weekday() == 0 and last.weekday() == 6 and (last - first).days == 83


@needs_pdftotext
def test_default_counselor_period_is_twelve_whole_weeks_and_shares_no_use(demo, tmp_path):
    out = tmp_path / "summary.pdf"
    code, stdout, err = run(demo, "report", "counselor", "--output", str(out))
    assert code == 0, err
    first, last = preset_range(12, dt.date.today())
    assert f"for {first} to {last}" in stdout
    text = _text(out)
    assert "(12 weeks)" in text and "Craving by week" in text and "Step-down readiness" in text
    assert "Medication taken on" in text and "HALT" in text and "Self-checks" in text
    assert not re.search(r"Days of use|Lapses|days without use|sober", text, re.IGNORECASE)
    code, _, err = run(demo, "report", "counselor", "--output", str(out), "--include-use")
    assert code == 0, err
    assert "Use and time without use (shared by choice)" in _text(out)


@needs_pdftotext
def test_session_prep_and_attendance_options(demo, tmp_path):
    prep = tmp_path / "prep.pdf"
    code, stdout, err = run(demo, "report", "session-prep", "--output", str(prep), "--went-well", "Every group",
                            "--was-hard", "Payday", "--talk-about", "Stepping down")
    assert code == 0, err
    assert "Wrote the session prep" in stdout
    text = _text(prep)
    assert "Every group" in text and "Payday" in text and "Stepping down" in text and "Page 1 of 1" in text
    att = tmp_path / "attendance.pdf"
    code, _, err = run(demo, "report", "attendance", "--output", str(att), "--generic-titles", "--include",
                       "meetings", "--case-number", "CR-7", "--name", "Sam")
    assert code == 0, err
    text = _text(att)
    assert "Case number: CR-7" in text and "Support meeting" in text and "Provider:" in text
    for secret in ("Treatment session", "AA", "NA ·", "Big Book", "Closed", "Riverside IOP", "Evening IOP"):
        assert secret not in text, secret


@pytest.mark.parametrize("args,words", [
    (["counselor", "--case-number", "1"], "--case-number goes with the attendance report."),
    (["attendance", "--include-use"], "--include-use goes with the counselor and session-prep reports."),
    (["counselor", "--went-well", "x"], "--went-well goes with the session-prep report."),
    (["session-prep", "--from", "2026-11-01"], "takes no --from or --to"),
    (["session-prep", "--talk-about", "x" * 800], "at most 700 fit on the one page"),
])
def test_options_of_another_report_are_one_sentence(demo, tmp_path, args, words):
    code, _, err = run(demo, "report", *args, "--output", str(tmp_path / "x.pdf"))
    assert code == 3 and words in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
