"""Goal progress: from a goal and plain numbers per week to a status, a fraction and a sentence.

Pure rules. The service asks `window(goal, today)` which days it needs, fetches the numbers
(weekly aggregates in SQL, never a loop over years of rows), hands them in as `GoalData`,
and `evaluate(goal, data, today)` decides.

Weeks run Monday to Sunday on the calendar date a record was logged (local wall-clock
time, as every record stores it), so a daylight-saving change or a trip to another time
zone never moves a record into another week. A week with no records counts as 0, not as
missing; only a rate (treatment attendance) has nothing to say about a week without
sessions, and shows `actual = None`, `met = None` for it.

Status rules
------------
Every goal
  * before its start date: "not started" (no current value, empty history);
  * after its end date: "ended", judged as of the end date; `final` is "met" when the goal
    was met on its end date, otherwise "not met". Until then `final` is None.
  * `fraction` is current / target capped to 0..1, and 1 once met.
  * The history has one `WeekValue` per week from the goal's start (or 26 weeks back,
    whichever is later) to this week (the end date's week once ended).

Weekly kinds: meetings per week (meetings attended), self-care minutes (optionally one
category), coping-skill practice (coping entries logged, the same count as Today's)
  * period "week": target per week; period "day": target per day, so target x 7 per week.
  * A first or last week the goal only partly covers (it starts on a Wednesday) asks for a
    pro-rated target: target x days covered / 7, rounded to whole units for whole targets,
    and at least 1 (or the target, if smaller).
  * met: this week's actual >= this week's target;
  * on track: this week keeps pace with the days already over (today is not over yet):
    actual >= target x days over / days in the week, rounded like the target (for three
    meetings a week: one by Wednesday, two by Friday, three by Sunday); or the last
    completed week was met;
  * behind otherwise.
  * period "total": the count since the start date; met once it reaches the target (and
    stays met). Without an end date it is on track until then; with one, on track while
    the count keeps pace with the days elapsed, behind otherwise. The history holds the
    running total at each week's end; `met_on` is the day the total reached the target
    (`GoalData.reached_on`; without it, the end of the week it was crossed).

Treatment attendance (target in %): attended / (attended + missed) of treatment sessions;
excused absences count neither way. Over the last 4 weeks (fewer for a younger goal), or
since the start date for period "total". met when the rate >= target, behind when below;
on track when no session was attended or missed in that window (nothing counts against
you). A rate never gets a "goal met" milestone: it can be met again every week.

Check-in streak (target in days): consecutive days with a check-in, up to today, or up to
yesterday while today has no check-in yet (today is not over). met once a streak reached
the target on a day between the start and end dates (a streak may have begun earlier); it
stays met. Otherwise on track while a streak is alive and can still reach the target by
the end date; behind when there is no live streak (or it cannot reach the target in time).

Sober days (target in days): the current sober period's day count (the start day is day
0, as on a chip). met once a period reached the target on a day between the start and end
dates; a later lapse does not undo it. Otherwise on track while a period runs and can
reach the target by the end date; behind with no current period. A lapse resets the
current count; the history keeps the weeks before it. After a lapse inside the goal, a goal
that would be behind reads "starting again" instead ("Starting again — day 2"), with
`suggested_end`, an end date that gives back the days the lapse took (when it has one).

Custom number: `current_value`, typed by hand, against the target (higher is better).
met once current >= target; otherwise on track without an end date, or with one while
current >= target x share of days elapsed; behind otherwise. No history (only the latest
value is stored); `met_on` is the day Steady first sees it met (today).

Checklist: the goal's milestones are its steps. met when every step is reached (and there
is at least one); behind when a step not yet reached is past its target date; on track
otherwise. The history holds steps done by each week's end.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence, cast

from . import formatting as fmt
from . import i18n
from .i18n import N_, _, ngettext
from .formatting import week_start
from .records import SELF_CARE_CATEGORIES, Goal, Milestone, SobrietyPeriod
from .sobriety import lapse_days, sober_start

HISTORY_WEEKS = 26
RATE_WEEKS = 4
STATUSES = ("on track", "behind", "met", "not started", "ended", "starting again")

WEEKLY_KINDS = frozenset({"meetings_per_week", "selfcare_minutes", "coping_per_week"})
# Kinds measured from records (the rest are typed by hand).
RECORD_KINDS = WEEKLY_KINDS | {"treatment_attendance", "checkin_streak", "sober_days"}

# What each kind is measured with, besides the title, kind, dates and notes every goal has:
# the goal form asks only for these. The rules above read no other field of a goal.
KIND_FIELDS: Mapping[str, tuple[str, ...]] = {
    "meetings_per_week": ("target", "period"),
    "selfcare_minutes": ("target", "period", "category"),
    "coping_per_week": ("target", "period"),
    "treatment_attendance": ("target", "period"),
    "checkin_streak": ("target",),
    "sober_days": ("target",),
    "custom_number": ("target", "unit", "current_value"),
    "custom_checklist": (),
}
KIND_DEPENDENT_FIELDS = ("target", "unit", "period", "category", "current_value")
# The periods a kind offers: a "per week" kind counts per week or in total ("per day" reads
# wrongly next to "Meetings per week"; goals saved with it still work, see the rules above).
KIND_PERIODS: Mapping[str, tuple[str, ...]] = {kind: ("week", "total") for kind in WEEKLY_KINDS
                                               | {"treatment_attendance"}}
# How a period reads for a kind where the plain words mislead: a rate is not counted per week.
KIND_PERIOD_LABELS: Mapping[str, Mapping[str, str]] = {
    "treatment_attendance": {"week": N_("Over the last 4 weeks"), "total": N_("Since the start date")},
}
# The kind a new goal starts as: the most common first goal in an IOP.
DEFAULT_KIND = "meetings_per_week"

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


def is_cumulative(goal: Goal) -> bool:
    """A counting goal with a finish line (period "total") rather than a weekly rate."""
    return goal.kind in WEEKLY_KINDS and goal.period == "total"


def has_finish_line(goal: Goal) -> bool:
    """Met once and then done, so meeting it is worth a milestone. Weekly goals and the
    attendance rate are met again every week and get none (that would be nagging)."""
    return goal.kind in ("checkin_streak", "sober_days", "custom_number", "custom_checklist") \
        or is_cumulative(goal)


@dataclass(frozen=True)
class Window:
    """The days a goal's evaluation looks at, for the service to fetch."""

    as_of: dt.date  # today, or the end date once the goal has ended
    first_week: dt.date  # Monday of the first week of the history
    first_day: dt.date  # first day whose records count: the later of start date and first_week
    weeks: tuple[dt.date, ...]  # Mondays from first_week to as_of's week


