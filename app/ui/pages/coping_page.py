"""Coping skills: a quick log for hard moments above the coping log, and the skill library."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import i18n
from app.domain.coping import WINDOW, rank_skills
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import SKILL_CATEGORIES, CopingEntry, CopingSkill, Record
from app.services.errors import StoreError
from app.services.kinds import KINDS
from app.services.records import RecordService
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage, TwoPartRow
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.listening import ListensForChanges
from app.ui.widgets.quick_log import QuickLogPanel
from app.ui.widgets.table_states import EmptyState

SETTINGS_QUICK_LOG_OPEN = "coping/quick_log_open"
_CATEGORY = dict(SKILL_CATEGORIES)
_ID_ROLE = Qt.ItemDataRole.UserRole
NOTHING_SELECTED = N_("Choose a skill on the left to read how to do it.")
ALL_ARCHIVED = N_("Every skill is archived. Tick “Show archived” to see them, or add a new one.")
NO_MATCH = N_("No skill matches “{query}”.")


def _top_level_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tree's top-level items (Qt types each as Optional, for an index out of range)."""
    return [item for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i)) is not None]


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for j in range(item.childCount()) if (child := item.child(j)) is not None]


class _RoomyRows(QStyledItemDelegate):
    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))


class SkillLibraryView(ListensForChanges, QWidget):
    """The skills grouped by category on the left, the chosen one's how-to on the right.

    Offers the same actions as a RecordsView (add_record, edit_selected, delete_selected),
    so the window's New / Edit / Delete menu items work here too.
    """

    refresh_kinds = frozenset({"skill", "coping"})

    status_message = Signal(str)

    def __init__(self, service: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.kind = KINDS["skill"]
        self._skills: list[CopingSkill] = []
        self._stale = True

        self.add_button = QPushButton(_("Add skill…"), self)
        self.add_button.setToolTip(_("Add a coping skill of your own (Ctrl+N)"))
        self.add_button.setAccessibleName(_("Add coping skill"))
        self.edit_button = QPushButton(_("Edit…"), self)
        self.edit_button.setToolTip(_("Edit the selected skill (Enter or Ctrl+E)"))
        self.edit_button.setAccessibleName(_("Edit selected coping skill"))
        self.archive_button = QPushButton(_("Archive"), self)
        self.archive_button.setToolTip(_("Hide the skill from suggestions; your log keeps it"))
        self.archive_button.setAccessibleName(_("Archive selected coping skill"))
        self.delete_button = QPushButton(_("Delete"), self)
        self.delete_button.setToolTip(_("Delete the selected skill if no entry uses it (Del)"))
        self.delete_button.setAccessibleName(_("Delete selected coping skill"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Find a skill"))
        self.search.setAccessibleName(_("Find a skill"))
        self.search.setClearButtonEnabled(True)
        # Wide enough for its placeholder in any language and font size.
        wanted = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 40
        self.search.setMinimumWidth(wanted)
        self.search.setMaximumWidth(max(220, wanted))
        self.show_archived = QCheckBox(_("Show archived"), self)
        self.show_archived.setAccessibleName(_("Show archived skills"))
        buttons = FlowLayout(spacing=TwoPartRow.SPACING)
        for button in (self.add_button, self.edit_button, self.archive_button, self.delete_button):
            buttons.addWidget(button)
        finding = FlowLayout(spacing=TwoPartRow.SPACING)
        finding.addWidget(self.search)
        finding.addWidget(self.show_archived)
        self.bar = TwoPartRow(buttons, finding, self)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        style_error_label(self.problem)
        self.problem.hide()

        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(_("Coping skills by group"))
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        self.tree.setMinimumWidth(220)
        self.tree_hint = QLabel(self)
        self.tree_hint.setWordWrap(True)
        self.tree_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        style_subtle_label(self.tree_hint)
        self.tree_hint.hide()
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.tree_hint)

        self.title = QLabel(self)
        self.title.setFont(scaled_font(self.title, 1.3, bold=True))
        self.title.setWordWrap(True)
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        style_subtle_label(self.meta)
        self.how_to = QLabel(self)
        self.how_to.setWordWrap(True)
        self.how_to.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.how_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.how_to.setAccessibleName(_("How to do it"))
        self.how_to.setFont(scaled_font(self.how_to, 1.1))
        self.stats = QLabel(self)
        self.stats.setWordWrap(True)
        self.stats.setAccessibleName(_("How it has helped you"))
        style_subtle_label(self.stats)
        reader = QWidget(self)
        reader.setMaximumWidth(720)
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(18, 8, 18, 8)
        reader_layout.setSpacing(8)
        reader_layout.addWidget(self.title)
        reader_layout.addWidget(self.meta)
        reader_layout.addWidget(self.how_to)
        reader_layout.addSpacing(6)
        reader_layout.addWidget(self.stats)
        reader_layout.addStretch(1)
        self.reader = QScrollArea(self)
        self.reader.setWidgetResizable(True)
        self.reader.setFrameShape(QScrollArea.Shape.NoFrame)
        self.reader.setWidget(reader)
        self.reader.setAccessibleName(_("The chosen skill"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 500])

        self.empty = EmptyState(self.kind, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.problem)
        layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self.add_record)
        self.empty.button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.archive_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.show_archived.toggled.connect(self._rebuild)
        self.search.textChanged.connect(self._rebuild)
        self.tree.currentItemChanged.connect(self._show_current)
        self.tree.itemActivated.connect(self._on_activated)
        self.attach()

    # --- keeping up to date ---------------------------------------------------------------

    def changes_source(self):
        return self.service

    def refresh(self) -> None:
        self._stale = False
        # The records of a kind are of its class: "skill" CopingSkill, "coping" CopingEntry.
        self._skills = cast("list[CopingSkill]", self.service.list("skill"))
        now = self.service.clock.now()
        entries = cast("list[CopingEntry]", self.service.list("coping", start=(now - WINDOW).date()))
        # Stats for archived skills too: rank them as if active, only to read their numbers.
        active = [s.with_changes(archived=False) for s in self._skills]
        self._stats = {r.skill.id: r for r in rank_skills(active, entries, now)}
        self._now = now
        self._rebuild()

    def _visible_skills(self) -> list[CopingSkill]:
        needle = self.search.text().strip().casefold()
        out = []
        for s in self._skills:
            if s.archived and not self.show_archived.isChecked():
                continue
            if needle and needle not in s.name.casefold() and needle not in s.how_to.casefold():
                continue
            out.append(s)
        return out

    def _rebuild(self, *_args) -> None:
        keep = self.selected_record()
        self.stack.setCurrentWidget(self.splitter if self._skills else self.empty)
        skills = self._visible_skills()
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            bold = QFont(self.tree.font())
            bold.setBold(True)
            for key, label in SKILL_CATEGORIES:
                members = sorted((s for s in skills if s.category == key), key=lambda s: (s.archived, s.name.casefold()))
                if not members:
                    continue
                group = QTreeWidgetItem(self.tree, [f"{i18n._(label)}  ({len(members)})"])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for skill in members:
                    text = skill.name + ("  " + _("(archived)") if skill.archived else "")
                    item = QTreeWidgetItem(group, [text])
                    item.setData(0, _ID_ROLE, skill.id)
                    item.setToolTip(0, skill.name)
                    if skill.archived:
                        font = QFont(self.tree.font())
                        font.setItalic(True)
                        item.setFont(0, font)
                group.setExpanded(True)
        finally:
            self.tree.blockSignals(False)
        if not skills and self._skills:
            needle = self.search.text().strip()
            self.tree_hint.setText(i18n._(NO_MATCH).format(query=needle) if needle else i18n._(ALL_ARCHIVED))
            self.tree_hint.show()
        else:
            self.tree_hint.hide()
        active = sum(not s.archived for s in self._skills)
        archived = len(self._skills) - active
        self.show_archived.setText(_("Show archived ({n})").format(n=archived) if archived else _("Show archived"))
        self.show_archived.setEnabled(bool(archived) or self.show_archived.isChecked())
        if keep is None or not self.select_record(keep.id):
            first = self._first_skill_item()
            if first is not None:
                self.tree.setCurrentItem(first)
        self._show_current()

    def _skill_items(self) -> list[QTreeWidgetItem]:
        return [item for group in _top_level_items(self.tree) for item in _children(group)]

    def _first_skill_item(self) -> QTreeWidgetItem | None:
        items = self._skill_items()
        return items[0] if items else None

    def shown_names(self) -> dict[str, list[str]]:
        """Category label -> skill names as listed (for tests and screen readers)."""
        out = {}
        for group in _top_level_items(self.tree):
            label = group.text(0).rsplit("  (", 1)[0]
            out[label] = [item.text(0) for item in _children(group)]
        return out

    # --- selection -------------------------------------------------------------------------

    def selected_record(self) -> CopingSkill | None:
        item = self.tree.currentItem()
        skill_id = item.data(0, _ID_ROLE) if item is not None else None
        return next((s for s in self._skills if s.id == skill_id), None) if skill_id else None

    def select_record(self, record_id: str) -> bool:
        for item in self._skill_items():
            if item.data(0, _ID_ROLE) == record_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def _show_current(self, *_args) -> None:
        skill = self.selected_record()
        has = skill is not None
        for button in (self.edit_button, self.archive_button, self.delete_button):
            button.setEnabled(has)
        restore = skill is not None and skill.archived
        self.archive_button.setText(_("Restore") if restore else _("Archive"))
        self.archive_button.setAccessibleName(
            _("Restore selected coping skill") if restore else _("Archive selected coping skill"))
        if skill is None:
            self.title.clear()
            self.meta.clear()
            self.stats.clear()
            self.how_to.setText(i18n._(NOTHING_SELECTED) if self._visible_skills() else "")
            return
        source = _("From the Steady library") if skill.builtin else _("Your own skill")
        category = _CATEGORY.get(skill.category)
        parts = [i18n._(category) if category else skill.category, source]
        if skill.source:
            parts.append(_("Source: {source}").format(source=skill.source))
        if skill.archived:
            parts.append(_("Archived: not offered in the quick log"))
        self.title.setText(skill.name)
        self.meta.setText(" · ".join(parts))
        self.how_to.setText(skill.how_to or _("No how-to written yet. Choose Edit… to add a few sentences "
                                              "you can read in a hard moment."))
        stats = self._stats.get(skill.id)
        self.stats.setText(stats.explain(self._now) if stats is not None else "")

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, _ID_ROLE):
            self.edit_selected()

    # --- actions ---------------------------------------------------------------------------

    def make_dialog(self, record: Record | None = None) -> RecordDialog:
        defaults = None
        if record is None:
            current = self.selected_record()
            defaults = {"category": current.category} if current is not None else None
        return RecordDialog(self.service, self.kind, record, self, defaults=defaults)

    def add_record(self) -> Record | None:
        dialog = self.make_dialog()
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            self.refresh()
            self.select_record(dialog.saved.id)
            saved = cast(CopingSkill, dialog.saved)  # the dialog edits a "skill" record
            self.status_message.emit(_("Added “{skill}” to your skills.").format(skill=saved.name))
            return dialog.saved
        return None

    def edit_selected(self) -> Record | None:
        record = self.selected_record()
        if record is None:
            return None
        dialog = self.make_dialog(record)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            self.refresh()
            self.select_record(dialog.saved.id)
            saved = cast(CopingSkill, dialog.saved)  # the dialog edits a "skill" record
            self.status_message.emit(_("Saved your changes to “{skill}”.").format(skill=saved.name))
            return dialog.saved
        return None

    def archive_selected(self) -> CopingSkill | None:
        """Archive the selected skill (or restore it when it is archived)."""
        skill = self.selected_record()
        if skill is None:
            return None
        self.problem.hide()
        try:
            saved = self.service.update(skill.with_changes(archived=not skill.archived))
        except (ValidationError, StoreError) as exc:
            self._show_problem(exc.message)
            return None
        if saved.archived:
            self.status_message.emit(_("Archived “{skill}”. Your log keeps it; tick Show archived to see it "
                                       "again.").format(skill=saved.name))
        else:
            self.status_message.emit(_("Restored “{skill}”.").format(skill=saved.name))
        self.refresh()
        if not self.select_record(saved.id):
            self._show_current()
        return saved

    def delete_selected(self) -> bool:
        skill = self.selected_record()
        if skill is None:
            return False
        self.problem.hide()
        if not messages.confirm(self, _("Delete coping skill"),
                                 _("Delete “{skill}”? This cannot be undone. "
                                   "(Archiving hides it and keeps it in your history.)").format(skill=skill.name)):
            return False
        try:
            self.service.delete(skill)
        except (ValidationError, StoreError) as exc:
            self._show_problem(exc.message)
            return False
        self.status_message.emit(_("Deleted “{skill}”.").format(skill=skill.name))
        self.refresh()
        return True

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()


