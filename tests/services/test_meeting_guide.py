"""Meeting Guide feeds: real feed files written into tmp_path, a real store, and the rule
that a bad file writes nothing and says why in one sentence."""

import datetime as dt
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.fields import MAX_LINE, MAX_TEXT
from app.domain.meeting_types import TYPE_LABELS, describe_types, type_label
from app.domain.records import AttendanceRecord, SupportGroup
from app.services import meeting_guide as mg
from app.services.importing import MAX_WARNINGS, detect_format
from app.services.meeting_guide import MeetingFeeds, apply_meetings, plan_meetings
from app.services.records import RecordService
from app.storage import open_store

SPEC_EXAMPLE = {  # the example meeting of the spec's README, plus fields Steady does not know
    "name": "Sunday Serenity", "slug": "sunday-serenity-14", "day": 0, "time": "18:00", "end_time": "19:30",
    "location": "Alano Club", "group": "The Serenity Group", "notes": "Ring buzzer. Meeting is on the 2nd floor.",
    "updated": "2014-05-31 14:32:23", "url": "https://district123.org/meetings/sunday-serenity",
    "types": ["O", "T", "LGBTQ"], "address": "123 Main Street", "city": "Anytown", "state": "CA",
    "postal_code": "98765", "country": "US", "approximate": "no", "entity": "District 123",
    "entity_email": "info@district123.org", "entity_feedback_emails": ["meetingupdates@district123.org"],
    "latitude": 34.1, "longitude": -118.2, "venmo": "@serenity", "x-custom": {"nested": [1, {"deep": None}]},
}


@pytest.fixture
def records(store):
    return RecordService(store)


@pytest.fixture
def feeds(store, records):
    return MeetingFeeds(store, records)


def write_feed(tmp_path, meetings, name="meetings.json"):
    path = tmp_path / name
    path.write_text(json.dumps(meetings, ensure_ascii=False), encoding="utf-8")
    return path


def meeting(slug, name=None, **fields):
    return {"name": name or slug.replace("-", " ").title(), "slug": slug, **fields}


def db_counts(store):
    """Rows of every table, read through a separate read-only connection to the file."""
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def by_slug(store):
    return {g.slug: g for g in store.groups.list()}


def import_file(feeds, path, **kw):
    plan = feeds.plan(path, **kw)
    return plan, feeds.apply(plan)


def one_sentence(message):
    assert "\n" not in message and "Traceback" not in message and message.endswith(".")
    return message


# --- the spec's fields --------------------------------------------------------------------------


def test_spec_example_maps_onto_a_meeting_and_unknown_fields_are_ignored(tmp_path, feeds, store):
    plan, result = import_file(feeds, write_feed(tmp_path, [SPEC_EXAMPLE]))
    assert (result.added, result.updated, result.skipped, plan.warnings) == (1, 0, 0, ())
    g = store.groups.by_slug("sunday-serenity-14")
    assert g.name == "Sunday Serenity" and g.fellowship == "aa" and g.meeting_format == "in_person"
    assert g.weekday == 6 and g.when_text == "Sunday 18:00"  # Meeting Guide 0 = Sunday; Steady 6 = Sunday
    assert (g.start_time, g.end_time) == (dt.time(18), dt.time(19, 30))
    assert g.location == "Alano Club" and g.address == "123 Main Street, Anytown, CA 98765, US"
    assert g.meeting_types == ("O", "T", "LGBTQ") and describe_types(g.meeting_types) == "Open, Transgender, LGBTQ"
    assert g.notes.startswith("Ring buzzer. Meeting is on the 2nd floor.")
    assert "Group: The Serenity Group" in g.notes and "Listing: https://district123.org/meetings/sunday-serenity" in g.notes
    assert g.url == "" and g.phone == "" and g.archived is False


