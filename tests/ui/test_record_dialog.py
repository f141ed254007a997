"""Adding, editing and deleting through the generated form, and messages next to fields."""

import datetime as dt

import pytest

from app.domain import formatting as fmt
from app.domain.records import CheckIn, ScheduleItem
from app.ui import messages
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui.pages.records_page import RecordsView
from app.ui.widgets import editors as E

from .helpers import seed


@pytest.fixture
def dialog_for(qtbot, records):
    def make(kind, record=None):
        dialog = RecordDialog(records, kind, record)
        qtbot.addWidget(dialog)
        return dialog
    return make


def _view(qtbot, records, kind):
    view = RecordsView(records, kind)
    qtbot.addWidget(view)
    return view


# --- coping entries -----------------------------------------------------------------------------

def test_add_coping_entry(dialog_for, records):
    skill = seed(records)["skill"]
    before = records.count("coping")
    dialog = dialog_for("coping")
    dialog.editor("situation").setPlainText("Argument with my brother")
    dialog.editor("urge_before").setValue(8)
    dialog.editor("urge_after").setValue(3)
    dialog.editor("triggers").boxes["emotions"].setChecked(True)
    dialog.editor("skill_ids").check_name("Box breathing")
    dialog.editor("outcome").set_value("eased")
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    assert records.count("coping") == before + 1
    saved = records.get("coping", dialog.saved.id)
    assert (saved.urge_before, saved.urge_after, saved.outcome) == (8, 3, "eased")
    assert saved.triggers == ("emotions",)
    assert saved.skill_ids == (skill.id,)
    assert saved.situation == "Argument with my brother"


def test_new_coping_entry_defaults_to_now_and_blank_urges(dialog_for, records):
    dialog = dialog_for("coping")
    now = records.clock.now().replace(second=0)
    assert abs(dialog.value("occurred_at") - now) <= dt.timedelta(minutes=1)
    assert dialog.value("urge_before") is None
    assert dialog.value("urge_after") is None


def test_required_number_left_blank_shows_message_and_saves_nothing(dialog_for, records):
    dialog = dialog_for("coping")
    dialog.accept()
    assert dialog.result() != RecordDialog.DialogCode.Accepted
    assert dialog.error_text("urge_before") == "Urge before is required."
    assert records.count("coping") == 0


def test_archived_skills_are_not_offered_for_new_entries(dialog_for, records):
    seed(records)
    dialog = dialog_for("coping")
    refs = dialog.editor("skill_ids")
    names = [refs.item(i).text() for i in range(refs.count())]
    assert names == ["Box breathing"]


def test_edit_coping_entry_through_the_page(qtbot, records):
    data = seed(records)
    view = _view(qtbot, records, "coping")
    assert view.select_record(data["coping2"].id)
    dialog = view.make_dialog(view.selected_record())
    qtbot.addWidget(dialog)
    assert dialog.value("urge_before") == 4
    dialog.editor("urge_after").setValue(1)
    dialog.editor("notes").setPlainText("Went for a walk instead.")
    dialog.accept()
    saved = records.get("coping", data["coping2"].id)
    assert saved.urge_after == 1 and saved.notes == "Went for a walk instead."
    assert saved.occurred_at == data["coping2"].occurred_at
    # The page refreshed from the change notice and still has the row selected.
    assert view.selected_record() == saved


def test_delete_coping_entry_asks_first(qtbot, records, monkeypatch):
    data = seed(records)
    view = _view(qtbot, records, "coping")
    view.select_record(data["coping"].id)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    assert view.delete_selected() is False
    assert records.get("coping", data["coping"].id) is not None
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    assert view.delete_selected() is True
    assert records.get("coping", data["coping"].id) is None
    assert asked and "coping entry" in asked[0]
    assert view.model.row_of(data["coping"].id) == -1


def test_very_long_notes_emoji_and_rtl_text_save(dialog_for, records):
    text = ("שלום עליכם 🙂 " * 8000)[:100_000]
    dialog = dialog_for("coping")
    dialog.editor("urge_before").setValue(5)
    dialog.editor("notes").setPlainText(text)
    dialog.editor("situation").setPlainText("مرحبا — 🌧️ rainy day")
    dialog.accept()
    saved = records.get("coping", dialog.saved.id)
    assert saved.notes == text and len(saved.notes) == 100_000
    assert saved.situation == "مرحبا — 🌧️ rainy day"


