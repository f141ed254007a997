import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import (
    AttendanceRecord, CheckIn, CopingEntry, CopingSkill, ScheduleItem, SelfCareEntry,
    SobrietyPeriod, SupportGroup,
)
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.today import TodayService
from app.storage import open_store

NOW = dt.datetime(2026, 11, 22, 12, 0)


@pytest.fixture
def service(tmp_path):
    store = open_store(tmp_path / "data")
    yield RecordService(store, FixedClock(NOW))
    store.close()


def test_add_list_update_delete_restore(service):
    changes = []
    service.subscribe(changes.append)
    entry = service.add(CopingEntry(occurred_at=NOW, urge_before=8, urge_after=3, notes="walk"))
    assert service.list("coping") == [entry]
    edited = service.update(entry.with_changes(urge_after=2))
    assert service.get("coping", entry.id).urge_after == 2
    service.delete(edited)
    assert service.list("coping") == []
    service.restore(edited)
    assert service.get("coping", entry.id) == edited
    assert changes == ["coping"] * 4


def test_future_log_entry_refused_and_nothing_written(service):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        service.add(SelfCareEntry(occurred_at=NOW + dt.timedelta(days=1), category="exercise", minutes=30))
    assert service.count("selfcare") == 0


def test_one_check_in_per_day(service):
    first = service.add(CheckIn(day=NOW.date(), mood=3, craving=2))
    with pytest.raises(ValidationError) as err:
        service.add(CheckIn(day=NOW.date(), mood=4, craving=1))
    assert err.value.field == "day"
    service.update(first.with_changes(mood=5))  # editing the same day's check-in is fine
    assert service.count("checkin") == 1


def test_references_must_exist(service):
    with pytest.raises(ValidationError) as err:
        service.add(CopingEntry(occurred_at=NOW, urge_before=5, skill_ids=("missing",)))
    assert err.value.field == "skill_ids"
    with pytest.raises(ValidationError) as err:
        service.add(AttendanceRecord(occurred_at=NOW, group_id="missing"))
    assert err.value.field == "group_id"


def test_used_records_cannot_be_deleted_but_can_be_archived(service):
    skill = service.add(CopingSkill(name="Box breathing", category="mindfulness"))
    service.add(CopingEntry(occurred_at=NOW, urge_before=5, skill_ids=(skill.id,)))
    with pytest.raises(ValidationError, match="Archive it instead"):
        service.delete(skill)
    service.update(skill.with_changes(archived=True))
    group = service.add(SupportGroup(name="Home group"))
    service.add(AttendanceRecord(occurred_at=NOW, group_id=group.id))
    with pytest.raises(ValidationError, match="cannot be deleted"):
        service.delete(group)


def test_update_of_deleted_record_is_a_clear_error(service):
    entry = service.add(CopingEntry(occurred_at=NOW, urge_before=5))
    service.delete(entry)
    with pytest.raises(ValidationError, match="no longer exists"):
        service.update(entry)


def test_resolve_by_name_or_id(service):
    group = service.add(SupportGroup(name="Tuesday Night Big Book"))
    assert service.resolve("group", "tuesday night big book") == group.id
    assert service.resolve("group", group.id) == group.id
    with pytest.raises(ValidationError, match="no meeting called"):
        service.resolve("group", "Nope")


def test_list_filters_by_date_range_and_search(service):
    for day in range(1, 11):
        service.add(CopingEntry(occurred_at=dt.datetime(2026, 11, day, 20), urge_before=day % 10,
                                situation=f"day {day}" + (" 100% stressed_out" if day == 5 else "")))
    got = service.list("coping", dt.date(2026, 11, 3), dt.date(2026, 11, 5))
    assert [e.occurred_at.day for e in got] == [5, 4, 3]
    assert [e.occurred_at.day for e in service.list("coping", search="100%")] == [5]
    assert service.list("coping", search="d_y") == []  # _ is literal, not a wildcard


def test_today_summary(service):
    service.add(ScheduleItem(title="Group therapy", start=dt.datetime(2026, 11, 3, 18),
                             end=dt.datetime(2026, 11, 3, 21), timezone="America/New_York",
                             recurrence="FREQ=WEEKLY;BYDAY=TU,SU"))
    service.add(ScheduleItem(title="Dentist", start=dt.datetime(2026, 11, 22, 9),
                             end=dt.datetime(2026, 11, 22, 10), timezone="America/New_York"))
    group = service.add(SupportGroup(name="Home group"))
    service.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 17, 19), group_id=group.id))
    service.add(AttendanceRecord(occurred_at=dt.datetime(2026, 11, 18, 19), group_id=group.id, status="missed"))
    service.add(SelfCareEntry(occurred_at=dt.datetime(2026, 11, 20, 7), category="exercise", minutes=45))
    service.add(SelfCareEntry(occurred_at=dt.datetime(2026, 11, 15, 7), category="exercise", minutes=99))
    service.add(SobrietyPeriod(start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 10, 1)))
    service.add(SobrietyPeriod(start_date=dt.date(2026, 10, 2)))
    summary = TodayService(service.store, FixedClock(NOW)).summary()
    assert [o.item.title for o in summary.agenda] == ["Dentist", "Group therapy"]
    assert summary.agenda[1].start == dt.datetime(2026, 11, 22, 18)
    assert summary.meetings_this_week == 1
    assert summary.selfcare_minutes_this_week == 45
    assert summary.sober_days == 51 and summary.sober_since == dt.date(2026, 10, 2)
    assert not summary.checked_in_today
