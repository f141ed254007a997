import dataclasses
import datetime as dt
import os
import uuid

import pytest
from hypothesis import given, strategies as st

from app.domain import fields as F
from app.domain import records
from app.domain.errors import ValidationError
from app.domain.records import (
    ALL_RECORD_TYPES, AttendanceRecord, CheckIn, CopingEntry, Goal, ScheduleItem, SelfCareEntry,
    SobrietyPeriod, SupportGroup, check_not_future,
)

WHEN = dt.datetime(2026, 3, 14, 18, 30)


def test_urge_after_out_of_range_names_the_field_in_a_sentence():
    with pytest.raises(ValidationError) as err:
        CopingEntry(occurred_at=WHEN, urge_before=5, urge_after=11)
    assert err.value.field == "urge_after"
    assert err.value.message == "Urge after must be between 0 and 10."


@pytest.mark.parametrize("kwargs, field, message", [
    (dict(occurred_at=WHEN), "urge_before", "Urge before is required."),
    (dict(occurred_at=WHEN, urge_before=-1), "urge_before", "Urge before must be between 0 and 10."),
    (dict(occurred_at=WHEN, urge_before=True), "urge_before", "Urge before must be a number."),
    (dict(occurred_at=WHEN, urge_before=3, triggers=("bored",)), "triggers", None),
    (dict(occurred_at=WHEN, urge_before=3, outcome="great"), "outcome", None),
    (dict(occurred_at=WHEN.replace(tzinfo=dt.timezone.utc), urge_before=3), "occurred_at", None),
])
def test_coping_entry_rejects_bad_values(kwargs, field, message):
    with pytest.raises(ValidationError) as err:
        CopingEntry(**kwargs)
    assert err.value.field == field
    if message:
        assert err.value.message == message
    assert err.value.message.endswith(".")


def test_every_record_gets_a_distinct_uuid():
    a = SobrietyPeriod(start_date=dt.date(2026, 1, 1))
    b = SobrietyPeriod(start_date=dt.date(2026, 1, 1))
    assert a.id != b.id and len(a.id) == 36


def test_records_are_frozen():
    entry = SelfCareEntry(occurred_at=WHEN, category="exercise", minutes=30)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.minutes = 40  # type: ignore[misc]


def test_schedule_item_rules():
    base = dict(title="Group", start=WHEN, end=WHEN + dt.timedelta(hours=3), timezone="America/New_York")
    assert ScheduleItem(**base).is_treatment
    with pytest.raises(ValidationError, match="Ends must be after Starts"):
        ScheduleItem(**{**base, "end": WHEN})
    with pytest.raises(ValidationError, match="not a known IANA time zone"):
        ScheduleItem(**{**base, "timezone": "Mars/Olympus"})
    with pytest.raises(ValidationError, match="Repeats"):
        ScheduleItem(**{**base, "recurrence": "FREQ=HOURLY"})
    with pytest.raises(ValidationError, match="Repeats"):
        ScheduleItem(**{**base, "recurrence": "nonsense"})
    assert ScheduleItem(**{**base, "recurrence": "FREQ=WEEKLY;BYDAY=TU;COUNT=10"}).recurrence


def test_attendance_needs_a_target_and_excused_needs_a_reason():
    with pytest.raises(ValidationError) as err:
        AttendanceRecord(occurred_at=WHEN)
    assert err.value.field == "group_id"
    with pytest.raises(ValidationError) as err:
        AttendanceRecord(occurred_at=WHEN, group_id="g", status="excused")
    assert err.value.field == "reason"
    assert AttendanceRecord(occurred_at=WHEN, group_id="g", status="excused", reason="Flu").reason == "Flu"


def test_checkin_ranges():
    CheckIn(day=dt.date(2026, 1, 1), mood=1, craving=0, sleep_hours=0.0)
    with pytest.raises(ValidationError, match="Mood must be between 1 and 5"):
        CheckIn(day=dt.date(2026, 1, 1), mood=6, craving=0)
    with pytest.raises(ValidationError, match="Sleep"):
        CheckIn(day=dt.date(2026, 1, 1), mood=3, craving=0, sleep_hours=25.0)
    with pytest.raises(ValidationError, match="Sleep"):
        CheckIn(day=dt.date(2026, 1, 1), mood=3, craving=0, sleep_hours=float("nan"))


def test_goal_needs_target_unless_checklist():
    with pytest.raises(ValidationError) as err:
        Goal(title="Meetings", kind="meetings_per_week", start_date=dt.date(2026, 1, 1))
    assert err.value.field == "target"
    Goal(title="Tell my manager", kind="custom_checklist", start_date=dt.date(2026, 1, 1))


