"""Undo commands that hold values (never widgets), and a plain undo stack for the CLI and tests.

A command's ``redo`` applies its "after" values through the session, ``undo`` its "before" values; each
is one transaction. The window wraps the same commands in a QUndoStack (g60desk/qt), so both stacks
behave alike: ``push`` runs ``redo`` once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Command(Protocol):
    """One undoable step: its text in the 撤销/重做 menus, and the two directions."""

    @property
    def text(self) -> str: ...

    def redo(self) -> None: ...

    def undo(self) -> None: ...


class UndoHistory(Protocol):
    """What the services and their callers use of an undo stack: this module's UndoStack for the CLI and
    tests, the window's UndoBridge over a QUndoStack (g60desk/qt/shell/undo_bridge.py)."""

    def push(self, command: Command) -> None: ...

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def can_undo(self) -> bool: ...

    def can_redo(self) -> bool: ...

    def last_done(self) -> Command | None: ...

    def index(self) -> int: ...

    def texts(self) -> list[str]: ...

    def clear(self) -> None: ...


@dataclass
class ValueCommand(Generic[T]):
    """Set something from ``before`` to ``after`` with one apply function."""

    text: str
    apply: Callable[[T], None]
    before: T
    after: T
    #: commands of one stint of typing in one field share a key (:meth:`EditCore.merging`): the stack keeps them
    #: as one step, from the value before the stint to the last one typed (None: never merged)
    merge_key: object = field(default=None, compare=False)

    def redo(self) -> None:
        self.apply(self.after)

    def undo(self) -> None:
        self.apply(self.before)

    def absorb(self, later: object) -> bool:
        """Take in ``later`` (already done) when both belong to the same stint of typing: this step then goes
        from its ``before`` to the later step's ``after``. False when they do not belong together."""
        if self.merge_key is None or not isinstance(later, ValueCommand) or later.merge_key != self.merge_key:
            return False
        self.after = later.after
        return True


@dataclass
class FunctionCommand:
    """A structural change given as a pair of functions (insert ↔ remove, move ↔ move back)."""

    text: str
    do: Callable[[], None]
    undo_fn: Callable[[], None]

    def redo(self) -> None:
        self.do()

    def undo(self) -> None:
        self.undo_fn()


class UndoStack:
    """The same contract as QUndoStack for what the services use: push runs redo; undo/redo move an index."""

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self._index = 0
        self.listeners: list[Callable[[], None]] = []

    def push(self, command: Command) -> None:
        command.redo()
        del self._commands[self._index:]
        top = self._commands[-1] if self._commands else None
        if isinstance(top, ValueCommand) and top.absorb(command):
            if top.before == top.after:   # typed back to what it was: no step at all
                self._commands.pop()
                self._index -= 1
            self._notify()
            return
        self._commands.append(command)
        self._index += 1
        self._notify()

    def can_undo(self) -> bool:
        return self._index > 0

    def last_done(self) -> Command | None:
        """The step 撤销 would undo (None when there is none)."""
        return self._commands[self._index - 1] if self._index > 0 else None

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo(self) -> None:
        if self.can_undo():
            self._index -= 1
            self._commands[self._index].undo()
            self._notify()

    def redo(self) -> None:
        if self.can_redo():
            self._commands[self._index].redo()
            self._index += 1
            self._notify()

    def texts(self) -> list[str]:
        return [c.text for c in self._commands]

    def index(self) -> int:
        return self._index

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self._notify()

    def _notify(self) -> None:
        for listener in self.listeners:
            listener()
