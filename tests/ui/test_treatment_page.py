"""The Treatment page and what Today shows of it (issue 16 item 6): doses ticked by keyboard
or mouse fill an empty check-in answer in one undo step, the call-in question (off by default)
until answered, homework due with Done, the aftercare plan with undo and a real PDF, calm
empty states, accessible names."""

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from app.domain.records import CheckIn, DrugScreen, Homework, Medication
from app.ui.main_window import PAGE_TITLES
from tests.ui.helpers import settle


def _treatment(window):
    window.show()
    window.show_page(PAGE_TITLES.index("Treatment"))
    return window.page("Treatment")


def _meds(records, today):
    bup = records.add(Medication(name="Buprenorphine", dose="16 mg", dosing="clinic", moud=True,
                                 start_date=today - dt.timedelta(days=10)))
    ser = records.add(Medication(name="Sertraline", dose="50 mg", times_per_day=2, dose_times="08:00, 20:00",
                                 start_date=today - dt.timedelta(days=10)))
    return bup, ser


def test_empty_tabs_say_what_each_is_for(qtbot, window):
    page = _treatment(window)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Medications", "Dose log", "Drug screens", "Homework", "Aftercare plan"]
    for kind, words in (("medication", "doses a day"), ("dose", "look back"), ("drug_screen", "never erases"),
                        ("homework", "Today reminds you")):
        view = page.show_kind(kind)
        qtbot.waitUntil(lambda v=view: v.stack.currentWidget() is v.empty)
        assert words in view.empty.hint.text()
    assert not page.doses.empty.isHidden() and "appears here to tick" in page.doses.empty.text()
    # The call-in check is off until the person turns it on.
    page.show_kind("drug_screen")
    assert page.callin.switch.isVisible()  # the switch is there to turn on
    assert not page.callin.switch.isChecked() and not page.callin.question.isVisible()
    after = page.show_aftercare()
    assert after.boxes["meetings"].lines.item(0).text() == "Nothing here yet."


def test_ticking_every_dose_fills_the_check_in_and_one_undo_takes_both_back(qtbot, window, services):
    records, today = services.records, services.clock.now().date()
    _meds(records, today)
    checkin = records.add(CheckIn(day=today, mood=3, craving=2))
    page = _treatment(window)
    panel = page.doses
    assert [b[0].accessibleName() for b in panel.buttons.values()] == [
        "Buprenorphine 16 mg, today's dose: taken", "Sertraline 50 mg, 08:00: taken", "Sertraline 50 mg, 20:00: taken"]
    messages = []
    page.status_message.connect(messages.append)
    keys = list(panel.buttons)
    for key in keys:
        panel.buttons[key][0].setFocus()
        qtbot.keyClick(panel.buttons[key][0], Qt.Key.Key_Space)  # the keyboard alone
        settle()
    assert services.store.checkins.for_day(today).medication_taken is True
    assert messages[-1].endswith("Today's check-in now says medication taken: yes.")
    qtbot.waitUntil(lambda: panel.summary.text() == "3 of 3 doses noted today.")
    assert all(panel.buttons[k][0].text() == "✓ Taken" for k in keys)
    window.undo.undo()  # the last dose and the answer it filled, together
    assert services.store.checkins.for_day(today) == checkin
    assert len(services.store.doses.for_day(today)) == 2
    window.undo.redo()
    assert services.store.checkins.for_day(today).medication_taken is True


def test_a_dose_not_taken_can_be_changed_and_the_person_s_answer_is_kept(qtbot, window, services):
    records, today = services.records, services.clock.now().date()
    bup, _ = _meds(records, today)
    records.add(CheckIn(day=today, mood=3, craving=2, medication_taken=True))
    page = _treatment(window)
    page.doses.buttons[(bup.id, 1)][1].click()
    settle()
    assert services.store.doses.for_day(today)[0].status == "missed"
    page.doses.buttons[(bup.id, 1)][0].click()
    settle()
    assert services.store.doses.find(bup.id, today, 1).status == "taken"
    assert services.store.checkins.for_day(today).medication_taken is True  # never overwritten
    window.undo.undo()
    assert services.store.doses.find(bup.id, today, 1).status == "missed"


def test_today_asks_about_the_testing_line_only_once_turned_on_and_until_answered(qtbot, window, services):
    window.show()
    window.show_page(0)
    today_page = window.page("Today")
    callin = today_page.treatment_today.callin
    assert not callin.isVisible()
    page = _treatment(window)
    page.show_kind("drug_screen")
    page.callin.switch.click()
    assert services.treatment.callin_enabled()
    window.show_page(0)
    qtbot.waitUntil(callin.isVisible)
    assert callin.question.text() == "Did you call the testing line today?"
    callin.no_test_button.click()
    settle()
    answer = services.treatment.callin_answer()
    assert answer.called and answer.test_today is False
    qtbot.waitUntil(lambda: not callin.isVisible())
    window.undo.undo()
    assert services.treatment.callin_answer() is None
    qtbot.waitUntil(callin.isVisible)


