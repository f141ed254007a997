"""Small pieces every file dialog of Steady shares: remembering the last folder per kind of
file, the system open dialog, a wait cursor, counted nouns, and paths that wrap."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.domain.i18n import N_, _
from app.services.importing import file_format  # noqa: F401 (the dialogs import it from here)

_LONG_WORD = re.compile(r"\S{30,}")
_BREAK_AFTER = re.compile(r"([/\\_.-])(?=\S)|([^/\\_.\s-]{30})(?=[^/\\_.\s-])")


def breakable(text: str) -> str:
    """`text` with a zero-width space after each / \\ _ . - of a long path or file name (and
    inside any 30 characters without one), where a word-wrapped label may then break it:
    without one a folder like My_Recovery_Files_… widens the dialog past the screen instead
    of wrapping. Ordinary words are left alone."""
    return _LONG_WORD.sub(lambda m: _BREAK_AFTER.sub(lambda b: b.group() + "\u200b", m.group()), text)


@contextlib.contextmanager
def busy():
    """A wait cursor while a large file is read or written on this thread."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def last_folder(settings_key: str) -> str:
    """The folder a file of this kind was last chosen in, or the home folder."""
    folder = cast(str, QSettings().value(settings_key, "", str))  # a str, as asked; the stubs say object
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(settings_key: str, path: str) -> None:
    QSettings().setValue(settings_key, str(Path(path).parent))


def ask_open_path(parent: QWidget | None, title: str, file_filter: str, settings_key: str) -> str | None:
    """The system's open dialog, starting where the last file of this kind came from."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, last_folder(settings_key),
                                                file_filter + ";;" + _("All files (*)"))
    if not path:
        return None
    remember_folder(settings_key, path)
    return path


# Shown with _(NOT_ENCRYPTED) where it is shown, in the language of that moment.
NOT_ENCRYPTED = N_("This file is not encrypted: anyone who can open it can read it.")


def encrypted_store_behind(widget: QWidget | None) -> bool:
    """Whether the window `widget` belongs to has an encrypted data file open (its lock has
    an unlocker): then a file exported from it leaves the encryption behind, and says so."""
    while widget is not None:
        locker = getattr(widget, "locker", None)
        if locker is not None:
            return bool(getattr(locker, "encrypted", False))
        widget = widget.parentWidget()
    return False


def export_caption(parent: QWidget | None, caption: str) -> str:
    """A file dialog's title for an export: with an encrypted data file it says, in one line,
    that the export is not encrypted (a system file dialog has no room for more)."""
    return _("{caption} (this file is not encrypted)").format(caption=caption) if encrypted_store_behind(parent) \
        else caption

