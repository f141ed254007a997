"""What goes into a PDF report, as plain data: the counselor summary and the attendance record.

Nothing here knows about Qt or matplotlib; app/reports lays the data out on pages.
Counts and averages cover exactly the days from `first` to `last`; the weekly rows and the
charts go by whole weeks (Monday to Sunday), as everywhere else in Steady.

Privacy: a counselor summary carries no note unless the person ticked it (`include_notes`),
and neither report says anything about substance use the person did not choose to share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Collection

from app.domain.errors import ValidationError
from app.domain.formatting import week_start
from app.domain.schedule import phase_on

from .progress import (
    AttendanceData,
    GoalsData,
    MoodSleepData,
    ProgressService,
    SkillEffect,
    Span,
    StackedWeeks,
    UrgeData,
)

if TYPE_CHECKING:
    from app.storage import Store

    from .goals import GoalService
    from .schedule import ScheduleService

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
MAX_DAYS = 3660  # ten years
TOP_SKILLS = 8
KINDS = (("counselor", "Counselor summary"), ("attendance", "Attendance record"))
NOTE_KINDS = (("coping", "Coping"), ("checkin", "Check-in"), ("selfcare", "Self-care"))


def check_range(first: dt.date, last: dt.date, today: dt.date) -> None:
    """Raise ValidationError (one sentence) for a range a report cannot cover."""
    if last < first:
        raise ValidationError("to", "The last day must be on or after the first day.")
    if first > today:
        raise ValidationError("from", "The first day is in the future; a report covers days already lived.")
    if (last - first).days > MAX_DAYS:
        raise ValidationError("from", "A report covers at most ten years.")


def preset_range(weeks: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last `weeks` whole weeks (Monday to Sunday) up to today: they end on the latest
    Sunday on or before today, so on a Sunday they end today and on a weekday the days of the
    week so far are left for the next report (choose your own dates to include them)."""
    last = today - ((today.weekday() + 1) % 7) * _DAY
    return last - weeks * _WEEK + _DAY, last


@dataclass(frozen=True)
class NoteChoice:
    """A note the person may choose to share; `id` is the record's id."""

    id: str
    kind: str  # coping, checkin, selfcare
    when: dt.datetime
    text: str

    @property
    def label(self) -> str:
        return dict(NOTE_KINDS)[self.kind]


@dataclass(frozen=True)
class WeekHours:
    week_start: dt.date
    scheduled: float  # treatment hours on the schedule (within the range)
    attended: float  # hours of the sessions marked attended
    target: float | None  # the phase's treatment hours per week
    phase: str
    partial: bool  # the range covers only part of this week


@dataclass(frozen=True)
class GoalLine:
    title: str
    status: str
    text: str
    met_weeks: int
    judged_weeks: int


@dataclass(frozen=True)
class CounselorSummary:
    first: dt.date
    last: dt.date
    generated: dt.date
    program: str
    phases: tuple[str, ...]
    weeks: tuple[WeekHours, ...]
    attended: int
    missed: int
    excused: int
    meetings: int
    coping_entries: int
    urge_before: float | None  # mean over every coping entry
    urge_after: float | None  # mean over entries that noted the urge after
    skills: tuple[SkillEffect, ...]  # best first
    checkins: int
    mood: float | None  # 1-5
    sleep: float | None  # hours
    goals: tuple[GoalLine, ...]
    notes: tuple[NoteChoice, ...]  # only the notes chosen
    # Chart series, by whole weeks from the Monday of `first`.
    attendance_chart: AttendanceData | None = None
    balance_chart: StackedWeeks | None = None
    urge_chart: UrgeData | None = None
    mood_sleep_chart: MoodSleepData | None = None
    goals_chart: GoalsData | None = None
    kind: str = field(default="counselor", init=False)

    @property
    def rate(self) -> float | None:
        """Percent of sessions attended; excused absences count neither way."""
        counted = self.attended + self.missed
        return None if counted == 0 else 100.0 * self.attended / counted

    @property
    def treatment_hours(self) -> float:
        return sum(w.attended for w in self.weeks)

    @property
    def target_hours(self) -> float | None:
        """The phase targets over the weeks that have one (a part week counts by its share of days)."""
        known = [(w.target, w) for w in self.weeks if w.target is not None]
        if not known:
            return None
        total = 0.0
        for target, w in known:
            days = (min(w.week_start + 6 * _DAY, self.last) - max(w.week_start, self.first)).days + 1
            total += target * days / 7
        return total


