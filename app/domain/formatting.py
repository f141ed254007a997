"""Words, numbers, dates and times as a person reads them: the one place they are written.

Every layer uses this module (the window, the CLI's sentences, the domain's own sentences
such as a reminder or a goal's summary), so it imports nothing from Qt and nothing from the
rest of the app. Translations hook in here next.

What differs between people is the *style*: whether the clock has 12 hours ("7:30 PM") and
whether the month comes before the day ("Dec 7, 2026"). It is chosen once at start-up with
`use()` — the window from `QLocale.system()` (through `style_for_patterns`), the CLI from
Python's `locale` (`style_from_environment`) — and read by every function below. Until then
(and in the tests, which run under the C locale) the style is `DEFAULT`: a 24-hour clock and
the day first ("7 Dec 2026, 19:30"), which reads well almost everywhere.

Only human-facing text comes from here. Files and machine-readable output (JSON, CSV, ICS,
backups' names, the CLI's tables, which mirror what is typed on the command line) keep ISO
8601 and never change with the locale.

Month and weekday names are written out here rather than taken from `strftime`, which would
follow the C library's locale and mix languages in one sentence. They follow the language in
use (`app.domain.i18n`): in Spanish the names and the word order are CLDR's ("7 dic 2026",
"lunes, 7 de diciembre de 2026"), the day always comes before the month, and numbers take a
decimal comma where the locale writes one (Spain; not the US or Mexico).
"""

from __future__ import annotations

import datetime as dt
import locale
import os
from dataclasses import dataclass

from . import i18n
from .i18n import _, ngettext

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# CLDR's Spanish names (lower case, as Spanish writes them inside a sentence) and their short
# forms ("sept" is CLDR's short September).
_ES_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
              "octubre", "noviembre", "diciembre")
_ES_MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
_ES_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_ES_WEEKDAYS_SHORT = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")


@dataclass(frozen=True)
class Style:
    twelve_hour: bool = False  # "7:30 PM" rather than "19:30"
    month_first: bool = False  # "Dec 7, 2026" rather than "7 Dec 2026"
    decimal_comma: bool = False  # "2,5" and "12.345" rather than "2.5" and "12,345" (in Spanish)


DEFAULT = Style()
US = Style(twelve_hour=True, month_first=True)

_style = DEFAULT


def use(style: Style) -> None:
    """Set the style for the rest of the session (once, at start-up)."""
    global _style
    _style = style


def current() -> Style:
    return _style


# --- choosing the style from the computer's locale -------------------------------------------

def style_for_patterns(time_pattern: str, date_pattern: str) -> Style:
    """The style a locale's short time and date patterns imply. Takes Qt/CLDR patterns
    ("h:mm AP", "M/d/yy") or strftime ones ("%I:%M:%S %p", "%m/%d/%Y"). A year-first date
    ("yyyy-MM-dd", as in Sweden) reads best day-first, not in the US order."""
    if "%" in time_pattern:
        twelve = any(code in time_pattern for code in ("%p", "%P", "%r", "%I", "%l"))
    else:
        twelve = "a" in time_pattern.lower() or ("h" in time_pattern and "H" not in time_pattern)
    if "%" in date_pattern:
        if "%D" in date_pattern:
            month, day, year = 0, 1, 2
        else:
            month = _first(date_pattern, ("%m", "%b", "%B", "%h"))
            day = _first(date_pattern, ("%d", "%e"))
            year = _first(date_pattern, ("%Y", "%y"))
    else:
        month, day, year = (_first(date_pattern, (c,)) for c in ("M", "d", "y"))
    return Style(twelve_hour=twelve, month_first=month < day and month < year)


def _first(pattern: str, codes: tuple[str, ...]) -> int:
    found = [pattern.find(c) for c in codes if c in pattern]
    return min(found) if found else len(pattern)


# Where the C library does not know the locale (not installed, or Windows), the territory of
# its name decides: these use a 12-hour clock in everyday writing (CLDR), the US also puts the
# month first.
_TWELVE_HOUR_TERRITORIES = frozenset({"US", "CA", "AU", "NZ", "IN", "PH", "PK", "BD", "EG", "SA", "MY"})
_MONTH_FIRST_TERRITORIES = frozenset({"US"})


