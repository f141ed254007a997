"""`steady insights`: the documented set with its fields on a year of demo data."""

import json

import pytest

from .helpers import run

FIELDS = ["title", "n_a", "n_b", "mean_a", "mean_b", "difference", "ci_low", "ci_high", "enough_data"]
FIXED = ["sleep_craving", "meetings_urges", "exercise_mood", "selfcare_mood", "evening_urges", "weekend_craving",
         "attendance_phq9"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    code, _, err = run(folder, "demo", "--years", "1")
    assert code == 0, err
    return folder


def test_json_on_a_year_of_demo_data_is_the_documented_set(demo):
    code, out, err = run(demo, "insights", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    keys = [r["key"] for r in rows]
    assert keys[:7] == FIXED
    assert all(k.startswith("skill_trigger_") for k in keys[7:]) and 1 <= len(keys) - 7 <= 6
    for row in rows:
        assert list(row)[:9] == FIELDS
        assert isinstance(row["n_a"], int) and isinstance(row["n_b"], int)
        if row["enough_data"]:
            assert row["ci_low"] <= row["difference"] <= row["ci_high"]
            assert row["n_a"] >= row["minimum_per_side"] and row["n_b"] >= row["minimum_per_side"]
        else:
            assert row["difference"] is None and row["sentence"].startswith("Not enough data yet")
    by_key = {r["key"]: r for r in rows}
    # The demo's person sleeps less and craves more in the early, hard months.
    assert by_key["sleep_craving"]["enough_data"] and by_key["sleep_craving"]["ci_low"] > 0
    assert sum(r["enough_data"] for r in rows) >= 5


def test_table_is_sentences_and_the_pattern_note(demo):
    code, out, _ = run(demo, "insights")
    assert code == 0
    assert "On days after less than 6 hours of sleep, craving averaged" in out
    assert "A pattern in your own records, not a cause" in out
    assert "p-value" not in out and "because" not in out


def test_a_range_and_bad_dates(demo):
    code, out, _ = run(demo, "insights", "--from", "2000-01-01", "--to", "2000-02-01", "--format", "json")
    assert code == 0 and not any(r["enough_data"] for r in json.loads(out))
    code, _, err = run(demo, "insights", "--from", "2026-02-30")
    assert code == 3 and err.strip() == "steady: error: --from must be a date like 2026-03-14."
    code, _, err = run(demo, "insights", "--from", "2026-03-01", "--to", "2026-02-01")
    assert code == 3 and "--from must be on or before --to" in err


def test_an_empty_folder_says_where_insights_come_from(tmp_path):
    code, out, _ = run(tmp_path, "insights")
    assert code == 0
    assert out.startswith("Nothing to compare yet")
    assert out.count("Not enough data yet") == 8
