"""Forward-only migrations: one function per step, each in one transaction, after a backup copy."""
from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .errors import StorageError
from .schema import FORMAT_VERSION, V2_STATEMENTS, V3_STATEMENTS, schema_statements


def _to_format_2(conn: sqlite3.Connection) -> None:
    """Format 1 → 2: columns for the clerk's own wording of budget lines, all at their defaults, so the
    data — and its 校验码 — stay what they were; the forms keep the format-1 wording ('legacy')."""
    for statement in schema_statements(V2_STATEMENTS):
        conn.execute(statement)


def _to_format_3(conn: sqlite3.Connection) -> None:
    """Format 2 → 3: the indexes on ``budget_line.parent_id`` and ``node.parent_id``; no row changes, so the
    校验码 stays what it was."""
    for statement in schema_statements(V3_STATEMENTS):
        conn.execute(statement)


#: MIGRATIONS[n] turns a format-n file into a format-(n+1) file. Format 1 is the first format.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _to_format_2, 2: _to_format_3}


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.stem}.格式{version}备份{path.suffix}")


def migrate(path: Path, from_version: int, connect: Callable[[Path], sqlite3.Connection]) -> Path | None:
    """Bring the file at ``path`` up to FORMAT_VERSION; return the backup made, or None if current."""
    if from_version >= FORMAT_VERSION:
        return None
    backup = backup_path(path, from_version)
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise StorageError(f"升级文件格式前无法保存备份“{backup.name}”（{exc.strerror}）：文件未改动。") from None
    try:
        conn = connect(path)
        try:
            for version in range(from_version, FORMAT_VERSION):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    MIGRATIONS[version](conn)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError(f"升级文件“{path.name}”的格式时出错（{exc}）："
                           f"文件保持原样，备份在“{backup.name}”。") from None
    return backup
