"""Editors for a schedule item's Repeats rule and time zone, so nobody types RFC 5545 or IANA names.

`RecurrenceEditor` shows the rules people make by hand (daily, weekly on chosen days, every
N weeks, monthly, yearly; ending never, on a date or after N times). Any other rule, such as
one imported from another calendar with BYSETPOS, is kept verbatim as "Custom" until the
person chooses something else: a rule nobody touched is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.i18n import N_, _, ngettext
from app.domain.recurrence import describe_rule
from app.services.clock import local_zone_name
from app.services.clock import SystemClock
from app.ui.style import layout_of, style_subtle_label
from app.ui.widgets.editors import from_qdate, keep_compact, to_qdate

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Monday first, as datetime.weekday()
FREQUENCIES = (("", N_("Does not repeat")), ("DAILY", N_("Daily")), ("WEEKLY", N_("Weekly")),
               ("MONTHLY", N_("Monthly (same day)")), ("YEARLY", N_("Yearly (same date)")))
CUSTOM = "CUSTOM"
_REPEATING = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
NEVER, ON_DATE, AFTER = "never", "until", "count"
ENDINGS = ((NEVER, N_("Never")), (ON_DATE, N_("On date")), (AFTER, N_("After")))
MAX_INTERVAL = 99
MAX_COUNT = 999
_UNTIL_RE = re.compile(r"^(\d{8})(T235959)?$")


def day_labels() -> tuple[str, ...]:
    """The weekdays' short names, Monday first, in the reader's language ("Mon", "lun")."""
    return tuple(fmt.weekday_name(i, long=False) for i in range(7))


def _unit(freq: str, n: int) -> str:
    """The interval's unit after its number ("week", "weeks")."""
    if freq == "DAILY":
        return ngettext("day", "days", n)
    if freq == "WEEKLY":
        return ngettext("week", "weeks", n)
    if freq == "MONTHLY":
        return ngettext("month", "months", n)
    return ngettext("year", "years", n)


@dataclass(frozen=True)
class SimpleRule:
    """A rule the editor can show in its controls. freq "" means "does not repeat"."""

    freq: str = ""
    interval: int = 1
    days: tuple[str, ...] = ()  # weekly only; Monday-first order; () = the start date's weekday
    ending: str = NEVER
    count: int = 0
    until: dt.date | None = None

    def to_text(self) -> str:
        """The canonical RRULE body: FREQ, INTERVAL, BYDAY, then COUNT or UNTIL."""
        if not self.freq:
            return ""
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.freq == "WEEKLY" and self.days:
            parts.append("BYDAY=" + ",".join(self.days))
        if self.ending == AFTER:
            parts.append(f"COUNT={self.count}")
        elif self.ending == ON_DATE and self.until is not None:
            # The whole last day counts, in the item's own wall-clock time.
            parts.append(f"UNTIL={self.until:%Y%m%d}T235959")
        return ";".join(parts)


def parse_simple_rule(text: str) -> SimpleRule | None:
    """The rule as editor controls, or None when the editor cannot show it exactly."""
    body = (text or "").strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body:
        return SimpleRule()
    parts: dict[str, str] = {}
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or key in parts or key not in ("FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL"):
            return None
        parts[key] = value
    freq = parts.get("FREQ", "")
    if freq not in _REPEATING or ("COUNT" in parts and "UNTIL" in parts):
        return None
    interval = _small_int(parts.get("INTERVAL", "1"), MAX_INTERVAL)
    if interval is None:
        return None
    days: tuple[str, ...] = ()
    if "BYDAY" in parts:
        chosen = parts["BYDAY"].split(",")
        if freq != "WEEKLY" or len(set(chosen)) != len(chosen) or not set(chosen) <= set(DAY_CODES):
            return None
        days = tuple(d for d in DAY_CODES if d in chosen)
    if "COUNT" in parts:
        count = _small_int(parts["COUNT"], MAX_COUNT)
        return None if count is None else SimpleRule(freq, interval, days, AFTER, count)
    if "UNTIL" in parts:
        # Only an end of day: any other time would move when the series stops if re-saved.
        match = _UNTIL_RE.match(parts["UNTIL"])
        try:
            until = dt.datetime.strptime(match.group(1), "%Y%m%d").date() if match else None
        except ValueError:
            until = None
        return None if until is None else SimpleRule(freq, interval, days, ON_DATE, until=until)
    return SimpleRule(freq, interval, days)


