"""Warnings, notes and questions in a box: the one way the window tells or asks something.

Every box the window shows goes through the functions here, so the wording stays calm and
consistent and tests have one seam to patch: call them as `messages.warn(...)` (never
`from app.ui.messages import warn`), and a test replaces the one it expects with
`monkeypatch.setattr(messages, "warn", ...)`. A test that does not expect a box and gets one
blocks on it, which is how a surprise box shows up.

Things that belong next to a field (a validation message in a form) are not boxes: forms show
those under the field. These are for what has no field to sit under.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget


def warn(parent: QWidget | None, title: str, message: str) -> None:
    """Something did not happen (could not save, could not import): one sentence, what to do."""
    QMessageBox.warning(parent, title, message)


def inform(parent: QWidget | None, title: str, message: str) -> None:
    """A calm note that needs no decision (why a session cannot be deleted)."""
    QMessageBox.information(parent, title, message)


def error(parent: QWidget | None, title: str, message: str) -> None:
    """Steady itself cannot go on (the data file cannot be opened at start-up)."""
    QMessageBox.critical(parent, title, message)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; No is the default, so Enter never deletes or replaces anything."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose(parent: QWidget | None, title: str, text: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """A question with several answers, given as (key, button label) pairs; the first is the
    default and a Cancel button is always added. The chosen key, or None for Cancel."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    buttons = {}
    for key, label in choices:
        buttons[key] = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    if choices:
        box.setDefaultButton(buttons[choices[0][0]])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if clicked is button), None)


__all__ = ["choose", "confirm", "error", "inform", "warn"]
