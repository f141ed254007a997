"""Insights: a fixed set of honest comparisons in the person's own records.

Each insight compares one measure (craving, urges, mood, an urge's drop, a PHQ-9 change)
between two kinds of days, weeks or moments, and says how many there are on each side, the
difference of the means and a 95 % interval for it (Welch's: each side keeps its own
spread, and the degrees of freedom come from the Welch–Satterthwaite formula). Below a
stated minimum per side it says "not enough data yet" instead of a number. It never says
"because" and never gives a p-value: a pattern in one person's records is something to
bring to a counselor, not a finding.

Everything here is pure: the sums come from SQL aggregates (app/storage/insights.py), so a
comparison over twenty years of check-ins is three numbers per side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from . import formatting as fmt
from .i18n import N_, _

# Records must span at least this many days before any insight is shown: a pattern from
# two weeks is mostly the weather of those two weeks.
MIN_SPAN_DAYS = 28

PATTERN_NOTE = N_("A pattern in your own records, not a cause: many things in a life change together. "
                  "About one in twenty of these ranges misses the true difference by chance.")


@dataclass(frozen=True)
class Moments:
    """How many values a side has, their sum and the sum of their squares (what SQL returns)."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    @classmethod
    def of(cls, values: list[float] | tuple[float, ...]) -> Moments:
        return cls(len(values), float(sum(values)), float(sum(v * v for v in values)))

    @property
    def mean(self) -> float | None:
        return None if self.n == 0 else self.total / self.n

    @property
    def variance(self) -> float | None:
        """The sample variance (n - 1), never below 0 (sums of squares can round under)."""
        if self.n < 2:
            return None
        return max(0.0, (self.squares - self.total * self.total / self.n) / (self.n - 1))


def _incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b), by its continued fraction
    (modified Lentz's method; Numerical Recipes 6.4)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if x > (a + 1) / (a + b + 2):  # the fraction converges fast on this side only
        return 1.0 - _incomplete_beta(1 - x, b, a)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)) / a
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            numerator = 1.0
        elif i % 2 == 0:
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + numerator / c
        c = c if abs(c) > tiny else tiny
        f *= c * d
        if abs(1.0 - c * d) < 1e-14:
            break
    return front * (f - 1.0)


def _t_upper_tail(t: float, df: float) -> float:
    """P(T > t) for Student's t with `df` degrees of freedom, t >= 0."""
    return 0.5 * _incomplete_beta(df / (df + t * t), df / 2, 0.5)


def t_quantile_975(df: float) -> float:
    """The 97.5th percentile of Student's t with `df` (possibly fractional, as Welch's are)
    degrees of freedom: the multiplier of a 95 % two-sided interval. Found by bisection on
    the exact tail probability; the normal quantile for infinite df."""
    if math.isinf(df):
        return NormalDist().inv_cdf(0.975)
    lo, hi = 0.0, 1.0
    while _t_upper_tail(hi, df) > 0.025:
        hi *= 2
    for _step in range(60):
        mid = (lo + hi) / 2
        if _t_upper_tail(mid, df) > 0.025:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@dataclass(frozen=True)
class Comparison:
    mean_a: float
    mean_b: float
    difference: float  # mean_a - mean_b
    ci_low: float
    ci_high: float

    @property
    def spans_zero(self) -> bool:
        return self.ci_low <= 0 <= self.ci_high


def welch(a: Moments, b: Moments) -> Comparison | None:
    """Difference of means (a - b) with its 95 % Welch interval; None below 2 per side."""
    va, vb = a.variance, b.variance
    if va is None or vb is None or a.mean is None or b.mean is None:
        return None
    sa, sb = va / a.n, vb / b.n
    diff = a.mean - b.mean
    se = math.sqrt(sa + sb)
    if se == 0:  # every value the same on both sides: no spread, no interval to speak of
        return Comparison(a.mean, b.mean, diff, diff, diff)
    df = (sa + sb) ** 2 / ((sa * sa / (a.n - 1) if sa else 0.0) + (sb * sb / (b.n - 1) if sb else 0.0))
    half = t_quantile_975(df) * se
    return Comparison(a.mean, b.mean, diff, diff - half, diff + half)


