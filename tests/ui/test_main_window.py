"""The main window: pages, menus and shortcuts, remembered place, no charts library at startup."""


from PySide6.QtCore import QPoint, QSize, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.ui import messages
from app.ui.main_window import PAGE_TITLES, MainWindow
from app.ui.pages.records_page import RecordsPage
from tests.ui.helpers import settle


def test_sidebar_lists_every_page(window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == list(PAGE_TITLES)
    assert window.sidebar.accessibleName()


def test_page_shortcuts_in_view_menu(window):
    for i, action in enumerate(window.page_actions):
        # Ctrl+1 … Ctrl+9, the tenth page Ctrl+0; an eleventh page has none (never a second Ctrl+1)
        assert action.shortcut() == (QKeySequence(f"Ctrl+{(i + 1) % 10}") if i < 10 else QKeySequence())
    window.page_actions[3].trigger()
    assert window.current_page() is window.page("Meetings")
    assert window.sidebar.currentRow() == 3


def test_edit_actions_follow_the_page(window):
    window.show_page(0)
    assert not window.new_action.isEnabled()
    window.show_page(PAGE_TITLES.index("Schedule"))
    assert window.new_action.isEnabled()
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.edit_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.delete_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)


def test_new_entry_opens_form_for_current_tab(window, records):
    window.show()
    page = window.page("Goals")
    window.show_page(PAGE_TITLES.index("Goals"))
    page.show_kind("contact")
    kinds = []

    def fill_in():
        dialog = QApplication.activeModalWidget()
        kinds.append(dialog.kind.name)
        dialog.editor("name").setText("Sam (peer)")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    window.new_action.trigger()
    assert kinds == ["contact"]
    assert [c.name for c in records.list("contact")] == ["Sam (peer)"]


def test_page_and_geometry_are_remembered(qtbot, services):
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.resize(QSize(700, 480))
    first.move(QPoint(40, 50))
    first.show()
    first.show_page(PAGE_TITLES.index("Self-care"))
    size, pos = first.size(), first.pos()
    first.close()

    second = MainWindow(services)
    qtbot.addWidget(second)
    assert second.current_page() is second.page("Self-care")
    assert second.sidebar.currentRow() == PAGE_TITLES.index("Self-care")
    second.show()
    assert second.size() == size
    assert second.pos() == pos


def test_status_bar_shows_data_file(window, store):
    assert str(store.path) in window.data_label.text()


def test_close_unsubscribes_every_page(qtbot, services):
    records = services.records
    w = MainWindow(services)
    qtbot.addWidget(w)
    assert records._listeners
    w.close()
    assert records._listeners == []


def test_every_record_page_has_accessible_buttons(window):
    for page in window.pages:
        if not isinstance(page, RecordsPage):
            continue
        for view in page.views.values():
            for button in (view.add_button, view.edit_button, view.delete_button, view.empty.button):
                assert button.accessibleName()
            assert "Ctrl+N" in view.add_button.toolTip()


def test_hidden_pages_catch_up_when_shown(window, records):
    import datetime as dt

    from app.domain.records import CopingEntry

    window.show()
    window.show_page(0)
    coping = window.page("Coping skills").views["coping"]
    records.add(CopingEntry(occurred_at=records.clock.now() - dt.timedelta(minutes=10), urge_before=5))
    window.show_page(PAGE_TITLES.index("Coping skills"))
    assert coping.model.rowCount() == 1
    assert coping.stack.currentWidget() is coping.table


def test_preferences_and_reminders_are_wired_when_the_window_gets_its_services(qtbot, services):
    from app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert not w.preferences_action.isEnabled() and w.tray is None and w.records is None
    w.attach(services)
    assert w.preferences_action.isEnabled() and w.tray is not None
    assert w.records is services.records and w.reminders is services.reminders
    assert w.preferences_action.shortcut().toString() != ""
    w.show()
    w.quit_action.trigger()
    assert not w.isVisible()
    w.detach()
    assert w.tray is None


