"""Dialogs for one occurrence of a schedule item, and for attendance at sessions.

What the planner calls, per action on a slot (a `Slot` from `ScheduleService.week()`):

- Change this session …        `OccurrenceDialog(schedule, slot, parent).exec()`
                                 (repeating items; for a one-off item open RecordDialog
                                 on `slot.item` instead — the dialog copes, but RecordDialog
                                 shows every field)
- Cancel this session          `cancel_occurrence(parent, schedule, slot)`
- Undo change / cancellation   `restore_occurrence(parent, schedule, slot)` (a changed slot,
                                 or a cancelled one from `WeekView.cancelled`), or
                                 `restore_occurrence(parent, schedule, item, original_start)`
- Delete this and following    `end_series_from(parent, schedule, slot)`
- Mark attendance …            `AttendanceDialog(schedule, slot, parent).exec()`
- Mark today's sessions …      `MarkTodayDialog(schedule, day, parent).exec()`

The module functions ask first (through `messages.confirm`, which tests replace) and
return True when something was written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QFrame,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import ATTENDANCE_STATUSES, AttendanceRecord, ScheduleItem, check_not_future
from app.domain.schedule import Slot
from app.services.errors import StoreError
from app.services.schedule import EMPTY_MARK_TODAY
from app.ui import messages
from app.ui.style import scaled_font, style_error_label, style_subtle_label
from app.ui.widgets import editors as E

if TYPE_CHECKING:
    from app.services.schedule import ScheduleService

# "Already marked as attended": the status as the sentence says it.
_MARKED_AS = {"attended": N_("Already marked as attended; saving changes that record."),
              "missed": N_("Already marked as missed; saving changes that record."),
              "excused": N_("Already marked as excused; saving changes that record.")}


def status_options() -> list[tuple[str, str]]:
    """(key, label) of each attendance status, in the reader's language."""
    return [(key, _(label)) for key, label in ATTENDANCE_STATUSES]


# --- wording -------------------------------------------------------------------------------------


def day_text(moment: dt.datetime | dt.date) -> str:
    """"Wednesday 4 March" — how a person names a day."""
    return fmt.weekday_date(moment, long=True)


def when_text(moment: dt.datetime) -> str:
    """"Wednesday 4 March at 18:00"."""
    return fmt.weekday_time(moment, long=True)


def span_text(slot: Slot) -> str:
    """"Wednesday 4 March, 18:00–21:00" (an end on another day shows its day too)."""
    if slot.item.all_day:
        return _("{day}, all day").format(day=day_text(slot.start))
    if slot.end.date() == slot.start.date():
        return f"{day_text(slot.start)}, {fmt.time_range(slot.start, slot.end)}"
    return f"{day_text(slot.start)}, {fmt.time(slot.start)}–{when_text(slot.end)}"


def _summary_label(slot: Slot, parent: QWidget) -> tuple[QLabel, QLabel]:
    """The session's title in bold and, underneath, when and where it is."""
    title = QLabel(slot.title, parent)
    title.setFont(scaled_font(title, 1.2, bold=True))
    title.setWordWrap(True)
    title.setTextFormat(Qt.TextFormat.PlainText)
    details = span_text(slot)
    if slot.location:
        details += " · " + slot.location
    if slot.changed and slot.start != slot.original_start:
        details += "\n" + _("Moved from {when}").format(when=when_text(slot.original_start))
    when = QLabel(details, parent)
    when.setWordWrap(True)
    when.setTextFormat(Qt.TextFormat.PlainText)
    style_subtle_label(when)
    title.setAccessibleName(_("Session: {title}").format(title=slot.title))
    when.setAccessibleName(_("When: {details}").format(details=details))
    return title, when


# --- a small form with messages next to fields ----------------------------------------------------------


