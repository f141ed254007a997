"""Steady's words in the reader's language: the one translation mechanism, for every layer.

The rule: every sentence a person reads is written in English in the code and goes through
this module — `_("…")` where it is used, `N_("…")` to mark a constant that is translated later
(where it is shown), `ngettext` (or `formatting.plural`) when it depends on a number, and
`pgettext` when one English word needs two translations. Placeholders are named and filled
after translating: `_("Deleted {name}").format(name=…)`, never an f-string inside `_()`.
The window, the dialogs, the services' and the CLI's messages, the reports and the data
files' texts (skills, crisis lines, instruments) all use it, so the Qt-free layers translate
exactly as the window does. Qt's own dialogs come from Qt's catalogue (`qtbase_<lang>.qm`,
loaded by the window); long documents (the guide) are translated whole, as `name.<lang>.html`
beside the English one (`localized_resource`).

The catalogues are GNU gettext: the sources are `resources/locale/<lang>/<area>.po` at the top
of the repository, compiled by `python packaging/i18n.py compile` into
`app/resources/locale/<lang>/LC_MESSAGES/<area>.mo`, which ship inside the package
(`tests/test_translations.py` fails when a compiled file is older than its source, or when a
string in the code has no translation).

The language is chosen once at start-up with `use_language()`: the CLI from the environment
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them), the window from
Preferences or else the system. Until then, and in the tests, it is English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}  # each named in its own language
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"

_language = SOURCE_LANGUAGE
_translation: gettext.NullTranslations = gettext.NullTranslations()


def language_for_locale_name(name: str | None) -> str | None:
    """The language Steady has for a locale name ("es_MX.UTF-8" → "es"), or None when Steady
    has no translation for it ("fr_FR", "C")."""
    code = (name or "").split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, read as gettext reads it: the first of
    LANGUAGE (a colon-separated list of preferences), LC_ALL, LC_MESSAGES and LANG that is set
    decides; within LANGUAGE the first language Steady has wins. English otherwise."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        if variable == "LANGUAGE":
            for name in value.split(":"):
                found = language_for_locale_name(name)
                if found:
                    return found
            continue
        return language_for_locale_name(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def catalogue_files(code: str) -> list[Path]:
    """The compiled catalogues of one language, one per area of the code."""
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    return sorted(folder.glob("*.mo")) if folder.is_dir() else []


def use_language(code: str) -> None:
    """Speak `code` ("en", "es") for the rest of the session; an unknown code means English.
    Text made earlier (a window already built) keeps its words: choose before building."""
    global _language, _translation
    if code not in LANGUAGES:
        code = SOURCE_LANGUAGE
    translation: gettext.NullTranslations = gettext.NullTranslations()
    if code != SOURCE_LANGUAGE:
        files = catalogue_files(code)
        if files:
            with files[0].open("rb") as first:
                translation = gettext.GNUTranslations(first)
            for path in files[1:]:
                with path.open("rb") as more:
                    translation.add_fallback(gettext.GNUTranslations(more))
    _language, _translation = code, translation


def language() -> str:
    """The language in use ("en" until `use_language` says otherwise)."""
    return _language


def _(message: str) -> str:
    """`message` in the reader's language (itself where there is no translation)."""
    return _translation.gettext(message) if message else message


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Marks a constant for the catalogue without translating it yet: call `_()` on it where
    it is shown, so it follows the language chosen at that time."""
    return message


def ngettext(singular: str, plural: str, n: float) -> str:
    """The form for `n` ("1 meeting" / "2 meetings"); a fraction takes the plural."""
    count = int(n) if float(n).is_integer() else 2
    forms = _translation.ngettext  # by another name: the words are the caller's literals, not these
    return forms(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context`, for an English word with two meanings."""
    in_context = _translation.pgettext  # by another name, as in ngettext
    return in_context(context, message)


def localized_resource(path: Path) -> Path:
    """A whole document in the reader's language: `guide.es.html` beside `guide.html` when
    Spanish is in use and it exists, else the English one."""
    if _language != SOURCE_LANGUAGE:
        candidate = path.with_name(f"{path.stem}.{_language}{path.suffix}")
        if candidate.is_file():
            return candidate
    return path


__all__ = [
    "LANGUAGES", "LOCALE_DIR", "N_", "SOURCE_LANGUAGE", "_", "catalogue_files", "language",
    "language_for_locale_name", "language_from_environment", "localized_resource", "ngettext", "pgettext",
    "use_language",
]
