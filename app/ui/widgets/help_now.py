"""Get help now, and the calm line after a risky entry.

`HelpNowPanel` lists, in this order: the person's crisis contacts (each number with a Copy
button), the crisis and emergency lines for their country, the first steps of their
safety plan, and one sentence saying Steady sends nothing to anyone. `HelpNowDialog` is
the window that holds it (one per main window, never modal, so the rest of Steady stays
usable). `GentleReplyBar` is the one line shown in place after a check-in or coping entry
with a strong craving or with use: never a pop-up, and always dismissable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.i18n import N_, _
from app.ui.style import heading, layout_of, scaled_font, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:  # the bar is built with the window shell, before the data layer loads
    from app.domain.crisis import GentleReply
    from app.services.crisis import CrisisService

INTRO = N_("You don't have to get through this on your own. Reach one of these now.")
NO_PEOPLE = N_("No one in your support network is marked “Call in a crisis” yet. Tick it on the people "
             "you would call (Goals ▸ Support network).")
NO_COUNTRY = N_("Choose your country to see the crisis and emergency lines there.")
NO_LINES = N_("Steady has no lines for {country} yet. Add the ones you know in Preferences.")
NO_PLAN = N_("You have not written a safety plan yet. When you feel steadier, My plan helps you make one.")
_REFRESH_ON = ("crisis", "contact", "plan_item")


def _wrapped(text: str, parent: QWidget, *, subtle: bool = False, selectable: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if subtle:
        style_subtle_label(label)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CopyButton(QPushButton):
    """Copies one number to the clipboard and says so on the button for a moment."""

    copied = Signal(str)

    def __init__(self, number: str, who: str, parent: QWidget | None = None):
        super().__init__(_("Copy"), parent)
        self.number = number
        self.setAccessibleName(_("Copy {who}'s number {number}").format(who=who, number=number))
        self.setToolTip(_("Copy {number} to paste into your phone or a message").format(number=number))
        self.setAutoDefault(False)
        self.clicked.connect(self.copy)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.number)
        self.setText(_("Copied"))
        QTimer.singleShot(2000, self, self._reset)
        self.copied.emit(self.number)

    def _reset(self) -> None:
        self.setText(_("Copy"))


class HelpNowPanel(ListensForChanges, QWidget):
    """The panel's content. Signals ask the window to open what the person chose."""
    refresh_kinds = frozenset(_REFRESH_ON)

    status_message = Signal(str)
    people_requested = Signal()  # the support network, to mark someone for a crisis
    settings_requested = Signal()  # Preferences ▸ Crisis lines (country, own lines)
    plan_requested = Signal()  # the My plan page

    def __init__(self, crisis: CrisisService, parent: QWidget | None = None, *, can_open_plan: bool = False):
        super().__init__(parent)
        self.crisis = crisis
        self.can_open_plan = can_open_plan
        self.setAccessibleName(_("Get help now"))
        self.copy_buttons: list[CopyButton] = []
        self.country_choice: QComboBox | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.crisis.records

    def _clear(self) -> None:
        _delete_layout(self._layout)
        self.copy_buttons = []
        self.country_choice = None

    def refresh(self) -> None:
        self.help = help_now = self.crisis.help_now()
        self._clear()
        add = self._layout.addWidget
        title = heading(_("Get help now"), self, factor=1.35)
        add(title)
        add(_wrapped(_(INTRO), self))

        add(heading(_("People you can call"), self, factor=1.1))
        if help_now.contacts:
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            for row, person in enumerate(help_now.contacts):
                name = _wrapped(f"{person.name} ({_(person.role)})", self)
                name.setFont(scaled_font(name, 1.0, bold=True))
                grid.addWidget(name, row, 0)
                number = _wrapped(person.phone or _("no number saved"), self, selectable=True,
                                  subtle=not person.phone)
                grid.addWidget(number, row, 1)
                if person.phone:
                    grid.addWidget(self._copy(person.phone, person.name), row, 2)
            grid.setColumnStretch(0, 1)
            self._layout.addLayout(grid)
        else:
            add(_wrapped(_(NO_PEOPLE), self, subtle=True))
            people = QPushButton(_("Open my support network"), self)
            people.setAutoDefault(False)
            people.clicked.connect(self.people_requested)
            self._button_row(people)

        add(heading(_("Crisis lines in {country}").format(country=_(help_now.country_name)) if help_now.country
                    else _("Crisis lines"), self, factor=1.1))
        if help_now.country is None:
            add(_wrapped(_(NO_COUNTRY), self, subtle=True))
            # Chosen right here: one pick shows the lines (Preferences can change it later).
            self.country_choice = QComboBox(self)
            self.country_choice.setAccessibleName(_("Choose your country"))
            self.country_choice.addItem(_("Choose your country…"), "")
            for code, country_name in self.crisis.countries():
                self.country_choice.addItem(country_name, code)
            self.country_choice.activated.connect(self._on_country_chosen)
            self._button_row(self.country_choice)
        elif not help_now.lines:
            add(_wrapped(_(NO_LINES).format(country=_(help_now.country_name)), self, subtle=True))
        for line in help_now.lines:
            line_row = QHBoxLayout()
            text = QVBoxLayout()
            text.setSpacing(1)
            top = _wrapped(f"{_(line.name)}: {line.number}", self, selectable=True)
            top.setFont(scaled_font(top, 1.0, bold=True))
            text.addWidget(top)
            text.addWidget(_wrapped(f"{line.how} · {_(line.purpose)}" if line.purpose else line.how, self,
                                    subtle=True))
            line_row.addLayout(text, 1)
            line_row.addWidget(self._copy(line.number, _(line.name)), 0, Qt.AlignmentFlag.AlignTop)
            self._layout.addLayout(line_row)
        change = QPushButton(_("Change country or edit lines…") if help_now.country else _("Another country…"),
                             self)
        change.setAutoDefault(False)
        change.clicked.connect(self.settings_requested)
        self._button_row(change)

        add(heading(_("Your safety plan"), self, factor=1.1))
        if help_now.plan_steps:
            for n, step in enumerate(help_now.plan_steps, start=1):
                add(_wrapped(f"{n}. {step}", self))
        else:
            add(_wrapped(_(NO_PLAN), self, subtle=True))
        if self.can_open_plan:
            plan = QPushButton(_("Open my plan"), self)
            plan.setAutoDefault(False)
            plan.clicked.connect(self.plan_requested)
            self._button_row(plan)

        note = _wrapped(_(help_now.sends_nothing), self, subtle=True)
        note.setAccessibleName(_("Steady sends nothing to anyone"))
        add(note)
        self._layout.addStretch(1)

    def _on_country_chosen(self, index: int) -> None:
        code = self.country_choice.itemData(index) if self.country_choice is not None else ""
        if code:
            self.crisis.set_country(code)  # the change notice refreshes this panel

    def _copy(self, number: str, who: str) -> CopyButton:
        button = CopyButton(number, who, self)
        button.copied.connect(self._say_copied)
        self.copy_buttons.append(button)
        return button

    def _button_row(self, button: QWidget) -> None:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        self._layout.addLayout(row)

    def _say_copied(self, number: str) -> None:
        self.status_message.emit(_("Copied {number}.").format(number=number))


