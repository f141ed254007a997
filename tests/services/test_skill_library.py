"""The coping-skill library: a complete, well-formed resource, seeded once and never pushed on the user."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from app.domain.records import SKILL_CATEGORIES, CopingEntry, CopingSkill
from app.services.demo import generate_demo
from app.services.records import RecordService
from app.services.skill_library import (
    APPLIED_SETTING,
    SEEDED_SETTING,
    LibraryError,
    fingerprint,
    library_path,
    library_skill_id,
    load_library,
    parse_library,
    seed_library,
    seeded_keys,
    suggestion_order,
    update_library,
)

# Every skill the issue names, by the words a person would look for.
NAMED = (
    "Thought record", "Play the tape forward", "Challenge the thought", "TIPP", "STOP", "Opposite action",
    "Check the facts", "Radical acceptance", "DEAR MAN", "Self-soothe", "Box breathing", "5-4-3-2-1 grounding",
    "Body scan", "Urge surfing", "Call a sponsor or peer", "Go to a meeting", "Text my therapist",
    "HALT check", "One day at a time", "Delay 15 minutes",
    # issue 12: SMART Recovery's tools, refusal, MBRP, safety, DBT
    "Cost–benefit analysis", "DISARM", "ABC of a thought", "Saying no to a drink or drug", "SOBER breathing space",
    "Put distance between me and it", "Follow my safety plan", "Chain analysis", "Wise mind", "ACCEPTS",
)


@pytest.fixture
def library():
    return load_library()


@pytest.fixture
def records(store):
    return RecordService(store)


def raw_library() -> dict:
    return json.loads(library_path().read_text(encoding="utf-8"))


def write_library(tmp_path, data: dict, name: str = "library.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the resource ----------------------------------------------------------------------------


def test_library_has_at_least_40_skills_each_with_a_source_and_every_named_one(library):
    assert len(library.skills) >= 40
    for entry in library.skills:
        assert entry.skill.source.strip() and entry.skill.revision >= 1, entry.key
    assert library.by_key("smart_cost_benefit").source == "SMART Recovery"
    assert library.by_key("sober_breathing_space").source == "MBRP — Bowen, Chawla & Marlatt"
    names = [s.skill.name.casefold() for s in library.skills]
    for wanted in NAMED:
        assert any(name.startswith(wanted.casefold()) for name in names), wanted


def test_every_category_is_used(library):
    used = {s.skill.category for s in library.skills}
    assert used == {key for key, _ in SKILL_CATEGORIES}


def test_each_how_to_is_one_practical_paragraph(library):
    for entry in library.skills:
        text = entry.skill.how_to
        sentences = [s for s in re.split(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“])", text) if s.strip()]
        assert 2 <= len(sentences) <= 5, (entry.key, len(sentences))
        assert text[0].isupper() and text.rstrip()[-1] in ".!?”", entry.key
        assert '"' not in text and "'" not in text, f"{entry.key}: use typographic quotes"
        assert re.search(r"\byou(r)?\b", text, re.IGNORECASE), f"{entry.key} is not written to the reader"
        assert entry.skill.builtin and not entry.skill.archived


def test_sponsor_call_suggests_what_to_say_and_tipp_mentions_a_doctor(library):
    assert "say" in library.by_key("call_sponsor_or_peer").how_to.lower()
    assert "“" in library.by_key("call_sponsor_or_peer").how_to
    tipp = library.by_key("tipp").how_to.lower()
    assert "heart condition" in tipp and "doctor" in tipp and "cold water" in tipp


def test_ids_come_from_keys_and_are_stable(library):
    box = library.by_key("box_breathing")
    assert box.id == library_skill_id("box_breathing") == load_library().by_key("box_breathing").id
    assert len({s.skill.id for s in library.skills}) == len(library.skills)
    assert library.key_of(box.id) == "box_breathing"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["skills"][0].update(category="hypnosis"), "Group"),
    (lambda d: d["skills"][0].update(name=" "), "Skill is required"),
    (lambda d: d["skills"][1].update(key=d["skills"][0]["key"]), "used twice"),
    (lambda d: d["skills"][1].update(name=d["skills"][0]["name"].upper()), "also called"),
    (lambda d: d["skills"][0].update(how_to=""), "how_to"),
    (lambda d: d["skills"][0].update(how_to="One.\n\nTwo."), "one paragraph"),
    (lambda d: d["skills"][0].update(key="Box Breathing"), "key"),
    (lambda d: d["skills"][0].update(colour="blue"), "unknown field"),
    (lambda d: d.update(version=0), "version"),
    (lambda d: d.update(first_suggestions=["no_such_skill"]), "first_suggestions"),
    (lambda d: d.update(skills=[]), "non-empty"),
])
def test_a_malformed_library_fails_loudly(tmp_path, change, message):
    data = raw_library()
    change(data)
    with pytest.raises(LibraryError, match=message):
        load_library(write_library(tmp_path, data))


def test_a_missing_or_garbled_library_fails_loudly(tmp_path):
    with pytest.raises(LibraryError, match="missing"):
        load_library(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LibraryError, match="cannot be read"):
        load_library(tmp_path / "bad.json")


# --- seeding ---------------------------------------------------------------------------------


def test_seeding_adds_the_whole_library_once(records, store, library):
    heard = []
    records.subscribe(heard.append)
    result = seed_library(records, library)
    assert len(result.added) == len(library.skills)
    assert {s.id for s in records.list("skill")} == {s.skill.id for s in library.skills}
    assert all(s.builtin for s in records.list("skill"))
    assert seeded_keys(store) == set(library.keys())
    assert heard == ["skill"]

    again = seed_library(records, library)
    assert again.added == () and again.already_there == ()
    assert records.count("skill") == len(library.skills)
    assert heard == ["skill"]
    # The library does not count as the person's own records.
    assert store.user_record_count() == 0


def test_a_deleted_library_skill_is_not_added_again(records, library):
    seed_library(records, library)
    stop = records.get("skill", library_skill_id("stop"))
    records.delete(stop)
    seed_library(records, library)
    assert records.get("skill", stop.id) is None
    assert "STOP" not in {s.name for s in records.list("skill")}


def test_a_users_edit_and_archive_survive_seeding(records, library):
    seed_library(records, library)
    box = records.get("skill", library_skill_id("box_breathing"))
    records.update(box.with_changes(name="Square breathing", how_to="My way: 5 in, 5 out."))
    tipp = records.get("skill", library_skill_id("tipp"))
    records.update(tipp.with_changes(archived=True))
    seed_library(records, library)
    mine = records.get("skill", box.id)
    assert (mine.name, mine.how_to, mine.builtin) == ("Square breathing", "My way: 5 in, 5 out.", True)
    assert records.get("skill", tipp.id).archived
    assert records.count("skill") == len(library.skills)


def test_a_new_library_version_adds_only_its_new_keys(records, store, tmp_path):
    data = raw_library()
    first = dict(data, skills=data["skills"][:10], first_suggestions=[])
    seed_library(records, load_library(write_library(tmp_path, first, "v1.json")))
    gone = records.get("skill", library_skill_id(data["skills"][0]["key"]))
    records.delete(gone)
    renamed = records.get("skill", library_skill_id(data["skills"][1]["key"]))
    records.update(renamed.with_changes(name="My own name for it"))

    second = dict(data, version=2)
    second["skills"] = [dict(s) for s in data["skills"]]
    second["skills"][1]["how_to"] = "A rewritten paragraph. It must not replace the user's copy."
    result = seed_library(records, load_library(write_library(tmp_path, second, "v2.json")))
    assert {s.id for s in result.added} == {library_skill_id(s["key"]) for s in data["skills"][10:]}
    assert records.get("skill", gone.id) is None
    assert records.get("skill", renamed.id).name == "My own name for it"
    assert records.get("skill", renamed.id).how_to == data["skills"][1]["how_to"]
    assert seeded_keys(store) == {s["key"] for s in data["skills"]}


def test_a_skill_the_user_already_has_by_name_is_not_duplicated(records, store, library):
    mine = records.add(CopingSkill(name="box BREATHING", category="other", how_to="Mine."))
    result = seed_library(records, library)
    assert "box_breathing" in result.already_there
    assert [s.id for s in records.list("skill") if s.name.casefold() == "box breathing"] == [mine.id]
    assert "box_breathing" in seeded_keys(store)


def test_a_library_skill_already_in_the_file_is_kept_as_it_is(records, store, library):
    store.set_setting(SEEDED_SETTING, "not json at all")  # unreadable: counts as nothing offered yet
    with store.transaction():
        store.skills.add(library.by_key("tipp").with_changes(name="Something else"))
    result = seed_library(records, library)
    assert "tipp" in result.already_there  # same id: kept as the user has it
    assert records.get("skill", library_skill_id("tipp")).name == "Something else"


def test_demo_uses_the_librarys_skills_and_seeding_after_it_adds_only_the_rest(records, store, library):
    summary = generate_demo(store, years=1, seed=0, today=dt.date(2026, 3, 14))
    demo_ids = {s.id for s in records.list("skill")}
    assert demo_ids <= {s.skill.id for s in library.skills}
    assert summary.skills == len(demo_ids) == 12
    used = {i for e in records.list("coping") for i in e.skill_ids}
    assert used <= demo_ids
    result = seed_library(records, library)
    assert len(result.added) == len(library.skills) - 12
    assert records.count("skill") == len(library.skills)


def test_demo_after_seeding_reuses_the_seeded_skills(records, store, library):
    seed_library(records, library)
    summary = generate_demo(store, years=1, seed=0, today=dt.date(2026, 3, 14))
    assert summary.skills == 0
    assert records.count("skill") == len(library.skills)
    lapse = [e for e in records.list("coping") if e.outcome == "lapsed"]
    assert lapse and lapse[0].skill_ids == (library_skill_id("delay_15_minutes"),)


def test_suggestion_order_before_any_history(records, library):
    seed_library(records, library)
    mine = records.add(CopingSkill(name="Pet the dog", category="distraction"))
    ordered = suggestion_order(records.list("skill"), library)
    first = [library_skill_id(k) for k in library.first_suggestions]
    assert [s.id for s in ordered[:len(first)]] == first
    assert ordered[len(first)].id == mine.id
    assert len(ordered) == len(library.skills) + 1


def test_skills_used_by_entries_can_still_be_seeded_around(records, library):
    """Seeding never touches coping entries: a log that uses a library skill keeps it."""
    seed_library(records, library)
    box = library_skill_id("box_breathing")
    entry = records.add(CopingEntry(occurred_at=records.clock.now() - dt.timedelta(hours=1),
                                    urge_before=6, urge_after=2, skill_ids=(box,)))
    seed_library(records, library)
    assert records.get("coping", entry.id).skill_ids == (box,)


def test_parse_library_accepts_a_minimal_library():
    lib = parse_library({"version": 1, "skills": [
        {"key": "breathe", "name": "Breathe", "category": "mindfulness", "how_to": "In. Out.", "source": "Me",
         "revision": 1}]})
    assert lib.keys() == ("breathe",) and lib.first_suggestions == ()


def test_the_safety_caveats_are_in_the_skills(library):
    tipp = library.by_key("tipp").how_to
    for words in ("heart condition", "low pulse", "eating disorder", "stimulants", "withdrawal", "clonidine",
                  "lofexidine", "beta-blocker", "cold water", "intense exercise"):
        assert words in tipp, words
    assert "skip the holds" in library.by_key("box_breathing").how_to
    body = library.by_key("body_scan").how_to
    assert "eyes open" in body and "stop at any time" in body and "distressing" in body
    assert "If you are not safe, don’t wait for a reply: use Get help now." in library.by_key("text_my_therapist").how_to


def test_the_crisis_line_is_not_a_library_skill_and_the_group_is_mutual_help(library):
    assert "crisis_line" not in library.keys() and "crisis_line" in {r.key for r in library.retired}
    assert dict(SKILL_CATEGORIES)["twelve_step"] == "Mutual-help tools"


def _old_copy(data: dict, key: str, **words) -> dict:
    """`data` as an earlier library with older words for `key` at revision 1."""
    old = dict(data, version=1, retired=[])
    old["skills"] = [dict(s, revision=1, shipped=[]) if s["key"] != key else dict(s, revision=1, shipped=[], **words)
                     for s in data["skills"]]
    return old


def test_unedited_library_skills_are_updated_when_the_revision_rises_and_edits_never(records, store, tmp_path):
    data = raw_library()
    key_a, key_b, key_c = (s["key"] for s in data["skills"][:3])
    v1 = dict(data, version=1, retired=[], skills=[dict(s, revision=1, shipped=[]) for s in data["skills"]])
    for s in v1["skills"]:
        if s["key"] in (key_a, key_b, key_c):
            s["how_to"] = "The old words. You read them."
    lib1 = load_library(write_library(tmp_path, v1, "v1.json"))
    seed_library(records, lib1)
    b = records.get("skill", library_skill_id(key_b))
    records.update(b.with_changes(how_to="My own words. You wrote them."))
    c = records.get("skill", library_skill_id(key_c))
    records.update(c.with_changes(archived=True))  # archiving is not an edit of the words

    v2 = dict(data, version=2, retired=[], skills=[dict(s) for s in data["skills"]])
    for s in v2["skills"]:
        if s["key"] in (key_a, key_b, key_c):
            s["revision"] = 2
            s["shipped"] = [fingerprint(lib1.by_key(s["key"]))]
    lib2 = load_library(write_library(tmp_path, v2, "v2.json"))
    seed_library(records, lib2)
    a_now = records.get("skill", library_skill_id(key_a))
    assert (a_now.how_to, a_now.revision) == (lib2.by_key(key_a).how_to, 2)
    b_now = records.get("skill", b.id)
    assert b_now.how_to == "My own words. You wrote them." and b_now.revision == 1
    c_now = records.get("skill", c.id)
    assert c_now.how_to == lib2.by_key(key_c).how_to and c_now.archived
    assert store.get_setting(APPLIED_SETTING) == "2"
    assert update_library(records, lib2) == []  # done once per library version


def test_a_retired_library_skill_is_archived_unless_edited(records, store, tmp_path):
    data = raw_library()
    old_crisis = {"key": "crisis_line", "name": "Call a crisis line", "category": "support", "source": "x",
                  "revision": 1, "how_to": "Call a line. You can."}
    v1 = dict(data, version=1, retired=[], skills=[dict(s, revision=1, shipped=[]) for s in data["skills"]] + [old_crisis])
    lib1 = load_library(write_library(tmp_path, v1, "v1.json"))
    seed_library(records, lib1)
    v2 = dict(data, version=2, retired=[{"key": "crisis_line", "shipped": [fingerprint(lib1.by_key("crisis_line"))]}])
    seed_library(records, load_library(write_library(tmp_path, v2, "v2.json")))
    crisis = records.get("skill", library_skill_id("crisis_line"))
    assert crisis is not None and crisis.archived  # kept for the history, never suggested
    assert "crisis_line" in {r.key for r in load_library().retired}


def test_the_packaged_library_seeds_its_current_revision_and_source(records, store, library):
    """Every rewritten skill names the fingerprint of the words it replaces (so copies seeded
    from the first library get the new words), and a fresh file gets the current ones."""
    for entry in library.skills:
        if entry.skill.revision == 2:
            assert entry.shipped, entry.key
    seed_library(records, library)
    tipp = records.get("skill", library_skill_id("tipp"))
    assert tipp.source == "DBT — Linehan" and tipp.revision == 2