def test_homework_due_shows_on_today_with_done(qtbot, window, services):
    today = services.clock.now().date()
    hw = services.records.add(Homework(title="Relapse-prevention worksheet", due=today))
    services.records.add(Homework(title="Next week's reading", due=today + dt.timedelta(days=7)))
    window.show()
    window.show_page(0)
    panel = window.page("Today").treatment_today.homework
    qtbot.waitUntil(panel.isVisible)
    assert list(panel.done_buttons) == [hw.id]
    button = panel.done_buttons[hw.id]
    assert button.accessibleName() == "Mark “Relapse-prevention worksheet” done"
    button.click()
    settle()
    assert services.store.homework.get(hw.id).done
    qtbot.waitUntil(lambda: not panel.isVisible())
    window.undo.undo()
    assert not services.store.homework.get(hw.id).done


def test_a_check_in_after_the_doses_starts_with_their_answer(qtbot, window, services):
    records, today = services.records, services.clock.now().date()
    bup, ser = _meds(records, today)
    for med, slot in ((bup, 1), (ser, 1), (ser, 2)):
        services.treatment.log_dose(med.id, today, slot, "taken")
    window.show()
    window.show_page(0)
    dialog = window.page("Today").make_check_in_dialog()
    qtbot.addWidget(dialog)
    assert dialog._editors["medication_taken"].value() is True


def test_the_aftercare_plan_is_written_undone_and_saved_as_pdf(qtbot, window, services, tmp_path, monkeypatch):
    services.records.add(Medication(name="Naltrexone", dose="50 mg", start_date=services.clock.now().date()))
    page = _treatment(window)
    tab = page.show_aftercare()
    box = tab.box("warning_signs")
    box.entry.setText("Skipping meals and calls")
    qtbot.keyClick(box.entry, Qt.Key.Key_Return)
    assert [i.text for i in services.treatment.aftercare.items("warning_signs")] == ["Skipping meals and calls"]
    window.undo.undo()
    assert services.treatment.aftercare.items("warning_signs") == []
    window.undo.redo()
    meds = tab.box("medications")
    assert meds.picker.currentText() == "Naltrexone 50 mg: once a day"
    meds.add_picked()
    assert [i.text for i in services.treatment.aftercare.items("medications")] == ["Naltrexone 50 mg: once a day"]
    from app.ui.dialogs.report_dialog import ReportFileChooser

    target = tmp_path / "aftercare.pdf"
    monkeypatch.setattr(ReportFileChooser, "save_pdf", classmethod(lambda cls, parent, suggested: str(target)))
    assert tab.save_pdf()
    settle()
    assert tab.saved_path == str(target) and target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        assert "My aftercare plan" in text and "Skipping meals and calls" in text and "Naltrexone 50 mg" in text


def test_every_control_has_a_name_and_drug_screens_read_calmly(qtbot, window, services):
    today = services.clock.now().date()
    _meds(services.records, today)
    services.records.add(DrugScreen(day=today, result="positive", substances="alcohol"))
    services.treatment.set_callin_enabled(True)
    page = _treatment(window)
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        settle()
        tab = page.tabs.currentWidget()
        for control in tab.findChildren(QAbstractButton) + tab.findChildren(QLineEdit):
            if control.isVisible():
                assert control.accessibleName() or control.text(), control
    view = page.show_kind("drug_screen")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    shown = " ".join(str(view.model.index(0, c).data()) for c in range(view.model.columnCount()))
    assert "Detected (positive)" in shown
    for word in ("dirty", "clean", "fail"):
        assert word not in shown.lower()
    # Edit ▸ New follows the tab: Ctrl+N adds a drug screen here.
    assert window.current_view() is view and window.new_action.isEnabled()


@pytest.mark.parametrize("kind", ["medication", "drug_screen", "homework", "dose"])
def test_a_form_per_kind_saves_and_is_one_undo_step(qtbot, window, services, kind, monkeypatch):
    from app.ui.dialogs.record_dialog import RecordDialog

    today = services.clock.now().date()
    bup = _meds(services.records, today)[0] if kind == "dose" else None
    page = _treatment(window)
    view = page.show_kind(kind)
    values = {"medication": {"name": "Acamprosate", "times_per_day": 3, "start_date": today},
              "drug_screen": {"day": today, "result": "pending"},
              "homework": {"title": "Worksheet", "due": today},
              "dose": {"medication_id": bup.id if bup else None, "day": today, "slot": 1, "status": "taken"}}[kind]

    def fill_and_save(dialog):
        for name, value in values.items():
            dialog.set_value(name, value)
        dialog.accept()
        assert dialog.saved is not None, dialog.error_text() or [dialog.error_text(n) for n in values]
        return RecordDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    saved = view.add_record()
    assert saved is not None and services.records.get(kind, saved.id) == saved
    window.undo.undo()
    assert services.records.get(kind, saved.id) is None
