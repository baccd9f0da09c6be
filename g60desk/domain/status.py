"""已报送: a file's state read from its own history — never submitted (未报送), submitted and so locked
against edits (已报送), or unlocked with a written reason after a submission (已解锁).

The history is the clerk's own record on her own PC; the bureau never relies on it (see exchange/merge.py).
"""
from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Literal

from .model import Document, HistoryEntry
from .serialize import canonical_bytes, data_of, document_from_data

#: a 导出报送文件 recorded in the source file
SUBMIT_KIND = "submit"
#: 解锁: editing a submitted file again, with the clerk's reason in ``detail``
UNLOCK_KIND = "unlock"
#: a submitted copy that unpacks to more than this is refused as damaged (a declaration is far smaller)
MAX_COPY_BYTES = 64 * 1024 * 1024
#: the fewest characters of a reason to unlock
MIN_UNLOCK_REASON_CHARS = 2

State = Literal["draft", "submitted", "unlocked"]
STATE_LABELS: dict[str, str] = {"draft": "未报送", "submitted": "已报送", "unlocked": "已报送后解锁修改"}


@dataclass(frozen=True)
class FileStatus:
    state: State
    last_submission: HistoryEntry | None = None
    unlock: HistoryEntry | None = None

    @property
    def locked(self) -> bool:
        return self.state == "submitted"

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    def as_dict(self) -> dict[str, object]:
        """For ``g60desk info --json``."""
        sub = self.last_submission
        return {"status": self.state, "status_label": self.label,
                "last_submission": None if sub is None else {"time": sub.time, "digest": sub.digest,
                                                             "detail": sub.detail},
                "unlocked": None if self.unlock is None else {"time": self.unlock.time, "reason": self.unlock.detail}}


def status_of(doc: Document) -> FileStatus:
    """The state after the file's last submission or unlock; a file never submitted is a draft."""
    last_submission = None
    unlock = None
    for entry in doc.history:
        if entry.kind == SUBMIT_KIND:
            last_submission, unlock = entry, None
        elif entry.kind == UNLOCK_KIND and last_submission is not None:
            unlock = entry
    if last_submission is None:
        return FileStatus("draft")
    return FileStatus("unlocked" if unlock is not None else "submitted", last_submission, unlock)


def unlock_reason_problem(reason: str) -> str | None:
    text = reason.strip()
    if len(text) < MIN_UNLOCK_REASON_CHARS:
        return f"请写明解锁修改的理由（至少 {MIN_UNLOCK_REASON_CHARS} 个字），理由会记入文件的历史记录。"
    return None


# ---- the copy of what was submitted (与上次报送比较) -------------------------------------------------

def pack_submitted_copy(doc: Document) -> str:
    """The declaration's data as submitted, compact (zlib + base64 of the canonical JSON), kept in the file."""
    return base64.b64encode(zlib.compress(canonical_bytes(data_of(doc)), 9)).decode("ascii")


def unpack_submitted_copy(text: str) -> Document | None:
    """The submitted declaration back from :func:`pack_submitted_copy`; None when the copy is unreadable."""
    try:
        raw = zlib.decompressobj().decompress(base64.b64decode(text, validate=True), MAX_COPY_BYTES)
        return document_from_data(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, zlib.error, UnicodeDecodeError, RecursionError):
        return None
