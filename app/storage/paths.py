"""Where the data folder is, and making it private. Cheap to import: the window needs
this before its first paint, long before the database is opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.domain.i18n import _

from .errors import StoreError


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("Steady", appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir wins, then STEADY_DATA_DIR, then the platform's per-user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("STEADY_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and parents) so that only the user can read it."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                path.chmod(0o700)
    except OSError as exc:
        raise StoreError(
            _("The data folder {path} cannot be created or used ({error}); choose another folder with "
              "--data-dir.").format(path=path, error=exc.strerror or exc), "problem") from None


def disk_is_full(folder: Path, margin: int = 1 << 20) -> bool:
    """Less than `margin` bytes (1 MiB) free for this user on the disk holding `folder`: an
    I/O error on a write there is a full disk, not damage."""
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows; errno tells there
        return False
    return st.f_bavail * st.f_frsize < margin


def replaceable_target(path: Path) -> Path:
    """The file an output to `path` may replace: `path` itself if nothing or a regular file is
    there, the file a link points to (so the link stays), else StoreError. Exports and copies
    are renamed over their target, which would swap a device (/dev/full), a pipe or a folder for a
    regular file holding the person's data."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise StoreError(_("{path} is a link to {target}, which does not exist; give the file's own name or "
                               "another place.").format(path=path, target=os.readlink(path)), "problem") from None
        return path
    except NotADirectoryError:
        # Part of the folder path is a file: nothing is there to replace, and the write
        # itself says in its own words why it cannot be made.
        return path
    except OSError as exc:
        raise StoreError(_("Steady could not look at {path} ({error}).").format(
            path=path, error=exc.strerror or exc), "problem") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(_("{path} is a folder; give a file name inside it instead.").format(path=path), "problem")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(_("{path} is not a regular file (a device, pipe or socket), so Steady will not write over "
                           "it; give a file name instead.").format(path=path), "problem")
    return Path(os.path.realpath(path)) if os.path.islink(path) else path
