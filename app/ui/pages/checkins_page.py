"""Check-ins, with sobriety across lapses and today's check-in one click away."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import SobrietyPeriod
from app.domain.sobriety import current_period, sober_days
from app.services.errors import StoreError
from app.services.records import RecordService
from app.services.recovery import RecoveryService
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.editors import from_qdate, to_qdate
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.ui.widgets.help_now import HelpNowPanel


def sober_text(days: int | None, since, stats=None, today=None) -> str:
    """The counter's sentence (written with "sober"; the panel rewords it)."""
    if days is not None:
        return _("Day {n} — sober since {day}").format(n=fmt.number(days), day=fmt.date(since))
    if stats is not None and stats.next_start is not None:
        if today is not None and stats.next_start == today + dt.timedelta(days=1):
            return _("Starting again tomorrow: your new sober count begins then.")
        return _("Starting again on {day}: your new sober count begins then.").format(day=fmt.date(stats.next_start))
    if stats is not None and stats.open_since is not None:
        return _("Your last sober period ended on {day}. When you are ready, set the day you start again.").format(
            day=fmt.date(stats.open_since))
    return _("No sober-since date set. You can add one whenever you are ready.")


def history_text(stats) -> str:
    if stats.periods == 0:
        return ""
    parts = [_("Longest: {days}").format(days=fmt.plural(stats.longest_days, "day", "days")),
             _("sober days this year: {n}").format(n=fmt.number(stats.sober_days_this_year))]
    if stats.periods > 1:
        parts.append(_("{n} periods, all kept").format(n=fmt.number(stats.periods)))
    return " · ".join(parts)


NEXT_STEPS = (
    N_("Tell your sponsor or counselor what happened; you don't have to carry it alone."),
    N_("Look at what led up to it: the people, places, times and feelings. Your coping log can help."),
    N_("Go back to your plan: the steps and people that helped before."),
)
# Harm-reduction guidance, in Steady's own words, checked against harmreduction.org ("Overdose
# Risks & Prevention": tolerance, using alone), nsnaloxone.com ("tolerance drops quickly within
# a few days of not using"; "get a naloxone kit and let others know where you keep it") and
# quincyoverdosehelp.org ("if you witness an overdose, call 911"), 2026-12-07.
OVERDOSE_NOTE = N_("If you used opioids or other drugs: your tolerance drops after time without use, so an "
                   "amount you used to take can now cause an overdose. Don't use alone, keep naloxone where "
                   "the people around you can find it, and call the emergency number at once for an overdose.")


