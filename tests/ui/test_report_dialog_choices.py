"""The report dialog's issue-16 choices: the session prep's own words, use data only when
ticked, and the attendance record's case number, what to include, generic titles and whether
to remember the name; each goes into the PDF made on the background runner."""

import shutil

import pytest

from app.ui.dialogs import report_dialog as R
from tests.ui.helpers import settle
from tests.ui.test_report_dialog import dialog, pdf_text, reports, saved_to  # noqa: F401 - fixtures

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def test_session_prep_takes_the_typed_words_and_no_period(qtbot, dialog, saved_to, tmp_path):
    dialog.set_kind(R.SESSION_PREP)
    assert not dialog.prep_panel.isHidden() and not dialog.use_check.isHidden()
    assert not dialog.form.isRowVisible(0) and dialog.attendance_panel.isHidden() and dialog.notes_panel.isHidden()
    dialog.prep_edits["went_well"].setPlainText("Went to every group")
    dialog.prep_edits["was_hard"].setPlainText("Payday Friday")
    dialog.prep_edits["talk_about"].setPlainText("Stepping down to three days")
    target = tmp_path / "prep.pdf"
    asked = saved_to(target)
    assert dialog.save()
    settle()
    assert asked[0].endswith("steady-session-prep-2026-11-22.pdf")
    assert dialog.said[0].startswith("Saved the session prep (1 page)")
    text = pdf_text(target).replace("\ufb01", "fi")
    for words in ("Session prep", "This week in five lines", "Went to every group", "Payday Friday",
                  "Stepping down to three days"):
        assert words in text, words


def test_session_prep_too_long_is_one_sentence_and_nothing_is_asked(qtbot, dialog, saved_to, tmp_path):
    dialog.set_kind(R.SESSION_PREP)
    dialog.prep_edits["talk_about"].setPlainText("x" * 701)
    asked = saved_to(tmp_path / "prep.pdf")
    assert not dialog.save()
    assert asked == [] and dialog.error_text() == ("What I want to talk about is 701 characters; at most 700 fit "
                                                   "on the one page.")


def test_counselor_summary_shares_use_only_when_ticked(qtbot, dialog, saved_to, tmp_path):
    assert not dialog.use_check.isChecked() and not dialog.use_check.isHidden()
    target = tmp_path / "summary.pdf"
    saved_to(target)
    assert dialog.save()
    settle()
    text = pdf_text(target)
    assert "Step-down readiness" in text and "Craving by week" in text
    assert "Use and time without use" not in text and "Days without use" not in text


def test_counselor_summary_with_use_ticked(qtbot, reports, saved_to, tmp_path):
    d = R.ReportDialog(reports)
    qtbot.addWidget(d)
    d.use_check.setChecked(True)
    target = tmp_path / "summary.pdf"
    saved_to(target)
    assert d.save()
    settle()
    assert "Use and time without use (shared by choice)" in pdf_text(target)


def test_attendance_choices_go_into_the_record(qtbot, dialog, reports, saved_to, tmp_path):
    dialog.set_kind(R.ATTENDANCE)
    assert not dialog.attendance_panel.isHidden() and dialog.use_check.isHidden() and dialog.prep_panel.isHidden()
    dialog.name_edit.setText("Alex R.")
    dialog.case_number.setText("CR-2026-0412")
    dialog.include.setCurrentIndex(dialog.include.findData("meetings"))
    dialog.generic.setChecked(True)
    dialog.remember_name.setChecked(False)
    target = tmp_path / "attendance.pdf"
    saved_to(target)
    assert dialog.save()
    settle()
    text = pdf_text(target)
    assert "Participant: Alex R." in text and "Case number: CR-2026-0412" in text and "Support meeting" in text
    for secret in ("Treatment session", "AA ·", "NA ·", "Big Book", "Closed", "Evening IOP"):
        assert secret not in text, secret
    assert reports.store.get_setting("reports.name") in (None, "")  # not remembered: unticked
    again = R.ReportDialog(reports)
    qtbot.addWidget(again)
    assert again.name_edit.text() == "" and not again.remember_name.isChecked()


def test_the_new_controls_are_named(qtbot, dialog):
    for w in (dialog.use_check, dialog.case_number, dialog.include, dialog.generic, dialog.remember_name,
              *dialog.prep_edits.values()):
        assert w.accessibleName(), w
