"""The kinds of record, by the names the CLI, the GUI and the file formats use."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import records as D


@dataclass(frozen=True)
class Kind:
    name: str  # CLI and export name
    record_type: type[D.Record]
    repo: str  # attribute of Store
    singular: str
    plural: str
    columns: tuple[str, ...]  # fields shown in tables, in order
    empty_hint: str  # what to do when there is nothing yet

    @property
    def nouns(self) -> str:
        """ "Coping entries", "Check-ins": the records themselves, where `plural` names the
        page or table that lists them ("Coping log", "Support network")."""
        words = self.singular
        words = words[:-1] + "ies" if words.endswith("y") and words[-2:-1] not in "aeiou" else words + "s"
        return words[:1].upper() + words[1:]


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("schedule", D.ScheduleItem, "schedule", "schedule item", "Schedule",
         ("start", "end", "title", "kind", "recurrence", "location"),
         "Add your IOP sessions, meetings, work shifts and family time to see your week in one place."),
    Kind("coping", D.CopingEntry, "coping", "coping entry", "Coping log",
         ("occurred_at", "situation", "urge_before", "urge_after", "skill_ids", "outcome"),
         "When a trigger or craving hits, log what happened and which skill you used. "
         "Over time you will see which skills help most."),
    Kind("attendance", D.AttendanceRecord, "attendance", "attendance record", "Attendance",
         ("occurred_at", "group_id", "schedule_item_id", "status", "mode", "shared", "reason"),
         "Log each meeting or session you attend, miss or are excused from."),
    Kind("selfcare", D.SelfCareEntry, "selfcare", "self-care entry", "Self-care",
         ("occurred_at", "category", "minutes", "mood_before", "mood_after", "notes"),
         "Log exercise, sleep, relaxation, hobbies and time with people you care about."),
    Kind("checkin", D.CheckIn, "checkins", "check-in", "Check-ins",
         ("day", "mood", "craving", "sleep_hours", "medication_taken", "used_substances", "notes"),
         "A daily check-in takes under a minute: mood, craving, sleep and medication."),
    Kind("skill", D.CopingSkill, "skills", "coping skill", "Coping skills",
         ("name", "category", "how_to", "archived"),
         "Add the coping skills you are learning, with a short how-to for hard moments."),
    Kind("group", D.SupportGroup, "groups", "meeting", "Meetings",
         ("name", "fellowship", "meeting_format", "weekday", "start_time", "location", "archived"),
         "Add the support meetings you go to (AA, NA, SMART, LifeRing, Recovery Dharma…)."),
    Kind("program", D.Program, "programs", "program", "Programs",
         ("name", "provider", "start_date", "expected_end"),
         "Add your treatment program and its phases."),
    Kind("phase", D.ProgramPhase, "phases", "program phase", "Program phases",
         ("start_date", "name", "target_sessions_per_week", "target_treatment_hours"),
         "Add the phases of your program as it steps down."),
    Kind("sobriety", D.SobrietyPeriod, "sobriety", "sobriety period", "Sobriety",
         ("start_date", "end_date", "notes"),
         "Set the date your current sober period started."),
    Kind("goal", D.Goal, "goals", "goal", "Goals",
         ("title", "kind", "target", "unit", "period", "start_date", "end_date"),
         "Set a goal, like 3 meetings a week or 150 minutes of exercise, and watch your progress."),
    Kind("milestone", D.Milestone, "milestones", "milestone", "Milestones",
         ("title", "kind", "target_date", "reached_on"),
         "Milestones mark the steps of a goal, like telling your manager about your schedule."),
    Kind("contact", D.SupportContact, "contacts", "support contact", "Support network",
         ("name", "role", "phone", "email", "emergency"),
         "Add the people you can call: your sponsor, counselor, a peer, a crisis line."),
    Kind("plan", D.PlanItem, "plan", "plan item", "My plan",
         ("section", "position", "text"),
         "Write your safety plan and your relapse-prevention plan in your own words, a line at a time."),
    Kind("assessment", D.Assessment, "assessments", "self-check", "Self-checks",
         ("day", "instrument", "answers"),
         "A self-check (PHQ-9, GAD-7, WHO-5 or AUDIT-C) every couple of weeks shows you and your "
         "counselor what is changing."),
    Kind("drug_screen", D.DrugScreen, "drug_screens", "drug screen", "Drug screens",
         ("day", "result", "substances", "observed"),
         "Keep your drug screens here: the day, the result when you hear it, and whether the "
         "collection was observed. A result is one day's information; it never erases your history."),
    Kind("callin", D.CallInCheck, "callins", "call-in check", "Call-in checks",
         ("day", "called", "test_today"),
         "If your program asks you to call a testing line each day, Steady can ask you on Today "
         "whether you have called."),
    Kind("medication", D.Medication, "medications", "medication", "Medications",
         ("name", "dose", "times_per_day", "dose_times", "dosing", "start_date", "stop_date"),
         "Add the medicines you take, including medication for addiction treatment, with how "
         "many doses a day. Then tick each dose on this page as you take it."),
    Kind("dose", D.DoseLog, "doses", "dose", "Dose log",
         ("day", "medication_id", "slot", "status"),
         "Each dose you note as taken or not taken under Today's doses (the Medications tab) is "
         "kept here, so you and your prescriber can look back."),
    Kind("homework", D.Homework, "homework", "homework item", "Homework",
         ("title", "due", "done"),
         "Write down homework from group or your counselor with its due date; Today reminds "
         "you when it is due."),
    Kind("aftercare", D.AftercareItem, "aftercare", "aftercare plan line", "Aftercare plan",
         ("section", "position", "text"),
         "Your aftercare plan says how you will keep going after the program: appointments, "
         "meetings, people, medications, warning signs and what you will do."),
)}

BY_TYPE: dict[type, Kind] = {k.record_type: k for k in KINDS.values()}

# Records that are not a kind of their own but travel with one (exports, backups).
CHANGES_NOUNS = "Changed or cancelled sessions"


def kind_of(record: D.Record | type) -> Kind:
    return BY_TYPE[record if isinstance(record, type) else type(record)]
