"""File ▸ Export all data / Import a Steady export: real data folders, real files, the
dialogs driven through their widgets; only the file choosers and message boxes are replaced."""

import csv
import datetime as dt
import json
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.records import SupportContact
from app.services import transfer as T
from app.services.demo import generate_demo
from app.services.kinds import KINDS
from app.services.meeting_guide import MeetingFeeds
from app.services.records import RecordService
from app.services.transfer import TransferService
from app.storage import open_store
from app.ui import messages
from tests.ui.helpers import settle
from app.ui.dialogs import transfer_dialogs as X
from app.ui.dialogs.meeting_import_dialog import MeetingFileChooser, MeetingImportDialog, import_meetings
from app.ui.dialogs.transfer_dialogs import (
    ImportExportDialog,
    TransferFileChooser,
    export_data,
    import_steady_export,
)

TODAY = dt.date(2026, 1, 15)
FEED = [{"name": "Sunday Serenity", "slug": "serenity", "day": 0, "time": "18:00", "location": "Alano Club"}]


@pytest.fixture
def transfer(store, records):
    # The import on its own: the bundle's write path would also record the milestones the
    # imported records make due today (tests/services/test_goals_service.py covers that).
    return TransferService(store, RecordService(store, records.clock))


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """Another data folder with a year of demo data, and the counts of each kind in it."""
    folder = tmp_path_factory.mktemp("other")
    with open_store(folder) as other:
        generate_demo(other, years=1, today=TODAY)
        counts = {s.name: len(getattr(other, s.repo).list()) for s in T.SECTIONS}
    return folder, counts


@pytest.fixture
def demo_file(demo_folder, tmp_path):
    """A Steady export of the demo data folder, written through its own TransferService."""
    folder, _ = demo_folder
    path = tmp_path / "steady-export-2026-01-15.json"
    with open_store(folder) as other:
        TransferService(other, RecordService(other)).export("json", path)
    return path


@pytest.fixture
def out(tmp_path):
    """An empty folder of the person's, outside the data folder."""
    folder = tmp_path / "documents"
    folder.mkdir()
    return folder


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, message: shown.append(message))
    return shown


@pytest.fixture
def answers(monkeypatch):
    """messages.confirm answers from this list (and records the questions)."""
    state = {"answers": [], "asked": []}

    def ask(parent, title, text):
        state["asked"].append(text)
        return state["answers"].pop(0)
    monkeypatch.setattr(messages, "confirm", ask)
    return state


def choose(monkeypatch, name, value, seen=None):
    def pick(cls, parent, *args):
        if seen is not None:
            seen.extend(args)
        return None if value is None else str(value)
    monkeypatch.setattr(TransferFileChooser, name, classmethod(pick))


def counts(store):
    return {s.name: len(getattr(store, s.repo).list()) for s in T.SECTIONS}


def table(model):
    return {model.index(r, 0).data(): tuple(int(model.index(r, c).data().replace(",", "")) for c in (1, 2, 3))
            for r in range(model.rowCount())}


def never_exec(self):
    pytest.fail("no preview for this file")


# --- export -----------------------------------------------------------------------------------------------


def test_json_export_writes_the_services_export_and_adds_the_suffix(store, records, transfer, out,
                                                                     monkeypatch, warnings):
    records.add(SupportContact(name="Dana (sponsor)", role="sponsor", phone="555-0101"))
    suggested = []
    choose(monkeypatch, "save_json", out / "mine", suggested)
    said = []
    assert export_data(None, transfer, "json", report=said.append) is True
    settle()  # written on the background runner
    written = out / "mine.json"
    assert T.content_of(written.read_bytes()) == T.content_of(T.export_json(store))
    assert suggested[0].endswith(f"steady-export-{dt.date.today().isoformat()}.json")
    assert len(said) == 1 and str(written) in said[0] and "somewhere private" in said[0]
    assert warnings == []


def test_json_export_asks_before_replacing_a_file_the_dialog_did_not_ask_about(transfer, out, monkeypatch,
                                                                               answers):
    (out / "mine.json").write_bytes(b"earlier")
    choose(monkeypatch, "save_json", out / "mine")
    answers["answers"] = [False]
    assert export_data(None, transfer, "json") is False
    assert (out / "mine.json").read_bytes() == b"earlier" and "mine.json already exists" in answers["asked"][0]
    answers["answers"] = [True]
    assert export_data(None, transfer, "json") is True
    settle()
    assert json.loads((out / "mine.json").read_bytes())["format"] == "steady-export"


