"""My plan: plan lines as records (order, links, undo data, export/import), and the offers
the relapse-prevention plan draws from the coping log."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import CopingEntry, CopingSkill, PlanItem, SupportContact
from app.services import transfer as T
from app.services.plans import SECTION_KEYS, PlanService
from app.services.records import RecordService
from app.storage import open_store

SAFETY_KEYS = ("warning_signs", "cope_alone", "distractions", "ask_for_help", "professionals",
               "safer_surroundings", "reasons")
RELAPSE_KEYS = ("high_risk", "early_signs", "if_then", "keep_steady", "after_lapse")


@pytest.fixture
def plans(store):
    return PlanService(RecordService(store))


def test_the_section_keys_are_the_documented_ones():
    assert SECTION_KEYS == SAFETY_KEYS + RELAPSE_KEYS


def test_lines_are_added_at_the_end_of_their_section_and_kept_in_order(plans):
    a = plans.add("cope_alone", "Take a shower")
    b = plans.add("cope_alone", "  Walk round the block ")
    plans.add("reasons", "My daughter")
    assert [i.text for i in plans.items("cope_alone")] == ["Take a shower", "Walk round the block"]
    assert (a.position, b.position) == (0, 1)
    grouped = plans.by_section()
    assert list(grouped) == list(SECTION_KEYS)
    assert [i.text for i in grouped["reasons"]] == ["My daughter"]
    assert grouped["warning_signs"] == []


def test_an_unknown_section_or_empty_text_is_refused_with_one_sentence(plans):
    with pytest.raises(ValidationError, match="no plan section"):
        plans.add("wishes", "x")
    with pytest.raises(ValidationError, match="Text is required"):
        plans.add("reasons", "   ")
    assert plans.is_empty()


def test_reorder_and_move_change_positions_only(plans):
    ids = [plans.add("warning_signs", t).id for t in ("one", "two", "three")]
    changes = plans.move(ids[2], -2)
    assert [i.text for i in plans.items("warning_signs")] == ["three", "one", "two"]
    assert {old.id for old, _ in changes} == set(ids)
    assert plans.move(ids[2], -1) == []  # already first
    with pytest.raises(ValidationError, match="every line"):
        plans.reorder("warning_signs", ids[:2])


def test_remove_by_id_prefix_returns_the_line_for_undo(plans):
    item = plans.add("reasons", "Seeing my son graduate")
    gone = plans.remove(item.id[:8])
    assert gone == item and plans.is_empty()
    plans.records.restore(gone)
    assert plans.items("reasons") == [item]
    with pytest.raises(ValidationError, match="no plan line"):
        plans.remove("zzzzzzzz")


def test_first_steps_come_from_coping_alone_then_distractions_then_people(plans):
    plans.add("ask_for_help", "Call Sam")
    plans.add("distractions", "Go to the library")
    plans.add("cope_alone", "Breathe")
    plans.add("warning_signs", "Not sleeping")
    assert [i.text for i in plans.first_steps()] == ["Breathe", "Go to the library", "Call Sam"]
    assert [i.text for i in plans.first_steps(limit=1)] == ["Breathe"]


def test_deleting_a_linked_contact_unlinks_the_line_and_undo_links_it_again(plans):
    records = plans.records
    sam = records.add(SupportContact(name="Sam", role="sponsor", phone="555-0100"))
    line = plans.add("ask_for_help", "Sam (sponsor)", contact_id=sam.id)
    dependents = records.dependents(sam)
    assert dependents == [line]
    records.delete(sam)
    assert plans.items("ask_for_help")[0].contact_id is None  # the line stays
    records.restore_all((sam, *dependents))
    assert plans.items("ask_for_help") == [line]


def test_a_link_to_a_missing_contact_is_refused(plans):
    with pytest.raises(ValidationError, match="no support contact"):
        plans.add("ask_for_help", "Ghost", contact_id="nope")


def test_plan_lines_survive_json_export_and_import_into_an_empty_folder(plans, tmp_path):
    records = plans.records
    sam = records.add(SupportContact(name="Sam", role="sponsor", phone="555-0100"))
    skill = records.add(CopingSkill(name="Cold water", category="dbt"))
    for key in SECTION_KEYS:
        plans.add(key, f"A line for {key}")
    plans.add("ask_for_help", "Sam", contact_id=sam.id)
    plans.add("if_then", "If I'm tired, then I will use cold water", skill_id=skill.id)
    data = T.export_json(records.store)
    assert b'"plan": [' in data
    with open_store(tmp_path / "empty") as fresh:
        fresh_records = RecordService(fresh)
        plan = T.plan_json_import(fresh, data)
        T.apply_json_import(fresh, fresh_records, plan)
        assert PlanService(fresh_records).by_section() == plans.by_section()
        assert T.content_of(T.export_json(fresh)) == T.content_of(data)


def _entry(when, triggers, skill_ids, before, after):
    return CopingEntry(occurred_at=when, triggers=triggers, skill_ids=skill_ids, urge_before=before,
                       urge_after=after)


def test_high_risk_offers_count_triggers_times_and_days(plans):
    records = plans.records
    friday_evening = dt.datetime(2026, 3, 6, 19, 30)  # a Friday
    for n in range(3):
        records.add(_entry(friday_evening - dt.timedelta(days=7 * n), ("tired", "stress"), (), 7, None))
    records.add(_entry(dt.datetime(2026, 3, 3, 8, 0), ("tired",), (), 5, None))  # Tuesday morning
    offers = plans.high_risk_offers()
    triggers = [(o.key, o.count) for o in offers if o.what == "trigger"]
    assert triggers == [("tired", 4), ("stress", 3)]
    times = [(o.text, o.count) for o in offers if o.what == "time"]
    assert times == [("Evening", 3), ("Morning", 1)]
    days = [(o.text, o.count) for o in offers if o.what == "day"]
    assert days == [("Fridays", 3), ("Tuesdays", 1)]


def test_if_then_offers_name_a_skill_only_after_three_rated_entries_for_that_trigger(plans):
    records = plans.records
    walk = records.add(CopingSkill(name="Walk", category="distraction"))
    call = records.add(CopingSkill(name="Call Sam", category="support"))
    start = dt.datetime(2026, 3, 1, 18)
    for n in range(3):
        records.add(_entry(start + dt.timedelta(days=n), ("tired",), (walk.id,), 8, 3))
    for n in range(2):  # helps even more, but only twice: too few to tell
        records.add(_entry(start + dt.timedelta(days=5 + n), ("tired",), (call.id,), 9, 1))
    records.add(_entry(start + dt.timedelta(days=9), ("lonely",), (call.id,), 6, 2))
    offers = {o.trigger: o for o in plans.if_then_offers()}
    tired = offers["tired"]
    assert tired.count == 5 and tired.condition == "If I'm tired, then I will"
    assert [(s.name, s.uses, s.mean_drop) for s in tired.skills] == [("Walk", 3, 5.0)]
    assert offers["lonely"].skills == ()
    assert tired.line("take a walk") == "If I'm tired, then I will take a walk"


def test_plan_item_is_a_plain_record():
    item = PlanItem(section="reasons", text="Me")
    assert PlanItem.from_plain(item.to_plain()) == item
    with pytest.raises(ValidationError):
        PlanItem(section="nope", text="x")


def test_plan_lines_are_in_backups_under_their_own_name(plans, store, data_dir):
    from app.services.backups import BackupService, table_label

    plans.add("reasons", "My daughter")
    assert store.user_record_count() == 1  # a plan alone is worth the daily backup
    info = BackupService(store, data_dir).back_up_now()
    assert info.counts["plan_items"] == 1
    assert table_label("plan_items") == "Plan items"
