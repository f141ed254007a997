"""Session reminders: which are due now, decided in absolute time.

A slot's times are wall-clock times in its item's own zone ("18:00 in New York"); the
computer's clock reads wall-clock time in the computer's zone. Comparing those two naive
values directly would be wrong whenever the zones differ or a daylight-saving change falls
between them, so both are turned into UTC first (`to_utc`, which already follows RFC 5545
for skipped and repeated hours) and every rule below is about absolute moments:

* a reminder is due from `start - lead` until the session starts; once it has started, a
  reminder missed while Steady was closed is dropped, never shown late;
* the lead is the item's own `reminder_minutes`, or the default when that is blank; 0 means
  no reminder;
* all-day items (a birthday, a holiday) have no start time to be early for, so they never
  remind.

`now` may be aware, or naive: the computer's wall-clock time, read in `local_zone` when one
is given (tests, a fixed zone) or else by the operating system's own rules, the same rules
that produced the naive reading (this also works where no IANA name can be found, as on
Windows). A naive time in the hour repeated when clocks go back is read as its first
occurrence, like any other wall-clock time here, so during that one hour a reminder can
come up to an hour late.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import formatting as fmt
from .errors import ValidationError
from .i18n import _
from .schedule import UTC, Slot, to_utc

DEFAULT_MINUTES = 30
MAX_DEFAULT_MINUTES = 24 * 60
# The largest per-item lead a ScheduleItem accepts (its reminder_minutes field allows a week).
MAX_ITEM_MINUTES = 7 * 24 * 60

# (item id, original start, start): one reminder per occurrence; an occurrence moved to a new
# time after its reminder went out is reminded again for the new time.
ReminderKey = tuple[str, dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Reminder:
    slot: Slot
    due_at: dt.datetime      # aware, UTC
    starts_at: dt.datetime   # aware, UTC
    minutes: int             # the lead that applied: the item's own or the default

    @property
    def key(self) -> ReminderKey:
        return (self.slot.item.id, self.slot.original_start, self.slot.start)


def check_default_minutes(value: object) -> int:
    """The default lead as an int, or ValidationError with a sentence a person can act on."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isdigit() or (text.startswith("-") and text[1:].isdigit()) else None
    if not isinstance(value, int):
        raise ValidationError("default_minutes", _("The default reminder must be a whole number of minutes."))
    if not 0 <= value <= MAX_DEFAULT_MINUTES:
        raise ValidationError(
            "default_minutes",
            _("The default reminder must be between 0 and {most} minutes "
              "(24 hours) before a session.").format(most=MAX_DEFAULT_MINUTES))
    return value


def lead_minutes(slot: Slot, default_minutes: int) -> int:
    """Minutes before the start that the slot reminds; 0 means it does not remind."""
    item = slot.item
    if item.all_day:
        return 0
    return default_minutes if item.reminder_minutes is None else max(0, item.reminder_minutes)


def absolute(now: dt.datetime, local_zone: str | None) -> dt.datetime:
    """`now` in UTC: naive means wall-clock time in `local_zone`, or in the operating
    system's local time when that is None."""
    if now.tzinfo is not None or local_zone is None:
        return now.astimezone(UTC)
    return to_utc(now, local_zone)


def on_local_clock(moment: dt.datetime, local_zone: str | None) -> dt.datetime:
    """An absolute moment as the computer's clock shows it."""
    return moment.astimezone(ZoneInfo(local_zone)) if local_zone else moment.astimezone()


def reminders_for(slots: Iterable[Slot], *, default_minutes: int) -> list[Reminder]:
    """Every reminder the slots ask for, whatever the time now, in order of due time."""
    found = []
    for slot in slots:
        minutes = lead_minutes(slot, default_minutes)
        if minutes <= 0:
            continue
        starts_at = to_utc(slot.start, slot.item.timezone)
        found.append(Reminder(slot, starts_at - dt.timedelta(minutes=minutes), starts_at, minutes))
    found.sort(key=lambda r: (r.due_at, r.starts_at, r.slot.title))
    return found


def due_reminders(slots: Iterable[Slot], now: dt.datetime, *, local_zone: str | None, default_minutes: int,
                  enabled: bool = True, already_sent: Container[ReminderKey] = ()) -> list[Reminder]:
    """Reminders whose time has come and whose session has not started yet, not sent before."""
    if not enabled:
        return []
    at = absolute(now, local_zone)
    return [r for r in reminders_for(slots, default_minutes=default_minutes)
            if r.due_at <= at < r.starts_at and r.key not in already_sent]


