"""Meeting Guide meeting-type codes and the labels people see (English here, translated where shown).

The codes are the reserved list of the Meeting Guide spec (code4recovery/spec, README
"Meeting Types", which the spec's data/types.json and src/types.ts follow), plus its
"Proposed New Types" and one widely used code from the 12 Step Meeting List plugin
(`ONL`). A feed may use codes of its own ("it's ok to add types"); those are kept as given
and shown as the code itself.
"""

from __future__ import annotations

from typing import Iterable

from . import i18n
from .i18n import N_, pgettext

# (code, English label), in the spec's order.
MEETING_TYPES: tuple[tuple[str, str], ...] = (
    ("11", N_("11th Step Meditation")),
    ("12x12", N_("12 Steps & 12 Traditions")),
    ("A", N_("Secular")),
    ("ABSI", N_("As Bill Sees It")),
    ("AL", N_("Concurrent with Alateen")),
    ("AL-AN", N_("Concurrent with Al-Anon")),
    ("AM", N_("Amharic")),
    ("ASL", N_("American Sign Language")),
    ("B", N_("Big Book")),
    ("BA", N_("Babysitting Available")),
    ("BE", N_("Newcomer")),
    ("BI", N_("Bisexual")),
    ("BRK", N_("Breakfast")),
    ("C", "Closed"),  # translated in its context (type_label): "Closed" is also a button
    ("CAN", N_("Candlelight")),
    ("CF", N_("Child-Friendly")),
    ("D", N_("Discussion")),
    ("DA", N_("Danish")),
    ("DB", N_("Digital Basket")),
    ("DD", N_("Dual Diagnosis")),
    ("DE", N_("German")),
    ("DR", N_("Daily Reflections")),
    ("EL", N_("Greek")),
    ("EN", N_("English")),
    ("FA", N_("Persian")),
    ("FF", N_("Fragrance Free")),
    ("FR", N_("French")),
    ("G", N_("Gay")),
    ("GR", N_("Grapevine")),
    ("H", N_("Birthday")),
    ("HE", N_("Hebrew")),
    ("HI", N_("Hindi")),
    ("HR", N_("Croatian")),
    ("HU", N_("Hungarian")),
    ("ITA", N_("Italian")),
    ("JA", N_("Japanese")),
    ("KOR", N_("Korean")),
    ("L", N_("Lesbian")),
    ("LGBTQ", "LGBTQ"),
    ("LIT", N_("Literature")),
    ("LS", N_("Living Sober")),
    ("LT", N_("Lithuanian")),
    ("M", N_("Men")),
    ("MED", N_("Meditation")),
    ("ML", N_("Malayalam")),
    ("N", N_("Native American")),
    ("NB", N_("Non-Binary")),
    ("NDG", N_("Indigenous")),
    ("NO", N_("Norwegian")),
    ("O", "Open"),  # as "Closed"
    ("OUT", N_("Outdoor")),
    ("P", N_("Professionals")),
    ("POA", N_("Proof of Attendance")),
    ("POC", N_("People of Color")),
    ("POL", N_("Polish")),
    ("POR", N_("Portuguese")),
    ("PUN", N_("Punjabi")),
    ("RUS", N_("Russian")),
    ("S", N_("Spanish")),
    ("SEN", N_("Seniors")),
    ("SK", N_("Slovak")),
    ("SM", N_("Smoking Permitted")),
    ("SP", N_("Speaker")),
    ("ST", N_("Step Study")),
    ("SV", N_("Swedish")),
    ("T", N_("Transgender")),
    ("TC", N_("Location Temporarily Closed")),
    ("TH", N_("Thai")),
    ("TL", N_("Tagalog")),
    ("TR", N_("Tradition Study")),
    ("UK", N_("Ukrainian")),
    ("W", N_("Women")),
    ("X", N_("Wheelchair Access")),
    ("XB", N_("Wheelchair-Accessible Bathroom")),
    ("XT", N_("Cross Talk Permitted")),
    ("Y", N_("Young People")),
    # Proposed in the spec, already used by some feeds.
    ("BV-I", N_("Blind / Visually Impaired")),
    ("D-HOH", N_("Deaf / Hard of Hearing")),
    ("LO-I", N_("Loners / Isolationists")),
    ("QSL", N_("Quebec Sign Language")),
    ("RSL", N_("Russian Sign Language")),
    # Not in the spec: the 12 Step Meeting List plugin's marker for online meetings.
    ("ONL", N_("Online")),
)

TYPE_LABELS: dict[str, str] = dict(MEETING_TYPES)
# "Location Temporarily Closed": the room is shut; only an online option (if any) runs.
TEMPORARILY_CLOSED = "TC"


def type_label(code: str) -> str:
    """The label of a type code; an unknown (feed-specific) code is shown as itself."""
    if code == "O":
        return pgettext("meeting type", "Open")
    if code == "C":
        return pgettext("meeting type", "Closed")
    return i18n._(TYPE_LABELS[code]) if code in TYPE_LABELS else code


def type_labels(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(type_label(c) for c in codes)


def describe_types(codes: Iterable[str]) -> str:
    """ "Open, Discussion, Step Study" for a table cell or a line of text."""
    return ", ".join(type_labels(codes))
