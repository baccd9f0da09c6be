"""另存为: a complete copy of the open document that becomes the open file."""
from __future__ import annotations

import copy
from pathlib import Path

from ..domain.serialize import digest
from ..store import StorageError
from .documents import create_document
from .session import EditRefused, Session
from .undo import UndoHistory


def same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def save_as(session: Session, path: str | Path, overwrite: bool = False,
            undo_stack: UndoHistory | None = None) -> Session:
    """Write the open document, acknowledgements and history included, to ``path`` and open that copy.

    The original file is left exactly as it was (it may be read-only); the caller closes ``session``.
    The copy is built beside the target and renamed into place, so a failure leaves no half file."""
    path = Path(path)
    if same_file(path, session.path):
        raise EditRefused(f"“{path.name}”就是当前打开的文件：另存为请选择另一个文件名。")
    doc = copy.deepcopy(session.doc)   # the new file gives every row a new id; the open document keeps its own
    create_document(path, doc, overwrite=overwrite)
    saved = Session.open(path, undo_stack=undo_stack)
    if digest(saved.doc) != digest(session.doc):   # read back: the copy holds exactly what the window shows
        saved.close()
        raise StorageError(f"另存为“{path.name}”后读回的内容与当前文件不一致，副本不可用：请换一个位置重试。")
    return saved
