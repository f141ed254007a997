"""The first-run setup wizard: it writes the week it previewed, the sober date, the people and
the goals ticked; skipping every step writes nothing; it is offered once, on an empty folder,
never on a demo folder."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel

from app.domain.records import SupportContact
from app.services.bundle import build_services
from app.services.clock import FixedClock
from app.services.setup import SETUP_KEY, needs_setup, setup_done
from app.ui.dialogs.setup_wizard import SetupWizard
from app.ui.main_window import PAGE_TITLES, MainWindow
from app.ui.widgets.editors import to_qdate

NOW = dt.datetime(2026, 12, 2, 8, 0)  # a Wednesday


@pytest.fixture
def fresh(qtbot, store):
    services = build_services(store, FixedClock(NOW))
    window = MainWindow(services)
    qtbot.addWidget(window)
    yield window, services
    window.detach()


def _wizard(window) -> SetupWizard:
    wizard = window.show_setup()
    assert isinstance(wizard, SetupWizard) and wizard.isVisible()
    return wizard


def _records(services):
    store = services.store
    return (store.schedule.list(), store.sobriety.list(), store.contacts.list(), store.goals.list())


def test_the_wizard_creates_the_week_it_previewed_and_what_was_ticked(fresh):
    window, services = fresh
    assert needs_setup(services.store)
    wizard = _wizard(window)
    assert wizard.currentPage() is wizard.welcome
    folder = [label for label in wizard.welcome.findChildren(QLabel) if label.accessibleName() == "Your data folder"]
    assert folder[0].text() == str(window.data_path.parent)
    wizard.next()
    assert wizard.currentPage() is wizard.privacy
    wizard.next()
    program = wizard.program
    program.start.setDate(to_qdate(dt.date(2026, 12, 7)))  # a Monday
    for day in (0, 2, 3):
        program.group.days[day].setChecked(True)
    program.group.start.setTime(QTime(18, 0))
    program.group.end.setTime(QTime(21, 0))
    program.counseling.days[1].setChecked(True)
    program.counseling.start.setTime(QTime(16, 0))
    program.counseling.end.setTime(QTime(17, 0))
    program.work_kind.setCurrentIndex(program.work_kind.findData("school"))
    for day in range(5):
        program.work.days[day].setChecked(True)
    program.work.start.setTime(QTime(8, 30))
    program.work.end.setTime(QTime(15, 0))
    previewed = [(s.start, s.end, s.title, s.kind) for s in program.preview_slots()]
    assert len(previewed) == 3 + 1 + 5 == program.preview_list.count()
    assert previewed[0] == (dt.datetime(2026, 12, 7, 8, 30), dt.datetime(2026, 12, 7, 15, 0), "School", "school")
    assert "Group sessions" in program.preview_list.item(1).text()
    wizard.next()
    sober = wizard.sober
    sober.has_date.setChecked(True)
    sober.date.setDate(to_qdate(dt.date(2026, 11, 20)))
    sober.say_without.setChecked(True)
    wizard.next()
    people = wizard.people
    people.country.setCurrentIndex(people.country.findData("CA"))
    name, phone, role = people.contacts[0]
    phone.setText("555-0101")
    wizard.next()
    assert wizard.currentPage() is people  # a number with no name is said, not saved
    assert people.problem.isVisible() and "name" in people.problem.text()
    name.setText("Dana")
    role.setCurrentIndex(role.findData("sponsor"))
    wizard.next()
    goals = wizard.goals
    titles = [box.text() for box, _goal in goals.boxes]
    assert titles == ["Go to every group session and counseling appointment", "3 support meetings a week",
                      "90 days without use"]
    goals.boxes[0][0].setChecked(True)
    goals.boxes[2][0].setChecked(True)
    assert _records(services) == ([], [], [], [])  # nothing is written before Finish
    wizard.accept()

    assert not wizard.isVisible()
    week = services.schedule.slots(dt.datetime(2026, 12, 7), dt.datetime(2026, 12, 14))
    assert [(s.start, s.end, s.title, s.kind) for s in week] == previewed
    items = {i.title: i for i in services.store.schedule.list()}
    assert set(items) == {"Group sessions", "Individual counseling", "School"}
    assert items["Group sessions"].recurrence == "FREQ=WEEKLY;BYDAY=MO,WE,TH"
    assert items["Individual counseling"].start == dt.datetime(2026, 12, 8, 16, 0)
    assert [p.start_date for p in services.store.sobriety.list()] == [dt.date(2026, 11, 20)]
    assert services.recovery.wording() == "without_use"
    assert services.crisis.country() == "CA"
    [contact] = services.store.contacts.list()
    assert (contact.name, contact.phone, contact.role, contact.emergency) == ("Dana", "555-0101", "sponsor", True)
    made = {g.title: g for g in services.store.goals.list()}
    assert set(made) == {"Go to every group session and counseling appointment", "90 days without use"}
    assert made["90 days without use"].kind == "sober_days" and made["90 days without use"].target == 90
    assert setup_done(services.store) and not needs_setup(services.store)
    assert window.stack.currentIndex() == PAGE_TITLES.index("Today")


def test_skipping_every_step_creates_nothing_and_it_is_not_offered_again(fresh):
    window, services = fresh
    wizard = _wizard(window)
    wizard.program.group.days[0].setChecked(True)  # typed, then the step skipped
    for _ in range(6):
        wizard.skip_step()
    assert not wizard.isVisible()
    assert _records(services) == ([], [], [], [])
    assert services.store.get_setting("wording.sober") is None
    assert services.store.get_setting("crisis.country") is None
    assert setup_done(services.store)
    window.offer_setup()
    assert window.findChildren(SetupWizard) == [] or all(not w.isVisible() for w in window.findChildren(SetupWizard))


def test_skip_setup_writes_only_that_it_was_skipped(fresh):
    window, services = fresh
    wizard = _wizard(window)
    wizard.next()
    wizard.next()
    wizard.program.counseling.days[4].setChecked(True)
    wizard.reject()  # Skip setup (or Escape, or closing it)
    assert _records(services) == ([], [], [], [])
    assert services.store.get_setting(SETUP_KEY) == "1"
    assert not needs_setup(services.store)


def test_it_is_offered_on_an_empty_folder_only(fresh, qtbot):
    window, services = fresh
    window.offer_setup()
    shown = [w for w in window.findChildren(SetupWizard) if w.isVisible()]
    assert len(shown) == 1
    shown[0].reject()
    # A folder with records of its own (not set up through the wizard) is not asked either.
    other = build_services(services.store, FixedClock(NOW))
    services.store.set_setting(SETUP_KEY, "")
    other.records.add(SupportContact(name="Sam"))
    assert not needs_setup(services.store)


def test_never_on_a_demo_folder(qtbot, store, monkeypatch):
    from app.services.demo import generate_demo
    from app.ui import messages

    generate_demo(store, years=1, today=NOW.date())
    services = build_services(store, FixedClock(NOW))
    window = MainWindow(services)
    qtbot.addWidget(window)
    told = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: told.append(title))
    before = store.user_record_count()
    window.offer_setup()
    assert not window.findChildren(SetupWizard)
    assert window.show_setup() is None  # Help ▸ Set up Steady… says why, and opens nothing
    assert told == ["This folder holds demo data"]
    assert store.user_record_count() == before
    window.detach()


def test_bad_times_are_said_on_the_step_and_nothing_is_written(fresh):
    window, services = fresh
    wizard = _wizard(window)
    wizard.next()
    wizard.next()
    program = wizard.program
    program.group.days[2].setChecked(True)
    program.group.start.setTime(QTime(12, 0))
    program.group.end.setTime(QTime(11, 0))
    assert program.problem.isVisible() and "end time must be after the start time" in program.problem.text()
    wizard.next()
    assert wizard.currentPage() is program
    assert services.store.schedule.list() == []
    wizard.reject()


def test_every_control_has_an_accessible_name_and_it_fits_a_large_font(fresh, larger_font, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLineEdit, QListWidget, QTimeEdit, QWidget

    window, _services = fresh
    wizard = _wizard(window)
    for page in (wizard.welcome, wizard.privacy, wizard.program, wizard.sober, wizard.people, wizard.goals):
        controls = (QAbstractButton, QComboBox, QDateEdit, QTimeEdit, QLineEdit, QListWidget)
        for control in [w for w in page.findChildren(QWidget) if isinstance(w, controls)]:
            if isinstance(control, QLineEdit) and isinstance(control.parent(), (QComboBox, QDateEdit, QTimeEdit)):
                continue
            assert control.accessibleName() or (isinstance(control, QAbstractButton) and control.text()), control
    wizard.next()
    wizard.next()
    page = wizard.program
    qtbot.waitUntil(lambda: page.isVisible())
    assert page.work.end.geometry().right() <= page.width()
    wizard.reject()



def test_the_passphrase_step_turns_on_encryption_and_finish_writes_into_the_encrypted_file(
        qtbot, data_dir, monkeypatch):
    """The step uses Preferences' own flow (its form, the runner, the recovery-code page); the
    data file is reopened meanwhile, and Finish writes into the reopened, encrypted one."""
    from app.main import build_main_window
    from app.services import encryption
    from app.ui.dialogs import privacy_dialogs as P
    from tests.ui.helpers import settle
    from tests.ui.test_privacy_flows import answering

    window, close = build_main_window(data_dir)
    qtbot.addWidget(window)
    codes = []
    monkeypatch.setattr(P.RecoveryCodeDialog, "show_code", classmethod(lambda cls, code, parent: codes.append(code)))
    real_form = P.TurnOnDialog
    monkeypatch.setattr(P, "TurnOnDialog", lambda parent: answering(
        real_form(parent), {"passphrase": "a long passphrase", "repeated": "a long passphrase"}))
    try:
        wizard = _wizard(window)
        wizard.next()
        assert wizard.privacy.button.isVisible() and wizard.privacy.state.text() == "Encryption is off."
        wizard.privacy.button.click()
        settle()
        assert encryption.is_encrypted(data_dir) and len(codes) == 1
        assert wizard.privacy.state.text().startswith("Your data file is encrypted")
        assert wizard.privacy.button.isHidden()
        wizard.next()
        wizard.program.counseling.days[3].setChecked(True)
        wizard.accept()
        assert [i.title for i in window.services.store.schedule.list()] == ["Individual counseling"]
        assert window.services.store.encrypted
    finally:
        close(save=False)
