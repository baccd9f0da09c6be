"""Running the catalog: one node, one department, the whole file — findings always in tree order."""
from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain.model import Department, Document, Node
from . import rules as _rules  # noqa: F401  (registers every rule)
from .context import DepartmentContext, NodeContext
from .findings import RULES, Finding
from .places import field_rank

NODE_RULES = tuple(r for r in RULES.values() if r.scope == "node")
DEPARTMENT_RULES = tuple(r for r in RULES.values() if r.scope == "department")
_NODE_FUNCS = tuple(r.func for r in NODE_RULES)


def _within_node_key(finding: Finding) -> tuple[tuple[int | str | tuple[int, ...], ...], str]:
    return field_rank(finding.field), finding.rule


def check_node(doc: Document, dept: Department, path: tuple[str, ...], node: Node) -> list[Finding]:
    """The node-local rules of one node (``path`` from the department name down); [] for an undeclared node."""
    if node.form is None:
        return []
    ctx = NodeContext(doc, dept, tuple(path), node)
    found: list[Finding] = []
    for func in _NODE_FUNCS:
        found += func(ctx)
    if len(found) > 1:
        found.sort(key=_within_node_key)
    return found


def check_department(doc: Document, dept: Department,
                     nodes: list[tuple[tuple[str, ...], Node]] | None = None) -> list[Finding]:
    """The cross-node rules of one department (overview, sums up the tree, spellings, copies), in tree order.

    ``nodes``: the department's (full path, node) pairs in tree order, when the caller has them already."""
    ctx = DepartmentContext(doc, dept, nodes)
    found: list[Finding] = []
    for rule in DEPARTMENT_RULES:
        found += rule.func(ctx)
    order: dict[tuple[str, ...], int] = {(dept.name,): 0}
    for index, (path, _) in enumerate(ctx.nodes, start=1):
        order.setdefault(path, index)
    found.sort(key=lambda f: (order.get(f.path, len(order)), _within_node_key(f)))
    return found


def merge_in_tree_order(dept: Department, node_findings: dict[int, list[Finding]],
                        department_findings: list[Finding]) -> list[Finding]:
    """A department's findings as the review list prints them: the department first, then each node in
    tree order (node-local and cross-node findings of a node together, in printed field order).

    ``node_findings`` is keyed by ``id(node)``: two sibling nodes may share a name (and so a path)."""
    by_path: dict[tuple[str, ...], list[Finding]] = {}
    for finding in department_findings:
        by_path.setdefault(finding.path, []).append(finding)
    root = (dept.name,)
    out = list(by_path.pop(root, []))
    for path, node in dept.iter_nodes():
        full = root + path
        own = node_findings.get(id(node), [])
        extra = by_path.pop(full, None)
        if extra:
            out.extend(sorted(own + extra, key=_within_node_key))
        else:
            out.extend(own)
    for rest in by_path.values():  # paths that no longer exist (cannot happen for a fresh check)
        out.extend(rest)
    return out


def check_department_full(doc: Document, dept: Department) -> list[Finding]:
    """Node-local and cross-node findings of one department, in tree order."""
    root = (dept.name,)
    nodes = [(root + path, node) for path, node in dept.iter_nodes()]
    by_node = {id(node): check_node(doc, dept, path, node) for path, node in nodes if node.form is not None}
    return merge_in_tree_order(dept, by_node, check_department(doc, dept, nodes))


def check_document(doc: Document) -> list[Finding]:
    """Every rule over the whole file, in tree order."""
    found: list[Finding] = []
    with gc_paused():
        for dept in doc.departments:
            found.extend(check_department_full(doc, dept))
    return found


def clear_caches() -> None:
    """Forget every memoised result of the checks (parsed formulas, periods, names …): the state of a program
    that has just started, for honest cold timings and for tests."""
    for name, module in list(sys.modules.items()):
        if name == __package__ or name.startswith(__package__ + "."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@contextmanager
def gc_paused() -> Iterator[None]:
    """The checks make no reference cycles; without the collector walking a big document's objects again
    and again, a whole-file check is about a tenth faster."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
