"""JSON export/import (round trip, merge by id, refusals) and CSV export."""

import csv
import datetime as dt
import errno
import io
import json
import os
import zipfile

import pytest

from app.domain.errors import ValidationError
from app.domain.records import CheckIn, CopingEntry, CopingSkill, ScheduleChange, SupportContact
from app.services import transfer as T
from app.services.demo import generate_demo
from app.services.files import write_file_atomically
from app.services.importing import detect_format
from app.services.records import RecordService
from app.storage import open_store
from app.storage.errors import StoreError

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with open_store(folder) as store:
        generate_demo(store, years=5, today=TODAY)
        # schedule changes and calendar links must round-trip too
        item = next(i for i in store.schedule.list() if i.recurrence)
        with store.transaction():
            store.changes.add(ScheduleChange(item_id=item.id, original_start=item.start + dt.timedelta(days=7),
                                             cancelled=True))
            store.calendar_links.link(item.id, "abc@example.com", "work.ics")
        store.set_setting("meetings.ninety_start", "2025-01-01")
        return T.export_json(store, now=NOW)


def _import(folder, data):
    with open_store(folder) as store:
        plan = T.plan_json_import(store, data)
        T.apply_json_import(store, RecordService(store), plan)
        return plan, T.export_json(store, now=NOW)


def test_round_trip_of_five_years_is_exact(demo_export, tmp_path):
    doc = json.loads(demo_export)
    assert doc["format"] == "steady-export" and doc["version"] == 1
    assert doc["calendar_links"] and doc["records"]["schedule_change"]
    assert doc["settings"]["meetings.ninety_start"] == "2025-01-01"
    plan, again = _import(tmp_path / "b", demo_export)
    assert plan.updated == 0 and plan.added == sum(len(v) for v in doc["records"].values())
    assert again == demo_export  # byte-identical, same exported_at
    assert T.content_of(again) == T.content_of(demo_export)


def test_importing_twice_changes_nothing(demo_export, tmp_path):
    _import(tmp_path / "b", demo_export)
    with open_store(tmp_path / "b") as store:
        before = store.record_count()
        plan = T.plan_json_import(store, demo_export)
        assert plan.is_empty and plan.added == 0 and plan.updated == 0
        T.apply_json_import(store, None, plan)
        assert store.record_count() == before


def test_merge_by_id_updates_and_adds_without_duplicates(tmp_path):
    shared = SupportContact(name="Sam", role="sponsor", phone="555")
    with open_store(tmp_path / "a") as a:
        RecordService(a).add(shared)
        RecordService(a).add(SupportContact(name="Only in A", role="peer"))
        data = T.export_json(a)
    with open_store(tmp_path / "b") as b:
        svc = RecordService(b)
        svc.add(shared.with_changes(phone="999"))
        svc.add(SupportContact(name="Only in B", role="peer"))
        seen = []
        svc.subscribe(seen.append)
        plan = T.plan_json_import(b, data)
        assert (plan.added, plan.updated, plan.unchanged) == (1, 1, 0)
        T.apply_json_import(b, svc, plan)
        names = sorted(c.name for c in b.contacts.list())
        assert names == ["Only in A", "Only in B", "Sam"]
        assert b.contacts.get(shared.id).phone == "555"
        assert seen == ["contact"]


def test_checkin_on_a_day_already_logged_is_skipped_with_a_warning(tmp_path):
    day = dt.date(2025, 3, 1)
    with open_store(tmp_path / "a") as a:
        RecordService(a).add(CheckIn(day=day, mood=5, craving=2))
        data = T.export_json(a)
    with open_store(tmp_path / "b") as b:
        RecordService(b).add(CheckIn(day=day, mood=4, craving=1))
        plan = T.plan_json_import(b, data)
        assert plan.added == 0 and "1 Mar 2025" in plan.warnings[0]
        T.apply_json_import(b, None, plan)
        assert b.checkins.count() == 1 and b.checkins.for_day(day).mood == 4


def _doc(**changes):
    doc = {"format": "steady-export", "version": 1, "records": {}}
    doc.update(changes)
    return json.dumps(doc).encode()


@pytest.mark.parametrize("data, words", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'[{"name": "a meeting"}]', "not a Steady export"),
    (_doc(version=2), "newer Steady"),
    (_doc(version="1"), "no valid export format version"),
    (_doc(records={"bogus": []}), "unknown kind"),
    (_doc(records={"contact": [{"id": "c1", "name": "", "role": "sponsor"}]}), "support contact 1 (id c1)"),
    (_doc(records={"contact": [{"id": "c1", "name": "A", "role": "sponsor", "shoe": 1}]}), "unknown field"),
    (_doc(records={"phase": [{"id": "p1", "program_id": "nowhere", "name": "A", "start_date": "2025-01-01"}]}),
     "neither in the file nor already in Steady"),
    (_doc(settings={"reminders.enabled": "maybe"}), "invalid value"),
])
def test_bad_files_are_refused_in_one_sentence_and_nothing_is_written(store, data, words):
    with pytest.raises(ValidationError) as err:
        T.plan_json_import(store, data)
    assert words in err.value.message
    assert err.value.message.count(". ") == 0
    assert store.record_count() == 0


def test_invalid_record_in_a_big_file_names_it_and_writes_nothing(demo_export, store):
    doc = json.loads(demo_export)
    doc["records"]["coping"][3]["urge_before"] = 99
    bad_id = doc["records"]["coping"][3]["id"]
    with pytest.raises(ValidationError) as err:
        T.plan_json_import(store, json.dumps(doc).encode())
    assert bad_id in err.value.message and "coping entry 4" in err.value.message
    assert store.record_count() == 0