def test_import_meetings_menu_action_runs_the_import(window, monkeypatch, tmp_path):
    import json

    from app.ui.dialogs import meeting_import_dialog as M

    feed = tmp_path / "meetings.json"
    feed.write_text(json.dumps([{"name": "Serenity at Noon", "slug": "serenity-noon", "day": 1, "time": "12:00",
                                 "types": ["O", "D"], "location": "St Luke's"}]), encoding="utf-8")
    assert window.import_meetings_action.isEnabled()
    monkeypatch.setattr(M.MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(feed)))
    def choose_all_and_import(dialog):
        dialog.choose_all_shown()
        dialog.accept()
        settle()  # the import is written on the background runner
        return dialog.result()

    monkeypatch.setattr(M.MeetingImportDialog, "exec", choose_all_and_import)
    window.import_meetings_action.trigger()
    settle()
    groups = window.records.list("group")
    assert [(g.name, g.slug, g.weekday) for g in groups] == [("Serenity at Noon", "serenity-noon", 0)]


def test_calendar_menu_actions_export_then_import_through_the_window(window, monkeypatch, tmp_path):
    import datetime as dt

    from app.domain.records import ScheduleItem
    from app.ui.dialogs import calendar_dialogs as C

    start = dt.datetime(2026, 11, 17, 18)
    window.records.add(ScheduleItem(title="IOP group", start=start, end=start + dt.timedelta(hours=3),
                                    timezone="America/New_York", recurrence="FREQ=WEEKLY;BYDAY=TU,TH"))
    target = tmp_path / "mine.ics"
    monkeypatch.setattr(C.FileChooser, "save_calendar", classmethod(lambda cls, parent, suggested: str(target)))
    window.export_calendar_action.trigger()
    settle()
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Wrote your schedule" in window.statusBar().currentMessage()

    other = tmp_path / "work.ics"
    other.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:shift-1\r\n"
                      b"DTSTAMP:20261101T000000Z\r\nDTSTART;TZID=America/New_York:20261119T080000\r\n"
                      b"DTEND;TZID=America/New_York:20261119T163000\r\nSUMMARY:Warehouse shift\r\n"
                      b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    monkeypatch.setattr(C.FileChooser, "open_calendar", classmethod(lambda cls, parent: str(other)))
    monkeypatch.setattr(C.ImportCalendarDialog, "exec", lambda self: (self.accept(), settle(), self.result())[2])
    window.import_calendar_action.trigger()
    settle()
    assert sorted(i.title for i in window.records.list("schedule")) == ["IOP group", "Warehouse shift"]


def test_edit_menu_undo_redo_and_find_work_on_a_records_page(window, qtbot):
    import datetime as dt

    from app.domain.records import SelfCareEntry

    window.show()
    window.show_page(4)  # Self-care
    page = window.page("Self-care")
    view = page.current_view()
    assert view.undo is window.undo
    entry = window.records.add(SelfCareEntry(occurred_at=dt.datetime.now().replace(microsecond=0)
                                             - dt.timedelta(hours=1), category="exercise", minutes=20))
    view.refresh()
    assert view.select_record(entry.id)
    assert view.delete_selected() is True
    assert window.records.count("selfcare") == 0
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.records.get("selfcare", entry.id) == entry
    window.redo_action.trigger()
    assert window.records.count("selfcare") == 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.find_action.trigger()
    qtbot.waitUntil(view.search.hasFocus, timeout=2000)


def test_today_links_lead_to_goals_and_the_quick_log(window, qtbot):
    import datetime as dt

    from app.domain.records import Goal

    goal = window.records.add(Goal(title="Three meetings a week", kind="meetings_per_week", target=3,
                                   start_date=dt.date.today() - dt.timedelta(days=30)))
    window.show()
    window.show_page(0)
    today = window.page("Today")
    today.goal_requested.emit(goal.id)
    assert window.current_page() is window.page("Goals")
    assert window.current_view().selected_record().id == goal.id
    window.show_page(0)
    today.quick_log_requested.emit()
    assert window.current_page() is window.page("Coping skills")


