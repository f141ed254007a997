"""File ▸ Import meetings: choose meetings from a Meeting Guide feed for the Meetings directory.

A regional feed can list thousands of meetings and a person wants a handful, so the
preview is a searchable, filterable list where each meeting is ticked to keep it. Meetings
already in Steady (matched by the feed's slug) start ticked, since importing updates them;
new ones start unticked. Nothing is written until Import, and then all of it or none of it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _, ngettext, pgettext
from app.domain.meeting_types import type_label
from app.domain.records import FELLOWSHIPS, MEETING_FORMATS
from app.ui.dialogs.file_choosing import ask_open_path, file_format
from app.ui.dialogs.import_preview import (
    ImportPreview,
    fit_to_some_rows,
    notes_heading,
    offer_other_import,
    run_import,
)
from app.ui.style import style_subtle_label

if TYPE_CHECKING:
    from app.services.meeting_guide import MeetingCandidate, MeetingFeeds, MeetingImportPlan, MeetingImportResult
    from app.ui.background import Job

FILE_FILTER = N_("Meeting Guide lists (*.json)")
SETTINGS_FOLDER = "meeting_feeds/folder"
BY_APPOINTMENT = -1  # the day filter's value for meetings without a day
_FORMAT_LABELS = dict(MEETING_FORMATS)  # English: translated where shown


def action_label(action: str) -> str:
    """What importing does to a meeting ("New", "Update", "No change"), for the In Steady column."""
    if action == "add":
        return pgettext("a meeting to import", "New")
    if action == "update":
        return pgettext("a meeting to import", "Update")
    return pgettext("a meeting to import", "No change")


def day_name(weekday: int) -> str:
    """ "Monday", "Lunes": a day's name starting a cell or a choice."""
    name = fmt.weekday_name(weekday)
    return name[:1].upper() + name[1:]


class MeetingFileChooser:
    """The system's file dialog. Tests replace this classmethod to pick a path without a window."""

    @classmethod
    def open_feed(cls, parent: QWidget | None) -> str | None:
        return ask_open_path(parent, _("Import meetings"), _(FILE_FILTER), SETTINGS_FOLDER)


# =========================================================================================
# The list of meetings
# =========================================================================================


def when_text(c: MeetingCandidate) -> str:
    g = c.group
    if g.weekday is None:
        return _("By appointment")
    text = day_name(g.weekday)
    if g.start_time is not None:
        text += " " + (fmt.time_range(g.start_time, g.end_time) if g.end_time is not None
                       else fmt.time(g.start_time))
    return text


def where_text(c: MeetingCandidate) -> str:
    from app.services.meeting_guide import APPROXIMATE_MARK  # loaded with the feed already

    g = c.group
    place = g.location or g.address
    if g.location and g.address.endswith(APPROXIMATE_MARK):
        place = f"{g.location} {APPROXIMATE_MARK}"  # the room's name alone would read as a street address
    if g.meeting_format == "online":
        return _("Online")
    if g.meeting_format == "hybrid":
        return _("Hybrid · {place}").format(place=place) if place else _("Hybrid")
    return place


class MeetingRow(NamedTuple):
    """One meeting of the preview with what the table shows of it, worked out once."""

    candidate: MeetingCandidate
    texts: tuple[str, ...]  # one per column
    details: str  # the tooltip
    keys: tuple[str, ...]  # one sort key per column
    haystack: str  # what the search box looks in


