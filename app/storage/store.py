"""Opening the one data file safely, and the repositories over it.

`open_store` is the only way in. It refuses, without changing a byte of the file, anything
that is not a healthy Steady database this version understands. `sqlite3.connect` happily
"opens" garbage or an empty file and would turn it into a fresh database; the checks below
exist so that never happens to someone's recovery history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Iterator

from .lite import Database

from app.domain import records as D
from app.domain.i18n import N_, _

from . import cipher
from .errors import StoreError, is_io_error, translate
from .keys import DataKey, KeyFile, WrongSecret, read_key_file
from .paths import default_data_dir, ensure_private_dir, resolve_data_dir  # noqa: F401 (re-exported)
from .migrations import MIGRATION_SET, known_names, migrations
from . import search as _search
from .search import SearchIndex
from .repository import (
    AttendanceRepository,
    CalendarLinkRepository,
    ScheduleChangeRepository,
    CheckInRepository,
    CopingRepository,
    DoseRepository,
    GoalRepository,
    OneADayRepository,
    PlanItemRepository,
    Repository,
    ScheduleRepository,
    SectionedRepository,
    SelfCareRepository,
    SkillRepository,
    SupportGroupRepository,
    ensure_meeting_days,
)

from . import DB_FILE_NAME  # noqa: E402  (one definition, in the package)
BACKUP_DIR_NAME = "backups"
# "STDY": marks the file as Steady's, so a different app's database is never adopted.
APPLICATION_ID = 0x53544459
BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_WHAT_TO_DO = N_(
    "Steady did not change it. Restore a backup from the backups folder next to it, "
    "or start Steady with a different --data-dir."
)  # shown as _(_WHAT_TO_DO)


class Store:
    """An open data file and one repository per record type."""

    def __init__(self, db: Database, path: Path, key: DataKey | None = None):
        self.db = db
        self.path = path
        self.data_dir = path.parent
        # The data key of an encrypted file (None for a plain one): its backups, copies and
        # second connections are made with it. `close` wipes it.
        self.key = key
        self.programs = Repository(db, "programs", D.Program)
        self.changes = ScheduleChangeRepository(db, "schedule_changes", D.ScheduleChange)
        self.calendar_links = CalendarLinkRepository(db)
        self.phases = Repository(db, "program_phases", D.ProgramPhase)
        self.schedule = ScheduleRepository(db, "schedule_items", D.ScheduleItem)
        self.skills = SkillRepository(db, "coping_skills", D.CopingSkill,
                                 order_by="archived, category, name COLLATE NOCASE")
        self.coping = CopingRepository(db, "coping_entries", D.CopingEntry)
        self.groups = SupportGroupRepository(db, "support_groups", D.SupportGroup,
                                             order_by="archived, coalesce(weekday, 7), start_time, name COLLATE NOCASE")
        self.attendance = AttendanceRepository(db, "attendance", D.AttendanceRecord)
        self.selfcare = SelfCareRepository(db, "selfcare_entries", D.SelfCareEntry)
        self.checkins = CheckInRepository(db, "checkins", D.CheckIn)
        self.sobriety = Repository(db, "sobriety_periods", D.SobrietyPeriod)
        self.goals = GoalRepository(db, "goals", D.Goal, order_by="archived, start_date DESC")
        self.milestones = Repository(db, "milestones", D.Milestone,
                                     order_by="reached_on IS NULL, reached_on DESC, target_date")
        self.contacts = Repository(db, "support_contacts", D.SupportContact,
                                   order_by="emergency DESC, name COLLATE NOCASE")
        self.plan = PlanItemRepository(db, "plan_items", D.PlanItem, order_by="section, position, rowid")
        self.assessments = Repository(db, "assessments", D.Assessment, order_by="day DESC, rowid DESC")
        self.drug_screens = Repository(db, "drug_screens", D.DrugScreen, order_by="day DESC, rowid DESC")
        self.callins = OneADayRepository(db, "callin_checks", D.CallInCheck)
        self.medications = Repository(db, "medications", D.Medication,
                                      order_by="stop_date IS NOT NULL, stop_date DESC, name COLLATE NOCASE")
        self.doses = DoseRepository(db, "doses", D.DoseLog, order_by="day DESC, slot, rowid")
        self.homework = Repository(db, "homework", D.Homework,
                                   order_by="done, due IS NULL, due, rowid")
        self.aftercare = SectionedRepository(db, "aftercare_items", D.AftercareItem,
                                             order_by="section, position, rowid")
        self.search = SearchIndex(db)

    def repositories(self) -> dict[str, Repository]:
        return {name: repo for name, repo in vars(self).items() if isinstance(repo, Repository)}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; SQLite errors become StoreError.

        The outermost transaction begins IMMEDIATE: it takes the write lock at BEGIN, where the
        busy timeout is waited out, instead of at its first write inside a read snapshot, where
        SQLite gives up at once (SQLITE_BUSY_SNAPSHOT) when another writer committed meanwhile.
        """
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # nested: a savepoint
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None

    def record_count(self) -> int:
        return sum(repo.count() for repo in self.repositories().values())

    def user_record_count(self) -> int:
        """Records the user made (the seeded skill library does not count)."""
        builtin = self.db.execute("SELECT count(*) FROM coping_skills WHERE builtin = 1").fetchone()[0]
        return self.record_count() - builtin

    def integrity_problems(self) -> list[str]:
        """Full integrity and foreign-key check; an empty list means healthy."""
        try:
            rows = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall()]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _key in self.db.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(_("row {row} of {table} refers to a missing {parent} record").format(
                    row=rowid, table=table, parent=parent))
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        return problems

    def text_problems(self, limit: int = 50) -> list[str]:
        """Stored text that is not valid UTF-8 (read with U+FFFD in its place), as
        "table row ID: column" sentences. Reads every text value once."""
        conn = self.db.conn
        found: list[str] = []
        # The search index's tables hold derived text and FTS5's binary blobs, not what was stored.
        tables = {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")] for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '\\_search%' ESCAPE '\\'").fetchall()}
        conn.text_factory = bytes
        try:
            for table, columns in tables.items():
                key = "id" if "id" in columns else "rowid"
                for row in conn.execute(f"SELECT {key}, * FROM [{table}]"):
                    for name, value in zip(columns, row[1:], strict=False):
                        if isinstance(value, bytes):
                            try:
                                value.decode("utf-8")
                            except UnicodeDecodeError:
                                ident = row[0].decode("utf-8", "replace") if isinstance(row[0], bytes) else row[0]
                                found.append(_("{table} row {id}: {column} holds bytes that are not text "
                                               "(shown as �)").format(table=table, id=ident, column=name))
                                if len(found) >= limit:
                                    return found
        finally:
            conn.text_factory = _lenient_text
        return found

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    def connect_again(self, *, read_only: bool = True) -> "Store":
        """A second connection to this already opened (checked, migrated) data file, for the
        thread that calls this: an SQLite connection belongs to the thread that made it, so
        slow work on a worker thread reads (or, for an import, writes) through its own.
        `read_only` connections cannot write by accident. Close it when done. Raises StoreError."""
        raw = self.key.raw if self.key is not None else None
        try:
            if read_only:
                conn = cipher.connect(self.path.resolve().as_uri() + "?mode=ro", raw, uri=True,
                                      timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                conn = cipher.connect(str(self.path), raw, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from None
        try:
            db = Database(conn, execute_plugins=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                db.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise translate(exc, self.path) from None
        return Store(db, self.path, self.key.copy() if self.key is not None else None)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def closed(self) -> bool:
        """Closed by `close` (the window's store is closed while an encrypted Steady is locked,
        and when the window closes): a queued task that finds it closed has nothing to do."""
        return getattr(self, "_closed", False)

    def close(self) -> None:
        """Close the connection and wipe the data key (an encrypted store is then opened again
        with `open_store(data_dir, key=...)` after the passphrase is given again)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.close()
        self._closed = True
        if self.key is not None:
            self.key.wipe()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- opening -------------------------------------------------------------------------------


def encryption_key_file(path: Path) -> KeyFile | None:
    """The key file of the encrypted data file at `path`, or None when it is a plain file (or
    missing). A key file beside a plain database is what an interrupted turn-on (the key file
    is written before the encrypted file replaces the plain one) or turn-off (the plain file
    replaces the encrypted one before the key file goes) leaves: the database decides."""
    key_file = read_key_file(path)
    if key_file is None or not os.path.exists(path) or cipher.looks_plain(path):
        return None
    return key_file


def is_encrypted(data_dir: Path) -> bool:
    """Whether the data file in `data_dir` is encrypted (cheap: two small reads)."""
    return cipher.is_encrypted_file(Path(data_dir) / DB_FILE_NAME)


def open_store(data_dir: Path, *, create: bool = True, key: DataKey | None = None) -> Store:
    """Open (creating if needed) the data file in `data_dir`. An encrypted file needs its data
    `key` (from `keys.unlock`; a copy is kept, wiped again by `Store.close`): without it the
    StoreError's reason is "encrypted", with one that does not fit "wrongkey". A key given for
    a plain file is ignored. Raises StoreError."""
    # Health data: whatever this process creates is private to the user.
    if os.name == "posix":
        os.umask(0o077)
    data_dir = Path(data_dir)
    ensure_private_dir(data_dir)
    remove_stale_leftovers(data_dir)
    path = data_dir / DB_FILE_NAME
    existed = _regular_file_or_none(path)
    if not existed:
        if not create:
            raise StoreError(_("There is no Steady data file at {path}.").format(path=path), "problem")
        _create_new_database(path)
    key_file = encryption_key_file(path) if existed else None
    raw: bytes | None = None
    if key_file is not None:
        if key is None:
            raise StoreError(_("The data file {path} is encrypted; Steady needs its passphrase or recovery code to "
                               "open it.").format(path=path), "encrypted")
        if key.key_id() != key_file.key_id:
            raise WrongSecret(_("That key does not open the data file {path}; nothing was changed.").format(path=path))
        raw = key.raw
    _refuse_unusable(path, raw)

    try:
        conn = cipher.connect(str(path), raw, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    # Text that is not UTF-8 (a flipped bit on disk) is read with U+FFFD in its place instead of
    # failing the whole read: the person can still list and export everything; `check` names it.
    conn.text_factory = _lenient_text
    try:
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        pending = migrations.pending(db)
        if pending and existed and _has_user_tables(conn):
            copy_aside(conn, data_dir, "before-migration", key=raw)
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(_("The data file {path} could not be switched to safe write mode ({mode}).").format(
                path=path, mode=mode))
        db.execute("PRAGMA synchronous = FULL")
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if pending:
            migrations.apply(db)
        _search.ensure(db)  # the search index, put back if a later step or a tool removed it
        ensure_meeting_days(db)  # likewise the kept meeting-day runs
        _private_sidecars(path)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return Store(db, path, DataKey(raw) if raw is not None else None)


# Steady's own temporary names (a new data file, a restore, a backup or safety copy being
# written). A process killed while writing one leaves it behind; nothing else ever removes it.
_LEFTOVERS = ((".", (f".{DB_FILE_NAME}.new-*.tmp", f".{DB_FILE_NAME}.restore.tmp", f".{DB_FILE_NAME}.restore.tmp.keys",
                     f".{DB_FILE_NAME}.restore.enc.tmp", f"..{DB_FILE_NAME}.restore.tmp.plain.tmp",
                     f".{DB_FILE_NAME}.keys.*.tmp",
                     f".{DB_FILE_NAME}.encrypt.tmp", f".{DB_FILE_NAME}.decrypt.tmp", f".{DB_FILE_NAME}.plain.tmp")),
              (BACKUP_DIR_NAME, (".steady-*.db.tmp", ".steady-*.db.keys.*.tmp", ".steady-*.db.plain.tmp",
                                 ".steady-*.db.encrypt.tmp")))
# Older than this, no live Steady is still writing it (a copy rewrites its file continuously).
STALE_AFTER_SECONDS = 120


def remove_stale_leftovers(data_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove temporary files (and their SQLite journals) left by killed backups, imports,
    restores and first starts. Only Steady's own names, only regular files, only stale ones."""
    import time

    now = time.time() if now is None else now
    removed = []
    for sub, patterns in _LEFTOVERS:
        folder = data_dir / sub
        for pattern in patterns:
            for tmp in list(folder.glob(pattern)) + list(folder.glob(pattern + "-journal")):
                with contextlib.suppress(OSError):
                    st = os.lstat(tmp)
                    if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_AFTER_SECONDS:
                        # A plain copy set aside while encryption was turned on holds plaintext.
                        cipher.overwrite_and_remove(tmp) if tmp.name.endswith((".plain.tmp", ".decrypt.tmp")) \
                            else tmp.unlink()
                        removed.append(tmp)
    return removed


def _lenient_text(raw: bytes) -> str:
    return str(raw, "utf-8", "replace")


def _regular_file_or_none(path: Path) -> bool:
    """True if `path` is (or links to) a regular file, False if nothing is there; StoreError for
    anything else. Looked at with stat only: opening a FIFO would wait forever, a device could
    be anything, and SQLite would follow a dangling link to create a file somewhere else."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(_("The data file {path} cannot be read ({error}); check its permissions.").format(
            path=path, error=exc.strerror or exc),
                         "readonly") from None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not stat.S_ISLNK(link.st_mode):
            return False  # gone between the two looks
        raise StoreError(_("The data file {path} is a link to {target}, which does not exist. Steady did not "
                           "change anything; point the link at your data file, remove it, or start Steady with a "
                           "different --data-dir.").format(path=path, target=_link_target(path)), "problem") from None
    except OSError as exc:
        raise StoreError(_("The data file {path} cannot be read ({error}); check its permissions.").format(
            path=path, error=exc.strerror or exc),
                         "readonly") from None
    if stat.S_ISREG(st.st_mode):
        return True
    what = _("is a folder") if stat.S_ISDIR(st.st_mode) else (
        _("is not a regular file ({kind})").format(kind=_kind_name(st.st_mode)))
    via = " " + _("(through a link)") if stat.S_ISLNK(link.st_mode) else ""
    raise StoreError(_("The data file {path}{via} {what}, so it cannot be Steady's data. Steady did not touch it; "
                       "move it away or start Steady with a different --data-dir.").format(
        path=path, via=via, what=what), "foreign")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return _("a place")


def _kind_name(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a file")


_SIDECARS = ("-wal", "-shm", "-journal")


def _refuse_odd_sidecars(path: Path) -> None:
    """SQLite writes its log and shared memory beside the data file; if something else holds
    those names (a folder, a link to nothing, a pipe) it fails with a misleading I/O error, or
    creates a file wherever a link points. Say what is there instead."""
    for suffix in _SIDECARS:
        side = Path(f"{path}{suffix}")
        try:
            link = os.lstat(side)
        except FileNotFoundError:
            continue
        except OSError:
            continue
        problem = None
        try:
            st = os.stat(side)
            if stat.S_ISDIR(st.st_mode):
                problem = _("is a folder")
            elif not stat.S_ISREG(st.st_mode):
                problem = _("is not a regular file ({kind})").format(kind=_kind_name(st.st_mode))
        except FileNotFoundError:
            if not stat.S_ISLNK(link.st_mode):
                continue  # another Steady closed the file and SQLite removed its log just now
            try:
                problem = _("is a link to {target}, which does not exist").format(target=os.readlink(side))
            except OSError:
                continue  # the link went away meanwhile
        except OSError as exc:
            problem = _("cannot be read ({error})").format(error=exc.strerror or exc)
        if problem is None and stat.S_ISLNK(link.st_mode):
            problem = _("is a link, and Steady keeps its files in the data folder itself")
        if problem:
            raise StoreError(
                _("{side} beside the data file {problem}, so SQLite cannot keep its write log there. Steady did "
                  "not change anything; move that away (it is not Steady's) and try again.").format(
                    side=side, problem=problem), "problem")


def _create_new_database(path: Path) -> None:
    """A new data file appears whole or not at all: built and migrated under a temporary name,
    then linked into place (which fails if another Steady got there first, and then that file
    is used). Two first commands at once never see an empty or half-made file."""
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as exc:
        raise _os_problem(exc, path, _("cannot be created")) from None
    try:
        conn = sqlite3.connect(str(tmp))
        try:
            db = Database(conn, execute_plugins=False)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(db)
            conn.commit()
        finally:
            conn.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another Steady made it a moment ago: use theirs
        _fsync_dir(path.parent)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    except OSError as exc:
        raise _os_problem(exc, path, _("cannot be created")) from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_problem(exc: OSError, path: Path, doing: str) -> StoreError:
    from .errors import is_no_space, no_space

    if is_no_space(exc):
        return no_space(path)
    return StoreError(
        _("The data file {path} {doing} ({error}); check the folder's permissions or choose another with "
          "--data-dir.").format(path=path, doing=doing, error=exc.strerror or exc), "readonly")


def _private_sidecars(path: Path) -> None:
    if os.name != "posix":
        return
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm"), Path(str(path) + ".keys")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if stat.S_IMODE(p.stat().st_mode) & 0o077:
                p.chmod(0o600)


def _has_user_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()[0] > 0


def _refuse_unusable(path: Path, key: bytes | None = None) -> None:
    """Raise StoreError if the existing file must not be opened for writing.

    Everything here reads only: the header with plain file I/O, the rest through a
    read-only connection, so a refused file keeps every byte. An encrypted file (`key` given)
    has no readable header: its checks are SQLCipher's (every page's HMAC) and the same
    read-only integrity check; a key that does not open it is refused as "wrongkey".
    """
    _regular_file_or_none(path)
    _refuse_odd_sidecars(path)
    # Another Steady may be checkpointing this very file (it grows, its header's page count
    # changes, its -wal goes): the header, the size and the log are read at three moments, so
    # a file that looks short is looked at again before it is called damaged. A damaged file
    # stays damaged; a file caught mid-checkpoint looks whole a moment later (measured: 8
    # writers of 60 adds each called a healthy file "truncated" once in three runs without this).
    # An encrypted file's header is ciphertext: only its size is looked at here.
    for pause in (0.0, 0.02, 0.05, 0.1, 0.2):
        time.sleep(pause)
        if _looks_whole(path, encrypted=key is not None):
            break
    else:
        raise StoreError(_("The data file {path} is truncated or damaged.").format(
            path=path) + " " + _(_WHAT_TO_DO), "corrupt")
    _check_after_recovery(path, key)


def _check_after_recovery(path: Path, key: bytes | None) -> None:
    # A read-only look at a file in WAL mode still makes an (empty) -wal and -shm beside it;
    # a refused file must be left exactly as it was found, so those go again on refusal.
    absent = [side for side in (Path(f"{path}-wal"), Path(f"{path}-shm")) if not os.path.lexists(side)]
    try:
        try:
            _check_contents(path, key)
        except _NeedsRecovery:
            _recover(path, key)
            _check_contents(path, key)
    except StoreError:
        for side in absent:
            with contextlib.suppress(OSError):
                if side.name.endswith("-shm") or side.stat().st_size == 0:
                    side.unlink()
        raise


def _looks_whole(path: Path, *, encrypted: bool = False) -> bool:
    """The header's promises against the file's size, with plain file I/O (nothing written).

    Raises StoreError for a file that is empty, unreadable or not SQLite at all."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(
            _("The data file {path} cannot be read ({error}); check its permissions.").format(
                path=path, error=exc.strerror or exc),
            "readonly") from None
    if size == 0:
        raise StoreError(_("The data file {path} is empty (0 bytes), so it holds no Steady data.").format(
            path=path) + " " + _(_WHAT_TO_DO), "corrupt")
    if encrypted:
        return True  # SQLCipher checks every page it reads (HMAC); the integrity check reads them all
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise StoreError(_("The file {path} is not a Steady data file (it is not an SQLite database).").format(
            path=path) + " " + _(_WHAT_TO_DO), "foreign")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    pages_valid = header[92:96] == header[24:28]
    # With a write-ahead log beside it, the main file may be mid-checkpoint (a disk that filled
    # up while Steady closed leaves it short, even off a page boundary) while the log still
    # holds every page: SQLite reads it whole, so only the quick_check below may judge it.
    wal = Path(f"{path}-wal")
    try:
        mid_checkpoint = wal.stat().st_size > 0
    except OSError:  # none, or removed just now by another Steady closing cleanly
        mid_checkpoint = False
    # Bytes beyond the page count are not SQLite's: something else wrote to the file.
    # A hot rollback journal (a write killed part-way while the file was in rollback mode, as a
    # restored file is until its first open) holds the pages that put the file right again.
    try:
        hot_journal = Path(f"{path}-journal").stat().st_size > 0
    except OSError:
        hot_journal = False
    return not (page_size < 512 or (not (mid_checkpoint or hot_journal)
                                    and (size % page_size or (pages_valid and size != pages * page_size))))


class _NeedsRecovery(Exception):
    """The read-only look hit SQLITE_READONLY: a hot journal to roll back or a log to recover."""


def _recover(path: Path, key: bytes | None = None) -> None:
    """SQLite's own crash recovery (rolling back a hot journal, rebuilding the log's index),
    which needs a connection that may write; it restores the file to its last commit and
    changes nothing else. The checks then run again."""
    try:
        conn = cipher.connect(str(path), key, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate(exc, path) from None


def _check_contents(path: Path, key: bytes | None = None) -> None:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = cipher.connect(uri, key, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    try:
        if key is not None and not cipher.opens_with(conn):
            raise WrongSecret(_("The data file {path} does not open with this key: it is damaged, or the key file "
                                "beside it belongs to another file. Steady did not change it.").format(path=path))
        # integrity_check, not quick_check: only it compares every index with its table (a damaged
        # index made `list` show 1 row of dozens and was written to). Measured on this machine:
        # 5 years of demo data 21 ms (quick_check 11 ms), 20 years 58 ms (quick_check 26 ms).
        result = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
        if result != ["ok"]:
            raise StoreError(_("The data file {path} is damaged ({detail}).").format(
                path=path, detail=result[0][:80]) + " " + _(_WHAT_TO_DO), "corrupt")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            raise StoreError(_("The file {path} belongs to another program, not Steady.").format(
                path=path) + " " + _(_WHAT_TO_DO),
                             "foreign")
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])]
        if app_id == 0 and tables and not applied:
            raise StoreError(_("The file {path} is an SQLite database of another program, not Steady.").format(
                path=path) + " " + _(_WHAT_TO_DO), "foreign")
        unknown = sorted(set(applied) - known_names())
        if unknown:
            raise StoreError(
                _("The data file {path} was written by a newer version of Steady. Install the newer version to "
                  "open it; this version left it untouched.").format(path=path), "newer")
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == 8:  # SQLITE_READONLY_ROLLBACK/RECOVERY/…
            raise _NeedsRecovery() from None
        told = translate(exc, path)
        if told.reason in ("locked", "full", "readonly") or (told.reason == "problem" and is_io_error(exc)):
            raise told from None
        raise StoreError(_("The data file {path} is damaged ({error}).").format(
            path=path, error=exc) + " " + _(_WHAT_TO_DO), "corrupt") from None
    except UnicodeDecodeError:
        # SQLite's message about a damaged page quoted bytes that are not text.
        raise StoreError(_("The data file {path} is damaged.").format(
            path=path) + " " + _(_WHAT_TO_DO), "corrupt") from None
    finally:
        conn.close()


def copy_aside(conn: sqlite3.Connection, data_dir: Path, label: str, *, key: bytes | None = None) -> Path:
    """A consistent copy of the open database in backups/, through the one SQLite copy
    routine (backups.write_copy: integrity-checked, synced, renamed, its folder synced, 0600;
    encrypted with `key`, its key file beside it, when the data file is encrypted)."""
    from .backups import write_copy  # imported here: backups is the heavier module

    backups = data_dir / BACKUP_DIR_NAME
    ensure_private_dir(backups)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = backups / f"steady-{label}-{stamp}.db"
    write_copy(conn, final, what=_("the safety copy {copy} before updating the data file").format(copy=final), key=key,
               key_source=data_dir / DB_FILE_NAME)
    return final
