"""Crisis lines: the packaged file, the person's own lines, the country, and the panel's data."""

import json

import pytest

from app.domain.crisis import CrisisLine, country_from_locale
from app.domain.errors import ValidationError
from app.domain.records import SupportContact
from app.services.crisis import (
    COUNTRY_KEY,
    LINES_KEY,
    CrisisService,
    crisis_lines_path,
    parse_crisis_lines,
    steady_countries,
    system_country,
)
from app.services.records import RecordService
from app.services.resources import ResourceError
from app.services.transfer import apply_json_import, export_json, plan_json_import

REQUIRED = {"US", "CA", "GB", "IE", "AU", "NZ", "ES", "MX"}


@pytest.fixture
def crisis(store):
    return CrisisService(RecordService(store), environ={"LANG": "en_US.UTF-8"})


def test_every_number_in_the_file_has_its_public_source_and_the_date_it_was_checked():
    raw = json.loads(crisis_lines_path().read_text(encoding="utf-8"))
    assert REQUIRED <= set(raw["countries"])
    for code, country in raw["countries"].items():
        assert country["lines"], code
        kinds = {line["kind"] for line in country["lines"]}
        assert "emergency" in kinds and "crisis" in kinds, code  # an emergency number and a crisis line each
        for line in country["lines"]:
            assert line["number"] and line["for"], (code, line)
            assert line["source"]["url"].startswith("https://"), (code, line)
            assert len(line["source"]["checked"]) == 10, (code, line)
    us = {line.number: line for line in steady_countries()["US"].lines}
    assert us["988"].calls and us["988"].texts and us["911"].kind == "emergency"
    assert us["1-800-662-4357"].kind == "referral"
    assert {line.number for line in steady_countries()["CA"].lines} >= {"988", "911"}
    assert {line.number for line in steady_countries()["GB"].lines} >= {"116 123", "999", "111"}


def test_a_line_without_a_source_is_refused():
    doc = {"countries": {"US": {"name": "United States", "lines": [
        {"key": "x", "name": "X", "number": "123", "kind": "crisis", "for": "y"}]}}}
    with pytest.raises(ResourceError, match="source"):
        parse_crisis_lines(doc)


def test_country_comes_from_the_locale_until_one_is_chosen(crisis, store):
    assert crisis.country() == "US"
    assert crisis.set_country("uk") == "GB"
    assert store.get_setting(COUNTRY_KEY) == "GB"
    assert crisis.country() == "GB" and crisis.help_now().country_name == "United Kingdom"
    with pytest.raises(ValidationError):
        crisis.set_country("United")


@pytest.mark.parametrize("name, code", [("en_US.UTF-8", "US"), ("fr_CA", "CA"), ("es-MX", "MX"),
                                        ("en_GB.utf8@euro", "GB"), ("C", None), ("POSIX", None), ("", None)])
def test_country_from_locale(name, code):
    assert country_from_locale(name) == code


def test_system_country_reads_lc_all_first():
    assert system_country({"LC_ALL": "en_NZ.UTF-8", "LANG": "en_US.UTF-8"}) == "NZ"
    assert system_country({}) is None


def test_the_persons_own_lines_replace_steadys_for_that_country_and_can_be_reset(crisis, store):
    steady = crisis.lines("US")
    mine = steady[:1] + (CrisisLine(name="County crisis team", number="555-0123", calls=True, texts=True,
                                    purpose="Mobile crisis team near me"),)
    crisis.save_lines("US", mine)
    assert crisis.lines("US") == mine and crisis.has_own_lines("US")
    assert crisis.lines("GB") == steady_countries()["GB"].lines  # other countries untouched
    assert json.loads(store.get_setting(LINES_KEY))["US"][1]["number"] == "555-0123"
    crisis.reset_lines("US")
    assert crisis.lines("US") == steady and not crisis.has_own_lines("US")


def test_a_damaged_lines_setting_never_hides_steadys_lines(crisis, store):
    store.set_setting(LINES_KEY, "{not json")
    assert crisis.lines("US") == steady_countries()["US"].lines


@pytest.mark.parametrize("number", ["", "call me", "12345678901234567890123456789012345678901234", "+"])
def test_a_line_needs_a_number_people_can_dial(number):
    with pytest.raises(ValidationError):
        CrisisLine(name="Line", number=number)


def test_crisis_contacts_are_the_ones_marked_for_a_crisis(crisis):
    records = crisis.records
    records.add(SupportContact(name="zed", role="peer", phone="1", emergency=True))
    records.add(SupportContact(name="Amy", role="counselor", phone="2", emergency=True))
    records.add(SupportContact(name="Bo", role="friend", phone="3"))
    help_now = crisis.help_now()
    assert [(c.name, c.role) for c in help_now.contacts] == [("Amy", "Counselor"), ("zed", "Peer in recovery")]


def test_the_first_steps_of_the_safety_plan_come_after_the_lines(crisis):
    from app.services.plans import PlanService

    assert crisis.help_now().plan_steps == ()
    PlanService(crisis.records).add("cope_alone", "Walk round the block")
    assert crisis.help_now().plan_steps == ("Walk round the block",)
    assert crisis.help_now().to_plain()["safety_plan_first_steps"] == ["Walk round the block"]


def test_own_lines_and_country_travel_in_a_json_export(crisis, store, tmp_path):
    from app.storage import open_store

    crisis.set_country("IE")
    crisis.save_lines("IE", (CrisisLine(name="My GP", number="01 555 0100", purpose="Weekdays"),))
    data = export_json(store)
    assert json.loads(data)["settings"][COUNTRY_KEY] == "IE"
    other = open_store(tmp_path / "other")
    try:
        plan = plan_json_import(other, data, source="export.json")
        apply_json_import(other, RecordService(other), plan)
        moved = CrisisService(RecordService(other), environ={})
        assert moved.country() == "IE" and moved.lines()[0].name == "My GP"
    finally:
        other.close()
