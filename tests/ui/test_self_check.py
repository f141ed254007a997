"""The self-check form: keyboard-complete, scored after saving, Get help now in place."""

import datetime as dt

from PySide6.QtWidgets import QLabel, QRadioButton

from app.domain.records import PlanItem, SupportContact
from app.ui.dialogs.self_check_dialog import SelfCheckDialog

TODAY = dt.date(2026, 3, 10)


def _dialog(qtbot, services, **kwargs):
    dialog = SelfCheckDialog(services.assessments, services.crisis, TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_phq9_item_nine_above_zero_shows_get_help_now_in_the_form_at_once(qtbot, services):
    services.crisis.set_country("US")
    services.records.add(SupportContact(name="Sam", role="sponsor", phone="555 0101", emergency=True))
    services.records.add(PlanItem(section="cope_alone", text="Walk round the block with music on"))
    dialog = _dialog(qtbot, services)
    assert not dialog.safety.isVisible()
    for number in range(1, 9):
        dialog.answer(number, 0)
    assert not dialog.safety.isVisible()
    dialog.answer(9, 1)
    # In place, in this window: no other top-level window appeared.
    assert dialog.safety.isVisible() and dialog.help_panel is not None and dialog.help_panel.isVisible()
    texts = " ".join(label.text() for label in dialog.safety.findChildren(QLabel))
    assert "Sam" in texts and "Walk round the block with music on" in texts and "988" in texts
    assert "alone" in dialog.safety_words.text()
    dialog.answer(9, 0)
    assert not dialog.safety.isVisible()
    dialog.answer(9, 2)
    # Saving is never blocked.
    dialog.save()
    assert dialog.record is not None and dialog.safety.isVisible()
    assert "score is 2 out of 27: minimal" in dialog.score_label.text() and "not a diagnosis" in dialog.score_label.text()
    dialog.done(0)


def test_saving_scores_in_calm_words_and_undo_removes_it(qtbot, services):
    from app.ui.undo import UndoHistory

    undo = UndoHistory()
    dialog = _dialog(qtbot, services, undo=undo)
    dialog.save()  # nothing answered yet: one sentence, nothing written
    assert "still to answer: 1, 2, 3, 4, 5…" in dialog.error.text()
    assert services.assessments.history() == []
    for number, value in enumerate((0, 1, 2, 3, 0, 1, 2, 3, 1), start=1):
        dialog.answer(number, value)
    dialog.save()
    assert "Your PHQ-9 score is 13 out of 27: moderate." in dialog.score_label.text()
    [(record, score)] = services.assessments.history()
    assert record.day == TODAY and record.answers == "0,1,2,3,0,1,2,3,1" and score.band.key == "moderate"
    assert dialog.save_button.text() == "Close"
    undo.undo()
    assert services.assessments.history() == []
    dialog.done(0)


def test_every_instrument_has_named_radio_buttons_and_who5_says_percent(qtbot, services):
    dialog = _dialog(qtbot, services)
    for key, count in (("gad7", 7), ("who5", 5), ("auditc", 3), ("phq9", 9)):
        dialog.choice.setCurrentIndex(dialog.choice.findData(key))
        assert len(dialog.groups) == count
        radios = dialog.questions.findChildren(QRadioButton)
        assert radios and all(r.accessibleName().startswith("Question ") for r in radios)
    dialog.choice.setCurrentIndex(dialog.choice.findData("who5"))
    for number in range(1, 6):
        dialog.answer(number, (3, 3, 3, 2, 2)[number - 1])
    assert not dialog.safety.isVisible()
    dialog.save()
    assert "WHO-5 score is 52 out of 100 (raw 13 of 25)" in dialog.score_label.text()
    dialog.done(0)


def test_the_window_opens_it_from_the_check_ins_page_and_the_edit_menu(qtbot, window):
    from PySide6.QtWidgets import QApplication

    assert window.self_check_action.isEnabled()
    window.show_page_titled("Check-ins")
    page = window.page("Check-ins")
    page.self_check_button.click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SelfCheckDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_progress_shows_each_self_check_on_its_bands_with_a_history_table(qtbot, services):
    from app.ui.charts.views import SelfCheckChart

    today = services.progress.today()
    for days_ago, answers in ((28, "3,3,3,3,3,3,3,3,0"), (14, "2,2,2,2,2,2,2,2,0"), (0, "0,1,2,3,0,1,2,3,1")):
        services.assessments.add("phq9", today - dt.timedelta(days=days_ago), tuple(int(a) for a in answers.split(",")))
    services.assessments.add("who5", today, (3, 3, 3, 2, 2))
    chart = SelfCheckChart()
    qtbot.addWidget(chart)
    chart.refresh(services.progress, "all")
    assert not chart.is_empty
    assert [chart.picker.itemText(i) for i in range(chart.picker.count())] == ["PHQ-9", "WHO-5"]
    assert chart.table.rowCount() == 3
    assert [chart.table.item(r, 1).text() for r in range(3)] == ["13", "16", "24"]  # newest first
    assert chart.table.item(0, 2).text() == "moderate" and chart.table.item(2, 2).text() == "severe"
    assert "latest 13 (moderate)" in chart.summary_label.text() and "first 24 (severe)" in chart.summary_label.text()
    assert [t.get_text().strip() for t in chart.builder.texts] == ["minimal", "mild", "moderate",
                                                                  "moderately severe", "severe"]
    chart.picker.setCurrentIndex(1)
    assert chart.table.rowCount() == 1 and chart.table.item(0, 1).text() == "52"
    assert chart.builder.ax.get_ylim() == (0.0, 100.0)


def test_the_form_is_answered_with_the_keyboard_alone(qtbot, services):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = _dialog(qtbot, services, instrument="auditc")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    first = dialog.groups[0].buttons()[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert dialog.answers() == [0, None, None]
    qtbot.keyClick(first, Qt.Key.Key_Down)  # arrows choose within a question
    assert dialog.answers() == [1, None, None]
    chosen = dialog.groups[0].checkedButton()
    assert QApplication.focusWidget() is chosen
    qtbot.keyClick(chosen, Qt.Key.Key_Tab)  # Tab goes on to the next question
    second = QApplication.focusWidget()
    assert second in dialog.groups[1].buttons()
    qtbot.keyClick(second, Qt.Key.Key_Space)
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    third = QApplication.focusWidget()
    assert third in dialog.groups[2].buttons()
    qtbot.keyClick(third, Qt.Key.Key_Space)
    assert dialog.answers() == [1, 0, 0]
    dialog.save()
    assert "AUDIT-C score is 1 out of 12: below the usual screening cut-offs" in dialog.score_label.text()
    dialog.done(0)


def test_one_question_at_a_time_by_keyboard_alone_and_the_choice_is_remembered(qtbot, services):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    dialog = _dialog(qtbot, services)
    assert not dialog.one_at_a_time and not dialog.nav.isVisible()
    assert all(box.isVisible() for box in dialog.boxes)
    dialog.set_one_at_a_time(True)
    assert dialog.nav.isVisible() and dialog.progress.text().startswith("Question 1 of 9 ")
    assert [box.isVisible() for box in dialog.boxes] == [True] + [False] * 8
    assert not dialog.back_button.isEnabled()

    def press(key, form=None):
        form = form or dialog
        focused = QApplication.focusWidget()
        qtbot.keyClick(focused if focused is not None and form.isAncestorOf(focused) else form, key)

    # Enter without an answer: one calm sentence, still on question 1.
    dialog.show_question(0)
    press(Qt.Key.Key_Return)
    assert dialog.progress.text().startswith("Question 1 of 9 ") and "Choose an answer to go on" in dialog.error.text()
    for number, value in enumerate((0, 1, 2, 3, 0, 1, 2, 3), start=1):
        press(str(value))  # a number key chooses
        assert dialog.answers()[number - 1] == value
        press(Qt.Key.Key_Return)  # Enter goes on
        assert dialog.progress.text().startswith(f"Question {number + 1} of 9 ")
    assert dialog.next_button.isEnabled() is False and dialog.back_button.isEnabled()
    press("0")
    press(Qt.Key.Key_Down)  # the arrow keys move between the answers
    assert dialog.answers()[8] == 1
    assert dialog.safety.isVisible()  # question 9 above 0: Get help now in place, as all at once
    dialog.back()
    assert dialog.progress.text().startswith("Question 8 of 9 ") and dialog.boxes[7].isVisible()
    dialog.next()
    press(Qt.Key.Key_Return)  # Enter on the last question saves
    assert dialog.record is not None
    assert "Your PHQ-9 score is 13 out of 27: moderate." in dialog.score_label.text()
    dialog.done(0)

    again = _dialog(qtbot, services)  # remembered
    assert again.one_at_a_time and again.progress.text().startswith("Question 1 of 9")
    again.choice.setCurrentIndex(again.choice.findData("auditc"))
    assert again.progress.text() == "Question 1 of 3 · keys 0–4 choose, Enter goes on" and len(again.boxes) == 3
    press("4", again)
    assert again.answers()[0] == 4
    press("9", again)  # no such answer: nothing changes
    assert again.answers()[0] == 4
    again.save()  # unanswered questions: the form goes to the first of them
    assert again.progress.text().startswith("Question 2 of 3 ") and "still to answer: 2, 3" in again.error.text()
    again.set_one_at_a_time(False)
    assert all(box.isVisible() for box in again.boxes) and not again.nav.isVisible()
    again.done(0)
    assert not _dialog(qtbot, services).one_at_a_time
