"""Encryption at rest, as the window and the command line use it. No Qt.

An encrypted data file is opened with its data key; the key comes from the passphrase or
the recovery code (`unlock`, slow on purpose: about 0.1-0.2 s of scrypt; the window runs it
on its background runner). Everything else (the records, backups, copies, check, restore)
then works as on a plain file, given the key through `open_store(data_dir, key=...)`.

Turning encryption on or off replaces the data file, so the store must be closed by the
caller first and opened again afterwards (like a restore). Changing the passphrase or the
recovery code rewrites only the key files and works with the store open or closed.

The data key: `app.storage.keys.DataKey` (wiped by `Store.close()` and by `DataKey.wipe()`).
Errors: `StoreError` with `.reason` "encrypted" (a secret is needed), "wrongkey" (the
passphrase or code does not fit; `app.storage.keys.WrongSecret`), or the usual file reasons;
`ValidationError` for a new passphrase that is too short or typed differently twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.i18n import _
from app.storage import DB_FILE_NAME, StoreError
from app.storage import keys as K

DataKey = K.DataKey
WrongSecret = K.WrongSecret
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class Status:
    encrypted: bool
    data_file: Path


@dataclass(frozen=True)
class TurnedOn:
    """What `turn_on` did. `recovery_code` is shown once and never stored in the clear."""
    recovery_code: str
    backups_encrypted: int
    backups_removed: int
    backups_left_plain: list[Path] = field(default_factory=list)


def status(data_dir: Path) -> Status:
    """Encrypted or not (cheap: reads 16 bytes and looks for the key file; no SQLCipher, and
    nothing heavy imported: the window asks before its first paint)."""
    from app.storage.cipher import is_encrypted_file

    path = Path(data_dir) / DB_FILE_NAME
    return Status(is_encrypted_file(path), path)


def is_encrypted(data_dir: Path) -> bool:
    return status(data_dir).encrypted


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Raises ValidationError("passphrase", sentence) for a passphrase Steady will not set."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError("passphrase", _("Choose a passphrase of at least {n} characters; "
                                              "a few words you will remember work well.").format(n=MIN_PASSPHRASE_LENGTH))
    if repeated is not None and repeated != passphrase:
        raise ValidationError("passphrase", _("The two passphrases are not the same; type it again."))


def is_recovery_code(text: str) -> bool:
    """Whether `text` has the shape of a recovery code (for the unlock screen's field)."""
    return K.normalize_recovery_code(text) is not None


def _key_file(data_dir: Path) -> K.KeyFile:
    from app.storage.store import encryption_key_file

    path = Path(data_dir) / DB_FILE_NAME
    key_file = encryption_key_file(path)
    if key_file is None:
        raise StoreError(_("The data file {path} is not encrypted.").format(path=path), "problem")
    return key_file


def unlock(data_dir: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> DataKey:
    """The data key of the encrypted data file in `data_dir`, from its passphrase or its
    recovery code (slow: run it off the GUI thread). Raises WrongSecret (a StoreError, reason
    "wrongkey") for a secret that does not fit, StoreError for a plain or unreadable file.
    Touches no file."""
    return K.unlock(_key_file(data_dir), passphrase=passphrase, recovery_code=recovery_code)


def unlock_copy(path: Path, *, passphrase: str | None = None, recovery_code: str | None = None,
                known: DataKey | None = None) -> DataKey | None:
    """The data key of a backup or copy at `path`: `known` (the open store's key) when the copy
    was made with it, else from its own key file with the secret. None for a plain copy.
    Raises WrongSecret, or StoreError (reason "encrypted") when a secret is needed."""
    from app.storage.backups import is_encrypted_copy

    path = Path(path)
    if not is_encrypted_copy(path):
        return None
    key_file = K.read_key_file(path)
    if key_file is None:  # removed since the look above
        raise StoreError(_("The key file beside {path} is missing, so it cannot be opened.").format(path=path),
                         "corrupt")
    if known is not None and not known.wiped and known.key_id() == key_file.key_id:
        return known.copy()
    if passphrase is None and recovery_code is None:
        raise StoreError(_("{path} is encrypted; Steady needs the passphrase or recovery code it was made "
                           "with.").format(path=path), "encrypted")
    return K.unlock(key_file, passphrase=passphrase, recovery_code=recovery_code)


def open_unlocked(data_dir: Path, key: DataKey | None, *, create: bool = False):
    """The store of `data_dir` opened with `key` (None for a plain file). Closing it wipes its
    copy of the key; the caller wipes `key` when it no longer needs it. Raises StoreError."""
    from app.storage.store import open_store

    return open_store(Path(data_dir), create=create, key=key)


def turn_on(data_dir: Path, passphrase: str, *, remove_plain_backups: bool = False,
            repeated: str | None = None) -> TurnedOn:
    """Encrypt the data file of `data_dir` (closed by the caller) with a new random data key,
    wrapped by `passphrase` and by a new recovery code (returned, to be shown once). Plain
    backups in backups/ are encrypted too, or overwritten and removed when
    `remove_plain_backups`. Slow (an export of the whole file plus two key derivations): run
    it off the GUI thread. Raises ValidationError, StoreError (the file is then unchanged)."""
    from app.storage.encryption import encrypt_data_file

    check_new_passphrase(passphrase, repeated)
    key = DataKey.new()
    try:
        code = K.new_recovery_code()
        result = encrypt_data_file(Path(data_dir), key, K.new_key_file(key, passphrase, code),
                                   remove_plain_backups=remove_plain_backups)
    finally:
        key.wipe()
    return TurnedOn(code, result.backups_encrypted, result.backups_removed, result.backups_left_plain)


def turn_off(data_dir: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> None:
    """Decrypt the data file of `data_dir` (closed by the caller) into a plain SQLite file,
    after its passphrase (or recovery code). Backups made while it was encrypted stay
    encrypted, each with its own key file. Slow: off the GUI thread. Raises WrongSecret,
    StoreError (the file is then unchanged)."""
    from app.storage.encryption import decrypt_data_file

    key = unlock(data_dir, passphrase=passphrase, recovery_code=recovery_code)
    try:
        decrypt_data_file(Path(data_dir), key)
    finally:
        key.wipe()


def change_passphrase(data_dir: Path, new_passphrase: str, *, passphrase: str | None = None,
                      recovery_code: str | None = None, repeated: str | None = None) -> int:
    """Wrap the data key with `new_passphrase`, after the current passphrase or the recovery
    code (so a forgotten passphrase is replaced with the code). The database is not
    re-encrypted; the key files beside it and beside its backups are rewritten and the old
    passphrase opens none of them. Returns the number of backups updated. Slow. Raises
    ValidationError, WrongSecret, StoreError."""
    from app.storage.encryption import rewrap

    check_new_passphrase(new_passphrase, repeated)
    key_file = _key_file(data_dir)
    key = K.unlock(key_file, passphrase=passphrase, recovery_code=recovery_code)
    try:
        return rewrap(Path(data_dir), key, key_file.with_passphrase(key, new_passphrase))
    finally:
        key.wipe()


def new_recovery_code(data_dir: Path, *, passphrase: str | None = None, recovery_code: str | None = None) -> str:
    """A new recovery code (returned, to be shown once) after the passphrase or the current
    code; the old code opens neither the data file nor its backups any more. Slow. Raises
    WrongSecret, StoreError."""
    from app.storage.encryption import rewrap

    key_file = _key_file(data_dir)
    key = K.unlock(key_file, passphrase=passphrase, recovery_code=recovery_code)
    try:
        code = K.new_recovery_code()
        rewrap(Path(data_dir), key, key_file.with_recovery_code(key, code))
    finally:
        key.wipe()
    return code
