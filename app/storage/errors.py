"""Problems with the data file itself (as opposed to invalid input)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.domain.errors import SteadyError
from app.domain.i18n import _


class StoreError(SteadyError):
    """The data store cannot be used as asked. `message` names the file and says what to do."""

    def __init__(self, message: str, reason: str = "problem"):
        super().__init__(message)
        self.reason = reason  # locked | corrupt | newer | foreign | readonly | full | problem


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """One clear sentence for an SQLite error raised while using the store.

    A full disk comes before damage: with no space left SQLite reports "disk I/O error" (it
    cannot make its shared-memory file), and "restore a backup" would then be the worst advice
    (an older backup over good data)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            _("The data file {path} is in use by another Steady window or command; close it and try again.").format(
                path=path), "locked")
    if "readonly" in text or "read-only" in text:
        return StoreError(
            _("The data file {path} is read-only; check the file's permissions or choose another data folder with "
              "--data-dir.").format(path=path), "readonly")
    if is_no_space(exc) or (is_io_error(exc) and _full(path)):
        return no_space(path)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(
            _("The data file {path} is damaged; restore it from a backup in the backups folder next to it.").format(
                path=path), "corrupt")
    if is_io_error(exc):
        return StoreError(
            _("The data file {path} could not be read or written: the disk reported an input/output error. Steady "
              "did not change it; check that the disk is attached and working, then try again.").format(
                path=path), "problem")
    if "unable to open" in text:
        return StoreError(
            _("The data file {path} cannot be opened ({error}); check that the folder exists and you may write to "
              "it.").format(path=path, error=exc), "problem")
    return StoreError(_("The data file {path} could not be used: {error}.").format(path=path, error=exc), "problem")


def is_io_error(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF in (10, 14)) or "disk i/o" in str(exc).lower()  # IOERR, CANTOPEN


def _full(path: Path | str) -> bool:
    from .paths import disk_is_full

    folder = Path(path)
    folder = folder if folder.is_dir() else folder.parent
    return disk_is_full(folder)


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
        _("There is no space left on the disk holding {path}; nothing was saved and your data file is as it was. "
          "Free some space (empty the trash, remove large files) and try again.").format(path=path), "full")
