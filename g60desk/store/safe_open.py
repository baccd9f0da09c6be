"""Opening a .g60 file that may come from anywhere (email!) without trusting it.

Order of the measures: path → 100-byte header (magic, page size, WAL flag, truncation, application_id,
user_version) → a read-only connection with limits, ``trusted_schema=OFF``, ``cell_size_check=ON``, an
authorizer that lets nothing run inside a trigger or view, a progress-handler deadline → ``quick_check``
→ an exact schema whitelist. Only then is a read-write connection made. Nothing is created or changed
when any step refuses the file; every refusal is one plain Chinese sentence (``FileRefused``).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .errors import FileRefused, StorageError
from .schema import APPLICATION_ID, FORMAT_VERSION, expected_master

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_FILE_BYTES = 512 * 1024 * 1024
OPEN_DEADLINE_SECONDS = 20.0
WHAT_TO_DO = "请向发送方索取原文件，或用 g60desk 重新导出"

_LIMITS = (
    (sqlite3.SQLITE_LIMIT_LENGTH, 16 * 1024 * 1024),
    (sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024),
    (sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 200),
    (sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 50),
    (sqlite3.SQLITE_LIMIT_ATTACHED, 0),
    (sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 16),   # foreign-key cascades count as trigger depth
    (sqlite3.SQLITE_LIMIT_COLUMN, 200),
)


@dataclass(frozen=True)
class Header:
    page_size: int
    write_version: int
    read_version: int
    page_count: int
    user_version: int
    application_id: int


def _name(path: Path) -> str:
    return f"“{path.name or path}”"


def read_header(path: Path) -> Header:
    """Check the path and the 100-byte SQLite header; refuse anything that is not a healthy .g60."""
    name = _name(path)
    if not path.exists():
        raise FileRefused(f"找不到文件{name}（{path}）：请检查路径是否正确。")
    if path.is_dir():
        raise FileRefused(f"{name}是一个文件夹，不是 g60desk 文件：请选择其中的 .g60 文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            raw = handle.read(100)
    except PermissionError:
        raise FileRefused(f"没有权限读取文件{name}：请检查文件权限，或把文件复制到自己的文件夹再打开。") from None
    except OSError as exc:
        raise FileRefused(f"无法读取文件{name}（{exc.strerror}）：请检查磁盘或把文件复制到本机后再打开。") from None
    if size == 0:
        raise FileRefused(f"文件{name}是空的（0 字节），不是 g60desk 文件：{WHAT_TO_DO}。")
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"文件{name}有 {size // (1024 * 1024)} MB，超过 g60desk 文件的上限 "
                          f"{MAX_FILE_BYTES // (1024 * 1024)} MB：请确认选择的是申报文件。")
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        raise FileRefused(f"文件{name}不是 g60desk 文件（不是 SQLite 数据库）：{WHAT_TO_DO}。")
    page_size = struct.unpack(">H", raw[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    write_version, read_version = raw[18], raw[19]
    page_count, = struct.unpack(">I", raw[28:32])
    user_version, = struct.unpack(">I", raw[60:64])
    application_id, = struct.unpack(">I", raw[68:72])
    if page_size < 512 or page_size & (page_size - 1):
        raise FileRefused(f"文件{name}已损坏（文件头的页大小 {page_size} 无效）：{WHAT_TO_DO}。")
    if write_version == 2 or read_version == 2:
        raise FileRefused(f"文件{name}处于 WAL 日志模式，单独复制或邮寄的这种文件可能缺少数据："
                          "请在原电脑上用 g60desk“导出报送文件”后再发送。")
    if write_version != 1 or read_version != 1:
        raise FileRefused(f"文件{name}的格式标记无法识别（{write_version}/{read_version}）：{WHAT_TO_DO}。")
    if application_id != APPLICATION_ID:
        raise FileRefused(f"文件{name}是 SQLite 数据库，但不是 g60desk 申报文件：请选择扩展名为 .g60 的申报文件。")
    if size % page_size or (page_count and size < page_count * page_size):
        raise FileRefused(f"文件{name}不完整（{size} 字节，应为 {page_count * page_size} 字节），"
                          f"可能在复制或邮寄时被截断：{WHAT_TO_DO}。")
    if user_version > FORMAT_VERSION:
        raise FileRefused(f"文件{name}由更新版本的 g60desk 保存（文件格式 {user_version}，本程序支持到 "
                          f"{FORMAT_VERSION}）：请升级 g60desk 后再打开。")
    if user_version == 0:
        raise FileRefused(f"文件{name}没有 g60desk 格式版本，不是完整的申报文件：{WHAT_TO_DO}。")
    return Header(page_size, write_version, read_version, page_count, user_version, application_id)


def _deny_inside_trigger_or_view(action: int, arg1: str | None, arg2: str | None, dbname: str | None,
                                  source: str | None) -> int:
    # ``source`` names the innermost trigger or view; our own SQL never runs inside one.
    return sqlite3.SQLITE_DENY if source is not None else sqlite3.SQLITE_OK


def harden(conn: sqlite3.Connection, deadline_seconds: float | None = OPEN_DEADLINE_SECONDS) -> None:
    """Limits, untrusted schema off, cell size checks, the authorizer and (optionally) a deadline."""
    for limit, value in _LIMITS:
        conn.setlimit(limit, value)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.set_authorizer(_deny_inside_trigger_or_view)
    if deadline_seconds is None:
        conn.set_progress_handler(None, 0)
    else:
        deadline = time.monotonic() + deadline_seconds
        conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10_000)


def connect_uri(path: Path, mode: str, immutable: bool = False) -> sqlite3.Connection:
    """Open an existing file only (``mode=ro`` or ``rw``): plain connect would create an empty one."""
    quoted = urllib.parse.quote(str(path.resolve()))
    uri = f"file:{quoted}?mode={mode}" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def verify_contents(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """quick_check and the exact schema whitelist, on an already hardened connection."""
    name = _name(path)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise FileRefused(f"文件{name}已损坏（数据库完整性检查未通过）：{WHAT_TO_DO}。")
        rows = frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _refusal_from_sqlite(path, exc) from None
    if app_id != APPLICATION_ID:
        raise FileRefused(f"文件{name}不是 g60desk 申报文件：请选择扩展名为 .g60 的申报文件。")
    expected = expected_master(version)
    if rows != expected:
        extra = sorted(f"{r[0]} {r[1]}" for r in rows - expected)
        missing = sorted(f"{r[0]} {r[1]}" for r in expected - rows)
        detail = []
        if extra:
            detail.append("多出 " + "、".join(extra[:5]))
        if missing:
            detail.append("缺少或被改动 " + "、".join(missing[:5]))
        raise FileRefused(f"文件{name}的结构与 g60desk 格式 {version} 不符（{'；'.join(detail)}），"
                          f"可能被其他程序改动过：为安全起见不予打开，{WHAT_TO_DO}。")


def _refusal_from_sqlite(path: Path, exc: sqlite3.Error) -> FileRefused:
    name = _name(path)
    text = str(exc).lower()
    if "interrupted" in text:
        return FileRefused(f"文件{name}检查超时，可能含有恶意构造的内容：为安全起见不予打开，{WHAT_TO_DO}。")
    if "not authorized" in text:
        return FileRefused(f"文件{name}含有会自动执行的触发器或视图：为安全起见不予打开，{WHAT_TO_DO}。")
    if "locked" in text or "busy" in text:
        return FileRefused(f"文件{name}正被其他程序使用：请关闭其他程序后再打开。")
    return FileRefused(f"文件{name}已损坏，无法读取：{WHAT_TO_DO}。")


def validate(path: Path) -> Header:
    """Every check, read-only, on the file itself; returns its header. Changes nothing."""
    header = read_header(path)
    journal = path.with_name(path.name + "-journal")
    try:
        conn = connect_uri(path, "ro", immutable=not journal.exists())
    except sqlite3.Error as exc:
        raise _refusal_from_sqlite(path, exc) from None
    try:
        harden(conn)
        verify_contents(conn, path, header.user_version)
    except sqlite3.Error as exc:
        raise _refusal_from_sqlite(path, exc) from None
    finally:
        conn.close()
    return header


def private_copy(path: Path) -> Path:
    """Copy a received file to a private temp file (the original is never opened by SQLite)."""
    read_header(path)
    fd, tmp = tempfile.mkstemp(prefix="g60-received-", suffix=".g60")
    os.close(fd)
    try:
        shutil.copyfile(path, tmp)
    except OSError as exc:
        os.unlink(tmp)
        raise StorageError(f"无法复制文件{_name(path)}到临时文件夹（{exc.strerror}）。") from None
    return Path(tmp)
