"""Backups as the window and the command line use them. No Qt.

Restoring replaces the data file, so the open store must be closed first and a new one
opened afterwards. The service does not know who else holds the store (pages, models), so
the caller gives it `reopen(before: bool)`: called with before=True it closes everything
using the old store; with before=False (also after a failed restore, so the window always
gets a working store back) it opens the store again, rewires, and returns the new Store,
which the service then uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from app.domain.errors import ValidationError
from app.storage import StoreError
from app.storage import backups as B

from app.domain import i18n
from app.domain.i18n import N_, _

from .clock import Clock, SystemClock
from .kinds import CHANGES_NOUNS, KINDS

BackupInfo = B.BackupInfo

# Which kind of record each table holds, so a backup's contents are named the way the rest
# of Steady names them (services.kinds).
_TABLE_KINDS = {
    "schedule_items": "schedule", "programs": "program", "program_phases": "phase", "coping_entries": "coping",
    "coping_skills": "skill", "attendance": "attendance", "selfcare_entries": "selfcare", "checkins": "checkin",
    "support_groups": "group", "sobriety_periods": "sobriety", "goals": "goal", "milestones": "milestone",
    "support_contacts": "contact", "plan_items": "plan", "assessments": "assessment",
    "drug_screens": "drug_screen", "callin_checks": "callin", "medications": "medication", "doses": "dose",
    "homework": "homework", "aftercare_items": "aftercare",
}
_OTHER_TABLES = {"schedule_changes": CHANGES_NOUNS, "calendar_links": N_("Calendar links")}
KIND_LABELS = {
    "daily": N_("Automatic (daily)"), "manual": N_("Made by you"), "before-import": N_("Before an import"),
    "before-restore": N_("Before a restore"), "before-migration": N_("Before an update of Steady"),
    "damaged": N_("Damaged data file, set aside"),
}


def table_label(table: str) -> str:
    kind = KINDS.get(_TABLE_KINDS.get(table, ""))
    if kind is not None:
        return i18n._(kind.nouns)
    other = _OTHER_TABLES.get(table)
    return i18n._(other) if other else table.replace("_", " ").capitalize()


def kind_label(label: str) -> str:
    known = KIND_LABELS.get(label)
    return i18n._(known) if known else label.replace("-", " ").capitalize()


@dataclass(frozen=True)
class RestorePlan:
    """What the window shows before asking "Restore this backup?"."""
    backup: B.BackupInfo
    current_counts: dict[str, int]

    def rows(self) -> list[tuple[str, int, int]]:
        """(table, records in the backup, records now) for every table either has."""
        names = sorted(set(self.backup.counts) | set(self.current_counts))
        return [(n, self.backup.counts.get(n, 0), self.current_counts.get(n, 0)) for n in names]

    def labelled_rows(self) -> list[tuple[str, int, int]]:
        """rows() with a person's names for the tables, leaving out tables empty in both."""
        return sorted(((table_label(n), b, c) for n, b, c in self.rows() if b or c), key=lambda r: r[0])

    @property
    def current_total(self) -> int:
        return sum(self.current_counts.values())


def before_import(store, clock: Clock | None = None) -> B.BackupInfo | None:
    """The safety copy every import makes first (CLI and window alike), so an import can always
    be undone by restoring it. None when there is nothing of the user's to protect yet.
    Raises StoreError (and the import must not go ahead) if the copy cannot be made."""
    if store.user_record_count() == 0:
        return None
    data_dir = Path(store.data_dir)
    now = (clock or SystemClock()).now()
    info = B.make_backup(store, data_dir, "before-import", now=now)
    B.rotate(data_dir, now=now)
    return info


def is_data_file(data_dir: Path, path: Path) -> bool:
    """Whether `path` is (or would overwrite) Steady's own data file in `data_dir`."""
    return B.is_data_file(Path(data_dir), Path(path))


def restore_file(data_dir: Path, path: Path, clock: Clock | None = None, *, key=None,
                 current_key=None) -> B.RestoreResult:
    """Replace the data file in `data_dir` with the backup at `path`; the current file is
    backed up first. The store must not be open (the command line; the window goes through
    BackupService.restore, which closes and reopens it). An encrypted backup needs its data
    `key` (services.encryption.unlock_copy), an encrypted current file its own `current_key`
    (DataKey or None). Raises StoreError."""
    return B.restore(Path(data_dir), Path(path), now=(clock or SystemClock()).now(),
                     key=key.raw if key is not None else None,
                     current_key=current_key.raw if current_key is not None else None)


