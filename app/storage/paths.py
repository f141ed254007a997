"""Where the data folder is, and making it private. Cheap to import: the window needs
this before its first paint, long before the database is opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
            f"The data folder {path} cannot be created or used ({exc.strerror or exc}); "
            "choose another folder with --data-dir.", "problem") from None
