import datetime as dt
from dataclasses import replace

import pytest

from app.domain.errors import ValidationError
from app.domain.records import Program, ProgramPhase, ScheduleItem
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.storage import open_store

D = dt.datetime
NOW = D(2026, 3, 20, 22, 0)


@pytest.fixture
def svc(tmp_path):
    store = open_store(tmp_path / "data")
    records = RecordService(store, FixedClock(NOW))
    yield ScheduleService(store, records)
    store.close()


def group(svc, rule="FREQ=WEEKLY;BYDAY=MO,WE", start=D(2026, 3, 2, 18)):
    return svc.records.add(ScheduleItem(title="Evening group", start=start, end=start + dt.timedelta(hours=3),
                                        timezone="America/New_York", recurrence=rule))


def week_starts(svc, day):
    return [s.start for s in svc.week(day).slots]


def test_cancel_and_move_one_occurrence_persist(svc):
    item = group(svc)
    svc.cancel_occurrence(item, D(2026, 3, 4, 18))
    svc.change_occurrence(item, D(2026, 3, 2, 18), new_start=D(2026, 3, 3, 17))
    assert week_starts(svc, dt.date(2026, 3, 2)) == [D(2026, 3, 3, 17)]
    svc.restore_occurrence(item, D(2026, 3, 4, 18))
    assert week_starts(svc, dt.date(2026, 3, 2)) == [D(2026, 3, 3, 17), D(2026, 3, 4, 18)]
    with pytest.raises(ValidationError, match="does not occur"):
        svc.cancel_occurrence(item, D(2026, 3, 5, 18))


def test_this_and_following(svc):
    item = group(svc, rule="FREQ=WEEKLY;BYDAY=MO;COUNT=6")
    successor = svc.split_series(item, D(2026, 3, 16, 18), start=D(2026, 3, 16, 17),
                                 end=D(2026, 3, 16, 19), location="Room 4")
    starts = [s.start for s in svc.slots(D(2026, 3, 1), D(2026, 5, 1))]
    assert starts == [D(2026, 3, 2, 18), D(2026, 3, 9, 18)] + [D(2026, 3, d, 17) for d in (16, 23, 30)] + [D(2026, 4, 6, 17)]
    assert successor.location == "Room 4"
    svc.end_series(successor, D(2026, 3, 30, 17))
    assert len(svc.slots(D(2026, 3, 1), D(2026, 5, 1))) == 4


def test_mark_attendance_once_per_session_and_rate_excludes_excused(svc):
    item = group(svc)
    slots = svc.week(dt.date(2026, 3, 16)).slots
    assert len(svc.sessions_to_mark(dt.date(2026, 3, 18))) == 1
    svc.mark_attendance(slots[0], "attended")
    svc.mark_attendance(slots[1], "missed")
    svc.mark_attendance(slots[1], "excused", reason="Sick")  # re-marking updates
    assert svc.sessions_to_mark(dt.date(2026, 3, 18)) == []
    rate = svc.attendance_rate(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert (rate.attended, rate.missed, rate.excused, rate.rate) == (1, 0, 1, 1.0)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        svc.mark_attendance(svc.week(dt.date(2026, 3, 23)).slots[0], "attended")
    assert item


def test_week_view_balance_and_conflicts(svc):
    program = svc.records.add(Program(name="Evening IOP", start_date=dt.date(2026, 1, 1)))
    svc.records.add(ProgramPhase(program_id=program.id, name="Intensive", start_date=dt.date(2026, 1, 1),
                                 target_sessions_per_week=3, target_treatment_hours=9))
    group(svc)
    svc.records.add(ScheduleItem(title="Late shift", kind="work", start=D(2026, 3, 4, 16), end=D(2026, 3, 4, 20),
                                 timezone="America/New_York"))
    week = svc.week(dt.date(2026, 3, 5))
    assert week.start == dt.date(2026, 3, 2)
    assert week.balance.hours["treatment"] == 6 and week.balance.treatment_status() == "below"
    assert len(week.conflicts) == 1 and week.conflicts[0].treatment_vs_commitment


def test_week_view_keeps_cancelled_sessions_apart_so_they_can_be_restored(svc):
    item = group(svc)
    svc.cancel_occurrence(item, D(2026, 3, 4, 18))
    view = svc.week(dt.date(2026, 3, 2))
    assert [s.start for s in view.slots] == [D(2026, 3, 2, 18)]
    assert [(s.start, s.end, s.item.id) for s in view.cancelled] == [(D(2026, 3, 4, 18), D(2026, 3, 4, 21), item.id)]
    # A cancelled session counts nowhere: not in the balance, not as an overlap.
    assert view.balance.treatment_sessions == 1
    assert svc.week(dt.date(2026, 3, 9)).cancelled == ()


def test_a_moved_session_is_marked_at_its_new_time_and_found_again(svc):
    item = group(svc)  # Mondays and Wednesdays 18:00
    # This week's Wednesday session moved to Tuesday afternoon; "now" is Friday 20 March 22:00.
    svc.change_occurrence(item, D(2026, 3, 18, 18), new_start=D(2026, 3, 17, 14))
    moved = next(s for s in svc.week(dt.date(2026, 3, 16)).slots if s.changed)
    record = svc.mark_attendance(moved, "attended")
    assert record.occurred_at == D(2026, 3, 17, 14)
    assert svc.attendance_for([moved]) == {(item.id, D(2026, 3, 18, 18)): record}
    assert moved not in svc.sessions_to_mark(dt.date(2026, 3, 17))


def test_marking_again_keeps_how_you_joined_and_whether_you_shared(svc):
    item = group(svc)
    slot = svc.week(dt.date(2026, 3, 16)).slots[0]
    first = svc.mark_attendance(slot, "attended")
    svc.records.update(replace(first, mode="online", shared=True, signed_by="Dana"))
    again = svc.mark_attendance(slot, "excused", reason="Sick child")
    assert (again.id, again.mode, again.shared, again.signed_by, again.status) == (
        first.id, "online", True, "Dana", "excused")
    assert svc.change_for(item, slot.original_start) is None