@dataclass(frozen=True)
class InsightSpec:
    """What one insight compares, in the words its sentence is made of."""

    key: str
    title: str
    measure: str  # "craving"
    scale: str  # "0–10"
    side_a: str  # "On days after less than 6 hours of sleep"
    side_b: str  # "after 7 hours or more"
    unit: str  # "day" (plural by adding s) — what n counts
    minimum: int  # per side
    verb: str = "averaged"  # "craving averaged 4.1 vs 2.8"
    unit_many: str = ""
    scale_span: float = 10.0  # how far the measure can move (0–10: 10), for pictures of a difference


def _num(x: float) -> str:
    """One decimal, a real minus sign for negatives (read aloud as "minus")."""
    text = fmt.decimal(x)
    if text.lstrip("-") in ("0.0", "0,0"):
        return text.lstrip("-")
    return text.replace("-", "\u2212")


def _count(n: int, spec: InsightSpec) -> str:
    many = spec.unit_many or spec.unit + "s"
    return many if n != 1 else spec.unit


@dataclass(frozen=True)
class Insight:
    spec: InsightSpec
    a: Moments
    b: Moments
    comparison: Comparison | None
    enough_data: bool
    short_span_days: int | None = None  # set when all the records span fewer than MIN_SPAN_DAYS
    about: tuple[tuple[str, str], ...] = ()  # extra plain fields (a skill's and a trigger's name)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def sentence(self) -> str:
        """The plain-words sentence the page and the table show."""
        s, c = self.spec, self.comparison
        if not self.enough_data or c is None:
            if self.short_span_days == 0:
                return _("Not enough data yet: patterns need at least {weeks} weeks of records, "
                         "and there are none here yet.").format(weeks=MIN_SPAN_DAYS // 7)
            if self.short_span_days is not None:
                return _("Not enough data yet: patterns need at least {weeks} weeks of records "
                         "(yours span {days}).").format(weeks=MIN_SPAN_DAYS // 7,
                                                         days=fmt.plural(self.short_span_days, "day", "days"))
            return _("Not enough data yet: this needs at least {minimum} {unit} on each side; "
                     "so far there are {a} and {b}.").format(minimum=s.minimum, unit=_count(s.minimum, s),
                                                             a=self.a.n, b=self.b.n)
        return _("{side_a}, {measure} {verb} {mean_a} vs {mean_b} {side_b} (difference {difference}, "
                 "likely between {low} and {high}; {n_a} and {n_b} {unit}).").format(
            side_a=s.side_a, measure=s.measure, verb=s.verb, mean_a=_num(c.mean_a), mean_b=_num(c.mean_b),
            side_b=s.side_b, difference=_num(c.difference), low=_num(c.ci_low), high=_num(c.ci_high),
            n_a=self.a.n, n_b=self.b.n, unit=_count(self.b.n, s))

    def to_plain(self) -> dict[str, Any]:
        """The JSON form: the documented fields first, then the extra ones."""
        c = self.comparison if self.enough_data else None

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 2)

        plain: dict[str, Any] = {
            "title": self.title,
            "n_a": self.a.n,
            "n_b": self.b.n,
            "mean_a": r(self.a.mean),
            "mean_b": r(self.b.mean),
            "difference": r(c.difference) if c else None,
            "ci_low": r(c.ci_low) if c else None,
            "ci_high": r(c.ci_high) if c else None,
            "enough_data": bool(self.enough_data and c is not None),
            "key": self.key,
            "measure": self.spec.measure,
            "scale": self.spec.scale,
            "side_a": self.spec.side_a,
            "side_b": self.spec.side_b,
            "unit": self.spec.unit_many or self.spec.unit + "s",
            "minimum_per_side": self.spec.minimum,
            "sentence": self.sentence,
        }
        plain.update(dict(self.about))
        return plain


def judge(spec: InsightSpec, a: Moments, b: Moments, *, span_days: int | None,
          about: tuple[tuple[str, str], ...] = ()) -> Insight:
    """The insight for two sides' sums: enough data only with the minimum on each side and
    records spanning at least MIN_SPAN_DAYS (`span_days` None: no records at all)."""
    short = span_days is None or span_days < MIN_SPAN_DAYS
    enough = not short and a.n >= spec.minimum and b.n >= spec.minimum
    comparison = welch(a, b) if enough else None
    return Insight(spec, a, b, comparison, enough and comparison is not None,
                   short_span_days=(span_days or 0) if short else None, about=about)
