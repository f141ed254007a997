"""Calendars as real producers write them (Outlook, Google, a holiday site, scripts), each
imported and compared, occurrence by occurrence, with an independent RFC 5545 expander
(recurring-ical-events), on a computer in New York and on one in UTC (issue 15, items 1-7)."""

import datetime as dt
import tempfile
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from app.domain.schedule import to_utc
from app.services import ics
from app.services.clock import FixedClock
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.storage import open_store

D = dt.datetime
UTC = dt.timezone.utc
NY = "America/New_York"
SPAN = (D(2015, 1, 1), D(2031, 1, 1))
ZONES = (NY, "UTC")


@pytest.fixture
def svc(tmp_path):
    store = open_store(tmp_path / "data")
    s = ScheduleService(store, RecordService(store, FixedClock(D(2026, 1, 1, 9))))
    yield s
    store.close()


def cal(*events, extra="", prodid="-//Test//Test//EN"):
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:{prodid}\n{extra}" + "".join(events) + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def event(uid, summary, *lines):
    return f"BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{summary}\nDTSTAMP:20260101T000000Z\n" + "".join(
        line + "\n" for line in lines) + "END:VEVENT\n"


def plan_of(svc, data: bytes, zone: str):
    """The plan as the computer in `zone` makes it (`zone` is what local_zone_name() gives)."""
    return ics.plan_import(svc.store, data, zone=zone, source="test.ics")


def do_import(svc, data: bytes, zone: str):
    plan = plan_of(svc, data, zone)
    return plan, ics.apply_import(svc.store, svc.records, plan)


def moment(value, zone):
    """A date stays a date; a date-time becomes its UTC moment (floating: in `zone`)."""
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is None:
        return to_utc(value, zone)
    return value.astimezone(UTC)


def expected(data: bytes, zone: str, *, ends=True):
    calendar = icalendar.Calendar.from_ical(data)
    out = []
    for ev in recurring_ical_events.of(calendar).between(*SPAN):
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        out.append((moment(ev.start, zone), moment(ev.end, zone) if ends else None, str(ev["SUMMARY"])))
    return sorted(out, key=repr)


def ours(svc, *, ends=True):
    out = []
    for s in svc.slots(*SPAN):
        if s.item.all_day:
            start, end = s.start.date(), s.end.date()
        else:
            start, end = to_utc(s.start, s.item.timezone), to_utc(s.end, s.item.timezone)
        out.append((start, end if ends else None, s.title))
    return sorted(out, key=repr)


def check_against_expander(svc, data, zone, **kw):
    plan, result = do_import(svc, data, zone)
    assert ours(svc, **kw) == expected(data, zone, **kw)
    return plan, result


# --- 1. RDATE without RRULE --------------------------------------------------------------------

RDATES = cal(
    event("rdate-dates@example.org", "Outpatient check-up",
          "DTSTART;TZID=America/New_York:20260105T090000", "DTEND;TZID=America/New_York:20260105T093000",
          "RDATE;TZID=America/New_York:20260202T090000,20260302T090000,20260406T090000",
          "RDATE;TZID=America/New_York:20260504T090000",
          "RDATE;TZID=America/New_York:20260601T090000,20260706T090000,20260803T090000,"
          "20260907T090000,20261005T090000,20261102T090000,20261207T090000"),
    event("rdate-day@example.org", "School holiday", "DTSTART;VALUE=DATE:20260216",
          "RDATE;VALUE=DATE:20260406,20260525"),
    event("rdate-period@example.org", "Family session",
          "DTSTART:20260310T220000Z", "DTEND:20260310T230000Z",
          "RDATE;VALUE=PERIOD:20260317T220000Z/20260317T233000Z,20260324T220000Z/PT2H"),
)


@pytest.mark.parametrize("zone", ZONES)
def test_rdate_without_rrule_imports_every_date(svc, zone):
    plan, result = check_against_expander(svc, RDATES, zone)
    assert result.skipped == 0 and plan.warnings == ()
    titles = [t for _, _, t in ours(svc)]
    assert titles.count("Outpatient check-up") == 12
    assert titles.count("School holiday") == 3
    assert titles.count("Family session") == 3


