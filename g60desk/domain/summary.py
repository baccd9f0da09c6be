"""Derived figures of a document: counts and totals per department, the overview paragraph."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Department, Document, Node
from .money import format_wan


@dataclass(frozen=True)
class DepartmentSummary:
    name: str
    projects: int
    sub_projects: int
    declared_forms: int
    total_fen: int
    indicators: int
    budget_lines: int

    def as_dict(self) -> dict[str, str | int]:
        return {"name": self.name, "projects": self.projects, "sub_projects": self.sub_projects,
                "declared_forms": self.declared_forms, "total_fen": self.total_fen,
                "indicators": self.indicators, "budget_lines": self.budget_lines}


def requested_fen(item: Department | Node) -> int | None:
    """年度资金申请总额 of a declared node; for a department or a grouping project the sum below it. A declared
    项目 stands for its declared 子项目 too (F-SUM-05 checks that it is their sum), so they are not added again.
    None when nothing below has an amount (blank is not 0)."""
    if isinstance(item, Node) and item.form is not None:
        return item.form.funding.annual_request_fen
    children = item.projects if isinstance(item, Department) else item.children
    amounts = [a for a in (requested_fen(child) for child in children) if a is not None]
    return sum(amounts) if amounts else None


def summarize_department(dept: Department) -> DepartmentSummary:
    nodes = [node for _, node in dept.iter_nodes()]
    forms = [n.form for n in nodes if n.form is not None]
    explanations = [n.explanation for n in nodes if n.explanation is not None]
    return DepartmentSummary(
        name=dept.name,
        projects=sum(1 for n in nodes if n.kind == "project"),
        sub_projects=sum(1 for n in nodes if n.kind == "sub_project"),
        declared_forms=len(forms),
        total_fen=requested_fen(dept) or 0,
        indicators=sum(len(form.indicators) for form in forms),
        budget_lines=sum(1 for explanation in explanations for _ in explanation.iter_lines()),
    )


def summarize(doc: Document) -> list[DepartmentSummary]:
    return [summarize_department(d) for d in doc.departments]


def derived_overview(dept: Department, budget_year: int) -> str:
    """绩效目标设置情况 as the program would write it from the data."""
    s = summarize_department(dept)
    return (f"按照本市预算绩效管理工作的总体要求，本部门 {dept.budget_units} 个预算单位开展了 {budget_year} 年"
            f"项目预算绩效目标编报工作，编报绩效目标的项目 {s.declared_forms} 个，涉及项目预算资金 "
            f"{format_wan(s.total_fen)} 万元。")
