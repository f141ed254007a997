"""The one place boxes come from: the real boxes answer as their callers expect."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import messages


def _answer(press):
    """Press a button of the box that is about to open (once it is the active modal)."""
    def go():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, go)
            return
        press(box)
    QTimer.singleShot(0, go)


def test_confirm_is_yes_only_when_yes_is_pressed(qtbot):
    _answer(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    assert messages.confirm(None, "Delete", "Delete this entry?") is True
    _answer(lambda box: box.button(QMessageBox.StandardButton.No).click())
    assert messages.confirm(None, "Delete", "Delete this entry?") is False


def test_confirm_defaults_to_no_so_enter_never_deletes(qtbot):
    _answer(lambda box: (box.defaultButton() or box.button(QMessageBox.StandardButton.No)).click())
    assert messages.confirm(None, "Delete", "Delete this entry?") is False


def test_choose_returns_the_key_of_the_pressed_button_or_none_for_cancel(qtbot):
    choices = (("this", "Only this session…"), ("series", "The whole series…"))
    seen = []

    def press(label):
        def do(box):
            seen.append((box.windowTitle(), box.text(), box.defaultButton().text()))
            next(b for b in box.buttons() if b.text() == label).click()
        return do

    _answer(press("The whole series…"))
    assert messages.choose(None, "Repeating item", "Change which?", choices) == "series"
    _answer(press("Only this session…"))
    assert messages.choose(None, "Repeating item", "Change which?", choices) == "this"
    _answer(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    assert messages.choose(None, "Repeating item", "Change which?", choices) is None
    assert seen[0] == ("Repeating item", "Change which?", "Only this session…")


def test_warn_and_inform_show_the_sentence_and_close(qtbot):
    shown = []

    def read(box):
        shown.append((box.windowTitle(), box.text(), box.icon()))
        box.accept()

    _answer(read)
    messages.warn(None, "Could not save", "The disk is full.")
    _answer(read)
    messages.inform(None, "Keep it", "It is used by 2 entries.")
    assert shown == [("Could not save", "The disk is full.", QMessageBox.Icon.Warning),
                     ("Keep it", "It is used by 2 entries.", QMessageBox.Icon.Information)]