def style_for_locale_name(name: str | None) -> Style:
    """The style for a locale name such as "en_US.UTF-8" ("C" and unknown names: DEFAULT)."""
    base = (name or "").split(".")[0].split("@")[0]
    territory = base.split("_")[1].upper() if "_" in base else ""
    if "united states" in base.lower():  # Windows names: "English_United States"
        territory = "US"
    return Style(twelve_hour=territory in _TWELVE_HOUR_TERRITORIES,
                 month_first=territory in _MONTH_FIRST_TERRITORIES,
                 decimal_comma=decimal_comma_for(name))


# Spanish writes a decimal comma in Spain and most of South America, a decimal point in the
# US, Mexico, Central America, the Caribbean and Peru (CLDR).
_DECIMAL_POINT_SPANISH = frozenset({"US", "MX", "PR", "DO", "GT", "HN", "NI", "PA", "SV", "PE", "CU", "419"})


def decimal_comma_for(name: str | None) -> bool:
    """Whether a locale name ("es_ES.UTF-8", "es-MX") writes numbers with a decimal comma when
    Steady speaks its language (only Spanish differs from English here)."""
    base = (name or "").split(".")[0].split("@")[0].replace("-", "_")
    parts = base.split("_")
    if parts[0].lower() != "es":
        return False
    return len(parts) < 2 or parts[1].upper() not in _DECIMAL_POINT_SPANISH


def style_from_environment() -> Style:
    """The style of the locale the environment asks for (LC_ALL, LC_TIME, LANG), as the C
    library describes it; by the locale's name when the C library cannot. The process's own
    locale is left as it was."""
    wanted = next((os.environ[v] for v in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(v)), "")
    if wanted.split(".")[0] in ("", "C", "POSIX"):
        return DEFAULT
    try:
        before = locale.setlocale(locale.LC_TIME)
        try:
            locale.setlocale(locale.LC_TIME, "")
            found = style_for_patterns(locale.nl_langinfo(locale.T_FMT), locale.nl_langinfo(locale.D_FMT))
            return Style(found.twelve_hour, found.month_first, decimal_comma_for(wanted))
        finally:
            locale.setlocale(locale.LC_TIME, before)
    except (locale.Error, AttributeError, ValueError):  # not installed; no nl_langinfo on Windows
        return style_for_locale_name(wanted)


# --- numbers and words ------------------------------------------------------------------------

def _spanish() -> bool:
    return i18n.language() == "es"


def number(n: float) -> str:
    """1,234 or 2.5: whole numbers with thousands separators, others to one decimal at most.
    With a decimal comma (Spanish in Spain): 12.345 and 2,5, and no separator in four digits
    (1234), as CLDR writes Spanish."""
    x = float(n)
    text = f"{int(x):,}" if x.is_integer() else f"{x:,.1f}".rstrip("0").rstrip(".")
    if not (_style.decimal_comma and _spanish()):
        return text
    if abs(x) < 10_000:
        text = text.replace(",", "")
    return text.translate(str.maketrans(",.", ".,"))


def decimal(x: float, digits: int = 1) -> str:
    """3.0 or 2.25: always `digits` decimals (table columns that line numbers up), with the
    reader's decimal mark (3,0 with a decimal comma)."""
    text = f"{float(x):.{digits}f}"
    return text.replace(".", ",") if _style.decimal_comma and _spanish() else text


def plural(n: float, singular: str, many: str) -> str:
    """ "1 meeting", "2 meetings", "1,200 entries": the number and the word's form for it, in
    the reader's language (the pair is one entry in the catalogue)."""
    form_for = ngettext  # by another name: the catalogue's entry is the caller's literal pair
    return f"{number(n)} {form_for(singular, many, n)}"


# --- weeks ------------------------------------------------------------------------------------

