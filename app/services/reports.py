"""What goes into a PDF report, as plain data: the counselor summary and the attendance record.

Nothing here knows about Qt or matplotlib; app/reports lays the data out on pages.
Counts and averages cover exactly the days from `first` to `last`; the weekly rows and the
charts go by whole weeks (Monday to Sunday), as everywhere else in Steady.

Privacy: a counselor summary carries no note unless the person ticked it (`include_notes`),
and no report says anything about substance use (days of use, sobriety periods and lapses,
days without use, goals counted in sober days) unless the person ticked that too
(`include_use`). An attendance record with generic titles names no fellowship, meeting,
session kind, program or place: only "Treatment session" or "Support meeting", in person or
online, with the times and who can verify them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Collection

from app.domain.coping import MIN_RATED
from app.domain.errors import ValidationError
from app.domain import formatting as fmt
from app.domain.formatting import week_start
from app.domain.i18n import N_, _, ngettext
from app.domain.records import FELLOWSHIPS, TRIGGERS
from app.domain.schedule import phase_on
from app.domain.sobriety import lapse_days, period_days, sober_start

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
from .readiness import Readiness, SelfCheckTrend, self_check_trends, step_down, whole_weeks

if TYPE_CHECKING:
    from app.storage import Store

    from .goals import GoalService
    from .schedule import ScheduleService

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
MAX_DAYS = 3660  # ten years
TOP_SKILLS = 8
# (key, label) pairs: the labels are marked with N_() and shown as _(label).
KINDS = (("counselor", N_("Counselor summary")), ("session_prep", N_("Session prep")),
         ("attendance", N_("Attendance record")))
NOTE_KINDS = (("coping", N_("Coping")), ("checkin", N_("Check-in")), ("selfcare", N_("Self-care")))
# Which attendance an attendance record lists.
INCLUDE = (("both", N_("Treatment sessions and support meetings")), ("sessions", N_("Treatment sessions only")),
           ("meetings", N_("Support meetings only")))
SESSION, MEETING = N_("Treatment session"), N_("Support meeting")  # also the generic titles; shown as _(SESSION)
HALT = ("hungry", "angry", "lonely", "tired")
PREP_DAYS = 7  # a session prep covers the last seven days
PREP_TEXT_MAX = 700  # characters of each typed section: the three fit on the one page
CASE_NUMBER_MAX = 40


def check_range(first: dt.date, last: dt.date, today: dt.date) -> None:
    """Raise ValidationError (one sentence) for a range a report cannot cover."""
    if last < first:
        raise ValidationError("to", _("The last day must be on or after the first day."))
    if first > today:
        raise ValidationError("from", _("The first day is in the future; a report covers days already lived."))
    if (last - first).days > MAX_DAYS:
        raise ValidationError("from", _("A report covers at most ten years."))


def preset_range(weeks: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last `weeks` whole weeks (Monday to Sunday) up to today: they end on the latest
    Sunday on or before today, so on a Sunday they end today and on a weekday the days of the
    week so far are left for the next report (choose your own dates to include them)."""
    return whole_weeks(weeks, today)


def _one_decimal(x: float) -> str:
    """ "2.5" (or "2,5" where the reader's numbers take a decimal comma), always one decimal."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if "," in fmt.number(0.5) else text


@dataclass(frozen=True)
class NoteChoice:
    """A note the person may choose to share; `id` is the record's id."""

    id: str
    kind: str  # coping, checkin, selfcare
    when: dt.datetime
    text: str

    @property
    def label(self) -> str:
        label = dict(NOTE_KINDS)[self.kind]
        return _(label)


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
class CravingWeek:
    week_start: dt.date
    mean: float | None  # the week's mean craving (0-10) over its check-ins
    n: int  # check-ins that week


@dataclass(frozen=True)
class TriggerCount:
    key: str
    label: str
    n: int  # coping entries naming it (practice left out)


@dataclass(frozen=True)
class SkillUse:
    name: str
    uses: int  # coping entries naming the skill
    rated: int  # of them, the ones that noted the urge after (not practice)
    mean_drop: float | None

    @property
    def effect_text(self) -> str:
        if self.rated < MIN_RATED or self.mean_drop is None:
            return _("too few to tell")
        return _("{points} points lower").format(points=_one_decimal(self.mean_drop))


