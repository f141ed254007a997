"""Issue 13 (suite): daylight-saving changes and a clock set backwards duplicate or drop no
occurrence, reminder or daily backup."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.records import ScheduleItem
from app.domain.recurrence import occurrences
from app.domain.schedule import to_utc
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.reminders import ReminderService
from app.services.schedule import ScheduleService
from app.storage import backups as B
from app.storage import open_store

D = dt.datetime


@pytest.mark.parametrize("zone, week", [("America/New_York", D(2026, 3, 5)), ("America/New_York", D(2026, 10, 29)),
                                        ("Europe/Berlin", D(2026, 3, 26)), ("Europe/Berlin", D(2026, 10, 22)),
                                        ("Australia/Sydney", D(2026, 4, 2))])
@pytest.mark.parametrize("hour", [0, 1, 2, 3, 18])
def test_a_daily_series_across_a_dst_change_has_one_occurrence_a_day(zone, week, hour):
    start = D(2026, 1, 1, hour, 30)
    item = ScheduleItem(title="Check-in", start=start, end=start + dt.timedelta(minutes=30), timezone=zone,
                        recurrence="FREQ=DAILY")
    found = occurrences(item, week, week + dt.timedelta(days=7))
    assert [o.start for o in found] == [D(week.year, week.month, week.day, hour, 30) + dt.timedelta(days=i)
                                        for i in range(7)]
    moments = [to_utc(o.start, zone) for o in found]
    assert moments == sorted(moments) and len(set(moments)) == 7  # none twice, none lost


@pytest.fixture
def reminders(tmp_path):
    store = open_store(tmp_path / "data")
    clock = FixedClock(D(2026, 6, 10, 12, 0))
    records = RecordService(store, clock)
    svc = ReminderService(ScheduleService(store, records), store, clock, local_zone="America/New_York")
    start = D(2026, 6, 10, 18)
    records.add(ScheduleItem(title="IOP group", start=start, end=start + dt.timedelta(hours=3),
                             timezone="America/New_York"))
    yield svc, clock
    store.close()


def test_a_clock_set_back_after_a_session_started_does_not_repeat_its_reminder(reminders):
    svc, clock = reminders
    clock.current = D(2026, 6, 10, 17, 30)
    assert len(svc.due()) == 1
    clock.current = D(2026, 6, 10, 18, 5)  # the session has started
    assert svc.due() == []
    clock.current = D(2026, 6, 10, 17, 40)  # the clock is set back 25 minutes
    assert svc.due() == []


def test_a_clock_set_back_before_a_reminder_is_due_still_gives_it_once(reminders):
    svc, clock = reminders
    clock.current = D(2026, 6, 10, 17, 0)
    assert svc.due() == []
    clock.current = D(2026, 6, 10, 16, 0)
    assert svc.due() == []
    clock.current = D(2026, 6, 10, 17, 35)
    assert len(svc.due()) == 1
    assert svc.due() == []


def test_a_clock_set_back_makes_no_second_daily_backup_for_a_day(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    try:
        for now in (D(2026, 3, 8, 1, 30), D(2026, 3, 8, 3, 30), D(2026, 3, 8, 1, 45), D(2026, 3, 8, 23, 59)):
            if B.daily_backup_due(data, now):
                B.make_backup(store, data, "daily", now=now)
        assert len([b for b in B.list_backups(data) if b.label == "daily"]) == 1
        # The clock goes back a whole day: that day gets its one backup, and the later one is kept.
        earlier = D(2026, 3, 7, 12, 0)
        assert B.daily_backup_due(data, earlier)
        B.make_backup(store, data, "daily", now=earlier)
        B.rotate(data, now=earlier)
        days = sorted(b.created.date() for b in B.list_backups(data) if b.label == "daily")
        assert days == [dt.date(2026, 3, 7), dt.date(2026, 3, 8)]
    finally:
        store.close()
