"""The .g60 file: safe open, create, load, transactions. The only package that speaks SQL."""
from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..domain.model import Document
from . import repository
from .errors import FileRefused, StorageError
from .migrations import migrate
from .safe_open import connect_uri, harden, private_copy, validate
from .schema import APPLICATION_ID, FORMAT_VERSION, SCHEMAS, schema_statements

if TYPE_CHECKING:   # imported on first write only (Store.db)
    from sqlite_utils import Database

__all__ = ["Store", "FileRefused", "StorageError", "FORMAT_VERSION", "APPLICATION_ID", "apply_umask"]


def _configure(conn: sqlite3.Connection, writable: bool) -> None:
    harden(conn, deadline_seconds=None)
    conn.execute("PRAGMA foreign_keys=ON")
    if writable:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")


def _environment_error(exc: sqlite3.Error, path: Path) -> StorageError:
    text = str(exc).lower()
    name = f"“{path.name}”"
    if "full" in text or "disk i/o" in text:
        return StorageError(f"磁盘已满或无法写入，文件{name}的这次修改没有保存：请腾出磁盘空间后重试。")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"文件{name}是只读的，修改没有保存：请用“另存为”保存到可写的位置。")
    if "locked" in text or "busy" in text:
        return StorageError(f"文件{name}正被其他程序使用，修改没有保存：请稍后重试。")
    return StorageError(f"保存文件{name}时出错（{exc}），修改没有保存。")


class Store:
    """An open .g60 file. Every change goes through :meth:`transaction` and is on disk when it ends."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool, received: bool = False):
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.readonly = readonly
        self.received = received
        self._private_copy: Path | None = None

    # ---- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Store:
        """Open a file of the user's own, after every check; migrate an older format (with a backup).

        Falls back to read-only when the file or its folder cannot be written."""
        path = Path(path)
        header = validate(path)
        writable = not readonly and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        if header.user_version < FORMAT_VERSION and not writable:
            return cls._open_upgraded_copy(path, header.user_version)
        if header.user_version < FORMAT_VERSION:
            migrate(path, header.user_version, lambda p: connect_uri(p, "rw"))
            validate(path)
        conn = connect_uri(path, "rw" if writable else "ro")
        _configure(conn, writable)
        return cls(conn, path, readonly=not writable)

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
            copy.unlink(missing_ok=True)
            raise
        finally:
            if backup is not None:
                backup.unlink(missing_ok=True)   # a backup of our own temporary copy is of no use
        store = cls(conn, path, readonly=True)
        store._private_copy = copy
        return store

    @classmethod
    def open_received(cls, path: str | Path) -> Store:
        """Open a file that came from elsewhere: a private copy, checked, read-only."""
        path = Path(path)
        copy = private_copy(path)
        try:
            validate(copy)
            conn = connect_uri(copy, "ro")
            _configure(conn, writable=False)
        except FileRefused as exc:
            copy.unlink(missing_ok=True)
            # the refusal must name the file the person chose, not our private copy
            raise FileRefused(exc.message.replace(copy.name, path.name).replace(str(copy), str(path))) from None
        except BaseException:
            copy.unlink(missing_ok=True)
            raise
        store = cls(conn, path, readonly=True, received=True)
        store._private_copy = copy
        return store

    @classmethod
    def create(cls, path: str | Path, doc: Document, overwrite: bool = False) -> Store:
        """Write ``doc`` as a new .g60 file (built beside the target, then renamed into place)."""
        path = Path(path)
        if path.exists() and (path.is_dir() or not overwrite):
            what = "文件夹" if path.is_dir() else "文件"
            raise FileRefused(f"“{path}”已存在（{what}），没有覆盖：请换一个文件名。")
        write_new_file(path, doc)
        return cls.open(path)

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
        return repository.read_document(self)

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
        self.conn.close()
        if self._private_copy is not None:
            self._private_copy.unlink(missing_ok=True)

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


def write_new_file(path: Path, doc: Document) -> None:
    """Create a complete .g60 at ``path`` atomically: temp file beside it, fsync, rename."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".g60.tmp", dir=path.parent or ".")
    except OSError as exc:
        raise StorageError(f"无法在“{path.parent}”中写文件（{exc.strerror}）：请选择可写的文件夹。") from None
    os.close(fd)
    tmp = Path(tmp_name)
    apply_umask(tmp)
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
        _fsync_dir(path.parent)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise _environment_error(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def apply_umask(path: Path) -> None:
    """mkstemp makes 0600 files; a document or an output (报送文件, Excel, 汇总) gets the user's usual
    permissions."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~mask)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; rename is durable there after the file's fsync
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
