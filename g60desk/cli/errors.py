"""Exit statuses and the one place where a refusal becomes one Chinese line on stderr."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from ..errors import UserError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(UserError):
    """A refusal of the command line itself, reported like every other: one line, exit status 2."""


def say(message: str, status: int = EXIT_USAGE) -> int:
    """Print ``g60desk：message`` on stderr and return ``status``."""
    print(f"g60desk：{message}", file=sys.stderr)
    return status


def guarded(func: Callable[[Any], int], args: Any) -> int:
    """Run a verb; a refusal (any UserError) is one Chinese line on stderr and exit status 2, never a traceback."""
    try:
        return func(args)
    except UserError as exc:
        return say(exc.message)
