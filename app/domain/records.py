"""The records a participant keeps. Frozen dataclasses; validation happens on construction.

Date-times are local wall-clock times (naive `datetime`), the way a person thinks of
"Tuesday 6 pm group". Schedule items also carry the IANA zone they were planned in so a
recurring session stays at 6 pm across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import assessments as _assessments
from . import fields as F
from . import formatting as fmt
from .errors import ValidationError
from .fields import spec

# --- vocabularies (stored key, label shown to the user) --------------------------------

TREATMENT_KINDS = (
    ("group_therapy", "Group therapy"),
    ("individual_counseling", "Individual counseling"),
    ("family_therapy", "Family therapy"),
    ("psychoeducation", "Psychoeducation"),
    ("medication_management", "Medication management"),
    ("holistic_therapy", "Holistic therapy"),
    # Services of the program itself: they count as treatment (hours, sessions, attendance).
    ("peer_support", "Peer support"),
    ("case_management", "Case management"),
)
SCHEDULE_KINDS = TREATMENT_KINDS + (
    ("support_meeting", "Support meeting"),
    ("work", "Work"),
    ("school", "School"),
    ("family_social", "Family / social"),
    ("self_care", "Self-care"),
    # A court date or a probation appointment: on the schedule, never counted as treatment.
    ("court", "Court or probation"),
    ("other", "Other"),
)
TREATMENT_KIND_KEYS = frozenset(k for k, _ in TREATMENT_KINDS)

SKILL_CATEGORIES = (
    ("cbt", "CBT"),
    ("dbt", "DBT"),
    ("mindfulness", "Mindfulness"),
    ("support", "Reach out for support"),
    ("twelve_step", "Mutual-help tools"),
    ("distraction", "Healthy distraction"),
    ("other", "Other"),
)
TRIGGERS = (
    ("people", "People"),
    ("places", "Places"),
    ("emotions", "Emotions"),
    ("hungry", "Hungry"),
    ("angry", "Angry"),
    ("lonely", "Lonely"),
    ("tired", "Tired"),
    ("stress", "Stress"),
    ("celebration", "Celebration"),
    ("pain_withdrawal", "Pain or withdrawal"),
    ("boredom", "Boredom"),
    ("money", "Money or payday"),
    ("seeing_substances", "Seeing alcohol or drugs"),
    ("other", "Other"),
)
OUTCOMES = (
    ("", "Not recorded"),
    ("passed", "Urge passed"),
    ("eased", "Urge eased"),
    ("still_strong", "Still strong"),
    ("lapsed", "Lapsed"),
)
FELLOWSHIPS = (
    ("aa", "AA"),
    ("na", "NA"),
    ("smart", "SMART Recovery"),
    ("refuge", "Refuge Recovery"),
    ("recovery_dharma", "Recovery Dharma"),
    ("lifering", "LifeRing"),
    ("wfs", "Women for Sobriety"),
    ("wellbriety", "Wellbriety"),
    ("celebrate", "Celebrate Recovery"),
    ("alanon", "Al-Anon / Nar-Anon (family and friends)"),
    ("iop", "IOP group (treatment, not a support meeting)"),
    ("other", "Other"),
)
MEETING_FORMATS = (("in_person", "In person"), ("online", "Online"), ("hybrid", "Hybrid"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ATTENDANCE_STATUSES = (("attended", "Attended"), ("missed", "Missed"), ("excused", "Excused"))
ATTENDANCE_MODES = (("", "Not recorded"), ("in_person", "In person"), ("online", "Online"))
SELF_CARE_CATEGORIES = (
    ("exercise", "Exercise"),
    ("sleep", "Sleep"),
    ("nutrition", "Nutrition"),
    ("relaxation", "Relaxation"),
    ("mindfulness", "Mindfulness"),
    ("hobby", "Hobby"),
    ("social", "Social connection"),
    ("spiritual", "Spiritual"),
    ("outdoors", "Outdoors"),
    ("other", "Other"),
)
GOAL_KINDS = (
    ("meetings_per_week", "Meetings per week"),
    ("treatment_attendance", "Treatment attendance rate (%)"),
    ("selfcare_minutes", "Self-care minutes per week"),
    ("coping_per_week", "Coping-skill practice per week"),
    ("checkin_streak", "Check-in streak (days)"),
    ("sober_days", "Sober days"),
    ("custom_number", "Custom number"),
    ("custom_checklist", "Checklist of milestones"),
)
GOAL_PERIODS = (("week", "Per week"), ("day", "Per day"), ("total", "In total"))
# Which writes can make a milestone due (app.domain.milestones): a write of these kinds of
# record always can (sober-day marks, 90 in 90, a finished phase, a goal or its steps); an
# entry of the kinds below only through a goal measured by it.
MILESTONE_SOURCES = frozenset({"sobriety", "attendance", "group", "phase", "program", "goal", "milestone"})
ENTRY_GOAL_KINDS = {"coping": "coping_per_week", "selfcare": "selfcare_minutes", "checkin": "checkin_streak"}
MILESTONE_KINDS = (
    ("custom", "Custom"),
    ("sober_days", "Sober days"),
    ("meetings_90", "90 meetings in 90 days"),
    ("phase_completed", "Program phase completed"),
    ("goal_met", "Goal met"),
)
CONTACT_ROLES = (
    ("sponsor", "Sponsor"),
    ("counselor", "Counselor"),
    ("therapist", "Therapist"),
    ("doctor", "Doctor / prescriber"),
    ("peer", "Peer in recovery"),
    ("family", "Family"),
    ("friend", "Friend"),
    ("crisis_line", "Crisis line"),
    ("other", "Other"),
)


def new_id() -> str:
    return str(uuid.uuid4())


def is_valid_zone(name: str) -> bool:
    if not name or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_R = TypeVar("_R", bound="Record")

@dataclass(frozen=True, kw_only=True)
class Record:
    """Base of every record: a stable UUID so exports can be merged without duplicates."""

    id: str = field(default_factory=new_id)

    # Which field dates the record (for ranges, sorting and "not in the future").
    WHEN: ClassVar[str] = ""
    # Fields that describe something that already happened, so cannot be in the future.
    PAST_ONLY: ClassVar[tuple[str, ...]] = ()
    # Fields added after records of this kind were first exported: an export writes them only
    # when set (JSON: the key; CSV and xlsx: the column, when any record sets it), so an export
    # of data that never used them stays byte for byte what it was.
    ADDED_LATER: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip() or len(self.id) > 100:
            raise ValidationError("id", "The record id must be non-empty text.")
        try:
            self.id.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("id", "The record id contains a broken character (it is not text).") from None
        for s in F.specs_of(type(self)):
            F.check_value(s, getattr(self, s.name))
        self.check()

    def check(self) -> None:
        """Rules that involve more than one field. Raise ValidationError."""

    def with_changes(self: _R, **changes: Any) -> _R:
        return replace(self, **changes)

    def to_plain(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        for s in F.specs_of(type(self)):
            out[s.name] = F.to_plain(s, getattr(self, s.name))
        return out

    @classmethod
    def from_plain(cls, data: dict[str, Any]):
        """Build from a dict of plain values; unknown keys are ignored, missing ones default."""
        kwargs: dict[str, Any] = {}
        if "id" in data and data["id"] is not None:
            kwargs["id"] = data["id"]
        for s in F.specs_of(cls):
            if s.name in data:
                kwargs[s.name] = F.from_plain(s, data[s.name])
        return cls(**kwargs)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return ("id",) + tuple(s.name for s in F.specs_of(cls))

    def when(self):
        return getattr(self, self.WHEN) if self.WHEN else None


def _require_order(record: Record, first: str, second: str, message: str) -> None:
    a, b = getattr(record, first), getattr(record, second)
    if a is not None and b is not None and b < a:
        raise ValidationError(second, message)


# --- schedule and program -----------------------------------------------------------------


MAX_ALL_DAY_DAYS = 366


@dataclass(frozen=True, kw_only=True)
class ScheduleItem(Record):
    WHEN: ClassVar[str] = "start"

    title: str = spec("Title", required=True)
    kind: str = spec("Kind", F.CHOICE, choices=SCHEDULE_KINDS, default="group_therapy", required=True)
    start: dt.datetime = spec("Starts", F.DATETIME, required=True, default=None)
    end: dt.datetime = spec("Ends", F.DATETIME, required=True, default=None)
    timezone: str = spec("Time zone", required=True, help="IANA name, e.g. America/New_York")
    all_day: bool = spec("All day", F.BOOL)
    recurrence: str = spec("Repeats", help="RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU,TH")
    location: str = spec("Location or link")
    notes: str = spec("Notes", F.LONGTEXT)
    reminder_minutes: int | None = spec(
        "Reminder (minutes before)", F.INT, minimum=0, maximum=10080, default=None,
        help="Blank uses the default; 0 switches the reminder off",
    )

    @property
    def is_treatment(self) -> bool:
        return self.kind in TREATMENT_KIND_KEYS

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    def check(self) -> None:
        if not is_valid_zone(self.timezone):
            raise ValidationError("timezone", f"Time zone “{self.timezone[:64]}” is not a known IANA time zone.")
        if self.end <= self.start:
            raise ValidationError("end", "Ends must be after Starts.")
        if self.all_day:
            # A week's holiday or a three-week residential stay is one real stretch of days.
            if self.end - self.start > dt.timedelta(days=MAX_ALL_DAY_DAYS):
                raise ValidationError("end", f"An all-day item can last at most {MAX_ALL_DAY_DAYS} days.")
        elif self.end - self.start > dt.timedelta(days=14):
            raise ValidationError("end", "A timed item can last at most 14 days; make it all-day, "
                                         "or use Repeats for a series.")
        if self.recurrence:
            from .recurrence import check_rrule  # local import: recurrence imports records

            check_rrule(self.recurrence, self.start)


@dataclass(frozen=True, kw_only=True)
class ScheduleChange(Record):
    """One occurrence of a series cancelled, moved or changed (an RFC 5545 override)."""

    WHEN: ClassVar[str] = "original_start"

    item_id: str = spec("Series", F.REF, ref="schedule", required=True, default="")
    original_start: dt.datetime = spec("Original start", F.DATETIME, required=True, default=None)
    cancelled: bool = spec("Cancelled", F.BOOL)
    new_start: dt.datetime | None = spec("New start", F.DATETIME, default=None)
    new_end: dt.datetime | None = spec("New end", F.DATETIME, default=None)
    title: str = spec("Title for this time")
    location: str = spec("Location for this time")
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        if self.new_start is not None and self.new_end is not None and self.new_end <= self.new_start:
            raise ValidationError("new_end", "New end must be after the new start.")


@dataclass(frozen=True, kw_only=True)
class Program(Record):
    WHEN: ClassVar[str] = "start_date"

    name: str = spec("Program name", required=True)
    provider: str = spec("Provider")
    start_date: dt.date = spec("Start date", F.DATE, required=True, default=None)
    expected_end: dt.date | None = spec("Expected end", F.DATE, default=None)
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "expected_end", "Expected end must be on or after the start date.")


@dataclass(frozen=True, kw_only=True)
class ProgramPhase(Record):
    WHEN: ClassVar[str] = "start_date"

    program_id: str = spec("Program", F.REF, ref="program", required=True, default="")
    name: str = spec("Phase name", required=True)
    start_date: dt.date = spec("Start date", F.DATE, required=True, default=None)
    target_sessions_per_week: int | None = spec(
        "Target sessions per week", F.INT, minimum=0, maximum=21, default=None)
    target_treatment_hours: float | None = spec(
        "Target treatment hours per week", F.FLOAT, minimum=0, maximum=80, default=None)
    notes: str = spec("Notes", F.LONGTEXT)


# --- coping ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CopingSkill(Record):
    name: str = spec("Skill", required=True)
    category: str = spec("Group", F.CHOICE, choices=SKILL_CATEGORIES, default="other", required=True)
    how_to: str = spec("How to do it", F.LONGTEXT)
    archived: bool = spec("Archived", F.BOOL)
    builtin: bool = spec("From the Steady library", F.BOOL)
    source: str = spec("Source", help="Where the skill comes from, e.g. DBT — Linehan")
    # Which revision of the library's text this is (0: the person's own skill). A library
    # skill whose words are still Steady's is updated when the library's revision rises.
    revision: int = spec("Library revision", F.INT, minimum=0, maximum=1_000_000, default=0)


@dataclass(frozen=True, kw_only=True)
class CopingEntry(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)

    occurred_at: dt.datetime = spec("When", F.DATETIME, required=True, default=None)
    situation: str = spec("Situation or trigger", F.LONGTEXT)
    triggers: tuple[str, ...] = spec("Trigger types", F.CHOICES, choices=TRIGGERS)
    emotions: str = spec("Emotions")
    urge_before: int = spec("Urge before", F.INT, minimum=0, maximum=10, required=True, default=None, anchors="0 = none … 10 = strongest")
    urge_after: int | None = spec("Urge after", F.INT, minimum=0, maximum=10, default=None, anchors="0 = none … 10 = strongest")
    skill_ids: tuple[str, ...] = spec("Skills used", F.REFS, ref="skill")
    outcome: str = spec("Outcome", F.CHOICE, choices=OUTCOMES)
    practice: bool = spec("Practice (logged while calm)", F.BOOL,
                          help="Practising a skill while calm; not counted in which skills help most")
    notes: str = spec("Notes", F.LONGTEXT)

    @property
    def urge_drop(self) -> int | None:
        return None if self.urge_after is None else self.urge_before - self.urge_after


# --- meetings and attendance -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SupportGroup(Record):
    name: str = spec("Name", required=True)
    fellowship: str = spec("Fellowship", F.CHOICE, choices=FELLOWSHIPS, default="aa", required=True)
    meeting_format: str = spec("Format", F.CHOICE, choices=MEETING_FORMATS, default="in_person", required=True)
    weekday: int | None = spec("Day", F.INT, minimum=0, maximum=6, default=None,
                               help="0 = Monday … 6 = Sunday; blank = by appointment")
    start_time: dt.time | None = spec("Time", F.TIME, default=None)
    end_time: dt.time | None = spec("Ends", F.TIME, default=None)
    timezone: str = spec("Time zone")
    location: str = spec("Location")
    address: str = spec("Address")
    url: str = spec("Online link")
    phone: str = spec("Dial-in phone")
    meeting_types: tuple[str, ...] = spec("Types", F.REFS, help="Meeting Guide type codes, e.g. O, D, ST")
    slug: str = spec("Feed id", help="The meeting's slug in an imported Meeting Guide feed")
    region: str = spec("Region")
    archived: bool = spec("Archived", F.BOOL)
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        if self.timezone and not is_valid_zone(self.timezone):
            raise ValidationError("timezone", f"Time zone “{self.timezone[:64]}” is not a known IANA time zone.")

    @property
    def when_text(self) -> str:
        if self.weekday is None:
            return "By appointment"
        text = WEEKDAYS[self.weekday]
        if self.start_time is not None:
            text += " " + fmt.time(self.start_time)
        return text


LATE_EVENING, EARLY_MORNING = dt.time(18), dt.time(6)  # a time out this early after a time in this late: past midnight


@dataclass(frozen=True, kw_only=True)
class AttendanceRecord(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)
    ADDED_LATER: ClassVar[tuple[str, ...]] = ("time_in", "time_out", "chair_name", "chair_phone")

    occurred_at: dt.datetime = spec("When", F.DATETIME, required=True, default=None)
    group_id: str | None = spec("Meeting", F.REF, ref="group", default=None)
    schedule_item_id: str | None = spec("Scheduled session", F.REF, ref="schedule", default=None)
    status: str = spec("Status", F.CHOICE, choices=ATTENDANCE_STATUSES, default="attended", required=True)
    reason: str = spec("Reason")
    mode: str = spec("Joined", F.CHOICE, choices=ATTENDANCE_MODES)
    shared: bool | None = spec("I shared", F.OPTBOOL, default=None)
    signed_by: str = spec("Signed by")
    notes: str = spec("Notes", F.LONGTEXT)
    # For an attendance record a court or employer accepts (migration 0006): when the person
    # actually arrived and left (blank: the scheduled times, which the record then prints),
    # and who chaired the meeting, with a phone number to verify it.
    time_in: dt.time | None = spec("Time in", F.TIME, default=None, help="Blank: the scheduled start")
    time_out: dt.time | None = spec("Time out", F.TIME, default=None, help="Blank: the scheduled end")
    chair_name: str = spec("Chair or secretary", help="Printed name, for verification")
    chair_phone: str = spec("Chair's phone", help="For verification")

    def check(self) -> None:
        if not self.group_id and not self.schedule_item_id:
            raise ValidationError("group_id", "Choose the meeting or scheduled session this is for.")
        if self.group_id and self.schedule_item_id:
            raise ValidationError("schedule_item_id", "Choose either a meeting or a scheduled session, not both.")
        if self.status == "excused" and not self.reason.strip():
            raise ValidationError("reason", "Reason is required when an absence is excused.")
        if self.time_in is not None and self.time_out is not None and self.time_out <= self.time_in \
                and not (self.time_in >= LATE_EVENING and self.time_out <= EARLY_MORNING):
            # 23:00 to 00:30 is a late meeting that ran past midnight; 19:00 to 17:00 is a slip.
            raise ValidationError("time_out", "Time out must be after time in.")


# --- self-care and check-ins -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SelfCareEntry(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)

    occurred_at: dt.datetime = spec("When", F.DATETIME, required=True, default=None)
    category: str = spec("Category", F.CHOICE, choices=SELF_CARE_CATEGORIES, default="exercise", required=True)
    minutes: int = spec("Minutes", F.INT, minimum=1, maximum=1440, required=True, default=None)
    mood_before: int | None = spec("Mood before", F.INT, minimum=1, maximum=5, default=None, anchors="1 = very low … 5 = very good")
    mood_after: int | None = spec("Mood after", F.INT, minimum=1, maximum=5, default=None, anchors="1 = very low … 5 = very good")
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class CheckIn(Record):
    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec("Day", F.DATE, required=True, default=None)
    mood: int = spec("Mood", F.INT, minimum=1, maximum=5, required=True, default=None, anchors="1 = very low … 5 = very good")
    craving: int = spec("Craving", F.INT, minimum=0, maximum=10, required=True, default=None, anchors="0 = none … 10 = strongest")
    sleep_hours: float | None = spec("Sleep (hours)", F.FLOAT, minimum=0, maximum=24, default=None)
    medication_taken: bool | None = spec("Medication taken", F.OPTBOOL, default=None,
                                         help="Blank if you take no medication")
    used_substances: bool = spec("Used substances", F.BOOL)
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class SobrietyPeriod(Record):
    WHEN: ClassVar[str] = "start_date"

    start_date: dt.date = spec("Sober since", F.DATE, required=True, default=None)
    end_date: dt.date | None = spec("Ended", F.DATE, default=None, help="Blank while the period goes on")
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "end_date", "Ended must be on or after Sober since.")


# --- goals, milestones, people -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Goal(Record):
    WHEN: ClassVar[str] = "start_date"

    title: str = spec("Goal", required=True)
    kind: str = spec("Measured by", F.CHOICE, choices=GOAL_KINDS, default="custom_number", required=True)
    target: float | None = spec("Target", F.FLOAT, minimum=0, maximum=1_000_000, default=None)
    unit: str = spec("Unit")
    period: str = spec("Period", F.CHOICE, choices=GOAL_PERIODS, default="week", required=True)
    category: str = spec("Self-care category", F.CHOICE, choices=(("", "Any"),) + SELF_CARE_CATEGORIES)
    start_date: dt.date = spec("Start date", F.DATE, required=True, default=None)
    end_date: dt.date | None = spec("End date", F.DATE, default=None)
    current_value: float | None = spec("Current value", F.FLOAT, minimum=-1_000_000, maximum=1_000_000,
                                       default=None, help="For custom number goals you update by hand")
    archived: bool = spec("Archived", F.BOOL)
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "end_date", "End date must be on or after the start date.")
        if self.kind != "custom_checklist" and self.target is None:
            raise ValidationError("target", "Target is required for this kind of goal.")
        if self.kind == "treatment_attendance" and self.target is not None and self.target > 100:
            raise ValidationError("target", "Target must be between 0 and 100 for an attendance rate.")


@dataclass(frozen=True, kw_only=True)
class Milestone(Record):
    WHEN: ClassVar[str] = "target_date"

    title: str = spec("Milestone", required=True)
    kind: str = spec("Kind", F.CHOICE, choices=MILESTONE_KINDS, default="custom", required=True)
    goal_id: str | None = spec("Goal", F.REF, ref="goal", default=None)
    target_date: dt.date | None = spec("Target date", F.DATE, default=None)
    reached_on: dt.date | None = spec("Reached on", F.DATE, default=None)
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class SupportContact(Record):
    name: str = spec("Name", required=True)
    role: str = spec("Role", F.CHOICE, choices=CONTACT_ROLES, default="sponsor", required=True)
    phone: str = spec("Phone")
    email: str = spec("Email")
    emergency: bool = spec("Call in a crisis", F.BOOL)
    notes: str = spec("Notes", F.LONGTEXT)


# --- my plan: a safety plan and a relapse-prevention plan in the person's own words ------------

# (key, title). The structures are public: the safety plan follows the steps of the
# Stanley–Brown safety planning intervention, the relapse-prevention plan Marlatt's model.
SAFETY_PLAN_SECTIONS = (
    ("warning_signs", "My warning signs"),
    ("cope_alone", "Things I can do on my own"),
    ("distractions", "People and places that take my mind off it"),
    ("ask_for_help", "People I can ask for help"),
    ("professionals", "Professionals and 24/7 lines"),
    ("safer_surroundings", "Making my surroundings safer"),
    ("reasons", "My reasons for living and for recovery"),
)
RELAPSE_PLAN_SECTIONS = (
    ("high_risk", "My high-risk situations"),
    ("early_signs", "Early warning signs"),
    ("if_then", "If… then I will…"),
    ("keep_steady", "People, sessions and medicines that keep me steady"),
    ("after_lapse", "The first 24 hours after a lapse"),
)
PLAN_SECTIONS = SAFETY_PLAN_SECTIONS + RELAPSE_PLAN_SECTIONS


@dataclass(frozen=True, kw_only=True)
class PlanItem(Record):
    """One line of the person's safety plan or relapse-prevention plan. `position` orders
    the lines within a section; a line may point at the contact or skill it names."""

    section: str = spec("Section", F.CHOICE, choices=PLAN_SECTIONS, default="warning_signs", required=True)
    text: str = spec("Text", required=True)
    position: int = spec("Order", F.INT, minimum=0, maximum=1_000_000, default=0)
    contact_id: str | None = spec("Contact", F.REF, ref="contact", default=None)
    skill_id: str | None = spec("Skill", F.REF, ref="skill", default=None)


# --- self-checks --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Assessment(Record):
    """One completed self-check (a validated questionnaire). Only the answers are kept: the
    score and band are always computed from them (app.domain.assessments), never typed."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    instrument: str = spec("Self-check", F.CHOICE, choices=_assessments.INSTRUMENTS, default="phq9", required=True)
    day: dt.date = spec("Day", F.DATE, required=True, default=None)
    answers: str = spec("Answers", required=True,
                        help="one number per question in order, separated by commas, e.g. 0,1,2,3,0,1,2,3,1")
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        parsed = _assessments.parse_answers(self.answers)
        _assessments.check_answers(self.instrument, parsed)
        # Stored in one spelling ("0,1,2"), whatever spacing it was typed with.
        object.__setattr__(self, "answers", _assessments.format_answers(parsed))

    @property
    def answer_values(self) -> tuple[int, ...]:
        return _assessments.parse_answers(self.answers)


