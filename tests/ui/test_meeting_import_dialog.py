"""File ▸ Import meetings: a real feed file, a real store, the dialog driven through its widgets."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.records import SupportGroup
from app.services.meeting_guide import MeetingFeeds
from app.ui import messages
from app.ui.dialogs import meeting_import_dialog as M
from app.ui.dialogs.meeting_import_dialog import (
    MeetingFileChooser,
    MeetingImportDialog,
    MeetingPlanModel,
    import_meetings,
)
from tests.ui.focus_walk import shared_alt_keys
from tests.ui.helpers import settle

FEED = [
    {"name": "Sunday Serenity", "slug": "serenity", "day": 0, "time": "18:00", "types": ["O", "D"],
     "location": "Alano Club", "formatted_address": "123 Main St, Anytown, CA 98765, USA"},
    {"name": "Early Birds", "slug": "early", "day": [1, 3], "time": "06:30", "types": ["C", "ST"],
     "conference_url": "https://zoom.us/j/1"},
    {"name": "Women's Big Book", "slug": "wbb", "day": 2, "time": "19:00", "types": ["W", "B"],
     "location": "St. Mark's", "address": "9 Church Rd", "city": "Springfield", "state": "CA", "postal_code": "90210",
     "country": "US", "conference_phone": "+15550100"},
    {"name": "שלום Group 🙂", "slug": "shalom", "day": "4", "time": "20:00", "location": "Beit Am"},
    {"name": "By appointment", "slug": "appt", "notes": "Call first"},
    {"name": "Broken", "slug": "broken", "day": 12, "time": "19:00"},
]


def write_feed(tmp_path, meetings=FEED, name="meetings.json"):
    path = tmp_path / name
    path.write_text(json.dumps(meetings, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def feeds(store, records):
    return MeetingFeeds(store, records)


@pytest.fixture
def feed_file(tmp_path):
    return write_feed(tmp_path)


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, message: shown.append(message))
    return shown


@pytest.fixture
def dialog(qtbot, feeds, feed_file):
    d = MeetingImportDialog(feeds, str(feed_file))
    qtbot.addWidget(d)
    settle()  # the list is read on the background runner
    return d


def shown_names(d):
    p = d.proxy
    return [p.index(r, MeetingPlanModel.COL_NAME).data() for r in range(p.rowCount())]


def stored(store):
    return sorted(g.slug for g in store.groups.list())


def row_of(d, name):
    return next(r for r in range(d.model.rowCount()) if d.model.candidate(r).group.name == name)


def test_each_alt_key_reaches_one_control_in_english_and_spanish(qtbot, feeds, feed_file):
    """The tour of dialogs cannot open this one (it starts from a file chooser); "Tick all
    shown" once took the Alt+S of "Search"."""
    from app.domain import i18n

    for language in ("en", "es"):
        i18n.use_language(language)
        d = MeetingImportDialog(feeds, str(feed_file))
        qtbot.addWidget(d)
        settle()
        d.show()
        qtbot.waitExposed(d)
        assert shared_alt_keys(d) == [], language
        d.reject()


def test_models_pass_the_model_tester(qtmodeltester, dialog):
    qtmodeltester.check(dialog.model)
    dialog.search.setText("a")
    qtmodeltester.check(dialog.proxy)


def test_lists_every_usable_meeting_with_labels_and_warnings(dialog):
    assert dialog.model.rowCount() == 6  # Early Birds twice (Monday and Wednesday); Broken skipped
    m = dialog.model
    cells = {tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())}
    assert ("Sunday Serenity", "Sunday 18:00", "Open, Discussion", "Alano Club", "New") in cells
    assert ("Early Birds", "Monday 06:30", "Closed, Step Study", "Online", "New") in cells
    assert ("Women's Big Book", "Tuesday 19:00", "Women, Big Book", "Hybrid · St. Mark's", "New") in cells
    assert ("By appointment", "By appointment", "", "", "New") in cells
    assert shown_names(dialog)[0] == "Early Birds" and shown_names(dialog)[-1] == "By appointment"  # week order
    assert dialog.summary_text() == "0 chosen of 6 · 1 skipped (see warnings)"
    assert not dialog.import_button.isEnabled()
    assert dialog.warnings.count() == 1 and "“Broken” (broken) was skipped" in dialog.warnings.item(0).text()
    assert dialog.warnings_label.text() == "1 meeting skipped:"
    tip = m.index(row_of(dialog, "Women's Big Book"), MeetingPlanModel.COL_WHERE).data(Qt.ItemDataRole.ToolTipRole)
    assert "9 Church Rd" in tip and "+15550100" in tip and "Hybrid" in tip