def test_online_fields_formatted_address_regions_and_timezone(tmp_path, feeds, store):
    feed = [meeting("zoom", day=2, time="07:00", conference_url="https://zoom.us/j/1", conference_phone="+15551234,,1#",
                    conference_url_notes="Password: serenity", formatted_address="Chicago, IL, USA",
                    approximate="yes", regions=["Illinois", "Chicago", "Wicker Park"], timezone="America/Chicago"),
            meeting("both", day=3, time="12:00", conference_url="https://meet.example/x", location="Church",
                    formatted_address="4953 W Addison St, Chicago, IL 60641, USA", region="Chicago", sub_region="North"),
            meeting("told", day=4, time="12:00", conference_url="https://meet.example/y",
                    formatted_address="1 Main St, X, IL 60000, USA", attendance_option="online"),
            meeting("closed-room", day=5, time="12:00", conference_url="https://meet.example/z", types=["TC", "O"],
                    formatted_address="1 Main St, X, IL 60000, USA"),
            meeting("phone-only", day=1, time="06:00", conference_phone="+15550000")]
    import_file(feeds, write_feed(tmp_path, feed))
    g = by_slug(store)
    assert g["zoom"].meeting_format == "online" and g["zoom"].url == "https://zoom.us/j/1"
    assert g["zoom"].phone == "+15551234,,1#" and g["zoom"].timezone == "America/Chicago"
    assert g["zoom"].region == "Illinois > Chicago > Wicker Park" and "Online meeting: Password: serenity" in g["zoom"].notes
    assert g["both"].meeting_format == "hybrid" and g["both"].region == "Chicago > North"
    assert g["told"].meeting_format == "online"  # attendance_option wins over the address
    assert g["closed-room"].meeting_format == "online"  # TC: the room is closed, only the link runs
    assert g["phone-only"].meeting_format == "online"


def test_type_labels_come_from_the_spec_and_unknown_codes_show_as_themselves():
    assert type_label("O") == "Open" and type_label("C") == "Closed" and type_label("SP") == "Speaker"
    assert type_label("X") == "Wheelchair Access" and type_label("12x12") == "12 Steps & 12 Traditions"
    assert type_label("LOCAL-7") == "LOCAL-7"
    assert len(TYPE_LABELS) >= 76


# --- days and times ---------------------------------------------------------------------------------


def test_day_as_int_numeric_string_array_and_missing(tmp_path, feeds, store):
    feed = [meeting("int", day=1, time="19:00"), meeting("text", day=" 6 ", time="9:30"),
            meeting("float", day=3.0, time="12:00"), meeting("many", day=[1, "3", 5, 3], time="07:00"),
            meeting("one-in-list", day=[0], time="08:00"), meeting("no-day", time="10:00"),
            meeting("no-time", day=2), meeting("empty-list", day=[], time="10:00"), meeting("nothing")]
    plan, result = import_file(feeds, write_feed(tmp_path, feed))
    assert result.added == 11 and plan.skipped == 0
    g = by_slug(store)
    assert g["int"].weekday == 0 and g["text"].weekday == 5 and g["text"].start_time == dt.time(9, 30)
    assert g["float"].weekday == 2 and g["one-in-list"].weekday == 6
    # Several days: one meeting per day, "<slug>#<feed day>"; the plain slug is not used.
    assert [(s, g[s].weekday) for s in ("many#1", "many#3", "many#5")] == [("many#1", 0), ("many#3", 2), ("many#5", 4)]
    assert "many" not in g
    for slug in ("no-day", "no-time", "empty-list", "nothing"):
        assert (g[slug].weekday, g[slug].start_time, g[slug].end_time) == (None, None, None)
        assert g[slug].when_text == "By appointment"


def test_unreadable_day_or_time_skips_the_meeting_and_names_it(tmp_path, feeds, store):
    feed = [meeting("ok", day=1, time="19:00"), meeting("day-9", "Day Nine", day=9, time="19:00"),
            meeting("day-word", day="Monday", time="19:00"), meeting("day-bool", day=True, time="19:00"),
            meeting("bad-list", day=[1, "x"], time="19:00"), meeting("late", day=1, time="25:00"),
            meeting("time-number", day=1, time=1900), meeting("pm", day=1, time="13:00 PM"),
            meeting("bad-end", "Bad End", day=1, time="19:00", end_time="later"),
            meeting("bad-zone", "Bad Zone", day=1, time="19:00", timezone="Mars/Olympus")]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert sorted(plan.slugs) == ["bad-end", "bad-zone", "ok"]
    assert plan.skipped == 7
    assert "Meeting “Day Nine” (day-9) was skipped: its day 9 is not 0 (Sunday) to 6 (Saturday)." in plan.warnings
    assert any("(late) was skipped: its time “25:00” is not a time like 19:30" in w for w in plan.warnings)
    assert any("(pm) was skipped: its time “13:00 PM” is not a time like 19:30 or 7:30 PM." in w for w in plan.warnings)
    assert any(w.startswith("Meeting “Bad End” (bad-end): Steady shortened or left out its end time") for w in plan.warnings)
    assert any("Bad Zone" in w and "time zone" in w for w in plan.warnings)
    kept = {c.slug: c.group for c in plan.candidates}
    assert kept["bad-end"].start_time == dt.time(19) and kept["bad-end"].end_time is None
    assert kept["bad-zone"].timezone == ""


