"""The 报送文件 (the copy that is emailed): VACUUM INTO a temp file beside the target, record the submission
in the copy's history, reopen it with the safe open, prove its data digest equals the source's, fsync,
atomic rename. The target is either the complete, verified copy or untouched — never half written.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..domain.model import HistoryEntry
from ..domain.serialize import digest
from . import Store, _environment_error, _fsync_dir, apply_umask, repository
from .errors import FileRefused, StorageError

#: progress(step, total, what) — what is a short Chinese phrase for a progress dialog
Progress = Callable[[int, int, str], None]
STEPS = ("复制数据", "写入报送记录", "重新打开并核对校验码", "写入磁盘", "完成")


def _no_progress(step: int, total: int, what: str) -> None:
    pass


def write_submission_copy(source: Store, target: Path, entry: HistoryEntry,
                          progress: Progress | None = None) -> str:
    """Write the verified copy of ``source`` to ``target`` with ``entry`` added to its history.

    ``entry.digest`` must be the source's data digest; the copy is refused (and removed) unless its own
    data digest is the same. Returns the digest. ``target`` may exist (it is replaced atomically)."""
    report = progress or _no_progress
    target = Path(target)
    _refuse_bad_target(source, target)
    tmp = _temp_beside(target)
    try:
        report(0, len(STEPS), STEPS[0])
        _vacuum_into(source, tmp)
        report(1, len(STEPS), STEPS[1])
        append_history_to_file(tmp, entry)
        report(2, len(STEPS), STEPS[2])
        _verify(tmp, target, entry)
        report(3, len(STEPS), STEPS[3])
        _fsync_file(tmp)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        _remove(tmp)
        raise
    report(4, len(STEPS), STEPS[4])
    return entry.digest


def append_history(store: Store, entry: HistoryEntry) -> None:
    """Add one history entry to an open, writable file (one transaction; the data digest is unchanged)."""
    with store.transaction() as db:
        repository.insert_history(db, entry)


def record_submission(store: Store, entry: HistoryEntry, submitted_copy: str) -> None:
    """The submission in the source file: its history entry and the copy of what was sent, in one transaction."""
    with store.transaction() as db:
        repository.insert_history(db, entry)
        repository.set_meta(db, repository.SUBMITTED_COPY_KEY, submitted_copy)


def append_history_to_file(path: Path, entry: HistoryEntry) -> None:
    with Store.open(path) as store:
        if store.readonly:
            raise StorageError(f"无法写入“{path.name}”：文件或文件夹是只读的，请选择可写的文件夹。")
        append_history(store, entry)


# ---- steps --------------------------------------------------------------------------------------------

def _refuse_bad_target(source: Store, target: Path) -> None:
    if target.is_dir():
        raise FileRefused(f"“{target}”是一个文件夹：请在保存对话框中填写文件名。")
    if not target.parent.is_dir():
        raise FileRefused(f"文件夹“{target.parent}”不存在：请选择已有的文件夹。")
    if target.exists() and target.resolve() == Path(source.path).resolve():
        raise FileRefused(f"报送文件不能覆盖正在编辑的原文件“{target.name}”：请换一个文件名。")


def _temp_beside(target: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".g60.tmp", dir=target.parent)
    except OSError as exc:
        raise StorageError(f"无法在“{target.parent}”中写文件（{exc.strerror}）：请选择可写的文件夹。") from None
    os.close(fd)
    apply_umask(Path(name))
    return Path(name)   # empty: VACUUM INTO accepts an empty file as its target


def _vacuum_into(source: Store, tmp: Path) -> None:
    conn = source.conn
    # VACUUM INTO attaches its target internally; the hardened connection allows no attachment at all.
    old = conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
    except sqlite3.Error as exc:
        raise _environment_error(exc, tmp) from None
    finally:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, old)


def _verify(tmp: Path, target: Path, entry: HistoryEntry) -> None:
    """Reopen the copy as any received file is opened, and compare its data digest and its history."""
    try:
        with Store.open(tmp, readonly=True) as copy:
            doc = copy.load()
    except FileRefused as exc:
        raise StorageError(f"写出的报送文件“{target.name}”未通过检查（{exc.message}），没有保存：请重试。") from None
    found = digest(doc)
    if found != entry.digest:
        raise StorageError(f"写出的报送文件“{target.name}”的校验码（{found[:16]}）与原文件（{entry.digest[:16]}）"
                           "不一致，没有保存：请重试，若仍不一致请检查磁盘。")
    if not doc.history or doc.history[-1] != entry:
        raise StorageError(f"写出的报送文件“{target.name}”缺少报送记录，没有保存：请重试。")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _remove(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)
