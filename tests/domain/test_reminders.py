"""Which reminders are due, decided in absolute time with an injected 'now'. No Qt."""

import datetime as dt
import os
import time

import pytest

from app.domain import fields as F
from app.domain.errors import ValidationError
from app.domain.records import ScheduleChange, ScheduleItem
from app.domain.reminders import (
    MAX_ITEM_MINUTES,
    check_default_minutes,
    due_reminders,
    next_due_at,
    notification,
    reminder_text,
    time_left,
)
from app.domain.schedule import UTC, expand

D = dt.datetime
NY = "America/New_York"


def item(title="IOP group", start=D(2026, 6, 10, 18), hours=3.0, zone=NY, rule="", minutes=None,
         all_day=False, location="Clinic room 2", kind="group_therapy"):
    return ScheduleItem(title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours),
                        timezone=zone, recurrence=rule, reminder_minutes=minutes, all_day=all_day,
                        location=location)


def slots_of(*items, changes=(), start=D(2026, 1, 1), end=D(2027, 1, 1)):
    return expand(items, changes, start, end)


def due(slots, now, zone=NY, default=30, **kw):
    return due_reminders(slots, now, local_zone=zone, default_minutes=default, **kw)


def titles(reminders):
    return [r.slot.title for r in reminders]


# --- lead: default, override, off -----------------------------------------------------------


def test_default_lead_applies_when_the_item_has_none():
    slots = slots_of(item())
    assert due(slots, D(2026, 6, 10, 17, 29)) == []
    [r] = due(slots, D(2026, 6, 10, 17, 30))
    assert r.minutes == 30
    assert r.due_at == D(2026, 6, 10, 21, 30, tzinfo=UTC)  # 17:30 EDT
    assert r.starts_at == D(2026, 6, 10, 22, 0, tzinfo=UTC)


def test_item_override_beats_the_default():
    slots = slots_of(item(minutes=90), item("Counseling", minutes=5, start=D(2026, 6, 10, 19)))
    assert titles(due(slots, D(2026, 6, 10, 16, 30))) == ["IOP group"]
    assert titles(due(slots, D(2026, 6, 10, 16, 29))) == []
    assert titles(due(slots, D(2026, 6, 10, 18, 54))) == []   # the group has started
    assert titles(due(slots, D(2026, 6, 10, 18, 55))) == ["Counseling"]


def test_zero_on_the_item_means_never_even_with_a_default():
    slots = slots_of(item(minutes=0))
    assert due(slots, D(2026, 6, 10, 17, 59)) == []
    assert next_due_at(slots, D(2026, 6, 10, 12), local_zone=NY, default_minutes=30) is None


def test_zero_default_reminds_only_items_with_their_own_lead():
    slots = slots_of(item(), item("Family session", minutes=20, start=D(2026, 6, 10, 17, 45)))
    assert titles(due(slots, D(2026, 6, 10, 17, 40), default=0)) == ["Family session"]


def test_disabled_reminds_nothing():
    slots = slots_of(item())
    assert due(slots, D(2026, 6, 10, 17, 45), enabled=False) == []
    assert next_due_at(slots, D(2026, 6, 10, 12), local_zone=NY, default_minutes=30, enabled=False) is None


def test_all_day_items_never_remind():
    slots = slots_of(item("Sober birthday", start=D(2026, 6, 10), hours=24, all_day=True, minutes=60))
    assert due(slots, D(2026, 6, 9, 23, 30)) == []
    assert due(slots, D(2026, 6, 9, 23, 59)) == []


# --- the window: not before due, not after start, once ------------------------------------


def test_due_from_the_lead_until_the_start_and_not_after():
    slots = slots_of(item())
    assert titles(due(slots, D(2026, 6, 10, 17, 59, 59))) == ["IOP group"]
    assert due(slots, D(2026, 6, 10, 18, 0)) == []   # started: a missed reminder is dropped
    assert due(slots, D(2026, 6, 10, 20, 0)) == []


def test_opening_steady_ten_minutes_before_still_reminds():
    [r] = due(slots_of(item()), D(2026, 6, 10, 17, 50))
    assert "(in 10 minutes)" in reminder_text(r, D(2026, 6, 10, 17, 50), local_zone=NY)


