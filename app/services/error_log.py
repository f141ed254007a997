"""The error log: where a problem Steady did not expect is written down for whoever helps.

One file, `logs/steady-error.log` in the data folder, appended to, private (0600 in a 0700
folder). The command line and the window both write here, through `write_error_log`. What
is written names the kind of error and where in the code it happened, never a message or a
value: an exception's message can quote what someone typed. Without a usable data folder
the same lines go to stderr, never anywhere else (not the shared temporary folder).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from app import __version__

LOG_FOLDER = "logs"
LOG_NAME = "steady-error.log"


def write_error_log(data_dir: Path | None, text: str) -> Path | None:
    """Append `text` under a dated heading to the data folder's log; returns its path, or None
    when it could not be written there (the lines then went to stderr). Never raises."""
    entry = f"--- {dt.datetime.now().isoformat(timespec='seconds')} steady {__version__}\n{text}"
    if not entry.endswith("\n"):
        entry += "\n"
    if data_dir is not None:
        try:
            folder = Path(data_dir) / LOG_FOLDER
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            log = folder / LOG_NAME
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as fh:
                fh.write(entry)
            return log
        except OSError:
            pass
    try:
        sys.stderr.write(entry)
    except (OSError, ValueError, AttributeError):  # no usable stderr (a windowed start)
        pass
    return None


def describe_exception(exc: BaseException | None) -> str:
    """Types and places (file, line, function) of an exception and its causes, innermost
    frame last, without any message or value."""
    lines: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}")
        for frame in traceback.extract_tb(exc.__traceback__):
            lines.append(f"  at {frame.filename}:{frame.lineno} in {frame.name}")
        exc = exc.__cause__ or exc.__context__
        if exc is not None:
            lines.append("caused by")
    return "\n".join(lines) + "\n"


__all__ = ["LOG_NAME", "describe_exception", "write_error_log"]
