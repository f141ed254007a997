"""Step-down readiness on the Progress page: this phase's targets beside the last four whole
weeks, weeks in the phase, self-check trends, days without use and the next phase, as the
counselor summary prints them. It describes what a treatment team may look at; it decides
nothing and says nothing like "ready" or "not ready"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.i18n import N_, _
from app.domain.wording import reword
from app.services.errors import StoreError
from app.services.readiness import INTRO, describe
from app.services.recovery import wording_for
from app.ui.style import heading, style_subtle_label
from app.ui.widgets.listening import ListensForChanges

if TYPE_CHECKING:
    from app.services.progress import ProgressService

EMPTY = N_("No program phase yet. Add your program and its phases (Schedule ▸ Program) with their weekly "
           "targets, and this panel sets the last four weeks beside them.")


class StepDownPanel(ListensForChanges, QFrame):
    """Rows of "what" and "how it stands", rebuilt when sessions, phases, self-checks or
    sobriety periods change (a few quick queries and four weeks of the schedule: ~10 ms)."""

    # A change of wording (days without use) is sent as a sobriety notice.
    refresh_kinds = frozenset({"attendance", "schedule", "phase", "program", "assessment", "sobriety"})

    def __init__(self, progress: ProgressService, parent: QWidget | None = None):
        super().__init__(parent)
        self.progress = progress
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Step-down readiness"))
        self.title = heading(_("Step-down readiness"), self, 1.1)
        self.intro = QLabel(i18n._(INTRO), self)
        self.intro.setWordWrap(True)
        style_subtle_label(self.intro)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[tuple[QLabel, QLabel]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        self.refresh()
        self.attach()

    def changes_source(self):
        return self.progress.records

    def refresh(self) -> None:
        try:
            readiness = self.progress.step_down()
        except StoreError as exc:
            self._show([("", exc.message)])
            return
        style = wording_for(self.progress.records)
        rows = [(reword(k, style), reword(v, style)) for k, v in describe(readiness, fmt.date)]
        if readiness.phase is None:
            rows[0] = (_("This phase"), i18n._(EMPTY))
        self._show(rows)

    def _show(self, rows: list[tuple[str, str]]) -> None:
        for key_label, value_label in self.rows:
            self.grid.removeWidget(key_label)
            self.grid.removeWidget(value_label)
            key_label.deleteLater()
            value_label.deleteLater()
        self.rows = []
        for i, (key, value) in enumerate(rows):
            k = QLabel(key, self)
            k.setTextFormat(Qt.TextFormat.PlainText)
            font = k.font()
            font.setBold(True)
            k.setFont(font)
            k.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            v = QLabel(value, self)
            v.setTextFormat(Qt.TextFormat.PlainText)
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.setAccessibleName(key or _("Step-down readiness"))
            v.setAccessibleDescription(value)
            self.grid.addWidget(k, i, 0)
            self.grid.addWidget(v, i, 1)
            self.rows.append((k, v))

    def text(self) -> str:
        """What the panel says, row by row (for tests and screen readers' summaries)."""
        return "\n".join(f"{k.text()}: {v.text()}" for k, v in self.rows)
