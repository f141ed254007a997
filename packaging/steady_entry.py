"""The bundle's entry point: PyInstaller freezes this file as the `steady` program.

It is `app.cli.main` with one thing first. PyInstaller's matplotlib run-time hook points
MPLCONFIGDIR at a new temporary folder on every start, so matplotlib would rebuild its font
cache each time the Progress charts first load. A one-folder bundle has fonts at a fixed place,
so the cache can live in the person's own cache folder (`~/.cache/Steady/matplotlib` on Linux,
`%LOCALAPPDATA%\\Steady\\Cache\\matplotlib` on Windows, `~/Library/Caches/Steady/matplotlib`
on macOS), private (0700) like every folder Steady makes. If the bundle is moved, matplotlib
notices the missing font files and rebuilds the cache by itself.
"""

from __future__ import annotations

import os
import sys


def use_user_matplotlib_cache(environ=os.environ) -> str | None:
    """Point MPLCONFIGDIR at the user's cache folder (made 0700); None, leaving the
    variable as it was, when that folder cannot be made."""
    from pathlib import Path

    from platformdirs import user_cache_dir

    from app.storage.errors import StoreError
    from app.storage.paths import ensure_private_dir

    folder = Path(user_cache_dir("Steady", appauthor=False)) / "matplotlib"
    try:
        ensure_private_dir(folder.parent)  # Steady's own cache folder, not only its last part
        ensure_private_dir(folder)
    except StoreError:
        return None
    environ["MPLCONFIGDIR"] = str(folder)
    return str(folder)


def main() -> int:
    use_user_matplotlib_cache()
    from app.cli import main as steady

    return steady()


if __name__ == "__main__":
    # A large calendar is read in a child process (app.services.child_process), which a
    # frozen program starts as itself: this hands such a start to multiprocessing.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