def test_inactive_and_closed_meetings_without_online_option_are_skipped(tmp_path, feeds):
    feed = [meeting("live", day=1, time="19:00"), meeting("gone", day=1, time="19:00", attendance_option="inactive"),
            meeting("shut", day=1, time="19:00", types=["TC"], address="1 Main St")]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert plan.slugs == ("live",) and plan.skipped == 2
    assert any("(gone) was skipped: the feed marks it inactive." in w for w in plan.warnings)
    assert any("(shut) was skipped: its location is temporarily closed" in w for w in plan.warnings)


# --- slugs: updates, never duplicates ---------------------------------------------------------------


def test_duplicate_slug_in_one_feed_keeps_the_first(tmp_path, feeds, store):
    feed = [meeting("a", "First", day=1, time="19:00"), meeting("a", "Second", day=2, time="19:00"),
            meeting("b", "Several days", day=[1, 2], time="08:00"),
            meeting("b#1", "Looks like a generated slug", day=4, time="08:00"), meeting(7, "Number slug"),
            meeting("7", "Same slug as text")]
    plan, result = import_file(feeds, write_feed(tmp_path, feed))
    assert result.added == 4 and plan.skipped == 3
    g = by_slug(store)
    assert g["a"].name == "First" and g["b#1"].name == "Several days" and g["7"].name == "Number slug"
    assert sum("has the same slug as an earlier meeting" in w for w in plan.warnings) == 3


def test_meetings_without_a_slug_or_name_are_skipped(tmp_path, feeds):
    feed = [meeting("ok"), {"name": "No slug", "day": 1, "time": "10:00"}, {"slug": "no-name"},
            {"name": "   ", "slug": "blank-name"}, {"name": "Bool slug", "slug": True}, {"name": "x", "slug": ""}]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert plan.slugs == ("ok",) and plan.skipped == 5
    assert "Meeting “No slug” was skipped: it has no slug (the feed's id for it), so a later import could not " \
           "find it again." in plan.warnings
    assert "Meeting no-name was skipped: it has no name." in plan.warnings


def test_reimport_updates_by_slug_and_never_duplicates(tmp_path, feeds, store, records):
    path = write_feed(tmp_path, [SPEC_EXAMPLE, meeting("other", day=3, time="20:00")])
    import_file(feeds, path)
    first = store.groups.by_slug("sunday-serenity-14")
    # The person archives it, calls it NA, and logs attendance: a re-import keeps all three.
    records.update(first.with_changes(archived=True, fellowship="na"))
    records.add(AttendanceRecord(occurred_at=dt.datetime(2024, 1, 7, 19), group_id=first.id))

    plan, result = import_file(feeds, path)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 2)
    assert [c.action for c in plan.candidates] == ["same", "same"]

    changed = dict(SPEC_EXAMPLE, name="Sunday Serenity (new room)", time="18:30", location="Parish hall")
    plan, result = import_file(feeds, write_feed(tmp_path, [changed, meeting("other", day=3, time="20:00")]),
                               fellowship="smart")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    assert store.groups.count() == 2
    again = store.groups.by_slug("sunday-serenity-14")
    assert again.id == first.id and again.archived is True and again.fellowship == "na"
    assert again.name == "Sunday Serenity (new room)" and again.start_time == dt.time(18, 30)
    assert store.attendance.list()[0].group_id == first.id


