"""Our own temporary files, named so that a later run can recognise them, and the sweep of the ones a killed
run left behind.

Every temporary file g60desk writes beside a target (a new document, a 报送文件, an Excel or PDF output) or
in the system's temp folder (the private copy of a received file) carries the computer and the process that
made it: ``.{name}.{host}-{pid}.{random}.g60tmp`` (and SQLite's ``-journal`` or our ``.lock`` after it).
A file of that shape is stale when its process is gone from this computer, or — made on another computer,
e.g. in a shared folder — when it is older than a day. Nothing else is ever removed.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import sys
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".g60tmp"
RECEIVED_PREFIX = "g60-received-"
#: a file made on another computer, or by an older g60desk, is only removed once it is this old
FOREIGN_STALE_SECONDS = 24 * 3600

_OURS = re.compile(r"\.(?P<host>[0-9a-f]{6})-(?P<pid>\d{1,10})\.[0-9a-z]{8}\.g60tmp(-journal|\.lock)?$")
_RECEIVED = re.compile(re.escape(RECEIVED_PREFIX)
                       + r"(?P<host>[0-9a-f]{6})-(?P<pid>\d{1,10})-[0-9a-z]{8}\.g60(-journal|\.lock)?$")
#: what g60desk before these names left: ".name-XXXXXXXX.g60.tmp" (documents, 报送文件)
_LEGACY = re.compile(r"^\..+-[a-z0-9_]{8}\.g60\.tmp(-journal|\.lock)?$")


def host_tag() -> str:
    try:
        host = socket.gethostname()
    except OSError:
        host = ""
    return hashlib.sha1(host.encode("utf-8", "replace")).hexdigest()[:6]


def _tag() -> str:
    return f"{host_tag()}-{os.getpid()}"


def _random() -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def temp_name_beside(target: Path) -> Path:
    """A fresh temporary name in ``target``'s folder (the file is not created)."""
    stem = target.name[:40]
    return target.with_name(f".{stem}.{_tag()}.{_random()}{TEMP_SUFFIX}")


def create_beside(target: Path) -> Path:
    """Create an empty temporary file beside ``target`` and return its path (OSError when the folder is
    not writable)."""
    for _ in range(100):
        tmp = temp_name_beside(target)
        try:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {target}")


def private_name() -> Path:
    """A fresh name for a private copy in the system's temp folder."""
    return Path(tempfile.gettempdir()) / f"{RECEIVED_PREFIX}{_tag()}-{_random()}.g60"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":   # pragma: no cover - os.kill(pid, 0) would terminate the process on Windows
        import ctypes
        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel.CloseHandle(handle)
        return code.value == 259   # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True   # exists, owned by someone else
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """True for one of our temporary files whose maker is gone (see the module's docstring)."""
    name = path.name
    match = _OURS.search(name) or (_RECEIVED.match(name) if name.startswith(RECEIVED_PREFIX) else None)
    now = time.time() if now is None else now
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    if match is None:
        return bool(_LEGACY.match(name)) and age > FOREIGN_STALE_SECONDS
    if match["host"] != host_tag():
        return age > FOREIGN_STALE_SECONDS
    return not _alive(int(match["pid"]))


def _stale_lock(path: Path) -> bool:
    """A writer lock file of a document that does not exist (a creation was killed before its rename),
    held by nobody: the lock is probed, never broken."""
    from .lock import WriterLock, read_holder
    if not path.name.endswith(".g60.lock"):
        return False
    document = path.with_name(path.name[: -len(".lock")])
    if os.path.lexists(document):
        return False   # reused, and removed, by the next writer of that document
    holder = read_holder(document)
    if holder is not None and holder.host and hashlib.sha1(holder.host.encode("utf-8", "replace")).hexdigest()[:6] \
            == host_tag() and _alive(holder.pid):
        return False
    probe = WriterLock(document)
    try:
        taken = probe.try_acquire()
    except Exception:   # noqa: BLE001 - an unusable lock file is left alone
        return False
    if taken:
        probe.release()   # removes the file
    return taken


def sweep(folder: Path) -> list[Path]:
    """Remove the stale temporary files of ours directly in ``folder``; return what was removed.
    Never raises: a folder that cannot be listed or a file that cannot be removed is left as it is."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if name.endswith(".g60.lock") and not name.endswith(TEMP_SUFFIX + ".lock"):
            path = Path(entry.path)
            if _stale_lock(path):
                removed.append(path)
            continue
        if not (name.endswith((TEMP_SUFFIX, TEMP_SUFFIX + "-journal", TEMP_SUFFIX + ".lock"))
                or name.startswith(RECEIVED_PREFIX) or _LEGACY.match(name)):
            continue
        path = Path(entry.path)
        try:
            if not entry.is_file(follow_symlinks=False) or not is_stale(path, now):
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def sweep_private_folder() -> list[Path]:
    """The stale private copies of received files in the system's temp folder."""
    return sweep(Path(tempfile.gettempdir()))
