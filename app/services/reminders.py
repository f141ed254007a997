"""Reminder use cases: the two settings, and which reminders to show now (each once)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable, Protocol

from app.domain.reminders import (
    DEFAULT_MINUTES,
    MAX_ITEM_MINUTES,
    Reminder,
    ReminderKey,
    absolute,
    check_default_minutes,
    due_reminders,
    next_due_at,
    notification,
    private_notification,
    reminders_for,
    on_local_clock,
)

from app.domain.i18n import N_, _

from .clock import Clock

if TYPE_CHECKING:  # the schedule service is handed in; no storage import here
    from app.domain.schedule import Slot

    from .schedule import ScheduleService

ENABLED_KEY = "reminders.enabled"
DEFAULT_MINUTES_KEY = "reminders.default_minutes"
# The gentle self-check reminder: off unless switched on; the day it was last shown is kept
# so that a restart (or a week left open in the tray) never repeats it within two weeks.
SELF_CHECK_KEY = "reminders.self_check"
SELF_CHECK_SHOWN_KEY = "reminders.self_check_shown"
SELF_CHECK_EVERY_DAYS = 14
SELF_CHECK_TITLE = N_("A self-check, when you're ready")  # shown as _(SELF_CHECK_TITLE)
# Slots are wall-clock times in their own zone, which can be up to 26 hours from the
# computer's (UTC-12 to UTC+14); widen the wall-clock window by that much on both sides.
_ZONE_SPREAD = dt.timedelta(hours=27)


class SettingsStore(Protocol):
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


class ReminderService:
    """Reminders while Steady runs. What has been shown is remembered in memory only: a
    restart may repeat a reminder for a session that has not started yet, which is better
    than losing one."""

    def __init__(self, schedule: ScheduleService, settings: SettingsStore, clock: Clock | None = None, *,
                 local_zone: str | None = None, last_self_check: Callable[[], dt.date | None] | None = None):
        self.schedule = schedule
        self.settings = settings
        self.last_self_check = last_self_check or (lambda: None)
        self.clock = clock or schedule.clock
        self._local_zone = local_zone
        self._sent: dict[ReminderKey, dt.datetime] = {}  # key -> session start (UTC), for pruning
        self._latest: dt.datetime | None = None  # the latest "now" seen (UTC)

    @property
    def local_zone(self) -> str | None:
        """The zone the clock's naive readings are in. None (the default) means the
        operating system's local time: the clock reads `datetime.now()`, so converting with
        the same OS rules always agrees with it, even where no IANA name can be found
        (Windows). Tests fix a zone to be deterministic."""
        return self._local_zone

    # --- settings --------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.settings.get_setting(ENABLED_KEY, "1") != "0"

    def set_enabled(self, on: bool) -> None:
        self.settings.set_setting(ENABLED_KEY, "1" if on else "0")

    @property
    def default_minutes(self) -> int:
        """The stored default; a value that is not a valid number of minutes reads as 30."""
        try:
            return check_default_minutes(self.settings.get_setting(DEFAULT_MINUTES_KEY, str(DEFAULT_MINUTES)))
        except ValueError:
            return DEFAULT_MINUTES

    def set_default_minutes(self, value: int | str) -> int:
        """Raises ValidationError (field 'default_minutes') outside 0..1440."""
        minutes = check_default_minutes(value)
        self.settings.set_setting(DEFAULT_MINUTES_KEY, str(minutes))
        return minutes

    @property
    def self_check_enabled(self) -> bool:
        """The every-two-weeks self-check reminder; off by default."""
        return self.settings.get_setting(SELF_CHECK_KEY, "0") == "1"

    def set_self_check_enabled(self, on: bool) -> None:
        self.settings.set_setting(SELF_CHECK_KEY, "1" if on else "0")

    def self_check_due(self) -> tuple[str, str] | None:
        """(title, text) of the self-check reminder if it is due now, else None; once due it
        is remembered as shown today. Due when switched on, the last self-check (if any) was
        at least two weeks ago, and the reminder itself was not shown in the last two weeks:
        one calm line, never a repeat, never a count of missed weeks."""
        if not self.self_check_enabled:
            return None
        today = self._now().date()
        shown = self.settings.get_setting(SELF_CHECK_SHOWN_KEY)
        try:
            shown_on = dt.date.fromisoformat(shown) if shown else None
        except ValueError:
            shown_on = None
        if shown_on is not None and 0 <= (today - shown_on).days < SELF_CHECK_EVERY_DAYS:
            return None
        last = self.last_self_check()
        if last is not None and (today - last).days < SELF_CHECK_EVERY_DAYS:
            return None
        self.settings.set_setting(SELF_CHECK_SHOWN_KEY, today.isoformat())
        if last is None:
            text = _("When you have five quiet minutes, a self-check (Edit ▸ Self-check…) gives you and your "
                     "counselor a snapshot of how things are going. No rush; it will wait.")
        else:
            text = _("It has been two weeks or so since your last self-check. When you have five quiet minutes, "
                     "Edit ▸ Self-check… shows how things are changing. No rush; it will wait.")
        return _(SELF_CHECK_TITLE), text

    # --- what is due ---------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.clock.now()

    def _slots(self, now: dt.datetime, default_minutes: int) -> list[Slot]:
        if now.tzinfo is not None:
            now = on_local_clock(now, self.local_zone).replace(tzinfo=None)
        # Any item may ask for up to a week's notice, so look that far ahead (a few days of
        # slots, not the whole plan).
        lead = dt.timedelta(minutes=max(default_minutes, MAX_ITEM_MINUTES))
        return self.schedule.slots(now - _ZONE_SPREAD, now + lead + _ZONE_SPREAD)

    def pending(self) -> list[Reminder]:
        """Reminders due now and not shown yet, without marking them shown."""
        if not self.enabled:
            return []
        now = self._now()
        minutes = self.default_minutes
        return due_reminders(self._slots(now, minutes), now, local_zone=self.local_zone,
                             default_minutes=minutes, already_sent=self._sent)

    def due(self) -> list[Reminder]:
        """Reminders to show now; each is returned once while Steady runs."""
        now_utc = absolute(self._now(), self.local_zone)
        self._latest = now_utc if self._latest is None else max(self._latest, now_utc)
        # A session that started a day before the latest time seen can never be due again,
        # even if the clock is then set back (by hand, or a wrong clock corrected): until then
        # its key stays, so a clock set back does not show the same reminder twice.
        forget = self._latest - dt.timedelta(days=1)
        for key in [k for k, starts in self._sent.items() if starts <= forget]:
            del self._sent[key]
        found = self.pending()
        for reminder in found:
            self._sent[reminder.key] = reminder.starts_at
        return found

    def next_due_at(self) -> dt.datetime | None:
        """When the next reminder not yet shown falls due (aware UTC), or None."""
        if not self.enabled:
            return None
        now = self._now()
        minutes = self.default_minutes
        return next_due_at(self._slots(now, minutes), now, local_zone=self.local_zone,
                           default_minutes=minutes, already_sent=self._sent)

    def seconds_until_next(self) -> float | None:
        at = self.next_due_at()
        if at is None:
            return None
        return max(0.0, (at - absolute(self._now(), self.local_zone)).total_seconds())

    def upcoming(self, hours: int = 48) -> list[Reminder]:
        """Reminders not shown yet whose session starts within `hours`, soonest due first:
        what the tray keeps while an encrypted Steady is locked and its data file is closed
        (`due_from` then picks from them without reading the file)."""
        if not self.enabled:
            return []
        now = self._now()
        minutes = self.default_minutes
        at = absolute(now, self.local_zone)
        until = at + dt.timedelta(hours=hours)
        return [r for r in reminders_for(self._slots(now, minutes), default_minutes=minutes)
                if r.key not in self._sent and at < r.starts_at <= until]

    def due_from(self, upcoming: list[Reminder]) -> list[Reminder]:
        """Of `upcoming`, those to show now (each once), like `due()` but without the data file."""
        now_utc = absolute(self._now(), self.local_zone)
        found = [r for r in upcoming if r.due_at <= now_utc < r.starts_at and r.key not in self._sent]
        for reminder in found:
            self._sent[reminder.key] = reminder.starts_at
        return found

    def seconds_until_next_of(self, upcoming: list[Reminder]) -> float | None:
        now_utc = absolute(self._now(), self.local_zone)
        later = [r.due_at for r in upcoming if r.due_at > now_utc and r.key not in self._sent]
        return (min(later) - now_utc).total_seconds() if later else None

    def adopt_shown(self, other: ReminderService) -> None:
        """Remember what `other` (the service of the data file before it was closed and
        opened again) has shown, so nothing is shown twice."""
        self._sent.update(other._sent)

    def notification(self, reminders: list[Reminder]) -> tuple[str, str]:
        """(title, text) for one notification about `reminders`, worded for now."""
        return notification(reminders, self._now(), local_zone=self.local_zone)

    def private_notification(self, reminders: list[Reminder]) -> tuple[str, str]:
        """The same notification while Steady is locked: when, and nothing else."""
        return private_notification(reminders, self._now(), local_zone=self.local_zone)

