"""The numbers behind the progress charts: plain series by week or by day for a range.

Every series comes from an SQL aggregate (GROUP BY week or day, a window function for the
7-day means) or, for the weekly time balance, from one expansion of the schedule over the
whole range, bucketed by week. Nothing here loops over years of records in Python, and
nothing knows about Qt or matplotlib: the charts get tuples of dates and numbers.

Weeks run Monday to Sunday on the calendar date a record was logged, as for goals; a week
with nothing logged is 0 (a rate with nothing to count is None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain.formatting import week_start
from app.domain.i18n import N_, _
from app.domain.records import SELF_CARE_CATEGORIES, SobrietyPeriod
from app.domain.schedule import balance_group, elapsed_hours, phase_on

from .clock import Clock
from .recovery import wording_for

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

    from .goals import GoalService
    from .records import RecordService
    from .schedule import ScheduleService

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)

# (key, label): the labels are marked with N_() and shown as _(label).
RANGES = (("4w", N_("4 weeks")), ("12w", N_("12 weeks")), ("6m", N_("6 months")), ("1y", N_("1 year")),
          ("all", N_("All")))
RANGE_WEEKS = {"4w": 4, "8w": 8, "12w": 12, "6m": 26, "1y": 52}  # 8w: the Today page's chart
DEFAULT_RANGE = "12w"
ROLLING_DAYS = 7
LONG_ROLLING_DAYS = 28  # over more than a year, a 7-day mean of sparse entries is mostly noise
CALENDAR_WEEKS = 53  # a year of days, as whole weeks ending with this one

# Which record kinds (RecordService change notices) each chart is drawn from.
CHART_SOURCES: dict[str, frozenset[str]] = {
    "goals": frozenset({"goal", "milestone", "attendance", "selfcare", "coping", "checkin", "sobriety"}),
    "attendance": frozenset({"attendance", "schedule"}),
    "urges": frozenset({"coping"}),
    "skills": frozenset({"coping", "skill"}),
    "selfcare": frozenset({"selfcare"}),
    "balance": frozenset({"schedule", "phase", "program"}),
    "mood_sleep": frozenset({"checkin"}),
    "calendar": frozenset({"checkin", "sobriety"}),
    "self_checks": frozenset({"assessment"}),
}

# The weekly time balance, in the order the bars stack (schedule balance groups merged).
BALANCE_SERIES = (
    ("treatment", N_("Treatment")),
    ("meetings", N_("Meetings")),
    ("work_school", N_("Work / school")),
    ("family_social", N_("Family / social")),
    ("self_care", N_("Self-care")),
)
_BALANCE_OF_GROUP = {"treatment": "treatment", "meetings": "meetings", "work": "work_school",
                     "school": "work_school", "family_social": "family_social", "self_care": "self_care"}

# Calendar heat map: what each day shows (labels marked with N_(), shown as _(label)).
DAY_NOTHING, DAY_SOBER, DAY_CHECKED_IN, DAY_CHECKED_IN_SOBER, DAY_USED, DAY_AHEAD = range(6)
DAY_STATES = (
    (DAY_CHECKED_IN_SOBER, N_("Checked in, sober")),
    (DAY_SOBER, N_("Sober, no check-in")),
    (DAY_CHECKED_IN, N_("Checked in")),
    (DAY_USED, N_("Used / lapse")),
    (DAY_NOTHING, N_("Nothing logged")),
)

_GOAL_UNITS = {"meetings_per_week": N_("meetings"), "treatment_attendance": N_("% attended"),
               "selfcare_minutes": N_("minutes"), "coping_per_week": N_("times"), "checkin_streak": N_("days in a row"),
               "sober_days": N_("sober days"), "custom_checklist": N_("steps done")}


@dataclass(frozen=True)
class Span:
    """The days a range covers: whole weeks from a Monday up to today."""

    key: str
    first: dt.date  # a Monday
    last: dt.date  # today

    @property
    def weeks(self) -> tuple[dt.date, ...]:
        n = (week_start(self.last) - self.first).days // 7 + 1
        return tuple(self.first + i * _WEEK for i in range(n))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def long(self) -> bool:
        """More than a year: charts group weeks into bars of several and smooth over a month."""
        return len(self.weeks) > 53

    @property
    def bar_weeks(self) -> int:
        """Weeks per bar, so that a bar stays wide enough to see (at most ~100 bars)."""
        n = len(self.weeks)
        return 1 if n <= 78 else 4 if n <= 400 else 13

    @property
    def rolling_days(self) -> int:
        return LONG_ROLLING_DAYS if self.long else ROLLING_DAYS

    def bars(self) -> list[tuple[int, int]]:
        """(first week index, number of weeks) per bar, counted back from this week so the
        latest bar is whole and only the oldest may be short."""
        n, size = len(self.weeks), self.bar_weeks
        out = []
        end = n
        while end > 0:
            start = max(0, end - size)
            out.append((start, end - start))
            end = start
        return out[::-1]


@dataclass(frozen=True)
class GoalSeries:
    goal_id: str
    title: str
    kind: str
    period: str
    unit: str
    status: str
    text: str
    weeks: tuple[dt.date, ...]
    actual: tuple[float | None, ...]  # None: a rate in a week with nothing to count
    target: tuple[float, ...]
    met: tuple[bool | None, ...]


@dataclass(frozen=True)
class GoalsData:
    span: Span
    goals: tuple[GoalSeries, ...]

    @property
    def empty(self) -> bool:
        return not any(g.weeks for g in self.goals)


@dataclass(frozen=True)
class AttendanceData:
    span: Span
    weeks: tuple[dt.date, ...]
    attended: tuple[int, ...]
    missed: tuple[int, ...]
    excused: tuple[int, ...]

    @property
    def rate(self) -> tuple[float | None, ...]:
        """Percent attended per week; excused absences count neither way."""
        return tuple(None if a + m == 0 else 100.0 * a / (a + m) for a, m in zip(self.attended, self.missed, strict=False))

    @property
    def totals(self) -> tuple[int, int, int]:
        return sum(self.attended), sum(self.missed), sum(self.excused)

    def bars(self) -> tuple[tuple[dt.date, ...], tuple[int, ...], dict[str, tuple[int, ...]], tuple[float | None, ...]]:
        """What the chart draws: (first Monday, weeks) per bar, sessions per bar by status
        (summed over its weeks) and the rate per bar."""
        groups = self.span.bars()
        sums = {k: tuple(sum(getattr(self, k)[i:i + n]) for i, n in groups) for k in ("attended", "missed", "excused")}
        rate = tuple(None if a + m == 0 else 100.0 * a / (a + m) for a, m in zip(sums["attended"], sums["missed"], strict=False))
        return tuple(self.weeks[i] for i, _n in groups), tuple(n for _i, n in groups), sums, rate

    @property
    def empty(self) -> bool:
        return not any(self.totals)


@dataclass(frozen=True)
class DailySeries:
    """Values by calendar day: the day's mean and the mean of every value in the `window`
    days ending that day."""

    days: tuple[dt.date, ...] = ()
    daily: tuple[float, ...] = ()
    rolling: tuple[float, ...] = ()
    counts: tuple[int, ...] = ()
    window: int = ROLLING_DAYS  # days in the rolling mean

    @property
    def empty(self) -> bool:
        return not self.days


@dataclass(frozen=True)
class UrgeData:
    span: Span
    before: DailySeries  # every coping entry's urge before
    after: DailySeries  # entries that noted the urge after coping

    @property
    def empty(self) -> bool:
        return self.before.empty


@dataclass(frozen=True)
class SelfCheckSeries:
    """One instrument's scores in a range, oldest first, with its bands (score ranges)."""

    key: str
    name: str
    maximum: int
    higher_is_better: bool
    bands: tuple[tuple[int, int, str], ...]  # (lowest score, highest score, label)
    days: tuple[dt.date, ...]
    scores: tuple[int, ...]
    band_labels: tuple[str, ...]


