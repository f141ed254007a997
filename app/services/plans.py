"""My plan: the person's safety plan and relapse-prevention plan, a line at a time.

The two structures are public: the safety plan follows the steps of the Stanley–Brown
safety planning intervention, the relapse-prevention plan Marlatt's model (high-risk
situations, early warning signs, a coping response planned ahead, what keeps a person
steady, and a plan for the first hours after a lapse). The prompts below are Steady's own
words. Each line is a `PlanItem` record written through `RecordService`, so it has undo,
travels in exports and backups, and tells the window what changed.

The relapse-prevention plan offers situations from the person's own coping log (the
triggers, times of day and days of the week that come up most, with their counts) and,
per trigger, the skills that brought the urge down most for that trigger, only once a
skill has `MIN_RATED` rated entries with it. The counting happens in SQL
(`CopingRepository`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.coping import MIN_RATED
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.records import (
    PLAN_SECTIONS,
    RELAPSE_PLAN_SECTIONS,
    SAFETY_PLAN_SECTIONS,
    TRIGGERS,
    WEEKDAYS,
    PlanItem,
)

if TYPE_CHECKING:
    from .crisis import CrisisService
    from .records import RecordService

# Credited in Help ▸ About and the README: the structures are theirs, the words Steady's.
CREDITS = N_("My plan follows the structure of the Stanley–Brown safety planning intervention "
           "(Barbara Stanley and Gregory K. Brown) and of the relapse-prevention model of G. Alan Marlatt "
           "and Judith Gordon; its prompts are Steady's own words. The coping-skill library names the source "
           "of each skill (DBT — Marsha Linehan; MBRP — Sarah Bowen, Neha Chawla and G. Alan Marlatt; "
           "SMART Recovery; and others) and describes each in Steady's own words.")  # shown as _(CREDITS)

SAFETY = "safety"
RELAPSE = "relapse"
PLAN_TITLES = {SAFETY: N_("Safety plan"), RELAPSE: N_("Relapse-prevention plan")}  # shown as _(PLAN_TITLES[key])

_PROMPTS = {
    "warning_signs": N_("What tells you a hard moment is starting? Thoughts, moods, places, "
                        "or things you catch yourself doing."),
    "cope_alone": N_("Small things you can do by yourself to get through the next hour: a walk, "
                     "a shower, music, a skill that has helped before."),
    "distractions": N_("People you can be around and places you can go that take your mind off it, "
                       "even without talking about how you feel."),
    "ask_for_help": N_("People you trust to tell when it gets hard. Pick them from your support "
                       "network so their number is right here."),
    "professionals": N_("Your counselor, doctor or program, and the lines that answer at any hour."),
    "safer_surroundings": N_("What you will do to make home safer until the moment passes: medicines, "
                             "alcohol or drugs, anything you could hurt yourself with. Who could keep "
                             "them for you?"),
    "reasons": N_("What matters most to you and makes recovery worth it: people, pets, plans, hopes."),
    "high_risk": N_("The situations where using has been most likely for you. Steady offers the ones "
                    "that come up most in your coping log."),
    "early_signs": N_("The changes that tend to show up days before a lapse: skipping sessions, "
                      "sleeping badly, thinking “just once won’t matter”."),
    "if_then": N_("A plan made while you are calm: “If I’m tired after work, then I will …”. "
                  "Steady offers the skills that have helped you most with each trigger."),
    "keep_steady": N_("The people, sessions, meetings and medicines that keep you on track."),
    "after_lapse": N_("What you will do in the first 24 hours after a lapse: who you will tell, how you "
                      "will stay safe, how you will come back to this plan. A lapse is a moment, "
                      "not the end of your recovery."),
}


@dataclass(frozen=True)
class PlanSection:
    """A section of a plan; its title and prompt are English marked with N_(), read in the
    reader's language through `title` and `prompt`."""

    key: str
    plan: str  # SAFETY or RELAPSE
    title_en: str
    prompt_en: str

    @property
    def title(self) -> str:
        return _(self.title_en)

    @property
    def prompt(self) -> str:
        return _(self.prompt_en)