def test_a_meeting_moving_between_one_day_and_several_keeps_its_record(tmp_path, feeds, store):
    import_file(feeds, write_feed(tmp_path, [meeting("m", day=1, time="19:00")]))
    monday = store.groups.by_slug("m")
    assert monday.weekday == 0
    plan, result = import_file(feeds, write_feed(tmp_path, [meeting("m", day=[1, 4], time="19:00")]))
    assert (result.added, result.updated) == (1, 1)
    g = by_slug(store)
    assert set(g) == {"m#1", "m#4"} and g["m#1"].id == monday.id
    plan, result = import_file(feeds, write_feed(tmp_path, [meeting("m", day=4, time="19:00")]))
    assert (result.added, result.updated) == (0, 1)
    assert by_slug(store)["m"].id == g["m#4"].id and store.groups.count() == 2  # m#1 is left alone


def test_only_the_chosen_slugs_are_written(tmp_path, feeds, store):
    feed = [meeting(f"m{i}", day=i % 7, time="19:00") for i in range(6)]
    plan = feeds.plan(write_feed(tmp_path, feed))
    result = feeds.apply(plan, ["m1", "m4", "not-in-the-plan"])
    assert result.added == 2 and sorted(by_slug(store)) == ["m1", "m4"]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert sorted(c.slug for c in plan.candidates if not c.is_new) == ["m1", "m4"]
    assert feeds.apply(plan, []).added == 0 and store.groups.count() == 2


def test_fellowship_applies_to_new_meetings_and_unknown_ones_are_refused(tmp_path, feeds, store):
    path = write_feed(tmp_path, [meeting("a", day=1, time="19:00")])
    plan = feeds.plan(path, fellowship="na")
    assert plan.candidates[0].group.fellowship == "na"
    plan = feeds.with_fellowship(plan, "smart")
    assert plan.fellowship == "smart" and plan.candidates[0].group.fellowship == "smart"
    feeds.apply(plan)
    assert store.groups.by_slug("a").fellowship == "smart"
    with pytest.raises(ValidationError) as err:
        feeds.plan(path, fellowship="cult")
    assert err.value.field == "fellowship" and "aa, na, smart" in one_sentence(err.value.message)


# --- bad files: one sentence, nothing written -------------------------------------------------------


@pytest.mark.parametrize("content, expected", [
    (b"", "The meeting list is empty."),
    (b"  \n ", "The meeting list is empty."),
    (b'[{"name": "a", "slug": "a"', "not valid JSON (line 1"),
    (b"<html><body>Meetings</body></html>", "not valid JSON"),
    (b'{"meetings": [{"name": "a", "slug": "a"}]}', "holds a JSON object, and a feed is a list of meetings"),
    (b'"just text"', "holds a single value"),
    (b"[]", "The meeting list holds no meetings."),
    (b"[1, null, \"x\", [], true]", "no meeting Steady can use: Entry 1 was skipped because it is a number"),
    (b'[{"name": "n"}]', "Meeting “n” was skipped because it has no slug"),
    (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    (b'[{"name": "a", "slug": "a", "day": NaN}]', "not valid JSON"),
    (b"\x00\x01\x02binary", "binary data"),
])
def test_a_bad_file_is_refused_in_one_sentence_and_nothing_is_written(tmp_path, feeds, store, records, content,
                                                                       expected):
    records.add(SupportGroup(name="Home group", slug="home"))
    before = db_counts(store)
    path = tmp_path / "feed.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as err:
        feeds.plan(path)
    assert err.value.field == "file" and expected in one_sentence(err.value.message)
    assert db_counts(store) == before


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, feeds, store):
    before = db_counts(store)
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:
        fh.write(b"[")
        fh.truncate(mg.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ValidationError) as err:
        feeds.plan(path)
    assert "at most 20 MB" in one_sentence(err.value.message)
    with pytest.raises(ValidationError):
        plan_meetings(store, b" " * (mg.MAX_FILE_BYTES + 1))
    assert db_counts(store) == before


def test_too_many_meetings_and_unreadable_paths_are_refused(tmp_path, feeds, monkeypatch):
    monkeypatch.setattr(mg, "MAX_MEETINGS", 3)
    with pytest.raises(ValidationError) as err:
        feeds.plan(write_feed(tmp_path, [meeting(f"m{i}") for i in range(4)]))
    assert "at most 3 meetings" in one_sentence(err.value.message)
    with pytest.raises(ValidationError) as err:
        feeds.plan(tmp_path / "missing.json")
    assert "cannot be read" in one_sentence(err.value.message)
    with pytest.raises(ValidationError):
        feeds.plan(tmp_path)  # a folder


