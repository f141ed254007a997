"""Self-check scoring against the published rules (see app/resources/instruments/*.json)."""

import json

import pytest

from app.domain.assessments import SHAPES, check_answers, parse_answers, safety_item_flagged, score
from app.domain.errors import ValidationError
from app.domain.records import Assessment
from app.services.assessments import instruments
from app.services.resources import resource_path


def _score(key, answers):
    s = score(instruments()[key], tuple(answers))
    return s.score, s.band.key


def test_the_issue_examples():
    assert _score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 1]) == (13, "moderate")
    assert _score("gad7", [3] * 7) == (21, "severe")


@pytest.mark.parametrize("total, band", [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe")])
def test_phq9_band_boundaries(total, band):
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    answers += [0] * (9 - len(answers))
    assert _score("phq9", answers) == (total, band)


@pytest.mark.parametrize("total, band", [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe")])
def test_gad7_band_boundaries(total, band):
    answers = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    answers += [0] * (7 - len(answers))
    assert _score("gad7", answers) == (total, band)


@pytest.mark.parametrize("answers, percent, band", [
    ([0, 0, 0, 0, 0], 0, "very_low"),
    ([5, 2, 0, 0, 0], 28, "very_low"),   # raw 7 ×4 = 28: the lower cut-off itself
    ([5, 3, 0, 0, 0], 32, "low"),        # raw 8
    ([5, 5, 2, 0, 0], 48, "low"),        # raw 12: below 50
    ([3, 3, 3, 2, 2], 52, "not_low"),    # raw 13
    ([5, 5, 5, 5, 5], 100, "not_low")])
def test_who5_raw_times_four_and_its_cut_offs(answers, percent, band):
    s = score(instruments()["who5"], tuple(answers))
    assert s.raw * 4 == s.score == percent
    assert s.band.key == band


@pytest.mark.parametrize("answers, total, band", [
    ([0, 0, 0], 0, "below"), ([1, 1, 0], 2, "below"), ([1, 1, 1], 3, "women_cutoff"),
    ([2, 1, 1], 4, "at_or_above"), ([4, 4, 4], 12, "at_or_above")])
def test_auditc_sums_to_twelve_with_the_sex_specific_cut_offs(answers, total, band):
    assert _score("auditc", answers) == (total, band)


def test_wrong_count_and_out_of_range_are_one_sentence():
    with pytest.raises(ValidationError, match="PHQ-9 needs 9 answers, one per question; 8 were given."):
        check_answers("phq9", (0,) * 8)
    with pytest.raises(ValidationError, match="the answer to question 2 is 4"):
        check_answers("gad7", (0, 4, 0, 0, 0, 0, 0))
    with pytest.raises(ValidationError, match="from 0 to 5"):
        check_answers("who5", (0, 0, 0, 0, -1))
    with pytest.raises(ValidationError, match="whole numbers"):
        parse_answers("1,,2")
    with pytest.raises(ValidationError, match="whole numbers"):
        parse_answers("1,two,2")


def test_record_keeps_answers_in_one_spelling_and_refuses_bad_ones():
    import datetime as dt

    a = Assessment(instrument="auditc", day=dt.date(2026, 1, 2), answers=" 1, 2 ,3")
    assert a.answers == "1,2,3" and a.answer_values == (1, 2, 3)
    with pytest.raises(ValidationError):
        Assessment(instrument="auditc", day=dt.date(2026, 1, 2), answers="1,2,5")
    with pytest.raises(ValidationError):
        Assessment(instrument="cssrs", day=dt.date(2026, 1, 2), answers="1")


def test_phq9_item_nine_is_the_safety_item():
    phq9 = instruments()["phq9"]
    assert phq9.items[8].text.startswith("Thoughts that you would be better off dead")
    assert safety_item_flagged(phq9, (0,) * 8 + (1,))
    assert not safety_item_flagged(phq9, (3,) * 8 + (0,))
    assert not safety_item_flagged(instruments()["gad7"], (3,) * 7)


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_each_file_is_sourced_licensed_and_matches_the_domain_shape(key):
    data = json.loads(resource_path("instruments", f"{key}.json").read_text(encoding="utf-8"))
    for field in ("citation", "licence", "what_it_is", "what_it_isnt"):
        assert data[field].strip()
    assert data["sources"] and all(s.startswith("https://") for s in data["sources"])
    assert "not a diagnosis" in data["what_it_isnt"]
    inst = instruments()[key]
    count, lo, hi = SHAPES[key]
    assert len(inst.items) == count
    # all lowest and all highest answers reach the published range, and each has a band
    assert score(inst, (lo,) * count).score == inst.minimum
    assert score(inst, (hi,) * count).score == inst.maximum


def test_phq9_and_gad7_published_wording():
    phq9, gad7 = instruments()["phq9"], instruments()["gad7"]
    assert [o.label for o in phq9.items[0].options] == ["Not at all", "Several days", "More than half the days",
                                                        "Nearly every day"]
    assert phq9.items[0].text == "Little interest or pleasure in doing things"
    assert gad7.items[0].text == "Feeling nervous, anxious or on edge"
    assert gad7.items[6].text == "Feeling afraid as if something awful might happen"


@pytest.mark.parametrize("key, lowest, highest", [
    ("phq9", (0, "minimal"), (27, "severe")),
    ("gad7", (0, "minimal"), (21, "severe")),
    ("who5", (0, "very_low"), (100, "not_low")),
    ("auditc", (0, "below"), (12, "at_or_above"))])
def test_all_lowest_and_all_highest_answers_land_in_the_outer_bands(key, lowest, highest):
    count, lo, hi = SHAPES[key]
    assert _score(key, [lo] * count) == lowest
    assert _score(key, [hi] * count) == highest


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_every_possible_total_has_exactly_one_band_and_bands_only_go_up(key):
    inst = instruments()[key]
    seen = []
    for total in range(inst.minimum, inst.maximum + 1, inst.multiplier):
        band = next(b for b in inst.bands if b.low <= total <= b.high)
        assert sum(b.low <= total <= b.high for b in inst.bands) == 1
        seen.append(inst.bands.index(band))
    assert seen == sorted(seen) and set(seen) == set(range(len(inst.bands)))
