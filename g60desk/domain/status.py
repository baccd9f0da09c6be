"""已报送: a file's state read from its own history — never submitted (未报送), submitted and so locked
against edits (已报送), or unlocked with a written reason after a submission (已解锁).

The history is the clerk's own record on her own PC; the bureau never relies on it (see exchange/merge.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Document, HistoryEntry

#: a 导出报送文件 recorded in the source file
SUBMIT_KIND = "submit"
#: 解锁: editing a submitted file again, with the clerk's reason in ``detail``
UNLOCK_KIND = "unlock"
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
