"""Live checking: findings kept per node, and after an edit only the edited node's rules and its
department's rules run again."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.model import Department, Document, Node
from .engine import check_department, check_node, gc_paused, merge_in_tree_order
from .findings import Finding, count_by_severity


@dataclass
class _NodeEntry:
    node: Node
    path: tuple[str, ...]
    findings: list[Finding]


class _DepartmentState:
    """The findings of one department: node-local ones per node, cross-node ones, and their merged list."""

    def __init__(self, dept: Department):
        self.dept = dept
        self.nodes: dict[int, _NodeEntry] = {}
        self.department_findings: list[Finding] = []
        self._ordered: list[Finding] | None = None
        self.counts = count_by_severity(())

    def refresh(self, doc: Document, changed: Node | None, everything: bool = False) -> None:
        """Re-run the rules of ``changed`` and of any node that is new or moved, then the department rules."""
        root = (self.dept.name,)
        nodes = [(root + sub_path, node) for sub_path, node in self.dept.iter_nodes()]
        fresh: dict[int, _NodeEntry] = {}
        for path, node in nodes:
            if node.form is None:
                continue
            entry = self.nodes.get(id(node))
            if everything or entry is None or entry.node is not node or entry.path != path or node is changed:
                entry = _NodeEntry(node, path, check_node(doc, self.dept, path, node))
            fresh[id(node)] = entry
        self.nodes = fresh
        self.department_findings = check_department(doc, self.dept, nodes)
        self._ordered = None
        counts = count_by_severity(self.department_findings)
        for entry in fresh.values():
            for finding in entry.findings:
                counts[finding.severity] += 1
        self.counts = counts

    def ordered(self) -> list[Finding]:
        if self._ordered is None:
            by_node = {key: entry.findings for key, entry in self.nodes.items()}
            self._ordered = merge_in_tree_order(self.dept, by_node, self.department_findings)
        return self._ordered


class LiveChecker:
    """Holds the findings of a document; the services layer calls :meth:`recheck_node` after each edit."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._states: dict[int, _DepartmentState] = {}
        self.recheck_all()

    def recheck_all(self) -> None:
        """Whole-file check (on open and on demand)."""
        self._states = {}
        with gc_paused():
            for dept in self.doc.departments:
                state = _DepartmentState(dept)
                state.refresh(self.doc, None, everything=True)
                self._states[id(dept)] = state

    def recheck_node(self, dept: Department, node: Node | None) -> None:
        """Re-run ``node``'s rules (None: no node changed) and ``dept``'s department rules. Nodes added,
        removed or renamed in ``dept`` since the last run are picked up too."""
        state = self._states.get(id(dept))
        if state is None or state.dept is not dept:
            state = _DepartmentState(dept)
            self._states[id(dept)] = state
        with gc_paused():
            state.refresh(self.doc, node)
        self._forget_departments_removed()

    def _forget_departments_removed(self) -> None:
        if len(self._states) != len(self.doc.departments):
            present = {id(d) for d in self.doc.departments}
            self._states = {key: s for key, s in self._states.items() if key in present}

    def findings(self) -> list[Finding]:
        """Current findings, in tree order."""
        out: list[Finding] = []
        for dept in self.doc.departments:
            state = self._states.get(id(dept))
            if state is not None:
                out.extend(state.ordered())
        return out

    def counts(self) -> dict[str, int]:
        """{"error": n, "warning": n, "info": n} over the whole file."""
        total = count_by_severity(())
        for dept in self.doc.departments:
            state = self._states.get(id(dept))
            if state is not None:
                for name, value in state.counts.items():
                    total[name] += value
        return total

    def for_path(self, path: Iterable[str], descendants: bool = False) -> list[Finding]:
        """Findings at ``path`` (a department or node path); with ``descendants`` also those below it."""
        path = tuple(path)
        size = len(path)
        if descendants:
            return [f for f in self.findings() if f.path[:size] == path]
        return [f for f in self.findings() if f.path == path]
