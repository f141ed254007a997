"""The SQLite data file. sqlite-utils is used here and nowhere else. No Qt."""

from .errors import StoreError
from .store import DB_FILE_NAME, Store, open_store, resolve_data_dir

__all__ = ["DB_FILE_NAME", "Store", "StoreError", "open_store", "resolve_data_dir"]
