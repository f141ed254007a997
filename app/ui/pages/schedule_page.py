"""Schedule: the week planner (grid or agenda) with the week's balance and overlaps, and
tabs listing every schedule item and the program with its phases."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.formatting import week_start
from app.domain.records import ScheduleItem
from app.domain.i18n import N_, _, ngettext, pgettext
from app.domain.schedule import BALANCE_GROUPS, Slot, WeekBalance
from app.services.errors import StoreError
from app.services.records import RecordService
from app.services.schedule import ScheduleService, WeekView
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsPage, TwoPartRow
from app.ui.style import error_color, scaled_font, style_subtle_label
from app.ui.widgets.editors import from_qdate, to_qdate
from app.ui.widgets.listening import ListensForChanges
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.week_grid import (
    ATTENDANCE_MARKS,
    HOUR_PX,
    KIND_LABELS,
    WeekGrid,
    WeekHeader,
    describe_slot,
    group_colours,
    place_week,
    slot_key,
)

EMPTY_WEEK = N_("Nothing planned this week. Double-click a time (or move there with the arrow keys "
                "and press Enter) to add a session, a shift or family time. "
                "File ▸ Import calendar brings in a work or school calendar.")
_REFRESHING_KINDS = frozenset({"schedule", "phase", "program", "attendance"})
_MARKABLE = frozenset({"support_meeting"})
_FIRST_VISIBLE_HOUR = 7


def balance_sentence(balance: WeekBalance) -> str:
    """Treatment this week against the phase's targets, in words."""
    hours = balance.hours.get("treatment", 0.0)
    sessions = balance.treatment_sessions
    parts = [_("Treatment: {hours} in {sessions}").format(hours=fmt.duration(hours),
                                                         sessions=fmt.plural(sessions, "session", "sessions"))]
    if balance.phase is None:
        parts.append(_("no program phase set (add one on the Program tab to see your targets)"))
        return " — ".join(parts)
    targets = []
    if balance.target_hours is not None:
        targets.append(f"{fmt.duration(balance.target_hours)}")
    if balance.target_sessions is not None:
        targets.append(fmt.plural(balance.target_sessions, "session", "sessions"))
    status = balance.treatment_status()
    words = {"below": _("below target"), "on target": _("on target"), "above": _("above target"),
             "no target": _("no target set")}[status]
    if targets:
        both = targets[0] if len(targets) == 1 else _("{first} and {second}").format(first=targets[0],
                                                                                   second=targets[1])
        parts.append(_("target {targets} ({phase}): {status}").format(targets=both, phase=balance.phase.name,
                                                                       status=words))
    else:
        parts.append(f"{balance.phase.name}: {words}")
    return " — ".join(parts)


