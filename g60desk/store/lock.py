"""The one writer lock of a document: ``F.g60.lock`` beside it, held by whoever may change ``F.g60``.

Every writer takes it — the window, the command-line verbs that write (a submission's history record, a
merge into the bureau file, ``--force`` over an existing file) and scripts through the services — so two
writers never work on one file at once (each would keep its own picture of the document and overwrite
the other's acknowledged edits). The lock file names its holder (computer, user, process, since when) so a
refusal can say who has the file. The lock itself is the operating system's: ``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows. The system drops it when the process ends, however it ends, so a lock left
by a killed program is taken over on the next open — there is no "stale" guess by age.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import StorageError

if sys.platform == "win32":   # pragma: no cover - exercised on Windows only
    import msvcrt

    # a byte far beyond the holder's note: Windows locks are mandatory, a locked byte cannot be read
    _LOCK_OFFSET = 1 << 30

    def _try_os_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _os_unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_os_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:   # e.g. a file system without locks: say so rather than pretend
            raise StorageError(f"无法给文件加锁（{exc.strerror}）：请把文件复制到本机硬盘后再编辑。") from None
        return True

    def _os_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

LOCK_SUFFIX = ".lock"
#: how long a command-line writer waits for another writer to finish before it gives up
CLI_WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.05


def lock_path(document: str | Path) -> Path:
    document = Path(document)
    return document.with_name(document.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its lock file says."""

    host: str
    user: str
    pid: int
    since: str
    program: str = "g60desk"

    def describe(self) -> str:
        """"电脑“PC-01”上用户 zhang 的 g60desk（进程 1234，自 2026-03-01 09:30 起）"."""
        from ..domain.limits import safe_line
        if not self.host:
            return "另一个程序"
        who = f"用户 {safe_line(self.user)} 的 " if self.user else ""
        since = f"，自 {safe_line(self.since[:16].replace('T', ' '))} 起" if self.since else ""
        return f"电脑“{safe_line(self.host)}”上{who}{safe_line(self.program)}（进程 {self.pid}{since}）"


UNKNOWN_HOLDER = Holder(host="", user="", pid=0, since="")


class FileLocked(StorageError):
    """Another writer holds the document; ``holder`` names it when its lock file says who it is."""

    def __init__(self, document: Path, holder: Holder | None, waited: float = 0.0):
        who = holder.describe() if holder else "另一个程序"
        waited_text = f"等待 {waited:.0f} 秒后" if waited >= 1 else ""
        super().__init__(f"文件“{Path(document).name}”正在被{who}修改，{waited_text}仍未释放，为免两处修改互相覆盖，"
                         "这次没有写入：请关闭那边的 g60desk 窗口或等它完成后重试。")
        self.document = Path(document)
        self.holder = holder


def _host() -> str:
    try:
        return socket.gethostname() or "?"
    except OSError:
        return "?"


def _user() -> str:
    for name in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return ""


def read_holder(document: str | Path) -> Holder | None:
    """The holder written in the lock file of ``document``, or None (no file, or unreadable)."""
    try:
        with open(lock_path(document), "rb") as handle:
            raw = handle.read(4096)
        data = json.loads(raw.decode("utf-8"))
        return Holder(host=str(data["host"])[:100], user=str(data.get("user", ""))[:100],
                      pid=int(data["pid"]), since=str(data.get("since", ""))[:40],
                      program=str(data.get("program", "g60desk"))[:40])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class WriterLock:
    """The writer lock of one document, held by this process from :meth:`acquire` to :meth:`release`."""

    def __init__(self, document: str | Path):
        self.document = Path(document)
        self.path = lock_path(self.document)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it. False when another writer does; StorageError when the lock
        file cannot be made (a read-only folder: nobody can write the document there anyway)."""
        if self._fd is not None:
            return True
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
            except OSError as exc:
                raise StorageError(f"无法在“{self.path.parent}”中建立锁文件（{exc.strerror}）。") from None
            try:
                if not _try_os_lock(fd):
                    os.close(fd)
                    return False
                if self._still_the_lock_file(fd):
                    break
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)   # the holder before us removed the file we locked: lock the new one
        self._fd = fd
        self._write_holder()
        return True

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait`` seconds for another writer; FileLocked when it stays held."""
        deadline = time.monotonic() + wait
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                raise FileLocked(self.document, read_holder(self.document), wait)
            time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if os.name == "nt":   # pragma: no cover - an open file cannot be removed on Windows
            try:
                _os_unlock(fd)
            finally:
                os.close(fd)
            _unlink_quietly(self.path)   # fails while another process has it open: it is taken over then
            return
        _unlink_quietly(self.path)   # while still locked: whoever opened it before retries on the new file
        try:
            _os_unlock(fd)
        finally:
            os.close(fd)

    def _still_the_lock_file(self, fd: int) -> bool:
        if os.name == "nt":   # an open file cannot be removed on Windows: it is always still the one
            return True
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def _write_holder(self) -> None:
        note = json.dumps({"program": "g60desk", "host": _host(), "user": _user(), "pid": os.getpid(),
                           "since": datetime.now().isoformat(timespec="seconds")}, ensure_ascii=False)
        fd = self._fd
        if fd is None:
            return
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, note.encode("utf-8"))
        except OSError:
            pass   # the note only names the holder; the OS lock is what counts

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:   # a Store dropped without close() must not keep others out
        with contextlib.suppress(Exception):   # nothing can be reported from a finaliser
            self.release()


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def is_held(document: str | Path) -> bool:
    """True when another writer (another window, PC or process) holds ``document``."""
    if not lock_path(document).exists():
        return False
    probe = WriterLock(document)
    try:
        taken = probe.try_acquire()
    except StorageError:
        return False
    if taken:
        probe.release()
    return not taken
