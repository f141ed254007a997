"""steady add/list for the treatment details (issue 16 item 6): drug screens, the call-in
check, medications, doses (which fill the day's check-in medication answer), homework and
the aftercare plan, with `steady doses`, `steady aftercare` and `steady report aftercare`."""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from tests.cli.helpers import run


def _ok(folder, *args):
    code, out, err = run(folder, *args)
    assert code == 0, err
    return out, err


def test_drug_screen_add_and_list_in_both_spellings(tmp_path):
    out, _ = _ok(tmp_path, "add", "drug-screen", "--day", "2026-11-03", "--result", "negative",
                 "--substances", "opioids, THC", "--observed", "yes")
    assert len(out.strip()) == 36
    _ok(tmp_path, "add", "drug_screen", "--day", "2026-11-10", "--result", "pending")
    out, _ = _ok(tmp_path, "list", "drug-screen")
    assert "Not detected (negative)" in out and "Waiting for the result" in out
    out, _ = _ok(tmp_path, "list", "drug_screen", "--format", "json")
    rows = json.loads(out)
    assert [(r["day"], r["result"], r["observed"]) for r in rows] == [("2026-11-10", "pending", None),
                                                                      ("2026-11-03", "negative", True)]
    assert rows[1]["substances"] == "opioids, THC"


def test_a_result_that_is_not_one_of_the_choices_exits_3_in_one_sentence(tmp_path):
    code, out, err = run(tmp_path, "add", "drug-screen", "--result", "dirty")
    assert code == 3 and out == ""
    assert err.strip().splitlines() == ["steady: error: Result must be one of: pending, negative, positive, "
                                        "dilute, refused."]


def test_an_empty_list_says_what_to_do(tmp_path):
    for kind, words in (("drug-screen", "never erases your history"), ("medication", "doses a day"),
                        ("homework", "due date"), ("callin", "testing line"), ("aftercare", "aftercare plan")):
        out, _ = _ok(tmp_path, "list", kind)
        assert out.startswith("No ") and words in out


def test_medication_schedule_is_checked_and_kept_in_one_spelling(tmp_path):
    out, _ = _ok(tmp_path, "add", "medication", "--name", "Sertraline", "--dose", "50 mg", "--times-per-day", "2",
                 "--dose-times", "20:00; 8:00", "--start-date", "2026-11-01")
    out, _ = _ok(tmp_path, "list", "medication", "--format", "json")
    (med,) = json.loads(out)
    assert med["dose_times"] == "08:00, 20:00" and med["dosing"] == "take_home" and med["moud"] is False
    code, _, err = run(tmp_path, "add", "medication", "--name", "X", "--times-per-day", "1",
                       "--dose-times", "08:00, 20:00")
    assert code == 3 and "Times of day lists 2 times; Doses a day is 1." in err
    code, _, err = run(tmp_path, "add", "medication", "--name", "X", "--start-date", "2026-11-05",
                       "--stop-date", "2026-11-01")
    assert code == 3 and "Stopped must be on or after Started." in err


def test_doses_fill_an_empty_check_in_answer_and_never_overwrite_one(tmp_path):
    today = dt.date.today().isoformat()
    _ok(tmp_path, "add", "medication", "--name", "Buprenorphine", "--dose", "16 mg", "--dosing", "clinic",
        "--moud", "yes", "--start-date", "2026-01-01")
    _ok(tmp_path, "add", "medication", "--name", "Sertraline", "--times-per-day", "2", "--start-date", "2026-01-01")
    _ok(tmp_path, "add", "checkin", "--mood", "3", "--craving", "2")
    out, _ = _ok(tmp_path, "doses", "--format", "json")
    doc = json.loads(out)
    assert doc["day"] == today and doc["medication_taken"] is None
    assert [(d["medication"], d["slot"], d["status"]) for d in doc["doses"]] == [
        ("Buprenorphine", 1, None), ("Sertraline", 1, None), ("Sertraline", 2, None)]
    # Two of three logged: the day's answer is not known yet, the check-in stays blank.
    _, err = _ok(tmp_path, "add", "dose", "--medication", "Buprenorphine")
    _, err = _ok(tmp_path, "add", "dose", "--medication", "Sertraline", "--slot", "1")
    assert err == ""
    out, _ = _ok(tmp_path, "list", "checkin", "--format", "json")
    assert json.loads(out)[0]["medication_taken"] is None
    _, err = _ok(tmp_path, "add", "dose", "--medication", "Sertraline", "--slot", "2")
    assert "now says Medication taken: yes (from your doses)" in err
    out, _ = _ok(tmp_path, "list", "checkin", "--format", "json")
    assert json.loads(out)[0]["medication_taken"] is True
    out, _ = _ok(tmp_path, "doses")
    assert "Today's dose" in out and "Dose 2 of 2" in out and out.count("Taken") == 3