class MeetingPlanModel(QAbstractTableModel):
    """The meetings of a feed, each with a tick for "keep this one"."""

    COL_NAME, COL_WHEN, COL_TYPES, COL_WHERE, COL_ACTION = range(5)
    HEADERS = (N_("Meeting"), N_("Day and time"), N_("Types"), N_("Where"), N_("In Steady"))
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    chosen_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingRow] = []
        self._chosen: list[bool] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    @classmethod
    def rows_of(cls, plan: MeetingImportPlan) -> list[MeetingRow]:
        """The rows for `plan` with their texts, sort keys and search text, in the feed's order.
        Plain data: any thread (the dialog works them out on the worker, with the plan)."""
        rows = []
        for c in plan.candidates:
            g = c.group
            texts = tuple(cls._display(c, col) for col in range(len(cls.HEADERS)))
            when = f"{7 if g.weekday is None else g.weekday}{g.start_time or ''}"
            keys = tuple(f"{when} {g.name.casefold()}" if col == cls.COL_WHEN else f"{texts[col].casefold()} {when}"
                         for col in range(len(cls.HEADERS)))
            haystack = " ".join((g.name, g.location, g.address, g.region)).casefold()
            rows.append(MeetingRow(c, texts, cls._details(c), keys, haystack))
        return rows

    def set_plan(self, plan: MeetingImportPlan | None, chosen: Iterable[str] | None = None,
                 rows: list[MeetingRow] | None = None) -> None:
        """Show `plan`; `chosen` slugs are ticked (default: the meetings Steady already has);
        `rows` are `rows_of(plan)` if already worked out."""
        if plan is not None and rows is None:
            rows = self.rows_of(plan)
        self.beginResetModel()
        self._rows = list(rows) if plan is not None and rows is not None else []
        keep = set(chosen) if chosen is not None else None
        self._chosen = [(r.candidate.slug in keep) if keep is not None else not r.candidate.is_new
                        for r in self._rows]
        self._order_rows()
        self.endResetModel()
        self.chosen_changed.emit()

    # --- sorting ---------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows here, by one key per row: a sorting proxy would ask data() twice per
        comparison, some 70,000 calls into Python for a regional list of 3,000 meetings."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._order_rows()
        where = {id(c): r for r, c in enumerate(self._rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(where[id(before[i.row()])], i.column()) for i in old])
        self.layoutChanged.emit()

    def _order_rows(self) -> None:
        column, order = self._sort
        if column < 0 or not self._rows:
            return
        rows = self._rows
        ranked = sorted(range(len(rows)), key=lambda i: rows[i].keys[column],
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [rows[i] for i in ranked]
        self._chosen = [self._chosen[i] for i in ranked]

    # --- choosing -------------------------------------------------------------------------------

    def candidate(self, row: int) -> MeetingCandidate:
        return self._rows[row].candidate

    def haystack(self, row: int) -> str:
        return self._rows[row].haystack

    def is_chosen(self, row: int) -> bool:
        return self._chosen[row]

    def chosen_count(self) -> int:
        return sum(self._chosen)

    def chosen_slugs(self) -> list[str]:
        return [r.candidate.slug for r, on in zip(self._rows, self._chosen, strict=False) if on]

    def set_chosen(self, rows: Iterable[int], on: bool) -> None:
        changed = [r for r in rows if 0 <= r < len(self._rows) and self._chosen[r] != on]
        for r in changed:
            self._chosen[r] = on
        if changed:
            self.dataChanged.emit(self.index(min(changed), self.COL_NAME), self.index(max(changed), self.COL_NAME),
                                  [Qt.ItemDataRole.CheckStateRole])
            self.chosen_changed.emit()

    # --- the model --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == self.COL_NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if not 0 <= col < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == self.COL_NAME:
            return Qt.CheckState.Checked if self._chosen[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.details
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and col == self.COL_NAME:
            return (_("Chosen; {details}") if self._chosen[index.row()] else _("Not chosen; {details}")).format(
                details=row.details)
        if role == self.SORT_ROLE:
            return row.keys[col]
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != self.COL_NAME \
                or not 0 <= index.row() < len(self._rows):
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.set_chosen([index.row()], on)
        return True

    @classmethod
    def _display(cls, c: MeetingCandidate, col: int) -> str:
        if col == cls.COL_NAME:
            return c.group.name
        if col == cls.COL_WHEN:
            return when_text(c)
        if col == cls.COL_TYPES:
            return c.types_text
        if col == cls.COL_WHERE:
            return where_text(c)
        if col == cls.COL_ACTION:
            return action_label(c.action)
        return ""

    @staticmethod
    def _details(c: MeetingCandidate) -> str:
        g = c.group
        how = _FORMAT_LABELS.get(g.meeting_format, g.meeting_format)
        lines = [g.name, when_text(c) + (f" ({g.timezone})" if g.timezone and g.weekday is not None else ""), _(how)]
        for value in (g.location, g.address, g.url, g.phone, g.region):
            if value:
                lines.append(value)
        if g.meeting_types:
            lines.append(c.types_text)
        lines.append({"add": _("New to Steady"), "update": _("Already in Steady: will be updated"),
                      "same": _("Already in Steady, unchanged")}[c.action])
        return "\n".join(lines)


class MeetingFilter(QSortFilterProxyModel):
    """Search text, day, type and "online only" over a MeetingPlanModel."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._day: int | None = None
        self._type: str | None = None
        self._online = False
        self.setSortRole(MeetingPlanModel.SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The list model sorts itself (quickly); this filter keeps its order."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_text(self, text: str) -> None:
        with self._changing_filter():
            self._text = " ".join(text.split()).casefold()

    def set_day(self, day: int | None) -> None:
        with self._changing_filter():
            self._day = day

    def set_type(self, code: str | None) -> None:
        if (code or None) == self._type:
            return  # the same filter: going through every row again would change nothing
        with self._changing_filter():
            self._type = code or None

    def set_online_only(self, on: bool) -> None:
        with self._changing_filter():
            self._online = bool(on)

    @contextlib.contextmanager
    def _changing_filter(self):
        # invalidateFilter() is deprecated from Qt 6.10 on; begin/endFilterChange replace it.
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            yield
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            yield
            self.invalidateFilter()

    @property
    def is_filtering(self) -> bool:
        return bool(self._text) or self._day is not None or self._type is not None or self._online

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return not source_parent.isValid() and self.accepts(source_row)

    def accepts(self, source_row: int) -> bool:
        """Whether the list model's row `source_row` passes the filters."""
        model = self.sourceModel()
        if not isinstance(model, MeetingPlanModel):
            return False
        if not self.is_filtering:
            return True
        c = model.candidate(source_row)
        if self._online and not c.is_online:
            return False
        if self._day is not None:
            wanted = None if self._day == BY_APPOINTMENT else self._day
            if c.group.weekday != wanted:
                return False
        if self._type is not None and self._type not in c.group.meeting_types:
            return False
        return not self._text or all(word in model.haystack(source_row) for word in self._text.split())


class MeetingTable(QTableView):
    """Space ticks or unticks the selected meetings (Qt only toggles the focused cell's box).

    The name column takes the room that is left; Types and Where get what their text needs,
    but never so much that a narrow window leaves no room for the name.
    """

    toggle_requested = Signal()
    SHARED_COLUMNS = (MeetingPlanModel.COL_TYPES, MeetingPlanModel.COL_WHERE)

    _needs: dict[int, int] | None = None

    def fit_columns(self, measure: bool = True) -> None:
        """Share the width out. What each column's text needs is measured when the list is
        filled (`measure`), not on every resize: measuring asks the model about each row."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        if measure or self._needs is None:
            rows = model.rowCount()
            self._needs = {col: (max(self.sizeHintForColumn(col), header.sectionSizeHint(col)) if rows else 90)
                           for col in self.SHARED_COLUMNS}
            self._needs[MeetingPlanModel.COL_NAME] = self.sizeHintForColumn(MeetingPlanModel.COL_NAME) if rows else 0
        fixed = sum(header.sectionSize(c) for c in (MeetingPlanModel.COL_WHEN, MeetingPlanModel.COL_ACTION))
        room = self.viewport().width() - fixed
        name_needs = min(self._needs[MeetingPlanModel.COL_NAME], max(160, room * 3 // 10))
        share = max(90, (room - name_needs) // len(self.SHARED_COLUMNS))
        for col in self.SHARED_COLUMNS:
            header.resizeSection(col, max(90, min(self._needs[col], share, 280)))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns(measure=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and not event.modifiers() \
                & ~Qt.KeyboardModifier.KeypadModifier and self.currentIndex().isValid():
            self.toggle_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


# =========================================================================================
# The dialog
# =========================================================================================


class MeetingImportDialog(ImportPreview):
    """Choose the meetings of one feed to keep. `result_value` is set once Import succeeds."""

    def __init__(self, feeds: MeetingFeeds, path: str, parent: QWidget | None = None, *,
                 plan: MeetingImportPlan | None = None, fellowship: str = "aa",
                 prepared: list[MeetingRow] | None = None):
        super().__init__(path, plan, parent, what=_("Import meetings"), heading_text=_("Import meetings from {name}"),
                         prepared=prepared)
        self.feeds = self.service = feeds
        outer = self.outer
        intro = QLabel(_("Tick the meetings you want in your Meetings directory. Meetings you already "
                         "have are ticked: importing updates them from the list."), self)
        intro.setWordWrap(True)
        style_subtle_label(intro)
        outer.addWidget(intro)

        fellowship_row = QHBoxLayout()
        fellowship_label = QLabel(_("&Fellowship of new meetings:"), self)
        self.fellowship_combo = QComboBox(self)
        for key, label in FELLOWSHIPS:
            self.fellowship_combo.addItem(_(label), key)
        self.fellowship_combo.setCurrentIndex(max(0, self.fellowship_combo.findData(
            plan.fellowship if plan is not None else fellowship)))
        self.fellowship_combo.setAccessibleName(_("Fellowship of new meetings"))
        self.fellowship_combo.setToolTip(_("Meeting lists do not say which fellowship they are; "
                                           "meetings you already have keep theirs"))
        fellowship_label.setBuddy(self.fellowship_combo)
        fellowship_row.addWidget(fellowship_label)
        fellowship_row.addWidget(self.fellowship_combo)
        fellowship_row.addStretch(1)
        outer.addLayout(fellowship_row)

        filters = QHBoxLayout()
        search_label = QLabel(_("&Search:"), self)
        self.search = QLineEdit(self)
        hint = _("Name, place or address")
        self.search.setPlaceholderText(hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(hint) + 48)
        self.search.setAccessibleName(_("Search meetings by name, place or address"))
        search_label.setBuddy(self.search)
        day_label = QLabel(_("&Day:"), self)
        self.day_combo = QComboBox(self)
        self.day_combo.setAccessibleName(_("Show meetings on"))
        self.day_combo.addItem(_("Any day"), None)
        for i in range(7):
            self.day_combo.addItem(day_name(i), i)
        self.day_combo.addItem(_("By appointment"), BY_APPOINTMENT)
        day_label.setBuddy(self.day_combo)
        type_label_ = QLabel(_("&Type:"), self)
        self.type_combo = QComboBox(self)
        self.type_combo.setAccessibleName(_("Show meetings of type"))
        # Long labels ("Wheelchair-Accessible Bathroom") would squeeze the search box; the
        # popup still shows them whole (its width is set when the list is filled).
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_combo.setMinimumContentsLength(18)
        type_label_.setBuddy(self.type_combo)
        self.online_only = QCheckBox(_("&Online only"), self)
        self.online_only.setAccessibleName(_("Online and hybrid meetings only"))
        self.online_only.setToolTip(_("Online and hybrid meetings"))
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addSpacing(8)
        filters.addWidget(day_label)
        filters.addWidget(self.day_combo)
        filters.addSpacing(8)
        filters.addWidget(type_label_)
        filters.addWidget(self.type_combo)
        filters.addSpacing(8)
        filters.addWidget(self.online_only)
        outer.addLayout(filters)

        self.model = MeetingPlanModel(self)
        self.proxy = MeetingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = MeetingTable(self)
        fit_to_some_rows(self.table)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Meetings in the list"))
        self.table.setAccessibleDescription(_("Space ticks or unticks the selected meetings"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MeetingPlanModel.COL_WHEN, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MeetingPlanModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MeetingPlanModel.COL_WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MeetingPlanModel.COL_ACTION, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(_("No meetings shown"))
        style_subtle_label(self.empty)
        self.empty.hide()
        outer.addWidget(self.table, 3)
        outer.addWidget(self.empty, 3)

        choose_row = QHBoxLayout()
        self.select_all = QPushButton(_("Tick &all shown"), self)
        self.select_all.setAccessibleName(_("Tick all shown meetings"))
        self.select_none = QPushButton(_("Untick all s&hown"), self)
        self.select_none.setAccessibleName(_("Untick all shown meetings"))
        self.summary = QLabel(self)
        self.summary.setAccessibleName(_("Summary"))
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        choose_row.addWidget(self.select_all)
        choose_row.addWidget(self.select_none)
        choose_row.addStretch(1)
        choose_row.addWidget(self.summary)
        outer.addLayout(choose_row)

        for widget in self.make_notes(_("Skipped meetings and other notes")):
            outer.addWidget(widget)
        outer.addWidget(self.make_error())

        outer.addWidget(self.make_buttons(_("Import the ticked meetings")))

        self.search.textChanged.connect(self._on_filter_changed)
        self.day_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.type_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.online_only.toggled.connect(self._on_filter_changed)
        self.fellowship_combo.currentIndexChanged.connect(self._on_fellowship_changed)
        self.select_all.clicked.connect(self.choose_all_shown)
        self.select_none.clicked.connect(self.choose_none_shown)
        self.table.toggle_requested.connect(self.toggle_selected)
        self.table.doubleClicked.connect(self._on_double_click)
        self.model.chosen_changed.connect(self._update_summary)

        if self.plan is None:
            self.replan()
        else:
            self.show_plan()
        self.search.setFocus()
        self.resize(980, 640)

    # --- the plan ------------------------------------------------------------------------------

    def fellowship(self) -> str:
        return self.fellowship_combo.currentData()

    def plan_choices(self) -> dict[str, Any]:
        return {"fellowship": self.fellowship()}

    def read_plan(self, own, task, fellowship: str = "aa") -> MeetingImportPlan:
        return own.meetings.plan(self.path, fellowship=fellowship, apart=True, cancelled=lambda: task.cancelled)

    def _on_fellowship_changed(self) -> None:
        if self.plan is not None:
            plan, fellowship = self.plan, self.fellowship()
            self.relabel(lambda task: self.feeds.with_fellowship(plan, fellowship), self.model.chosen_slugs(),
                         label=_("Changing the fellowship…"))

    prepare = staticmethod(MeetingPlanModel.rows_of)

    def show_plan(self, chosen: Iterable[str] | None = None) -> None:
        plan = self.plan
        self.model.set_plan(plan, chosen, self.prepared_for(plan))
        self._fill_type_filter()
        self.table.fit_columns()
        self._show_warnings(plan.warnings if plan else (), plan.skipped if plan else 0)
        self._update_summary()

    def _fill_type_filter(self) -> None:
        current = self.type_combo.currentData()
        codes: dict[str, int] = {}
        for c in (self.plan.candidates if self.plan else ()):
            for code in c.group.meeting_types:
                codes[code] = codes.get(code, 0) + 1
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItem(_("Any type"), None)
        labels = {code: type_label(code) for code in codes}
        for code in sorted(codes, key=lambda k: labels[k].casefold()):
            self.type_combo.addItem(f"{labels[code]} ({fmt.number(codes[code])})", code)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(current)) if current else 0)
        self.type_combo.blockSignals(False)
        view = self.type_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8)
        self.proxy.set_type(self.type_combo.currentData())

    def _show_warnings(self, warnings: Sequence[str], skipped: int) -> None:
        self.show_notes(warnings, notes_heading(len(warnings), skipped, "meeting", "list"))

    # --- filtering and choosing --------------------------------------------------------------------

    def _on_filter_changed(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_day(self.day_combo.currentData())
        self.proxy.set_type(self.type_combo.currentData())
        self.proxy.set_online_only(self.online_only.isChecked())
        self._update_summary()

    def shown_rows(self) -> list[int]:
        """Rows of the model (not the view) that pass the filters (asked of the filter in
        Python, not row by row through the proxy: a list of 3,000 meetings)."""
        rows = range(self.model.rowCount())
        if not self.proxy.is_filtering:
            return list(rows)
        return [r for r in rows if self.proxy.accepts(r)]

    def choose_all_shown(self) -> None:
        self.model.set_chosen(self.shown_rows(), True)

    def choose_none_shown(self) -> None:
        self.model.set_chosen(self.shown_rows(), False)

    def toggle_selected(self) -> None:
        """Space: tick the selected meetings, or untick them when the focused one is ticked."""
        current = self.table.currentIndex()
        if not current.isValid():
            return
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        focused = self.proxy.mapToSource(current).row()
        rows.add(focused)
        self.model.set_chosen(sorted(rows), not self.model.is_chosen(focused))

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != MeetingPlanModel.COL_NAME:
            row = self.proxy.mapToSource(index).row()
            self.model.set_chosen([row], not self.model.is_chosen(row))

    def summary_text(self) -> str:
        return self.summary.text()

    def _update_summary(self) -> None:
        plan = self.plan
        total = self.model.rowCount()
        chosen = self.model.chosen_count()
        parts = [_("{chosen} chosen of {total}").format(chosen=fmt.number(chosen), total=fmt.number(total))]
        if self.proxy.is_filtering:
            parts.append(_("{n} shown").format(n=fmt.number(self.proxy.rowCount())))
        if plan is not None and plan.skipped:
            parts.append(_("{n} skipped (see warnings)").format(n=fmt.number(plan.skipped)))
        self.summary.setText(" · ".join(parts) if plan is not None else "")
        shown = self.proxy.rowCount()
        if plan is None:
            self.empty.setText(_("This file cannot be imported."))
        elif not shown:
            self.empty.setText(_("No meeting matches these filters."))
        self.table.setVisible(plan is not None and shown > 0)
        self.empty.setVisible(not self.table.isVisibleTo(self))
        self.select_all.setEnabled(shown > 0)
        self.select_none.setEnabled(shown > 0)
        self.import_button.setEnabled(chosen > 0)
        self.import_button.setToolTip(
            ngettext("Import {n} meeting", "Import {n} meetings", chosen).format(n=fmt.number(chosen)) if chosen
            else _("Tick the meetings to import first"))

    # --- importing ---------------------------------------------------------------------------

    def can_import(self) -> bool:
        return self.plan is not None and self.model.chosen_count() > 0

    def apply_choices(self) -> None:
        self._chosen = self.model.chosen_slugs()
        self._to_apply = self.plan

    def apply_plan(self, own) -> MeetingImportResult:
        return own.meetings.apply(self._to_apply, self._chosen)

    def replan_after_failure(self) -> None:
        self.replan(self._chosen)  # keep what was ticked


def import_message(result: MeetingImportResult, name: str) -> str:
    if result.unchanged:
        return _("Imported meetings from {name}: {added} added, {updated} updated, {unchanged} already up to date."
                 ).format(name=name, added=fmt.number(result.added), updated=fmt.number(result.updated),
                          unchanged=fmt.number(result.unchanged))
    return _("Imported meetings from {name}: {added} added, {updated} updated.").format(
        name=name, added=fmt.number(result.added), updated=fmt.number(result.updated))


def import_meetings(parent: QWidget | None, feeds: MeetingFeeds, *,
                    report: Callable[[str], None] | None = None,
                    redirect_steady: Callable[[str], object] | None = None,
                    path: str | None = None) -> Job | None:
    """Choose a feed (unless `path` is given), pick meetings from it, import them. Returns the
    job reading the feed, or None when none is read (no file chosen, or a Steady export).

    A Steady export chosen here goes to `redirect_steady(path)` when the person agrees (the
    window opens its Steady import). `report` receives the success sentence for the status bar.
    """
    path = path or MeetingFileChooser.open_feed(parent)
    if not path:
        return None
    if file_format(path) == "steady":
        name = Path(path).name
        offer_other_import(parent, redirect_steady, path, not_this=_("Not a meeting list"),
                           use_menu=_("{name} is a Steady export, not a meeting list; import it with "
                                      "File ▸ Import ▸ Steady export (.json)… instead.").format(name=name),
                           question_title=_("Import a Steady export instead?"),
                           question=_("{name} is a Steady export (data saved by Steady), not a meeting list. "
                                      "Import it as a Steady export instead?").format(name=name))
        return None
    return run_import(parent, feeds, lambda own, task: own.meetings.plan(path, apart=True, cancelled=lambda: task.cancelled),
                      lambda plan, rows: MeetingImportDialog(feeds, path, parent, plan=plan, prepared=rows),
                      prepare=MeetingImportDialog.prepare,
                      problem_title=_("Could not import meetings"), report=report,
                      message=lambda result: import_message(result, Path(path).name))


__all__ = ["MeetingFileChooser", "MeetingFilter", "MeetingImportDialog", "MeetingPlanModel", "import_meetings",
           "import_message"]