@dataclass(frozen=True)
class SelfCheckData:
    span: Span
    series: tuple[SelfCheckSeries, ...]  # the instruments taken in the range, in Steady's order

    @property
    def empty(self) -> bool:
        return not self.series


@dataclass(frozen=True)
class SkillEffect:
    skill_id: str
    name: str
    mean_drop: float  # urge before minus after, on a 0-10 scale
    n: int


@dataclass(frozen=True)
class SkillData:
    span: Span
    skills: tuple[SkillEffect, ...]  # best first

    @property
    def empty(self) -> bool:
        return not self.skills


@dataclass(frozen=True)
class StackedWeeks:
    """Weekly amounts per series, in stacking order ({key: one amount per week})."""

    span: Span
    weeks: tuple[dt.date, ...]
    series: tuple[tuple[str, str], ...]  # (key, label)
    values: dict[str, tuple[float, ...]]
    target: tuple[float | None, ...] = ()  # balance: the phase's treatment hours per week
    unit: str = ""

    @property
    def totals(self) -> tuple[float, ...]:
        return tuple(sum(v) for v in zip(*self.values.values(), strict=False)) if self.values else ()

    @property
    def empty(self) -> bool:
        return not any(any(v) for v in self.values.values())

    def bars(self) -> tuple[tuple[dt.date, ...], tuple[int, ...], dict[str, tuple[float, ...]],
                            tuple[float | None, ...]]:
        """What the chart draws: (first Monday, weeks) per bar, each series' weekly average
        over the bar's weeks (so the axis still reads "per week") and the target's."""
        groups = self.span.bars()
        values = {k: tuple(sum(v[i:i + n]) / n for i, n in groups) for k, v in self.values.items()}
        target = []
        for i, n in groups:
            known = [t for t in self.target[i:i + n] if t is not None]
            target.append(sum(known) / len(known) if known else None)
        return (tuple(self.weeks[i] for i, _n in groups), tuple(n for _i, n in groups), values,
                tuple(target) if self.target else ())


