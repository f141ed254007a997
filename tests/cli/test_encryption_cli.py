"""`steady encrypt|decrypt|change-passphrase|new-recovery-code`, the global passphrase options,
and every other command on an encrypted data file (issue 14's "Done when" list)."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys

import pytest

from app.storage import keys as K

from .helpers import ROOT, run

MARKER = "qx-encrypt-marker-5e81c0"
PASS = "a long quiet river"
CODE_LINE = re.compile(r"^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$", re.M)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Cheap scrypt (the parameters are stored with each wrap; the real ones are timed in
    tests/storage/test_encryption.py and tests/benchmarks/encryption.py)."""
    monkeypatch.setattr(K, "SCRYPT_N", 2 ** 10)
    monkeypatch.delenv("STEADY_PASSPHRASE", raising=False)
    monkeypatch.delenv("STEADY_NEW_PASSPHRASE", raising=False)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files_with_marker(*folders):
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                with open(path, "rb") as fh:
                    if MARKER.encode() in fh.read():
                        found.append(path)
    return found


def _log_marker(data_dir, days_ago: int = 0):
    import datetime as dt

    day = (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()
    assert run(data_dir, "add", "coping", "--urge-before", "6", "--notes", MARKER)[0] == 0
    assert run(data_dir, "add", "checkin", "--day", day, "--mood", "3", "--craving", "2", "--notes", MARKER)[0] == 0
    assert run(data_dir, "add", "selfcare", "--minutes", "20", "--notes", MARKER)[0] == 0


def _encrypt(data_dir, monkeypatch) -> str:
    monkeypatch.setenv("STEADY_PASSPHRASE", PASS)
    code, out, err = run(data_dir, "encrypt")
    assert code == 0, err
    codes = CODE_LINE.findall(out)
    assert len(codes) == 1 and len(CODE_LINE.search(out).group(0)) == 35
    return CODE_LINE.search(out).group(0)


def test_with_encryption_on_no_marker_reaches_any_file(data_dir, tmp_path, monkeypatch):
    _log_marker(data_dir)
    assert run(data_dir, "backup")[0] == 0  # a plain backup before: encrypted by `encrypt`
    assert _files_with_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    assert _files_with_marker(data_dir) == []  # turning it on leaves no plaintext copy behind

    # Written while encrypted: the file, its -wal while open, a backup, a saved copy.
    _log_marker(data_dir, days_ago=1)
    assert run(data_dir, "backup")[0] == 0
    copy = tmp_path / "usb" / "copy.db"
    copy.parent.mkdir()
    code, out, err = run(data_dir, "backup", "--output", copy)
    assert code == 0, err
    assert (tmp_path / "usb" / "copy.db.keys").exists()
    from app.services import encryption as E
    from app.services.bundle import build_services
    from app.domain import records as D
    import datetime as dt

    store = E.open_unlocked(data_dir, E.unlock(data_dir, passphrase=PASS))
    try:
        build_services(store).records.add(D.CheckIn(day=dt.date.today() - dt.timedelta(days=2), mood=4, craving=1, notes=MARKER))
        assert (data_dir / "steady.db-wal").stat().st_size > 0
        assert _files_with_marker(data_dir, copy.parent) == []
    finally:
        store.close()
    assert _files_with_marker(data_dir, copy.parent) == []
    code, out, err = run(data_dir, "list", "coping", "--format", "json")
    assert code == 0 and out.count(MARKER) == 2


def test_locked_without_a_passphrase_and_wrong_passphrase_are_exit_4_and_change_nothing(data_dir, tmp_path,
                                                                                        monkeypatch):
    _log_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    db = data_dir / "steady.db"
    before = _sha(db), _sha(K.keys_path(db))
    monkeypatch.delenv("STEADY_PASSPHRASE")
    code, out, err = run(data_dir, "list", "coping")
    assert code == 4 and out == ""
    assert err.count("\n") == 1 and "is encrypted; give its passphrase" in err
    monkeypatch.setenv("STEADY_PASSPHRASE", "not the right one")
    for args in (("list", "coping"), ("check",), ("decrypt",), ("backup",), ("new-recovery-code",)):
        code, out, err = run(data_dir, *args)
        assert code == 4, args
        assert err == "steady: error: That passphrase does not unlock this data file; check it and try again.\n"
    monkeypatch.delenv("STEADY_PASSPHRASE")
    wrong_file = tmp_path / "pass.txt"
    wrong_file.write_text("still wrong\n")
    assert run(data_dir, "--passphrase-file", wrong_file, "check")[0] == 4
    assert run(data_dir, "check", "--recovery-code", K.new_recovery_code())[0] == 4
    assert (_sha(db), _sha(K.keys_path(db))) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["backups", "steady.db", "steady.db.keys"]


def test_passphrase_file_check_and_export_note(data_dir, tmp_path, monkeypatch):
    _log_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    monkeypatch.delenv("STEADY_PASSPHRASE")
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASS + "\n")
    code, out, err = run(data_dir, "--passphrase-file", pass_file, "check")
    assert code == 0 and out.startswith("ok:"), err
    out_file = tmp_path / "all.json"
    code, out, err = run(data_dir, "export", "--format", "json", "--output", out_file, "--passphrase-file", pass_file)
    assert code == 0, err
    assert out.splitlines()[-1] == (f"Note: {out_file} is not encrypted; anyone who has the file can read it. "
                                    "Keep it somewhere private.")
    assert MARKER in out_file.read_text()


