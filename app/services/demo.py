"""Demo data: a believable IOP participant's records, for trying Steady out.

Everything is built as real domain records (so it passes the same validation as typed-in
data) and written in one transaction, so an interrupted run leaves the folder empty.
The story is fixed by `seed` and `today`: the same pair always produces the same records,
ids included, which keeps screenshots, bug reports and tests reproducible.

The person: works a warehouse shift, starts an evening IOP `years` years ago, steps down
from Intensive to Step-down to Continuing care, goes to 3–5 meetings a week, logs
coping, self-care and daily check-ins, and has one lapse (at a cousin's wedding) roughly
half-way through, after a bad week. Cravings and urges fall over time, with bumps around
holidays and the occasional hard week; mood and sleep improve.

Only days strictly before `today` get logged entries, so nothing is "in the future"
whatever the time of day the demo is made. Recurring schedule series naturally go on.

The words the demo writes (titles, notes, situations…) are in the language in use when it is
made (marked for the `data` catalogue and translated as each record is built), so demo data
made while Spanish is in use reads Spanish. The story itself, ids and numbers included, is the
same in every language.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from app.domain import formatting as fmt
from app.domain.errors import ValidationError
from app.domain.i18n import N_, _
from app.domain.recurrence import occurrences
from app.domain.records import (
    AttendanceRecord,
    CheckIn,
    CopingEntry,
    CopingSkill,
    Goal,
    Milestone,
    PlanItem,
    Program,
    ProgramPhase,
    Record,
    ScheduleItem,
    SelfCareEntry,
    SobrietyPeriod,
    SupportContact,
    SupportGroup,
    check_not_future,
)

from .clock import SystemClock
from .setup import DEMO_KEY
from .skill_library import default_library, remember_seeded

if TYPE_CHECKING:  # the store is handed in; importing it here would load sqlite-utils early
    from app.storage import Store

MIN_YEARS = 1
MAX_YEARS = 20
TIMEZONE = "America/New_York"
NOT_EMPTY_MESSAGE = N_(
    "This data folder already holds your records; demo data goes only into an empty folder. "
    "Use --data-dir with a new folder to try the demo."
)

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
# Store repositories in the order they are filled (referenced records first).
_REPOS = ("programs", "phases", "schedule", "skills", "groups", "attendance", "coping",
          "selfcare", "checkins", "sobriety", "goals", "milestones", "contacts", "plan")


@dataclass(frozen=True)
class DemoSummary:
    """What generate_demo wrote. Count fields are named like the Store's repositories."""

    start: dt.date  # program start, the first day with entries
    end: dt.date  # the last day with logged entries (the day before `today`)
    lapse_day: dt.date
    programs: int = 0
    phases: int = 0
    schedule: int = 0
    skills: int = 0
    coping: int = 0
    groups: int = 0
    attendance: int = 0
    selfcare: int = 0
    checkins: int = 0
    sobriety: int = 0
    goals: int = 0
    milestones: int = 0
    contacts: int = 0
    plan: int = 0

    def counts(self) -> dict[str, int]:
        """Repository name -> records written, in the order they are written."""
        return {name: getattr(self, name) for name in _REPOS}

    @property
    def total(self) -> int:
        return sum(self.counts().values())

    def describe(self) -> str:
        """A short human-readable account, for the command line: "1 program, 3 program
        phases, …" in the words the window uses for each kind."""
        parts = ", ".join(_COUNTED[name](n) for name, n in self.counts().items() if n)
        return _("Demo data from {start} to {end} ({records}: {parts}).").format(
            start=self.start.isoformat(), end=self.end.isoformat(),
            records=fmt.plural(self.total, "record", "records"), parts=parts)


# Each repository's records counted in words (DemoSummary.describe), as the window names them.
_COUNTED = {
    "programs": lambda n: fmt.plural(n, "program", "programs"),
    "phases": lambda n: fmt.plural(n, "program phase", "program phases"),
    "schedule": lambda n: fmt.plural(n, "schedule item", "schedule items"),
    "skills": lambda n: fmt.plural(n, "coping skill", "coping skills"),
    "groups": lambda n: fmt.plural(n, "meeting", "meetings"),
    "attendance": lambda n: fmt.plural(n, "attendance record", "attendance records"),
    "coping": lambda n: fmt.plural(n, "coping entry", "coping entries"),
    "selfcare": lambda n: fmt.plural(n, "self-care entry", "self-care entries"),
    "checkins": lambda n: fmt.plural(n, "check-in", "check-ins"),
    "sobriety": lambda n: fmt.plural(n, "sobriety period", "sobriety periods"),
    "goals": lambda n: fmt.plural(n, "goal", "goals"),
    "milestones": lambda n: fmt.plural(n, "milestone", "milestones"),
    "contacts": lambda n: fmt.plural(n, "support contact", "support contacts"),
    "plan": lambda n: fmt.plural(n, "plan item", "plan items"),
}