def test_apply_is_all_or_nothing(demo_export, store, monkeypatch):
    plan = T.plan_json_import(store, demo_export)
    original = type(store.checkins).add_many

    def fail(self, records):
        original(self, records)
        raise StoreError("disk on fire")
    monkeypatch.setattr(type(store.checkins), "add_many", fail)
    with pytest.raises(StoreError):
        T.apply_json_import(store, None, plan)
    assert store.record_count() == 0 and store.get_setting("skills.seeded") is None


def test_detect_format_recognises_a_steady_export(demo_export):
    assert detect_format("x.json", demo_export[:4096]) == "steady"
    assert detect_format("x.json", b'[{"name": "m"}]') == "meeting_guide"
    assert detect_format("x.json", b'{"format": "other"}') == "meeting_guide"


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_headers_iso_dates_and_neutralised_formulas(store, tmp_path):
    svc = RecordService(store)
    skill = svc.add(CopingSkill(name="=HYPERLINK(\"http://evil\")", category="other"))
    svc.add(CopingEntry(occurred_at=dt.datetime(2025, 5, 1, 9, 30), situation="+1 sad", urge_before=-0 + 5,
                        skill_ids=(skill.id,), notes="@boss\tand -dash", triggers=("stress", "people")))
    svc.add(SupportContact(name="-Dana", role="peer", emergency=True))
    written = T.export_csv(store, tmp_path / "out")
    # every kind, but the treatment details only when there are any (Section.optional)
    assert {p.name for p in written} == {f"{s.name}.csv" for s in T.SECTIONS if not s.optional}
    raw = (tmp_path / "out" / "coping.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _read_csv(raw)
    assert list(rows[0]) == list(CopingEntry.field_names())
    assert rows[0]["occurred_at"] == "2025-05-01T09:30:00"
    assert rows[0]["situation"] == "'+1 sad" and rows[0]["notes"] == "'@boss\tand -dash"
    assert rows[0]["triggers"] == "stress; people" and rows[0]["urge_before"] == "5"
    assert _read_csv((tmp_path / "out" / "skill.csv").read_bytes())[0]["name"].startswith("'=HYPERLINK")
    contact = _read_csv((tmp_path / "out" / "contact.csv").read_bytes())[0]
    assert contact["name"] == "'-Dana" and contact["emergency"] == "true"
    assert _read_csv((tmp_path / "out" / "goal.csv").read_bytes()) == []


def test_csv_zip(store, tmp_path):
    RecordService(store).add(SupportContact(name="Sam", role="sponsor"))
    assert T.export_csv(store, tmp_path / "all.zip") == [tmp_path / "all.zip"]
    with zipfile.ZipFile(tmp_path / "all.zip") as zf:
        assert _read_csv(zf.read("contact.csv"))[0]["name"] == "Sam"


# --- atomic writes ---------------------------------------------------------------------------


def test_short_write_on_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "export.json"
    target.write_bytes(b"previous")
    real = os.write
    state = {"left": 10}

    def short(fd, data):  # the disk fills up after 10 bytes
        n = min(len(data), state["left"])
        state["left"] -= n
        return real(fd, bytes(data[:n])) if n else 0
    monkeypatch.setattr(os, "write", short)
    with pytest.raises(StoreError) as err:
        write_file_atomically(target, b"x" * 1000)
    assert "free some disk space" in str(err.value.message) and "left unchanged" in err.value.message
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_a_write_that_lies_about_its_count_is_caught(tmp_path, monkeypatch):
    target = tmp_path / "export.json"
    target.write_bytes(b"previous")
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: (real(fd, bytes(data[:5])), len(data))[1])
    with pytest.raises(StoreError):
        write_file_atomically(target, b"y" * 100)
    assert target.read_bytes() == b"previous"


def test_read_only_folder_is_one_sentence(store, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "x.json").write_bytes(b"old")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root")
        with pytest.raises(StoreError) as err:
            T.write_json(store, folder / "x.json")
        assert "left unchanged" in err.value.message
        assert (folder / "x.json").read_bytes() == b"old"
    finally:
        folder.chmod(0o700)


def test_read_only_file_system_is_one_sentence(store, tmp_path, monkeypatch):
    import tempfile
    (tmp_path / "x.json").write_bytes(b"old")

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(StoreError) as err:
        T.write_json(store, tmp_path / "x.json")
    assert err.value.message.count(". ") == 0 and "Read-only file system" in err.value.message
    assert (tmp_path / "x.json").read_bytes() == b"old"


def test_transfer_service_for_the_gui(store, tmp_path):
    RecordService(store).add(SupportContact(name="Sam", role="sponsor"))
    service = T.TransferService(store, RecordService(store))
    assert "Exported" in service.export("json", tmp_path / "a.json")
    assert "CSV" in service.export("csv", tmp_path / "csv")
    plan = service.plan(tmp_path / "a.json")
    assert plan.unchanged == 1 and plan.is_empty
    assert service.apply(plan).added == 0


def test_the_plan_says_when_and_by_what_the_file_was_exported(demo_export, store):
    plan = T.plan_json_import(store, demo_export)
    assert plan.version == 1 and plan.exported_at == NOW and plan.app_version
    doc = json.loads(demo_export)
    del doc["exported_at"], doc["app_version"]
    bare = T.plan_json_import(store, json.dumps(doc).encode())
    assert bare.exported_at is None and bare.app_version == "" and bare.added == plan.added
