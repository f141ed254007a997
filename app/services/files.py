"""Writing files the user keeps (exports, reports, backups) so that a failure never costs
them the previous file.

Every write goes to a temp file in the target folder, every byte is checked (a short write
on a full disk must not count as success), the file is synced and only then renamed over
the target. Any OSError becomes one StoreError sentence; the previous file is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterable

from app.domain.i18n import _
from app.storage.errors import StoreError
from app.storage.paths import replaceable_target


def write_file_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, every byte checked and synced, then renamed over `path`.

    On any OSError the previous file at `path` is left exactly as it was.
    """
    write_chunks_atomically(path, (data,))


def write_chunks_atomically(path: str | os.PathLike, chunks: Iterable[bytes]) -> int:
    """Like `write_file_atomically`, for data produced piece by piece (a streaming export).
    Returns the number of bytes written. Raises StoreError."""
    path = replaceable_target(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    total = 0
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
                total += len(chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.path.getsize(tmp) != total:
            raise OSError(errno.EIO, _("the file on disk has the wrong size"))
        os.replace(tmp, path)
        tmp = None
        with contextlib.suppress(OSError):  # make the rename itself durable where possible
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # EFBIG: a file-size limit or quota
        message = (_("Steady could not write {path} ({reason}); any earlier file there was left unchanged, so "
                     "free some disk space and try again.") if full else
                   _("Steady could not write {path} ({reason}); any earlier file there was left unchanged."))
        raise StoreError(message.format(path=path, reason=reason), "full" if full else "problem") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return total


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` or raise: os.write may write fewer bytes than asked."""
    written = 0
    view = memoryview(data)
    while written < len(data):
        n = os.write(fd, view[written:])
        if n <= 0:
            break
        written += n
    if written != len(data):
        raise OSError(errno.ENOSPC, _("only {written} of {total} bytes could be written").format(
            written=f"{written:,}", total=f"{len(data):,}"))
