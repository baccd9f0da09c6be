"""A template of the list layout (docs/templates.md, e.g. 四川's 部门预算项目绩效目标申报表): one table per department,
the department's row with its total, then each declared node's fields in columns that span its indicator rows."""
from __future__ import annotations

from reportlab.platypus import Flowable

from ..domain.fields import form_value
from ..domain.layout import column_places, printed_order
from ..domain.model import Department, Indicator, Node, form_of
from ..domain.templates import Field, Template, template_of
from .form import FormBuilder, widths
from .grid import Cell, Grid, Row
from .styles import FRAME_HEIGHT


class ListBuilder:
    """The list table of ``nodes`` (declared, of one template) of a department."""

    def __init__(self, forms: FormBuilder):
        self.forms = forms

    def node_fields(self, template: Template) -> list[Field]:
        """The node's own columns, in declaration order: header fields, funding cells, goals."""
        return [f for f in template.header + template.funding + template.goals if f.place == "top" and not f.join]

    def build(self, dept: Department, nodes: list[Node], template: Template) -> list[Flowable]:
        f = self.forms
        styles = f.styles
        out: list[Flowable] = [styles.bold(template.title.format(year=f.year), styles.title)]
        if template.year_line:
            out.append(styles.p(template.year_line.format(year=f.year), styles.subtitle))
        if any(template.geometry.unit_line):
            out.append(f.unit_line(template))
        fields = self.node_fields(template)
        shift = len(fields)
        header = Row([f.label(field.label, i) for i, field in enumerate(fields)]
                     + [f.label(c.label, shift + col, c.span) for c, col in self._places(template)])
        body = [self.department_row(dept, nodes, template, fields)]
        for node in nodes:
            body += self.node_rows(node, template, fields)
        columns = widths(template.geometry.columns_mm)
        out.append(Grid(body, columns, FRAME_HEIGHT, styles.fonts.name, header=[header]))
        return out

    def _places(self, template: Template) -> list:
        lead = 1 if template.indicators_label else 0
        return [(column, col - lead) for column, col in column_places(template)]

    def department_row(self, dept: Department, nodes: list[Node], template: Template,
                       fields: list[Field]) -> Row:
        """部门 and its total of the template's first funding column (预算数), under that column."""
        cells = [self.forms.text(dept.name, 0)]
        key = template.list_total
        at = next((i for i, field in enumerate(fields) if field.key == key), None)
        if key and at is not None:
            values = [form_value(form_of(n), key) for n in nodes]
            total = sum(v for v in values if isinstance(v, int))
            cells.append(self.forms.amount(template.format_amount(total), at))
        return Row(cells)

    def node_rows(self, node: Node, template: Template, fields: list[Field]) -> list[Row]:
        form = form_of(node)
        f = self.forms
        own: list[Cell] = []
        for i, field in enumerate(fields):
            text = f.value_text(node.name, form, template, field)
            cell = f.amount(text, i) if field.type == "amount" else f.text(text, i, valign="TOP")
            cell.merge = ("node", id(node), i)
            own.append(cell)
        rows = printed_order(form) if template.grouped else list(form.indicators)
        shift = len(fields)
        out = []
        for ind in rows or [Indicator()]:
            cells = list(own)
            if rows:
                for column, col in self._places(template):
                    cell = f.indicator_cell(ind, template, column, shift + col)
                    cell.merge = None   # every row repeats its 一级 and 二级 in a list
                    cells.append(cell)
            out.append(Row(cells))
        return out


def list_nodes(nodes: list[Node]) -> dict[str, list[Node]]:
    """The declared nodes of list-layout templates, by template id, in tree order."""
    found: dict[str, list[Node]] = {}
    for node in nodes:
        if node.form is not None and template_of(node.form).layout == "list":
            found.setdefault(node.form.template, []).append(node)
    return found
