"""基本信息 of a declared node: the template's header fields and the funding block laid out like the
printed form, with the derived sums beside what was typed (≠ when they differ)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ...domain.model import Node, form_of
from ...domain.money import format_yuan
from ...domain.templates import get_template
from ...domain.vocabulary import FIELD_LABELS
from ...errors import UserError
from ...services.session import DATE_FORM_FIELDS, Change, Scope, Session
from ..ui_generated.ui_form_page import Ui_FormPage
from .fields import AmountEdit, CommitLineEdit, DateField, show_mark
from .marks import node_marks

#: funding field → name of its AmountEdit in ui/form_page.ui
AMOUNT_WIDGETS = {
    "project_total_fen": "projectTotalEdit", "fiscal_fen": "fiscalEdit", "other_fen": "otherEdit",
    "annual_request_fen": "annualRequestEdit", "appropriation_fen": "appropriationEdit",
    "carryover_fen": "carryoverEdit", "annual_other_fen": "annualOtherEdit",
}
AMOUNT_LABELS = {
    "project_total_fen": "projectTotalLabel", "fiscal_fen": "fiscalLabel", "other_fen": "otherLabel",
    "annual_request_fen": "annualRequestLabel", "appropriation_fen": "appropriationLabel",
    "carryover_fen": "carryoverLabel", "annual_other_fen": "annualOtherLabel",
}
#: header fields in pairs per printed row, as many columns as the template's row has
HEADER_COLUMNS = 2


def _sum(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


class FormPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: Session, node: Node, parent=None):
        super().__init__(parent)
        self.session = session
        self.node = node
        self.form = Ui_FormPage()
        self.form.setupUi(self)
        self.template = get_template(form_of(node).template)
        self.editors: dict[str, Any] = {}
        self._build_header()
        self._build_funding()
        self.refresh()

    # ---- building --------------------------------------------------------------------------------
    def _build_header(self) -> None:
        grid = self.form.headerGrid
        readonly = getattr(self.session, "readonly", False)
        texts = [n for n in self.template.header_fields if n not in DATE_FORM_FIELDS]
        dates = [n for n in self.template.header_fields if n in DATE_FORM_FIELDS]
        # text fields two to a row; the dates share the last row, as on the printed form
        places = [divmod(i, HEADER_COLUMNS) for i in range(len(texts))]
        last_row = (len(texts) + HEADER_COLUMNS - 1) // HEADER_COLUMNS
        places += [(last_row, i) for i in range(len(dates))]
        for name, (row, pair) in zip(texts + dates, places):
            grid.addWidget(QLabel(FIELD_LABELS[name], self.form.headerBox), row, pair * 2)
            if name in DATE_FORM_FIELDS:
                editor: Any = DateField(self.form.headerBox)
                editor.edit.setReadOnly(readonly)
                editor.button.setEnabled(not readonly)
            else:
                editor = CommitLineEdit(self.form.headerBox)
                editor.setReadOnly(readonly)
            editor.setObjectName(f"{name}Edit")
            editor.committed.connect(lambda text, n=name: self.commit(n, text))
            grid.addWidget(editor, row, pair * 2 + 1)
            self.editors[name] = editor
        for column in (1, 3):
            grid.setColumnStretch(column, 1)

    def _build_funding(self) -> None:
        readonly = getattr(self.session, "readonly", False)
        for name, widget in AMOUNT_WIDGETS.items():
            edit: AmountEdit = getattr(self.form, widget)
            edit.setReadOnly(readonly)
            edit.setToolTip(FIELD_LABELS[name])
            edit.committed.connect(lambda text, n=name: self.commit(n, text))
            getattr(self.form, AMOUNT_LABELS[name]).setText(FIELD_LABELS[name])
            self.editors[name] = edit
        for column in (1, 3):
            self.form.fundingGrid.setColumnStretch(column, 1)

    # ---- showing ---------------------------------------------------------------------------------
    def refresh(self, fields: tuple[str, ...] = ()) -> None:
        """Show the stored values (all, or only ``fields``) and the derived sums."""
        form = form_of(self.node)
        for name, editor in self.editors.items():
            if fields and name not in fields:
                continue
            if name in AMOUNT_WIDGETS:
                editor.show_fen(getattr(form.funding, name))
            elif name in DATE_FORM_FIELDS:
                editor.show_date(getattr(form, name))
            elif name == "name":
                editor.show_value(self.node.name)
            else:
                editor.show_value(getattr(form, name))
        self._show_sums()
        self.refresh_findings()

    def refresh_findings(self) -> None:
        marks = node_marks(self.session, self.node)
        for name, editor in self.editors.items():
            show_mark(editor, marks.get(name))

    def _show_sums(self) -> None:
        f = form_of(self.node).funding
        self._show_sum(self.form.leftSumLabel, "财政资金＋其他资金", _sum([f.fiscal_fen, f.other_fen]),
                       f.project_total_fen, "项目资金总额")
        self._show_sum(self.form.rightSumLabel, "当年财政拨款＋上年结转资金＋其他资金",
                       _sum([f.appropriation_fen, f.carryover_fen, f.annual_other_fen]),
                       f.annual_request_fen, "年度资金申请总额")

    @staticmethod
    def _show_sum(label: QLabel, what: str, derived: int | None, stated: int | None, total: str) -> None:
        if derived is None:
            label.setText(f"{what}：（空白）")
            label.setStyleSheet("color: gray;")
            return
        text = f"{what} = {format_yuan(derived, 'thousands2')}"
        if stated is not None and stated != derived:
            label.setText(f"{text}  ≠ {total} {format_yuan(stated, 'thousands2')}"
                          f"（相差 {format_yuan(abs(stated - derived), 'thousands2')}）")
            label.setStyleSheet("color: #b00000; font-weight: bold;")
        else:
            label.setText(f"{text}  ＝ {total}" if stated is not None else text)
            label.setStyleSheet("color: #2a6a2a;")

    @property
    def right_sum_text(self) -> str:
        return self.form.rightSumLabel.text()

    # ---- committing ------------------------------------------------------------------------------
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
            self.status_message.emit(f"{FIELD_LABELS[name]}：{exc.message}")
            return
        if editor_refused(editor):
            editor.set_refused(None)
            self.status_message.emit(f"{FIELD_LABELS[name]}已保存。")
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
        """Tab order as the form is read: the header row by row, then the funding block column by column
        (the header is built after the .ui's funding boxes and would otherwise come after them)."""
        header = [e.edit if isinstance(e, DateField) else e for n, e in self.editors.items()
                  if n not in AMOUNT_WIDGETS]
        return header + [self.editors[n] for n in AMOUNT_WIDGETS]

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