@dataclass(frozen=True)
class MoodSleepData:
    span: Span
    mood: DailySeries  # 1-5
    sleep: DailySeries  # hours

    @property
    def empty(self) -> bool:
        return self.mood.empty and self.sleep.empty


@dataclass(frozen=True)
class CalendarData:
    first: dt.date  # a Monday
    last: dt.date  # today
    states: tuple[int, ...] = field(default=())  # one DAY_* per day from `first`, DAY_AHEAD after today
    wording: str = "sober"  # setting wording.sober: the legend and summary say "without use" if chosen

    def state_on(self, day: dt.date) -> int:
        i = (day - self.first).days
        return self.states[i] if 0 <= i < len(self.states) else DAY_AHEAD

    @property
    def counts(self) -> dict[int, int]:
        out = {state: 0 for state, _label in DAY_STATES}
        for s in self.states:
            if s in out:
                out[s] += 1
        return out

    @property
    def empty(self) -> bool:
        return all(s in (DAY_NOTHING, DAY_AHEAD) for s in self.states)


class ProgressService:
    def __init__(self, store: Store, records: RecordService, schedule: ScheduleService, goals: GoalService,
                 clock: Clock | None = None):
        self.store = store
        self.records = records
        self.schedule = schedule
        self.goal_service = goals
        self.clock = clock or records.clock

    def today(self) -> dt.date:
        return self.clock.now().date()

    # --- ranges ------------------------------------------------------------------------------

    def span(self, range_key: str = DEFAULT_RANGE) -> Span:
        today = self.today()
        this_week = week_start(today)
        if range_key == "all":
            first = self._first_logged_day() or today
            return Span(range_key, min(this_week, week_start(first)), today)
        if range_key not in RANGE_WEEKS:
            raise ValueError(f"Unknown range {range_key!r}; use one of {', '.join(k for k, _label in RANGES)}.")
        return Span(range_key, this_week - (RANGE_WEEKS[range_key] - 1) * _WEEK, today)

    def _first_logged_day(self) -> dt.date | None:
        s = self.store
        days = [repo.first_day() for repo in (s.coping, s.attendance, s.selfcare, s.checkins)]
        days.append(s.sobriety.first_day())
        days.append(s.assessments.first_day())
        days = [d for d in days if d is not None and d <= self.today()]
        return min(days, default=None)

    # --- a. goals ------------------------------------------------------------------------------

    def goals(self, range_key: str = DEFAULT_RANGE) -> GoalsData:
        span = self.span(range_key)
        out = []
        for p in self.goal_service.all_progress():
            history = [h for h in p.history if span.first <= h.week_start <= span.last]
            default_unit = _GOAL_UNITS.get(p.goal.kind, "")
            unit = p.goal.unit or _(default_unit)
            if p.goal.kind == "treatment_attendance":
                unit = _("% attended")
            out.append(GoalSeries(
                p.goal.id, p.goal.title, p.goal.kind, p.goal.period, unit, p.status, p.text,
                tuple(h.week_start for h in history), tuple(h.actual for h in history),
                tuple(h.target for h in history), tuple(h.met for h in history)))
        return GoalsData(span, tuple(out))

    # --- b. treatment attendance ------------------------------------------------------------------

    def attendance(self, range_key: str = DEFAULT_RANGE) -> AttendanceData:
        span = self.span(range_key)
        weekly = self.store.attendance.weekly_session_statuses(span.first, span.last)
        weeks = span.weeks
        rows = [weekly.get(w, (0, 0, 0)) for w in weeks]
        return AttendanceData(span, weeks, tuple(r[0] for r in rows), tuple(r[1] for r in rows),
                              tuple(r[2] for r in rows))

    # --- c. urges over time -------------------------------------------------------------------------

    def urges(self, range_key: str = DEFAULT_RANGE) -> UrgeData:
        span = self.span(range_key)
        coping = self.store.coping
        days = span.rolling_days
        before = _daily(coping.daily_means("urge_before", span.first, span.last, days), days)
        after = _daily(coping.daily_means("urge_after", span.first, span.last, days), days)
        return UrgeData(span, before, after)

    # --- self-checks (validated questionnaires) ---------------------------------------------------------

    def self_checks(self, range_key: str = DEFAULT_RANGE) -> SelfCheckData:
        from .assessments import instruments, score_of

        span = self.span(range_key)
        rows = [r for r in self.store.assessments.list(span.first, span.last)]
        out = []
        for key, inst in instruments().items():
            mine = sorted((r for r in rows if getattr(r, "instrument", None) == key), key=lambda r: r.when())
            if not mine:
                continue
            scores = [score_of(r) for r in mine]  # type: ignore[arg-type]
            out.append(SelfCheckSeries(
                key, inst.name, inst.maximum, inst.higher_is_better,
                tuple((b.low, b.high, b.label) for b in inst.bands),
                tuple(r.when() for r in mine), tuple(s.score for s in scores),
                tuple(s.band.label for s in scores)))
        return SelfCheckData(span, tuple(out))

    # --- d. skill effectiveness ------------------------------------------------------------------------

    def skills(self, range_key: str = DEFAULT_RANGE) -> SkillData:
        span = self.span(range_key)
        found = self.store.skills.effectiveness(span.first, span.last)
        return SkillData(span, tuple(SkillEffect(sid, name, drop, n) for sid, name, drop, n in found))

    # --- e. self-care by category ------------------------------------------------------------------------

    def selfcare(self, range_key: str = DEFAULT_RANGE, max_series: int = 7) -> StackedWeeks:
        """Minutes per week by category, biggest first; past `max_series` the smallest
        categories share one "Other" series (a chart can only show so many colours)."""
        span = self.span(range_key)
        sums = self.store.selfcare.weekly_sums_by("minutes", "category", span.first, span.last)
        weeks = span.weeks
        index = {w: i for i, w in enumerate(weeks)}
        per: dict[str, list[float]] = {}
        for (week, category), minutes in sums.items():
            if week in index:
                per.setdefault(category, [0.0] * len(weeks))[index[week]] += minutes
        labels = {key: _(label) for key, label in SELF_CARE_CATEGORIES}
        order = sorted(per, key=lambda c: (-sum(per[c]), labels.get(c, c)))
        if len(order) > max_series:
            keep, rest = order[:max_series - 1], order[max_series - 1:]
            other = [sum(col) for col in zip(*(per[c] for c in rest), strict=False)]
            per = {c: per[c] for c in keep} | {"other": other}
            order = keep + ["other"]
            series = tuple((c, labels.get(c, c)) for c in keep) + (("other", _("Other")),)
        else:
            series = tuple((c, labels.get(c, c)) for c in order)
        return StackedWeeks(span, weeks, series, {c: tuple(per[c]) for c in order}, unit="minutes")

    # --- f. weekly time balance -------------------------------------------------------------------------

    def balance(self, range_key: str = DEFAULT_RANGE) -> StackedWeeks:
        """Scheduled hours per week by part of life, and the phase's treatment target. The
        schedule is expanded once for the whole range and each slot's hours are split at
        week boundaries (a Sunday-night shift counts partly in each week)."""
        span = self.span(range_key)
        weeks = span.weeks
        start = dt.datetime.combine(span.first, dt.time())
        end = dt.datetime.combine(weeks[-1] + _WEEK, dt.time())
        index = {w: i for i, w in enumerate(weeks)}
        hours = {key: [0.0] * len(weeks) for key, _label in BALANCE_SERIES}
        for slot in self.schedule.slots(start, end):
            series = _BALANCE_OF_GROUP.get(balance_group(slot.kind))
            if series is None or slot.item.all_day:
                continue
            s, e = max(slot.start, start), min(slot.end, end)
            while s < e:
                monday = week_start(s.date())
                cut = min(e, dt.datetime.combine(monday + _WEEK, dt.time()))
                hours[series][index[monday]] += elapsed_hours(s, cut, slot.item.timezone)
                s = cut
        phases = self.store.phases.list()
        target = []
        for w in weeks:
            phase = phase_on(phases, w + 6 * _DAY)
            target.append(phase.target_treatment_hours if phase is not None else None)
        labels = tuple((key, _(label)) for key, label in BALANCE_SERIES)
        return StackedWeeks(span, weeks, labels, {k: tuple(v) for k, v in hours.items()},
                            tuple(target), unit="hours")

    # --- g. mood and sleep ---------------------------------------------------------------------------------

    def mood_sleep(self, range_key: str = DEFAULT_RANGE) -> MoodSleepData:
        span = self.span(range_key)
        checkins = self.store.checkins
        days = span.rolling_days
        return MoodSleepData(span, _daily(checkins.daily_means("mood", span.first, span.last, days), days),
                             _daily(checkins.daily_means("sleep_hours", span.first, span.last, days), days))

    # --- h. calendar ----------------------------------------------------------------------------------------

    def step_down(self):
        """Step-down readiness as of today (app.services.readiness): the Progress page's panel."""
        from .readiness import step_down

        return step_down(self.store, self.schedule, self.today())

    def calendar(self, last: dt.date | None = None) -> CalendarData:
        """A year of days (CALENDAR_WEEKS whole weeks ending with `last`'s week, today by
        default): check-ins and sober days."""
        today = self.today()
        last = min(last or today, today)
        first = week_start(last) - (CALENDAR_WEEKS - 1) * _WEEK
        marks = self.store.checkins.day_marks(first, last)
        periods = self.store.sobriety.list(end=last)
        n = CALENDAR_WEEKS * 7
        sober = _sober_days(periods, first, last, n)
        states = []
        for i in range(n):
            day = first + i * _DAY
            if day > last:
                states.append(DAY_AHEAD)
                continue
            used = marks.get(day)
            if used or sober[i] == 2:
                states.append(DAY_USED)
            elif used is not None:
                states.append(DAY_CHECKED_IN_SOBER if sober[i] else DAY_CHECKED_IN)
            else:
                states.append(DAY_SOBER if sober[i] else DAY_NOTHING)
        return CalendarData(first, last, tuple(states), wording_for(self.records))


def _daily(rows, window: int) -> DailySeries:
    if not rows:
        return DailySeries(window=window)
    days, daily, rolling, counts = zip(*rows, strict=False)
    return DailySeries(tuple(days), tuple(daily), tuple(rolling), tuple(counts), window)


def _sober_days(periods: list[SobrietyPeriod], first: dt.date, last: dt.date, n: int) -> list[int]:
    """Per day from `first`: 1 sober, 2 the day a period ended (a lapse), 0 otherwise. A
    period's days run from its start up to, not including, its end day (as in sobriety_stats)."""
    marks = [0] * n
    for p in periods:
        a = max(p.start_date, first)
        b = min(p.end_date - _DAY if p.end_date is not None else last, last)
        for i in range((a - first).days, (b - first).days + 1):
            marks[i] = max(marks[i], 1)
    for p in periods:
        if p.end_date is not None and first <= p.end_date <= last:
            marks[(p.end_date - first).days] = 2
    return marks
