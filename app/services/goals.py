"""Goals and milestones: progress from the records (weekly aggregates in SQL, rules in
app.domain.goals) and the milestones Steady records by itself (app.domain.milestones)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import TYPE_CHECKING

from app.domain.goals import GoalData, GoalProgress, evaluate, needs_before, window
from app.domain.i18n import pgettext
from app.domain.milestones import due_milestones
from app.domain.records import Goal, Milestone, SobrietyPeriod
from app.domain.wording import SOBER, WITHOUT_USE, reword

from .clock import Clock
from .records import RecordService
from .recovery import WORDING_KEY, ninety_progress

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

_DAY = dt.timedelta(days=1)


def status_label(status: str) -> str:
    """A goal's status (one of app.domain.goals.STATUSES, which stay English as keys) in the
    reader's language: "on track" → "en camino"."""
    labels = {
        "on track": pgettext("goal status", "on track"),
        "behind": pgettext("goal status", "behind"),
        "met": pgettext("goal status", "met"),
        "not started": pgettext("goal status", "not started"),
        "ended": pgettext("goal status", "ended"),
        "starting again": pgettext("goal status", "starting again"),
    }
    return labels.get(status, status)


class GoalService:
    def __init__(self, store: Store, records: RecordService, clock: Clock | None = None):
        self.store = store
        self.records = records
        self.clock = clock or records.clock
        self._unannounced: list[Milestone] = []
        self._recording = False

    def today(self) -> dt.date:
        return self.clock.now().date()

    # --- progress -------------------------------------------------------------------------------

    def goals(self, include_archived: bool = False) -> list[Goal]:
        return [g for g in self.store.goals.list() if include_archived or not g.archived]

    def progress(self, goal: Goal) -> GoalProgress:
        return self._progress(goal, self.today(), {})

    def all_progress(self, include_archived: bool = False) -> list[GoalProgress]:
        today = self.today()
        shared: dict = {}  # sobriety periods and check-in runs, read once for all goals
        return [self._progress(g, today, shared) for g in self.goals(include_archived)]

    def _progress(self, goal: Goal, today: dt.date, shared: dict) -> GoalProgress:
        w = window(goal, today)
        if w is None:
            return evaluate(goal, GoalData(), today)
        progress = evaluate(goal, self._data(goal, w, today, shared), today)
        if goal.kind == "sober_days" and self._wording(shared) != SOBER:
            progress = replace(progress, text=reword(progress.text, self._wording(shared)))
        return progress

    def _wording(self, shared: dict) -> str:
        """The person's word for days without use (setting wording.sober), read once per pass."""
        if "wording" not in shared:
            value = self.store.get_setting(WORDING_KEY) or SOBER
            shared["wording"] = value if value in (SOBER, WITHOUT_USE) else SOBER
        return shared["wording"]

    def _data(self, goal: Goal, w, today: dt.date, shared: dict) -> GoalData:
        s = self.store
        kind = goal.kind
        first, last = w.first_day, w.as_of
        before_end = first - _DAY
        has_before = needs_before(goal, w)
        if kind == "meetings_per_week":
            before = s.attendance.meetings_between(goal.start_date, before_end) if has_before else 0
            data = GoalData(weeks=s.attendance.weekly_meetings(first, last), before=before)
            return self._reached(goal, w, data, lambda n: s.attendance.nth_meeting(n, goal.start_date, last))
        if kind == "coping_per_week":
            before = s.coping.total_between("", goal.start_date, before_end) if has_before else 0
            data = GoalData(weeks=s.coping.weekly_counts(first, last), before=before)
            return self._reached(goal, w, data, lambda n: s.coping.reached_when("", n, goal.start_date, last))
        if kind == "selfcare_minutes":
            category = goal.category or None
            before = s.selfcare.minutes_between(goal.start_date, before_end, category) if has_before else 0
            data = GoalData(weeks=s.selfcare.weekly_minutes(first, last, category), before=before)
            return self._reached(goal, w, data, lambda n: s.selfcare.minutes_reached_when(
                n, goal.start_date, last, category))
        if kind == "treatment_attendance":
            weekly = s.attendance.weekly_sessions(first, last)
            attended, counted = s.attendance.sessions_between(goal.start_date, before_end) if has_before else (0, 0)
            return GoalData(weeks={k: v[0] for k, v in weekly.items()},
                            counted={k: v[1] for k, v in weekly.items()},
                            before=attended, counted_before=counted)
        if kind == "checkin_streak":
            key = ("runs", last)
            if key not in shared:
                shared[key] = s.checkins.day_runs(last)
            return GoalData(runs=shared[key])
        if kind == "sober_days":
            return GoalData(periods=self._periods(today, shared))
        if kind == "custom_checklist":
            return GoalData(steps=self._steps(goal))
        return GoalData()

    @staticmethod
    def _reached(goal: Goal, w, data: GoalData, find) -> GoalData:
        """For a running total that has reached its target, the day it did (one more query)."""
        target = goal.target or 0
        if goal.period != "total" or data.before + sum(data.weeks.values()) < target:
            return data
        if target <= 0:
            return replace(data, reached_on=goal.start_date)
        when = find(math.ceil(target))
        if isinstance(when, str):
            when = dt.date.fromisoformat(when[:10])
        return replace(data, reached_on=when)

    def _periods(self, today: dt.date, shared: dict) -> list[SobrietyPeriod]:
        if "periods" not in shared:
            shared["periods"] = self.store.sobriety.list(end=today)
        return shared["periods"]

    def _steps(self, goal: Goal) -> list[Milestone]:
        # A person has tens of milestones, not thousands: reading them all is cheap.
        return [m for m in self.store.milestones.list() if m.goal_id == goal.id]

    # --- milestones ---------------------------------------------------------------------------------

    def due_milestones(self) -> list[Milestone]:
        """Milestones reached but not recorded yet (nothing is written)."""
        today = self.today()
        ninety, reached = ninety_progress(self.store, today)
        return due_milestones(
            today, self.store.sobriety.list(end=today), ninety, self.store.phases.list(),
            self.all_progress(), self.store.milestones.list(), ninety_reached_on=reached)

    def record_milestones(self) -> list[Milestone]:
        """Record every milestone reached since the last time, all in one transaction.
        Running it again adds nothing. It runs in the write path (wired by
        app.services.bundle), when the data is opened and when a new day begins: never from a
        page refresh, which only reads (take_new_milestones)."""
        if self._recording:
            return []
        self._recording = True
        try:
            with self.store.transaction():
                # Decided inside the transaction, so two windows cannot both add the same mark.
                due = self.due_milestones()
                style = self._wording({})
                due = [replace(m, title=reword(m.title, style)) if m.kind == "sober_days" else m for m in due]
                self.store.milestones.add_many(due)
            if due:
                self._unannounced.extend(due)
                self.records.notify("milestone")
        finally:
            self._recording = False
        return due

    def take_new_milestones(self) -> list[Milestone]:
        """Milestones recorded since the last call (for a page to say "New milestone: …"
        once); reading them clears the list."""
        new, self._unannounced = self._unannounced, []
        return new

    def milestones(self) -> list[Milestone]:
        """Every milestone, reached ones newest first, then those still ahead."""
        return self.store.milestones.list()

    def latest_milestone(self) -> Milestone | None:
        """The most recently reached milestone (for a kind word on Today), or None."""
        latest = self.store.milestones.list(limit=1)
        return latest[0] if latest and latest[0].reached_on is not None else None