class _FormDialog(QDialog):
    """Shared shape: summary on top, a problem line, a form whose rows have error lines, Save/Cancel."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.setSpacing(8)
        self.top_error = QLabel(self)
        self.top_error.setWordWrap(True)
        self.top_error.setAccessibleName(_("Problem"))
        style_error_label(self.top_error)
        self.top_error.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._editors: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._error_rows: dict[str, int] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> None:
        self.outer.addWidget(self.top_error)
        self.outer.addLayout(self.form)
        self.outer.addStretch(1)
        self.outer.addWidget(self.buttons)

    def _add_row(self, name: str, label_text: str, editor: QWidget, *, buddy: QWidget | None = None) -> None:
        """`label_text` is translated already."""
        editor.setObjectName(name)
        if not editor.accessibleName():
            editor.setAccessibleName(label_text)
        label = QLabel(_("{label}:").format(label=label_text))
        label.setBuddy(buddy or editor)
        self.form.addRow(label, editor)
        error = QLabel()
        error.setWordWrap(True)
        error.setAccessibleName(_("Problem with {field}").format(field=label_text))
        style_error_label(error)
        self.form.addRow("", error)
        row = self.form.rowCount() - 1
        self.form.setRowVisible(row, False)
        self._editors[name] = editor
        self._labels[name] = label
        self._errors[name] = error
        self._error_rows[name] = row

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    def error_text(self, name: str = "") -> str:
        """The message shown under field `name` ("" = the one at the top), or "" if none."""
        if not name:
            return "" if self.top_error.isHidden() else self.top_error.text()
        if name not in self._errors or not self.form.isRowVisible(self._error_rows[name]):
            return ""
        return self._errors[name].text()

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
            self._editors[field].setFocus()
        else:
            self.top_error.setText(message)
            self.top_error.show()


# --- change one occurrence ------------------------------------------------------------------------------


ONLY_THIS = "only_this"
THIS_AND_FOLLOWING = "following"

# Domain field names -> the row of this dialog a message belongs next to.
_OCCURRENCE_FIELDS = {"new_start": "start", "new_end": "end", "start": "start", "end": "end",
                      "title": "title", "location": "location", "notes": "notes"}


class OccurrenceDialog(_FormDialog):
    """Change this session: one occurrence of a repeating item, or it and all that follow.

    Meant for repeating items; the planner opens RecordDialog for a one-off item. Given one
    anyway, Save changes the item itself (times, title, location, notes).
    """

    def __init__(self, schedule: ScheduleService, slot: Slot, parent: QWidget | None = None):
        super().__init__(parent, _("Change this session"))
        self.schedule = schedule
        self.slot = slot
        self.item = slot.item
        self.repeating = bool(slot.item.recurrence)
        self.saved: object | None = None
        existing = _existing_change(schedule, slot) if self.repeating else None
        # Notes for this time belong to the change; "this and following" edits the series' notes.
        self._notes_for_mode = {
            ONLY_THIS: existing.notes if existing else "",
            THIS_AND_FOLLOWING: self.item.notes,
        }

        title, when = _summary_label(slot, self)
        self.outer.addWidget(title)
        self.outer.addWidget(when)

        self.start_edit = E.DateTimeEditor()
        self.end_edit = E.DateTimeEditor()
        self.title_edit = E.TextEditor()
        self.title_edit.setPlaceholderText(self.item.title)
        self.location_edit = E.TextEditor()
        self.location_edit.setPlaceholderText(self.item.location or _("Where, or a link"))
        self.notes_edit = E.LongTextEditor()
        self._add_row("start", _("Starts"), self.start_edit)
        self._add_row("end", _("Ends"), self.end_edit)
        self._add_row("title", _("Title"), self.title_edit)
        self._add_row("location", _("Location"), self.location_edit)
        self._add_row("notes", _("Notes for this time") if self.repeating else _("Notes"), self.notes_edit)

        self.only_this = QRadioButton(_("Only this occurrence"))
        self.following = QRadioButton(_("This and all following"))
        self.only_this.setAccessibleName(_("Apply to only this occurrence"))
        self.following.setAccessibleName(_("Apply to this and all following occurrences"))
        self.apply_group = QButtonGroup(self)
        self.apply_group.addButton(self.only_this)
        self.apply_group.addButton(self.following)
        self.only_this.setChecked(True)
        choice = QWidget()
        choice_layout = QVBoxLayout(choice)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        choice_layout.addWidget(self.only_this)
        choice_layout.addWidget(self.following)
        choice.setFocusProxy(self.only_this)
        self._add_row("apply", _("Apply to"), choice, buddy=self.only_this)
        if not self.repeating:
            self.form.setRowVisible(self._labels["apply"], False)
        self.following.toggled.connect(self._on_mode_changed)
        self._finish_layout()

        self.start_edit.set_value(slot.start)
        self.end_edit.set_value(slot.end)
        self.title_edit.set_value(slot.title)
        self.location_edit.set_value(slot.location)
        self.notes_edit.set_value(self._notes_for_mode[ONLY_THIS] if self.repeating else self.item.notes)
        self._duration = slot.end - slot.start
        # Moving the start takes the end along, the way calendars do.
        self.start_edit.dateTimeChanged.connect(self._on_start_changed)
        self.end_edit.dateTimeChanged.connect(self._on_end_changed)
        self.setMinimumWidth(480)
        self.start_edit.setFocus()

    # --- reading the form ------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return THIS_AND_FOLLOWING if self.following.isChecked() else ONLY_THIS

    def set_mode(self, mode: str) -> None:
        (self.following if mode == THIS_AND_FOLLOWING else self.only_this).setChecked(True)

    def set_times(self, start: dt.datetime, end: dt.datetime | None = None) -> None:
        """Set Starts (and Ends) as if typed."""
        self.start_edit.set_datetime(start)
        if end is not None:
            self.end_edit.set_datetime(end)

    def _on_start_changed(self) -> None:
        self.end_edit.set_datetime(self.start_edit.value() + self._duration)

    def _on_end_changed(self) -> None:
        self._duration = self.end_edit.value() - self.start_edit.value()

    def _on_mode_changed(self) -> None:
        mode = self.mode
        other = ONLY_THIS if mode == THIS_AND_FOLLOWING else THIS_AND_FOLLOWING
        notes = _("Notes for this time") if mode == ONLY_THIS else _("Notes")
        self._labels["notes"].setText(_("{label}:").format(label=notes))
        self.notes_edit.setAccessibleName(notes)
        if self.notes_edit.value() == self._notes_for_mode[other]:  # untouched: show this mode's notes
            self.notes_edit.set_value(self._notes_for_mode[mode])

    # --- saving ----------------------------------------------------------------------------------

    def accept(self) -> None:
        self._clear_errors()
        start, end = self.start_edit.value(), self.end_edit.value()
        title = self.title_edit.value().strip()
        location = self.location_edit.value().strip()
        notes = self.notes_edit.value()
        try:
            if not self.repeating:
                self.saved = self.schedule.records.update(replace(
                    self.item, start=start, end=end, title=title, location=location, notes=notes))
            elif self.mode == THIS_AND_FOLLOWING:
                self.saved = self.schedule.split_series(
                    self.item, self.slot.original_start, start=start, end=end,
                    title=title or self.item.title, location=location, notes=notes)
                if self.slot.changed:
                    # The old one-time change would otherwise linger on this occurrence.
                    self.schedule.restore_occurrence(self.item, self.slot.original_start)
            else:
                self.saved = self._save_only_this(start, end, title, location, notes)
        except ValidationError as exc:
            self.show_error(_OCCURRENCE_FIELDS.get(exc.field, ""), exc.message)
            return
        except StoreError as exc:
            messages.warn(self, _("Could not save"), exc.message)
            return
        super().accept()

    def _save_only_this(self, start, end, title, location, notes):
        planned_end = self.slot.original_start + self.item.duration
        # Blank or same as the series means "no override", so renaming the series still shows here.
        title = "" if title == self.item.title else title
        location = "" if location == self.item.location else location
        if (start, end, title, location, notes) == (self.slot.original_start, planned_end, "", "", ""):
            if not self.slot.changed:
                return None
            self.schedule.restore_occurrence(self.item, self.slot.original_start)
            return None
        return self.schedule.change_occurrence(
            self.item, self.slot.original_start, new_start=start, new_end=end,
            title=title, location=location, notes=notes)


def _existing_change(schedule: ScheduleService, slot: Slot):
    """The saved change of this occurrence (for its notes, which a Slot does not carry)."""
    if not slot.changed:
        return None
    return schedule.change_for(slot.item, slot.original_start)


# --- cancel, restore, end a series ---------------------------------------------------------------------


def cancel_occurrence(parent: QWidget | None, schedule: ScheduleService, slot: Slot) -> bool:
    """Cancel one occurrence of a repeating item, after asking."""
    text = _("Cancel {title} on {when}?\n\n"
             "Only this session is cancelled; the rest of the series stays as planned. "
             "You can undo this later.").format(title=slot.title, when=when_text(slot.start))
    if not messages.confirm(parent, _("Cancel this session"), text):
        return False
    return _run(parent, _("Could not cancel the session"), schedule.cancel_occurrence, slot.item, slot.original_start)


def restore_occurrence(parent: QWidget | None, schedule: ScheduleService, occurrence: Slot | ScheduleItem,
                       original_start: dt.datetime | None = None) -> bool:
    """Undo a change or a cancellation: the occurrence goes back to the series' time and details.

    Pass the changed or cancelled `Slot` (e.g. from `WeekView.cancelled`), or a `ScheduleItem`
    with the occurrence's `original_start`.
    """
    if isinstance(occurrence, Slot):
        item, original = occurrence.item, occurrence.original_start
    elif original_start is None:
        raise TypeError("restore_occurrence needs original_start when given a ScheduleItem")
    else:
        item, original = occurrence, original_start
    text = _("Put {title} on {when} back as planned?\n\n"
             "Any change to this session, or its cancellation, is undone; "
             "the rest of the series is not touched.").format(title=item.title, when=when_text(original))
    if not messages.confirm(parent, _("Restore this session"), text):
        return False
    return _run(parent, _("Could not restore the session"), schedule.restore_occurrence, item, original)


def end_series_from(parent: QWidget | None, schedule: ScheduleService, slot: Slot) -> bool:
    """Delete this and following occurrences. From the first one that means the whole item."""
    item = slot.item
    if not item.recurrence or slot.original_start == item.start:
        if item.recurrence:
            text = _("{when} is the first {title} of the series, so "
                     "deleting it and all following deletes the whole item “{title}”.\n\n"
                     "Delete the whole item?").format(when=when_text(slot.original_start), title=item.title)
        else:
            text = _("Delete {title} on {when}?").format(title=item.title, when=when_text(slot.start))
        if not messages.confirm(parent, _("Delete the whole item"), text):
            return False
        return _run(parent, _("Could not delete"), schedule.records.delete, item)
    text = _("Delete {title} on {when} and every one after it?\n\n"
             "The sessions before {day} stay in your schedule and history.").format(
        title=item.title, when=when_text(slot.original_start), day=day_text(slot.original_start))
    if not messages.confirm(parent, _("Delete this and following"), text):
        return False
    return _run(parent, _("Could not delete"), schedule.end_series, item, slot.original_start)


def _run(parent: QWidget | None, problem_title: str, action, *args) -> bool:
    try:
        action(*args)
    except ValidationError as exc:
        messages.warn(parent, problem_title, exc.message)
        return False
    except StoreError as exc:
        messages.warn(parent, problem_title, exc.message)
        return False
    return True


# --- attendance ----------------------------------------------------------------------------------------


def not_started_text(slot: Slot) -> str:
    return _("This session has not started yet (it starts {when}), so it cannot be "
             "marked. Come back once it has begun.").format(when=when_text(slot.start))


def _planned_time_text(slot: Slot) -> str:
    return _("Attendance is kept under the session’s planned time, {when}, "
             "which has not come yet; mark it after then.").format(when=when_text(slot.original_start))


class AttendanceDialog(_FormDialog):
    """Mark one session attended, missed or excused. Marking again updates the same record."""

    def __init__(self, schedule: ScheduleService, slot: Slot, parent: QWidget | None = None):
        super().__init__(parent, _("Mark attendance"))
        self.schedule = schedule
        self.slot = slot
        self.saved: AttendanceRecord | None = None
        self.existing = schedule.attendance_for([slot]).get((slot.item.id, slot.original_start))
        self.is_future = slot.start > schedule.clock.now()

        title, when = _summary_label(slot, self)
        self.outer.addWidget(title)
        self.outer.addWidget(when)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Note"))
        self.outer.addWidget(self.notice)

        self.status_buttons: dict[str, QRadioButton] = {}
        self.status_group = QButtonGroup(self)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        for key, label in status_options():
            button = QRadioButton(label)
            button.setAccessibleName(_("Status: {status}").format(status=label))
            self.status_group.addButton(button)
            self.status_buttons[key] = button
            row_layout.addWidget(button)
            button.toggled.connect(self._on_status_changed)
        row_layout.addStretch(1)
        row.setFocusProxy(self.status_buttons["attended"])
        self.reason_edit = E.TextEditor()
        self.notes_edit = E.LongTextEditor()
        self._add_row("status", _("Status"), row, buddy=self.status_buttons["attended"])
        self._add_row("reason", _("Reason"), self.reason_edit)
        self._add_row("notes", _("Notes"), self.notes_edit)
        self._finish_layout()

        record = self.existing
        self.set_status(record.status if record else "attended")
        self.reason_edit.set_value(record.reason if record else "")
        self.notes_edit.set_value(record.notes if record else "")
        if self.is_future:
            self.notice.setText(not_started_text(slot))
            for name in ("status", "reason", "notes"):
                self._editors[name].setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        elif record is not None:
            self.notice.setText(_(_MARKED_AS[record.status]))
        else:
            self.notice.hide()
        self.setMinimumWidth(460)

    @property
    def status(self) -> str:
        return next((k for k, b in self.status_buttons.items() if b.isChecked()), "attended")

    def set_status(self, status: str) -> None:
        self.status_buttons[status].setChecked(True)

    def _on_status_changed(self) -> None:
        status = self.status
        self.reason_edit.setEnabled(status != "attended")
        self.reason_edit.setPlaceholderText(
            _("Required when excused") if status == "excused" else _("Optional") if status == "missed" else "")

    def accept(self) -> None:
        self._clear_errors()
        if self.is_future:
            self.show_error("", not_started_text(self.slot))
            return
        status = self.status
        reason = self.reason_edit.value().strip() if status != "attended" else ""
        try:
            self.saved = self.schedule.mark_attendance(self.slot, status, reason, self.notes_edit.value())
        except ValidationError as exc:
            if exc.field == "occurred_at":
                self.show_error("", _planned_time_text(self.slot))
            else:
                self.show_error(exc.field if exc.field in ("status", "reason", "notes") else "", exc.message)
            return
        except StoreError as exc:
            messages.warn(self, _("Could not save"), exc.message)
            return
        super().accept()


# --- all of today's sessions at once -------------------------------------------------------------------


@dataclass
class MarkRow:
    slot: Slot
    status: QComboBox
    reason: QLineEdit
    error: QLabel

    def set_status(self, status: str) -> None:
        self.status.setCurrentIndex(self.status.findData(status))


class MarkTodayDialog(QDialog):
    """Today's sessions that have started and are not marked, each with a status; Save marks all."""

    def __init__(self, schedule: ScheduleService, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.schedule = schedule
        self.day = day
        self.marked: list[AttendanceRecord] = []
        self.setWindowTitle(_("Mark today’s sessions"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)
        self.slots = schedule.sessions_to_mark(day)

        outer = QVBoxLayout(self)
        outer.setSpacing(8)
        heading = QLabel(_("Sessions on {day}").format(day=day_text(day)), self)
        heading.setFont(scaled_font(heading, 1.2, bold=True))
        outer.addWidget(heading)
        self.top_error = QLabel(self)
        self.top_error.setWordWrap(True)
        self.top_error.setAccessibleName(_("Problem"))
        style_error_label(self.top_error)
        self.top_error.hide()

        self.rows: list[MarkRow] = []
        if not self.slots:
            self.empty_label: QLabel | None = QLabel(_(EMPTY_MARK_TODAY), self)  # None with sessions to mark
            self.empty_label.setWordWrap(True)
            self.empty_label.setAccessibleName(_(EMPTY_MARK_TODAY))
            outer.addWidget(self.empty_label)
            outer.addStretch(1)
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
            self.buttons.rejected.connect(self.reject)
            outer.addWidget(self.buttons)
            self.setMinimumWidth(420)
            return

        self.empty_label = None
        intro = QLabel(_("Choose how each session went. An excused absence needs a reason."), self)
        intro.setWordWrap(True)
        style_subtle_label(intro)
        outer.addWidget(intro)
        outer.addWidget(self.top_error)

        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for col, text in enumerate((_("Time"), _("Session"), _("Status"), _("Reason"))):
            label = QLabel(text, body)
            label.setFont(scaled_font(label, 1.0, bold=True))
            grid.addWidget(label, 0, col)
        previous: QWidget | None = None
        for i, slot in enumerate(self.slots):
            r = 1 + 2 * i
            named = _("{title} at {time}").format(title=slot.title, time=fmt.time(slot.start))
            time_label = QLabel(fmt.time_range(slot.start, slot.end), body)
            what = QWidget(body)
            what_layout = QVBoxLayout(what)
            what_layout.setContentsMargins(0, 0, 0, 0)
            what_layout.setSpacing(0)
            for text, subtle in ((slot.title, False), (slot.location, True)):
                if not text:
                    continue
                line = QLabel(text, what)
                line.setTextFormat(Qt.TextFormat.PlainText)
                line.setWordWrap(True)
                if subtle:
                    style_subtle_label(line)
                what_layout.addWidget(line)
            combo = E.ComboEditor(status_options())
            combo.setAccessibleName(_("Status for {session}").format(session=named))
            reason = QLineEdit(body)
            reason.setAccessibleName(_("Reason for {session}").format(session=named))
            reason.setPlaceholderText(_("Reason"))
            reason.setMinimumWidth(reason.fontMetrics().horizontalAdvance(_("Reason (required)")) + 24)
            error = QLabel(body)
            error.setWordWrap(True)
            error.setAccessibleName(_("Problem with {field}").format(field=named))
            style_error_label(error)
            error.hide()
            grid.addWidget(time_label, r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(what, r, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(combo, r, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(reason, r, 3, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(error, r + 1, 1, 1, 3)
            row = MarkRow(slot, combo, reason, error)
            combo.currentIndexChanged.connect(self._update_reasons)
            self.rows.append(row)
            # Tab goes across a row (status, then reason), then down to the next one.
            for widget in (combo, reason):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        self._update_reasons()

        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        hint = body.sizeHint()
        self.resize(max(640, hint.width() + 40), min(600, hint.height() + 150))
        self.rows[0].status.setFocus()

    def _update_reasons(self) -> None:
        for row in self.rows:
            status = row.status.currentData()
            row.reason.setEnabled(status != "attended")
            row.reason.setPlaceholderText(_("Reason (required)") if status == "excused" else _("Reason"))

    def error_text(self, index: int | None = None) -> str:
        label = self.top_error if index is None else self.rows[index].error
        return "" if label.isHidden() else label.text()

    def accept(self) -> None:
        self.top_error.hide()
        for row in self.rows:
            row.error.hide()
        wanted = []
        now = self.schedule.clock.now()
        problems = 0
        # Check every row before writing any, so a mistake in one leaves all unmarked.
        for row in self.rows:
            status = row.status.currentData()
            reason = row.reason.text().strip() if status != "attended" else ""
            try:
                check_not_future(AttendanceRecord(occurred_at=row.slot.original_start,
                                                  schedule_item_id=row.slot.item.id,
                                                  status=status, reason=reason), now)
            except ValidationError as exc:
                message = _planned_time_text(row.slot) if exc.field == "occurred_at" else exc.message
                row.error.setText(message)
                row.error.show()
                if not problems:
                    (row.reason if exc.field == "reason" else row.status).setFocus()
                problems += 1
                continue
            wanted.append((row.slot, status, reason))
        if problems:
            return
        try:
            for slot, status, reason in wanted:
                self.marked.append(self.schedule.mark_attendance(slot, status, reason))
        except (ValidationError, StoreError) as exc:
            done = len(self.marked)
            self.top_error.setText(exc.message + " " + _("({done} of {total} sessions were marked.)").format(
                done=fmt.number(done), total=fmt.number(len(wanted))))
            self.top_error.show()
            return
        super().accept()
