"""Opening a .g60 file that may come from anywhere (email!) without trusting it.

Order of the measures: path → 100-byte header (magic, page size, WAL flag, truncation, application_id,
user_version) → a read-only connection with limits, ``trusted_schema=OFF``, ``cell_size_check=ON``, an
authorizer that lets nothing run inside a trigger or view, a progress-handler deadline → ``quick_check``
→ an exact schema whitelist. Only then is a read-write connection made. Nothing is created or changed
when any step refuses the file; every refusal is one plain Chinese sentence (``FileRefused``).
"""
from __future__ import annotations

import os
import sqlite3
import stat
import struct
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..domain import limits
from ..domain.limits import safe_line
from .errors import FileRefused
from .schema import APPLICATION_ID, FORMAT_VERSION, expected_master

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_FILE_BYTES = limits.FILE_BYTES
#: how long a reader waits for a writer's commit to finish (SQLite's busy timeout)
BUSY_SECONDS = 5.0
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
    return f"“{safe_line(path.name or str(path))}”"


def check_regular_file(path: Path, what: str = "g60desk 文件") -> int:
    """Refuse, without opening it, anything that is not a regular file (a folder, a named pipe, a device —
    reading a pipe would wait forever); return its size."""
    name = _name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(f"找不到文件{name}（{safe_line(str(path))}）：请检查路径是否正确。") from None
    except PermissionError:
        raise FileRefused(f"没有权限读取文件{name}：请检查文件权限，或把文件复制到自己的文件夹再打开。") from None
    except OSError as exc:
        raise FileRefused(f"无法读取文件{name}（{exc.strerror}）：请检查磁盘或把文件复制到本机后再打开。") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"{name}是一个文件夹，不是 {what}：请选择其中的文件。")
    if not stat.S_ISREG(info.st_mode):
        kind = "命名管道" if stat.S_ISFIFO(info.st_mode) else ("套接字" if stat.S_ISSOCK(info.st_mode) else "设备")
        raise FileRefused(f"{name}是一个{kind}，不是 {what}：没有打开它，请选择普通文件。")
    return info.st_size


def read_start(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of a regular file, opened so that a pipe swapped in meanwhile cannot block."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused(f"{_name(path)}不是普通文件：没有打开它，请选择普通文件。")
        chunks, left = [], count
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_header(path: Path, journal: bool = False) -> Header:
    """Check the path and the 100-byte SQLite header; refuse anything that is not a healthy .g60.

    ``journal``: a journal lies beside the file. A save killed while it wrote the pages of a growing file
    leaves page 1 (with the new page count) written and the last pages not yet: the file is shorter than its
    header says until the journal is rolled back. The size is then checked after the rollback (``validate``)."""
    name = _name(path)
    size = check_regular_file(path)
    try:
        raw = read_start(path, 100) if size else b""
    except PermissionError:
        raise FileRefused(f"没有权限读取文件{name}：请检查文件权限，或把文件复制到自己的文件夹再打开。") from None
    except OSError as exc:
        raise FileRefused(f"无法读取文件{name}（{exc.strerror}）：请检查磁盘或把文件复制到本机后再打开。") from None
    if size == 0:
        raise FileRefused(f"文件{name}是空的（0 字节），不是 g60desk 文件：{WHAT_TO_DO}。")
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"文件{name}有 {limits.megabytes(size)}，超过 g60desk 文件的上限 "
                          f"{limits.megabytes(MAX_FILE_BYTES)}：请确认选择的是申报文件。")
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
    if size % page_size or (page_count and size < page_count * page_size and not journal):
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
    """Open an existing file only (``mode=ro`` or ``rw``): plain connect would create an empty one.
    A reader waits up to BUSY_SECONDS for a writer's commit in another process."""
    quoted = urllib.parse.quote(str(path.resolve()))
    uri = f"file:{quoted}?mode={mode}" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)


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
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        return FileRefused(f"文件{name}上次保存时被中断，需要先恢复，但它所在的位置不能写入：请把文件和旁边的"
                           f"“{safe_line(path.name)}-journal”一起复制到可写的文件夹后再打开。")
    if "too big" in text:
        return FileRefused(f"文件{name}含有超过 g60desk 上限的超长内容：为安全起见不予打开，{WHAT_TO_DO}。")
    if "interrupted" in text:
        return FileRefused(f"文件{name}检查超时，可能含有恶意构造的内容：为安全起见不予打开，{WHAT_TO_DO}。")
    if "not authorized" in text:
        return FileRefused(f"文件{name}含有会自动执行的触发器或视图：为安全起见不予打开，{WHAT_TO_DO}。")
    if "locked" in text or "busy" in text:
        return FileRefused(f"文件{name}正被其他程序使用：请关闭其他程序后再打开。")
    return FileRefused(f"文件{name}已损坏，无法读取：{WHAT_TO_DO}。")


