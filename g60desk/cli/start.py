"""``g60desk [FILE | VERB ...]``: the window or a verb, chosen before anything heavy is imported.

``g60desk FILE`` (a double-click) and ``g60desk`` alone open the window at once; argparse and the verbs'
modules are loaded only when the first argument is a verb or an option. An argument that is neither a
verb nor an existing file is refused with one line (the nearest verb, or that the file does not exist)
instead of opening a window that then waits.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import console
from .errors import guarded, say

#: every verb, in the order of ``g60desk --help``; tests/cli/test_cli_main.py keeps it equal to parser.py's verbs
VERBS = ("sample", "new", "info", "next-year", "changes", "export-json", "import-json", "check", "print", "submit",
         "merge",
         "consolidate", "xlsx")


def main(argv: list[str] | None = None) -> int:
    console.setup()     # output that survives any code page and a closed pipe (g60desk/console.py)
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in VERBS and not argv[0].startswith("-"):
        problem = not_a_file(argv[0])
        if problem:
            return say(problem)
    if not argv or argv[0] not in VERBS and not argv[0].startswith("-"):
        return open_window(argv[0] if argv else None)
    from .parser import run_verb
    return run_verb(argv)


def open_window(file: str | None) -> int:
    from ..qt.shell.app import run  # Qt only when a window is wanted
    return guarded(run, file)


def not_a_file(word: str) -> str | None:
    """Why ``g60desk WORD`` cannot open a window on WORD, or None when WORD is a file."""
    path = Path(word)
    if path.is_file():
        return None
    if path.is_dir():
        return f"“{word}”是一个文件夹，不是 g60desk 文件：请给出其中的 .g60 文件，或运行 g60desk --help 查看命令。"
    import difflib
    if not path.suffix and len(path.parts) == 1:
        near = difflib.get_close_matches(word.lower(), VERBS, n=1)
        if near:
            return (f"没有“{word}”这个命令，也没有这个文件：是不是要用“g60desk {near[0]}”？"
                    "运行 g60desk --help 查看用法。")
        return f"没有“{word}”这个命令，也没有这个文件。命令有：{'、'.join(VERBS)}。"
    return f"找不到文件“{word}”（{path.absolute()}）：请检查路径是否正确。"


if __name__ == "__main__":
    sys.exit(main())
