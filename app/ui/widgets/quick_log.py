"""Log a hard moment in about 15 seconds, by keyboard alone.

Keyboard order: urge now (a digit) → triggers (arrows or a letter to move, Space to pick)
→ what happened → skills (arrows, Space) → more skills → urge after → outcome → when →
Save. Enter (or Ctrl+Enter) saves from anywhere in the panel.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import cast

from PySide6.QtCore import QEvent, QRect, QSize, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.coping import WINDOW, SkillSuggestion, rank_skills, suggest_outcome
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import OUTCOMES, SKILL_CATEGORIES, TRIGGERS, CopingEntry, CopingSkill
from app.services.errors import StoreError
from app.services.records import RecordService
from app.services.skill_library import suggestion_order
from app.ui.style import layout_of, scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.editors import to_qdatetime
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges

TOP_SKILLS = 6
NO_SKILL_TEXT = N_("Choose a skill to see how to do it here.")
_CATEGORY = dict(SKILL_CATEGORIES)
_WHY_ROLE = Qt.ItemDataRole.UserRole + 1
_ID_ROLE = Qt.ItemDataRole.UserRole
_ROW_PAD = 8


def urge_words(value: int | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return _("no urge")
    if value <= 3:
        return _("mild")
    if value <= 6:
        return _("moderate")
    if value <= 8:
        return _("strong")
    return _("very strong")


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def confirmation(entry: CopingEntry, names: dict[str, str]) -> str:
    """The quiet line shown after saving, e.g. "Logged. Urge 7 → 3 with Box breathing."."""
    urge = str(entry.urge_before) if entry.urge_after is None else f"{entry.urge_before} → {entry.urge_after}"
    skills = [names.get(i, _("a skill")) for i in entry.skill_ids]
    if skills:
        return _("Logged. Urge {urge} with {skills}.").format(urge=urge, skills=join_names(skills))
    return _("Logged. Urge {urge}.").format(urge=urge)


# --- small widgets ---------------------------------------------------------------------------


class UrgeBox(QSpinBox):
    """0–10, or "–" for not recorded. A digit key sets the value (1 then 0 quickly makes 10);
    Backspace or Delete clears it."""

    NOT_SET = -1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(self.NOT_SET, 10)
        self.setSpecialValueText("–")
        self.setSuffix(" / 10")
        self.setValue(self.NOT_SET)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("10 / 10") + 48)
        self._last_one = 0.0

    def value_or_none(self) -> int | None:
        v = self.value()
        return None if v == self.NOT_SET else v

    def set_value(self, value: int | None) -> None:
        self.setValue(self.NOT_SET if value is None else value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        text = event.text()
        if len(text) == 1 and text.isdigit() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            digit = int(text)
            now = time.monotonic()
            if digit == 0 and self.value() == 1 and now - self._last_one < 1.5:
                self.setValue(10)
            else:
                self.setValue(digit)
            self._last_one = now if digit == 1 else 0.0
            self.selectAll()
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.setValue(self.NOT_SET)
            self.selectAll()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)


class _Chip(QPushButton):
    def __init__(self, key: str, label: str, group: "TriggerChips"):
        super().__init__(label, group)
        self.key = key
        self.label = label
        self.chip_group = group
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setProperty("chip", True)
        self.setAccessibleName(_("Trigger: {trigger}").format(trigger=label))
        self.setToolTip(_("{trigger} — Space picks it; arrows or a letter move between triggers").format(
            trigger=label))
        self.toggled.connect(self._show_state)

    def _show_state(self, checked: bool) -> None:
        # A tick as well as colour, so the choice does not rest on colour alone.
        self.setText(("✓ " if checked else "") + self.label)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if not self.chip_group.handle_key(self, event):
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.chip_group.set_current(self)
        super().focusInEvent(event)


_CHIP_STYLE = """
QPushButton[chip="true"] {
    border: 1px solid palette(mid); border-radius: 12px; padding: 3px 11px;
    background: palette(base); color: palette(text);
}
QPushButton[chip="true"]:hover { border-color: palette(highlight); }
QPushButton[chip="true"]:checked {
    background: palette(highlight); color: palette(highlighted-text); border-color: palette(highlight);
}
QPushButton[chip="true"]:focus { border: 2px solid palette(highlight); padding: 2px 10px; }
QPushButton[chip="true"]:checked:focus { border: 2px solid palette(text); }
"""


class TriggerChips(QWidget):
    """Checkable chips for the trigger types, one stop in the Tab order: arrows (or the
    first letter of a trigger) move between them, Space picks."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(_("Triggers"))
        self.setStyleSheet(_CHIP_STYLE)
        layout = FlowLayout(self)
        self.chips: list[_Chip] = []
        for key, label in TRIGGERS:
            chip = _Chip(key, _(label), self)
            chip.toggled.connect(self.changed)
            layout.addWidget(chip)
            self.chips.append(chip)
        self._current = self.chips[0]
        self.set_current(self.chips[0])

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        width = 320
        return QSize(width, layout_of(self).heightForWidth(width))

    def value(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.chips if c.isChecked())

    def set_value(self, keys) -> None:
        wanted = set(keys or ())
        for chip in self.chips:
            chip.setChecked(chip.key in wanted)

    def chip(self, key: str) -> _Chip:
        return next(c for c in self.chips if c.key == key)

    def set_current(self, chip: _Chip) -> None:
        self._current = chip
        for c in self.chips:
            c.setFocusPolicy(Qt.FocusPolicy.StrongFocus if c is chip else Qt.FocusPolicy.ClickFocus)

    def current(self) -> _Chip:
        return self._current

    def handle_key(self, chip: _Chip, event: QKeyEvent) -> bool:
        key = event.key()
        i = self.chips.index(chip)
        target = None
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            target = self.chips[(i + 1) % len(self.chips)]
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            target = self.chips[(i - 1) % len(self.chips)]
        elif key == Qt.Key.Key_Home:
            target = self.chips[0]
        elif key == Qt.Key.Key_End:
            target = self.chips[-1]
        elif event.text().isalpha() and len(event.text()) == 1 and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            letter = event.text().casefold()
            # The next chip starting with that letter, so P then P reaches Places after People.
            order = self.chips[i + 1:] + self.chips[:i + 1]
            target = next((c for c in order if c.label.casefold().startswith(letter)), None)
            if target is None:
                return True
        if target is None:
            return False
        self.set_current(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class _SkillDelegate(QStyledItemDelegate):
    """The skill's name, and on the right in quieter text why it is suggested."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + _ROW_PAD))

    def paint(self, painter, option, index) -> None:
        why = index.data(_WHY_ROLE) or ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            super().paint(painter, option, index)
            return
        name = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        group = QPalette.ColorGroup.Normal
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        checked = Qt.CheckState(index.data(Qt.ItemDataRole.CheckStateRole) or 0) == Qt.CheckState.Checked
        painter.save()
        # Some styles draw the box in colours that vanish on a dark base; outline it in a
        # colour taken from the palette so it shows in light and dark themes alike.
        box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, widget)
        if box.isValid():
            painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 2, 2)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(2, 0, -4, 0)
        font = opt.font
        font.setBold(checked)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        why_width = min(opt.fontMetrics.horizontalAdvance(why) + 4, rect.width() // 2) if why else 0
        name_width = rect.width() - why_width - (12 if why else 0)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(group, text_role))
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRect(rect.left(), rect.top(), name_width, rect.height()),
                         align | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width))
        if why:
            painter.setFont(opt.font if not checked else option.font)
            if not selected:
                painter.setPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRect(rect.right() - why_width, rect.top(), why_width, rect.height()),
                             align | Qt.AlignmentFlag.AlignRight,
                             opt.fontMetrics.elidedText(why, Qt.TextElideMode.ElideRight, why_width))
        painter.restore()


class _MoreField(QLineEdit):
    """Type any active skill's name; Enter, Tab or a pick from the list adds it to the skills."""

    chosen = Signal(str)
    left = Signal(str)  # focus moved on with text still typed

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.chosen.emit(self.text().strip())
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        # Tab is seen here even while the completer's list is open (the completer eats the
        # focus-out then, and editingFinished stays silent).
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and self.text().strip()):
            self.left.emit(self.text().strip())
        return super().event(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().focusOutEvent(event)
        # Leaving by mouse; Tab is handled above, and the list opening is not leaving.
        if self.text().strip() and event.reason() not in (
                Qt.FocusReason.PopupFocusReason, Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.left.emit(self.text().strip())


class HowToCard(QFrame):
    """The skill's how-to, right where the person is: the moment of need."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.title = QLabel(self)
        self.title.setFont(scaled_font(self.title, 1.1, bold=True))
        self.title.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        style_subtle_label(self.meta)
        self.text = QLabel(_(NO_SKILL_TEXT))
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(_("How to do it"))
        # A long how-to scrolls inside the card: the card never makes the panel taller
        # (which would push Save out of sight).
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.text)
        self.scroll_area.setAccessibleName(_("How to do it"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 6, 10)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.scroll_area, 1)
        self.show_skill(None)

    def show_skill(self, skill: CopingSkill | None, explain: str = "") -> None:
        if skill is None:
            self.title.hide()
            self.meta.hide()
            self.text.setText(_(NO_SKILL_TEXT))
            style_subtle_label(self.text)
            return
        self.text.setPalette(self.palette())
        self.title.setText(skill.name)
        self.title.show()
        category = _CATEGORY.get(skill.category, "")
        self.meta.setText(" · ".join(p for p in (_(category) if category else "", explain) if p))
        self.meta.show()
        self.text.setText(skill.how_to or _("No how-to written yet. You can add one in the Skill library."))
        self.scroll_area.verticalScrollBar().setValue(0)


# --- the panel -------------------------------------------------------------------------------


class QuickLogPanel(ListensForChanges, QFrame):
    """Urge, triggers, what happened, skills (ranked), urge after, outcome, Save."""
    refresh_kinds = frozenset({"skill", "coping"})

    status_message = Signal(str)
    saved = Signal(object)

    def __init__(self, records: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.setAccessibleName(_("Log a hard moment"))
        self._stale = True
        self._skills: dict[str, CopingSkill] = {}
        self._suggestions: dict[str, SkillSuggestion] = {}
        self._outcome_touched = False
        self._when_touched = False
        self._setting = False

        # Fields, created in keyboard order so the Tab chain follows it.
        self.urge_now = UrgeBox(self)
        self.urge_now.setAccessibleName(_("Urge now, 0 to 10"))
        self.urge_now.setToolTip(_("How strong is the urge? Type a digit: 0 none … 10 strongest"))
        self.urge_words = QLabel(self)
        style_subtle_label(self.urge_words)
        self.triggers = TriggerChips(self)
        self.situation = QLineEdit(self)
        self.situation.setPlaceholderText(_("Optional, e.g. walked past my old bar"))
        self.situation.setAccessibleName(_("What happened"))
        self.skill_list = QListWidget(self)
        self.skill_list.setAccessibleName(_("Skills, most helpful and most recent first"))
        self.skill_list.setToolTip(_("Space ticks a skill; its how-to shows on the right"))
        self.skill_list.setItemDelegate(_SkillDelegate(self.skill_list))
        self.skill_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.skill_list.setUniformItemSizes(True)
        self.skill_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.more = _MoreField(self)
        self.more.setPlaceholderText(_("More skills… type a name"))
        self.more.setAccessibleName(_("More skills: type a skill's name"))
        self.more_model = QStringListModel(self)
        completer = QCompleter(self.more_model, self.more)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.more.setCompleter(completer)
        self.urge_after = UrgeBox(self)
        self.urge_after.setAccessibleName(_("Urge after, 0 to 10, optional"))
        self.urge_after.setToolTip(_("Optional: how strong is the urge now that you used the skill?"))
        self.outcome = QComboBox(self)
        for key, label in OUTCOMES:
            self.outcome.addItem(_(label), key)
        self.outcome.setAccessibleName(_("Outcome"))
        self.when = QDateTimeEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(fmt.qt_weekday_time_pattern())
        self.when.setAccessibleName(_("When"))
        self.when.setToolTip(_("Now, unless you change it"))
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(_("Save this moment (Enter or Ctrl+Enter)"))
        self.save_button.setAccessibleName(_("Save coping entry"))
        self.confirmation = QLabel(self)
        self.confirmation.setAccessibleName(_("Saved"))
        self.confirmation.setWordWrap(True)
        style_subtle_label(self.confirmation)
        self.how_to = HowToCard(self)

        self.errors: dict[str, QLabel] = {}
        for name in ("urge_before", "skill_ids", "occurred_at", "urge_after", ""):
            error = QLabel(self)
            error.setWordWrap(True)
            error.setAccessibleName(_("Problem"))
            style_error_label(error)
            error.hide()
            self.errors[name] = error

        self._lay_out()
        self._connect()
        self.reset()
        self.attach()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _lay_out(self) -> None:
        hint = QLabel(_("Type the urge (0–10), Tab through what applies, and press Enter to save."), self)
        hint.setWordWrap(True)
        style_subtle_label(hint)
        # Get help now, in place: the quick log is where a hard moment is written down.
        self.help_button = QPushButton(_("Get help now"), self)
        self.help_button.setAutoDefault(False)
        self.help_button.setAccessibleName(_("Get help now"))
        self.help_button.setToolTip(_("Your people to call and crisis lines (Ctrl+Shift+H)"))
        self.help_button.clicked.connect(self.show_help_now)
        hint_row = QHBoxLayout()
        hint_row.addWidget(hint, 1)
        hint_row.addWidget(self.help_button)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        urge_row = QHBoxLayout()
        urge_row.addWidget(self.urge_now)
        urge_row.addSpacing(6)
        urge_row.addWidget(self.urge_words)
        urge_row.addStretch(1)
        form.addWidget(self._label(_("&Urge now"), self.urge_now), 0, 0)
        form.addLayout(urge_row, 0, 1)
        form.addWidget(self.errors["urge_before"], 1, 1)
        triggers_label = self._label(_("&Triggers"), self.triggers.chips[0])
        form.addWidget(triggers_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        form.addWidget(self.triggers, 2, 1)
        form.addWidget(self._label(_("&What happened"), self.situation), 3, 0)
        form.addWidget(self.situation, 3, 1)
        form.setColumnStretch(1, 1)
        form.setRowStretch(4, 1)
        self._triggers_label = triggers_label

        skills = QVBoxLayout()
        skills.setSpacing(4)
        skills.addWidget(self._label(_("&Skills — suggested for you"), self.skill_list))
        skills.addWidget(self.skill_list)
        skills.addWidget(self.more)
        skills.addWidget(self.errors["skill_ids"])
        skills.addStretch(1)
        self.skill_list.setFixedHeight(TOP_SKILLS * (self.skill_list.fontMetrics().height() + _ROW_PAD) + 6)
        self.skill_list.setMinimumWidth(240)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(form, 5)
        top.addLayout(skills, 4)
        self.how_to.setMinimumWidth(220)
        top.addWidget(self.how_to, 4)

        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(self._label(_("Urge &after"), self.urge_after))
        bottom.addWidget(self.urge_after)
        bottom.addSpacing(10)
        bottom.addWidget(self._label(_("&Outcome"), self.outcome))
        bottom.addWidget(self.outcome)
        bottom.addSpacing(10)
        bottom.addWidget(self._label(_("Whe&n"), self.when))
        bottom.addWidget(self.when)
        bottom.addSpacing(10)
        bottom.addWidget(self.save_button)
        bottom.addSpacing(10)
        bottom.addWidget(self.confirmation, 1)

        errors = QHBoxLayout()
        for name in ("urge_after", "occurred_at", ""):
            errors.addWidget(self.errors[name])
        errors.addStretch(1)

        # As tall as its fields need; the coping log below gets the rest of the page.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(hint_row)
        layout.addLayout(top)
        layout.addLayout(bottom)
        layout.addLayout(errors)

    def _connect(self) -> None:
        self.urge_now.valueChanged.connect(self._on_urge_changed)
        self.urge_after.valueChanged.connect(self._on_urge_changed)
        self.outcome.activated.connect(self._on_outcome_chosen)
        self.when.dateTimeChanged.connect(self._on_when_changed)
        self.skill_list.currentItemChanged.connect(self._on_current_skill)
        self.skill_list.itemChanged.connect(self._on_skill_ticked)
        self.more.chosen.connect(self.add_skill_by_name)
        self.more.completer().activated.connect(self._on_completed)
        self.more.textEdited.connect(self._clear_more_error)
        self.more.left.connect(self._on_more_finished)
        self.save_button.clicked.connect(self.save)

    def show_help_now(self) -> None:
        """The window's Get help now (the panel is the window's, one for every page)."""
        show = getattr(self.window(), "show_help_now", None)
        if callable(show):
            show()

    # --- keeping up to date ---------------------------------------------------------------

    def changes_source(self):
        return self.records

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.refresh_if_stale()
        if not self._when_touched:
            self._set_when(self.records.clock.now())
        super().showEvent(event)

    def refresh(self) -> None:
        """Re-rank the skills; keeps what the person has already ticked."""
        self._stale = False
        now = self.records.clock.now()
        # The records of a kind are of its class: "skill" CopingSkill, "coping" CopingEntry.
        skills = cast("list[CopingSkill]", self.records.list("skill"))
        self._skills = {s.id: s for s in skills}
        entries = cast("list[CopingEntry]", self.records.list("coping", start=(now - WINDOW).date()))
        ranked = rank_skills(suggestion_order(skills), entries, now)
        self._suggestions = {r.skill.id: r for r in ranked}
        ticked = self.chosen_skill_ids()
        extra = [i for i in self._listed_ids()[TOP_SKILLS:] if i in self._suggestions]
        current = self._current_skill_id()
        shown = [r.skill.id for r in ranked[:TOP_SKILLS]]
        shown += [i for i in extra + list(ticked) if i not in shown]
        self._setting = True
        try:
            self.skill_list.clear()
            for skill_id in shown:
                self._add_item(skill_id, checked=skill_id in ticked)
        finally:
            self._setting = False
        self.more_model.setStringList([r.skill.name for r in ranked])
        self.skill_list.setToolTip(_("Space ticks a skill; its how-to shows on the right") if shown else
                                   _("No skills yet: add some in the Skill library tab."))
        if current in shown:
            self.skill_list.setCurrentRow(shown.index(current))
        self._on_current_skill(self.skill_list.currentItem(), None)

    def _add_item(self, skill_id: str, *, checked: bool) -> QListWidgetItem:
        suggestion = self._suggestions[skill_id]
        item = QListWidgetItem(suggestion.skill.name)
        item.setData(_ID_ROLE, skill_id)
        now = self.records.clock.now()
        why = suggestion.why(now)
        item.setData(_WHY_ROLE, suggestion.why(now, short=True))
        item.setToolTip(f"{suggestion.skill.name}: {why}" if why else suggestion.skill.name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.skill_list.addItem(item)
        return item

    def _listed_ids(self) -> list[str]:
        return [self.skill_list.item(i).data(_ID_ROLE) for i in range(self.skill_list.count())]

    def _current_skill_id(self) -> str | None:
        item = self.skill_list.currentItem()
        return None if item is None else item.data(_ID_ROLE)

    # --- reading and setting the fields -------------------------------------------------------

    def shown_skill_names(self) -> list[str]:
        return [self.skill_list.item(i).text() for i in range(self.skill_list.count())]

    def chosen_skill_ids(self) -> tuple[str, ...]:
        return tuple(self.skill_list.item(i).data(_ID_ROLE) for i in range(self.skill_list.count())
                     if self.skill_list.item(i).checkState() == Qt.CheckState.Checked)

    def tick_skill(self, name: str, checked: bool = True) -> None:
        """Tick a listed skill by name (as Space would)."""
        for i in range(self.skill_list.count()):
            item = self.skill_list.item(i)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.skill_list.setCurrentItem(item)
                return
        raise KeyError(name)

    def add_skill_by_name(self, text: str, *, focus_on_error: bool = True) -> bool:
        """Add (and tick) the active skill typed in More…: its name, or a part of exactly one
        skill's name. Shows a message next to the field when there is no such skill."""
        wanted = text.strip().casefold()
        if not wanted:
            return False
        active = [self._suggestions[i].skill for i in self._suggestions]
        match = [s for s in active if s.name.casefold() == wanted] or \
            [s for s in active if wanted in s.name.casefold()]
        if len(match) != 1:
            if match:
                names = join_names([s.name for s in match[:4]] + ([_("others")] if len(match) > 4 else []))
                message = _("“{typed}” could be {names}. Type a little more of the name.").format(
                    typed=text.strip(), names=names)
            else:
                message = _("No skill is called “{typed}”. Pick one from the list, or add it in the Skill "
                            "library.").format(typed=text.strip())
            self.show_error("skill_ids", message, focus=focus_on_error)
            return False
        skill_id = match[0].id
        ids = self._listed_ids()
        if skill_id in ids:
            item = self.skill_list.item(ids.index(skill_id))
        else:
            item = self._add_item(skill_id, checked=True)
        item.setCheckState(Qt.CheckState.Checked)
        self.skill_list.setCurrentItem(item)
        self.skill_list.scrollToItem(item)
        self._clear_more_error()
        QTimer.singleShot(0, self.more.clear)
        return True

    def _on_more_finished(self, text: str) -> None:
        # Tab out of More… with a name typed: take it, as Enter would.
        if not self._setting:
            self.add_skill_by_name(text, focus_on_error=False)

    def _on_completed(self, text: str) -> None:
        self.add_skill_by_name(text)

    def _clear_more_error(self, *_args) -> None:
        self.errors["skill_ids"].hide()

    def _on_current_skill(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            self.how_to.show_skill(None)
            return
        suggestion = self._suggestions.get(item.data(_ID_ROLE))
        if suggestion is None:
            self.how_to.show_skill(None)
            return
        self.how_to.show_skill(suggestion.skill, suggestion.why(self.records.clock.now()))

    def _on_skill_ticked(self, item: QListWidgetItem) -> None:
        if self._setting:
            return
        if item is not self.skill_list.currentItem():
            self.skill_list.setCurrentItem(item)
        else:
            self._on_current_skill(item)

    def _on_urge_changed(self, _value: int) -> None:
        self.urge_words.setText(urge_words(self.urge_now.value_or_none()))
        if not self._when_touched and not self._setting:
            self._set_when(self.records.clock.now())  # the panel may have sat open for hours
        if self.urge_now.value_or_none() is not None:
            self.errors["urge_before"].hide()
        if not self._outcome_touched and not self._setting:
            self._set_outcome(suggest_outcome(self.urge_now.value_or_none(), self.urge_after.value_or_none()))

    def _on_outcome_chosen(self, _index: int) -> None:
        self._outcome_touched = True

    def _set_outcome(self, key: str) -> None:
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(key)))

    def _on_when_changed(self, _value) -> None:
        if not self._setting:
            self._when_touched = True
            self.errors["occurred_at"].hide()

    def _set_when(self, value: dt.datetime) -> None:
        self._setting = True
        try:
            self.when.setDateTime(to_qdatetime(value))
        finally:
            self._setting = False

    def occurred_at(self) -> dt.datetime:
        if not self._when_touched:
            return self.records.clock.now()
        when = cast(dt.datetime, self.when.dateTime().toPython())  # a datetime; the stubs say object
        return when.replace(second=0, microsecond=0)

    def reset(self) -> None:
        """Empty every field (time back to now) and re-rank the skills."""
        self._setting = True
        try:
            self.urge_now.set_value(None)
            self.urge_after.set_value(None)
            self.triggers.set_value(())
            self.triggers.set_current(self.triggers.chips[0])
            self.situation.clear()
            self.more.clear()
            self._set_outcome("")
            for i in range(self.skill_list.count()):
                self.skill_list.item(i).setCheckState(Qt.CheckState.Unchecked)
        finally:
            self._setting = False
        self._outcome_touched = False
        self._when_touched = False
        self._set_when(self.records.clock.now())
        self.urge_words.clear()
        self._clear_errors()
        self.refresh()
        self.skill_list.setCurrentRow(-1)
        self.how_to.show_skill(None)

    # --- saving -------------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def show_error(self, field: str, message: str, *, focus: bool = True) -> None:
        label = self.errors.get(field, self.errors[""])
        label.setText(message)
        label.show()
        if not focus:
            return
        target = {"urge_before": self.urge_now, "urge_after": self.urge_after, "occurred_at": self.when,
                  "skill_ids": self.more, "triggers": self.triggers.current(),
                  "situation": self.situation, "outcome": self.outcome}.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, field: str = "") -> str:
        label = self.errors.get(field, self.errors[""])
        return label.text() if not label.isHidden() else ""

    def build_entry(self) -> CopingEntry:
        """The entry the fields describe. Raises ValidationError."""
        before = self.urge_now.value_or_none()
        if before is None:
            raise ValidationError("urge_before", _("Type how strong the urge is now, from 0 to 10."))
        if self.more.text().strip() and not self.add_skill_by_name(self.more.text()):
            raise ValidationError("skill_ids", self.errors["skill_ids"].text())
        return CopingEntry(
            occurred_at=self.occurred_at(), situation=self.situation.text().strip(),
            triggers=self.triggers.value(), urge_before=before, urge_after=self.urge_after.value_or_none(),
            skill_ids=self.chosen_skill_ids(), outcome=self.outcome.currentData() or "")

    def save(self) -> CopingEntry | None:
        """Validate and save; on a problem, say what and where, and write nothing."""
        self._clear_errors()
        try:
            entry = self.build_entry()
            self.records.add(entry)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return None
        except StoreError as exc:
            self.show_error("", exc.message)
            return None
        names = {i: s.name for i, s in self._skills.items()}
        message = confirmation(entry, names)
        self.reset()
        self.confirmation.setText(message)
        self.status_message.emit(message)
        self.saved.emit(entry)
        self.urge_now.setFocus(Qt.FocusReason.OtherFocusReason)
        return entry

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Children pass on Enter they do not use (line edits, spin boxes, the list, chips).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

