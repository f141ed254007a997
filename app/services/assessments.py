"""Self-checks (validated questionnaires): the packaged instruments and scored records.

The instruments come from `app/resources/instruments/<key>.json`, each with its published items,
answers, scoring, bands, citation and licence (checked against public sources; see the files'
"sources"). Scoring itself is app.domain.assessments; this module only reads the files and
pairs each stored assessment with its score.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.domain import i18n
from app.domain.assessments import INSTRUMENTS, Instrument, Score, score
from app.domain.records import Assessment

from .data_text import translated
from .resources import ResourceError, read_json_resource, resource_path

if TYPE_CHECKING:
    from .records import RecordService

_cached: dict[str, dict[str, Instrument]] = {}


def instruments() -> dict[str, Instrument]:
    """Every packaged instrument by key, in the order Steady lists them, in the language in
    use; read once per process and language. In Spanish the items and answers are the
    published, validated Spanish wording (each file's "source_es" names it), through the
    `data` catalogue; the scoring is the same file's, whatever the language."""
    language = i18n.language()
    if language not in _cached:
        out = {}
        for key, _name in INSTRUMENTS:
            path = resource_path("instruments", f"{key}.json")
            data = read_json_resource(path, "self-checks")
            try:
                inst = Instrument.from_plain(data)
                if language != i18n.SOURCE_LANGUAGE:
                    inst = Instrument.from_plain(translated(data, f"instruments/{key}.json"))
            except ValueError as exc:
                raise ResourceError(f"{path.name}: {exc}.") from None
            if inst.key != key:
                raise ResourceError(f"{path.name}: its key is “{inst.key}”, not “{key}”.")
            out[key] = inst
        _cached[language] = out
    return _cached[language]


def score_of(record: Assessment) -> Score:
    return score(instruments()[record.instrument], record.answer_values)


def scored_plain(record: Assessment) -> dict[str, Any]:
    """The record's plain form with what the domain computes from it (`steady list --format json`)."""
    s = score_of(record)
    return {**record.to_plain(), "score": s.score, "raw_score": s.raw, "band": s.band.key, "band_label": s.band.label}


class AssessmentService:
    """Adds and lists self-checks through the RecordService (so undo, listeners and
    exports treat them like every other record)."""

    def __init__(self, records: RecordService):
        self.records = records

    def add(self, instrument: str, day: dt.date, answers: tuple[int, ...], notes: str = "") -> tuple[Assessment, Score]:
        from app.domain.assessments import format_answers

        record = Assessment(instrument=instrument, day=day, answers=format_answers(answers), notes=notes)
        self.records.add(record)
        return record, score_of(record)

    def history(self, instrument: str | None = None) -> list[tuple[Assessment, Score]]:
        """Newest first."""
        from .kinds import KINDS

        rows = self.records.list(KINDS["assessment"], None, None, "")
        return [(r, score_of(r)) for r in rows
                if isinstance(r, Assessment) and (instrument is None or r.instrument == instrument)]
