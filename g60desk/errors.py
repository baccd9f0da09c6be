"""The one base of every refusal a person sees: the window and the command line each handle it in one place.

A ``UserError`` is not a bug: a file that cannot be opened, a disk that is full, an entry that cannot be
read, a print job that cannot be done. ``message`` is one plain Chinese sentence saying what is wrong,
where, and what to do. No Qt and no imports here: every layer may raise it.
"""
from __future__ import annotations


class UserError(Exception):
    """A refusal to show as it is: ``message`` is one Chinese sentence."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