def test_a_dose_not_taken_answers_no_and_a_given_answer_stays(tmp_path):
    _ok(tmp_path, "add", "medication", "--name", "Naltrexone", "--start-date", "2026-01-01")
    _ok(tmp_path, "add", "checkin", "--mood", "3", "--craving", "1", "--day", "2026-03-02")
    _ok(tmp_path, "add", "checkin", "--mood", "3", "--craving", "1", "--day", "2026-03-03",
        "--medication-taken", "yes")
    _, err = _ok(tmp_path, "add", "dose", "--medication", "Naltrexone", "--day", "2026-03-02", "--status", "missed")
    assert "Medication taken: no" in err
    _, err = _ok(tmp_path, "add", "dose", "--medication", "Naltrexone", "--day", "2026-03-03", "--status", "missed")
    assert err == ""  # the person's own answer is theirs
    out, _ = _ok(tmp_path, "list", "checkin", "--format", "json")
    assert {r["day"]: r["medication_taken"] for r in json.loads(out)} == {"2026-03-02": False, "2026-03-03": True}


def test_a_dose_twice_or_beyond_the_day_exits_3(tmp_path):
    _ok(tmp_path, "add", "medication", "--name", "Naltrexone", "--start-date", "2026-01-01")
    _ok(tmp_path, "add", "dose", "--medication", "Naltrexone", "--day", "2026-03-02")
    code, _, err = run(tmp_path, "add", "dose", "--medication", "Naltrexone", "--day", "2026-03-02")
    assert code == 3 and "Dose 1 of" in err and "already logged" in err
    code, _, err = run(tmp_path, "add", "dose", "--medication", "Naltrexone", "--slot", "2")
    assert code == 3 and "there is no dose 2" in err
    code, _, err = run(tmp_path, "add", "dose", "--medication", "Nobody")
    assert code == 3 and "There is no medication called “Nobody”." in err


def test_deleting_a_medication_takes_its_doses_with_it(tmp_path):
    out, _ = _ok(tmp_path, "add", "medication", "--name", "Naltrexone", "--start-date", "2026-01-01")
    _ok(tmp_path, "add", "dose", "--medication", "Naltrexone", "--day", "2026-03-02")
    _ok(tmp_path, "delete", "medication", out.strip()[:8])
    out, _ = _ok(tmp_path, "list", "dose", "--format", "json")
    assert json.loads(out) == []


def test_homework_and_the_call_in_check(tmp_path):
    _ok(tmp_path, "add", "homework", "--title", "Relapse-prevention worksheet", "--due", "2026-11-20")
    out, _ = _ok(tmp_path, "list", "homework", "--format", "json")
    assert [(r["title"], r["due"], r["done"]) for r in json.loads(out)] == [
        ("Relapse-prevention worksheet", "2026-11-20", False)]
    _ok(tmp_path, "add", "callin", "--called", "yes", "--test-today", "no", "--day", "2026-11-20")
    code, _, err = run(tmp_path, "add", "callin", "--called", "yes", "--day", "2026-11-20")
    assert code == 3 and "already a call-in check" in err
    out, _ = _ok(tmp_path, "settings", "get", "treatment.callin_check")
    assert out.strip() == "0"
    _ok(tmp_path, "settings", "set", "treatment.callin_check", "1")