# --- check-ins ---------------------------------------------------------------------------------

def test_add_check_in(dialog_for, records):
    dialog = dialog_for("checkin")
    assert dialog.value("day") == records.clock.now().date()
    dialog.editor("mood").setValue(4)
    dialog.editor("craving").setValue(2)
    dialog.editor("sleep_hours").setValue(7.5)
    dialog.editor("medication_taken").set_value(True)
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    saved = records.list("checkin")[0]
    assert (saved.mood, saved.craving, saved.sleep_hours, saved.medication_taken) == (4, 2, 7.5, True)


def test_second_check_in_for_a_day_shows_the_duplicate_message(dialog_for, records):
    today = records.clock.now().date()
    records.add(CheckIn(day=today, mood=3, craving=3))
    dialog = dialog_for("checkin")
    dialog.editor("mood").setValue(4)
    dialog.editor("craving").setValue(1)
    dialog.accept()
    assert dialog.result() != RecordDialog.DialogCode.Accepted
    assert dialog.error_text("day") == f"There is already a check-in for {fmt.date(today)}; edit that one instead."
    assert records.count("checkin") == 1


def test_edit_and_delete_check_in(qtbot, records, monkeypatch):
    data = seed(records)
    view = _view(qtbot, records, "checkin")
    view.select_record(data["checkin2"].id)
    dialog = view.make_dialog(view.selected_record())
    qtbot.addWidget(dialog)
    dialog.editor("mood").setValue(3)
    dialog.editor("sleep_hours").set_value(None)
    dialog.accept()
    saved = records.get("checkin", data["checkin2"].id)
    assert saved.mood == 3 and saved.sleep_hours is None
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    view.select_record(data["checkin2"].id)
    assert view.delete_selected()
    assert records.get("checkin", data["checkin2"].id) is None


# --- schedule items ---------------------------------------------------------------------------

def test_new_schedule_item_starts_next_full_hour(dialog_for, records):
    dialog = dialog_for("schedule")
    start = dialog.value("start")
    assert start.minute == 0 and start > records.clock.now()
    assert dialog.value("end") - start == dt.timedelta(hours=1)
    assert dialog.value("timezone")


def test_add_schedule_item(dialog_for, records):
    dialog = dialog_for("schedule")
    dialog.editor("title").setText("Family therapy")
    dialog.editor("kind").set_value("family_therapy")
    dialog.set_value("start", dt.datetime(2030, 5, 6, 18, 0))
    dialog.set_value("end", dt.datetime(2030, 5, 6, 19, 30))
    dialog.editor("timezone").setEditText("America/Chicago")
    dialog.editor("location").setText("Clinic, room 3")
    dialog.editor("reminder_minutes").setValue(30)
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    (item,) = records.list("schedule")
    assert item.title == "Family therapy" and item.kind == "family_therapy"
    assert (item.start, item.end) == (dt.datetime(2030, 5, 6, 18, 0), dt.datetime(2030, 5, 6, 19, 30))
    assert item.reminder_minutes == 30 and item.timezone == "America/Chicago"


def test_schedule_end_before_start_shows_message_under_ends(dialog_for, records):
    dialog = dialog_for("schedule")
    dialog.editor("title").setText("Counseling")
    dialog.set_value("start", dt.datetime(2030, 5, 6, 18, 0))
    dialog.set_value("end", dt.datetime(2030, 5, 6, 17, 0))
    dialog.accept()
    assert dialog.result() != RecordDialog.DialogCode.Accepted
    assert dialog.error_text("end") == "Ends must be after Starts."
    assert dialog.error_text("start") == ""
    assert dialog.editor("end").hasFocus() or not dialog.isVisible()
    assert records.count("schedule") == 0
    # Fixing it clears the message and saves.
    dialog.set_value("end", dt.datetime(2030, 5, 6, 19, 0))
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    assert dialog.error_text("end") == ""
    assert records.count("schedule") == 1


def test_edit_and_delete_schedule_item(qtbot, records, monkeypatch):
    data = seed(records)
    view = _view(qtbot, records, "schedule")
    view.select_record(data["schedule2"].id)
    dialog = view.make_dialog(view.selected_record())
    qtbot.addWidget(dialog)
    assert dialog.editor("title").text() == "Warehouse shift"
    dialog.editor("title").setText("Warehouse shift (days)")
    dialog.accept()
    assert records.get("schedule", data["schedule2"].id).title == "Warehouse shift (days)"
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    view.select_record(data["schedule2"].id)
    assert view.delete_selected()
    assert records.get("schedule", data["schedule2"].id) is None


