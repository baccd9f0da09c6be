"""Helpers of the exchange tests: a file's data, and every kind of broken or hostile .g60 the foundation refuses."""
from __future__ import annotations

import random
import shutil
import sqlite3
import struct
from pathlib import Path

from g60desk.domain.serialize import digest
from g60desk.exchange.samples import sample_document
from g60desk.store import FORMAT_VERSION, Store

THIRD = "松江区第三测试局"
#: the department inside every hostile file: it must never show up in a bureau file
HOSTILE = "不应出现的恶意部门"


def load(path: Path):
    with Store.open(path, readonly=True) as store:
        return store.load()


def data_digest(path: Path) -> str:
    return digest(load(path))


# ---- broken and hostile files (the kinds tests/unit/store refuses one by one) ------------------------

def _hostile_base(folder: Path) -> Path:
    doc = sample_document("2026")
    doc.departments[0].name = HOSTILE
    base = folder / ".hostile-base.g60"
    if not base.exists():
        Store.create(base, doc).close()
    return base


def _bytes_with(good: Path, changes: dict[int, bytes]) -> bytes:
    data = bytearray(good.read_bytes())
    for offset, value in changes.items():
        data[offset:offset + len(value)] = value
    return bytes(data)


def _page_corrupted(good: Path) -> bytes:
    data = bytearray(good.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    for i in range(page * 2 + 8, page * 3):
        data[i] = 0xA5
    return bytes(data)


def _with_sql(good: Path, target: Path, sql: str) -> None:
    shutil.copyfile(good, target)
    conn = sqlite3.connect(target)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _wrong_application(target: Path) -> None:
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (HOSTILE,))
    conn.commit()
    conn.close()


#: kind → words its refusal says
HOSTILE_KINDS = {
    "empty": "空",
    "truncated": "不完整",
    "random": "不是 g60desk",
    "wrong application": "不是 g60desk",
    "newer version": "更新版本",
    "WAL flagged": "WAL",
    "page corrupted": "损坏",
    "trigger injected": "结构",
    "view injected": "结构",
    "directory": "文件夹",
    "missing": "找不到",
}


def make_hostile(folder: Path, kind: str) -> Path:
    """A file (or directory, or missing path) of ``kind`` in ``folder``."""
    good = _hostile_base(folder)
    target = folder / f"bad-{kind.replace(' ', '-')}.g60"
    if kind == "empty":
        target.write_bytes(b"")
    elif kind == "truncated":
        target.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "random":
        target.write_bytes(random.Random(7).randbytes(8192))
    elif kind == "wrong application":
        _wrong_application(target)
    elif kind == "newer version":
        target.write_bytes(_bytes_with(good, {60: struct.pack(">I", FORMAT_VERSION + 1)}))
    elif kind == "WAL flagged":
        target.write_bytes(_bytes_with(good, {18: b"\x02\x02"}))
    elif kind == "page corrupted":
        target.write_bytes(_page_corrupted(good))
    elif kind == "trigger injected":
        _with_sql(good, target, "CREATE TRIGGER evil AFTER INSERT ON history BEGIN DELETE FROM form; END")
    elif kind == "view injected":
        _with_sql(good, target, "CREATE VIEW evil AS SELECT * FROM form")
    elif kind == "directory":
        target.mkdir()
    elif kind != "missing":
        raise KeyError(kind)
    return target
