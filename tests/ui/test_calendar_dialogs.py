"""File ▸ Import calendar / Export schedule as calendar: real .ics files, a real store."""

import datetime as dt

import icalendar
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from app.domain.records import ScheduleItem
from app.services.ics import CalendarFiles, ImportPlan
from app.ui import messages
from app.ui.dialogs import calendar_dialogs as C
from app.ui.dialogs.calendar_dialogs import FileChooser, ImportCalendarDialog, PlanModel
from tests.ui.helpers import settle


def vcal(*events):
    return "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//Test//EN\n" + "".join(events) + "END:VCALENDAR\n"


def vevent(uid, summary, *lines):
    return "BEGIN:VEVENT\n" + f"UID:{uid}\nSUMMARY:{summary}\n" + "".join(l + "\n" for l in lines) + "END:VEVENT\n"


WORK = vcal(
    vevent("shift@employer", "Warehouse shift",
           "DTSTART;TZID=America/New_York:20300506T080000", "DTEND;TZID=America/New_York:20300506T160000",
           "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20300630T235959Z",
           "EXDATE;TZID=America/New_York:20300527T080000"),
    vevent("inventory@employer", "Inventory day", "DTSTART;VALUE=DATE:20300601", "DTEND;VALUE=DATE:20300602"),
    vevent("hourly@employer", "Hourly check", "DTSTART:20300506T080000", "RRULE:FREQ=HOURLY"),
)


def write(tmp_path, name, text):
    path = tmp_path / name
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") if isinstance(text, str) else data)
    return path


@pytest.fixture
def calendar(store, records):
    return CalendarFiles(store, records)


@pytest.fixture
def work_file(tmp_path):
    return write(tmp_path, "work.ics", WORK)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, message: shown.append(message))
    return shown


@pytest.fixture
def preview(qtbot, calendar):
    def make(path, **kw):
        dialog = ImportCalendarDialog(calendar, str(path), **kw)
        qtbot.addWidget(dialog)
        settle()  # the file is read on the background runner
        return dialog
    return make


def rows(dialog):
    m = dialog.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def schedule_fingerprint(records):
    return sorted((i.id, i.title, i.kind, i.start, i.recurrence) for i in records.list("schedule"))


# --- export ------------------------------------------------------------------------------------

def test_export_writes_a_calendar_that_icalendar_reads(qtbot, records, calendar, tmp_path, monkeypatch, warnings):
    records.add(ScheduleItem(title="Evening IOP group", kind="group_therapy", start=dt.datetime(2030, 5, 6, 18),
                             end=dt.datetime(2030, 5, 6, 21), timezone="America/New_York",
                             recurrence="FREQ=WEEKLY;BYDAY=MO,WE,TH"))
    target = tmp_path / "out" / "steady-schedule.ics"
    target.parent.mkdir()
    suggested = []
    monkeypatch.setattr(FileChooser, "save_calendar",
                        classmethod(lambda cls, parent, s: suggested.append(s) or str(target)))
    said = []
    assert C.export_calendar(None, calendar, report=said.append) is True
    settle()  # written on the background runner
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Evening IOP group"
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "TH"]
    assert suggested[0].endswith("steady-schedule.ics")
    (message,) = said
    assert str(target) in message and "health information" in message and "outside Steady" in message
    assert warnings == []


def test_export_cancelled_writes_nothing(calendar, tmp_path, monkeypatch, warnings):
    monkeypatch.setattr(FileChooser, "save_calendar", classmethod(lambda cls, parent, s: None))
    said = []
    assert C.export_calendar(None, calendar, report=said.append) is False
    assert said == [] and warnings == [] and list(tmp_path.glob("*.ics")) == []


def test_export_failure_is_one_sentence(calendar, tmp_path, monkeypatch, warnings):
    missing = tmp_path / "no such folder" / "schedule.ics"
    monkeypatch.setattr(FileChooser, "save_calendar", classmethod(lambda cls, parent, s: str(missing)))
    said = []
    assert C.export_calendar(None, calendar, report=said.append) is True  # started; the folder is missing
    settle()
    (message,) = warnings
    assert str(missing) in message and message.endswith(".") and "\n" not in message
    assert "Traceback" not in message and said == []
    assert not missing.parent.exists()


def test_save_chooser_adds_the_extension_and_asks_before_replacing(tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "mine"), C.FILE_FILTER))
    assert FileChooser.save_calendar(None, "x.ics") == str(tmp_path / "mine.ics")
    (tmp_path / "mine.ics").write_text("old")
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    assert FileChooser.save_calendar(None, "x.ics") is None
    assert asked and "mine.ics" in asked[0]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert FileChooser.save_calendar(None, "x.ics") is None


# --- the preview --------------------------------------------------------------------------------

