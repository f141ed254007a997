"""steady add/list assessment: the score and band come from the domain."""

import json

from tests.cli.helpers import run


def test_add_phq9_prints_id_score_and_band(tmp_path):
    code, out, err = run(tmp_path, "add", "assessment", "--instrument", "phq9", "--answers", "0,1,2,3,0,1,2,3,1",
                         "--day", "2026-01-05")
    assert code == 0, err
    record_id, summary = out.strip().splitlines()
    assert len(record_id) == 36
    assert summary == "score 13 (moderate)"


def test_list_json_has_score_and_band(tmp_path):
    assert run(tmp_path, "add", "assessment", "--instrument", "gad7", "--answers", "3,3,3,3,3,3,3",
               "--day", "2026-01-05")[0] == 0
    assert run(tmp_path, "add", "assessment", "--instrument", "who5", "--answers", "3,3,3,2,2",
               "--day", "2026-01-06")[0] == 0
    code, out, _ = run(tmp_path, "list", "assessment", "--format", "json")
    assert code == 0
    rows = {r["instrument"]: r for r in json.loads(out)}
    assert (rows["gad7"]["score"], rows["gad7"]["band"]) == (21, "severe")
    assert (rows["who5"]["score"], rows["who5"]["raw_score"], rows["who5"]["band"]) == (52, 13, "not_low")
    code, out, _ = run(tmp_path, "list", "assessment")
    assert "score 21 (severe)" in out


def test_wrong_count_or_range_exits_3_with_one_sentence(tmp_path):
    for answers, words in (("0,1,2", "PHQ-9 needs 9 answers"), ("0,1,2,3,0,1,2,3,4", "question 9 is 4"),
                           ("0,1,x", "whole numbers")):
        code, out, err = run(tmp_path, "add", "assessment", "--instrument", "phq9", "--answers", answers)
        assert code == 3
        assert out == ""
        assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = run(tmp_path, "list", "assessment", "--format", "json")
    assert json.loads(out) == []


def test_item_nine_above_zero_gets_a_calm_line_pointing_to_help(tmp_path):
    code, out, err = run(tmp_path, "add", "assessment", "--instrument", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert code == 0
    assert out.strip().splitlines()[1] == "score 1 (minimal)"
    assert "steady help-now" in err


def test_export_import_round_trip_keeps_self_checks(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(a, "add", "assessment", "--instrument", "auditc", "--answers", "1,1,1", "--day", "2026-02-01")[0] == 0
    assert run(a, "export", "--format", "json", "--output", str(tmp_path / "one.json"))[0] == 0
    exported = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert [r["answers"] for r in exported["records"]["assessment"]] == ["1,1,1"]
    assert "score" not in exported["records"]["assessment"][0]  # computed, never stored
    assert run(b, "import", str(tmp_path / "one.json"))[0] == 0
    code, out, _ = run(b, "list", "assessment", "--format", "json")
    rows = json.loads(out)
    assert [(r["answers"], r["score"], r["band"]) for r in rows] == [("1,1,1", 3, "women_cutoff")]
    assert rows[0]["id"] == exported["records"]["assessment"][0]["id"]


def test_each_instrument_prints_its_score_and_band(tmp_path):
    for instrument, answers, summary in (
            ("gad7", "3,3,3,3,3,3,3", "score 21 (severe)"),
            ("who5", "5,5,5,5,5", "score 100 (no sign of low well-being)"),  # raw 25 ×4
            ("who5", "1,1,1,2,2", "score 28 (very low well-being)"),  # raw 7 ×4: the lower cut-off
            ("auditc", "4,4,4", "score 12 (at or above the usual screening cut-offs)"),
            ("auditc", "1,1,1", "score 3 (at the cut-off often used for women)"),
            ("phq9", "0,0,0,0,0,0,0,0,0", "score 0 (minimal)")):
        code, out, err = run(tmp_path, "add", "assessment", "--instrument", instrument, "--answers", answers,
                             "--day", "2026-01-05")
        assert code == 0, err
        assert out.strip().splitlines()[1] == summary, instrument
