"""The 报送文件 (the copy that is emailed): VACUUM INTO a temp file beside the target, record the submission
in the copy's history, reopen it with the safe open, prove its data digest equals the source's, fsync,
atomic rename. The target is either the complete, verified copy or untouched — never half written.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..domain.limits import safe_line
from ..domain.model import HistoryEntry
from ..domain.serialize import digest
from . import Store, environment_kind, repository
from .errors import FileRefused, StorageError
from .outfile import fsync_dir, fsync_file, new_temp_beside, remove_temp, write_failed

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
    tmp = new_temp_beside(target, "报送文件")
    try:
        report(0, len(STEPS), STEPS[0])
        _vacuum_into(source, tmp, target)
        report(1, len(STEPS), STEPS[1])
        _record_in_copy(tmp, target, entry)
        report(2, len(STEPS), STEPS[2])
        _verify(tmp, target, entry)
        report(3, len(STEPS), STEPS[3])
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        remove_temp(tmp)
        raise write_failed(exc, target, "报送文件") from None
    except BaseException:
        remove_temp(tmp)
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
    with Store.open(path, wait=0) as store:
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


def _not_written(kind: str, target: Path, detail: str = "") -> StorageError:
    name = safe_line(target.name)
    if kind == "full":
        return StorageError(f"磁盘已满，报送文件“{name}”没有写出（原文件未改动）：请腾出磁盘空间，或把报送文件保存到"
                            "另一个磁盘后重试。", kind)
    if kind == "readonly":
        return StorageError(f"“{safe_line(str(target.parent))}”不能写入，报送文件“{name}”没有写出（原文件未改动）："
                            "请选择可写的文件夹。", kind)
    return StorageError(f"报送文件“{name}”没有写出（{detail}），原文件未改动：请重试。", kind)


def _vacuum_into(source: Store, tmp: Path, target: Path) -> None:
    conn = source.conn
    # VACUUM INTO attaches its target internally; the hardened connection allows no attachment at all.
    old = conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
    except sqlite3.Error as exc:
        raise _not_written(environment_kind(exc), target, str(exc)) from None
    finally:
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, old)


def _record_in_copy(tmp: Path, target: Path, entry: HistoryEntry) -> None:
    try:
        append_history_to_file(tmp, entry)
    except StorageError as exc:
        raise _not_written(exc.kind, target, exc.message.rstrip("。")) from None


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


