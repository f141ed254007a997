"""Encryption on the command line: `steady encrypt|decrypt|change-passphrase|new-recovery-code`,
the global `--passphrase-file FILE` and `--recovery-code CODE`, and the key every other
command needs to open an encrypted data file. Kept apart from `app.cli`, which calls
`open_key` from its one store opener (`_open`).

Where the passphrase comes from, first found wins: `--recovery-code CODE` (instead of the
passphrase), `--passphrase-file FILE` (its first line), `STEADY_PASSPHRASE`, then a prompt
without echo when stdin is a terminal. A new passphrase (encrypt, change-passphrase) is
asked twice at the prompt. A data file that is encrypted with no way to get its passphrase
is exit 4 with one sentence, as is a wrong passphrase (nothing is changed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.domain.i18n import _, ngettext, pgettext

ENV_PASSPHRASE = "STEADY_PASSPHRASE"
ENV_NEW_PASSPHRASE = "STEADY_NEW_PASSPHRASE"
COMMANDS = ("encrypt", "decrypt", "change-passphrase", "new-recovery-code")

# The secret options of this run (set by `remember`), the passphrase once typed (asked once
# per command), and whether a store was opened encrypted (for the note after an export).
_options: dict[str, Any] = {}
_typed: dict[str, str] = {}
opened_encrypted = False


def add_common_options(common: argparse.ArgumentParser) -> None:
    file = pgettext("metavar", "FILE")
    common.add_argument("--passphrase-file", metavar=file, default=argparse.SUPPRESS,
                        help=_("read the passphrase of an encrypted data file from {file} (else ${variable} "
                               "or a prompt)").format(file=file, variable=ENV_PASSPHRASE))
    common.add_argument("--recovery-code", metavar=pgettext("metavar", "CODE"), default=argparse.SUPPRESS,
                        help=_("unlock an encrypted data file with its recovery code instead of the passphrase"))


def add_parser(sub, common: argparse.ArgumentParser, parser_class: type) -> None:
    enc = sub.add_parser(
        "encrypt", parents=[common], help=_("encrypt the data file and its backups; prints the recovery code once"),
        description=_("Encrypt the data file (and the backups beside it) with a passphrase. The new passphrase "
                      "comes from --passphrase-file, ${variable}, or is asked twice. A recovery code is "
                      "printed once, on a line of its own: without the passphrase or that code, nobody (you "
                      "included) can read the data again.").format(variable=ENV_PASSPHRASE))
    enc.add_argument("--remove-plain-backups", action="store_true",
                     help=_("remove the unencrypted backups in the backups folder instead of encrypting them"))
    sub.add_parser("decrypt", parents=[common], help=_("turn an encrypted data file back into a plain SQLite file"),
                   description=_("Needs the passphrase (or --recovery-code). Backups made while the data file was "
                                 "encrypted stay encrypted."))
    cp = sub.add_parser("change-passphrase", parents=[common],
                        help=_("set a new passphrase (the file is not re-encrypted)"),
                        description=_("Needs the current passphrase or --recovery-code (so a forgotten passphrase is "
                                      "replaced with the code). The new one comes from --new-passphrase-file, "
                                      "${variable}, or is asked twice.").format(variable=ENV_NEW_PASSPHRASE))
    file = pgettext("metavar", "FILE")
    cp.add_argument("--new-passphrase-file", metavar=file, default=None,
                    help=_("read the new passphrase from {file}").format(file=file))
    sub.add_parser("new-recovery-code", parents=[common],
                   help=_("make a new recovery code (the old one stops working); prints it once"),
                   description=_("Needs the passphrase or the current --recovery-code."))


def remember(args: argparse.Namespace) -> None:
    """The secret options given on this command line (global, like --data-dir)."""
    global opened_encrypted
    _options.clear()
    _typed.clear()
    opened_encrypted = False
    for name in ("passphrase_file", "recovery_code"):
        if getattr(args, name, None) is not None:
            _options[name] = getattr(args, name)


def _read_secret_file(path: str, option: str) -> str:
    from app.domain.errors import ValidationError

    try:
        with open(Path(path).expanduser(), "rb") as fh:
            data = fh.read(4097)
    except OSError as exc:
        raise ValidationError(option.lstrip("-").replace("-", "_"),
                              _("{option} {path} cannot be read ({problem}).").format(
                                  option=option, path=path, problem=exc.strerror or exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(option.lstrip("-").replace("-", "_"),
                              _("{option} {path} is not UTF-8 text.").format(option=option, path=path)) from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line or len(data) > 4096:
        raise ValidationError(option.lstrip("-").replace("-", "_"),
                              _("{option} {path} must hold the passphrase on its first line.").format(
                                  option=option, path=path))
    return line


def _terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _prompt(text: str) -> str:
    import getpass

    return getpass.getpass(text)


def _secret() -> tuple[str | None, str | None]:
    """(passphrase, recovery_code) for unlocking; both None when none can be had."""
    if "recovery_code" in _options:
        return None, _options["recovery_code"]
    if "passphrase_file" in _options:
        return _read_secret_file(_options["passphrase_file"], "--passphrase-file"), None
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env, None
    if "passphrase" in _typed:
        return _typed["passphrase"], None
    if _terminal():
        _typed["passphrase"] = _prompt(_("Passphrase: "))
        return _typed["passphrase"], None
    return None, None


def _locked(path: Path):
    from app.storage import StoreError

    return StoreError(_("The data file {path} is encrypted; give its passphrase (${variable}, --passphrase-file "
                        "{file}, or the prompt on a terminal) or --recovery-code {code}.").format(
                            path=path, variable=ENV_PASSPHRASE, file=pgettext("metavar", "FILE"),
                            code=pgettext("metavar", "CODE")), "encrypted")


def open_key(data_dir: Path):
    """The data key for the store in `data_dir` (None when it is not encrypted). Raises
    StoreError (exit 4) when it is encrypted and no passphrase is available, or it is wrong."""
    from app.services import encryption as E

    global opened_encrypted
    status = E.status(data_dir)
    if not status.encrypted:
        return None
    passphrase, code = _secret()
    if passphrase is None and code is None:
        raise _locked(status.data_file)
    key = E.unlock(data_dir, passphrase=passphrase, recovery_code=code)
    opened_encrypted = True
    return key


def restore_keys(data_dir: Path, source: Path):
    """(key of the backup, key of the current data file) for `steady restore`: the backup is
    opened with the current key when it was made with it, else with the passphrase given."""
    from app.services import encryption as E

    current = open_key(data_dir) if (Path(data_dir) / "steady.db").exists() else None
    passphrase = code = None
    if current is None or not _made_with(source, current):
        from app.storage.keys import keys_path

        if keys_path(source).exists():
            passphrase, code = _secret()
            if passphrase is None and code is None:
                raise _locked(source)
    return E.unlock_copy(source, passphrase=passphrase, recovery_code=code, known=current), current


def _made_with(source: Path, key) -> bool:
    from app.storage.keys import read_key_file

    try:
        key_file = read_key_file(source)
    except Exception:
        return False
    return key_file is not None and key_file.key_id == key.key_id()


def plain_output_note(args: argparse.Namespace) -> None:
    """After an export or report of an encrypted store: one line saying the file is not encrypted."""
    output = getattr(args, "output", None)
    if opened_encrypted and output:
        print(_("Note: {path} is not encrypted; anyone who has the file can read it. Keep it somewhere "
                "private.").format(path=output))


def _new_passphrase(option_file: str | None, env_name: str) -> str:
    from app.domain.errors import ValidationError
    from app.services.encryption import check_new_passphrase

    if option_file:
        passphrase = _read_secret_file(option_file, "--passphrase-file" if env_name == ENV_PASSPHRASE
                                       else "--new-passphrase-file")
    elif os.environ.get(env_name):
        passphrase = os.environ[env_name]
    elif _terminal():
        passphrase = _prompt(_("New passphrase: "))
        check_new_passphrase(passphrase)
        check_new_passphrase(passphrase, _prompt(_("New passphrase again: ")))
    else:
        option = "--passphrase-file" if env_name == ENV_PASSPHRASE else "--new-passphrase-file"
        raise ValidationError("passphrase", _("A new passphrase is needed: type it at the prompt on a terminal, or "
                                              "give ${variable} or a file with {option}.").format(
                                                  variable=env_name, option=option))
    check_new_passphrase(passphrase)
    return passphrase


def _print_code(code: str, first: str) -> None:
    print(first)
    print(_("Write it down and keep it somewhere safe, apart from this computer; it is shown only this once:"))
    print(code)


def command(args: argparse.Namespace, data_dir: Path) -> int:
    from app import cli as C
    from app.services import encryption as E
    from app.storage import StoreError

    path = Path(data_dir) / "steady.db"
    if args.command == "encrypt":
        if not path.exists():
            raise StoreError(_("There is no Steady data file at {path} to encrypt.").format(path=path), "problem")
        if E.status(data_dir).encrypted:
            raise StoreError(_("The data file {path} is already encrypted; `steady change-passphrase` sets a new "
                               "passphrase.").format(path=path), "problem")
        chosen = _new_passphrase(_options.get("passphrase_file"), ENV_PASSPHRASE)
        done = E.turn_on(data_dir, chosen, remove_plain_backups=args.remove_plain_backups)
        backups = (_(" and {backups}").format(backups=C.fmt.plural(done.backups_encrypted, "backup", "backups"))
                   if done.backups_encrypted else "")
        removed = (_("; removed {backups}").format(
            backups=C.fmt.plural(done.backups_removed, "unencrypted backup", "unencrypted backups"))
            if done.backups_removed else "")
        _print_code(done.recovery_code, _("Encrypted the data file {path}{backups}{removed}. Your recovery code "
                                          "opens it if the passphrase is ever lost.").format(
                                              path=path, backups=backups, removed=removed))
        if done.backups_left_plain:
            left = len(done.backups_left_plain)
            print(ngettext("steady: warning: {n} backup could not be read, so it was not encrypted and still holds "
                           "readable data: {paths}. `steady encrypt` cannot fix them; remove them if you do not "
                           "need them.",
                           "steady: warning: {n} backups could not be read, so they were not encrypted and still "
                           "hold readable data: {paths}. `steady encrypt` cannot fix them; remove them if you do "
                           "not need them.", left).format(
                               n=C.fmt.number(left), paths=", ".join(str(p) for p in done.backups_left_plain)),
                  file=sys.stderr)
        return C.EXIT_OK
    status = E.status(data_dir)
    if not status.encrypted:
        raise StoreError(_("The data file {path} is not encrypted; `steady encrypt` encrypts it.").format(
            path=status.data_file), "problem")
    passphrase, code = _secret()
    if passphrase is None and code is None:
        raise _locked(status.data_file)
    if args.command == "decrypt":
        E.turn_off(data_dir, passphrase=passphrase, recovery_code=code)
        print(_("Decrypted the data file {path}; it is a plain SQLite file again. Backups made while it was "
                "encrypted stay encrypted and open with the passphrase they were made with.").format(path=path))
        return C.EXIT_OK
    if args.command == "change-passphrase":
        E.unlock(data_dir, passphrase=passphrase, recovery_code=code)  # a wrong one is told before asking anew
        new = _new_passphrase(args.new_passphrase_file, ENV_NEW_PASSPHRASE)
        updated = E.change_passphrase(data_dir, new, passphrase=passphrase, recovery_code=code)
        also = _(" and {backups}").format(backups=C.fmt.plural(updated, "backup", "backups")) if updated else ""
        print(_("Changed the passphrase of {path}{backups}. The recovery code stays the same.").format(
            path=path, backups=also))
        return C.EXIT_OK
    new_code = E.new_recovery_code(data_dir, passphrase=passphrase, recovery_code=code)
    _print_code(new_code, _("Made a new recovery code for {path}; the old one no longer opens it or its "
                            "backups.").format(path=path))
    return C.EXIT_OK
