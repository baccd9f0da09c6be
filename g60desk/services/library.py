"""The 指标库 of a clerk: the indicators of files she opened, kept in her data folder (indicator-library.json)
so that next year's form can reuse this year's wordings, plus the open file's and the standard list."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..domain.frameworks import Framework
from ..domain.indicator_library import (
    SOURCE_EARLIER,
    SOURCE_THIS_FILE,
    LibraryEntry,
    document_entries,
    fitted,
    standard_entries,
)
from ..domain.model import Document
from ..domain.serialize import value_to_data
from ..domain.values import IndicatorValue
from ..paths import data_dir

LIBRARY_FILE = "indicator-library.json"
#: the files remembered (the most recently opened win) and the rows kept per file
MAX_FILES = 30
MAX_ROWS_PER_FILE = 2000


def library_path() -> Path:
    return data_dir() / LIBRARY_FILE


def _load() -> dict[str, Any]:
    try:
        data = json.loads(library_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": []}
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else {"files": []}


def remember_document(doc: Document, path: Path) -> None:
    """Keep ``doc``'s indicator rows for later 指标库 picks (called when the window opens or closes a file).
    A failure to write the user's folder loses only suggestions, never data: it is ignored."""
    rows = [{"level1": e.level1, "level2": e.level2, "name": e.name, "value": value_to_data(e.value),
             "used_in": list(e.used_in), "uses": e.uses}
            for e in document_entries(doc, SOURCE_EARLIER, "")][:MAX_ROWS_PER_FILE]
    key = str(Path(path).resolve())
    record = {"path": key, "name": Path(path).name, "year": doc.budget_year, "rows": rows}
    data = _load()
    files = [f for f in data["files"] if isinstance(f, dict) and f.get("path") != key]
    data["files"] = [record, *files][:MAX_FILES]
    target = library_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def earlier_entries(except_path: Path | None = None) -> list[LibraryEntry]:
    """The remembered files' rows (not the open file's own: those come live from the document)."""
    skip = str(Path(except_path).resolve()) if except_path is not None else None
    entries = []
    for record in _load()["files"]:
        if not isinstance(record, dict) or record.get("path") == skip:
            continue
        year = record.get("year") if isinstance(record.get("year"), int) else None
        label = f"{year} 年度 {record.get('name', '')}" if year else str(record.get("name", ""))
        for row in record.get("rows", []):
            try:
                value = IndicatorValue(op=row["value"].get("op"), number=row["value"].get("number"),
                                       unit=row["value"].get("unit") or "", text=row["value"].get("text") or "")
                entries.append(LibraryEntry(str(row["level1"]), str(row["level2"]), str(row["name"]), value,
                                            SOURCE_EARLIER, label, tuple(map(str, row.get("used_in", [])))[:3],
                                            year, int(row.get("uses", 1))))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue      # a damaged line of the user's own cache: skipped
    return entries


def library_for(doc: Document, path: Path, framework: Framework | None) -> list[LibraryEntry]:
    """Everything the picker offers for a form of ``framework`` (its template's) in the open ``doc``, each row under
    that framework's 一级/二级 (rows of forms of another 指标体系 that have no place in it are left out)."""
    rows = (fitted(e, framework) for e in document_entries(doc, SOURCE_THIS_FILE, "本文件") + earlier_entries(path))
    return [e for e in rows if e is not None] + standard_entries(framework)