def test_group_timezone_optional_but_checked():
    SupportGroup(name="Home group")
    with pytest.raises(ValidationError):
        SupportGroup(name="Home group", timezone="Nowhere/Land")


def test_not_future():
    now = dt.datetime(2026, 3, 14, 12, 0)
    check_not_future(CopingEntry(occurred_at=now + dt.timedelta(minutes=4), urge_before=1), now)
    with pytest.raises(ValidationError) as err:
        check_not_future(CopingEntry(occurred_at=now + dt.timedelta(hours=1), urge_before=1), now)
    assert err.value.message == "When cannot be in the future."
    with pytest.raises(ValidationError):
        check_not_future(CheckIn(day=dt.date(2026, 3, 15), mood=3, craving=1), now)
    # Plans are allowed in the future.
    check_not_future(ScheduleItem(title="x", start=now + dt.timedelta(days=3),
                                  end=now + dt.timedelta(days=3, hours=1), timezone="UTC"), now)


def test_text_round_trips_exactly():
    weird = "x" * 100_001 + "🙂 שלום مرحبا \x00\x07\u202e'; DROP TABLE coping_entries; --"
    entry = CopingEntry(occurred_at=WHEN, urge_before=3, notes=weird)
    assert CopingEntry.from_plain(entry.to_plain()) == entry


@pytest.mark.parametrize("record_type", ALL_RECORD_TYPES)
def test_every_spec_has_a_label_and_valid_choice_defaults(record_type):
    for s in F.specs_of(record_type):
        assert s.label and s.name
        if s.kind == F.CHOICE:
            default = record_type.__dataclass_fields__[s.name].default
            assert default in s.choice_keys


@pytest.mark.parametrize("spec_kind, text, expected", [
    (F.INT, " 7 ", 7),
    (F.FLOAT, "7.5", 7.5),
    (F.BOOL, "Yes", True),
    (F.OPTBOOL, "no", False),
    (F.OPTBOOL, "", None),
    (F.DATE, "2026-03-14", dt.date(2026, 3, 14)),
    (F.DATETIME, "2026-03-14 18:30", dt.datetime(2026, 3, 14, 18, 30)),
    (F.TIME, "18:30", dt.time(18, 30)),
])
def test_parse_text(spec_kind, text, expected):
    assert F.parse_text(F.FieldSpec("X", spec_kind, name="x"), text) == expected


def test_parse_text_errors_name_the_field():
    with pytest.raises(ValidationError, match="Urge must be a whole number"):
        F.parse_text(F.FieldSpec("Urge", F.INT, name="urge"), "seven")
    with pytest.raises(ValidationError, match="without a UTC offset"):
        F.parse_text(F.FieldSpec("When", F.DATETIME, name="w"), "2026-03-14T18:30+02:00")
    choice = F.FieldSpec("Outcome", F.CHOICE, choices=(("passed", "Urge passed"),), name="o")
    assert F.parse_text(choice, "Urge passed") == "passed"
    with pytest.raises(ValidationError, match="Outcome must be one of: passed"):
        F.parse_text(choice, "maybe")


@given(
    urge_before=st.integers(0, 10),
    urge_after=st.one_of(st.none(), st.integers(0, 10)),
    notes=st.text(),
    minute=st.integers(0, 59),
)
def test_coping_plain_round_trip_property(urge_before, urge_after, notes, minute):
    entry = CopingEntry(occurred_at=WHEN.replace(minute=minute), urge_before=urge_before,
                        urge_after=urge_after, notes=notes, triggers=("people", "hungry"))
    assert CopingEntry.from_plain(entry.to_plain()) == entry


# --- ids ---------------------------------------------------------------------------------


def test_new_ids_are_random_version_4_uuids_and_never_repeat():
    ids = [records.new_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    for text in ids[:300]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_new_ids_ask_the_os_for_randomness_in_bulk(monkeypatch):
    """One os.urandom call per id let go of the interpreter lock thousands of times in a row
    while an import was planned, and the window's thread waited 50-200 ms for its turn."""
    calls = []
    real = os.urandom

    def counting(n):
        calls.append(n)
        return real(n)

    monkeypatch.setattr(os, "urandom", counting)
    for _ in range(3000):
        records.new_id()
    assert len(calls) <= 3000 * 16 // 4096 + 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_child_does_not_hand_out_its_parents_ids():
    records.new_id()  # the pool is filled in this process
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write its next id and leave at once
        os.write(write, records.new_id().encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = os.read(read, 64).decode()
    os.close(read)
    assert child != records.new_id()
