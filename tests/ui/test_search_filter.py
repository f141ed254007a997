"""Search box and date range above every record table: what they match, what they say."""

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain import formatting as fmt
from app.domain.records import CopingEntry, CopingSkill, ScheduleItem, SupportContact
from app.services.kinds import KINDS
from app.ui.models.record_table import fold
from app.ui.pages.records_page import RecordsPage, RecordsView

from .helpers import seed


def shown_ids(view: RecordsView) -> list[str]:
    out = []
    for row in range(view.proxy.rowCount()):
        source = view.proxy.mapToSource(view.proxy.index(row, 0))
        out.append(view.model.record_at(source.row()).id)
    return out


def coping(records, days_ago: float, **fields) -> CopingEntry:
    when = records.clock.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    return records.add(CopingEntry(occurred_at=when, urge_before=fields.pop("urge_before", 5), **fields))


@pytest.fixture
def log(qtbot, records):
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    return view


def test_search_matches_any_shown_column_ignoring_case(log, records):
    skill = records.add(CopingSkill(name="Box breathing", category="mindfulness"))
    bar = coping(records, 1, situation="Walked past the BAR", skill_ids=(skill.id,))
    other = coping(records, 2, situation="Argument with my sister", outcome="passed")
    log.set_search("bar")
    assert shown_ids(log) == [bar.id]
    log.set_search("breathing")  # the skill's name, shown in "Skills used"
    assert shown_ids(log) == [bar.id]
    log.set_search("urge passed")  # the outcome's label, not its stored key
    assert shown_ids(log) == [other.id]
    log.set_search("")
    assert set(shown_ids(log)) == {bar.id, other.id}


def test_search_looks_in_notes_and_triggers_no_column_shows(log, records):
    entry = coping(records, 1, situation="Payday", notes="Called Dana after the meeting", triggers=("lonely",))
    coping(records, 2, situation="Payday")
    assert "notes" not in KINDS["coping"].columns and "triggers" not in KINDS["coping"].columns
    log.set_search("dana")
    assert shown_ids(log) == [entry.id]
    log.set_search("LONELY")
    assert shown_ids(log) == [entry.id]


def test_every_word_must_match_but_not_across_fields(log, records):
    both = coping(records, 1, situation="Drove past my old bar", notes="Called my sponsor")
    coping(records, 2, situation="Drove to work")
    log.set_search("drove sponsor")
    assert shown_ids(log) == [both.id]
    # "bar" ends one field and "called" starts the next: no match on "bar called".
    log.set_search("barcalled")
    assert shown_ids(log) == []


def test_search_ignores_accents_and_width(log, records):
    cafe = coping(records, 1, situation="Café on Rue Saint-Honoré")
    wide = coping(records, 2, situation="ｆｕｌｌ moon party")
    log.set_search("cafe honore")
    assert shown_ids(log) == [cafe.id]
    log.set_search("CAFÉ")
    assert shown_ids(log) == [cafe.id]
    log.set_search("full")
    assert shown_ids(log) == [wide.id]
    assert fold("Straße") == "strasse"


def test_search_text_is_literal_not_a_pattern(log, records):
    percent = coping(records, 1, situation="100% done_with it [ok] (a|b) .*")
    coping(records, 2, situation="1000 done with it")
    for query in ("100%", "done_with", "[ok]", "(a|b)", ".*"):
        log.set_search(query)
        assert shown_ids(log) == [percent.id], query


def test_count_label_says_how_many_of_all(log, records):
    for i in range(12):
        coping(records, i + 1, situation="Payday" if i < 3 else "Sister")
    assert log.count_label.text() == "12 entries"
    log.set_search("payday")
    assert log.count_label.text() == "3 of 12 entries"
    log.set_search("sister")
    assert log.count_label.text() == "9 of 12 entries"
    log.set_search("")
    assert log.count_label.text() == "12 entries"


def test_no_match_explains_and_clear_brings_the_rows_back(log, records):
    coping(records, 1, situation="Payday")
    log.set_search("zebra")
    assert log.stack.currentWidget() is log.no_match
    assert log.no_match.label.text() == "No entries match “zebra”."
    assert log.no_match.button.text() == "Clear search"
    assert log.count_label.text() == "0 of 1 coping entry"
    log.no_match.button.click()
    assert log.search.text() == ""
    assert log.stack.currentWidget() is log.table
    assert log.proxy.rowCount() == 1


def test_empty_kind_shows_how_to_start_not_the_search(log):
    assert log.stack.currentWidget() is log.empty
    assert log.filters.isHidden()


