"""JSON interchange of a whole document (docs/json-format.md): lossless, byte-stable, and wary of input.

Reading refuses, with one Chinese sentence naming the place, anything the writer would not have written:
oversized input, NaN/Infinity, numbers with a fraction or exponent, duplicate or unknown keys, a wrong type
anywhere, nesting deeper than the format allows, then whatever :func:`validate_document` refuses.
"""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..domain import limits
from ..domain.model import FUNDING_FIELDS, SECTION_KEYS, Document
from ..domain.serialize import JSON_FORMAT, JSON_FORMAT_VERSION, document_from_data, document_to_data
from ..domain.validate import MAX_LINE_LEVELS, MAX_NODE_LEVELS, InvalidDocument, validate_document
from ..errors import UserError

#: Larger input is refused before it is parsed (the 2026 sample is about 30 KB).
MAX_JSON_BYTES = limits.JSON_BYTES
AGAIN = "请用 g60desk 重新导出"


class JsonRefused(UserError):
    """A JSON file that cannot become a document; ``message`` says where and why, in Chinese."""


def dumps(doc: Document) -> str:
    return json.dumps(document_to_data(doc), ensure_ascii=False, indent=1) + "\n"


# ---- the shape the writer produces -----------------------------------------------------------------
# A spec is a JSON type ("str", "int", "date" — a "YYYY-MM-DD" string —, "?" allowing null), the name of an object spec
# (optionally with "?"), or a one-element list [spec] for an array of it.

_OBJECTS: dict[str, dict[str, Any]] = {
    "document": {"format": "str", "format_version": "int", "budget_year": "int", "template": "str",
                 "departments": ["department"], "acknowledgements": ["acknowledgement"],
                 "history": ["history"]},
    "department": {"name": "str", "budget_units": "int", "overview": "str", "projects": ["node"]},
    "node": {"name": "str", "kind": "str", "form": "form?", "explanation": "explanation?",
             "children": ["node"]},
    "form": {"template": "str", "framework": "str", "nature": "str", "category": "str",
             "supervising_dept": "str", "implementing_unit": "str", "planned_start": "date?",
             "planned_end": "date?", "funding": "funding", "overall_goal": "str", "annual_goal": "str",
             "indicators": ["indicator"]},
    "funding": dict.fromkeys(FUNDING_FIELDS, "int?"),
    "indicator": {"level1": "str", "level2": "str", "name": "str", "value": "value"},
    "value": {"op": "str?", "number": "str?", "unit": "str", "text": "str"},
    "explanation": {"sections": ["section"], "wording": "str", "budget_groups": ["group"]},
    "section": {"key": "str", "heading": "str?", "text": "str"},
    "group": {"title": "str", "text": "str", "numbering": "str", "text_runs_on": "bool", "lines": ["line"]},
    "line": {"label": "str", "basis": "str", "formula": "str", "formula_unit": "str", "stated_fen": "int?",
             "remark": "str", "stated_text": "str", "ending": "str", "runs_on": "bool", "numbering": "str",
             "children": ["line"]},
    "acknowledgement": {"rule": "str", "path": ["str"], "field": "str?", "fingerprint": "str",
                        "reason": "str", "created": "str"},
    "history": {"time": "str", "kind": "str", "digest": "str", "detail": "str"},
}
#: keys an older writer may have left out, and the wording keys written only when not at their default
_OPTIONAL = {"document": {"acknowledgements", "history"}, "explanation": {"wording"},
             "group": {"numbering", "text_runs_on"}, "line": {"stated_text", "ending", "runs_on", "numbering"}}
#: how many times an object may contain itself (children of children …)
_MAX_NESTING = {"node": MAX_NODE_LEVELS, "line": MAX_LINE_LEVELS}


class _ShapeError(Exception):
    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}：{reason}")
        self.where, self.reason = where, reason


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"真假值 {str(value).lower()}"
    if isinstance(value, Decimal):
        return f"带小数点或指数的数 {value}"
    if isinstance(value, int):
        return f"整数 {value}"
    if isinstance(value, str):
        return f"文字“{value[:20]}{'…' if len(value) > 20 else ''}”"
    return {type(None): "null", list: "数组", dict: "对象"}.get(type(value), type(value).__name__)


def _check(value: Any, spec: Any, where: str, nesting: dict[str, int]) -> None:
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise _ShapeError(where, f"应为数组，实际是{_describe(value)}")
        for i, item in enumerate(value):
            _check(item, spec[0], f"{where}[{i}]", nesting)
        return
    nullable = spec.endswith("?")
    spec = spec.rstrip("?")
    if value is None and nullable:
        return
    if spec == "str":
        if not isinstance(value, str):
            raise _ShapeError(where, f"应为文字{'或 null' if nullable else ''}，实际是{_describe(value)}")
    elif spec == "date":
        if not isinstance(value, str) or not _is_iso_date(value):
            raise _ShapeError(where, f"应为“YYYY-MM-DD”格式的日期{'或 null' if nullable else ''}，"
                                     f"实际是{_describe(value)}")
    elif spec == "bool":
        if type(value) is not bool:
            raise _ShapeError(where, f"应为 true 或 false，实际是{_describe(value)}")
    elif spec == "int":
        if type(value) is not int:   # bool is an int in Python, and 12.5 arrives as a Decimal
            raise _ShapeError(where, f"应为整数{'或 null' if nullable else ''}，实际是{_describe(value)}")
    else:
        _check_object(value, spec, where, nesting)


