"""Reading a file someone gives us: the part every importer shares.

The calendar (`ics_import`), meeting-list (`meeting_guide`) and Steady-export (`transfer`)
importers each read a file that may be huge, damaged or hostile. They share one bounded
read (refused before reading when the file is over the limit, and again if it grew past the
limit while being read), one decoding rule (UTF-8, or UTF-16 with a byte-order mark), one
warnings collector (a file with a million bad rows gives a few hundred sentences, not a
million) and one guess of which importer a file is for.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _, ngettext

MAX_WARNINGS = 200
HEAD_BYTES = 4096
_MB = 1024 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ICS_SUFFIXES = (".ics", ".ical", ".ifb")
# The kinds of file an importer reads (its `what`), as the sentences below name them.
_KINDS = {"calendar file": N_("calendar files"), "meeting list": N_("meeting lists"),
          "Steady export": N_("Steady exports")}
_THE_KIND = {"calendar file": N_("The calendar file"), "meeting list": N_("The meeting list"),
             "Steady export": N_("The Steady export")}


def _kinds(what: str) -> str:
    return i18n._(_KINDS[what]) if what in _KINDS else what + "s"


def _the_kind(what: str) -> str:
    return i18n._(_THE_KIND[what]) if what in _THE_KIND else f"The {what}"


def read_bounded(path: str | os.PathLike, *, limit: int, what: str) -> bytes:
    """The bytes of the file at `path`, at most `limit` of them. `what` names the kind of file
    in the sentence ("calendar file"). Raises ValidationError("file", …) for a file over the
    limit (checked before reading it, and again after, since it may grow while being read) and
    for one that cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValidationError("file", _("{name} is {size} MB; Steady imports {kinds} of at most {limit} MB.").format(
                name=path.name, size=f"{size / _MB:,.1f}", kinds=_kinds(what), limit=limit // _MB))
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ValidationError("file", _("{path} cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None
    if len(data) > limit:  # it grew while being read
        raise ValidationError("file", _("{name} is larger than {limit} MB; Steady imports {kinds} up to that size.").format(
            name=path.name, limit=limit // _MB, kinds=_kinds(what)))
    return data


def checked_bytes(data: object, *, limit: int, what: str) -> bytes:
    """Bytes handed to a planner directly (not read through read_bounded), refused when they
    are not bytes or are over `limit`. Raises ValidationError("file", …)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValidationError("file", _("{the_kind} must be read as bytes.").format(the_kind=_the_kind(what)))
    data = bytes(data)
    if len(data) > limit:
        raise ValidationError("file", _("{the_kind} is {size} MB; Steady imports {kinds} of at most {limit} MB.").format(
            the_kind=_the_kind(what), size=f"{len(data) / _MB:,.1f}", kinds=_kinds(what), limit=limit // _MB))
    return data


MAX_JSON_DIGITS = 30  # a number in an imported JSON file: more digits is not a Steady value


def load_json(text: str, what: str):
    """json.loads with limits: nesting as deep as Python's stack allows (a deeper file is
    refused, not a RecursionError), numbers of at most MAX_JSON_DIGITS characters (a
    5,000-digit one is refused before int() fails on it), no NaN or Infinity.
    Raises ValidationError naming `what`; json.JSONDecodeError for malformed JSON."""
    def number(kind):
        def parse(raw: str):
            if len(raw) > MAX_JSON_DIGITS:
                raise ValidationError("file", _("{source} holds a number {n} characters long; numbers of at "
                                                "most {most} are read, so nothing was imported.").format(
                    source=what, n=f"{len(raw):,}", most=MAX_JSON_DIGITS))
            return kind(raw)
        return parse

    def constant(name: str):
        raise ValidationError("file", _("{source} holds {name}, which is not a number JSON allows; "
                                        "nothing was imported.").format(source=what, name=name))

    try:
        return json.loads(text, parse_int=number(int), parse_float=number(float), parse_constant=constant)
    except RecursionError:
        raise ValidationError("file", _("{source} is nested too deeply to be read; nothing was imported.").format(
            source=what)) from None


def is_utf16(data: bytes) -> bool:
    """Whether the bytes start with a UTF-16 byte-order mark (after a UTF-8 one, if any)."""
    return data.removeprefix(_UTF8_BOM).startswith(_UTF16_BOMS)


def looks_binary(data: bytes) -> bool:
    """A NUL byte near the start of a file that is not UTF-16: not text at all."""
    return b"\x00" in data[:HEAD_BYTES] and not is_utf16(data)


def decode(data: bytes) -> tuple[str, bool]:
    """The text of a file and whether bytes that were not valid had to be replaced with
    U+FFFD. UTF-16 when the file starts with its byte-order mark, else UTF-8; byte-order
    marks are dropped."""
    data = data.removeprefix(_UTF8_BOM)
    if data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
        replaced = "\ufffd" in text
    else:
        try:
            text, replaced = data.decode("utf-8"), False
        except UnicodeDecodeError:
            text, replaced = data.decode("utf-8", errors="replace"), True
    return text.lstrip("\ufeff"), replaced


class Warnings:
    """The warnings of one import: the first `limit` sentences, then only a count of the
    rest, told in one last sentence by `as_tuple()`."""

    def __init__(self, limit: int = MAX_WARNINGS):
        self.limit = limit
        self.items: list[str] = []
        self.overflow = 0

    def add(self, text: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(text)
        else:
            self.overflow += 1

    def first(self, n: int) -> list[str]:
        return self.items[:n]

    def __len__(self) -> int:
        return len(self.items) + self.overflow

    def as_tuple(self) -> tuple[str, ...]:
        more = (ngettext("…and {n} more problems like these.", "…and {n} more problems like these.",
                         self.overflow).format(n=f"{self.overflow:,}"),) if self.overflow else ()
        return tuple(self.items) + more


def detect_format(path: str | os.PathLike, head_bytes: bytes) -> str | None:
    """ "ics", "steady" (a Steady export), "meeting_guide" or None, from the first bytes of
    a file, and only when those are not clearly one of them, from its name (so a calendar
    saved as .json is still a calendar, and a damaged .ics still gets the calendar reader's
    explanation)."""
    head = bytes(head_bytes[:HEAD_BYTES])
    if head.startswith(_UTF16_BOMS):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    text = text.lstrip("\ufeff \t\r\n")
    if text.upper().startswith(("BEGIN:VCALENDAR", "BEGIN:VEVENT")):  # bare events are a calendar too
        return "ics"
    if text.startswith("{") and re.search(r'"format"\s*:\s*"steady-export"', text):
        return "steady"
    if text.startswith(("[", "{")):
        return "meeting_guide"
    name = str(path).lower()
    if name.endswith(_ICS_SUFFIXES) or "BEGIN:VCALENDAR" in text.upper():
        return "ics"
    if name.endswith(".json"):
        return "meeting_guide"
    return None


def read_head(path: str | os.PathLike) -> bytes:
    """The first bytes of a file, enough for detect_format. Raises ValidationError("file", …)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise ValidationError("file", _("{path} cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None


def file_format(path: str | os.PathLike) -> str | None:
    """detect_format of the file at `path`; None too when it cannot be read (the importer
    that then reads it says why)."""
    try:
        return detect_format(path, read_head(path))
    except ValidationError:
        return None
