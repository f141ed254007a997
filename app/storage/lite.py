"""sqlite-utils, imported without numpy and pandas.

`sqlite_utils.db` tries `import numpy` and `import pandas` at import time, only to map their
number types to column types when a caller inserts numpy or pandas values. Steady's
repositories hand it plain Python values, so that mapping is never used; importing numpy
for it costs ~0.1 s and ~12 MB on every command line call and before the window's data is
shown. This module imports sqlite-utils once with both marked as unavailable (as if they
were not installed) and then unmarks them, so a chart that needs numpy still imports it.
If numpy is already loaded (a chart came first), sqlite-utils simply sees it. Its two
module-level regular expressions are compiled on first use instead of at import.

Every module in `app.storage` takes `Database` and `Migrations` from here.
"""

from __future__ import annotations

import re
import sys

_HIDDEN = ("numpy", "pandas")


class _PatternOnFirstUse:
    """A regular expression compiled when first used. `sqlite_utils.db` compiles one at import
    whose character class spans most of Unicode, case-insensitively (~30 ms, a tenth of a
    command-line call), for virtual-table schemas Steady never reads."""

    def __init__(self, pattern, flags: int):
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


def _import_without_numpy():
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    compile_now = re.compile

    def compile_for_db(pattern, flags=0):
        # Only the module-level patterns of sqlite_utils.db; everything else as usual.
        if sys._getframe(1).f_globals.get("__name__") == "sqlite_utils.db":
            return _PatternOnFirstUse(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_for_db  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        re.compile = compile_now
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return sqlite_utils


_sqlite_utils = _import_without_numpy()
Database = _sqlite_utils.Database
Migrations = _sqlite_utils.Migrations

__all__ = ["Database", "Migrations"]
