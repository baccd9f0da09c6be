"""Entries the services refused, kept as typed — marked red with the reason — until the clerk corrects or cancels
them (Esc, Delete), while she moves about the tree: the pages of a node are built anew each time it is shown, so
what was refused lives here, per open document, by node (or department) and by editor.

Nothing here is saved: a refused text is not in the file. The window says so before it closes the file."""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from ...domain.model import Department, Node
from ...services.session import Session

#: the session's registry (the registry goes with the session)
_REGISTRIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Refused:
    """A refused field entry: the text as typed and why it was refused."""

    text: str
    message: str


class RefusedEntries:
    """Per node (or department) and per editor ("form", "department", "indicators", "budget"): a dict from the
    editor's place of a cell or field to what was refused there. The editors use the dict itself as theirs."""

    def __init__(self) -> None:
        self._areas: dict[tuple[int, str], tuple[weakref.ref, dict[Any, Any]]] = {}

    def area(self, owner: Department | Node, editor: str) -> dict[Any, Any]:
        key = (id(owner), editor)
        known = self._areas.get(key)
        if known is not None and known[0]() is owner:
            return known[1]
        entries: dict[Any, Any] = {}
        self._areas[key] = (weakref.ref(owner), entries)
        return entries

    def count(self, owner: Department | Node | None = None) -> int:
        """How many entries wait for correction (of ``owner``, or of the whole document)."""
        return sum(len(entries) for ref, entries in self._areas.values()
                   if ref() is not None and (owner is None or ref() is owner))

    def owners(self) -> list[Department | Node]:
        """The departments and nodes with entries waiting, each once."""
        seen: dict[int, Department | Node] = {}
        for ref, entries in self._areas.values():
            owner = ref()
            if owner is not None and entries:
                seen.setdefault(id(owner), owner)
        return list(seen.values())

    def clear(self) -> None:
        self._areas.clear()


def refused_entries(session: Session) -> RefusedEntries:
    registry = _REGISTRIES.get(session)
    if registry is None:
        registry = _REGISTRIES[session] = RefusedEntries()
    return registry
