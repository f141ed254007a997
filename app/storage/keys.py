"""The data key of an encrypted data file, and the key file that keeps it wrapped.

A random 32-byte data key encrypts the database (SQLCipher, `cipher.py`). It is never stored
as it is: the key file beside the database (`steady.db.keys`, and `<copy>.db.keys` beside
every backup and copy, so each opens on its own) holds it twice, wrapped once with the
passphrase and once with the recovery code. Changing the passphrase or the recovery code
rewrites only that small file; the database is not re-encrypted.

Wrapping (the standard library only, so nothing more to install):
  k = scrypt(secret, salt = 16 random bytes, N = 2**15, r = 8, p = 1, 64 bytes)  # 32 MiB
  wrapped = data_key XOR k[:32]
  tag     = HMAC-SHA256(k[32:], "steady-key-wrap-1" | kind | N | r | p | salt | wrapped)
A new random salt for every wrap makes k[:32] a one-time pad, and the tag (encrypt-then-MAC)
tells a wrong passphrase or code apart from the right one: a wrong secret is refused, never
turned into a wrong key. scrypt is memory-hard (32 MiB per guess); N = 2**15 takes about
0.12 s of CPU on the machine Steady is developed on (2**16: 0.23 s), inside the 0.3 s an unlock
may add before the data shows. The parameters are stored with each wrap, so later versions can
raise them for new wraps and still read old ones.

The recovery code is 30 characters from Crockford's base-32 alphabet (no I, L, O or U;
about 150 bits), printed as 6 groups of 5 joined by "-". Reading it back ignores case,
spaces and dashes, and takes O for 0 and I or L for 1.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from app.domain.i18n import _

from .errors import StoreError

KEY_FILE_SUFFIX = ".keys"
DATA_KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
_FORMAT = "steady-keys"
_VERSION = 1
_WRAP_LABEL = b"steady-key-wrap-1"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
_READ_AS = {"O": "0", "I": "1", "L": "1"}
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 6, 5
PASSPHRASE, RECOVERY = "passphrase", "recovery"


class WrongSecret(StoreError):
    """The passphrase or recovery code does not unwrap the data key."""

    def __init__(self, message: str):
        super().__init__(message, "wrongkey")


class DataKey:
    """The 32-byte data key, held in a bytearray so it can be wiped (best effort: Python may
    have made copies while the key was derived or used). Its repr never shows it."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes | bytearray):
        if len(raw) != DATA_KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._raw: bytearray | None = bytearray(raw)

    @classmethod
    def new(cls) -> "DataKey":
        return cls(secrets.token_bytes(DATA_KEY_BYTES))

    @property
    def raw(self) -> bytes:
        if self._raw is None:
            raise ValueError("this data key was wiped")
        return bytes(self._raw)

    @property
    def wiped(self) -> bool:
        return self._raw is None

    def copy(self) -> "DataKey":
        return DataKey(self.raw)

    def key_id(self) -> str:
        """A short fingerprint (HMAC of a fixed text) telling which data key a key file wraps
        without unwrapping it; it reveals nothing about the key."""
        return hmac.new(self.raw, b"steady key id", hashlib.sha256).hexdigest()[:16]

    def wipe(self) -> None:
        if self._raw is not None:
            for i in range(len(self._raw)):
                self._raw[i] = 0
            self._raw = None

    def __del__(self) -> None:  # a copy nobody wiped is still zeroed when it is collected
        self.wipe()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataKey) and hmac.compare_digest(self.raw, other.raw)

    def __hash__(self) -> int:
        return hash(self.key_id())

    def __repr__(self) -> str:
        return "DataKey(wiped)" if self._raw is None else "DataKey(…)"


@dataclass(frozen=True)
class Wrap:
    kind: str
    n: int
    r: int
    p: int
    salt: bytes
    wrapped: bytes
    tag: bytes

    def _mac_input(self) -> bytes:
        return b"|".join([_WRAP_LABEL, self.kind.encode(), str(self.n).encode(), str(self.r).encode(),
                          str(self.p).encode(), self.salt, self.wrapped])

    def to_plain(self) -> dict:
        b64 = base64.b64encode
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": b64(self.salt).decode(),
                "wrapped": b64(self.wrapped).decode(), "tag": b64(self.tag).decode()}

    @classmethod
    def from_plain(cls, kind: str, data: dict) -> "Wrap":
        if data.get("kdf") != "scrypt":
            raise ValueError("unknown key derivation")
        n, r, p = (int(data[k]) for k in ("n", "r", "p"))
        if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or n * r > 2 ** 24:
            raise ValueError("scrypt parameters out of range")
        salt, wrapped, tag = (base64.b64decode(data[k], validate=True) for k in ("salt", "wrapped", "tag"))
        if len(wrapped) != DATA_KEY_BYTES or len(tag) != 32 or len(salt) < 16:
            raise ValueError("wrong sizes")
        return cls(kind, n, r, p, salt, wrapped, tag)