def test_escape_clears_and_ctrl_f_focuses_the_search(qtbot, records):
    coping(records, 1, situation="Payday")
    page = RecordsPage(records, "Coping skills", [("Coping log", "coping"), ("Skill library", "skill")])
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    view = page.current_view()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "zebra")
    assert view.stack.currentWidget() is view.no_match
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert view.stack.currentWidget() is view.table
    # From the tab bar too, and on the second tab.
    page.show_kind("skill")
    page.tabs.tabBar().setFocus()
    qtbot.waitUntil(page.tabs.tabBar().hasFocus)
    qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.views["skill"].search.hasFocus()


def test_enter_in_the_search_moves_to_the_first_match(qtbot, log, records):
    coping(records, 1, situation="Payday")
    target = coping(records, 2, situation="Sister")
    log.show()
    log.activateWindow()
    qtbot.waitExposed(log)
    log.search.setFocus()
    qtbot.keyClicks(log.search, "sister")
    qtbot.keyClick(log.search, Qt.Key.Key_Return)
    assert log.selected_record() == target
    qtbot.waitUntil(log.table.hasFocus)


# --- dates ---------------------------------------------------------------------------------------

def test_date_presets_keep_rows_dated_in_the_period(log, records):
    today = records.clock.now().date()
    recent = coping(records, 0.01)
    week = coping(records, 6)
    month = coping(records, 20)
    old = coping(records, 200)
    log.filters.set_period("7")
    assert set(shown_ids(log)) == {recent.id, week.id}
    log.filters.set_period("30")
    assert set(shown_ids(log)) == {recent.id, week.id, month.id}
    log.filters.set_period("year")
    expected = {r.id for r in (recent, week, month, old) if r.occurred_at.year == today.year}
    assert set(shown_ids(log)) == expected
    log.filters.set_period("all")
    assert len(shown_ids(log)) == 4


def test_custom_range_is_inclusive_and_never_backwards(log, records):
    today = records.clock.now().date()
    entries = [coping(records, d) for d in (1, 3, 5, 7)]
    start, end = today - dt.timedelta(days=5), today - dt.timedelta(days=3)
    log.filters.set_period("custom", start, end)
    assert log.filters.from_date.isVisibleTo(log.filters) and log.filters.to_date.isVisibleTo(log.filters)
    assert set(shown_ids(log)) == {entries[1].id, entries[2].id}
    # Moving From past To moves To with it.
    log.filters.from_date.set_value(today - dt.timedelta(days=1))
    assert log.filters.to_date.value() == today - dt.timedelta(days=1)
    assert shown_ids(log) == [entries[0].id]


def test_dates_and_search_combine_and_the_empty_state_names_both(log, records):
    coping(records, 1, situation="Payday")
    old = coping(records, 100, situation="Payday")
    log.filters.set_period("30")
    log.set_search("sister")
    assert log.no_match.label.text() == "No entries match “sister” in the last 30 days."
    assert log.no_match.button.text() == "Clear search and dates"
    log.set_search("")
    log.filters.set_period("custom", old.occurred_at.date() - dt.timedelta(days=9),
                           old.occurred_at.date() - dt.timedelta(days=1))
    start = old.occurred_at.date() - dt.timedelta(days=9)
    assert log.no_match.label.text() == (
        f"No entries from {fmt.date(start)} to {fmt.date(old.occurred_at.date() - dt.timedelta(days=1))}.")
    assert log.no_match.button.text() == "Show all dates"
    log.no_match.button.click()
    assert log.filters.period_key() == "all"
    assert len(shown_ids(log)) == 2


def test_a_repeating_schedule_item_belongs_to_every_later_period(qtbot, records):
    now = records.clock.now().replace(second=0, microsecond=0)
    long_ago = now - dt.timedelta(days=400)
    series = records.add(ScheduleItem(title="IOP group", kind="group_therapy", start=long_ago,
                                      end=long_ago + dt.timedelta(hours=3), timezone="UTC",
                                      recurrence="FREQ=WEEKLY;BYDAY=MO"))
    records.add(ScheduleItem(title="Dentist", kind="other", start=long_ago, end=long_ago + dt.timedelta(hours=1),
                             timezone="UTC"))
    view = RecordsView(records, "schedule")
    qtbot.addWidget(view)
    view.filters.set_period("7")
    assert shown_ids(view) == [series.id]