def generate_demo(store: Store, *, years: int = 1, seed: int = 0,
                  today: dt.date | None = None) -> DemoSummary:
    """Fill an empty data folder with `years` years of demo records ending before `today`.

    Raises ValidationError if the folder already holds user records or `years` is out of
    range; in both cases nothing is written.
    """
    if isinstance(years, bool) or not isinstance(years, int) or not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError("years", _("Years must be a whole number from {low} to {high}.").format(
            low=MIN_YEARS, high=MAX_YEARS))
    if store.user_record_count() > 0:
        raise ValidationError("", _(NOT_EMPTY_MESSAGE))
    today = today or SystemClock().now().date()
    story = _Story(years=years, seed=seed, today=today, existing_skills=store.skills.list())
    batches = story.build()

    with store.transaction():
        # Checked again inside the transaction: the folder may have changed meanwhile.
        if store.user_record_count() > 0:
            raise ValidationError("", _(NOT_EMPTY_MESSAGE))
        for repo_name, records in batches:
            getattr(store, repo_name).add_many(records)
        # The library skills the demo used count as offered, so seeding later neither
        # duplicates them nor brings one back after it is deleted.
        remember_seeded(store, _SKILL_KEYS)
        # The first-run setup is never offered over demo data (app.services.setup).
        store.set_setting(DEMO_KEY, "1")

    counts = {name: len(records) for name, records in batches}
    return DemoSummary(start=story.start, end=today - DAY, lapse_day=story.lapse_day, **counts)


# --- the story's fixed ingredients ------------------------------------------------------------

# The demo's skills are the library's own (app/resources/skills/library.json), by key.
_SKILL_KEYS: tuple[str, ...] = (
    "box_breathing", "urge_surfing", "call_sponsor_or_peer", "halt_check", "play_the_tape_forward",
    "grounding_5_4_3_2_1", "delay_15_minutes", "tipp", "opposite_action", "go_to_a_meeting",
    "go_for_a_walk", "text_my_therapist",
)
# How often each skill gets picked (same order as _SKILL_KEYS): favourites early and late.
_SKILL_WEIGHTS_EARLY = (6, 5, 6, 4, 3, 3, 5, 2, 1, 4, 4, 3)
_SKILL_WEIGHTS_LATE = (3, 5, 4, 4, 5, 2, 3, 2, 4, 3, 6, 1)

# (situation, triggers, emotions) — short, the way people actually log them.
_SITUATIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (N_("Drove past my old bar"), ("places",), (N_("restless"), N_("nostalgic"), N_("anxious"))),
    (N_("Argument with my sister"), ("people", "angry"), (N_("angry"), N_("hurt"), N_("frustrated"))),
    (N_("Payday Friday"), ("celebration",), (N_("excited"), N_("restless"))),
    (N_("Couldn't sleep"), ("tired",), (N_("tired, irritable"), N_("anxious"))),
    (N_("Work deadline"), ("stress",), (N_("overwhelmed"), N_("stressed"), N_("anxious"))),
    (N_("Skipped lunch on a long shift"), ("hungry", "tired"), (N_("irritable"), N_("drained"))),
    (N_("Home alone on a Friday night"), ("lonely",), (N_("lonely"), N_("bored"))),
    (N_("Old friend texted to hang out"), ("people",), (N_("tempted"), N_("conflicted"))),
    (N_("Watching the game, beer ads everywhere"), ("places", "other"), (N_("bored"), N_("restless"))),
    (N_("Bills came in"), ("stress", "emotions"), (N_("worried"), N_("ashamed"))),
    (N_("Manager criticized my work"), ("angry", "emotions"), (N_("angry"), N_("embarrassed"))),
    (N_("Kids' bedtime meltdown"), ("stress", "tired"), (N_("frustrated"), N_("exhausted"))),
    (N_("Neighbors' barbecue"), ("celebration", "people"), (N_("left out"), N_("tempted"))),
    (N_("Passed the liquor store on the way home"), ("places",), (N_("restless"),)),
    (N_("Bad dream about using"), ("emotions", "tired"), (N_("shaken"), N_("anxious"))),
    (N_("Thinking about Dad's anniversary"), ("emotions", "lonely"), (N_("sad"), N_("lonely"))),
)
_SUMMER_ONLY = frozenset({"Neighbors' barbecue"})
_HOLIDAY_SITUATIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (N_("Holiday party at work"), ("celebration", "people"), (N_("anxious"), N_("left out"))),
    (N_("Family dinner, everyone drinking"), ("people", "celebration"), (N_("tense"), N_("tempted"))),
    (N_("Fireworks cookout with old friends"), ("celebration", "people", "places"), (N_("restless"), N_("tempted"))),
    (N_("Alone over the holidays"), ("lonely", "emotions"), (N_("sad"), N_("lonely"))),
)
_COPING_NOTES = (
    N_("Urge faded after about 20 minutes."),
    N_("Sponsor picked up on the first ring."),
    N_("Hardest part was the first ten minutes."),
    N_("Went to bed early instead."),
    N_("Wrote it down for group."),
    N_("Ate something and felt better."),
)

_CHECKIN_NOTES = (
    N_("Good group tonight."), N_("Long shift, tired."), N_("Slept badly."), N_("Called my sponsor."),
    N_("Felt strong today."), N_("Kids were great."), N_("Worried about money."), N_("Nice walk after work."),
    N_("Talked to Mom."), N_("Restless evening."), N_("Shared at my meeting."), N_("Proud of myself today."),
)

