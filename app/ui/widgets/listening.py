"""Keeping a widget up to date with RecordService change notices: the one refresh policy.

A widget that shows records mixes in `ListensForChanges` (before its Qt class), says which
kinds of record it shows in `refresh_kinds` (or overrides `affected_by`), and implements
`refresh()`, which reads and redraws. The mixin decides when `refresh()` runs:

- A notice about a kind the widget shows marks it stale.
- If the widget is on screen it refreshes at once; so does one that was never shown and
  whose window is not on screen either (being built, or built for a test). A page of a
  window that shows another page, or a widget that was shown and then hidden, waits.
- A stale widget refreshes when it is shown (`showEvent`), once, however many notices came.
- A widget whose own controls make the changes it listens to (a tick box in a list it
  rebuilds) sets `refresh_later = True`: the refresh then runs after the event that caused the
  change has finished, and a burst of notices in that event costs one refresh.
- A notice that arrives while the widget refreshes (another listener wrote something) is not
  lost: the widget refreshes once more after it.
- Notices told together (`coalesced()`: what an import wrote, a kind after another) cost each
  widget on screen one refresh, not one per kind, and the widgets refresh one per turn of the
  event loop, so the window keeps turning in between; `when_refreshed(then)` runs `then` once
  they all have.

`refresh()` only reads. Writing from a refresh (recording milestones once was) would send
notices to every other listener in the middle of its own refresh; writes belong in the
services' write paths.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

import shiboken6
from PySide6.QtCore import QTimer

_coalescing = 0
_queue: list[ListensForChanges] = []  # stale widgets on screen, refreshed one per turn
_after: list[Callable[[], None]] = []  # what waits for the queue to be empty


@contextlib.contextmanager
def coalesced() -> Iterator[None]:
    """Notices told inside this block refresh each widget on screen once, later, one widget
    per turn of the event loop (see the module's notes)."""
    global _coalescing
    _coalescing += 1
    try:
        yield
    finally:
        _coalescing -= 1


def when_refreshed(then: Callable[[], None]) -> None:
    """Run `then` once every refresh queued by coalesced notices has run (now, if none is)."""
    if _queue:
        _after.append(then)
    else:
        then()


# One refresh per turn: a 1 ms timer, not a 0 ms one. Qt runs what a zero timer posts before
# the timers that are due (the window's own, a repaint's), so a chain of zero timers never
# lets the window turn; a 1 ms timer takes its place among the due timers.
NEXT_TURN_MS = 1


def _enqueue(widget: ListensForChanges) -> None:
    if widget in _queue:
        return
    _queue.append(widget)
    if len(_queue) == 1:
        QTimer.singleShot(NEXT_TURN_MS, _refresh_next)


def _refresh_next() -> None:
    """Refresh the next widget in the queue; then the next on a later turn, or, the queue
    empty, run what waited for it. A refresh that fails (the window's excepthook writes it
    down) does not stop the others, nor what waits for them."""
    try:
        if _queue:
            widget = _queue.pop(0)
            if shiboken6.isValid(widget):  # not closed with its window meanwhile
                widget._refresh_queued()
    finally:
        if _queue:
            QTimer.singleShot(NEXT_TURN_MS, _refresh_next)
        else:
            waiting = list(_after)
            _after.clear()
            for then in waiting:
                then()


class ListensForChanges:
    """Mixin: `attach()` subscribes `on_changed(kind_name)` to `changes_source()` (a
    RecordService); `detach()` undoes it. Both are safe to call more than once."""

    refresh_kinds: frozenset[str] = frozenset()  # the kinds shown; empty means every kind
    refresh_later = False  # True: refresh after the current event (see the module's notes)
    _attached = False
    _stale = False
    _refreshing = False
    _later_queued = False
    _ever_shown = False

    def changes_source(self):
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def attach(self) -> None:
        if not self._attached:
            self.changes_source().subscribe(self.on_changed)
            self._attached = True

    def detach(self) -> None:
        if self._attached:
            self.changes_source().unsubscribe(self.on_changed)
            self._attached = False

    # --- the policy ------------------------------------------------------------------------------

    def affected_by(self, kind_name: str) -> bool:
        return not self.refresh_kinds or kind_name in self.refresh_kinds

    def note_change(self, kind_name: str) -> None:
        """Called for each notice that affects the widget, before the policy decides: a widget
        that refreshes in parts (charts) records here which parts are stale."""

    def on_changed(self, kind_name: str) -> None:
        if not self.affected_by(kind_name):
            return
        self.note_change(kind_name)
        self._stale = True
        if self._refreshing or not self._should_refresh_now():
            return
        if _coalescing:
            self._later_queued = True
            _enqueue(self)
        elif self.refresh_later:
            if not self._later_queued:
                self._later_queued = True
                QTimer.singleShot(0, self, self._refresh_queued)  # type: ignore[call-overload]
        else:
            self.refresh_now()

    def _should_refresh_now(self) -> bool:
        widget: Any = self  # the mixin sits on a QWidget
        return bool(widget.isVisible() or (not self._ever_shown and not widget.window().isVisible()))

    def _refresh_queued(self) -> None:
        self._later_queued = False
        if self._stale:
            self.refresh_now()

    def refresh_now(self) -> None:
        """Refresh now whatever the widget's state; once more if a notice came meanwhile."""
        for _ in range(2):  # a second pass picks up a change made during the first; no more
            self._stale = False
            self._refreshing = True
            try:
                self.refresh()
            finally:
                self._refreshing = False
            if not self._stale:
                return

    @property
    def refresh_pending(self) -> bool:
        """A refresh is queued for after the current event (`refresh_later`)."""
        return self._later_queued

    def refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self._ever_shown = True
        self.refresh_if_stale()
        super().showEvent(event)  # type: ignore[misc]
