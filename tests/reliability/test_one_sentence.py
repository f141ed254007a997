"""Issue 13 item 7: inputs that used to end in exit 1 ("unexpected error") get one sentence
naming the field and exit 3."""

from __future__ import annotations

import json

import pytest

from tests.reliability.helpers import cli


@pytest.mark.parametrize("args, words", [
    (("add", "schedule", "--title", "x", "--start", "9999-12-31 23:30"), "Starts"),
    (("add", "coping", "--urge-before", "3", "--when", "9999-12-31 23:59"), "When"),
    (("list", "coping", "--from", "9999-12-31"), "--from"),
    (("list", "coping", "--to", "0001-01-01"), "--to"),
    (("schedule", "week", "--date", "9999-12-31"), "--date"),
    (("schedule", "conflicts", "--from", "9999-12-30"), "--from"),
    (("list", "coping", "--search", "x" * 131_000), "Search text"),
])
def test_out_of_range_and_oversized_input_is_one_sentence(tmp_path, capsys, args, words):
    code, out, err = cli(capsys, tmp_path / "data", *args)
    assert code == 3, err
    assert words in err and err.count("\n") == 1 and "unexpected" not in err


def _export(tmp_path, capsys) -> dict:
    data = tmp_path / "source"
    assert cli(capsys, data, "add", "coping", "--urge-before", "3")[0] == 0
    out = tmp_path / "export.json"
    assert cli(capsys, data, "export", "--format", "json", "--output", str(out))[0] == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _import(tmp_path, capsys, text: str) -> tuple[int, str]:
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, out, err = cli(capsys, tmp_path / "data", "import", str(path))
    return code, err


def test_deeply_nested_json_is_refused_with_a_sentence(tmp_path, capsys):
    code, err = _import(tmp_path, capsys, "[" * 200_000 + "]" * 200_000)
    assert code == 3 and "nested" in err and err.count("\n") == 1


def test_a_five_thousand_digit_number_is_refused_with_a_sentence(tmp_path, capsys):
    doc = _export(tmp_path, capsys)
    text = json.dumps(doc)
    for key in ("version", "urge_before"):
        big = "9" * 5000
        patched = text.replace(f'"{key}": {doc["version"]}' if key == "version" else f'"{key}": 3',
                               f'"{key}": {big}', 1)
        assert patched != text
        code, err = _import(tmp_path, capsys, patched)
        assert code == 3, err
        assert "number" in err and err.count("\n") == 1


def test_an_id_that_is_not_text_is_refused_with_a_sentence(tmp_path, capsys):
    doc = _export(tmp_path, capsys)
    entry = doc["records"]["coping"][0]
    text = json.dumps(doc).replace(entry["id"], "\\udfff")
    assert "\\udfff" in text
    code, err = _import(tmp_path, capsys, text)
    assert code == 3, err
    assert err.count("\n") == 1 and "unexpected" not in err
