"""Backups of the data file: making them, listing them, thinning them out, restoring one.

Every backup is made with SQLite's backup API (a consistent copy even while the file is in
use) into a temp file next to its final place, checked with `PRAGMA integrity_check`,
switched to a self-contained rollback-journal file (no -wal/-shm beside it), synced, renamed
and made private (0600). If anything fails, the temp file is removed and nothing else changed.

Names: `backups/steady-<label>-<YYYYmmdd-HHMMSS-ffffff>.db`. Labels:
  daily, manual                  regular backups, thinned by `rotate`
  before-migration, before-restore, before-import, damaged
                                 safety copies, kept by a separate rule (see `rotate`)

Rotation (regular backups only) keeps the newest backup of each of the 7 most recent days
that have one, of each of the 4 most recent ISO weeks that have one, and of each of the 12
most recent months that have one (the union of the three). "Most recent that have one", not
"calendar days before today": coming back after months away must not wipe the history.
Safety copies are kept for 30 days, and the newest 3 of each label are kept for ever: they
hold the state just before something drastic, which a later daily backup does not replace.
Backups the person made ("manual") are kept by both rules: pressing "Back up now" twice in
one day must not make the first press disappear.
Files that do not follow the naming pattern (and copies written elsewhere with --output)
are never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.i18n import N_, _

from . import DB_FILE_NAME, cipher
from . import keys as K
from .errors import StoreError
from .paths import ensure_private_dir, replaceable_target

BACKUP_DIR_NAME = "backups"
REGULAR_LABELS = ("daily", "manual")
SAFETY_LABELS = ("before-migration", "before-restore", "before-import", "damaged")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
SAFETY_KEEP_DAYS, SAFETY_KEEP_NEWEST = 30, 3
# Tables that hold bookkeeping rather than the user's records.
_NOT_RECORDS = {"settings", "_sqlite_migrations"}
_NAME = re.compile(r"^steady-(?P<label>[a-z]+(?:-[a-z]+)*)-(?P<stamp>\d{8}-\d{6}-\d{6})\.db$")
_STAMP = "%Y%m%d-%H%M%S-%f"
_LOCK_WAIT_S = 0.5


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    label: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)  # records per table
    damaged: str = ""  # why it cannot be read; "" when it is a healthy copy
    encrypted: bool = False  # an encrypted copy (its key file beside it)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def regular(self) -> bool:
        return self.label in REGULAR_LABELS


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIR_NAME


def backup_name(label: str, created: dt.datetime) -> str:
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", label):
        raise ValueError(f"bad backup label {label!r}")
    return f"steady-{label}-{created.strftime(_STAMP)}.db"


def parse_name(name: str) -> tuple[str, dt.datetime] | None:
    m = _NAME.match(name)
    if not m:
        return None
    try:
        return m["label"], dt.datetime.strptime(m["stamp"], _STAMP)
    except ValueError:
        return None


# --- making ------------------------------------------------------------------------------------


def _connection_of(source) -> sqlite3.Connection:
    """A Store (has .db.conn) or a plain sqlite3 connection."""
    db = getattr(source, "db", None)
    return db.conn if db is not None else source


def _key_of(source) -> tuple[bytes | None, Path | None]:
    """The data key and data file of a Store (None, None for a plain store or a connection)."""
    key = getattr(source, "key", None)
    return (key.raw, Path(source.path)) if key is not None else (None, None)


def make_backup(source, data_dir: Path, label: str, *, now: dt.datetime, key: bytes | None = None,
                key_source: Path | None = None) -> BackupInfo:
    """A checked copy of the open database in backups/ (encrypted, with its key file, when the
    source is: a Store knows its key; for a bare connection pass `key` and `key_source`, the
    data file whose key file goes beside the copy). Raises StoreError; on failure nothing
    but a removed temp file has changed."""
    if key is None:
        key, key_source = _key_of(source)
    folder = backups_dir(data_dir)
    ensure_private_dir(folder)
    final = folder / backup_name(label, now)
    # Two backups in the same microsecond (tests, fast clocks) must not overwrite each other.
    while final.exists():
        now += dt.timedelta(microseconds=1)
        final = folder / backup_name(label, now)
    write_copy(_connection_of(source), final, key=key, key_source=key_source)
    return read_info(final, key)


def write_copy(conn: sqlite3.Connection, final: Path, what: str | None = None, *, key: bytes | None = None,
               key_source: Path | None = None) -> None:
    """Backup API into a temp file beside `final`, integrity-checked, synced, renamed, 0600.
    `what` names the copy in the error sentence (default "the backup FINAL"). With `key` (the
    source is an encrypted file) the copy is encrypted with the same key and the key file of
    `key_source` is written beside it first (`final.keys`), so the copy opens on its own with
    the passphrase or the recovery code."""
    final = replaceable_target(Path(final))
    folder = final.parent if str(final.parent) else Path(".")
    tmp = folder / f".{final.name}.tmp"
    wrote_keys = False
    earlier_keys = None  # the key file of an earlier encrypted copy at `final`, put back on failure
    try:
        if key is not None:
            with contextlib.suppress(OSError):
                earlier_keys = K.keys_path(final).read_bytes()
            if key_source is None or K.copy_key_file(key_source, final) is None:
                raise OSError(errno.ENOENT, _("the key file of the encrypted data file is missing"))
            wrote_keys = True
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        target = cipher.connect(str(tmp), key)
        try:
            conn.backup(target)
            # A file on its own: a WAL-mode header would make every reader create sidecars.
            target.execute("PRAGMA journal_mode = DELETE")
            check = [r[0] for r in target.execute("PRAGMA integrity_check").fetchall()]
        finally:
            target.close()
        if check != ["ok"]:
            raise OSError(errno.EIO, _("the copy failed its integrity check ({detail})").format(detail=check[0][:80]))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, final)
        tmp = None  # type: ignore[assignment]
        wrote_keys = False
        _sync_dir(folder)
        if key is None:  # a plain copy over an earlier encrypted one: its key file would mislead
            K.remove_key_file(final)
    except (OSError, sqlite3.Error, StoreError) as exc:
        if wrote_keys:
            with contextlib.suppress(OSError, StoreError, ValueError, KeyError, TypeError):
                if earlier_keys is not None:
                    K.write_key_file(final, K.KeyFile.from_bytes(earlier_keys))
                else:
                    K.remove_key_file(final)
        if isinstance(exc, StoreError):
            raise
        raise _write_error(final, exc, what) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            with contextlib.suppress(OSError):
                os.unlink(f"{tmp}-journal")


def _write_error(final: Path, exc: BaseException, what: str | None = None) -> StoreError:
    text = str(exc)
    # SQLite reports a write the disk refused (ENOSPC, a quota, a file-size limit) as FULL or
    # IOERR_WRITE; the sentence must say what the person can do about it.
    full = (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)) \
        or getattr(exc, "sqlite_errorname", "") in ("SQLITE_FULL", "SQLITE_IOERR_WRITE") \
        or "full" in text.lower()
    readonly = (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) \
        or "readonly" in text.lower() or "read-only" in text.lower()
    if full:
        why, advice = _("the disk is full or refused the write"), _("free some disk space and try again")
    elif readonly:
        why, advice = _("the folder is read-only"), _("check its permissions or choose another place")
    else:
        why, advice = (exc.strerror if isinstance(exc, OSError) and exc.strerror else text), _("try again")
    return StoreError(
        _("Steady could not write {what} ({why}); your data file and any earlier file there were left unchanged, "
          "so {advice}.").format(what=what or _("the backup {path}").format(path=final), why=why, advice=advice),
        "full" if full else ("readonly" if readonly else "problem"))


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # makes the rename durable where the OS allows it
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- reading -----------------------------------------------------------------------------------


def record_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables if t not in _NOT_RECORDS and not t.startswith("_")}


def _read_only(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    # immutable: a backup never changes, and this way reading it creates no -wal/-shm files.
    return cipher.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", key, uri=True)


def is_encrypted_copy(path: Path) -> bool:
    """A backup or copy made of an encrypted data file: its key file beside it, no plain header."""
    return K.keys_path(Path(path)).exists() and not cipher.looks_plain(Path(path))


def read_info(path: Path, key: bytes | None = None) -> BackupInfo:
    """What a backup file holds. Never raises for a bad file: it is reported as damaged. An
    encrypted copy is read with `key` (the data key of the store it was made from); without
    one, or with a key it was not made with, only its name, date and size are known."""
    path = Path(path)
    parsed = parse_name(path.name)
    try:
        st = path.stat()
        size = st.st_size
    except OSError as exc:
        size, st = 0, None
        damaged = exc.strerror or str(exc)
    label, created = parsed if parsed else ("manual", dt.datetime.fromtimestamp(st.st_mtime) if st else dt.datetime.min)
    if st is None:
        return BackupInfo(path, created, label, size, {}, damaged)
    counts: dict[str, int] = {}
    damaged = ""
    encrypted = is_encrypted_copy(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
        if encrypted and key is None:
            pass  # locked: nothing more to know without the key
        elif header != b"SQLite format 3\x00" and not encrypted:
            damaged = _("not an SQLite database")
        else:
            conn = _read_only(path, key if encrypted else None)
            try:
                if encrypted and not cipher.opens_with(conn):
                    return BackupInfo(path, created, label, size, {}, _("encrypted with another key"), True)
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    damaged = _("damaged ({detail})").format(detail=check[:60])
                else:
                    counts = record_counts(conn)
            finally:
                conn.close()
    except (OSError, sqlite3.Error) as exc:
        damaged = _("cannot be read ({error})").format(error=exc)
    return BackupInfo(path, created, label, size, counts, damaged, encrypted)


def list_backups(data_dir: Path, key: bytes | None = None) -> list[BackupInfo]:
    """Every backup in backups/, newest first. Damaged files are listed as damaged. `key`:
    the store's data key, to read what encrypted backups hold."""
    folder = backups_dir(data_dir)
    try:
        names = [p for p in folder.iterdir() if parse_name(p.name) and p.is_file()]
    except OSError:
        return []
    infos = [read_info(p, key) for p in names]
    return sorted(infos, key=lambda b: b.created, reverse=True)


