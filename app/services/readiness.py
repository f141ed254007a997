"""Step-down readiness: the numbers a treatment team may look at when deciding, with the
person, whether to step care down to the next phase. Described, never decided: nothing here
says "ready" or "not ready"; it sets this phase's targets beside the last four whole weeks.

The four weeks are whole weeks (Monday to Sunday) ending on the latest Sunday on or before the
day asked about, as everywhere else in Steady; a week that has not ended yet waits. The
attendance rate leaves excused absences out (they count neither way). Self-check trends run
from the start of the phase (or the last 12 weeks without one) to that day. Days without use
come from the sobriety periods; a report prints them only when the person ticks it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from app.domain import formatting as fmt
from app.domain.formatting import week_start
from app.domain.i18n import N_, _
from app.domain.schedule import phase_on
from app.domain.sobriety import current_period, lapse_days, sober_days

if TYPE_CHECKING:
    from app.domain.records import ProgramPhase
    from app.storage import Store

    from .schedule import ScheduleService

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
WEEKS = 4
TREND_WEEKS = 12  # self-check trends without a phase to start from


def whole_weeks(weeks: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last `weeks` whole weeks (Monday to Sunday) ending on the latest Sunday on or before
    `today`: on a Sunday they end today; on a weekday the week so far waits for the next."""
    last = today - ((today.weekday() + 1) % 7) * _DAY
    return last - weeks * _WEEK + _DAY, last


@dataclass(frozen=True)
class PhaseTargets:
    name: str
    start_date: dt.date
    sessions_per_week: int | None
    hours_per_week: float | None

    @classmethod
    def of(cls, phase: ProgramPhase) -> PhaseTargets:
        return cls(phase.name, phase.start_date, phase.target_sessions_per_week, phase.target_treatment_hours)

    @property
    def has_targets(self) -> bool:
        return self.sessions_per_week is not None or self.hours_per_week is not None


@dataclass(frozen=True)
class WeekDone:
    week_start: dt.date
    sessions: int  # treatment sessions attended
    hours: float  # hours of the sessions attended


@dataclass(frozen=True)
class SelfCheckTrend:
    name: str  # PHQ-9
    count: int
    first_day: dt.date
    first_score: int
    first_band: str
    last_day: dt.date
    last_score: int
    last_band: str
    higher_is_better: bool

    @property
    def change(self) -> int:
        return self.last_score - self.first_score

    @property
    def change_text(self) -> str:
        """"down 5 since 3 Nov" style, without calling it better or worse: the band says enough."""
        if self.count < 2:
            return _("one self-check so far")
        if self.change == 0:
            return _("no change")
        if self.change > 0:
            return _("up {points}").format(points=abs(self.change))
        return _("down {points}").format(points=abs(self.change))


