"""与上次报送比较: what changed since the file was last submitted, field by field (place, field, 报送时 → 现在),
read from the copy of the submitted declaration that 导出报送文件 keeps in the file."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.model import Department, Document
from ..domain.status import FileStatus, status_of, unpack_submitted_copy
from ..exchange.diff import ABSENT, FieldChange, diff_departments
from ..store import Store


@dataclass
class Changes:
    """The comparison; ``problem`` says in Chinese why there is nothing to compare (never submitted …)."""

    status: FileStatus
    changes: list[FieldChange] = field(default_factory=list)
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {**self.status.as_dict(), "problem": self.problem,
                "changes": [{"path": list(c.path), "field": c.field, "submitted": c.old, "now": c.new}
                            for c in self.changes]}

    def lines(self) -> list[str]:
        if self.problem:
            return [self.problem]
        sub = self.status.last_submission
        when = sub.time.replace("T", " ") if sub else ""
        if not self.changes:
            return [f"与 {when} 报送的内容相比没有变化。"]
        return [f"与 {when} 报送的内容相比，有 {len(self.changes)} 处变化（报送时 → 现在）："] + \
               [f"  {change}" for change in self.changes]


def compare(doc: Document, submitted_copy: str | None) -> Changes:
    """``doc`` now against the packed copy of its last submission."""
    status = status_of(doc)
    if status.last_submission is None:
        return Changes(status, problem="此文件还没有导出过报送文件，没有可比较的内容。")
    if submitted_copy is None:
        return Changes(status, problem="上次报送时没有在文件中保存报送内容的副本（用较早的版本报送，"
                                       "或文件是另存的副本），无法逐项比较：请重新导出报送文件，以后即可比较。")
    submitted = unpack_submitted_copy(submitted_copy)
    if submitted is None:
        return Changes(status, problem="文件中保存的报送内容副本已损坏，无法比较。")
    return Changes(status, department_changes(submitted.departments, doc.departments))


def department_changes(before: list[Department], after: list[Department]) -> list[FieldChange]:
    """Departments matched by name; one added or removed is one change. A clerk's file of one department
    names places from the project down, as the window's tree does below its department."""
    old = {d.name: d for d in before}
    new = {d.name: d for d in after}
    if len(old) == len(new) == 1 and old.keys() == new.keys():
        [name] = old
        return diff_departments(old[name], new[name])
    changes: list[FieldChange] = []
    for name in [*old, *(n for n in new if n not in old)]:
        if name in old and name in new:
            changes += [FieldChange((name, *c.path), c.field, c.old, c.new)
                        for c in diff_departments(old[name], new[name])]
        else:
            changes.append(FieldChange((name,), "部门", "有" if name in old else ABSENT,
                                       "有" if name in new else ABSENT))
    return changes


def changes_in_file(path: str | Path) -> Changes:
    """The comparison for a file on disk (read-only)."""
    with Store.open(path, readonly=True) as store:
        return compare(store.load(), store.submitted_copy())
