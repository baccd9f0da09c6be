"""The .g60 file: safe open, create, load, transactions. The only package that speaks SQL."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..domain.model import Document
from ..domain.validate import InvalidDocument, validate_document
from . import repository, tempfiles
from .errors import FileRefused, StorageError
from .lock import CLI_WAIT_SECONDS, UNKNOWN_HOLDER, FileLocked, Holder, WriterLock
from .migrations import migrate
from .outfile import apply_umask, check_target, fsync_dir, new_temp_beside, remove_temp, write_failed
from .recovery import (
    Recovery,
    announce,
    discard,
    has_journal,
    is_hot,
    journal_of,
    recover_in_place,
    refuse_strange_journal,
)
from .safe_open import WHAT_TO_DO, _name, _refusal_from_sqlite, connect_uri, harden, private_copy, read_header, validate
from .schema import APPLICATION_ID, FORMAT_VERSION, SCHEMAS, schema_statements

if TYPE_CHECKING:   # imported on first write only (Store.db)
    from sqlite_utils import Database

__all__ = ["Store", "FileRefused", "StorageError", "FileLocked", "FORMAT_VERSION", "APPLICATION_ID",
           "apply_umask", "LOCK_WAIT_SECONDS"]

#: how long an opening writer waits for another writer of the same file before it is refused
LOCK_WAIT_SECONDS = CLI_WAIT_SECONDS
_swept_private_folder = False


#: The rollback journal while a document is open for editing (docs/performance.md, "Commit durability"):
#: PERSIST with synchronous=FULL ends each commit by zeroing the journal's header and syncing it, so an
#: acknowledged edit survives a power cut — DELETE would need synchronous=EXTRA for that (it does not sync the
#: journal's unlink) and TRUNCATE syncs a change of size; both measured slower. The main file is complete after
#: every commit, as with DELETE (never WAL: DESIGN.md §5); the journal kept beside it while it is open (at most
#: JOURNAL_LIMIT bytes after a commit) is removed on close (journal_mode=DELETE again).
OPEN_JOURNAL_MODE = "PERSIST"
JOURNAL_LIMIT = 1024 * 1024


def _configure(conn: sqlite3.Connection, writable: bool) -> None:
    harden(conn, deadline_seconds=None)
    conn.execute("PRAGMA foreign_keys=ON")
    if writable:
        conn.execute(f"PRAGMA journal_mode={OPEN_JOURNAL_MODE}")
        conn.execute(f"PRAGMA journal_size_limit={JOURNAL_LIMIT}")
        conn.execute("PRAGMA synchronous=FULL")


def environment_kind(exc: sqlite3.Error) -> str:
    """"full", "readonly", "locked" or "" for an error SQLite reports about the disk or other programs."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")) or "full" in text or "disk i/o" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "readonly"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text or "busy" in text:
        return "locked"
    return ""


def _environment_error(exc: sqlite3.Error, path: Path) -> StorageError:
    kind = environment_kind(exc)
    name = f"“{path.name}”"
    if kind == "full":
        return StorageError(f"磁盘已满或无法写入，文件{name}的这次修改没有保存：请腾出磁盘空间后重试。", kind)
    if kind == "readonly":
        return StorageError(f"文件{name}是只读的，修改没有保存：请用“另存为”保存到可写的位置。", kind)
    if kind == "locked":
        return StorageError(f"文件{name}正被其他程序使用，修改没有保存：请稍后重试。", kind)
    return StorageError(f"保存文件{name}时出错（{exc}），修改没有保存。")


