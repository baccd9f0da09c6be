"""Writing an output file so that a failure never leaves half of it: see store/outfile.py (the one way
every output is written — temp file beside it, fsync, rename, no symlink followed)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..store.outfile import write_atomically


def save_atomically(out: Path, save: Callable[[str], None], what: str = "", holder: str = "其他程序",
                    force: bool = True) -> Path:
    """Call ``save(temp_path)`` and move the result onto ``out``; OS errors become one Chinese StorageError
    naming the file (``what`` e.g. "Excel 文件"). ``force`` False refuses to replace an existing file (the
    command line without --force); the window's save dialogs have asked already."""
    return write_atomically(out, lambda tmp: save(str(tmp)), force=force, what=what.strip() or "文件")
