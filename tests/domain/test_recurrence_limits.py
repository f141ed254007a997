"""Issue 13 items 1–3: a repeat rule is bounded at the door, and a stored rule that got in
anyway (an older version, a hand-edited file) can never make a view take long."""

import datetime as dt
import time

import pytest

from app.domain import recurrence as R
from app.domain.errors import ValidationError
from app.domain.recurrence import check_rrule, occurrences
from app.domain.records import ScheduleItem
from app.domain.schedule import Slot, conflicts

HOSTILE = ("FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24)))
           + ";BYMINUTE=" + ",".join(map(str, range(60)))
           + ";BYSECOND=" + ",".join(map(str, range(60))))


def _item(rule: str, start=dt.datetime(2026, 12, 7, 10)) -> ScheduleItem:
    # object.__new__ + fields: a stored record is read without check(); build one the same way
    item = ScheduleItem(title="x", start=start, end=start + dt.timedelta(hours=1), timezone="UTC")
    object.__setattr__(item, "recurrence", rule)
    return item


@pytest.mark.parametrize("rule, words", [
    ("FREQ=DAILY;INTERVAL=99999999999999999999", "INTERVAL"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
    ("FREQ=DAILY;COUNT=1000000000", "times"),
    ("FREQ=DAILY;COUNT=0", "times"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never"),
    ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "never"),
    (HOSTILE, "a day"),
    ("FREQ=DAILY;BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55;BYHOUR=8,9,10", "a day"),
    ("FREQ=MINUTELY", "daily, weekly"),
    ("FREQ=HOURLY", "daily, weekly"),
])
def test_rules_that_would_break_later_are_refused_with_one_sentence(rule, words):
    with pytest.raises(ValidationError) as err:
        check_rrule(rule, dt.datetime(2026, 12, 7, 10))
    assert err.value.field == "recurrence"
    assert words in err.value.message
    assert err.value.message.count(".") >= 1 and "\n" not in err.value.message


@pytest.mark.parametrize("rule", [
    "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=DAILY;COUNT=10000", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=1000",
    "FREQ=DAILY;BYHOUR=8,12,18", "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))),
])
def test_ordinary_and_rare_rules_still_pass(rule):
    check_rrule(rule, dt.datetime(2026, 12, 7, 10))


def test_a_stored_hostile_rule_expands_bounded_by_the_window():
    item = _item(HOSTILE)
    started = time.perf_counter()
    week = occurrences(item, dt.datetime(2026, 12, 7), dt.datetime(2026, 12, 14))
    took = time.perf_counter() - started
    assert took < 1.0
    assert 0 < len(week) <= (7 + 2) * R.MAX_PER_DAY


def test_a_stored_rule_that_never_occurs_costs_nothing_to_view():
    item = _item("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    started = time.perf_counter()
    for _ in range(20):
        assert occurrences(item, dt.datetime(2026, 12, 7), dt.datetime(2026, 12, 14)) == []
    assert time.perf_counter() - started < 1.0


def test_a_stored_huge_count_rule_started_long_ago_is_bounded():
    item = _item(HOSTILE + ";COUNT=1000000000", start=dt.datetime(2026, 11, 1))
    started = time.perf_counter()
    occurrences(item, dt.datetime(2026, 12, 7), dt.datetime(2026, 12, 14))
    assert time.perf_counter() - started < 1.0


def _slot(i: int, start: dt.datetime, hours: float = 1.0) -> Slot:
    item = ScheduleItem(id=f"i{i}", title=f"t{i}", start=start, end=start + dt.timedelta(hours=hours),
                        timezone="UTC", kind="work")
    return Slot(item, item.start, item.end, item.start)


def test_conflicts_are_overlap_groups_not_all_pairs():
    at = dt.datetime(2026, 12, 7, 10)
    slots = [_slot(i, at) for i in range(5)] + [_slot(9, at + dt.timedelta(hours=3))]
    found = conflicts(slots)
    assert len(found) == 1
    assert len(found[0].slots) == 5
    assert "5 items overlap" in found[0].describe()


def test_two_overlapping_items_read_as_before():
    at = dt.datetime(2026, 12, 7, 10)
    found = conflicts([_slot(1, at), _slot(2, at + dt.timedelta(minutes=30))])
    assert len(found) == 1
    assert found[0].first.item.id == "i1" and found[0].second.item.id == "i2"
    assert "overlaps" in found[0].describe()


def test_twenty_thousand_same_time_events_in_under_two_seconds_and_300_mb():
    import subprocess
    import sys
    code = (
        "import datetime as dt, time, tracemalloc\n"
        "from tests.domain.test_recurrence_limits import _slot\n"
        "from app.domain.schedule import conflicts\n"
        "at = dt.datetime(2026, 12, 7, 10)\n"
        "slots = [_slot(i, at) for i in range(20000)]\n"
        "tracemalloc.start()\n"
        "t = time.perf_counter()\n"
        "found = conflicts(slots)\n"
        "took = time.perf_counter() - t\n"
        "peak = tracemalloc.get_traced_memory()[1]\n"
        "print(len(found), len(found[0].slots), took, peak)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.returncode == 0, out.stderr[-2000:]
    groups, members, took, peak = out.stdout.split()
    assert (int(groups), int(members)) == (1, 20000)
    assert float(took) < 2.0
    assert int(peak) < 300 * 1024 * 1024
