"""Editing a 申报表's header, 项目资金 and goals, and the texts of its 项目经费情况说明."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date

from ...domain.dates import parse_date
from ...domain.model import FUNDING_FIELDS, SECTION_KEYS, DeclarationForm, Node, Section, explanation_of, form_of
from ...domain.money import parse_money
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

#: A stored form value: an amount in 分 (None: blank), a date (None: blank) or a text.
FormValue = int | date | str | None


def parse_form_field(name: str, text: str) -> FormValue:
    """What a person typed into a form field → the stored value (raises ParseError/EditRefused)."""
    if name in FUNDING_FIELDS:
        return parse_money(text, "yuan")
    if name in DATE_FORM_FIELDS:
        return parse_date(text)
    if name in NAME_FORM_FIELDS:
        return limit_name(text.strip(), FIELD_LABELS.get(name, name))
    if name in TEXT_FORM_FIELDS:
        return limit_text(text if name in KEEP_SPACES else text.strip(), FIELD_LABELS.get(name, name))
    raise KeyError(name)


def form_value(form: DeclarationForm, name: str) -> FormValue:
    value: FormValue = getattr(form.funding if name in FUNDING_FIELDS else form, name)
    return value


class FormEdits(EditCore):
    def parse_form_field(self, name: str, text: str) -> FormValue:
        return parse_form_field(name, text)

    def set_form_field(self, node: Node, name: str, text: str) -> None:
        self.set_form_values(node, {name: parse_form_field(name, text)})

    def set_form_values(self, node: Node, values: Mapping[str, FormValue]) -> None:
        """Set several already-parsed form values as one undo step."""
        form = form_of(node)
        changed = {k: v for k, v in values.items() if form_value(form, k) != v}
        if not changed:
            return
        before = {k: form_value(form, k) for k in changed}
        self._refuse_oversize(node, texts={k: v for k, v in changed.items() if k in TEXT_FORM_FIELDS
                                           and isinstance(v, str)})

        def apply(vals: dict[str, FormValue]) -> None:
            with self.store.transaction() as db:
                repository.update_form(db, stored_id(node), vals)
            for k, v in vals.items():
                setattr(form.funding if k in FUNDING_FIELDS else form, k, v)
            self._notify(Change(Scope.FORM, node=node, fields=tuple(vals)))
        label = "、".join(FIELD_LABELS.get(k, k) for k in changed)
        self._push(ValueCommand(f"修改{label}", apply, before, changed))

    def set_section_text(self, node: Node, key: str, text: str) -> None:
        """One of the seven texts of the 项目经费情况说明 (its heading stays as it was)."""
        assert key in SECTION_KEYS
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