# category, weight, (min, max) minutes, notes
_SELF_CARE: tuple[tuple[str, int, tuple[int, int], tuple[str, ...]], ...] = (
    ("exercise", 6, (20, 60), (N_("Run"), N_("Gym after work"), N_("Bike ride"), N_("Push-ups and stretching"))),
    ("sleep", 2, (20, 60), (N_("Nap"), N_("In bed by 10:30"))),
    ("nutrition", 3, (20, 60), (N_("Cooked a real dinner"), N_("Meal prep for the week"), N_("Healthy breakfast"))),
    ("relaxation", 3, (15, 45), (N_("Hot shower and music"), N_("Read a book"), N_("Bath"))),
    ("mindfulness", 4, (5, 20), (N_("Guided meditation"), N_("Breathing practice"), N_("Body scan"))),
    ("hobby", 3, (30, 120), (N_("Guitar"), N_("Worked on the car"), N_("Drawing"), N_("Puzzle with the kids"))),
    ("social", 3, (45, 180), (N_("Coffee with a friend from group"), N_("Game night"), N_("Called my brother"))),
    ("spiritual", 2, (10, 45), (N_("Read the daily reflection"), N_("Prayer"), N_("Step work"))),
    ("outdoors", 3, (30, 120), (N_("Hike"), N_("Fishing"), N_("Park with the kids"), N_("Yard work"))),
)

_EXCUSED_REASONS = (
    N_("Sick with flu"), N_("Work overtime — told my counselor"), N_("Kid home sick"),
    N_("Car broke down — called ahead"), N_("Family emergency"), N_("Doctor's appointment"),
)
_WINTER_REASON = N_("Snowstorm — center closed")


# --- the generator ----------------------------------------------------------------------------


