"""Reading and writing the document's rows: the whole document at once, and single edits.

All SQL of the program lives in ``g60desk/store``. Reads assemble the tree from one query per table,
so a document with 20,000 budget lines loads in a handful of statements.
"""
from __future__ import annotations

import bisect
import gc
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any, Protocol, cast

from ..domain.model import (
    FUNDING_FIELDS,
    NO_EXTRA,
    SECTION_KEYS,
    Acknowledgement,
    AmountUnit,
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
from ..domain.template_file import TemplateError, parse_template
from ..domain.templates import Template, TemplateMissing, attach_templates, template_of, templates_in
from ..domain.validate import MAX_LINE_LEVELS, MAX_NODE_LEVELS
from ..domain.values import IndicatorValue
from .errors import FileRefused

FORM_TEXT_FIELDS = ("template", "framework", "nature", "category", "supervising_dept",
                    "implementing_unit", "overall_goal", "annual_goal")
FORM_DATE_FIELDS = ("planned_start", "planned_end")
FORM_COLUMNS = FORM_TEXT_FIELDS + FORM_DATE_FIELDS + FUNDING_FIELDS + ("extra",)


class Connected(Protocol):
    """What the functions here use of a database: its connection (a Store, or the sqlite-utils Database
    of a transaction)."""

    @property
    def conn(self) -> sqlite3.Connection: ...


# ---- writing ---------------------------------------------------------------------------------------

def extra_text(extra: dict[str, Any]) -> str:
    """The fields a template adds, as stored: '' when there are none, else a JSON object in key order."""
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


def form_row(node_id: int, form: DeclarationForm) -> dict[str, Any]:
    row: dict[str, Any] = {"node_id": node_id, "extra": extra_text(form.extra)}
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
            "name": ind.name, "op": v.op, "number": v.number, "unit": v.unit, "text": v.text,
            "extra": extra_text(ind.extra)}


def line_row(group_id: int, parent_id: int | None, position: int, line: BudgetLine) -> dict[str, Any]:
    return {"group_id": group_id, "parent_id": parent_id, "position": position, "label": line.label,
            "basis": line.basis, "formula": line.formula, "formula_unit": line.formula_unit,
            "stated_fen": line.stated_fen, "remark": line.remark, "stated_text": line.stated_text,
            "ending": line.ending, "runs_on": int(line.runs_on), "numbering": line.numbering,
            "extra": extra_text(line.extra)}


def group_row(node_id: int, position: int, group: BudgetGroup) -> dict[str, Any]:
    return {"node_id": node_id, "position": position, "title": group.title, "text": group.text,
            "numbering": group.numbering, "text_runs_on": int(group.text_runs_on)}


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
    group.id = _insert(db, "budget_group", group_row(node_id, position, group))
    insert_lines(db, group.id, None, group.lines)


def insert_declaration(db: Connected, node: Node) -> None:
    """Rows of a declared node's form, sections, indicators and budget groups (node row exists)."""
    assert node.form is not None and node.explanation is not None and node.id is not None
    write_templates(db, [template_of(node.form)])
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
    write_templates(db, templates_in(doc).values())