def test_change_passphrase(data_dir, monkeypatch):
    _log_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    db = data_dir / "steady.db"
    before = _sha(db)
    monkeypatch.setenv("STEADY_NEW_PASSPHRASE", "another long passphrase")
    code, out, err = run(data_dir, "change-passphrase")
    assert code == 0, err
    assert _sha(db) == before  # the key is re-wrapped; the file is not re-encrypted
    assert run(data_dir, "list", "coping")[0] == 4  # the old passphrase (still in STEADY_PASSPHRASE)
    monkeypatch.setenv("STEADY_PASSPHRASE", "another long passphrase")
    code, out, err = run(data_dir, "list", "coping", "--format", "json")
    assert code == 0 and MARKER in out
    monkeypatch.setenv("STEADY_NEW_PASSPHRASE", "short")
    code, out, err = run(data_dir, "change-passphrase")
    assert code == 3 and "at least 8 characters" in err


def test_recovery_code_unlocks_and_a_new_one_replaces_it(data_dir, monkeypatch):
    _log_marker(data_dir)
    old = _encrypt(data_dir, monkeypatch)
    monkeypatch.delenv("STEADY_PASSPHRASE")
    code, out, err = run(data_dir, "--recovery-code", old.lower(), "list", "coping", "--format", "json")
    assert code == 0 and MARKER in out, err
    code, out, err = run(data_dir, "--recovery-code", old, "new-recovery-code")
    assert code == 0, err
    new = CODE_LINE.search(out).group(0)
    assert new != old
    code, out, err = run(data_dir, "--recovery-code", old, "list", "coping")
    assert code == 4 and "recovery code does not unlock" in err
    assert run(data_dir, "--recovery-code", new, "list", "coping")[0] == 0
    # A forgotten passphrase is replaced with the code.
    monkeypatch.setenv("STEADY_NEW_PASSPHRASE", "remembered this time")
    assert run(data_dir, "--recovery-code", new, "change-passphrase")[0] == 0
    monkeypatch.setenv("STEADY_PASSPHRASE", "remembered this time")
    assert run(data_dir, "check")[0] == 0


def test_decrypt_gives_a_plain_sqlite_file(data_dir, monkeypatch):
    _log_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    code, out, err = run(data_dir, "decrypt")
    assert code == 0, err
    assert not (data_dir / "steady.db.keys").exists()
    conn = sqlite3.connect(data_dir / "steady.db")
    try:
        assert conn.execute("SELECT notes FROM coping_entries").fetchall() == [(MARKER,)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    import shutil
    import subprocess

    tool = shutil.which("sqlite3")
    if tool:  # the sqlite3 command-line shell, another program entirely
        shell = subprocess.run([tool, str(data_dir / "steady.db"), "SELECT notes FROM checkins;"],
                               capture_output=True, text=True, timeout=60)
        assert shell.returncode == 0 and MARKER in shell.stdout, shell.stderr
    monkeypatch.delenv("STEADY_PASSPHRASE")
    assert run(data_dir, "list", "coping")[0] == 0  # no passphrase needed any more
    code, out, err = run(data_dir, "decrypt")
    assert code == 4 and "is not encrypted" in err


def test_an_encrypted_backup_restores_with_the_passphrase_alone_in_a_fresh_folder(data_dir, tmp_path, monkeypatch):
    _log_marker(data_dir)
    _encrypt(data_dir, monkeypatch)
    copy = tmp_path / "copy.db"
    assert run(data_dir, "backup", "--output", copy)[0] == 0
    fresh = tmp_path / "fresh"
    monkeypatch.delenv("STEADY_PASSPHRASE")
    code, out, err = run(fresh, "restore", copy)
    assert code == 4 and "is encrypted" in err
    assert not (fresh / "steady.db").exists()
    monkeypatch.setenv("STEADY_PASSPHRASE", PASS)
    code, out, err = run(fresh, "restore", copy)
    assert code == 0, err
    code, out, err = run(fresh, "list", "checkin", "--format", "json")
    assert code == 0 and MARKER in out
    assert _files_with_marker(fresh) == []
    # Restoring a backup over the encrypted store, from its own backups folder.
    backup = next((data_dir / "backups").glob("steady-*.db"), None) or copy
    code, out, err = run(data_dir, "restore", backup)
    assert code == 0, err
    assert _files_with_marker(data_dir) == []


def test_a_plain_backup_restored_over_an_encrypted_store_is_encrypted(data_dir, tmp_path, monkeypatch):
    _log_marker(data_dir)
    plain = tmp_path / "plain.db"
    assert run(data_dir, "backup", "--output", plain)[0] == 0
    _encrypt(data_dir, monkeypatch)
    code, out, err = run(data_dir, "restore", plain)
    assert code == 0, err
    assert _files_with_marker(data_dir) == []
    assert (data_dir / "steady.db.keys").exists()
    code, out, err = run(data_dir, "list", "coping", "--format", "json")
    assert code == 0 and MARKER in out


def test_encrypt_needs_a_new_passphrase(data_dir):
    _log_marker(data_dir)
    code, out, err = run(data_dir, "encrypt")
    assert code == 3 and "A new passphrase is needed" in err
    assert not (data_dir / "steady.db.keys").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_encrypt_on_a_terminal_asks_twice_without_echo(data_dir, tmp_path):
    """A real `python -m app encrypt` on a pseudo-terminal: the passphrase is typed twice
    (not echoed back), the recovery code is printed on its own line."""
    import pty
    import select
    import time

    _log_marker(data_dir)
    env = {**os.environ, "STEADY_DATA_DIR": str(data_dir)}
    env.pop("STEADY_PASSPHRASE", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "app", "encrypt"], env)
    output = b""
    answered = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if fd in ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        prompts = output.count(b"New passphrase")
        if prompts > answered:
            os.write(fd, (PASS + "\n").encode())
            answered += 1
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert os.WEXITSTATUS(status) == 0, text
    assert answered == 2 and PASS not in text
    assert CODE_LINE.search(text.replace("\r", ""))
    assert _files_with_marker(data_dir) == []
