"""The add/edit form of any kind of record, generated from the record's field specs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import fields as F
from app.domain.errors import ValidationError
from app.domain import goals as goal_rules
from app.domain.i18n import N_, _
from app.domain.records import AttendanceRecord, Goal, Record, ScheduleItem, SupportGroup
from app.domain.wording import SOBER, reword
from app.services.clock import local_zone_name
from app.services.kinds import KINDS, Kind
from app.services.records import RecordService
from app.services.recovery import wording_for
from app.services.errors import StoreError
from app.ui import messages
from app.ui.style import layout_of, style_error_label, style_subtle_label
from app.ui.widgets import editors as E
from app.ui.widgets.recurrence_editor import RecurrenceEditor, TimeZoneEditor

_WORDED_KINDS = ("sobriety", "goal", "milestone")  # where labels name sobriety (wording.sober)

# Fields the person never edits by hand.
HIDDEN_FIELDS = frozenset({"id", "builtin", "revision"})
# A meeting's fields that come from a Meeting Guide feed: shown only for imported meetings.
MEETING_FEED_FIELDS = ("meeting_types", "slug", "region", "timezone")
ATTENDED_ONLY_FIELDS = ("time_in", "time_out", "chair_name", "chair_phone")

# Each kind's window titles, whole (Spanish nouns have a gender: "Nueva meta", "Nuevo chequeo").
TITLES: dict[str, tuple[str, str]] = {
    "schedule": (N_("New schedule item"), N_("Edit schedule item")),
    "coping": (N_("New coping entry"), N_("Edit coping entry")),
    "attendance": (N_("New attendance record"), N_("Edit attendance record")),
    "selfcare": (N_("New self-care entry"), N_("Edit self-care entry")),
    "checkin": (N_("New check-in"), N_("Edit check-in")),
    "skill": (N_("New coping skill"), N_("Edit coping skill")),
    "group": (N_("New meeting"), N_("Edit meeting")),
    "program": (N_("New program"), N_("Edit program")),
    "phase": (N_("New program phase"), N_("Edit program phase")),
    "sobriety": (N_("New sobriety period"), N_("Edit sobriety period")),
    "goal": (N_("New goal"), N_("Edit goal")),
    "milestone": (N_("New milestone"), N_("Edit milestone")),
    "contact": (N_("New support contact"), N_("Edit support contact")),
    "plan": (N_("New plan item"), N_("Edit plan item")),
    "assessment": (N_("New self-check"), N_("Edit self-check")),
    "drug_screen": (N_("New drug screen"), N_("Edit drug screen")),
    "callin": (N_("New call-in check"), N_("Edit call-in check")),
    "medication": (N_("New medication"), N_("Edit medication")),
    "dose": (N_("New dose"), N_("Edit dose")),
    "homework": (N_("New homework item"), N_("Edit homework item")),
    "aftercare": (N_("New aftercare plan line"), N_("Edit aftercare plan line")),
}
# What a list of records to tick says while there are none, by the kind listed.
NO_REFS_YET: dict[str, str] = {"skill": N_("No coping skills yet.")}


def title_for(kind: Kind, editing: bool) -> str:
    """ "New check-in", "Edit goal": the form's title in the reader's language."""
    titles = TITLES.get(kind.name)
    if titles is not None:
        title = titles[1] if editing else titles[0]
        return _(title)
    noun = _(kind.singular)
    return _("Edit {noun}").format(noun=noun) if editing else _("New {noun}").format(noun=noun)


class RecordDialog(QDialog):
    """Add (record=None) or edit one record. On OK the record is saved through the service;
    a ValidationError keeps the dialog open with the message under the field it is about."""

    def __init__(self, service: RecordService, kind: Kind | str, record: Record | None = None,
                 parent: QWidget | None = None, *, defaults: dict[str, Any] | None = None):
        super().__init__(parent)
        self.service = service
        self.kind = KINDS[kind] if isinstance(kind, str) else kind
        self.original = record
        self.saved: Record | None = None
        self.specs = tuple(s for s in F.specs_of(self.kind.record_type) if s.name not in HIDDEN_FIELDS)
        # "Sober since" or "Without use since": the person's wording, where sobriety is named.
        style = wording_for(service) if self.kind.name in _WORDED_KINDS else SOBER
        self.words = partial(reword, style=style)
        self._editors: dict[str, Any] = {}  # each field's input: value() and set_value()
        self._errors: dict[str, QLabel] = {}
        self._error_rows: dict[str, int] = {}

        self.setWindowTitle(title_for(self.kind, record is not None))
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)

        outer = QVBoxLayout(self)
        self.top_error = QLabel(self)
        self.top_error.setWordWrap(True)
        self.top_error.setAccessibleName(_("Problem"))
        self.top_error.hide()
        outer.addWidget(self.top_error)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        self.form = QFormLayout()
        body_layout.addLayout(self.form)
        # Spare height goes below the form, not between its rows.
        body_layout.addStretch(1)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in self.specs:
            self._add_row(spec)

        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab goes from field to field (each scrolled into view), not to the scrolling frame.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._fill(record, defaults or {})
        self._link_schedule_editors()
        self._link_form_rules()
        self._size_to_form(body)
        if self.specs:
            first = self._editors[self.specs[0].name]
            first.setFocus()

    # --- building --------------------------------------------------------------------------

    def _add_row(self, spec: F.FieldSpec) -> None:
        editor = self._make_editor(spec)
        editor.setObjectName(spec.name)
        label_text = self.label_of(spec)
        editor.setAccessibleName(label_text)
        own_help = getattr(editor, "has_own_help", False)
        help_text = _(spec.help)
        if help_text and not own_help:
            editor.setToolTip(help_text)
            editor.setAccessibleDescription(help_text)
        self._editors[spec.name] = editor
        if spec.kind == F.BOOL:
            self.form.addRow("", editor)
        else:
            label = QLabel(_("{label}:").format(label=label_text))
            label.setBuddy(editor.focusProxy() or editor)
            if help_text and not own_help:
                label.setToolTip(help_text)
            self.form.addRow(label, self._with_anchors(editor, spec))
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName(_("Problem with {field}").format(field=label_text))
        style_error_label(error)
        self.form.addRow("", error)
        row = self.form.rowCount() - 1
        self.form.setRowVisible(row, False)
        self._errors[spec.name] = error
        self._error_rows[spec.name] = row

    def _with_anchors(self, editor: QWidget, spec: F.FieldSpec) -> QWidget:
        """A rating scale says what its ends mean right beside it ("1 = very low … 5 = very good")."""
        if not spec.anchors:
            return editor
        row = QWidget()
        row.setObjectName(f"{spec.name}_row")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)
        anchors = QLabel(_(spec.anchors), row)
        anchors.setObjectName(f"{spec.name}_anchors")
        style_subtle_label(anchors)
        layout.addWidget(anchors, 1)
        editor.setAccessibleDescription(_(spec.anchors))
        return row

    def _make_editor(self, spec: F.FieldSpec) -> QWidget:
        if self.kind.record_type is ScheduleItem:
            if spec.name == "recurrence":
                return RecurrenceEditor()
            if spec.name == "timezone":
                return TimeZoneEditor()
        kind = spec.kind
        blank_ok = not spec.required
        if kind == F.TEXT:
            return E.TextEditor()
        if kind == F.LONGTEXT:
            return E.LongTextEditor()
        if kind == F.INT:
            if spec.name == "weekday":
                return E.weekday_editor()
            # Required numbers also start blank, so nobody's mood is silently logged as 1.
            return E.IntEditor(spec.minimum, spec.maximum, blank_ok=True)
        if kind == F.FLOAT:
            return E.FloatEditor(spec.minimum, spec.maximum, blank_ok=True, decimals=1 if (spec.maximum or 0) <= 100 else 2)
        if kind == F.BOOL:
            return E.BoolEditor(self.label_of(spec))
        if kind == F.OPTBOOL:
            return E.optbool_editor()
        if kind == F.CHOICE:
            return E.ComboEditor((key, self.words(_(label))) for key, label in spec.choices)
        if kind == F.CHOICES:
            return E.ChoicesEditor((key, _(label)) for key, label in spec.choices)
        if kind == F.REF:
            options: list[tuple[str | None, str]] = [*self._ref_options(spec, ())]
            if blank_ok or not options:
                options = [(None if blank_ok else "", E.BLANK)] + options
            return E.ComboEditor(options)
        if kind == F.REFS:
            if not spec.ref:
                return E.CodesEditor()
            if spec.ref in NO_REFS_YET:
                return E.RefsEditor(_(NO_REFS_YET[spec.ref]))
            plural = _(KINDS[spec.ref].plural) if spec.ref in KINDS else _("Items")
            return E.RefsEditor(_("No {things} yet.").format(things=plural.lower()))
        if kind == F.DATE:
            return E.DateEditor() if spec.required else E.OptionalDateEditor()
        if kind == F.DATETIME:
            return E.DateTimeEditor()
        if kind == F.TIME:
            return E.OptionalTimeEditor()
        raise AssertionError(kind)

    def _link_schedule_editors(self) -> None:
        """Repeats reads the start (for its preview and the start-day fallback) and may change height."""
        repeats = self._editors.get("recurrence")
        start = self._editors.get("start")
        if not isinstance(repeats, RecurrenceEditor) or not isinstance(start, E.DateTimeEditor):
            return
        start.dateTimeChanged.connect(self._on_start_changed)
        repeats.changed.connect(self._grow_to_fit)
        self._on_start_changed()

    # --- which fields a record of this kind asks for -----------------------------------------------

    def _link_form_rules(self) -> None:
        """Goals ask only for what their kind is measured with; meetings for a place or a link
        by their format, and for the feed's fields only when they came from a feed."""
        trigger = {Goal: "kind", SupportGroup: "meeting_format", AttendanceRecord: "status"}.get(
            self.kind.record_type)
        if trigger is None:
            return
        self._editors[trigger].currentIndexChanged.connect(self._apply_form_rules)
        self._apply_form_rules()

    def _hidden_fields(self) -> set[str]:
        record_type = self.kind.record_type
        hidden: set[str] = set()
        if self.original is None and "archived" in self._editors:
            hidden.add("archived")  # nothing new is archived; the choice appears when editing
        if record_type is Goal:
            used = goal_rules.KIND_FIELDS.get(self.value("kind"), goal_rules.KIND_DEPENDENT_FIELDS)
            hidden |= set(goal_rules.KIND_DEPENDENT_FIELDS) - set(used)
        elif record_type is AttendanceRecord:
            if self.value("status") == "attended" and not self.value("reason"):
                hidden.add("reason")  # a reason is for a missed or excused session
            if self.value("status") != "attended":
                # Times in and out and who can verify them belong to a session or meeting attended.
                hidden |= {name for name in ATTENDED_ONLY_FIELDS if not self.value(name)}
        elif record_type is SupportGroup:
            if not (isinstance(self.original, SupportGroup) and self.original.slug):  # the one edited, if any
                hidden |= set(MEETING_FEED_FIELDS)
            meeting_format = self.value("meeting_format")
            if meeting_format == "in_person":
                hidden |= {"url", "phone"}
            elif meeting_format == "online":
                hidden |= {"location", "address"}
        return hidden

    def _apply_form_rules(self) -> None:
        hidden = self._hidden_fields()
        for spec in self.specs:
            self.form.setRowVisible(self._row_widget(spec.name), spec.name not in hidden)
            if spec.name in hidden:
                self.form.setRowVisible(self._error_rows[spec.name], False)
        if self.kind.record_type is Goal:
            self._offer_periods()

    def _offer_periods(self) -> None:
        """Only the periods the kind allows; a goal saved earlier with another keeps its own."""
        editor = self._editors["period"]
        current = editor.value()
        allowed = goal_rules.KIND_PERIODS.get(self.value("kind"))
        spec = F.spec_named(Goal, "period")
        keys = [k for k in spec.choice_keys if allowed is None or k in allowed
                or (isinstance(self.original, Goal) and k == self.original.period)]  # the goal edited, if any
        labels = goal_rules.KIND_PERIOD_LABELS.get(self.value("kind"), {})
        shown = {k: labels.get(k, spec.choice_label(k)) for k in keys}
        options = [(k, _(shown[k])) for k in keys]
        if [(editor.itemData(i), editor.itemText(i)) for i in range(editor.count())] != options:
            editor.set_options(options)
            editor.set_value(current if current in keys else keys[0])

    def is_shown(self, name: str) -> bool:
        """Whether the form asks for field `name` at the moment."""
        return self.form.isRowVisible(self._row_widget(name))

    def _row_widget(self, name: str) -> QWidget:
        """The widget that makes up field `name`'s row (the editor, or the editor with its anchors)."""
        editor = self._editors[name]
        parent = editor.parentWidget()
        return parent if parent is not None and parent.objectName() == f"{name}_row" else editor

    def _on_start_changed(self) -> None:
        self._editors["recurrence"].set_start(self.value("start"))

    def _grow_to_fit(self) -> None:
        """Showing the weekday and end rows makes the form taller: grow rather than scroll."""
        scroll = self.findChild(QScrollArea)
        body = scroll.widget() if scroll is not None else None
        if scroll is None or body is None:
            return
        layout_of(body).activate()
        missing = body.sizeHint().height() - scroll.viewport().height()
        if missing > 0:
            screen = self.screen().availableGeometry() if self.screen() else None
            max_h = int(screen.height() * 0.85) if screen else 800
            self.resize(self.width(), min(max_h, self.height() + missing))

    def _ref_options(self, spec: F.FieldSpec, keep: tuple[str, ...]) -> list[tuple[str, str]]:
        """(id, name) of the records a field may refer to; archived ones only if already chosen."""
        out = []
        for r in self.service.list(spec.ref):
            if getattr(r, "archived", False) and r.id not in keep:
                continue
            out.append((r.id, getattr(r, "name", None) or getattr(r, "title", None) or r.id))
        return out

    def _fill(self, record: Record | None, defaults: dict[str, Any]) -> None:
        values = self._new_values() if record is None else {s.name: getattr(record, s.name) for s in self.specs}
        values.update(defaults)
        for spec in self.specs:
            editor = self._editors[spec.name]
            value = values.get(spec.name)
            if spec.kind == F.REFS and spec.ref:
                chosen = tuple(value or ())
                editor.set_options(self._ref_options(spec, chosen), chosen)
                continue
            if spec.kind == F.REF and value and editor.findData(value) < 0:
                # Refers to an archived record: keep it choosable so editing does not drop it.
                editor.addItem(self.service.names(spec.ref).get(value, value), value)
            editor.set_value(value)

    def _new_values(self) -> dict[str, Any]:
        now = self.service.clock.now().replace(second=0, microsecond=0)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(self.kind.record_type):
            if f.default is not dataclasses.MISSING:
                values[f.name] = f.default
        for spec in self.specs:
            if spec.kind == F.DATETIME and values.get(spec.name) is None:
                values[spec.name] = now
            elif spec.kind == F.DATE and spec.required and values.get(spec.name) is None:
                values[spec.name] = now.date()
        if self.kind.record_type is Goal:
            values["kind"] = goal_rules.DEFAULT_KIND
        if self.kind.record_type is ScheduleItem:
            start = now.replace(minute=0) + dt.timedelta(hours=1)
            values.update(start=start, end=start + dt.timedelta(hours=1), timezone=local_zone_name())
        return values

    def _size_to_form(self, body: QWidget) -> None:
        layout_of(body).activate()  # rows the editors just showed or hid must count
        hint = body.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        max_h = int(screen.height() * 0.85) if screen else 800
        # Room for the buttons and one error line, so a message does not force a scroll bar.
        extra = 70 + 2 * self.fontMetrics().height()
        self.resize(max(520, hint.width() + 40), min(max_h, hint.height() + extra))

    # --- the seam tests and callers use ------------------------------------------------------

    def label_of(self, spec: F.FieldSpec) -> str:
        """A field's label as the form shows it: in the reader's language and wording."""
        return self.words(_(spec.label))

    def editor(self, name: str) -> Any:
        """The input widget of field `name`."""
        return self._editors[name]

    def value(self, name: str) -> Any:
        editor = self._editors[name]
        reader = getattr(editor, "value_or_none", None) or editor.value
        return reader()

    def set_value(self, name: str, value: Any) -> None:
        editor = self._editors[name]
        if isinstance(editor, E.DateTimeEditor):
            editor.set_datetime(value)
        else:
            editor.set_value(value)

    def values(self) -> dict[str, Any]:
        return {spec.name: self.value(spec.name) for spec in self.specs}

    def error_text(self, name: str = "") -> str:
        """The message shown under field `name` ("" = the one at the top), or "" if none."""
        label = self._errors.get(name) if name else self.top_error
        if label is None or (name and not self.form.isRowVisible(self._error_rows[name])) or (
                not name and label.isHidden()):
            return ""
        return label.text()

    # --- saving --------------------------------------------------------------------------------

    def accept(self) -> None:
        self._clear_errors()
        try:
            values = self.values()
            if self.original is None:
                record = self.kind.record_type(**values)
                self.saved = self.service.add(record)
            else:
                record = dataclasses.replace(self.original, **values)
                self.saved = self.service.update(record)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        except StoreError as exc:
            messages.warn(self, _("Could not save"), exc.message)
            return
        super().accept()

    def _clear_errors(self) -> None:
        self.top_error.hide()
        self.top_error.clear()
        for name, label in self._errors.items():
            label.clear()
            self.form.setRowVisible(self._error_rows[name], False)

    def show_error(self, field: str, message: str) -> None:
        if field in self._errors:
            self._errors[field].setText(message)
            self.form.setRowVisible(self._error_rows[field], True)
            editor = self._editors[field]
            editor.setFocus()
            scroll = self.findChild(QScrollArea)
            if scroll is not None:
                scroll.ensureWidgetVisible(editor)
        else:
            style_error_label(self.top_error)
            self.top_error.setText(message)
            self.top_error.show()