def _check_object(value: Any, name: str, where: str, nesting: dict[str, int]) -> None:
    if not isinstance(value, dict):
        raise _ShapeError(where, f"应为对象，实际是{_describe(value)}")
    depth = nesting.get(name, 0) + 1
    if name in _MAX_NESTING and depth > _MAX_NESTING[name]:
        what = "项目" if name == "node" else "预算明细"
        raise _ShapeError(where, f"{what}嵌套超过 {_MAX_NESTING[name]} 层")
    fields = _OBJECTS[name]
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise _ShapeError(where, f"有不认识的项 “{unknown[0]}”")
    inner = {**nesting, name: depth}
    for key, spec in fields.items():
        if key not in value:
            if key in _OPTIONAL.get(name, ()):
                continue
            raise _ShapeError(where, f"缺少 “{key}”")
        _check(value[key], spec, f"{where}.{key}" if where else key, inner)
    if name == "explanation":
        keys = [section["key"] for section in value["sections"]]
        if sorted(keys) != sorted(SECTION_KEYS):
            raise _ShapeError(f"{where}.sections", f"应恰好是七个部分 {'、'.join(SECTION_KEYS)}，"
                                                   f"实际是 {'、'.join(keys) or '空'}")


def _is_iso_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _ShapeError("", f"同一个对象里 “{key}” 出现了两次")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise _ShapeError("", f"含有 {name}，这不是数字")


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"“{name}”不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）："
                          "请检查文件是否完整。") from None
    except _ShapeError as exc:
        raise JsonRefused(f"“{name}”不是 g60desk 导出的 JSON（{exc.reason}）：{AGAIN}。") from None
    except RecursionError:
        raise JsonRefused(f"“{name}”嵌套层数过多，不是 g60desk 导出的 JSON：{AGAIN}。") from None
    except ValueError:   # e.g. an integer of more than 4300 digits
        raise JsonRefused(f"“{name}”含有无法读取的数字，不是 g60desk 导出的 JSON：{AGAIN}。") from None


def loads(text: str, name: str = "JSON") -> Document:
    """The document in ``text``; :class:`JsonRefused` with one Chinese sentence if it is not sound."""
    if len(text) > MAX_JSON_BYTES:
        raise JsonRefused(f"“{name}”太大（超过 {MAX_JSON_BYTES // (1024 * 1024)} MB），不是 g60desk 导出的申报 JSON。")
    data = _parse(text, name)
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise JsonRefused(f"“{name}”不是 g60desk 导出的申报 JSON（缺少 \"format\": \"{JSON_FORMAT}\"）。")
    version = data.get("format_version")
    if type(version) is not int or version > JSON_FORMAT_VERSION or version < 1:
        raise JsonRefused(f"“{name}”由更新版本的 g60desk 导出（JSON 格式 {version}），请升级程序后再导入。"
                          if type(version) is int and version > JSON_FORMAT_VERSION else
                          f"“{name}”的 JSON 格式版本“{version}”无效：{AGAIN}。")
    try:
        _check_object(data, "document", "", {})
    except _ShapeError as exc:
        raise JsonRefused(f"“{name}”的内容格式不对：{exc.where or '最外层'} {exc.reason}，{AGAIN}。") from None
    try:
        doc = document_from_data(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # the shape check above should make this unreachable; say so rather than show Python's words
        raise JsonRefused(f"“{name}”的内容无法读取（{type(exc).__name__}）：{AGAIN}。") from None
    try:
        validate_document(doc)
    except InvalidDocument as exc:
        raise JsonRefused(f"“{name}”不能导入：{exc.message}。") from None
    return doc


def write(doc: Document, path: Path, force: bool = False) -> None:
    """Write the JSON of ``doc`` to ``path`` atomically (no clobbering without ``force``)."""
    from ..store.outfile import write_atomically
    text = dumps(doc).encode("utf-8")

    def save(tmp: Path) -> None:
        tmp.write_bytes(text)
    write_atomically(path, save, force=force, what="JSON 文件")


def read(path: Path) -> Document:
    from ..store import FileRefused
    from ..store.safe_open import check_regular_file, read_start
    name = limits.safe_line(path.name)
    try:
        size = check_regular_file(path, "JSON 文件")
    except FileRefused as exc:
        raise JsonRefused(exc.message) from None
    if size > MAX_JSON_BYTES:
        raise JsonRefused(f"“{name}”太大（{limits.megabytes(size)}，上限 {limits.megabytes(MAX_JSON_BYTES)}），"
                          "不是 g60desk 导出的申报 JSON。")
    try:
        raw = read_start(path, MAX_JSON_BYTES + 1)
        text = raw.decode("utf-8-sig")   # Notepad writes a BOM
    except FileNotFoundError:
        raise JsonRefused(f"找不到文件“{name}”：请检查路径。") from None
    except PermissionError:
        raise JsonRefused(f"没有权限读取“{name}”：请检查文件权限。") from None
    except UnicodeDecodeError:
        raise JsonRefused(f"“{name}”不是 UTF-8 编码的文本文件，不是 g60desk 导出的 JSON。") from None
    except FileRefused as exc:
        raise JsonRefused(exc.message) from None
    except OSError as exc:
        raise JsonRefused(f"无法读取“{name}”（{exc.strerror}）：请检查文件。") from None
    return loads(text, path.name)
