"""What an edit writes to the file: a typed cell changes exactly one row (one UPDATE), a new line is one INSERT, a
removed line one DELETE (with its sub-lines), and after any mix of edits, undos and redos the file holds what the
window shows — row ids included, so the next edit still writes only what differs."""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from g60desk.domain.model import BudgetLine
from g60desk.services.session import LinePath, Session
from g60desk.store import Store

TABLES = ("department", "node", "form", "section", "indicator", "budget_group", "budget_line", "acknowledgement",
          "history", "meta")


def rows(path: Path) -> dict[str, set[tuple]]:
    """Every row of every table, as the file holds it now."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: set(conn.execute(f"SELECT * FROM {table}")) for table in TABLES}
    finally:
        conn.close()


def differing(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, tuple[set, set]]:
    """table → (rows gone, rows come) for the tables that changed."""
    return {t: (before[t] - after[t], after[t] - before[t]) for t in TABLES if before[t] != after[t]}


def reopened_node(session: Session, node):
    with Store.open(session.path, readonly=True) as store:
        return store.load().find(session.path_of(node))


@pytest.fixture
def session(sample_copy):
    s = Session.open(sample_copy("2022"))
    yield s
    s.close()


def budget_node(session: Session):
    """The first declared node with at least two groups of lines."""
    return next(n for _, n in session.doc.iter_nodes()
                if n.declared and len(n.explanation.budget_groups) >= 2
                and len(n.explanation.budget_groups[0].lines) >= 2)


def changes(session: Session) -> int:
    return session.store.conn.total_changes


def test_typing_one_amount_changes_one_row_and_undo_changes_it_back(session):
    node = budget_node(session)
    line = node.explanation.budget_groups[0].lines[1]
    before, count = rows(session.path), changes(session)
    session.set_line_cells(node, 0, 1, 3, [["12.34"]])
    assert changes(session) - count == 1   # one UPDATE of one row
    diff = differing(before, rows(session.path))
    assert list(diff) == ["budget_line"]
    (gone,), (come,) = diff["budget_line"]
    assert gone[0] == come[0] == line.id   # the same row, its amount and the amount as typed changed
    names = [d[1] for d in sqlite3.connect(session.path).execute("PRAGMA table_info(budget_line)")]
    assert {names[i] for i in range(len(names)) if gone[i] != come[i]} == {"stated_fen", "stated_text"}
    assert come[names.index("stated_fen")] == 12_340_000
    count = changes(session)
    session.undo_stack.undo()
    assert changes(session) - count == 1
    assert rows(session.path) == before
    session.undo_stack.redo()
    assert reopened_node(session, node).explanation.budget_groups[0].lines[1].stated_fen == 12_340_000


def test_typing_into_an_indicator_changes_one_row(session):
    node = budget_node(session)
    before, count = rows(session.path), changes(session)
    session.set_indicator_cells(node, 2, 3, [["≥ 7 次"]])
    assert changes(session) - count == 1
    diff = differing(before, rows(session.path))
    assert list(diff) == ["indicator"] and len(diff["indicator"][0]) == len(diff["indicator"][1]) == 1
    session.undo_stack.undo()
    assert rows(session.path) == before


def test_a_line_added_at_the_end_is_one_insert_and_a_removed_one_one_delete(session):
    node = budget_node(session)
    group = node.explanation.budget_groups[0]
    end = len(group.lines)
    before, count = rows(session.path), changes(session)
    session.set_line_cells(node, 0, end, 0, [["新明细", "依据", "", "1.5"]])
    assert changes(session) - count == 1
    diff = differing(before, rows(session.path))
    assert list(diff) == ["budget_line"] and not diff["budget_line"][0] and len(diff["budget_line"][1]) == 1
    count = changes(session)
    session.remove_budget_items(node, [], [LinePath(0, (end,))])
    assert changes(session) - count == 1
    assert rows(session.path) == before


def test_removing_a_line_deletes_it_with_its_sub_lines_and_nothing_else(session):
    node = budget_node(session)
    session.insert_lines(node, LinePath(0, (0, 0)), count=2)   # two sub-lines under line 0
    before, count = rows(session.path), changes(session)
    session.remove_budget_items(node, [], [LinePath(0, (0,))])
    assert changes(session) - count == 3   # the line and its two sub-lines (ON DELETE CASCADE)
    diff = differing(before, rows(session.path))
    assert list(diff) == ["budget_line"] and len(diff["budget_line"][0]) == 3 and not diff["budget_line"][1]
    session.undo_stack.undo()
    assert _content(reopened_node(session, node)) == _content(node)


def _content(node) -> list:
    """The budget as values (row ids aside): what prints."""
    def line(x: BudgetLine) -> tuple:
        return (x.label, x.basis, x.formula, x.formula_unit, x.stated_fen, x.remark, x.stated_text, x.ending,
                x.runs_on, x.numbering, [line(c) for c in x.children])
    return [(g.title, g.text, g.numbering, g.text_runs_on, [line(x) for x in g.lines])
            for g in node.explanation.budget_groups]


def _random_edit(session: Session, node, rng: random.Random) -> None:
    groups = node.explanation.budget_groups
    kind = rng.choice(("cell", "cell", "insert", "child", "remove", "move", "group", "move_group", "clear",
                       "paste", "numbering", "runs_on", "undo", "undo", "redo"))
    if kind == "undo":
        session.undo_stack.undo()
        return
    if kind == "redo":
        session.undo_stack.redo()
        return
    if kind == "group" or not groups:
        session.add_group(node, f"分组{rng.randint(1, 99)}", rng.randint(0, len(groups)))
        return
    g = rng.randrange(len(groups))
    lines = groups[g].lines
    if kind == "move_group":
        session.move_group(node, g, rng.choice((-1, 1)))
    elif kind == "insert" or not lines:
        session.insert_lines(node, LinePath(g, (rng.randint(0, len(lines)),)), count=rng.randint(1, 2))
    elif kind == "child":
        i = rng.randrange(len(lines))
        session.insert_lines(node, LinePath(g, (i, rng.randint(0, len(lines[i].children)))))
    elif kind == "remove":
        doomed = [g] if rng.random() < 0.1 else []
        session.remove_budget_items(node, doomed, [LinePath(g, (rng.randrange(len(lines)),))])
    elif kind == "move":
        session.move_line(node, LinePath(g, (rng.randrange(len(lines)),)), rng.choice((-1, 1)))
    elif kind == "clear":
        session.clear_budget_cells(node, [(g, (rng.randrange(len(lines)),), "stated_fen")])
    elif kind == "paste":
        block = [[f"名称{rng.randint(1, 9)}", "", f"{rng.randint(1, 9)}*12", f"{rng.randint(1, 99)}"]
                 for _ in range(rng.randint(1, 3))]
        session.set_line_cells(node, g, rng.randint(0, len(lines)), 0, block)
    elif kind == "numbering":
        session.set_group_numbering(node, g, rng.choice(("", "（1）", "①")))
    elif kind == "runs_on":
        session.set_line_runs_on(node, LinePath(g, (rng.randrange(len(lines)),)), rng.random() < 0.5)
    else:
        i = rng.randrange(len(lines))
        children = lines[i].children
        where = (i,) if not children or rng.random() < 0.5 else (i, rng.randrange(len(children)))
        session.set_line_cells(node, g, where[-1], rng.randint(0, 4), [[str(rng.randint(1, 500))]],
                               parent=where[:-1])


@pytest.mark.parametrize("seed", range(4))
def test_any_mix_of_edits_undos_and_redos_leaves_the_file_as_shown(session, seed):
    """After every step the file holds exactly the budget in memory, row ids included (the next edit's
    writes are computed from them)."""
    node = budget_node(session)
    rng = random.Random(seed)
    for step in range(60):
        _random_edit(session, node, rng)
        stored = reopened_node(session, node).explanation.budget_groups
        assert stored == node.explanation.budget_groups, f"seed {seed}, step {step}"