def write_templates(db: Connected, templates: Iterable[Template]) -> None:
    """Add the definitions the file does not have yet (a file carries every template its forms use)."""
    for template in templates:
        db.conn.execute("INSERT INTO template (id, version, text) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        (template.id, template.version, template.text))


def stored_templates(db: Connected) -> dict[str, Template]:
    """The templates the file carries, each read and checked as any template file (they came with the file)."""
    out: dict[str, Template] = {}
    for template_id, version, text in db.conn.execute("SELECT id, version, text FROM template ORDER BY id"):
        try:
            template = parse_template(text, f"{template_id}（第 {version} 版）")
        except TemplateError as exc:
            raise FileRefused(f"文件中的模板有错误，无法使用：{exc.message}") from None
        if (template.id, template.version) != (template_id, version):
            raise FileRefused(f"文件中标为“{template_id}”第 {version} 版的模板，内容却是“{template.id}”"
                              f"第 {template.version} 版：文件可能被改动过，不予打开。")
        out[template.id] = template
    return out


# ---- reading ---------------------------------------------------------------------------------------

def _rows(db: Connected, sql: str) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


class CorruptFile(ValueError):
    """Rows that do not make one document (an orphan, a loop, a value of the wrong kind); the message
    says which, in Chinese."""


def _date_or_none(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CorruptFile(f"日期“{str(text)[:20]}”不是 YYYY-MM-DD 格式") from None


def _meta(db: Connected) -> tuple[int, str]:
    meta = {r["key"]: r["value"] for r in _rows(db, "SELECT key, value FROM meta")}
    year, template = meta.get("budget_year"), meta.get("template")
    if year is None or template is None:
        raise CorruptFile("缺少预算年度或模板")
    year = year.strip()
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise CorruptFile(f"预算年度“{year[:20]}”不是四位数的年份")
    return int(year), template


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading makes hundreds of thousands of objects and no reference cycles: the collector, run again and again
    meanwhile, walked all of them each time it reached its oldest generation (a third of reading 5,000 forms). (Its
    first pass afterwards still walks them once; the session freezes a large document before that, in a pause of its
    own around the load.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_document(db: Connected) -> Document:
    """The whole document; ``db`` is anything with a ``conn`` (a Store, a sqlite-utils Database).
    Raises CorruptFile when the rows do not form one tree (orphans, loops, bad dates or metadata)."""
    with gc_paused():
        return _read_document(db)


def _read_document(db: Connected) -> Document:
    year, template = _meta(db)
    doc = Document(budget_year=year, template=template, templates=stored_templates(db))

    forms = {r["node_id"]: r for r in _rows(db, "SELECT * FROM form")}
    # the big tables are read row by row as tuples (a dict per row made the peak of reading a 5,000-form file
    # half again the size of the document)
    # the same few words recur in every form (成本指标, 数量指标, 万元, ≥, wan, the section keys …): one string
    # object each, not one per row (a tenth of a 5,000-form document's memory)
    shared: dict[str, str] = {}
    same = shared.setdefault
    sections: dict[int, dict[str, Section]] = defaultdict(dict)
    for node_id, key, heading, text in db.conn.execute("SELECT node_id, key, heading, text FROM section"):
        key = same(key, key)
        sections[node_id][key] = Section(key=key, text=text, heading=heading)
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    # an IndicatorValue is frozen: the few thousand different values of a big file are made once each and shared
    # (“≥95%”, “完成” recur in every form), not once per row
    values: dict[tuple[str | None, str | None, str, str], IndicatorValue] = {}
    for ind_id, node_id, level1, level2, name, op, number, unit, text, extra in db.conn.execute(
            "SELECT id, node_id, level1, level2, name, op, number, unit, text, extra FROM indicator "
            "ORDER BY node_id, position"):
        key = (op, number, unit, text)
        value = values.get(key)
        if value is None:
            value = values[key] = IndicatorValue(op=op, number=number, unit=unit, text=text)
        indicators[node_id].append(Indicator(level1=same(level1, level1), level2=same(level2, level2), name=name,
                                             id=ind_id, value=value, extra=_extra(extra) if extra else NO_EXTRA))
    groups: dict[int, list[BudgetGroup]] = defaultdict(list)
    groups_by_id: dict[int, BudgetGroup] = {}
    for group_id, node_id, title, text, numbering, runs_on in db.conn.execute(
            "SELECT id, node_id, title, text, numbering, text_runs_on FROM budget_group ORDER BY node_id, position"):
        group = BudgetGroup(title=title, text=text, id=group_id, numbering=same(numbering, numbering),
                            text_runs_on=bool(runs_on))
        groups[node_id].append(group)
        groups_by_id[group_id] = group
    _no_orphans("申报表的各部分", set(sections) | set(indicators) | set(groups), set(forms))
    _link_lines(db, groups_by_id, same)

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
            stored = sections.get(r["id"], {})   # (seven Sections made by default and then replaced cost a tenth)
            explanation = FundingExplanation(sections={key: stored.get(key) or Section(key) for key in SECTION_KEYS},
                                             budget_groups=groups.get(r["id"], []),
                                             wording=forms[r["id"]]["budget_wording"])
            node.explanation = explanation
        nodes_by_id[r["id"]] = node
    _no_orphans("申报表", set(forms), set(nodes_by_id))
    incomplete = [node_id for node_id in forms if len(sections.get(node_id, ())) != len(SECTION_KEYS)]
    if incomplete:   # an edit of a missing section would update no row and be lost
        raise CorruptFile(f"有 {len(incomplete)} 张申报表的项目经费情况说明缺少部分")
    dept_of = {r["id"]: r["department_id"] for r in node_rows}
    for r in node_rows:
        node = nodes_by_id[r["id"]]
        if r["department_id"] not in depts:
            raise CorruptFile(f"项目“{node.name[:40]}”不属于任何部门")
        if r["parent_id"] is None:
            depts[r["department_id"]].projects.append(node)
        elif dept_of.get(r["parent_id"]) != r["department_id"]:
            raise CorruptFile(f"项目“{node.name[:40]}”的上级项目不存在或属于另一个部门")
        else:
            nodes_by_id[r["parent_id"]].children.append(node)
    _reachable(len(node_rows), [n for d in doc.departments for n in d.projects], MAX_NODE_LEVELS, "项目")

    for r in _rows(db, "SELECT * FROM acknowledgement ORDER BY id"):
        path = json.loads(r["path"])
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            raise CorruptFile("已确认的警告的位置不是一串名称")
        doc.acknowledgements.append(Acknowledgement(
            rule=r["rule"], path=tuple(path), field=r["field"],
            fingerprint=r["fingerprint"], reason=r["reason"], created=r["created"]))
    for r in _rows(db, "SELECT * FROM history ORDER BY id"):
        doc.history.append(HistoryEntry(time=r["time"], kind=r["kind"], digest=r["digest"], detail=r["detail"]))
    try:
        return attach_templates(doc)
    except TemplateMissing as exc:
        raise FileRefused(f"文件不能打开：{exc.message}") from None


def _extra(text: str) -> dict[str, Any]:
    """The stored JSON of a template's own fields: an object of text, whole numbers and nulls (else refused)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise FileRefused("文件中模板字段的内容无法读取：文件可能被改动过，不予打开。") from None
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str) or type(v) is int) for k, v in value.items()):
        raise FileRefused("文件中模板字段的内容格式不对：文件可能被改动过，不予打开。")
    return value


def _no_orphans(what: str, referring: set[int], existing: set[int]) -> None:
    orphans = referring - existing
    if orphans:
        raise CorruptFile(f"有 {len(orphans)} 处{what}找不到所属的项目")


def _link_lines(db: Connected, groups_by_id: dict[int, BudgetGroup], same: Callable[[str, str], str]) -> None:
    """Hang every budget line under its group or its parent line; refuse orphans and loops. Rows are read as
    tuples; ``same`` gives one string object for the words that recur (see read_document)."""
    lines_by_id: dict[int, tuple[BudgetLine, int]] = {}
    links: list[tuple[BudgetLine, int, int | None]] = []
    # in the order of the index budget_line_group: a group's lines by parent, each parent's by position (the order
    # siblings are hung in); ORDER BY group_id, position sorted every row again in a temporary tree
    for (line_id, group_id, parent_id, label, basis, formula, formula_unit, stated_fen, remark, stated_text, ending,
         runs_on, numbering, extra) in db.conn.execute(
            "SELECT id, group_id, parent_id, label, basis, formula, formula_unit, stated_fen, remark, stated_text, "
            "ending, runs_on, numbering, extra FROM budget_line ORDER BY group_id, parent_id, position"):
        unit = cast(AmountUnit, same(formula_unit, formula_unit))   # the column's CHECK allows only these
        line = BudgetLine(label=label, basis=basis, formula=formula, formula_unit=unit,
                          stated_fen=stated_fen, remark=same(remark, remark), id=line_id, stated_text=stated_text,
                          ending=same(ending, ending), runs_on=bool(runs_on), numbering=same(numbering, numbering),
                          extra=_extra(extra) if extra else NO_EXTRA)
        lines_by_id[line_id] = (line, group_id)
        links.append((line, group_id, parent_id))
    # link after creating every object: a moved line's parent may have a larger id than the line
    for line, group_id, parent_id in links:
        if group_id not in groups_by_id:
            raise CorruptFile(f"预算明细“{line.label[:40]}”找不到所属的分组")
        if parent_id is None:
            groups_by_id[group_id].lines.append(line)
            continue
        parent = lines_by_id.get(parent_id)
        if parent is None or parent[1] != group_id:
            raise CorruptFile(f"预算明细“{line.label[:40]}”的上级明细不存在或属于另一个分组")
        parent[0].children.append(line)
    _reachable(len(links), [line for group in groups_by_id.values() for line in group.lines], MAX_LINE_LEVELS,
               "预算明细")


_children = attrgetter("children")


def _reachable(count: int, roots: list[Any], max_levels: int, what: str) -> None:
    """All ``count`` rows hang from the roots (no loops) and no deeper than ``max_levels`` — walked a level at a
    time without recursion, so a hostile chain of 100,000 levels is refused instead of crashing (each row hangs
    under one parent: what the roots reach is a tree)."""
    seen, level, items = 0, 1, roots
    while items:
        if level > max_levels:
            raise CorruptFile(f"{what}的层级超过 {max_levels} 层")
        seen += len(items)
        items = list(chain.from_iterable(map(_children, items)))
        level += 1
    if seen != count:
        raise CorruptFile(f"{what}的上下级关系形成了循环")


def _form_from_row(row: dict[str, Any], indicators: list[Indicator]) -> DeclarationForm:
    return DeclarationForm(
        **{name: row[name] for name in FORM_TEXT_FIELDS},
        planned_start=_date_or_none(row["planned_start"]),
        planned_end=_date_or_none(row["planned_end"]),
        funding=FundingBlock(**{name: row[name] for name in FUNDING_FIELDS}),
        indicators=indicators,
        extra=_extra(row["extra"]),
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
    row = {name: (v.isoformat() if isinstance(v, date) else extra_text(v) if name == "extra" else v)
           for name, v in values.items()}
    assignments = ", ".join(f"{name} = ?" for name in row)
    db.conn.execute(f"UPDATE form SET {assignments} WHERE node_id = ?", (*row.values(), node_id))


def update_budget_wording(db: Connected, node_id: int, wording: str) -> None:
    db.conn.execute("UPDATE form SET budget_wording = ? WHERE node_id = ?", (wording, node_id))


def update_section(db: Connected, node_id: int, section: Section) -> None:
    db.conn.execute("UPDATE section SET heading = ?, text = ? WHERE node_id = ? AND key = ?",
                    (section.heading, section.text, node_id, section.key))


def kept_positions(old: list[int | None]) -> list[int]:
    """Positions for siblings in their new order, given each one's stored position (None for a row that is new
    among these siblings): strictly increasing, keeping as many stored positions as possible, so that typing a
    cell, deleting a row (its place stays empty: order is all positions mean) or appending one moves nothing.
    A new row takes a free position between its neighbours; where there is none, the siblings are 0, 1, 2 …"""
    keep = _longest_increasing(old)
    result: list[int | None] = [old[i] if i in keep else None for i in range(len(old))]
    previous, i = -1, 0
    while i < len(result):
        current = result[i]
        if current is not None:
            previous, i = current, i + 1
            continue
        j = i
        while j < len(result) and result[j] is None:
            j += 1
        following = result[j] if j < len(result) else None
        if following is not None and following - previous - 1 < j - i:
            return list(range(len(old)))
        for k in range(i, j):
            previous += 1
            result[k] = previous
        i = j
    return [p for p in result if p is not None]


def _longest_increasing(values: list[int | None]) -> set[int]:
    """Indices of a longest strictly increasing run (not necessarily adjacent) of the non-None values."""
    tails: list[int] = []          # smallest tail value of an increasing run of each length
    tail_index: list[int] = []
    before: dict[int, int | None] = {}
    for i, value in enumerate(values):
        if value is None:
            continue
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k], tail_index[k] = value, i
        before[i] = tail_index[k - 1] if k else None
    chosen: set[int] = set()
    at = tail_index[-1] if tail_index else None
    while at is not None:
        chosen.add(at)
        at = before[at]
    return chosen


def _update(db: Connected, table: str, row_id: int, old: dict[str, Any], new: dict[str, Any]) -> None:
    """UPDATE only the columns whose value differs (nothing when none does)."""
    changed = {name: value for name, value in new.items() if old[name] != value}
    if changed:
        assignments = ", ".join(f"{name} = ?" for name in changed)
        db.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*changed.values(), row_id))


def _match(rows: list[Any], stored: dict[int, dict[str, Any]], taken: set[int]) -> list[dict[str, Any] | None]:
    """The stored row each of ``rows`` (groups, lines or indicators) is: the one with its id, unless that row is
    taken already; None for a row to insert."""
    matched: list[dict[str, Any] | None] = []
    for row in rows:
        old = stored.get(row.id) if row.id is not None and row.id not in taken else None
        if old is not None:
            taken.add(row.id)
        matched.append(old)
    return matched


def sync_indicators(db: Connected, node_id: int, target: list[Indicator]) -> None:
    """Make the form's stored 绩效指标 ``target``: a changed cell is one UPDATE, a new row one INSERT, a removed
    row one DELETE (as :func:`sync_budget` does for the budget)."""
    stored = {r["id"]: r for r in _rows(db, f"SELECT * FROM indicator WHERE node_id = {int(node_id)}")}
    taken: set[int] = set()
    matched = _match(target, stored, taken)
    positions = kept_positions([old["position"] if old is not None else None for old in matched])
    for ind, old, position in zip(target, matched, positions):
        row = indicator_row(node_id, position, ind)
        if old is None:
            ind.id = _insert(db, "indicator", row)
        else:
            _update(db, "indicator", old["id"], old, row)
    db.conn.executemany("DELETE FROM indicator WHERE id = ?", [(i,) for i in stored if i not in taken])


def sync_budget(db: Connected, node_id: int, target: list[BudgetGroup]) -> None:
    """Make the node's stored 六、年度预算安排 ``target``, writing only what differs from the rows the file holds:
    a changed cell is one UPDATE of one row, a new line one INSERT, a removed line one DELETE (its sub-lines go
    with it, ON DELETE CASCADE); a line that moved keeps its row and gets its new place.

    A group or line of ``target`` whose id is a row of this node becomes that row; any other (a new one, or one
    an undo brings back after its row was deleted) is inserted and given its new id."""
    groups = {r["id"]: r for r in _rows(db, f"SELECT * FROM budget_group WHERE node_id = {int(node_id)}")}
    lines: dict[int, dict[str, Any]] = {}
    if groups:
        ids = ", ".join(str(int(i)) for i in groups)
        lines = {r["id"]: r for r in _rows(db, f"SELECT * FROM budget_line WHERE group_id IN ({ids})")}
    taken_groups: set[int] = set()
    taken_lines: set[int] = set()

    def put_lines(group_id: int, parent_id: int | None, siblings: list[BudgetLine]) -> None:
        matched = _match(siblings, lines, taken_lines)
        positions = kept_positions([old["position"] if old is not None and old["group_id"] == group_id
                                    and old["parent_id"] == parent_id else None for old in matched])
        for line, old, position in zip(siblings, matched, positions):
            row = line_row(group_id, parent_id, position, line)
            if old is None:
                line_id = line.id = _insert(db, "budget_line", row)
            else:
                line_id = old["id"]
                _update(db, "budget_line", line_id, old, row)
            put_lines(group_id, line_id, line.children)

    matched = _match(target, groups, taken_groups)
    positions = kept_positions([old["position"] if old is not None else None for old in matched])
    for group, old, position in zip(target, matched, positions):
        row = group_row(node_id, position, group)
        if old is None:
            group_id = group.id = _insert(db, "budget_group", row)
        else:
            group_id = old["id"]
            _update(db, "budget_group", group_id, old, row)
        put_lines(group_id, None, group.lines)
    gone_groups = {i for i in groups if i not in taken_groups}
    gone_lines = {i for i in lines if i not in taken_lines}
    db.conn.executemany("DELETE FROM budget_group WHERE id = ?", [(i,) for i in gone_groups])
    # a line of a deleted group, or below a deleted line, goes with it (ON DELETE CASCADE)
    topmost = [i for i in gone_lines
               if lines[i]["group_id"] not in gone_groups and lines[i]["parent_id"] not in gone_lines]
    db.conn.executemany("DELETE FROM budget_line WHERE id = ?", [(i,) for i in topmost])


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
