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
    assert "score is 2 out of 27: minimal" in dialog.result.text() and "not a diagnosis" in dialog.result.text()
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
    assert "Your PHQ-9 score is 13 out of 27: moderate." in dialog.result.text()
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
    assert "WHO-5 score is 52 out of 100 (raw 13 of 25)" in dialog.result.text()
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
