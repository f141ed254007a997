"""A record's text as a table's search box reads it, and how words are matched.

One definition for the table model (what a cell shows) and for the search index (what a
search finds, app.storage.search): a record's text is every column its table shows, as it
reads there (choice labels, names of the records it refers to, dates in the person's style),
and its text fields no column shows (notes, triggers), joined by a separator no query can
contain, and folded: case, accents and width do not matter ("Café" and "cafe" match; so do
"ｆｕｌｌ" and "full"). A query matches when every one of its words is a part of that text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Mapping

from . import fields as F
from . import formatting as fmt
from . import i18n
from .i18n import _
from .records import Record
from .recurrence import describe_rule

# Field kinds searched although no column shows them (notes, triggers…).
SEARCHED = (F.TEXT, F.LONGTEXT, F.CHOICE, F.CHOICES)
# Between the texts of two fields: words of two fields never match as one.
SEPARATOR = "\x1f"


def _combining_marks() -> re.Pattern:
    # Accents and points that decompose off letters (Latin, Greek, Cyrillic, Hebrew,
    # Arabic…); found once from the Unicode database over the blocks that hold them.
    blocks = ((0x0300, 0x0370), (0x0483, 0x0490), (0x0591, 0x05C8), (0x0610, 0x061B),
              (0x064B, 0x0660), (0x0670, 0x0671), (0x06D6, 0x06EE), (0x1AB0, 0x1B00),
              (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30))
    marks = "".join(chr(c) for lo, hi in blocks for c in range(lo, hi) if unicodedata.combining(chr(c)))
    return re.compile("[" + re.escape(marks) + "]")


_MARKS = _combining_marks()


def fold(text: str) -> str:
    """Text for matching: case-folded, compatibility-decomposed, accents dropped
    ("Café" and "cafe" match; so do "ｆｕｌｌ" and "full")."""
    text = text.casefold()
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))


def search_terms(query: str) -> tuple[str, ...]:
    """The words a row must all contain, folded; () when the query is blank."""
    return tuple(fold(word) for word in query.split())


def display_value(spec: F.FieldSpec, value: Any, names: dict[str, dict[str, str]]) -> str:
    """How a value reads; references show the referred record's name. Not bounded:
    `cell_text` is what a cell shows."""
    if spec.kind == F.REF and spec.ref:
        return names.get(spec.ref, {}).get(value, value) if value else ""
    if spec.kind == F.REFS and spec.ref:
        lookup = names.get(spec.ref, {})
        return ", ".join(lookup.get(v, v) for v in value)
    if spec.name == "weekday" and isinstance(value, int) and 0 <= value < 7:
        return fmt.weekday_name(value)
    if spec.name == "recurrence" and isinstance(value, str):
        return describe_rule(value)
    if spec.kind in (F.TEXT, F.LONGTEXT):
        return value or ""
    # Dates and times as people read them, like the Today page (the CLI's tables keep ISO).
    if value is not None and spec.kind == F.DATETIME:
        return fmt.date_time(value)
    if value is not None and spec.kind == F.DATE:
        return fmt.date(value)
    if value is not None and spec.kind == F.TIME:
        return fmt.time(value)
    # Labels in the reader's language (the CLI's tables keep F.format_value's English).
    if spec.kind == F.CHOICE and value:
        return i18n._(spec.choice_label(value))
    if spec.kind == F.CHOICES and value:
        return ", ".join(i18n._(spec.choice_label(v)) for v in value)
    if spec.kind in (F.BOOL, F.OPTBOOL) and value is not None:
        return _("Yes") if value else _("No")
    return F.format_value(spec, value)



def searched_specs(record_type: type[Record], columns: Iterable[str]) -> tuple[F.FieldSpec, ...]:
    """The fields a table of `columns` searches: its columns, then the text fields it does not show."""
    specs = F.specs_of(record_type)
    by_name = {s.name: s for s in specs}
    shown = [by_name[c] for c in columns]
    return tuple(shown) + tuple(s for s in specs if s.kind in SEARCHED and s.name not in columns)


def row_text(plain: Mapping[str, Any], specs: Iterable[F.FieldSpec], names: dict[str, dict[str, str]]) -> str:
    """The folded text a search looks in, from a record's plain values (Record.to_plain's;
    `specs` from searched_specs)."""
    return fold(SEPARATOR.join(display_value(s, F.from_plain(s, plain.get(s.name)), names) for s in specs))
