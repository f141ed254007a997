"""The search index (app.storage.search): added by migration 0008 to a file of the schema before
it, kept in sync on every write path (the services, another connection such as the CLI, undo,
an import, a restore), put back when missing, made afresh when damaged, and left out of what
is exported, backed up and counted as records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.domain.records import AttendanceRecord, CheckIn, CopingEntry, CopingSkill, SupportGroup
from app.services import transfer
from app.services.records import RecordService
from app.storage import open_store
from app.storage import search as S
from app.storage.backups import record_counts

FIXTURES = Path(__file__).parents[1] / "reliability" / "fixtures"


@pytest.fixture
def records(services):
    return services.records


def ids(records, kind, query, **kw):
    return {r.id for r in records.list(kind, matching=query, **kw)}


def coping(records, days_ago, **fields):
    when = records.clock.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    return records.add(CopingEntry(occurred_at=when, urge_before=fields.pop("urge_before", 5), **fields))


def test_every_kind_is_indexed_and_every_name_a_table_shows_reindexes_its_rows(store):
    from app.domain import fields as F
    from app.services.kinds import KINDS

    shown = {(getattr(store, ref_kind.repo).table, getattr(store, kind.repo).table, column)
             for kind in KINDS.values() for column in kind.columns
             for spec in [F.spec_named(kind.record_type, column)]
             if spec.kind in (F.REF, F.REFS) and spec.ref for ref_kind in [KINDS[spec.ref]]}
    assert {getattr(store, k.repo).table for k in KINDS.values()} <= set(S.TABLES)
    assert shown == {(source, shown_in, column) for source, shown_in, column, _ in S.REFERENCES}


def test_fts5_with_the_trigram_tokenizer_is_in_this_sqlite():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'trigram case_sensitive 1')")
    conn.execute("INSERT INTO t VALUES ('called my sponsors')")
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH '\"sponsor\"'").fetchone()[0] == 1


def test_the_previous_schema_upgrades_and_its_old_rows_are_found(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / "schema-0007.db", data / "steady.db")
    before = json.loads((FIXTURES / "schema-0007.json").read_text(encoding="utf-8"))
    with sqlite3.connect(data / "steady.db") as old:
        assert old.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_search%' ESCAPE '\\'"
                           ).fetchone()[0] == 0
    oldest = min(before["coping"].values(), key=lambda r: r["occurred_at"])
    assert oldest["situation"] == "Bad dream about using"
    with open_store(data) as store:
        applied = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
        assert "0008_search_index" in applied
        assert store.search.pending("coping_entries") == len(before["coping"])  # every record noted
        records = RecordService(store)
        assert oldest["id"] in ids(records, "coping", "bad dream")
        assert ids(records, "coping", "bad dream") == {
            r["id"] for r in before["coping"].values() if "bad dream" in r["situation"].lower()}
        assert store.search.pending("coping_entries") == 0
        assert store.integrity_problems() == [] and store.text_problems() == []


def test_every_write_path_keeps_the_index_in_sync(store, records):
    old = coping(records, 4000, situation="Called my sponsors after the meeting")
    assert ids(records, "coping", "sponsor") == {old.id}
    # a change through the services
    records.update(old.with_changes(situation="Walked by the river"))
    assert ids(records, "coping", "sponsor") == set() and ids(records, "coping", "river") == {old.id}
    # a delete, and undo's way back (the record restored with its id)
    records.delete(old)
    assert ids(records, "coping", "river") == set()
    records.restore(old.with_changes(situation="Walked by the river"))
    assert ids(records, "coping", "river") == {old.id}
    # another connection (the command line, a worker) writing: the triggers note it
    other = store.connect_again(read_only=False)
    try:
        new = CopingEntry(occurred_at=dt.datetime(2026, 1, 2, 9), urge_before=3, notes="Zebra crossing")
        with other.transaction():
            other.coping.add(new)
    finally:
        other.close()
    assert ids(records, "coping", "zebra") == {new.id}


def test_an_import_is_found(store, records, tmp_path):
    source = tmp_path / "other"
    source.mkdir(mode=0o700)
    with open_store(source) as elsewhere:
        theirs = RecordService(elsewhere)
        entry = coping(theirs, 30, situation="Sponsorship night at the hall")
        data = transfer.export_json(elsewhere)
    assert ids(records, "coping", "sponsorship") == set()
    plan = transfer.plan_json_import(store, data)
    transfer.apply_json_import(store, records, plan)
    assert ids(records, "coping", "sponsorship") == {entry.id}


def test_a_restored_backup_is_searched(tmp_path, records, store):
    from app.services.backups import restore_file

    coping(records, 1, situation="Before the backup")
    copy = tmp_path / "copy.db"
    with sqlite3.connect(copy) as target:
        store.db.conn.backup(target)
    coping(records, 1, situation="After the backup")
    data_dir = store.data_dir
    store.close()
    restore_file(data_dir, copy)
    with open_store(data_dir) as again:
        other = RecordService(again)
        assert len(ids(other, "coping", "backup")) == 1
        assert ids(other, "coping", "before") and not ids(other, "coping", "after")


def test_renaming_a_meeting_or_a_skill_reindexes_the_rows_that_show_it(store, records):
    group = records.add(SupportGroup(name="Tuesday Big Book"))
    skill = records.add(CopingSkill(name="Box breathing", category="mindfulness"))
    visit = records.add(AttendanceRecord(occurred_at=dt.datetime(2020, 5, 5, 19), group_id=group.id,
                                         status="attended"))
    entry = coping(records, 10, skill_ids=(skill.id,))
    assert ids(records, "attendance", "big book") == {visit.id}
    assert ids(records, "coping", "breathing") == {entry.id}
    records.update(group.with_changes(name="Thursday Step Study"))
    records.update(skill.with_changes(name="Grounding 5-4-3-2-1"))
    assert ids(records, "attendance", "big book") == set() and ids(records, "attendance", "step study") == {visit.id}
    assert ids(records, "coping", "breathing") == set() and ids(records, "coping", "grounding") == {entry.id}


def test_words_of_one_or_two_characters_and_dates_as_shown(store, records):
    today = records.clock.now().date()
    a = records.add(CheckIn(day=today - dt.timedelta(days=3), mood=4, craving=2, notes="ok day"))
    b = records.add(CheckIn(day=today - dt.timedelta(days=2), mood=1, craving=7, notes="hard"))
    assert ids(records, "checkin", "ok") == {a.id}
    assert ids(records, "checkin", "7") == {b.id} | ({a.id} if "7" in str(a.day.day) else set())
    from app.domain import formatting as fmt

    shown = fmt.date(b.day)  # a date is found as the table shows it
    assert b.id in ids(records, "checkin", shown)


def test_the_query_is_answered_by_the_fts_index(store, records):
    coping(records, 1, situation="Payday")
    records.prepare_search("coping")
    sql, params = S.SearchIndex.matching("coping_entries", ("payday",))
    plan = " ".join(r[-1] for r in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM coping_entries WHERE {sql}", params).fetchall())
    assert "VIRTUAL TABLE INDEX" in plan and "_search" in plan


def test_a_missing_index_is_put_back_at_open(data_dir):
    with open_store(data_dir) as store:
        records = RecordService(store)
        entry = coping(records, 1, situation="Payday")
        store.db.execute("DROP TRIGGER _search_coping_entries_insert")
        store.db.execute("DROP TABLE _search")
        store.db.conn.commit()
    with open_store(data_dir) as store:
        records = RecordService(store)
        assert ids(records, "coping", "payday") == {entry.id}
        later = coping(records, 1, situation="Payday again")
        assert ids(records, "coping", "payday") == {entry.id, later.id}


def test_a_damaged_index_is_made_afresh(store, records):
    entry = coping(records, 1, situation="Payday at the hall")
    assert ids(records, "coping", "payday") == {entry.id}
    store.db.execute("UPDATE _search_data SET block = x'00ff00ff00ff00ff' WHERE id > 1")
    store.db.conn.commit()
    with pytest.raises(sqlite3.DatabaseError):
        store.db.execute("SELECT rowid FROM _search WHERE _search MATCH '\"payday\"'").fetchall()
    assert ids(records, "coping", "payday") == {entry.id}
    assert ids(records, "coping", "hall") == {entry.id}


def test_exports_backups_and_checks_leave_the_index_out(store, records):
    coping(records, 1, situation="Payday", notes="Called Dana")
    before_json = transfer.export_json(store, now=dt.datetime(2026, 1, 1))
    before_csv = transfer.csv_files(store)
    assert ids(records, "coping", "dana")  # the index now holds texts
    assert transfer.export_json(store, now=dt.datetime(2026, 1, 1)) == before_json
    assert transfer.csv_files(store) == before_csv
    counted = record_counts(store.db.conn)
    assert not [t for t in counted if "search" in t]
    assert store.text_problems() == [] and store.integrity_problems() == []


def test_a_search_while_another_connection_writes_reads_what_is_indexed_without_waiting(store, records):
    import time

    entry = coping(records, 1, situation="Payday")
    assert ids(records, "coping", "payday") == {entry.id}
    later = coping(records, 1, situation="Payday again")  # noted, its text not made yet
    other = store.connect_again(read_only=False)
    try:
        other.db.execute("BEGIN IMMEDIATE")  # an import on the background runner, say
        started = time.perf_counter()
        assert records.prepare_search("coping") is None
        assert ids(records, "coping", "payday") == {entry.id}  # what is indexed, at once
        assert time.perf_counter() - started < 2
        other.db.execute("ROLLBACK")
    finally:
        other.close()
    assert ids(records, "coping", "payday") == {entry.id, later.id}


def test_the_index_goes_with_the_records_into_an_encrypted_file_and_back(data_dir):
    from app.services import encryption as E

    with open_store(data_dir) as store:
        records = RecordService(store)
        entry = coping(records, 3, situation="Called my sponsors", notes="zebra crossing")
        assert ids(records, "coping", "sponsor") == {entry.id}
    E.turn_on(data_dir, "correct horse battery")
    key = E.unlock(data_dir, passphrase="correct horse battery")
    with open_store(data_dir, key=key) as store:
        records = RecordService(store)
        assert store.search.pending("coping_entries") == 0  # the texts came along
        assert ids(records, "coping", "sponsor") == {entry.id}
        later = coping(records, 1, situation="New sponsor")
        assert ids(records, "coping", "sponsor") == {entry.id, later.id}
    E.turn_off(data_dir, passphrase="correct horse battery")
    with open_store(data_dir) as store:
        assert ids(RecordService(store), "coping", "zebra") == {entry.id}
        assert store.integrity_problems() == []


def test_another_language_remakes_the_texts_so_dates_are_found_as_shown(store, records):
    """Dates and labels are indexed as the table shows them: in Spanish, as Spanish shows them."""
    from app.domain import formatting as fmt
    from app.domain import i18n

    day = dt.date(2026, 12, 7)
    entry = records.add(CheckIn(day=day, mood=3, craving=2, notes="walk"))
    assert entry.id in ids(records, "checkin", fmt.date(day))  # "7 Dec 2026", indexed in English
    i18n.use_language("es")
    assert fmt.date(day) == "7 dic 2026"
    assert entry.id in ids(records, "checkin", "7 dic 2026")
    i18n.use_language("en")
    assert entry.id in ids(records, "checkin", "7 Dec 2026") and not ids(records, "checkin", "dic 2026")