def test_already_sent_is_not_returned_again():
    slots = slots_of(item())
    [r] = due(slots, D(2026, 6, 10, 17, 30))
    assert due(slots, D(2026, 6, 10, 17, 31), already_sent={r.key}) == []


def test_each_occurrence_of_a_series_has_its_own_key():
    slots = slots_of(item(rule="FREQ=WEEKLY;BYDAY=WE"), start=D(2026, 6, 1), end=D(2026, 6, 30))
    [first] = due(slots, D(2026, 6, 10, 17, 45))
    [second] = due(slots, D(2026, 6, 17, 17, 45), already_sent={first.key})
    assert first.key != second.key
    assert second.slot.start == D(2026, 6, 17, 18)


def test_next_due_at_is_the_earliest_reminder_still_to_come():
    slots = slots_of(item(), item("Counseling", start=D(2026, 6, 11, 9), minutes=60))
    assert next_due_at(slots, D(2026, 6, 10, 12), local_zone=NY, default_minutes=30) == D(2026, 6, 10, 21, 30, tzinfo=UTC)
    # Once today's is due (or sent), the next one is tomorrow's.
    assert next_due_at(slots, D(2026, 6, 10, 17, 45), local_zone=NY, default_minutes=30) == D(2026, 6, 11, 12, tzinfo=UTC)


# --- time zones and daylight saving --------------------------------------------------------


@pytest.mark.parametrize("day, utc_due", [
    (D(2026, 3, 9, 18), D(2026, 3, 9, 21, 30)),    # the day after spring forward: EDT, UTC-4
    (D(2026, 11, 2, 18), D(2026, 11, 2, 22, 30)),  # the day after fall back: EST, UTC-5
])
def test_6pm_new_york_group_reminds_at_the_right_absolute_time_after_dst(day, utc_due):
    # A weekly series planned on the other side of the change keeps its 18:00 wall clock.
    series = item(start=day - dt.timedelta(days=14), rule="FREQ=WEEKLY;BYDAY=MO")
    slots = slots_of(series, start=day - dt.timedelta(days=1), end=day + dt.timedelta(days=1))
    utc_due = utc_due.replace(tzinfo=UTC)
    # Computer in New York: 17:30 on its own clock.
    assert due(slots, day - dt.timedelta(minutes=31)) == []
    [r] = due(slots, day - dt.timedelta(minutes=30))
    assert r.due_at == utc_due
    # Computer on UTC: the same moment, read off a different wall clock.
    wall_utc = utc_due.replace(tzinfo=None)
    assert due(slots, wall_utc - dt.timedelta(minutes=1), zone="UTC") == []
    assert titles(due(slots, wall_utc, zone="UTC")) == ["IOP group"]
    # An aware 'now' needs no zone to interpret it.
    assert titles(due(slots, utc_due, zone="Asia/Tokyo")) == ["IOP group"]