def test_a_calendar_file_is_not_read_as_a_meeting_list(tmp_path, feeds):
    path = tmp_path / "meetings.json"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    with pytest.raises(ValidationError) as err:
        feeds.plan(path)
    assert "is a calendar file, not a meeting list" in one_sentence(err.value.message)


def test_apply_is_all_or_nothing(tmp_path, feeds, store, records):
    plan = feeds.plan(write_feed(tmp_path, [meeting(f"m{i}", day=1, time="19:00") for i in range(5)]))
    records.add(SupportGroup(name="Added meanwhile", slug="m3"))
    before = db_counts(store)
    with pytest.raises(ValidationError) as err:
        feeds.apply(plan)
    assert "was added while the file was being read" in one_sentence(err.value.message)
    assert db_counts(store) == before and store.groups.count() == 1

    import_file(feeds, write_feed(tmp_path, [meeting("u1", day=1, time="19:00")]))
    plan = feeds.plan(write_feed(tmp_path, [meeting("new", day=1, time="19:00"),
                                            meeting("u1", "Renamed", day=1, time="19:00")]))
    records.delete(store.groups.by_slug("u1"))
    before = db_counts(store)
    with pytest.raises(ValidationError) as err:
        feeds.apply(plan)
    assert "was deleted while the file was being read" in err.value.message
    assert db_counts(store) == before and store.groups.by_slug("new") is None


# --- hostile content ---------------------------------------------------------------------------------


def test_wrong_types_per_field_lose_the_field_not_the_meeting(tmp_path, feeds):
    feed = [meeting("w", "Wrong types", day=1, time="19:00", location={"room": 4}, address=["1 Main St"],
                    city=None, postal_code=62701, types=[1, None, "O", {"x": 1}, "O", 12.5], notes=["a", "b"],
                    conference_url=42, timezone=7, regions=[["nested"], "Downtown", None], approximate=[],
                    attendance_option={"x": 1}, end_time=[19, 30]),
            meeting("list-name", name=None) | {"name": ["not", "text"]}]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert plan.slugs == ("w",) and plan.skipped == 1
    g = plan.candidates[0].group
    assert g.location == "" and g.address == "62701" and g.meeting_types == ("1", "O")
    assert g.notes == "" and g.url == "42" and g.timezone == "" and g.region == "Downtown" and g.end_time is None
    note = next(w for w in plan.warnings if w.startswith("Meeting “Wrong types” (w):"))
    for name in ("location", "address", "types", "notes", "time zone", "end time"):
        assert name in note
    assert "Meeting list-name was skipped: it has no name." in plan.warnings


def test_long_fields_are_shortened_not_fatal(tmp_path, feeds, store):
    long_name = "Serenity " * 12_000  # ~100,000 characters
    feed = [meeting("long", long_name, day=1, time="19:00", location="L" * 100_000, notes="N" * (MAX_TEXT + 50),
                    types=[f"T{i}" for i in range(200)] + ["x" * 100_000], slug_extra="y" * 100_000),
            meeting("s" * 100_000, "Long slug")]
    plan, result = import_file(feeds, write_feed(tmp_path, feed))
    assert result.added == 1 and plan.skipped == 1
    g = store.groups.by_slug("long")
    assert len(g.name) == MAX_LINE and g.name.endswith("…") and len(g.location) == MAX_LINE
    assert len(g.notes) == MAX_TEXT and g.notes.endswith("…")
    assert len(g.meeting_types) == mg.MAX_TYPES
    assert any("shortened or left out its name, types, location and notes" in w for w in plan.warnings)
    assert any("slug is 100,000 characters long" in w for w in plan.warnings)
    assert all(len(w) < 400 for w in plan.warnings)