def _writable_place(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Store:
    """An open .g60 file. Every change goes through :meth:`transaction` and is on disk when it ends.

    A writable Store holds the document's writer lock (store/lock.py) until :meth:`close`; ``locked_by``
    names the other writer when the file was opened read-only because of it; ``recovery`` says what was
    done when the file's last save had been interrupted (store/recovery.py)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool, received: bool = False,
                 lock: WriterLock | None = None):
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.readonly = readonly
        self.received = received
        self.lock = lock
        self.locked_by: Holder | None = None
        self.recovery: Recovery | None = None
        self._private_copy: Path | None = None

    # ---- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, wait: float = LOCK_WAIT_SECONDS,
             if_locked: str = "refuse", _lock: WriterLock | None = None) -> Store:
        """Open a file of the user's own, after every check; migrate an older format (with a backup).

        Writing needs the document's writer lock: another writer holding it for longer than ``wait``
        seconds is either refused (``if_locked="refuse"``: FileLocked naming the holder) or the file opens
        read-only (``"readonly"``, the window's choice; ``locked_by`` names the holder). Falls back to
        read-only when the file or its folder cannot be written. A save interrupted by a crash is
        recovered first (after a backup), so the file opens as its last completed save left it."""
        path = Path(path)
        read_header(path, journal=has_journal(path))   # a pipe, a folder or a foreign file is refused first
        refuse_strange_journal(path)
        lock, holder = _lock, None
        writable = not readonly and _writable_place(path)
        try:
            if writable and lock is None:
                lock, holder = _take_lock(path, wait, if_locked)
                writable = lock is not None
            store = cls._open_checked(path, readonly=readonly, writable=writable, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store.locked_by = holder
        return store

    @classmethod
    def _open_checked(cls, path: Path, readonly: bool, writable: bool, lock: WriterLock | None) -> Store:
        if _writable_place(path):
            tempfiles.sweep(path.parent)
        recovery = _recover(path, lock) if has_journal(path) else None
        if has_journal(path) and is_hot(path):
            # cannot be rolled back in place (read-only media, or another program holds the file)
            store = cls._open_private(path, received=False)
            store.recovery = announce(Recovery(path, None))
            return store
        header = validate(path)
        if header.user_version < FORMAT_VERSION and not writable:
            return cls._open_upgraded_copy(path, header.user_version)
        if header.user_version < FORMAT_VERSION:
            migrate(path, header.user_version, lambda p: connect_uri(p, "rw"))
            validate(path)
        conn = connect_uri(path, "rw" if writable else "ro")
        _configure(conn, writable)
        if writable:
            _drop_dead_journal(conn, path)
        store = cls(conn, path, readonly=not writable, lock=lock)
        store.recovery = recovery
        return store

    @classmethod
    def _open_upgraded_copy(cls, path: Path, version: int) -> Store:
        """An older file opened read-only: upgrade a private copy and leave the original untouched."""
        copy = private_copy(path)
        backup = None
        try:
            backup = migrate(copy, version, lambda p: connect_uri(p, "rw"))
            validate(copy)
            conn = connect_uri(copy, "ro")
            _configure(conn, writable=False)
        except BaseException:
            discard(copy)
            raise
        finally:
            if backup is not None:
                backup.unlink(missing_ok=True)   # a backup of our own temporary copy is of no use
        store = cls(conn, path, readonly=True)
        store._private_copy = copy
        return store

    @classmethod
    def open_received(cls, path: str | Path) -> Store:
        """Open a file that came from elsewhere: a private copy (with its journal rolled back, so it reads
        as the sender last committed it), checked, read-only."""
        global _swept_private_folder
        if not _swept_private_folder:
            _swept_private_folder = True
            tempfiles.sweep_private_folder()
        return cls._open_private(Path(path), received=True)

    @classmethod
    def _open_private(cls, path: Path, received: bool) -> Store:
        copy = private_copy(path)
        try:
            header = validate(copy)
            if header.user_version < FORMAT_VERSION:
                backup = migrate(copy, header.user_version, lambda p: connect_uri(p, "rw"))
                if backup is not None:   # a backup of our own private copy is of no use
                    backup.unlink(missing_ok=True)
                validate(copy)
            conn = connect_uri(copy, "ro")
            _configure(conn, writable=False)
        except FileRefused as exc:
            discard(copy)
            # the refusal must name the file the person chose, not our private copy
            raise FileRefused(exc.message.replace(copy.name, path.name).replace(str(copy), str(path))) from None
        except BaseException:
            discard(copy)
            raise
        store = cls(conn, path, readonly=True, received=received)
        store._private_copy = copy
        return store

    @classmethod
    def create(cls, path: str | Path, doc: Document, overwrite: bool = False,
               wait: float = LOCK_WAIT_SECONDS) -> Store:
        """Write ``doc`` as a new .g60 file (built beside the target, then renamed into place) and open it.

        The target's writer lock is taken first: a file another writer has open is never replaced, and
        two creators of one file cannot both succeed. A symbolic link is replaced, never written through."""
        path = check_target(path, overwrite, "申报文件")
        lock = WriterLock(path)
        lock.acquire(wait)
        try:
            check_target(path, overwrite, "申报文件")   # again, now that nobody else can be creating it
            write_new_file(path, doc)
        except BaseException:
            lock.release()
            raise
        return cls.open(path, _lock=lock)

    # ---- using ------------------------------------------------------------------------------------
    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, made on first write: reading needs only ``conn``,
        and commands that only read (print, info, check) start faster without importing it."""
        if self._db is None:
            self._db = _sqlite_utils_database(self.conn)
        return self._db

    def submitted_copy(self) -> str | None:
        """The packed copy of the last submitted declaration kept in the file (domain/status.py), if any."""
        return repository.meta_value(self.conn, repository.SUBMITTED_COPY_KEY)

    def load(self) -> Document:
        """The whole document, read in one read transaction (a consistent picture even while another
        process commits), then validated: a file that is not sound is refused (FileRefused), never half
        read and never a crash."""
        name = _name(self.path)
        try:
            began = not self.conn.in_transaction
            if began:
                self.conn.execute("BEGIN")
            try:
                doc = repository.read_document(self)
            finally:
                if began and self.conn.in_transaction:
                    self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _refusal_from_sqlite(self.path, exc) from None
        except repository.CorruptFile as exc:
            raise FileRefused(f"文件{name}的内容无法读取（{exc}）：{WHAT_TO_DO}。") from None
        except (ValueError, KeyError, TypeError, IndexError, RecursionError, OverflowError) as exc:
            raise FileRefused(f"文件{name}的内容无法读取（{type(exc).__name__}）：{WHAT_TO_DO}。") from None
        try:
            validate_document(doc)
        except InvalidDocument as exc:
            raise FileRefused(f"文件{name}的内容不符合 g60desk 格式（{exc.message}）：{WHAT_TO_DO}。") from None
        return doc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One transaction; committed (and so on disk, synchronous=FULL) when the block ends."""
        if self.readonly:
            raise StorageError(f"文件“{self.path.name}”以只读方式打开，不能修改：请用“另存为”保存副本。")
        try:
            with self.db.atomic() as db:
                yield db
        except sqlite3.Error as exc:
            raise _environment_error(exc, self.path) from None

    def close(self) -> None:
        if not self.readonly:
            with contextlib.suppress(sqlite3.Error):   # back to DELETE: the kept journal goes with it
                self.conn.execute("PRAGMA journal_mode=DELETE")
        self.conn.close()
        if self._private_copy is not None:
            discard(self._private_copy)
            self._private_copy = None
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _sqlite_utils_database(conn: sqlite3.Connection) -> Database:
    import sqlite_utils
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def init_schema(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("BEGIN")
    for statement in schema_statements(SCHEMAS[FORMAT_VERSION]):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
    conn.execute("COMMIT")


def _take_lock(path: Path, wait: float, if_locked: str) -> tuple[WriterLock | None, Holder | None]:
    """(the lock, None) when taken; (None, holder) when another writer keeps it and ``if_locked`` allows
    reading instead; FileLocked otherwise. A folder where no lock file can be made gives (None, None)."""
    lock = WriterLock(path)
    try:
        lock.acquire(wait)
    except FileLocked as exc:
        if if_locked != "readonly":
            raise
        return None, exc.holder or UNKNOWN_HOLDER
    except StorageError:
        return None, None
    return lock, None


def _recover(path: Path, lock: WriterLock | None) -> Recovery | None:
    """Roll back the hot journal of the user's own file in place, under its writer lock (taken for the
    moment when this is a reader): a journal of a live writer's transaction is not hot and is left alone."""
    if not _writable_place(path):
        return None
    own = lock
    if own is None:
        own = WriterLock(path)
        try:
            if not own.try_acquire():
                return None
        except StorageError:
            return None
    try:
        return recover_in_place(path) if is_hot(path) else None
    finally:
        if own is not lock:
            own.release()


def _drop_dead_journal(conn: sqlite3.Connection, path: Path) -> None:
    """A journal left by a kill before its first page was written is not hot (SQLite ignores it) but
    stays beside the file. Under SQLite's own write lock nobody else can be writing, so it is removed."""
    journal = journal_of(path)
    if not os.path.lexists(journal):
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        return   # another program is writing: its journal is alive
    try:
        if os.path.lexists(journal) and not is_hot(path):
            journal.unlink()
    except OSError:
        pass
    finally:
        conn.execute("ROLLBACK")


def write_new_file(path: Path, doc: Document) -> None:
    """Create a complete .g60 at ``path`` atomically: temp file beside it, fsync, rename."""
    path = Path(path)
    tmp = new_temp_beside(path, "申报文件")
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            init_schema(conn)
            db = _sqlite_utils_database(conn)
            conn.execute("BEGIN")
            repository.write_document(db, doc)
            conn.execute("COMMIT")
        finally:
            conn.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except sqlite3.Error as exc:
        remove_temp(tmp)
        raise _environment_error(exc, path) from None
    except OSError as exc:
        remove_temp(tmp)
        raise write_failed(exc, path, "申报文件") from None
    except BaseException:
        remove_temp(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    fsync_dir(folder)
