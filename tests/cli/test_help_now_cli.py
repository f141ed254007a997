"""`steady help-now`, `steady settings` and the one supportive line after a risky entry,
run as the real command against a real data folder."""

import json
import os

import pytest

from .helpers import run as run_steady


@pytest.fixture(autouse=True)
def _locale(monkeypatch):
    for name in list(os.environ):
        if name.startswith("LC_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def run(data_dir, *args, lang=None):
    if lang is not None:
        saved = os.environ["LANG"]
        os.environ["LANG"] = lang
        try:
            return run_steady(data_dir, *args)
        finally:
            os.environ["LANG"] = saved
    return run_steady(data_dir, *args)


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


def help_now(data, lang=None):
    code, out, err = run(data, "help-now", "--format", "json", lang=lang)
    assert code == 0, err
    return json.loads(out)


def test_fresh_folder_in_a_us_locale_lists_988_911_and_samhsa_with_what_each_is_for(data):
    doc = help_now(data)
    assert doc["country"] == "US" and doc["crisis_contacts"] == []
    by_number = {line["number"]: line for line in doc["lines"]}
    assert set(by_number) >= {"988", "911", "1-800-662-4357"}
    assert by_number["988"]["calls"] and by_number["988"]["texts"]
    assert "suicide" in by_number["988"]["for"].lower()
    assert "police" in by_number["911"]["for"].lower()
    samhsa = by_number["1-800-662-4357"]
    assert samhsa["kind"] == "referral" and "Not a crisis line" in samhsa["for"]
    assert all(line["for"] and line["source"]["url"].startswith("https://") for line in doc["lines"])
    assert "sends nothing" in doc["note"]


def test_a_crisis_contact_comes_first(data):
    assert run(data, "add", "contact", "--name", "Dana", "--role", "friend", "--phone", "555 0100")[0] == 0
    assert run(data, "add", "contact", "--name", "Alex", "--role", "sponsor", "--phone", "555 0199",
               "--emergency", "yes")[0] == 0
    doc = help_now(data)
    assert [c["name"] for c in doc["crisis_contacts"]] == ["Alex"]  # only the ones marked for a crisis
    assert doc["crisis_contacts"][0] == {**doc["crisis_contacts"][0], "role": "Sponsor", "phone": "555 0199"}
    assert list(doc) [0] == "crisis_contacts"
    code, out, _ = run(data, "help-now")
    assert code == 0
    assert out.index("Alex (Sponsor): 555 0199") < out.index("988")


def test_settings_set_crisis_country_gb_switches_the_lines(data):
    code, out, err = run(data, "settings", "set", "crisis.country", "GB")
    assert code == 0, err
    assert run(data, "settings", "get", "crisis.country")[1].strip() == "GB"
    doc = help_now(data)
    numbers = {line["number"] for line in doc["lines"]}
    assert doc["country_name"] == "United Kingdom" and {"116 123", "999", "111"} <= numbers and "988" not in numbers


def test_country_defaults_from_the_locale_and_the_setting_wins(data):
    assert help_now(data, lang="en_AU.UTF-8")["country"] == "AU"
    assert run(data, "settings", "get", "crisis.country", lang="es_MX.UTF-8")[1].strip() == "MX"
    run(data, "settings", "set", "crisis.country", "nz")
    assert help_now(data, lang="en_AU.UTF-8")["country"] == "NZ"


def test_without_a_known_country_it_says_how_to_set_one(data):
    code, out, _ = run(data, "help-now", lang="C")
    assert code == 0 and "steady settings set crisis.country" in out


def test_settings_refuse_unknown_keys_and_bad_values_with_one_sentence(data):
    code, _, err = run(data, "settings", "set", "crisis.country", "Narnia")
    assert code == 3 and "two letters" in err
    code, _, err = run(data, "settings", "get", "colour")
    assert code == 3 and "crisis.country" in err
    code, _, err = run(data, "settings", "set", "wording.sober", "clean")
    assert code == 3 and "without_use" in err
    assert run(data, "settings", "set", "wording.sober", "without_use")[0] == 0


def test_settings_help_lists_the_keys(data):
    code, out, _ = run(data, "settings", "--help")
    assert code == 0
    for key in ("crisis.country", "crisis.lines", "wording.sober", "reminders.enabled"):
        assert key in out


@pytest.mark.parametrize("args", [
    ("checkin", "--mood", "2", "--craving", "9"),
    ("checkin", "--mood", "3", "--craving", "2", "--used-substances", "yes"),
    ("coping", "--urge-before", "6", "--outcome", "lapsed"),
])
def test_a_risky_entry_prints_the_one_supportive_line_naming_help_now(data, args):
    code, out, err = run(data, "add", *args)
    assert code == 0, err
    assert len(out.strip().splitlines()) == 1  # stdout is still just the new id
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "steady help-now" in lines[0]
    if "--craving" in args and "9" in args:
        assert lines[0].startswith("That's a strong craving. Log what is happening, or reach someone on your list?")
    else:
        assert lines[0].startswith("Thank you for writing that down honestly. One day doesn't undo your progress.")


def test_an_ordinary_check_in_gets_no_extra_line(data):
    code, _, err = run(data, "add", "checkin", "--mood", "4", "--craving", "3")
    assert code == 0 and err.strip() == ""


def test_goals_list_says_starting_again_after_a_lapse_and_offers_a_new_end_date(data):
    import datetime as dt

    today = dt.date.today()
    start = today - dt.timedelta(days=20)
    lapse = today - dt.timedelta(days=3)
    assert run(data, "add", "sobriety", "--start-date", str(start), "--end-date", str(lapse))[0] == 0
    assert run(data, "add", "sobriety", "--start-date", str(lapse + dt.timedelta(days=1)))[0] == 0
    assert run(data, "goals", "add", "--title", "30 days", "--kind", "sober_days", "--target", "30",
               "--period", "total", "--start", str(start), "--end", str(start + dt.timedelta(days=30)))[0] == 0
    code, out, _ = run(data, "goals", "list", "--format", "json")
    goal = json.loads(out)[0]
    assert goal["status"] == "starting again" and goal["text"] == "Starting again — day 2"
    assert goal["suggested_end_date"] == str(today + dt.timedelta(days=28))
    code, out, _ = run(data, "goals", "list")
    assert "Starting again — day 2 (move the end date to" in out
