"""Migration 0005 (self-checks) upgrades a file written before it without touching its data."""

import datetime as dt

from app.domain.records import Assessment, CheckIn
from app.storage import open_store


def test_a_file_from_before_self_checks_gains_the_table_and_keeps_its_records(tmp_path):
    store = open_store(tmp_path)
    store.checkins.add(CheckIn(day=dt.date(2026, 1, 5), mood=3, craving=2))
    # Put the file back as the previous version left it: no assessments table, no 0005 step.
    store.db.execute("DROP TABLE assessments")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_assessments'")
    store.db.conn.commit()
    store.close()

    store = open_store(tmp_path)
    try:
        assert [c.day for c in store.checkins.list()] == [dt.date(2026, 1, 5)]
        applied = {r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")}
        assert "0005_assessments" in applied
        record = Assessment(instrument="phq9", day=dt.date(2026, 1, 6), answers="0,1,2,3,0,1,2,3,1")
        store.assessments.add(record)
        assert store.assessments.list() == [record]
    finally:
        store.close()
