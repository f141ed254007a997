"""File ▸ Reports…: a real data folder with a year of demo data, real PDFs written to disk.
Only the save dialog (our own ReportFileChooser seam) is replaced; pdftotext, when present,
reads back what went into the PDF."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFileDialog, QWidget

from app.domain.records import CopingEntry, SelfCareEntry
from app.services.clock import FixedClock
from app.services.demo import generate_demo
from app.services.bundle import build_services
from app.services.reports import preset_range
from app.ui import messages
from app.ui.dialogs import report_dialog as R
from app.ui.dialogs.report_dialog import ReportDialog, ReportFileChooser
from tests.ui.focus_walk import alt_key
from tests.ui.helpers import settle

NOW = dt.datetime(2026, 11, 22, 10, 0)  # a Sunday morning
TODAY = NOW.date()
SHARED = "Told Dana about the zeppelin dream"
PRIVATE = "Quarrel over the borrowed kayak"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def reports(store):
    services = build_services(store, FixedClock(NOW))
    records = services.records
    generate_demo(store, years=1, today=TODAY)
    records.add(CopingEntry(occurred_at=dt.datetime(2026, 11, 12, 21, 15), urge_before=6, urge_after=3,
                            notes=SHARED))
    records.add(SelfCareEntry(occurred_at=dt.datetime(2026, 11, 13, 18, 0), category="exercise", minutes=20,
                              notes=PRIVATE))
    return services.reports


@pytest.fixture
def saved_to(monkeypatch):
    """Make the save dialog answer `path` (or cancel with None); records what it suggested."""
    asked: list[str] = []

    def answer(path):
        def save_pdf(cls, parent, suggested):
            asked.append(suggested)
            return None if path is None else str(path)
        monkeypatch.setattr(ReportFileChooser, "save_pdf", classmethod(save_pdf))
        return asked
    return answer


@pytest.fixture
def dialog(qtbot, reports):
    said: list[str] = []
    d = ReportDialog(reports, report=said.append)
    d.said = said
    qtbot.addWidget(d)
    return d


def note_id(dialog, text):
    [found] = [n.id for n in dialog.reports.notes(*dialog.period()) if n.text == text]
    return found


# --- period -------------------------------------------------------------------------------------


def test_default_is_the_last_twelve_weeks_to_today(dialog):
    first, last = dialog.period()
    assert dialog.preset.currentText() == "Last 12 weeks"
    assert last == TODAY and first == dt.date(2026, 8, 31) and first.weekday() == 0
    assert (last - first).days + 1 == 12 * 7  # twelve whole weeks, today being a Sunday
    assert dialog.kind() == "counselor"
    assert dialog.save_button.isEnabled() and dialog.save_button.isDefault()
    assert dialog.range_error_text() == ""


def test_on_a_weekday_the_default_ends_on_the_latest_sunday(qtbot, store):
    wednesday = dt.datetime(2026, 11, 25, 9, 0)
    d = ReportDialog(build_services(store, FixedClock(wednesday)).reports)
    qtbot.addWidget(d)
    assert d.period() == (dt.date(2026, 8, 31), dt.date(2026, 11, 22))  # 12 whole weeks, Monday to Sunday
    d.set_preset("Last 4 weeks")
    assert d.period() == (dt.date(2026, 10, 26), dt.date(2026, 11, 22))


def test_presets_fill_the_dates_and_editing_a_date_means_custom(dialog):
    dialog.set_preset("Last 4 weeks")
    assert dialog.period() == preset_range(4, TODAY) == (dt.date(2026, 10, 26), TODAY)
    assert len(dialog.note_ids()) == len(dialog.reports.notes(*preset_range(4, TODAY)))
    dialog.from_date.setDate(dialog.from_date.date().addDays(-1))
    assert dialog.preset.currentText() == "Custom"
    assert dialog.period()[0] == dt.date(2026, 10, 25)
    dialog.set_preset("Last 12 weeks")
    assert dialog.period() == (dt.date(2026, 8, 31), TODAY)


@pytest.mark.parametrize(("first", "last", "sentence"), [
    (dt.date(2026, 11, 10), dt.date(2026, 11, 1), "The last day must be on or after the first day."),
    (dt.date(2010, 1, 1), dt.date(2026, 11, 1), "A report covers at most ten years."),
])
def test_a_bad_range_says_why_and_cannot_be_saved(dialog, saved_to, tmp_path, first, last, sentence):
    asked = saved_to(tmp_path / "r.pdf")
    dialog.set_preset("Custom")
    dialog.set_period(first, last)
    assert dialog.range_error_text() == sentence
    assert not dialog.save_button.isEnabled()
    assert not dialog.save()  # Enter in a field ends up here too
    assert asked == [] and not (tmp_path / "r.pdf").exists()
    dialog.set_period(dt.date(2026, 11, 1), dt.date(2026, 11, 10))
    assert dialog.range_error_text() == "" and dialog.save_button.isEnabled()


def test_dates_cannot_go_past_today(dialog):
    dialog.to_date.setDate(dialog.to_date.date().addDays(5))
    assert dialog.period()[1] == TODAY


# --- notes --------------------------------------------------------------------------------------


def test_no_note_is_ticked_until_the_person_ticks_it(dialog):
    expected = [n.id for n in dialog.reports.notes(*dialog.period())]
    assert len(expected) > 10 and dialog.note_ids() == expected
    assert dialog.ticked_ids() == []
    assert dialog.notes_count.text() == f"None of the {len(expected)} notes ticked"
    dialog.tick_all.click()
    assert dialog.ticked_ids() == expected
    assert dialog.notes_count.text() == f"{len(expected)} of {len(expected)} notes ticked"
    dialog.tick_none.click()
    assert dialog.ticked_ids() == []
    shared = note_id(dialog, SHARED)
    dialog.set_ticked(shared)
    assert dialog.ticked_ids() == [shared]
    assert dialog.notes_count.text() == f"1 of {len(expected)} notes ticked"


def test_notes_follow_the_period_and_a_tick_comes_back_with_its_note(dialog):
    shared = note_id(dialog, SHARED)
    dialog.set_ticked(shared)
    dialog.set_preset("Custom")
    dialog.set_period(dt.date(2026, 11, 14), TODAY)  # after the note
    assert shared not in dialog.note_ids() and dialog.ticked_ids() == []
    dialog.set_period(dt.date(2026, 11, 1), TODAY)
    assert dialog.ticked_ids() == [shared]


def test_a_period_without_notes_says_so(qtbot, store):
    d = ReportDialog(build_services(store, FixedClock(NOW)).reports)
    qtbot.addWidget(d)
    assert d.note_ids() == []
    assert d.notes_stack.currentWidget() is d.notes_empty and d.notes_empty.text() == R.NO_NOTES_TEXT
    assert not d.tick_all.isEnabled() and not d.tick_none.isEnabled()


# --- saving -------------------------------------------------------------------------------------


def test_the_ticked_note_and_only_it_goes_into_the_counselor_pdf(dialog, saved_to, tmp_path):
    target = tmp_path / "summary.pdf"
    asked = saved_to(target)
    dialog.name_edit.setText("  Alex R. ")
    dialog.set_page_size("a4")
    dialog.set_ticked(note_id(dialog, SHARED))
    dialog.save_button.click()
    settle()  # the report is made on the background runner
    assert asked and asked[0].endswith("steady-counselor-summary-2026-08-31-to-2026-11-22.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595", data)  # A4
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.error_text() == ""
    [message] = dialog.said
    assert message.startswith("Saved the counselor summary (") and str(target) in message
    pages = int(re.search(r"\((\d+) pages?\)", message).group(1))
    assert pages == int(re.search(rb"/Count (\d+)", data).group(1)) and pages >= 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left
    if shutil.which("pdftotext"):
        text = pdf_text(target)
        assert "Treatment progress summary" in text and "Name: Alex R." in text
        assert SHARED in text
        assert PRIVATE not in text


@needs_pdftotext
def test_nothing_ticked_shares_no_note(dialog, saved_to, tmp_path):
    saved_to(tmp_path / "summary.pdf")
    assert dialog.save()
    settle()
    text = pdf_text(tmp_path / "summary.pdf")
    assert "No notes were chosen to be shared in this report." in text
    assert SHARED not in text and PRIVATE not in text


def test_attendance_record_has_no_notes_and_remembers_paper_and_name(qtbot, dialog, reports, saved_to, tmp_path):
    dialog.set_ticked(note_id(dialog, SHARED))
    dialog.set_kind("attendance")
    assert dialog.notes_panel.isHidden() and not dialog.attendance_note.isHidden()
    target = tmp_path / "attendance.pdf"
    asked = saved_to(target)
    dialog.set_page_size("letter")
    dialog.name_edit.setText("Alex R.")
    assert dialog.save()
    settle()
    assert asked[0].endswith("steady-attendance-record-2026-08-31-to-2026-11-22.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and re.search(rb"/MediaBox\s*\[\s*0\s+0\s+612", data)  # Letter
    assert dialog.said[0].startswith("Saved the attendance record (")
    if shutil.which("pdftotext"):
        text = pdf_text(target)
        assert "Attendance record" in text and "Participant: Alex R." in text and SHARED not in text

    again = ReportDialog(reports)
    qtbot.addWidget(again)
    assert again.kind() == "attendance" and again.page_size_key() == "letter"
    assert again.name_edit.text() == "Alex R."
    again.set_kind("counselor")
    assert not again.notes_panel.isHidden() and again.attendance_note.isHidden()
    # The name is the person's: kept in the data file, not in this computer's settings file.
    assert reports.store.get_setting("reports.name") == "Alex R."
    assert not QSettings().contains("reports/name")


def test_a_name_kept_by_an_older_steady_in_the_settings_file_moves_into_the_data_file(qtbot, reports):
    QSettings().setValue("reports/name", "Sam K.")
    dialog = ReportDialog(reports)
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == "Sam K."
    assert reports.store.get_setting("reports.name") == "Sam K."
    assert not QSettings().contains("reports/name")


def test_cancelling_the_save_dialog_writes_nothing(dialog, saved_to, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    saved_to(None)
    assert not dialog.save()
    assert list(folder.iterdir()) == [] and dialog.said == []
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error_text() == ""


@pytest.mark.parametrize("where", ["missing", "not_a_folder"])
def test_a_folder_that_cannot_be_written_leaves_a_sentence_and_no_file(dialog, saved_to, tmp_path, where):
    (tmp_path / "not_a_folder").write_text("a plain file")
    before = sorted(p.name for p in tmp_path.iterdir())
    target = tmp_path / where / "summary.pdf"
    saved_to(target)
    assert dialog.save()  # started; the worker finds the folder unusable
    settle()
    message = dialog.error_text()
    assert message.startswith(f"Steady could not write {target} (") and message.endswith(".")
    assert "Traceback" not in message and "\n" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not target.exists()
    assert dialog.said == [] and dialog.result() != QDialog.DialogCode.Accepted
    saved_to(tmp_path / "ok.pdf")  # the person picks another place: it works, the sentence goes
    dialog.set_kind("attendance")
    assert dialog.save()
    settle()
    assert (tmp_path / "ok.pdf").exists()


def test_a_long_folder_name_in_a_problem_wraps_instead_of_widening_the_dialog(dialog, saved_to, tmp_path):
    target = tmp_path / "My_Recovery_Files_From_The_Old_Laptop_Backup_Copy_Number_Two_And_Three_Final" / "a.pdf"
    saved_to(target)
    assert dialog.save()
    settle()
    assert dialog.error_text().startswith(f"Steady could not write {target} (")
    assert dialog.error.minimumSizeHint().width() < 400 and dialog.minimumSizeHint().width() <= 640


def test_why_a_report_could_not_be_made_reads_as_one_sentence():
    assert R._reason(OSError(28, "No space left on device")) == "no space left on device."
    assert R._reason(R.ReportError("The PDF came out incomplete.")) == "the PDF came out incomplete."
    assert R._reason(R.ReportError("PDF writer missing")) == "PDF writer missing."


def test_a_pdf_suffix_is_added(dialog, saved_to, tmp_path):
    dialog.set_kind("attendance")
    saved_to(tmp_path / "for-court")
    assert dialog.save()
    settle()
    assert (tmp_path / "for-court.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "for-court").exists()


def test_the_system_save_dialog_adds_pdf_asks_before_replacing_and_remembers_the_folder(qtbot, monkeypatch,
                                                                                         tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "mine"), R.FILE_FILTER))
    assert ReportFileChooser.save_pdf(None, "x.pdf") == str(tmp_path / "mine.pdf")
    assert R.last_folder(R.SETTINGS_FOLDER) == str(tmp_path)
    (tmp_path / "mine.pdf").write_bytes(b"earlier")
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda p, title, text: asked.append(text) or False)
    assert ReportFileChooser.save_pdf(None, "x.pdf") is None
    assert asked == ["mine.pdf already exists. Replace it?"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert ReportFileChooser.save_pdf(None, "x.pdf") is None


def test_show_reports_reports_the_saved_file(monkeypatch, saved_to, reports, tmp_path):
    saved_to(tmp_path / "r.pdf")

    def run(self):  # what pressing Save as PDF does while the dialog runs
        self.set_kind("attendance")
        self.save_button.click()
        settle()
        return self.result()
    monkeypatch.setattr(ReportDialog, "exec", run)
    said = []
    assert R.show_reports(None, reports, report=said.append)
    assert len(said) == 1 and str(tmp_path / "r.pdf") in said[0]


# --- page size default, keyboard ----------------------------------------------------------------


@pytest.mark.parametrize(("locale", "size"), [("en_US", "letter"), ("fr_CA", "letter"), ("en_GB", "a4"),
                                              ("de_DE", "a4"), ("C", "a4")])
def test_page_size_follows_the_locale_until_one_is_chosen(qtbot, reports, locale, size):
    assert R.default_page_size(QLocale(locale)) == size
    previous = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        d = ReportDialog(reports)
        qtbot.addWidget(d)
        assert d.page_size_key() == size
        QSettings().setValue(R.SETTINGS_PAGE_SIZE, "letter" if size == "a4" else "a4")
        d2 = ReportDialog(reports)
        qtbot.addWidget(d2)
        assert d2.page_size_key() != size
    finally:
        QLocale.setDefault(previous)


def test_every_control_is_named_reachable_by_tab_and_labelled(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    controls = [*dialog.kind_buttons.values(), dialog.preset, dialog.from_date, dialog.to_date, dialog.page_size,
                dialog.name_edit, dialog.notes_list, dialog.tick_all, dialog.tick_none, dialog.save_button]
    for w in controls:
        assert w.accessibleName(), w
        # Of the report kinds Tab stops on the chosen one; the arrow keys switch.
        if w not in [b for k, b in dialog.kind_buttons.items() if k != "counselor"]:
            assert w.focusPolicy() & Qt.FocusPolicy.TabFocus, w.accessibleName()
    chain, w = [], dialog.kind_buttons["counselor"]
    for _ in range(200):
        chain.append(w)
        w = w.nextInFocusChain()
        if w is dialog.kind_buttons["counselor"]:
            break
    positions = [chain.index(c) for c in controls]
    assert positions == sorted(positions)  # Tab goes down the dialog in reading order
    buddies = {label.buddy() for label in dialog.findChildren(R.QLabel) if label.buddy() is not None}
    assert {dialog.preset, dialog.from_date, dialog.to_date, dialog.page_size, dialog.name_edit,
            dialog.notes_list} <= buddies
    texts = [b.text() for b in controls if hasattr(b, "text") and isinstance(b, QWidget) and "&" in b.text()]
    keys = [alt_key(t) for t in texts]
    keys += [alt_key(label.text()) for label in dialog.findChildren(R.QLabel)
             if label.buddy() is not None]
    assert len(keys) == len(set(keys)), keys  # no mnemonic used twice


def test_escape_closes(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def _squeezed(dialog):
    """The visible controls and sentences drawn smaller than they need (text cut off or drawn
    over its neighbour)."""
    out = []
    kinds = (R.QLabel, R.QLineEdit, R.QComboBox, R.QDateEdit, R.QPushButton, R.QRadioButton)
    for w in dialog.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisible() or w.window() is not dialog:
            continue
        if isinstance(w.parent(), (R.QDateEdit, R.QComboBox)):  # the text field inside a date field
            continue
        if isinstance(w, R.QLabel) and w.wordWrap() and w.text():
            need = w.heightForWidth(w.width())
        else:
            need = min(w.sizeHint().height(), w.minimumSizeHint().height())
        if w.height() < need:
            out.append((w.text() if hasattr(w, "text") else w.accessibleName(), w.height(), need))
    return out


def test_at_a_much_larger_font_the_dialog_opens_big_enough_for_everything(larger_font, qtbot, reports):
    d = ReportDialog(reports)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert _squeezed(d) == []
    assert d.notes_list.height() >= d.notes_list.minimumHeight() > 3 * d.notes_list.fontMetrics().lineSpacing()
    d.set_kind("attendance")
    qtbot.wait(10)
    assert _squeezed(d) == []


@pytest.mark.parametrize("kind, noun", [(R.SAFETY_PLAN, "safety plan"), (R.WALLET_CARD, "wallet card")])
def test_the_plan_and_the_wallet_card_are_made_on_the_background_runner(qtbot, dialog, saved_to, tmp_path,
                                                                        kind, noun):
    """Like the counselor summary: save() hands the work to the runner and returns at once,
    the window's thread stays free, and the result arrives through the event loop."""
    target = tmp_path / f"{kind}.pdf"
    saved_to(target)
    dialog.set_kind(kind)
    assert dialog.save() is True
    # Nothing can have arrived yet: the result comes back through the event loop.
    assert dialog.saving and dialog._job is not None and dialog._job.label == f"Making the {noun}…"
    assert dialog.saved_path is None and not dialog.save_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30_000)
    assert not dialog.saving and dialog.result() == QDialog.DialogCode.Accepted
    assert target.read_bytes().startswith(b"%PDF")
    assert dialog.said[0].startswith(f"Saved the {noun} (")


