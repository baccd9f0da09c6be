"""A document as plain data (dicts, lists, str, int, None) and back — the one canonical shape.

The JSON interchange writes this shape; the digest (校验码) hashes the ``data`` part of it. Key order is
fixed here, so the same document always gives the same bytes.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from .model import (
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
from .values import IndicatorValue

JSON_FORMAT = "g60desk-document"
#: 2: budget lines and groups carry the clerk's wording (optional keys, present when not at their default)
JSON_FORMAT_VERSION = 2

#: Keys a budget line / group has only when they differ from these defaults: data of format 1 (which had
#: none of them) gives the same canonical bytes — and the same 校验码 — in format 2.
LINE_WORDING_DEFAULTS: dict[str, Any] = {"stated_text": "", "ending": "", "runs_on": False, "numbering": ""}
GROUP_WORDING_DEFAULTS: dict[str, Any] = {"numbering": "", "text_runs_on": False}
#: an explanation without a "wording" key is format-1 data: worded as format 1 printed it
WORDING_OF_FORMAT_1 = "legacy"


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def value_to_data(value: IndicatorValue) -> dict[str, Any]:
    return {"op": value.op, "number": value.number, "unit": value.unit, "text": value.text}


def _wording_data(obj: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    return {key: getattr(obj, key) for key, default in defaults.items() if getattr(obj, key) != default}


def line_to_data(line: BudgetLine) -> dict[str, Any]:
    return {
        "label": line.label, "basis": line.basis, "formula": line.formula,
        "formula_unit": line.formula_unit, "stated_fen": line.stated_fen, "remark": line.remark,
        **_wording_data(line, LINE_WORDING_DEFAULTS),
        "children": [line_to_data(child) for child in line.children],
    }


def group_to_data(group: BudgetGroup) -> dict[str, Any]:
    return {"title": group.title, "text": group.text, **_wording_data(group, GROUP_WORDING_DEFAULTS),
            "lines": [line_to_data(line) for line in group.lines]}


def form_to_data(form: DeclarationForm) -> dict[str, Any]:
    return {
        "template": form.template, "framework": form.framework, "nature": form.nature,
        "category": form.category, "supervising_dept": form.supervising_dept,
        "implementing_unit": form.implementing_unit,
        "planned_start": _date(form.planned_start), "planned_end": _date(form.planned_end),
        "funding": form.funding.as_dict(),
        "overall_goal": form.overall_goal, "annual_goal": form.annual_goal,
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name,
                        "value": value_to_data(i.value)} for i in form.indicators],
    }


def explanation_to_data(explanation: FundingExplanation) -> dict[str, Any]:
    wording = {} if explanation.wording == WORDING_OF_FORMAT_1 else {"wording": explanation.wording}
    return {
        "sections": [{"key": s.key, "heading": s.heading, "text": s.text}
                     for s in (explanation.sections[k] for k in SECTION_KEYS)],
        **wording,
        "budget_groups": [group_to_data(g) for g in explanation.budget_groups],
    }


def node_to_data(node: Node) -> dict[str, Any]:
    return {
        "name": node.name, "kind": node.kind,
        "form": form_to_data(node.form) if node.form else None,
        "explanation": explanation_to_data(node.explanation) if node.explanation else None,
        "children": [node_to_data(child) for child in node.children],
    }


def department_to_data(dept: Department) -> dict[str, Any]:
    return {"name": dept.name, "budget_units": dept.budget_units, "overview": dept.overview,
            "projects": [node_to_data(n) for n in dept.projects]}


def data_of(doc: Document) -> dict[str, Any]:
    """The declaration's data: what the digest covers (no history, no acknowledgements)."""
    return {
        "budget_year": doc.budget_year,
        "template": doc.template,
        "departments": [department_to_data(d) for d in doc.departments],
    }


def document_to_data(doc: Document) -> dict[str, Any]:
    """The whole document, as written to JSON."""
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        **data_of(doc),
        "acknowledgements": [{"rule": a.rule, "path": list(a.path), "field": a.field,
                              "fingerprint": a.fingerprint, "reason": a.reason, "created": a.created}
                             for a in doc.acknowledgements],
        "history": [{"time": h.time, "kind": h.kind, "digest": h.digest, "detail": h.detail}
                    for h in doc.history],
    }


