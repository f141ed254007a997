"""Problems with the data file itself (as opposed to invalid input)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.domain.errors import SteadyError


class StoreError(SteadyError):
    """The data store cannot be used as asked. `message` names the file and says what to do."""

    def __init__(self, message: str, reason: str = "problem"):
        super().__init__(message)
        self.reason = reason  # locked | corrupt | newer | foreign | readonly | full | problem


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """One clear sentence for an SQLite error raised while using the store."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The data file {path} is in use by another Steady window or command; "
            "close it and try again.", "locked")
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"The data file {path} is read-only; check the file's permissions or choose "
            "another data folder with --data-dir.", "readonly")
    if "full" in text:
        return StoreError(
            f"The disk holding {path} is full; free some space and try again. "
            "Nothing was saved.", "full")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(
            f"The data file {path} is damaged; restore it from a backup in the "
            "backups folder next to it.", "corrupt")
    if "unable to open" in text or "disk i/o" in text:
        return StoreError(
            f"The data file {path} cannot be opened or written ({exc}); check that the "
            "folder exists and you may write to it.", "problem")
    return StoreError(f"The data file {path} could not be used: {exc}.", "problem")


_NO_SPACE_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_no_space(exc: BaseException) -> bool:
    """A write failed for want of room (a full disk, a quota, a file-size limit)."""
    if isinstance(exc, OSError):
        return exc.errno in _NO_SPACE_ERRNOS
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == 13 or "full" in str(exc).lower()  # SQLITE_FULL
    return False


def no_space(path: Path | str) -> StoreError:
    return StoreError(
        f"There is no space left on the disk holding {path}; nothing was saved and your data "
        "file is as it was. Free some space (empty the trash, remove large files) and try again.", "full")