@dataclass(frozen=True)
class MissedSession:
    when: dt.datetime
    title: str
    status: str  # missed / excused
    reason: str


@dataclass(frozen=True)
class SelfCheckLine:
    day: dt.date
    name: str
    score: int
    band: str


@dataclass(frozen=True)
class UseSummary:
    """Only made when the person ticks it: days of use from check-ins, sobriety periods and lapses."""

    checkins: int
    use_days: tuple[dt.date, ...]  # check-ins that say substances were used
    periods: tuple[tuple[dt.date, dt.date | None, int], ...]  # (start, end or None while going on, days)
    lapses: tuple[dt.date, ...]  # the days periods ended, in the report's period
    current_days: int | None


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
    craving: tuple[CravingWeek, ...] = ()
    medication_taken: int = 0  # check-ins that say the medication was taken
    medication_answered: int = 0  # check-ins that answered (blank: takes no medication)
    triggers: tuple[TriggerCount, ...] = ()  # most frequent first
    halt: tuple[TriggerCount, ...] = ()  # hungry, angry, lonely, tired, each even at 0
    skill_uses: tuple[SkillUse, ...] = ()
    missed_sessions: tuple[MissedSession, ...] = ()  # missed and excused, oldest first
    self_checks: tuple[SelfCheckLine, ...] = ()  # oldest first
    self_check_trends: tuple[SelfCheckTrend, ...] = ()
    readiness: Readiness | None = None
    use: UseSummary | None = None  # only when the person ticked it
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
    what: str  # "Treatment session" / "Support meeting", in the reader's language
    title: str  # with generic titles, the same as `what`
    place: str  # with generic titles, "In person" or "Online"
    time_in: dt.time | None = None  # as recorded, else the scheduled start
    time_out: dt.time | None = None  # as recorded, else the scheduled end
    as_scheduled: bool = True  # neither time was recorded: the scheduled times are shown
    fellowship: str = ""
    meeting_type: str = ""  # Open / Closed
    online: bool = False
    chair_name: str = ""
    chair_phone: str = ""
    signed_by: str = ""
    session: bool = False  # a treatment session (else a support meeting)


@dataclass(frozen=True)
class AttendanceReport:
    first: dt.date
    last: dt.date
    generated: dt.date
    program: str  # blank with generic titles (a program's name can say what it treats)
    rows: tuple[AttendanceRow, ...]  # attended only, oldest first
    provider: str = ""
    case_number: str = ""
    include: str = "both"
    generic: bool = False
    kind: str = field(default="attendance", init=False)

    @property
    def sessions(self) -> int:
        return sum(1 for r in self.rows if r.session)

    @property
    def meetings(self) -> int:
        return sum(1 for r in self.rows if not r.session)

    @property
    def any_online(self) -> bool:
        return any(r.online for r in self.rows)