class BalanceBar(QWidget):
    """Hours per part of life for the shown week; the coloured squares double as the legend."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(_("Balance of the week"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.target_label = QLabel(self)
        self.target_label.setWordWrap(True)
        self.target_label.setFont(scaled_font(self.target_label, 1.05, bold=True))
        self.target_label.setAccessibleName(_("Treatment against target"))
        outer.addWidget(self.target_label)
        # The legend wraps rather than widening the window (at a 14 pt font it needed 1,066 px).
        row = FlowLayout(spacing=14)
        self.group_labels: dict[str, QLabel] = {}
        self.swatches: dict[str, QLabel] = {}
        for key, label in BALANCE_GROUPS:
            pair_box = QWidget(self)
            swatch = QLabel(pair_box)
            self.swatches[key] = swatch
            swatch.setAccessibleName(_("Colour of {group}").format(group=i18n._(label)))
            text = QLabel(pair_box)
            text.setAccessibleName(i18n._(label))
            self.group_labels[key] = text
            pair = QHBoxLayout(pair_box)
            pair.setContentsMargins(0, 0, 0, 0)
            pair.setSpacing(5)
            pair.addWidget(swatch)
            pair.addWidget(text)
            row.addWidget(pair_box)
        outer.addLayout(row)
        self._paint_swatches()

    def _paint_swatches(self) -> None:
        """The legend's squares in the planner's colours, for the current (light or dark) palette."""
        colours = group_colours(self)
        size = self.fontMetrics().height() - 4
        for key, swatch in self.swatches.items():
            swatch.setPixmap(_swatch(colours[key].name(), size))

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and hasattr(self, "swatches"):
            self._paint_swatches()

    def set_balance(self, balance: WeekBalance) -> None:
        for key, label in BALANCE_GROUPS:
            hours = balance.hours.get(key, 0.0)
            self.group_labels[key].setText(f"{i18n._(label)} {fmt.duration(hours)}")
            self.group_labels[key].setAccessibleDescription(_("{group}: {hours} this week").format(
                group=i18n._(label), hours=fmt.duration(hours)))
        text = balance_sentence(balance)
        self.target_label.setText(text)
        self.target_label.setAccessibleDescription(text)
        below = balance.treatment_status() == "below"
        self.target_label.setStyleSheet(f"color: {error_color(self).name()};" if below else "")


def _swatch(color: str, size: int) -> QPixmap:
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    painter.end()
    return pixmap


# Opening one session of a repeating item: change just this time, or the whole series?
THIS_SESSION = "this"
WHOLE_SERIES = "series"
REPEATING_CHOICES = ((THIS_SESSION, N_("Only this session…")), (WHOLE_SERIES, N_("The whole series…")))


class WeekPlanner(ListensForChanges, QWidget):
    """One week of the schedule as a time grid or an agenda, with its balance and overlaps."""
    refresh_kinds = _REFRESHING_KINDS

    status_message = Signal(str)

    def __init__(self, records: RecordService, schedule: ScheduleService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.schedule = schedule
        self.view: WeekView | None = None
        self.undo = None  # the window's UndoHistory, when it has one
        self._stale = True  # built on first show
        self._scrolled_once = False
        self.shown_day = self.records.clock.now().date()

        # --- navigation -----------------------------------------------------------------------------
        self.prev_button = QToolButton(self)
        self.prev_button.setText("◀")
        self.prev_button.setAccessibleName(_("Previous week"))
        self.prev_button.setToolTip(_("Previous week (Page Up in the grid, Alt+Left)"))
        self.prev_button.setShortcut(QKeySequence("Alt+Left"))
        self.today_button = QPushButton(_("This week"), self)
        self.today_button.setAccessibleName(_("Go to this week"))
        self.today_button.setToolTip(_("Go to this week (T in the grid, Alt+Home)"))
        self.today_button.setShortcut(QKeySequence("Alt+Home"))
        self.next_button = QToolButton(self)
        self.next_button.setText("▶")
        self.next_button.setAccessibleName(_("Next week"))
        self.next_button.setToolTip(_("Next week (Page Down in the grid, Alt+Right)"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(fmt.qt_date_pattern())
        self.date_edit.setAccessibleName(_("Go to date"))
        self.date_edit.setToolTip(_("Show the week containing this date"))
        self.range_label = QLabel(self)
        self.range_label.setFont(scaled_font(self.range_label, 1.2, bold=True))
        self.range_label.setAccessibleName(_("Week shown"))

        self.grid_button = QToolButton(self)
        self.grid_button.setText(_("Week"))
        self.grid_button.setCheckable(True)
        self.grid_button.setChecked(True)
        self.grid_button.setAccessibleName(_("Show as week grid"))
        self.grid_button.setToolTip(_("Show the week as a time grid (Ctrl+Shift+W)"))
        self.agenda_button = QToolButton(self)
        self.agenda_button.setText(pgettext("a list of the week", "Agenda"))
        self.agenda_button.setCheckable(True)
        self.agenda_button.setAccessibleName(_("Show as agenda list"))
        self.agenda_button.setToolTip(_("Show the week as a list (Ctrl+Shift+A)"))
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        self.view_group.addButton(self.grid_button, 0)
        self.view_group.addButton(self.agenda_button, 1)
        self.add_button = QPushButton(_("Add item…"), self)
        self.add_button.setAccessibleName(_("Add schedule item"))
        self.add_button.setToolTip(_("Add a session, meeting, shift or other item (Ctrl+N)"))
        self.mark_button = QPushButton(_("Mark today’s sessions…"), self)
        self.mark_button.setAccessibleName(_("Mark today’s sessions"))
        self.mark_button.setToolTip(_("Record whether you attended today’s treatment sessions"))

        # As tall as the buttons beside it, its words centred on theirs (a FlowLayout lines
        # widgets up by their tops).
        self.range_label.setMinimumHeight(max(self.date_edit.sizeHint().height(), self.today_button.sizeHint().height()))
        self.range_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        left = FlowLayout(spacing=TwoPartRow.SPACING)
        for w in (self.prev_button, self.today_button, self.next_button, self.date_edit, self.range_label):
            left.addWidget(w)
        right = FlowLayout(spacing=TwoPartRow.SPACING)
        right.addWidget(self.grid_button)
        right.addWidget(self.agenda_button)
        right.addWidget(self.mark_button)
        right.addWidget(self.add_button)
        nav = TwoPartRow(left, right, self)

        # --- balance and overlaps ------------------------------------------------------------------
        self.balance = BalanceBar(self)
        self.conflict_label = QLabel(self)
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setAccessibleName(_("Overlaps this week"))
        self.conflict_toggle = QToolButton(self)
        self.conflict_toggle.setText(_("Show list"))
        self.conflict_toggle.setCheckable(True)
        self.conflict_toggle.setAccessibleName(_("Show the list of overlaps"))
        self.conflict_list = QListWidget(self)
        self.conflict_list.setAccessibleName(_("Overlapping items"))
        self.conflict_list.setMaximumHeight(self.fontMetrics().height() * 6)
        self.conflict_list.hide()
        conflict_row = QHBoxLayout()
        conflict_row.addWidget(self.conflict_label, 1)
        conflict_row.addWidget(self.conflict_toggle)

        self.empty_label = QLabel(i18n._(EMPTY_WEEK), self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName(_("Empty week"))
        style_subtle_label(self.empty_label)

        # --- grid and agenda -------------------------------------------------------------------------
        self.header = WeekHeader(self)
        self.grid = WeekGrid(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setFocusProxy(self.grid)
        self.header.right_margin = self.scroll_area.verticalScrollBar().sizeHint().width()
        grid_box = QFrame(self)
        grid_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(grid_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.header)
        box.addWidget(self.scroll_area, 1)

        self.agenda = QTreeWidget(self)
        self.agenda.setAccessibleName(pgettext("a list of the week", "Agenda"))
        self.agenda.setHeaderLabels([_("When"), _("Item"), _("Kind"), _("Where"), _("Note")])
        self.agenda.setRootIsDecorated(False)
        self.agenda.setAlternatingRowColors(True)
        self.agenda.setUniformRowHeights(True)
        self.agenda.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.agenda.header().setStretchLastSection(True)
        self.agenda.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(grid_box)
        self.stack.addWidget(self.agenda)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(nav)
        layout.addWidget(self.balance)
        layout.addLayout(conflict_row)
        layout.addWidget(self.conflict_list)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)

        # --- wiring -----------------------------------------------------------------------------------
        self.prev_button.clicked.connect(self.previous_week)
        self.next_button.clicked.connect(self.next_week)
        self.today_button.clicked.connect(self.this_week)
        self.date_edit.dateChanged.connect(self._on_date_chosen)
        self.view_group.idClicked.connect(self.set_mode)
        self.add_button.clicked.connect(self.add_record)
        self.mark_button.clicked.connect(self.mark_today)
        self.conflict_toggle.toggled.connect(self._toggle_conflicts)
        self.conflict_list.itemActivated.connect(self._on_conflict_activated)
        self.conflict_list.itemClicked.connect(self._on_conflict_activated)
        self.grid.activated.connect(self.open_at)
        self.grid.context_requested.connect(self.show_context_menu)
        self.grid.week_step_requested.connect(self._step_week)
        self.grid.ensure_visible.connect(self._ensure_grid_y)
        self.header.all_day_activated.connect(self._open_all_day)
        self.agenda.itemActivated.connect(self._on_agenda_activated)
        self.agenda.customContextMenuRequested.connect(self._on_agenda_menu)
        for keys, slot in (("Ctrl+Shift+W", lambda: self.set_mode(0)), ("Ctrl+Shift+A", lambda: self.set_mode(1))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusProxy(self.grid)
        self.attach()

    # --- keeping up to date ------------------------------------------------------------------------

    def changes_source(self):
        return self.records

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self.view is None:
            self.refresh_now()
        super().showEvent(event)  # refreshes a stale planner
        if not self._scrolled_once:
            self._scrolled_once = True
            self._scroll_to_morning()

    # --- navigation ------------------------------------------------------------------------------------

    def show_week(self, day: dt.date) -> None:
        self.shown_day = day
        self.refresh()

    def previous_week(self) -> None:
        self.show_week(self.shown_day - dt.timedelta(days=7))

    def next_week(self) -> None:
        self.show_week(self.shown_day + dt.timedelta(days=7))

    def this_week(self) -> None:
        self.show_week(self.records.clock.now().date())
        self._scroll_to_morning()

    def _step_week(self, step: int) -> None:
        if step == 0:
            self.this_week()
        else:
            self.show_week(self.shown_day + dt.timedelta(days=7 * step))

    def _on_date_chosen(self, qdate: QDate) -> None:
        day = from_qdate(qdate)
        if week_start(day) != week_start(self.shown_day):
            self.show_week(day)

    def set_mode(self, mode: int) -> None:
        (self.grid_button if mode == 0 else self.agenda_button).setChecked(True)
        self.stack.setCurrentIndex(mode)
        (self.grid if mode == 0 else self.agenda).setFocus()

    def _scroll_to_morning(self) -> None:
        """Start the day view at 7:00, or earlier if something starts earlier this week."""
        timed = [p.top for p in self.grid.placed if not p.cancelled]
        first = min(timed, default=_FIRST_VISIBLE_HOUR * 60)
        hour = min(_FIRST_VISIBLE_HOUR, first // 60)
        self.scroll_area.verticalScrollBar().setValue(max(0, hour * HOUR_PX - HOUR_PX // 3))

    def _ensure_grid_y(self, y: int) -> None:
        self.scroll_area.ensureVisible(0, y, 0, HOUR_PX * 2)

    # --- building the week ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self._stale = False
        now = self.records.clock.now()
        view = self.view = self.schedule.week(self.shown_day)
        first = view.start
        conflict_keys = frozenset(slot_key(s) for c in view.conflicts for s in c.slots)
        placed, all_day = place_week(view.slots, first, conflict_keys, view.cancelled)
        attendance = {k: r.status for k, r in self.schedule.attendance_for(view.slots).items()}
        self.grid.set_week(first, placed, now, attendance)
        self.header.set_week(first, now.date(), all_day)
        last = first + dt.timedelta(days=6)
        self.range_label.setText(fmt.date_span(first, last))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(self.shown_day))
        self.date_edit.blockSignals(False)
        self.today_button.setEnabled(week_start(now.date()) != first)
        self.balance.set_balance(view.balance)
        self._fill_conflicts(view)
        self.empty_label.setVisible(not view.slots and not view.cancelled)
        self._fill_agenda(view, attendance)
        self._update_mark_button(now)

    def _fill_conflicts(self, view: WeekView) -> None:
        self.conflict_list.clear()
        n = len(view.conflicts)
        if n == 0:
            self.conflict_label.setText(_("No overlaps this week."))
            self.conflict_label.setStyleSheet("")
            self.conflict_toggle.hide()
            self.conflict_list.hide()
            return
        clashes = sum(1 for c in view.conflicts if c.treatment_vs_commitment)
        text = "⚠ " + ngettext("{n} overlap this week", "{n} overlaps this week", n).format(n=fmt.number(n))
        if clashes:
            text += " — " + ngettext("{n} treatment session clashes with work or school",
                                     "{n} treatment sessions clash with work or school", clashes).format(
                n=fmt.number(clashes))
        self.conflict_label.setText(text)
        self.conflict_label.setStyleSheet(f"color: {error_color(self).name()};")
        for c in view.conflicts:
            item = QListWidgetItem(c.describe(), self.conflict_list)
            item.setData(Qt.ItemDataRole.UserRole, c)
            if c.treatment_vs_commitment:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        self.conflict_toggle.show()
        self.conflict_list.setVisible(self.conflict_toggle.isChecked())

    def _toggle_conflicts(self, shown: bool) -> None:
        self.conflict_list.setVisible(shown)
        self.conflict_toggle.setText(_("Hide list") if shown else _("Show list"))
        self.conflict_toggle.setAccessibleName(_("Hide the list of overlaps") if shown
                                               else _("Show the list of overlaps"))

    def _on_conflict_activated(self, item: QListWidgetItem) -> None:
        conflict = item.data(Qt.ItemDataRole.UserRole)
        if conflict is None:
            return
        self.set_mode(0)
        self.grid.select_slot(conflict.first)
        self._ensure_grid_y(self.grid.y_for_minute(conflict.first.start.hour * 60 + conflict.first.start.minute))

    def _fill_agenda(self, view: WeekView, attendance: dict) -> None:
        self.agenda.clear()
        conflict_keys = {slot_key(s) for c in view.conflicts for s in c.slots}
        cancelled_keys = {slot_key(s) for s in view.cancelled}
        everything = sorted(list(view.slots) + list(view.cancelled), key=lambda s: (s.start, s.title))
        bold = self.agenda.font()
        bold.setBold(True)
        for offset in range(7):
            day = view.start + dt.timedelta(days=offset)
            day_item = QTreeWidgetItem(self.agenda, [fmt.weekday_date(day, long=True)])
            day_item.setFirstColumnSpanned(True)
            day_item.setFont(0, bold)
            day_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            todays = [s for s in everything if s.start.date() <= day < (s.end - dt.timedelta(microseconds=1)).date() + dt.timedelta(days=1)]
            if not todays:
                free = QTreeWidgetItem(self.agenda, ["", _("Nothing planned")])
                free.setFlags(Qt.ItemFlag.ItemIsEnabled)
                free.setForeground(1, self.palette().placeholderText())
                continue
            for slot in todays:
                when = _("All day") if slot.item.all_day else fmt.time_range(slot.start, slot.end)
                notes = []
                key = slot_key(slot)
                if key in cancelled_keys:
                    notes.append(_("cancelled"))
                if key in conflict_keys:
                    notes.append(_("⚠ overlaps"))
                if key in attendance and key not in cancelled_keys:
                    mark = ATTENDANCE_MARKS.get(attendance[key])
                    notes.append(i18n._(mark) if mark else attendance[key])
                if slot.changed and key not in cancelled_keys:
                    notes.append(_("changed for this time"))
                kind = KIND_LABELS.get(slot.kind)
                row = QTreeWidgetItem(self.agenda, [
                    "    " + when, slot.title, i18n._(kind) if kind else slot.kind, slot.location, ", ".join(notes)])
                row.setData(0, Qt.ItemDataRole.UserRole, slot)
                row.setData(1, Qt.ItemDataRole.UserRole, key in cancelled_keys)
                row.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{describe_slot(slot)}{', ' + ', '.join(notes) if notes else ''}")
                if key in cancelled_keys:
                    font = row.font(1)
                    font.setStrikeOut(True)
                    row.setFont(1, font)
                if key in conflict_keys:
                    row.setForeground(4, error_color(self))

    def _update_mark_button(self, now: dt.datetime) -> None:
        try:
            waiting = len(self.schedule.sessions_to_mark(now.date()))
        except (StoreError, ValidationError):
            waiting = 0
        self.mark_button.setText(_("Mark today’s sessions ({n})…").format(n=waiting) if waiting
                                 else _("Mark today’s sessions…"))
        self.mark_button.setEnabled(waiting > 0)
        self.mark_button.setToolTip(_("Record whether you attended today’s treatment sessions") if waiting
                                    else _("Nothing to mark: today’s sessions are marked, or none has started yet"))

    # --- selection, as the Edit menu sees it --------------------------------------------------------------

    def selected_slot(self) -> Slot | None:
        if self.stack.currentIndex() == 1:
            item = self.agenda.currentItem()
            return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.grid.selected

    def _slot_is_cancelled(self, slot: Slot) -> bool:
        return self.view is not None and any(slot_key(s) == slot_key(slot) for s in self.view.cancelled)

    def add_record(self) -> object | None:
        """Add item… / Ctrl+N: at the grid's cursor, else the next hour of the week shown.
        Takes no argument: a button's clicked(bool) must not arrive as the start time."""
        return self.add_record_at(self._default_start())

    def add_record_at(self, start: dt.datetime) -> object | None:
        defaults = {"start": start, "end": start + dt.timedelta(hours=1)}
        dialog = RecordDialog(self.records, "schedule", None, self, defaults=defaults)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = cast(ScheduleItem, dialog.saved)  # the dialog edits a "schedule" record
            if week_start(saved.start.date()) != week_start(self.shown_day):
                self.show_week(saved.start.date())
            first = next((p.slot for p in self.grid.placed if p.slot.item.id == saved.id), None)
            if first is not None:
                self.grid.select_slot(first)
            self.status_message.emit(_("Saved the new schedule item."))
            return saved
        return None

    def _default_start(self) -> dt.datetime:
        if self.grid.hasFocus() or self.grid.selected is not None:
            return self.grid.cursor_datetime()
        now = self.records.clock.now()
        day = now.date() if week_start(now.date()) == week_start(self.shown_day) else week_start(self.shown_day)
        hour = min(now.hour + 1, 20) if day == now.date() else 9
        return dt.datetime.combine(day, dt.time(hour))

    def edit_selected(self) -> object | None:
        slot = self.selected_slot()
        return self.open_slot(slot) if slot is not None else None

    def delete_selected(self) -> bool:
        slot = self.selected_slot()
        if slot is None:
            return False
        return self.delete_item(slot)

    # --- actions on one slot ---------------------------------------------------------------------------------

    def open_at(self, when: dt.datetime, slot: Slot | None) -> object | None:
        if slot is None:
            return self.add_record_at(when)
        return self.open_slot(slot)

    def _open_all_day(self, slot: Slot) -> None:
        self.open_slot(slot)

    def open_slot(self, slot: Slot) -> object | None:
        """Double-click or Enter on an item: a one-off opens its form; a repeating item asks."""
        if self._slot_is_cancelled(slot):
            return self.restore_slot(slot)
        if slot.item.recurrence:
            choice = messages.choose(
                self, _("Repeating item"),
                _("“{title}” repeats. Change only the session on {day}, or every session?").format(
                    title=slot.title, day=fmt.weekday_date(slot.original_start)),
                tuple((key, i18n._(label)) for key, label in REPEATING_CHOICES))
            if choice == THIS_SESSION:
                return self.change_this(slot)
            if choice != WHOLE_SERIES:
                return None
        return self.edit_series(slot)

    def edit_series(self, slot: Slot) -> object | None:
        item = self.records.get("schedule", slot.item.id) or slot.item
        dialog = RecordDialog(self.records, "schedule", item, self)
        if dialog.exec() == RecordDialog.DialogCode.Accepted and dialog.saved is not None:
            saved = cast(ScheduleItem, dialog.saved)  # the dialog edits a "schedule" record
            self.status_message.emit(_("Saved your changes to “{title}”.").format(title=saved.title))
            return saved
        return None

    def change_this(self, slot: Slot) -> object | None:
        from app.ui.dialogs.occurrence_dialogs import OccurrenceDialog

        dialog = OccurrenceDialog(self.schedule, slot, self)
        if dialog.exec() == OccurrenceDialog.DialogCode.Accepted:
            self.status_message.emit(_("Changed “{title}” on {day}.").format(
                title=slot.title, day=fmt.weekday_date(slot.original_start)))
            return True
        return None

    def cancel_slot(self, slot: Slot) -> bool:
        from app.ui.dialogs import occurrence_dialogs as O

        done = self._guarded(O.cancel_occurrence, self, self.schedule, slot)
        if done:
            self.status_message.emit(_("Cancelled “{title}” on {day}. Double-click it to bring it back.").format(
                title=slot.title, day=fmt.weekday_date(slot.original_start)))
        return bool(done)

    def restore_slot(self, slot: Slot) -> bool:
        from app.ui.dialogs import occurrence_dialogs as O

        done = self._guarded(O.restore_occurrence, self, self.schedule, slot)
        if done:
            self.status_message.emit(_("“{title}” on {day} is back to its usual time.").format(
                title=slot.title, day=fmt.weekday_date(slot.original_start)))
        return bool(done)

    def end_series(self, slot: Slot) -> bool:
        from app.ui.dialogs import occurrence_dialogs as O

        done = self._guarded(O.end_series_from, self, self.schedule, slot)
        if done:
            self.status_message.emit(_("“{title}” now ends before {day}.").format(
                title=slot.title, day=fmt.weekday_date(slot.original_start)))
        return bool(done)

    def delete_item(self, slot: Slot) -> bool:
        """Delete the whole item. With the window's undo history it goes at once (Ctrl+Z brings
        it back with its changed and cancelled sessions); without one it asks first."""
        # A "schedule" record is a ScheduleItem, as the slot's item is.
        item = cast("ScheduleItem | None", self.records.get("schedule", slot.item.id)) or slot.item
        question = (_("Delete “{title}” — every session of this repeating item? This cannot be undone.")
                    if item.recurrence else _("Delete “{title}” — this item? This cannot be undone."))
        if self.undo is None and not messages.confirm(
                self, _("Delete schedule item"), question.format(title=item.title)):
            return False
        dependents = self.records.dependents(item)
        if self._guarded(self.records.delete, item) is None:
            return False
        if self.undo is not None:
            self.undo.record_deleted(self.records, item, dependents)
            self.status_message.emit(_("Deleted “{title}”. Undo with Ctrl+Z.").format(title=item.title))
        else:
            self.status_message.emit(_("Deleted “{title}”.").format(title=item.title))
        return True

    def mark_attendance(self, slot: Slot) -> bool:
        from app.ui.dialogs.occurrence_dialogs import AttendanceDialog

        dialog = AttendanceDialog(self.schedule, slot, self)
        if dialog.exec() == AttendanceDialog.DialogCode.Accepted:
            self.status_message.emit(_("Marked “{title}” on {day}.").format(
                title=slot.title, day=fmt.weekday_date(slot.original_start)))
            return True
        return False

    def mark_today(self) -> bool:
        from app.ui.dialogs.occurrence_dialogs import MarkTodayDialog

        dialog = MarkTodayDialog(self.schedule, self.records.clock.now().date(), self)
        if dialog.exec() == MarkTodayDialog.DialogCode.Accepted:
            self.status_message.emit(_("Marked today’s sessions."))
            return True
        return False

    def _guarded(self, action, *args):
        try:
            return action(*args)
        except ValidationError as exc:
            messages.inform(self, _("Schedule"), exc.message)
        except StoreError as exc:
            messages.warn(self, _("Could not save"), exc.message)
        return None

    def can_mark(self, slot: Slot) -> bool:
        return (slot.is_treatment or slot.kind in _MARKABLE) and slot.start <= self.records.clock.now() \
            and not self._slot_is_cancelled(slot)

    def context_actions(self, when: dt.datetime, slot: Slot | None) -> list[tuple[str, object]]:
        """(label, callable) pairs for the menu; None as the callable means a separator."""
        if slot is None:
            return [(_("Add item on {when}…").format(when=fmt.weekday_time(when)), lambda: self.add_record_at(when))]
        if self._slot_is_cancelled(slot):
            return [(_("Restore this session"), lambda: self.restore_slot(slot)),
                    (_("Edit the whole series…"), lambda: self.edit_series(slot))]
        actions: list[tuple[str, object]] = []
        if slot.item.recurrence:
            actions += [(_("Change only this session…"), lambda: self.change_this(slot)),
                        (_("Edit the whole series…"), lambda: self.edit_series(slot)),
                        (_("Cancel only this session"), lambda: self.cancel_slot(slot))]
            if slot.changed:
                actions.append((_("Undo the change to this session"), lambda: self.restore_slot(slot)))
        else:
            actions.append((_("Edit…"), lambda: self.edit_series(slot)))
        if self.can_mark(slot):
            actions += [("", None), (_("Mark attendance…"), lambda: self.mark_attendance(slot))]
        actions.append(("", None))
        if slot.item.recurrence:
            actions.append((_("Delete this and following sessions…"), lambda: self.end_series(slot)))
        actions.append((_("Delete…") if not slot.item.recurrence else _("Delete the whole series…"),
                        lambda: self.delete_item(slot)))
        return actions

    def show_context_menu(self, when: dt.datetime, slot: Slot | None, where: QPoint) -> None:
        menu = QMenu(self)
        for label, action in self.context_actions(when, slot):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(label).triggered.connect(action)
        menu.exec(where)

    def _on_agenda_activated(self, item: QTreeWidgetItem, column: int) -> None:
        slot = item.data(0, Qt.ItemDataRole.UserRole)
        if slot is not None:
            self.open_slot(slot)

    def _on_agenda_menu(self, pos: QPoint) -> None:
        item = self.agenda.itemAt(pos)
        slot = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if slot is not None:
            self.show_context_menu(slot.start, slot, self.agenda.viewport().mapToGlobal(pos))


