"""The records a participant keeps. Frozen dataclasses; validation happens on construction.

Date-times are local wall-clock times (naive `datetime`), the way a person thinks of
"Tuesday 6 pm group". Schedule items also carry the IANA zone they were planned in so a
recurring session stays at 6 pm across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import assessments as _assessments
from . import fields as F
from . import formatting as fmt
from . import i18n
from .errors import ValidationError
from .fields import spec
from .i18n import N_, _, ngettext

# --- vocabularies (stored key, label shown to the user) --------------------------------

TREATMENT_KINDS = (
    ("group_therapy", N_("Group therapy")),
    ("individual_counseling", N_("Individual counseling")),
    ("family_therapy", N_("Family therapy")),
    ("psychoeducation", N_("Psychoeducation")),
    ("medication_management", N_("Medication management")),
    ("holistic_therapy", N_("Holistic therapy")),
    # Services of the program itself: they count as treatment (hours, sessions, attendance).
    ("peer_support", N_("Peer support")),
    ("case_management", N_("Case management")),
)
SCHEDULE_KINDS = TREATMENT_KINDS + (
    ("support_meeting", N_("Support meeting")),
    ("work", N_("Work")),
    ("school", N_("School")),
    ("family_social", N_("Family / social")),
    ("self_care", N_("Self-care")),
    # A court date or a probation appointment: on the schedule, never counted as treatment.
    ("court", N_("Court or probation")),
    ("other", N_("Other")),
)
TREATMENT_KIND_KEYS = frozenset(k for k, _label in TREATMENT_KINDS)

SKILL_CATEGORIES = (
    ("cbt", "CBT"),
    ("dbt", "DBT"),
    ("mindfulness", N_("Mindfulness")),
    ("support", N_("Reach out for support")),
    ("twelve_step", N_("Mutual-help tools")),
    ("distraction", N_("Healthy distraction")),
    ("other", N_("Other")),
)
TRIGGERS = (
    ("people", N_("People")),
    ("places", N_("Places")),
    ("emotions", N_("Emotions")),
    ("hungry", N_("Hungry")),
    ("angry", N_("Angry")),
    ("lonely", N_("Lonely")),
    ("tired", N_("Tired")),
    ("stress", N_("Stress")),
    ("celebration", N_("Celebration")),
    ("pain_withdrawal", N_("Pain or withdrawal")),
    ("boredom", N_("Boredom")),
    ("money", N_("Money or payday")),
    ("seeing_substances", N_("Seeing alcohol or drugs")),
    ("other", N_("Other")),
)
OUTCOMES = (
    ("", N_("Not recorded")),
    ("passed", N_("Urge passed")),
    ("eased", N_("Urge eased")),
    ("still_strong", N_("Still strong")),
    ("lapsed", N_("Lapsed")),
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
    ("alanon", N_("Al-Anon / Nar-Anon (family and friends)")),
    ("iop", N_("IOP group (treatment, not a support meeting)")),
    ("other", N_("Other")),
)
MEETING_FORMATS = (("in_person", N_("In person")), ("online", N_("Online")), ("hybrid", N_("Hybrid")))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ATTENDANCE_STATUSES = (("attended", N_("Attended")), ("missed", N_("Missed")), ("excused", N_("Excused")))
ATTENDANCE_MODES = (("", N_("Not recorded")), ("in_person", N_("In person")), ("online", N_("Online")))
SELF_CARE_CATEGORIES = (
    ("exercise", N_("Exercise")),
    ("sleep", N_("Sleep")),
    ("nutrition", N_("Nutrition")),
    ("relaxation", N_("Relaxation")),
    ("mindfulness", N_("Mindfulness")),
    ("hobby", N_("Hobby")),
    ("social", N_("Social connection")),
    ("spiritual", N_("Spiritual")),
    ("outdoors", N_("Outdoors")),
    ("other", N_("Other")),
)
GOAL_KINDS = (
    ("meetings_per_week", N_("Meetings per week")),
    ("treatment_attendance", N_("Treatment attendance rate (%)")),
    ("selfcare_minutes", N_("Self-care minutes per week")),
    ("coping_per_week", N_("Coping-skill practice per week")),
    ("checkin_streak", N_("Check-in streak (days)")),
    ("sober_days", N_("Sober days")),
    ("custom_number", N_("Custom number")),
    ("custom_checklist", N_("Checklist of milestones")),
)
GOAL_PERIODS = (("week", N_("Per week")), ("day", N_("Per day")), ("total", N_("In total")))
# Which writes can make a milestone due (app.domain.milestones): a write of these kinds of
# record always can (sober-day marks, 90 in 90, a finished phase, a goal or its steps); an
# entry of the kinds below only through a goal measured by it.
MILESTONE_SOURCES = frozenset({"sobriety", "attendance", "group", "phase", "program", "goal", "milestone"})
ENTRY_GOAL_KINDS = {"coping": "coping_per_week", "selfcare": "selfcare_minutes", "checkin": "checkin_streak"}
MILESTONE_KINDS = (
    ("custom", N_("Custom")),
    ("sober_days", N_("Sober days")),
    ("meetings_90", N_("90 meetings in 90 days")),
    ("phase_completed", N_("Program phase completed")),
    ("goal_met", N_("Goal met")),
)
CONTACT_ROLES = (
    ("sponsor", N_("Sponsor")),
    ("counselor", N_("Counselor")),
    ("therapist", N_("Therapist")),
    ("doctor", N_("Doctor / prescriber")),
    ("peer", N_("Peer in recovery")),
    ("family", N_("Family")),
    ("friend", N_("Friend")),
    ("crisis_line", N_("Crisis line")),
    ("other", N_("Other")),
)


_ID_BYTES = 16
_ID_POOL_BYTES = 4096
_id_pool = bytearray()
_id_pool_pid = 0
_id_pool_lock = threading.Lock()


def new_id() -> str:
    """A random (version 4) UUID, like `uuid.uuid4()`, from OS randomness fetched 4 KiB at a time.

    `uuid.uuid4()` asks the OS for 16 bytes per id, and each of those calls lets go of
    Python's interpreter lock and takes it straight back. Thousands in a row (planning an
    import of 3,000 meetings) kept the window's thread waiting 50-200 ms at a time: Python
    only forces a hand-over when the holder kept the lock a whole switch interval, and each
    of those short releases restarted the waiting thread's count. The pool is refilled in
    a new process (a forked child must not hand out its parent's ids)."""
    global _id_pool, _id_pool_pid
    with _id_pool_lock:
        if len(_id_pool) < _ID_BYTES or _id_pool_pid != os.getpid():
            _id_pool = bytearray(os.urandom(_ID_POOL_BYTES))
            _id_pool_pid = os.getpid()
        chunk = bytes(_id_pool[-_ID_BYTES:])
        del _id_pool[-_ID_BYTES:]
    return str(uuid.UUID(bytes=chunk, version=4))


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
            raise ValidationError("id", _("The record id must be non-empty text."))
        try:
            self.id.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("id", _("The record id contains a broken character (it is not text).")) from None
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

    title: str = spec(N_("Title"), required=True)
    kind: str = spec(N_("Kind"), F.CHOICE, choices=SCHEDULE_KINDS, default="group_therapy", required=True)
    start: dt.datetime = spec(N_("Starts"), F.DATETIME, required=True, default=None)
    end: dt.datetime = spec(N_("Ends"), F.DATETIME, required=True, default=None)
    timezone: str = spec(N_("Time zone"), required=True, help=N_("IANA name, e.g. America/New_York"))
    all_day: bool = spec(N_("All day"), F.BOOL)
    recurrence: str = spec(N_("Repeats"), help=N_("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU,TH"))
    location: str = spec(N_("Location or link"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)
    reminder_minutes: int | None = spec(
        N_("Reminder (minutes before)"), F.INT, minimum=0, maximum=10080, default=None,
        help=N_("Blank uses the default; 0 switches the reminder off"),
    )

    @property
    def is_treatment(self) -> bool:
        return self.kind in TREATMENT_KIND_KEYS

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    def check(self) -> None:
        if not is_valid_zone(self.timezone):
            raise ValidationError("timezone", _("Time zone “{zone}” is not a known IANA time zone.").format(
                zone=self.timezone[:64]))
        if self.end <= self.start:
            raise ValidationError("end", _("Ends must be after Starts."))
        if self.all_day:
            # A week's holiday or a three-week residential stay is one real stretch of days.
            if self.end - self.start > dt.timedelta(days=MAX_ALL_DAY_DAYS):
                raise ValidationError("end", _("An all-day item can last at most {days} days.").format(days=MAX_ALL_DAY_DAYS))
        elif self.end - self.start > dt.timedelta(days=14):
            raise ValidationError("end", _("A timed item can last at most 14 days; make it all-day, "
                                           "or use Repeats for a series."))
        if self.recurrence:
            from .recurrence import check_rrule  # local import: recurrence imports records

            check_rrule(self.recurrence, self.start)


@dataclass(frozen=True, kw_only=True)
class ScheduleChange(Record):
    """One occurrence of a series cancelled, moved or changed (an RFC 5545 override)."""

    WHEN: ClassVar[str] = "original_start"

    item_id: str = spec(N_("Series"), F.REF, ref="schedule", required=True, default="")
    original_start: dt.datetime = spec(N_("Original start"), F.DATETIME, required=True, default=None)
    cancelled: bool = spec(N_("Cancelled"), F.BOOL)
    new_start: dt.datetime | None = spec(N_("New start"), F.DATETIME, default=None)
    new_end: dt.datetime | None = spec(N_("New end"), F.DATETIME, default=None)
    title: str = spec(N_("Title for this time"))
    location: str = spec(N_("Location for this time"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        if self.new_start is not None and self.new_end is not None and self.new_end <= self.new_start:
            raise ValidationError("new_end", _("New end must be after the new start."))


@dataclass(frozen=True, kw_only=True)
class Program(Record):
    WHEN: ClassVar[str] = "start_date"

    name: str = spec(N_("Program name"), required=True)
    provider: str = spec(N_("Provider"))
    start_date: dt.date = spec(N_("Start date"), F.DATE, required=True, default=None)
    expected_end: dt.date | None = spec(N_("Expected end"), F.DATE, default=None)
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "expected_end", _("Expected end must be on or after the start date."))


@dataclass(frozen=True, kw_only=True)
class ProgramPhase(Record):
    WHEN: ClassVar[str] = "start_date"

    program_id: str = spec(N_("Program"), F.REF, ref="program", required=True, default="")
    name: str = spec(N_("Phase name"), required=True)
    start_date: dt.date = spec(N_("Start date"), F.DATE, required=True, default=None)
    target_sessions_per_week: int | None = spec(
        N_("Target sessions per week"), F.INT, minimum=0, maximum=21, default=None)
    target_treatment_hours: float | None = spec(
        N_("Target treatment hours per week"), F.FLOAT, minimum=0, maximum=80, default=None)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


# --- coping ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CopingSkill(Record):
    name: str = spec(N_("Skill"), required=True)
    category: str = spec(N_("Group"), F.CHOICE, choices=SKILL_CATEGORIES, default="other", required=True)
    how_to: str = spec(N_("How to do it"), F.LONGTEXT)
    archived: bool = spec(N_("Archived"), F.BOOL)
    builtin: bool = spec(N_("From the Steady library"), F.BOOL)
    source: str = spec(N_("Source"), help=N_("Where the skill comes from, e.g. DBT — Linehan"))
    # Which revision of the library's text this is (0: the person's own skill). A library
    # skill whose words are still Steady's is updated when the library's revision rises.
    revision: int = spec(N_("Library revision"), F.INT, minimum=0, maximum=1_000_000, default=0)


@dataclass(frozen=True, kw_only=True)
class CopingEntry(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)

    occurred_at: dt.datetime = spec(N_("When"), F.DATETIME, required=True, default=None)
    situation: str = spec(N_("Situation or trigger"), F.LONGTEXT)
    triggers: tuple[str, ...] = spec(N_("Trigger types"), F.CHOICES, choices=TRIGGERS)
    emotions: str = spec(N_("Emotions"))
    urge_before: int = spec(N_("Urge before"), F.INT, minimum=0, maximum=10, required=True, default=None, anchors=N_("0 = none … 10 = strongest"))
    urge_after: int | None = spec(N_("Urge after"), F.INT, minimum=0, maximum=10, default=None, anchors=N_("0 = none … 10 = strongest"))
    skill_ids: tuple[str, ...] = spec(N_("Skills used"), F.REFS, ref="skill")
    outcome: str = spec(N_("Outcome"), F.CHOICE, choices=OUTCOMES)
    practice: bool = spec(N_("Practice (logged while calm)"), F.BOOL,
                          help=N_("Practising a skill while calm; not counted in which skills help most"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    @property
    def urge_drop(self) -> int | None:
        return None if self.urge_after is None else self.urge_before - self.urge_after


# --- meetings and attendance -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SupportGroup(Record):
    name: str = spec(N_("Name"), required=True)
    fellowship: str = spec(N_("Fellowship"), F.CHOICE, choices=FELLOWSHIPS, default="aa", required=True)
    meeting_format: str = spec(N_("Format"), F.CHOICE, choices=MEETING_FORMATS, default="in_person", required=True)
    weekday: int | None = spec(N_("Day"), F.INT, minimum=0, maximum=6, default=None,
                               help=N_("0 = Monday … 6 = Sunday; blank = by appointment"))
    start_time: dt.time | None = spec(N_("Time"), F.TIME, default=None)
    end_time: dt.time | None = spec(N_("Ends"), F.TIME, default=None)
    timezone: str = spec(N_("Time zone"))
    location: str = spec(N_("Location"))
    address: str = spec(N_("Address"))
    url: str = spec(N_("Online link"))
    phone: str = spec(N_("Dial-in phone"))
    meeting_types: tuple[str, ...] = spec(N_("Types"), F.REFS, help=N_("Meeting Guide type codes, e.g. O, D, ST"))
    slug: str = spec(N_("Feed id"), help=N_("The meeting's slug in an imported Meeting Guide feed"))
    region: str = spec(N_("Region"))
    archived: bool = spec(N_("Archived"), F.BOOL)
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        if self.timezone and not is_valid_zone(self.timezone):
            raise ValidationError("timezone", _("Time zone “{zone}” is not a known IANA time zone.").format(
                zone=self.timezone[:64]))

    @property
    def when_text(self) -> str:
        if self.weekday is None:
            return _("By appointment")
        text = fmt.weekday_name(self.weekday)
        if self.start_time is not None:
            text += " " + fmt.time(self.start_time)
        return text


LATE_EVENING, EARLY_MORNING = dt.time(18), dt.time(6)  # a time out this early after a time in this late: past midnight


@dataclass(frozen=True, kw_only=True)
class AttendanceRecord(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)
    ADDED_LATER: ClassVar[tuple[str, ...]] = ("time_in", "time_out", "chair_name", "chair_phone")

    occurred_at: dt.datetime = spec(N_("When"), F.DATETIME, required=True, default=None)
    group_id: str | None = spec(N_("Meeting"), F.REF, ref="group", default=None)
    schedule_item_id: str | None = spec(N_("Scheduled session"), F.REF, ref="schedule", default=None)
    status: str = spec(N_("Status"), F.CHOICE, choices=ATTENDANCE_STATUSES, default="attended", required=True)
    reason: str = spec(N_("Reason"))
    mode: str = spec(N_("Joined"), F.CHOICE, choices=ATTENDANCE_MODES)
    shared: bool | None = spec(N_("I shared"), F.OPTBOOL, default=None)
    signed_by: str = spec(N_("Signed by"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)
    # For an attendance record a court or employer accepts (migration 0006): when the person
    # actually arrived and left (blank: the scheduled times, which the record then prints),
    # and who chaired the meeting, with a phone number to verify it.
    time_in: dt.time | None = spec(N_("Time in"), F.TIME, default=None, help=N_("Blank: the scheduled start"))
    time_out: dt.time | None = spec(N_("Time out"), F.TIME, default=None, help=N_("Blank: the scheduled end"))
    chair_name: str = spec(N_("Chair or secretary"), help=N_("Printed name, for verification"))
    chair_phone: str = spec(N_("Chair's phone"), help=N_("For verification"))

    def check(self) -> None:
        if not self.group_id and not self.schedule_item_id:
            raise ValidationError("group_id", _("Choose the meeting or scheduled session this is for."))
        if self.group_id and self.schedule_item_id:
            raise ValidationError("schedule_item_id", _("Choose either a meeting or a scheduled session, not both."))
        if self.status == "excused" and not self.reason.strip():
            raise ValidationError("reason", _("Reason is required when an absence is excused."))
        if self.time_in is not None and self.time_out is not None and self.time_out <= self.time_in \
                and not (self.time_in >= LATE_EVENING and self.time_out <= EARLY_MORNING):
            # 23:00 to 00:30 is a late meeting that ran past midnight; 19:00 to 17:00 is a slip.
            raise ValidationError("time_out", _("Time out must be after time in."))


# --- self-care and check-ins -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SelfCareEntry(Record):
    WHEN: ClassVar[str] = "occurred_at"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("occurred_at",)

    occurred_at: dt.datetime = spec(N_("When"), F.DATETIME, required=True, default=None)
    category: str = spec(N_("Category"), F.CHOICE, choices=SELF_CARE_CATEGORIES, default="exercise", required=True)
    minutes: int = spec(N_("Minutes"), F.INT, minimum=1, maximum=1440, required=True, default=None)
    mood_before: int | None = spec(N_("Mood before"), F.INT, minimum=1, maximum=5, default=None, anchors=N_("1 = very low … 5 = very good"))
    mood_after: int | None = spec(N_("Mood after"), F.INT, minimum=1, maximum=5, default=None, anchors=N_("1 = very low … 5 = very good"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class CheckIn(Record):
    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec(N_("Day"), F.DATE, required=True, default=None)
    mood: int = spec(N_("Mood"), F.INT, minimum=1, maximum=5, required=True, default=None, anchors=N_("1 = very low … 5 = very good"))
    craving: int = spec(N_("Craving"), F.INT, minimum=0, maximum=10, required=True, default=None, anchors=N_("0 = none … 10 = strongest"))
    sleep_hours: float | None = spec(N_("Sleep (hours)"), F.FLOAT, minimum=0, maximum=24, default=None)
    medication_taken: bool | None = spec(N_("Medication taken"), F.OPTBOOL, default=None,
                                         help=N_("Blank if you take no medication"))
    used_substances: bool = spec(N_("Used substances"), F.BOOL)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class SobrietyPeriod(Record):
    WHEN: ClassVar[str] = "start_date"

    start_date: dt.date = spec(N_("Sober since"), F.DATE, required=True, default=None)
    end_date: dt.date | None = spec(N_("Ended"), F.DATE, default=None, help=N_("Blank while the period goes on"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "end_date", _("Ended must be on or after Sober since."))


# --- goals, milestones, people -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Goal(Record):
    WHEN: ClassVar[str] = "start_date"

    title: str = spec(N_("Goal"), required=True)
    kind: str = spec(N_("Measured by"), F.CHOICE, choices=GOAL_KINDS, default="custom_number", required=True)
    target: float | None = spec(N_("Target"), F.FLOAT, minimum=0, maximum=1_000_000, default=None)
    unit: str = spec(N_("Unit"))
    period: str = spec(N_("Period"), F.CHOICE, choices=GOAL_PERIODS, default="week", required=True)
    category: str = spec(N_("Self-care category"), F.CHOICE, choices=(("", N_("Any")),) + SELF_CARE_CATEGORIES)
    start_date: dt.date = spec(N_("Start date"), F.DATE, required=True, default=None)
    end_date: dt.date | None = spec(N_("End date"), F.DATE, default=None)
    current_value: float | None = spec(N_("Current value"), F.FLOAT, minimum=-1_000_000, maximum=1_000_000,
                                       default=None, help=N_("For custom number goals you update by hand"))
    archived: bool = spec(N_("Archived"), F.BOOL)
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "end_date", _("End date must be on or after the start date."))
        if self.kind != "custom_checklist" and self.target is None:
            raise ValidationError("target", _("Target is required for this kind of goal."))
        if self.kind == "treatment_attendance" and self.target is not None and self.target > 100:
            raise ValidationError("target", _("Target must be between 0 and 100 for an attendance rate."))


@dataclass(frozen=True, kw_only=True)
class Milestone(Record):
    WHEN: ClassVar[str] = "target_date"

    title: str = spec(N_("Milestone"), required=True)
    kind: str = spec(N_("Kind"), F.CHOICE, choices=MILESTONE_KINDS, default="custom", required=True)
    goal_id: str | None = spec(N_("Goal"), F.REF, ref="goal", default=None)
    target_date: dt.date | None = spec(N_("Target date"), F.DATE, default=None)
    reached_on: dt.date | None = spec(N_("Reached on"), F.DATE, default=None)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class SupportContact(Record):
    name: str = spec(N_("Name"), required=True)
    role: str = spec(N_("Role"), F.CHOICE, choices=CONTACT_ROLES, default="sponsor", required=True)
    phone: str = spec(N_("Phone"))
    email: str = spec(N_("Email"))
    emergency: bool = spec(N_("Call in a crisis"), F.BOOL)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


# --- my plan: a safety plan and a relapse-prevention plan in the person's own words ------------

# (key, title). The structures are public: the safety plan follows the steps of the
# Stanley–Brown safety planning intervention, the relapse-prevention plan Marlatt's model.
SAFETY_PLAN_SECTIONS = (
    ("warning_signs", N_("My warning signs")),
    ("cope_alone", N_("Things I can do on my own")),
    ("distractions", N_("People and places that take my mind off it")),
    ("ask_for_help", N_("People I can ask for help")),
    ("professionals", N_("Professionals and 24/7 lines")),
    ("safer_surroundings", N_("Making my surroundings safer")),
    ("reasons", N_("My reasons for living and for recovery")),
)
RELAPSE_PLAN_SECTIONS = (
    ("high_risk", N_("My high-risk situations")),
    ("early_signs", N_("Early warning signs")),
    ("if_then", N_("If… then I will…")),
    ("keep_steady", N_("People, sessions and medicines that keep me steady")),
    ("after_lapse", N_("The first 24 hours after a lapse")),
)
PLAN_SECTIONS = SAFETY_PLAN_SECTIONS + RELAPSE_PLAN_SECTIONS


@dataclass(frozen=True, kw_only=True)
class PlanItem(Record):
    """One line of the person's safety plan or relapse-prevention plan. `position` orders
    the lines within a section; a line may point at the contact or skill it names."""

    section: str = spec(N_("Section"), F.CHOICE, choices=PLAN_SECTIONS, default="warning_signs", required=True)
    text: str = spec(N_("Text"), required=True)
    position: int = spec(N_("Order"), F.INT, minimum=0, maximum=1_000_000, default=0)
    contact_id: str | None = spec(N_("Contact"), F.REF, ref="contact", default=None)
    skill_id: str | None = spec(N_("Skill"), F.REF, ref="skill", default=None)


# --- self-checks --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Assessment(Record):
    """One completed self-check (a validated questionnaire). Only the answers are kept: the
    score and band are always computed from them (app.domain.assessments), never typed."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    instrument: str = spec(N_("Self-check"), F.CHOICE, choices=_assessments.INSTRUMENTS, default="phq9", required=True)
    day: dt.date = spec(N_("Day"), F.DATE, required=True, default=None)
    answers: str = spec(N_("Answers"), required=True,
                        help=N_("one number per question in order, separated by commas, e.g. 0,1,2,3,0,1,2,3,1"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)

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
    ("pending", N_("Waiting for the result")),
    ("negative", N_("Not detected (negative)")),
    ("positive", N_("Detected (positive)")),
    ("dilute", N_("Dilute")),
    ("refused", N_("Not given (refused)")),
)
MEDICATION_DOSING = (("take_home", N_("Take-home")), ("clinic", N_("Dosed at the clinic")))
DOSE_STATUSES = (("taken", N_("Taken")), ("missed", N_("Not taken")))
MAX_DOSES_A_DAY = 12
# (key, title) of the aftercare (discharge) plan's sections, in order.
AFTERCARE_SECTIONS = (
    ("appointments", N_("Continuing care appointments")),
    ("meetings", N_("Meetings I will keep going to")),
    ("people", N_("People I can call")),
    ("medications", N_("My medications")),
    ("warning_signs", N_("Warning signs to watch for")),
    ("actions", N_("What I will do when I notice them")),
)


@dataclass(frozen=True, kw_only=True)
class DrugScreen(Record):
    """One drug screen (urine, saliva…) and its result as the person was told it."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec(N_("Day"), F.DATE, required=True, default=None)
    result: str = spec(N_("Result"), F.CHOICE, choices=DRUG_SCREEN_RESULTS, default="pending", required=True)
    substances: str = spec(N_("Substances"), help=N_("what it tested for or found, e.g. opioids, THC"))
    observed: bool | None = spec(N_("Observed collection"), F.OPTBOOL, default=None)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class CallInCheck(Record):
    """The answer to the day's "did I call the testing line?" (random drug-screen call-in)."""

    WHEN: ClassVar[str] = "day"
    PAST_ONLY: ClassVar[tuple[str, ...]] = ("day",)

    day: dt.date = spec(N_("Day"), F.DATE, required=True, default=None)
    called: bool = spec(N_("I called the testing line"), F.BOOL)
    test_today: bool | None = spec(N_("I am asked to test today"), F.OPTBOOL, default=None)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


def parse_dose_times(text: str) -> tuple[dt.time, ...]:
    """ "8:00, 20:00" -> (08:00, 20:00), sorted. Raises ValidationError naming dose_times."""
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            hours, _sep, minutes = part.partition(":")
            out.append(dt.time(int(hours), int(minutes or 0)))
        except ValueError:
            raise ValidationError("dose_times", _("Times of day: “{text}” is not a time like 08:00.").format(
                text=part[:20])) from None
    if len(set(out)) != len(out):
        raise ValidationError("dose_times", _("Times of day lists the same time twice."))
    return tuple(sorted(out))


@dataclass(frozen=True, kw_only=True)
class Medication(Record):
    """A medicine the person takes, including medication for opioid or alcohol use (MOUD)."""

    WHEN: ClassVar[str] = "start_date"

    name: str = spec(N_("Medication"), required=True)
    dose: str = spec(N_("Dose"), help=N_("e.g. 16 mg"))
    times_per_day: int = spec(N_("Doses a day"), F.INT, minimum=1, maximum=MAX_DOSES_A_DAY, default=1, required=True)
    dose_times: str = spec(N_("Times of day"), help=N_("e.g. 08:00, 20:00; blank for any time of day"))
    dosing: str = spec(N_("Where"), F.CHOICE, choices=MEDICATION_DOSING, default="take_home", required=True)
    moud: bool = spec(N_("Medication for addiction treatment (MOUD)"), F.BOOL,
                      help=N_("e.g. buprenorphine, methadone, naltrexone"))
    prescriber: str = spec(N_("Prescriber"))
    start_date: dt.date = spec(N_("Started"), F.DATE, required=True, default=None)
    stop_date: dt.date | None = spec(N_("Stopped"), F.DATE, default=None, help=N_("Blank while you still take it"))
    notes: str = spec(N_("Notes"), F.LONGTEXT)

    def check(self) -> None:
        _require_order(self, "start_date", "stop_date", _("Stopped must be on or after Started."))
        if self.dose_times.strip():
            times = parse_dose_times(self.dose_times)
            if len(times) != self.times_per_day:
                raise ValidationError("dose_times", ngettext(
                    "Times of day lists {n} time; Doses a day is {doses}.",
                    "Times of day lists {n} times; Doses a day is {doses}.", len(times)).format(
                    n=fmt.number(len(times)), doses=fmt.number(self.times_per_day)))
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

    medication_id: str = spec(N_("Medication"), F.REF, ref="medication", required=True, default="")
    day: dt.date = spec(N_("Day"), F.DATE, required=True, default=None)
    slot: int = spec(N_("Dose number"), F.INT, minimum=1, maximum=MAX_DOSES_A_DAY, default=1, required=True,
                     help=N_("1 for the day's first dose, 2 for the second…"))
    status: str = spec(N_("Status"), F.CHOICE, choices=DOSE_STATUSES, default="taken", required=True)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class Homework(Record):
    """An assignment from group or a counselor: a worksheet, a reading, a call to make."""

    WHEN: ClassVar[str] = "due"

    title: str = spec(N_("Homework"), required=True)
    due: dt.date | None = spec(N_("Due"), F.DATE, default=None)
    done: bool = spec(N_("Done"), F.BOOL)
    notes: str = spec(N_("Notes"), F.LONGTEXT)


@dataclass(frozen=True, kw_only=True)
class AftercareItem(Record):
    """One line of the aftercare (discharge) plan, in the person's own words; `position`
    orders the lines within a section, as in My plan."""

    section: str = spec(N_("Section"), F.CHOICE, choices=AFTERCARE_SECTIONS, default="appointments", required=True)
    text: str = spec(N_("Text"), required=True)
    position: int = spec(N_("Order"), F.INT, minimum=0, maximum=1_000_000, default=0)


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
        label = i18n._(F.spec_named(type(record), name).label)
        if isinstance(value, dt.datetime):
            # A few minutes of slack for clocks and for people logging "now" slowly.
            if value > now + dt.timedelta(minutes=5):
                raise ValidationError(name, _("{field} cannot be in the future.").format(field=label))
        elif value > now.date():
            raise ValidationError(name, _("{field} cannot be in the future.").format(field=label))
