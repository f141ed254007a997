"""Self-checks: validated questionnaires (PHQ-9, GAD-7, WHO-5, AUDIT-C) and their scoring.

The published items, answers, scoring and bands live in `app/resources/instruments/*.json`
(each with its citation and licence); the services read those files and build an
`Instrument` here. Scoring is pure and lives only here, so the CLI, the window, exports and
reports all give the same score and band, and nobody types a score by hand.

`SHAPES` repeats how many answers each instrument has and their range, so a stored
assessment can be checked without reading a file (a test keeps it equal to the JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import i18n
from .errors import ValidationError
from .i18n import N_, _, ngettext

# (stored key, name shown) — the instruments Steady carries. The C-SSRS (paid licence for
# electronic use) and BARC-10 (conflicting terms) are left out on purpose.
INSTRUMENTS = (("phq9", "PHQ-9"), ("gad7", "GAD-7"), ("who5", "WHO-5"), ("auditc", "AUDIT-C"))

# key -> (number of answers, lowest answer, highest answer)
SHAPES: dict[str, tuple[int, int, int]] = {
    "phq9": (9, 0, 3),
    "gad7": (7, 0, 3),
    "who5": (5, 0, 5),
    "auditc": (3, 0, 4),
}


# The calm line after PHQ-9 question 9 is answered above 0 (the command line's; the window
# shows Get help now in place).
SAFETY_ITEM_REPLY = N_("Thank you for answering honestly. Thoughts like these are hard to carry alone: your people, "
                       "crisis lines and safety plan are one command away: steady help-now")


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    number: int  # 1-based, as printed on the published form
    text: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    key: str
    label: str


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    title: str
    what_it_is: str
    what_it_isnt: str
    stem: str
    items: tuple[Item, ...]
    multiplier: int
    minimum: int
    maximum: int
    scoring_explained: str
    bands: tuple[Band, ...]
    bands_note: str
    safety_item: int | None  # 1-based item whose answer above 0 brings Get help now forward
    higher_is_better: bool
    citation: str
    licence: str
    sources: tuple[str, ...]

    @classmethod
    def from_plain(cls, data: Any) -> Instrument:
        """Build from the parsed JSON file; ValueError naming what is wrong if malformed."""
        if not isinstance(data, dict):
            raise ValueError("an instrument file must hold one JSON object")
        try:
            shared = tuple(Option(int(o["value"]), str(o["label"])) for o in data.get("options", ()))
            items = []
            for number, raw in enumerate(data["items"], start=1):
                if isinstance(raw, str):
                    items.append(Item(number, raw, shared))
                else:
                    opts = tuple(Option(int(o["value"]), str(o["label"])) for o in raw["options"])
                    items.append(Item(number, str(raw["text"]), opts))
            scoring = data["scoring"]
            bands = tuple(Band(int(b["from"]), int(b["to"]), str(b["key"]), str(b["label"])) for b in data["bands"])
            inst = cls(
                key=str(data["key"]), name=str(data["name"]), title=str(data["title"]),
                what_it_is=str(data["what_it_is"]), what_it_isnt=str(data["what_it_isnt"]),
                stem=str(data["stem"]), items=tuple(items),
                multiplier=int(scoring["multiplier"]), minimum=int(scoring["min"]), maximum=int(scoring["max"]),
                scoring_explained=str(scoring["explained"]), bands=bands,
                bands_note=str(data.get("bands_note", "")),
                safety_item=None if data.get("safety_item") is None else int(data["safety_item"]),
                higher_is_better=data.get("higher_is") == "better",
                citation=str(data["citation"]), licence=str(data["licence"]),
                sources=tuple(str(s) for s in data["sources"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"an instrument file is missing or has a malformed entry ({exc})") from None
        inst._check_consistent()
        return inst

    def _check_consistent(self) -> None:
        """The bands must cover every possible score exactly once, in order."""
        if self.key not in SHAPES:
            raise ValueError(f"unknown instrument {self.key!r}")
        count, lo, hi = SHAPES[self.key]
        if len(self.items) != count:
            raise ValueError(f"{self.name} must have {count} items")
        for item in self.items:
            if sorted(o.value for o in item.options) != list(range(lo, hi + 1)):
                raise ValueError(f"{self.name} item {item.number}: answers must run {lo} to {hi}")
        if (self.minimum, self.maximum) != (count * lo * self.multiplier, count * hi * self.multiplier):
            raise ValueError(f"{self.name}: the score range does not match its items")
        expected = self.minimum
        for band in self.bands:
            if band.low != expected or band.high < band.low:
                raise ValueError(f"{self.name}: the bands must cover every score once, in order")
            expected = band.high + 1
        if expected != self.maximum + 1:
            raise ValueError(f"{self.name}: the bands must reach the highest score")


@dataclass(frozen=True)
class Score:
    raw: int  # the sum of the answers
    score: int  # raw × the instrument's multiplier (WHO-5: a percentage)
    band: Band

    @property
    def summary(self) -> str:
        """`score 13 (moderate)`, the words the CLI prints and the form shows."""
        return _("score {score} ({band})").format(score=self.score, band=i18n._(self.band.label))


def parse_answers(text: str) -> tuple[int, ...]:
    """`"0,1,2"` → (0, 1, 2). Spaces are allowed; anything but whole numbers is refused."""
    parts = [p.strip() for p in str(text).split(",")]
    if not parts or any(not p for p in parts):
        raise ValidationError("answers", _("Answers must be whole numbers separated by commas, like 0,1,2."))
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise ValidationError("answers", _("Answers must be whole numbers separated by commas, like 0,1,2.")) from None


def format_answers(answers: tuple[int, ...] | list[int]) -> str:
    return ",".join(str(a) for a in answers)


def check_answers(instrument_key: str, answers: tuple[int, ...]) -> None:
    """One sentence if the answers do not fit the instrument (wrong count, out of range)."""
    if instrument_key not in SHAPES:
        raise ValidationError("instrument", _("The self-check must be one of: {choices}.").format(
            choices=", ".join(k for k, _name in INSTRUMENTS)))
    count, lo, hi = SHAPES[instrument_key]
    name = dict(INSTRUMENTS)[instrument_key]
    if len(answers) != count:
        raise ValidationError("answers", ngettext("{name} needs {count} answers, one per question; {given} was given.",
                                                  "{name} needs {count} answers, one per question; {given} were given.",
                                                  len(answers)).format(name=name, count=count, given=len(answers)))
    for number, value in enumerate(answers, start=1):
        if not lo <= value <= hi:
            raise ValidationError("answers", _("{name} answers run from {low} to {high}; "
                                               "the answer to question {number} is {value}.").format(
                name=name, low=lo, high=hi, number=number, value=value))


def score(instrument: Instrument, answers: tuple[int, ...]) -> Score:
    """The published score and band of a set of answers (checked first)."""
    check_answers(instrument.key, answers)
    raw = sum(answers)
    total = raw * instrument.multiplier
    for band in instrument.bands:
        if band.low <= total <= band.high:
            return Score(raw, total, band)
    raise AssertionError(f"{instrument.name}: no band for {total}")  # _check_consistent rules this out


def safety_item_flagged(instrument: Instrument, answers: tuple[int, ...]) -> bool:
    """PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0."""
    n = instrument.safety_item
    return n is not None and len(answers) >= n and answers[n - 1] > 0
