"""Schedule rules: occurrences with exceptions, absolute times across DST, conflicts and
the weekly balance of treatment against the rest of life.

Everything is computed on local wall-clock times; a zone is applied only when a moment in
absolute time is needed (reminders, calendar files).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from . import formatting as fmt
from .i18n import N_, _
from .recurrence import occurrences
from .records import TREATMENT_KIND_KEYS, ProgramPhase, ScheduleChange, ScheduleItem

UTC = dt.timezone.utc


def to_aware(local: dt.datetime, zone: str) -> dt.datetime:
    """The absolute moment of a wall-clock time in `zone`.

    An ambiguous time (the repeated hour when clocks go back) means its first occurrence;
    a time that does not exist (the hour skipped when clocks go forward) is read with the
    offset in force before the change, so 02:30 on a spring-forward night becomes 03:30.
    Both follow RFC 5545 section 3.3.5.
    """
    return local.replace(tzinfo=ZoneInfo(zone), fold=0)


def to_utc(local: dt.datetime, zone: str) -> dt.datetime:
    return to_aware(local, zone).astimezone(UTC)


def elapsed_hours(start: dt.datetime, end: dt.datetime, zone: str) -> float:
    """Hours that pass between two wall-clock times in `zone`: a night shift from 22:00 to
    06:00 over the night clocks go back lasts 9 hours, over the night they go forward 7."""
    return (to_utc(end, zone) - to_utc(start, zone)).total_seconds() / 3600


def exists_locally(local: dt.datetime, zone: str) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change."""
    aware = to_aware(local, zone)
    return aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == local


# --- occurrences with exceptions -----------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """An occurrence as shown in the planner: a series' item plus any change applied."""

    item: ScheduleItem
    start: dt.datetime
    end: dt.datetime
    original_start: dt.datetime
    changed: bool = False
    title_override: str = ""
    location_override: str = ""

    @property
    def title(self) -> str:
        return self.title_override or self.item.title

    @property
    def location(self) -> str:
        return self.location_override or self.item.location

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def is_treatment(self) -> bool:
        return self.item.kind in TREATMENT_KIND_KEYS

    @property
    def hours(self) -> float:
        """Elapsed hours (a shift across a daylight-saving change counts the time that passed)."""
        if self.item.all_day:
            return (self.end - self.start).total_seconds() / 3600
        return elapsed_hours(self.start, self.end, self.item.timezone)


def expand(items: Iterable[ScheduleItem], changes: Iterable[ScheduleChange],
           start: dt.datetime, end: dt.datetime) -> list[Slot]:
    """All slots overlapping [start, end), exceptions applied, sorted by start."""
    by_item: dict[str, dict[dt.datetime, ScheduleChange]] = {}
    for c in changes:
        by_item.setdefault(c.item_id, {})[c.original_start] = c
    slots: list[Slot] = []
    for item in items:
        item_changes = by_item.get(item.id, {})
        duration = item.end - item.start
        for occ in occurrences(item, start, end):
            if occ.start in item_changes:
                continue  # replaced or cancelled; the change is placed below
            slots.append(Slot(item, occ.start, occ.end, occ.start))
        for original, c in item_changes.items():
            if c.cancelled:
                continue
            s = c.new_start or original
            e = c.new_end or (s + duration)
            if s < end and e > start and _is_occurrence(item, original):
                slots.append(Slot(item, s, e, original, True, c.title, c.location))
    slots.sort(key=lambda s: (s.start, s.end, s.title))
    return slots


def _is_occurrence(item: ScheduleItem, original: dt.datetime) -> bool:
    return any(o.start == original for o in occurrences(item, original, original + dt.timedelta(seconds=1)))


# --- conflicts -------------------------------------------------------------------------------


LIFE_COMMITMENTS = frozenset({"work", "school"})


