"""`steady add attendance` takes the time in and out and the chair's name and phone."""

import json

from .helpers import run


def test_add_attendance_with_times_and_chair(tmp_path):
    code, _, err = run(tmp_path, "add", "group", "--name", "Tuesday Big Book", "--start-time", "19:00")
    assert code == 0, err
    code, out, err = run(tmp_path, "add", "attendance", "--group", "Tuesday Big Book", "--when", "2026-12-01 19:00",
                         "--time-in", "19:05", "--time-out", "20:10", "--chair-name", "Pat R.",
                         "--chair-phone", "555-0142")
    assert code == 0, err
    code, out, _ = run(tmp_path, "list", "attendance", "--format", "json")
    [row] = json.loads(out)
    assert (row["time_in"], row["time_out"], row["chair_name"], row["chair_phone"]) == (
        "19:05", "20:10", "Pat R.", "555-0142")


def test_time_out_before_time_in_exits_3_with_one_sentence(tmp_path):
    run(tmp_path, "add", "group", "--name", "Tuesday Big Book")
    code, _, err = run(tmp_path, "add", "attendance", "--group", "Tuesday Big Book", "--when", "2026-12-01 19:00",
                       "--time-in", "19:05", "--time-out", "18:00")
    assert code == 3
    assert "Time out must be after time in." in err and "Traceback" not in err
