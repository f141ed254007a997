"""Keeping a widget up to date with RecordService change notices."""

from __future__ import annotations


class ListensForChanges:
    """Mixin: `attach()` subscribes the widget's `on_changed(kind_name)` to `changes_source`
    (a RecordService); `detach()` undoes it. Both are safe to call more than once."""

    _attached = False

    def changes_source(self):
        raise NotImplementedError

    def attach(self) -> None:
        if not self._attached:
            self.changes_source().subscribe(self.on_changed)
            self._attached = True

    def detach(self) -> None:
        if self._attached:
            self.changes_source().unsubscribe(self.on_changed)
            self._attached = False