class SchedulePage(RecordsPage):
    """The planner first; then every item as a table; then the program and its phases."""

    def __init__(self, records: RecordService, schedule: ScheduleService, parent: QWidget | None = None):
        super().__init__(records, N_("Schedule"), [(N_("All items"), "schedule"), (N_("Program"), "program"),
                                                   (N_("Program phases"), "phase"),
                                                   (N_("Session attendance"), "attendance")],
                         parent)
        # The attendance of treatment sessions and IOP groups (support meetings' is on the
        # Meetings page).
        attendance = self.views["attendance"]
        attendance.having = ("treatment_session",)
        attendance.empty.say(_("Mark each treatment session attended, missed or excused: right-click it in "
                               "the week, or Mark today’s sessions. Meetings are on the Meetings page."),
                             _("Log a session’s attendance"))
        attendance.dialog_factory = self._attendance_dialog
        self.planner = WeekPlanner(records, schedule, self)
        self.planner.status_message.connect(self.status_message)
        self.tab_widget.insertTab(0, self.planner, _("Week"))
        self.tab_widget.setCurrentIndex(0)

    def _attendance_dialog(self, record, parent: QWidget):
        from app.ui.dialogs.attendance_dialog import LogMeetingDialog

        return LogMeetingDialog(self.service, self.planner.schedule, record, parent)

    def current_view(self):
        widget = self.tab_widget.currentWidget()
        return widget if widget is self.planner else super().current_view()

    def set_undo(self, undo) -> None:
        super().set_undo(undo)
        self.planner.undo = undo

    def detach(self) -> None:
        self.planner.detach()
        super().detach()
