"""What a records table shows instead of rows: nothing yet (`EmptyState`: what the list is
for and how to start it), or nothing that matches (`NoMatchState`: why, and a way back)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.i18n import _
from app.services.kinds import Kind
from app.ui.style import scaled_font


def _centre_text_and_button(layout: QVBoxLayout, text: QLabel, button: QPushButton) -> None:
    """The one arrangement both states share: the words centred, the button centred under
    them, a little above the middle of the table."""
    for widget in (text, button):
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        if widget is text:
            layout.addSpacing(12)
    layout.addStretch(2)


class EmptyState(QWidget):
    """What a table shows before it has rows: what the list is for, and how to start it."""

    def say(self, hint: str, button: str) -> None:
        """Other words for a table that lists part of a kind (meeting attendance only, say)."""
        self.hint.setText(hint)
        self.hint.setAccessibleName(hint)
        self.hint.setFixedWidth(min(480, self.hint.fontMetrics().horizontalAdvance(hint) + 24))
        self.button.setText(button)
        self.button.setAccessibleName(button)

    def __init__(self, kind: Kind, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        hint = kind.empty_hint
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setFont(scaled_font(self.hint, 1.1))
        # Word-wrapped labels otherwise shrink to a narrow column; this reads as two or three lines.
        self.hint.setFixedWidth(min(480, self.hint.fontMetrics().horizontalAdvance(hint) + 24))
        self.hint.setAccessibleName(hint)
        self.button = QPushButton(_("Add your first {thing}").format(thing=kind.singular), self)
        self.button.setAccessibleName(self.button.text())
        self.button.setDefault(False)
        _centre_text_and_button(layout, self.hint, self.button)


class NoMatchState(QWidget):
    """What the table shows when the search or the dates leave no rows: why, and a way back."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setFont(scaled_font(self.label, 1.1))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(_("Clear search"), self)
        _centre_text_and_button(layout, self.label, self.button)

    def set_text(self, text: str, button: str) -> None:
        # Word-wrapped labels otherwise shrink to a narrow column.
        self.label.setFixedWidth(min(520, self.label.fontMetrics().horizontalAdvance(text) + 24))
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.button.setText(button)
        self.button.setAccessibleName(button)