def test_preview_lists_what_would_be_added_and_what_was_skipped(preview, work_file, records, qtmodeltester):
    dialog = preview(work_file)
    assert dialog.kind() == "work"
    assert rows(dialog) == [
        ("Add", "Warehouse shift", "Work", "Mon 6 May 2030, 08:00",
         "Weekly on Mon, Tue, Wed, Thu, Fri until 30 Jun 2030", "1"),
        ("Add", "Inventory day", "Work", "Sat 1 Jun 2030, all day", "Once", ""),
    ]
    assert dialog.summary.text() == "2 to add, 0 to update, 1 skipped"
    assert dialog.warnings_label.text() == "1 event skipped:"
    assert dialog.warnings.count() == 1 and "Hourly check" in dialog.warnings.item(0).text()
    assert dialog.import_button.isEnabled()
    assert dialog.windowTitle() == "Import calendar: work.ics"
    assert dialog.kind_combo.accessibleName() and dialog.table.accessibleName()
    qtmodeltester.check(dialog.model)
    assert records.count("schedule") == 0  # a preview writes nothing


def test_changing_the_kind_relabels_the_plan_without_reading_the_file_again(preview, work_file):
    dialog = preview(work_file)
    first = dialog.plan
    work_file.unlink()  # a second read would fail now
    dialog.set_kind("school")
    settle()
    assert dialog.error_text() == ""
    assert {r[2] for r in rows(dialog)} == {"School"}
    assert {i.kind for i in dialog.plan.to_add} == {"school"}
    assert [i.id for i in dialog.plan.to_add] == [i.id for i in first.to_add]
    assert dialog.plan.warnings == first.warnings and dialog.plan.changes == first.changes


def test_relabelling_keeps_a_kind_the_file_names_and_the_kind_of_items_being_updated(calendar, records, tmp_path):
    from app.services.ics import with_kind

    path = write(tmp_path, "mixed.ics", vcal(
        vevent("named@x", "Group", "DTSTART:20300107T180000", "DTEND:20300107T190000", "CATEGORIES:Group therapy"),
        vevent("plain@x", "Shift", "DTSTART:20300108T090000", "DTEND:20300108T170000")))
    plan = calendar.plan(path, kind="work")
    kinds = {i.title: i.kind for i in with_kind(plan, "school").to_add}
    assert kinds == {"Group": "group_therapy", "Shift": "school"}
    calendar.apply(with_kind(plan, "family_social"))
    again = with_kind(calendar.plan(path, kind="work"), "school")
    assert {i.title: i.kind for i in again.to_update} == {"Group": "group_therapy", "Shift": "family_social"}


def test_import_adds_items_and_a_second_import_updates_them(preview, work_file, records, store):
    dialog = preview(work_file)
    dialog.set_kind("family_social")
    settle()
    dialog.import_button.click()
    settle()
    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.result_value
    assert (result.added, result.updated, result.skipped) == (2, 0, 1)
    items = {i.title: i for i in records.list("schedule")}
    assert set(items) == {"Warehouse shift", "Inventory day"}
    assert items["Warehouse shift"].kind == "family_social"
    assert len(store.changes.for_items([items["Warehouse shift"].id])) == 1  # the EXDATE

    again = preview(work_file)
    assert [r[0] for r in rows(again)] == ["Update", "Update"]
    assert again.summary.text() == "0 to add, 2 to update, 1 skipped"
    again.import_button.click()
    settle()
    assert again.result_value.updated == 2
    assert sorted(i.title for i in records.list("schedule")) == ["Inventory day", "Warehouse shift"]


def test_cancel_writes_nothing(preview, work_file, records):
    dialog = preview(work_file)
    dialog.buttons.rejected.emit()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_value is None and records.count("schedule") == 0


def test_a_change_between_preview_and_import_writes_nothing(preview, work_file, records, calendar):
    first = preview(work_file)
    first.import_button.click()
    settle()
    dialog = preview(work_file)  # plans two updates
    gone = next(i for i in records.list("schedule") if i.title == "Inventory day")
    records.delete(gone)
    before = schedule_fingerprint(records)
    dialog.import_button.click()
    settle()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Inventory day" in dialog.error_text() and "\n" not in dialog.error_text()
    assert schedule_fingerprint(records) == before
    # The preview was read again, so Import now does the right thing.
    assert sorted(r[:2] for r in rows(dialog)) == [("Add", "Inventory day"), ("Update", "Warehouse shift")]
    dialog.import_button.click()
    settle()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert records.count("schedule") == 2


def test_an_empty_plan_says_so_and_cannot_be_imported(preview, work_file):
    dialog = preview(work_file, plan=ImportPlan(warnings=("“X” was skipped: it has no start time (DTSTART).",),
                                                skipped=1))
    assert dialog.rows.currentWidget() is dialog.empty
    assert dialog.empty.text().startswith("Nothing to import")
    assert not dialog.import_button.isEnabled()
    dialog.accept()
    assert dialog.result_value is None


