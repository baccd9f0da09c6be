"""Reading and writing the document's rows: the whole document at once, and single edits.

All SQL of the program lives in ``g60desk/store``. Reads assemble the tree from one query per table,
so a document with 20,000 budget lines loads in a handful of statements.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from ..domain.model import (
    FUNDING_FIELDS,
    SECTION_KEYS,
    Acknowledgement,
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingBlock,
    FundingExplanation,
    HistoryEntry,
    Indicator,
    Node,
    Section,
)
from ..domain.values import IndicatorValue

FORM_TEXT_FIELDS = ("template", "framework", "nature", "category", "supervising_dept",
                    "implementing_unit", "overall_goal", "annual_goal")
FORM_DATE_FIELDS = ("planned_start", "planned_end")
FORM_COLUMNS = FORM_TEXT_FIELDS + FORM_DATE_FIELDS + FUNDING_FIELDS


class Connected(Protocol):
    """What the functions here use of a database: its connection (a Store, or the sqlite-utils Database
    of a transaction)."""

    @property
    def conn(self) -> sqlite3.Connection: ...


# ---- writing ---------------------------------------------------------------------------------------

def form_row(node_id: int, form: DeclarationForm) -> dict[str, Any]:
    row: dict[str, Any] = {"node_id": node_id}
    for name in FORM_TEXT_FIELDS:
        row[name] = getattr(form, name)
    for name in FORM_DATE_FIELDS:
        value = getattr(form, name)
        row[name] = value.isoformat() if value else None
    row.update(form.funding.as_dict())
    return row


def indicator_row(node_id: int, position: int, ind: Indicator) -> dict[str, Any]:
    v = ind.value
    return {"node_id": node_id, "position": position, "level1": ind.level1, "level2": ind.level2,
            "name": ind.name, "op": v.op, "number": v.number, "unit": v.unit, "text": v.text}


def line_row(group_id: int, parent_id: int | None, position: int, line: BudgetLine) -> dict[str, Any]:
    return {"group_id": group_id, "parent_id": parent_id, "position": position, "label": line.label,
            "basis": line.basis, "formula": line.formula, "formula_unit": line.formula_unit,
            "stated_fen": line.stated_fen, "remark": line.remark, "stated_text": line.stated_text,
            "ending": line.ending, "runs_on": int(line.runs_on), "numbering": line.numbering}


def _insert(db: Connected, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
    row_id = cursor.lastrowid
    assert row_id is not None   # an INSERT always sets it
    return row_id


def insert_lines(db: Connected, group_id: int, parent_id: int | None, lines: Iterable[BudgetLine]) -> None:
    for position, line in enumerate(lines):
        line.id = _insert(db, "budget_line", line_row(group_id, parent_id, position, line))
        insert_lines(db, group_id, line.id, line.children)


def insert_group(db: Connected, node_id: int, position: int, group: BudgetGroup) -> None:
    group.id = _insert(db, "budget_group", {"node_id": node_id, "position": position,
                                            "title": group.title, "text": group.text,
                                            "numbering": group.numbering,
                                            "text_runs_on": int(group.text_runs_on)})
    insert_lines(db, group.id, None, group.lines)


def insert_declaration(db: Connected, node: Node) -> None:
    """Rows of a declared node's form, sections, indicators and budget groups (node row exists)."""
    assert node.form is not None and node.explanation is not None and node.id is not None
    _insert(db, "form", {**form_row(node.id, node.form), "budget_wording": node.explanation.wording})
    for key in SECTION_KEYS:
        section = node.explanation.sections[key]
        _insert(db, "section", {"node_id": node.id, "key": key, "heading": section.heading,
                                "text": section.text})
    for position, ind in enumerate(node.form.indicators):
        ind.id = _insert(db, "indicator", indicator_row(node.id, position, ind))
    for position, group in enumerate(node.explanation.budget_groups):
        insert_group(db, node.id, position, group)


def insert_node(db: Connected, department_id: int, parent_id: int | None, position: int, node: Node) -> None:
    """A node with its declaration and its whole subtree."""
    node.id = _insert(db, "node", {"department_id": department_id, "parent_id": parent_id,
                                   "position": position, "kind": node.kind, "name": node.name})
    if node.declared:
        insert_declaration(db, node)
    for child_position, child in enumerate(node.children):
        insert_node(db, department_id, node.id, child_position, child)