def _raw(key) -> bytes | None:
    return key.raw if key is not None and not key.wiped else None


class BackupService:
    def __init__(self, store, data_dir: Path, clock: Clock | None = None):
        self.store = store
        self.data_dir = Path(data_dir)
        self.clock = clock or SystemClock()

    @property
    def folder(self) -> Path:
        return B.backups_dir(self.data_dir)

    def _now(self) -> dt.datetime:
        return self.clock.now()  # make_backup keeps two backups in one second apart

    def back_up_now(self) -> B.BackupInfo:
        info = B.make_backup(self.store, self.data_dir, "manual", now=self._now())
        B.rotate(self.data_dir, now=info.created)
        return info

    def copy_to(self, path: Path) -> B.BackupInfo:
        """A standalone copy of the data somewhere else (another disk, a USB stick), so that
        losing this computer's disk does not lose everything. Raises ValidationError for the
        data file itself, StoreError if the copy cannot be written."""
        if is_data_file(self.data_dir, Path(path)):
            raise ValidationError("output", _("{path} is Steady's own data file; choose another name or place for "
                                              "the copy. Nothing was changed.").format(path=path))
        return B.write_standalone_copy(self.store, Path(path))

    def list(self) -> list[B.BackupInfo]:
        return B.list_backups(self.data_dir, _raw(self.store.key))

    def auto_backup_if_due(self) -> B.BackupInfo | None:
        """The once-a-day backup after a successful open. Raises StoreError if it fails."""
        now = self._now()
        if not B.daily_backup_due(self.data_dir, now):
            return None
        if self.store.user_record_count() == 0:
            return None  # nothing of the user's to protect yet
        info = B.make_backup(self.store, self.data_dir, "daily", now=now)
        B.rotate(self.data_dir, now=now)
        return info

    def safety_copy(self, label: str) -> B.BackupInfo:
        """Before a drastic change (imports use `before_import`); old safety copies rotate out."""
        info = B.make_backup(self.store, self.data_dir, label, now=self._now())
        B.rotate(self.data_dir, now=info.created)
        return info

    def current_counts(self) -> dict[str, int]:
        return B.record_counts(self.store.db.conn)

    def restore_plan(self, path: Path) -> RestorePlan:
        """Checks the file (refusals as StoreError, read-only) and compares it with now."""
        B.check_not_current(self.data_dir, Path(path))
        return RestorePlan(B.check_candidate(Path(path), self._copy_key(path)), self.current_counts())

    def _copy_key(self, path: Path, key=None) -> bytes | None:
        """The data key an encrypted backup opens with: the store's, when it was made with it."""
        from .encryption import unlock_copy

        known = key if key is not None else self.store.key
        if known is None or known.wiped:
            return None
        try:
            found = unlock_copy(Path(path), known=known)
        except StoreError:
            return None  # made with another key: check_candidate says so
        return found.raw if found is not None else None

    def restore(self, path: Path, reopen: Callable[..., object]) -> B.RestoreResult:
        """Close (via reopen(before=True)), restore, reopen (always). Raises StoreError."""
        key = self.store.key.copy() if self.store.key is not None else None
        try:
            B.check_candidate(Path(path), self._copy_key(path, key))  # refuse before closing anything
            reopen(before=True)
            try:
                result = self.restore_closed(path, key=key)
            finally:
                self.store = reopen(before=False)
        finally:
            if key is not None:
                key.wipe()
        return result

    def restore_closed(self, path: Path, *, key=None) -> B.RestoreResult:
        """The part of `restore` done while the data file is closed (the window does it on its
        background runner between closing and reopening; it touches no open store). Checks the
        file again first. `key`: the data key of an encrypted store (its Store, now closed, has
        wiped its own copy), which also opens the backups made with it. Raises StoreError; the
        data file is then left as it was.

        A file that is not encrypted is then opened once and closed again, here on the worker:
        that first open checks it, switches it from the backup's rollback journal to the
        write-ahead log (a write and a sync) and migrates it if it is older, so the window's
        reopen on its own thread finds it ready. If it cannot be opened, the window's reopen
        says why."""
        raw = self._copy_key(path, key)
        result = B.restore(self.data_dir, Path(path), now=self.clock.now(), key=raw, current_key=_raw(key))
        if key is None:
            from app.storage import StoreError, open_store

            try:
                open_store(self.data_dir, create=False).close()
            except StoreError:
                pass  # the window's reopen meets the same problem and says it in one sentence
        return result