def test_a_full_disk_is_one_sentence_and_keeps_the_earlier_export(store, records, transfer, out,
                                                                  monkeypatch, warnings):
    records.add(SupportContact(name="Dana", role="sponsor"))
    target = out / "steady.json"
    target.write_bytes(b"earlier export")
    choose(monkeypatch, "save_json", target)
    real = os.write
    left = [10]

    def disk_full_after_ten_bytes(fd, data):
        n = min(len(data), left[0])
        left[0] -= n
        return real(fd, bytes(data[:n])) if n else 0
    monkeypatch.setattr(os, "write", disk_full_after_ten_bytes)
    said = []
    assert export_data(None, transfer, "json", report=said.append) is True  # started; the disk refuses it
    settle()
    monkeypatch.setattr(os, "write", real)
    assert target.read_bytes() == b"earlier export"
    assert said == [] and len(warnings) == 1 and "free some disk space" in warnings[0] and "\n" not in warnings[0]
    assert [p.name for p in out.iterdir()] == ["steady.json"]  # no temp file left behind


def test_csv_export_into_an_empty_folder_writes_one_readable_file_per_kind(store, transfer, out,
                                                                          monkeypatch, demo_file):
    plan = transfer.plan(demo_file)
    transfer.apply(plan)
    folder = out
    choose(monkeypatch, "choose_csv_folder", folder)
    said = []
    assert export_data(None, transfer, "csv", report=said.append) is True
    settle()
    # Kinds added later (Section.optional) get a file only when they hold records.
    written = [s for s in T.SECTIONS if not s.optional or counts(store).get(s.name)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{s.name}.csv" for s in written)
    for s in written:
        with open(folder / f"{s.name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == counts(store)[s.name]
    with open(folder / "coping.csv", encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert first["id"] and dt.datetime.fromisoformat(first["occurred_at"])
    assert str(folder) in said[0] and f"{len(written)} files" in said[0]


def test_csv_export_never_scatters_files_among_other_documents(transfer, out, monkeypatch):
    (out / "letter.txt").write_text("mine")
    (out / "coping.csv").write_text("someone else's spreadsheet")
    choose(monkeypatch, "choose_csv_folder", out)
    assert export_data(None, transfer, "csv") is True
    settle()
    assert export_data(None, transfer, "csv") is True
    settle()
    today = dt.date.today().isoformat()
    made = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert made == [f"steady-csv-{today}", f"steady-csv-{today} (2)"]
    assert (out / "coping.csv").read_text() == "someone else's spreadsheet"
    assert (out / "letter.txt").read_text() == "mine"
    always = [s for s in T.SECTIONS if not s.optional]  # an empty store: no optional kind's file
    assert len(list((out / f"steady-csv-{today}").glob("*.csv"))) == len(always)


def test_csv_export_asks_before_replacing_an_earlier_csv_export(records, transfer, out, monkeypatch, answers):
    choose(monkeypatch, "choose_csv_folder", out)
    assert export_data(None, transfer, "csv") is True
    settle()  # empty folder: the files go right there
    before = (out / "contact.csv").read_bytes()
    records.add(SupportContact(name="Dana", role="sponsor"))
    answers["answers"] = [False]
    assert export_data(None, transfer, "csv") is False
    assert (out / "contact.csv").read_bytes() == before and "earlier export" in answers["asked"][0]
    answers["answers"] = [True]
    assert export_data(None, transfer, "csv") is True
    settle()
    assert "Dana" in (out / "contact.csv").read_text(encoding="utf-8-sig")
    assert not [p for p in out.iterdir() if p.is_dir()]


def test_cancelling_a_chooser_writes_nothing(transfer, out, monkeypatch, warnings):
    choose(monkeypatch, "save_json", None)
    choose(monkeypatch, "choose_csv_folder", None)
    said = []
    assert export_data(None, transfer, "json", report=said.append) is False
    assert export_data(None, transfer, "csv", report=said.append) is False
    assert said == [] and warnings == [] and list(out.iterdir()) == []


# --- import -----------------------------------------------------------------------------------------------


def test_preview_counts_each_kind_in_friendly_words(qtbot, qtmodeltester, store, transfer, demo_file, demo_folder):
    _, expected = demo_folder
    d = ImportExportDialog(transfer, str(demo_file))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    qtmodeltester.check(d.model)
    shown = table(d.model)
    assert shown == {X.kind_label(name): (n, 0, 0) for name, n in expected.items() if n}
    assert "Coping entries" in shown and "Check-ins" in shown and "Self-care entries" in shown
    assert not any("_" in label or label.islower() for label in shown)
    total = sum(expected.values())
    assert d.summary.text().startswith(f"{total:,} to add, 0 to update, 0 unchanged")
    import app as steady

    assert d.about_file.text().startswith(f"Exported from Steady {steady.__version__} on ")
    assert "file last changed" not in d.about_file.text()  # the export says when it was made
    assert "Nothing is duplicated or deleted" in d.how.text() and "safety backup" in d.how.text()
    for jargon in ("by id", "data folder", "format version", "JSON", "merge"):
        assert jargon not in d.how.text() + d.about_file.text(), jargon
    assert d.import_button.isEnabled() and d.reason_text() == "" and d.error_text() == ""


def test_import_adds_the_records_and_the_same_file_again_has_nothing_to_do(qtbot, store, transfer, demo_file,
                                                                          demo_folder, monkeypatch, warnings):
    _, expected = demo_folder
    choose(monkeypatch, "open_export", demo_file)

    def press_import(self):
        self.import_button.click()
        settle()  # the import is written on the background runner
        return self.result()
    monkeypatch.setattr(ImportExportDialog, "exec", press_import)
    said = []
    assert import_steady_export(None, transfer, report=said.append) is not None
    settle()
    # Written by the worker through the services the window uses, whose write path also
    # records the milestones the imported records make due today.
    recorded = store.milestones.count() - expected["milestone"]
    assert recorded >= 0 and counts(store) == {**expected, "milestone": expected["milestone"] + recorded}
    assert said == [(f"Imported {demo_file.name}: {sum(expected.values()):,} added, 0 updated, "
                     "0 already up to date.")]
    expected = counts(store)
    assert warnings == []

    d = ImportExportDialog(transfer, str(demo_file))
    qtbot.addWidget(d)

    settle()  # the file is read on the background runner
    in_file = {**expected, "milestone": expected["milestone"] - recorded}
    assert table(d.model) == {X.kind_label(name): (0, 0, n) for name, n in in_file.items() if n}
    assert not d.import_button.isEnabled()
    assert d.reason_text().startswith("Nothing to import: everything in this file is already in Steady")
    d.import_button.click()
    settle()
    assert d.result_value is None and counts(store) == expected


def test_an_edited_record_is_counted_as_updated(qtbot, store, records, transfer, tmp_path):
    sam = records.add(SupportContact(name="Sam", role="sponsor", phone="555"))
    path = tmp_path / "a.json"
    transfer.export("json", path)
    records.update(sam.with_changes(phone="999"))
    d = ImportExportDialog(transfer, str(path))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    assert table(d.model) == {"Support contacts": (0, 1, 0)}
    d.import_button.click()
    settle()
    assert d.result() == QDialog.DialogCode.Accepted and store.contacts.list()[0].phone == "555"


def test_replacing_records_with_the_files_copies_is_never_the_enter_default(qtbot, store, records, transfer,
                                                                           tmp_path, demo_file):
    sam = records.add(SupportContact(name="Sam", role="sponsor", phone="555"))
    path = tmp_path / "a.json"
    transfer.export("json", path)
    records.update(sam.with_changes(phone="999"))
    d = ImportExportDialog(transfer, str(path))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    d.show()
    qtbot.waitExposed(d)
    assert d.import_button.isEnabled() and not d.import_button.isDefault() and d.cancel_button.isDefault()
    assert d.focusWidget() is d.cancel_button
    qtbot.keyClick(d, Qt.Key.Key_Return)
    assert d.result() == QDialog.DialogCode.Rejected and store.contacts.list()[0].phone == "999"

    only_new = ImportExportDialog(transfer, str(demo_file))  # adding records only: Enter imports
    qtbot.addWidget(only_new)
    settle()
    only_new.show()
    qtbot.waitExposed(only_new)
    assert only_new.import_button.isDefault() and only_new.focusWidget() is only_new.import_button


def test_cancel_in_the_preview_changes_nothing(store, transfer, demo_file, monkeypatch, warnings):
    choose(monkeypatch, "open_export", demo_file)
    monkeypatch.setattr(ImportExportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert import_steady_export(None, transfer) is not None  # the file was read
    settle()
    assert sum(counts(store).values()) == 0


def test_cancel_in_the_chooser_changes_nothing(store, transfer, monkeypatch, warnings):
    choose(monkeypatch, "open_export", None)
    monkeypatch.setattr(ImportExportDialog, "exec", never_exec)
    said = []
    assert import_steady_export(None, transfer, report=said.append) is None
    assert said == [] and warnings == [] and sum(counts(store).values()) == 0


def _edited(path, change):
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _newer(doc):
    doc["version"] = 2


def _bad_mood(doc):
    doc["records"]["checkin"][0]["mood"] = 99


@pytest.mark.parametrize("change, words", [
    (_newer, "was written by a newer Steady"),
    (_bad_mood, "check-in 1"),
    (None, "is not valid JSON"),
])
def test_a_refused_file_is_one_sentence_and_changes_nothing(store, records, transfer, demo_file, monkeypatch,
                                                            warnings, change, words):
    records.add(SupportContact(name="Dana", role="sponsor"))
    before = T.export_json(store)
    if change is None:
        demo_file.write_text('{"format": "steady-export", "version": 1, "records": {', encoding="utf-8")
    else:
        _edited(demo_file, change)
    choose(monkeypatch, "open_export", demo_file)
    monkeypatch.setattr(ImportExportDialog, "exec", never_exec)
    import_steady_export(None, transfer)
    settle()
    assert len(warnings) == 1 and words in warnings[0] and "\n" not in warnings[0] and "Traceback" not in warnings[0]
    assert T.content_of(T.export_json(store)) == T.content_of(before)


def test_a_json_object_that_is_not_an_export_is_explained_not_redirected(transfer, tmp_path, monkeypatch, warnings):
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}')
    choose(monkeypatch, "open_export", path)
    redirected = []
    import_steady_export(None, transfer, redirect_meetings=redirected.append)
    settle()
    assert redirected == [] and len(warnings) == 1 and "is not a Steady export" in warnings[0]


def test_a_meeting_list_chosen_here_is_sent_to_the_meetings_import(store, transfer, tmp_path, monkeypatch,
                                                                   warnings, answers):
    path = tmp_path / "meetings.json"
    path.write_text(json.dumps(FEED))
    choose(monkeypatch, "open_export", path)
    monkeypatch.setattr(ImportExportDialog, "exec", never_exec)
    redirected = []
    answers["answers"] = [True]
    assert import_steady_export(None, transfer, redirect_meetings=redirected.append) is None
    assert redirected == [str(path)] and "Meeting Guide meeting list" in answers["asked"][0]
    answers["answers"] = [False]
    assert import_steady_export(None, transfer, redirect_meetings=redirected.append) is None
    assert redirected == [str(path)] and warnings == []
    assert import_steady_export(None, transfer) is None  # no meetings import to offer: say where it is
    assert len(warnings) == 1 and "File ▸ Import ▸ Meetings list (Meeting Guide)…" in warnings[0]
    assert store.groups.list() == []


def test_a_calendar_chosen_here_points_to_import_calendar(transfer, tmp_path, monkeypatch, warnings):
    path = tmp_path / "work.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    choose(monkeypatch, "open_export", path)
    monkeypatch.setattr(ImportExportDialog, "exec", never_exec)
    assert import_steady_export(None, transfer) is None
    assert len(warnings) == 1 and "calendar file" in warnings[0]
    assert "File ▸ Import ▸ Calendar file (.ics)…" in warnings[0]


def test_a_steady_export_chosen_in_the_meetings_import_is_redirected(store, records, demo_file, monkeypatch,
                                                                     answers):
    feeds = MeetingFeeds(store, records)
    errors = []
    monkeypatch.setattr(messages, "warn", lambda parent, title, message: errors.append(message))
    monkeypatch.setattr(MeetingFileChooser, "open_feed", classmethod(lambda cls, parent: str(demo_file)))
    monkeypatch.setattr(MeetingImportDialog, "exec", never_exec)
    redirected = []
    answers["answers"] = [True]
    assert import_meetings(None, feeds, redirect_steady=redirected.append) is None
    assert redirected == [str(demo_file)] and "is a Steady export" in answers["asked"][0] and errors == []
    assert import_meetings(None, feeds) is None
    assert len(errors) == 1 and "File ▸ Import ▸ Steady export (.json)…" in errors[0]
    assert store.groups.list() == []


def test_redirected_paths_skip_the_chooser(store, transfer, demo_file, monkeypatch, warnings):
    monkeypatch.setattr(TransferFileChooser, "open_export",
                        classmethod(lambda cls, parent: pytest.fail("the path was given")))
    monkeypatch.setattr(ImportExportDialog, "exec", lambda self: (self.accept(), settle(), self.result())[2])
    import_steady_export(None, transfer, path=str(demo_file))
    settle()
    assert sum(counts(store).values()) > 0


# --- look and keyboard -------------------------------------------------------------------------------------


def test_everything_is_reachable_by_tab_and_named(qtbot, transfer, demo_file):
    d = ImportExportDialog(transfer, str(demo_file))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    d.show()
    qtbot.waitExposed(d)
    seen = []
    widget = QApplication.focusWidget() or d.focusWidget()
    assert widget is d.import_button
    for _ in range(10):
        seen.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        if widget is seen[0]:
            break
    assert d.table in seen and d.import_button in seen and d.cancel_button in seen
    for w in seen:
        assert w.accessibleName(), w
    assert d.table_label.buddy() is d.table and "&" in d.table_label.text()
    assert d.import_button.text() == "&Import"
    d.close()


def test_a_long_file_name_wraps_instead_of_widening_the_dialog(qtbot, transfer, demo_file, tmp_path):
    path = tmp_path / "steady_export_2026_11_22_from_old_laptop_before_moving_to_new_apartment_final_copy_v2.json"
    path.write_bytes(demo_file.read_bytes())
    d = ImportExportDialog(transfer, str(path))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    assert d.minimumSizeHint().width() <= 640 and d.width() == 640
    title = d.title
    assert title.text().replace("\u200b", "") == f"Import {path.name}"


def test_at_a_much_larger_font_no_row_of_the_table_is_cut_off(larger_font, qtbot, transfer, demo_file):
    d = ImportExportDialog(transfer, str(demo_file))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    d.show()
    qtbot.waitExposed(d)
    assert d.model.rowCount() >= 13
    assert d.rows.height() >= d.table.height() == d.table.minimumHeight()
    assert d.table.mapTo(d, d.table.rect().bottomLeft()).y() < d.how.y()


def test_a_file_that_cannot_be_imported_says_so_in_its_place(qtbot, transfer, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"format": "steady-export", "version": 1, "records": {"checkin": [{"id": "x"}]}}')
    d = ImportExportDialog(transfer, str(path))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    assert d.rows.currentWidget() is d.empty and d.table_label.isHidden()
    assert d.about_file.text().startswith("File last changed on ")  # a sentence starts with a capital
    assert d.error_text() and not d.import_button.isEnabled() and d.cancel_button.isDefault()


def test_nothing_to_import_is_said_in_words_for_an_empty_export(qtbot, store, transfer, tmp_path):
    path = tmp_path / "empty.json"
    transfer.export("json", path)
    d = ImportExportDialog(transfer, str(path))
    qtbot.addWidget(d)
    settle()  # the file is read on the background runner
    assert d.model.rowCount() == 0 and d.rows.currentWidget() is d.empty
    assert d.empty.text() == "Nothing to import: this export holds no records."
    assert not d.import_button.isEnabled() and d.summary.isHidden()


def test_kind_labels_are_words_for_every_section():
    labels = [X.kind_label(s.name) for s in T.SECTIONS]
    assert len(set(labels)) == len(labels)
    assert all(label[0].isupper() and "_" not in label for label in labels)
    assert X.kind_label("coping") == "Coping entries" and X.kind_label("checkin") == "Check-ins"
    assert X.kind_label("contact") == "Support contacts" and X.kind_label("group") == "Meetings"
    assert set(KINDS) < {s.name for s in T.SECTIONS}



def test_the_suggested_export_name_is_dated_by_the_services_clock(store, out, monkeypatch, warnings):
    from app.services.clock import FixedClock

    clocked = TransferService(store, RecordService(store, FixedClock(dt.datetime(2031, 5, 4, 9, 30))))
    suggested = []
    choose(monkeypatch, "save_json", out / "mine", suggested)
    assert export_data(None, clocked, "json") is True
    assert suggested[0].endswith("steady-export-2031-05-04.json")


def test_xlsx_export_from_the_file_menu_runs_in_the_background_and_adds_the_suffix(window, out, monkeypatch,
                                                                                   warnings):
    import openpyxl

    from app.domain.records import CopingEntry

    window.records.add(CopingEntry(occurred_at=dt.datetime(2026, 1, 10, 20), situation="=Payday", urge_before=7))
    suggested = []
    choose(monkeypatch, "save_xlsx", out / "mine", suggested)
    menu_texts = [a.text() for a in window.export_xlsx_action.associatedObjects()[0].actions()]
    assert "All data as a spreadsheet (.&xlsx)…" in menu_texts  # File ▸ Export
    window.export_xlsx_action.trigger()
    assert window.runner.busy and not window.export_xlsx_action.isEnabled()  # written off the GUI thread
    settle()
    written = out / "mine.xlsx"
    book = openpyxl.load_workbook(written)
    sheet = book["coping"]
    assert sheet.max_row == 2 and sheet.cell(2, 2).value == dt.datetime(2026, 1, 10, 20)
    assert "'=Payday" in [c.value for c in sheet[2]]
    assert suggested[0].endswith(f"steady-{dt.date.today().isoformat()}.xlsx")
    message = window.statusBar().currentMessage()
    assert str(written) in message and "somewhere private" in message and warnings == []
