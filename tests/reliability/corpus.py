"""The hostile corpus: every kind of damaged, oversized or strange input the reliability suite feeds to
every verb. Each maker writes one input into a folder and returns its path; nothing here is random
(``random.Random`` with fixed seeds), so a failure names the same file every run."""
from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from g60desk.domain import limits
from g60desk.exchange.samples import sample_document
from g60desk.store import FORMAT_VERSION, Store

#: the department inside every hostile .g60: it must never show up in a bureau file
HOSTILE = "不应出现的恶意部门"


def base_file(folder: Path) -> Path:
    """A sound 2026 sample whose department is HOSTILE, built once per folder."""
    base = folder / ".base.g60"
    if not base.exists():
        doc = sample_document("2026")
        doc.departments[0].name = HOSTILE
        Store.create(base, doc).close()
    return base


def _sql(folder: Path, target: Path, *statements: str, params: tuple = ()) -> None:
    shutil.copyfile(base_file(folder), target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys=OFF")   # what a hostile writer does
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    conn.commit()
    conn.close()


def _bytes(folder: Path, target: Path, changes: dict[int, bytes]) -> None:
    data = bytearray(base_file(folder).read_bytes())
    for offset, value in changes.items():
        data[offset:offset + len(value)] = value
    target.write_bytes(bytes(data))


def _page_corrupted(folder: Path, target: Path) -> None:
    data = bytearray(base_file(folder).read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    for i in range(page * 2 + 8, page * 3):
        data[i] = 0xA5
    target.write_bytes(bytes(data))


def _many_indicators(folder: Path, target: Path, count: int) -> None:
    shutil.copyfile(base_file(folder), target)
    conn = sqlite3.connect(target)
    node = conn.execute("SELECT min(node_id) FROM form").fetchone()[0]
    conn.executemany("INSERT INTO indicator (node_id, position, level1, level2, name, unit, text) "
                     "VALUES (?, ?, '产出指标', '数量指标', ?, '', '完成')",
                     ((node, 1000 + i, f"指标{i}") for i in range(count)))
    conn.commit()
    conn.close()


def _node_chain(folder: Path, target: Path, depth: int) -> None:
    shutil.copyfile(base_file(folder), target)
    conn = sqlite3.connect(target)
    parent = conn.execute("SELECT min(id) FROM node WHERE parent_id IS NULL").fetchone()[0]
    dept = conn.execute("SELECT department_id FROM node WHERE id = ?", (parent,)).fetchone()[0]
    for i in range(depth):
        parent = conn.execute("INSERT INTO node (department_id, parent_id, position, kind, name) "
                              "VALUES (?, ?, 0, 'sub_project', ?)", (dept, parent, f"深{i}")).lastrowid
    conn.commit()
    conn.close()


def _special(kind: str) -> Callable[[Path, Path], None]:
    def make(folder: Path, target: Path) -> None:
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "device":
            target.symlink_to("/dev/zero")
        elif kind == "fifo link":
            pipe = folder / ".pipe-behind-a-link"
            if not pipe.exists():
                os.mkfifo(pipe)
            target.symlink_to(pipe)
        elif kind == "directory":
            target.mkdir()
    return make


#: kind → maker(folder, target). The kinds the issue names come first.
G60_KINDS: dict[str, Callable[[Path, Path], None]] = {
    "bad date string": lambda f, t: _sql(f, t, "UPDATE form SET planned_start = '明年春天' WHERE rowid = "
                                               "(SELECT min(rowid) FROM form)"),
    "empty metadata": lambda f, t: _sql(f, t, "UPDATE meta SET value = '' WHERE key = 'budget_year'"),
    "missing metadata": lambda f, t: _sql(f, t, "DELETE FROM meta WHERE key = 'template'"),
    "non-numeric metadata": lambda f, t: _sql(f, t, "UPDATE meta SET value = '二〇二六' WHERE key = 'budget_year'"),
    "orphan indicator": lambda f, t: _sql(f, t, "INSERT INTO indicator (node_id, position, level1, level2, name, "
                                                "unit, text) VALUES (99999, 0, '产出指标', '数量指标', '孤儿', '', "
                                                "'')"),
    "orphan node": lambda f, t: _sql(f, t, "UPDATE node SET department_id = 777 WHERE id = (SELECT max(id) FROM node)"),
    "orphan budget line": lambda f, t: _sql(f, t, "INSERT INTO budget_line (group_id, position, label) "
                                                  "VALUES (4242, 0, '孤儿')"),
    "node loop": lambda f, t: _sql(f, t, "UPDATE node SET parent_id = id WHERE id = (SELECT max(id) FROM node)"),
    "unknown template": lambda f, t: _sql(f, t, "UPDATE form SET template = '火星2099'"),
    "unknown file template": lambda f, t: _sql(f, t, "UPDATE meta SET value = '火星2099' WHERE key = 'template'"),
    "deep nesting": lambda f, t: _node_chain(f, t, 40),
    "very deep nesting": lambda f, t: _node_chain(f, t, 3000),
    "100 MB text": lambda f, t: _sql(f, t, "UPDATE section SET text = ? WHERE rowid = (SELECT min(rowid) FROM section)",
                                     params=("长" * (100 * 1024 * 1024 // 3),)),
    "900,000-character label": lambda f, t: _sql(f, t, "UPDATE node SET name = ? WHERE id = (SELECT max(id) FROM node)",
                                                 params=("标" * 900_000,)),
    "name with a line break": lambda f, t: _sql(f, t, "UPDATE department SET name = ?",
                                                params=("伪造\n[已导入] 假部门",)),
    "name with a bidi override": lambda f, t: _sql(f, t, "UPDATE department SET name = ?",
                                                   params=("部门\u202egpj.exe",)),
    "too many indicators in a form": lambda f, t: _many_indicators(f, t, limits.INDICATORS_PER_FORM + 1),
    "too many indicator rows in a file": lambda f, t: _many_indicators(f, t, limits.INDICATORS_PER_FILE + 1),
    "money out of range": lambda f, t: _sql(f, t, "UPDATE form SET annual_request_fen = 9000000000000000000"),
    "not UTF-8": lambda f, t: _sql(f, t, "UPDATE department SET overview = CAST(x'c3283a80ff' AS TEXT)"),
    "sections missing": lambda f, t: _sql(f, t, "DELETE FROM section WHERE rowid = (SELECT min(rowid) FROM section)"),
    "empty": lambda f, t: t.write_bytes(b""),
    "truncated": lambda f, t: t.write_bytes(base_file(f).read_bytes()[: base_file(f).stat().st_size // 2]),
    "random bytes": lambda f, t: t.write_bytes(random.Random(7).randbytes(8192)),
    "newer version": lambda f, t: _bytes(f, t, {60: struct.pack(">I", FORMAT_VERSION + 1)}),
    "WAL flagged": lambda f, t: _bytes(f, t, {18: b"\x02\x02"}),
    "page corrupted": _page_corrupted,
    "trigger injected": lambda f, t: _sql(f, t, "CREATE TRIGGER evil AFTER INSERT ON history "
                                                "BEGIN DELETE FROM form; END"),
    "view injected": lambda f, t: _sql(f, t, "CREATE VIEW evil AS SELECT * FROM form"),
    "named pipe": _special("fifo"),
    "device": _special("device"),
    "link to a named pipe": _special("fifo link"),
    "directory": _special("directory"),
    "missing": lambda f, t: None,
}


def make_g60(folder: Path, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"bad-{kind.replace(' ', '-').replace(',', '')}.g60"
    G60_KINDS[kind](folder, target)
    return target


# ---- JSON ---------------------------------------------------------------------------------------------

def _sample_json() -> dict:
    from g60desk.domain.serialize import document_to_data
    return document_to_data(sample_document("2026"))


def _json_with(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        data = _sample_json()
        change(data)
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return make


def _deep_json(target: Path) -> None:
    target.write_text('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")


def _first_form(data: dict) -> dict:
    return data["departments"][0]["projects"][0]["children"][0]["form"]


JSON_KINDS: dict[str, Callable[[Path], None]] = {
    "deep nesting": _deep_json,
    "too large": lambda t: t.write_bytes(b" " * (limits.JSON_BYTES + 1)),
    "not JSON": lambda t: t.write_text("这不是 JSON", encoding="utf-8"),
    "not UTF-8": lambda t: t.write_bytes(b"\xff\xfe\x00{"),
    "NaN": lambda t: t.write_text('{"format": NaN}', encoding="utf-8"),
    "name with a line break": _json_with(lambda d: d["departments"][0].__setitem__("name", "伪造\n[已导入] 假部门")),
    "name with a bidi override": _json_with(lambda d: d["departments"][0].__setitem__("name", "部门\u202egpj.exe")),
    "too many indicators": _json_with(lambda d: _first_form(d).__setitem__(
        "indicators", _first_form(d)["indicators"] * (limits.INDICATORS_PER_FORM // 4 + 1))),
    "text over the limit": _json_with(lambda d: _first_form(d).__setitem__("annual_goal",
                                                                           "长" * (limits.TEXT_CHARS + 1))),
    "unknown template": _json_with(lambda d: d.__setitem__("template", "火星2099")),
    "bad date": _json_with(lambda d: _first_form(d).__setitem__("planned_start", "2026-02-30")),
    "named pipe": lambda t: os.mkfifo(t),
    "directory": lambda t: t.mkdir(),
}


def make_json(folder: Path, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"bad-{kind.replace(' ', '-')}.json"
    JSON_KINDS[kind](target)
    return target


# ---- xlsx (for 导入Excel) -------------------------------------------------------------------------------

def _zip(target: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


_CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501 - a part of an xlsx as it is written
                  b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'  # noqa: E501 - a part of an xlsx as it is written
                  b'</Types>')
_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'  # noqa: E501 - a part of an xlsx as it is written
         b'</Relationships>')
_WORKBOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             '<sheet name="绩效指标" sheetId="1" r:id="rId1"/></sheets></workbook>').encode()
_WORKBOOK_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'  # noqa: E501 - a part of an xlsx as it is written
                  b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'  # noqa: E501 - a part of an xlsx as it is written
                  b'</Relationships>')


def _sheet_xlsx(target: Path, sheet_xml: bytes) -> None:
    _zip(target, {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS, "xl/workbook.xml": _WORKBOOK,
                  "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet_xml})


def _wide_and_long(target: Path) -> None:
    """A tiny sheet that claims 1,048,576 rows × 16,384 columns (openpyxl fills them all in)."""
    from g60desk.exchange.xlsx import INDICATOR_HEADERS
    head = b"".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'.encode() for h in INDICATOR_HEADERS)
    _sheet_xlsx(target, b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'  # noqa: E501 - a part of an xlsx as it is written
                        b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">' + head +
                        b'<c r="XFD1" t="inlineStr"><is><t>y</t></is></c></row>'
                        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>z</t></is></c></row>'
                        b'</sheetData></worksheet>')


def _bomb(target: Path) -> None:
    """About 1 MB on disk, 250 MB of XML once unpacked."""
    filler = b"<!--" + b" " * (250 * 1024 * 1024) + b"-->"
    _sheet_xlsx(target, b'<?xml version="1.0"?>' + filler +
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')  # noqa: E501 - a part of an xlsx as it is written


def _cells(target: Path) -> None:
    """Under a megabyte on disk, 180 MB unpacked: 30,000 rows of 150 cells each (on the old code: minutes)."""
    from g60desk.exchange.xlsx import INDICATOR_HEADERS
    head = b"".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>'.encode() for h in INDICATOR_HEADERS)
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(150))
    rows = b"".join(b"<row>" + cells + b"</row>" for _ in range(30_000))
    _sheet_xlsx(target, b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'  # noqa: E501 - a part of an xlsx as it is written
                        b"<sheetData><row>" + head + b"</row>" + rows + b"</sheetData></worksheet>")


XLSX_KINDS: dict[str, Callable[[Path], None]] = {
    "claims a million rows and columns": _wide_and_long,
    "unpacks to 250 MB": _bomb,
    "four and a half million cells": _cells,
    "not a zip": lambda t: t.write_bytes(b"PK\x03\x04" + random.Random(3).randbytes(4096)),
    "too large": lambda t: t.write_bytes(b"\0" * (limits.XLSX_BYTES + 1)),
    "named pipe": lambda t: os.mkfifo(t),
}


def make_xlsx(folder: Path, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"bad-{kind.replace(' ', '-')}.xlsx"
    XLSX_KINDS[kind](target)
    return target