SECTIONS: tuple[PlanSection, ...] = tuple(
    PlanSection(key, SAFETY if (key, title) in SAFETY_PLAN_SECTIONS else RELAPSE, title, _PROMPTS[key])
    for key, title in PLAN_SECTIONS)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
SECTION_KEYS = tuple(SECTION_BY_KEY)
SAFETY_KEYS = tuple(k for k, _title in SAFETY_PLAN_SECTIONS)
RELAPSE_KEYS = tuple(k for k, _title in RELAPSE_PLAN_SECTIONS)
# The safety plan's first things to do, in order, for a hard moment (Get help now).
FIRST_STEP_SECTIONS = ("cope_alone", "distractions", "ask_for_help")

# How a trigger reads as a situation ("If I'm …"); keys as in records.TRIGGERS.
TRIGGER_SITUATIONS = {
    "people": N_("I'm around certain people"), "places": N_("I'm in certain places"),
    "emotions": N_("my emotions run high"), "hungry": N_("I'm hungry"), "angry": N_("I'm angry"),
    "lonely": N_("I'm lonely"), "tired": N_("I'm tired"), "stress": N_("I'm stressed"),
    "celebration": N_("there is something to celebrate"), "pain_withdrawal": N_("I'm in pain or withdrawal"),
    "boredom": N_("I'm bored"), "money": N_("I have money in my pocket or it's payday"),
    "seeing_substances": N_("I see alcohol or drugs"),
}
# Parts of the day for "times of day" (hours, start inclusive).
DAY_PARTS = ((N_("Night (midnight–6 am)"), 0, 6), (N_("Morning (6 am–noon)"), 6, 12),
             (N_("Afternoon (noon–6 pm)"), 12, 18), (N_("Evening (6 pm–midnight)"), 18, 24))
# A weekday as a high-risk situation ("Mondays"), Monday first as records.WEEKDAYS.
WEEKDAYS_AS_SITUATIONS = (N_("Mondays"), N_("Tuesdays"), N_("Wednesdays"), N_("Thursdays"), N_("Fridays"),
                          N_("Saturdays"), N_("Sundays"))


@dataclass(frozen=True)
class HighRiskOffer:
    """A situation from the coping log the person may add to their high-risk list."""
    what: str  # "trigger", "time" or "day"
    key: str  # trigger key, day-part name, or weekday name
    text: str  # the line to add
    count: int  # coping entries behind it


@dataclass(frozen=True)
class SkillOffer:
    skill_id: str
    name: str
    mean_drop: float
    uses: int  # rated entries with this trigger and skill (always >= MIN_RATED)


@dataclass(frozen=True)
class IfThenOffer:
    """An if–then line for one trigger, with the skills that helped most with it."""
    trigger: str
    trigger_label: str
    count: int  # coping entries naming the trigger
    condition: str  # "If I'm tired, then I will"
    skills: tuple[SkillOffer, ...]

    def line(self, skill_name: str = "…") -> str:
        return f"{self.condition} {skill_name}"


def _trigger_label(key: str) -> str:
    label = dict(TRIGGERS).get(key)
    return key if label is None else _(label)