def _small_int(text: str, maximum: int) -> int | None:
    if not text.isdigit():
        return None
    n = int(text)
    return n if 1 <= n <= maximum else None


def first_dates(rule: str, start: dt.datetime, n: int = 3) -> list[dt.datetime]:
    """The first `n` starts of a series, the way the planner expands it; [] if the rule is unusable."""
    from dateutil.rrule import rrule, rrulestr

    body = rule.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    try:
        parsed = rrulestr(body, dtstart=start, forceset=False, ignoretz=True)
        if not isinstance(parsed, rrule):
            return []
        return list(itertools.islice(parsed, n))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return []


def _describe(rule: str) -> str:
    try:
        return describe_rule(rule)
    except (ValueError, TypeError, KeyError):
        return rule


def _date_list(dates: list[dt.datetime], shown: int = 3) -> str:
    """ "Mon 6 May, Wed 8 May, Fri 10 May 2030, …": the year once, at the end of the list."""
    first = dates[:shown]
    parts = [fmt.weekday_date(d) for d in first[:-1]] + [fmt.weekday_date(first[-1], year=True)]
    return ", ".join(parts) + (", …" if len(dates) > shown else "")


class RecurrenceEditor(QWidget):
    """Repeats: frequency, interval, weekdays and end, with the rule read back in words.

    `value()` is the RRULE body ("FREQ=WEEKLY;BYDAY=MO,WE") or "" for a one-off. The text
    given to `set_value` comes back unchanged unless the person changes the rule.
    """

    changed = Signal()
    # Its own controls explain themselves; the dialog's generic RRULE help would confuse.
    has_own_help = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._original = ""
        self._original_rule: SimpleRule | None = SimpleRule()
        self._start: dt.datetime | None = None
        self._loading = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)

        top = QHBoxLayout()
        top.setSpacing(6)
        self.freq = QComboBox(self)
        for key, label in FREQUENCIES:
            self.freq.addItem(_(label), key)
        self.freq.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        keep_compact(self.freq)
        self.interval = QSpinBox(self)
        self.interval.setRange(1, MAX_INTERVAL)
        self.interval.setPrefix(_("every "))
        widest = _("every ") + "99 " + _unit("MONTHLY", 99)
        self.interval.setMinimumWidth(self.interval.fontMetrics().horizontalAdvance(widest) + 40)
        keep_compact(self.interval)
        top.addWidget(self.freq)
        top.addWidget(self.interval)
        top.addStretch(1)
        outer.addLayout(top)

        self.days_row = QWidget(self)
        days = QHBoxLayout(self.days_row)
        days.setContentsMargins(0, 0, 0, 0)
        days.setSpacing(10)
        self.day_boxes: dict[str, QCheckBox] = {}
        for code, label in zip(DAY_CODES, day_labels(), strict=False):
            box = QCheckBox(label, self.days_row)
            self.day_boxes[code] = box
            days.addWidget(box)
        days.addStretch(1)
        outer.addWidget(self.days_row)
        # Wide enough for all seven days even while they are hidden, so the form never clips them.
        self.setMinimumWidth(self.days_row.sizeHint().width())

        self.ends_row = QWidget(self)
        ends = QHBoxLayout(self.ends_row)
        ends.setContentsMargins(0, 0, 0, 0)
        ends.setSpacing(6)
        self.ends_label = QLabel(_("Ends:"), self.ends_row)
        self.ending = QComboBox(self.ends_row)
        for key, label in ENDINGS:
            self.ending.addItem(_(label), key)
        keep_compact(self.ending)
        self.ends_label.setBuddy(self.ending)
        self.until = QDateEdit(self.ends_row)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat(fmt.qt_date_pattern())
        keep_compact(self.until)
        self.count = QSpinBox(self.ends_row)
        self.count.setRange(1, MAX_COUNT)
        self.count.setValue(12)
        self.count.setSuffix(_(" times"))
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999" + _(" times")) + 40)
        keep_compact(self.count)
        for w in (self.ends_label, self.ending, self.until, self.count):
            ends.addWidget(w)
        ends.addStretch(1)
        outer.addWidget(self.ends_row)

        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style_subtle_label(self.preview)
        outer.addWidget(self.preview)

        self.freq.setToolTip(_("How often this repeats; choosing another option replaces a custom rule"))
        self.setFocusProxy(self.freq)
        self.freq.currentIndexChanged.connect(self._on_edited)
        self.interval.valueChanged.connect(self._on_edited)
        for box in self.day_boxes.values():
            box.toggled.connect(self._on_edited)
        self.ending.currentIndexChanged.connect(self._on_ending_changed)
        self.until.dateChanged.connect(self._on_edited)
        self.count.valueChanged.connect(self._on_edited)
        self._refresh()

    # --- the interface every form editor has ---------------------------------------------

    def value(self) -> str:
        if self.freq.currentData() == CUSTOM:
            return self._original
        rule = self.rule()
        if rule == self._original_rule:
            return self._original  # same rule, possibly spelt differently: keep their spelling
        return rule.to_text()

    def set_value(self, value: str | None) -> None:
        text = value or ""
        self._original = text
        self._original_rule = parse_simple_rule(text)
        self._loading = True
        try:
            custom_at = self.freq.findData(CUSTOM)
            if custom_at >= 0:
                self.freq.removeItem(custom_at)
            rule = self._original_rule
            if rule is None:
                self.freq.addItem(_("Custom rule (kept as it is)"), CUSTOM)
                self.freq.setCurrentIndex(self.freq.count() - 1)
                rule = SimpleRule()
            else:
                self.freq.setCurrentIndex(self.freq.findData(rule.freq))
            self.interval.setValue(rule.interval)
            for code, box in self.day_boxes.items():
                box.setChecked(code in rule.days)
            self.ending.setCurrentIndex(self.ending.findData(rule.ending))
            if rule.ending == AFTER:
                self.count.setValue(rule.count)
            if rule.until is not None:
                self.until.setDate(to_qdate(rule.until))
            elif self._start is not None:
                self.until.setDate(to_qdate(self._default_until()))
        finally:
            self._loading = False
        self._refresh()

    def set_start(self, start: dt.datetime | None) -> None:
        """The item's start, for the start-day fallback, the preview and a sensible end date."""
        self._start = start
        if start is not None and self.ending.currentData() != ON_DATE:
            with QSignalBlocker(self.until):
                self.until.setDate(to_qdate(self._default_until()))
        self._refresh()

    # --- reading the controls -------------------------------------------------------------

    def rule(self) -> SimpleRule:
        """What the controls show (meaningless while a custom rule is chosen)."""
        freq = self.freq.currentData()
        if freq in ("", CUSTOM):
            return SimpleRule()
        days = tuple(c for c, box in self.day_boxes.items() if box.isChecked()) if freq == "WEEKLY" else ()
        ending = self.ending.currentData()
        return SimpleRule(freq, self.interval.value(), days, ending,
                          count=self.count.value() if ending == AFTER else 0,
                          until=from_qdate(self.until.date()) if ending == ON_DATE else None)

    def is_custom(self) -> bool:
        return self.freq.currentData() == CUSTOM

    def preview_text(self) -> str:
        return self.preview.text()

    # --- reacting --------------------------------------------------------------------------

    def _default_until(self) -> dt.date:
        # Intensive outpatient programs usually run 8 to 12 weeks.
        return (self._start or SystemClock().now()).date() + dt.timedelta(weeks=12)

    def _on_ending_changed(self) -> None:
        if not self._loading and self.ending.currentData() == ON_DATE and self._start is not None \
                and from_qdate(self.until.date()) < self._start.date():
            with QSignalBlocker(self.until):
                self.until.setDate(to_qdate(self._default_until()))
        self._on_edited()

    def _on_edited(self) -> None:
        if self._loading:
            return
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        freq = self.freq.currentData()
        repeating = freq not in ("", CUSTOM)
        self.interval.setVisible(repeating)
        if repeating:
            self.interval.setSuffix(" " + _unit(freq, self.interval.value()))
        self.days_row.setVisible(freq == "WEEKLY")
        self.ends_row.setVisible(repeating)
        ending = self.ending.currentData()
        self.until.setVisible(ending == ON_DATE)
        self.count.setVisible(ending == AFTER)
        text = self._describe_current()
        self.preview.setText(text)
        self.preview.setVisible(freq != "")  # "Does not repeat" already says it all
        self.preview.setAccessibleName(_("Repeats, in words: {rule}").format(rule=text))
        self.preview.setToolTip(_("Rule saved: {rule}").format(rule=self.value()) if self.value() else "")
        # Rows shown or hidden before the form is on screen must still count in its size.
        layout_of(self).invalidate()
        self.updateGeometry()

    def _describe_current(self) -> str:
        """One line in words, and a second with the first dates when the start is known."""
        freq = self.freq.currentData()
        rule = self.value()
        if freq == "":
            return _("Does not repeat.")
        if freq == CUSTOM:
            words = _("Custom: {rule}").format(rule=_describe(rule))
        else:
            simple = self.rule()
            weekday = DAY_CODES[self._start.weekday()] if self._start is not None else ""
            if simple.freq == "WEEKLY" and not simple.days and weekday:
                # No day ticked: RFC 5545 repeats on the start date's weekday.
                words = _describe(SimpleRule(simple.freq, simple.interval, (weekday,), simple.ending,
                                             simple.count, simple.until).to_text()) + " " + _("(the start day)")
            elif simple.freq == "WEEKLY" and not simple.days:
                words = _("{rule} on the start day").format(rule=_describe(rule))
            else:
                words = _describe(rule)
            if simple.freq == "MONTHLY" and self._start is not None and self._start.day > 28:
                words += _("; months without a day {day} are skipped").format(day=self._start.day)
        if self._start is None:
            return words
        dates = first_dates(rule, self._start, 4)
        if not dates:
            return words + "\n" + _("No date matches this rule.")
        return words + "\n" + _("First: {dates}").format(dates=_date_list(dates))

    # --- accessibility -------------------------------------------------------------------------

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt naming
        super().setAccessibleName(name)
        self.freq.setAccessibleName(name)
        self.interval.setAccessibleName(_("{name}: how often").format(name=name))
        for label, box in zip(day_labels(), self.day_boxes.values(), strict=False):
            box.setAccessibleName(_("{name} on {day}").format(name=name, day=label))
        self.ending.setAccessibleName(_("{name}: ends").format(name=name))
        self.until.setAccessibleName(_("{name}: last date").format(name=name))
        self.count.setAccessibleName(_("{name}: number of times").format(name=name))


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone this computer knows, sorted; the "posix/" and "right/" copies left out."""
    return tuple(sorted(z for z in zoneinfo.available_timezones()
                        if not z.startswith(("posix/", "right/")) and z != "localtime"))


class TimeZoneEditor(QComboBox):
    """An editable list of IANA zones; typing any part of a name ("york") finds it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = zone_names()
        self.addItems(names)
        self.setMaxVisibleItems(15)
        completer = QCompleter(list(names), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(max(24, min(34, max((len(n) for n in names), default=24))))
        keep_compact(self)
        self.set_value(None)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str | None) -> None:
        name = value or local_zone_name()
        at = self.findText(name, Qt.MatchFlag.MatchExactly)
        if at >= 0:
            self.setCurrentIndex(at)
        else:
            self.setEditText(name)  # an unknown name stays visible; the form's check explains it
