"""Undo commands: one QUndoCommand per applied edit.

The edit is applied *before* the command is pushed (so a refused edit never reaches
the stack); the first ``redo`` that QUndoStack.push makes is therefore skipped. Later
``redo`` re-applies the edit, ``undo`` asks the session to undo it (which also marks
its history entry undone and withdraws its notices). Nudges of one item merge into one
step. Every apply, undo and redo reports its Changes through ``host.changes_done``.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from planner.domain.errors import PlannerError

NUDGE_ID = 0x4E55


class EditCommand(QUndoCommand):
    """An edit already applied; ``changes`` is what the session returned."""

    def __init__(self, host, changes, text: str | None = None) -> None:
        super().__init__(text or changes.label)
        self.host = host
        self.changes = [changes]
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push: already applied
            self._pushed = True
            return
        session = self.host.session
        try:
            for k, c in enumerate(self.changes):
                self.changes[k] = session.apply(c.edit)
                self.host.changes_done(self.changes[k])
        except PlannerError as e:
            self.host.show_error(str(e))

    def undo(self) -> None:
        session = self.host.session
        try:
            for c in reversed(self.changes):
                self.host.changes_done(session.undo(c))
        except PlannerError as e:
            self.host.show_error(str(e))


class NudgeCommand(EditCommand):
    """Arrow-key nudges of one item: repeated nudges merge into one undo step."""

    def __init__(self, host, changes, item_id: str, text: str | None = None) -> None:
        super().__init__(host, changes, text)
        self.item_id = item_id

    def id(self) -> int:
        return NUDGE_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, NudgeCommand) or other.item_id != self.item_id:
            return False
        self.changes.extend(other.changes)
        return True