def _delete_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            _delete_layout(item.layout())


class HelpNowDialog(QDialog):
    """Get help now in its own window, beside Steady (not modal)."""

    def __init__(self, crisis: CrisisService, parent: QWidget | None = None, *, can_open_plan: bool = False):
        super().__init__(parent)
        self.setWindowTitle(_("Get help now"))
        self.setAccessibleName(_("Get help now"))
        self.setModal(False)
        self.panel = HelpNowPanel(crisis, self, can_open_plan=can_open_plan)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.panel)
        scroll.setAccessibleName(_("Get help now"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 10)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # Everything in sight without scrolling when the screen allows it (at larger fonts too).
        em = self.fontMetrics().height()
        width = max(520, em * 34)
        wanted = layout_of(self.panel).totalHeightForWidth(width - 24)
        if wanted <= 0:
            wanted = self.panel.sizeHint().height()
        wanted += buttons.sizeHint().height() + 40
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        limit = int(screen.height() * 0.9) if screen is not None else wanted
        self.resize(width, max(420, min(wanted, limit)))

    def detach(self) -> None:
        self.panel.detach()


class GentleReplyBar(QFrame):
    """One calm line in place after a risky entry, with the next steps as buttons."""

    quick_log_requested = Signal()
    lapse_requested = Signal()
    people_requested = Signal()
    help_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("A note from Steady"))
        self.reply: GentleReply | None = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_button = QPushButton(_("Log what is happening"), self)
        self.lapse_button = QPushButton(_("Record a lapse…"), self)
        self.lapse_button.setToolTip(_("Only if you want to: ends the current sober period; nothing is erased"))
        self.people_button = QPushButton(_("Reach out"), self)
        self.people_button.setToolTip(_("Your support network"))
        self.help_button = QPushButton(_("Get help now"), self)
        self.dismiss_button = QPushButton(_("Dismiss"), self)
        self.dismiss_button.setAccessibleName(_("Dismiss this note"))
        for button in (self.log_button, self.lapse_button, self.people_button, self.help_button,
                       self.dismiss_button):
            button.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.label, 1)
        for button in (self.log_button, self.lapse_button, self.people_button, self.help_button,
                       self.dismiss_button):
            row.addWidget(button)
        self.log_button.clicked.connect(self._log)
        self.lapse_button.clicked.connect(self._lapse)
        self.people_button.clicked.connect(self._people)
        self.help_button.clicked.connect(self.help_requested)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.hide()

    # Choosing a next step answers the note, so it goes; Get help now leaves it in place.
    def _log(self) -> None:
        self.dismiss()
        self.quick_log_requested.emit()

    def _lapse(self) -> None:
        self.dismiss()
        self.lapse_requested.emit()

    def _people(self) -> None:
        self.dismiss()
        self.people_requested.emit()

    def show_reply(self, reply: GentleReply) -> None:
        self.reply = reply
        self.label.setText(reply.text)
        self.setAccessibleDescription(reply.text)
        craving = reply.kind == "craving"
        self.log_button.setVisible(craving)
        self.lapse_button.setVisible(reply.offers_lapse)
        self.people_button.setVisible(not craving)
        self.show()

    def dismiss(self) -> None:
        self.reply = None
        self.hide()