def test_aftercare_add_show_remove(tmp_path):
    first, _ = _ok(tmp_path, "aftercare", "add", "meetings", "Tuesday home group")
    _ok(tmp_path, "aftercare", "add", "meetings", "Saturday SMART meeting")
    _ok(tmp_path, "aftercare", "add", "appointments", "Dr. Lee every 4 weeks")
    out, _ = _ok(tmp_path, "aftercare", "show", "--format", "json")
    doc = {s["section"]: [i["text"] for i in s["items"]] for s in json.loads(out)}
    assert doc["meetings"] == ["Tuesday home group", "Saturday SMART meeting"]
    assert doc["appointments"] == ["Dr. Lee every 4 weeks"] and doc["actions"] == []
    out, _ = _ok(tmp_path, "list", "aftercare", "--format", "json")
    assert sorted(r["position"] for r in json.loads(out) if r["section"] == "meetings") == [0, 1]
    out, _ = _ok(tmp_path, "aftercare", "remove", first.strip()[:8])
    assert out.strip() == "Removed “Tuesday home group” from Meetings I will keep going to."
    code, _, err = run(tmp_path, "aftercare", "add", "nowhere", "x")
    assert code == 3 and "There is no aftercare plan section “nowhere”" in err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_aftercare_report_is_a_pdf_with_the_plan_and_the_medications(tmp_path):
    _ok(tmp_path, "aftercare", "add", "warning_signs", "Skipping meals and calls")
    _ok(tmp_path, "aftercare", "add", "actions", "Call Sam before doing anything else")
    _ok(tmp_path, "add", "medication", "--name", "Buprenorphine", "--dose", "16 mg", "--dosing", "clinic",
        "--prescriber", "Dr. Lee", "--start-date", "2026-01-01")
    pdf = tmp_path / "aftercare.pdf"
    out, _ = _ok(tmp_path, "report", "aftercare", "--output", str(pdf), "--name", "Alex")
    assert out.startswith(f"Wrote your aftercare plan to {pdf}")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("My aftercare plan — Alex", "Warning signs to watch for", "Skipping meals and calls",
                  "Call Sam before doing anything else", "Buprenorphine 16 mg: once a day, dosed at the clinic",
                  "prescribed by Dr. Lee", "(not written yet)"):
        assert words in text


def test_json_round_trip_of_every_treatment_kind(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    med, _ = _ok(a, "add", "medication", "--name", "Methadone", "--dose", "80 mg", "--dosing", "clinic",
                 "--moud", "yes", "--start-date", "2026-01-01")
    _ok(a, "add", "dose", "--medication", med.strip(), "--day", "2026-02-02", "--status", "missed")
    _ok(a, "add", "drug-screen", "--day", "2026-02-02", "--result", "dilute", "--notes", "Drank a lot of water")
    _ok(a, "add", "callin", "--day", "2026-02-02", "--called", "yes", "--test-today", "yes")
    _ok(a, "add", "homework", "--title", "Write a letter to my future self", "--done", "yes")
    _ok(a, "aftercare", "add", "people", "Sam (sponsor) 555-0100")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    _ok(a, "export", "--format", "json", "--output", str(one))
    exported = json.loads(one.read_text(encoding="utf-8"))["records"]
    for section in ("drug_screen", "callin", "medication", "dose", "homework", "aftercare"):
        assert len(exported[section]) == 1, section
    _ok(b, "import", str(one))
    _ok(b, "export", "--format", "json", "--output", str(two))
    strip = lambda p: {k: v for k, v in json.loads(p.read_text(encoding="utf-8")).items()  # noqa: E731
                       if k not in ("exported_at", "app_version")}
    assert strip(two) == strip(one)
    out, _ = _ok(b, "import", str(one))
    assert "0 added, 0 updated" in out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_a_long_aftercare_plan_runs_over_pages_and_is_never_cut_short(tmp_path):
    for i in range(70):
        _ok(tmp_path, "aftercare", "add", "actions", f"Step {i:02d}: something I will do")
    pdf = tmp_path / "long.pdf"
    _ok(tmp_path, "report", "aftercare", "--output", str(pdf))
    pages = []
    for n in (1, 2, 3):
        done = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True)
        pages.append(done.stdout if done.returncode == 0 else "")
    whole = "".join(pages)
    assert "Page 1 of" in pages[0] and "Page 2 of" in pages[1]
    assert all(f"Step {i:02d}: something I will do" in whole for i in range(70))
