"""Insights: the fixed, documented set of comparisons in the person's own records.

The set is chosen in advance and never searched: a long list of tries would find
"patterns" by chance. Each comparison (app.domain.insights) states n on both sides, the
difference of the means with a 95 % interval, and "not enough data yet" below its minimum.

| key | compares | unit | minimum per side |
| --- | --- | --- | --- |
| sleep_craving | craving the day after a check-in with < 6 h sleep vs >= 7 h | days | 10 |
| meetings_urges | mean urge (coping log) in weeks with >= 3 meetings vs fewer | weeks | 5 |
| exercise_mood | check-in mood on days with exercise vs without | days | 10 |
| selfcare_mood | check-in mood on days with any self-care vs without | days | 10 |
| evening_urges | urges logged from 5 PM vs earlier in the day | entries | 10 |
| weekend_craving | check-in craving on Saturdays and Sundays vs weekdays | days | 10 |
| attendance_phq9 | PHQ-9 change between self-checks with >= 80 % attendance vs less | pairs | 4 |
| skill_trigger | urge drop with a skill vs without it, for the 3 most frequent triggers and each one's 2 most used skills | entries | 8 |

Records must also span at least four weeks (MIN_SPAN_DAYS) before anything is compared.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.domain.i18n import _, ngettext, pgettext
from app.domain.insights import Insight, InsightSpec, Moments, judge
from app.domain.records import TRIGGERS

from .clock import Clock

if TYPE_CHECKING:
    from app.storage import Store
    from app.storage.insights import Sides

SHORT_SLEEP = 6.0
LONG_SLEEP = 7.0
MEETINGS_A_WEEK = 3
EVENING_FROM = 17
ATTENDANCE_RATE = 0.8
PHQ9_PAIR_DAYS = 42  # two PHQ-9s further apart than six weeks are not one "between"
TOP_TRIGGERS = 3
TOP_SKILLS = 2

def specs() -> dict[str, InsightSpec]:
    """The fixed set, by key (built when asked: an hour is written in the person's clock style,
    and the words are in the reader's language)."""
    from app.domain import formatting as fmt

    day, days = ngettext("day", "days", 1), ngettext("day", "days", 2)
    entry, entries = ngettext("entry", "entries", 1), ngettext("entry", "entries", 2)
    averaged = pgettext("insight", "averaged")
    return {s.key: s for s in (
        InsightSpec("sleep_craving", _("Craving after a short night"), _("craving"), "0–10",
                    _("On days after less than {hours} hours of sleep").format(hours=fmt.number(SHORT_SLEEP)),
                    _("after {hours} hours or more").format(hours=fmt.number(LONG_SLEEP)),
                    day, 10, verb=averaged, unit_many=days),
        InsightSpec("meetings_urges", _("Urges in weeks with {n} or more meetings").format(n=MEETINGS_A_WEEK),
                    _("urges"), "0–10",
                    _("In weeks with {n} or more meetings").format(n=MEETINGS_A_WEEK), _("in weeks with fewer"),
                    ngettext("week", "weeks", 1), 5, verb=averaged, unit_many=ngettext("week", "weeks", 2)),
        InsightSpec("exercise_mood", _("Mood on days with exercise"), _("mood"), "1–5",
                    _("On days with exercise"), _("on days without"), day, 10, verb=averaged, unit_many=days,
                    scale_span=4),
        InsightSpec("selfcare_mood", _("Mood on days with self-care"), _("mood"), "1–5",
                    _("On days with any self-care"), _("on days without"), day, 10, verb=averaged, unit_many=days,
                    scale_span=4),
        InsightSpec("evening_urges", _("Urges in the evening"), _("urges"), "0–10",
                    _("In the evening (from {hour})").format(hour=fmt.hour(EVENING_FROM)), _("earlier in the day"),
                    entry, 10, verb=averaged, unit_many=entries),
        InsightSpec("weekend_craving", _("Craving at the weekend"), _("craving"), "0–10",
                    _("On Saturdays and Sundays"), _("on weekdays"), day, 10, verb=averaged, unit_many=days),
        InsightSpec("attendance_phq9", _("PHQ-9 change and treatment attendance"), _("your PHQ-9 score"),
                    _("change, 0–27"),
                    _("Between self-checks when you went to {share} or more of your sessions").format(
                        share=f"{ATTENDANCE_RATE:.0%}"),
                    _("when you went to fewer"), ngettext("pair", "pairs", 1), 4, verb=_("changed on average by"),
                    unit_many=ngettext("pair", "pairs", 2), scale_span=27),
    )}


def _skill_spec(trigger_label: str, skill_name: str, slot: int) -> InsightSpec:
    return InsightSpec(f"skill_trigger_{slot}",
                       _("{skill} with the trigger “{trigger}”").format(skill=skill_name, trigger=trigger_label),
                       _("the urge"), _("drop, points 0–10"),
                       _("When the trigger was “{trigger}” and you used {skill}").format(
                           trigger=trigger_label, skill=skill_name),
                       _("without it"), ngettext("entry", "entries", 1), 8, verb=_("dropped on average by"),
                       unit_many=ngettext("entry", "entries", 2))


def skill_trigger_empty() -> InsightSpec:
    """The skill-and-trigger insight when the coping log names no trigger with a skill yet."""
    return InsightSpec("skill_trigger", _("Urge drop by skill and trigger"), _("the urge"), _("drop, points 0–10"),
                       _("With a skill"), _("without it"), ngettext("entry", "entries", 1), 8,
                       verb=_("dropped on average by"), unit_many=ngettext("entry", "entries", 2))


def _moments(sides: Sides, side: str) -> Moments:
    n, total, squares = sides.get(side, (0, 0.0, 0.0))
    return Moments(n, total, squares)


@dataclass(frozen=True)
class InsightReport:
    start: dt.date | None
    end: dt.date
    first_day: dt.date | None  # of the records in range
    last_day: dt.date | None
    insights: tuple[Insight, ...]

    @property
    def empty(self) -> bool:
        """No records at all in the range."""
        return self.first_day is None

    @property
    def span_days(self) -> int | None:
        if self.first_day is None or self.last_day is None:
            return None
        return (self.last_day - self.first_day).days + 1

    def to_plain(self) -> list[dict[str, Any]]:
        return [i.to_plain() for i in self.insights]


class InsightService:
    def __init__(self, store: Store, clock: Clock):
        self.store = store
        self.clock = clock

    def report(self, start: dt.date | None = None, end: dt.date | None = None) -> InsightReport:
        """Every insight of the fixed set over [start, end] (open ends: all records; the end is
        at most today)."""
        from app.domain.assessments import score
        from app.storage.insights import InsightQueries

        from .assessments import instruments

        today = self.clock.now().date()
        end = today if end is None or end > today else end
        q = InsightQueries(self.store.db)
        span = q.record_span(start, end)
        span_days = None if span is None else (span[1] - span[0]).days + 1

        fixed = specs()

        def make(key: str, sides: Sides, about: tuple[tuple[str, str], ...] = ()) -> Insight:
            return judge(fixed[key], _moments(sides, "a"), _moments(sides, "b"), span_days=span_days, about=about)

        out = [
            make("sleep_craving", q.craving_after_sleep(start, end, SHORT_SLEEP, LONG_SLEEP)),
            make("meetings_urges", q.weekly_urges_by_meetings(start, end, MEETINGS_A_WEEK)),
            make("exercise_mood", q.mood_by_selfcare(start, end, "exercise")),
            make("selfcare_mood", q.mood_by_selfcare(start, end, None)),
            make("evening_urges", q.urges_by_hour(start, end, EVENING_FROM)),
            make("weekend_craving", q.craving_by_weekend(start, end)),
        ]

        # PHQ-9 change between consecutive self-checks, by the treatment attendance in between.
        phq9 = instruments()["phq9"]
        checks = [(day, score(phq9, tuple(int(x) for x in answers.split(","))).score)
                  for day, answers in q.assessments_of("phq9", start, end)]
        sessions = q.daily_sessions(start, end)
        days = [day for day, _a, _c in sessions]
        attended_to, counted_to = [0], [0]  # running totals: sessions before index i
        for _day, a, c in sessions:
            attended_to.append(attended_to[-1] + a)
            counted_to.append(counted_to[-1] + c)
        a_vals: list[float] = []
        b_vals: list[float] = []
        for (d0, s0), (d1, s1) in zip(checks, checks[1:], strict=False):
            if not 0 < (d1 - d0).days <= PHQ9_PAIR_DAYS:
                continue
            i, j = bisect_left(days, d0), bisect_left(days, d1)  # sessions on d0 up to the day before d1
            attended, counted = attended_to[j] - attended_to[i], counted_to[j] - counted_to[i]
            if counted == 0:
                continue
            (a_vals if attended / counted >= ATTENDANCE_RATE else b_vals).append(float(s1 - s0))
        out.append(judge(fixed["attendance_phq9"], Moments.of(a_vals), Moments.of(b_vals), span_days=span_days))

        # Urge drop by skill for the most frequent triggers (chosen by count, never by effect).
        labels = dict(TRIGGERS)
        slot = 0
        for trigger, _n in q.top_triggers(start, end, TOP_TRIGGERS):
            for skill_id, name, _m in q.top_skills_for(trigger, start, end, TOP_SKILLS):
                slot += 1
                sides = q.drop_with_skill(trigger, skill_id, start, end)
                about = (("trigger", trigger), ("skill", name), ("skill_id", skill_id))
                label = labels.get(trigger)
                out.append(judge(_skill_spec(trigger if label is None else _(label), name, slot),
                                 _moments(sides, "a"), _moments(sides, "b"), span_days=span_days, about=about))
        if slot == 0:
            out.append(judge(skill_trigger_empty(), Moments(), Moments(), span_days=span_days))
        return InsightReport(start, end, span[0] if span else None, span[1] if span else None, tuple(out))
