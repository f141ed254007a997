import datetime as dt

import pytest

from app.domain.records import ProgramPhase, ScheduleChange as Change, ScheduleItem
from app.domain.schedule import (
    conflicts, exists_locally, expand, phase_on, to_utc, week_balance,
)

D = dt.datetime


def item(title, start, hours=3.0, kind="group_therapy", rule="", zone="America/New_York", all_day=False):
    return ScheduleItem(title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours),
                        timezone=zone, recurrence=rule, all_day=all_day)


@pytest.mark.parametrize("zone, before, after", [
    ("America/New_York", D(2026, 3, 3, 18), D(2026, 3, 10, 18)),    # spring forward 8 Mar
    ("America/New_York", D(2026, 10, 27, 18), D(2026, 11, 3, 18)),  # fall back 1 Nov
    ("Europe/Berlin", D(2026, 3, 24, 18), D(2026, 3, 31, 18)),      # spring forward 29 Mar
    ("Europe/Berlin", D(2026, 10, 20, 18), D(2026, 10, 27, 18)),    # fall back 25 Oct
])
def test_tuesday_6pm_group_stays_6pm_local_across_both_dst_changes(zone, before, after):
    group = item("Group", before, rule="FREQ=WEEKLY;BYDAY=TU", zone=zone)
    slots = expand([group], [], before, after + dt.timedelta(hours=1))
    assert [s.start for s in slots] == [before, after]
    # ...which is a different UTC hour on each side of the change.
    assert to_utc(before, zone).hour != to_utc(after, zone).hour


@pytest.mark.parametrize("zone, missing, ambiguous, utc_missing, utc_ambiguous", [
    ("America/New_York", D(2026, 3, 8, 2, 30), D(2026, 11, 1, 1, 30),
     D(2026, 3, 8, 7, 30), D(2026, 11, 1, 5, 30)),
    ("Europe/Berlin", D(2026, 3, 29, 2, 30), D(2026, 10, 25, 2, 30),
     D(2026, 3, 29, 1, 30), D(2026, 10, 25, 0, 30)),
])
def test_missing_and_ambiguous_hours(zone, missing, ambiguous, utc_missing, utc_ambiguous):
    assert not exists_locally(missing, zone)
    assert exists_locally(ambiguous, zone)
    # Missing: read with the offset before the change (02:30 becomes 03:30 local).
    assert to_utc(missing, zone).replace(tzinfo=None) == utc_missing
    # Ambiguous: the first of the two.
    assert to_utc(ambiguous, zone).replace(tzinfo=None) == utc_ambiguous
    daily = item("Night shift", missing - dt.timedelta(days=2), hours=1, kind="work",
                 rule="FREQ=DAILY;COUNT=5", zone=zone)
    assert missing in [s.start for s in expand([daily], [], missing - dt.timedelta(days=3), missing + dt.timedelta(days=3))]


def test_cancel_move_and_change_one_occurrence():
    group = item("Group", D(2026, 3, 2, 18), rule="FREQ=WEEKLY;BYDAY=MO;COUNT=4")
    changes = [
        Change(item_id=group.id, original_start=D(2026, 3, 9, 18), cancelled=True),
        Change(item_id=group.id, original_start=D(2026, 3, 16, 18), new_start=D(2026, 3, 17, 17), new_end=D(2026, 3, 17, 19),
               title="Group (moved)"),
        Change(item_id=group.id, original_start=D(2026, 3, 23, 18), location="Room 2"),
        Change(item_id=group.id, original_start=D(2026, 3, 24, 18), cancelled=True),  # not an occurrence: ignored
    ]
    slots = expand([group], changes, D(2026, 3, 1), D(2026, 4, 1))
    assert [(s.start, s.end, s.title, s.location) for s in slots] == [
        (D(2026, 3, 2, 18), D(2026, 3, 2, 21), "Group", ""),
        (D(2026, 3, 17, 17), D(2026, 3, 17, 19), "Group (moved)", ""),
        (D(2026, 3, 23, 18), D(2026, 3, 23, 21), "Group", "Room 2"),
    ]
    # A moved occurrence appears in the range it moved into, not the one it left.
    assert [s.start for s in expand([group], changes, D(2026, 3, 16), D(2026, 3, 17))] == []


def test_conflicts_flag_treatment_against_work():
    group = item("Evening group", D(2026, 3, 2, 18))
    shift = item("Late shift", D(2026, 3, 2, 14), hours=5, kind="work")
    dinner = item("Family dinner", D(2026, 3, 2, 21), hours=1, kind="family_social")  # touches, no overlap
    birthday = item("Mum's birthday", D(2026, 3, 2, 0), hours=24, kind="family_social", all_day=True)
    found = conflicts(expand([group, shift, dinner, birthday], [], D(2026, 3, 2), D(2026, 3, 3)))
    assert len(found) == 1
    assert found[0].treatment_vs_commitment
    assert found[0].overlap == dt.timedelta(hours=1)
    assert "treatment clashes with work" in found[0].describe()


def test_week_balance_against_the_phase_in_force():
    phases = [
        ProgramPhase(program_id="p", name="Intensive", start_date=dt.date(2026, 1, 5),
                     target_sessions_per_week=3, target_treatment_hours=9),
        ProgramPhase(program_id="p", name="Step-down", start_date=dt.date(2026, 3, 2),
                     target_sessions_per_week=2, target_treatment_hours=6),
    ]
    items = [
        item("Group", D(2026, 2, 23, 18), rule="FREQ=WEEKLY;BYDAY=MO,WE,TH"),
        item("Work", D(2026, 2, 23, 9), hours=8, kind="work", rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        item("AA", D(2026, 2, 24, 19), hours=1, kind="support_meeting", rule="FREQ=WEEKLY;BYDAY=TU"),
    ]
    week = dt.date(2026, 2, 23)
    start = D(2026, 2, 23)
    slots = expand(items, [], start, start + dt.timedelta(days=7))
    balance = week_balance(slots, phases, week)
    assert balance.hours["treatment"] == 9 and balance.treatment_sessions == 3
    assert balance.hours["work"] == 40 and balance.hours["meetings"] == 1
    assert balance.phase.name == "Intensive" and balance.treatment_status() == "on target"
    next_week = week_balance(expand(items, [], start + dt.timedelta(days=7), start + dt.timedelta(days=14)),
                             phases, week + dt.timedelta(days=7))
    assert next_week.phase.name == "Step-down" and next_week.treatment_status() == "above"
    assert phase_on(phases, dt.date(2026, 1, 1)) is None
