"""`steady list skill --format json` names each library skill's source and revision."""

import json

from .helpers import run


def test_list_skill_json_shows_source_and_revision(tmp_path):
    code, out, err = run(tmp_path / "d", "list", "skill", "--format", "json")
    assert code == 0, err
    skills = json.loads(out)
    assert len(skills) >= 40
    assert all(s["source"] and s["revision"] >= 1 for s in skills)
    by_name = {s["name"]: s for s in skills}
    assert by_name["TIPP"]["source"] == "DBT — Linehan"
    assert by_name["Cost–benefit analysis"]["source"] == "SMART Recovery"
    assert "Call a crisis line" not in by_name  # crisis lines live in Get help now


def test_practice_entries_can_be_logged_from_the_command_line(tmp_path):
    code, out, err = run(tmp_path / "d", "add", "coping", "--urge-before", "2", "--urge-after", "1",
                         "--skills", "Box breathing", "--practice", "yes")
    assert code == 0, err
    code, out, _ = run(tmp_path / "d", "list", "coping", "--format", "json")
    assert json.loads(out)[0]["practice"] is True
