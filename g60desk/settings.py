"""Settings declared once, with their types and defaults; stored as JSON in the user's data folder."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import data_dir


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    doc: str


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("last_file", "", "最近打开的文件"),
    Setting("recent_files", [], "最近打开的文件列表（最多 10 个）"),
    Setting("last_folder", "", "上次在文件对话框中选择的文件夹"),
    Setting("print.prefer_system_font", True, "打印时优先使用本机的宋体/仿宋"),
    Setting("print.signature_enabled", True, "打印签字栏"),
    Setting("print.signature", {"unit": "", "leader": "", "preparer": "", "phone": "", "date": ""},
            "签字栏：填报单位、单位负责人、填报人、联系电话、填报日期"),
    Setting("print.copies", 1, "打印份数"),
    Setting("print.with_findings", False, "打印时最后附审核清单（未处理的错误和警告、已确认的警告及理由）"),
    Setting("print.printer", "", "上次使用的打印机"),
)}

MAX_RECENT = 10


def settings_path() -> Path:
    return data_dir() / "settings.json"


def _load() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(key: str) -> Any:
    setting = SETTINGS[key]
    value = _load().get(key, setting.default)
    return value if isinstance(value, type(setting.default)) else setting.default


def set(key: str, value: Any) -> None:  # noqa: A001 - the natural name
    if key not in SETTINGS:
        raise KeyError(key)
    data = _load()
    data[key] = value
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def remember_file(path: Path) -> None:
    """Record ``path`` as the last and most recent file."""
    text = str(Path(path).resolve())
    recent = [p for p in get("recent_files") if p != text]
    set("recent_files", [text] + recent[: MAX_RECENT - 1])
    set("last_file", text)
