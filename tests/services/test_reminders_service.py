"""ReminderService over a real store: settings persist, validation, each reminder once."""

import datetime as dt
import time

import pytest

from app.domain.errors import ValidationError
from app.domain.records import ScheduleItem
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.reminders import DEFAULT_MINUTES_KEY, ENABLED_KEY, ReminderService
from app.services.schedule import ScheduleService
from app.storage import open_store

D = dt.datetime
NY = "America/New_York"


@pytest.fixture
def clock():
    return FixedClock(D(2026, 6, 10, 12, 0))


@pytest.fixture
def data(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data):
    s = open_store(data)
    yield s
    s.close()


@pytest.fixture
def svc(store, clock):
    records = RecordService(store, clock)
    return ReminderService(ScheduleService(store, records), store, clock, local_zone=NY)


def add(svc, title="IOP group", start=D(2026, 6, 10, 18), zone=NY, **kw):
    return svc.schedule.records.add(ScheduleItem(title=title, start=start, end=start + dt.timedelta(hours=3),
                                                 timezone=zone, location="Clinic room 2", **kw))


def test_defaults_are_on_and_30_minutes(svc):
    assert svc.enabled is True
    assert svc.default_minutes == 30


def test_settings_persist_in_the_data_file(svc, store, data, clock):
    svc.set_enabled(False)
    svc.set_default_minutes("45")
    assert (store.get_setting(ENABLED_KEY), store.get_setting(DEFAULT_MINUTES_KEY)) == ("0", "45")
    store.close()
    reopened = open_store(data)
    try:
        again = ReminderService(ScheduleService(reopened, RecordService(reopened, clock)), reopened, clock)
        assert (again.enabled, again.default_minutes) == (False, 45)
    finally:
        reopened.close()


@pytest.mark.parametrize("bad", [-1, 1441, "soon"])
def test_invalid_default_is_refused_and_nothing_is_written(svc, store, bad):
    svc.set_default_minutes(60)
    with pytest.raises(ValidationError) as err:
        svc.set_default_minutes(bad)
    assert err.value.field == "default_minutes"
    assert store.get_setting(DEFAULT_MINUTES_KEY) == "60"


def test_a_damaged_stored_default_reads_as_30(svc, store):
    store.set_setting(DEFAULT_MINUTES_KEY, "lots")
    assert svc.default_minutes == 30


def test_fires_once_between_due_and_start(svc, clock):
    add(svc)
    clock.current = D(2026, 6, 10, 17, 29)
    assert svc.due() == []
    clock.current = D(2026, 6, 10, 17, 30)
    [r] = svc.due()
    assert r.slot.title == "IOP group"
    assert svc.notification([r]) == ("Coming up: IOP group", "IOP group at 18:00 (in 30 minutes) – Clinic room 2")
    clock.current = D(2026, 6, 10, 17, 31)
    assert svc.due() == []
    assert svc.pending() == []


def test_missed_while_closed_is_not_shown_after_the_start(svc, clock):
    add(svc)
    clock.current = D(2026, 6, 10, 18, 5)
    assert svc.due() == []


def test_default_setting_and_per_item_override(svc, clock):
    add(svc, "Group")
    add(svc, "Counseling", start=D(2026, 6, 10, 19), reminder_minutes=120)
    add(svc, "Work shift", start=D(2026, 6, 10, 17, 45), kind="work", reminder_minutes=0)
    svc.set_default_minutes(10)
    clock.current = D(2026, 6, 10, 17, 0)
    assert [r.slot.title for r in svc.due()] == ["Counseling"]
    clock.current = D(2026, 6, 10, 17, 50)
    assert [r.slot.title for r in svc.due()] == ["Group"]


def test_switched_off_shows_nothing_and_on_again_shows_what_is_still_due(svc, clock):
    add(svc)
    svc.set_enabled(False)
    clock.current = D(2026, 6, 10, 17, 40)
    assert svc.due() == []
    assert svc.next_due_at() is None
    svc.set_enabled(True)
    assert len(svc.due()) == 1


