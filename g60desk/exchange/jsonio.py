"""JSON interchange of a whole document (docs/json-format.md): lossless, byte-stable."""
from __future__ import annotations

import json
from pathlib import Path

from ..domain.model import Document
from ..domain.serialize import JSON_FORMAT, JSON_FORMAT_VERSION, document_from_data, document_to_data


class JsonRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def dumps(doc: Document) -> str:
    return json.dumps(document_to_data(doc), ensure_ascii=False, indent=1) + "\n"


def loads(text: str, name: str = "JSON") -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"“{name}”不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：请检查文件是否完整。") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise JsonRefused(f"“{name}”不是 g60desk 导出的申报 JSON（缺少 \"format\": \"{JSON_FORMAT}\"）。")
    version = data.get("format_version")
    if not isinstance(version, int) or version > JSON_FORMAT_VERSION:
        raise JsonRefused(f"“{name}”由更新版本的 g60desk 导出（JSON 格式 {version}），请升级程序后再导入。")
    try:
        return document_from_data(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise JsonRefused(f"“{name}”的内容不完整或格式不对（{type(exc).__name__}: {exc}）：请用 g60desk 重新导出。") from None


def write(doc: Document, path: Path) -> None:
    path.write_text(dumps(doc), encoding="utf-8", newline="\n")


def read(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JsonRefused(f"找不到文件“{path}”：请检查路径。") from None
    except IsADirectoryError:
        raise JsonRefused(f"“{path}”是文件夹，不是 JSON 文件。") from None
    except UnicodeDecodeError:
        raise JsonRefused(f"“{path.name}”不是 UTF-8 编码的文本文件，不是 g60desk 导出的 JSON。") from None
    return loads(text, path.name)