def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week. Steady's weeks run Monday to Sunday (goals per week, the
    planner, reports); a locale whose weeks start on Sunday would change it here."""
    return day - dt.timedelta(days=day.weekday())


# --- times ------------------------------------------------------------------------------------

def _meridiem(hour_of_day: int) -> str:
    if _spanish():
        return "a.\u00a0m." if hour_of_day % 24 < 12 else "p.\u00a0m."
    return "AM" if hour_of_day % 24 < 12 else "PM"


def _clock(moment: dt.time | dt.datetime) -> tuple[str, str]:
    if not _style.twelve_hour:
        return f"{moment.hour:02d}:{moment.minute:02d}", ""
    return f"{(moment.hour % 12) or 12}:{moment.minute:02d}", _meridiem(moment.hour)


def time(moment: dt.time | dt.datetime) -> str:
    """ "19:30", or "7:30 PM" on a 12-hour clock (a no-break space keeps "PM" on its line)."""
    digits, meridiem = _clock(moment)
    return f"{digits}\u00a0{meridiem}" if meridiem else digits


def hour(h: int) -> str:
    """An hour on a time axis: "07:00", or "7 AM" on a 12-hour clock."""
    if not _style.twelve_hour:
        return f"{h:02d}:00"
    return f"{(h % 12) or 12}\u00a0{_meridiem(h)}"


def time_range(start: dt.time | dt.datetime, end: dt.time | dt.datetime) -> str:
    """ "18:00–21:00"; "6:00–9:00 PM" (the AM/PM said once when both share it)."""
    (first, first_half), (_digits, last_half) = _clock(start), _clock(end)
    if first_half and first_half == last_half:
        return f"{first}–{time(end)}"
    return f"{time(start)}–{time(end)}"


def duration(value: dt.timedelta | float) -> str:
    """ "9 h 50 min", "2 h", "45 min", "0 h" for a timedelta or a number of hours, to the minute
    (the same symbols in English and Spanish)."""
    minutes = round((value.total_seconds() / 60) if isinstance(value, dt.timedelta) else float(value) * 60)
    sign = "−" if minutes < 0 else ""
    hours, minutes = divmod(abs(minutes), 60)
    if hours and minutes:
        return f"{sign}{number(hours)} h {minutes} min"
    return f"{sign}{number(hours)} h" if hours or not minutes else f"{sign}{minutes} min"


# --- dates ------------------------------------------------------------------------------------

def month_name(month: int, *, long: bool = True) -> str:
    """ "December" / "Dec" (month 1–12), in the reader's language ("diciembre" / "dic")."""
    if _spanish():
        return (_ES_MONTHS if long else _ES_MONTHS_SHORT)[month - 1]
    return MONTHS[month - 1] if long else MONTHS[month - 1][:3]


def weekday_name(weekday: int, *, long: bool = True) -> str:
    """ "Monday" / "Mon" (0 = Monday), in the reader's language ("lunes" / "lun")."""
    if _spanish():
        return (_ES_WEEKDAYS if long else _ES_WEEKDAYS_SHORT)[weekday]
    return WEEKDAYS[weekday] if long else WEEKDAYS[weekday][:3]


def _mon(d: dt.date) -> str:
    return month_name(d.month, long=False)


def _day(d: dt.date) -> str:
    return weekday_name(d.weekday(), long=False)


def day_month(d: dt.date, *, long: bool = False) -> str:
    """ "7 Dec" ("7 December" with `long`); "Dec 7" month first; "7 dic" / "7 de diciembre"."""
    if _spanish():
        return f"{d.day} de {month_name(d.month)}" if long else f"{d.day} {_mon(d)}"
    month = MONTHS[d.month - 1] if long else _mon(d)
    return f"{month} {d.day}" if _style.month_first else f"{d.day} {month}"


def date(d: dt.date, *, long: bool = False) -> str:
    """ "7 Dec 2026" ("7 December 2026" with `long`); "Dec 7, 2026" month first;
    "7 dic 2026" / "7 de diciembre de 2026"."""
    if _spanish():
        return f"{day_month(d, long=True)} de {d.year}" if long else f"{day_month(d)} {d.year}"
    if _style.month_first:
        return f"{day_month(d, long=long)}, {d.year}"
    return f"{day_month(d, long=long)} {d.year}"


def date_in(d: dt.date, this_year: int) -> str:
    """ "7 Dec" in `this_year`, "7 Dec 2025" in another."""
    return day_month(d) if d.year == this_year else date(d)


def weekday_date(d: dt.date, *, long: bool = False, year: bool = False) -> str:
    """ "Mon 7 Dec" / "Mon, Dec 7"; with `long` "Monday 7 December" / "Monday, December 7";
    with `year` the year too ("Mon 7 Dec 2026" / "Mon, Dec 7, 2026"). Spanish: "lun 7 dic",
    "lunes, 7 de diciembre"."""
    name = weekday_name(d.weekday(), long=long)
    rest = date(d, long=long) if year else day_month(d, long=long)
    if _spanish():
        return f"{name}, {rest}" if long else f"{name} {rest}"
    return f"{name}, {rest}" if _style.month_first else f"{name} {rest}"