def test_a_one_off_whose_own_date_is_excluded_keeps_its_extra_dates(svc):
    data = cal(event("ex@example.org", "Moved check-up", "DTSTART:20260105T090000", "DTEND:20260105T100000",
                     "RDATE:20260112T090000,20260119T090000", "EXDATE:20260105T090000"))
    check_against_expander(svc, data, NY)
    assert len(ours(svc)) == 2


def test_unreadable_extra_dates_are_named_and_counted(svc):
    data = cal(event("bad@example.org", "Check-up", "DTSTART:20260105T090000",
                     "RDATE;VALUE=PERIOD:20260112T090000/nonsense"),
               event("good@example.org", "Fine", "DTSTART:20260105T100000"))
    plan = plan_of(svc, data, NY)
    assert any("Check-up" in w and "RDATE" in w for w in plan.warnings), plan.warnings


# --- 2. a series in UTC -----------------------------------------------------------------------

UTC_SERIES = cal(
    event("utc-weekly@example.org", "Night shift handover",
          "DTSTART:20260105T230000Z", "DTEND:20260106T000000Z", "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=80"),
    event("utc-daily@example.org", "Medication", "DTSTART:20261020T120000Z", "DTEND:20261020T121500Z",
          "RRULE:FREQ=DAILY;UNTIL=20261115T120000Z", "EXDATE:20261101T120000Z"),
    event("utc-winter@example.org", "Winter call", "DTSTART:20260105T150000Z", "DTEND:20260105T160000Z",
          "RRULE:FREQ=WEEKLY;COUNT=6"),
)


@pytest.mark.parametrize("zone", ZONES)
def test_a_series_in_utc_stays_fixed_in_utc(svc, zone):
    check_against_expander(svc, UTC_SERIES, zone)
    items = {i.title: i for i in svc.store.schedule.list()}
    # Across a daylight-saving change New York's clock would move it: it stays a UTC series.
    assert items["Night shift handover"].timezone == "UTC"
    assert items["Medication"].timezone == "UTC"
    # Within one winter the moments are the same either way: shown on the computer's clock.
    assert items["Winter call"].timezone == zone


# --- 3. all-day series, date-time RECURRENCE-ID ------------------------------------------------

OUTLOOK_ALL_DAY = cal(
    "BEGIN:VTIMEZONE\nTZID:GMT Standard Time\nBEGIN:STANDARD\nDTSTART:16011028T020000\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nTZOFFSETFROM:+0100\nTZOFFSETTO:-0000\nEND:STANDARD\n"
    "BEGIN:DAYLIGHT\nDTSTART:16010325T010000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\n"
    "TZOFFSETFROM:-0000\nTZOFFSETTO:+0100\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
    event("040000008200E00074C5B7101A82E008@outlook", "Rota: day off",
          "DTSTART;VALUE=DATE:20200402", "DTEND;VALUE=DATE:20200403", "RRULE:FREQ=WEEKLY;COUNT=6"),
    event("040000008200E00074C5B7101A82E008@outlook", "Rota: day off (swapped)",
          "RECURRENCE-ID;TZID=GMT Standard Time:20200416T000000",
          "DTSTART;VALUE=DATE:20200417", "DTEND;VALUE=DATE:20200418"),
    event("google-all-day@google.com", "Kids with their dad", "DTSTART;VALUE=DATE:20200403",
          "DTEND;VALUE=DATE:20200404", "RRULE:FREQ=WEEKLY;COUNT=4"),
    event("google-all-day@google.com", "Kids with their dad (moved)", "RECURRENCE-ID:20200410T000000Z",
          "DTSTART;VALUE=DATE:20200411", "DTEND;VALUE=DATE:20200412"),
    prodid="-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
)


@pytest.mark.parametrize("zone", ZONES)
def test_all_day_series_with_a_date_time_recurrence_id_is_moved_not_doubled(svc, zone):
    plan, result = check_against_expander(svc, OUTLOOK_ALL_DAY, zone)
    days = [(s, t) for s, _, t in ours(svc)]
    assert (dt.date(2020, 4, 17), "Rota: day off (swapped)") in days
    assert (dt.date(2020, 4, 16), "Rota: day off") not in days
    assert len(days) == 10 and result.changes == 2 and result.added == 2


# --- 4. quirks that must not refuse a file ---------------------------------------------------