def validate(path: Path) -> Header:
    """Every check, read-only, on the file itself; returns its header. Changes nothing.

    Not ``immutable``: another process of ours may be committing to the file right now, and only a
    reader that takes SQLite's locks is sure to see its last commit and not half of the next one."""
    header = read_header(path)
    try:
        conn = connect_uri(path, "ro")
    except sqlite3.Error as exc:
        raise _refusal_from_sqlite(path, exc) from None
    try:
        harden(conn)
        verify_contents(conn, path, header.user_version)
        check_sizes(conn, path)
    except sqlite3.Error as exc:
        raise _refusal_from_sqlite(path, exc) from None
    finally:
        conn.close()
    return header


_ROW_LIMITS = (
    ("department", limits.DEPARTMENTS_PER_FILE, "部门", "个"),
    ("node", limits.NODES_PER_FILE, "项目和子项目", "个"),
    ("indicator", limits.INDICATORS_PER_FILE, "绩效指标", "行"),
    ("budget_line", limits.LINES_PER_FILE, "预算明细", "条"),
    ("acknowledgement", limits.ACKNOWLEDGEMENTS_PER_FILE, "已确认的警告", "条"),
    ("history", limits.HISTORY_PER_FILE, "历史记录", "条"),
    ("template", limits.TEMPLATES_PER_FILE, "携带的模板", "个"),
)
#: TEXT columns that may hold more than one text of limits.TEXT_CHARS: a template's definition, and the fields a
#: template adds to a form, an indicator or a budget line (one JSON object; each field and the whole 申报 are
#: checked on the loaded document by validate_document)
_TEXT_LIMITS = {
    ("template", "text"): (limits.TEMPLATE_CHARS, "携带的模板"),
    ("form", "extra"): (limits.FORM_TEXT_CHARS, "模板字段"),
    ("indicator", "extra"): (limits.FORM_TEXT_CHARS, "模板字段"),
    ("budget_line", "extra"): (limits.FORM_TEXT_CHARS, "模板字段"),
}


def check_sizes(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, by counting in SQL, a file beyond the limits of domain/limits.py before it is loaded: a file
    with a million rows or a 100 MB text must not fill the memory first. (The exact per-申报 limits are
    checked on the loaded document by validate_document.)"""
    name = _name(path)
    # (the schema has been checked against the whitelist already: an older format has no template table)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table, limit, what, unit in _ROW_LIMITS:
        if table not in tables:
            continue
        found = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT {limit + 1})").fetchone()[0]
        if found > limit:
            raise FileRefused(f"文件{name}的{what}超过上限 {limit:,} {unit}：不予打开，{WHAT_TO_DO}。")
    # every TEXT column of every table
    for table in tables:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if str(r[2]).upper() == "TEXT"]
        if not columns:
            continue
        longest = ", ".join(f'max(length("{c}"))' for c in columns)
        row = conn.execute(f'SELECT {longest} FROM "{table}"').fetchone()
        for column, found in zip(columns, row):
            limit, what = _TEXT_LIMITS.get((table, column), (limits.TEXT_CHARS, "一段文字"))
            if (found or 0) > limit:
                raise FileRefused(f"文件{name}中有{what}长达 {found:,} 个字符，超过上限 {limit:,}："
                                  f"不予打开，{WHAT_TO_DO}。")


def private_copy(path: Path) -> Path:
    """Copy a received file (with its journal, rolled back on the copy) to a private temp file; the
    original is never opened by SQLite."""
    from .recovery import has_journal
    from .recovery import private_copy as copy_with_journal
    read_header(path, journal=has_journal(path))
    return copy_with_journal(path)
