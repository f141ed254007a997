"""Log a meeting: the attendance form, with the day's sessions to choose from and a way to
add the meeting right there when it is not in the list yet (on a fresh install it never is)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
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

from app.domain import fields as F
from app.domain import formatting as fmt
from app.domain.errors import SteadyError, ValidationError
from app.domain.i18n import N_, _
from app.domain.records import AttendanceRecord, Record, SupportGroup
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.style import style_error_label, style_subtle_label
from app.ui.widgets import editors as E

NO_MEETINGS_YET = N_("No meetings saved yet. Add the one you went to; it stays in your meetings list.")


class NewMeetingPanel(QFrame):
    """Name, fellowship, day and time, in person (place) or online (link): enough to log it."""

    added = Signal(object)  # the SupportGroup saved
    cancelled = Signal()

    def __init__(self, records: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.records = records
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Add a meeting"))
        self.hint = QLabel(_(NO_MEETINGS_YET), self)
        self.hint.setWordWrap(True)
        style_subtle_label(self.hint)
        self.name_edit = E.TextEditor(self)
        self.name_edit.setAccessibleName(_("Name of the new meeting"))
        self.name_edit.setPlaceholderText(_("e.g. Thursday Night Big Book"))
        self.fellowship = E.ComboEditor(((key, _(label)) for key, label in
                                        F.spec_named(SupportGroup, "fellowship").choices), self)
        self.fellowship.setAccessibleName(_("Fellowship of the new meeting"))
        self.day_edit = E.weekday_editor(self)
        self.day_edit.setAccessibleName(_("Day of the new meeting"))
        self.time_edit = E.OptionalTimeEditor(self)
        self.time_edit.setAccessibleName(_("Time of the new meeting"))
        self.in_person = QRadioButton(_("In person"), self)
        self.online = QRadioButton(_("Online"), self)
        self.in_person.setChecked(True)
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.in_person)
        self.format_group.addButton(self.online)
        self.place_edit = E.TextEditor(self)
        self.place_label = QLabel(self)
        self.place_label.setBuddy(self.place_edit)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem with the new meeting"))
        style_error_label(self.error)
        self.error.hide()
        self.add_button = QPushButton(_("Add meeting"), self)
        self.add_button.setAccessibleName(_("Add this meeting"))
        self.add_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Do not add a meeting"))
        self.cancel_button.setAutoDefault(False)

        how = QHBoxLayout()
        how.setContentsMargins(0, 0, 0, 0)
        how.addWidget(self.in_person)
        how.addWidget(self.online)
        how.addStretch(1)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.day_edit)
        when.addWidget(self.time_edit)
        when.addStretch(1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for text, field in ((_("&Name:"), self.name_edit), (_("Fellowship:"), self.fellowship)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        day_label = QLabel(_("Day and time:"), self)
        day_label.setBuddy(self.day_edit)
        form.addRow(day_label, when)
        form.addRow("", how)
        form.addRow(self.place_label, self.place_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.in_person.toggled.connect(self._show_format)
        self.add_button.clicked.connect(self.add)
        self.cancel_button.clicked.connect(self.cancel)
        self._show_format()

    def tab_stops(self) -> list[QWidget]:
        """The fields and buttons in the order Tab visits them (the buttons as they are seen)."""
        return [self.name_edit, self.fellowship, self.day_edit, self.time_edit.check, self.time_edit.inner,
                self.in_person, self.online, self.place_edit, self.cancel_button, self.add_button]

    def _show_format(self) -> None:
        online = self.online.isChecked()
        self.place_label.setText(_("Online link:") if online else _("Place:"))
        self.place_edit.setAccessibleName(_("Online link of the new meeting") if online else _("Place of the new meeting"))
        self.place_edit.setPlaceholderText("https://…" if online else _("e.g. St. Mark's church hall, Room 2"))

    def start(self, when: dt.datetime, *, first: bool) -> None:
        """Open for a meeting on `when`'s weekday and time; `first` says none is saved yet."""
        self.hint.setVisible(first)
        self.cancel_button.setVisible(not first)
        self.error.hide()
        self.name_edit.set_value("")
        self.place_edit.set_value("")
        self.day_edit.set_value(when.weekday())
        # Meetings start on the quarter hour; a few minutes into one, its start is the guess.
        self.time_edit.set_value(when.time().replace(minute=when.minute - when.minute % 15, second=0, microsecond=0))
        self.show()
        self.name_edit.setFocus()

    def meeting(self) -> SupportGroup:
        online = self.online.isChecked()
        place = self.place_edit.value().strip()
        return SupportGroup(name=self.name_edit.value().strip(), fellowship=self.fellowship.value(),
                            meeting_format="online" if online else "in_person",
                            weekday=self.day_edit.value(), start_time=self.time_edit.value(),
                            url=place if online else "", location="" if online else place)

    def add(self) -> SupportGroup | None:
        self.error.hide()
        try:
            saved = self.records.add(self.meeting())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            (self.place_edit if exc.field in ("url", "location") else self.name_edit).setFocus()
            return None
        except SteadyError as exc:
            messages.warn(self, _("Could not save"), exc.message)
            return None
        self.hide()
        self.added.emit(saved)
        return saved

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()


