import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import recurrence
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



@settings(max_examples=300, deadline=None)
@given(
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    interval=st.integers(1, 4),
    days=st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), unique=True, max_size=4),
    start_offset=st.integers(0, 3000),
    hour=st.integers(0, 23),
    hours_long=st.integers(1, 30),
    range_offset=st.integers(-20, 4000),
    range_days=st.integers(1, 40),
    until_offset=st.one_of(st.none(), st.integers(0, 4000)),
)
def test_expanding_from_near_the_range_gives_the_same_occurrences_as_from_the_first_date(
        freq, interval, days, start_offset, hour, hours_long, range_offset, range_days, until_offset):
    from dateutil.rrule import rrulestr

    from app.domain.records import ScheduleItem

    start = dt.datetime(2015, 1, 1, hour) + dt.timedelta(days=start_offset)
    rule = f"FREQ={freq};INTERVAL={interval}" + (f";BYDAY={','.join(days)}" if days else "")
    if until_offset is not None:
        rule += f";UNTIL={(start + dt.timedelta(days=until_offset)).strftime('%Y%m%dT%H%M%S')}"
    item = ScheduleItem(title="t", start=start, end=start + dt.timedelta(hours=hours_long), timezone="UTC",
                        recurrence=rule)
    range_start = start + dt.timedelta(days=range_offset)
    range_end = range_start + dt.timedelta(days=range_days)
    duration = item.end - item.start
    plain = rrulestr(rule, dtstart=start, ignoretz=True).between(range_start - duration, range_end, inc=True)
    expected = [s for s in plain if s < range_end and s + duration > range_start]
    assert [o.start for o in occurrences(item, range_start, range_end)] == expected


def _starts(item, rule, first=dt.datetime(2026, 1, 1), last=dt.datetime(2027, 1, 1)):
    from dataclasses import replace

    return [o.start for o in occurrences(replace(item, recurrence=rule), first, last)]


def test_a_cut_series_ends_at_the_end_of_its_last_day_so_the_editor_can_show_it():
    from app.domain.recurrence import split_rule

    item = _item(dt.datetime(2026, 3, 3, 18), rule="FREQ=WEEKLY;BYDAY=TU,TH")
    before, after = split_rule(item, dt.datetime(2026, 3, 12, 18))
    assert before == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20260310T235959"  # Tue 10 Mar, the last kept day
    assert _starts(item, before) == [dt.datetime(2026, 3, d, 18) for d in (3, 5, 10)]
    # Two sessions a day, cut at the second: the day's end would keep it, so a second before it.
    twice = _item(dt.datetime(2026, 3, 3, 9), rule="FREQ=DAILY;BYHOUR=9,18")
    before, _ = split_rule(twice, dt.datetime(2026, 3, 5, 18))
    assert before.endswith("UNTIL=20260305T175959")
    assert _starts(twice, before)[-1] == dt.datetime(2026, 3, 5, 9)


@settings(max_examples=150, deadline=None)
@given(rule=st.sampled_from(["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=WEEKLY;INTERVAL=2",
                             "FREQ=MONTHLY", "FREQ=DAILY;COUNT=40", "FREQ=DAILY;BYHOUR=9,18"]),
       cut=st.integers(min_value=1, max_value=30))
def test_cutting_a_series_keeps_every_session_exactly_once(rule, cut):
    from app.domain.recurrence import split_rule

    item = _item(dt.datetime(2026, 2, 2, 9), rule=rule)
    original = _starts(item, rule)
    at = original[min(cut, len(original) - 1)]
    before, after = split_rule(item, at)
    from dataclasses import replace

    later = replace(item, start=at, end=at + (item.end - item.start))
    assert _starts(item, before) + _starts(later, after) == original


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260510T235959",
    "FREQ=DAILY;UNTIL=20260301",
    "UNTIL=20260301T090000Z;FREQ=DAILY;INTERVAL=2",
    "FREQ=MONTHLY;UNTIL=20270115T083000;BYMONTHDAY=15",
    "FREQ=WEEKLY;until=20260120T080000z",
    "FREQ=WEEKLY;UNTIL=20251231",  # before the series starts: nothing
])
def test_until_is_read_as_dateutil_reads_it(rule):
    """app.domain.recurrence reads RFC 5545's UNTIL itself (dateutil's general date parser
    costs the window's start ~4 ms to import); the occurrences are the ones dateutil gives."""
    import subprocess
    import sys

    from dateutil.rrule import rrulestr

    start = dt.datetime(2026, 1, 5, 9, 0)
    theirs = list(rrulestr(rule, dtstart=start, forceset=False, ignoretz=True, cache=False))
    ours = list(recurrence._parse.__wrapped__(rule, start))
    assert ours == theirs
    code = ("import datetime as dt, sys\nfrom app.domain import recurrence\n"
            f"list(recurrence._parse({rule!r}, dt.datetime(2026, 1, 5, 9, 0)))\n"
            "print('dateutil.parser' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2]).stdout.strip() == "False"
