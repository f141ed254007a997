"""Get help now in the window: from every page by its shortcut, the button under the pages,
the quick log and the tray; what it lists; the calm line after a risky entry; Preferences."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from app.domain.crisis import CRAVING_REPLY, USE_REPLY, reply_for
from app.domain.records import CheckIn, CopingEntry, SobrietyPeriod, SupportContact
from app.services.crisis import CrisisService
from app.services.records import RecordService
from app.ui.main_window import PAGE_TITLES


@pytest.fixture(autouse=True)
def _us_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def shown(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def press_shortcut(window):
    target = QGuiApplication.focusObject() or window
    QTest.keyClick(target if hasattr(target, "isWidgetType") else window, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_get_help_now_opens_from_every_page_by_its_shortcut(shown, qtbot):
    assert shown.help_now_action.shortcut().toString() == "Ctrl+Shift+H"
    for index, title in enumerate(PAGE_TITLES):
        shown.show_page(index)
        shown.activateWindow()
        qtbot.waitUntil(lambda: shown.isActiveWindow())
        press_shortcut(shown)
        qtbot.waitUntil(lambda: shown.help_dialog is not None and shown.help_dialog.isVisible())
        assert shown.current_page() is shown.stack.widget(index), title
        shown.help_dialog.close()


def test_the_button_under_the_pages_and_the_help_menu_open_it(shown, qtbot):
    assert shown.help_button.isVisible() and shown.help_button.isEnabled()
    qtbot.mouseClick(shown.help_button, Qt.MouseButton.LeftButton)
    assert shown.help_dialog.isVisible() and not shown.help_dialog.isModal()
    shown.help_dialog.close()
    shown.help_now_action.trigger()
    assert shown.help_dialog.isVisible()


def test_the_panel_lists_crisis_contacts_first_then_lines_then_the_plan_and_that_nothing_is_sent(shown, records):
    records.add(SupportContact(name="Alex", role="sponsor", phone="555 0199", emergency=True))
    records.add(SupportContact(name="Dana", role="friend", phone="555 0100"))
    shown.show_help_now()
    panel = shown.help_dialog.panel
    texts = [w.text() for w in panel.findChildren(type(shown.data_label)) if w.isVisibleTo(panel)]
    joined = "\n".join(texts)
    assert "Alex (Sponsor)" in joined and "Dana" not in joined
    assert joined.index("Alex (Sponsor)") < joined.index("988 Suicide & Crisis Lifeline: 988")
    assert joined.index("988 Suicide & Crisis Lifeline") < joined.index("Your safety plan")
    assert "Steady sends nothing to anyone" in joined
    first = panel.copy_buttons[0]
    assert first.number == "555 0199"
    first.click()
    assert QGuiApplication.clipboard().text() == "555 0199" and first.text() == "Copied"
    numbers = [b.number for b in panel.copy_buttons]
    assert numbers[:4] == ["555 0199", "988", "911", "1-800-662-4357"]


def test_the_panel_follows_changes_while_open(shown, records):
    shown.show_help_now()
    panel = shown.help_dialog.panel
    assert not panel.help.contacts
    records.add(SupportContact(name="Sam", role="counselor", phone="555 0142", emergency=True))
    assert [c.name for c in panel.help.contacts] == ["Sam"]
    shown.crisis.set_country("AU")
    assert "13 11 14" in [b.number for b in panel.copy_buttons]


def test_a_strong_craving_check_in_gets_the_calm_line_in_place(shown, records):
    assert shown.reply_bar.isHidden()
    records.add(CheckIn(day=records.clock.now().date(), mood=2, craving=9))
    bar = shown.reply_bar
    assert bar.isVisible() and bar.label.text() == CRAVING_REPLY
    assert bar.log_button.isVisible() and bar.help_button.isVisible() and not bar.lapse_button.isVisible()
    bar.log_button.click()
    assert bar.isHidden() and shown.current_page() is shown.page("Coping skills")


def test_a_check_in_with_use_offers_a_lapse_and_people_and_help_and_can_be_dismissed(shown, records):
    checkin = records.add(CheckIn(day=records.clock.now().date(), mood=3, craving=3))
    assert shown.reply_bar.isHidden()
    records.update(checkin.with_changes(used_substances=True))
    bar = shown.reply_bar
    assert bar.label.text() == USE_REPLY
    assert bar.lapse_button.isVisible() and bar.people_button.isVisible() and bar.help_button.isVisible()
    bar.help_button.click()
    assert shown.help_dialog.isVisible() and bar.isVisible()  # help leaves the note in place
    bar.dismiss_button.click()
    assert bar.isHidden()
    records.update(checkin.with_changes(used_substances=True, notes="later"))  # the same news: no second note
    assert bar.isHidden()
    bar.show_reply(reply_for(checkin.with_changes(used_substances=True)))
    bar.people_button.click()
    tabs = shown.page("Goals").tabs
    assert tabs.tabText(tabs.currentIndex()).replace("&", "") == "Support network"


def test_a_lapsed_coping_entry_from_the_quick_log_gets_the_line_and_the_quick_log_has_help(shown, records, qtbot):
    shown.show_page_titled("Coping skills")
    panel = shown.page("Coping skills").quick_log
    panel.urge_now.set_value(5)
    panel._set_outcome("lapsed")
    assert panel.save() is not None
    assert shown.reply_bar.label.text() == USE_REPLY and shown.reply_bar.isVisible()
    assert panel.help_button.isVisible()
    qtbot.mouseClick(panel.help_button, Qt.MouseButton.LeftButton)
    assert shown.help_dialog.isVisible()


def test_an_ordinary_entry_gets_no_line(shown, records):
    records.add(CopingEntry(occurred_at=records.clock.now().replace(microsecond=0) - dt.timedelta(minutes=5),
                            urge_before=5, urge_after=2))
    records.add(CheckIn(day=records.clock.now().date(), mood=4, craving=2))
    assert shown.reply_bar.isHidden()


def test_preferences_choose_the_country_and_the_wording(qtbot, store):
    from app.services.recovery import RecoveryService
    from app.services.reminders import ReminderService
    from app.services.schedule import ScheduleService
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    records = RecordService(store)
    crisis, recovery = CrisisService(records), RecoveryService(store, records)
    dialog = PreferencesDialog(ReminderService(ScheduleService(store, records), store), tray_available=False,
                               crisis=crisis, recovery=recovery)
    qtbot.addWidget(dialog)
    assert dialog.chosen_country() == "US"
    dialog.country.setCurrentIndex(dialog.country.findData("GB"))
    dialog.wording.setCurrentIndex(dialog.wording.findData("without_use"))
    dialog.accept()
    assert crisis.country() == "GB" and recovery.wording() == "without_use"


def test_preferences_refuse_a_country_that_is_not_two_letters(qtbot, store):
    from app.services.reminders import ReminderService
    from app.services.schedule import ScheduleService
    from app.ui.dialogs.preferences_dialog import PreferencesDialog

    records = RecordService(store)
    crisis = CrisisService(records)
    dialog = PreferencesDialog(ReminderService(ScheduleService(store, records), store), tray_available=False,
                               crisis=crisis)
    qtbot.addWidget(dialog)
    dialog.country.setEditText("Germany")
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() == 0
    assert "two letters" in dialog.country_error.text() and crisis.country() == "US"


def test_the_person_edits_and_adds_lines_and_can_go_back_to_steadys(qtbot, store):
    from app.ui.dialogs.crisis_lines_dialog import CrisisLinesDialog

    crisis = CrisisService(RecordService(store))
    dialog = CrisisLinesDialog(crisis, "US")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    dialog.add_line()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, 0).setText("County mobile crisis team")
    dialog.table.item(row, 1).setText("555-0123")
    dialog.table.item(row, 4).setText("Comes to you, any hour")
    dialog.accept()
    lines = crisis.lines("US")
    assert lines[-1].name == "County mobile crisis team" and not lines[-1].source_url
    assert lines[0].source_url.startswith("https://")  # unchanged: keeps its source
    again = CrisisLinesDialog(crisis, "US")
    qtbot.addWidget(again)
    again.table.item(1, 1).setText("not a number")
    again.accept()
    assert "Line 2" in again.error.text() and crisis.lines("US") == lines
    again.use_steadys_list()
    again.accept()
    assert not crisis.has_own_lines("US")


def test_without_a_known_country_the_panel_offers_the_countries_in_place(qtbot, store, monkeypatch):
    from app.ui.widgets.help_now import HelpNowPanel

    monkeypatch.setenv("LANG", "C.UTF-8")
    crisis = CrisisService(RecordService(store))
    panel = HelpNowPanel(crisis)
    qtbot.addWidget(panel)
    assert crisis.country() is None and panel.copy_buttons == []
    index = panel.country_choice.findData("CA")
    panel.country_choice.setCurrentIndex(index)
    panel.country_choice.activated.emit(index)
    assert crisis.country() == "CA" and "988" in [b.number for b in panel.copy_buttons]
    panel.detach()


def test_record_a_lapse_from_the_note_opens_on_the_day_of_the_check_in(shown, records, recovery_period):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.pages.checkins_page import LapseDialog
    from app.ui.widgets.editors import from_qdate

    day = records.clock.now().date() - dt.timedelta(days=2)
    records.add(CheckIn(day=day, mood=2, craving=4, used_substances=True))
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LapseDialog)
        seen.append((from_qdate(dialog.lapse_date.date()), from_qdate(dialog.again_date.date())))
        dialog.reject()

    QTimer.singleShot(0, look)
    shown.reply_bar.lapse_button.click()
    assert seen == [(day, day + dt.timedelta(days=1))]
    assert shown.current_page() is shown.page("Check-ins")


@pytest.fixture
def recovery_period(records):
    records.add(SobrietyPeriod(start_date=records.clock.now().date() - dt.timedelta(days=60)))