def full_date(d: dt.date) -> str:
    """The page heading: "Monday, 7 December 2026" / "Monday, December 7, 2026" /
    "Lunes, 7 de diciembre de 2026" (a heading starts with a capital in Spanish too)."""
    text = f"{weekday_name(d.weekday())}, {date(d, long=True)}"
    return text[:1].upper() + text[1:]


def month_year(d: dt.date, *, long: bool = False) -> str:
    """ "Dec 2026" ("December 2026" with `long`); "dic 2026" / "diciembre de 2026"."""
    if _spanish() and long:
        return f"{month_name(d.month)} de {d.year}"
    return f"{month_name(d.month, long=long)} {d.year}"


def date_span(first: dt.date, last: dt.date) -> str:
    """A run of days said once: "16–22 November 2026", "30 Nov – 6 Dec 2026",
    "29 Dec 2025 – 4 Jan 2026"; month first "November 16–22, 2026", "Nov 30 – Dec 6, 2026";
    Spanish "16–22 de noviembre de 2026", "30 nov – 6 dic 2026"."""
    if first.year != last.year:
        return f"{date(first)} – {date(last)}"
    if first.month != last.month:
        if _style.month_first and not _spanish():
            return f"{day_month(first)} – {day_month(last)}, {last.year}"
        return f"{day_month(first)} – {date(last)}"
    if _spanish():
        return f"{first.day}–{last.day} de {month_name(last.month)} de {last.year}"
    if _style.month_first:
        return f"{MONTHS[last.month - 1]} {first.day}–{last.day}, {last.year}"
    return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"


def date_time(moment: dt.datetime) -> str:
    """A moment in a table or a sentence: "7 Dec 2026, 19:30" / "Dec 7, 2026, 7:30 PM"."""
    return f"{date(moment)}, {time(moment)}"


def weekday_time(moment: dt.datetime, *, long: bool = False, year: bool = False) -> str:
    """ "Mon 7 Dec at 19:30" / "Mon, Dec 7 at 7:30 PM" (see `weekday_date` for the options)."""
    return _("{day} at {time}").format(day=weekday_date(moment, long=long, year=year), time=time(moment))


# --- patterns for Qt's date and time editors (plain strings: this module stays Qt-free) -------

def qt_time_pattern() -> str:
    """ "HH:mm", or "h:mm AP" on a 12-hour clock."""
    return "h:mm AP" if _style.twelve_hour else "HH:mm"


def _month_first() -> bool:
    return _style.month_first and not _spanish()


def qt_date_pattern(*, weekday: bool = False) -> str:
    """ "d MMM yyyy" / "MMM d, yyyy", with the short weekday first when asked (Qt writes the
    names in its default locale, which the window sets to the language in use)."""
    month_first = _month_first()
    day = "MMM d, yyyy" if month_first else "d MMM yyyy"
    return (f"ddd, {day}" if month_first else f"ddd {day}") if weekday else day


def qt_date_time_pattern() -> str:
    """ "d MMM yyyy, HH:mm" / "MMM d, yyyy, h:mm AP": a moment as `date_time` writes it."""
    return f"{qt_date_pattern()}, {qt_time_pattern()}"


def qt_weekday_time_pattern() -> str:
    """ "ddd d MMM, HH:mm" / "ddd, MMM d, h:mm AP": a moment this week or near it."""
    day = "ddd, MMM d" if _month_first() else "ddd d MMM"
    return f"{day}, {qt_time_pattern()}"


__all__ = [
    "DEFAULT", "MONTHS", "US", "WEEKDAYS", "Style", "current", "date", "date_in", "date_span", "date_time",
    "day_month", "decimal", "decimal_comma_for", "duration", "full_date", "hour", "month_name", "month_year", "number", "plural", "qt_date_pattern",
    "qt_date_time_pattern", "qt_time_pattern", "qt_weekday_time_pattern", "style_for_locale_name",
    "style_for_patterns", "style_from_environment", "time", "time_range", "use", "week_start",
    "weekday_date", "weekday_name", "weekday_time",
]