class LogMeetingDialog(RecordDialog):
    """The attendance form. "Scheduled session" lists the chosen day's treatment sessions and
    support meetings (with their times), following the date; "Add a meeting…" opens a short
    inline form, already open when no meeting is saved yet."""

    def __init__(self, records: RecordService, schedule: ScheduleService | None, record: Record | None = None,
                 parent: QWidget | None = None, *, defaults: dict[str, Any] | None = None):
        self.schedule = schedule
        super().__init__(records, "attendance", record, parent, defaults=defaults)
        self._build_meeting_row()
        for name in ("time_in", "time_out"):
            self.editor(name).check.setText(_("Noted"))
            self.editor(name).setAccessibleName(_(F.spec_named(AttendanceRecord, name).label))
        # A new record's times in and out start at the scheduled times and follow the session
        # or meeting chosen until the person sets them; a record being edited keeps its own.
        self._auto_times: tuple[dt.time | None, dt.time | None] | None = (
            (self.value("time_in"), self.value("time_out")) if record is None else None)
        self._fill_sessions()
        self.editor("occurred_at").dateTimeChanged.connect(self._fill_sessions)
        self.editor("schedule_item_id").activated.connect(self._on_session_chosen)
        self.editor("group_id").activated.connect(self._on_meeting_chosen)
        self._follow_schedule()
        if record is None and not self._has_meetings():
            self.open_new_meeting()

    # --- the meeting row: the list, "Add a meeting…", and the inline form ----------------------------

    def _build_meeting_row(self) -> None:
        combo = self.editor("group_id")
        # PySide6 gives (row, role); its stubs say object.
        row, _role = cast("tuple[int, QFormLayout.ItemRole]", self.form.getWidgetPosition(combo))
        holder = QWidget(self)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        self.add_meeting_button = QPushButton(_("Add a meeting…"), holder)
        self.add_meeting_button.setAccessibleName(_("Add a meeting to your list"))
        self.add_meeting_button.setToolTip(_("A meeting that is not in the list yet: name, day and time, place or link"))
        self.add_meeting_button.setAutoDefault(False)
        self.new_meeting = NewMeetingPanel(self.service, holder)
        self.new_meeting.hide()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.form.removeWidget(combo)
        combo.setParent(holder)
        line.addWidget(combo)
        line.addWidget(self.add_meeting_button)
        line.addStretch(1)
        column.addLayout(line)
        column.addWidget(self.new_meeting)
        self.form.setWidget(row, QFormLayout.ItemRole.FieldRole, holder)
        # Moving the list into its holder took it out of Tab's round: put the row back in form
        # order, the list then "Add a meeting…" then its form (no focus proxy on the holder: one
        # sat after the dialog's buttons and sent Tab from Cancel to the list, past When).
        names = [spec.name for spec in self.specs]
        at = names.index("group_id")
        chain = [self.editor(names[at - 1])] if at > 0 else []
        chain += [combo, self.add_meeting_button, *self.new_meeting.tab_stops()]
        chain += [self.editor(name) for name in names[at + 1:at + 2]]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.add_meeting_button.clicked.connect(self.open_new_meeting)
        self.new_meeting.added.connect(self._on_meeting_added)
        self.new_meeting.cancelled.connect(self._on_new_meeting_closed)

    def _has_meetings(self) -> bool:
        combo = self.editor("group_id")
        return any(combo.itemData(i) for i in range(combo.count()))

    def open_new_meeting(self) -> None:
        self.add_meeting_button.hide()
        self.new_meeting.start(self.value("occurred_at"), first=not self._has_meetings())
        self._refit()

    def _refit(self) -> None:
        """Wide and tall enough for the inline form, so none of it is cut off."""
        scroll = self.findChild(QScrollArea)
        body = scroll.widget() if scroll is not None else None
        if body is None:
            return
        self._size_to_form(body)

    def _on_meeting_added(self, group: SupportGroup) -> None:
        combo = self.editor("group_id")
        combo.addItem(group.name, group.id)
        combo.set_value(group.id)
        self.editor("schedule_item_id").set_value(None)
        self._follow_schedule()
        self._on_new_meeting_closed()
        self.editor("status").setFocus()

    def _on_new_meeting_closed(self) -> None:
        self.add_meeting_button.show()
        self._refit()
        self.add_meeting_button.setFocus()

    def _on_meeting_chosen(self, _index: int) -> None:
        if self.value("group_id"):
            self.editor("schedule_item_id").set_value(None)  # one or the other, never both
        self._follow_schedule()

    def _on_session_chosen(self, _index: int) -> None:
        if self.value("schedule_item_id"):
            self.editor("group_id").set_value(None)
        self._follow_schedule()

    # --- times in and out ----------------------------------------------------------------------------

    def scheduled_times(self) -> tuple[dt.time | None, dt.time | None]:
        """When the chosen session (on the chosen day) or meeting is scheduled to start and end."""
        item_id, group_id = self.value("schedule_item_id"), self.value("group_id")
        if item_id and self.schedule is not None:
            day = self.value("occurred_at").date()
            slot = next((s for s in self.schedule.sessions_on(day) if s.item.id == item_id), None)
            if slot is not None:
                return slot.start.time(), slot.end.time()
        if group_id:
            group = self.service.get("group", group_id)
            if isinstance(group, SupportGroup):
                return group.start_time, group.end_time
        return None, None

    def _follow_schedule(self) -> None:
        if self._auto_times is None or (self.value("time_in"), self.value("time_out")) != self._auto_times:
            self._auto_times = None  # the person set them (or the record had its own): leave them
            return
        start, end = self.scheduled_times()
        self.set_value("time_in", start)
        self.set_value("time_out", end)
        self._auto_times = (start, end)
        if start is None:  # nothing scheduled to go by: a time to start from, not midnight
            when = self.value("occurred_at").time().replace(second=0, microsecond=0)
            self.editor("time_in").time_edit.setTime(when)
            self.editor("time_out").time_edit.setTime(when)

    # --- the day's sessions ------------------------------------------------------------------------

    def _fill_sessions(self) -> None:
        editor = self.editor("schedule_item_id")
        chosen = editor.value()
        day = self.value("occurred_at").date()
        options: list[tuple[Any, str]] = [(None, E.BLANK)]
        if self.schedule is not None:
            seen: set[str] = set()
            for slot in self.schedule.sessions_on(day):
                if slot.item.id not in seen:
                    seen.add(slot.item.id)
                    options.append((slot.item.id, f"{fmt.time(slot.start)} {slot.title}"))
        keep = chosen or (self.original.schedule_item_id if isinstance(self.original, AttendanceRecord) else None)
        if keep and all(value != keep for value, _label in options):
            # Logged earlier for a session not on this day (or since removed): keep it choosable.
            options.append((keep, self.service.names("schedule").get(keep, keep)))
        editor.set_options(options)
        editor.set_value(chosen)
        self._follow_schedule()