HOLIDAY_SITE = cal(
    event("h1@holidays.example", "New Year's Day", "DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20260102",
          "RRULE:"),
    event("h2@holidays.example", "Independence Day", "DTSTART;VALUE=DATE:20260704", "DTEND;VALUE=DATE:20260705",
          "RRULE:"),
    prodid="-//calendarlabs.com//Holidays//EN",
)


@pytest.mark.parametrize("zone", ZONES)
def test_empty_rrule_lines_are_no_rule(svc, zone):
    plan, result = do_import(svc, HOLIDAY_SITE, zone)
    assert (result.added, result.skipped, plan.warnings) == (2, 0, ())
    assert all(not i.recurrence for i in svc.store.schedule.list())


GOOGLE_QUIRKS = cal(
    event("zero@google.com", "Take meds", "DTSTART;TZID=America/New_York:20260301T080000",
          "DTEND;TZID=America/New_York:20260301T080000", "RRULE:FREQ=DAILY;COUNT=10"),
    extra="X-WR-CALNAME:Me\n",
)


@pytest.mark.parametrize("zone", ZONES)
def test_google_quirks_import_whole(svc, zone):
    plan, result = check_against_expander(svc, GOOGLE_QUIRKS, zone, ends=False)
    assert (result.added, result.skipped, plan.warnings) == (1, 0, ())
    # An end at the start counts as no end: the default hour, like an event without DTEND.
    assert svc.store.schedule.list()[0].duration == dt.timedelta(hours=1)


def test_an_event_mixing_date_and_date_time_is_read_by_its_start(svc):
    # recurring-ical-events reads it as midnight to midnight (floating): the same whole day.
    data = cal(event("mixed@google.com", "Day retreat", "DTSTART;VALUE=DATE:20260314", "DTEND:20260315T000000"),
               event("mixed2@google.com", "Evening", "DTSTART:20260314T180000", "DTEND;VALUE=DATE:20260315"))
    plan, result = do_import(svc, data, NY)
    assert (result.added, result.skipped) == (2, 0)
    items = {i.title: i for i in svc.store.schedule.list()}
    assert items["Day retreat"].all_day and (items["Day retreat"].start, items["Day retreat"].end) == (
        D(2026, 3, 14), D(2026, 3, 15))
    assert not items["Evening"].all_day and (items["Evening"].start, items["Evening"].end) == (
        D(2026, 3, 14, 18), D(2026, 3, 15))


def test_count_minus_one_beside_until_means_until(svc):
    # recurring-ical-events refuses this rule; Google Calendar and Thunderbird read it as UNTIL.
    data = cal(event("count@google.com", "Step study", "DTSTART;TZID=America/New_York:20260302T190000",
                     "DTEND;TZID=America/New_York:20260302T200000",
                     "RRULE:FREQ=WEEKLY;COUNT=-1;UNTIL=20260330T235959Z"))
    plan, result = do_import(svc, data, NY)
    assert (result.added, result.skipped, plan.warnings) == (1, 0, ())
    assert "COUNT" not in svc.store.schedule.list()[0].recurrence
    assert [s.start for s in svc.slots(*SPAN)] == [D(2026, 3, d, 19) for d in (2, 9, 16, 23, 30)]


def test_an_end_before_the_start_takes_the_default_length_with_a_warning(svc):
    data = cal(event("back@example.org", "Backwards", "DTSTART:20260310T100000", "DTEND:20260310T090000",
                     "RRULE:FREQ=WEEKLY;COUNT=3"))
    plan, result = do_import(svc, data, NY)
    assert result.added == 1 and result.skipped == 0
    assert any("Backwards" in w and "ends before it starts" in w for w in plan.warnings)
    assert svc.store.schedule.list()[0].duration == dt.timedelta(hours=1)


def test_a_rule_beyond_steadys_limits_is_a_named_warning_not_a_refused_file(svc):
    data = cal(event("big@example.org", "Every minute forever", "DTSTART:20260310T100000",
                     "RRULE:FREQ=DAILY;INTERVAL=5000"),
               event("ok@example.org", "Fine", "DTSTART:20260310T100000"))
    plan, result = do_import(svc, data, NY)
    assert result.added == 1 and result.skipped == 1
    assert any("Every minute forever" in w for w in plan.warnings)


# --- 5. time zones ------------------------------------------------------------------------------

