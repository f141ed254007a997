"""Preferences ▸ Privacy: turn encryption on (the recovery-code page, once), change the
passphrase, a new recovery code, turn it off; each through the window's background runner,
on a real data file."""

import datetime as dt
import sqlite3

import pytest
from PySide6.QtWidgets import QDialog

from app.domain.records import CopingEntry
from app.main import build_main_window
from app.services import encryption
from app.ui.dialogs import privacy_dialogs as P
from app.ui.dialogs.preferences_dialog import ENCRYPTED_STATE, NOT_ENCRYPTED_STATE, PreferencesDialog
from tests.ui.helpers import settle

MARKER = "PrvMkr-2c9d-kept-inside"
FIRST = "first long passphrase"
SECOND = "second long passphrase"


@pytest.fixture
def opened(qtbot, data_dir):
    window, close = build_main_window(data_dir)
    qtbot.addWidget(window)
    window.records.add(CopingEntry(occurred_at=dt.datetime(2026, 6, 9, 18, 0), situation=MARKER, urge_before=6))
    yield window
    close(save=False)


@pytest.fixture
def codes(monkeypatch):
    shown = []
    monkeypatch.setattr(P.RecoveryCodeDialog, "show_code", classmethod(lambda cls, code, parent: shown.append(code)))
    return shown


def answering(form, *answers):
    """Make `form.exec()` fill in the next answer (a dict of field -> text, or None to cancel)."""
    queue = list(answers)

    def exec_():
        answer = queue.pop(0)
        if answer is None:
            return QDialog.DialogCode.Rejected
        for key, text in answer.items():
            if key == "way" and text != form.way:
                form.switch_way()
            elif key != "way":
                form.fields[key].setText(text)
        form.setResult(0)
        form.submit()
        return form.result()

    form.exec = exec_
    return form


def test_turn_on_shows_the_code_once_and_leaves_no_plaintext(opened, data_dir, codes):
    window = opened
    form = answering(P.TurnOnDialog(window), {"passphrase": "short", "repeated": "short"},
                     {"passphrase": FIRST, "repeated": FIRST + "x"}, {"passphrase": FIRST, "repeated": FIRST})
    # A passphrase that is too short, then two that differ: said under the field, form kept.
    form.exec()
    assert form.error_text("passphrase").startswith("Choose a passphrase of at least 8 characters")
    form.exec()
    assert form.error_text("repeated") == "The two passphrases are not the same; type it again."
    P.turn_on(window, form)
    settle()
    assert encryption.is_encrypted(data_dir) and window.locker.encrypted
    assert len(codes) == 1 and len(codes[0]) == 35 and codes[0].count("-") == 5
    assert window.services is not None and window.services.store.encrypted
    raw = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert MARKER.encode() not in raw
    prefs = PreferencesDialog(window.reminders, window, app_lock=window.services.app_lock, encrypted=True,
                              can_encrypt=True)
    assert prefs.encryption_state.text() == ENCRYPTED_STATE
    assert set(prefs.encryption_buttons) == {"change_passphrase", "new_recovery_code", "turn_off"}
    prefs.deleteLater()


def test_change_passphrase_new_code_and_turn_off(opened, data_dir, codes):
    window = opened
    P.turn_on(window, answering(P.TurnOnDialog(window), {"passphrase": FIRST, "repeated": FIRST}))
    settle()
    first_code = codes[-1]

    form = answering(P.CurrentSecretDialog("Change passphrase", "", window, new_passphrase=True),
                     {"current": "wrong passphrase", "passphrase": SECOND, "repeated": SECOND},
                     {"current": FIRST, "passphrase": SECOND, "repeated": SECOND})
    P.change_passphrase(window, form)
    with pytest.raises(encryption.WrongSecret):
        encryption.unlock(data_dir, passphrase=FIRST)
    encryption.unlock(data_dir, passphrase=SECOND).wipe()

    form = answering(P.CurrentSecretDialog("Show a new recovery code", "", window),
                     {"current": SECOND})
    P.new_recovery_code(window, form)
    assert len(codes) == 2 and codes[1] != first_code
    with pytest.raises(encryption.WrongSecret):
        encryption.unlock(data_dir, recovery_code=first_code)
    encryption.unlock(data_dir, recovery_code=codes[1]).wipe()

    form = answering(P.CurrentSecretDialog("Turn off encryption", "", window),
                     {"way": "recovery", "current": first_code}, {"way": "recovery", "current": codes[1]})
    P.turn_off(window, form)
    settle()
    assert not encryption.is_encrypted(data_dir) and not window.locker.encrypted
    with sqlite3.connect(data_dir / "steady.db") as conn:  # any tool opens it again
        assert conn.execute("SELECT count(*) FROM coping_entries WHERE situation = ?", [MARKER]).fetchone()[0] == 1
    assert window.services is not None and not window.services.store.encrypted


