"""Encrypted data files: SQLCipher, opened so the rest of Steady cannot tell the difference.

The binding is `sqlcipher3-wheels` (module `sqlcipher3`): it ships SQLCipher 4 built in, as
wheels for Linux (x86-64, ARM64), Windows and macOS (Intel, Apple silicon) for Python 3.10 to
3.13, so it installs from PyPI without a compiler or a system SQLCipher. (`sqlcipher3-binary`
has Linux wheels only; `sqlcipher3` needs a compiler and libsqlcipher.) It is imported on
first use only, when a data file is encrypted or being encrypted: a plain data file and
`steady --version` never load it.

Its exception classes are its own, not the standard library's, and both Steady's storage code
and sqlite-utils catch `sqlite3.Error`/`sqlite3.OperationalError` (a failed savepoint release,
`drop(ignore=True)`, "database is locked"). So the connections made here raise the standard
library's class of the same name, with the same `sqlite_errorcode`/`sqlite_errorname`: every
`except sqlite3...` keeps working unchanged.

Keys are raw 32-byte keys (`PRAGMA key = "x'…'"`), so SQLCipher's own passphrase derivation
(PBKDF2) is skipped: the passphrase is stretched once, in `keys.py`, with scrypt.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any, cast

from app.domain.i18n import _

from .errors import StoreError

_SQLITE_MAGIC = b"SQLite format 3\x00"
_driver: Any = None
_connection_class: Any = None


def _translated(exc: Exception) -> sqlite3.Error:
    cls = getattr(sqlite3, type(exc).__name__, sqlite3.Error)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.Error
    new = cls(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attr):
            setattr(new, attr, getattr(exc, attr))
    return new


def _load():
    """The SQLCipher module and a Connection class whose errors are the standard library's."""
    global _driver, _connection_class
    if _driver is not None:
        return _driver, _connection_class
    try:
        from sqlcipher3 import dbapi2
    except ImportError:  # pragma: no cover - it is a dependency; a broken install says so
        raise StoreError(_("Steady cannot open encrypted data files: its SQLCipher module (sqlcipher3-wheels) is not "
                           "installed. Reinstall Steady and try again."), "problem") from None
    error = dbapi2.Error

    class Cursor(dbapi2.Cursor):
        def execute(self, *args):
            try:
                return super().execute(*args)
            except error as exc:
                raise _translated(exc) from None

        def executemany(self, *args):
            try:
                return super().executemany(*args)
            except error as exc:
                raise _translated(exc) from None

        def executescript(self, *args):
            try:
                return super().executescript(*args)
            except error as exc:
                raise _translated(exc) from None

        def fetchone(self):
            try:
                return super().fetchone()
            except error as exc:
                raise _translated(exc) from None

        def fetchmany(self, *args):
            try:
                return super().fetchmany(*args)
            except error as exc:
                raise _translated(exc) from None

        def fetchall(self):
            try:
                return super().fetchall()
            except error as exc:
                raise _translated(exc) from None

        def __next__(self):
            try:
                return super().__next__()
            except error as exc:
                raise _translated(exc) from None

    class Connection(dbapi2.Connection):
        # Connection.execute/executemany/executescript make their cursor through cursor(); they
        # are wrapped too for what fails before a cursor exists (a closed connection).
        def cursor(self, factory=Cursor):
            try:
                return super().cursor(factory)
            except error as exc:
                raise _translated(exc) from None

        def execute(self, *args):
            try:
                return super().execute(*args)
            except error as exc:
                raise _translated(exc) from None

        def executemany(self, *args):
            try:
                return super().executemany(*args)
            except error as exc:
                raise _translated(exc) from None

        def executescript(self, *args):
            try:
                return super().executescript(*args)
            except error as exc:
                raise _translated(exc) from None

        @property
        def in_transaction(self):  # sqlite-utils reads it first in every execute
            try:
                return dbapi2.Connection.in_transaction.__get__(self)
            except error as exc:
                raise _translated(exc) from None

        def close(self):
            try:
                return super().close()
            except error as exc:
                raise _translated(exc) from None

        def commit(self):
            try:
                return super().commit()
            except error as exc:
                raise _translated(exc) from None

        def rollback(self):
            try:
                return super().rollback()
            except error as exc:
                raise _translated(exc) from None

        def backup(self, target, **kwargs):
            try:
                return super().backup(target, **kwargs)
            except error as exc:
                raise _translated(exc) from None

    _driver, _connection_class = dbapi2, Connection
    return _driver, _connection_class