# --- treatment details: drug screens, medications and doses, homework, the aftercare plan ------

# Stored values stay plain (negative, positive…); the labels say what a lab says, without
# judgement. A result is one day's fact: it never ends a sober period or resets anything.
DRUG_SCREEN_RESULTS = (
    ("pending", "Waiting for the result"),
    ("negative", "Not detected (negative)"),
    ("positive", "Detected (positive)"),
    ("dilute", "Dilute"),
    ("refused", "Not given (refused)"),
)
MEDICATION_DOSING = (("take_home", "Take-home"), ("clinic", "Dosed at the clinic"))
DOSE_STATUSES = (("taken", "Taken"), ("missed", "Not taken"))
MAX_DOSES_A_DAY = 12
# (key, title) of the aftercare (discharge) plan's sections, in order.
AFTERCARE_SECTIONS = (
    ("appointments", "Continuing care appointments"),
    ("meetings", "Meetings I will keep going to"),
    ("people", "People I can call"),
    ("medications", "My medications"),
    ("warning_signs", "Warning signs to watch for"),
    ("actions", "What I will do when I notice them"),
)


@dataclass(frozen=True, kw_only=True)
class DrugScreen(Record):
    """One drug screen (urine, saliva…) and its result as the person was told it."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec("Day", F.DATE, required=True, default=None)
    result: str = spec("Result", F.CHOICE, choices=DRUG_SCREEN_RESULTS, default="pending", required=True)
    substances: str = spec("Substances", help="what it tested for or found, e.g. opioids, THC")
    observed: bool | None = spec("Observed collection", F.OPTBOOL, default=None)
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class CallInCheck(Record):
    """The answer to the day's "did I call the testing line?" (random drug-screen call-in)."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec("Day", F.DATE, required=True, default=None)
    called: bool = spec("I called the testing line", F.BOOL)
    test_today: bool | None = spec("I am asked to test today", F.OPTBOOL, default=None)
    notes: str = spec("Notes", F.LONGTEXT)