def test_a_wrong_current_passphrase_is_said_under_the_field(opened, codes):
    window = opened
    P.turn_on(window, answering(P.TurnOnDialog(window), {"passphrase": FIRST, "repeated": FIRST}))
    settle()
    form = answering(P.CurrentSecretDialog("Show a new recovery code", "", window), {"current": "nope nope nope"},
                     None)
    P.new_recovery_code(window, form)
    assert form.error_text("current") == "That passphrase does not unlock this data file; check it and try again."
    assert len(codes) == 1


def test_the_recovery_code_page_needs_the_box_ticked_and_prints(qtbot, tmp_path):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinter

    dialog = P.RecoveryCodeDialog("ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567")
    qtbot.addWidget(dialog)
    assert not dialog.done_button.isEnabled()
    dialog.reject()  # Escape before keeping it: the page stays and says why
    assert dialog.problem.isVisible() or not dialog.problem.isHidden()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "code.pdf"))
    dialog.document().print_(printer)
    assert (tmp_path / "code.pdf").read_bytes().startswith(b"%PDF")
    dialog.kept.setChecked(True)
    assert dialog.done_button.isEnabled()


def test_preferences_offers_turning_on_and_says_what_the_lock_is(qtbot, opened):
    window = opened
    prefs = PreferencesDialog(window.reminders, window, app_lock=window.services.app_lock, encrypted=False,
                              can_encrypt=True)
    qtbot.addWidget(prefs)
    assert prefs.encryption_state.text() == NOT_ENCRYPTED_STATE
    assert list(prefs.encryption_buttons) == ["turn_on"]
    assert "privacy screen" in prefs.lock_note.text()
    prefs.encryption_buttons["turn_on"].click()
    assert prefs.requested == "turn_on" and prefs.result() == QDialog.DialogCode.Accepted


def test_export_dialogs_say_in_one_line_that_an_export_is_not_encrypted(qtbot, opened, codes, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.ui.dialogs.calendar_dialogs import FileChooser as CalendarFileChooser
    from app.ui.dialogs.file_choosing import NOT_ENCRYPTED
    from app.ui.dialogs.report_dialog import ReportDialog, ReportFileChooser
    from app.ui.dialogs.transfer_dialogs import TransferFileChooser

    window = opened
    captions = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, *a, **k: (captions.append(caption), ("", ""))[1])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda parent, caption, *a, **k: (captions.append(caption), "")[1])

    def ask_all(parent):
        TransferFileChooser.save_json(parent, "x.json")
        TransferFileChooser.save_xlsx(parent, "x.xlsx")
        TransferFileChooser.choose_csv_folder(parent)
        CalendarFileChooser.save_calendar(parent, "x.ics")
        ReportFileChooser.save_pdf(parent, "x.pdf")

    ask_all(window)
    assert captions and not any("not encrypted" in c for c in captions)
    report = ReportDialog(window.reports, window)
    qtbot.addWidget(report)
    assert report.plain_note.isHidden()

    P.turn_on(window, answering(P.TurnOnDialog(window), {"passphrase": FIRST, "repeated": FIRST}))
    settle()
    captions.clear()
    report = ReportDialog(window.reports, window)
    qtbot.addWidget(report)
    ask_all(report)  # the report dialog asks from itself; the others from the window
    ask_all(window)
    assert len(captions) == 10 and all(c.endswith("(this file is not encrypted)") for c in captions)
    assert not report.plain_note.isHidden() and report.plain_note.text() == NOT_ENCRYPTED
