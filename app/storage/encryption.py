"""Turning encryption of the data file on and off, and rewriting its key files.

Both directions go through SQLCipher's `sqlcipher_export` into a new file beside the data
file, which is checked (every page opens with the key, integrity check, the same number of
records in every table) before it replaces the data file in one rename. The data file must
be closed by everyone: switching it out of WAL mode first proves that no other Steady has it
open (and folds its write-ahead log into it, so no -wal is left). Turning it on then writes
zeros over the plain file (kept under a temporary name by a hard link until the encrypted one
is in place, so a crash at any point leaves a complete data file) before removing it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.i18n import _

from . import DB_FILE_NAME, cipher
from . import backups as B
from . import keys as K
from .errors import StoreError, translate
from .keys import DataKey, KeyFile
from .paths import ensure_private_dir

_LOCK_WAIT_S = 0.5


@dataclass(frozen=True)
class EncryptResult:
    backups_encrypted: int = 0
    backups_removed: int = 0
    backups_left_plain: list[Path] = field(default_factory=list)  # unreadable plain files kept as asked


def _exclusive(conn: sqlite3.Connection, path: Path) -> None:
    """Fold the write-ahead log into the file and leave WAL mode: only possible for the one
    connection to it, so it proves no other Steady window or command is using the file."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    if str(mode).lower() != "delete":
        raise StoreError(_("The data file {path} is in use by another Steady window or command; close it and try "
                           "again. Nothing was changed.").format(path=path), "locked")


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return B.record_counts(conn)