def test_a_week_ahead_reminder_is_found(svc, clock):
    # The largest lead an item accepts is a week; the service must look that far ahead.
    add(svc, "Court date", start=D(2026, 6, 17, 9), kind="other", reminder_minutes=7 * 24 * 60)
    clock.current = D(2026, 6, 10, 9, 0)
    [r] = svc.due()
    assert "(in 7 days)" in svc.notification([r])[1]


def test_session_in_another_zone_reminds_at_the_same_moment(svc, clock):
    # Computer in New York; the session is 18:00 in Los Angeles (21:00 here).
    add(svc, "Telehealth group", zone="America/Los_Angeles")
    clock.current = D(2026, 6, 10, 20, 29)
    assert svc.due() == []
    clock.current = D(2026, 6, 10, 20, 30)
    [r] = svc.due()
    assert svc.notification([r])[1].startswith("Telehealth group at 21:00 (18:00 Los Angeles time)")


def test_next_due_lets_a_timer_sleep(svc, clock):
    add(svc)
    assert svc.seconds_until_next() == 5.5 * 3600
    clock.current = D(2026, 6, 10, 17, 30)
    svc.due()
    assert svc.seconds_until_next() is None


def test_sent_reminders_are_forgotten_once_their_session_started(svc, clock):
    add(svc, recurrence="FREQ=DAILY")
    for day in range(10, 20):
        clock.current = D(2026, 6, day, 17, 45)
        assert len(svc.due()) == 1
    assert len(svc._sent) <= 2  # today's and yesterday's (kept a day in case the clock is set back); no more


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is Unix-only")
def test_by_default_the_clock_is_read_in_the_operating_systems_zone(store, clock, monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        svc = ReminderService(ScheduleService(store, RecordService(store, clock)), store, clock)
        assert svc.local_zone is None
        add(svc)  # 18:00 New York = 15:00 in Los Angeles
        clock.current = D(2026, 6, 10, 14, 29)
        assert svc.due() == []
        clock.current = D(2026, 6, 10, 14, 30)
        assert [r.slot.title for r in svc.due()] == ["IOP group"]
    finally:
        monkeypatch.undo()
        time.tzset()


# --- the gentle self-check reminder ----------------------------------------------------------------


def _self_check_svc(store, clock):
    from app.services.bundle import build_services

    services = build_services(store, clock)
    return services, services.reminders


def test_the_self_check_reminder_is_off_by_default(store, clock):
    _services, svc = _self_check_svc(store, clock)
    assert svc.self_check_enabled is False
    assert svc.self_check_due() is None
    assert store.get_setting("reminders.self_check_shown") is None


def test_once_two_weeks_after_the_last_self_check_and_not_again_for_two_weeks(store, clock):
    from app.services.reminders import SELF_CHECK_TITLE

    services, svc = _self_check_svc(store, clock)
    svc.set_self_check_enabled(True)
    services.assessments.add("phq9", dt.date(2026, 6, 1), (0,) * 9)
    assert svc.self_check_due() is None  # 9 days ago
    clock.current = D(2026, 6, 15, 9)
    title, text = svc.self_check_due()
    assert title == SELF_CHECK_TITLE
    assert "No rush" in text and "Self-check" in text
    assert not any(word in text.lower() for word in ("missed", "overdue", "should", "must", "failed"))
    assert svc.self_check_due() is None  # shown today: once
    clock.current = D(2026, 6, 28, 9)
    assert svc.self_check_due() is None  # 13 days after it was shown
    # A restart is a new service over the same file: still not repeated.
    _again, fresh = _self_check_svc(store, clock)
    assert fresh.self_check_due() is None
    clock.current = D(2026, 6, 29, 9)
    assert fresh.self_check_due() is not None


def test_a_self_check_taken_meanwhile_moves_the_next_reminder(store, clock):
    services, svc = _self_check_svc(store, clock)
    svc.set_self_check_enabled(True)
    assert svc.self_check_due() is not None  # never taken: one calm first nudge
    clock.current = D(2026, 6, 24, 9)
    services.assessments.add("gad7", dt.date(2026, 6, 20), (1,) * 7)
    assert svc.self_check_due() is None
    clock.current = D(2026, 7, 4, 9)
    assert svc.self_check_due() is not None
    svc.set_self_check_enabled(False)
    clock.current = D(2026, 9, 1, 9)
    assert svc.self_check_due() is None
