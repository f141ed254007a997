"""The SQLite data file. sqlite-utils is used here and nowhere else. No Qt.

The heavy parts (sqlite-utils and its imports) load on first use, so that code that only
needs the error type or the data folder's path stays fast to import.
"""

from .errors import StoreError
from .paths import resolve_data_dir

DB_FILE_NAME = "steady.db"

__all__ = ["DB_FILE_NAME", "Store", "StoreError", "open_store", "resolve_data_dir"]


def __getattr__(name: str):
    if name in ("Store", "open_store"):
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
