"""Meeting Guide meeting-type codes and the English labels people see.

The codes are the reserved list of the Meeting Guide spec (code4recovery/spec, README
"Meeting Types", which the spec's data/types.json and src/types.ts follow), plus its
"Proposed New Types" and one widely used code from the 12 Step Meeting List plugin
(`ONL`). A feed may use codes of its own ("it's ok to add types"); those are kept as given
and shown as the code itself.
"""

from __future__ import annotations

from typing import Iterable

# (code, English label), in the spec's order.
MEETING_TYPES: tuple[tuple[str, str], ...] = (
    ("11", "11th Step Meditation"),
    ("12x12", "12 Steps & 12 Traditions"),
    ("A", "Secular"),
    ("ABSI", "As Bill Sees It"),
    ("AL", "Concurrent with Alateen"),
    ("AL-AN", "Concurrent with Al-Anon"),
    ("AM", "Amharic"),
    ("ASL", "American Sign Language"),
    ("B", "Big Book"),
    ("BA", "Babysitting Available"),
    ("BE", "Newcomer"),
    ("BI", "Bisexual"),
    ("BRK", "Breakfast"),
    ("C", "Closed"),
    ("CAN", "Candlelight"),
    ("CF", "Child-Friendly"),
    ("D", "Discussion"),
    ("DA", "Danish"),
    ("DB", "Digital Basket"),
    ("DD", "Dual Diagnosis"),
    ("DE", "German"),
    ("DR", "Daily Reflections"),
    ("EL", "Greek"),
    ("EN", "English"),
    ("FA", "Persian"),
    ("FF", "Fragrance Free"),
    ("FR", "French"),
    ("G", "Gay"),
    ("GR", "Grapevine"),
    ("H", "Birthday"),
    ("HE", "Hebrew"),
    ("HI", "Hindi"),
    ("HR", "Croatian"),
    ("HU", "Hungarian"),
    ("ITA", "Italian"),
    ("JA", "Japanese"),
    ("KOR", "Korean"),
    ("L", "Lesbian"),
    ("LGBTQ", "LGBTQ"),
    ("LIT", "Literature"),
    ("LS", "Living Sober"),
    ("LT", "Lithuanian"),
    ("M", "Men"),
    ("MED", "Meditation"),
    ("ML", "Malayalam"),
    ("N", "Native American"),
    ("NB", "Non-Binary"),
    ("NDG", "Indigenous"),
    ("NO", "Norwegian"),
    ("O", "Open"),
    ("OUT", "Outdoor"),
    ("P", "Professionals"),
    ("POA", "Proof of Attendance"),
    ("POC", "People of Color"),
    ("POL", "Polish"),
    ("POR", "Portuguese"),
    ("PUN", "Punjabi"),
    ("RUS", "Russian"),
    ("S", "Spanish"),
    ("SEN", "Seniors"),
    ("SK", "Slovak"),
    ("SM", "Smoking Permitted"),
    ("SP", "Speaker"),
    ("ST", "Step Study"),
    ("SV", "Swedish"),
    ("T", "Transgender"),
    ("TC", "Location Temporarily Closed"),
    ("TH", "Thai"),
    ("TL", "Tagalog"),
    ("TR", "Tradition Study"),
    ("UK", "Ukrainian"),
    ("W", "Women"),
    ("X", "Wheelchair Access"),
    ("XB", "Wheelchair-Accessible Bathroom"),
    ("XT", "Cross Talk Permitted"),
    ("Y", "Young People"),
    # Proposed in the spec, already used by some feeds.
    ("BV-I", "Blind / Visually Impaired"),
    ("D-HOH", "Deaf / Hard of Hearing"),
    ("LO-I", "Loners / Isolationists"),
    ("QSL", "Quebec Sign Language"),
    ("RSL", "Russian Sign Language"),
    # Not in the spec: the 12 Step Meeting List plugin's marker for online meetings.
    ("ONL", "Online"),
)

TYPE_LABELS: dict[str, str] = dict(MEETING_TYPES)
# "Location Temporarily Closed": the room is shut; only an online option (if any) runs.
TEMPORARILY_CLOSED = "TC"


def type_label(code: str) -> str:
    """The label of a type code; an unknown (feed-specific) code is shown as itself."""
    return TYPE_LABELS.get(code, code)


def type_labels(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(type_label(c) for c in codes)


def describe_types(codes: Iterable[str]) -> str:
    """ "Open, Discussion, Step Study" for a table cell or a line of text."""
    return ", ".join(type_labels(codes))
