"""The `steady` command against a real data folder: in process through `cli.main(argv)`, and
as a real subprocess where only a real process shows it (the entry point, encoding, no display)."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from app import cli
from app.storage import DB_FILE_NAME, open_store

from .helpers import ROOT, run, run_process


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def test_add_prints_id_of_committed_record(data):
    code, out, err = run(data, "add", "coping", "--urge-before", "8", "--urge-after", "3",
                         "--triggers", "stress,lonely", "--situation", "Payday Friday", "--when", "2026-01-05 19:30")
    assert code == 0, err
    new_id = out.strip()
    store = open_store(data)
    try:
        entry = store.coping.get(new_id)
    finally:
        store.close()
    assert entry is not None and entry.urge_after == 3 and entry.triggers == ("stress", "lonely")


def test_every_required_kind_can_be_added_and_listed_as_json(data):
    assert run(data, "add", "schedule", "--title", "Group therapy", "--start", "2026-01-06 18:00",
               "--end", "2026-01-06 21:00", "--recurrence", "FREQ=WEEKLY;BYDAY=TU,TH",
               "--timezone", "America/New_York")[0] == 0
    assert run(data, "add", "group", "--name", "Home group", "--fellowship", "AA", "--weekday", "1")[0] == 0
    assert run(data, "add", "attendance", "--group", "home group", "--when", "2026-01-06 19:00",
               "--status", "excused", "--reason", "Flu")[0] == 0
    assert run(data, "add", "selfcare", "--category", "exercise", "--minutes", "30",
               "--when", "2026-01-06 07:00")[0] == 0
    assert run(data, "add", "checkin", "--day", "2026-01-06", "--mood", "4", "--craving", "2",
               "--sleep-hours", "7.5", "--medication-taken", "yes", "--used-substances", "no")[0] == 0
    for kind, field in [("schedule", "recurrence"), ("attendance", "reason"), ("selfcare", "minutes"),
                        ("checkin", "sleep_hours")]:
        code, out, _ = run(data, "list", kind, "--format", "json")
        assert code == 0
        rows = json.loads(out)
        assert len(rows) == 1 and field in rows[0] and "id" in rows[0]


def test_list_coping_json_has_the_documented_field_names(data):
    run(data, "add", "coping", "--urge-before", "5", "--when", "2026-01-05 10:00", "--notes", "שלום 🙂")
    code, out, _ = run(data, "list", "coping", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    documented = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in rows[0]:
        assert f"`{name}`" in documented, name
    assert rows[0]["notes"] == "שלום 🙂"


def test_list_date_range(data):
    for day in ("2026-01-01", "2026-01-15", "2026-02-01"):
        run(data, "add", "selfcare", "--category", "hobby", "--minutes", "20", "--when", f"{day} 10:00")
    code, out, _ = run(data, "list", "selfcare", "--from", "2026-01-10", "--to", "2026-01-31", "--format", "json")
    assert [r["occurred_at"][:10] for r in json.loads(out)] == ["2026-01-15"]
    code, out, _ = run(data, "list", "selfcare")
    assert code == 0 and "Hobby" in out


@pytest.mark.parametrize("args, field_words", [
    (["add", "coping", "--urge-before", "7", "--urge-after", "11"], "Urge after must be between 0 and 10"),
    (["add", "coping", "--urge-before", "seven"], "Urge before must be a whole number"),
    (["add", "coping"], "Urge before is required"),
    (["add", "coping", "--urge-before", "3", "--when", "2099-01-01 10:00"], "When cannot be in the future"),
    (["add", "selfcare", "--minutes", "0"], "Minutes must be between 1 and 1440"),
    (["add", "schedule", "--title", "x", "--start", "2026-01-01 10:00", "--end", "2026-01-01 09:00"],
     "Ends must be after Starts"),
    (["add", "attendance", "--group", "Nowhere"], "no meeting called"),
    (["list", "coping", "--from", "yesterday"], "--from must be a date"),
    (["demo", "--years", "50"], "Years must be between 1 and 20"),
])
def test_invalid_input_exits_3_naming_the_field_and_writes_nothing(data, args, field_words):
    code, out, err = run(data, *args)
    assert code == 3
    assert field_words in err
    assert out == ""
    if (data / DB_FILE_NAME).exists():
        store = open_store(data)
        try:
            assert store.record_count() == 0
        finally:
            store.close()


def test_usage_errors_exit_2(data):
    assert run(data, "list", "nonsense")[0] == 2
    assert run(data, "add")[0] == 2
    assert run(data, "frobnicate")[0] == 2
    assert run(data, "add", "coping", "--no-such-option", "1")[0] == 2


def test_invalid_utf8_argument_is_input_error(data):
    proc = run_process(data, "add", "coping", "--notes", b"caf\xe9", drop=())
    assert proc.returncode == 3
    assert b"not valid UTF-8" in proc.stderr and b"Traceback" not in proc.stderr


def test_version(data):
    code, out, _ = run(data, "--version")
    assert code == 0 and out.startswith("steady ")


def test_the_entry_point_passes_exit_codes_and_writes_utf8_to_the_terminal(data):
    """`python -m app` hands main()'s code to the shell, and a record's text reaches a UTF-8
    terminal as UTF-8 (and a non-UTF-8 one as replacement characters, not a crash)."""
    proc = run_process(data, "add", "coping", "--urge-before", "5", "--situation", "שלום 🙂", "--when",
                       "2026-01-05 10:00")
    assert proc.returncode == 0, proc.stderr
    proc = run_process(data, "list", "coping", "--format", "json", env={"PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0 and "שלום 🙂".encode() in proc.stdout
    proc = run_process(data, "list", "coping", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr and b"?" in proc.stdout
    proc = run_process(data, "list", "nonsense")
    assert proc.returncode == 2 and b"invalid choice" in proc.stderr
    proc = run_process(data, "add", "coping", "--urge-before", "11")
    assert proc.returncode == 3 and proc.stdout == b""


def test_check_ok_and_missing(data, tmp_path):
    run(data, "add", "coping", "--urge-before", "3")
    code, out, _ = run(data, "check")
    assert code == 0 and "healthy" in out
    code, _, err = run(tmp_path / "nothing-here", "check")
    assert code == 4 and "no Steady data file" in err


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", ["newer", "truncated", "zero", "garbage", "foreign"])
def test_refused_files_exit_4_and_stay_byte_for_byte(data, damage):
    assert run(data, "add", "coping", "--urge-before", "3")[0] == 0
    path = data / DB_FILE_NAME
    if damage == "newer":
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('steady', '0999_future', 'x')")
        conn.commit()
        conn.close()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif damage == "zero":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(8192))
    elif damage == "foreign":
        path.unlink()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA application_id = 42")
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    before = sha(path)
    for args in (["check"], ["list", "coping"], ["add", "coping", "--urge-before", "1"]):
        code, out, err = run(data, *args)
        assert code == 4, (args, err)
        assert str(path) in err and out == ""
        assert len(err.strip().splitlines()) == 1
    assert sha(path) == before


def test_demo_refuses_folder_with_records(data):
    run(data, "add", "coping", "--urge-before", "3")
    code, _, err = run(data, "demo")
    assert code == 3 and "already holds your records" in err


def test_unexpected_error_is_logged_not_shown(data, monkeypatch, capsys):
    def explode(args, data_dir):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli, "_cmd_check", explode)
    code = cli.main(["--data-dir", str(data), "check"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "steady-error.log" in err
    log = data / "logs" / "steady-error.log"
    text = log.read_text()
    assert "RuntimeError" in text and "simulated bug" not in text  # types and places, never values


def test_schedule_week_and_conflicts(data):
    run(data, "add", "program", "--name", "Evening IOP", "--start-date", "2026-01-01")
    code, out, _ = run(data, "list", "program", "--format", "json")
    program_id = json.loads(out)[0]["id"]
    run(data, "add", "phase", "--program", program_id, "--name", "Intensive", "--start-date", "2026-01-01",
        "--target-sessions-per-week", "3", "--target-treatment-hours", "9")
    run(data, "add", "schedule", "--title", "Evening group", "--kind", "group_therapy",
        "--start", "2026-03-02 18:00", "--end", "2026-03-02 21:00", "--recurrence", "FREQ=WEEKLY;BYDAY=MO,WE,TH",
        "--timezone", "America/New_York")
    run(data, "add", "schedule", "--title", "Late shift", "--kind", "work",
        "--start", "2026-03-04 16:00", "--end", "2026-03-04 20:00", "--timezone", "America/New_York")
    code, out, _ = run(data, "schedule", "week", "--date", "2026-03-05", "--format", "json")
    week = json.loads(out)
    assert code == 0 and week["week_start"] == "2026-03-02"
    assert week["hours"]["treatment"] == 9 and week["hours"]["work"] == 4
    assert week["phase"] == "Intensive" and week["treatment_status"] == "on target" and week["conflicts"] == 1
    code, out, _ = run(data, "schedule", "week", "--date", "2026-03-05")
    assert "Treatment: 9 h in 3 sessions (target 9 h, 3 sessions: on target)" in out
    code, out, _ = run(data, "schedule", "conflicts", "--from", "2026-03-01", "--to", "2026-03-31")
    assert code == 0 and "treatment clashes with work" in out and out.startswith("! ")
    code, out, _ = run(data, "schedule", "conflicts", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json")
    assert json.loads(out)[0]["treatment_vs_work_or_school"] is True
    assert run(data, "schedule", "conflicts", "--from", "2026-03-31", "--to", "2026-03-01")[0] == 3


def test_ics_export_then_import_updates_by_uid(data, tmp_path):
    run(data, "add", "schedule", "--title", "Evening group", "--kind", "group_therapy",
        "--start", "2026-03-02 18:00", "--end", "2026-03-02 21:00", "--recurrence", "FREQ=WEEKLY;BYDAY=MO,WE",
        "--timezone", "America/New_York")
    out_file = tmp_path / "schedule.ics"
    code, out, _ = run(data, "export", "--format", "ics", "--output", str(out_file))
    assert code == 0 and out_file.read_bytes().startswith(b"BEGIN:VCALENDAR")
    other = tmp_path / "other"
    code, out, _ = run(other, "import", str(out_file), "--kind", "group_therapy", "--dry-run")
    assert code == 0 and "1 to add" in out and "nothing written" in out
    assert run(other, "import", str(out_file), "--kind", "group_therapy")[1].strip().endswith(
        "1 added, 0 updated, 0 skipped with a warning.")
    assert "0 added, 1 updated" in run(other, "import", str(out_file), "--kind", "group_therapy")[1]
    code, out, _ = run(other, "list", "schedule", "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["recurrence"].startswith("FREQ=WEEKLY")


def test_ics_import_refuses_broken_file_and_writes_nothing(data, tmp_path):
    run(data, "add", "coping", "--urge-before", "3")
    before = sha(data / DB_FILE_NAME)
    bad = tmp_path / "broken.ics"
    bad.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n")
    code, out, err = run(data, "import", str(bad))
    assert code == 3 and len(err.strip().splitlines()) == 1
    assert run(data, "import", str(tmp_path / "missing.ics"))[0] == 3
    assert sha(data / DB_FILE_NAME) == before


def test_the_skill_library_is_there_from_the_first_command(data):
    code, out, err = run(data, "list", "skill", "--format", "json")
    assert code == 0, err
    names = {s["name"] for s in json.loads(out)}
    assert len(names) >= 25 and "Box breathing" in names
    code, out, err = run(data, "add", "coping", "--urge-before", "6", "--skills", "Box breathing",
                         "--when", "2026-01-05 19:30")
    assert code == 0, err
    code, out, err = run(data, "list", "coping", "--format", "json")
    assert len(json.loads(out)[0]["skill_ids"]) == 1


def test_without_a_display_the_window_says_so_and_smoke_draws_off_screen(data):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["STEADY_DATA_DIR"] = str(data)
    env["XDG_CONFIG_HOME"] = str(data.parent / "config")  # not this machine's window settings
    proc = subprocess.run([sys.executable, "-m", "app"], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)  # a real process: what the shell sees without a display
    assert proc.returncode == 4
    assert proc.stderr.strip().startswith("steady: error: there is no display to open the window on")
    proc = subprocess.run([sys.executable, "-m", "app", "--smoke"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [ln.split()[0] for ln in proc.stdout.splitlines()] == ["first-paint-ms", "data-ready-ms", "charts-ready-ms"]


def test_smoke_goes_on_and_ends_when_its_reader_stops_after_the_first_line(data):
    """`steady --smoke | head -1`: head leaves after one line; Steady must end as usual."""
    env = {**os.environ, "STEADY_DATA_DIR": str(data), "XDG_CONFIG_HOME": str(data.parent / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "--smoke"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert proc.stdout.readline().startswith("first-paint-ms ")
        proc.stdout.close()  # as head does once it has its line
        assert proc.wait(timeout=60) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()


def test_sentences_follow_the_locale_and_json_stays_iso(data, monkeypatch, capsys):
    """A US locale reads 12-hour times and the month first; the JSON is the same everywhere."""
    monkeypatch.setenv("STEADY_DATA_DIR", str(data))
    cli.main(["add", "schedule", "--title", "Evening group", "--kind", "group_therapy",
              "--start", "2026-03-04 18:00", "--end", "2026-03-04 21:00", "--timezone", "UTC"])
    cli.main(["add", "schedule", "--title", "Late shift", "--kind", "work",
              "--start", "2026-03-04 16:00", "--end", "2026-03-04 20:00", "--timezone", "UTC"])
    capsys.readouterr()
    window = ["schedule", "conflicts", "--from", "2026-03-01", "--to", "2026-03-31"]
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert cli.main(window) == 0
    assert "(Wed 4 Mar 16:00–20:00) overlaps Evening group (18:00–21:00)" in capsys.readouterr().out
    assert cli.main([*window, "--format", "json"]) == 0
    as_json = capsys.readouterr().out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert cli.main(window) == 0
    assert "(Wed, Mar 4 4:00–8:00\u00a0PM) overlaps Evening group (6:00–9:00\u00a0PM)" in capsys.readouterr().out
    assert cli.main([*window, "--format", "json"]) == 0
    assert capsys.readouterr().out == as_json
