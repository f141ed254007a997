"""The Repeats and Time zone editors of the schedule form."""

import datetime as dt

import pytest

from app.domain.recurrence import check_rrule, occurrences
from app.domain.records import ScheduleItem
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.widgets.recurrence_editor import (
    AFTER,
    ON_DATE,
    RecurrenceEditor,
    TimeZoneEditor,
    parse_simple_rule,
    zone_names,
)

MON_6_MAY = dt.datetime(2030, 5, 6, 18, 0)  # a Monday


@pytest.fixture
def editor(qtbot):
    e = RecurrenceEditor()
    qtbot.addWidget(e)
    e.set_start(MON_6_MAY)
    return e


@pytest.fixture
def dialog_for(qtbot, records):
    def make(record=None):
        dialog = RecordDialog(records, "schedule", record)
        qtbot.addWidget(dialog)
        return dialog
    return make


# The canonical spelling the editor writes: FREQ, INTERVAL, BYDAY (Monday first), COUNT or UNTIL.
SIMPLE_RULES = [
    "",
    "FREQ=DAILY",
    "FREQ=DAILY;COUNT=10",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20300701T235959",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=3;COUNT=4",
    "FREQ=YEARLY",
]


@pytest.mark.parametrize("rule", SIMPLE_RULES)
def test_round_trip_of_every_rule_it_shows(editor, rule):
    if rule:
        check_rrule(rule)
    editor.set_value(rule)
    assert not editor.is_custom()
    assert editor.value() == rule
    # Rebuilt from the controls, it is spelt the same way.
    assert editor.rule().to_text() == rule
    # Touching a control and putting it back changes nothing.
    editor.interval.setValue(editor.interval.value() + 1)
    editor.interval.setValue(editor.interval.value() - 1)
    assert editor.value() == rule


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=FR,MO", "freq=weekly;byday=mo", "RRULE:FREQ=DAILY",
                                  "FREQ=DAILY;INTERVAL=1", "FREQ=WEEKLY;UNTIL=20300701;BYDAY=MO"])
def test_a_rule_spelt_differently_is_kept_as_written_until_changed(editor, rule):
    editor.set_value(rule)
    assert not editor.is_custom()
    assert editor.value() == rule
    editor.interval.setValue(3)
    assert "INTERVAL=3" in editor.value() and check_rrule(editor.value()) is None


@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",   # last weekday of the month (imported)
    "FREQ=MONTHLY;BYDAY=2TU",                          # second Tuesday
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=WEEKLY;BYDAY=MO;WKST=SU",
    "FREQ=WEEKLY;UNTIL=20300309T175959",               # a series cut at "this and following"
    "FREQ=DAILY;INTERVAL=500",
    "not a rule at all",
])
def test_a_rule_it_cannot_show_is_kept_untouched(editor, rule):
    editor.set_value(rule)
    assert editor.is_custom()
    assert editor.value() == rule
    assert editor.preview_text().startswith("Custom: ")
    # Still there after looking at other options and coming back...
    editor.freq.setCurrentIndex(editor.freq.findData("WEEKLY"))
    assert editor.value() == "FREQ=WEEKLY"
    editor.freq.setCurrentIndex(editor.freq.findData("CUSTOM"))
    assert editor.value() == rule
    # ...and the next rule loaded drops the custom option.
    editor.set_value("FREQ=DAILY")
    assert editor.freq.findData("CUSTOM") == -1


def test_weekly_on_chosen_days(editor):
    editor.set_value("")
    editor.freq.setCurrentIndex(editor.freq.findData("WEEKLY"))
    for code in ("MO", "WE", "FR"):
        editor.day_boxes[code].setChecked(True)
    assert editor.value() == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert editor.preview_text().splitlines() == ["Weekly on Mon, Wed, Fri",
                                                  "First: Mon 6 May, Wed 8 May, Fri 10 May 2030, …"]
    editor.interval.setValue(2)
    assert editor.value() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR"
    assert editor.interval.suffix() == " weeks"


def test_weekly_with_no_day_ticked_repeats_on_the_start_day(editor):
    editor.set_value("")
    editor.freq.setCurrentIndex(editor.freq.findData("WEEKLY"))
    assert editor.value() == "FREQ=WEEKLY"
    assert editor.preview_text().startswith("Weekly on Mon (the start day)")
    editor.set_start(MON_6_MAY + dt.timedelta(days=1))
    assert editor.preview_text().startswith("Weekly on Tue (the start day)")


