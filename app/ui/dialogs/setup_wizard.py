"""First-run setup: a short wizard, every step skippable, reopened from Help ▸ Set up Steady.

Steps: where the data lives; an optional passphrase (Preferences' own encryption flow and
recovery-code page); the program's weekly sessions and work or school hours, with the first
week shown before anything is written; an optional sober date and the wording; the country
for crisis lines and one or two people to reach; two or three starter goals offered from what
was entered. Nothing is written before Finish (but the passphrase, which is its own step
with its own confirmation); app.services.setup does the writing. Finish or Skip setup marks
setup done in the data file, so it is not offered again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain import formatting as fmt
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import Goal, SupportContact
from app.domain.wording import SOBER, WITHOUT_USE
from app.services.setup import SetupAnswers, WeeklySession, apply_setup, mark_setup_done, preview, starter_goals
from app.ui.style import style_error_label, style_subtle_label
from app.ui.widgets.editors import from_qdate, from_qtime, to_qdate

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CONTACT_ROLES = (("sponsor", N_("Sponsor")), ("family", N_("Family")), ("friend", N_("Friend")),
                 ("counselor", N_("Counselor")), ("peer", N_("Peer in recovery")), ("other", N_("Someone else")))


def _text(text: str, *, subtle: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if subtle:
        style_subtle_label(label)
    return label


def _time_edit(value: QTime, name: str) -> QTimeEdit:
    edit = QTimeEdit(value)
    edit.setDisplayFormat(fmt.qt_time_pattern())
    edit.setAccessibleName(name)
    return edit


def _date_edit(value: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(fmt.qt_date_pattern())
    edit.setAccessibleName(name)
    return edit


class _Page(QWizardPage):
    """A step: `skip()` puts it back to "nothing asked for"."""

    def __init__(self, title: str, subtitle: str = ""):
        super().__init__()
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.setAccessibleName(title)
        self.column = QVBoxLayout(self)

    def skip(self) -> None:
        pass


class WelcomePage(_Page):
    def __init__(self, data_folder: str):
        super().__init__(_("Welcome to Steady"), _("A few questions to set up your week. Every step can be skipped."))
        self.column.addWidget(_text(_(
            "Steady keeps your sessions, meetings, hard moments and check-ins in one place, so you can see what "
            "helps. Nothing you write leaves this computer: there is no account, and Steady does not use the "
            "internet.")))
        self.column.addWidget(_text(_("Your data is kept in this folder, readable only by your computer account:")))
        folder = _text(data_folder)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setAccessibleName(_("Your data folder"))
        self.column.addWidget(folder)
        self.column.addWidget(_text(_("You can change anything you set here later, and open this again from "
                                      "Help ▸ Set up Steady."), subtle=True))
        self.column.addStretch(1)


class PrivacyPage(_Page):
    def __init__(self, window: MainWindow):
        super().__init__(_("A passphrase, if you like"),
                         _("If other people use this computer, a passphrase keeps your entries private."))
        self.main = window
        self.column.addWidget(_text(_(
            "With encryption on, your data opens only with your passphrase, or with a recovery code Steady "
            "shows you once. Without it, anyone who can open files on your computer account could read it. "
            "Either way is fine; you can decide later in Edit ▸ Preferences ▸ Privacy.")))
        self.button = QPushButton(_("&Turn on encryption…"))
        self.button.setAccessibleName(_("Turn on encryption"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.turn_on)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.state = _text("", subtle=True)
        self.state.setAccessibleName(_("Encryption"))
        self.column.addWidget(self.state)
        self.column.addStretch(1)
        self.show_state()

    def show_state(self) -> None:
        if self.main.locker.encrypted:
            self.button.hide()
            self.state.setText(_("Your data file is encrypted. It opens with your passphrase or your recovery code."))
        elif self.main.data_session is None:
            self.button.hide()
            self.state.setText(_("Encryption can be turned on from Edit ▸ Preferences ▸ Privacy once Steady is open."))
        else:
            self.state.setText(_("Encryption is off."))

    def turn_on(self) -> None:
        from app.ui.dialogs import privacy_dialogs

        privacy_dialogs.turn_on(self.main, on_done=self.show_state)


class _WeeklyRow:
    """Days (seven check boxes) and from–to times of one weekly thing, on a grid row."""

    def __init__(self, grid: QGridLayout, row: int, label: QWidget, name: str, start: QTime, end: QTime):
        self.name = name
        grid.addWidget(label, row, 0)
        days = QHBoxLayout()
        days.setSpacing(2)
        self.days = []
        for i in range(7):
            box = QCheckBox(fmt.weekday_name(i, long=False).capitalize())
            box.setAccessibleName(_("{what} on {weekday}").format(what=name, weekday=fmt.weekday_name(i)))
            days.addWidget(box)
            self.days.append(box)
        grid.addLayout(days, row, 1)
        self.start = _time_edit(start, _("{what} start at").format(what=name))
        self.end = _time_edit(end, _("{what} end at").format(what=name))
        grid.addWidget(self.start, row, 2)
        grid.addWidget(_text(_("to")), row, 3)
        grid.addWidget(self.end, row, 4)

    def chosen_days(self) -> tuple[int, ...]:
        return tuple(i for i, box in enumerate(self.days) if box.isChecked())

    def set_days(self, days: tuple[int, ...]) -> None:
        for i, box in enumerate(self.days):
            box.setChecked(i in days)

    def session(self, title: str, kind: str) -> WeeklySession:
        return WeeklySession(title, kind, self.chosen_days(), from_qtime(self.start.time()), from_qtime(self.end.time()))

    def connect(self, slot) -> None:
        for box in self.days:
            box.toggled.connect(slot)
        self.start.timeChanged.connect(slot)
        self.end.timeChanged.connect(slot)


class ProgramPage(_Page):
    def __init__(self, today: dt.date, timezone: str):
        super().__init__(_("Your program"), _("Tick the days of your sessions; your first week is shown below before "
                                              "anything is saved."))
        self.timezone = timezone
        start_row = QHBoxLayout()
        start_label = QLabel(_("Program &starts on:"))
        self.start = _date_edit(today, _("Program starts on"))
        start_label.setBuddy(self.start)
        start_row.addWidget(start_label)
        start_row.addWidget(self.start)
        start_row.addStretch(1)
        self.column.addLayout(start_row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.group = _WeeklyRow(grid, 0, _text(_("Group sessions")), _("Group sessions"), QTime(9, 0), QTime(12, 0))
        self.counseling = _WeeklyRow(grid, 1, _text(_("Individual counseling")), _("Individual counseling"),
                                     QTime(13, 0), QTime(14, 0))
        self.work_kind = QComboBox()
        self.work_kind.addItem(_("Work"), "work")
        self.work_kind.addItem(_("School"), "school")
        self.work_kind.setAccessibleName(_("Work or school"))
        self.work = _WeeklyRow(grid, 2, self.work_kind, _("Work or school"), QTime(9, 0), QTime(17, 0))
        grid.setColumnStretch(5, 1)
        self.column.addLayout(grid)
        self.problem = _text("")
        self.problem.setAccessibleName(_("Problem with the times"))
        style_error_label(self.problem)
        self.problem.hide()
        self.column.addWidget(self.problem)
        self.column.addWidget(_text(_("Your first week"), subtle=True))
        self.preview_list = QListWidget()
        self.preview_list.setAccessibleName(_("Your first week"))
        self.column.addWidget(self.preview_list, 1)
        for row in (self.group, self.counseling, self.work):
            row.connect(self.refresh)
        self.start.dateChanged.connect(self.refresh)
        self.work_kind.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def program_start(self) -> dt.date:
        return from_qdate(self.start.date())

    def sessions(self) -> tuple[WeeklySession, ...]:
        work_title = self.work_kind.currentText()
        return (self.group.session(_("Group sessions"), "group_therapy"),
                self.counseling.session(_("Individual counseling"), "individual_counseling"),
                self.work.session(work_title, str(self.work_kind.currentData())))

    def answers(self) -> SetupAnswers:
        return SetupAnswers(program_start=self.program_start(), sessions=self.sessions(), timezone=self.timezone)

    def preview_slots(self):
        """The first week's slots: exactly what Finish writes, laid out by the planner's code."""
        return preview(self.answers().program_items(), self.program_start())

    def refresh(self) -> None:
        self.preview_list.clear()
        try:
            slots = self.preview_slots()
        except ValidationError as exc:
            self.problem.setText(exc.message)
            self.problem.show()
            self.preview_list.addItem(_("Fix the times above to see your week."))
            return
        self.problem.hide()
        if not slots:
            self.preview_list.addItem(_("Nothing yet. Tick the days above and your week appears here."))
            return
        for slot in slots:
            self.preview_list.addItem(f"{fmt.weekday_date(slot.start.date())}   "
                                      f"{fmt.time_range(slot.start, slot.end)}   {slot.title}")

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        self.refresh()
        return self.problem.isHidden()

    def skip(self) -> None:
        for row in (self.group, self.counseling, self.work):
            row.set_days(())


class SoberPage(_Page):
    def __init__(self, today: dt.date, wording: str):
        super().__init__(_("Your day count"), _("Only if it helps you: some people like to count days, some do not."))
        self.current_wording = wording
        self.has_date = QCheckBox(_("I have a &sober date to count from"))
        self.has_date.setAccessibleName(_("I have a sober date to count from"))
        self.date = _date_edit(today, _("Sober date"))
        self.date.setMaximumDate(to_qdate(today))
        self.date.setEnabled(False)
        self.has_date.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.has_date)
        row.addWidget(self.date)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addWidget(_text(_("A lapse never erases your history: every day you have had still counts."),
                                    subtle=True))
        self.column.addWidget(_text(_("Which words feel right to you?")))
        self.say_sober = QRadioButton(_("Say “sober &days”"))
        self.say_sober.setAccessibleName(_("Say sober days"))
        self.say_without = QRadioButton(_("Say “days &without use”"))
        self.say_without.setAccessibleName(_("Say days without use"))
        group = QButtonGroup(self)
        group.addButton(self.say_sober)
        group.addButton(self.say_without)
        self.column.addWidget(self.say_sober)
        self.column.addWidget(self.say_without)
        self.skip()
        self.column.addStretch(1)

    def skip(self) -> None:
        self.has_date.setChecked(False)
        (self.say_without if self.current_wording == WITHOUT_USE else self.say_sober).setChecked(True)

    def sober_date(self) -> dt.date | None:
        return from_qdate(self.date.date()) if self.has_date.isChecked() else None

    def wording(self) -> str:
        """The chosen wording when it differs from the data file's, else "" (nothing to write)."""
        chosen = WITHOUT_USE if self.say_without.isChecked() else SOBER
        return "" if chosen == self.current_wording else chosen