def test_search_day_type_and_online_filters(dialog):
    dialog.search.setText("  st.   MARK ")
    assert shown_names(dialog) == ["Women's Big Book"]
    dialog.search.setText("anytown")  # the address
    assert shown_names(dialog) == ["Sunday Serenity"]
    dialog.search.setText("")
    dialog.day_combo.setCurrentIndex(dialog.day_combo.findData(2))  # Wednesday
    assert shown_names(dialog) == ["Early Birds"]
    dialog.day_combo.setCurrentIndex(dialog.day_combo.findData(M.BY_APPOINTMENT))
    assert shown_names(dialog) == ["By appointment"]
    dialog.day_combo.setCurrentIndex(0)
    labels = [dialog.type_combo.itemText(i) for i in range(dialog.type_combo.count())]
    assert labels[0] == "Any type" and "Step Study (2)" in labels and "Women (1)" in labels
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("ST"))
    assert shown_names(dialog) == ["Early Birds", "Early Birds"]
    dialog.type_combo.setCurrentIndex(0)
    dialog.online_only.setChecked(True)
    assert shown_names(dialog) == ["Early Birds", "Women's Big Book", "Early Birds"]
    assert dialog.summary_text() == "0 chosen of 6 · 3 shown · 1 skipped (see warnings)"
    dialog.search.setText("no such meeting")
    assert dialog.table.isHidden() and not dialog.empty.isHidden()
    assert dialog.empty.text() == "No meeting matches these filters." and not dialog.select_all.isEnabled()


def test_tick_all_shown_then_import_writes_only_the_chosen(qtbot, dialog, store):
    dialog.online_only.setChecked(True)
    dialog.select_all.click()
    dialog.online_only.setChecked(False)
    assert dialog.summary_text() == "3 chosen of 6 · 1 skipped (see warnings)" and dialog.import_button.isEnabled()
    dialog.search.setText("early")
    dialog.select_none.click()
    dialog.search.setText("")
    assert dialog.model.chosen_slugs() == ["wbb"]
    dialog.import_button.click()
    settle()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored(store) == ["wbb"] and dialog.result_value.added == 1
    g = store.groups.by_slug("wbb")
    assert g.weekday == 1 and g.meeting_format == "hybrid" and g.fellowship == "aa"