def _mnemonics(dialog) -> list[str]:
    """The Alt+letter keys of the visible buttons and field labels."""
    texts = [w.text() for w in dialog.findChildren(QWidget) if isinstance(w, (QAbstractButton, R.QLabel))
             and w.isVisible() and w.window() is dialog and "&" in w.text().replace("&&", "")]
    return [alt_key(text) for text in texts]


def test_in_spanish_every_kind_opens_with_nothing_squeezed_and_one_key_per_letter(qtbot, reports):
    from app.domain import i18n

    i18n.use_language("es")
    d = ReportDialog(reports)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    assert d.windowTitle() == "Informes"
    assert d.kind_buttons[R.COUNSELOR].text() == "Resumen para tu &consejero/a"
    assert d.notes_count.text().startswith("Ninguna de las ") and d.notes_count.text().endswith(" notas está marcada")
    # The longer Spanish sentences above once left the notes one row, drawn over the buttons.
    assert _squeezed(d) == []
    assert d.notes_stack.height() >= d.notes_list.minimumHeight()
    assert d.notes_stack.geometry().bottom() < d.tick_all.geometry().top()
    for kind in R.KINDS:
        d.set_kind(kind)
        qtbot.wait(10)
        assert _squeezed(d) == [], kind
        keys = _mnemonics(d)
        assert len(keys) == len(set(keys)), (kind, keys)
