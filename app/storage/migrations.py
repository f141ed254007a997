"""Numbered schema steps. A landed step is never edited: add a new one instead.

The names recorded in `_sqlite_migrations` are how a newer file is recognised: a name
this version does not know means a newer Steady wrote the file, and it is refused.
"""

from __future__ import annotations

from .lite import Database, Migrations

MIGRATION_SET = "steady"
migrations = Migrations(MIGRATION_SET)
_NAMES: list[str] = []


def step(name: str):
    """Register a numbered migration step and remember its name."""
    _NAMES.append(name)
    return migrations(name=name)


_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


@step("0001_initial_schema")
def m0001_initial_schema(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE programs (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL, expected_end TEXT, notes TEXT NOT NULL DEFAULT '',
            {_STAMPS});
        CREATE TABLE program_phases (
            id TEXT PRIMARY KEY,
            program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
            name TEXT NOT NULL, start_date TEXT NOT NULL,
            target_sessions_per_week INTEGER, target_treatment_hours REAL,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_program_phases_start ON program_phases(start_date);

        CREATE TABLE schedule_items (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
            "start" TEXT NOT NULL, "end" TEXT NOT NULL, timezone TEXT NOT NULL,
            all_day INTEGER NOT NULL DEFAULT 0, recurrence TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
            reminder_minutes INTEGER, {_STAMPS});
        CREATE INDEX idx_schedule_items_start ON schedule_items("start");

        CREATE TABLE coping_skills (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
            how_to TEXT NOT NULL DEFAULT '', archived INTEGER NOT NULL DEFAULT 0,
            builtin INTEGER NOT NULL DEFAULT 0, {_STAMPS});

        CREATE TABLE coping_entries (
            id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL,
            situation TEXT NOT NULL DEFAULT '', triggers TEXT NOT NULL DEFAULT '[]',
            emotions TEXT NOT NULL DEFAULT '', urge_before INTEGER NOT NULL, urge_after INTEGER,
            skill_ids TEXT NOT NULL DEFAULT '[]', outcome TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_coping_entries_occurred_at ON coping_entries(occurred_at);

        CREATE TABLE support_groups (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, fellowship TEXT NOT NULL,
            meeting_format TEXT NOT NULL, weekday INTEGER, start_time TEXT, end_time TEXT,
            timezone TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '', meeting_types TEXT NOT NULL DEFAULT '[]',
            slug TEXT NOT NULL DEFAULT '', region TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE UNIQUE INDEX idx_support_groups_slug ON support_groups(slug) WHERE slug != '';

        CREATE TABLE attendance (
            id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL,
            group_id TEXT REFERENCES support_groups(id),
            schedule_item_id TEXT REFERENCES schedule_items(id),
            status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '',
            shared INTEGER, signed_by TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
            {_STAMPS});
        CREATE INDEX idx_attendance_occurred_at ON attendance(occurred_at);
        CREATE INDEX idx_attendance_group ON attendance(group_id);
        CREATE INDEX idx_attendance_schedule_item ON attendance(schedule_item_id);

        CREATE TABLE selfcare_entries (
            id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL, category TEXT NOT NULL,
            minutes INTEGER NOT NULL, mood_before INTEGER, mood_after INTEGER,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_selfcare_entries_occurred_at ON selfcare_entries(occurred_at);

        CREATE TABLE checkins (
            id TEXT PRIMARY KEY, day TEXT NOT NULL UNIQUE, mood INTEGER NOT NULL,
            craving INTEGER NOT NULL, sleep_hours REAL, medication_taken INTEGER,
            used_substances INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '',
            {_STAMPS});

        CREATE TABLE sobriety_periods (
            id TEXT PRIMARY KEY, start_date TEXT NOT NULL, end_date TEXT,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_sobriety_periods_start ON sobriety_periods(start_date);

        CREATE TABLE goals (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, target REAL,
            unit TEXT NOT NULL DEFAULT '', period TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL, end_date TEXT, current_value REAL,
            archived INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '', {_STAMPS});

        CREATE TABLE milestones (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,
            goal_id TEXT REFERENCES goals(id) ON DELETE CASCADE,
            target_date TEXT, reached_on TEXT, notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_milestones_goal ON milestones(goal_id);

        CREATE TABLE support_contacts (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
            phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
            emergency INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '', {_STAMPS});

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


def known_names() -> frozenset[str]:
    return frozenset(_NAMES)


@step("0002_schedule_changes_and_calendar_links")
def m0002_schedule_changes_and_calendar_links(db: Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE schedule_changes (
            id TEXT PRIMARY KEY,
            item_id TEXT NOT NULL REFERENCES schedule_items(id) ON DELETE CASCADE,
            original_start TEXT NOT NULL, cancelled INTEGER NOT NULL DEFAULT 0,
            new_start TEXT, new_end TEXT, title TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', {_STAMPS},
            UNIQUE (item_id, original_start));
        CREATE INDEX idx_schedule_changes_new_start ON schedule_changes(new_start);

        -- Where an item came from in an imported calendar, so re-importing updates it.
        CREATE TABLE calendar_links (
            item_id TEXT PRIMARY KEY REFERENCES schedule_items(id) ON DELETE CASCADE,
            uid TEXT NOT NULL UNIQUE, source TEXT NOT NULL DEFAULT '', {_STAMPS});
        """
    )


@step("0003_plan_items")
def m0003_plan_items(db: Database) -> None:
    # A plan line outlives the contact or skill it names: deleting one only unlinks it
    # (the services read the links first so that undo can put them back).
    db.executescript(
        f"""
        CREATE TABLE plan_items (
            id TEXT PRIMARY KEY, section TEXT NOT NULL, text TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            contact_id TEXT REFERENCES support_contacts(id) ON DELETE SET NULL,
            skill_id TEXT REFERENCES coping_skills(id) ON DELETE SET NULL, {_STAMPS});
        CREATE INDEX idx_plan_items_section ON plan_items(section, position);
        CREATE INDEX idx_plan_items_contact ON plan_items(contact_id);
        CREATE INDEX idx_plan_items_skill ON plan_items(skill_id);
        """
    )


@step("0004_skill_sources_and_practice")
def m0004_skill_sources_and_practice(db: Database) -> None:
    # Library skills name their source and the revision of the text; a coping entry can be
    # practice (logged while calm), which skill-effectiveness figures leave out.
    db.executescript(
        """
        ALTER TABLE coping_skills ADD COLUMN source TEXT NOT NULL DEFAULT '';
        ALTER TABLE coping_skills ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE coping_entries ADD COLUMN practice INTEGER NOT NULL DEFAULT 0;
        """
    )


@step("0005_assessments")
def m0005_assessments(db: Database) -> None:
    # Self-checks keep only what the person answered; the score and band are computed from
    # the answers (app.domain.assessments), so a corrected scoring rule fixes every row.
    db.executescript(
        f"""
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY, instrument TEXT NOT NULL, day TEXT NOT NULL,
            answers TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_assessments_day ON assessments(day);
        """
    )


@step("0006_attendance_times_and_chair")
def m0006_attendance_times_and_chair(db: Database) -> None:
    # An attendance record a court or employer accepts: the actual time in and out (NULL:
    # the scheduled times) and the chair or secretary who can verify it.
    db.executescript(
        """
        ALTER TABLE attendance ADD COLUMN time_in TEXT;
        ALTER TABLE attendance ADD COLUMN time_out TEXT;
        ALTER TABLE attendance ADD COLUMN chair_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE attendance ADD COLUMN chair_phone TEXT NOT NULL DEFAULT '';
        """
    )


@step("0007_treatment_details")
def m0007_treatment_details(db: Database) -> None:
    # Drug screens, the daily call-in check, medications with their dose log, homework and the
    # aftercare plan (issue 16). A medication's doses go with it (undo puts them back);
    # one dose row per medication, day and dose number, one call-in answer a day.
    db.executescript(
        f"""
        CREATE TABLE drug_screens (
            id TEXT PRIMARY KEY, day TEXT NOT NULL, result TEXT NOT NULL,
            substances TEXT NOT NULL DEFAULT '', observed INTEGER,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_drug_screens_day ON drug_screens(day);

        CREATE TABLE callin_checks (
            id TEXT PRIMARY KEY, day TEXT NOT NULL UNIQUE, called INTEGER NOT NULL DEFAULT 0,
            test_today INTEGER, notes TEXT NOT NULL DEFAULT '', {_STAMPS});

        CREATE TABLE medications (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, dose TEXT NOT NULL DEFAULT '',
            times_per_day INTEGER NOT NULL DEFAULT 1, dose_times TEXT NOT NULL DEFAULT '',
            dosing TEXT NOT NULL, moud INTEGER NOT NULL DEFAULT 0,
            prescriber TEXT NOT NULL DEFAULT '', start_date TEXT NOT NULL, stop_date TEXT,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});

        CREATE TABLE doses (
            id TEXT PRIMARY KEY,
            medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
            day TEXT NOT NULL, slot INTEGER NOT NULL, status TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS},
            UNIQUE (medication_id, day, slot));
        CREATE INDEX idx_doses_day ON doses(day);

        CREATE TABLE homework (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, due TEXT, done INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '', {_STAMPS});
        CREATE INDEX idx_homework_due ON homework(due);

        CREATE TABLE aftercare_items (
            id TEXT PRIMARY KEY, section TEXT NOT NULL, text TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0, {_STAMPS});
        CREATE INDEX idx_aftercare_items_section ON aftercare_items(section, position);
        """
    )


@step("0008_search_index")
def m0008_search_index(db: Database) -> None:
    # The tables' search boxes answer from an FTS5 trigram index kept in sync by triggers
    # (app.storage.search explains the choices). Every record is noted for indexing; the
    # texts are made by the first search of each table, so this step stays quick.
    from . import search

    search.install(db)


@step("0009_meeting_days")
def m0009_meeting_days(db: Database) -> None:
    # The meeting streaks' runs up to yesterday, kept so the Meetings page does not read every
    # meeting date of the history; triggers clear them when an earlier meeting changes.
    from .repository import ensure_meeting_days

    ensure_meeting_days(db)