def _named(data_dir: Path) -> list[tuple[Path, str, dt.datetime]]:
    folder = backups_dir(data_dir)
    out = []
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            parsed = parse_name(p.name)
            if parsed:
                out.append((p, *parsed))
    return out


# --- when and how many -----------------------------------------------------------------------------


def daily_backup_due(data_dir: Path, now: dt.datetime) -> bool:
    """True unless a daily or manual backup was already made on `now`'s date."""
    return not any(label in REGULAR_LABELS and created.date() == now.date()
                   for _path, label, created in _named(data_dir))


def backups_to_keep(entries: list[tuple[Path, str, dt.datetime]], now: dt.datetime) -> set[Path]:
    """The rule described in the module docstring, as a pure function of names and dates."""
    keep: set[Path] = set()
    regular = sorted(((c, p) for p, label, c in entries if label in REGULAR_LABELS), reverse=True)
    for period, count in ((lambda d: d.date(), KEEP_DAILY),
                          (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list = []
        for created, path in regular:  # newest first: the first of each period is its newest
            key = period(created)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(path)
    by_label: dict[str, list[tuple[dt.datetime, Path]]] = {}
    for path, label, created in entries:
        if label == "daily":
            continue
        by_label.setdefault(label, []).append((created, path))
    for items in by_label.values():
        items.sort(reverse=True)
        keep.update(p for _when, p in items[:SAFETY_KEEP_NEWEST])
        keep.update(p for c, p in items if now - c <= dt.timedelta(days=SAFETY_KEEP_DAYS))
    # A clock set back must not make today's copies look expendable.
    keep.update(p for p, _label, c in entries if c > now)
    return keep


def rotate(data_dir: Path, *, now: dt.datetime) -> list[Path]:
    """Delete the backups the rule does not keep; returns what was deleted."""
    entries = _named(data_dir)
    keep = backups_to_keep(entries, now)
    removed = []
    for path, _label, _created in entries:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
                K.remove_key_file(path)
    return removed


# --- restoring ---------------------------------------------------------------------------------


_REFUSAL = {  # shown as _(why)
    "corrupt": N_("it is damaged or truncated"),
    "foreign": N_("it is not a Steady data file"),
    "newer": N_("it was written by a newer version of Steady"),
    "readonly": N_("it cannot be read"),
    "locked": N_("it is in use by another program"),
}


def check_candidate(source_path: Path, key: bytes | None = None) -> BackupInfo:
    """The open-time refusals plus a full integrity check, all read-only. An encrypted copy
    needs its data `key` (reason "encrypted" without one, "wrongkey" with another). Raises
    StoreError."""
    from .store import _refuse_unusable

    source = Path(source_path)
    if not source.is_file():
        raise StoreError(_("There is no file at {source} to restore; nothing was changed.").format(
            source=source), "problem")
    encrypted = is_encrypted_copy(source)
    if encrypted and key is None:
        raise StoreError(_("{source} is encrypted; Steady needs the passphrase or recovery code it was made with "
                           "to restore it. Nothing was changed.").format(source=source), "encrypted")
    key = key if encrypted else None
    try:
        _refuse_unusable(source, key)
    except StoreError as exc:
        if exc.reason == "wrongkey":
            raise StoreError(_("{source} was encrypted with another key; give the passphrase or recovery code it "
                               "was made with. Nothing was changed.").format(source=source), "wrongkey") from None
        why = _REFUSAL.get(exc.reason) or N_("it cannot be used")
        raise StoreError(_("Steady will not restore {source}: {why}; nothing was changed.").format(
            source=source, why=_(why)), exc.reason) from None
    info = read_info(source, key)
    if info.damaged:
        raise StoreError(_("Steady will not restore {source}: it is damaged or truncated; nothing was changed.").format(
            source=source),
                         "corrupt")
    try:
        conn = cipher.connect(source.resolve().as_uri() + "?mode=ro", key, uri=True)
        try:
            check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error:
        check = ["unreadable"]
    if check != ["ok"]:
        raise StoreError(_("Steady will not restore {source}: it is damaged or truncated; nothing was changed.").format(
            source=source),
                         "corrupt")
    return info


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # the state before the restore (a backup, or the damaged file moved aside)
    counts: dict[str, int]


def is_data_file(data_dir: Path, path: Path) -> bool:
    """True when `path` is the data file of `data_dir` or one of its -wal/-shm companions: a
    copy written there would replace the open data file."""
    current = Path(data_dir) / DB_FILE_NAME
    own = {Path(f"{current}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}
    return Path(path).expanduser().resolve() in own


def write_standalone_copy(source, target: Path) -> BackupInfo:
    """A checked copy of the open database at `target` (another disk, a USB stick), made like
    a backup but never rotated; a copy of an encrypted store is encrypted and its key file
    `<target>.keys` goes beside it. The caller refuses targets that are the data file itself
    (`is_data_file`). Raises StoreError; an earlier file at `target` is left as it was."""
    target = Path(target).expanduser()
    key, key_source = _key_of(source)
    write_copy(_connection_of(source), target, what=_("the copy {path}").format(path=target), key=key,
               key_source=key_source)
    return read_info(target, key)


def check_not_current(data_dir: Path, source: Path) -> None:
    """Refuse to "restore" the data file onto itself (chosen by mistake with Restore from a file)."""
    current = Path(data_dir) / DB_FILE_NAME
    if current.exists() and Path(source).exists() and os.path.samefile(current, source):
        raise StoreError(_("{source} is the data file Steady is using now, not a backup; choose a backup to "
                           "restore instead. Nothing was changed.").format(source=source), "problem")


def restore(data_dir: Path, source_path: Path, *, now: dt.datetime, key: bytes | None = None,
            current_key: bytes | None = None) -> RestoreResult:
    """Replace the data file with a copy of `source_path`. The caller must have closed its
    store (and reopens it afterwards with open_store). An encrypted backup needs its data
    `key` and comes back encrypted with its key file; an encrypted current data file needs its
    own (`current_key`) to be backed up first. Raises StoreError; on any refusal or failure the
    data file and every backup are left as they were."""
    from .store import encryption_key_file

    data_dir = Path(data_dir)
    current = data_dir / DB_FILE_NAME
    source = Path(source_path)
    check_not_current(data_dir, source)
    key = key if is_encrypted_copy(source) else None
    info = check_candidate(source, key)
    if current.exists() and encryption_key_file(current) is not None and current_key is None:
        raise StoreError(_("The data file {current} is encrypted; Steady needs its passphrase or recovery code to "
                           "back it up before restoring. Nothing was changed.").format(current=current), "encrypted")
    ensure_private_dir(data_dir)
    tmp = data_dir / f".{DB_FILE_NAME}.restore.tmp"
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    try:
        src = cipher.connect(source.resolve().as_uri() + "?mode=ro", key, uri=True)
    except sqlite3.Error as exc:
        raise StoreError(_("Steady will not restore {source}: it cannot be read ({error}); nothing was changed.")
                         .format(source=source, error=exc), "readonly") from None
    try:
        # raises StoreError; removes its own temp file on failure
        write_copy(src, tmp, what=_("the copy of {name} to restore into {folder}").format(
            name=source.name, folder=data_dir), key=key,
                   key_source=source)
    finally:
        src.close()
    current_keys = encryption_key_file(current) if current.exists() else None
    if key is None and current_key is not None and current_keys is not None:
        # A plain backup restored over an encrypted data file is encrypted with the same key
        # first: choosing encryption is not undone by going back to an older copy.
        from .encryption import _convert

        try:
            _convert(tmp, None, current_key, tmp_name=f".{DB_FILE_NAME}.restore.enc.tmp", key_file=current_keys,
                     what=_("the encrypted copy of {name} to restore into {folder}").format(
                         name=source.name, folder=data_dir))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            K.remove_key_file(tmp)
            raise
        key = current_key
    try:
        safety = _set_current_aside(data_dir, current, now, current_key)
        try:
            # An encrypted file's key file comes first: a crash between the two renames leaves
            # a key file beside a plain file (ignored), never an encrypted file without one.
            if key is not None:
                os.replace(K.keys_path(tmp), K.keys_path(current))
            os.replace(tmp, current)
            if key is None:
                K.remove_key_file(current)
        except OSError as exc:
            raise _write_error(current, exc, what=_("the restored data file {path}").format(path=current)) from None
        _sync_dir(data_dir)
        for suffix in ("-wal", "-shm"):  # stale sidecars must never be replayed onto the new file
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{current}{suffix}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        K.remove_key_file(tmp)
    return RestoreResult(source, safety, info.counts)


def _set_current_aside(data_dir: Path, current: Path, now: dt.datetime, key: bytes | None = None) -> Path | None:
    """Back up the current file ("before-restore") and leave it without -wal/-shm, so it can
    be replaced. A file Steady cannot open is moved into backups/ as "damaged" instead (with
    its key file, if it has one)."""
    from .store import _refuse_unusable, encryption_key_file

    if not current.exists():
        return None
    key = key if encryption_key_file(current) is not None else None
    try:
        _refuse_unusable(current, key)
    except StoreError as exc:
        if exc.reason in ("locked", "wrongkey"):
            raise
        return _move_aside(data_dir, current, now)
    try:
        conn = cipher.connect(str(current), key, timeout=_LOCK_WAIT_S)
    except sqlite3.Error as exc:
        raise StoreError(_("The data file {current} cannot be opened ({error}); nothing was changed.").format(
            current=current, error=exc)) from None
    try:
        # Leaving WAL mode needs the only connection to the file, so this also proves no
        # other Steady window or command has it open (their writes would go to a replaced file).
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        info = make_backup(conn, data_dir, "before-restore", now=now, key=key, key_source=current)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(_("The data file {current} is in use by another Steady window or command; close it "
                               "and try again. Nothing was changed.").format(current=current), "locked") from None
        raise StoreError(_("The data file {current} could not be backed up before restoring ({error}); nothing was "
                           "changed.").format(current=current, error=exc)) from None
    finally:
        conn.close()
    return info.path


def _move_aside(data_dir: Path, current: Path, now: dt.datetime) -> Path:
    folder = backups_dir(data_dir)
    ensure_private_dir(folder)
    final = folder / backup_name("damaged", now)
    try:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{current}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{final}{suffix}"))
        if K.keys_path(current).exists():
            os.replace(K.keys_path(current), K.keys_path(final))
        os.replace(current, final)
    except OSError as exc:
        raise _write_error(final, exc) from None
    return final
