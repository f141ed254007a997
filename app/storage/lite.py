"""sqlite-utils, imported without numpy and pandas.

`sqlite_utils.db` tries `import numpy` and `import pandas` at import time, only to map their
number types to column types when a caller inserts numpy or pandas values. Steady's
repositories hand it plain Python values, so that mapping is never used; importing numpy
for it costs ~0.1 s and ~12 MB on every command line call and before the window's data is
shown. This module imports sqlite-utils once with both marked as unavailable (as if they
were not installed) and then unmarks them, so a chart that needs numpy still imports it.
If numpy is already loaded (a chart came first), sqlite-utils simply sees it.

Every module in `app.storage` takes `Database` and `Migrations` from here.
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "pandas")


def _import_without_numpy():
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return sqlite_utils


_sqlite_utils = _import_without_numpy()
Database = _sqlite_utils.Database
Migrations = _sqlite_utils.Migrations

__all__ = ["Database", "Migrations"]