def test_emoji_rtl_and_control_characters_round_trip_through_the_file(tmp_path, data_dir):
    name = "קבוצת שלום 🙂 Grupo Mañana 👩🏽‍🤝‍👩🏻"
    notes = "Line one\r\nLine two \u200f(RTL mark) \u202bembedded\u202c\x00\x07\x1b[31mred\x1b[0m\nend\ud800"
    store = open_store(data_dir)
    try:
        records = RecordService(store)
        feed = [meeting("intl", name + "\x07\n", day=1, time="19:00", location="مسجد\tالنور", notes=notes,
                        types=["S", "🙂"], formatted_address="  1 Rue\u0000 de la Paix,\nParis  ", approximate="no")]
        path = tmp_path / "intl.json"
        path.write_text(json.dumps(feed, ensure_ascii=True), encoding="ascii")  # \u escapes, incl. a lone surrogate
        MeetingFeeds(store, records).apply(MeetingFeeds(store, records).plan(path))
    finally:
        store.close()
    store = open_store(data_dir)  # read back from the file, not from memory
    try:
        g = store.groups.by_slug("intl")
    finally:
        store.close()
    assert g.name == name and g.location == "مسجد النور" and g.address == "1 Rue de la Paix, Paris"
    assert g.notes == "Line one\nLine two \u200f(RTL mark) \u202bembedded\u202c[31mred[0m\nend\ufffd"
    assert g.meeting_types == ("S", "🙂")


def test_utf8_bom_utf16_and_stray_latin1_bytes(tmp_path, feeds):
    feed = [meeting("café", "Café group", day=1, time="19:00")]
    text = json.dumps(feed, ensure_ascii=False)
    for i, data in enumerate((b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16"))):
        path = tmp_path / f"enc{i}.json"
        path.write_bytes(data)
        plan = feeds.plan(path)
        assert plan.candidates[0].group.name == "Café group" and plan.warnings == ()
    path = tmp_path / "latin1.json"
    path.write_bytes(text.encode("latin-1"))
    plan = feeds.plan(path)
    assert plan.candidates[0].group.name == "Caf\ufffd group"
    assert any("not valid UTF-8" in w for w in plan.warnings)


def test_warnings_are_capped(tmp_path, feeds):
    feed = [meeting("ok")] + [meeting(f"bad{i}", day=99) for i in range(MAX_WARNINGS + 50)]
    plan = feeds.plan(write_feed(tmp_path, feed))
    assert plan.skipped == MAX_WARNINGS + 50
    assert len(plan.warnings) == MAX_WARNINGS + 1 and plan.warnings[-1] == "…and 50 more problems like these."


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12)
_field = st.sampled_from(["name", "slug", "day", "time", "end_time", "timezone", "types", "location", "address",
                          "formatted_address", "city", "postal_code", "conference_url", "conference_phone", "notes",
                          "regions", "region", "attendance_option", "approximate", "group"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(_field, _json | st.sampled_from([0, 6, "3", [1, 2], "19:00", "O", "ok"]),
                                max_size=10) | _json, max_size=6))
def test_any_json_gives_a_plan_or_one_sentence_never_a_crash(store, records, entries):
    data = json.dumps(entries).encode("utf-8")
    try:
        plan = plan_meetings(store, data)
    except ValidationError as exc:
        one_sentence(exc.message)
        return
    for c in plan.candidates:
        SupportGroup.from_plain(c.group.to_plain())  # every candidate is a valid record
    try:
        assert apply_meetings(store, records, plan).added == len(plan.candidates) == store.groups.count()
    finally:
        with store.transaction():  # the next example starts from an empty directory again
            store.db.execute("DELETE FROM support_groups")


# --- format detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, head, expected", [
    ("work.ics", b"BEGIN:VCALENDAR\r\n", "ics"),
    ("calendar.json", b"\xef\xbb\xbf  BEGIN:VCALENDAR\r\n", "ics"),
    ("feed.txt", b'\n  [{"name": "a"}]', "meeting_guide"),
    ("feed.ics", b"[]", "meeting_guide"),
    ("feed", "[{}]".encode("utf-16"), "meeting_guide"),
    ("feed.json", b"{}", "meeting_guide"),
    ("broken.ics", b"garbage before\r\nBEGIN:VCALENDAR", "ics"),
    ("damaged.ics", b"VERSION:2.0", "ics"),
    ("damaged.json", b"<html>", "meeting_guide"),
    ("empty.JSON", b"", "meeting_guide"),
    ("notes.txt", b"hello", None),
    ("photo.png", b"\x89PNG\r\n", None),
])
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