@dataclass(frozen=True)
class KeyFile:
    """What `steady.db.keys` holds: the data key wrapped by the passphrase and by the recovery code."""
    key_id: str
    passphrase: Wrap
    recovery: Wrap

    def to_bytes(self) -> bytes:
        return (json.dumps({"format": _FORMAT, "version": _VERSION, "cipher": "sqlcipher4-raw-key",
                            "key_id": self.key_id,
                            "wraps": {PASSPHRASE: self.passphrase.to_plain(), RECOVERY: self.recovery.to_plain()}},
                           indent=1) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> "KeyFile":
        plain = json.loads(data.decode("utf-8"))
        if not isinstance(plain, dict) or plain.get("format") != _FORMAT:
            raise ValueError("not a Steady key file")
        if plain.get("version") != _VERSION:
            raise ValueError("newer")
        wraps = plain["wraps"]
        return cls(str(plain["key_id"]), Wrap.from_plain(PASSPHRASE, wraps[PASSPHRASE]),
                   Wrap.from_plain(RECOVERY, wraps[RECOVERY]))

    def with_passphrase(self, key: DataKey, passphrase: str) -> "KeyFile":
        return replace(self, passphrase=wrap(key, PASSPHRASE, passphrase_bytes(passphrase)))

    def with_recovery_code(self, key: DataKey, code: str) -> "KeyFile":
        return replace(self, recovery=wrap(key, RECOVERY, recovery_code_bytes(code)))


# --- secrets -------------------------------------------------------------------------------------


def passphrase_bytes(passphrase: str) -> bytes:
    """The same passphrase typed on any system gives the same bytes (é composed or not)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _i in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE))
    return "-".join(chars[i:i + RECOVERY_GROUP_SIZE] for i in range(0, len(chars), RECOVERY_GROUP_SIZE))


def normalize_recovery_code(text: str) -> str | None:
    """The code's 30 characters as written by `new_recovery_code` (grouped), or None if `text`
    cannot be one (wrong length or a character the alphabet does not have)."""
    chars = [_READ_AS.get(c, c) for c in text.upper() if c not in " -\t\n"]
    if len(chars) != RECOVERY_GROUPS * RECOVERY_GROUP_SIZE or any(c not in _ALPHABET for c in chars):
        return None
    joined = "".join(chars)
    return "-".join(joined[i:i + RECOVERY_GROUP_SIZE] for i in range(0, len(joined), RECOVERY_GROUP_SIZE))


def recovery_code_bytes(code: str) -> bytes:
    normal = normalize_recovery_code(code)
    if normal is None:
        raise WrongSecret(_("That is not a recovery code: it has 30 letters and digits in 6 groups of 5."))
    return normal.replace("-", "").encode("ascii")


# --- wrapping ------------------------------------------------------------------------------------


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + (1 << 20), dklen=64)


def wrap(key: DataKey, kind: str, secret: bytes) -> Wrap:
    salt = secrets.token_bytes(16)
    derived = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = bytes(a ^ b for a, b in zip(key.raw, derived[:32], strict=True))
    draft = Wrap(kind, SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, wrapped, b"")
    return replace(draft, tag=hmac.new(derived[32:], draft._mac_input(), hashlib.sha256).digest())


def unwrap(w: Wrap, secret: bytes) -> DataKey | None:
    """The data key, or None when `secret` is not the one `w` was made with (slow: scrypt)."""
    derived = _derive(secret, w.salt, w.n, w.r, w.p)
    expected = hmac.new(derived[32:], w._mac_input(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, w.tag):
        return None
    return DataKey(bytes(a ^ b for a, b in zip(w.wrapped, derived[:32], strict=True)))


def new_key_file(key: DataKey, passphrase: str, recovery_code: str) -> KeyFile:
    return KeyFile(key.key_id(), wrap(key, PASSPHRASE, passphrase_bytes(passphrase)),
                   wrap(key, RECOVERY, recovery_code_bytes(recovery_code)))


def unlock(key_file: KeyFile, *, passphrase: str | None = None, recovery_code: str | None = None) -> DataKey:
    """The data key from the passphrase or the recovery code. Raises WrongSecret."""
    if recovery_code is not None:
        key = unwrap(key_file.recovery, recovery_code_bytes(recovery_code))
        if key is None:
            raise WrongSecret(_("That recovery code does not unlock this data file; check it and try again."))
        return key
    if passphrase is None:
        raise WrongSecret(_("A passphrase or the recovery code is needed to unlock this data file."))
    key = unwrap(key_file.passphrase, passphrase_bytes(passphrase))
    if key is None:
        raise WrongSecret(_("That passphrase does not unlock this data file; check it and try again."))
    return key


# --- the key file beside a database --------------------------------------------------------------


def keys_path(db_path: Path) -> Path:
    return Path(f"{db_path}{KEY_FILE_SUFFIX}")


def read_key_file(db_path: Path) -> KeyFile | None:
    """The key file beside `db_path`, or None if there is none. StoreError if it is unreadable."""
    path = keys_path(db_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(_("The key file {path} cannot be read ({error}); check its permissions.").format(
            path=path, error=exc.strerror or exc),
                         "readonly") from None
    try:
        return KeyFile.from_bytes(data)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        if str(exc) == "newer":
            raise StoreError(_("The key file {path} was written by a newer version of Steady; install it to open "
                               "this data file. Nothing was changed.").format(path=path), "newer") from None
        raise StoreError(_("The key file {path} is damaged, so the encrypted data file beside it cannot be opened. "
                           "Restore both from a backup (each backup has its own key file).").format(
            path=path), "corrupt") from None


def write_key_file(db_path: Path, key_file: KeyFile) -> Path:
    """Write the key file beside `db_path` whole or not at all (temp file, fsync, rename), 0600."""
    path = keys_path(db_path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    data = key_file.to_bytes()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        tmp = None  # type: ignore[assignment]
        _sync_dir(path.parent)
    except OSError as exc:
        raise StoreError(_("Steady could not write the key file {path} ({error}); nothing was changed.").format(
            path=path, error=exc.strerror or exc), "full" if exc.errno == 28 else "problem") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def copy_key_file(source_db: Path, target_db: Path) -> Path | None:
    """The key file of `source_db` beside `target_db` too (None when the source has none)."""
    key_file = read_key_file(source_db)
    if key_file is None:
        return None
    return write_key_file(target_db, key_file)


def remove_key_file(db_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(keys_path(db_path))


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
