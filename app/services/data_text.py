"""The words in Steady's data files, in the reader's language.

The skill library, the crisis lines and the self-check instruments are JSON files written in
English. The fields people read (a skill's name and how-to, a line's description, a
questionnaire's items and answers…) are listed here, per file; `packaging/i18n.py` puts their
text into the `data` catalogue (resources/locale/areas.json lists the same fields, and a test
keeps the two lists equal), and the loaders pass each file through `translated()` before
building their records, once per language (the language can change between tests in one
process). Ids, keys, numbers, phone numbers, URLs, citations and scoring values are never
listed: they stay exactly as written.

An instrument's texts carry the instrument's key as their gettext context, so the published
wording of one questionnaire ("Monthly" in the AUDIT-C) never borrows a translation made for
another screen or another questionnaire.
"""

from __future__ import annotations

from typing import Any

from app.domain.i18n import _, pgettext

# path under app/resources → (gettext context or None, the keys whose string values are read)
TRANSLATED_FIELDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "skills/library.json": (None, ("name", "how_to", "source")),
    "crisis_lines.json": (None, ("name", "for")),
    "instruments/phq9.json": ("phq9", ("title", "what_it_is", "what_it_isnt", "stem", "items", "label",
                                       "explained", "bands_note", "licence")),
    "instruments/gad7.json": ("gad7", ("title", "what_it_is", "what_it_isnt", "stem", "items", "label",
                                       "explained", "bands_note", "licence")),
    "instruments/who5.json": ("who5", ("title", "what_it_is", "what_it_isnt", "stem", "items", "label",
                                       "explained", "bands_note", "licence")),
    "instruments/auditc.json": ("auditc", ("title", "what_it_is", "what_it_isnt", "stem", "text", "label",
                                           "explained", "bands_note", "licence")),
}


def translated(data: Any, resource: str) -> Any:
    """A copy of the parsed JSON of `resource` ("skills/library.json") with the string values
    of its read fields in the language in use (unchanged in English). A value counts when it
    is under one of the keys, directly or inside a list under it — exactly what the
    extractor collects."""
    context, keys = TRANSLATED_FIELDS[resource]
    wanted = frozenset(keys)

    def words(text: str) -> str:
        if not text.strip():
            return text
        return pgettext(context, text) if context is not None else _(text)

    def walk(value: Any, inside: bool) -> Any:
        if isinstance(value, dict):
            return {key: walk(inner, key in wanted) for key, inner in value.items()}
        if isinstance(value, list):
            return [walk(inner, inside) for inner in value]
        if isinstance(value, str) and inside:
            return words(value)
        return value

    return walk(data, False)