GOOGLE_FLOATING = cal(
    event("float@google.com", "Zoom with Brussels group", "DTSTART:20260310T210000", "DTEND:20260310T220000",
          "RRULE:FREQ=WEEKLY;COUNT=8"),
    extra="X-WR-CALNAME:Groups\nX-WR-TIMEZONE:Europe/Brussels\n",
)


@pytest.mark.parametrize("zone", ZONES)
def test_x_wr_timezone_places_floating_times(svc, zone):
    check_against_expander(svc, GOOGLE_FLOATING, zone)
    item = svc.store.schedule.list()[0]
    assert item.timezone == "Europe/Brussels" and item.start == D(2026, 3, 10, 21)


OUTLOOK_ZONES = cal(
    "BEGIN:VTIMEZONE\nTZID:(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\n"
    "BEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T020000\n"
    "TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\n"
    "END:VTIMEZONE\n"
    "BEGIN:VTIMEZONE\nTZID:Custom Eastern\nBEGIN:STANDARD\nDTSTART:16011104T020000\n"
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\n"
    "BEGIN:DAYLIGHT\nDTSTART:16010311T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\n"
    "TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\nEND:VTIMEZONE\n",
    event("w1@outlook", "Team standup (Amsterdam)",
          'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260302T090000',
          'DTEND;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260302T093000',
          "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10"),
    event("w2@outlook", "Counselor (Windows name)", "DTSTART;TZID=W. Europe Standard Time:20260303T170000",
          "DTEND;TZID=W. Europe Standard Time:20260303T180000", "RRULE:FREQ=WEEKLY;COUNT=8"),
    event("w3@outlook", "London rota", "DTSTART;TZID=GMT Standard Time:20260304T080000",
          "DTEND;TZID=GMT Standard Time:20260304T160000", "RRULE:FREQ=WEEKLY;COUNT=8"),
    event("w4@outlook", "Custom zone series", "DTSTART;TZID=Custom Eastern:20260302T180000",
          "DTEND;TZID=Custom Eastern:20260302T190000", "RRULE:FREQ=WEEKLY;COUNT=6"),
    prodid="-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
)


@pytest.mark.parametrize("zone", ZONES)
def test_windows_and_outlook_zone_names_map_to_iana(svc, zone):
    plan, result = check_against_expander(svc, OUTLOOK_ZONES, zone)
    assert result.skipped == 0 and plan.warnings == ()
    items = {i.title: i for i in svc.store.schedule.list()}
    assert items["Team standup (Amsterdam)"].timezone == "Europe/Amsterdam"
    assert items["Counselor (Windows name)"].timezone == "Europe/Berlin"
    assert items["London rota"].timezone == "Europe/London"
    assert items["Custom zone series"].timezone in ("America/New_York", "America/Detroit", "America/Toronto",
                                                     "America/Nassau", "America/Iqaluit")


def test_an_unknown_zone_without_a_description_uses_the_computers_zone_and_says_so(svc):
    data = cal(event("u@example.org", "Shift", "DTSTART;TZID=Company Time:20260302T090000",
                     "DTEND;TZID=Company Time:20260302T170000", "RRULE:FREQ=WEEKLY;COUNT=4"))
    plan, result = do_import(svc, data, NY)
    assert result.added == 1 and result.skipped == 0
    assert any("Shift" in w and "Company Time" in w and NY in w for w in plan.warnings)
    assert svc.store.schedule.list()[0].timezone == NY


# --- 6. files other readers open ------------------------------------------------------------


def test_bare_vevents_without_a_calendar(svc, tmp_path):
    text = event("bare-1@script", "Walk", "DTSTART:20260310T070000Z", "DTEND:20260310T080000Z") + event(
        "bare-2@script", "Call", "DTSTART:20260311T070000Z", "DTEND:20260311T080000Z")
    path = tmp_path / "bare.ics"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    from app.services.importing import file_format

    assert file_format(path) == "ics"
    plan, result = do_import(svc, ics.read_import_file(path), NY)
    assert result.added == 2 and plan.warnings == ()


def test_several_calendars_in_one_file(svc):
    data = cal(event("a@one", "One", "DTSTART:20260310T070000Z")) + cal(event("b@two", "Two",
                                                                              "DTSTART:20260311T070000Z"))
    plan, result = do_import(svc, data, NY)
    assert result.added == 2