class PeoplePage(_Page):
    def __init__(self, countries: list[tuple[str, str]], current: str | None):
        super().__init__(_("When a moment gets hard"),
                         _("Get help now shows your country's crisis lines and the people you choose here."))
        self.current = current or ""
        row = QHBoxLayout()
        label = QLabel(_("Your &country:"))
        self.country = QComboBox()
        self.country.setAccessibleName(_("Your country"))
        self.country.addItem(_("Choose later"), "")
        for code, country_name in countries:
            self.country.addItem(country_name, code)
        label.setBuddy(self.country)
        row.addWidget(label)
        row.addWidget(self.country)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addWidget(_text(_("One or two people you could call or text (a sponsor, a friend, family):")))
        grid = QGridLayout()
        self.contacts: list[tuple[QLineEdit, QLineEdit, QComboBox]] = []
        names = ((_("First person's name"), _("First person's phone"), _("First person is your")),
                 (_("Second person's name"), _("Second person's phone"), _("Second person is your")))
        for n in range(2):
            name = QLineEdit()
            name.setPlaceholderText(_("Name"))
            name.setAccessibleName(names[n][0])
            phone = QLineEdit()
            phone.setPlaceholderText(_("Phone"))
            phone.setAccessibleName(names[n][1])
            role = QComboBox()
            role.setAccessibleName(names[n][2])
            for key, text in CONTACT_ROLES:
                role.addItem(_(text), key)
            role.setCurrentIndex(0 if n == 0 else 2)
            grid.addWidget(name, n, 0)
            grid.addWidget(phone, n, 1)
            grid.addWidget(role, n, 2)
            self.contacts.append((name, phone, role))
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        self.column.addLayout(grid)
        self.problem = _text("")
        self.problem.setAccessibleName(_("Problem with a person"))
        style_error_label(self.problem)
        self.problem.hide()
        self.column.addWidget(self.problem)
        self.column.addWidget(_text(_("They are marked “Call in a crisis”; Steady never contacts anyone for you."),
                                    subtle=True))
        self.column.addStretch(1)
        self.skip()

    def skip(self) -> None:
        index = self.country.findData(self.current)
        self.country.setCurrentIndex(max(0, index))
        for name, phone, _role in self.contacts:
            name.clear()
            phone.clear()
        self.problem.hide()

    def chosen_country(self) -> str:
        """The country when it differs from the one already in use, else ""."""
        code = str(self.country.currentData() or "")
        return "" if code == self.current else code

    def people(self) -> tuple[SupportContact, ...]:
        out = []
        for name, phone, role in self.contacts:
            if name.text().strip() or phone.text().strip():
                out.append(SupportContact(name=name.text().strip(), phone=phone.text().strip(),
                                          role=str(role.currentData()), emergency=True))
        return tuple(out)

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        for (name, phone, _role) in self.contacts:
            if phone.text().strip() and not name.text().strip():
                self.problem.setText(_("Add a name for the number, so you know who you are calling."))
                self.problem.show()
                name.setFocus()
                return False
        self.problem.hide()
        return True