def test_deleting_a_used_session_explains_why_not(qtbot, records, monkeypatch):
    data = seed(records)
    view = _view(qtbot, records, "schedule")
    view.select_record(data["schedule"].id)
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: True)
    shown = []
    monkeypatch.setattr(messages, "inform", lambda parent, title, text: shown.append(text))
    assert view.delete_selected() is False
    assert records.get("schedule", data["schedule"].id) is not None
    assert shown and "cannot be deleted" in shown[0]


def test_whole_record_problem_shows_at_the_top(dialog_for, records):
    item = records.add(ScheduleItem(title="Gone soon", start=dt.datetime(2030, 1, 1, 9),
                                    end=dt.datetime(2030, 1, 1, 10), timezone="UTC"))
    dialog = dialog_for("schedule", item)
    records.delete(item)
    dialog.accept()
    assert "no longer exists" in dialog.error_text("")


# --- other field kinds -------------------------------------------------------------------------

def test_attendance_needs_meeting_or_session(dialog_for, records):
    seed(records)
    before = records.count("attendance")
    dialog = dialog_for("attendance")
    dialog.accept()
    assert dialog.error_text("group_id") == "Choose the meeting or scheduled session this is for."
    dialog.editor("group_id").setCurrentText("SMART Online")
    dialog.editor("shared").set_value(False)
    dialog.accept()
    assert dialog.result() == RecordDialog.DialogCode.Accepted
    assert records.count("attendance") == before + 1
    assert dialog.saved.shared is False


def test_meeting_form_weekday_and_optional_time(dialog_for, records):
    dialog = dialog_for("group")
    assert isinstance(dialog.editor("start_time"), E.OptionalTimeEditor)
    dialog.editor("name").setText("Saturday Serenity")
    dialog.editor("weekday").set_value(5)
    dialog.editor("start_time").set_value(dt.time(9, 30))
    dialog.editor("meeting_types").setText("O, D, O")
    dialog.accept()
    saved = records.get("group", dialog.saved.id)
    assert saved.weekday == 5 and saved.start_time == dt.time(9, 30) and saved.end_time is None
    assert saved.meeting_types == ("O", "D")


def test_hidden_fields_and_accessible_names(dialog_for):
    dialog = dialog_for("skill")
    with pytest.raises(KeyError):
        dialog.editor("builtin")
    for spec in dialog.specs:
        assert dialog.editor(spec.name).accessibleName() == spec.label


def test_help_text_becomes_tooltip(dialog_for):
    dialog = dialog_for("schedule")
    assert "IANA" in dialog.editor("timezone").toolTip()
    assert "default" in dialog.editor("reminder_minutes").toolTip()
    # Repeats explains itself in words; RFC 5545 jargon would only confuse.
    assert "RRULE" not in dialog.editor("recurrence").toolTip()


@pytest.mark.parametrize("style, moment, day", [
    (fmt.US, "Dec 7, 2026, 7:30 PM", "Dec 7, 2026"),
    (fmt.DEFAULT, "7 Dec 2026, 19:30", "7 Dec 2026"),
])
def test_date_and_time_fields_read_like_the_rest_of_the_window(qtbot, records, style, moment, day):
    """The form's fields show dates and times in the style chosen at start-up from the locale
    (not ISO); what they hold is unchanged."""
    from app.ui.widgets.recurrence_editor import RecurrenceEditor

    fmt.use(style)  # as app.main does once, before any window is built
    when = dt.datetime(2026, 12, 7, 19, 30)
    coping = RecordDialog(records, "coping")
    qtbot.addWidget(coping)
    editor = coping.editor("occurred_at")
    editor.set_datetime(when)
    assert editor.text() == moment and editor.value() == when
    checkin = RecordDialog(records, "checkin")
    qtbot.addWidget(checkin)
    checkin.editor("day").set_value(when.date())
    assert checkin.editor("day").text() == day and checkin.editor("day").value() == when.date()
    repeats = RecurrenceEditor()
    qtbot.addWidget(repeats)
    repeats.until.setDate(E.to_qdate(when.date()))
    assert repeats.until.text() == day
