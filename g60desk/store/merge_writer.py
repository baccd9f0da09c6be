"""Writing the departments of one received file into the bureau's file: one transaction per input file.

Either every department, acknowledgement and the import record of an input is in the bureau file, or
none of it is (a failure rolls the whole input back). A department that replaces an earlier submission of
itself takes the earlier one's place in the list.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..domain.model import Acknowledgement, Department, HistoryEntry
from . import Store, repository
from .repository import Connected


@dataclass
class DepartmentImport:
    """What one input brings: its departments, each either new or replacing the bureau's department with
    id ``replaces[name]``; its acknowledged warnings; and the history entry recording the import."""

    departments: list[Department]
    replaces: dict[str, int] = field(default_factory=dict)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)


def import_departments(store: Store, batch: DepartmentImport) -> None:
    """Write ``batch`` in one transaction; ``Department.id`` of each written department is set."""
    names = {d.name for d in batch.departments}
    with store.transaction() as db:
        positions = _positions(db)
        next_position = max(positions.values(), default=-1) + 1
        for dept in batch.departments:
            old_id = batch.replaces.get(dept.name)
            if old_id is not None:
                position = positions[old_id]
                _delete_department(db, old_id)
            else:
                position, next_position = next_position, next_position + 1
            repository.insert_department(db, position, dept)
        _drop_acknowledgements_of(db, names)
        for ack in batch.acknowledgements:
            repository.insert_acknowledgement(db, ack)
        for entry in batch.history:
            repository.insert_history(db, entry)


def _delete_department(db: Connected, dept_id: int) -> None:
    """Delete a department from the leaves up. The hardened connection allows one level of trigger, and
    ON DELETE CASCADE actions count as triggers: a department → node → form → group → line → sub-line
    cascade would be refused, so every level is detached or emptied before its parent goes."""
    nodes = "SELECT id FROM node WHERE department_id = ?"
    groups = f"SELECT id FROM budget_group WHERE node_id IN ({nodes})"
    for sql in (f"UPDATE budget_line SET parent_id = NULL WHERE group_id IN ({groups})",
                f"DELETE FROM budget_line WHERE group_id IN ({groups})",
                f"DELETE FROM budget_group WHERE node_id IN ({nodes})",
                f"DELETE FROM indicator WHERE node_id IN ({nodes})",
                f"DELETE FROM section WHERE node_id IN ({nodes})",
                f"DELETE FROM form WHERE node_id IN ({nodes})",
                "UPDATE node SET parent_id = NULL WHERE department_id = ?",
                "DELETE FROM node WHERE department_id = ?",
                "DELETE FROM department WHERE id = ?"):
        db.conn.execute(sql, (dept_id,))


def _positions(db: Connected) -> dict[int, int]:
    return {row[0]: row[1] for row in db.conn.execute("SELECT id, position FROM department")}


def _drop_acknowledgements_of(db: Connected, department_names: set[str]) -> None:
    """A replaced department's old acknowledgements go with it (their paths start with its name)."""
    rows = db.conn.execute("SELECT id, path FROM acknowledgement").fetchall()
    doomed = []
    for ack_id, path in rows:
        try:
            first = json.loads(path)[0]
        except (ValueError, IndexError, TypeError, KeyError):
            continue
        if first in department_names:
            doomed.append((ack_id,))
    db.conn.executemany("DELETE FROM acknowledgement WHERE id = ?", doomed)