@pytest.mark.parametrize("zone", ZONES)
def test_several_rrules_are_their_union(svc, zone):
    data = cal(event("two-rules@example.org", "Group", "DTSTART;TZID=America/New_York:20260302T180000",
                     "DTEND;TZID=America/New_York:20260302T190000", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6",
                     "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8"))
    plan, result = check_against_expander(svc, data, zone)
    assert result.skipped == 0 and plan.warnings == ()
    assert len(ours(svc)) == 10  # six Mondays; the second rule adds four Thursdays, its Mondays repeat


@pytest.mark.parametrize("zone", ZONES)
def test_an_override_with_its_own_rrule_changes_its_occurrence(svc, zone):
    data = cal(event("ov@example.org", "Group", "DTSTART;TZID=America/New_York:20260302T180000",
                     "DTEND;TZID=America/New_York:20260302T190000", "RRULE:FREQ=WEEKLY;COUNT=5"),
               event("ov@example.org", "Group (moved)", "RECURRENCE-ID;TZID=America/New_York:20260316T180000",
                     "DTSTART;TZID=America/New_York:20260317T180000", "DTEND;TZID=America/New_York:20260317T190000",
                     "RRULE:FREQ=WEEKLY;COUNT=5"))
    plan, result = check_against_expander(svc, data, zone)
    assert result.added == 1 and result.skipped == 0
    assert any("Group" in w and "its own repeat rule" in w for w in plan.warnings)


# --- 7. long events -------------------------------------------------------------------------


def test_events_over_two_weeks_are_imported_as_all_day_spans(svc):
    data = cal(event("res@example.org", "Residential stay", "DTSTART;VALUE=DATE:20260601",
                     "DTEND;VALUE=DATE:20260622"),
               event("trip@example.org", "Trip", "DTSTART:20260701T150000Z", "DTEND:20260720T090000Z"))
    plan, result = do_import(svc, data, NY)
    assert (result.added, result.skipped) == (2, 0)
    items = {i.title: i for i in svc.store.schedule.list()}
    stay = items["Residential stay"]
    assert stay.all_day and (stay.start, stay.end) == (D(2026, 6, 1), D(2026, 6, 22))
    trip = items["Trip"]
    assert trip.all_day and (trip.start, trip.end) == (D(2026, 7, 1), D(2026, 7, 21))
    assert any("Trip" in w and "all-day" in w for w in plan.warnings)


@pytest.mark.parametrize("zone", ZONES)
def test_a_first_start_off_the_rule_is_still_an_occurrence(svc, zone):
    # Found by the property test: RFC 5545 counts DTSTART even when BYDAY does not match it.
    data = cal(event("off@example.org", "Series", "DTSTART:20260220T000000Z", "DTEND:20260220T003000Z",
                     "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260312T000000Z"))
    check_against_expander(svc, data, zone)
    assert len(ours(svc)) == 4


def test_an_extra_date_on_the_day_of_an_excluded_one_is_kept():
    # RFC 5545: EXDATE removes exactly the instance it names; an RDATE an hour later the same
    # day is its own occurrence (recurring-ical-events 3.8 drops it; Steady must not).
    from app.services.clock import FixedClock
    from app.services.records import RecordService
    from app.services.schedule import ScheduleService
    from app.storage import open_store

    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:S\r\n"
            b"DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260220T000000\r\n"
            b"DTEND;TZID=Europe/Berlin:20260220T003000\r\nRRULE:FREQ=DAILY;COUNT=4\r\n"
            b"EXDATE;TZID=Europe/Berlin:20260221T000000\r\nRDATE;TZID=Europe/Berlin:20260221T010000\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "data")
        try:
            svc = ScheduleService(store, RecordService(store, FixedClock(dt.datetime(2026, 1, 1, 9))))
            plan = ics.plan_import(store, data, zone="UTC", source="x.ics")
            ics.apply_import(store, svc.records, plan)
            starts = sorted(s.start for s in svc.slots(dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 1)))
        finally:
            store.close()
    assert starts == [dt.datetime(2026, 2, 20, 0, 0), dt.datetime(2026, 2, 21, 1, 0),
                      dt.datetime(2026, 2, 22, 0, 0), dt.datetime(2026, 2, 23, 0, 0)]
