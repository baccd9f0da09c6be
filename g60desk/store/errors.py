"""Errors of the storage layer, kept apart: a refused file, an environment problem, a programming bug."""
from __future__ import annotations

from ..errors import UserError


class FileRefused(UserError):
    """A file that cannot be opened as a g60desk document. ``message`` is one plain Chinese sentence
    saying which file, why it cannot be opened and what to do."""



class StorageError(UserError):
    """The disk or the system refused an operation (full, read-only, locked). ``message`` is Chinese;
    ``kind`` is "full", "readonly", "locked" or "" (anything else)."""

    def __init__(self, message: str, kind: str = ""):
        super().__init__(message)
        self.kind = kind