def parse_dose_times(text: str) -> tuple[dt.time, ...]:
    """ "8:00, 20:00" -> (08:00, 20:00), sorted. Raises ValidationError naming dose_times."""
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            hours, _, minutes = part.partition(":")
            out.append(dt.time(int(hours), int(minutes or 0)))
        except ValueError:
            raise ValidationError("dose_times", f"Times of day: “{part[:20]}” is not a time like 08:00.") from None
    if len(set(out)) != len(out):
        raise ValidationError("dose_times", "Times of day lists the same time twice.")
    return tuple(sorted(out))


@dataclass(frozen=True, kw_only=True)
class Medication(Record):
    """A medicine the person takes, including medication for opioid or alcohol use (MOUD)."""

    WHEN: ClassVar[str] = "start_date"

    name: str = spec("Medication", required=True)
    dose: str = spec("Dose", help="e.g. 16 mg")
    times_per_day: int = spec("Doses a day", F.INT, minimum=1, maximum=MAX_DOSES_A_DAY, default=1, required=True)
    dose_times: str = spec("Times of day", help="e.g. 08:00, 20:00; blank for any time of day")
    dosing: str = spec("Where", F.CHOICE, choices=MEDICATION_DOSING, default="take_home", required=True)
    moud: bool = spec("Medication for addiction treatment (MOUD)", F.BOOL,
                      help="e.g. buprenorphine, methadone, naltrexone")
    prescriber: str = spec("Prescriber")
    start_date: dt.date = spec("Started", F.DATE, required=True, default=None)
    stop_date: dt.date | None = spec("Stopped", F.DATE, default=None, help="Blank while you still take it")
    notes: str = spec("Notes", F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "stop_date", "Stopped must be on or after Started.")
        if self.dose_times.strip():
            times = parse_dose_times(self.dose_times)
            if len(times) != self.times_per_day:
                raise ValidationError("dose_times", f"Times of day lists {len(times)} time"
                                      f"{'s' if len(times) != 1 else ''}; Doses a day is {self.times_per_day}.")
            object.__setattr__(self, "dose_times", ", ".join(t.strftime("%H:%M") for t in times))
        elif self.dose_times:
            object.__setattr__(self, "dose_times", "")

    @property
    def times(self) -> tuple[dt.time, ...]:
        return parse_dose_times(self.dose_times) if self.dose_times else ()

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.stop_date is None or day <= self.stop_date)


