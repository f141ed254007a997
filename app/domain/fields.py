"""Field descriptions shared by validation, the CLI, the forms and the file formats.

Every user-facing field of a record carries a `FieldSpec` in its dataclass metadata, so
the label shown next to an input, the CLI option, the range check and the JSON type all
come from one place and cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from . import formatting as fmt
from . import i18n
from .errors import ValidationError
from .i18n import N_, _

# Kinds of value a field can hold.
TEXT = "text"  # one line
LONGTEXT = "longtext"  # notes, how-tos
INT = "int"
FLOAT = "float"
BOOL = "bool"
OPTBOOL = "optbool"  # yes / no / not answered
CHOICE = "choice"
CHOICES = "choices"  # several of a fixed list
REFS = "refs"  # several ids of other records
REF = "ref"  # one id of another record
DATE = "date"
DATETIME = "datetime"
TIME = "time"

# Generous, but bounded so a pasted file cannot bloat the database without limit.
MAX_TEXT = 1_000_000
MAX_LINE = 500


@dataclass(frozen=True)
class FieldSpec:
    label: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""
    ref: str = ""  # for REF/REFS: the kind name of the record referred to
    anchors: str = ""  # for a rating scale: what its ends mean, shown next to the field
    name: str = ""  # filled in by specs_of()

    def choice_label(self, value: str) -> str:
        for key, label in self.choices:
            if key == value:
                return label
        return value

    @property
    def choice_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in self.choices)


def spec(label: str, kind: str = TEXT, *, default: Any = MISSING, **kwargs: Any) -> Any:
    """A dataclass field with a FieldSpec attached."""
    if default is MISSING:
        default = _DEFAULTS.get(kind)
    meta = {"spec": FieldSpec(label=label, kind=kind, **kwargs)}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple for sequence defaults")
    return field(default=default, metadata=meta)


_DEFAULTS: dict[str, Any] = {
    TEXT: "",
    CHOICE: "",
    LONGTEXT: "",
    BOOL: False,
    CHOICES: (),
    REFS: (),
}


def specs_of(record_type: type) -> tuple[FieldSpec, ...]:
    """The FieldSpecs of a record type, in declaration order, with names filled in."""
    cached = _SPEC_CACHE.get(record_type)
    if cached is None:
        out = []
        for f in fields(record_type):
            s = f.metadata.get("spec")
            if s is not None:
                out.append(FieldSpec(**{**s.__dict__, "name": f.name}))
        cached = _SPEC_CACHE[record_type] = tuple(out)
    return cached


_SPEC_CACHE: dict[type, tuple[FieldSpec, ...]] = {}


def spec_named(record_type: type, name: str) -> FieldSpec:
    for s in specs_of(record_type):
        if s.name == name:
            return s
    raise KeyError(name)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "") or value == ()


def shown_label(s: FieldSpec) -> str:
    """The field's label in the reader's language (its key, `s.name`, stays English)."""
    return i18n._(s.label)


def check_value(s: FieldSpec, value: Any) -> None:
    """Raise ValidationError if `value` is not acceptable for the field."""
    if _blank(value):
        if s.required:
            raise ValidationError(s.name, _("{field} is required.").format(field=shown_label(s)))
        return
    kind = s.kind
    if kind in (TEXT, LONGTEXT, REF):
        if not isinstance(value, str):
            raise ValidationError(s.name, _("{field} must be text.").format(field=shown_label(s)))
        limit = MAX_LINE if kind == TEXT else MAX_TEXT
        if kind == REF:
            limit = 100
        if len(value) > limit:
            raise ValidationError(s.name, _("{field} is too long ({count} characters; at most {limit}).").format(
                field=shown_label(s), count=fmt.number(len(value)), limit=fmt.number(limit)))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (from a broken file) cannot be written to the database.
            raise ValidationError(s.name, _("{field} contains a broken character that cannot be saved; "
                                            "retype or remove it.").format(field=shown_label(s))) from None
    elif kind in (INT, FLOAT):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(s.name, _("{field} must be a number.").format(field=shown_label(s)))
        if kind == INT and not isinstance(value, int):
            raise ValidationError(s.name, _("{field} must be a whole number.").format(field=shown_label(s)))
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(s.name, _("{field} must be a number.").format(field=shown_label(s)))
        lo, hi = s.minimum, s.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValidationError(s.name, _("{field} must be between {low} and {high}.").format(
                field=shown_label(s), low=_num(lo), high=_num(hi)))
    elif kind == BOOL:
        if not isinstance(value, bool):
            raise ValidationError(s.name, _("{field} must be yes or no.").format(field=shown_label(s)))
    elif kind == OPTBOOL:
        if not isinstance(value, bool):
            raise ValidationError(s.name, _("{field} must be yes, no or left blank.").format(field=shown_label(s)))
    elif kind == CHOICE:
        if value not in s.choice_keys:
            raise ValidationError(s.name, _("{field} must be one of: {choices}.").format(
                field=shown_label(s), choices=_choice_list(s)))
    elif kind in (CHOICES, REFS):
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            raise ValidationError(s.name, _("{field} must be a list.").format(field=shown_label(s)))
        if kind == CHOICES:
            for v in value:
                if v not in s.choice_keys:
                    raise ValidationError(s.name, _("{field}: “{value}” is not one of: {choices}.").format(
                        field=shown_label(s), value=v, choices=_choice_list(s)))
        if len(set(value)) != len(value):
            raise ValidationError(s.name, _("{field} lists the same item twice.").format(field=shown_label(s)))
    elif kind == DATE:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(s.name, _("{field} must be a date.").format(field=shown_label(s)))
        _check_year(s, value.year)
    elif kind == DATETIME:
        if not isinstance(value, dt.datetime) or value.tzinfo is not None:
            raise ValidationError(s.name, _("{field} must be a local date and time.").format(field=shown_label(s)))
        _check_year(s, value.year)
    elif kind == TIME:
        if not isinstance(value, dt.time):
            raise ValidationError(s.name, _("{field} must be a time of day.").format(field=shown_label(s)))


def _check_year(s: FieldSpec, year: int) -> None:
    if not 1900 <= year <= 2200:
        raise ValidationError(s.name, _("{field} must be a date between the years 1900 and 2200.").format(
            field=shown_label(s)))


def _num(x: float | None) -> str:
    if x is None:
        return _("any")
    return str(int(x)) if float(x).is_integer() else str(x)


def _choice_list(s: FieldSpec) -> str:
    return ", ".join(key for key in s.choice_keys if key)


# --- plain values (JSON-able) <-> typed values ---------------------------------------

def to_plain(s: FieldSpec, value: Any) -> Any:
    """A JSON-able value: dates and times as ISO 8601 text, lists as lists."""
    if value is None:
        return None
    if s.kind in (DATE, DATETIME):
        return value.isoformat()
    if s.kind == TIME:
        return value.strftime("%H:%M")
    if s.kind in (CHOICES, REFS):
        return list(value)
    return value


def from_plain(s: FieldSpec, value: Any) -> Any:
    """The inverse of to_plain. Raises ValidationError naming the field on bad input."""
    if value is None:
        return None if s.kind not in _DEFAULTS else _DEFAULTS[s.kind]
    try:
        if s.kind == DATE:
            if not isinstance(value, str):
                raise ValueError
            return dt.date.fromisoformat(value)
        if s.kind == DATETIME:
            if not isinstance(value, str):
                raise ValueError
            return dt.datetime.fromisoformat(value)
        if s.kind == TIME:
            if not isinstance(value, str):
                raise ValueError
            return dt.time.fromisoformat(value)
        if s.kind in (CHOICES, REFS):
            if not isinstance(value, (list, tuple)):
                raise ValueError
            return tuple(value)
        if s.kind == FLOAT and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
    except ValueError:
        raise ValidationError(s.name, _("{field} has an unreadable value: {value}.").format(
            field=shown_label(s), value=repr(str(value)[:40]))) from None
    return value


_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off"}


def parse_text(s: FieldSpec, text: str) -> Any:
    """A value typed by a person (a CLI option, a CSV cell). Blank means 'not given'."""
    raw = text.strip() if s.kind not in (TEXT, LONGTEXT) else text
    if s.kind not in (TEXT, LONGTEXT) and raw == "":
        return from_plain(s, None)
    kind = s.kind
    try:
        if kind in (TEXT, LONGTEXT, REF):
            return raw
        if kind in (INT, FLOAT) and len(raw) > 30:
            raise ValidationError(s.name, _("{field} must be a number of at most 30 characters.").format(
                field=shown_label(s)))
        if kind == INT:
            return int(raw)
        if kind == FLOAT:
            return float(raw)
        if kind in (BOOL, OPTBOOL):
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValidationError(s.name, _("{field} must be yes or no.").format(field=shown_label(s)))
        if kind == CHOICE:
            return _match_choice(s, raw)
        if kind == CHOICES:
            return tuple(_match_choice(s, part.strip()) for part in raw.split(",") if part.strip())
        if kind == REFS:
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if kind == DATE:
            day = dt.date.fromisoformat(raw)
            _check_year(s, day.year)  # here, before a default (a day later, an hour on) can overflow
            return day
        if kind == DATETIME:
            value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
            if value.tzinfo is not None:
                raise ValidationError(s.name, _("{field} must be a local time without a UTC offset.").format(
                    field=shown_label(s)))
            _check_year(s, value.year)
            return value
        if kind == TIME:
            return dt.time.fromisoformat(raw)
    except ValidationError:
        raise
    except ValueError:
        hint = _HINTS.get(kind, N_("{field} must be valid."))
        raise ValidationError(s.name, i18n._(hint).format(field=shown_label(s))) from None
    raise AssertionError(kind)


_HINTS = {
    INT: N_("{field} must be a whole number."),
    FLOAT: N_("{field} must be a number."),
    DATE: N_("{field} must be a date like 2026-03-14."),
    DATETIME: N_("{field} must be a date and time like 2026-03-14 18:30."),
    TIME: N_("{field} must be a time like 18:30."),
}


def _match_choice(s: FieldSpec, raw: str) -> str:
    low = raw.lower().replace("-", "_").replace(" ", "_")
    for key, label in s.choices:
        if low == key.lower() or raw.lower() == label.lower():
            return key
    raise ValidationError(s.name, _("{field} must be one of: {choices}.").format(
        field=shown_label(s), choices=_choice_list(s)))


def format_value(s: FieldSpec, value: Any) -> str:
    """A short human-readable rendering, for tables."""
    if value is None or value == "" or value == ():
        return ""
    if s.kind == BOOL or s.kind == OPTBOOL:
        return "Yes" if value else "No"
    if s.kind == CHOICE:
        return s.choice_label(value)
    if s.kind == CHOICES:
        return ", ".join(s.choice_label(v) for v in value)
    if s.kind == DATETIME:
        return value.strftime("%Y-%m-%d %H:%M")
    if s.kind == DATE:
        return value.isoformat()
    if s.kind == TIME:
        return value.strftime("%H:%M")
    if s.kind == FLOAT:
        return f"{value:g}"
    if s.kind in (TEXT, LONGTEXT):
        first = value.splitlines()[0] if value.splitlines() else ""
        return first[:200] + ("…" if len(first) > 200 or "\n" in value else "")
    if s.kind == REFS:
        return ", ".join(value)
    return str(value)
