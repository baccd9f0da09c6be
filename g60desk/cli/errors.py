"""Exit statuses and the one place where a refusal becomes one Chinese line on stderr."""
from __future__ import annotations

import sys
from typing import Any, Callable

from ..exchange.jsonio import JsonRefused
from ..services.files import FileRefused, InvalidDocument, StorageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A refusal to report as one line on stderr with exit status 2."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


REFUSALS = (FileRefused, StorageError, JsonRefused, InvalidDocument, CliError)


def say(message: str, status: int = EXIT_USAGE) -> int:
    """Print ``g60desk：message`` on stderr and return ``status``."""
    print(f"g60desk：{message}", file=sys.stderr)
    return status


def guarded(func: Callable[[Any], int], args: Any) -> int:
    """Run a verb; a refusal is one Chinese line on stderr and exit status 2, never a traceback."""
    try:
        return func(args)
    except REFUSALS as exc:
        return say(exc.message)
