"""基本信息 of a declared node: the template's header fields and funding cells laid out in the rows of the printed
form, with the sums of the template's identities beside what was typed (≠ when they differ)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...domain.fields import edit_text, form_value
from ...domain.model import Node, form_of
from ...domain.money import format_money, format_yuan
from ...domain.templates import Field, Identity, Template, template_of
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..ui_generated.ui_form_page import Ui_FormPage
from .fields import AmountEdit, CommitLineEdit, DateField, show_mark
from .marks import node_marks

#: object names of the funding cells the rules read (tests and the keyboard walk find them by these names)
AMOUNT_NAMES = {
    "project_total_fen": "projectTotalEdit", "fiscal_fen": "fiscalEdit", "other_fen": "otherEdit",
    "annual_request_fen": "annualRequestEdit", "appropriation_fen": "appropriationEdit",
    "carryover_fen": "carryoverEdit", "annual_other_fen": "annualOtherEdit",
}
#: what a field of each type shows while empty
PLACEHOLDERS = {"month": "如 2023.07", "years": "如 3（年）"}


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _rows(fields: list[Field]) -> list[list[Field]]:
    """Fields grouped by the row they print in (header fields after the grid last), pairs in order."""
    by_row: dict[tuple[int, int], list[Field]] = {}
    for f in fields:
        order = {"top": 0, "after": 1, "below": 2}[f.place]
        by_row.setdefault((order, f.row if f.place == "top" else len(by_row)), []).append(f)
    return [sorted(row, key=lambda f: f.pair) for _, row in sorted(by_row.items())]


class FormPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self.form = Ui_FormPage()
        self.form.setupUi(self)
        self.template: Template = template_of(form_of(node))
        self.editors: dict[str, Any] = {}
        self.sum_labels: dict[Identity, QLabel] = {}
        self._build_header()
        self._build_funding()
        self.refresh()

    # ---- building --------------------------------------------------------------------------------
    def _editor(self, field: Field, parent: QWidget) -> Any:
        readonly = getattr(self.session, "readonly", False)
        if field.type == "amount":
            editor: Any = AmountEdit(parent)
            editor.unit = self.template.amounts.unit
            editor.setReadOnly(readonly)
            editor.setObjectName(AMOUNT_NAMES.get(field.key, f"{field.key}Edit"))
            editor.setToolTip(field.label)
        elif field.type == "date":
            editor = DateField(parent)
            editor.edit.setReadOnly(readonly)
            editor.button.setEnabled(not readonly)
            editor.setObjectName(f"{field.key}Edit")
        else:
            editor = CommitLineEdit(parent)
            editor.setReadOnly(readonly)
            editor.setObjectName(f"{field.key}Edit")
            if field.choices:
                how = "，可多选，用“、”分开" if field.type == "checks" else ""
                editor.setPlaceholderText(f"可选：{'、'.join(field.choices)}{how}")
            elif field.type in PLACEHOLDERS:
                editor.setPlaceholderText(PLACEHOLDERS[field.type])
        editor.committed.connect(lambda text, n=field.key: self.commit(n, text))
        self.editors[field.key] = editor
        return editor

    def _place(self, grid: QGridLayout, rows: list[list[Field]], parent: QWidget, first_column: int = 0) -> int:
        """Each row of fields as label/editor pairs, a field's pair at its own columns; returns the rows used."""
        for r, row in enumerate(rows):
            for index, field in enumerate(row):
                pair = field.pair - 1 if field.place == "top" and field.pair else index
                column = first_column + 2 * pair
                grid.addWidget(QLabel(field.label.replace("\n", ""), parent), r, column)
                grid.addWidget(self._editor(field, parent), r, column + 1)
        columns = max((2 * max(f.pair for f in row) for row in rows if row), default=2)
        for column in range(1, columns, 2):
            grid.setColumnStretch(first_column + column, 1)
        return len(rows)

    def _build_header(self) -> None:
        fields = [f for f in self.template.form_fields
                  if f.type != "amount" and f.key not in {g.key for g in self.template.goals}]
        rows = _rows([f for f in fields if not f.join])
        for f in fields:   # a joined field (实施期 止) sits right after the field it prints with
            if f.join:
                row = next(r for r in rows if any(x.row == f.row and x.pair == f.pair and x.place == f.place
                                                  for x in r))
                anchor = next(i for i, x in enumerate(row) if x.pair == f.pair and not x.join)
                row.insert(anchor + 1, f)
        self._place_in_order(self.form.headerGrid, rows, self.form.headerBox)

    def _place_in_order(self, grid: QGridLayout, rows: list[list[Field]], parent: QWidget) -> None:
        """Header rows: pairs left to right in reading order (a joined field takes the next pair)."""
        for r, row in enumerate(rows):
            for index, field in enumerate(row):
                grid.addWidget(QLabel(field.label.replace("\n", ""), parent), r, 2 * index)
                grid.addWidget(self._editor(field, parent), r, 2 * index + 1)
        width = max((len(row) for row in rows), default=1)
        for column in range(1, 2 * width, 2):
            grid.setColumnStretch(column, 1)

    def _build_funding(self) -> None:
        t = self.template
        box = self.form.fundingBox
        if not t.funding:
            box.hide()
            return
        title = t.funding_label.replace("\n", "") or f"项目资金（{t.amounts.unit_word}）"
        box.setTitle(title)
        rows = self._place(self.form.fundingGrid, _rows([f for f in t.funding if not f.join]), box)
        for i, identity in enumerate(t.identities):
            label = QLabel(box)
            label.setObjectName(f"sumLabel{i}")
            self.form.fundingGrid.addWidget(label, rows + i, 0, 1, 6)
            self.sum_labels[identity] = label

    # ---- showing ---------------------------------------------------------------------------------
    def refresh(self, fields: tuple[str, ...] = ()) -> None:
        """Show the stored values (all, or only ``fields``) and the derived sums."""
        form = form_of(self.node)
        for name, editor in self.editors.items():
            if fields and name not in fields:
                continue
            field = self.template.field(name)
            value = form_value(form, name)
            if isinstance(editor, AmountEdit):
                editor.show_fen(value if isinstance(value, int) else None)
            elif isinstance(editor, DateField):
                editor.show_date(value if not isinstance(value, (int, str)) else None)
            elif name == "name":
                editor.show_value(self.node.name)
            else:
                editor.show_value(edit_text(self.template, field, value) if field is not None else str(value or ""))
        self._show_sums()
        self.refresh_findings()

    def refresh_findings(self) -> None:
        marks = node_marks(self.session, self.node)
        for name, editor in self.editors.items():
            show_mark(editor, marks.get(name))

    def _show_sums(self) -> None:
        form = form_of(self.node)
        for identity, label in self.sum_labels.items():
            parts = [form_value(form, key) for key in identity.parts]
            total = form_value(form, identity.total)
            what = "＋".join(self._short(key) for key in identity.parts)
            self._show_sum(label, what, _sum([p if isinstance(p, int) else None for p in parts]),
                           total if isinstance(total, int) else None, self._short(identity.total))

    def _short(self, key: str) -> str:
        field = self.template.field(key)
        return field.short_label if field is not None else key

    def _figure(self, fen: int) -> str:
        if self.template.amounts.unit == "wan":
            return format_money(fen, "wan", min_places=2, grouping=True) + " 万元"
        return format_yuan(fen, "thousands2")

    def _show_sum(self, label: QLabel, what: str, derived: int | None, stated: int | None, total: str) -> None:
        if derived is None:
            label.setText(f"{what}：（空白）")
            label.setStyleSheet("color: gray;")
            return
        text = f"{what} = {self._figure(derived)}"
        if stated is not None and stated != derived:
            label.setText(f"{text}  ≠ {total} {self._figure(stated)}"
                          f"（相差 {self._figure(abs(stated - derived))}）")
            label.setStyleSheet("color: #b00000; font-weight: bold;")
        else:
            label.setText(f"{text}  ＝ {total}" if stated is not None else text)
            label.setStyleSheet("color: #2a6a2a;")

    @property
    def right_sum_text(self) -> str:
        """The sum shown for 年度资金申请总额 (the last identity when the template has no such cell)."""
        for identity, label in self.sum_labels.items():
            if identity.total == "annual_request_fen":
                return label.text()
        return next(reversed(self.sum_labels.values())).text() if self.sum_labels else ""

    # ---- committing ------------------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return self.template.label(name).replace("\n", "")

    def commit(self, name: str, text: str) -> None:
        """What was typed into a field goes to the session; a refusal stays in the field, marked."""
        editor = self.editors[name]
        try:
            if name == "name":
                self.session.rename_node(self.node, text)
            else:
                self.session.set_form_field(self.node, name, text)
        except UserError as exc:
            editor.set_refused(exc.message)
            self.status_message.emit(f"{self._label(name)}：{exc.message}")
            return
        if editor_refused(editor):
            editor.set_refused(None)
            self.status_message.emit(f"{self._label(name)}已保存。")
        self.refresh((name,))

    def handle_change(self, change: Change) -> None:
        if self.node.form is None:
            return
        if change.node is self.node and change.scope is Scope.FORM:
            self.refresh(tuple(change.fields))
        elif change.scope is Scope.TREE and "name" in self.editors:
            self.refresh(("name",))
        else:
            self.refresh_findings()

    def focus_widgets(self) -> list[QWidget]:
        """Tab order as the form is read: the header row by row, then the funding block column by column."""
        header = [e.edit if isinstance(e, DateField) else e for e in self.editors.values()
                  if not isinstance(e, AmountEdit)]
        funding = sorted((f for f in self.template.funding if f.key in self.editors),
                         key=lambda f: (f.pair, f.row))
        return header + [self.editors[f.key] for f in funding]

    def focus_field(self, name: str) -> bool:
        editor = self.editors.get(name)
        if editor is None:
            return False
        target = editor.edit if isinstance(editor, DateField) else editor
        self.form.scroll.ensureWidgetVisible(target)
        target.setFocus()
        target.selectAll()
        return True


def editor_refused(editor: Any) -> bool:
    return editor.edit.refused if isinstance(editor, DateField) else editor.refused
