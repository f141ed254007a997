"""Calendar files (.ics, RFC 5545) bound to one store: what the window and the command line use.

Exporting lives in `ics_export`, reading someone else's calendar in `ics_import`; their
public names are re-exported here, so `from app.services.ics import plan_import` keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .child_process import APART_BYTES
from .clock import local_zone_name

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

    from .ics_export import PRODID, STEADY_UID_SUFFIX, export_ics, write_ics
    from .ics_import import (
        MAX_FILE_BYTES,
        ImportPlan,
        ImportResult,
        apply_import,
        plan_import,
        read_import_file,
        with_kind,
    )

__all__ = ["MAX_FILE_BYTES", "PRODID", "STEADY_UID_SUFFIX", "CalendarFiles", "ImportPlan", "ImportResult",
           "apply_import", "export_ics", "plan_import", "read_import_file", "with_kind", "write_ics"]

# The export and import modules (and icalendar under them) load when first used, not when the
# window makes its CalendarFiles: that happens on the window's thread, the work on a worker.
_EXPORTED = {"PRODID", "STEADY_UID_SUFFIX", "export_ics", "write_ics"}


def __getattr__(name: str) -> Any:
    if name in _EXPORTED:
        from . import ics_export

        return getattr(ics_export, name)
    if name in __all__ and name != "CalendarFiles":
        from . import ics_import

        return getattr(ics_import, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class CalendarFiles:
    """The calendar-file use cases bound to one store, for callers that hold no store (the GUI)."""

    def __init__(self, store: Store, records_service):
        self.store = store
        self.records = records_service

    def export_to(self, path: str | os.PathLike) -> int:
        """Write the whole schedule to `path` atomically; returns the bytes written. Raises StoreError."""
        from .ics_export import write_ics

        return write_ics(self.store, path)

    def plan(self, path: str | os.PathLike, *, kind: str = "work", apart: bool = False,
             cancelled: Callable[[], bool] | None = None) -> ImportPlan:
        """Read `path` and work out what importing it would do. Raises ValidationError.

        `apart`: a file of APART_BYTES or more is read in a child process
        (app.services.child_process: the window does this, so its own thread is never kept
        waiting for Python's lock while the file is read); `cancelled()` is asked meanwhile,
        and stops the child (raising child_process.Cancelled). Should the child fail, the file
        is read here after all (child_process.run_apart). Matching against the schedule stays
        in this process, on this connection."""
        from .child_process import run_apart
        from .ics_import import plan_reading, read_calendar, read_import_file

        data = read_import_file(path)
        reading = run_apart(read_calendar, data, kind=kind, source=Path(path).name, zone=local_zone_name(),
                            apart=apart and len(data) >= APART_BYTES, cancelled=cancelled,
                            what="A calendar file", data_dir=self.store.data_dir)
        return plan_reading(self.store, reading)

    def with_kind(self, plan: ImportPlan, kind: str) -> ImportPlan:
        """`plan` with the events the file gave no kind imported as `kind` (reads nothing)."""
        from .ics_import import with_kind

        return with_kind(plan, kind)

    def apply(self, plan: ImportPlan) -> ImportResult:
        from .ics_import import apply_import

        return apply_import(self.store, self.records, plan)
