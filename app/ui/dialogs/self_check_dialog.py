"""A self-check (PHQ-9, GAD-7, WHO-5, AUDIT-C): every question on one scrolling form, or one
question at a time (the person's choice, remembered on this computer).

Each question is a group of radio buttons (arrow keys move within a question, Tab to the
next). One at a time, a number key chooses the answer with that number, the arrow keys move
between answers, Enter goes to the next question (and on the last one saves), and Back and
Next (Alt+B, Alt+N) move by hand; "Question 3 of 9" says where you are. The score and band are computed by the domain and shown in calm words after saving.
PHQ-9 question 9 answered above 0 brings Get help now into this window at once, with the
person's people, crisis lines and safety plan: never a pop-up, and saving is never blocked.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.errors import SteadyError
from app.domain.i18n import N_, _
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.editors import from_qdate, to_qdate

if TYPE_CHECKING:
    from app.domain.assessments import Instrument, Score
    from app.domain.records import Assessment
    from app.services.assessments import AssessmentService
    from app.services.crisis import CrisisService
    from app.ui.undo import UndoHistory
    from app.ui.widgets.help_now import HelpNowPanel

SAFETY_WORDS = N_("Thank you for answering that honestly. Thoughts like these are hard to carry alone, and "
                  "you don't have to. Your people, crisis lines and safety plan are here; reaching one of them "
                  "now is a strong step. Your answers will still be saved.")


ONE_AT_A_TIME_KEY = "self_check/one_at_a_time"  # a per-computer window setting (QSettings)


def result_words(instrument: Instrument, score: Score) -> str:
    """The calm sentence after saving: the score, its band, and what it is not."""
    if instrument.key == "who5":
        head = _("Your WHO-5 score is {score} out of 100 (raw {raw} of 25): {band}.").format(
            score=score.score, raw=score.raw, band=_(score.band.label))
    else:
        head = _("Your {name} score is {score} out of {maximum}: {band}.").format(
            name=instrument.name, score=score.score, maximum=instrument.maximum, band=_(score.band.label))
    return _("{result} It is one snapshot, not a diagnosis; bringing it to your counselor and taking it "
             "again in two weeks shows how things are changing.").format(result=head)


class SelfCheckDialog(QDialog):
    saved = Signal(object)  # the Assessment, after it is written

    def __init__(self, assessments: AssessmentService, crisis: CrisisService | None, today: dt.date,
                 parent: QWidget | None = None, *, instrument: str = "phq9", undo: UndoHistory | None = None):
        super().__init__(parent)
        from app.services.assessments import instruments

        self.assessments = assessments
        self.crisis = crisis
        self.undo = undo
        self.instruments = instruments()
        self.record: Assessment | None = None
        self.groups: list[QButtonGroup] = []
        self.boxes: list[QFrame] = []
        self.current = 0  # the question shown, one at a time (0-based)
        self.help_panel: HelpNowPanel | None = None
        self.setWindowTitle(_("Self-check"))
        self.setAccessibleName(_("Self-check"))

        self.choice = QComboBox(self)
        self.choice.setAccessibleName(_("Self-check"))
        for key, inst in self.instruments.items():
            self.choice.addItem(_(inst.title), key)
        self.day = QDateEdit(to_qdate(today), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(fmt.qt_date_pattern())
        self.day.setMaximumDate(to_qdate(today))
        self.day.setAccessibleName(_("Day"))
        form = QFormLayout()
        form.addRow(_("&Self-check"), self.choice)
        form.addRow(_("&Day"), self.day)
        self.one_at_a_time_box = QCheckBox(_("&One question at a time"), self)
        self.one_at_a_time_box.setAccessibleName(_("One question at a time"))
        self.one_at_a_time_box.setToolTip(_("Number keys or the arrow keys choose, Enter goes to the next question. "
                                            "Steady remembers your choice."))
        form.addRow("", self.one_at_a_time_box)

        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setAccessibleName(_("What this is"))
        style_subtle_label(self.about)
        self.stem = QLabel(self)
        self.stem.setWordWrap(True)
        self.questions = QWidget(self)
        self.questions_layout = QVBoxLayout(self.questions)
        self.questions_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.questions)
        self.scroll_area.setAccessibleName(_("Questions"))
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        em = self.fontMetrics().height()
        self.scroll_area.setMinimumHeight(em * 12)

        # One at a time: where you are, and Back / Next.
        self.progress = QLabel(self)
        self.progress.setAccessibleName(_("Which question"))
        style_subtle_label(self.progress)
        self.back_button = QPushButton(_("&Back"), self)
        self.back_button.setAutoDefault(False)
        self.back_button.setToolTip(_("The question before (Alt+B)"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(_("&Next"), self)
        self.next_button.setAutoDefault(False)
        self.next_button.setToolTip(_("The next question (Enter or Alt+N)"))
        self.next_button.clicked.connect(self.next)
        self.nav = QWidget(self)
        nav_layout = QHBoxLayout(self.nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.addWidget(self.progress)
        nav_layout.addStretch(1)
        nav_layout.addWidget(self.back_button)
        nav_layout.addWidget(self.next_button)

        # Get help now, in place (PHQ-9 question 9 above 0).
        self.safety = QFrame(self)
        self.safety.setFrameShape(QFrame.Shape.StyledPanel)
        self.safety.setAccessibleName(_("Get help now"))
        safety_layout = self.safety_layout = QVBoxLayout(self.safety)
        self.safety_words = QLabel(_(SAFETY_WORDS), self.safety)
        self.safety_words.setWordWrap(True)
        safety_layout.addWidget(self.safety_words)
        self.safety.hide()

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()
        self.score_label = QLabel(self)
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(_("Your score"))
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.score_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(self.stem)
        layout.addWidget(self.scroll_area, 3)
        layout.addWidget(self.nav)
        layout.addWidget(self.safety, 2)
        layout.addWidget(self.error)
        layout.addWidget(self.score_label)
        layout.addWidget(self.buttons)

        index = max(0, self.choice.findData(instrument))
        self.choice.setCurrentIndex(index)
        self.choice.currentIndexChanged.connect(self._on_instrument)
        self._build(self.current_instrument())
        em = self.fontMetrics().height()
        self.resize(max(self.sizeHint().width(), em * 40), em * 46)
        self.one_at_a_time_box.setChecked(bool(QSettings().value(ONE_AT_A_TIME_KEY, False, type=bool)))
        self.one_at_a_time_box.toggled.connect(self.set_one_at_a_time)
        self._show_mode()

    # --- building --------------------------------------------------------------------------

    def current_instrument(self) -> Instrument:
        return self.instruments[self.choice.currentData()]

    def _on_instrument(self, _index: int) -> None:
        self._build(self.current_instrument())
        self._show_mode()

    def _build(self, inst: Instrument) -> None:
        while self.questions_layout.count():
            taken = self.questions_layout.takeAt(0)  # never None while count() is above 0
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.groups = []
        self.boxes = []
        self.current = 0
        self.about.setText(f"{_(inst.what_it_is)} {_(inst.what_it_isnt)}")
        self.stem.setText(_(inst.stem))
        for item in inst.items:
            # A frame with a wrapping label, not a QGroupBox: a group box title never wraps,
            # and the long PHQ-9 questions would need a sideways scroll bar.
            box = QFrame(self.questions)
            text = _(item.text)
            box.setAccessibleName(_("Question {number}: {text}").format(number=item.number, text=text))
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 6, 0, 6)
            box_layout.setSpacing(2)
            question = QLabel(f"{item.number}. {text}", box)
            question.setWordWrap(True)
            question.setFont(scaled_font(question, 1.0, bold=True))
            box_layout.addWidget(question)
            group = QButtonGroup(box)
            for option in item.options:
                radio = QRadioButton(_(option.label), box)
                radio.setAccessibleName(_("Question {number}: {text}").format(number=item.number,
                                                                               text=_(option.label)))
                group.addButton(radio, option.value)
                box_layout.addWidget(radio)
                radio.setContentsMargins(12, 0, 0, 0)
            group.idToggled.connect(self._on_answer)
            self.groups.append(group)
            self.boxes.append(box)
            self.questions_layout.addWidget(box)
        self.questions_layout.addStretch(1)
        self._show_safety(False)
        self.error.hide()

    # --- one question at a time -------------------------------------------------------------

    @property
    def one_at_a_time(self) -> bool:
        return self.one_at_a_time_box.isChecked()

    def set_one_at_a_time(self, on: bool) -> None:
        """Switch how the questions show; the choice is remembered on this computer."""
        if self.one_at_a_time_box.isChecked() != on:
            self.one_at_a_time_box.setChecked(on)  # comes back here through toggled
            return
        settings = QSettings()
        settings.setValue(ONE_AT_A_TIME_KEY, bool(on))
        settings.sync()
        if on:  # start where there is something still to answer
            answers = self.answers()
            self.current = next((i for i, a in enumerate(answers) if a is None), len(answers) - 1)
        self._show_mode()

    def _show_mode(self) -> None:
        one = self.one_at_a_time
        self.nav.setVisible(one)
        for i, box in enumerate(self.boxes):
            box.setVisible(not one or i == self.current)
        if one:
            self.show_question(self.current)

    def show_question(self, index: int) -> None:
        """Show question `index` (0-based) alone and put the keyboard on its answers."""
        if not self.boxes:
            return
        self.current = max(0, min(index, len(self.boxes) - 1))
        for i, box in enumerate(self.boxes):
            box.setVisible(i == self.current)
        total = len(self.boxes)
        values = [self.groups[self.current].id(b) for b in self.groups[self.current].buttons()] or [0]
        self.progress.setText(_("Question {number} of {total} · keys {low}–{high} choose, Enter goes on").format(
            number=self.current + 1, total=total, low=min(values), high=max(values)))
        self.back_button.setEnabled(self.current > 0)
        last = self.current == total - 1
        self.next_button.setEnabled(not last)
        self.scroll_area.ensureWidgetVisible(self.boxes[self.current])
        group = self.groups[self.current]
        target = group.checkedButton() or (group.buttons()[0] if group.buttons() else None)
        if target is not None and self.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def next(self) -> None:
        if self.answers()[self.current] is None:
            self.error.setText(_("Choose an answer to go on: a number key, the arrow keys or a click."))
            self.error.show()
            return
        self.error.hide()
        self.show_question(self.current + 1)

    def back(self) -> None:
        self.error.hide()
        self.show_question(self.current - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """One at a time: a number key chooses that answer, Enter goes on (and on the last
        question saves). A focused push button keeps Enter for itself."""
        if self.one_at_a_time and self.record is None and self.boxes:
            text = event.text()
            if text.isdigit() and len(text) == 1:
                button = self.groups[self.current].button(int(text))
                if button is not None:
                    button.setChecked(True)
                    button.setFocus(Qt.FocusReason.ShortcutFocusReason)
                    event.accept()
                    return
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}.get(
                Qt.Key(event.key()))
            if step is not None and not isinstance(self.focusWidget(), (QComboBox, QDateEdit)):
                # (A focused answer moves itself; this is for the keys that reach the form.)
                self._step_answer(step)
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(), QPushButton):
                if self.current < len(self.boxes) - 1:
                    self.next()
                else:
                    self.save()
                event.accept()
                return
        super().keyPressEvent(event)

    def _step_answer(self, step: int) -> None:
        """The next (+1) or previous (-1) answer of the question shown; the first if none yet."""
        group = self.groups[self.current]
        buttons = group.buttons()
        if not buttons:
            return
        checked = group.checkedButton()
        index = 0 if checked is None else max(0, min(len(buttons) - 1, buttons.index(checked) + step))
        buttons[index].setChecked(True)
        buttons[index].setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- answering ---------------------------------------------------------------------------

    def answers(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() != -1 else None for g in self.groups]

    def answer(self, number: int, value: int) -> None:
        """Choose `value` for question `number` (1-based), as a click on its radio button would."""
        button = self.groups[number - 1].button(value)
        if button is None:
            raise ValueError(f"question {number} has no answer {value}")
        button.setChecked(True)

    def _on_answer(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        from app.domain.assessments import safety_item_flagged

        inst = self.current_instrument()
        flagged = inst.safety_item is not None and safety_item_flagged(
            inst, tuple(a if a is not None else 0 for a in self.answers()))
        self._show_safety(flagged)

    def _show_safety(self, on: bool) -> None:
        if on and self.help_panel is None and self.crisis is not None:
            from app.ui.widgets.help_now import HelpNowPanel

            self.help_panel = HelpNowPanel(self.crisis, self.safety)
            area = QScrollArea(self.safety)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(self.help_panel)
            area.setAccessibleName("Get help now")
            area.setMinimumHeight(self.fontMetrics().height() * 14)
            self.safety_layout.addWidget(area, 1)
        self.safety.setVisible(on)
        if on:  # room for the questions and the help together, as the lapse dialog does
            self.resize(self.width(), max(self.height(), self.fontMetrics().height() * 58))

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        if self.record is not None:
            self.accept()
            return
        answers = self.answers()
        missing = [i for i, a in enumerate(answers, start=1) if a is None]
        if missing:
            which = ", ".join(str(n) for n in missing[:5]) + ("…" if len(missing) > 5 else "")
            self.error.setText(_("Answer every question to see your score (still to answer: {which}).").format(
                which=which))
            self.error.show()
            if self.one_at_a_time:
                self.show_question(missing[0] - 1)
            return
        inst = self.current_instrument()
        try:
            record, score = self.assessments.add(inst.key, from_qdate(self.day.date()),
                                                 tuple(a for a in answers if a is not None))
        except SteadyError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.record = record
        if self.undo is not None:
            self.undo.record_added(self.assessments.records, record)
        self.error.hide()
        self.score_label.setText(result_words(inst, score))
        self.score_label.show()
        for widget in (self.choice, self.day, self.questions, self.one_at_a_time_box, self.nav):
            widget.setEnabled(False)
        self.save_button.setText(_("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        self.save_button.setFocus()
        self.saved.emit(record)

    def done(self, result: int) -> None:  # noqa: D401 - Qt naming
        if self.help_panel is not None:
            self.help_panel.detach()
        super().done(result)
