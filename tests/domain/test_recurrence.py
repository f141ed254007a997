import datetime as dt

from app.domain.recurrence import occurrences
from app.domain.records import ScheduleItem
from app.domain.sobriety import current_period, sober_days
from app.domain.records import SobrietyPeriod


def _item(start, hours=3, rule=""):
    return ScheduleItem(title="Group", start=start, end=start + dt.timedelta(hours=hours),
                        timezone="America/New_York", recurrence=rule)


def test_weekly_series_keeps_wall_clock_time_across_dst():
    # US DST starts 2026-03-08; the Tuesday 18:00 group stays at 18:00 local.
    item = _item(dt.datetime(2026, 3, 3, 18), rule="FREQ=WEEKLY;BYDAY=TU")
    starts = [o.start for o in occurrences(item, dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 18))]
    assert starts == [dt.datetime(2026, 3, 3, 18), dt.datetime(2026, 3, 10, 18), dt.datetime(2026, 3, 17, 18)]


def test_one_off_overlap_rules():
    item = _item(dt.datetime(2026, 3, 3, 23), hours=2)  # crosses midnight
    assert occurrences(item, dt.datetime(2026, 3, 4), dt.datetime(2026, 3, 5))
    assert not occurrences(item, dt.datetime(2026, 3, 4, 1), dt.datetime(2026, 3, 5))


def test_series_until_and_count():
    item = _item(dt.datetime(2026, 1, 5, 9), rule="FREQ=DAILY;COUNT=3")
    assert len(occurrences(item, dt.datetime(2026, 1, 1), dt.datetime(2026, 2, 1))) == 3


def test_sobriety_counts_from_latest_open_period():
    periods = [SobrietyPeriod(start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 2, 1)),
               SobrietyPeriod(start_date=dt.date(2026, 2, 2))]
    current = current_period(periods, dt.date(2026, 3, 4))
    assert current.start_date == dt.date(2026, 2, 2)
    assert sober_days(current, dt.date(2026, 3, 4)) == 30
    assert sober_days(None, dt.date(2026, 3, 4)) is None


def test_rules_described_in_plain_words():
    from app.domain.recurrence import describe_rule

    assert describe_rule("") == ""
    assert describe_rule("FREQ=WEEKLY;BYDAY=MO,WE,TH;UNTIL=20260510T235959") == "Weekly on Mon, Wed, Thu until 10 May 2026"
    assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH") == "Every 2 weeks on Thu"
    assert describe_rule("FREQ=MONTHLY;BYDAY=1FR") == "Monthly on first Fri"
    assert describe_rule("FREQ=DAILY;COUNT=5") == "Daily, 5 times"
