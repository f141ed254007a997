"""Recovery progress the pages show above their tables: meeting streaks and 90 in 90,
sobriety across lapses, today's check-in, and self-care entries worth repeating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.domain.meetings import (
    NINETY,
    MeetingStreaks,
    NinetyInNinety,
    ninety_counted_days,
    ninety_from_count,
    streaks_from,
)
from app.domain.records import CheckIn, SelfCareEntry, SobrietyPeriod
from app.domain.wording import SOBER, WITHOUT_USE, check_style, reword
from app.domain.sobriety import SobrietyStats, after_lapse, current_period, sobriety_stats

from .clock import Clock
from .records import RecordService

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

NINETY_START_KEY = "meetings.ninety_start"
WORDING_KEY = "wording.sober"


@dataclass(frozen=True)
class MeetingProgress:
    streaks: MeetingStreaks
    ninety: NinetyInNinety | None


def ninety_start(store: Store) -> dt.date | None:
    """The day the person started their 90 in 90 (setting meetings.ninety_start), or None."""
    value = store.get_setting(NINETY_START_KEY)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def ninety_progress(store: Store, today: dt.date) -> tuple[NinetyInNinety | None, dt.date | None]:
    """The person's 90 in 90 as of `today` (None when none is started) and the day of its
    90th meeting once reached: counted in SQL, the one way the Meetings page, Today, goals
    and milestones count it."""
    start = ninety_start(store)
    if start is None:
        return None, None
    days = ninety_counted_days(start, today)
    progress = ninety_from_count(start, today, store.attendance.meetings_between(*days) if days else 0)
    reached = store.attendance.nth_meeting(NINETY, *days) if days and progress.completed else None
    return progress, reached


def wording_for(records: RecordService) -> str:
    """The person's word for days without use (setting wording.sober): "sober" or "without_use"."""
    value = records.store.get_setting(WORDING_KEY) or SOBER
    return value if value in (SOBER, WITHOUT_USE) else SOBER


class RecoveryService:
    def __init__(self, store: Store, records: RecordService, clock: Clock | None = None):
        self.store = store
        self.records = records
        self.clock = clock or records.clock

    def today(self) -> dt.date:
        return self.clock.now().date()

    # --- meetings ----------------------------------------------------------------------------

    def meeting_progress(self) -> MeetingProgress:
        today = self.today()
        streaks = streaks_from(self.store.attendance.meeting_days(today), today)
        return MeetingProgress(streaks, ninety_progress(self.store, today)[0])

    def ninety_start(self) -> dt.date | None:
        return ninety_start(self.store)

    def start_ninety(self, start: dt.date | None = None) -> dt.date:
        start = start or self.today()
        if start > self.today():
            raise ValidationError("start", _("A 90 in 90 cannot start in the future."))
        self.store.set_setting(NINETY_START_KEY, start.isoformat())
        self.records.notify("attendance")
        return start

    def stop_ninety(self) -> None:
        self.store.set_setting(NINETY_START_KEY, "")
        self.records.notify("attendance")

    # --- wording --------------------------------------------------------------------------------

    def wording(self) -> str:
        """"sober" or "without_use" (setting wording.sober): how days without use are named."""
        return wording_for(self.records)

    def set_wording(self, style: str) -> None:
        check_style(style)
        self.store.set_setting(WORDING_KEY, style)
        self.records.notify("sobriety")  # every sober count is shown again in the new words

    def words(self, text: str) -> str:
        """`text` (written with "sober") in the person's chosen wording."""
        return reword(text, self.wording())

    # --- sobriety -------------------------------------------------------------------------------

    def sobriety(self) -> SobrietyStats:
        """Every period (a new one may start tomorrow); days with use never count as sober."""
        today = self.today()
        marks = self.store.checkins.day_marks(dt.date(today.year, 1, 1), today)
        return sobriety_stats(self.store.sobriety.list(), today, use_days=[d for d, used in marks.items() if used])

    def record_lapse(self, lapse_day: dt.date, sober_again: dt.date | None = None, notes: str = "", *,
                     not_yet: bool = False) -> SobrietyPeriod | None:
        """End the current period on the lapse day (kept in history) and start a new one on
        `sober_again` (default: the day after the lapse, which may be tomorrow), or none yet
        when `not_yet`. Returns the new period, or None for "not yet"."""
        today = self.today()
        if lapse_day > today:
            raise ValidationError("end_date", _("The lapse cannot be in the future."))
        if not_yet:
            sober_again = None
        else:
            sober_again = sober_again or lapse_day + dt.timedelta(days=1)
            if sober_again > max(today, lapse_day) + dt.timedelta(days=1):
                raise ValidationError("start_date", _("The new start can be tomorrow at the latest; set a later "
                                                      "one when it comes."))
        current = current_period(self.store.sobriety.list(end=today), today)
        ended, started = after_lapse(current, lapse_day, sober_again)
        if started is not None:
            if notes:
                started = started.with_changes(notes=notes)
            self.records.check(started, is_new=True)
        elif notes and ended is not None:
            ended = ended.with_changes(notes=(ended.notes + "\n" + notes).strip())
        with self.store.transaction():
            if ended is not None:
                self.store.sobriety.update(ended)
            if started is not None:
                self.store.sobriety.add(started)
        self.records.notify("sobriety")
        return started

    def start_again(self, day: dt.date) -> SobrietyPeriod:
        """After a lapse left open ("not yet"), or with no sober date at all: a new period from
        `day` (today or tomorrow at the latest, after the last lapse)."""
        today = self.today()
        if day > today + dt.timedelta(days=1):
            raise ValidationError("start_date", _("The new start can be tomorrow at the latest."))
        periods = self.store.sobriety.list()
        if current_period(periods, today) is not None:
            raise ValidationError("start_date", _("A sober period is already running; record a lapse to end it."))
        lapses = [p.end_date for p in periods if p.end_date is not None]
        if lapses and day <= max(lapses):
            raise ValidationError("start_date", _("The day of the lapse is not a sober day: start again from the day "
                                                  "after it or later."))
        return self.records.add(SobrietyPeriod(start_date=day))

    # --- check-ins ----------------------------------------------------------------------------------

    def todays_checkin(self) -> CheckIn | None:
        return self.store.checkins.for_day(self.today())

    # --- self-care -----------------------------------------------------------------------------------

    def repeatable_selfcare(self, limit: int = 4) -> list[SelfCareEntry]:
        """The most recent entries with different category and minutes, newest first."""
        seen: set[tuple[str, int]] = set()
        found: list[SelfCareEntry] = []
        for entry in self.store.selfcare.list(start=self.today() - dt.timedelta(days=60), limit=200):
            key = (entry.category, entry.minutes)
            if key not in seen:
                seen.add(key)
                found.append(entry)
                if len(found) == limit:
                    break
        return found

    def repeat_selfcare(self, entry: SelfCareEntry) -> SelfCareEntry:
        """Log the same activity again, now; moods are left blank since they are today's to tell."""
        now = self.clock.now().replace(second=0, microsecond=0)
        return self.records.add(SelfCareEntry(occurred_at=now, category=entry.category, minutes=entry.minutes,
                                              notes=entry.notes))
