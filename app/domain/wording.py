"""How Steady names time without alcohol or drugs: "sober" (the default) or "days without
use", for people whose recovery is not about abstinence words, or who simply prefer them.

One rule for every layer: text is written with "sober" and `reword(text, style)` turns it
into the chosen wording where it is shown. The phrases are matched longest first, so
"sober days this year" becomes "days without use this year", not a word-by-word swap.
"""

from __future__ import annotations

import re

from . import i18n
from .i18n import N_

SOBER = "sober"
WITHOUT_USE = "without_use"
STYLES = ((SOBER, N_("Sober (“30 days sober”)")), (WITHOUT_USE, N_("Without use (“30 days without use”)")))

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
# The same in Spanish, for text already translated (the catalogue says "sober" with
# "sobriedad": "30 días de sobriedad", "fecha de sobriedad", "Sobriedad desde…").
_PHRASES_ES = (
    ("días de sobriedad este año", "días sin consumir este año"),
    ("fecha de sobriedad", "fecha en que dejaste de consumir"),
    ("período de sobriedad", "período sin consumir"),
    ("periodo de sobriedad", "periodo sin consumir"),
    ("tiempo de sobriedad", "tiempo sin consumir"),
    ("días de sobriedad", "días sin consumir"),
    ("día de sobriedad", "día sin consumir"),
    ("años de sobriedad", "años sin consumir"),
    ("año de sobriedad", "año sin consumir"),
    ("sobriedad desde", "sin consumir desde"),
    ("de sobriedad", "sin consumir"),
    ("sobriedad", "tiempo sin consumir"),
)


def _compiled(phrases: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    pattern = re.compile("|".join(re.escape(p) for p, _out in phrases), re.IGNORECASE)
    return pattern, {p: r for p, r in phrases}


_BY_LANGUAGE = {"en": _compiled(_PHRASES), "es": _compiled(_PHRASES_ES)}


def check_style(value: str) -> str:
    if value not in (SOBER, WITHOUT_USE):
        raise ValueError("wording.sober is sober or without_use")
    return value


def reword(text: str, style: str) -> str:
    """`text` in the chosen wording; unchanged for the default ("sober"). The text is in the
    language in use (translated before it is reworded), so the phrases are that language's."""
    if style != WITHOUT_USE or not text:
        return text
    # English last: a string without a translation yet still reads in the chosen wording.
    for language in dict.fromkeys((i18n.language(), "en")):
        pattern, by_phrase = _BY_LANGUAGE.get(language, _BY_LANGUAGE["en"])

        def swap(match: re.Match[str], by_phrase: dict[str, str] = by_phrase) -> str:
            found = match.group(0)
            out = by_phrase[found.lower()]
            return out[:1].upper() + out[1:] if found[:1].isupper() else out

        text = pattern.sub(swap, text)
    return text
