"""The statistics behind the Insights page: Welch's interval and its t quantile."""

import math
import random

import pytest

from app.domain.insights import MIN_SPAN_DAYS, InsightSpec, Moments, judge, t_quantile_975, welch

# Student's t, 97.5th percentile (two-sided 95 %), from the published tables.
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 8: 2.306, 10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042,
           60: 2.000, 120: 1.980}


@pytest.mark.parametrize("df, expected", sorted(T_TABLE.items()))
def test_t_quantile_matches_the_tables(df, expected):
    assert t_quantile_975(df) == pytest.approx(expected, abs=0.0006)


def test_t_quantile_reaches_the_normal_one():
    assert t_quantile_975(math.inf) == pytest.approx(1.95996, abs=1e-4)
    assert t_quantile_975(10_000) == pytest.approx(1.9602, abs=1e-3)


def test_moments_mean_and_sample_variance():
    m = Moments.of([2, 4, 4, 4, 5, 5, 7, 9])
    assert m.mean == 5
    assert m.variance == pytest.approx(32 / 7)
    assert Moments().mean is None and Moments.of([3]).variance is None


def test_welch_by_hand():
    # a: mean 5, var 32/7 (n 8); b: mean 3, var 2.5 (n 5, values 1..5)
    a, b = Moments.of([2, 4, 4, 4, 5, 5, 7, 9]), Moments.of([1, 2, 3, 4, 5])
    c = welch(a, b)
    sa, sb = (32 / 7) / 8, 2.5 / 5
    df = (sa + sb) ** 2 / (sa ** 2 / 7 + sb ** 2 / 4)
    half = t_quantile_975(df) * math.sqrt(sa + sb)
    assert c.difference == pytest.approx(2.0)
    assert (c.ci_low, c.ci_high) == (pytest.approx(2 - half), pytest.approx(2 + half))
    assert 10 < df < 11 and c.spans_zero  # df ≈ 10.7; the interval is about ±2.4


def test_welch_without_spread_is_a_point_and_needs_two_per_side():
    c = welch(Moments.of([3, 3, 3]), Moments.of([1, 1]))
    assert (c.difference, c.ci_low, c.ci_high) == (2, 2, 2)
    assert welch(Moments.of([1]), Moments.of([1, 2])) is None


def test_a_wide_sample_from_one_population_spans_zero_and_a_shift_does_not():
    rng = random.Random(7)
    same = welch(Moments.of([rng.gauss(5, 2) for _ in range(80)]), Moments.of([rng.gauss(5, 2) for _ in range(80)]))
    assert same.spans_zero
    shifted = welch(Moments.of([rng.gauss(7, 2) for _ in range(80)]), Moments.of([rng.gauss(5, 2) for _ in range(80)]))
    assert shifted.ci_low > 0 and 1.0 < shifted.difference < 3.0


SPEC = InsightSpec("x", "Craving after a short night", "craving", "0–10", "On days after less than 6 hours of sleep",
                   "after 7 hours or more", "day", 10)


def test_sentence_in_plain_words_with_n_on_both_sides():
    a = Moments.of([4, 5, 4, 3, 5, 4, 4, 5, 3, 4, 4, 5])
    b = Moments.of([3, 2, 3, 3, 2, 3, 4, 2, 3, 3, 3, 2, 3])
    insight = judge(SPEC, a, b, span_days=90)
    assert insight.enough_data
    assert insight.sentence.startswith("On days after less than 6 hours of sleep, craving averaged 4.2 vs 2.8 "
                                       "after 7 hours or more (difference 1.4, likely between ")
    assert insight.sentence.endswith("; 12 and 13 days).")
    plain = insight.to_plain()
    assert list(plain)[:9] == ["title", "n_a", "n_b", "mean_a", "mean_b", "difference", "ci_low", "ci_high",
                               "enough_data"]
    assert plain["n_a"] == 12 and plain["ci_low"] < plain["difference"] < plain["ci_high"]
    assert "because" not in insight.sentence and "p =" not in insight.sentence


def test_below_the_minimum_or_a_short_span_it_says_not_enough_data_yet():
    few = judge(SPEC, Moments.of([4] * 9), Moments.of([2, 3] * 10), span_days=90)
    assert not few.enough_data
    assert few.sentence == ("Not enough data yet: this needs at least 10 days on each side; "
                            "so far there are 9 and 20.")
    assert few.to_plain()["difference"] is None and few.to_plain()["enough_data"] is False
    short = judge(SPEC, Moments.of([4, 5] * 10), Moments.of([2, 3] * 10), span_days=MIN_SPAN_DAYS - 1)
    assert not short.enough_data
    assert short.sentence == ("Not enough data yet: patterns need at least 4 weeks of records "
                              "(yours span 27 days).")
    none = judge(SPEC, Moments(), Moments(), span_days=None)
    assert "there are none here yet" in none.sentence
