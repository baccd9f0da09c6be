"""What changed between two submissions of one department, field by field, in the clerks' words.

Each change names the place (project › sub-project), the field as the form labels it, and the old and
new value as printed (amounts in 元 or 万元, indicator values in the template's style).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..checks.places import describe_field
from ..domain.fields import form_value, shown
from ..domain.model import FUNDING_FIELDS, SECTION_KEYS, BudgetLine, Department, Node, explanation_of, form_of
from ..domain.money import format_wan_exact
from ..domain.templates import template_of
from ..domain.values import format_value
from ..domain.vocabulary import FIELD_LABELS, FUNDING_PLACE, NODE_KIND_LABELS, SECTION_HEADINGS
from ..domain.wording import NUMBERING_STYLES, WORDING_NAMES, name_of

BLANK = "（空）"
ABSENT = "（无）"
#: texts longer than this are shown as an excerpt around the first difference
TEXT_EXCERPT = 40
HEADER_FIELDS = ("nature", "category", "supervising_dept", "implementing_unit", "planned_start", "planned_end")


@dataclass(frozen=True)
class FieldChange:
    path: tuple[str, ...]
    field: str
    old: str
    new: str

    def __str__(self) -> str:
        place = " › ".join(self.path)
        return f"{place} · {self.field}：{self.old} → {self.new}" if place else f"{self.field}：{self.old} → {self.new}"


def diff_departments(old: Department, new: Department) -> list[FieldChange]:
    """Every difference between two versions of a department; empty when their data are equal."""
    changes = _diff_entries((), _department_entries(old), _department_entries(new))
    old_nodes, new_nodes = dict(old.iter_nodes()), dict(new.iter_nodes())
    for path in _ordered_union(old_nodes, new_nodes):
        a, b = old_nodes.get(path), new_nodes.get(path)
        if a is None or b is None:
            kind = NODE_KIND_LABELS[a.kind if a is not None else b.kind if b is not None else "project"]
            changes.append(FieldChange(path, kind, _node_summary(a), _node_summary(b)))
        else:
            changes += _diff_entries(path, _node_entries(a), _node_entries(b))
    return changes


# ---- flattening ---------------------------------------------------------------------------------------

def _department_entries(dept: Department) -> dict[str, str]:
    return {FIELD_LABELS["budget_units"]: str(dept.budget_units), FIELD_LABELS["overview"]: dept.overview}


def _node_summary(node: Node | None) -> str:
    if node is None:
        return ABSENT
    if not node.declared:
        return "未编报申报表"
    return f"已编报，年度资金申请总额 {_amount(node, form_of(node).funding.annual_request_fen)}"


def _node_entries(node: Node) -> dict[str, str]:
    entries = {"层级": NODE_KIND_LABELS[node.kind], "申报表": "已编报" if node.declared else "未编报"}
    if not node.declared:
        return entries
    form, style = form_of(node), _value_style(node)
    entries["模板"] = form.template
    entries["指标体系"] = form.framework
    template = template_of(form)
    for name in HEADER_FIELDS:   # named and shown as the form does (实施期止 2024.01 on 湘潭, 计划完成日期 2026-12-31)
        field = template.field(name)
        value = getattr(form, name)
        if field is not None:
            entries[describe_field(node, name)] = shown(template, field, value)
        elif value:              # a value the template has no field for (kept from another template)
            entries[FIELD_LABELS[name]] = value.isoformat() if hasattr(value, "isoformat") else value
    for name in FUNDING_FIELDS:
        fen = getattr(form.funding, name)
        if template.field(name) is not None:
            entries[describe_field(node, name)] = _amount(node, fen)
        elif fen is not None:
            entries[FUNDING_PLACE[name]] = _amount(node, fen)
    entries[FIELD_LABELS["overall_goal"]] = form.overall_goal
    entries[FIELD_LABELS["annual_goal"]] = form.annual_goal
    for field in template.form_fields:   # the fields the template adds (项目编码, 中央补助安排 …)
        if field.extra:
            entries[field.label.replace("\n", "")] = shown(template, field, form_value(form, field.key))
    columns = [c for c in template.indicator_columns if c.extra]
    for key, ind in _keyed(form.indicators, lambda i: f"{i.level1}/{i.level2}/{i.name}"):
        entries[f"绩效指标（{key}）"] = format_value(ind.value, style)
        for column in columns:
            entries[f"绩效指标（{key}）{column.label}"] = ind.extra.get(column.key, "")
    for key in SECTION_KEYS:
        section = explanation_of(node).sections[key]
        entries[section.heading or SECTION_HEADINGS[key]] = section.text
    explanation = explanation_of(node)
    entries["预算明细印法"] = WORDING_NAMES.get(explanation.wording, explanation.wording)
    for g_key, group in _keyed(explanation.budget_groups, lambda g: name_of(g.title)):
        entries[f"预算分组（{g_key}）标题"] = group.title
        entries[f"预算分组（{g_key}）说明"] = group.text
        entries[f"预算分组（{g_key}）编号"] = NUMBERING_STYLES.get(group.numbering, group.numbering)
        entries[f"预算分组（{g_key}）说明接排"] = "是" if group.text_runs_on else ""
        _line_entries(entries, g_key, group.lines)
    return entries


def _line_entries(entries: dict[str, str], prefix: str, lines: list[BudgetLine]) -> None:
    for key, line in _keyed(lines, lambda x: name_of(x.label)):
        place = f"{prefix} › {key}"
        amount = _wan(line.stated_fen)
        if line.stated_text:
            amount += f"（写作“{line.stated_text}”）"
        entries[f"预算明细（{place}）{FIELD_LABELS['stated_fen']}"] = amount
        entries[f"预算明细（{place}）{FIELD_LABELS['label']}"] = line.label
        entries[f"预算明细（{place}）{FIELD_LABELS['basis']}"] = line.basis
        formula_unit = "万元" if line.formula_unit == "wan" else "元"
        entries[f"预算明细（{place}）{FIELD_LABELS['formula']}"] = (
            f"{line.formula}（{formula_unit}）" if line.formula else "")
        entries[f"预算明细（{place}）结尾"] = line.ending
        entries[f"预算明细（{place}）{FIELD_LABELS['remark']}"] = line.remark
        entries[f"预算明细（{place}）接排"] = "是" if line.runs_on else ""
        entries[f"预算明细（{place}）子项编号"] = NUMBERING_STYLES.get(line.numbering, line.numbering) \
            if line.children else ""
        for extra_key, value in sorted(line.extra.items()):   # the budget columns the template adds
            entries[f"预算明细（{place}）{extra_key}"] = _wan(value) if isinstance(value, int) else str(value or "")
        _line_entries(entries, place, line.children)


def _keyed(items, key_of):
    """(key, item) with a 第 N 个 suffix on repeated names, so two rows of one name stay apart."""
    seen: dict[str, int] = {}
    for item in items:
        name = key_of(item) or "（未命名）"
        seen[name] = seen.get(name, 0) + 1
        yield (name if seen[name] == 1 else f"{name}（第 {seen[name]} 个）"), item


def _value_style(node: Node) -> str:
    return template_of(form_of(node)).value_style


# ---- comparing ----------------------------------------------------------------------------------------

def _ordered_union(a: dict, b: dict) -> list:
    return list(a) + [key for key in b if key not in a]


def _diff_entries(path: tuple[str, ...], old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    changes = []
    for label in _ordered_union(old, new):
        a, b = old.get(label), new.get(label)
        if a == b or (a is None and b == "") or (b is None and a == ""):
            continue          # a row that came or went shows once, by its filled fields
        if a is None or b is None:
            changes.append(FieldChange(path, label, _shown(a, ABSENT), _shown(b, ABSENT)))
        else:
            changes.append(FieldChange(path, label, *_excerpts(a, b)))
    return changes


def _shown(text: str | None, absent: str) -> str:
    if text is None:
        return absent
    return text if text else BLANK


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """Both texts, or for long ones the part around where they first differ."""
    if max(len(old), len(new)) <= TEXT_EXCERPT:
        return old or BLANK, new or BLANK
    start = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
    start = max(0, start - 10)

    def cut(text: str) -> str:
        piece = text[start:start + TEXT_EXCERPT]
        return ("…" if start else "") + piece + ("…" if start + TEXT_EXCERPT < len(text) else "") or BLANK
    return cut(old), cut(new)


def _amount(node: Node, fen: int | None) -> str:
    """An amount of the form in its template's unit and style: 250 万元 on a 万元 form (湘潭), not 2,500,000.00 元."""
    return BLANK if fen is None else template_of(form_of(node)).amounts.with_unit(fen)


def _wan(fen: int | None) -> str:
    return BLANK if fen is None else f"{format_wan_exact(fen)} 万元"
