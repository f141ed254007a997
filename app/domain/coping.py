"""Which coping skills to offer first in a hard moment, and other pure rules about coping.

Ranking, in the person's words: "the skills that brought my urge down the most, and the
ones I reached for most recently". Precisely, over the entries of the last `WINDOW` days
(entries after `now` are ignored):

* effectiveness of a skill = mean urge drop (urge before − urge after) over the entries
  that used it and recorded an urge after; only counted once there are `MIN_RATED` such
  entries, so one lucky evening does not top the list, and only when it is above zero.
  An entry with several skills counts for each of them. Practice entries (logged while
  calm) count for recency but not for effectiveness.
* recency of a skill = when an entry last used it.

The suggestion order alternates the two lists, most effective first: the best by
effectiveness, then the most recently used (unless already listed), then the second best,
and so on. Skills used in neither list follow in the order given (the caller's default
order, e.g. the library's first suggestions). Archived skills are never suggested, but
`skills_by_id` still resolves them so history shows their names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from . import formatting as fmt
from .i18n import _, ngettext
from .records import CopingEntry, CopingSkill

WINDOW = dt.timedelta(days=90)
MIN_RATED = 3


@dataclass(frozen=True)
class SkillSuggestion:
    skill: CopingSkill
    uses: int = 0  # entries in the window that used the skill
    rated: int = 0  # of those, entries that recorded an urge after
    mean_drop: float | None = None  # None until `rated` reaches MIN_RATED
    last_used: dt.datetime | None = None
    because: str = ""  # "effective", "recent" or "" (not used lately)

    def why(self, now: dt.datetime, *, short: bool = False) -> str:
        """A few words on why the skill is offered here; `short` for a narrow list row."""
        if self.because == "effective" and self.mean_drop is not None:
            drop = fmt.decimal(self.mean_drop)
            return (_("urge −{drop}") if short else _("urge −{drop} on average")).format(drop=drop)
        if self.last_used is not None:
            when = ago(self.last_used, now)
            if short:
                return when
            if self.mean_drop is not None:
                return _("used {when}").format(when=when)
            return _("used {when}; too few to tell how much it helps").format(when=when)
        return ""

    def explain(self, now: dt.datetime) -> str:
        """One sentence on the numbers behind the suggestion."""
        if self.uses == 0:
            return _("You have not used this skill in the last 90 days.")
        text = _("Used {times} in the last 90 days, last {when}.").format(
            times=fmt.plural(self.uses, "time", "times"), when=ago(self.last_used, now))
        if self.mean_drop is not None:
            text += " " + _("Your urge went down by {drop} on average.").format(drop=fmt.decimal(self.mean_drop))
        else:
            text += " " + _("Too few to tell how much it helps yet: {rated} of the {needed} entries needed "
                            "noted the urge after.").format(rated=fmt.number(self.rated), needed=fmt.number(MIN_RATED))
        return text


def ago(when: dt.datetime | None, now: dt.datetime) -> str:
    if when is None:
        return _("never")
    days = (now.date() - when.date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 14:
        return ngettext("{n} day ago", "{n} days ago", days).format(n=fmt.number(days))
    if days < 60:
        return ngettext("{n} week ago", "{n} weeks ago", days // 7).format(n=fmt.number(days // 7))
    return ngettext("{n} month ago", "{n} months ago", days // 30).format(n=fmt.number(days // 30))


def rank_skills(skills: Sequence[CopingSkill], entries: Iterable[CopingEntry], now: dt.datetime, *,
                window: dt.timedelta = WINDOW, min_rated: int = MIN_RATED) -> list[SkillSuggestion]:
    """Active `skills`, most effective and most recent first (see the module docstring)."""
    active = [s for s in skills if not s.archived]
    order = {s.id: i for i, s in enumerate(active)}
    uses = dict.fromkeys(order, 0)
    rated = dict.fromkeys(order, 0)
    drop_sum = dict.fromkeys(order, 0)
    last: dict[str, dt.datetime] = {}
    since = now - window
    for entry in entries:
        if not since <= entry.occurred_at <= now:
            continue
        drop = None if entry.practice else entry.urge_drop
        for skill_id in set(entry.skill_ids):
            if skill_id not in order:
                continue  # archived or deleted: history only
            uses[skill_id] += 1
            if drop is not None:
                rated[skill_id] += 1
                drop_sum[skill_id] += drop
            if skill_id not in last or entry.occurred_at > last[skill_id]:
                last[skill_id] = entry.occurred_at

    def mean(skill_id: str) -> float | None:
        return drop_sum[skill_id] / rated[skill_id] if rated[skill_id] >= min_rated else None

    def stamp(skill_id: str) -> float:
        return last[skill_id].timestamp() if skill_id in last else float("-inf")

    effective = sorted((i for i in order if (mean(i) or 0) > 0),
                       key=lambda i: (-(mean(i) or 0), -rated[i], -stamp(i), order[i]))
    recent = sorted(last, key=lambda i: (-stamp(i), -uses[i], order[i]))

    ranked: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n in range(max(len(effective), len(recent))):
        for source, because in ((effective, "effective"), (recent, "recent")):
            if n < len(source) and source[n] not in seen:
                seen.add(source[n])
                ranked.append((source[n], because))
    ranked.extend((s.id, "") for s in active if s.id not in seen)
    by_id = {s.id: s for s in active}
    return [SkillSuggestion(skill=by_id[i], uses=uses[i], rated=rated[i], mean_drop=mean(i),
                            last_used=last.get(i), because=because) for i, because in ranked]


def skills_by_id(skills: Iterable[CopingSkill]) -> dict[str, CopingSkill]:
    """Every skill, archived ones included, so past entries keep their skills' names."""
    return {s.id: s for s in skills}


def suggest_outcome(urge_before: int | None, urge_after: int | None) -> str:
    """The outcome the urges suggest ("" when they say nothing). Never suggests a lapse:
    only the person says that."""
    if urge_before is None or urge_after is None:
        return ""
    if urge_after == 0 or (urge_after <= 2 and urge_after < urge_before):
        return "passed"
    if urge_before - urge_after >= 2:
        return "eased"
    return "still_strong"
