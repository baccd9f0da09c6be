"""The services' undo commands on a QUndoStack: Ctrl+Z/Ctrl+Y, the history view and the services share one stack.

A service command already holds values and does one transaction per redo/undo (g60desk/services/undo.py);
here it is only wrapped. The first redo runs before the push, outside Qt, so a refused or failed edit
raises to the editor that made it and never reaches the stack.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...errors import UserError
from ...services.undo import Command, ValueCommand

UNDO_LIMIT = 500
#: QUndoCommand.id of a step that may merge with the next (the keys themselves decide in mergeWith)
MERGING_ID = 1


class ServiceCommand(QUndoCommand):
    """One service command as a QUndoCommand; failures in undo/redo are reported, never raised into Qt."""

    def __init__(self, command: Command, bridge: UndoBridge):
        super().__init__(command.text)
        self.command = command
        self._bridge = bridge
        self._already_done = True  # push() ran the first redo itself

    def id(self) -> int:
        """Steps of one stint of typing (a merge key) may merge; others never (-1)."""
        return MERGING_ID if getattr(self.command, "merge_key", None) is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        command = self.command
        if not (isinstance(other, ServiceCommand) and isinstance(command, ValueCommand)
                and command.absorb(other.command)):
            return False
        if command.before == command.after:   # typed back to what it was: no step at all
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._bridge._run(self.command.redo, "重做")

    def undo(self) -> None:
        self._bridge._run(self.command.undo, "撤销")


class UndoBridge(QObject):
    """What Session expects of an undo stack (``push`` runs redo), backed by a QUndoStack."""

    #: a step that could not be undone or redone (disk full, read-only): the message for the clerk
    failed = Signal(str)

    def __init__(self, stack: QUndoStack | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.stack = stack if stack is not None else QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._broken = False

    def push(self, command: Command) -> None:
        command.redo()
        self.stack.push(ServiceCommand(command, self))

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def clear(self) -> None:
        self.stack.clear()

    # the rest of services.undo.UndoStack's interface, so code and tests work with either stack
    def index(self) -> int:
        return self.stack.index()

    def can_undo(self) -> bool:
        return self.stack.canUndo()

    def can_redo(self) -> bool:
        return self.stack.canRedo()

    def last_done(self) -> Command | None:
        step = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        return step.command if isinstance(step, ServiceCommand) else None

    def texts(self) -> list[str]:
        return [self.stack.text(i) for i in range(self.stack.count())]

    def _run(self, step, what: str) -> None:
        if self._broken:
            return
        try:
            step()
        except UserError as exc:
            self._fail(f"{what}没有完成：{exc.message}")
        except Exception as exc:  # noqa: BLE001 - a bug must not escape into Qt's C++ frames
            self._fail(f"{what}没有完成（{type(exc).__name__}: {exc}）。")
            raise

    def _fail(self, message: str) -> None:
        # The file still holds the state before the failed step, but the stack's index has moved:
        # the history no longer matches the file, so it is dropped (after Qt finishes this step).
        self._broken = True
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, self._reset_after_failure)
        self.failed.emit(message + "撤销历史已清空，文件中的内容不受影响。")

    def _reset_after_failure(self) -> None:
        self.stack.clear()
        self._broken = False
