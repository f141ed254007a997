"""A table of years of entries opens with its newest rows and takes the rest when scrolled to
(all at once only when a sort or finding a record needs them); a search asks the file, through
the search index, in the same way. What it shows is the same as if every row had been there
from the start."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.domain.records import CheckIn
from app.ui.pages import records_page
from app.ui.pages.records_page import RecordsView

N = 400


@pytest.fixture
def many(records, store):
    today = records.clock.now().date()
    entries = [CheckIn(day=today - dt.timedelta(days=i), mood=1 + i % 5, craving=i % 6,
                       notes="walk by the river" if i == N - 3 else "")
               for i in range(N)]
    store.checkins.add_many(entries)
    return entries


def shown_days(view):
    return [view.model.record_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).day
            for r in range(view.proxy.rowCount())]


def test_opens_with_the_newest_rows_and_the_rest_come_when_scrolled_to(qtbot, records, many, qtmodeltester):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    loaded = view.model.rowCount()
    assert loaded == records_page._FIRST_ROWS and not view.model.complete
    assert shown_days(view) == [c.day for c in many[:loaded]]  # newest first
    assert view.count_label.text().startswith(f"{N:,} ")  # the count is of every entry
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert view.model.rowCount() == loaded  # nothing more is read until the rows are wanted
    while not view.model.complete:  # scrolled to the end, again and again
        before = view.model.rowCount()
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda before=before: view.model.rowCount() > before, timeout=5_000)
    assert shown_days(view) == [c.day for c in many]  # in order, none twice, none missing
    qtmodeltester.check(view.model)


def test_scrolling_to_the_end_fetches_more(qtbot, records, many):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    assert view.proxy.canFetchMore(view.proxy.index(-1, -1))
    before = view.model.rowCount()
    view.proxy.fetchMore(view.proxy.index(-1, -1))  # what the table does at its last row
    assert view.model.rowCount() > before


def test_a_search_finds_rows_not_loaded_yet(qtbot, records, many):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    assert not view.model.complete
    view.set_search("river")
    assert shown_days(view) == [many[N - 3].day]
    assert view.count_label.text().startswith("1 of ")
    view.set_search("")
    assert shown_days(view) == [c.day for c in many[:records_page._FIRST_ROWS]]
    assert view.count_label.text() == f"{N:,} entries"


def test_sorting_by_another_column_sorts_every_row(qtbot, records, many):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    column = view.kind.columns.index("mood")
    view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert view.model.complete
    moods = [view.model.record_at(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).mood
             for r in range(view.proxy.rowCount())]
    assert len(moods) == N and moods == sorted(moods)


def test_an_old_record_can_be_selected_before_it_was_loaded(qtbot, records, many):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    oldest = many[-1]
    assert view.select_record(oldest.id)
    assert view.selected_record().id == oldest.id


def test_a_change_while_searching_keeps_every_match(qtbot, records, many):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    view.set_search("river")
    records.update(many[N - 3].with_changes(mood=5))  # a change notice refreshes the table
    assert shown_days(view) == [many[N - 3].day]


def test_at_twenty_years_a_word_in_an_old_row_is_found_through_the_index(qtbot, records, store, tmp_path):
    from app.services import transfer
    from app.services.records import RecordService
    from app.storage import open_store
    from app.ui.undo import UndoHistory

    today = records.clock.now().date()
    days = 20 * 365
    store.checkins.add_many(
        CheckIn(day=today - dt.timedelta(days=i), mood=1 + i % 5, craving=i % 6,
                notes="Called both sponsors" if i == days - 10 else ("slept well" if i % 3 else ""))
        for i in range(days))
    undo = UndoHistory()
    view = RecordsView(records, "checkin", undo=undo)
    qtbot.addWidget(view)
    view.show()
    records.prepare_search("checkin")  # as the page's slices after painting would, all at once
    view.set_search("sponsor")  # part of a word, in a row twenty years old
    assert shown_days(view) == [today - dt.timedelta(days=days - 10)]
    assert view.count_label.text() == f"1 of {days:,} entries"
    assert view.model.rowCount() == 1  # the old row came from the index, not from reading every row

    # written after the page opened (as the Check in button or the command line would)
    fresh = records.add(CheckIn(day=today - dt.timedelta(days=days), mood=3, craving=0, notes="Sponsor's birthday"))
    assert len(shown_days(view)) == 2 and fresh.day in shown_days(view)
    # after an undo of a delete
    view.select_record(fresh.id)
    assert view.delete_selected()
    assert fresh.day not in shown_days(view)
    undo.undo()
    assert fresh.day in shown_days(view)
    # after an import
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    with open_store(other) as elsewhere:
        imported = RecordService(elsewhere).add(
            CheckIn(day=today - dt.timedelta(days=days + 5), mood=2, craving=1, notes="New sponsor at the hall"))
        data = transfer.export_json(elsewhere)
    transfer.apply_json_import(store, records, transfer.plan_json_import(store, data))
    assert imported.day in shown_days(view) and len(shown_days(view)) == 3
    assert view.count_label.text() == f"3 of {days + 2:,} entries"


def test_a_search_opens_with_its_newest_matches_and_the_rest_come_when_scrolled_to(qtbot, records, store):
    today = records.clock.now().date()
    entries = [CheckIn(day=today - dt.timedelta(days=i), mood=3, craving=1, notes="walk" if i % 2 else "rest")
               for i in range(400)]
    store.checkins.add_many(entries)
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_search("walk")
    walks = [c.day for c in entries if c.notes == "walk"]
    assert view.model.rowCount() == records_page._FIRST_MATCHES
    assert shown_days(view) == walks[:records_page._FIRST_MATCHES]
    assert view.count_label.text() == "200 of 400 entries"
    while not view.model.complete:
        before = view.model.rowCount()
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda before=before: view.model.rowCount() > before, timeout=5_000)
    assert shown_days(view) == walks
