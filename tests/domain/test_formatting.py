"""The one formatting module: the same words for a date, a time or a count in every layer,
in the style of the person's locale (a US user reads 7:30 PM and Dec 7, 2026)."""

import datetime as dt

import pytest

from app.domain import formatting as fmt

EVENING = dt.datetime(2026, 12, 7, 19, 30)  # a Monday


@pytest.fixture
def us():
    fmt.use(fmt.US)
    yield
    fmt.use(fmt.DEFAULT)


def test_default_style_is_a_24_hour_clock_with_the_day_first():
    assert fmt.current() == fmt.DEFAULT
    assert fmt.time(EVENING) == "19:30"
    assert fmt.time(dt.time(7, 5)) == "07:05"
    assert fmt.time_range(EVENING, EVENING + dt.timedelta(hours=1, minutes=30)) == "19:30–21:00"
    assert fmt.date(EVENING) == "7 Dec 2026"
    assert fmt.full_date(EVENING.date()) == "Monday, 7 December 2026"
    assert fmt.weekday_date(EVENING) == "Mon 7 Dec"
    assert fmt.weekday_date(EVENING, long=True) == "Monday 7 December"
    assert fmt.weekday_date(EVENING, year=True) == "Mon 7 Dec 2026"
    assert fmt.weekday_time(EVENING) == "Mon 7 Dec at 19:30"
    assert fmt.date_time(EVENING) == "7 Dec 2026, 19:30"
    assert fmt.hour(7) == "07:00"


def test_us_style_has_am_pm_and_the_month_first(us):
    assert fmt.time(EVENING) == "7:30\u00a0PM"
    assert fmt.time(dt.time(0, 5)) == "12:05\u00a0AM" and fmt.time(dt.time(12)) == "12:00\u00a0PM"
    # The AM/PM is said once when both ends share it, twice when they do not.
    assert fmt.time_range(dt.time(18), dt.time(21)) == "6:00–9:00\u00a0PM"
    assert fmt.time_range(dt.time(11), dt.time(13)) == "11:00\u00a0AM–1:00\u00a0PM"
    assert fmt.date(EVENING) == "Dec 7, 2026"
    assert fmt.full_date(EVENING.date()) == "Monday, December 7, 2026"
    assert fmt.weekday_date(EVENING) == "Mon, Dec 7"
    assert fmt.weekday_time(EVENING) == "Mon, Dec 7 at 7:30\u00a0PM"
    assert fmt.date_time(EVENING) == "Dec 7, 2026, 7:30\u00a0PM"
    assert fmt.hour(0) == "12\u00a0AM" and fmt.hour(13) == "1\u00a0PM"
    assert fmt.qt_time_pattern() == "h:mm AP" and fmt.qt_date_pattern() == "MMM d, yyyy"


@pytest.mark.parametrize("first, last, day_first, month_first", [
    (dt.date(2026, 11, 16), dt.date(2026, 11, 22), "16–22 November 2026", "November 16–22, 2026"),
    (dt.date(2026, 11, 30), dt.date(2026, 12, 6), "30 Nov – 6 Dec 2026", "Nov 30 – Dec 6, 2026"),
    (dt.date(2025, 12, 29), dt.date(2026, 1, 4), "29 Dec 2025 – 4 Jan 2026", "Dec 29, 2025 – Jan 4, 2026"),
])
def test_a_run_of_days_says_the_month_and_year_once(first, last, day_first, month_first):
    assert fmt.date_span(first, last) == day_first
    fmt.use(fmt.US)
    assert fmt.date_span(first, last) == month_first


@pytest.mark.parametrize("value, text", [
    (9 + 50 / 60, "9 h 50 min"), (2.0, "2 h"), (0.75, "45 min"), (0, "0 h"),
    (dt.timedelta(hours=1, minutes=20), "1 h 20 min"), (dt.timedelta(seconds=89), "1 min"),
])
def test_durations_are_hours_and_minutes_not_decimal_hours(value, text):
    assert fmt.duration(value) == text


