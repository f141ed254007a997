"""A table of years of entries opens with its newest rows and takes the rest a slice at a time
(after painting, or when scrolled to), and all at once only when a sort, a search or finding a
record needs them; what it shows is the same as if every row had been there from the start."""

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


def test_opens_with_the_newest_rows_and_loads_the_rest_after_painting(qtbot, records, many, qtmodeltester):
    view = RecordsView(records, "checkin")
    qtbot.addWidget(view)
    loaded = view.model.rowCount()
    assert loaded == records_page._FIRST_ROWS and not view.model.complete
    assert shown_days(view) == [c.day for c in many[:loaded]]  # newest first
    assert view.count_label.text().startswith(f"{N:,} ")  # the count is of every entry
    qtmodeltester.check(view.model)
    view.show()
    qtbot.waitUntil(lambda: view.model.complete, timeout=10_000)
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
    assert len(shown_days(view)) == N


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
