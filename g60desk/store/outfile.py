"""Writing an output file (a document, a 报送文件, JSON, Excel, PDF) the one safe way.

- The target is checked first: not a folder, not a pipe or device, its folder exists; an existing file is
  replaced only when asked (``--force``, or the save dialog's own confirmation); a symbolic link is never
  written through — with ``--force`` the link itself is replaced by the new file.
- The content goes to a temporary file beside the target (tempfiles.py names it), is flushed to disk
  (``fsync``), and is renamed over the target; the folder is synced too. A failure removes the temporary
  file and leaves the target as it was: the output is whole or absent, never half written.
- A full disk, a read-only disk or a missing permission is said in one plain sentence.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from ..domain.limits import safe_line
from .errors import FileRefused, StorageError
from .tempfiles import create_beside, sweep

_OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超过了磁盘或系统允许的大小",
    errno.EROFS: "磁盘是只读的",
    errno.EACCES: "没有写入权限，或文件正被其他程序打开",
    errno.EPERM: "没有写入权限，或文件正被其他程序打开",
    errno.ENOENT: "文件夹不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名太长",
}
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def os_reason(exc: OSError) -> str:
    """Why the system refused, in plain Chinese."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_failed(exc: OSError, out: Path, what: str = "文件") -> StorageError:
    name = safe_line(Path(out).name)
    if exc.errno in DISK_FULL_ERRNOS:
        return StorageError(f"{os_reason(exc)}，{what}“{name}”没有写出（原有的同名文件未改动）：请腾出磁盘空间后重试。")
    if exc.errno == errno.EROFS:
        return StorageError(f"磁盘是只读的，{what}“{name}”没有写出：请保存到可写的文件夹。")
    return StorageError(f"无法写出{what}“{name}”（{os_reason(exc)}）：请换一个文件夹或文件名后重试。")


def check_target(out: str | Path, force: bool = False, what: str = "文件") -> Path:
    """Refuse a target that must not be written; return it as a Path. ``force`` allows replacing an
    existing regular file or a symbolic link (the link, not what it points to)."""
    out = Path(out)
    name = safe_line(str(out))
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FileRefused(f"无法检查输出位置“{name}”（{os_reason(exc)}）。") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused(f"“{name}”已存在，是一个文件夹，没有覆盖：请给出{what}的文件名。")
        if stat.S_ISLNK(info.st_mode):
            if not force:
                raise FileRefused(f"“{name}”是一个快捷链接（符号链接），没有写入它指向的文件：请换一个文件名，"
                                  "或加 --force 用新文件替换这个链接。")
        elif not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"“{name}”不是普通文件（是管道或设备），不能作为{what}写入：请换一个文件名。")
        elif not force:
            raise FileRefused(f"“{name}”已存在，没有覆盖：请换一个文件名，或加 --force 覆盖。")
    parent = out.parent
    if not parent.is_dir():
        raise FileRefused(f"无法写出{what}“{safe_line(out.name)}”：文件夹不存在（{safe_line(str(parent))}），"
                          "请选择已有的文件夹。")
    return out


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; rename is durable there after the file's fsync
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def apply_umask(path: Path) -> None:
    """Temporary files are made 0600; an output gets the user's usual permissions."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~mask)


def new_temp_beside(out: Path, what: str = "文件") -> Path:
    """An empty temporary file beside ``out`` (stale ones of ours there are swept first)."""
    sweep(out.parent)
    try:
        tmp = create_beside(out)
    except OSError as exc:
        raise write_failed(exc, out, what) from None
    apply_umask(tmp)
    return tmp


def remove_temp(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + ".lock")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def write_atomically(out: str | Path, save: Callable[[Path], None], force: bool = False,
                     what: str = "文件") -> Path:
    """Check ``out``, call ``save(temp_path)``, fsync, rename onto ``out``. OS errors become one plain
    StorageError; the target is untouched by any failure."""
    out = check_target(out, force, what)
    tmp = new_temp_beside(out, what)
    try:
        save(tmp)
        fsync_file(tmp)
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        remove_temp(tmp)
        raise write_failed(exc, out, what) from None
    except BaseException:
        remove_temp(tmp)
        raise
    return out