class _FitHeightScrollArea(QScrollArea):
    """As tall as its widget wants at the current width (chips wrap onto more rows when
    narrow), and no taller; it scrolls only when the page really is too short."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        widget = self.widget()
        if widget is None:
            return hint
        width = self.width() - 2 * self.frameWidth()
        height = widget.heightForWidth(width) if widget.hasHeightForWidth() and width > 0 else -1
        if height < 0:
            height = widget.sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt naming
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        # A message appearing under a field makes the panel taller: grow with it.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


class CopingPage(RecordsPage):
    """The quick log (collapsible) above the coping log; the skill library as the second tab."""

    def __init__(self, records: RecordService, parent: QWidget | None = None):
        super().__init__(records, N_("Coping skills"), [(N_("Coping log"), "coping"), (N_("Skill library"), "skill")],
                         parent)
        settings = QSettings()
        log_view = self.views["coping"]

        self.quick_log = QuickLogPanel(records, self)
        self.quick_log.setFrameShape(QuickLogPanel.Shape.StyledPanel)
        self.quick_log.status_message.connect(self.status_message)
        self.quick_log_toggle = QToolButton(self)
        self.quick_log_toggle.setText(_("Log a hard moment"))
        self.quick_log_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.quick_log_toggle.setAutoRaise(True)
        self.quick_log_toggle.setFont(scaled_font(self.quick_log_toggle, 1.05, bold=True))
        self.quick_log_toggle.setToolTip(_("Show or hide the quick log (Ctrl+Shift+L jumps to it)"))
        self.quick_log_toggle.setAccessibleName(_("Show the quick log"))
        self.quick_log_toggle.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.quick_log_toggle.clicked.connect(self.toggle_quick_log)

        self.log_tab = QWidget(self)
        tab_layout = QVBoxLayout(self.log_tab)
        tab_layout.setContentsMargins(0, 6, 0, 0)
        tab_layout.setSpacing(6)
        # In a scroll area so a short window squeezes the panel (it scrolls) rather than
        # making the whole window taller than a small screen.
        self.quick_log_area = _FitHeightScrollArea(self)
        self.quick_log_area.setWidget(self.quick_log)
        self.quick_log_area.setAccessibleName(_("Quick log"))
        self.quick_log_area.setWidgetResizable(True)
        self.quick_log_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.quick_log_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.quick_log_area.setMinimumHeight(self.fontMetrics().height() * 8)
        tab_layout.addWidget(self.quick_log_toggle)
        tab_layout.addWidget(self.quick_log_area)
        index = self.tab_widget.indexOf(log_view)
        self.tab_widget.removeTab(index)
        tab_layout.addWidget(log_view, 1)
        log_view.show()  # the tab widget hid it when it was taken out
        self.tab_widget.insertTab(index, self.log_tab, _("Coping log"))

        old = self.views["skill"]
        index = self.tab_widget.indexOf(old)
        self.tab_widget.removeTab(index)
        old.detach()
        old.deleteLater()
        self.library = SkillLibraryView(records, self)
        self.library.status_message.connect(self.status_message)
        self.views["skill"] = self.library
        self.tab_widget.insertTab(index, self.library, _("Skill library"))
        self.tab_widget.setCurrentIndex(0)

        is_open = settings.value(SETTINGS_QUICK_LOG_OPEN, True)
        self.set_quick_log_open(is_open not in (False, "false", "0", 0), remember=False)

        # Not Ctrl+L: that locks Steady, and two shortcuts on one key make Qt fire neither.
        self.jump = QShortcut(QKeySequence("Ctrl+Shift+L"), self)
        self.jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.jump.activated.connect(self.focus_quick_log)

    def is_quick_log_open(self) -> bool:
        return not self.quick_log_area.isHidden()

    def toggle_quick_log(self) -> None:
        self.set_quick_log_open(not self.is_quick_log_open())

    def set_quick_log_open(self, is_open: bool, remember: bool = True) -> None:
        self.quick_log_area.setVisible(is_open)
        self.quick_log_toggle.setArrowType(Qt.ArrowType.DownArrow if is_open else Qt.ArrowType.RightArrow)
        self.quick_log_toggle.setAccessibleName(_("Hide the quick log") if is_open else _("Show the quick log"))
        if remember:
            QSettings().setValue(SETTINGS_QUICK_LOG_OPEN, is_open)

    def focus_quick_log(self) -> None:
        self.tab_widget.setCurrentWidget(self.log_tab)
        self.set_quick_log_open(True)
        self.quick_log.urge_now.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_view(self):
        widget = self.tab_widget.currentWidget()
        if widget is self.log_tab:
            return self.views["coping"]
        if widget is self.library:
            return self.library
        return super().current_view()

    def show_kind(self, kind_name: str):
        if kind_name == "coping":
            self.tab_widget.setCurrentWidget(self.log_tab)
        elif kind_name == "skill":
            self.tab_widget.setCurrentWidget(self.library)
        return self.views[kind_name]

    def detach(self) -> None:
        self.quick_log.detach()
        super().detach()

