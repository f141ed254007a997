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


def test_no_meetings_at_all(store):
    days = store.attendance.meeting_days(TODAY)
    assert streaks_from(days, TODAY).day_streak == 0 and days.longest_day_run == 0 and days.last_day_run is None