def test_space_toggles_the_selected_rows_and_the_box_toggles_by_mouse(qtbot, dialog):
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.proxy.index(0, MeetingPlanModel.COL_TYPES))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.chosen_count() == 1 and dialog.model.chosen_slugs() == ["early#1"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # focused row unticked → tick both
    assert sorted(dialog.model.chosen_slugs()) == ["early#1", "wbb"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.model.chosen_slugs() == []
    index = dialog.proxy.index(2, MeetingPlanModel.COL_NAME)
    assert dialog.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert dialog.import_button.isEnabled() and dialog.summary_text().startswith("1 chosen of 6")
    assert dialog.table.accessibleName() and dialog.search.accessibleName() and dialog.import_button.accessibleName()


def test_cancel_writes_nothing(dialog, store):
    dialog.select_all.click()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert dialog.result() == QDialog.DialogCode.Rejected and stored(store) == []


def test_existing_meetings_start_ticked_and_keep_their_fellowship(qtbot, feeds, feed_file, records, store):
    records.add(SupportGroup(name="Sunday Serenity", slug="serenity", weekday=6, fellowship="na",
                             location="Alano Club", address="123 Main St, Anytown, CA 98765, USA",
                             meeting_types=("O", "D")))
    d = MeetingImportDialog(feeds, str(feed_file))
    qtbot.addWidget(d)
    settle()
    assert d.model.chosen_slugs() == ["serenity"]
    assert d.model.index(row_of(d, "Sunday Serenity"), MeetingPlanModel.COL_ACTION).data() == "Update"
    d.fellowship_combo.setCurrentIndex(d.fellowship_combo.findData("smart"))
    settle()
    assert d.model.chosen_slugs() == ["serenity"]  # choices survive a fellowship change
    d.model.set_chosen([row_of(d, "שלום Group 🙂")], True)
    d.accept()
    settle()
    groups = {g.slug: g for g in store.groups.list()}
    assert set(groups) == {"serenity", "shalom"}
    assert groups["serenity"].fellowship == "na" and groups["serenity"].start_time.hour == 18
    assert groups["shalom"].fellowship == "smart" and groups["shalom"].name == "שלום Group 🙂"
    d2 = MeetingImportDialog(feeds, str(feed_file))
    qtbot.addWidget(d2)
    settle()
    assert d2.model.index(row_of(d2, "Sunday Serenity"), MeetingPlanModel.COL_ACTION).data() == "No change"


def test_a_failed_import_keeps_the_dialog_open_with_the_reason(qtbot, feeds, feed_file, records, store):
    d = MeetingImportDialog(feeds, str(feed_file))
    qtbot.addWidget(d)
    settle()
    d.select_all.click()
    records.add(SupportGroup(name="Added meanwhile", slug="appt"))
    d.import_button.click()
    settle()
    assert d.result() != QDialog.DialogCode.Accepted and d.result_value is None
    assert "was added while the file was being read" in d.error_text()
    assert stored(store) == ["appt"]
    assert d.model.chosen_count() == 6  # the list was read again, with the same meetings ticked
    assert d.model.index(row_of(d, "By appointment"), MeetingPlanModel.COL_ACTION).data() in ("Update", "No change")


def test_import_meetings_asks_for_the_file_and_reports(qtbot, feeds, feed_file, store, monkeypatch, errors):
    monkeypatch.setattr(MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(feed_file)))

    def pick_two(self):
        self.model.set_chosen([row_of(self, "Sunday Serenity"), row_of(self, "By appointment")], True)
        self.accept()
        settle()
        return self.result()

    monkeypatch.setattr(MeetingImportDialog, "exec", pick_two)
    reports = []
    assert import_meetings(None, feeds, report=reports.append) is not None
    settle()
    assert stored(store) == ["appt", "serenity"]
    assert reports == ["Imported meetings from meetings.json: 2 added, 0 updated."]
    assert errors == []

    monkeypatch.setattr(MeetingImportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    import_meetings(None, feeds)
    settle()
    assert stored(store) == ["appt", "serenity"]
    monkeypatch.setattr(MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: None))
    assert import_meetings(None, feeds) is None


@pytest.mark.parametrize("content, expected", [
    (b"[]", "The meeting list holds no meetings."),
    (b"{\"meetings\": 1}", "holds a JSON object"),
    (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "is a calendar file, not a meeting list"),
])
def test_a_bad_file_is_one_sentence_and_no_dialog(tmp_path, feeds, store, monkeypatch, errors, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    monkeypatch.setattr(MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(path)))
    monkeypatch.setattr(MeetingImportDialog, "exec", lambda self: pytest.fail("no dialog for a bad file"))
    import_meetings(None, feeds)
    settle()
    assert len(errors) == 1 and expected in errors[0] and "\n" not in errors[0]
    assert stored(store) == []


def test_a_file_that_became_unreadable_shows_the_reason_in_the_dialog(qtbot, feeds, tmp_path):
    path = write_feed(tmp_path)
    plan = feeds.plan(path)
    d = MeetingImportDialog(feeds, str(path), plan=plan)
    qtbot.addWidget(d)
    path.write_text("not json")
    d.replan()
    settle()
    assert "not valid JSON" in d.error_text() and d.model.rowCount() == 0
    assert d.empty.text() == "This file cannot be imported." and not d.import_button.isEnabled()


def test_an_approximate_place_says_so_beside_the_room_name(tmp_path, store, qtbot):
    feed = [{"name": "Park Bench", "slug": "park", "day": 6, "time": "7:30 PM", "location": "Guadalupe River Park",
             "formatted_address": "San Jose, CA, USA"},
            {"name": "City Only", "slug": "city", "day": 6, "time": "8:00 PM", "formatted_address": "San Jose, CA, USA"}]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    plan = MeetingFeeds(store, None).plan(path)
    where = {c.slug: M.where_text(c) for c in plan.candidates}
    assert where == {"park": "Guadalupe River Park (location approximate)",
                     "city": "San Jose, CA, USA (location approximate)"}


def test_a_large_list_is_read_in_a_child_process_and_cancel_stops_it(qtbot, feeds, store, tmp_path, monkeypatch,
                                                                      errors):
    import multiprocessing
    import time

    from PySide6.QtCore import QCoreApplication

    from tests.services.test_child_process import large_meeting_list

    path = large_meeting_list(tmp_path / "region.json", 6000)
    monkeypatch.setattr(MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(path)))
    monkeypatch.setattr(MeetingImportDialog, "exec", lambda self: pytest.fail("no preview once cancelled"))
    job = import_meetings(None, feeds)
    deadline = time.perf_counter() + 30
    while not multiprocessing.active_children() and time.perf_counter() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert multiprocessing.active_children(), "the list was not read in a child process"
    assert job.cancel()
    settle()
    assert multiprocessing.active_children() == [] and stored(store) == [] and errors == []

    def take_all(self):
        self.choose_all_shown()
        self.accept()
        settle()
        return self.result()

    monkeypatch.setattr(MeetingImportDialog, "exec", take_all)
    import_meetings(None, feeds)
    settle()
    assert len(stored(store)) > 6000 and errors == []