class SectionedDocument:
    """A small document of the person's own lines in fixed sections (My plan, the aftercare
    plan): reading, adding, rewording, removing and reordering lines. Writes go through
    `RecordService` (one transaction each, change notices for the window); the window pushes
    undo commands for them. A subclass names its kind, record type and sections."""

    kind = "plan"
    record_type: type = PlanItem
    sections: dict[str, PlanSection] = SECTION_BY_KEY
    line_noun_en = N_("plan line")
    section_noun_en = N_("plan section")

    def __init__(self, records: RecordService):
        self.records = records

    @property
    def line_noun(self) -> str:
        """ "plan line", in the reader's language."""
        return _(self.line_noun_en)

    @property
    def section_noun(self) -> str:
        return _(self.section_noun_en)

    @property
    def _repo(self):
        return self.records.repo(self.kind)

    # --- reads ----------------------------------------------------------------------------

    def items(self, section: str) -> list:
        """The lines of one section, in order."""
        return self._repo.in_section(self.section(section).key)

    def by_section(self) -> dict[str, list]:
        """Every section key (in order) with its lines, empty sections included."""
        out: dict[str, list] = {key: [] for key in self.sections}
        for item in self._repo.list():
            out.setdefault(item.section, []).append(item)
        for lines in out.values():
            lines.sort(key=lambda i: i.position)
        return out

    def is_empty(self) -> bool:
        return self._repo.count() == 0

    def section(self, key: str) -> PlanSection:
        try:
            return self.sections[key]
        except KeyError:
            raise ValidationError("section", _("There is no {what} “{key}”; use one of: {keys}.").format(
                what=self.section_noun, key=key[:40], keys=", ".join(self.sections))) from None

    def resolve(self, text: str):
        """A line by its id or the unique start of its id (at least 4 characters)."""
        text = text.strip()
        item = self._repo.get(text) if text else None
        if item is not None:
            return item
        found = [i for i in self._repo.list() if len(text) >= 4 and i.id.startswith(text)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError("id", _("There is no {what} with id “{id}”.").format(
                what=self.line_noun, id=text[:40]))
        raise ValidationError("id", _("More than one {what} has an id starting “{id}”; give more of it.").format(
            what=self.line_noun, id=text))

    # --- writes ---------------------------------------------------------------------------

    def add(self, section: str, text: str, **links: str | None):
        """Add a line at the end of `section`. Raises ValidationError."""
        key = self.section(section).key
        item = self.record_type(section=key, text=text.strip(), position=self._repo.next_position(key),
                                **{name: value or None for name, value in links.items()})
        return self.records.add(item)

    def remove(self, item_id: str):
        """Delete a line (by id or id prefix); returns it so undo can put it back."""
        return self.records.delete(self.resolve(item_id))

    def change_text(self, item_id: str, text: str) -> tuple:
        """(before, after) of a line whose words changed."""
        old = self.resolve(item_id)
        new = old.with_changes(text=text.strip())
        self.records.update(new)
        return old, new

    def reorder(self, section: str, ids: list[str]) -> list[tuple]:
        """Put the lines of `section` in the order of `ids` (every line of the section, once).
        Returns (before, after) of each line whose position changed."""
        current = self.items(section)
        if sorted(ids) != sorted(i.id for i in current):
            raise ValidationError("order", _("The new order must list every line of the section once."))
        by_id = {i.id: i for i in current}
        changes = [(by_id[i], by_id[i].with_changes(position=n)) for n, i in enumerate(ids)
                   if by_id[i].position != n]
        if changes:
            store = self.records.store
            with store.transaction():
                for _old, new in changes:
                    self.records.check(new, is_new=False)
                    self._repo.update(new)
            self.records.notify(self.kind)
        return changes

    def move(self, item_id: str, offset: int) -> list[tuple]:
        """Move a line up (offset < 0) or down within its section; [] at either end."""
        item = self.resolve(item_id)
        ids = [i.id for i in self.items(item.section)]
        at = ids.index(item.id)
        to = max(0, min(len(ids) - 1, at + offset))
        if to == at:
            return []
        ids.insert(to, ids.pop(at))
        return self.reorder(item.section, ids)


class PlanService(SectionedDocument):
    """Reading and changing the plan (see SectionedDocument), and what the coping log offers it."""

    def first_steps(self, limit: int = 3) -> list[PlanItem]:
        """The first lines of the safety plan to turn to in a hard moment: things to do on
        one's own, then people and places, then people to ask for help."""
        out: list[PlanItem] = []
        for key in FIRST_STEP_SECTIONS:
            for item in self.items(key):
                if len(out) >= limit:
                    return out
                out.append(item)
        return out

    # --- offers from the coping log ----------------------------------------------------------

    def high_risk_offers(self, limit_each: int = 3) -> list[HighRiskOffer]:
        """The triggers, times of day and days of the week most frequent in the coping log,
        each with its count, most frequent first within each (at most `limit_each` times and
        days; every trigger but "other")."""
        coping = self.records.store.coping
        out = [HighRiskOffer("trigger", key, _trigger_label(key), n)
               for key, n in coping.trigger_counts() if key != "other"]
        out += [HighRiskOffer("time", name, _(name).split(" (")[0], n)
                for name, n in coping.hour_band_counts(DAY_PARTS)[:limit_each]]
        out += [HighRiskOffer("day", WEEKDAYS[wd], _(WEEKDAYS_AS_SITUATIONS[wd]), n)
                for wd, n in coping.weekday_counts()[:limit_each]]
        return out

    def if_then_offers(self, skills_each: int = 3) -> list[IfThenOffer]:
        """An if–then line per trigger in the coping log (most frequent first), each with the
        skills that lowered the urge most for it, once a skill has MIN_RATED rated entries
        with that trigger and only when it lowered the urge on average."""
        coping = self.records.store.coping
        names = self.records.names("skill")
        by_trigger: dict[str, list[SkillOffer]] = {}
        for trigger, skill_id, drop, n in coping.skill_drops_by_trigger():
            if n >= MIN_RATED and drop > 0 and skill_id in names:
                by_trigger.setdefault(trigger, []).append(SkillOffer(skill_id, names[skill_id], drop, n))
        out = []
        for trigger, count in coping.trigger_counts():
            situation = TRIGGER_SITUATIONS.get(trigger)
            if situation is None:
                continue
            out.append(IfThenOffer(trigger, _trigger_label(trigger), count,
                                   _("If {situation}, then I will").format(situation=_(situation)),
                                   tuple(by_trigger.get(trigger, ())[:skills_each])))
        return out


# --- printing: a one-page plan and a wallet card -------------------------------------------------


@dataclass(frozen=True)
class PrintedSection:
    key: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PrintablePlan:
    """What the printed plan and the wallet card show: the person's own lines, their crisis
    contacts and the lines for their country. Nothing else from the data file."""

    generated: dt.date
    safety: tuple[PrintedSection, ...]
    relapse: tuple[PrintedSection, ...]
    contacts: tuple[tuple[str, str, str], ...]  # (name, role, phone) of "call in a crisis" contacts
    lines: tuple[tuple[str, str, str], ...]  # (name, "Call or text", number) for the country
    country_name: str
    coping_steps: tuple[str, ...]  # the first three things to do (PlanService.first_steps)
    reasons: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not any(s.lines for s in self.safety + self.relapse)


def printable_plan(plans: PlanService, crisis: CrisisService | None, today: dt.date) -> PrintablePlan:
    grouped = plans.by_section()

    def sections(keys: tuple[str, ...]) -> tuple[PrintedSection, ...]:
        return tuple(PrintedSection(k, SECTION_BY_KEY[k].title, tuple(i.text for i in grouped[k])) for k in keys)

    contacts: tuple = ()
    lines: tuple = ()
    country_name = ""
    if crisis is not None:
        contacts = tuple((c.name, c.role, c.phone) for c in crisis.crisis_contacts())
        country = crisis.country()
        country_name = crisis.country_name(country) if country else ""
        lines = tuple((line.name, line.how, line.number) for line in crisis.lines(country))
    return PrintablePlan(
        generated=today, safety=sections(SAFETY_KEYS), relapse=sections(RELAPSE_KEYS), contacts=contacts,
        lines=lines, country_name=country_name, coping_steps=tuple(i.text for i in plans.first_steps(3)),
        reasons=tuple(i.text for i in grouped["reasons"]))