class _Story:
    def __init__(self, *, years: int, seed: int, today: dt.date,
                 existing_skills: Sequence[CopingSkill]):
        self.rng = random.Random(seed)
        # Ids come from their own stream so that changing how much randomness one part of
        # the story uses does not reshuffle every id after it.
        self._id_rng = random.Random(self.rng.getrandbits(64))
        self.today = today
        self.midnight = dt.datetime.combine(today, dt.time())
        self.start = _monday_on_or_after(_years_before(today, years))
        self.days = (today - self.start).days  # days with entries: start … today - 1
        self.phase2 = self.start + 12 * WEEK
        self.phase3 = self.start + 24 * WEEK
        self.existing_skills = existing_skills
        # The lapse: a Saturday (a cousin's wedding) 40–60 % of the way through.
        offset = round(self.days * self.rng.uniform(0.42, 0.56))
        lapse = self.start + dt.timedelta(days=offset)
        self.lapse_day = lapse + dt.timedelta(days=(5 - lapse.weekday()) % 7)
        self.strain = self._strain()

    def new_id(self) -> str:
        return str(uuid.UUID(int=self._id_rng.getrandbits(128), version=4))

    # --- curves ------------------------------------------------------------------------

    def _strain(self) -> list[float]:
        """0 … 1 per day: how hard the day is beyond the slow recovery trend."""
        strain = [0.0] * (self.days + 1)

        def bump(day: dt.date, value: float) -> None:
            i = (day - self.start).days
            if 0 <= i <= self.days:
                strain[i] = max(strain[i], value)

        for year in range(self.start.year, self.today.year + 1):
            thanksgiving = _nth_weekday(year, 11, 3, 4)
            for k in range(-2, 4):
                bump(thanksgiving + k * DAY, 0.45)
            for d in range(20, 32):
                bump(dt.date(year, 12, d), 0.55 if d in (24, 25, 31) else 0.35)
            bump(dt.date(year, 1, 1), 0.4)
            for d in range(2, 6):
                bump(dt.date(year, 7, d), 0.45)
            # A couple of hard weeks a year: a sick kid, trouble at work.
            for _hard_week in range(2):
                first = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
                for k in range(7):
                    bump(first + k * DAY, 0.5)
        # The bad week before the lapse, the lapse, and the weeks of getting back on track.
        for k in range(10, 0, -1):
            bump(self.lapse_day - k * DAY, 0.95 - 0.06 * k)
        bump(self.lapse_day, 1.0)
        for k in range(1, 28):
            bump(self.lapse_day + k * DAY, 0.85 * math.exp(-k / 9))
        return strain

    def strain_on(self, day: dt.date) -> float:
        i = (day - self.start).days
        return self.strain[i] if 0 <= i < len(self.strain) else 0.0

    def age(self, day: dt.date) -> int:
        """Days since the program started."""
        return (day - self.start).days

    def logged_days(self):
        day = self.start
        while day < self.today:
            yield day
            day += DAY

    def at(self, day: dt.date, hour_from: float, hour_to: float) -> dt.datetime:
        minutes = self.rng.randrange(int(hour_from * 60), int(hour_to * 60))
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))

    def moment(self, day: dt.date) -> dt.datetime:
        """When an urge hits: mostly evenings, sometimes before work or at lunch."""
        if day.weekday() >= 5:
            return self.at(day, 8, 23)
        span = self.rng.choices(((6.5, 8), (12, 13), (16.75, 23)), weights=(1, 1, 5))[0]
        return self.at(day, *span)

    # --- building --------------------------------------------------------------------------

    def build(self) -> list[tuple[str, list[Record]]]:
        program, phases = self.program()
        schedule, treatment = self.schedule()
        skills, skill_ids = self.skills()
        groups, group_plan = self.groups()
        attendance = self.treatment_attendance(treatment) + self.meeting_attendance(group_plan)
        coping = self.coping(skill_ids)
        selfcare = self.selfcare()
        checkins = self.checkins()
        sobriety = self.sobriety()
        goals, milestones = self.goals()
        contacts = self.contacts()
        plan = self.plan(contacts)
        built: dict[str, Any] = {
            "programs": [program], "phases": phases, "schedule": schedule, "skills": skills,
            "groups": groups, "attendance": attendance, "coping": coping, "selfcare": selfcare,
            "checkins": checkins, "sobriety": sobriety, "goals": goals, "milestones": milestones,
            "contacts": contacts, "plan": plan,
        }
        batches: list[tuple[str, list[Record]]] = [(name, built[name]) for name in _REPOS]
        # A safety net for this generator: logs must never be dated today or later.
        for _repo, records in batches:
            for r in records:
                check_not_future(r, self.midnight - dt.timedelta(minutes=6))
        return batches

    def program(self) -> tuple[Program, list[ProgramPhase]]:
        program = Program(
            id=self.new_id(), name=_("Evening IOP"), provider=_("Riverside Recovery Center"),
            start_date=self.start,
            notes=_("Evening intensive outpatient program. Counselor: J. Alvarez.\n"
                    "Continuing care is open-ended; we review it every three months."))
        phases = [
            ProgramPhase(id=self.new_id(), program_id=program.id, name=_("Intensive"),
                         start_date=self.start, target_sessions_per_week=3, target_treatment_hours=9.0,
                         notes=_("Group Mon/Wed/Thu evenings, weekly individual counseling.")),
            ProgramPhase(id=self.new_id(), program_id=program.id, name=_("Step-down"),
                         start_date=self.phase2, target_sessions_per_week=2, target_treatment_hours=6.0,
                         notes=_("Group Mon/Wed evenings.")),
            ProgramPhase(id=self.new_id(), program_id=program.id, name=_("Continuing care"),
                         start_date=self.phase3, target_sessions_per_week=1, target_treatment_hours=3.0,
                         notes=_("Wednesday evening group; IOP alumni meeting on Saturdays.")),
        ]
        return program, phases

    def _series(self, title: str, kind: str, first_day: dt.date, start: dt.time, minutes: int,
                rule: str, *, until: dt.date | None = None, location: str = "",
                notes: str = "", reminder: int | None = None) -> ScheduleItem:
        if until is not None:
            rule += f";UNTIL={until.strftime('%Y%m%d')}T235959"
        begin = dt.datetime.combine(first_day, start)
        return ScheduleItem(
            id=self.new_id(), title=title, kind=kind, start=begin,
            end=begin + dt.timedelta(minutes=minutes), timezone=TIMEZONE, recurrence=rule,
            location=location, notes=notes, reminder_minutes=reminder)

    def schedule(self) -> tuple[list[ScheduleItem], list[ScheduleItem]]:
        s, p2, p3 = self.start, self.phase2, self.phase3
        center = _("Riverside Recovery Center, 40 Mill Road")
        treatment = [
            self._series(_("IOP group — Intensive"), "group_therapy", s, dt.time(18), 180,
                         "FREQ=WEEKLY;BYDAY=MO,WE,TH", until=p2 - DAY, location=center, reminder=60),
            self._series(_("IOP group — Step-down"), "group_therapy", p2, dt.time(18), 180,
                         "FREQ=WEEKLY;BYDAY=MO,WE", until=p3 - DAY, location=center, reminder=60),
            self._series(_("Continuing care group"), "group_therapy", _next_weekday(p3, 2), dt.time(18), 180,
                         "FREQ=WEEKLY;BYDAY=WE", location=center, reminder=60),
            self._series(_("Individual counseling with J. Alvarez"), "individual_counseling",
                         _next_weekday(s, 1), dt.time(17), 50, "FREQ=WEEKLY;BYDAY=TU",
                         until=p3 - DAY, location=_("{place}, Room 2").format(place=center)),
            self._series(_("Family therapy"), "family_therapy", _next_weekday(s + WEEK, 3), dt.time(17), 50,
                         "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", until=p3 - DAY, location=center,
                         notes=_("With Dana. Bring the list of questions.")),
            self._series(_("Psychoeducation: relapse prevention"), "psychoeducation", _next_weekday(s, 2),
                         dt.time(17), 50, "FREQ=WEEKLY;BYDAY=WE", until=p2 - DAY, location=center),
            self._series(_("Yoga for recovery"), "holistic_therapy", _next_weekday(p2, 5), dt.time(9, 30), 60,
                         "FREQ=WEEKLY;BYDAY=SA", until=p3 - DAY, location=_("{place}, Studio").format(place=center)),
            self._series(_("Medication management"), "medication_management", _first_friday_on_or_after(s),
                         dt.time(16, 45), 30, "FREQ=MONTHLY;BYDAY=1FR", location=_("Dr. Okafor (telehealth)"),
                         reminder=120),
        ]
        life = [
            self._series(_("Work — warehouse shift"), "work", s, dt.time(8), 510,
                         "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", location=_("Northside Distribution"),
                         reminder=0),
            self._series(_("Sunday dinner at Mom's"), "family_social", _next_weekday(s, 6), dt.time(17), 120,
                         "FREQ=WEEKLY;BYDAY=SU"),
            self._series(_("Saturday morning run"), "self_care", _next_weekday(s, 5), dt.time(7, 30), 60,
                         "FREQ=WEEKLY;BYDAY=SA", location=_("River trail")),
            self._series(_("Tuesday Night Big Book (home group)"), "support_meeting", _next_weekday(s, 1),
                         dt.time(19, 30), 60, "FREQ=WEEKLY;BYDAY=TU", location=_("St. Mark's Church hall")),
        ]
        last = self.today - DAY
        # Recent one-offs, on days and at times that fit around the continuing-care week.
        one_offs = [
            (N_("Intake assessment"), "other", self.start - 4 * DAY, dt.time(10), 90, center),
            (N_("Annual physical"), "other", _on_or_before(last - dt.timedelta(days=60), 0), dt.time(17), 45,
             N_("Dr. Okafor")),
            (N_("Car inspection"), "other", _on_or_before(last - dt.timedelta(days=40), 5), dt.time(9, 30), 60,
             N_("Main Street Auto")),
            (N_("Maya's school play"), "family_social", _on_or_before(last - dt.timedelta(days=20), 3),
             dt.time(18, 30), 90, N_("Lincoln Elementary auditorium")),
            (N_("Dentist — cleaning"), "other", _on_or_before(last - dt.timedelta(days=7), 3), dt.time(17), 45,
             N_("Bright Smile Dental")),
        ]
        for title, kind, day, start, minutes, where in one_offs:
            begin = dt.datetime.combine(day, start)
            life.append(ScheduleItem(id=self.new_id(), title=_(title), kind=kind, start=begin,
                                     end=begin + dt.timedelta(minutes=minutes), timezone=TIMEZONE,
                                     location=_(where)))
        return treatment + life, treatment

    def skills(self) -> tuple[list[CopingSkill], list[str]]:
        """The demo's skills from the library; one already in the folder (same id, or same
        name) is reused, not copied."""
        library = default_library()
        by_id = {s.id: s for s in self.existing_skills}
        by_name = {s.name.casefold(): s for s in self.existing_skills}
        new, ids = [], []
        for key in _SKILL_KEYS:
            skill = library.by_key(key)
            found = by_id.get(skill.id) or by_name.get(skill.name.casefold())
            if found is not None:
                ids.append(found.id)
                continue
            new.append(skill)
            ids.append(skill.id)
        return new, ids

    def groups(self) -> tuple[list[SupportGroup], list[tuple[SupportGroup, dt.date | None, dt.date | None]]]:
        """The meetings, each with the days it was part of this person's week."""
        def group(**kw) -> SupportGroup:
            return SupportGroup(id=self.new_id(), timezone=TIMEZONE, **kw)

        big_book = group(name=_("Tuesday Night Big Book"), fellowship="aa", weekday=1,
                         start_time=dt.time(19, 30), end_time=dt.time(20, 30),
                         location=_("St. Mark's Church hall"), address="112 Elm Street",
                         meeting_types=("C", "BB"), notes=_("Home group. Coffee commitment first Tuesday."))
        clean = group(name=_("Clean & Serene"), fellowship="na", weekday=4,
                      start_time=dt.time(19), end_time=dt.time(20, 30),
                      location=_("Community Center, Room B"), address="8 Harbor Avenue",
                      meeting_types=("O", "D"))
        smart = group(name=_("SMART Recovery Online"), fellowship="smart", meeting_format="online",
                      weekday=6, start_time=dt.time(20), end_time=dt.time(21, 30),
                      url="https://meet.example.org/smart-sunday", meeting_types=("ONL", "O"))
        early = group(name=_("Early Risers"), fellowship="aa", weekday=2,
                      start_time=dt.time(6, 30), end_time=dt.time(7, 30),
                      location=_("Grace Lutheran, side door"), address="300 Oak Street",
                      meeting_types=("O", "ST"))
        alumni = group(name=_("Riverside IOP Alumni"), fellowship="iop", meeting_format="hybrid",
                       weekday=5, start_time=dt.time(11), end_time=dt.time(12),
                       location=_("Riverside Recovery Center, Room 4"), address="40 Mill Road",
                       url="https://meet.example.org/riverside-alumni", meeting_types=("C", "D"))
        refuge = group(name=_("Sunday Morning Refuge"), fellowship="refuge", weekday=6,
                       start_time=dt.time(9), end_time=dt.time(10),
                       location=_("Yoga Loft"), address="22 Main Street", meeting_types=("O", "MED"),
                       archived=True, notes=_("Tried it in the first months; times clashed with family."))
        plan = [
            (big_book, None, None),
            (clean, None, None),
            (smart, self.start + 2 * WEEK, None),
            (early, None, None),
            (alumni, self.phase3, None),
            (refuge, None, self.start + 16 * WEEK),
        ]
        return [g for g, _since, _until in plan], plan

    def _status(self, day: dt.date, miss_rate: float) -> tuple[str, str]:
        if self.lapse_day < day <= self.lapse_day + 3 * WEEK:
            miss = miss_rate / 2  # the weeks after the lapse: showing up to everything
        else:
            miss = miss_rate + 0.35 * max(0.0, self.strain_on(day) - 0.5)
        roll = self.rng.random()
        if roll < miss * 0.6:
            return "missed", ""
        if roll < miss:
            reasons = _EXCUSED_REASONS + ((_WINTER_REASON,) if day.month in (12, 1, 2) else ())
            reason = self.rng.choice(reasons)
            return "excused", _(reason)
        return "attended", ""

    def treatment_attendance(self, treatment: Sequence[ScheduleItem]) -> list[AttendanceRecord]:
        out = []
        first_group_after_lapse = True
        for item in treatment:
            for occ in occurrences(item, item.start, self.midnight):
                day = occ.start.date()
                status, reason = self._status(day, 0.09)
                mode, shared, notes = "in_person", None, ""
                if item.kind == "medication_management":
                    mode = "online"
                elif item.kind == "group_therapy":
                    if day >= self.phase3 and self.rng.random() < 0.2:
                        mode = "online"
                    shared = self.rng.random() < 0.6
                    if first_group_after_lapse and day > self.lapse_day and status == "attended":
                        shared, notes = True, _("Talked about my lapse. Group was kind.")
                        first_group_after_lapse = False
                if status != "attended":
                    mode, shared = "", None
                out.append(AttendanceRecord(
                    id=self.new_id(), occurred_at=occ.start, schedule_item_id=item.id, status=status,
                    reason=reason, mode=mode, shared=shared, notes=notes))
        return out

    def meeting_attendance(self, plan) -> list[AttendanceRecord]:
        out = []
        week = self.start
        while week < self.today:
            strain = max(self.strain_on(week + k * DAY) for k in range(7))
            available = [g for g, since, until in plan
                         if (since is None or week >= since) and (until is None or week < until)]
            if self.lapse_day < week <= self.lapse_day + 3 * WEEK:
                wanted = len(available)  # back to every meeting after the lapse
            else:
                wanted = self.rng.choices((3, 4, 5), weights=(4, 4, 2) if strain < 0.5 else (6, 3, 1))[0]
            for g in self.rng.sample(available, min(wanted, len(available))):
                day = week + dt.timedelta(days=g.weekday)
                if day >= self.today:
                    continue
                status, reason = self._status(day, 0.1)
                if status == "attended":
                    mode = {"in_person": "in_person", "online": "online"}.get(
                        g.meeting_format, self.rng.choice(("in_person", "online")))
                    shared = self.rng.choice((True, False, False, None))
                else:
                    mode, shared = "", None
                out.append(AttendanceRecord(
                    id=self.new_id(), occurred_at=dt.datetime.combine(day, g.start_time), group_id=g.id,
                    status=status, reason=reason, mode=mode, shared=shared))
            week += WEEK
        return out

    def urge(self, day: dt.date) -> float:
        """Typical urge strength (0–10) on `day`, before any single moment's noise."""
        return 2.3 + 5.2 * math.exp(-self.age(day) / 120) + 3.5 * self.strain_on(day)

    def coping(self, skill_ids: Sequence[str]) -> list[CopingEntry]:
        out = []
        for day in self.logged_days():
            strain = self.strain_on(day)
            rate = 0.13 + 0.5 * math.exp(-self.age(day) / 100) + 0.4 * strain
            lapse = day == self.lapse_day
            if not lapse and self.rng.random() >= rate:
                continue
            holiday = strain >= 0.35 and day.month in (11, 12, 1, 7) and self.rng.random() < 0.6
            pool = _HOLIDAY_SITUATIONS if holiday else _SITUATIONS
            if not holiday and day.month not in range(5, 10):
                pool = tuple(p for p in pool if p[0] not in _SUMMER_ONLY)
            situation, triggers, emotions = self.rng.choice(pool)
            before = _clamp(round(self.urge(day) + self.rng.gauss(0, 1.2)), 1, 10)
            early = math.exp(-self.age(day) / 300)
            weights = [e * early + w * (1 - early) for e, w in zip(_SKILL_WEIGHTS_EARLY, _SKILL_WEIGHTS_LATE, strict=False)]
            used = _weighted_sample(self.rng, list(skill_ids), weights, self.rng.choice((1, 1, 2)))
            if lapse:
                out.append(CopingEntry(
                    id=self.new_id(), occurred_at=dt.datetime.combine(day, dt.time(21, 40)),
                    situation=_("Cousin's wedding — open bar, everyone toasting"),
                    triggers=("celebration", "people", "emotions"), emotions=_("lonely, ashamed, reckless"),
                    urge_before=9, urge_after=9, skill_ids=(skill_ids[6],), outcome="lapsed",
                    notes=_("Tried to wait it out and didn't call anyone. Had several drinks. "
                            "Calling my sponsor in the morning.")))
                continue
            drop = self.rng.choices((0, 1, 2, 3, 4, 5), weights=(1, 3, 4, 4, 2, 1))[0]
            after = _clamp(before - drop, 0, 10)
            if after <= 2:
                outcome = "passed"
            elif drop >= 2:
                outcome = "eased"
            else:
                outcome = self.rng.choice(("still_strong", "still_strong", ""))
            when = self.moment(day)
            emotion = self.rng.choice(emotions)
            urge_after = None if self.rng.random() < 0.05 else after
            note = self.rng.choice(_COPING_NOTES) if self.rng.random() < 0.2 else ""
            out.append(CopingEntry(
                id=self.new_id(), occurred_at=when, situation=_(situation),
                triggers=triggers, emotions=_(emotion), urge_before=before,
                urge_after=urge_after, skill_ids=tuple(used), outcome=outcome, notes=_(note)))
        return out

    def selfcare(self) -> list[SelfCareEntry]:
        out = []
        categories = [c for c, *_rest in _SELF_CARE]
        weights = [w for _c, w, *_rest in _SELF_CARE]
        table = {c: (span, notes) for c, _w, span, notes in _SELF_CARE}
        week = self.start
        while week < self.today:
            low, high = (3, 4) if week < self.phase3 else (3, 6)
            n = self.rng.randint(low, high)
            days = sorted(self.rng.sample(range(7), n))
            for k in days:
                day = week + k * DAY
                if day >= self.today:
                    continue
                if k == 5 and self.rng.random() < 0.7:
                    category, when = "exercise", dt.datetime.combine(day, dt.time(7, 30))
                    note = N_("Saturday run")
                else:
                    category = self.rng.choices(categories, weights)[0]
                    when = self.at(day, 17.5, 21.5) if k < 5 else self.at(day, 8, 20)
                    note = self.rng.choice(table[category][1])
                lo, hi = table[category][0]
                mood = self.mood(day)
                before = _clamp(round(mood - 0.4 + self.rng.gauss(0, 0.7)), 1, 5)
                after = _clamp(before + self.rng.choices((-1, 0, 1, 2), weights=(1, 4, 6, 2))[0], 1, 5)
                out.append(SelfCareEntry(
                    id=self.new_id(), occurred_at=when, category=category,
                    minutes=self.rng.randrange(lo, hi + 1, 5), mood_before=before, mood_after=after,
                    notes=_(note)))
            week += WEEK
        return out

    def mood(self, day: dt.date) -> float:
        return 2.1 + 1.9 * (1 - math.exp(-self.age(day) / 150)) - 1.3 * self.strain_on(day)

    def checkins(self) -> list[CheckIn]:
        out = []
        after_lapse = self.lapse_day + DAY
        for day in self.logged_days():
            if day not in (self.lapse_day, after_lapse) and self.rng.random() >= 0.85:
                continue
            strain = self.strain_on(day)
            age = self.age(day)
            mood = _clamp(round(self.mood(day) + self.rng.gauss(0, 0.55)), 1, 5)
            craving = 1.4 + 5.6 * math.exp(-age / 140) + 3.2 * strain
            craving = _clamp(round(craving + self.rng.gauss(0, 1.0)), 0, 10)
            sleep = 5.7 + 1.6 * (1 - math.exp(-age / 120)) - 1.2 * strain + self.rng.gauss(0, 0.6)
            sleep = min(9.0, max(4.5, round(sleep * 2) / 2))
            medication = self.rng.random() < (0.95 - 0.25 * strain)
            note = self.rng.choice(_CHECKIN_NOTES) if self.rng.random() < 0.15 else ""
            notes = _(note)
            used = False
            if day == self.lapse_day:
                mood, craving, used, medication = 2, 9, True, False
                notes = _("Drank at my cousin's wedding.")
            elif day == after_lapse:
                mood, craving = 1, 7
                notes = _("Day one again. Told my sponsor and my counselor; we made a plan.")
            out.append(CheckIn(id=self.new_id(), day=day, mood=mood, craving=craving, sleep_hours=sleep,
                               medication_taken=medication, used_substances=used, notes=notes))
        return out

    def sobriety(self) -> list[SobrietyPeriod]:
        return [
            SobrietyPeriod(id=self.new_id(), start_date=self.start, end_date=self.lapse_day,
                           notes=_("Started IOP. Ended with a lapse at my cousin's wedding.")),
            SobrietyPeriod(id=self.new_id(), start_date=self.lapse_day + DAY,
                           notes=_("Back on track the morning after. One day at a time.")),
        ]

    def goals(self) -> tuple[list[Goal], list[Milestone]]:
        last = self.today - DAY
        checklist_start = max(self.start, self.today - 5 * WEEK)
        goals = [
            Goal(id=self.new_id(), title=_("Go to 3 meetings a week"), kind="meetings_per_week", target=3,
                 unit=_("meetings"), period="week", start_date=self.start),
            Goal(id=self.new_id(), title=_("150 minutes of self-care a week"), kind="selfcare_minutes",
                 target=150, unit=_("minutes"), period="week", start_date=self.start + 2 * WEEK),
            Goal(id=self.new_id(), title=_("Practice a coping skill 3 times a week"), kind="coping_per_week",
                 target=3, unit=_("times"), period="week", start_date=self.start),
            Goal(id=self.new_id(), title=_("Tell my manager about my IOP schedule"), kind="custom_checklist",
                 period="total", start_date=checklist_start,
                 notes=_("So the Wednesday evenings stop being a problem at work.")),
        ]
        checklist = goals[-1].id
        reached = min(checklist_start + 2 * WEEK, last)
        milestones = [
            Milestone(id=self.new_id(), title=_("Write down what I want to say"), goal_id=checklist,
                      target_date=reached, reached_on=reached),
            Milestone(id=self.new_id(), title=_("Ask HR how medical leave and schedules work"),
                      goal_id=checklist),
            Milestone(id=self.new_id(), title=_("Talk to my manager"), goal_id=checklist),
            Milestone(id=self.new_id(), title=_("Finished the Intensive phase"), kind="phase_completed",
                      target_date=self.phase2, reached_on=self.phase2),
        ]
        for days, title in ((30, N_("30 days sober again")), (90, N_("90 days sober")), (365, N_("One year sober"))):
            day = self.lapse_day + DAY + dt.timedelta(days=days)
            if day <= last:
                milestones.append(Milestone(id=self.new_id(), title=_(title), kind="sober_days",
                                            target_date=day, reached_on=day))
        return goals, milestones

    def contacts(self) -> list[SupportContact]:
        return [
            SupportContact(id=self.new_id(), name=_("Dave R."), role="sponsor", phone="555-0142",
                           emergency=True, notes=_("Call any time. Prefers a call over a text.")),
            SupportContact(id=self.new_id(), name=_("J. Alvarez"), role="counselor", phone="555-0187",
                           email=_("j.alvarez@riverside.example"), notes=_("Riverside Recovery Center, ext. 12.")),
            SupportContact(id=self.new_id(), name=_("Marcus T."), role="peer", phone="555-0119",
                           notes=_("From the Intensive group.")),
            SupportContact(id=self.new_id(), name=_("988 Suicide & Crisis Lifeline"), role="crisis_line",
                           phone="988", emergency=True, notes=_("Call or text 988, any time, free.")),
        ]

    def plan(self, contacts: list[SupportContact]) -> list[PlanItem]:
        """A safety plan and a relapse-prevention plan as someone a few months in might write them."""
        sponsor, counselor = contacts[0], contacts[1]
        lines = (
            ("warning_signs", N_("I stop answering texts and skip group"), None),
            ("warning_signs", N_("Thinking “one won’t hurt” after a long shift"), None),
            ("cope_alone", N_("Ten slow breaths, then a cold glass of water"), None),
            ("cope_alone", N_("Walk around the block with music on"), None),
            ("distractions", N_("The library on Main Street; the gym"), None),
            ("ask_for_help", _("{name} (Sponsor), {phone}").format(name=sponsor.name, phone=sponsor.phone), sponsor.id),
            ("professionals", _("{name} (Counselor), {phone}").format(name=counselor.name, phone=counselor.phone), counselor.id),
            ("safer_surroundings", N_("No alcohol in the apartment; my sister keeps my old prescriptions"), None),
            ("reasons", N_("My daughter, and being there for her games"), None),
            ("reasons", N_("Waking up clear-headed"), None),
            ("high_risk", N_("Friday evenings after payday"), None),
            ("early_signs", N_("Sleeping badly two nights in a row"), None),
            ("if_then", N_("If I’m tired after work, then I will call Dave before I drive home"), None),
            ("keep_steady", N_("Monday and Wednesday group, the Saturday alumni meeting"), None),
            ("after_lapse", N_("Tell Dave the same day, go to a meeting, and look at what led up to it"), None),
        )
        positions: dict[str, int] = {}
        out = []
        for section, text, contact_id in lines:
            positions[section] = positions.get(section, -1) + 1
            out.append(PlanItem(id=self.new_id(), section=section, text=_(text), position=positions[section],
                                contact_id=contact_id))
        return out


# --- small date and number helpers -------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    """`day` itself if it falls on `weekday` (0 = Monday), else the next such day."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _first_friday_on_or_after(day: dt.date) -> dt.date:
    """The first day on or after `day` that is the first Friday of its month."""
    while True:
        friday = _next_weekday(day.replace(day=1), 4)
        if friday >= day:
            return friday
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    return _next_weekday(dt.date(year, month, 1), weekday) + (n - 1) * WEEK


def _clamp(value: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, value))


def _weighted_sample(rng: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    chosen: list[str] = []
    items, weights = list(items), list(weights)
    for _pick in range(min(k, len(items))):
        i = rng.choices(range(len(items)), weights)[0]
        chosen.append(items.pop(i))
        weights.pop(i)
    return chosen