def insert_department(db: Connected, position: int, dept: Department) -> None:
    dept.id = _insert(db, "department", {"position": position, "name": dept.name,
                                         "budget_units": dept.budget_units, "overview": dept.overview})
    for node_position, node in enumerate(dept.projects):
        insert_node(db, dept.id, None, node_position, node)


def insert_acknowledgement(db: Connected, ack: Acknowledgement) -> int:
    return _insert(db, "acknowledgement", {
        "rule": ack.rule, "path": json.dumps(list(ack.path), ensure_ascii=False), "field": ack.field,
        "fingerprint": ack.fingerprint, "reason": ack.reason, "created": ack.created})


def insert_history(db: Connected, entry: HistoryEntry) -> int:
    return _insert(db, "history", {"time": entry.time, "kind": entry.kind, "digest": entry.digest,
                                   "detail": entry.detail})


#: the meta key of the copy of the last submitted declaration (domain/status.py packs it)
SUBMITTED_COPY_KEY = "submitted_copy"


def set_meta(db: Connected, key: str, value: str) -> None:
    db.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_document(db: Connected, doc: Document) -> None:
    """Write a whole document into an empty schema (inside the caller's transaction)."""
    db.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("budget_year", str(doc.budget_year)), ("template", doc.template)])
    for position, dept in enumerate(doc.departments):
        insert_department(db, position, dept)
    for ack in doc.acknowledgements:
        insert_acknowledgement(db, ack)
    for entry in doc.history:
        insert_history(db, entry)


# ---- reading ---------------------------------------------------------------------------------------

def _rows(db: Connected, sql: str) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def read_document(db: Connected) -> Document:
    """The whole document; ``db`` is anything with a ``conn`` (a Store, a sqlite-utils Database)."""
    meta = {r["key"]: r["value"] for r in _rows(db, "SELECT key, value FROM meta")}
    doc = Document(budget_year=int(meta["budget_year"]), template=meta["template"])

    forms = {r["node_id"]: r for r in _rows(db, "SELECT * FROM form")}
    sections: dict[int, dict[str, Section]] = defaultdict(dict)
    for r in _rows(db, "SELECT node_id, key, heading, text FROM section"):
        sections[r["node_id"]][r["key"]] = Section(key=r["key"], text=r["text"], heading=r["heading"])
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for r in _rows(db, "SELECT * FROM indicator ORDER BY node_id, position"):
        value = IndicatorValue(op=r["op"], number=r["number"], unit=r["unit"], text=r["text"])
        indicators[r["node_id"]].append(Indicator(level1=r["level1"], level2=r["level2"], name=r["name"],
                                                  value=value, id=r["id"]))
    groups: dict[int, list[BudgetGroup]] = defaultdict(list)
    groups_by_id: dict[int, BudgetGroup] = {}
    for r in _rows(db, "SELECT * FROM budget_group ORDER BY node_id, position"):
        group = BudgetGroup(title=r["title"], text=r["text"], id=r["id"], numbering=r["numbering"],
                            text_runs_on=bool(r["text_runs_on"]))
        groups[r["node_id"]].append(group)
        groups_by_id[r["id"]] = group
    line_rows = _rows(db, "SELECT * FROM budget_line ORDER BY group_id, position")
    lines_by_id = {r["id"]: BudgetLine(label=r["label"], basis=r["basis"], formula=r["formula"],
                                       formula_unit=r["formula_unit"], stated_fen=r["stated_fen"],
                                       remark=r["remark"], id=r["id"], stated_text=r["stated_text"],
                                       ending=r["ending"], runs_on=bool(r["runs_on"]),
                                       numbering=r["numbering"]) for r in line_rows}
    # link after creating every object: a moved line's parent may have a larger id than the line
    for r in line_rows:
        line = lines_by_id[r["id"]]
        if r["parent_id"] is None:
            groups_by_id[r["group_id"]].lines.append(line)
        else:
            lines_by_id[r["parent_id"]].children.append(line)

    nodes_by_id: dict[int, Node] = {}
    depts: dict[int, Department] = {}
    for r in _rows(db, "SELECT * FROM department ORDER BY position"):
        dept = Department(name=r["name"], budget_units=r["budget_units"], overview=r["overview"], id=r["id"])
        depts[r["id"]] = dept
        doc.departments.append(dept)
    node_rows = _rows(db, "SELECT * FROM node ORDER BY department_id, position")
    for r in node_rows:
        node = Node(name=r["name"], kind=r["kind"], id=r["id"])
        if r["id"] in forms:
            node.form = _form_from_row(forms[r["id"]], indicators.get(r["id"], []))
            explanation = FundingExplanation(wording=forms[r["id"]]["budget_wording"])
            explanation.sections.update(sections.get(r["id"], {}))
            explanation.budget_groups = groups.get(r["id"], [])
            node.explanation = explanation
        nodes_by_id[r["id"]] = node
    for r in node_rows:
        node = nodes_by_id[r["id"]]
        if r["parent_id"] is None:
            depts[r["department_id"]].projects.append(node)
        else:
            nodes_by_id[r["parent_id"]].children.append(node)

    for r in _rows(db, "SELECT * FROM acknowledgement ORDER BY id"):
        doc.acknowledgements.append(Acknowledgement(
            rule=r["rule"], path=tuple(json.loads(r["path"])), field=r["field"],
            fingerprint=r["fingerprint"], reason=r["reason"], created=r["created"]))
    for r in _rows(db, "SELECT * FROM history ORDER BY id"):
        doc.history.append(HistoryEntry(time=r["time"], kind=r["kind"], digest=r["digest"], detail=r["detail"]))
    return doc


