"""Schedule use cases: the week as shown, changes to single occurrences, session attendance."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from dataclasses import dataclass, replace

from app.domain.errors import ValidationError
from app.domain import formatting as fmt
from app.domain.formatting import week_start
from app.domain.i18n import N_, _
from app.domain.recurrence import occurrences, split_rule
from app.domain.records import AttendanceRecord, ScheduleChange, ScheduleItem
from app.domain.schedule import Conflict, Slot, WeekBalance, conflicts, expand, week_balance

from .clock import Clock, SystemClock
from .records import RecordService

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store



@dataclass(frozen=True)
class WeekView:
    start: dt.date
    slots: tuple[Slot, ...]
    conflicts: tuple[Conflict, ...]
    balance: WeekBalance
    # Occurrences cancelled this week, kept so the planner can show them and offer to restore.
    cancelled: tuple[Slot, ...] = ()


@dataclass(frozen=True)
class AttendanceRate:
    attended: int
    missed: int
    excused: int

    @property
    def rate(self) -> float | None:
        """Share of sessions attended; excused absences do not count against the user."""
        counted = self.attended + self.missed
        return None if counted == 0 else self.attended / counted


# What Today's "Mark today's sessions…" and its dialog say when sessions_to_mark() is empty;
# shown with _(EMPTY_MARK_TODAY), in the language of the moment it is shown.
EMPTY_MARK_TODAY = N_("Nothing to mark: today’s sessions are marked, or none has started yet.")


class ScheduleService:
    def __init__(self, store: Store, records: RecordService, clock: Clock | None = None):
        self.store = store
        self.records = records
        self.clock = clock or records.clock or SystemClock()

    # --- reading -------------------------------------------------------------------------

    def slots(self, start: dt.datetime, end: dt.datetime) -> list[Slot]:
        items = self.store.schedule.overlapping(start, end)
        changes = self.store.changes.for_items([i.id for i in items if i.recurrence])
        return expand(items, changes, start, end)

    def week(self, day: dt.date) -> WeekView:
        monday = week_start(day)
        start = dt.datetime.combine(monday, dt.time())
        end = start + dt.timedelta(days=7)
        items = self.store.schedule.overlapping(start, end)
        changes = self.store.changes.for_items([i.id for i in items if i.recurrence])
        slots = expand(items, changes, start, end)
        by_id = {i.id: i for i in items}
        cancelled = tuple(sorted(
            (Slot(by_id[c.item_id], c.original_start, c.original_start + by_id[c.item_id].duration,
                  c.original_start, changed=True)
             for c in changes if c.cancelled and start <= c.original_start < end),
            key=lambda s: (s.start, s.title)))
        return WeekView(monday, tuple(slots), tuple(conflicts(slots)),
                        week_balance(slots, self.store.phases.list(), monday), cancelled)

    def conflicts(self, start: dt.date, end: dt.date) -> list[Conflict]:
        return conflicts(self.slots(dt.datetime.combine(start, dt.time()),
                                    dt.datetime.combine(end + dt.timedelta(days=1), dt.time())))

    # --- changing one occurrence -----------------------------------------------------------

    def _check_occurrence(self, item: ScheduleItem, original_start: dt.datetime) -> None:
        if not item.recurrence:
            raise ValidationError("", _("Only a repeating item has separate occurrences; edit the item itself."))
        if not any(o.start == original_start for o in
                   occurrences(item, original_start, original_start + dt.timedelta(seconds=1))):
            raise ValidationError("", _("{title} does not occur on {when}.").format(
                title=item.title, when=fmt.weekday_time(original_start, year=True)))

    def _save_change(self, change: ScheduleChange) -> ScheduleChange:
        existing = self.store.changes.find(change.item_id, change.original_start)
        with self.store.transaction():
            if existing is None:
                self.store.changes.add(change)
            else:
                change = replace(change, id=existing.id)
                self.store.changes.update(change)
        self.records.notify(_SCHEDULE)
        return change

    def cancel_occurrence(self, item: ScheduleItem, original_start: dt.datetime) -> ScheduleChange:
        self._check_occurrence(item, original_start)
        return self._save_change(ScheduleChange(item_id=item.id, original_start=original_start, cancelled=True))

    def change_occurrence(self, item: ScheduleItem, original_start: dt.datetime, *,
                          new_start: dt.datetime | None = None, new_end: dt.datetime | None = None,
                          title: str = "", location: str = "", notes: str = "") -> ScheduleChange:
        self._check_occurrence(item, original_start)
        if new_start is not None and new_end is None:
            new_end = new_start + (item.end - item.start)
        return self._save_change(ScheduleChange(
            item_id=item.id, original_start=original_start, new_start=new_start, new_end=new_end,
            title=title, location=location, notes=notes))

    def change_for(self, item: ScheduleItem, original_start: dt.datetime) -> ScheduleChange | None:
        """The saved change (move, rename, cancellation) of one occurrence, if any."""
        return self.store.changes.find(item.id, original_start)

    def restore_occurrence(self, item: ScheduleItem, original_start: dt.datetime) -> None:
        existing = self.store.changes.find(item.id, original_start)
        if existing is not None:
            with self.store.transaction():
                self.store.changes.delete(existing.id)
            self.records.notify(_SCHEDULE)

    def end_series(self, item: ScheduleItem, from_start: dt.datetime) -> ScheduleItem:
        """Delete this and following occurrences: the series now ends before `from_start`."""
        self._check_occurrence(item, from_start)
        if from_start == item.start:
            raise ValidationError("", _("This is the first occurrence; delete the whole item instead."))
        before, _after = split_rule(item, from_start)
        return self.records.update(replace(item, recurrence=before))

    def split_series(self, item: ScheduleItem, from_start: dt.datetime, **changes) -> ScheduleItem:
        """Change this and following occurrences: the old series ends, a new one takes over."""
        self._check_occurrence(item, from_start)
        before, after = split_rule(item, from_start)
        duration = item.end - item.start
        new_start = changes.pop("start", from_start)
        new_end = changes.pop("end", new_start + duration)
        successor = ScheduleItem(**{**{k: getattr(item, k) for k in (
            "title", "kind", "timezone", "all_day", "location", "notes", "reminder_minutes")},
            "start": new_start, "end": new_end, "recurrence": after, **changes})
        self.records.check(successor, is_new=True)
        if from_start == item.start:
            return self.records.update(replace(successor, id=item.id))
        with self.store.transaction():
            self.store.schedule.update(replace(item, recurrence=before))
            self.store.schedule.add(successor)
        self.records.notify(_SCHEDULE)
        return successor

    # --- attendance at sessions --------------------------------------------------------------------

    def attendance_for(self, slots) -> dict[tuple[str, dt.datetime], AttendanceRecord]:
        """Attendance of each slot, keyed by (item id, original start). A record is dated when
        the session really took place, which for a moved session is its new time; records
        written before sessions could be moved carry the original time, so both are looked up."""
        if not slots:
            return {}
        first = min(min(s.original_start, s.start) for s in slots).date()
        last = max(max(s.original_start, s.start) for s in slots).date()
        by_time = {}
        for rec in self.store.attendance.list(first, last):
            if rec.schedule_item_id:
                by_time[(rec.schedule_item_id, rec.occurred_at)] = rec
        found = {}
        for s in slots:
            rec = by_time.get((s.item.id, s.start)) or by_time.get((s.item.id, s.original_start))
            if rec is not None:
                found[(s.item.id, s.original_start)] = rec
        return found

    def mark_attendance(self, slot: Slot, status: str, reason: str = "", notes: str = "") -> AttendanceRecord:
        """Attended, missed or excused for one session that has started; marking again updates
        the same record and keeps what else it says (how you joined, whether you shared…)."""
        if not slot.is_treatment and slot.kind != "support_meeting":
            raise ValidationError("", _("Attendance is kept for treatment sessions and meetings."))
        existing = self.attendance_for([slot]).get((slot.item.id, slot.original_start))
        if existing is not None:
            return self.records.update(replace(existing, occurred_at=slot.start, status=status,
                                               reason=reason, notes=notes))
        return self.records.add(AttendanceRecord(occurred_at=slot.start, schedule_item_id=slot.item.id,
                                                 status=status, reason=reason, notes=notes))

    def sessions_on(self, day: dt.date) -> list[Slot]:
        """The day's treatment sessions and support meetings: what an attendance can be for
        (not the dentist, a work shift or a school play)."""
        start = dt.datetime.combine(day, dt.time())
        return [s for s in self.slots(start, start + dt.timedelta(days=1))
                if s.is_treatment or s.kind == "support_meeting"]

    def sessions_to_mark(self, day: dt.date) -> list[Slot]:
        """Today's treatment sessions that have started and are not marked yet."""
        now = self.clock.now()
        start = dt.datetime.combine(day, dt.time())
        slots = [s for s in self.slots(start, start + dt.timedelta(days=1))
                 if s.is_treatment and s.start <= now]
        marked = self.attendance_for(slots)
        return [s for s in slots if (s.item.id, s.original_start) not in marked]

    def attendance_rate(self, start: dt.date, end: dt.date) -> AttendanceRate:
        counts = {"attended": 0, "missed": 0, "excused": 0}
        for rec in self.store.attendance.list(start, end):
            if rec.schedule_item_id:
                counts[rec.status] += 1
        return AttendanceRate(**counts)


_SCHEDULE = "schedule"
