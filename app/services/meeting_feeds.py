"""The meeting-feed use cases bound to one store, for callers that hold no store (the GUI).

Reading and planning a feed live in `meeting_guide`, which loads when first used: the window
makes its MeetingFeeds on its own thread, and the work runs on a worker.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

    from .meeting_guide import MeetingImportPlan, MeetingImportResult


class MeetingFeeds:
    """The meeting-feed use cases bound to one store, for callers that hold no store (the GUI)."""

    def __init__(self, store: Store, records_service):
        self.store = store
        self.records = records_service

    def plan(self, path: str | os.PathLike, *, fellowship: str = "aa") -> MeetingImportPlan:
        """Read `path` and work out what importing it would do. Raises ValidationError."""
        from app.domain.errors import ValidationError
        from app.domain.i18n import _

        from .importing import HEAD_BYTES, detect_format
        from .meeting_guide import plan_meetings, read_feed_file

        data = read_feed_file(path)
        if detect_format(path, data[:HEAD_BYTES]) == "ics":
            raise ValidationError("file", _("{name} is a calendar file, not a meeting list; "
                                            "import it as a calendar instead.").format(name=Path(path).name))
        return plan_meetings(self.store, data, fellowship=fellowship, source=Path(path).name)

    def with_fellowship(self, plan: MeetingImportPlan, fellowship: str) -> MeetingImportPlan:
        from .meeting_guide import with_fellowship

        return with_fellowship(plan, fellowship)

    def apply(self, plan: MeetingImportPlan, chosen_slugs: Iterable[str] | None = None) -> MeetingImportResult:
        from .meeting_guide import apply_meetings

        return apply_meetings(self.store, self.records, plan, chosen_slugs)