def canonical_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(doc: Document) -> str:
    """校验码: SHA-256 of the canonical data; stable across save/reopen/JSON, different after any change.

    The canonical bytes of :func:`data_of` are hashed a department at a time (the same bytes, in the same
    order: its keys sorted are budget_year, departments, template), never held whole: for a 5,000-form file
    they were twice the size of the document itself."""
    return digest_of_parts(doc.budget_year, doc.template,
                           (canonical_bytes(department_to_data(dept)) for dept in doc.departments))


def digest_of_parts(budget_year: int, template: str, departments: Iterable[bytes]) -> str:
    """The 校验码 of a document of ``budget_year`` and ``template`` whose departments have these canonical bytes
    (each :func:`canonical_bytes` of :func:`department_to_data`), in order: one department's bytes serve both
    the file's digest and the department's own (汇总 checks both)."""
    hasher = hashlib.sha256()
    hasher.update(b'{"budget_year":' + canonical_bytes(budget_year) + b',"departments":[')
    for i, part in enumerate(departments):
        if i:
            hasher.update(b",")
        hasher.update(part)
    hasher.update(b'],"template":' + canonical_bytes(template) + b"}")
    return hasher.hexdigest()


def short_digest(full: str) -> str:
    """The 校验码 as printed: the first 16 hex digits in groups of four, upper case."""
    head = full[:16].upper()
    return "-".join(head[i:i + 4] for i in range(0, 16, 4))


# ---- back from data -------------------------------------------------------------------------------

def _value(data: dict[str, Any]) -> IndicatorValue:
    return IndicatorValue(op=data.get("op"), number=data.get("number"),
                          unit=data.get("unit") or "", text=data.get("text") or "")


def _line(data: dict[str, Any]) -> BudgetLine:
    return BudgetLine(label=data["label"], basis=data["basis"], formula=data["formula"],
                      formula_unit=data["formula_unit"], stated_fen=data["stated_fen"],
                      remark=data["remark"], children=[_line(c) for c in data["children"]],
                      **{key: data.get(key, default) for key, default in LINE_WORDING_DEFAULTS.items()})


def _form(data: dict[str, Any]) -> DeclarationForm:
    funding = data["funding"]
    return DeclarationForm(
        template=data["template"], framework=data["framework"], nature=data["nature"],
        category=data["category"], supervising_dept=data["supervising_dept"],
        implementing_unit=data["implementing_unit"],
        planned_start=_parse_date(data["planned_start"]), planned_end=_parse_date(data["planned_end"]),
        funding=FundingBlock(**{k: funding[k] for k in FUNDING_FIELDS}),
        overall_goal=data["overall_goal"], annual_goal=data["annual_goal"],
        indicators=[Indicator(level1=i["level1"], level2=i["level2"], name=i["name"],
                              value=_value(i["value"])) for i in data["indicators"]],
    )


def _explanation(data: dict[str, Any]) -> FundingExplanation:
    explanation = FundingExplanation(wording=data.get("wording", WORDING_OF_FORMAT_1))
    for s in data["sections"]:
        explanation.sections[s["key"]] = Section(key=s["key"], text=s["text"], heading=s["heading"])
    explanation.budget_groups = [
        BudgetGroup(title=g["title"], text=g["text"], lines=[_line(x) for x in g["lines"]],
                    **{key: g.get(key, default) for key, default in GROUP_WORDING_DEFAULTS.items()})
        for g in data["budget_groups"]]
    return explanation


def _node(data: dict[str, Any]) -> Node:
    return Node(name=data["name"], kind=data["kind"],
                form=_form(data["form"]) if data["form"] else None,
                explanation=_explanation(data["explanation"]) if data["explanation"] else None,
                children=[_node(c) for c in data["children"]])


def document_from_data(data: dict[str, Any]) -> Document:
    """Inverse of :func:`document_to_data`. Raises KeyError/TypeError/ValueError on a wrong shape."""
    return Document(
        budget_year=int(data["budget_year"]),
        template=data["template"],
        departments=[Department(name=d["name"], budget_units=d["budget_units"], overview=d["overview"],
                                projects=[_node(n) for n in d["projects"]]) for d in data["departments"]],
        acknowledgements=[Acknowledgement(rule=a["rule"], path=tuple(a["path"]), field=a["field"],
                                          fingerprint=a["fingerprint"], reason=a["reason"],
                                          created=a["created"]) for a in data.get("acknowledgements", [])],
        history=[HistoryEntry(time=h["time"], kind=h["kind"], digest=h["digest"], detail=h["detail"])
                 for h in data.get("history", [])],
    )