@dataclass(frozen=True, kw_only=True)
class DoseLog(Record):
    """One dose of one medication on one day, taken or not (dose 1 is the day's first)."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    medication_id: str = spec("Medication", F.REF, ref="medication", required=True, default="")
    day: dt.date = spec("Day", F.DATE, required=True, default=None)
    slot: int = spec("Dose number", F.INT, minimum=1, maximum=MAX_DOSES_A_DAY, default=1, required=True,
                     help="1 for the day's first dose, 2 for the second…")
    status: str = spec("Status", F.CHOICE, choices=DOSE_STATUSES, default="taken", required=True)
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class Homework(Record):
    """An assignment from group or a counselor: a worksheet, a reading, a call to make."""

    WHEN: ClassVar[str] = "due"

    title: str = spec("Homework", required=True)
    due: dt.date | None = spec("Due", F.DATE, default=None)
    done: bool = spec("Done", F.BOOL)
    notes: str = spec("Notes", F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class AftercareItem(Record):
    """One line of the aftercare (discharge) plan, in the person's own words; `position`
    orders the lines within a section, as in My plan."""

    section: str = spec("Section", F.CHOICE, choices=AFTERCARE_SECTIONS, default="appointments", required=True)
    text: str = spec("Text", required=True)
    position: int = spec("Order", F.INT, minimum=0, maximum=1_000_000, default=0)


ALL_RECORD_TYPES: tuple[type[Record], ...] = (
    Program, ProgramPhase, ScheduleItem, ScheduleChange, CopingSkill, CopingEntry, SupportGroup,
    AttendanceRecord, SelfCareEntry, CheckIn, SobrietyPeriod, Goal, Milestone, SupportContact,
    PlanItem, Assessment, DrugScreen, CallInCheck, Medication, DoseLog, Homework, AftercareItem,
)


def check_not_future(record: Record, now: dt.datetime) -> None:
    """Logs describe what happened; an entry dated after `now` is almost always a typo."""
    for name in record.PAST_ONLY:
        value = getattr(record, name)
        if value is None:
            continue
        label = F.spec_named(type(record), name).label
        if isinstance(value, dt.datetime):
            # A few minutes of slack for clocks and for people logging "now" slowly.
            if value > now + dt.timedelta(minutes=5):
                raise ValidationError(name, f"{label} cannot be in the future.")
        elif value > now.date():
            raise ValidationError(name, f"{label} cannot be in the future.")