def test_keyboard_and_screen_reader_names(preview, work_file):
    from PySide6.QtWidgets import QLabel

    dialog = preview(work_file)
    (label,) = [lbl for lbl in dialog.findChildren(QLabel) if lbl.buddy() is dialog.kind_combo]
    assert "&a" in label.text()  # Alt+A reaches the kind
    assert "&I" in dialog.import_button.text()
    for widget in (dialog.kind_combo, dialog.table, dialog.warnings, dialog.import_button):
        assert widget.accessibleName()
    assert not dialog.table.tabKeyNavigation()  # Tab moves on to the buttons


# --- the whole flow -----------------------------------------------------------------------------

def test_import_calendar_from_file_choice_to_status_message(work_file, calendar, records, monkeypatch, warnings):
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(work_file)))

    def press_import(self):
        self.import_button.click()
        settle()  # the import is written on the background runner
        return self.result()

    monkeypatch.setattr(ImportCalendarDialog, "exec", press_import)
    said = []
    assert C.import_calendar(None, calendar, report=said.append) is not None
    settle()
    assert said == ["Imported work.ics: 2 added, 0 updated, 1 skipped with a warning."]
    assert records.count("schedule") == 2 and warnings == []


def test_import_calendar_cancelled_at_the_preview_writes_nothing(work_file, calendar, records, monkeypatch):
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(work_file)))
    monkeypatch.setattr(ImportCalendarDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    said = []
    C.import_calendar(None, calendar, report=said.append)
    settle()
    assert said == [] and records.count("schedule") == 0


def test_import_calendar_with_no_file_chosen_does_nothing(calendar, monkeypatch, warnings):
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: None))
    monkeypatch.setattr(ImportCalendarDialog, "exec", lambda self: pytest.fail("no preview without a file"))
    assert C.import_calendar(None, calendar) is None and warnings == []


@pytest.mark.parametrize("content", [b"", b"Dear diary, today I went to group.\n",
                                     b'{"events": []}', vcal().encode(), bytes(range(256)) * 50])
def test_a_broken_file_is_one_sentence_and_nothing_is_written(tmp_path, calendar, records, monkeypatch,
                                                              warnings, content):
    records.add(ScheduleItem(title="Keep me", start=dt.datetime(2030, 1, 1, 9), end=dt.datetime(2030, 1, 1, 10),
                             timezone="UTC"))
    before = schedule_fingerprint(records)
    path = write(tmp_path, "broken.ics", content)
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(path)))
    monkeypatch.setattr(ImportCalendarDialog, "exec", lambda self: pytest.fail("no preview of a broken file"))
    C.import_calendar(None, calendar)
    settle()
    (message,) = warnings
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    assert schedule_fingerprint(records) == before


def test_a_missing_file_is_one_sentence(tmp_path, calendar, monkeypatch, warnings):
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(tmp_path / "gone.ics")))
    C.import_calendar(None, calendar)
    settle()
    (message,) = warnings
    assert "gone.ics" in message and "cannot be read" in message


def test_plan_model_is_a_well_behaved_table(qtmodeltester, calendar, work_file):
    model = PlanModel()
    qtmodeltester.check(model)
    model.set_plan(calendar.plan(work_file, kind="work"))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


# --- a large calendar: read in a child process -------------------------------------------------


def test_a_large_calendar_is_imported_through_a_child_process(tmp_path, calendar, records, monkeypatch, warnings):
    import multiprocessing

    from tests.services.test_child_process import large_calendar

    path = large_calendar(tmp_path / "employer.ics", 1200)
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(path)))
    children = []

    def press_import(self):
        children.extend(multiprocessing.active_children())  # the child has ended by now
        self.import_button.click()
        settle()
        return self.result()

    monkeypatch.setattr(ImportCalendarDialog, "exec", press_import)
    said = []
    C.import_calendar(None, calendar, report=said.append)
    settle()
    assert warnings == [] and children == []
    (sentence,) = said
    assert sentence.startswith("Imported employer.ics: ") and records.count("schedule") > 1100


def test_cancel_while_a_large_calendar_is_read_stops_its_child_and_writes_nothing(tmp_path, calendar, records,
                                                                                  monkeypatch, warnings):
    import multiprocessing
    import time

    from PySide6.QtCore import QCoreApplication

    from tests.services.test_child_process import large_calendar

    path = large_calendar(tmp_path / "employer.ics", 4000)
    monkeypatch.setattr(FileChooser, "open_calendar", classmethod(lambda cls, parent: str(path)))
    monkeypatch.setattr(ImportCalendarDialog, "exec", lambda self: pytest.fail("no preview once cancelled"))
    job = C.import_calendar(None, calendar)
    deadline = time.perf_counter() + 30
    while not multiprocessing.active_children() and time.perf_counter() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert multiprocessing.active_children(), "the file was not read in a child process"
    assert job.cancel()
    settle()
    assert multiprocessing.active_children() == [] and records.count("schedule") == 0 and warnings == []
