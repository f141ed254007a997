"""The kinds of record, by the names the CLI, the GUI and the file formats use."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import records as D
from app.domain.i18n import N_, _
from app.domain.i18n import ngettext as _ngettext  # applied to the nouns marked with plural() below


def plural(_n: int, one: str, many: str) -> tuple[str, str]:
    """Marks a kind's noun and its plural for the catalogue (one entry with both forms, as
    `formatting.plural` makes them), keeping the English: `Kind` translates them when asked."""
    return one, many


@dataclass(frozen=True)
class Kind:
    """A kind of record. Its key (`name`), table and columns are the same in every language;
    the words a person reads are written in English, marked with N_(), and `singular`,
    `plural`, `nouns` and `empty_hint` give them in the reader's language when asked."""

    name: str  # CLI and export name
    record_type: type[D.Record]
    repo: str  # attribute of Store
    noun_en: tuple[str, str]  # ("coping entry", "coping entries")
    plural_en: str  # the page or table that lists them: "Coping log"
    columns: tuple[str, ...]  # fields shown in tables, in order
    empty_hint_en: str  # what to do when there is nothing yet

    @property
    def singular(self) -> str:
        """ "coping entry": one record of the kind."""
        return _ngettext(*self.noun_en, 1)

    @property
    def plural(self) -> str:
        return _(self.plural_en)

    @property
    def nouns(self) -> str:
        """ "Coping entries", "Check-ins": the records themselves, where `plural` names the
        page or table that lists them ("Coping log", "Support network")."""
        words = _ngettext(*self.noun_en, 2)
        return words[:1].upper() + words[1:]

    @property
    def empty_hint(self) -> str:
        return _(self.empty_hint_en)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("schedule", D.ScheduleItem, "schedule", plural(1, "schedule item", "schedule items"), N_("Schedule"),
         ("start", "end", "title", "kind", "recurrence", "location"),
         N_("Add your IOP sessions, meetings, work shifts and family time to see your week in one place.")),
    Kind("coping", D.CopingEntry, "coping", plural(1, "coping entry", "coping entries"), N_("Coping log"),
         ("occurred_at", "situation", "urge_before", "urge_after", "skill_ids", "outcome"),
         N_("When a trigger or craving hits, log what happened and which skill you used. "
            "Over time you will see which skills help most.")),
    Kind("attendance", D.AttendanceRecord, "attendance", plural(1, "attendance record", "attendance records"),
         N_("Attendance"),
         ("occurred_at", "group_id", "schedule_item_id", "status", "mode", "shared", "reason"),
         N_("Log each meeting or session you attend, miss or are excused from.")),
    Kind("selfcare", D.SelfCareEntry, "selfcare", plural(1, "self-care entry", "self-care entries"), N_("Self-care"),
         ("occurred_at", "category", "minutes", "mood_before", "mood_after", "notes"),
         N_("Log exercise, sleep, relaxation, hobbies and time with people you care about.")),
    Kind("checkin", D.CheckIn, "checkins", plural(1, "check-in", "check-ins"), N_("Check-ins"),
         ("day", "mood", "craving", "sleep_hours", "medication_taken", "used_substances", "notes"),
         N_("A daily check-in takes under a minute: mood, craving, sleep and medication.")),
    Kind("skill", D.CopingSkill, "skills", plural(1, "coping skill", "coping skills"), N_("Coping skills"),
         ("name", "category", "how_to", "archived"),
         N_("Add the coping skills you are learning, with a short how-to for hard moments.")),
    Kind("group", D.SupportGroup, "groups", plural(1, "meeting", "meetings"), N_("Meetings"),
         ("name", "fellowship", "meeting_format", "weekday", "start_time", "location", "archived"),
         N_("Add the support meetings you go to (AA, NA, SMART, LifeRing, Recovery Dharma…).")),
    Kind("program", D.Program, "programs", plural(1, "program", "programs"), N_("Programs"),
         ("name", "provider", "start_date", "expected_end"),
         N_("Add your treatment program and its phases.")),
    Kind("phase", D.ProgramPhase, "phases", plural(1, "program phase", "program phases"), N_("Program phases"),
         ("start_date", "name", "target_sessions_per_week", "target_treatment_hours"),
         N_("Add the phases of your program as it steps down.")),
    Kind("sobriety", D.SobrietyPeriod, "sobriety", plural(1, "sobriety period", "sobriety periods"), N_("Sobriety"),
         ("start_date", "end_date", "notes"),
         N_("Set the date your current sober period started.")),
    Kind("goal", D.Goal, "goals", plural(1, "goal", "goals"), N_("Goals"),
         ("title", "kind", "target", "unit", "period", "start_date", "end_date"),
         N_("Set a goal, like 3 meetings a week or 150 minutes of exercise, and watch your progress.")),
    Kind("milestone", D.Milestone, "milestones", plural(1, "milestone", "milestones"), N_("Milestones"),
         ("title", "kind", "target_date", "reached_on"),
         N_("Milestones mark the steps of a goal, like telling your manager about your schedule.")),
    Kind("contact", D.SupportContact, "contacts", plural(1, "support contact", "support contacts"), N_("Support network"),
         ("name", "role", "phone", "email", "emergency"),
         N_("Add the people you can call: your sponsor, counselor, a peer, a crisis line.")),
    Kind("plan", D.PlanItem, "plan", plural(1, "plan item", "plan items"), N_("My plan"),
         ("section", "position", "text"),
         N_("Write your safety plan and your relapse-prevention plan in your own words, a line at a time.")),
    Kind("assessment", D.Assessment, "assessments", plural(1, "self-check", "self-checks"), N_("Self-checks"),
         ("day", "instrument", "answers"),
         N_("A self-check (PHQ-9, GAD-7, WHO-5 or AUDIT-C) every couple of weeks shows you and your "
            "counselor what is changing.")),
    Kind("drug_screen", D.DrugScreen, "drug_screens", plural(1, "drug screen", "drug screens"), N_("Drug screens"),
         ("day", "result", "substances", "observed"),
         N_("Keep your drug screens here: the day, the result when you hear it, and whether the "
            "collection was observed. A result is one day's information; it never erases your history.")),
    Kind("callin", D.CallInCheck, "callins", plural(1, "call-in check", "call-in checks"), N_("Call-in checks"),
         ("day", "called", "test_today"),
         N_("If your program asks you to call a testing line each day, Steady can ask you on Today "
            "whether you have called.")),
    Kind("medication", D.Medication, "medications", plural(1, "medication", "medications"), N_("Medications"),
         ("name", "dose", "times_per_day", "dose_times", "dosing", "start_date", "stop_date"),
         N_("Add the medicines you take, including medication for addiction treatment, with how "
            "many doses a day. Then tick each dose on this page as you take it.")),
    Kind("dose", D.DoseLog, "doses", plural(1, "dose", "doses"), N_("Dose log"),
         ("day", "medication_id", "slot", "status"),
         N_("Each dose you note as taken or not taken under Today's doses (the Medications tab) is "
            "kept here, so you and your prescriber can look back.")),
    Kind("homework", D.Homework, "homework", plural(1, "homework item", "homework items"), N_("Homework"),
         ("title", "due", "done"),
         N_("Write down homework from group or your counselor with its due date; Today reminds "
            "you when it is due.")),
    Kind("aftercare", D.AftercareItem, "aftercare", plural(1, "aftercare plan line", "aftercare plan lines"), N_("Aftercare plan"),
         ("section", "position", "text"),
         N_("Your aftercare plan says how you will keep going after the program: appointments, "
            "meetings, people, medications, warning signs and what you will do.")),
)}

BY_TYPE: dict[type, Kind] = {k.record_type: k for k in KINDS.values()}

# Records that are not a kind of their own but travel with one (exports, backups).
CHANGES_NOUNS = N_("Changed or cancelled sessions")  # shown as _(CHANGES_NOUNS)


def kind_of(record: D.Record | type) -> Kind:
    return BY_TYPE[record if isinstance(record, type) else type(record)]