@dataclass(frozen=True)
class Readiness:
    as_of: dt.date
    first: dt.date  # the four whole weeks looked at
    last: dt.date
    program: str
    phase: PhaseTargets | None
    next_phase: PhaseTargets | None
    weeks: tuple[WeekDone, ...]
    attended: int
    missed: int
    excused: int
    self_checks: tuple[SelfCheckTrend, ...]
    days_without_use: int | None  # None: no sobriety period going on
    without_use_since: dt.date | None

    @property
    def weeks_in_phase(self) -> int | None:
        """Whole weeks since the phase started (its first week counts from the start day)."""
        return None if self.phase is None else max(0, (self.as_of - self.phase.start_date).days // 7)

    @property
    def rate(self) -> float | None:
        """Percent of treatment sessions attended; excused absences count neither way."""
        counted = self.attended + self.missed
        return None if counted == 0 else 100.0 * self.attended / counted

    @property
    def sessions(self) -> int:
        return sum(w.sessions for w in self.weeks)

    @property
    def hours(self) -> float:
        return sum(w.hours for w in self.weeks)

    def weeks_at_sessions_target(self) -> int | None:
        target = self.phase.sessions_per_week if self.phase else None
        return None if target is None else sum(1 for w in self.weeks if w.sessions >= target)

    def weeks_at_hours_target(self) -> int | None:
        target = self.phase.hours_per_week if self.phase else None
        return None if target is None else sum(1 for w in self.weeks if w.hours + 1e-9 >= target)


def step_down(store: Store, schedule: ScheduleService, as_of: dt.date) -> Readiness:
    """The readiness numbers as of `as_of` (a report's last day, or today)."""
    first, last = whole_weeks(WEEKS, as_of)
    phases = store.phases.list()
    phase = phase_on(phases, as_of)
    later = sorted((p for p in phases if phase is not None and p.program_id == phase.program_id
                    and p.start_date > phase.start_date), key=lambda p: p.start_date)
    programs = {p.id: p for p in store.programs.list()}
    program = programs.get(phase.program_id) if phase is not None else None
    if program is None:
        going = [p for p in programs.values() if p.start_date <= as_of
                 and (p.expected_end is None or p.expected_end >= as_of)]
        program = going[0] if len(going) == 1 else None

    weeks = _weeks_done(schedule, first, last)
    rate = schedule.attendance_rate(first, last)
    trend_from = phase.start_date if phase is not None else as_of - TREND_WEEKS * _WEEK + _DAY
    periods = store.sobriety.list(end=as_of)
    period = current_period(periods, as_of)
    lapses = lapse_days(periods)
    return Readiness(
        as_of, first, last, program.name if program is not None else "",
        PhaseTargets.of(phase) if phase is not None else None,
        PhaseTargets.of(later[0]) if later else None,
        tuple(weeks), rate.attended, rate.missed, rate.excused,
        self_check_trends(store, trend_from, as_of),
        sober_days(period, as_of, lapses), period.start_date if period is not None else None)


def _weeks_done(schedule: ScheduleService, first: dt.date, last: dt.date) -> list[WeekDone]:
    """Per whole week, the treatment sessions marked attended and their scheduled hours."""
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + _DAY, dt.time())
    slots = [s for s in schedule.slots(start, end) if s.is_treatment and not s.item.all_day and start <= s.start < end]
    marks = schedule.attendance_for(slots)
    rows = {first + i * _WEEK: [0, 0.0] for i in range(((last - first).days + 1) // 7)}
    for slot in slots:
        rec = marks.get((slot.item.id, slot.original_start))
        if rec is not None and rec.status == "attended":
            row = rows[week_start(slot.start.date())]
            row[0] += 1
            row[1] += slot.hours
    return [WeekDone(monday, int(n), float(h)) for monday, (n, h) in rows.items()]


def self_check_trends(store: Store, first: dt.date, last: dt.date) -> tuple[SelfCheckTrend, ...]:
    """Per instrument taken in [first, last]: the first and the latest score with their bands."""
    from .assessments import instruments, score_of

    rows = store.assessments.list(first, last)
    out = []
    for key, inst in instruments().items():
        mine = sorted((r for r in rows if getattr(r, "instrument", None) == key), key=lambda r: (r.when(), r.id))
        if not mine:
            continue
        a, b = score_of(mine[0]), score_of(mine[-1])  # type: ignore[arg-type]
        out.append(SelfCheckTrend(inst.name, len(mine), mine[0].when(), a.score, a.band.label,
                                  mine[-1].when(), b.score, b.band.label, inst.higher_is_better))
    return tuple(out)


INTRO = N_("What your team may look at when deciding with you about stepping down: the numbers beside this "
           "phase's targets, not a decision.")  # shown as _(INTRO)


def _per_week(target: float | None, met: int | None, unit: str, weeks: int) -> str:
    if target is None:
        return _("no weekly target set for this phase")
    return _("target {amount} a week; {met} of {weeks} weeks at or above it").format(amount=unit, met=met, weeks=weeks)


def describe(r: Readiness, day: Callable[[dt.date], str]) -> list[tuple[str, str]]:
    """The readiness as (label, sentence) rows, the same words on the Progress page and in the
    counselor summary; `day` formats a date. Days without use only when `r` carries them."""
    rows: list[tuple[str, str]] = []
    weeks = len(r.weeks)
    if r.phase is None:
        rows.append((_("This phase"), _("No program phase is set for this day (Schedule ▸ Program adds one).")))
    else:
        in_phase = r.weeks_in_phase or 0
        rows.append((_("This phase"), _("{phase}, since {day}: {weeks} so far").format(
            phase=r.phase.name, day=day(r.phase.start_date), weeks=fmt.plural(in_phase, "whole week", "whole weeks"))))
    rows.append((_("The last {n} weeks").format(n=weeks),
                 _("{first} to {last} (whole weeks, Monday to Sunday)").format(first=day(r.first), last=day(r.last))))
    per = ", ".join(str(w.sessions) for w in r.weeks)
    target_s = r.phase.sessions_per_week if r.phase else None
    rows.append((_("Treatment sessions attended"),
                 _("{total} ({per} by week)").format(total=r.sessions, per=per) + "; "
                 + _per_week(target_s, r.weeks_at_sessions_target(), fmt.plural(target_s or 0, "session", "sessions"),
                             weeks)))
    hours = ", ".join(fmt.duration(w.hours) for w in r.weeks)
    target_h = r.phase.hours_per_week if r.phase else None
    rows.append((_("Treatment hours"), _("{total} ({per} by week)").format(total=fmt.duration(r.hours), per=hours)
                 + "; "
                 + _per_week(target_h, r.weeks_at_hours_target(), fmt.duration(target_h or 0), weeks)))
    counted = r.attended + r.missed
    if counted:
        rate = _("{rate}% ({attended} of {counted} sessions)").format(rate=f"{r.rate:.0f}", attended=r.attended,
                                                                      counted=counted)
    else:
        rate = _("no sessions marked attended or missed")
    if r.excused:
        rate += "; " + _("{excused} not counted either way").format(
            excused=fmt.plural(r.excused, "excused absence", "excused absences"))
    rows.append((_("Attendance rate"), rate))
    if r.phase:
        label = _("Self-checks since {day}").format(day=day(r.phase.start_date))
    else:
        label = _("Self-checks in the last {n} weeks").format(n=TREND_WEEKS)
    if r.self_checks:
        rows.append((label, "; ".join(_trend(t, day) for t in r.self_checks)))
    else:
        rows.append((label, _("none taken")))
    if r.days_without_use is not None and r.without_use_since is not None:
        rows.append((_("Days without use"), _("{days} (since {day})").format(
            days=fmt.number(r.days_without_use), day=day(r.without_use_since))))
    if r.next_phase is None:
        rows.append((_("Next phase"), _("none set after this one")))
    else:
        n = r.next_phase
        targets = []
        if n.sessions_per_week is not None:
            targets.append(_("{sessions} a week").format(
                sessions=fmt.plural(n.sessions_per_week, "session", "sessions")))
        if n.hours_per_week is not None:
            targets.append(_("{hours} of treatment a week").format(hours=fmt.duration(n.hours_per_week)))
        rows.append((_("Next phase"), _("{phase}, from {day}: {targets}").format(
            phase=n.name, day=day(n.start_date),
            targets=(" " + _("and") + " ").join(targets) if targets else _("no weekly targets set"))))
    return rows


def _trend(t: SelfCheckTrend, day: Callable[[dt.date], str]) -> str:
    """ "PHQ-9 12 (moderate) on 3 Nov to 8 (mild) on 1 Dec, down 4 over 3"."""
    first = _("{name} {score} ({band}) on {day}").format(name=t.name, score=t.first_score, band=_(t.first_band),
                                                        day=day(t.first_day))
    if t.count > 1:
        return first + _(" to {score} ({band}) on {day}, {change} over {count}").format(
            score=t.last_score, band=_(t.last_band), day=day(t.last_day), change=t.change_text, count=t.count)
    return first + _(", the only one so far")