def next_due_at(slots: Iterable[Slot], now: dt.datetime, *, local_zone: str | None, default_minutes: int,
                enabled: bool = True, already_sent: Container[ReminderKey] = ()) -> dt.datetime | None:
    """When the next reminder after `now` falls due (aware UTC), or None if none does."""
    if not enabled:
        return None
    at = absolute(now, local_zone)
    return min((r.due_at for r in reminders_for(slots, default_minutes=default_minutes)
                if r.due_at > at and r.key not in already_sent), default=None)


# --- what the notification says -----------------------------------------------------------------


def zone_label(zone: str) -> str:
    """'America/New_York' -> 'New York time'; 'UTC' stays 'UTC'."""
    if "/" not in zone:
        return zone
    return _("{place} time").format(place=zone.rsplit("/", 1)[1].replace("_", " "))


def time_left(delta: dt.timedelta) -> str:
    """'in 30 minutes', 'in 1 hour 5 minutes', 'in 3 days'; minutes are rounded up, so a
    session 29 minutes 10 seconds away is 'in 30 minutes', never 'in 29'."""
    minutes = max(0, math.ceil(delta.total_seconds() / 60))
    if minutes == 0:
        return _("now")
    if minutes < 60:
        return _("in {time}").format(time=fmt.plural(minutes, "minute", "minutes"))
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        if rest:
            return _("in {hours} {minutes}").format(hours=fmt.plural(hours, "hour", "hours"),
                                                    minutes=fmt.plural(rest, "minute", "minutes"))
        return _("in {time}").format(time=fmt.plural(hours, "hour", "hours"))
    return _("in {time}").format(time=fmt.plural(round(minutes / (24 * 60)), "day", "days"))


def reminder_text(reminder: Reminder, now: dt.datetime, *, local_zone: str | None) -> str:
    """'IOP group at 18:00 (in 30 minutes) – Clinic room 2', in the computer's time; the
    item's own time is added when its zone shows a different clock."""
    at = absolute(now, local_zone)
    start_here = on_local_clock(reminder.starts_at, local_zone)
    days = (start_here.date() - on_local_clock(at, local_zone).date()).days
    if days == 1:
        when = _("tomorrow at {time}").format(time=fmt.time(start_here))
    elif days != 0:
        when = _("on {day} at {time}").format(day=fmt.weekday_date(start_here), time=fmt.time(start_here))
    else:
        when = _("at {time}").format(time=fmt.time(start_here))
    slot = reminder.slot
    if slot.item.timezone != local_zone and slot.start != start_here.replace(tzinfo=None):
        when += f" ({fmt.time(slot.start)} {zone_label(slot.item.timezone)})"
    text = f"{slot.title} {when} ({time_left(reminder.starts_at - at)})"
    if slot.location:
        text += f" – {slot.location}"
    return text


def notification(reminders: Sequence[Reminder], now: dt.datetime, *,
                 local_zone: str | None) -> tuple[str, str]:
    """(title, text) of one notification for everything due at once, soonest first: one
    balloon, because a second would hide the first on most desktops."""
    if not reminders:
        return "", ""
    ordered = sorted(reminders, key=lambda r: (r.starts_at, r.slot.title))
    lines = [reminder_text(r, now, local_zone=local_zone) for r in ordered]
    title = (_("Coming up: {title}").format(title=ordered[0].slot.title) if len(ordered) == 1
             else _("Coming up: {n} items").format(n=fmt.number(len(ordered))))
    return title, "\n".join(lines)


def private_notification(reminders: Sequence[Reminder], now: dt.datetime, *,
                         local_zone: str | None) -> tuple[str, str]:
    """(title, text) while Steady is locked: when, and nothing else ("A session starts in 30
    minutes"): no title, place or name, which a notification on a shared screen would show."""
    if not reminders:
        return "", ""
    at = absolute(now, local_zone)
    soonest = min(r.starts_at for r in reminders)
    left = time_left(soonest - at)
    if len(reminders) == 1:
        return "Steady", _("A session starts {when}").format(when=left)
    return "Steady", _("{sessions} start soon, the first {when}").format(
        sessions=fmt.plural(len(reminders), "session", "sessions"), when=left)

