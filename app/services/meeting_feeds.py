"""The meeting-feed use cases bound to one store, for callers that hold no store (the GUI).

Reading and planning a feed live in `meeting_guide`, which loads when first used: the window
makes its MeetingFeeds on its own thread, and the work runs on a worker.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

    from .meeting_guide import MeetingImportPlan, MeetingImportResult


class MeetingFeeds:
    """The meeting-feed use cases bound to one store, for callers that hold no store (the GUI)."""

    def __init__(self, store: Store, records_service):
        self.store = store
        self.records = records_service

    def plan(self, path: str | os.PathLike, *, fellowship: str = "aa", apart: bool = False,
             cancelled: Callable[[], bool] | None = None) -> MeetingImportPlan:
        """Read `path` and work out what importing it would do. Raises ValidationError.

        `apart`: a list of child_process.APART_BYTES or more is read and matched in a child
        process, against the meetings Steady has (read here), as the window does so its own
        thread keeps Python's lock; `cancelled()` stops the child. Should the child fail, the
        list is read here after all (child_process.run_apart)."""
        from app.domain.errors import ValidationError
        from app.domain.i18n import _

        from .child_process import APART_BYTES, run_apart
        from .importing import HEAD_BYTES, detect_format
        from .meeting_guide import check_fellowship, existing_meetings, plan_against, read_feed_file

        data = read_feed_file(path)
        source = Path(path).name
        if detect_format(path, data[:HEAD_BYTES]) == "ics":
            raise ValidationError("file", _("{name} is a calendar file, not a meeting list; "
                                            "import it as a calendar instead.").format(name=source))
        check_fellowship(fellowship)
        return run_apart(plan_against, existing_meetings(self.store), data, fellowship=fellowship, source=source,
                         apart=apart and len(data) >= APART_BYTES, cancelled=cancelled,
                         what="A meeting list", data_dir=self.store.data_dir)

    def with_fellowship(self, plan: MeetingImportPlan, fellowship: str) -> MeetingImportPlan:
        from .meeting_guide import with_fellowship

        return with_fellowship(plan, fellowship)

    def apply(self, plan: MeetingImportPlan, chosen_slugs: Iterable[str] | None = None) -> MeetingImportResult:
        from .meeting_guide import apply_meetings

        return apply_meetings(self.store, self.records, plan, chosen_slugs)
