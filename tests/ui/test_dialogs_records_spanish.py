"""The record, session and import dialogs in Spanish: their own words come from the
dialogs_records catalogue, with numbers agreeing with their nouns.

Each test switches the language after the modules are imported (as the window does at
start-up), so a label fixed at import time would stay English and fail here.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.domain import i18n
from app.domain.records import ScheduleItem
from app.services.clock import FixedClock
from app.services.ics import CalendarFiles
from app.services.kinds import KINDS
from app.services.meeting_guide import MeetingFeeds
from app.services.records import RecordService
from app.services.schedule import ScheduleService
from app.services.transfer import TransferService
from app.ui.dialogs import transfer_dialogs as X
from app.ui.dialogs.attendance_dialog import LogMeetingDialog
from app.ui.dialogs.calendar_dialogs import ImportCalendarDialog
from app.ui.dialogs.import_preview import notes_heading
from app.ui.dialogs.meeting_import_dialog import MeetingImportDialog, MeetingPlanModel
from app.ui.dialogs.occurrence_dialogs import (
    EMPTY_MARK_TODAY,
    AttendanceDialog,
    MarkTodayDialog,
    OccurrenceDialog,
    cancel_occurrence,
)
from app.ui.dialogs.record_dialog import RecordDialog
from app.ui import messages
from app.ui.language import apply_language
from tests.ui.helpers import settle

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 18, 20, 0)  # a Wednesday evening; the 18:00 group has started


@pytest.fixture
def spanish():
    """Spanish as the window speaks it: Steady's words and Qt's own (Save, Cancel)."""
    application = QApplication.instance()
    apply_language(application, "es")
    assert i18n.language() == "es"
    yield
    apply_language(application, "en")


@pytest.fixture
def schedule(store):
    schedule = ScheduleService(store, RecordService(store, FixedClock(NOW)))
    schedule.records.add(ScheduleItem(
        title="Evening group", kind="group_therapy", start=dt.datetime(2026, 3, 2, 18),
        end=dt.datetime(2026, 3, 2, 21), timezone="UTC", recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
        location="Clinic room 2"))
    return schedule


def labels(widget) -> set[str]:
    return {label.text() for label in widget.findChildren(QLabel)}


def test_changing_a_session_speaks_spanish(qtbot, spanish, schedule):
    slot = schedule.sessions_on(NOW.date())[0]
    dialog = OccurrenceDialog(schedule, slot)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Cambiar esta sesión"
    assert {"Empieza:", "Termina:", "Título:", "Lugar:", "Notas para esta vez:", "Aplicar a:"} <= labels(dialog)
    assert dialog.only_this.text() == "Solo esta vez" and dialog.following.text() == "Esta y todas las siguientes"
    assert dialog.following.accessibleName() == "Aplicar a esta vez y a todas las siguientes"
    dialog.set_mode("following")
    assert dialog._labels["notes"].text() == "Notas:"


def test_cancelling_a_session_asks_in_spanish(spanish, schedule, monkeypatch):
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append((title, text)) or False)
    slot = schedule.sessions_on(NOW.date())[0]
    assert cancel_occurrence(None, schedule, slot) is False
    title, text = asked[0]
    assert title == "Cancelar esta sesión"
    assert text.startswith("¿Cancelar Evening group del miércoles, 18 de marzo")
    assert "Puedes deshacerlo más tarde." in text


def test_marking_today_with_nothing_to_mark_says_so_in_spanish(qtbot, spanish, store):
    schedule = ScheduleService(store, RecordService(store, FixedClock(NOW)))
    dialog = MarkTodayDialog(schedule, NOW.date())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Marcar las sesiones de hoy"
    assert dialog.empty_label.text() == i18n._(EMPTY_MARK_TODAY)
    assert dialog.empty_label.text().startswith("Nada que marcar: las sesiones de hoy")
    assert "Sesiones del miércoles, 18 de marzo" in labels(dialog)


def test_a_new_records_title_agrees_with_its_noun(qtbot, spanish, records):
    for kind, title in (("checkin", "Nuevo chequeo"), ("goal", "Nueva meta"), ("coping", "Nuevo registro de afrontamiento")):
        dialog = RecordDialog(records, kind)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == title
    skills = dialog.editor("skill_ids")
    assert skills.empty_text == "Aún no hay habilidades de afrontamiento."


def test_the_notes_heading_agrees_with_each_count():
    i18n.use_language("es")
    assert notes_heading(1, 1, "meeting", "list") == "1 reunión omitida:"
    assert notes_heading(3, 2, "event", "file") == "2 eventos omitidos, y 1 nota más:"
    assert notes_heading(5, 1, "record", "file") == "1 registro omitido, y 4 notas más:"
    assert notes_heading(2, 0, "record", "file") == "2 notas sobre este archivo:"
    i18n.use_language("en")
    assert notes_heading(3, 2, "event", "file") == "2 events skipped, and 1 other note:"
    assert notes_heading(1, 0, "meeting", "list") == "1 note about this list:"


def test_choosing_meetings_from_a_list_in_spanish(qtbot, spanish, store, records, tmp_path):
    feed = tmp_path / "meetings.json"
    feed.write_text(json.dumps([
        {"name": "Sunday Serenity", "slug": "serenity", "day": 0, "time": "18:00", "location": "Alano Club"},
        {"name": "Early Birds", "slug": "early", "day": 1, "time": "06:30", "conference_url": "https://zoom.us/j/1"},
        {"name": "Broken", "slug": "broken", "day": 12, "time": "19:00"}]), encoding="utf-8")
    dialog = MeetingImportDialog(MeetingFeeds(store, records), str(feed))
    qtbot.addWidget(dialog)
    settle()  # the list is read on the background runner
    assert dialog.windowTitle() == "Importar reuniones: meetings.json"
    m = dialog.model
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    assert headers == ["Reunión", "Día y hora", "Tipos", "Dónde", "En Steady"]
    cells = {tuple(m.index(r, c).data() for c in (MeetingPlanModel.COL_WHEN, MeetingPlanModel.COL_WHERE,
                                                  MeetingPlanModel.COL_ACTION)) for r in range(m.rowCount())}
    assert ("Domingo 18:00", "Alano Club", "Nueva") in cells and ("Lunes 06:30", "En línea", "Nueva") in cells
    assert dialog.warnings_label.text() == "1 reunión omitida:"
    assert dialog.summary_text() == "Elegidas: 0 de 2 · omitidas: 1 (mira los avisos)"
    assert dialog.import_button.text() == "&Importar"
    assert dialog.import_button.toolTip() == "Primero marca las reuniones que quieres importar"
    dialog.choose_all_shown()
    assert dialog.import_button.toolTip() == "Importar 2 reuniones"


def test_the_kinds_of_record_in_an_export_are_named_in_spanish(spanish):
    assert X.kind_label("checkin") == "Chequeos" and X.kind_label("coping") == "Registros de afrontamiento"
    assert X.kind_label("schedule_change") == "Sesiones cambiadas o canceladas"
    model = X.KindCountsModel()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Tipo de registro", "Nuevos", "Por actualizar", "Sin cambios"]


# --- every dialog of the area, looked at as the window's Spanish test looks at a page ----------------


def _catalogue_strings() -> tuple[set[str], set[str]]:
    """(the English strings of this area's catalogue whose Spanish differs, the strings other
    areas have not translated yet: a form's label made of a field's name waits for those)."""
    import polib

    ours, pending = set(), set()
    for path in (ROOT / "resources" / "locale" / "es").glob("*.po"):
        for entry in polib.pofile(str(path)):
            forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            english = [text for text in (entry.msgid, entry.msgid_plural) if text]
            if path.stem == "dialogs_records":
                ours |= {text for text in english if text not in forms}
            elif not all(form.strip() for form in forms):
                pending |= set(english)
    return ours, pending


def every_area_dialog(qtbot, store, records, tmp_path):
    """(name, dialog) for each dialog of the area, filled in as a person meets it."""
    clock = FixedClock(NOW)
    schedule = ScheduleService(store, RecordService(store, clock))
    item = schedule.records.add(ScheduleItem(
        title="Evening group", kind="group_therapy", start=dt.datetime(2026, 3, 2, 18),
        end=dt.datetime(2026, 3, 2, 21), timezone="UTC", recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
        location="Clinic room 2"))
    slot = schedule.sessions_on(NOW.date())[0]
    yield "change a session", OccurrenceDialog(schedule, slot)
    yield "mark today", MarkTodayDialog(schedule, NOW.date())
    schedule.mark_attendance(slot, "excused", "Sick child", "")
    yield "mark attendance again", AttendanceDialog(schedule, slot)
    yield "log a first meeting", LogMeetingDialog(schedule.records, schedule)
    for kind in KINDS:
        yield f"new {kind}", RecordDialog(schedule.records, kind)
    yield "edit the session's item", RecordDialog(schedule.records, "schedule", item)
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//T//T//EN\nBEGIN:VEVENT\nUID:a@b\nSUMMARY:Warehouse shift\n"
        "DTSTART:20300506T080000\nDTEND:20300506T160000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c@b\nSUMMARY:Inventory day\nDTSTART;VALUE=DATE:20300601\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:x@b\nSUMMARY:X\nEND:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")
    yield "import a calendar", ImportCalendarDialog(CalendarFiles(store, records), str(calendar))
    feed = tmp_path / "meetings.json"
    feed.write_text(json.dumps([
        {"name": "Sunday Serenity", "slug": "serenity", "day": 0, "time": "18:00", "location": "Alano Club"},
        {"name": "Hope", "slug": "hope", "day": 2, "time": "19:00", "location": "St. Mark's",
         "conference_url": "https://zoom.us/j/1"},
        {"name": "Call first", "slug": "appt"},
        {"name": "Broken", "slug": "broken", "day": 12, "time": "19:00"}]), encoding="utf-8")
    yield "import meetings", MeetingImportDialog(MeetingFeeds(store, records), str(feed))
    export = tmp_path / "steady-export.json"
    TransferService(store, RecordService(store, clock)).export("json", export)
    yield "import a Steady export", X.ImportExportDialog(TransferService(store, records), str(export))


def test_no_dialog_of_the_area_shows_its_own_english(qtbot, spanish, store, records, tmp_path):
    from tests.ui.test_spanish_window import visible_texts

    english, pending = _catalogue_strings()
    left = []
    for where, dialog in every_area_dialog(qtbot, store, records, tmp_path):
        qtbot.addWidget(dialog)
        dialog.show()
        settle()  # the previews read their file on the background runner
        seen = visible_texts(dialog)
        assert seen, where
        # A form's field names are the domain's words: they wait for its catalogue, not ours.
        fields = {spec.label for spec in getattr(dialog, "specs", ()) if i18n._(spec.label) == spec.label}
        left += [f"{where}: {text!r}" for text in sorted(seen & english)
                 if not {text, text.rstrip(":")} & (pending | fields)]
        dialog.close()
    assert not left, "\n".join(left)


def test_every_kind_in_an_export_shows_without_being_cut_off(qtbot, spanish, store, records, tmp_path):
    """The preview is fitted once the file is read: tall enough for the whole table and the
    sentences under it as they wrap in Spanish (the last rows were cut off before)."""
    from PySide6.QtCore import QPoint

    from app.storage import open_store
    from tests.ui.helpers import seed

    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    export = tmp_path / "steady-export.json"
    with open_store(other) as theirs:
        seed(RecordService(theirs, FixedClock(NOW)))
        TransferService(theirs, RecordService(theirs, FixedClock(NOW))).export("json", export)
    dialog = X.ImportExportDialog(TransferService(store, records), str(export))
    qtbot.addWidget(dialog)
    dialog.show()
    settle()  # read on the background runner, then fitted
    assert dialog.model.rowCount() >= 10
    assert dialog.table_label.text() == "&Registros en el archivo:"
    table_bottom = dialog.table.mapTo(dialog, QPoint(0, dialog.table.height())).y()
    how_bottom = dialog.how.mapTo(dialog, QPoint(0, dialog.how.height())).y()
    assert table_bottom <= dialog.how.mapTo(dialog, QPoint(0, 0)).y() and how_bottom <= dialog.height()
    assert dialog.height() >= dialog.sizeHint().height()


def test_the_notes_about_a_file_show_whole_as_they_wrap(qtbot, spanish, store, records, tmp_path):
    """Up to four notes show whole at any width: a note wrapping to more lines (Spanish is
    longer) no longer hides the next one behind the scroll bar."""
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//T//T//EN\nBEGIN:VEVENT\nUID:h@b\nSUMMARY:Hourly\n"
        "DTSTART:20300506T080000\nRRULE:FREQ=HOURLY\nEND:VEVENT\nBEGIN:VEVENT\nUID:x@b\nSUMMARY:X\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:a@b\nSUMMARY:Shift\nDTSTART:20300506T080000\nDTEND:20300506T160000\nEND:VEVENT\n"
        "END:VCALENDAR\n", encoding="utf-8")
    dialog = ImportCalendarDialog(CalendarFiles(store, records), str(calendar))
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    notes = dialog.warnings
    assert dialog.warnings_label.text() == "2 eventos omitidos:" and notes.count() == 2
    for width in (820, 420, 300, 820):
        dialog.resize(width, 700)
        qtbot.wait(20)
        tall = [notes.visualRect(notes.model().index(r, 0)) for r in range(notes.count())]
        assert tall[0].height() > 0 and all(rect.bottom() < notes.viewport().height() for rect in tall), width
