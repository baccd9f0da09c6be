"""After a crash during a save: the rollback journal (``F.g60-journal``) is played back as SQLite intends.

A kill or power cut in the middle of a commit leaves the file half written and, beside it, the journal that
holds the pages as they were before. SQLite undoes the half transaction the moment the file is opened for
writing; a read-only connection cannot, and refuses the file. So:

- the user's own file: a backup copy of the file and its journal is made first (in the program's data
  folder, ``recovery/``), then the file is opened for writing once, which rolls the journal back; the file
  is then exactly as its last completed save left it, and nothing acknowledged is lost;
- a received file (or an own file on read-only media): the file and its journal are copied privately and
  the copy is rolled back — the result is what the sender last committed, never half a transaction.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.limits import FILE_BYTES
from ..paths import data_dir
from .errors import FileRefused, StorageError
from .outfile import os_reason
from .tempfiles import private_name

RECOVERY_FOLDER = "recovery"
#: recovery backups kept (file + journal each); older ones are removed
KEEP_BACKUPS = 20


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def has_journal(path: Path) -> bool:
    """A non-empty regular journal beside ``path`` (never opened, only looked at)."""
    try:
        info = os.lstat(journal_of(path))
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def refuse_strange_journal(path: Path) -> None:
    """SQLite would open ``F.g60-journal`` itself: a pipe, a folder or a link there must stop us first."""
    journal = journal_of(path)
    try:
        info = os.lstat(journal)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"文件“{path.name}”旁的“{journal.name}”不是普通文件（是链接、文件夹、管道或设备）："
                          "没有打开它；请移走它后再打开。")


def _uri(path: Path, mode: str) -> str:
    import urllib.parse
    return f"file:{urllib.parse.quote(str(path.resolve()))}?mode={mode}"


def is_hot(path: Path) -> bool:
    """True when SQLite itself says the journal beside ``path`` must be rolled back before reading (a
    journal of a transaction that a live writer is still doing is not hot)."""
    if not has_journal(path):
        return False
    try:
        conn = sqlite3.connect(_uri(path, "ro"), uri=True, isolation_level=None, timeout=2.0)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK"
    finally:
        conn.close()
    return False


def roll_back(path: Path) -> None:
    """Open ``path`` for writing once so that SQLite plays its hot journal back."""
    try:
        conn = sqlite3.connect(_uri(path, "rw"), uri=True, isolation_level=None, timeout=5.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"无法恢复文件“{path.name}”上次中断的保存（{exc}）：文件未改动。") from None
    if is_hot(path):
        raise StorageError(f"无法恢复文件“{path.name}”上次中断的保存：请关闭其他可能在使用它的程序后重试。")


@dataclass(frozen=True)
class Recovery:
    """What was done to a file whose last save had been interrupted."""

    path: Path
    backup: Path | None

    def message(self) -> str:
        if self.backup is None:
            return (f"文件“{self.path.name}”上次保存时程序被中断，而它所在的位置不能写入：现在显示的是最后一次"
                    "完整保存的内容（只读）；请把文件复制到可写的文件夹后再编辑。")
        return (f"文件“{self.path.name}”上次保存时程序被中断，已恢复到最后一次完整保存的内容"
                f"（中断的那一次修改没有保存）。恢复前的文件已备份在“{self.backup}”。")


#: told of every recovery (the command line prints a note, the window shows a message)
listeners: list[Callable[[Recovery], object]] = []


def announce(recovery: Recovery) -> Recovery:
    for listener in list(listeners):
        listener(recovery)
    return recovery


def recovery_folder() -> Path:
    return data_dir() / RECOVERY_FOLDER


def backup(path: Path) -> Path:
    """Copy the file and its journal as they are into the recovery folder; return the copy of the file."""
    folder = recovery_folder()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}_{path.name}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        shutil.copyfile(journal_of(path), journal_of(target))
    except OSError as exc:
        for leftover in (target, journal_of(target)):
            leftover.unlink(missing_ok=True)
        raise StorageError(f"恢复文件“{path.name}”前无法保存备份（{os_reason(exc)}）。") from None
    _prune(folder)
    return target


def _prune(folder: Path) -> None:
    try:
        files = sorted(p for p in folder.iterdir() if not p.name.endswith("-journal"))
    except OSError:
        return
    for old in files[:-KEEP_BACKUPS]:
        for leftover in (old, journal_of(old)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def recover_in_place(path: Path) -> Recovery:
    """Back up, then roll the journal of the user's own ``path`` back. The caller holds its writer lock."""
    copy = backup(path)
    roll_back(path)
    return announce(Recovery(path, copy))


def private_copy(path: Path, size_limit: int = FILE_BYTES) -> Path:
    """Copy ``path`` (and its journal, if any) to a private temp file; a journal is rolled back on the copy,
    so the copy holds what the file's writer last committed. The original is never opened by SQLite."""
    target = private_name()
    journal = journal_of(path)
    try:
        shutil.copyfile(path, target)
        if has_journal(path):
            if journal.stat().st_size > size_limit:
                raise FileRefused(f"文件“{path.name}”旁的日志文件“{journal.name}”太大，无法恢复："
                                  "请向发送方索取原文件。")
            shutil.copyfile(journal, journal_of(target))
    except OSError as exc:
        discard(target)
        raise StorageError(f"无法复制文件“{path.name}”到临时文件夹（{os_reason(exc)}）。") from None
    except BaseException:
        discard(target)
        raise
    if has_journal(target):
        try:
            roll_back(target)
        except StorageError:
            discard(target)
            raise FileRefused(f"文件“{path.name}”上次保存时被中断，旁边的日志文件“{journal.name}”无法恢复："
                              "请向发送方索取原文件，或用 g60desk 重新导出。") from None
    os.chmod(target, 0o600)
    return target


def discard(copy: Path) -> None:
    for leftover in (copy, journal_of(copy)):
        with contextlib.suppress(OSError):
            leftover.unlink()