def is_loaded() -> bool:
    """Whether SQLCipher has been imported in this process (tests of the import budget)."""
    return _driver is not None


def key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("a data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(database: str, key: bytes | None, *, uri: bool = False, timeout: float = 5.0,
            cipher: bool = False) -> sqlite3.Connection:
    """A connection to `database`. With a key: SQLCipher, keyed before anything else is read.
    Without one: the standard library's sqlite3, unless `cipher` asks for SQLCipher (to export
    a plain file into an encrypted one, which only SQLCipher can). Raises sqlite3.Error."""
    if key is None and not cipher:
        return sqlite3.connect(database, uri=uri, timeout=timeout)
    _, connection_class = _load()
    conn = connection_class(database, uri=uri, timeout=timeout)
    try:
        # A wrong key makes SQLCipher print "hmac check failed" to stderr; Steady says it itself.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(key_pragma(key))
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def opens_with(conn: sqlite3.Connection) -> bool:
    """Whether the key given to `conn` opens its file: SQLCipher only finds out at the first
    read ("file is not a database"). Reads one page, writes nothing."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == 26 or "not a database" in str(exc):  # NOTADB
            return False
        raise
    return True


def is_encrypted_file(path: Path) -> bool:
    """Whether the data file at `path` is encrypted: its key file is beside it and it does not
    start like a plain SQLite file (cheap: two small reads). Light to import, so the window
    can ask before its first paint and paint the unlock screen first: the key handling
    (hashlib, OpenSSL) is imported only for a file that does not start like a plain one."""
    if not os.path.isfile(path) or looks_plain(path):
        return False
    from .keys import keys_path

    return keys_path(path).exists()


def looks_plain(path: Path) -> bool:
    """True when the file starts like a plain SQLite database (an encrypted one starts with
    its random salt). False for a missing or unreadable file, and for anything but a regular
    file: reading a FIFO put in its place would wait for a writer forever."""
    if not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


def export(source: sqlite3.Connection, target: Path, key: bytes | None) -> None:
    """Copy every table, index and row of `source` (an SQLCipher connection, keyed or not)
    into the new file `target`, encrypted with `key` or plain without one: SQLCipher's
    `sqlcipher_export`, the only way between a plain and an encrypted file. `target` must not
    exist yet or be empty. The application id, which the export does not carry, is copied too.
    Raises sqlite3.Error."""
    source.execute("ATTACH DATABASE ? AS steady_export KEY ?", [str(target), "" if key is None
                                                                  else f"x'{key.hex()}'"])
    try:
        source.execute("SELECT sqlcipher_export('steady_export')")
        app_id = source.execute("PRAGMA main.application_id").fetchone()[0]
        source.execute(f"PRAGMA steady_export.application_id = {int(app_id)}")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA steady_export.user_version = {int(version)}")
    finally:
        with contextlib.suppress(sqlite3.Error):
            source.execute("DETACH DATABASE steady_export")


def overwrite_and_remove(path: Path) -> None:
    """Write zeros over a file that held plaintext, sync, then remove it. On a copy-on-write
    file system or an SSD the old blocks may survive (the README says so); this is what a
    program can do. A missing file is fine. A file with another hard link (the plain data file
    set aside while encryption is turned on, when the process was killed before the encrypted
    file took its place) is only unlinked: its bytes are the data file's."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        return
    try:
        st = os.fstat(fd)
        size = st.st_size if st.st_nlink <= 1 else 0  # another name still holds these bytes: keep them
        block = b"\0" * 65536
        written = 0
        while written < size:
            written += os.write(fd, block[: min(len(block), size - written)])
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