@dataclass(frozen=True)
class Conflict:
    """Slots that overlap one another in a chain: each overlaps at least one other, sorted by
    start. Two slots read as before ("A overlaps B"); a pile-up is one entry, not every pair."""

    slots: tuple[Slot, ...]

    @property
    def first(self) -> Slot:
        return self.slots[0]

    @property
    def second(self) -> Slot:
        return self.slots[1]

    @property
    def treatment_vs_commitment(self) -> bool:
        """A treatment session clashing with work or school: the clash an IOP plan must solve."""
        kinds = {s.kind for s in self.slots}
        return bool(kinds & TREATMENT_KIND_KEYS) and bool(kinds & LIFE_COMMITMENTS)

    @property
    def overlap(self) -> dt.timedelta:
        """How long the first two overlap."""
        return min(self.first.end, self.second.end) - max(self.first.start, self.second.start)

    def describe(self) -> str:
        a, b = self.first, self.second
        if len(self.slots) == 2:
            text = _("{first} ({day} {first_time}) overlaps {second} ({second_time})").format(
                first=a.title, day=fmt.weekday_date(a.start), first_time=fmt.time_range(a.start, a.end),
                second=b.title, second_time=fmt.time_range(b.start, b.end))
        else:
            end = max(s.end for s in self.slots)
            names = ", ".join(s.title for s in self.slots[:3])
            more = len(self.slots) - 3
            text = _("{n} items overlap on {day} from {start} to {end}: {names}").format(
                n=fmt.number(len(self.slots)), day=fmt.weekday_date(a.start), start=fmt.time(a.start),
                end=fmt.time(end), names=names)
            if more > 0:
                text += _(" and {n} more").format(n=fmt.number(more))
        if self.treatment_vs_commitment:
            kinds = {s.kind for s in self.slots}
            text += _(": treatment clashes with work") if "work" in kinds else _(": treatment clashes with school")
        return text


def conflicts(slots: Sequence[Slot]) -> list[Conflict]:
    """Groups of timed slots that overlap, by one sweep over the slots sorted by start
    (n log n, however many share a moment). All-day items (a birthday, a holiday) never clash."""
    timed = sorted((s for s in slots if not s.item.all_day), key=lambda s: (s.start, s.end))
    found: list[Conflict] = []
    group: list[Slot] = []
    reach: dt.datetime | None = None
    for slot in timed:
        if reach is not None and slot.start < reach:
            group.append(slot)
            reach = max(reach, slot.end)
            continue
        if len(group) > 1:
            found.append(Conflict(tuple(group)))
        group, reach = [slot], slot.end
    if len(group) > 1:
        found.append(Conflict(tuple(group)))
    return found


# --- weekly balance ------------------------------------------------------------------------------

BALANCE_GROUPS = (
    ("treatment", N_("Treatment")),
    ("meetings", N_("Meetings")),
    ("work", N_("Work")),
    ("school", N_("School")),
    ("family_social", N_("Family / social")),
    ("self_care", N_("Self-care")),
    ("other", N_("Other")),
)


def balance_group(kind: str) -> str:
    if kind in TREATMENT_KIND_KEYS:
        return "treatment"
    if kind == "support_meeting":
        return "meetings"
    if kind in ("work", "school", "family_social", "self_care"):
        return kind
    return "other"


@dataclass(frozen=True)
class WeekBalance:
    week_start: dt.date
    hours: dict[str, float]  # balance group -> hours within the week
    treatment_sessions: int
    phase: ProgramPhase | None

    @property
    def target_hours(self) -> float | None:
        return self.phase.target_treatment_hours if self.phase else None

    @property
    def target_sessions(self) -> int | None:
        return self.phase.target_sessions_per_week if self.phase else None

    def treatment_status(self) -> str:
        """'no target', 'below', 'on target' or 'above' for treatment hours."""
        target = self.target_hours
        if target is None:
            return "no target"
        actual = self.hours.get("treatment", 0.0)
        if actual + 1e-9 < target:
            return "below"
        return "on target" if actual <= target * 1.25 + 1e-9 else "above"


def phase_on(phases: Iterable[ProgramPhase], day: dt.date) -> ProgramPhase | None:
    """The phase in force on `day`: the one that started most recently on or before it."""
    started = [p for p in phases if p.start_date <= day]
    return max(started, key=lambda p: p.start_date, default=None)


def week_balance(slots: Iterable[Slot], phases: Iterable[ProgramPhase], week_start: dt.date) -> WeekBalance:
    start = dt.datetime.combine(week_start, dt.time())
    end = start + dt.timedelta(days=7)
    hours = {key: 0.0 for key, _label in BALANCE_GROUPS}
    sessions = 0
    for slot in slots:
        if slot.item.all_day:
            continue
        s, e = max(slot.start, start), min(slot.end, end)
        if e <= s:
            continue
        group = balance_group(slot.kind)
        hours[group] += elapsed_hours(s, e, slot.item.timezone)
        if group == "treatment" and start <= slot.start < end:
            sessions += 1
    return WeekBalance(week_start, hours, sessions, phase_on(phases, week_start + dt.timedelta(days=6)))
