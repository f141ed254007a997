"""How Steady names time without alcohol or drugs: "sober" (the default) or "days without
use", for people whose recovery is not about abstinence words, or who simply prefer them.

One rule for every layer: text is written with "sober" and `reword(text, style)` turns it
into the chosen wording where it is shown. The phrases are matched longest first, so
"sober days this year" becomes "days without use this year", not a word-by-word swap.
"""

from __future__ import annotations

import re

SOBER = "sober"
WITHOUT_USE = "without_use"
STYLES = ((SOBER, "Sober (“30 days sober”)"), (WITHOUT_USE, "Without use (“30 days without use”)"))

_PHRASES = (
    ("sober days this year", "days without use this year"),
    ("sober-since date", "date you stopped using"),
    ("sober since", "without use since"),
    ("sober again from", "without use again from"),
    ("sober period", "period without use"),
    ("sober date", "date you stopped using"),
    ("sober time", "time without use"),
    ("sober days", "days without use"),
    ("sober day", "day without use"),
    ("days sober", "days without use"),
    ("day sober", "day without use"),
    ("years sober", "years without use"),
    ("year sober", "year without use"),
    ("checked in, sober", "checked in, no use"),
    ("sober, no check-in", "no use, no check-in"),
    ("sober", "without use"),
)
_PATTERN = re.compile("|".join(re.escape(p) for p, _ in _PHRASES), re.IGNORECASE)
_BY_PHRASE = {p: r for p, r in _PHRASES}


def check_style(value: str) -> str:
    if value not in (SOBER, WITHOUT_USE):
        raise ValueError("wording.sober is sober or without_use")
    return value


def _swap(match: re.Match[str]) -> str:
    found = match.group(0)
    out = _BY_PHRASE[found.lower()]
    return out[:1].upper() + out[1:] if found[:1].isupper() else out


def reword(text: str, style: str) -> str:
    """`text` in the chosen wording; unchanged for the default ("sober")."""
    if style != WITHOUT_USE or not text:
        return text
    return _PATTERN.sub(_swap, text)