def test_session_in_the_repeated_hour_uses_its_first_occurrence():
    slots = slots_of(item("Night shift check-in", start=D(2026, 11, 1, 1, 30), hours=0.5))
    [r] = due(slots, D(2026, 11, 1, 5, 0), zone="UTC")  # 01:30 EDT is 05:30 UTC
    assert r.starts_at == D(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert due(slots, D(2026, 11, 1, 4, 59), zone="UTC") == []


def test_item_zone_differs_from_the_computer_zone():
    # A telehealth group at 18:00 New York time, joined from London. On 16 March the US has
    # changed to summer time and the UK has not: the gap is 4 hours, not the usual 5.
    slots = slots_of(item("Telehealth group", start=D(2026, 3, 16, 18), location="Video link"))
    assert due(slots, D(2026, 3, 16, 21, 29), zone="Europe/London") == []
    [r] = due(slots, D(2026, 3, 16, 21, 30), zone="Europe/London")
    text = reminder_text(r, D(2026, 3, 16, 21, 30), local_zone="Europe/London")
    assert text == "Telehealth group at 22:00 (18:00 New York time) (in 30 minutes) – Video link"
    # A wall-clock comparison would have fired at 17:30 London time, four hours early.
    assert due(slots, D(2026, 3, 16, 17, 30), zone="Europe/London") == []


@pytest.fixture
def computer_in():
    """Put the operating system's local time in a zone for one test (Unix only: tzset)."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is Unix-only")
    before = os.environ.get("TZ")

    def set_zone(zone):
        os.environ["TZ"] = zone
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_without_a_zone_name_the_operating_systems_local_time_is_used(computer_in):
    # Where no IANA name is known (Windows), the naive clock is read by the OS's own rules.
    computer_in("Asia/Tokyo")  # 18:00 in New York on 16 March is 07:00 on the 17th in Tokyo
    slots = slots_of(item("Telehealth group", start=D(2026, 3, 16, 18), location=""))
    assert due(slots, D(2026, 3, 17, 6, 29), zone=None) == []
    [r] = due(slots, D(2026, 3, 17, 6, 30), zone=None)
    assert reminder_text(r, D(2026, 3, 17, 6, 30), local_zone=None) == (
        "Telehealth group at 07:00 (18:00 New York time) (in 30 minutes)")


# --- changed occurrences --------------------------------------------------------------------


def test_cancelled_occurrence_never_reminds_and_moved_one_reminds_for_its_new_time():
    series = item(start=D(2026, 6, 1, 18), rule="FREQ=WEEKLY;BYDAY=MO")
    changes = [
        ScheduleChange(item_id=series.id, original_start=D(2026, 6, 8, 18), cancelled=True),
        ScheduleChange(item_id=series.id, original_start=D(2026, 6, 15, 18), new_start=D(2026, 6, 16, 10),
                       new_end=D(2026, 6, 16, 13), location="Room 4"),
    ]
    slots = slots_of(series, changes=changes, start=D(2026, 6, 1), end=D(2026, 6, 30))
    assert due(slots, D(2026, 6, 8, 17, 45)) == []
    assert due(slots, D(2026, 6, 15, 17, 45)) == []  # moved away from its usual time
    [moved] = due(slots, D(2026, 6, 16, 9, 35))
    assert moved.slot.location == "Room 4"
    assert moved.key == (series.id, D(2026, 6, 15, 18), D(2026, 6, 16, 10))


# --- settings and words -----------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(0, 0), (30, 30), ("45", 45), (" 1440 ", 1440)])
def test_default_minutes_accepted(value, expected):
    assert check_default_minutes(value) == expected


@pytest.mark.parametrize("value", [-1, 1441, "-5", "half an hour", "", None, 2.5, True])
def test_default_minutes_rejected_with_a_sentence(value):
    with pytest.raises(ValidationError) as err:
        check_default_minutes(value)
    assert err.value.field == "default_minutes"
    assert err.value.message.startswith("The default reminder must be")


def test_service_lookahead_covers_the_largest_lead_an_item_accepts():
    spec = next(s for s in F.specs_of(ScheduleItem) if s.name == "reminder_minutes")
    assert spec.maximum == MAX_ITEM_MINUTES


@pytest.mark.parametrize("delta, words", [
    (dt.timedelta(minutes=30), "in 30 minutes"),
    (dt.timedelta(minutes=29, seconds=10), "in 30 minutes"),
    (dt.timedelta(seconds=20), "in 1 minute"),
    (dt.timedelta(hours=1), "in 1 hour"),
    (dt.timedelta(hours=2, minutes=5), "in 2 hours 5 minutes"),
    (dt.timedelta(days=3), "in 3 days"),
])
def test_time_left_in_words(delta, words):
    assert time_left(delta) == words


def test_message_matches_the_issue_example_and_names_other_days():
    slots = slots_of(item(), item("Counseling", start=D(2026, 6, 11, 9), location="", minutes=24 * 60),
                     item("Family session", start=D(2026, 6, 13, 11), location="", minutes=3 * 24 * 60))
    now = D(2026, 6, 10, 17, 30)
    found = due(slots, now)
    texts = [reminder_text(r, now, local_zone=NY) for r in found]
    assert "IOP group at 18:00 (in 30 minutes) – Clinic room 2" in texts
    assert "Counseling tomorrow at 09:00 (in 15 hours 30 minutes)" in texts
    assert "Family session on Sat 13 Jun at 11:00 (in 3 days)" in texts
    title, text = notification(found, now, local_zone=NY)
    assert title == "Coming up: 3 items"
    assert text.splitlines()[0].startswith("IOP group")  # soonest first
    assert notification(found[:1], now, local_zone=NY)[0] == f"Coming up: {found[0].slot.title}"
