"""`steady goals …`, in process through cli.main against a real data folder."""

import datetime as dt
import json
import re

import pytest

from app.domain.records import SobrietyPeriod
from app.storage import DB_FILE_NAME, open_store

from .helpers import run


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def _goals(data):
    store = open_store(data)
    try:
        return store.goals.list()
    finally:
        store.close()


def test_goals_add_then_list_shows_status_progress_and_a_sentence(data):
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    code, out, err = run(data, "goals", "add", "--title", "Go to 3 meetings a week", "--kind", "meetings_per_week",
                         "--target", "3", "--unit", "meetings", "--start", (monday - dt.timedelta(days=7)).isoformat())
    assert code == 0, err
    goal_id = out.strip()
    run(data, "add", "group", "--name", "Home group")
    run(data, "add", "attendance", "--group", "Home group")  # now, so in this week
    code, out, err = run(data, "goals", "list", "--format", "json")
    assert code == 0, err
    [row] = json.loads(out)
    assert row["id"] == goal_id and row["current"] == 1 and row["target"] == 3
    assert row["status"] in ("on track", "behind") and row["text"] == "1 of 3 meetings this week"
    assert row["history"][-1]["actual"] == 1 and row["history"][-1]["met"] is False
    code, out, _ = run(data, "goals", "list")
    assert code == 0
    assert "Go to 3 meetings a week" in out and "1 of 3 meetings this week" in out


def test_goals_add_takes_the_same_options_as_add_goal_plus_start_and_end(data):
    start, end = dt.date.today() - dt.timedelta(days=60), dt.date.today() - dt.timedelta(days=10)
    code, out, err = run(data, "goals", "add", "--title", "Tell my manager", "--kind", "custom checklist",
                         "--start", start.isoformat(), "--end", end.isoformat())
    assert code == 0, err
    [goal] = _goals(data)
    assert (goal.kind, goal.start_date, goal.end_date) == ("custom_checklist", start, end)
    code, _, err = run(data, "add", "goal", "--title", "Sober", "--kind", "sober_days", "--target", "90")
    assert code == 0, err
    code, out, _ = run(data, "goals", "list", "--format", "json")
    assert {r["title"]: r["status"] for r in json.loads(out)} == {"Tell my manager": "ended", "Sober": "behind"}


@pytest.mark.parametrize("args, field", [
    (["--title", "x", "--kind", "meetings_a_lot", "--target", "3"], "Measured by"),
    (["--title", "x", "--kind", "meetings_per_week"], "Target"),
    (["--kind", "meetings_per_week", "--target", "3"], "Goal"),
    (["--title", "x", "--kind", "treatment_attendance", "--target", "120"], "Target"),
    (["--title", "x", "--kind", "sober_days", "--target", "9", "--start", "2026-05-01", "--end", "2026-04-01"], "End date"),
    (["--title", "x", "--kind", "sober_days", "--target", "nine"], "Target"),
])
def test_bad_input_is_one_sentence_exit_3_and_nothing_written(data, args, field):
    code, out, err = run(data, "goals", "add", *args)
    assert code == 3 and out == ""
    assert err.startswith("steady: error: ") and field in err and len(err.strip().splitlines()) == 1
    assert _goals(data) == []


def test_usage_errors_exit_2(data):
    assert run(data, "goals")[0] == 2
    assert run(data, "goals", "list", "--format", "xml")[0] == 2
    assert run(data, "goals", "add", "--no-such-option", "1")[0] == 2


def test_adding_a_record_records_the_milestones_it_makes_due(data):
    """Milestones are recorded in the write path: `steady add sobriety` records the marks
    already reached; listing them afterwards has nothing new to record."""
    start = dt.date.today() - dt.timedelta(days=40)
    assert run(data, "add", "sobriety", "--start-date", start.isoformat())[0] == 0
    store = open_store(data)
    try:
        titles = sorted(m.title for m in store.milestones.list())
    finally:
        store.close()
    assert titles == ["1 day sober", "14 days sober", "30 days sober", "7 days sober"]
    code, out, _ = run(data, "goals", "milestones")
    assert code == 0 and "new milestone" not in out and "30 days sober" in out


def test_milestones_are_recorded_once_and_listed_newest_first(data):
    start = dt.date.today() - dt.timedelta(days=40)
    assert run(data, "add", "milestone", "--title", "Finish phase 1", "--target-date", "2099-01-01")[0] == 0
    # Written straight into the file (as by an older Steady, or days passing): nothing
    # recorded the marks yet, so `goals milestones` records them.
    store = open_store(data)
    try:
        store.sobriety.add(SobrietyPeriod(start_date=start))
    finally:
        store.close()
    code, out, err = run(data, "goals", "milestones")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "4 new milestones recorded: well done."
    titles = [re.split(r"\s{2,}", line)[1] for line in lines[3:]]
    assert titles == ["30 days sober", "14 days sober", "7 days sober", "1 day sober", "Finish phase 1"]
    code, out, _ = run(data, "goals", "milestones", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert rows[0]["reached_on"] == (start + dt.timedelta(days=30)).isoformat()
    code, out, _ = run(data, "goals", "milestones")
    assert "new milestone" not in out


def test_empty_folder_gets_a_hint_not_an_error(data):
    code, out, _ = run(data, "goals", "list")
    assert code == 0 and out.startswith("No goals yet.")
    code, out, _ = run(data, "goals", "milestones")
    assert code == 0 and out.startswith("No milestones yet.")


def test_a_damaged_data_file_is_exit_4(data):
    data.mkdir()
    (data / DB_FILE_NAME).write_bytes(b"not a database at all" * 10)
    code, out, err = run(data, "goals", "list")
    assert code == 4 and out == "" and err.startswith("steady: error: ")
