"""Crisis lines, and the calm replies Steady gives after a risky entry. Pure rules, no I/O.

A crisis line is a number to call or text, what it is for, and where the number was checked
(Steady's own lines) or that the person wrote it (their own lines, which need no source).
Steady never dials or messages anyone: it shows numbers to copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from . import i18n
from .errors import ValidationError
from .i18n import N_, _, pgettext
from .records import CheckIn, CopingEntry, Record

LINE_KINDS = (
    ("crisis", N_("Crisis line")),
    ("emergency", N_("Emergency")),
    ("support", N_("Support")),
    ("referral", N_("Finding treatment")),
)
_KIND_KEYS = {k for k, _label in LINE_KINDS}
# Digits, spaces and the separators people write in phone numbers; "+" only in front.
_NUMBER = re.compile(r"^\+?[0-9][0-9 ()./-]{0,38}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_NAME = 120
MAX_FOR = 400

# The person's own words about what Steady does with these numbers (shown in every panel).
SENDS_NOTHING = N_("Steady sends nothing to anyone: it never calls or messages for you, it only shows these numbers.")


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    calls: bool = True
    texts: bool = False
    purpose: str = ""  # what it is for, in a sentence
    kind: str = "crisis"
    key: str = ""  # Steady's key for its own lines; "" for a line the person added
    source_url: str = ""  # where Steady checked the number ("" for the person's own)
    checked: str = ""  # ISO date the number was checked

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValidationError("name", _("Give the line a name, e.g. “Crisis line”."))
        if len(self.name) > MAX_NAME:
            raise ValidationError("name", _("A line's name can be at most {most} characters.").format(most=MAX_NAME))
        if not isinstance(self.number, str) or not _NUMBER.match(self.number.strip()):
            raise ValidationError("number", _("A number can hold digits, spaces, ( ) - . / and a + in front, "
                                              "like 988 or +44 116 123."))
        if not (self.calls or self.texts):
            raise ValidationError("calls", _("Tick calls, texts or both."))
        if self.kind not in _KIND_KEYS:
            raise ValidationError("kind", _("The kind must be crisis, emergency, support or referral."))
        if len(self.purpose) > MAX_FOR:
            raise ValidationError("purpose", _("“What it is for” can be at most {most} characters.").format(most=MAX_FOR))

    @property
    def how(self) -> str:
        """"Call or text", "Call", "Text"."""
        if self.calls and self.texts:
            return pgettext("crisis line", "Call or text")
        return pgettext("crisis line", "Call") if self.calls else pgettext("crisis line", "Text")

    @property
    def kind_label(self) -> str:
        return dict(LINE_KINDS)[self.kind]

    def to_plain(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "number": self.number, "calls": self.calls,
                               "texts": self.texts, "for": self.purpose, "kind": self.kind}
        if self.key:
            out["key"] = self.key
        if self.source_url:
            out["source"] = {"url": self.source_url, "checked": self.checked}
        return out

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> "CrisisLine":
        """From the resource file's or the saved setting's form; ValidationError if malformed."""
        if not isinstance(data, Mapping):
            raise ValidationError("lines", _("A crisis line must be an object with a name and a number."))
        source = data.get("source") or {}
        if not isinstance(source, Mapping):
            raise ValidationError("source", _("A line's source must be an object with a url and a date."))
        values = {"name": data.get("name"), "number": data.get("number"), "calls": data.get("calls", True),
                  "texts": data.get("texts", False), "purpose": data.get("for", ""),
                  "kind": data.get("kind", "crisis"), "key": data.get("key", ""),
                  "source_url": source.get("url", ""), "checked": source.get("checked", "")}
        for name in ("calls", "texts"):
            if not isinstance(values[name], bool):
                raise ValidationError(name, _("“{field}” must be true or false.").format(field=name))
        for name in ("purpose", "kind", "key", "source_url", "checked"):
            if not isinstance(values[name], str):
                raise ValidationError(name, _("“{field}” must be text.").format(field=name))
        return cls(**values)


def check_country(code: str) -> str:
    """A two-letter country code (ISO 3166-1), upper case."""
    code = (code or "").strip().upper()
    if code == "UK":  # what people type; ISO says GB
        code = "GB"
    if not _COUNTRY.match(code):
        raise ValidationError("crisis.country", _("The country is two letters, like US, CA, GB or AU."))
    return code


def country_from_locale(name: str | None) -> str | None:
    """"en_US.UTF-8" → "US"; None for "C", "POSIX" or a locale without a territory."""
    if not name:
        return None
    base = name.split(".", 1)[0].split("@", 1)[0]
    for sep in ("_", "-"):
        if sep in base:
            territory = base.split(sep, 1)[1].upper()
            if _COUNTRY.match(territory):
                return "GB" if territory == "UK" else territory
    return None


# --- gentle replies to risky entries ---------------------------------------------------------

STRONG_CRAVING = 8  # on the 0–10 scale; "strong" from here on
CRAVING_REPLY = N_("That's a strong craving. Log what is happening, or reach someone on your list?")
USE_REPLY = N_("Thank you for writing that down honestly. One day doesn't undo your progress.")
CLI_HINT = N_("Your people and crisis lines: steady help-now")


@dataclass(frozen=True)
class GentleReply:
    kind: str  # "use" (used substances or a lapse) or "craving" (craving or urge of 8 or more)
    text: str

    @property
    def offers_lapse(self) -> bool:
        return self.kind == "use"

    def cli_line(self) -> str:
        return f"{self.text} {i18n._(CLI_HINT)}"


def reply_for(record: Record) -> GentleReply | None:
    """The one calm line a check-in or coping entry deserves, or None. Use comes first: a
    check-in with use and a strong craving gets the reply about use."""
    if isinstance(record, CheckIn):
        if record.used_substances:
            return GentleReply("use", i18n._(USE_REPLY))
        if record.craving >= STRONG_CRAVING:
            return GentleReply("craving", i18n._(CRAVING_REPLY))
    elif isinstance(record, CopingEntry):
        if record.outcome == "lapsed":
            return GentleReply("use", i18n._(USE_REPLY))
        if record.urge_before >= STRONG_CRAVING or (record.urge_after or 0) >= STRONG_CRAVING:
            return GentleReply("craving", i18n._(CRAVING_REPLY))
    return None
