"""Every import (calendar, meeting list, Steady export) first makes a safety backup of what is
there, so an import can always be undone by restoring it; if that copy cannot be made, the
import does not happen."""

import datetime as dt
import json

import pytest

from app.domain.records import CopingEntry
from app.services import transfer as T
from app.services.clock import FixedClock
from app.services.ics import CalendarFiles
from app.services.meeting_guide import MeetingFeeds
from app.services.records import RecordService
from app.storage import StoreError, open_store
from app.storage import backups as B

NOW = dt.datetime(2026, 3, 2, 9, 30)

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:shift-1@example.com\r\n"
       "DTSTAMP:20260301T000000Z\r\nDTSTART:20260303T140000Z\r\nDTEND:20260303T220000Z\r\n"
       "SUMMARY:Late shift\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
FEED = [{"name": "Tuesday Night Hope", "slug": "tuesday-hope", "day": 2, "time": "19:00",
         "location": "Church hall", "types": ["O"]}]


def _other_export(tmp_path):
    with open_store(tmp_path / "other") as other:
        RecordService(other).add(CopingEntry(occurred_at=dt.datetime(2026, 2, 1, 20), situation="Payday",
                                                 urge_before=7, urge_after=3))
        return T.export_json(other, now=NOW)


def _importers(tmp_path):
    """(name, function(store, records) that plans and applies one import with something new)."""
    ics = tmp_path / "work.ics"
    ics.write_text(ICS, encoding="utf-8")
    feed = tmp_path / "meetings.json"
    feed.write_text(json.dumps(FEED), encoding="utf-8")
    export = tmp_path / "export.json"
    export.write_bytes(_other_export(tmp_path))

    def calendar(store, records):
        files = CalendarFiles(store, records)
        return files.apply(files.plan(ics, kind="work"))

    def meetings(store, records):
        feeds = MeetingFeeds(store, records)
        return feeds.apply(feeds.plan(feed))

    def steady(store, records):
        transfer = T.TransferService(store, records)
        return transfer.apply(transfer.plan(export))

    return {"calendar": calendar, "meetings": meetings, "steady": steady}


@pytest.fixture
def records(store):
    service = RecordService(store)
    service.clock = FixedClock(NOW)
    return service


def _log_one(records):
    records.add(CopingEntry(occurred_at=dt.datetime(2026, 3, 1, 21), situation="Called my sponsor",
                            urge_before=8, urge_after=4))


@pytest.mark.parametrize("kind", ["calendar", "meetings", "steady"])
def test_an_import_backs_up_what_was_there_first(kind, store, records, data_dir, tmp_path):
    _log_one(records)
    before = B.record_counts(store.db.conn)
    _importers(tmp_path)[kind](store, records)
    copies = [b for b in B.list_backups(data_dir) if b.label == "before-import"]
    assert len(copies) == 1
    assert copies[0].counts == before  # the state before the import, not after
    assert B.record_counts(store.db.conn) != before  # and the import did happen


@pytest.mark.parametrize("kind", ["calendar", "meetings", "steady"])
def test_an_empty_store_needs_no_safety_copy(kind, store, records, data_dir, tmp_path):
    _importers(tmp_path)[kind](store, records)
    assert B.list_backups(data_dir) == []


def test_an_import_with_nothing_new_makes_no_copy(store, records, data_dir, tmp_path):
    _log_one(records)
    run = _importers(tmp_path)["meetings"]
    run(store, records)
    run(store, records)  # the same feed again: nothing to add or update
    assert len([b for b in B.list_backups(data_dir) if b.label == "before-import"]) == 1


@pytest.mark.parametrize("kind", ["calendar", "meetings", "steady"])
def test_no_safety_copy_means_no_import(kind, store, records, data_dir, tmp_path):
    _log_one(records)
    (data_dir / B.BACKUP_DIR_NAME).write_text("not a folder")  # the backups folder cannot be made
    before = B.record_counts(store.db.conn)
    with pytest.raises(StoreError):
        _importers(tmp_path)[kind](store, records)
    assert B.record_counts(store.db.conn) == before
