"""Pages: empty states, refreshing from change notices, the Today overview, sobriety."""

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.domain import formatting as fmt
from app.domain.records import CheckIn, CopingEntry, ScheduleItem, SobrietyPeriod
from app.services.kinds import KINDS
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsView
from app.ui.pages.today_page import EMPTY_AGENDA

from .helpers import seed


def test_empty_state_shows_hint_then_table_after_adding(qtbot, records):
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.hint.text() == KINDS["coping"].empty_hint
    assert view.empty.button.text() == "Add your first coping entry"
    records.add(CopingEntry(occurred_at=records.clock.now() - dt.timedelta(hours=1), urge_before=6))
    assert view.stack.currentWidget() is view.table
    assert view.model.rowCount() == 1


def test_empty_state_button_opens_the_form(qtbot, records):
    view = RecordsView(records, "selfcare")
    qtbot.addWidget(view)
    seen = []

    def fill_in():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.editor("minutes").setValue(20)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    view.empty.button.click()
    assert isinstance(seen[0], RecordDialog) and seen[0].kind.name == "selfcare"
    assert records.count("selfcare") == 1
    assert view.stack.currentWidget() is view.table


def test_renaming_a_skill_refreshes_the_coping_log(qtbot, records):
    data = seed(records)
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    records.update(data["skill"].with_changes(name="Square breathing"))
    col = KINDS["coping"].columns.index("skill_ids")
    row = view.model.row_of(data["coping"].id)
    assert view.model.data(view.model.index(row, col)) == "Square breathing"


def test_detached_view_stops_listening(qtbot, records):
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    view.detach()
    records.add(CopingEntry(occurred_at=records.clock.now(), urge_before=2))
    assert view.model.rowCount() == 0


def test_logs_are_listed_newest_first(qtbot, records):
    data = seed(records)
    view = RecordsView(records, "coping")
    qtbot.addWidget(view)
    first = view.proxy.mapToSource(view.proxy.index(0, 0)).row()
    assert view.model.record_at(first).id == data["coping"].id


def test_today_shows_todays_agenda(window, records):
    page = window.today_page
    assert page.agenda.text() == EMPTY_AGENDA
    now = records.clock.now()
    start = dt.datetime.combine(now.date(), dt.time(18, 0))
    records.add(ScheduleItem(title="IOP group", kind="group_therapy", start=start,
                             end=start + dt.timedelta(hours=3), timezone="UTC", location="Clinic room 2"))
    assert page.agenda.text() == "18:00–21:00 – IOP group – Group therapy – Clinic room 2"


def test_today_check_in_button_and_counts(window, records):
    page = window.today_page
    window.show()
    assert page.check_in_button.isVisible() and not page.checked_in_label.isVisible()
    records.add(CheckIn(day=records.clock.now().date(), mood=4, craving=1))
    assert page.checked_in_label.isVisible() and not page.check_in_button.isVisible()
    assert page.checkins_card.number.text() == "1"


def test_today_check_in_now_opens_check_in_form(window, records, qtbot):
    page = window.today_page
    window.show()

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.editor("mood").setValue(3)
        dialog.editor("craving").setValue(4)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    page.check_in_button.click()
    assert records.count("checkin") == 1
    assert page.checked_in_label.isVisible()


def test_sober_days_on_today_and_check_ins(window, records):
    today = records.clock.now().date()
    assert not window.today_page.sober_label.isVisibleTo(window.today_page)
    records.add(SobrietyPeriod(start_date=today - dt.timedelta(days=82)))
    expected = f"Day 82 — sober since {fmt.date(today - dt.timedelta(days=82))}"
    assert window.today_page.sober_label.text() == expected
    assert window.page("Check-ins").sobriety.label.text() == expected


def test_set_sober_date_from_check_ins_page(window, records, qtbot):
    panel = window.page("Check-ins").sobriety
    assert panel.button.text() == "Set sober-since date…"
    dialog = panel.make_dialog()
    qtbot.addWidget(dialog)
    assert dialog.original is None
    dialog.set_value("start_date", records.clock.now().date() - dt.timedelta(days=10))
    dialog.accept()
    assert panel.label.text().startswith("Day 10 — sober since")
    assert panel.button.text() == "Change sober date…"
    edit = panel.make_dialog()
    qtbot.addWidget(edit)
    assert edit.original is not None


def test_enter_in_the_table_edits_the_selected_row(qtbot, records):
    from PySide6.QtCore import Qt

    data = seed(records)
    view = RecordsView(records, "selfcare")
    qtbot.addWidget(view)
    view.show()
    view.select_record(data["selfcare"].id)
    view.table.setFocus()
    opened = []

    def look():
        dialog = QApplication.activeModalWidget()
        opened.append(dialog.original)
        dialog.reject()

    QTimer.singleShot(0, look)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [data["selfcare"]]


def test_table_headers_follow_the_wording_for_days_without_use(qtbot, services):
    """Setting wording.sober reaches the column headers (and their tooltips) like the rest."""
    from PySide6.QtCore import Qt

    records = services.records
    records.add(SobrietyPeriod(start_date=records.clock.now().date() - dt.timedelta(days=30)))
    view = RecordsView(records, "sobriety")
    qtbot.addWidget(view)
    checkins = RecordsView(records, "checkin")
    qtbot.addWidget(checkins)

    def headers(v):
        return [v.model.headerData(i, Qt.Orientation.Horizontal) for i in range(v.model.columnCount())]

    assert headers(view)[0] == "Sober since"
    before = headers(checkins)
    services.recovery.set_wording("without_use")
    assert headers(view)[0] == "Without use since"
    assert not any("sober" in h.lower() for h in headers(view))
    assert headers(checkins) == before and "Used substances" in before  # nothing there names sobriety
    services.recovery.set_wording("sober")
    assert headers(view)[0] == "Sober since"