def test_file_menu_groups_import_export_reports_and_backups(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == ["&Import", "&Export", "&Reports…", "&Back up now", "Backups and &restore…", "&Lock Steady",
                     "&Quit"]
    import_menu, export_menu = (a.menu() for a in file_menu.actions()[:2])
    assert [a.text() for a in import_menu.actions()] == [
        "&Meetings list (Meeting Guide)…", "&Calendar file (.ics)…", "&Steady export (.json)…"]
    assert [a.text() for a in export_menu.actions()] == [
        "All data as &JSON…", "All data as CSV (&spreadsheets)…", "All data as a spreadsheet (.&xlsx)…",
        "Schedule as a &calendar (.ics)…"]
    assert all(a.isEnabled() for m in (import_menu, export_menu) for a in m.actions())
    assert window.reports_action.shortcut().toString() == "Ctrl+P"
    assert window.back_up_action.isEnabled() and window.backups_action.isEnabled()


def test_data_actions_are_disabled_until_the_data_is_open(qtbot):
    from app.ui.main_window import MainWindow

    shell = MainWindow()
    qtbot.addWidget(shell)
    for action in (shell.import_steady_action, shell.export_json_action, shell.export_csv_action,
                   shell.reports_action, shell.back_up_action, shell.backups_action):
        assert not action.isEnabled()
        action.trigger()  # harmless when there is no data yet


def test_export_all_data_then_import_it_through_another_window(window, qtbot, monkeypatch, tmp_path):
    import datetime as dt

    from app.domain.records import CopingEntry
    from app.main import build_main_window
    from app.ui.dialogs import transfer_dialogs as T

    window.records.add(CopingEntry(occurred_at=dt.datetime(2026, 3, 1, 20), situation="Payday", urge_before=7))
    target = tmp_path / "everything.json"
    monkeypatch.setattr(T.TransferFileChooser, "save_json", classmethod(lambda cls, parent, suggested: str(target)))
    window.export_json_action.trigger()
    settle()
    assert b'"Payday"' in target.read_bytes()
    assert str(target) in window.statusBar().currentMessage()

    other, close = build_main_window(tmp_path / "laptop")
    qtbot.addWidget(other)
    try:
        monkeypatch.setattr(T.TransferFileChooser, "open_export", classmethod(lambda cls, parent: str(target)))
        monkeypatch.setattr(T.ImportExportDialog, "exec",
                            lambda self: (self.import_button.click(), settle(), self.result())[2])
        other.import_steady_action.trigger()
        settle()
        assert [e.situation for e in other.records.list("coping")] == ["Payday"]
    finally:
        close(save=False)


def test_a_steady_export_chosen_as_a_meeting_list_goes_to_the_steady_import(window, monkeypatch, tmp_path):
    import datetime as dt

    from app.domain.records import CopingEntry
    from app.services.transfer import write_json
    from app.ui.dialogs import meeting_import_dialog as M
    from app.ui.dialogs import transfer_dialogs as T

    export = tmp_path / "export.json"
    write_json(window.records.store, export)
    window.records.add(CopingEntry(occurred_at=dt.datetime(2026, 3, 1, 20), situation="Payday", urge_before=7))
    opened = []
    monkeypatch.setattr(M.MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(export)))
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    monkeypatch.setattr(T.ImportExportDialog, "exec", lambda self: opened.append(self.path) or 0)
    window.import_meetings_action.trigger()
    settle()
    assert opened == [str(export)]


def test_reports_action_saves_a_pdf(window, monkeypatch, tmp_path):
    from app.ui.dialogs import report_dialog as R

    target = tmp_path / "for-my-counselor.pdf"
    monkeypatch.setattr(R.ReportFileChooser, "save_pdf", classmethod(lambda cls, parent, suggested: str(target)))
    monkeypatch.setattr(R.ReportDialog, "exec", lambda self: (self.save_button.click(), settle(), self.result())[2])
    window.reports_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    assert "Saved the counselor summary" in window.statusBar().currentMessage()
