"""Writing an output file so that a failure never leaves half of it: temp file beside it, then rename."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..store import StorageError, apply_umask


def save_atomically(out: Path, save: Callable[[str], None], what: str = "", holder: str = "其他程序") -> Path:
    """Call ``save(temp_path)`` and move the result onto ``out``; OS errors become one Chinese StorageError
    naming the file (``what`` e.g. "Excel 文件"; ``holder`` the program that may keep it open)."""
    out = Path(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
        os.close(fd)
        apply_umask(Path(tmp))
        try:
            save(tmp)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(f"无法写入{what}“{out.name}”（{exc.strerror}）：如果它正在{holder}中打开，请先关闭；"
                           "或换一个文件夹。") from None
    return out