@dataclass(frozen=True)
class SessionPrep:
    """One page to bring to a counseling session: the last seven days in five lines, then what
    went well, what was hard and what the person wants to talk about, as they typed them."""

    first: dt.date
    last: dt.date
    generated: dt.date
    program: str
    lines: tuple[str, ...]  # five
    went_well: str
    was_hard: str
    talk_about: str
    kind: str = field(default="session_prep", init=False)


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
                  charts: bool = True, include_use: bool = False) -> CounselorSummary:
        """`include_notes`: the ids of the notes to share, or "all"; none by default.
        `include_use`: days of use, sobriety periods and lapses; off by default."""
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
            if p.goal.kind == "sober_days" and not include_use:
                continue  # its count of days says when there was use
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
        labels = {key: _(label) for key, label in TRIGGERS}
        triggers = tuple(TriggerCount(k, labels.get(k, k), n) for k, n in s.coping.trigger_counts(first, last))
        counted = {t.key: t.n for t in triggers}
        taken, answered = s.checkins.medication_between(first, last)
        readiness = step_down(s, self.schedule, last)
        if not include_use:
            from dataclasses import replace

            readiness = replace(readiness, days_without_use=None, without_use_since=None)
        summary = CounselorSummary(
            first, last, today, program, tuple(in_range), tuple(weeks), rate.attended, rate.missed,
            rate.excused, s.attendance.meetings_between(first, last), coping, urge_before, urge_after, skills,
            checkins, mood, sleep, tuple(goals), notes,
            craving=self._craving_weeks(first, last),
            medication_taken=taken, medication_answered=answered,
            triggers=triggers, halt=tuple(TriggerCount(k, labels[k], counted.get(k, 0)) for k in HALT),
            skill_uses=tuple(SkillUse(*row) for row in s.skills.uses(first, last)),
            missed_sessions=self._missed(first, last),
            self_checks=self._self_checks(first, last),
            self_check_trends=self_check_trends(s, first, last),
            readiness=readiness,
            use=self._use(first, last) if include_use else None)
        if not charts:
            return summary
        ranged = _RangeProgress(self.progress, Span("report", week_start(first), last))
        return _with_charts(summary, ranged, include_use)

    def _craving_weeks(self, first: dt.date, last: dt.date) -> tuple[CravingWeek, ...]:
        """Each week of the period (Monday to Sunday; the first and last may be part weeks)."""
        checkins = self.store.checkins
        sums = checkins.weekly_sums("craving", first, last)
        counts = checkins.weekly_counts(first, last)
        out = []
        monday = week_start(first)
        while monday <= last:
            n = int(counts.get(monday, 0))
            out.append(CravingWeek(monday, sums[monday] / n if n else None, n))
            monday += _WEEK
        return tuple(out)

    def _missed(self, first: dt.date, last: dt.date) -> tuple[MissedSession, ...]:
        """Treatment sessions missed or excused (an IOP group kept among meetings is treatment)."""
        s = self.store
        rows = [r for r in s.attendance.list(first, last) if r.status != "attended"]
        if not rows:
            return ()
        items = s.schedule.list() if any(r.schedule_item_id for r in rows) else []
        titles = {i.id: i.title for i in items}
        court = {i.id for i in items if i.kind == "court"}  # on the schedule, but not treatment
        groups = {g.id: g for g in s.groups.list()} if any(r.group_id for r in rows) else {}
        out = []
        for r in rows:
            if r.schedule_item_id:
                if r.schedule_item_id in court:
                    continue
                title = titles[r.schedule_item_id] if r.schedule_item_id in titles else _(SESSION)
            else:
                g = groups.get(r.group_id or "")
                if g is None or g.fellowship != "iop":
                    continue  # a support meeting, not a treatment session
                title = g.name
            out.append(MissedSession(r.occurred_at, title, r.status, r.reason.strip()))
        out.sort(key=lambda m: m.when)
        return tuple(out)

    def _self_checks(self, first: dt.date, last: dt.date) -> tuple[SelfCheckLine, ...]:
        from .assessments import instruments, score_of

        names = {k: i.name for k, i in instruments().items()}
        rows = sorted(self.store.assessments.list(first, last), key=lambda r: (r.when(), r.id))
        out = []
        for r in rows:
            sc = score_of(r)  # type: ignore[arg-type]
            out.append(SelfCheckLine(r.when(), names.get(r.instrument, r.instrument), sc.score,  # type: ignore[attr-defined]
                                     sc.band.label))
        return tuple(out)

    def _use(self, first: dt.date, last: dt.date) -> UseSummary:
        s = self.store
        marks = s.checkins.day_marks(first, last)
        periods = s.sobriety.list(end=last)
        lapses = lapse_days(periods)
        shown = []
        for p in sorted(periods, key=lambda p: p.start_date):
            if p.end_date is not None and p.end_date < first:
                continue
            shown.append((sober_start(p, lapses), p.end_date, period_days(p, last, lapses)))
        from app.domain.sobriety import current_period, sober_days

        return UseSummary(len(marks), tuple(sorted(d for d, used in marks.items() if used)), tuple(shown),
                          tuple(sorted(d for d in lapses if first <= d <= last)),
                          sober_days(current_period(periods, last), last, lapses))

    # --- c. session prep ------------------------------------------------------------------------------

    def session_prep(self, went_well: str = "", was_hard: str = "", talk_about: str = "",
                     include_use: bool = False) -> SessionPrep:
        """The last seven days (today included) in five lines, and the person's own words."""
        for name, label, text in (("went_well", N_("What went well"), went_well),
                                  ("was_hard", N_("What was hard"), was_hard),
                                  ("talk_about", N_("What I want to talk about"), talk_about)):
            if len(text.strip()) > PREP_TEXT_MAX:
                raise ValidationError(name, _("{what} is {n} characters; at most {most} fit on the one page.").format(
                    what=_(label), n=fmt.number(len(text.strip())), most=fmt.number(PREP_TEXT_MAX)))
        today = self.today()
        first, last = today - (PREP_DAYS - 1) * _DAY, today
        s = self.store
        rate = self.schedule.attendance_rate(first, last)
        meetings = s.attendance.meetings_between(first, last)
        line1 = _("Treatment: {attended} attended, {missed} missed, {excused} excused; {meetings}.").format(
            attended=ngettext("{n} session", "{n} sessions", rate.attended).format(n=rate.attended),
            missed=rate.missed, excused=rate.excused,
            meetings=ngettext("{n} support meeting", "{n} support meetings", meetings).format(n=meetings))
        checkins = s.checkins.count_between(first, last)
        if checkins:
            mood = s.checkins.total_between("mood", first, last) / checkins
            craving = s.checkins.total_between("craving", first, last) / checkins
            slept = s.checkins.count_with_value("sleep_hours", first, last)
            line2 = ngettext("{n} check-in: mood {mood} / 5, craving {craving} / 10",
                             "{n} check-ins: mood {mood} / 5, craving {craving} / 10", checkins).format(
                n=checkins, mood=_one_decimal(mood), craving=_one_decimal(craving))
            if slept:
                hours = s.checkins.total_between("sleep_hours", first, last) / slept
                line2 += ", " + _("sleep {hours} h").format(hours=_one_decimal(hours))
            taken, answered = s.checkins.medication_between(first, last)
            if answered:
                line2 += "; " + _("medication taken on {taken} of {answered}").format(taken=taken, answered=answered)
            line2 += "."
        else:
            line2 = _("No check-ins these seven days.")
        coping = s.coping.count_between(first, last)
        if coping:
            before = s.coping.total_between("urge_before", first, last) / coping
            line3 = ngettext("{n} urge logged, {before} / 10 on average", "{n} urges logged, {before} / 10 on average",
                             coping).format(n=coping, before=_one_decimal(before))
            with_after = s.coping.count_with_value("urge_after", first, last)
            if with_after:
                after = s.coping.total_between("urge_after", first, last) / with_after
                line3 += ", " + _("{after} after a skill").format(after=_one_decimal(after))
            uses = s.skills.uses(first, last)
            if uses:
                line3 += "; " + _("most used skill: {name} ({n})").format(name=uses[0][0], n=uses[0][1])
            top = s.coping.trigger_counts(first, last)
            if top:
                trigger = dict(TRIGGERS).get(top[0][0])
                line3 += "; " + _("most named trigger: {name} ({n})").format(
                    name=top[0][0] if trigger is None else _(trigger), n=top[0][1])
            line3 += "."
        else:
            line3 = _("No urges logged these seven days.")
        checks = self._self_checks(first, last)
        line4 = (_("Self-checks: {list}.").format(list="; ".join(f"{c.name} {c.score} ({c.band})" for c in checks))
                 if checks else _("No self-check these seven days."))
        statuses: dict[str, int] = {}
        for p in self.goal_service.all_progress():
            if p.goal.kind == "sober_days" and not include_use:
                continue
            if p.goal.start_date <= last and (p.goal.end_date is None or p.goal.end_date >= first):
                statuses[p.status] = statuses.get(p.status, 0) + 1
        from app.domain.goals import STATUSES

        from .goals import status_label

        order = {status: i for i, status in enumerate(STATUSES)}
        counts = sorted(statuses.items(), key=lambda kv: order.get(kv[0], 99))
        line5 = (_("Goals: {list}.").format(list=", ".join(f"{n} {status_label(status)}" for status, n in counts))
                 if statuses else _("No goals set."))
        if include_use:
            use = self._use(first, last)
            if use.current_days is not None:
                line5 += " " + _("Days of use these seven days: {n}; {days} days without use so far.").format(
                    n=len(use.use_days), days=use.current_days)
            else:
                line5 += " " + _("Days of use these seven days: {n}.").format(n=len(use.use_days))
        programs = s.programs.list()
        program = ", ".join(p.name for p in programs
                            if p.start_date <= last and (p.expected_end is None or p.expected_end >= first))
        return SessionPrep(first, last, today, program, (line1, line2, line3, line4, line5),
                           went_well.strip(), was_hard.strip(), talk_about.strip())

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

    def attendance(self, first: dt.date, last: dt.date, include: str = "both", generic: bool = False,
                   case_number: str = "") -> AttendanceReport:
        """The sessions and meetings marked attended. `include`: both, sessions or meetings.
        `generic`: every row titled "Treatment session" or "Support meeting", and no fellowship,
        meeting or session name, meeting type, program name or place (in person or online only)."""
        if include not in dict(INCLUDE):
            raise ValidationError("include", _("Choose what to include: both, sessions or meetings."))
        case_number = " ".join(case_number.split())
        if len(case_number) > CASE_NUMBER_MAX:
            raise ValidationError("case_number", _("A case number is at most {most} characters.").format(
                most=CASE_NUMBER_MAX))
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
        fellowships = {key: _(label) for key, label in FELLOWSHIPS}
        rows = []
        for r in records:
            fellowship = meeting_type = ""
            if r.schedule_item_id:
                session = True
                item = items.get(r.schedule_item_id)
                if item is not None and item.kind == "court":
                    continue  # a court date is on the schedule, but is not a treatment session
                slot = slot_at.get((r.schedule_item_id, r.occurred_at))
                if slot is not None:
                    title, place, end = slot.title, slot.location, slot.end
                elif item is not None:
                    title, place, end = item.title, item.location, r.occurred_at + (item.end - item.start)
                else:
                    title, place, end = _(SESSION), "", None
                online = r.mode == "online"
                if online and not place:
                    place = _("Online")
            else:
                g = groups.get(r.group_id) if r.group_id else None
                session = g is not None and g.fellowship == "iop"
                if g is None:
                    title, place, end, online = _(MEETING), "", None, r.mode == "online"
                else:
                    title = g.name
                    if g.fellowship not in ("iop", "other"):
                        fellowship = fellowships.get(g.fellowship, "")
                    codes = set(g.meeting_types)
                    meeting_type = _("Closed") if "C" in codes else _("Open") if "O" in codes else ""
                    place = ", ".join(p for p in (g.location, g.address) if p)
                    online = r.mode == "online" or (not r.mode and g.meeting_format == "online")
                    if online:
                        place = _("Online") + (f" ({place})" if place else "")
                    end = None
                    if g.start_time and g.end_time and g.end_time > g.start_time:
                        end = r.occurred_at + (dt.datetime.combine(first, g.end_time)
                                               - dt.datetime.combine(first, g.start_time))
            if include == "sessions" and not session or include == "meetings" and session:
                continue
            what = _(SESSION) if session else _(MEETING)
            if generic:
                title, fellowship, meeting_type = what, "", ""
                place = _("Online") if online else _("In person")
            as_scheduled = r.time_in is None and r.time_out is None
            rows.append(AttendanceRow(
                r.occurred_at, end, what, title, place,
                time_in=r.time_in if r.time_in is not None else r.occurred_at.time(),
                time_out=r.time_out if r.time_out is not None else (end.time() if end is not None else None),
                as_scheduled=as_scheduled, fellowship=fellowship, meeting_type=meeting_type, online=online,
                chair_name=r.chair_name.strip(), chair_phone=r.chair_phone.strip(), signed_by=r.signed_by.strip(),
                session=session))
        going = [p for p in s.programs.list()
                 if p.start_date <= last and (p.expected_end is None or p.expected_end >= first)]
        program = "" if generic else ", ".join(p.name for p in going)
        provider = ", ".join(dict.fromkeys(p.provider.strip() for p in going if p.provider.strip()))
        return AttendanceReport(first, last, today, program, tuple(rows), provider, case_number, include, generic)


def _with_charts(summary: CounselorSummary, ranged: ProgressService, include_use: bool = False) -> CounselorSummary:
    from dataclasses import replace

    goals = ranged.goals()
    if not include_use:
        goals = replace(goals, goals=tuple(g for g in goals.goals if g.kind != "sober_days"))
    return replace(summary, attendance_chart=ranged.attendance(), balance_chart=ranged.balance(),
                   urge_chart=ranged.urges(), mood_sleep_chart=ranged.mood_sleep(), goals_chart=goals)