# --- feeds as intergroups write them (issue 15, item 10) -------------------------------------------

# The shape of a real intergroup feed (a site listing meetings through a WordPress plugin with
# its own exporter): 12-hour times, "updated" in several spellings, ids beside slugs, online
# meetings whose "address" is only the city the group comes from, and extra fields.
INTERGROUP_FEED = [
    {"id": 1041, "name": "Noon Serenity", "slug": "noon-serenity", "day": 1, "time": "12:00 PM",
     "end_time": "1:00 PM", "types": ["O", "D"], "location": "First Church Hall",
     "formatted_address": "123 Oak St, San Jose, CA 95112, USA", "updated": "2024-01-31 09:15:00",
     "latitude": "37.33", "longitude": "-121.89", "region": "San Jose", "time_formatted": "Noon"},
    {"id": 1042, "name": "Early Risers", "slug": "early-risers", "day": [2, 4], "time": "7:30 am",
     "end_time": "8:30 am", "types": ["C"], "location": "Online Meeting",
     "formatted_address": "San Jose, CA, USA", "conference_url": "https://zoom.us/j/123456789",
     "conference_url_notes": "Password: 1234", "updated": "2024-02-01T18:05:11-08:00"},
    {"id": 1043, "name": "Late Night Hope", "slug": "late-night-hope", "day": 5, "time": "11:00 PM",
     "types": ["O"], "location": "Online Meeting", "formatted_address": "San Jose, CA, USA",
     "conference_phone": "+16699006833,,123456789#", "updated": "01/31/2024"},
    {"id": 1044, "name": "Park Bench Group", "slug": "park-bench", "day": 6, "time": "19:30:00",
     "location": "Guadalupe River Park", "formatted_address": "San Jose, CA, USA", "updated": "2024-03-05"},
    {"id": 1045, "name": "Midnight Hour", "slug": "midnight-hour", "day": 6, "time": "12:00 AM",
     "location": "Alano Club", "address": "9 Elm St", "city": "San Jose", "state": "CA",
     "postal_code": "95110", "country": "US", "conference_url": "https://meet.example/x",
     "updated": "2024-13-45 10:00:00"},
    {"id": 1046, "name": "Told Hybrid", "slug": "told-hybrid", "day": 3, "time": "6:00 p.m.",
     "attendance_option": "hybrid", "location": "Online Meeting", "formatted_address": "Campbell, CA, USA",
     "conference_url": "https://zoom.us/j/9"},
    {"id": 1047, "name": "Typo Time", "slug": "typo-time", "day": 3, "time": "7:30 PX"},
]


def test_intergroup_feed_with_12_hour_times_and_updated_stamps_imports(tmp_path, feeds, store):
    plan, result = import_file(feeds, write_feed(tmp_path, INTERGROUP_FEED))
    assert (result.added, plan.skipped) == (7, 1)  # Early Risers twice; only Typo Time left out
    g = by_slug(store)
    assert (g["noon-serenity"].start_time, g["noon-serenity"].end_time) == (dt.time(12), dt.time(13))
    assert (g["early-risers#2"].start_time, g["early-risers#4"].end_time) == (dt.time(7, 30), dt.time(8, 30))
    assert g["late-night-hope"].start_time == dt.time(23)
    assert g["park-bench"].start_time == dt.time(19, 30)
    assert g["midnight-hour"].start_time == dt.time(0)  # 12:00 AM is midnight
    assert g["told-hybrid"].start_time == dt.time(18)
    # The bad line names its meeting and its value; the rest of the file is kept.
    assert "Meeting “Typo Time” (typo-time) was skipped: its time “7:30 PX” is not a time like 19:30 or 7:30 PM." \
        in plan.warnings
    # "updated" in the spec's form, ISO with a zone, US month-first and a plain date.
    assert "Listing updated: 2024-01-31" in g["noon-serenity"].notes
    assert "Listing updated: 2024-02-01" in g["early-risers#2"].notes
    assert "Listing updated: 2024-01-31" in g["late-night-hope"].notes
    assert "Listing updated: 2024-03-05" in g["park-bench"].notes
    # An impossible date is left out with a note naming the meeting; the meeting stays.
    assert "Listing updated" not in g["midnight-hour"].notes
    assert any(w.startswith("Meeting “Midnight Hour” (midnight-hour): Steady shortened or left out its updated date")
               for w in plan.warnings)


