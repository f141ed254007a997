"""My plan: the safety plan and the relapse-prevention plan, each section a short prompt and
the person's own lines.

Lines are added by typing (Enter adds), or picked: people from the support network, lines
and professionals for "Professionals and 24/7 lines", situations and if–then lines offered
from the coping log. Double-click (or F2) edits a line in place; Delete removes it; the
Up/Down buttons (Alt+Up / Alt+Down in the list) move it. Every change goes into the
window's undo history. The counting behind the offers is done by PlanService, in SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _, ngettext
from app.domain.records import SupportContact
from app.services.errors import StoreError
from app.services.plans import PLAN_TITLES, RELAPSE, SAFETY, SECTIONS, PlanSection, PlanService, SectionedDocument
from app.ui.style import heading, scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.services.records import RecordService
    from app.ui.undo import UndoHistory

_PROFESSIONAL_ROLES = ("counselor", "therapist", "doctor", "crisis_line")
_ID = Qt.ItemDataRole.UserRole


def contact_line(contact: SupportContact) -> str:
    role = i18n._(F.spec_named(SupportContact, "role").choice_label(contact.role))
    return f"{contact.name} ({role})" + (f", {contact.phone}" if contact.phone else "")


def line_of_crisis_line(line) -> str:
    return f"{line.name}: {line.how.lower()} {line.number}" if getattr(line, "how", "") else f"{line.name}: {line.number}"


class SectionBox(QFrame):
    """One section: its title and prompt, its lines, a field to add one, and (for some
    sections) a list of suggestions to pick from."""

    def __init__(self, page: QWidget, section: PlanSection):
        super().__init__(page)
        self.page = cast("EditsSectionedDocument", page)  # MyPlanPage or the aftercare plan
        self.section = section
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = section_title = section.title
        section_prompt = section.prompt
        self.setAccessibleName(section_title)
        title = QLabel(section_title, self)
        title.setFont(scaled_font(title, 1.1, bold=True))
        title.setWordWrap(True)
        prompt = QLabel(section_prompt, self)
        prompt.setWordWrap(True)
        style_subtle_label(prompt)
        self.lines = QListWidget(self)
        self.lines.setAccessibleName(section_title)
        self.lines.setAccessibleDescription(section_prompt)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setWordWrap(True)
        self.lines.setSpacing(2)
        self.lines.itemChanged.connect(self._edited)
        self.lines.currentRowChanged.connect(self._update_buttons)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText(_("Add a line in your own words"))
        self.entry.setAccessibleName(_("New line for {section}").format(section=section_title))
        self.entry.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setAccessibleName(_("Add to {section}").format(section=section_title))
        self.add_button.clicked.connect(self.add_typed)
        self.up_button = QPushButton(_("Up"), self)
        self.down_button = QPushButton(_("Down"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        for button, what in ((self.up_button, _("Move the selected line up")),
                             (self.down_button, _("Move the selected line down")),
                             (self.remove_button, _("Remove the selected line"))):
            button.setAccessibleName(_("{action} in {section}").format(action=what, section=section_title))
            button.setToolTip(what)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.remove_button.clicked.connect(self.remove_selected)
        for keys, slot in (("Alt+Up", self.move_up), ("Alt+Down", self.move_down),
                           (QKeySequence.StandardKey.Delete, self.remove_selected)):
            shortcut = QShortcut(QKeySequence(keys), self.lines)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName(_("Suggestions for {section}").format(section=section_title))
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(24)
        self.picker.currentTextChanged.connect(self.picker.setToolTip)  # a long offer is cut short in the box
        self.pick_button = QPushButton(_("Add this"), self)
        self.pick_button.setAccessibleName(_("Add the chosen suggestion to {section}").format(section=section_title))
        self.pick_button.clicked.connect(self.add_picked)
        self.picker_hint = QLabel(self)
        self.picker_hint.setWordWrap(True)
        style_subtle_label(self.picker_hint)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        style_error_label(self.error)
        self.error.hide()

        picker_label = _PICKER_LABELS.get(section.key)
        self.picker_label = QLabel(i18n._(picker_label) if picker_label else _("Suggestions:"), self)
        self.picker_label.setBuddy(self.picker)
        add_row = QHBoxLayout()
        add_row.addWidget(self.entry, 1)
        add_row.addWidget(self.add_button)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.lines, 1)
        list_row.addLayout(buttons)
        self.pick_row = QHBoxLayout()
        self.pick_row.addWidget(self.picker_label)
        self.pick_row.addWidget(self.picker, 1)
        self.pick_row.addWidget(self.pick_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(title)
        layout.addWidget(prompt)
        layout.addLayout(list_row)
        layout.addLayout(add_row)
        layout.addLayout(self.pick_row)
        layout.addWidget(self.picker_hint)
        layout.addWidget(self.error)
        self.setTabOrder(self.lines, self.up_button)

    # --- filling ------------------------------------------------------------------------------

    def set_items(self, items: list) -> None:
        current = self.current_id()
        self.lines.blockSignals(True)
        self.lines.clear()
        for item in items:
            row = QListWidgetItem(item.text, self.lines)
            row.setData(_ID, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
        if not items:
            row = QListWidgetItem(_("Nothing here yet."), self.lines)
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            row.setForeground(self.palette().placeholderText())
        self.lines.blockSignals(False)
        ids = [i.id for i in items]
        if current in ids:
            self.lines.setCurrentRow(ids.index(current))
        rows = max(3, len(items))
        self.lines.setFixedHeight(self.lines.sizeHintForRow(0) * rows + 2 * self.lines.frameWidth() + 4)
        self._update_buttons()

    def set_offers(self, offers: list[tuple[str, dict]], empty_hint: str) -> None:
        """(label, what to add: text and links) suggestions; none hides the picker."""
        self.picker.clear()
        for label, data in offers:
            self.picker.addItem(label, data)
        has = bool(offers)
        self.picker.setVisible(has)
        self.pick_button.setVisible(has)
        self.picker_label.setVisible(has)
        self.picker_hint.setText(empty_hint)
        self.picker_hint.setVisible(bool(empty_hint))

    def current_id(self) -> str | None:
        row = self.lines.currentItem()
        return None if row is None else row.data(_ID)

    def _update_buttons(self, *_args) -> None:
        ids = [self.lines.item(i).data(_ID) for i in range(self.lines.count())]
        ids = [i for i in ids if i]
        current = self.current_id()
        self.remove_button.setEnabled(current is not None)
        self.up_button.setEnabled(current is not None and ids.index(current) > 0)
        self.down_button.setEnabled(current is not None and ids.index(current) < len(ids) - 1)

    # --- actions ------------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add_typed(self) -> None:
        text = self.entry.text().strip()
        if not text:
            self.show_error(_("Type the line first, then press Add."))
            self.entry.setFocus()
            return
        if self.page.add_line(self, text):
            self.entry.clear()

    def add_picked(self) -> None:
        data = self.picker.currentData()
        if data:
            self.page.add_line(self, data["text"], contact_id=data.get("contact_id"), skill_id=data.get("skill_id"))

    def remove_selected(self) -> None:
        if item_id := self.current_id():
            self.page.remove_line(self, item_id)

    def move_up(self) -> None:
        if item_id := self.current_id():
            self.page.move_line(self, item_id, -1)

    def move_down(self) -> None:
        if item_id := self.current_id():
            self.page.move_line(self, item_id, 1)

    def _edited(self, row: QListWidgetItem) -> None:
        item_id = row.data(_ID)
        if item_id:
            self.page.edit_line(self, item_id, row.text())


class EditsSectionedDocument:
    """What a page of SectionBoxes does with their lines (My plan, the aftercare plan): add,
    remove, reword and move them through `self.plans` (a SectionedDocument), each change in
    the window's undo history, a problem shown in its box as one sentence. The page has
    `records`, `plans`, `undo`, `status_message` and `refresh()`."""

    records: RecordService
    plans: SectionedDocument
    undo: UndoHistory | None
    status_message: SignalInstance

    def _run(self, box: SectionBox, action):
        try:
            result = action()
        except (ValidationError, StoreError) as exc:
            box.show_error(exc.message)
            return None
        box.show_error("")
        return result

    def add_line(self, box: SectionBox, text: str, *, contact_id: str | None = None,
                 skill_id: str | None = None):
        links = {name: value for name, value in (("contact_id", contact_id), ("skill_id", skill_id)) if value}
        item = self._run(box, lambda: self.plans.add(box.section.key, text, **links))
        if item is not None:
            if self.undo is not None:
                self.undo.record_added(self.records, item)
            self.status_message.emit(_("Added to {section}.").format(section=box.title))
        return item

    def remove_line(self, box: SectionBox, item_id: str):
        item = self._run(box, lambda: self.plans.remove(item_id))
        if item is not None:
            if self.undo is not None:
                self.undo.record_deleted(self.records, item)
            self.status_message.emit(_("Removed a line from {section}.").format(section=box.title))
        return item

    def edit_line(self, box: SectionBox, item_id: str, text: str) -> None:
        if not text.strip():
            box.show_error(_("A line needs some words; use Remove to take it out."))
            self.refresh()
            return
        changed = self._run(box, lambda: self.plans.change_text(item_id, text))
        if changed is None:
            self.refresh()
        elif self.undo is not None:
            self.undo.record_edited(self.records, *changed)

    def move_line(self, box: SectionBox, item_id: str, offset: int) -> None:
        changes = self._run(box, lambda: self.plans.move(item_id, offset))
        if changes and self.undo is not None:
            noun = self.plans.line_noun
            self.undo.beginMacro(_("Move {noun}\nmove {noun}").format(noun=noun))
            for old, new in changes:
                self.undo.record_edited(self.records, old, new)
            self.undo.endMacro()
        ids = [box.lines.item(i).data(_ID) for i in range(box.lines.count())]
        if item_id in ids:
            box.lines.setCurrentRow(ids.index(item_id))

    def refresh(self) -> None:
        raise NotImplementedError


class MyPlanPage(EditsSectionedDocument, ListensForChanges, QWidget):
    plans: PlanService
    refresh_kinds = frozenset({"plan", "contact", "coping", "skill", "crisis"})

    status_message = Signal(str)
    # File ▸ Reports… with this report chosen: "safety_plan" or "wallet_card".
    print_requested = Signal(str)

    def __init__(self, records: RecordService, plans: PlanService | None = None, crisis=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.plans = plans or PlanService(records)
        self.crisis = crisis
        self.undo: UndoHistory | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(_("Plans"))
        self.boxes: dict[str, SectionBox] = {}
        for plan in (SAFETY, RELAPSE):
            inner = QWidget()
            column = QVBoxLayout(inner)
            intro = QLabel(i18n._(_INTROS[plan]), inner)
            intro.setWordWrap(True)
            column.addWidget(intro)
            for section in SECTIONS:
                if section.plan == plan:
                    box = self.boxes[section.key] = SectionBox(self, section)
                    column.addWidget(box)
            column.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(inner)
            scroll.setAccessibleName(i18n._(PLAN_TITLES[plan]))
            self.tabs.addTab(scroll, i18n._(PLAN_TITLES[plan]))
        self.print_button = QPushButton(_("&Print or save as PDF…"), self)
        self.print_button.setAccessibleName(_("Print or save my plan as PDF"))
        self.print_button.setToolTip(_("Both plans on one page, with your crisis contacts and lines"))
        self.print_button.clicked.connect(self._print_plan)
        self.card_button = QPushButton(_("&Wallet card…"), self)
        self.card_button.setAccessibleName(_("Make a wallet card"))
        self.card_button.setToolTip(_("A card to cut out and fold to bank-card size"))
        self.card_button.clicked.connect(self._print_card)
        top = QHBoxLayout()
        top.addWidget(heading(_("My plan"), self), 1)
        top.addWidget(self.print_button)
        top.addWidget(self.card_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)  # the same margins as every other page
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh()
        self.attach()

    # --- wiring ----------------------------------------------------------------------------------

    def set_undo(self, history: UndoHistory) -> None:
        self.undo = history

    def changes_source(self):
        return self.records

    def _print_plan(self) -> None:
        self.print_requested.emit("safety_plan")

    def _print_card(self) -> None:
        self.print_requested.emit("wallet_card")

    def box(self, key: str) -> SectionBox:
        return self.boxes[key]

    def show_plan(self, plan: str) -> None:
        self.tabs.setCurrentIndex(0 if plan == SAFETY else 1)

    # --- reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        grouped = self.plans.by_section()
        for key, box in self.boxes.items():
            box.set_items(grouped.get(key, []))
        contacts = cast("list[SupportContact]", self.records.list("contact"))  # its kind's class
        people = [(contact_line(c), {"text": contact_line(c), "contact_id": c.id})
                  for c in contacts if c.role != "crisis_line"]
        self.boxes["ask_for_help"].set_offers(
            people, "" if people else _("Add the people you trust under Goals ▸ Support network to pick them here."))
        pros = [(contact_line(c), {"text": contact_line(c), "contact_id": c.id})
                for c in contacts if c.role in _PROFESSIONAL_ROLES]
        lines = self._crisis_lines()
        for line in lines:
            text = line_of_crisis_line(line)
            pros.append((text, {"text": text}))
        hints = []
        if not lines and self.crisis is not None:
            hints.append(_("Choose your country in Preferences (Crisis lines) to pick its 24/7 lines here."))
        if len(pros) == len(lines):
            hints.append(_("Add your counselor or doctor under Goals ▸ Support network to pick them here."))
        self.boxes["professionals"].set_offers(pros, " ".join(hints))
        risky = [(ngettext("{situation} — {n} coping entry", "{situation} — {n} coping entries", o.count).format(
                     situation=o.text, n=fmt.number(o.count)), {"text": o.text})
                 for o in self.plans.high_risk_offers()]
        self.boxes["high_risk"].set_offers(
            risky, "" if risky else _("Log a few coping entries with their triggers and Steady will offer "
                                      "your most frequent situations here."))
        if_then: list[tuple[str, dict]] = []
        for offer in self.plans.if_then_offers():
            for skill in offer.skills:
                text = offer.line(_("try: {skill}").format(skill=skill.name))
                if_then.append((_("{line} — urge −{drop} on average, n = {n}").format(
                                    line=text, drop=fmt.decimal(skill.mean_drop), n=skill.uses),
                                {"text": text, "skill_id": skill.skill_id}))
            if not offer.skills:
                if_then.append((_("{line} (too few entries to suggest a skill)").format(line=offer.line()),
                                {"text": offer.line()}))
        self.boxes["if_then"].set_offers(
            if_then, "" if if_then else _("Once your coping log names triggers, Steady offers an if–then line "
                                          "for each, with the skills that helped you most (after 3 entries)."))
        for key in ("warning_signs", "cope_alone", "distractions", "safer_surroundings", "reasons",
                    "early_signs", "keep_steady", "after_lapse"):
            self.boxes[key].set_offers([], "")

    def _crisis_lines(self) -> list:
        if self.crisis is None:
            return []
        try:
            return list(self.crisis.lines(self.crisis.country()))
        except Exception:  # noqa: BLE001 - a broken lines file must not take the plan page down
            return []

_PICKER_LABELS = {
    "ask_for_help": N_("From my support network:"),
    "professionals": N_("Pick:"),
    "high_risk": N_("From my coping log:"),
    "if_then": N_("From my coping log:"),
}

_INTROS = {
    SAFETY: N_("A plan for the hardest moments, written while things are calmer. Work down it a step at a "
               "time until you are safe. Get help now shows its first steps."),
    RELAPSE: N_("What tends to lead you toward using, and what you will do instead. It draws on your own "
                "coping log; nothing here is shared unless you print it."),
}
