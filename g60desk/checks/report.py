"""The review list (审核报告) as text grouped by node, and as JSON for other programs."""
from __future__ import annotations

from ..domain.model import Document
from ..domain.review import ReviewItem, ReviewList
from ..domain.vocabulary import SEVERITY_LABELS
from .findings import Finding, Operand, acknowledgement_for, count_by_severity
from .places import describe_field


def _node_title(path: tuple[str, ...]) -> str:
    return " › ".join(path[1:])


def _summary(findings: list[Finding], acknowledged: int) -> str:
    counts = count_by_severity(findings)
    return (f"共 {counts['error']} 个错误、{counts['warning']} 个警告（已确认 {acknowledged} 个）、"
            f"{counts['info']} 个提示。")


def format_report(doc: Document, findings: list[Finding], source: str = "") -> str:
    """A 审核报告: a summary line, then per department and per node each finding with its place and message."""
    acks = doc.acknowledgements
    acknowledged = sum(1 for f in findings if acknowledgement_for(f, acks) is not None)
    lines = ["审核报告", f"文件：{source}（{doc.budget_year} 年度）" if source else f"{doc.budget_year} 年度",
             _summary(findings, acknowledged)]
    current_dept, current_path = None, None
    for finding in findings:
        if finding.path[:1] != current_dept:
            current_dept, current_path = finding.path[:1], None
            lines += ["", f"【{finding.path[0]}】"]
        if finding.path != current_path:
            current_path = finding.path
            if len(finding.path) > 1:
                lines.append(f"■ {_node_title(finding.path)}")
        where = describe_field(doc.find(finding.path), finding.field)
        lines.append(f"  [{SEVERITY_LABELS[finding.severity]}] {finding.rule}  {where}")
        lines.append(f"      {finding.message}")
        if finding.fix:
            lines.append(f"      建议：{finding.fix}")
        ack = acknowledgement_for(finding, acks)
        if ack is not None:
            lines.append(f"      已确认（{ack.created}）：{ack.reason}")
    lines.append("")
    errors = count_by_severity(findings)["error"]
    lines.append(f"结论：有 {errors} 个错误，改正后才能导出报送文件。" if errors else "结论：没有错误。")
    return "\n".join(lines)


def operand_place(doc: Document, finding: Finding, operand: Operand) -> str:
    """Where an operand is, in the clerk's words; a cell of another node is named with that node."""
    path = tuple(operand.path) or finding.path
    where = describe_field(doc.find(path), operand.field)
    if path != finding.path and len(path) > 1:
        return f"{_node_title(path)}·{where}"
    return where


def findings_json(doc: Document, findings: list[Finding]) -> dict[str, list[dict[str, object]]]:
    """{"findings": [{"rule", "severity", "path", "field", "message", "acknowledged", "operands", "fix"}, …]}.

    ``operands``: the cells the rule read, each {"place" (in the clerk's words), "value" (as the form shows it),
    "path" and "field" (where it is, for a program)}; ``fix``: a hint of the correction, or null."""
    acks = doc.acknowledgements
    return {"findings": [{"rule": f.rule, "severity": f.severity, "path": list(f.path), "field": f.field,
                          "message": f.message, "acknowledged": acknowledgement_for(f, acks) is not None,
                          "operands": [{"place": operand_place(doc, f, o), "value": o.value,
                                        "path": list(o.path or f.path), "field": o.field} for o in f.operands],
                          "fix": f.fix or None}
                         for f in findings]}


def review_list(doc: Document, findings: list[Finding], paths: list[tuple[str, ...]] | None = None,
                checked_at: str | None = None) -> ReviewList:
    """The 审核清单 of a print job: the open 错误 and 警告 and every acknowledged 警告 (with its reason and
    time) at or below ``paths`` (the whole file when None), in tree order. 提示 are left out."""
    from datetime import datetime

    acks = doc.acknowledgements
    items = []
    for finding in findings:
        if finding.severity not in ("error", "warning"):
            continue
        if paths is not None and not any(tuple(finding.path[:len(p)]) == tuple(p) for p in paths):
            continue
        ack = acknowledgement_for(finding, acks)
        items.append(ReviewItem(
            severity=finding.severity, rule=finding.rule,
            node=_node_title(finding.path) or finding.path[0], place=describe_field(doc.find(finding.path),
                                                                                    finding.field),
            message=finding.message, reason=ack.reason if ack else "", acknowledged_at=ack.created if ack else ""))
    return ReviewList(checked_at or datetime.now().strftime("%Y-%m-%d %H:%M"), items)