def test_ends_on_a_date_or_after_a_number_of_times(editor):
    editor.set_value("FREQ=DAILY")
    editor.ending.setCurrentIndex(editor.ending.findData(ON_DATE))
    assert editor.until.isVisible() or not editor.isVisible()
    editor.until.setDate(dt.date(2030, 7, 31))
    assert editor.value() == "FREQ=DAILY;UNTIL=20300731T235959"
    assert "until 31 Jul 2030" in editor.preview_text()
    editor.ending.setCurrentIndex(editor.ending.findData(AFTER))
    editor.count.setValue(10)
    assert editor.value() == "FREQ=DAILY;COUNT=10"
    assert editor.preview_text().startswith("Daily, 10 times")


def test_choosing_an_end_date_suggests_one_after_the_start(editor):
    editor.set_value("FREQ=WEEKLY")
    editor.ending.setCurrentIndex(editor.ending.findData(ON_DATE))
    assert editor.rule().until > MON_6_MAY.date()


def test_does_not_repeat_hides_the_details(editor):
    editor.set_value("FREQ=WEEKLY;BYDAY=MO")
    editor.freq.setCurrentIndex(editor.freq.findData(""))
    assert editor.value() == ""
    assert editor.days_row.isHidden() and editor.ends_row.isHidden() and editor.interval.isHidden()


def test_monthly_on_the_31st_warns_about_short_months(editor):
    editor.set_start(dt.datetime(2030, 1, 31, 9))
    editor.set_value("FREQ=MONTHLY")
    assert "months without a day 31 are skipped" in editor.preview_text()
    assert "Thu 31 Jan, Sun 31 Mar" in editor.preview_text()


def test_parse_refuses_what_it_cannot_show_exactly():
    assert parse_simple_rule("FREQ=WEEKLY;BYDAY=MO;BYDAY=TU") is None
    assert parse_simple_rule("FREQ=DAILY;COUNT=3;UNTIL=20300101") is None
    assert parse_simple_rule("FREQ=DAILY;BYDAY=MO") is None
    assert parse_simple_rule("FREQ=HOURLY") is None
    assert parse_simple_rule("FREQ=DAILY;UNTIL=20301340") is None
    assert parse_simple_rule("FREQ=WEEKLY;BYDAY=MO,MO") is None


def test_accessible_names_reach_every_control(editor):
    editor.setAccessibleName("Repeats")
    assert editor.freq.accessibleName() == "Repeats"
    assert editor.day_boxes["WE"].accessibleName() == "Repeats on Wed"
    assert editor.ending.accessibleName() == "Repeats: ends"
    assert editor.focusProxy() is editor.freq


# --- time zones ----------------------------------------------------------------------------------

