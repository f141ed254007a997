"""Time, injected so that rules about "now" and "today" can be tested."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Local wall-clock time, naive."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that reads a set time; tests move it by assigning `.current`."""

    def __init__(self, current: dt.datetime):
        self.current = current

    def now(self) -> dt.datetime:
        return self.current


def local_zone_name() -> str:
    """The computer's IANA time zone name, or UTC when it cannot be told."""
    from app.domain.records import is_valid_zone

    env = os.environ.get("TZ", "").lstrip(":")
    if env and is_valid_zone(env):
        return env
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo" + os.sep
        if marker in target:
            name = target.split(marker, 1)[1]
            if is_valid_zone(name):
                return name
    except OSError:
        pass
    tz_file = Path("/etc/timezone")
    try:
        name = tz_file.read_text(encoding="utf-8").strip()
        if is_valid_zone(name):
            return name
    except OSError:
        pass
    return "UTC"
