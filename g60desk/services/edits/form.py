"""Editing a 申报表's header, 项目资金 and goals, and the texts of its 项目经费情况说明."""
from __future__ import annotations

import copy
from collections.abc import Mapping

from ...domain.dates import parse_date
from ...domain.fields import FormValue, form_value, parse_field, set_form_value
from ...domain.model import FUNDING_FIELDS, SECTION_KEYS, Node, Section, explanation_of, form_of
from ...domain.money import parse_money
from ...domain.templates import Template, template_of
from ...domain.vocabulary import FIELD_LABELS, SECTION_HEADINGS
from ...store import repository
from ..undo import ValueCommand
from .core import Change, EditCore, Scope, limit_name, limit_text, stored_id

TEXT_FORM_FIELDS = ("nature", "category", "supervising_dept", "implementing_unit", "overall_goal", "annual_goal")
#: form fields that are names: one line, at most limits.NAME_CHARS (domain/limits.py)
NAME_FORM_FIELDS = ("nature", "category", "supervising_dept", "implementing_unit")
DATE_FORM_FIELDS = ("planned_start", "planned_end")
#: Goals keep their line breaks and spaces as typed; the other texts are stripped.
KEEP_SPACES = ("overall_goal", "annual_goal")


def parse_form_field(template: Template, name: str, text: str) -> FormValue:
    """What a person typed into field ``name`` of a form of ``template`` → the stored value (raises
    ParseError/EditRefused). The template's declaration says the type; a key the rules read that this template
    does not print (项目性质 on 上海2022) keeps the type it has everywhere."""
    declared = template.field(name)
    label = declared.label if declared is not None else FIELD_LABELS.get(name, name)
    if declared is not None and declared.type != "text":
        return parse_field(template, declared, text)
    if name in FUNDING_FIELDS:
        return parse_money(text, template.amounts.unit)
    if name in DATE_FORM_FIELDS:
        return parse_date(text)
    if name in NAME_FORM_FIELDS:
        return limit_name(text.strip(), label)
    if declared is None and name not in TEXT_FORM_FIELDS:
        raise KeyError(name)
    keep = name in KEEP_SPACES or template.goal(name) is not None or template.section(name) is not None
    return limit_text(text if keep else text.strip(), label)


class FormEdits(EditCore):
    def parse_form_field(self, node: Node, name: str, text: str) -> FormValue:
        return parse_form_field(template_of(form_of(node)), name, text)

    def set_form_field(self, node: Node, name: str, text: str) -> None:
        self.set_form_values(node, {name: self.parse_form_field(node, name, text)})

    def set_form_values(self, node: Node, values: Mapping[str, FormValue]) -> None:
        """Set several already-parsed form values as one undo step (the template's own fields included)."""
        form = form_of(node)
        changed = {k: v for k, v in values.items() if form_value(form, k) != v}
        if not changed:
            return
        before = {k: form_value(form, k) for k in changed}
        template = template_of(form)
        self._refuse_oversize(node, texts={k: v for k, v in changed.items()
                                           if isinstance(v, str) and k not in repository.FORM_DATE_FIELDS})

        def apply(vals: dict[str, FormValue]) -> None:
            columns: dict[str, object] = {k: v for k, v in vals.items() if k in repository.FORM_COLUMNS}
            if len(columns) < len(vals):   # the template's own fields: the whole extra object is written
                after = copy.copy(form)
                after.extra = dict(form.extra)
                for k, v in vals.items():
                    if k not in columns:
                        set_form_value(after, k, v)
                columns["extra"] = after.extra
            with self.store.transaction() as db:
                repository.update_form(db, stored_id(node), columns)
            for k, v in vals.items():
                set_form_value(form, k, v)
            self._notify(Change(Scope.FORM, node=node, fields=tuple(vals)))
        label = "、".join(template.label(k) if template.field(k) else FIELD_LABELS.get(k, k) for k in changed)
        self._push(ValueCommand(f"修改{label}", apply, before, changed))

    def set_section_text(self, node: Node, key: str, text: str) -> None:
        """One of the texts of the 项目经费情况说明 (its heading stays as it was); a section the template adds is
        kept with the form's own fields."""
        if key not in SECTION_KEYS:
            template = template_of(form_of(node))
            assert template.section(key) is not None
            self.set_form_values(node, {key: limit_text(text, template.heading(key))})
            return
        explanation = explanation_of(node)
        old = explanation.sections[key]
        new = Section(key=key, text=limit_text(text, SECTION_HEADINGS[key]), heading=old.heading)
        if new == old:
            return
        self._refuse_oversize(node, section=new)

        def apply(section: Section) -> None:
            with self.store.transaction() as db:
                repository.update_section(db, stored_id(node), section)
            explanation.sections[key] = section
            self._notify(Change(Scope.SECTIONS, node=node, fields=(key,)))
        self._push(ValueCommand(f"修改{SECTION_HEADINGS[key]}", apply, copy.copy(old), new))