def test_plural_and_numbers():
    assert fmt.plural(1, "meeting", "meetings") == "1 meeting"
    assert fmt.plural(0, "meeting", "meetings") == "0 meetings"
    assert fmt.plural(1200, "entry", "entries") == "1,200 entries"
    assert fmt.plural(2.5, "hour", "hours") == "2.5 hours"
    assert fmt.number(3.0) == "3" and fmt.number(1.25) == "1.2" and fmt.number(12345) == "12,345"


def test_weeks_start_on_monday():
    assert fmt.week_start(dt.date(2026, 12, 13)) == dt.date(2026, 12, 7)  # a Sunday
    assert fmt.week_start(dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)


@pytest.mark.parametrize("time_pattern, date_pattern, style", [
    ("h:mm\u202fAp", "M/d/yy", fmt.US),  # Qt's en_US
    ("HH:mm", "dd/MM/yyyy", fmt.DEFAULT),  # en_GB
    ("h:mm\u202fAp", "d/M/yy", fmt.Style(twelve_hour=True)),  # en_AU
    ("HH:mm", "yyyy-MM-dd", fmt.DEFAULT),  # sv_SE: year first reads best day first
    ("%r", "%m/%d/%Y", fmt.US),  # the C library's en_US
    ("%T", "%d/%m/%y", fmt.DEFAULT),  # the C library's en_GB
])
def test_style_from_a_locales_patterns(time_pattern, date_pattern, style):
    assert fmt.style_for_patterns(time_pattern, date_pattern) == style


def test_style_from_the_environment(monkeypatch):
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert fmt.style_from_environment() == fmt.DEFAULT
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert fmt.style_from_environment() == fmt.US
    monkeypatch.setenv("LC_TIME", "en_GB.UTF-8")  # LC_TIME wins over LANG
    assert fmt.style_from_environment() == fmt.DEFAULT
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert fmt.style_from_environment() == fmt.DEFAULT
    assert fmt.style_for_locale_name("English_United States.1252") == fmt.US


# --- Spanish ----------------------------------------------------------------------------------

@pytest.fixture
def spanish():
    from app.domain import i18n

    i18n.use_language("es")
    yield
    i18n.use_language("en")


def test_spanish_dates_follow_cldr_and_put_the_day_first_even_in_the_us(spanish):
    fmt.use(fmt.style_for_locale_name("es_US.UTF-8"))  # 12-hour clock, month first in English
    day = dt.date(2026, 12, 7)
    assert fmt.date(day) == "7 dic 2026"
    assert fmt.date(day, long=True) == "7 de diciembre de 2026"
    assert fmt.full_date(day) == "Lunes, 7 de diciembre de 2026"
    assert fmt.weekday_date(day) == "lun 7 dic"
    assert fmt.weekday_date(day, long=True) == "lunes, 7 de diciembre"
    assert fmt.month_year(day, long=True) == "diciembre de 2026"
    assert fmt.date_span(dt.date(2026, 11, 16), dt.date(2026, 11, 22)) == "16–22 de noviembre de 2026"
    assert fmt.date_span(dt.date(2026, 11, 30), dt.date(2026, 12, 6)) == "30 nov – 6 dic 2026"
    assert fmt.time(dt.time(19, 30)) == "7:30\u00a0p.\u00a0m."
    assert fmt.qt_date_pattern() == "d MMM yyyy"


def test_spanish_numbers_take_a_decimal_comma_in_spain_and_a_point_in_mexico(spanish):
    fmt.use(fmt.style_for_locale_name("es_ES.UTF-8"))
    assert fmt.time(dt.time(19, 30)) == "19:30"
    assert (fmt.number(2.5), fmt.number(1234), fmt.number(12345)) == ("2,5", "1234", "12.345")
    fmt.use(fmt.style_for_locale_name("es_MX.UTF-8"))
    assert (fmt.number(2.5), fmt.number(12345)) == ("2.5", "12,345")


def test_a_decimal_comma_is_spanish_only():
    assert fmt.decimal_comma_for("es_ES.UTF-8") and fmt.decimal_comma_for("es_AR")
    assert not fmt.decimal_comma_for("es_US.UTF-8") and not fmt.decimal_comma_for("de_DE.UTF-8")
    fmt.use(fmt.style_for_locale_name("es_ES.UTF-8"))
    assert fmt.number(2.5) == "2.5"  # the window still speaks English: English numbers