def test_approximate_addresses_follow_the_tsml_ui_rule(tmp_path, feeds, store):
    import_file(feeds, write_feed(tmp_path, INTERGROUP_FEED))
    g = by_slug(store)
    # A street address (4 parts) with a link: hybrid.
    assert g["midnight-hour"].meeting_format == "hybrid"
    assert g["midnight-hour"].address == "9 Elm St, San Jose, CA 95110, US"
    # Only a city ("San Jose, CA, USA") and a link or dial-in: online, never hybrid.
    assert g["early-risers#2"].meeting_format == "online" and g["late-night-hope"].meeting_format == "online"
    # The feed says hybrid, but there is no street address to go to.
    assert g["told-hybrid"].meeting_format == "online"
    # Only a city and no link: in person, marked as approximate.
    assert g["park-bench"].meeting_format == "in_person"
    assert g["park-bench"].address == "San Jose, CA, USA (location approximate)"
    assert g["noon-serenity"].meeting_format == "in_person"
    assert g["noon-serenity"].address == "123 Oak St, San Jose, CA 95112, USA"


def test_the_feeds_approximate_flag_wins_over_the_count_of_parts(tmp_path, feeds, store):
    feed = [meeting("flag-no", day=1, time="19:00", formatted_address="1 Rue de la Paix, Paris", approximate="no",
                    conference_url="https://meet.example/a"),
            meeting("flag-yes", day=1, time="19:00", formatted_address="1 Main St, X, IL 60000, USA",
                    approximate="yes", conference_url="https://meet.example/b"),
            meeting("flag-bool", day=1, time="19:00", formatted_address="1 Main St, X, IL 60000, USA",
                    approximate=True),
            meeting("no-address", day=1, time="19:00", location="Somewhere")]
    import_file(feeds, write_feed(tmp_path, feed))
    g = by_slug(store)
    assert g["flag-no"].meeting_format == "hybrid" and g["flag-no"].address == "1 Rue de la Paix, Paris"
    assert g["flag-yes"].meeting_format == "online"
    assert g["flag-bool"].meeting_format == "in_person" and g["flag-bool"].address.endswith("(location approximate)")
    assert g["no-address"].meeting_format == "in_person" and g["no-address"].address == ""


@pytest.mark.parametrize("text, expected", [
    ("11:00 AM", dt.time(11)), ("7:30 pm", dt.time(19, 30)), ("19:30:00", dt.time(19, 30)),
    ("7pm", dt.time(19)), ("7 PM", dt.time(19)), ("12:15 am", dt.time(0, 15)), ("12:45 PM", dt.time(12, 45)),
    ("6:00 p.m.", dt.time(18)), ("06:05", dt.time(6, 5)), (" 9:30 ", dt.time(9, 30)),
])
def test_times_in_12_and_24_hour_forms(text, expected):
    assert mg._time(text, "time") == expected


@pytest.mark.parametrize("text", ["7", "13:00 PM", "0:30 AM", "7:60 pm", "25:00", "7:30 PX", "noonish", "7:30 AM PM"])
def test_times_that_are_not_times_are_refused(text):
    with pytest.raises(mg._Skip):
        mg._time(text, "time")


@pytest.mark.parametrize("text, expected", [
    ("2024-01-31 09:15:00", dt.date(2024, 1, 31)), ("2024-01-31T09:15:00Z", dt.date(2024, 1, 31)),
    ("2024-01-31T09:15:00.123+05:30", dt.date(2024, 1, 31)), ("2024-01-31", dt.date(2024, 1, 31)),
    ("01/31/2024", dt.date(2024, 1, 31)), ("31/01/2024", dt.date(2024, 1, 31)), ("1/5/2024 3:00 PM", dt.date(2024, 1, 5)),
    ("2024-02-30", None), ("yesterday", None), ("", None), ("13/13/2024", None),
])
def test_updated_stamps(text, expected):
    assert mg._updated(text) == expected