def _fresh(path: Path) -> None:
    for p in (path, Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(p)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _verify(path: Path, key: bytes | None, expected: dict[str, int]) -> None:
    conn = cipher.connect(str(path), key)
    try:
        if key is not None and not cipher.opens_with(conn):
            raise sqlite3.DatabaseError(_("the new file does not open with its key"))
        check = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            raise sqlite3.DatabaseError(_("the new file failed its integrity check ({detail})").format(detail=check[0][:80]))
        if _counts(conn) != expected:
            raise sqlite3.DatabaseError(_("the new file does not hold the same records"))
    finally:
        conn.close()
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _swap_in(new: Path, target: Path, *, scrub_old: bool) -> None:
    """Rename `new` over `target`; with `scrub_old`, the old file's bytes are overwritten
    afterwards (it is kept by a hard link meanwhile, so a crash never leaves neither)."""
    aside = target.with_name(f".{target.name}.plain.tmp")
    linked = False
    if scrub_old:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(aside)
        try:
            os.link(target, aside)
            linked = True
        except OSError:
            linked = False
    fd = None
    if scrub_old and not linked and os.name == "posix":
        fd = os.open(target, os.O_WRONLY)  # no hard links here: overwrite through an open descriptor
    try:
        os.replace(new, target)
        B._sync_dir(target.parent)
        if fd is not None:
            size = os.fstat(fd).st_size
            os.write(fd, b"\0" * size)
            os.fsync(fd)
    finally:
        if fd is not None:
            os.close(fd)
    if linked:
        cipher.overwrite_and_remove(aside)


def _convert(path: Path, source_key: bytes | None, target_key: bytes | None, *, tmp_name: str,
             key_file: KeyFile | None, what: str) -> None:
    """Export the (closed) database at `path` into a new file with `target_key` (None: plain),
    check it, and put it in place: key file first when encrypting, removed last when not."""
    if source_key is None:
        # A plain file is used through the standard library's SQLite, a second copy of SQLite
        # beside SQLCipher's; the two do not see each other's locks inside one process. So
        # the check that nobody else has it open is made with the standard library's first
        # (then again with SQLCipher's, for another process that opened it meanwhile).
        try:
            plain = sqlite3.connect(str(path), timeout=_LOCK_WAIT_S)
        except sqlite3.Error as exc:
            raise translate(exc, path) from None
        try:
            _exclusive(plain, path)
        finally:
            plain.close()
    try:
        conn = cipher.connect(str(path), source_key, timeout=_LOCK_WAIT_S, cipher=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
    tmp = path.with_name(tmp_name)
    try:
        try:
            if source_key is not None and not cipher.opens_with(conn):
                raise K.WrongSecret(_("That key does not open {path}; nothing was changed.").format(path=path))
            _exclusive(conn, path)
            expected = _counts(conn)
            _fresh(tmp)
            cipher.export(conn, tmp, target_key)
        finally:
            conn.close()
        _verify(tmp, target_key, expected)
        if key_file is not None:
            K.write_key_file(path, key_file)
        _swap_in(tmp, path, scrub_old=target_key is not None)
        tmp = None  # type: ignore[assignment]
        if target_key is None:
            K.remove_key_file(path)
    except (OSError, sqlite3.Error) as exc:
        raise B._write_error(path, exc, what) from None
    finally:
        if tmp is not None:
            for leftover in (tmp, Path(f"{tmp}-journal")):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
    for suffix in ("-wal", "-shm", "-journal"):  # the plain file's; none after leaving WAL mode
        side = Path(f"{path}{suffix}")
        if side.exists():
            cipher.overwrite_and_remove(side) if target_key is not None else side.unlink()


def encrypt_data_file(data_dir: Path, key: DataKey, key_file: KeyFile, *,
                      remove_plain_backups: bool = False) -> EncryptResult:
    """Encrypt the closed data file of `data_dir` with `key` (`key_file` wraps it) and every
    plain backup in backups/ (or, with `remove_plain_backups`, overwrite and remove them
    instead). Raises StoreError; the data file is then as it was."""
    from .store import _refuse_unusable, encryption_key_file

    data_dir = Path(data_dir)
    path = data_dir / DB_FILE_NAME
    if not path.exists():
        raise StoreError(_("There is no Steady data file at {path} to encrypt.").format(path=path), "problem")
    if encryption_key_file(path) is not None:
        raise StoreError(_("The data file {path} is already encrypted.").format(path=path), "problem")
    if key_file.key_id != key.key_id():
        raise ValueError("the key file does not wrap this key")
    _refuse_unusable(path)
    _convert(path, None, key.raw, tmp_name=f".{DB_FILE_NAME}.encrypt.tmp", key_file=key_file,
             what=_("the encrypted data file {path}").format(path=path))
    return _encrypt_backups(data_dir, key, key_file, remove=remove_plain_backups)


def _encrypt_backups(data_dir: Path, key: DataKey, key_file: KeyFile, *, remove: bool) -> EncryptResult:
    folder = B.backups_dir(data_dir)
    encrypted = removed = 0
    left: list[Path] = []
    try:
        names = sorted(p for p in folder.iterdir() if B.parse_name(p.name) and p.is_file())
    except OSError:
        return EncryptResult()
    for path in names:
        if B.is_encrypted_copy(path):
            continue
        if not remove:
            try:
                _convert(path, None, key.raw, tmp_name=f".{path.name}.encrypt.tmp", key_file=key_file,
                         what=_("the encrypted backup {path}").format(path=path))
                encrypted += 1
                continue
            except StoreError:
                left.append(path)
                continue
        for side in ("-wal", "-shm", "-journal"):
            cipher.overwrite_and_remove(Path(f"{path}{side}"))
        cipher.overwrite_and_remove(path)
        K.remove_key_file(path)
        removed += 1
    return EncryptResult(encrypted, removed, left)


def decrypt_data_file(data_dir: Path, key: DataKey) -> None:
    """Turn the closed, encrypted data file of `data_dir` back into a plain SQLite file (which
    any SQLite tool opens) and remove its key file. Backups stay encrypted, each with its own
    key file. Raises StoreError; the data file is then as it was."""
    from .store import _refuse_unusable, encryption_key_file

    data_dir = Path(data_dir)
    path = data_dir / DB_FILE_NAME
    key_file = encryption_key_file(path)
    if key_file is None:
        raise StoreError(_("The data file {path} is not encrypted.").format(path=path), "problem")
    if key_file.key_id != key.key_id():
        raise K.WrongSecret(_("That key does not open the data file {path}; nothing was changed.").format(path=path))
    _refuse_unusable(path, key.raw)
    _convert(path, key.raw, None, tmp_name=f".{DB_FILE_NAME}.decrypt.tmp", key_file=None,
             what=_("the decrypted data file {path}").format(path=path))


def rewrap(data_dir: Path, key: DataKey, key_file: KeyFile) -> int:
    """Write `key_file` (a new passphrase or recovery code wrapping the same `key`) beside the
    data file and beside every backup made with that key, so the old passphrase or code opens
    none of them any more. Copies saved elsewhere keep the key file they were saved with.
    Returns how many backups' key files were rewritten. Raises StoreError."""
    data_dir = Path(data_dir)
    ensure_private_dir(data_dir)
    key_id = key.key_id()
    if key_file.key_id != key_id:
        raise ValueError("the key file does not wrap this key")
    K.write_key_file(data_dir / DB_FILE_NAME, key_file)
    count = 0
    with contextlib.suppress(OSError):
        for path in sorted(B.backups_dir(data_dir).iterdir()):
            if B.parse_name(path.name) and K.keys_path(path).exists():
                try:
                    old = K.read_key_file(path)
                except StoreError:
                    continue
                if old is not None and old.key_id == key_id:
                    K.write_key_file(path, key_file)
                    count += 1
    return count
