"""argparse in the reader's language: the words argparse itself prints ("usage:", "options",
"show this help message and exit", "the following arguments are required: %s", "invalid
choice: …", "%(prog)s: error: %(message)s") go through Steady's catalogues.

argparse calls `gettext` by the names `_` and `ngettext` in its own module; `install()` points
those two at app.domain.i18n, so they follow `i18n.use_language` like every other string.
Its messages are listed below as `N_()` literals (those of Python 3.11, plus the ones 3.12 and
3.13 added) so the catalogue has them; their %-placeholders are argparse's and stay as they are.
Command and option names are never translated (people and scripts type them)."""

from __future__ import annotations

import argparse

from app.domain.i18n import N_, ngettext
from app.domain.i18n import _ as translate
from app.domain.i18n import ngettext as translate_plural

# argparse's messages (Python 3.11's argparse.py; 3.12 has the same; 3.13 adds the last group).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("argument \"-\" with mode %r"),
    N_("cannot have multiple subparser arguments"),
    N_("%r is not callable"),
    N_("'required' is an invalid argument for positionals"),
    N_(".__call__() not defined"),
    N_("cannot merge actions - two groups are named %r"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("mutually exclusive arguments must be optional"),
    # Python 3.13
    N_("show program's version number and exit"),
    N_(" (default: %(default)s)"),
    N_("%(heading)s:"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("subcommands"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
)


# argparse's two plural messages: ngettext with both forms puts each in the catalogue as one
# entry (the English values here are not used; argparse's own calls are looked up at run time).
ARGPARSE_PLURALS = (
    ngettext("expected %s argument", "expected %s arguments", 2),
    ngettext("conflicting option string: %s", "conflicting option strings: %s", 2),
)


def _gettext(message):
    return translate(message) if isinstance(message, str) else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translate_plural(singular, plural, n)


def install() -> None:
    """From now on argparse speaks the language `i18n.use_language` chose."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


__all__ = ["ARGPARSE_MESSAGES", "ARGPARSE_PLURALS", "install"]