def test_time_zone_editor_defaults_to_this_computer_and_finds_by_part_of_a_name(qtbot, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    zones = TimeZoneEditor()
    qtbot.addWidget(zones)
    assert zones.value() == "Europe/Berlin"
    assert zone_names() == tuple(sorted(zone_names())) and "America/New_York" in zone_names()
    completer = zones.completer()
    completer.setCompletionPrefix("york")
    assert completer.currentCompletion() == "America/New_York"
    zones.set_value("Asia/Kolkata")
    assert zones.value() == "Asia/Kolkata" and zones.currentIndex() == zones.findText("Asia/Kolkata")
    zones.setEditText("Mars/Olympus_Mons")
    assert zones.value() == "Mars/Olympus_Mons"  # kept, for the form's check to explain


def test_an_unknown_zone_is_reported_by_the_form(dialog_for, records):
    dialog = dialog_for()
    dialog.editor("title").setText("Group")
    dialog.editor("timezone").setEditText("Mars/Olympus_Mons")
    dialog.accept()
    assert dialog.error_text("timezone") == "Time zone “Mars/Olympus_Mons” is not a known IANA time zone."
    assert records.count("schedule") == 0


# --- through the schedule form -----------------------------------------------------------------

def test_saving_a_weekly_item_through_the_form(dialog_for, records):
    dialog = dialog_for()
    assert isinstance(dialog.editor("recurrence"), RecurrenceEditor)
    assert isinstance(dialog.editor("timezone"), TimeZoneEditor)
    dialog.editor("title").setText("Evening IOP group")
    dialog.editor("kind").set_value("group_therapy")
    dialog.set_value("start", MON_6_MAY)
    dialog.set_value("end", MON_6_MAY + dt.timedelta(hours=3))
    dialog.editor("timezone").setEditText("America/Chicago")
    repeats = dialog.editor("recurrence")
    repeats.freq.setCurrentIndex(repeats.freq.findData("WEEKLY"))
    for code in ("MO", "WE", "TH"):
        repeats.day_boxes[code].setChecked(True)
    repeats.ending.setCurrentIndex(repeats.ending.findData(AFTER))
    repeats.count.setValue(24)
    assert repeats.preview_text().startswith("Weekly on Mon, Wed, Thu, 24 times")
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    (item,) = records.list("schedule")
    assert item.recurrence == "FREQ=WEEKLY;BYDAY=MO,WE,TH;COUNT=24"
    assert item.timezone == "America/Chicago"
    starts = [o.start for o in occurrences(item, MON_6_MAY, MON_6_MAY + dt.timedelta(days=365))]
    assert len(starts) == 24
    assert starts[:4] == [MON_6_MAY, dt.datetime(2030, 5, 8, 18), dt.datetime(2030, 5, 9, 18),
                          dt.datetime(2030, 5, 13, 18)]


def test_the_preview_follows_the_start_field(dialog_for):
    dialog = dialog_for()
    repeats = dialog.editor("recurrence")
    repeats.freq.setCurrentIndex(repeats.freq.findData("WEEKLY"))
    dialog.set_value("start", dt.datetime(2030, 5, 9, 10))  # a Thursday
    assert repeats.preview_text().startswith("Weekly on Thu (the start day)")


def test_editing_an_item_with_an_imported_rule_keeps_it(dialog_for, records):
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    item = records.add(ScheduleItem(title="Month-end stock take", kind="work", start=dt.datetime(2030, 5, 31, 9),
                                    end=dt.datetime(2030, 5, 31, 17), timezone="UTC", recurrence=rule))
    dialog = dialog_for(item)
    assert dialog.editor("recurrence").is_custom()
    dialog.editor("title").setText("Month-end stocktake")
    dialog.accept()
    saved = records.get("schedule", item.id)
    assert saved.title == "Month-end stocktake" and saved.recurrence == rule


def test_editing_an_item_keeps_its_rule_spelling(dialog_for, records):
    item = records.add(ScheduleItem(title="Group", start=MON_6_MAY, end=MON_6_MAY + dt.timedelta(hours=1),
                                    timezone="UTC", recurrence="BYDAY=TH,MO;FREQ=WEEKLY"))
    dialog = dialog_for(item)
    assert not dialog.editor("recurrence").is_custom()
    dialog.accept()
    assert records.get("schedule", item.id).recurrence == "BYDAY=TH,MO;FREQ=WEEKLY"


def test_replacing_a_rule_with_does_not_repeat(dialog_for, records):
    item = records.add(ScheduleItem(title="Group", start=MON_6_MAY, end=MON_6_MAY + dt.timedelta(hours=1),
                                    timezone="UTC", recurrence="FREQ=DAILY;COUNT=5"))
    dialog = dialog_for(item)
    repeats = dialog.editor("recurrence")
    repeats.freq.setCurrentIndex(repeats.freq.findData(""))
    dialog.accept()
    assert records.get("schedule", item.id).recurrence == ""


def test_the_first_part_of_a_series_cut_at_this_and_following_shows_as_ending_on_a_date():
    import datetime as dt

    from app.domain.records import ScheduleItem
    from app.domain.recurrence import split_rule
    from app.ui.widgets.recurrence_editor import ON_DATE, parse_simple_rule

    start = dt.datetime(2026, 3, 3, 18)
    item = ScheduleItem(title="Group", start=start, end=start + dt.timedelta(hours=3),
                        timezone="America/New_York", recurrence="FREQ=WEEKLY;BYDAY=TU,TH")
    before, _ = split_rule(item, dt.datetime(2026, 3, 12, 18))
    shown = parse_simple_rule(before)
    assert shown is not None and shown.ending == ON_DATE and shown.until == dt.date(2026, 3, 10)
    assert shown.to_text() == before  # re-saving from the editor keeps the rule exactly
