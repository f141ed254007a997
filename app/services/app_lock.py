"""The app lock's one setting: lock after this many minutes without use (0: never).

It is the person's setting, kept in the data file like the reminder settings (the
per-computer settings file holds window state only), and readable with
`steady settings get lock.idle_minutes`. What locking does is the window's business
(app/ui/lock.py); this module only knows the number.
"""

from __future__ import annotations

from typing import Protocol

from app.domain.errors import ValidationError
from app.domain.i18n import _

IDLE_MINUTES_KEY = "lock.idle_minutes"
MIN_IDLE_MINUTES = 5
MAX_IDLE_MINUTES = 120


class SettingsStore(Protocol):
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


def check_idle_minutes(value: object) -> int:
    """0 (never) or 5–120 as an int; ValidationError with one sentence otherwise."""
    problem = ValidationError(IDLE_MINUTES_KEY, _("Lock after {low} to {high} minutes without use, or 0 for never.")
                              .format(low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES))
    if isinstance(value, bool):
        raise problem
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise problem from None
    if minutes != 0 and not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise problem
    return minutes


class LockSettings:
    def __init__(self, settings: SettingsStore):
        self.settings = settings

    @property
    def idle_minutes(self) -> int:
        """The stored time-out; off (0) by default and when the stored value is not valid."""
        try:
            return check_idle_minutes(self.settings.get_setting(IDLE_MINUTES_KEY, "0"))
        except ValidationError:
            return 0

    def set_idle_minutes(self, value: int | str) -> int:
        minutes = check_idle_minutes(value)
        self.settings.set_setting(IDLE_MINUTES_KEY, str(minutes))
        return minutes


__all__ = ["IDLE_MINUTES_KEY", "MAX_IDLE_MINUTES", "MIN_IDLE_MINUTES", "LockSettings", "check_idle_minutes"]