class GoalsPage(_Page):
    def __init__(self) -> None:
        super().__init__(_("A few goals to start"), _("Tick any you would like; you can change or add goals on the "
                                                      "Goals page."))
        self.boxes: list[tuple[QCheckBox, Goal]] = []
        self.area = QVBoxLayout()
        self.column.addLayout(self.area)
        self.column.addWidget(_text(_("Finish takes you to Today."), subtle=True))
        self.column.addStretch(1)

    def offer(self, goals: list[Goal]) -> None:
        ticked = {goal.title for box, goal in self.boxes if box.isChecked()}
        for box, _goal in self.boxes:
            self.area.removeWidget(box)
            box.deleteLater()
        self.boxes = []
        for goal in goals:
            box = QCheckBox(goal.title)
            box.setAccessibleName(goal.title)
            box.setChecked(goal.title in ticked)
            self.area.addWidget(box)
            self.boxes.append((box, goal))

    def chosen(self) -> tuple[Goal, ...]:
        return tuple(goal for box, goal in self.boxes if box.isChecked())

    def skip(self) -> None:
        for box, _goal in self.boxes:
            box.setChecked(False)


class SetupWizard(QWizard):
    """Opened by MainWindow.show_setup(). Finish writes (app.services.setup.apply_setup) and
    goes to Today; Skip setup writes nothing but "done"."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        services = window.services
        assert services is not None
        today = services.clock.now().date()
        self.setWindowTitle(_("Set up Steady"))
        self.setAccessibleName(_("Set up Steady"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("S&kip this step"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Skip se&tup"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.customButtonClicked.connect(self._on_custom_button)
        from app.services.clock import local_zone_name

        folder = str(window.data_path.parent) if window.data_path is not None else ""
        self.welcome = WelcomePage(folder)
        self.privacy = PrivacyPage(window)
        self.program = ProgramPage(today, local_zone_name())
        self.sober = SoberPage(today, services.recovery.wording())
        self.people = PeoplePage(services.crisis.countries(), services.crisis.country())
        self.goals = GoalsPage()
        for page in (self.welcome, self.privacy, self.program, self.sober, self.people, self.goals):
            self.addPage(page)
        self.currentIdChanged.connect(self._on_page)
        self.setMinimumWidth(760)
        self.resize(820, 600)

    def step(self) -> _Page:
        page = self.currentPage()
        assert isinstance(page, _Page)
        return page

    def _on_custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value or which == QWizard.WizardButton.CustomButton1:
            self.skip_step()

    def skip_step(self) -> None:
        """Skip this step: it asks for nothing, and the next one comes (Finish on the last)."""
        self.step().skip()
        if self.nextId() == -1:
            self.accept()
        else:
            self.next()

    def _on_page(self, _id: int) -> None:
        if self.currentPage() is self.goals:
            self.goals.offer(starter_goals(self.answers(with_goals=False), self._today(), self._wording()))

    def _today(self) -> dt.date:
        services = self.window_.services
        return services.clock.now().date() if services is not None else dt.date.today()

    def _wording(self) -> str:
        chosen = self.sober.wording()
        return chosen or self.sober.current_wording

    def answers(self, *, with_goals: bool = True) -> SetupAnswers:
        program = self.program.answers()
        return SetupAnswers(program_start=program.program_start, sessions=program.sessions,
                            timezone=program.timezone, sober_date=self.sober.sober_date(),
                            wording=self.sober.wording(), country=self.people.chosen_country(),
                            contacts=self.people.people(), goals=self.goals.chosen() if with_goals else ())

    def accept(self) -> None:
        from app.ui import messages

        services = self.window_.services
        if services is None:  # the data file is being reopened (encryption): wait for it
            messages.inform(self, _("One moment"), _("Steady is still opening your data; press Finish again shortly."))
            return
        try:
            apply_setup(services, self.answers())
        except ValidationError as exc:
            messages.warn(self, _("Setup could not be saved"), exc.message)
            return
        super().accept()
        self.window_.show_page_titled("Today")
        self.window_.show_status(_("Steady is set up. You can change any of it on its page, or from Help ▸ Set up "
                                   "Steady."))

    def reject(self) -> None:
        services = self.window_.services
        if services is not None:
            mark_setup_done(services.store)
        super().reject()
        self.window_.show_status(_("Setup skipped. Help ▸ Set up Steady opens it again whenever you like."))
