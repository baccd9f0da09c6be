"""Live checking: findings kept per node, and after an edit only the edited node's rules and its
department's rules run again. What the views ask after each edit — the findings at one place, the counts, one
department's findings — is answered from what the last run kept, without going over the whole file."""
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
        self._by_path: dict[tuple[str, ...], list[Finding]] | None = None
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
        self._by_path = None
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

    def at(self, path: tuple[str, ...]) -> list[Finding]:
        """The findings whose place is exactly ``path``, in tree order."""
        if self._by_path is None:
            by_path: dict[tuple[str, ...], list[Finding]] = {}
            for finding in self.ordered():
                by_path.setdefault(finding.path, []).append(finding)
            self._by_path = by_path
        return self._by_path.get(path, [])


class LiveChecker:
    """Holds the findings of a document; the services layer calls :meth:`recheck_node` after each edit."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._states: dict[int, _DepartmentState] = {}
        #: counts the runs: what a view worked out from the findings holds while it is unchanged
        self.version = 0
        self.recheck_all()

    def recheck_all(self) -> None:
        """Whole-file check (on open and on demand)."""
        self.version += 1
        self._states = {}
        with gc_paused():
            for dept in self.doc.departments:
                state = _DepartmentState(dept)
                state.refresh(self.doc, None, everything=True)
                self._states[id(dept)] = state

    def recheck_node(self, dept: Department, node: Node | None) -> None:
        """Re-run ``node``'s rules (None: no node changed) and ``dept``'s department rules. Nodes added,
        removed or renamed in ``dept`` since the last run are picked up too."""
        self.version += 1
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

    def of_department(self, dept: Department) -> list[Finding]:
        """The findings of one department (its own and its nodes'), in tree order."""
        state = self._states.get(id(dept))
        return state.ordered() if state is not None and state.dept is dept else []

    def for_path(self, path: Iterable[str], descendants: bool = False) -> list[Finding]:
        """Findings at ``path`` (a department or node path); with ``descendants`` also those below it. Only
        the departments of that name are looked at."""
        path = tuple(path)
        if not path:
            return self.findings() if descendants else []
        size = len(path)
        out: list[Finding] = []
        for dept in self.doc.departments:
            if dept.name != path[0]:
                continue
            state = self._states.get(id(dept))
            if state is None:
                continue
            if descendants:
                out.extend(f for f in state.ordered() if f.path[:size] == path)
            else:
                out.extend(state.at(path))
        return out
