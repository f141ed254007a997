"""Milestones Steady notices by itself: sober-day marks, 90 meetings in 90 days, a program
phase completed, a goal met. Pure: `due_milestones` says which new records to add.

Each is dated the day it was reached (not the day Steady noticed), so a mark reached while
the app was closed still shows its real date.

Sober-day marks are 1, 7, 14, 30, 60, 90 and 180 days, then every year by calendar date
(1 year, 2 years… from the start date; a 29 February start has its anniversary on
28 February in a common year). Day N is reached on start + N days (the start day is day 0,
as on a chip). Only the current period's marks are due: after a lapse the marks start
again from 1 day, and the milestones of earlier periods stay as they are.

Never twice — how an existing record counts as "this one" (titles can be edited, so they
are not the key; nothing hidden is written into notes, which belong to the user):
  * sober_days: a sober-days milestone reached within one day of the mark, on or after the
    current period's start (the day of slack lets a mark typed by hand, or a year counted
    as 365 days across a 29 February, count as the same mark);
  * meetings_90: a meetings_90 milestone reached inside the same 90-day window;
  * phase_completed: one with the same title (ignoring case) or reached the same day;
  * goal_met: one with the same goal_id. Only goals with a finish line get one (see
    `goals.has_finish_line`): a weekly goal is met again every week.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable, Sequence

from . import formatting as fmt
from . import i18n
from .goals import GoalProgress, has_finish_line
from .i18n import N_, _, ngettext
from .meetings import NINETY, NinetyInNinety
from .records import Milestone, ProgramPhase, SobrietyPeriod
from .sobriety import current_period, lapse_days, sober_start

SOBER_MARKS = (1, 7, 14, 30, 60, 90, 180, 365)  # 365 stands for the yearly anniversaries, by date
_DAY_MARKS = tuple(m for m in SOBER_MARKS if m < 365)
NINETY_TITLE = N_("90 meetings in 90 days")


def anniversary(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        return start.replace(year=start.year + years, day=28)


def sober_title(days: int | None = None, years: int | None = None) -> str:
    if years is not None:
        return ngettext("{n} year sober", "{n} years sober", years).format(n=fmt.number(years))
    return ngettext("{n} day sober", "{n} days sober", days or 0).format(n=fmt.number(days or 0))


def sober_marks(start: dt.date, upto: dt.date) -> list[tuple[dt.date, str]]:
    """(day reached, title) of every mark from `start` reached by `upto`, oldest first."""
    found: list[tuple[dt.date, str]] = []
    for days in _DAY_MARKS:
        day = start + dt.timedelta(days=days)
        if day > upto:
            return found
        found.append((day, sober_title(days=days)))
    years = 1
    while (day := anniversary(start, years)) <= upto:
        found.append((day, sober_title(years=years)))
        years += 1
    return found


def phase_title(phase: ProgramPhase) -> str:
    return _("Finished the {phase} phase").format(phase=phase.name)


def goal_met_title(progress: GoalProgress) -> str:
    return _("Goal met: {title}").format(title=progress.goal.title)


def due_milestones(
    today: dt.date,
    sobriety_periods: Iterable[SobrietyPeriod],
    ninety_progress: NinetyInNinety | None,
    phases: Iterable[ProgramPhase],
    goal_progresses: Iterable[GoalProgress],
    existing_milestones: Iterable[Milestone],
    *,
    ninety_reached_on: dt.date | None = None,
) -> list[Milestone]:
    """New milestones to record, oldest first; none that is already recorded.

    `ninety_reached_on` is the day of the 90th meeting of the challenge (the service looks
    it up); without it a completed challenge is dated the last day counted so far.
    """
    existing = list(existing_milestones)
    by_kind: dict[str, list[Milestone]] = defaultdict(list)
    for m in existing:
        by_kind[m.kind].append(m)
    due: list[Milestone] = []

    periods = list(sobriety_periods)
    period = current_period([p for p in periods if p.start_date <= today], today)
    if period is not None:  # none while a lapse is open ("not yet"): no day-1 mark until a new start
        first = sober_start(period, lapse_days(periods))
        recorded = [m.reached_on for m in by_kind["sober_days"]
                    if m.reached_on is not None and m.reached_on >= period.start_date]
        for day, title in sober_marks(first, today):
            if not any(abs((r - day).days) <= 1 for r in recorded):
                due.append(Milestone(title=title, kind="sober_days", target_date=day, reached_on=day))

    n = ninety_progress
    if n is not None and n.completed:
        window_end = n.start + dt.timedelta(days=NINETY - 1)
        if not any(m.reached_on is not None and n.start <= m.reached_on <= window_end
                   for m in by_kind["meetings_90"]):
            day = ninety_reached_on or n.start + dt.timedelta(days=max(0, n.day - 1))
            due.append(Milestone(title=i18n._(NINETY_TITLE), kind="meetings_90", target_date=window_end, reached_on=day))

    programs: dict[str, list[ProgramPhase]] = defaultdict(list)
    for phase in phases:
        programs[phase.program_id].append(phase)
    titles = {m.title.casefold() for m in by_kind["phase_completed"]}
    days = {m.reached_on for m in by_kind["phase_completed"]}
    for ordered in programs.values():
        ordered.sort(key=lambda p: p.start_date)
        for phase, following in zip(ordered, ordered[1:], strict=False):
            day = following.start_date
            title = phase_title(phase)
            if day > today or day == phase.start_date or title.casefold() in titles or day in days:
                continue
            titles.add(title.casefold())
            days.add(day)
            due.append(Milestone(title=title, kind="phase_completed", target_date=day, reached_on=day))

    met_goals = {m.goal_id for m in by_kind["goal_met"]}
    for gp in goal_progresses:
        goal = gp.goal
        if not has_finish_line(goal) or goal.id in met_goals or gp.met_on is None:
            continue
        if gp.status == "met" or gp.final == "met":
            met_goals.add(goal.id)
            due.append(Milestone(title=goal_met_title(gp), kind="goal_met", goal_id=goal.id,
                                 target_date=goal.end_date, reached_on=min(gp.met_on, today)))

    due.sort(key=lambda m: (m.reached_on, m.kind, m.title))
    return due


def newest_first(milestones: Sequence[Milestone]) -> list[Milestone]:
    """Reached ones, latest first; then the ones still ahead by target date."""
    reached = sorted((m for m in milestones if m.reached_on is not None),
                     key=lambda m: (m.reached_on, m.title), reverse=True)
    ahead = sorted((m for m in milestones if m.reached_on is None),
                   key=lambda m: (m.target_date or dt.date.max, m.title))
    return reached + ahead
