"""Every use case over one open store, wired in one place.

`build_services(store, clock)` is what app.main (the window), app.cli and the test fixtures
use, so the services are wired the same way everywhere: one RecordService (whose listeners
every page subscribes to) and one clock shared by all of them. Each service is made on first
use, so a command that adds one record does not import the report builder or the calendar
reader.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .clock import Clock, SystemClock

if TYPE_CHECKING:  # imported on first use; importing them here would load every service
    from app.storage import Store

    from .app_lock import LockSettings
    from .assessments import AssessmentService
    from .backups import BackupService
    from .crisis import CrisisService
    from .goals import GoalService
    from .insights import InsightService
    from .ics import CalendarFiles
    from .meeting_feeds import MeetingFeeds
    from .plans import PlanService
    from .progress import ProgressService
    from .records import RecordService
    from .recovery import RecoveryService
    from .reminders import ReminderService
    from .reports import ReportService
    from .schedule import ScheduleService
    from .today import TodayService
    from .transfer import TransferService
    from .treatment import TreatmentService


class Services:
    """The services of one open store. `data_dir` is the folder backups go into (the store's
    own folder unless given)."""

    def __init__(self, store: Store, clock: Clock | None = None, *, data_dir: Path | None = None):
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.data_dir = Path(data_dir) if data_dir is not None else store.data_dir

    @cached_property
    def records(self) -> RecordService:
        from .records import RecordService

        records = RecordService(self.store, self.clock)
        records.on_write(self._after_write)
        return records

    def _after_write(self, kind_name: str) -> None:
        """Milestones are recorded in the write path: a write that can make one due records
        them (GoalService.record_milestones). The check is cheap, so a coping entry with no
        coping goal neither loads nor evaluates the goals."""
        from app.domain.records import ENTRY_GOAL_KINDS, MILESTONE_SOURCES

        goal_kind = ENTRY_GOAL_KINDS.get(kind_name)
        if kind_name in MILESTONE_SOURCES or (goal_kind is not None and self.store.goals.has_kind(goal_kind)):
            self.goals.record_milestones()

    @cached_property
    def today(self) -> TodayService:
        from .today import TodayService

        return TodayService(self.store, self.clock)

    @cached_property
    def schedule(self) -> ScheduleService:
        from .schedule import ScheduleService

        return ScheduleService(self.store, self.records, self.clock)

    @cached_property
    def goals(self) -> GoalService:
        from .goals import GoalService

        return GoalService(self.store, self.records, self.clock)

    @cached_property
    def recovery(self) -> RecoveryService:
        from .recovery import RecoveryService

        return RecoveryService(self.store, self.records, self.clock)

    @cached_property
    def progress(self) -> ProgressService:
        from .progress import ProgressService

        return ProgressService(self.store, self.records, self.schedule, self.goals, self.clock)

    @cached_property
    def reports(self) -> ReportService:
        from .reports import ReportService

        return ReportService(self.store, self.progress)

    @cached_property
    def reminders(self) -> ReminderService:
        from .reminders import ReminderService

        return ReminderService(self.schedule, self.store, self.clock, last_self_check=self._last_self_check)

    def _last_self_check(self) -> dt.date | None:
        """The day of the newest self-check, or None (the self-check reminder's measure)."""
        newest = self.store.assessments.list(limit=1)
        return newest[0].day if newest else None

    @cached_property
    def app_lock(self) -> LockSettings:
        from .app_lock import LockSettings

        return LockSettings(self.store)

    @cached_property
    def calendar(self) -> CalendarFiles:
        from .ics import CalendarFiles

        return CalendarFiles(self.store, self.records)

    @cached_property
    def meetings(self) -> MeetingFeeds:
        from .meeting_feeds import MeetingFeeds

        return MeetingFeeds(self.store, self.records)

    @cached_property
    def transfer(self) -> TransferService:
        from .transfer import TransferService

        return TransferService(self.store, self.records)

    @cached_property
    def backups(self) -> BackupService:
        from .backups import BackupService

        return BackupService(self.store, self.data_dir, self.clock)


    @cached_property
    def plans(self) -> PlanService:
        from .plans import PlanService

        return PlanService(self.records)

    @cached_property
    def assessments(self) -> AssessmentService:
        from .assessments import AssessmentService

        return AssessmentService(self.records)

    @cached_property
    def insights(self) -> InsightService:
        from .insights import InsightService

        return InsightService(self.store, self.clock)

    @cached_property
    def treatment(self) -> TreatmentService:
        from .treatment import TreatmentService

        return TreatmentService(self.records)

    @cached_property
    def crisis(self) -> CrisisService:
        from .crisis import CrisisService

        return CrisisService(self.records, plans=self.plans)


def build_services(store: Store, clock: Clock | None = None, *, data_dir: Path | None = None) -> Services:
    """The one place the services are wired: see the module's docstring."""
    return Services(store, clock, data_dir=data_dir)
