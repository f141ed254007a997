"""Undo and redo of the records a person adds, edits and deletes in the window.

One `UndoHistory` per window; pages push a command *after* the change has been saved
(the form saves through the service itself), so a command's first `redo()` — the one
`QUndoStack.push` makes — does nothing. Every later undo or redo first checks that the
record is still as the command left it; if not (it was changed elsewhere, or a record it
refers to is gone) nothing is written, `failed` carries one sentence, and the command
drops out of the history (`setObsolete`), so the stack never claims a state the file
does not have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from app.domain.errors import SteadyError
from app.domain.i18n import N_, _

if TYPE_CHECKING:
    # The window makes its history before the first paint, so this module imports only Qt;
    # the record types load with the first command.
    from app.domain.records import Record
    from app.services.records import CalendarLink, RecordService

UNDO_LIMIT = 200


def undo_shortcut_text() -> str:
    """How the Undo shortcut reads on this platform ("Ctrl+Z")."""
    text = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
    return text or "Ctrl+Z"


def redo_shortcuts() -> list[QKeySequence]:
    """Ctrl+Shift+Z everywhere, then the platform's Redo keys (Ctrl+Y…), each once: an
    action listing one sequence twice makes it ambiguous and then it never fires."""
    out = [QKeySequence("Ctrl+Shift+Z")]
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        if key not in out:
            out.append(key)
    return out


class UndoHistory(QUndoStack):
    """The window's undo stack. Give it to every page; put its `createUndoAction` /
    `createRedoAction` in the Edit menu."""

    # One sentence after each undo or redo, for the status bar.
    message = Signal(str)
    # One sentence when an undo or redo could not be done (also sent as `message`).
    failed = Signal(str)
    # (kind name, record id) of the record an undo or redo put back or changed.
    applied = Signal(str, str)

    def __init__(self, parent: QObject | None = None, limit: int = UNDO_LIMIT):
        super().__init__(parent)
        self.setUndoLimit(limit)

    def make_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Edit ▸ Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, and the platform's own keys), whose
        text names the step ("Undo delete coping entry") and which are disabled when
        there is nothing to undo or redo."""
        undo = self.createUndoAction(parent, _("&Undo"))
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.createRedoAction(parent, _("&Redo"))
        redo.setShortcuts(redo_shortcuts())
        return undo, redo

    def record_added(self, service: RecordService, record: Record) -> None:
        self.push(AddRecordCommand(service, record))

    def record_edited(self, service: RecordService, old: Record, new: Record) -> None:
        if old != new:
            self.push(EditRecordCommand(service, old, new))

    def record_deleted(self, service: RecordService, record: Record,
                       dependents: Sequence[Record | CalendarLink] = ()) -> None:
        self.push(DeleteRecordCommand(service, record, dependents))

    def push(self, command: QUndoCommand) -> None:
        if isinstance(command, RecordCommand):
            command.history = self
        super().push(command)


def _clause(message: str) -> str:
    """A sentence as the second half of another ("This entry…" -> "this entry…")."""
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


class _Refused(SteadyError):
    """A step that cannot be undone or redone any more (the record changed meanwhile)."""


class RecordCommand(QUndoCommand):
    """A change already made to one record; undo and redo go through the service."""

    verb = ""  # the step with a {thing} in it ("Add {thing}"), marked with N_() for translation

    def __init__(self, service: RecordService, record: Record):
        super().__init__()
        from app.services.kinds import kind_of

        self.service = service
        self.kind = kind_of(record)
        self.record_id = record.id
        self.noun = self.kind.singular
        self.history: UndoHistory | None = None
        # The change happened before push(); push's own call of redo() must not repeat it.
        self._pushed = False
        label = _(self.verb).format(thing=self.noun)
        # Before "\n": the text a history list shows; after: what follows "Undo" in a menu.
        self.setText(f"{label}\n{label[0].lower()}{label[1:]}")

    # --- QUndoCommand ------------------------------------------------------------------------

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._run("redo", self.do_redo)

    def undo(self) -> None:
        self._run("undo", self.do_undo)

    # --- what subclasses do -------------------------------------------------------------------

    def do_undo(self) -> None:
        raise NotImplementedError

    def do_redo(self) -> None:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------

    def _run(self, word: str, action: Callable[[], None]) -> None:
        from app.services.errors import StoreError, ValidationError

        history = self.history
        try:
            action()
        except (_Refused, ValidationError, StoreError) as exc:
            # Nothing was written; take this step out of the history so the stack stays true.
            self.setObsolete(True)
            sentence = _("Could not undo “{step}”: {reason}") if word == "undo" else \
                _("Could not redo “{step}”: {reason}")
            text = sentence.format(step=self.actionText(), reason=_clause(exc.message))
            if not text.endswith((".", "!", "?")):
                text += "."
            if history is not None:
                history.failed.emit(text)
                history.message.emit(text)
            return
        if history is not None:
            done = _("Undid: {step}.") if word == "undo" else _("Redid: {step}.")
            history.message.emit(done.format(step=self.actionText()))
            history.applied.emit(self.kind.name, self.record_id)

    def current(self) -> Record | None:
        return self.service.get(self.kind, self.record_id)

    def expect(self, record: Record) -> None:
        """Refuse unless the stored record is exactly `record`."""
        now = self.current()
        if now is None:
            raise _Refused(_("the {thing} is no longer there.").format(thing=self.noun))
        if now != record:
            raise _Refused(_("the {thing} was changed since, so it was left as it is.").format(thing=self.noun))

    def expect_gone(self) -> None:
        if self.current() is not None:
            raise _Refused(_("the {thing} is already there.").format(thing=self.noun))


class AddRecordCommand(RecordCommand):
    """Undo deletes the added record; redo adds it again with the same id."""

    verb = N_("Add {thing}")

    def __init__(self, service: RecordService, record: Record):
        super().__init__(service, record)
        self.record = record

    def do_undo(self) -> None:
        self.expect(self.record)
        self.service.delete(self.record)

    def do_redo(self) -> None:
        self.expect_gone()
        self.service.add(self.record)


class EditRecordCommand(RecordCommand):
    """Undo writes the record as it was before the edit; redo writes the edit again."""

    verb = N_("Edit {thing}")

    def __init__(self, service: RecordService, old: Record, new: Record):
        super().__init__(service, new)
        self.old = old
        self.new = new

    def do_undo(self) -> None:
        self.expect(self.new)
        self.service.update(self.old)

    def do_redo(self) -> None:
        self.expect(self.old)
        self.service.update(self.new)


class DeleteRecordCommand(RecordCommand):
    """Undo puts back the exact record, with its id, and the records the file deleted with
    it (a goal's milestones…); redo deletes it again."""

    verb = N_("Delete {thing}")

    def __init__(self, service: RecordService, record: Record, dependents: Sequence[Record | CalendarLink] = ()):
        super().__init__(service, record)
        self.record = record
        self.dependents = tuple(dependents)

    def do_undo(self) -> None:
        self.expect_gone()
        # References (a skill, a meeting) must still exist; one check-in a day, and so on.
        self.service.check(self.record, is_new=True)
        self.service.restore_all((self.record, *self.dependents))

    def do_redo(self) -> None:
        self.expect(self.record)
        dependents = self.service.dependents(self.record)
        self.service.delete(self.record)
        self.dependents = tuple(dependents)