def _form_from_row(row: dict[str, Any], indicators: list[Indicator]) -> DeclarationForm:
    return DeclarationForm(
        **{name: row[name] for name in FORM_TEXT_FIELDS},
        planned_start=_date_or_none(row["planned_start"]),
        planned_end=_date_or_none(row["planned_end"]),
        funding=FundingBlock(**{name: row[name] for name in FUNDING_FIELDS}),
        indicators=indicators,
    )


# ---- single edits (each called inside Store.transaction) ---------------------------------------------

DEPARTMENT_FIELDS = ("name", "budget_units", "overview")


def update_department(db: Connected, dept_id: int, values: dict[str, Any]) -> None:
    assert set(values) <= set(DEPARTMENT_FIELDS)
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.conn.execute(f"UPDATE department SET {assignments} WHERE id = ?", (*values.values(), dept_id))


def update_node(db: Connected, node_id: int, values: dict[str, Any]) -> None:
    assert set(values) <= {"name", "kind", "parent_id", "position", "department_id"}
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.conn.execute(f"UPDATE node SET {assignments} WHERE id = ?", (*values.values(), node_id))


def update_form(db: Connected, node_id: int, values: dict[str, Any]) -> None:
    """Set form columns; dates are given as date|None and stored as ISO text."""
    assert set(values) <= set(FORM_COLUMNS)
    row = {name: (v.isoformat() if isinstance(v, date) else v) for name, v in values.items()}
    assignments = ", ".join(f"{name} = ?" for name in row)
    db.conn.execute(f"UPDATE form SET {assignments} WHERE node_id = ?", (*row.values(), node_id))


def update_budget_wording(db: Connected, node_id: int, wording: str) -> None:
    db.conn.execute("UPDATE form SET budget_wording = ? WHERE node_id = ?", (wording, node_id))


def update_section(db: Connected, node_id: int, section: Section) -> None:
    db.conn.execute("UPDATE section SET heading = ?, text = ? WHERE node_id = ? AND key = ?",
                    (section.heading, section.text, node_id, section.key))


def replace_indicators(db: Connected, node_id: int, indicators: list[Indicator]) -> None:
    db.conn.execute("DELETE FROM indicator WHERE node_id = ?", (node_id,))
    for position, ind in enumerate(indicators):
        ind.id = _insert(db, "indicator", indicator_row(node_id, position, ind))


def replace_budget(db: Connected, node_id: int, groups: list[BudgetGroup]) -> None:
    db.conn.execute("DELETE FROM budget_group WHERE node_id = ?", (node_id,))
    for position, group in enumerate(groups):
        insert_group(db, node_id, position, group)


def delete_node(db: Connected, node_id: int) -> None:
    db.conn.execute("DELETE FROM node WHERE id = ?", (node_id,))


def delete_declaration(db: Connected, node_id: int) -> None:
    db.conn.execute("DELETE FROM form WHERE node_id = ?", (node_id,))


def renumber(db: Connected, table: str, ids: list[int]) -> None:
    """Write positions 0..n-1 for the given sibling ids (nodes or departments)."""
    assert table in ("node", "department")
    db.conn.executemany(f"UPDATE {table} SET position = ? WHERE id = ?", list(enumerate(ids)))


def replace_acknowledgements(db: Connected, acknowledgements: list[Acknowledgement]) -> None:
    db.conn.execute("DELETE FROM acknowledgement")
    for ack in acknowledgements:
        insert_acknowledgement(db, ack)
