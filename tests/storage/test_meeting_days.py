"""The meeting streaks read in SQL (AttendanceRepository.meeting_days) say exactly what the
rule over every meeting date says (app.domain.meetings.meeting_days), on random histories."""

import datetime as dt
import random

import pytest

from app.domain.meetings import meeting_days, streaks_from
from app.domain.records import AttendanceRecord, SupportGroup

TODAY = dt.date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize("seed", range(12))
def test_sql_streaks_match_the_rule_over_every_date(store, seed):
    rng = random.Random(seed)
    group = store.groups.add(SupportGroup(name="Home group"))
    iop = store.groups.add(SupportGroup(name="Evening IOP", fellowship="iop"))
    records, attended = [], []
    density = rng.choice((0.2, 0.5, 0.9))
    for back in range(-3, rng.choice((40, 400, 1500))):  # a few in the future too
        day = TODAY - dt.timedelta(days=back)
        for _ in range(rng.choice((1, 1, 2))):
            if rng.random() < density:
                when = dt.datetime.combine(day, dt.time(rng.randrange(6, 22), rng.choice((0, 30))))
                status = rng.choice(("attended", "attended", "attended", "missed", "excused"))
                records.append(AttendanceRecord(occurred_at=when, group_id=group.id, status=status,
                                                reason="Sick" if status == "excused" else ""))
                if status == "attended":
                    attended.append(when)
        if rng.random() < 0.3:  # treatment never counts toward meeting streaks
            records.append(AttendanceRecord(occurred_at=dt.datetime.combine(day, dt.time(18)),
                                            group_id=iop.id, status="attended"))
    store.attendance.add_many(records)
    from_sql = store.attendance.meeting_days(TODAY)
    assert from_sql == meeting_days(attended, TODAY)
    assert streaks_from(from_sql, TODAY) == streaks_from(meeting_days(attended, TODAY), TODAY)
    assert store.attendance.meeting_days(TODAY) == from_sql  # again, from the kept runs


def test_no_meetings_at_all(store):
    days = store.attendance.meeting_days(TODAY)
    assert streaks_from(days, TODAY).day_streak == 0 and days.longest_day_run == 0 and days.last_day_run is None


def test_the_kept_runs_are_used_and_cleared_when_an_earlier_meeting_changes(store, data_dir):
    from app.storage import open_store

    group = store.groups.add(SupportGroup(name="Home group"))
    days = [TODAY - dt.timedelta(days=b) for b in (0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 40)]
    visits = [AttendanceRecord(occurred_at=dt.datetime.combine(d, dt.time(19)), group_id=group.id, status="attended")
              for d in days]
    store.attendance.add_many(visits)
    times = [v.occurred_at for v in visits]
    assert store.attendance.meeting_days(TODAY) == meeting_days(times, TODAY)
    kept = store.db.execute("SELECT through, longest FROM _meeting_days").fetchall()
    assert kept == [((TODAY - dt.timedelta(days=1)).isoformat(), 6)]
    store.close()
    with open_store(data_dir) as again:  # kept in the file, across opens
        assert again.db.execute("SELECT count(*) FROM _meeting_days").fetchone()[0] == 1
        assert again.attendance.meeting_days(TODAY) == meeting_days(times, TODAY)
        # today's meeting leaves the kept runs alone; a change to an earlier one clears them
        again.attendance.add(AttendanceRecord(occurred_at=dt.datetime.combine(TODAY, dt.time(21)),
                                              group_id=group.id, status="attended"))
        assert again.db.execute("SELECT count(*) FROM _meeting_days").fetchone()[0] == 1
        again.attendance.update(visits[4].with_changes(status="missed"))  # ten days ago
        assert again.db.execute("SELECT count(*) FROM _meeting_days").fetchone()[0] == 0
        times.remove(visits[4].occurred_at)
        times.append(dt.datetime.combine(TODAY, dt.time(21)))
        assert again.attendance.meeting_days(TODAY) == meeting_days(times, TODAY)
        assert streaks_from(again.attendance.meeting_days(TODAY), TODAY).longest_day_streak == 5
        # a meeting that becomes treatment (fellowship IOP) no longer counts
        again.groups.update(group.with_changes(fellowship="iop"))
        assert again.attendance.meeting_days(TODAY).longest_day_run == 0
        # the next day, yesterday's meetings join the kept runs
        tomorrow = TODAY + dt.timedelta(days=1)
        again.groups.update(group.with_changes(fellowship="aa"))
        assert again.attendance.meeting_days(tomorrow) == meeting_days(times, tomorrow)
        assert again.db.execute("SELECT through FROM _meeting_days").fetchone()[0] == TODAY.isoformat()