def needs_before(goal: Goal, w: Window) -> bool:
    """Whether the total from the start date to the day before `w.first_day` matters
    (running totals and rates since the start, once the goal is older than the history)."""
    return goal.period == "total" and goal.kind in WEEKLY_KINDS | {"treatment_attendance"} \
        and w.first_day > goal.start_date


def window(goal: Goal, today: dt.date) -> Window | None:
    """What to fetch for `goal` on `today`; None before the goal starts."""
    if today < goal.start_date:
        return None
    as_of = min(today, goal.end_date) if goal.end_date is not None else today
    last = week_start(as_of)
    first = max(week_start(goal.start_date), last - (HISTORY_WEEKS - 1) * _WEEK)
    weeks = tuple(first + i * _WEEK for i in range((last - first).days // 7 + 1))
    return Window(as_of, first, max(goal.start_date, first), weeks)


@dataclass(frozen=True)
class GoalData:
    """Plain numbers the service supplies. Weekly maps are keyed by Monday and hold only
    records dated from `Window.first_day` to `Window.as_of`; a missing week is 0."""

    weeks: Mapping[dt.date, float] = field(default_factory=dict)  # count, sum, or sessions attended
    counted: Mapping[dt.date, float] = field(default_factory=dict)  # attendance: attended + missed
    before: float = 0  # the same measure from the start date to the day before first_day
    counted_before: float = 0
    reached_on: dt.date | None = None  # period "total": the day the running total reached the target
    runs: Sequence[tuple[dt.date, dt.date]] = ()  # check-in runs (first, last day), oldest first
    periods: Sequence[SobrietyPeriod] = ()
    steps: Sequence[Milestone] = ()  # a checklist goal's milestones


@dataclass(frozen=True)
class WeekValue:
    week_start: dt.date
    actual: float | None  # None only for a rate in a week without sessions
    target: float
    met: bool | None


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    status: str  # one of STATUSES
    current: float | None
    target: float | None
    fraction: float  # 0..1
    history: tuple[WeekValue, ...]
    text: str
    final: str | None = None  # "met" / "not met" once ended
    met_on: dt.date | None = None  # when a goal with a finish line was first met
    suggested_end: dt.date | None = None  # "starting again": an end date that gives the days back


# --- evaluation ---------------------------------------------------------------------------------


def evaluate(goal: Goal, data: GoalData, today: dt.date) -> GoalProgress:
    w = window(goal, today)
    if w is None:
        return GoalProgress(goal, "not started", None, goal.target, 0.0, (),
                            _("Starts on {day}.").format(day=fmt.date(goal.start_date)))
    rule = _RULES[goal.kind]
    p = rule(goal, data, w)
    if goal.end_date is not None and today > goal.end_date:
        final = "met" if p.status == "met" else "not met"
        ended = _("Ended {day}, met: {text}") if final == "met" else _("Ended {day}, not met: {text}")
        text = ended.format(day=fmt.date(goal.end_date), text=p.text)
        return GoalProgress(goal, "ended", p.current, p.target, p.fraction, p.history, text, final, p.met_on)
    return p


def _progress(goal, status, current, target, history, text, met_on=None) -> GoalProgress:
    if status == "met":
        fraction = 1.0
    elif current is None or target is None:
        fraction = 0.0
    elif target <= 0:
        fraction = 1.0
    else:
        fraction = min(1.0, max(0.0, current / target))
    return GoalProgress(goal, status, current, target, fraction, tuple(history), text, met_on=met_on)


def _days_covered(goal: Goal, monday: dt.date, upto: dt.date | None = None) -> int:
    """Days of this week inside the goal's dates (and up to `upto` when given)."""
    first = max(goal.start_date, monday)
    last = monday + 6 * _DAY
    if goal.end_date is not None:
        last = min(last, goal.end_date)
    if upto is not None:
        last = min(last, upto)
    return max(0, (last - first).days + 1)


def _week_target(goal: Goal, monday: dt.date) -> float:
    days = _days_covered(goal, monday)
    target = float(goal.target or 0)
    if goal.period == "day":
        return target * days
    if days == 7:
        return target
    # Never 0 of a target of 1 or more: a goal begun on a Sunday still asks for something.
    return max(min(target, 1.0), _units(target * days / 7, target))


def _units(amount: float, target: float) -> float:
    """Whole units for a whole target (half rounds up), else one decimal."""
    return float(math.floor(amount + 0.5)) if float(target).is_integer() else round(amount, 1)


def _weekly(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    if goal.period == "total":
        return _cumulative(goal, data, w)
    history = []
    for monday in w.weeks:
        actual = float(data.weeks.get(monday, 0))
        target = _week_target(goal, monday)
        history.append(WeekValue(monday, actual, target, actual >= target))
    this = history[-1]
    if this.met:
        status = "met"
    else:
        covered = _days_covered(goal, this.week_start)
        over = _days_covered(goal, this.week_start, w.as_of - _DAY)  # today is not over yet
        pace = _units(this.target * over / covered, this.target) if covered else 0.0
        last_met = len(history) > 1 and bool(history[-2].met)
        status = "on track" if (this.actual or 0.0) >= pace or last_met else "behind"
    text = _("{current} of {target} {what} this week").format(
        current=_n(this.actual), target=_n(this.target), what=_what(goal, this.target))
    if goal.period == "day":
        text += " " + _("({n} a day)").format(n=_n(goal.target))
    if goal.end_date is not None and w.as_of == goal.end_date:
        met = sum(1 for h in history if h.met)
        text += _("; met in {met} of {weeks}").format(met=fmt.number(met),
                                                      weeks=fmt.plural(len(history), "week", "weeks"))
    return _progress(goal, status, this.actual, this.target, history, text)


def _cumulative(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    target = float(goal.target or 0)
    running = float(data.before)
    history = []
    met_on = w.first_day - _DAY if running >= target else None
    for monday in w.weeks:
        running += float(data.weeks.get(monday, 0))
        history.append(WeekValue(monday, running, target, running >= target))
        if met_on is None and running >= target:
            met_on = min(monday + 6 * _DAY, w.as_of)
    if running >= target:
        status = "met"
        met_on = max(cast(dt.date, data.reached_on or met_on), goal.start_date)  # set in the loop when met
    else:
        met_on = None
        status = _deadline_pace(goal, w, running, target)
    text = _("{current} of {target} {what} since {day}").format(
        current=_n(running), target=_n(target), what=_what(goal, target), day=fmt.date(goal.start_date))
    return _progress(goal, status, running, target, history, text, met_on)


def _deadline_pace(goal: Goal, w: Window, current: float, target: float) -> str:
    """On track without an end date; with one, while current keeps pace with the days."""
    if goal.end_date is None:
        return "on track"
    total = (goal.end_date - goal.start_date).days + 1
    elapsed = (w.as_of - goal.start_date).days + 1
    return "on track" if current >= target * elapsed / total else "behind"


def _rate(attended: float, counted: float) -> float | None:
    return None if counted <= 0 else round(100.0 * attended / counted, 1)


def _attendance(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    target = float(goal.target or 0)
    history = []
    for monday in w.weeks:
        rate = _rate(data.weeks.get(monday, 0), data.counted.get(monday, 0))
        history.append(WeekValue(monday, rate, target, None if rate is None else rate >= target))
    if goal.period == "total":
        attended = data.before + sum(data.weeks.get(m, 0) for m in w.weeks)
        counted = data.counted_before + sum(data.counted.get(m, 0) for m in w.weeks)
        span = _("since {day}").format(day=fmt.date(goal.start_date))
    else:
        recent = w.weeks[-RATE_WEEKS:]
        attended = sum(data.weeks.get(m, 0) for m in recent)
        counted = sum(data.counted.get(m, 0) for m in recent)
        span = _("this week") if len(recent) == 1 else _("over {n} weeks").format(n=fmt.number(len(recent)))
    rate = _rate(attended, counted)
    if rate is None:
        return _progress(goal, "on track", None, target, history,
                         _("No sessions attended or missed {span} (excused not counted)").format(span=span))
    status = "met" if rate >= target else "behind"
    text = _("{rate} % of sessions attended {span} (excused not counted; goal {target} %)").format(
        rate=_n(rate), span=span, target=_n(target))
    return _progress(goal, status, rate, target, history, text)


def _streak_at(runs: Sequence[tuple[dt.date, dt.date]], day: dt.date, alive_from_yesterday: bool) -> int:
    i = bisect_right(runs, (day, dt.date.max)) - 1
    if i >= 0:
        first, last = runs[i]
        if last >= day:
            return (day - first).days + 1
        if alive_from_yesterday and last == day - _DAY:
            return (last - first).days + 1
    return 0


def _checkin_streak(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    target = float(goal.target or 0)
    runs = sorted(data.runs)
    met_on = None
    for first, last in runs:
        # The streak counts from `reached` to its last check-in, and still on the day after
        # while that day (today) has none yet: a streak reached before the goal began meets it
        # on any day between the start and today that it is still alive.
        alive_until = w.as_of if last == w.as_of - _DAY else min(last, w.as_of)
        reached = first + dt.timedelta(days=max(0, math.ceil(target) - 1))
        if reached > min(last, w.as_of):
            continue
        day = max(reached, goal.start_date)
        if day <= alive_until:
            met_on = day if met_on is None else min(met_on, day)
    current = _streak_at(runs, w.as_of, True)
    history = []
    for monday in w.weeks:
        day = min(monday + 6 * _DAY, w.as_of)
        value = float(_streak_at(runs, day, day == w.as_of))
        history.append(WeekValue(monday, value, target, value >= target))
    if met_on is not None:
        status = "met"
    elif current == 0:
        status = "behind"
    elif goal.end_date is None:
        status = "on track"
    else:
        checked_today = _streak_at(runs, w.as_of, False) > 0
        possible = current + (goal.end_date - w.as_of).days + (0 if checked_today else 1)
        status = "on track" if possible >= target else "behind"
    if current:
        text = _("{days} in a row of {target} checking in").format(
            days=fmt.plural(current, "day", "days"), target=_n(target))
    else:
        text = _("No check-in yesterday or today; your next one starts a new streak (goal {target} days)").format(
            target=_n(target))
    if met_on is not None:
        if current:
            text = _("{target}-day check-in streak reached on {day}; now {days} in a row").format(
                target=_n(target), day=fmt.date(met_on), days=fmt.plural(current, "day", "days"))
        else:
            text = _("{target}-day check-in streak reached on {day}; your next check-in starts a new streak").format(
                target=_n(target), day=fmt.date(met_on))
    return _progress(goal, status, float(current), target, history, text, met_on)


def _sober_at(periods: Sequence[SobrietyPeriod], day: dt.date, lapses: frozenset[dt.date] = frozenset()) -> int:
    """The count on `day`: of the period running then that began last (as Today counts)."""
    running = [p for p in periods if p.start_date <= day and (p.end_date is None or day < p.end_date)]
    latest = max(running, key=lambda p: p.start_date, default=None)
    return 0 if latest is None else max(0, (day - sober_start(latest, lapses)).days)


def _sober_days(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    target = float(goal.target or 0)
    periods = [p for p in data.periods if p.start_date <= w.as_of]
    lapses = lapse_days(periods)
    met_on = None
    need = dt.timedelta(days=math.ceil(target))
    for p in periods:
        # The count a period reached: to its lapse day (its days are the days before it) or as_of.
        end = min(p.end_date, w.as_of) if p.end_date is not None else w.as_of
        if end < goal.start_date:
            continue
        reached = sober_start(p, lapses) + need
        if reached <= end:
            day = max(reached, goal.start_date)
            met_on = day if met_on is None else min(met_on, day)
    running = [p for p in periods if p.end_date is None or p.end_date > w.as_of]
    current = float(_sober_at(running, w.as_of, lapses)) if running else None
    history = []
    for monday in w.weeks:
        value = float(_sober_at(periods, min(monday + 6 * _DAY, w.as_of), lapses))
        history.append(WeekValue(monday, value, target, value >= target))
    if met_on is not None:
        status = "met"
    elif current is None:
        status = "behind"
    elif goal.end_date is None or current + (goal.end_date - w.as_of).days >= target:
        status = "on track"
    else:
        status = "behind"
    if current is None:
        text = _("No sober date set: add your current sober period to count toward {target} days").format(
            target=_n(target))
    else:
        text = _("Day {current} of {target} sober days").format(current=_n(current), target=_n(target))
    if met_on is not None:
        if current is not None:
            text = _("{target} sober days reached on {day}; day {current} today").format(
                target=_n(target), day=fmt.date(met_on), current=_n(current))
        else:
            text = _("{target} sober days reached on {day}").format(target=_n(target), day=fmt.date(met_on))
    suggested = None
    if status == "behind" and any(goal.start_date <= d <= w.as_of for d in lapses):
        # After a lapse the count starts again: say so, and offer the days back, not "behind".
        status = "starting again"
        if current is None:
            text = _("Starting again when you are ready: set the day you start on the Check-ins page")
        else:
            text = _("Starting again — day {current}").format(current=_n(current))
            if goal.end_date is not None:
                suggested = w.as_of + dt.timedelta(days=math.ceil(target - current))
    progress = _progress(goal, status, current, target, history, text, met_on)
    return replace(progress, suggested_end=suggested) if suggested else progress


def _custom_number(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    target = float(goal.target or 0)
    current = goal.current_value
    unit = f" {goal.unit}" if goal.unit else ""
    if current is None:
        return _progress(goal, "on track", None, target, (),
                         _("Not updated yet: 0 of {target}{unit} so far").format(target=_n(target), unit=unit))
    met = current >= target
    status = "met" if met else _deadline_pace(goal, w, current, target)
    return _progress(goal, status, float(current), target, (),
                     _("{current} of {target}{unit}").format(current=_n(current), target=_n(target), unit=unit),
                     w.as_of if met else None)


def _checklist(goal: Goal, data: GoalData, w: Window) -> GoalProgress:
    steps = [m for m in data.steps if m.kind != "goal_met"]
    total = len(steps)
    done = [m for m in steps if m.reached_on is not None and m.reached_on <= w.as_of]
    done_on = [m.reached_on for m in done if m.reached_on is not None]
    history = []
    for monday in w.weeks:
        day = min(monday + 6 * _DAY, w.as_of)
        n = sum(1 for reached in done_on if reached <= day)
        history.append(WeekValue(monday, float(n), float(total), total > 0 and n >= total))
    if total == 0:
        return _progress(goal, "on track", 0.0, 0.0, history, _("No steps yet: add milestones to this goal"))
    overdue = sorted((m for m in steps if m not in done and m.target_date is not None
                      and m.target_date < w.as_of), key=lambda m: m.target_date or dt.date.min)
    if len(done) == total:
        return _progress(goal, "met", float(total), float(total), history,
                         ngettext("All {n} step done", "All {n} steps done", total).format(n=fmt.number(total)),
                         max(done_on))
    text = _("{done} of {steps} done").format(done=fmt.number(len(done)), steps=fmt.plural(total, "step", "steps"))
    if overdue:
        text += _("; “{title}” was planned for {day}").format(
            title=overdue[0].title, day=fmt.date(cast(dt.date, overdue[0].target_date)))
    return _progress(goal, "behind" if overdue else "on track", float(len(done)), float(total), history, text)


_RULES = {
    "meetings_per_week": _weekly,
    "selfcare_minutes": _weekly,
    "coping_per_week": _weekly,
    "treatment_attendance": _attendance,
    "checkin_streak": _checkin_streak,
    "sober_days": _sober_days,
    "custom_number": _custom_number,
    "custom_checklist": _checklist,
}


# --- words ----------------------------------------------------------------------------------------


def _n(x: float | None) -> str:
    return "–" if x is None else fmt.number(x)


def _what(goal: Goal, amount: float) -> str:
    if goal.kind == "meetings_per_week":
        return ngettext("meeting", "meetings", amount)
    if goal.kind == "coping_per_week":
        return ngettext("coping-skill practice", "coping-skill practices", amount)
    if goal.category:
        category = i18n._(dict(SELF_CARE_CATEGORIES)[goal.category]).lower()
        return ngettext("minute of {category}", "minutes of {category}", amount).format(category=category)
    return ngettext("self-care minute", "self-care minutes", amount)
