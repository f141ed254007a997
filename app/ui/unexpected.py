"""A problem nobody expected is never silent, and never a traceback in someone's face.

Qt calls `sys.excepthook` for an exception that escapes a slot (a button's handler, a
timer, a page refresh), and then carries on. `install(window, data_dir)` puts one hook in
place for the window's life: it writes the error to the error log (the kind of error and
where in the code, never a value or a record's contents: app.services.error_log) and tells
the person in one calm sentence where that log is (one box, through app.ui.messages). Work that failed on the background
runner's worker thread is written down the same way (`record_unexpected`), its sentence
shown where that work was started.
"""

from __future__ import annotations

import sys
import weakref
from pathlib import Path
from types import TracebackType
from typing import Callable

from PySide6.QtWidgets import QWidget

from app.domain.i18n import N_, _
from app.services.error_log import describe_exception, write_error_log
from app.ui import messages

TITLE = N_("Something went wrong")

_data_dir: Path | None = None
_window: Callable[[], QWidget | None] = lambda: None  # noqa: E731 - a weak reference's shape
_previous_hook = sys.excepthook
_installed = False
_showing = False


def record_unexpected(exc_type: type[BaseException], exc: BaseException | None,
                      tb: TracebackType | None) -> Path | None:
    """Write the error to the error log (types and code locations only); returns the log's path
    (None when the data folder's log could not be written: the lines went to stderr)."""
    if exc is None:
        exc = exc_type()
    if tb is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    return write_error_log(_data_dir, "Unexpected error in the window\n" + describe_exception(exc))


def unexpected_sentence(log: Path | None) -> str:
    where = (_("The details (nothing you wrote) are in {log}, for whoever helps you with Steady.").format(log=log)
             if log is not None else _("The details could not be written to the error log."))
    return _("Steady ran into a problem it did not expect, so that step did not finish; what you had "
             "saved before is kept.") + " " + where


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _showing
    if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
        _previous_hook(exc_type, exc, tb)
        return
    log = record_unexpected(exc_type, exc, tb)
    if _showing:  # an error while the box is up: written down, but one box at a time
        return
    _showing = True
    try:
        messages.warn(_window(), _(TITLE), unexpected_sentence(log))
    finally:
        _showing = False


def install(window: QWidget | None, data_dir: Path | None) -> None:
    """From now on, an exception no slot caught is logged in `data_dir`'s log and told over
    `window`. `uninstall()` puts the previous hook back."""
    global _data_dir, _window, _previous_hook, _installed
    _data_dir = Path(data_dir) if data_dir is not None else None
    _window = weakref.ref(window) if window is not None else (lambda: None)
    if not _installed:
        _previous_hook = sys.excepthook
        sys.excepthook = _hook
        _installed = True


def uninstall() -> None:
    global _installed, _window
    if _installed and sys.excepthook is _hook:
        sys.excepthook = _previous_hook
    _installed = False
    _window = lambda: None  # noqa: E731


__all__ = ["install", "record_unexpected", "uninstall", "unexpected_sentence"]