def test_kinds_without_a_date_have_no_date_range(qtbot, records):
    records.add(SupportContact(name="Dana", role="sponsor", phone="555-0101"))
    view = RecordsView(records, "contact")
    qtbot.addWidget(view)
    view.show()
    assert not view.filters.period.isVisible()
    assert view.filters.date_range() == (None, None)
    view.set_search("555")
    assert view.proxy.rowCount() == 1


# --- keeping the filter through changes -----------------------------------------------------------

def test_the_search_stays_applied_when_rows_change(log, records):
    coping(records, 1, situation="Payday")
    log.set_search("payday")
    coping(records, 2, situation="Sister")  # refreshes the view through the change notice
    assert log.count_label.text() == "1 of 2 entries"
    also = coping(records, 3, situation="Another payday")
    assert also.id in shown_ids(log) and len(shown_ids(log)) == 2


def test_adding_an_entry_the_search_hides_clears_the_search_to_show_it(qtbot, log, records):
    coping(records, 1, situation="Payday")
    log.set_search("payday")

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.editor("urge_before").setValue(4)
        dialog.editor("situation").setPlainText("Sister called")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    saved = log.add_record()
    assert saved is not None
    assert log.search.text() == ""
    assert log.selected_record() == saved


def test_sorting_by_a_column_keeps_the_filter(log, records):
    for urge in (3, 9, 1, 7):
        coping(records, urge, situation=f"Payday {urge}", urge_before=urge)
    coping(records, 2, situation="Sister", urge_before=5)
    log.set_search("payday")
    col = KINDS["coping"].columns.index("urge_before")
    log.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    urges = [log.proxy.index(r, col).data() for r in range(log.proxy.rowCount())]
    assert urges == ["1", "3", "7", "9"]
    log.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert [log.proxy.index(r, col).data() for r in range(log.proxy.rowCount())] == ["9", "7", "3", "1"]
    # The selection follows its record through a sort.
    log.select_record(shown_ids(log)[0])
    chosen = log.selected_record()
    log.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert log.selected_record() == chosen


def test_filtered_and_sorted_models_follow_qt_rules(qtmodeltester, log, records):
    seed(records)
    for i in range(5):
        coping(records, i + 3, situation=f"Payday {i}", urge_before=i)
    log.set_search("payday")
    log.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(log.model)
    qtmodeltester.check(log.proxy)
    log.filters.set_period("7")
    qtmodeltester.check(log.proxy)


def test_the_service_answers_a_search_without_a_view(records):
    data = seed(records)
    assert [r.id for r in records.list("coping", matching="box breathing")] == [data["coping"].id]
    assert records.count("coping", matching="box breathing") == 1
    assert records.count("coping", matching="  ") == records.count("coping")


def test_search_texts_are_made_in_slices_after_the_first_paint(qtbot, records, store):
    for i in range(30):
        coping(records, i + 1, situation=f"Entry {i}")
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    waiting = store.search.pending("coping_entries")
    assert waiting == 30  # opening the table made none of them
    assert records.prepare_search("coping", limit=10) is False  # a slice leaves the rest for later
    assert store.search.pending("coping_entries") == 20
    view.show()
    qtbot.waitUntil(lambda: store.search.pending("coping_entries") == 0)


def test_a_view_deleted_before_its_search_texts_are_built_raises_nothing(qtbot, records):
    coping(records, 1, situation="Payday")
    view = RecordsView(records, "coping")  # its first slice of search texts is now queued
    view.detach()
    shiboken6.delete(view)  # gone at once, as when its window closes
    qtbot.wait(20)  # a slice run on the deleted view would raise; qt_default_raising reports it


def test_text_columns_narrow_to_fit_the_view_until_a_column_is_resized_by_hand(qtbot, records):
    now = records.clock.now().replace(second=0, microsecond=0)
    for i in range(5):
        records.add(ScheduleItem(title=f"A rather long session title number {i} " * 3, kind="other",
                                 start=now - dt.timedelta(days=i), end=now - dt.timedelta(days=i, hours=-1),
                                 timezone="UTC", location="Riverside Recovery Center, 4th floor, room " * 3))
    view = RecordsView(records, "schedule")
    qtbot.addWidget(view)
    view.resize(760, 400)
    view.show()
    qtbot.waitExposed(view)
    header = view.table.horizontalHeader()

    def total():
        return sum(header.sectionSize(c) for c in range(header.count()))

    assert total() <= view.table.viewport().width()
    assert not view.table.horizontalScrollBar().isVisible()
    title = KINDS["schedule"].columns.index("title")
    header.resizeSection(title, 500)  # the person drags a column wider
    view.resize(1000, 400)
    assert header.sectionSize(title) == 500