@dataclass(frozen=True)
class AttendanceRow:
    when: dt.datetime
    end: dt.datetime | None
    what: str  # "Treatment session" / "Support meeting"
    title: str
    place: str


@dataclass(frozen=True)
class AttendanceReport:
    first: dt.date
    last: dt.date
    generated: dt.date
    program: str
    rows: tuple[AttendanceRow, ...]  # attended only, oldest first
    kind: str = field(default="attendance", init=False)

    @property
    def sessions(self) -> int:
        return sum(1 for r in self.rows if r.what == "Treatment session")

    @property
    def meetings(self) -> int:
        return sum(1 for r in self.rows if r.what == "Support meeting")


class _RangeProgress(ProgressService):
    """The progress charts' series for a report's range instead of one ending this week."""

    def __init__(self, base: ProgressService, span: Span):
        super().__init__(base.store, base.records, base.schedule, base.goal_service, base.clock)
        self._span = span

    def span(self, range_key: str = "") -> Span:  # noqa: ARG002 - one range only
        return self._span


class ReportService:
    def __init__(self, store: Store, progress: ProgressService):
        self.store = store
        self.progress = progress
        self.schedule: ScheduleService = progress.schedule
        self.goal_service: GoalService = progress.goal_service

    def today(self) -> dt.date:
        return self.progress.today()

    def safety_plan(self):
        """The person's plans, crisis contacts and lines, as the printed plan and wallet card show them."""
        from .crisis import CrisisService
        from .plans import PlanService, printable_plan

        records = self.progress.records
        plans = PlanService(records)
        return printable_plan(plans, CrisisService(records, plans=plans), self.today())

    # --- notes the person may share ---------------------------------------------------------------

    def notes(self, first: dt.date, last: dt.date) -> list[NoteChoice]:
        """Every coping, check-in and self-care note in the range, oldest first."""
        s = self.store
        out: list[NoteChoice] = []
        for e in s.coping.list(first, last):
            text = " — ".join(t for t in (e.situation.strip(), e.notes.strip()) if t)
            if text:
                out.append(NoteChoice(e.id, "coping", e.occurred_at, text))
        for c in s.checkins.list(first, last):
            if c.notes.strip():
                out.append(NoteChoice(c.id, "checkin", dt.datetime.combine(c.day, dt.time()), c.notes.strip()))
        for e in s.selfcare.list(first, last):
            if e.notes.strip():
                out.append(NoteChoice(e.id, "selfcare", e.occurred_at, e.notes.strip()))
        out.sort(key=lambda n: (n.when, n.kind))
        return out

    # --- a. counselor summary ----------------------------------------------------------------------

    def counselor(self, first: dt.date, last: dt.date, include_notes: Collection[str] | str = (),
                  charts: bool = True) -> CounselorSummary:
        """`include_notes`: the ids of the notes to share, or "all"; none by default."""
        today = self.today()
        check_range(first, last, today)
        last = min(last, today)
        s = self.store
        phases = s.phases.list()
        programs = s.programs.list()
        weeks = self._week_hours(first, last, phases)
        rate = self.schedule.attendance_rate(first, last)
        coping = s.coping.count_between(first, last)
        with_after = s.coping.count_with_value("urge_after", first, last)
        urge_before = s.coping.total_between("urge_before", first, last) / coping if coping else None
        urge_after = (s.coping.total_between("urge_after", first, last) / with_after
                      if with_after else None)
        checkins = s.checkins.count_between(first, last)
        slept = s.checkins.count_with_value("sleep_hours", first, last)
        mood = s.checkins.total_between("mood", first, last) / checkins if checkins else None
        sleep = (s.checkins.total_between("sleep_hours", first, last) / slept
                 if slept else None)
        skills = tuple(SkillEffect(sid, name, drop, n)
                       for sid, name, drop, n in s.skills.effectiveness(first, last)[:TOP_SKILLS])
        goals = []
        for p in self.goal_service.all_progress():
            if p.goal.start_date > last or (p.goal.end_date is not None and p.goal.end_date < first):
                continue
            history = [h for h in p.history if first - 6 * _DAY <= h.week_start <= last]
            judged = [h.met for h in history if h.met is not None]
            goals.append(GoalLine(p.goal.title, p.status, p.text, sum(1 for m in judged if m), len(judged)))
        if include_notes == "all":
            notes = tuple(self.notes(first, last))
        else:
            wanted = set(include_notes)
            notes = tuple(n for n in self.notes(first, last) if n.id in wanted) if wanted else ()
        in_range = sorted({w.phase for w in weeks if w.phase})
        program = ", ".join(p.name for p in programs
                            if p.start_date <= last and (p.expected_end is None or p.expected_end >= first))
        summary = CounselorSummary(
            first, last, today, program, tuple(in_range), tuple(weeks), rate.attended, rate.missed,
            rate.excused, s.attendance.meetings_between(first, last), coping, urge_before, urge_after, skills,
            checkins, mood, sleep, tuple(goals), notes)
        if not charts:
            return summary
        ranged = _RangeProgress(self.progress, Span("report", week_start(first), last))
        return _with_charts(summary, ranged)

    def _week_hours(self, first: dt.date, last: dt.date, phases) -> list[WeekHours]:
        start = dt.datetime.combine(first, dt.time())
        end = dt.datetime.combine(last + _DAY, dt.time())
        slots = [s for s in self.schedule.slots(start, end) if s.is_treatment and not s.item.all_day]
        marks = self.schedule.attendance_for(slots)
        monday = week_start(first)
        rows: dict[dt.date, list[float]] = {}
        while monday <= last:
            rows[monday] = [0.0, 0.0]
            monday += _WEEK
        for slot in slots:
            if not (start <= slot.start < end):
                continue
            row = rows[week_start(slot.start.date())]
            row[0] += slot.hours
            rec = marks.get((slot.item.id, slot.original_start))
            if rec is not None and rec.status == "attended":
                row[1] += slot.hours
        out = []
        for monday, (scheduled, attended) in rows.items():
            phase = phase_on(phases, min(monday + 6 * _DAY, last))
            out.append(WeekHours(monday, scheduled, attended,
                                 phase.target_treatment_hours if phase is not None else None,
                                 phase.name if phase is not None else "",
                                 monday < first or monday + 6 * _DAY > last))
        return out

    # --- b. attendance record ---------------------------------------------------------------------------

    def attendance(self, first: dt.date, last: dt.date) -> AttendanceReport:
        today = self.today()
        check_range(first, last, today)
        last = min(last, today)
        s = self.store
        records = [r for r in s.attendance.list(first, last) if r.status == "attended"]
        records.sort(key=lambda r: r.occurred_at)
        items = {i.id: i for i in s.schedule.list()} if any(r.schedule_item_id for r in records) else {}
        groups = {g.id: g for g in s.groups.list()} if any(r.group_id for r in records) else {}
        start = dt.datetime.combine(first, dt.time())
        slots = self.schedule.slots(start - _DAY, dt.datetime.combine(last + 2 * _DAY, dt.time()))
        slot_at = {(sl.item.id, sl.start): sl for sl in slots}
        rows = []
        for r in records:
            if r.schedule_item_id:
                item = items.get(r.schedule_item_id)
                slot = slot_at.get((r.schedule_item_id, r.occurred_at))
                if slot is not None:
                    title, place, end = slot.title, slot.location, slot.end
                elif item is not None:
                    title, place, end = item.title, item.location, r.occurred_at + (item.end - item.start)
                else:
                    title, place, end = "Treatment session", "", None
                if r.mode == "online" and not place:
                    place = "Online"
                rows.append(AttendanceRow(r.occurred_at, end, "Treatment session", title, place))
            else:
                g = groups.get(r.group_id) if r.group_id else None
                if g is None:
                    title, place, end = "Support meeting", "", None
                else:
                    title = g.name
                    place = ", ".join(p for p in (g.location, g.address) if p)
                    online = r.mode == "online" or (not r.mode and g.meeting_format == "online")
                    if online:
                        place = "Online" + (f" ({place})" if place else "")
                    end = None
                    if g.start_time and g.end_time and g.end_time > g.start_time:
                        end = r.occurred_at + (dt.datetime.combine(first, g.end_time)
                                               - dt.datetime.combine(first, g.start_time))
                rows.append(AttendanceRow(r.occurred_at, end, "Support meeting", title, place))
        program = ", ".join(p.name for p in s.programs.list()
                            if p.start_date <= last and (p.expected_end is None or p.expected_end >= first))
        return AttendanceReport(first, last, today, program, tuple(rows))


def _with_charts(summary: CounselorSummary, ranged: ProgressService) -> CounselorSummary:
    from dataclasses import replace

    return replace(summary, attendance_chart=ranged.attendance(), balance_chart=ranged.balance(),
                   urge_chart=ranged.urges(), mood_sleep_chart=ranged.mood_sleep(), goals_chart=ranged.goals())
