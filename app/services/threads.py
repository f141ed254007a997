"""The services over a connection of the calling thread's own.

An SQLite connection belongs to the thread that made it, so slow work the window hands to a
worker thread (app/ui/background.py) cannot use the window's store. It opens its own
connection to the same data file instead, for as long as the work takes:

    with OwnConnection.like(window_service) as own:       # on the worker thread
        plan = own.calendar.plan(path, kind="work")

Read-only connections are the default; only work that writes (an import) asks for a
writable one. What a write changed is collected in `changed` (kind names), not told to the
window's listeners from the worker: the window tells them once the work is back on its own
thread (`RecordService.notify`). The clock is the window's, so "today" is the same day.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.storage import Store

    from .bundle import Services
    from .clock import Clock


def clock_of(service: Any) -> Clock | None:
    """The clock a window-side service reads "now" from (its own, or its record service's)."""
    for holder in (service, getattr(service, "records", None), getattr(service, "progress", None)):
        clock = getattr(holder, "clock", None)
        if clock is not None:
            return clock
    return None


class OwnConnection:
    """A context manager: a second connection to `store`'s data file for this thread, and the
    services over it (the one Services bundle, each service built when first used)."""

    def __init__(self, store: Store, clock: Clock | None = None, *, read_only: bool = True,
                 data_dir: Path | None = None):
        self._source = store
        self._clock = clock
        self._data_dir = data_dir
        self.read_only = read_only
        self.changed: list[str] = []
        self.store: Store | None = None
        self.services: Services | None = None

    @classmethod
    def like(cls, service: Any, *, read_only: bool = True) -> OwnConnection:
        """Over the data file, clock (and backups folder) of one of the window's services."""
        return cls(service.store, clock_of(service), read_only=read_only, data_dir=getattr(service, "data_dir", None))

    def __enter__(self) -> OwnConnection:
        from .bundle import build_services

        self.store = self._source.connect_again(read_only=self.read_only)
        self.services = build_services(self.store, self._clock, data_dir=self._data_dir)
        self.services.records.subscribe(self._noted)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
            self.services = None

    def _noted(self, kind: str) -> None:
        if kind not in self.changed:
            self.changed.append(kind)

    def __getattr__(self, name: str) -> Any:
        """own.calendar, own.transfer, own.reports, own.backups…: the bundle's services."""
        services = self.__dict__.get("services")
        if services is None or name.startswith("_"):
            raise AttributeError(name)
        return getattr(services, name)


__all__ = ["OwnConnection", "clock_of"]
