"""The lock's idle time-out setting and the reminder wording while locked."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.domain.records import ScheduleItem
from app.domain.reminders import private_notification
from app.services.app_lock import check_idle_minutes
from app.services.clock import FixedClock
from app.services.reminders import ReminderService
from tests.cli.helpers import run


@pytest.mark.parametrize("value, minutes", [(0, 0), ("5", 5), (" 120 ", 120), (30, 30)])
def test_the_time_out_is_never_or_5_to_120_minutes(value, minutes):
    assert check_idle_minutes(value) == minutes


@pytest.mark.parametrize("value", [1, 4, 121, -5, "ten", "", True, "5.5"])
def test_other_time_outs_are_refused_in_one_sentence(value):
    with pytest.raises(ValidationError) as caught:
        check_idle_minutes(value)
    assert caught.value.message == "Lock after 5 to 120 minutes without use, or 0 for never."


def test_off_by_default_and_kept_in_the_data_file(services, store):
    assert services.app_lock.idle_minutes == 0
    services.app_lock.set_idle_minutes(20)
    assert store.get_setting("lock.idle_minutes") == "20"
    store.set_setting("lock.idle_minutes", "3")  # written by something else: read as off
    assert services.app_lock.idle_minutes == 0


def test_the_cli_sets_and_refuses_the_time_out(data_dir):
    assert run(data_dir, "settings", "set", "lock.idle_minutes", "15")[0] == 0
    code, out, _ = run(data_dir, "settings", "get", "lock.idle_minutes")
    assert code == 0 and "15" in out
    code, _, err = run(data_dir, "settings", "set", "lock.idle_minutes", "2")
    assert code == 3 and "5 to 120 minutes" in err


def test_a_reminder_while_locked_says_only_when(services):
    clock = FixedClock(dt.datetime(2026, 6, 10, 17, 30))
    reminders = ReminderService(services.schedule, services.store, clock, local_zone="UTC")
    for title, hour in (("IOP group", 18), ("Dana's call", 18)):
        start = dt.datetime(2026, 6, 10, hour, 0)
        services.records.add(ScheduleItem(title=title, start=start, end=start + dt.timedelta(hours=1),
                                          timezone="UTC", location="Clinic room 2"))
    found = reminders.due()
    assert len(found) == 2
    title, text = reminders.private_notification(found)
    assert (title, text) == ("Steady", "2 sessions start soon, the first in 30 minutes")
    assert private_notification(found[:1], clock.now(), local_zone="UTC") == ("Steady", "A session starts in 30 minutes")
    assert private_notification([], clock.now(), local_zone="UTC") == ("", "")