class LapseDialog(QDialog):
    """Record a lapse: the current period ends that day and a new one begins the day after,
    or later ("not yet"). Nothing is erased. Without a running period it explains that and
    offers to set the day the person starts again, instead of being a disabled button."""

    def __init__(self, recovery: RecoveryService, parent: QWidget | None = None, *,
                 lapse_day: dt.date | None = None):
        """`lapse_day`: the day the entry that offered this dialog was about (default today)."""
        super().__init__(parent)
        self.recovery = recovery
        self.saved: SobrietyPeriod | None = None
        self.not_yet_saved = False
        words = recovery.words
        stats = recovery.sobriety()
        self.current = stats.current
        self.setWindowTitle(_("Record a lapse") if self.current else _("Start again"))
        self.setAccessibleName(self.windowTitle())
        today = self.today = recovery.today()
        if self.current is not None:
            text = _("A lapse is part of many people's recovery, and it doesn't undo what you have done: your "
                     "earlier sober days stay in your history. The period ends on the day of the lapse; a new one "
                     "starts the day after, or when you are ready.")
        else:
            text = _("No sober period is running, so there is no period to end. When you are ready, choose the "
                     "day you start again; you can also leave it for now.")
        intro = QLabel(words(text), self)
        intro.setWordWrap(True)
        lapse_day = min(lapse_day or today, today)
        if self.current is not None and lapse_day < self.current.start_date:
            lapse_day = today  # a day before the running period: not the lapse being recorded
        self.lapse_date = QDateEdit(to_qdate(lapse_day), self)
        first = lapse_day + dt.timedelta(days=1)
        if self.current is None and stats.open_since is not None:
            first = max(today, stats.open_since + dt.timedelta(days=1))
        self.again_date = QDateEdit(to_qdate(first), self)
        for edit, name in ((self.lapse_date, _("Day of the lapse")), (self.again_date, words(_("Sober again from")))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(fmt.qt_date_pattern())
            edit.setAccessibleName(name)
        self.lapse_date.setMaximumDate(to_qdate(today))
        self.again_date.setMaximumDate(to_qdate(today + dt.timedelta(days=1)))
        self.not_yet = QCheckBox(_("Not &yet: I'll set it when I'm ready"), self)
        self.not_yet.setAccessibleName(_("Not yet"))
        self.not_yet.setToolTip(words(_("The lapse stays open and no new sober count starts until you set a date")))
        self.not_yet.toggled.connect(self._on_not_yet)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setPlaceholderText(_("Optional: what happened, what might help next time"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()
        form = QFormLayout()
        if self.current is not None:
            form.addRow(_("Day of the &lapse"), self.lapse_date)
            form.addRow(words(_("Sober again &from")), self.again_date)
            form.addRow("", self.not_yet)
            form.addRow(_("&Notes"), self.notes)
        else:
            form.addRow(_("Start again &from"), self.again_date)
            self.lapse_date.hide()
            self.not_yet.hide()
            self.notes.hide()

        steps = QLabel(f"<p>{html.escape(_('Next steps, when you are ready:'))}</p>"
                       "<ul style='margin-left: 0px; -qt-list-indent: 1'>"
                       + "".join(f"<li>{html.escape(i18n._(step))}</li>" for step in NEXT_STEPS) + "</ul>", self)
        steps.setTextFormat(Qt.TextFormat.RichText)
        steps.setWordWrap(True)
        steps.setAccessibleName(_("Next steps"))
        self.overdose = QLabel(i18n._(OVERDOSE_NOTE), self)
        self.overdose.setWordWrap(True)
        self.overdose.setAccessibleName(_("Overdose risk"))
        self.overdose.setFrameShape(QFrame.Shape.StyledPanel)
        self.overdose.setMargin(8)

        # Get help now, in place: a modal dialog would keep the separate panel out of reach.
        self.help_toggle = QPushButton(_("Get help now"), self)
        self.help_toggle.setCheckable(True)
        self.help_toggle.setAutoDefault(False)
        self.help_toggle.setToolTip(_("Your people to call and crisis lines, here in this window"))
        self.help_toggle.toggled.connect(self.show_help)
        self.help_area = QScrollArea(self)
        self.help_area.setWidgetResizable(True)
        self.help_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.help_area.hide()
        self.help_panel: HelpNowPanel | None = None

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.help_toggle, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(steps)
        layout.addWidget(self.overdose)
        layout.addWidget(self.help_area, 1)
        layout.addWidget(buttons)
        self.lapse_date.dateChanged.connect(self._follow_lapse)
        em = self.fontMetrics().height()
        self.resize(max(self.sizeHint().width(), 520, em * 34), self.sizeHint().height())

    def _follow_lapse(self, qdate) -> None:
        """The new start follows the lapse: the day after it."""
        self.again_date.setDate(qdate.addDays(1))

    def _on_not_yet(self, on: bool) -> None:
        self.again_date.setEnabled(not on)

    def show_help(self, on: bool) -> None:
        if on and self.help_panel is None:
            from app.services.crisis import CrisisService
            from app.ui.widgets.help_now import HelpNowPanel

            self.help_panel = HelpNowPanel(CrisisService(self.recovery.records), self)
            self.help_area.setWidget(self.help_panel)
        self.help_area.setVisible(on)
        if on:
            self.resize(self.width(), max(self.height(), self.fontMetrics().height() * 44))

    def done(self, result: int) -> None:  # noqa: D401 - Qt naming
        if self.help_panel is not None:
            self.help_panel.detach()
        super().done(result)

    def accept(self) -> None:
        try:
            if self.current is None:
                self.saved = self.recovery.start_again(from_qdate(self.again_date.date()))
            elif self.not_yet.isChecked():
                self.recovery.record_lapse(from_qdate(self.lapse_date.date()), notes=self.notes.toPlainText().strip(),
                                           not_yet=True)
                self.not_yet_saved = True
            else:
                self.saved = self.recovery.record_lapse(from_qdate(self.lapse_date.date()),
                                                        from_qdate(self.again_date.date()),
                                                        self.notes.toPlainText().strip())
        except (ValidationError, StoreError) as exc:
            self.error.setText(self.recovery.words(exc.message))
            self.error.show()
            return
        super().accept()


class SobrietyPanel(ListensForChanges, QFrame):
    refresh_kinds = frozenset({"sobriety", "checkin"})

    status_message = Signal(str)

    def __init__(self, service: RecordService, parent: QWidget | None = None,
                 recovery: RecoveryService | None = None):
        super().__init__(parent)
        self.service = service
        self.recovery = recovery
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setAccessibleName(_("Sobriety history"))
        style_subtle_label(self.history)
        self.button = QPushButton(self)
        self.lapse_button = QPushButton(_("Record a lapse…"), self)
        self.lapse_button.setAccessibleName(_("Record a lapse"))
        self.checkin_button = QPushButton(self)
        text = QVBoxLayout()
        text.addWidget(self.label)
        text.addWidget(self.history)
        # The buttons go under the sentence and wrap when the page is narrow (or the words
        # long), so the sentence is never squeezed into a thin column.
        buttons = FlowLayout(spacing=8)
        buttons.addWidget(self.checkin_button)
        buttons.addWidget(self.button)
        buttons.addWidget(self.lapse_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.addLayout(text)
        column.addLayout(buttons)
        self.button.clicked.connect(self.edit_date)
        self.lapse_button.clicked.connect(self.record_lapse)
        self.checkin_button.clicked.connect(self.check_in)
        self.lapse_button.setVisible(recovery is not None)
        self.checkin_button.setVisible(recovery is not None)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.service

    def current(self) -> SobrietyPeriod | None:
        today = self.service.clock.now().date()
        periods = cast("list[SobrietyPeriod]", self.service.list("sobriety", end=today))  # its kind's class
        return current_period(periods, today)

    def words(self, text: str) -> str:
        return self.recovery.words(text) if self.recovery is not None else text

    def refresh(self) -> None:
        today = self.service.clock.now().date()
        stats = self.recovery.sobriety() if self.recovery is not None else None
        if stats is not None:
            period, days = stats.current, stats.current_days
        else:
            period = self.current()
            days = sober_days(period, today)
        self.label.setText(self.words(sober_text(days, period.start_date if period else None, stats, today)))
        self.label.setFont(scaled_font(self, 1.15, bold=True) if period else self.font())
        self.label.setAccessibleName(self.label.text())
        self.button.setText(self.words(_("Change sober date…") if period else _("Set sober-since date…")))
        self.button.setAccessibleName(self.button.text().rstrip("…"))
        self.button.setToolTip(self.words(_("The day your current sober period started")))
        if stats is not None and self.recovery is not None:  # the stats come from the recovery service
            self.history.setText(self.words(history_text(stats)))
            self.history.setVisible(stats.periods > 0)
            # Never disabled: without a running period it explains and offers a new start.
            self.lapse_button.setToolTip(self.words(
                _("Ends the current sober period and starts a new one; nothing is erased") if period else
                _("No sober period is running: this explains and lets you set the day you start again")))
            done = self.recovery.todays_checkin() is not None
            self.checkin_button.setText(_("Edit today’s check-in…") if done else _("Check in for today…"))
            self.checkin_button.setAccessibleName(self.checkin_button.text().rstrip("…"))
        else:
            self.history.hide()

    def make_dialog(self) -> RecordDialog:
        return RecordDialog(self.service, "sobriety", self.current(), self)

    def edit_date(self) -> None:
        self.make_dialog().exec()

    def record_lapse(self) -> bool:
        return self.record_lapse_on(None)

    def record_lapse_on(self, day: dt.date | None) -> bool:
        """Record a lapse… opened from an entry about `day` (a check-in with use): that day first."""
        if self.recovery is None:
            return False
        dialog = LapseDialog(self.recovery, self, lapse_day=day)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if dialog.not_yet_saved:
            self.status_message.emit(self.words(_("Recorded. Your earlier days are kept; set the day you start "
                                                  "again whenever you are ready.")))
        elif dialog.saved is not None:
            self.status_message.emit(self.words(_("A new sober period starts {day}. Your earlier days are kept.").format(
                day=fmt.date(dialog.saved.start_date))))
        return True

    def check_in(self) -> bool:
        existing = self.recovery.todays_checkin() if self.recovery is not None else None
        dialog = RecordDialog(self.service, "checkin", existing, self,
                              defaults={} if existing else {"day": self.service.clock.now().date()})
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(_("Saved today’s check-in.") if existing else _("Thanks for checking in."))
            return True
        return False


class CheckInsPage(RecordsPage):
    self_check_requested = Signal()  # the window opens the self-check form

    def __init__(self, service: RecordService, parent: QWidget | None = None, *,
                 recovery: RecoveryService | None = None, **kwargs):
        panel = SobrietyPanel(service, recovery=recovery)
        intro = QWidget()
        row = QVBoxLayout(intro)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(panel)
        checks = QHBoxLayout()
        hint = QLabel(_("Every couple of weeks, a short validated self-check shows you and your counselor "
                        "what is changing."), intro)
        hint.setWordWrap(True)
        style_subtle_label(hint)
        self.self_check_button = QPushButton(_("Self-chec&k…"), intro)
        self.self_check_button.setAccessibleName(_("Self-check"))
        self.self_check_button.setToolTip(_("PHQ-9, GAD-7, WHO-5 or AUDIT-C"))
        checks.addWidget(hint, 1)
        checks.addWidget(self.self_check_button)
        row.addLayout(checks)
        super().__init__(service, N_("Check-ins"), [(N_("Check-ins"), "checkin")], parent, intro=intro, **kwargs)
        self.sobriety = panel
        panel.status_message.connect(self.status_message)
        self.self_check_button.clicked.connect(self.self_check_requested)

    def detach(self) -> None:
        super().detach()
        self.sobriety.detach()
