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
from .fields import AmountEdit, CommitLineEdit, DateField, show_mark, tell_at
from .marks import node_marks
from .refusals import Refused, refused_entries

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
#: an amount being typed that does not read as an amount yet ("12.", "3万5")
INCOMPLETE = object()
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
        #: amounts being typed and not yet saved: field → the amount read so far (INCOMPLETE: not readable yet)
        self._typed: dict[str, int | None | object] = {}
        #: the field whose typing is being saved: its text stays as typed while the page refreshes
        self._holding: str | None = None
        self._build_header()
        self._build_funding()
        #: entries refused earlier in this node, still waiting for correction (kept while the clerk was away)
        self._refused: dict[str, Refused] = refused_entries(session).area(node, "form")
        self.refresh()
        for name, refused in list(self._refused.items()):
            if name in self.editors:
                self._show_refused(name, refused)

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
            (editor.edit if isinstance(editor, DateField) else editor).cancelled.connect(
                lambda n=name: self.cancel(n))
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
            edit.typing.connect(lambda text, n=name: self.typed(n, text))
            edit.paused.connect(lambda text, n=name: self.commit(n, text, pause=True))
            edit.cancelled.connect(lambda n=name: self.cancel(n))
            getattr(self.form, AMOUNT_LABELS[name]).setText(FIELD_LABELS[name])
            self.editors[name] = edit
        for column in (1, 3):
            self.form.fundingGrid.setColumnStretch(column, 1)

    # ---- showing ---------------------------------------------------------------------------------
    def refresh(self, fields: tuple[str, ...] = ()) -> None:
        """Show the stored values (all, or only ``fields``) and the derived sums."""
        form = form_of(self.node)
        for name, editor in self.editors.items():
            if fields and name not in fields or name == self._holding:
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

    def _amount(self, name: str) -> int | None:
        """An amount as the sums read it: what is being typed when it reads as an amount, else what is saved."""
        typed = self._typed.get(name, INCOMPLETE)
        return typed if typed is not INCOMPLETE else getattr(form_of(self.node).funding, name)  # type: ignore

    def _show_sums(self) -> None:
        a = self._amount
        self._show_sum(self.form.leftSumLabel, "财政资金＋其他资金", _sum([a("fiscal_fen"), a("other_fen")]),
                       a("project_total_fen"), "项目资金总额",
                       self._unfinished("project_total_fen", "fiscal_fen", "other_fen"))
        self._show_sum(self.form.rightSumLabel, "当年财政拨款＋上年结转资金＋其他资金",
                       _sum([a("appropriation_fen"), a("carryover_fen"), a("annual_other_fen")]),
                       a("annual_request_fen"), "年度资金申请总额",
                       self._unfinished("annual_request_fen", "appropriation_fen", "carryover_fen",
                                        "annual_other_fen"))

    def _unfinished(self, *names: str) -> str | None:
        """The label of a field of this sum whose typing does not read as an amount yet."""
        return next((FIELD_LABELS[n] for n in names if self._typed.get(n, None) is INCOMPLETE), None)

    @staticmethod
    def _show_sum(label: QLabel, what: str, derived: int | None, stated: int | None, total: str,
                  unfinished: str | None = None) -> None:
        if unfinished is not None:
            shown = format_yuan(derived, "thousands2") if derived is not None else "（空白）"
            label.setText(f"{what} = {shown}（{unfinished}正在输入，尚不是金额）")
            label.setStyleSheet("color: gray; font-style: italic;")
            return
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

    # ---- typing and committing ---------------------------------------------------------------------
    def typed(self, name: str, text: str) -> None:
        """A keystroke in an amount: the sums follow what is typed at once (nothing is saved yet)."""
        try:
            self._typed[name] = self.session.parse_form_field(name, text)
        except UserError:
            self._typed[name] = INCOMPLETE
        self._show_sums()

    def _stint(self, name: str) -> tuple:
        """The undo key of the current stint of typing in ``name``."""
        editor = self.editors[name]
        return id(self.node), name, getattr(editor.edit if isinstance(editor, DateField) else editor, "stint", 0)

    def commit(self, name: str, text: str, pause: bool = False) -> None:
        """What was typed into a field goes to the session; a refusal stays in the field, marked.

        ``pause``: the clerk stopped typing an amount for a moment: it is saved (and checked) if it reads as an
        amount, the text staying as typed; the saves of one stint in the field are one undo step."""
        editor = self.editors[name]
        if pause and self._typed.get(name, None) is INCOMPLETE:
            return   # not an amount yet: said when the clerk leaves the field
        self._holding = name if pause else None
        try:
            with self.session.merging(self._stint(name)):
                if name == "name":
                    self.session.rename_node(self.node, text)
                else:
                    self.session.set_form_field(self.node, name, text)
        except UserError as exc:
            self._refused[name] = Refused(text, exc.message)
            self._show_refused(name, self._refused[name])
            self.status_message.emit(f"{FIELD_LABELS[name]}：{exc.message}")
            tell_at(editor.edit if isinstance(editor, DateField) else editor, exc.message)
            return
        finally:
            self._holding = None
        self._refused.pop(name, None)
        if pause:
            editor.keep_typed(getattr(form_of(self.node).funding, name))
            self._typed.pop(name, None)
            return
        self._typed.pop(name, None)
        if editor_refused(editor):
            editor.set_refused(None)
            self.status_message.emit(f"{FIELD_LABELS[name]}已保存。")
        self.refresh((name,))

    def _show_refused(self, name: str, refused: Refused) -> None:
        editor = self.editors[name]
        line = editor.edit if isinstance(editor, DateField) else editor
        if line.text() != refused.text:
            line.setText(refused.text)
        editor.set_refused(refused.message)

    def cancel(self, name: str) -> None:
        """Esc in a field: a refused entry is given up; in an amount, what this stint saved is undone, and the
        sums show what is saved again."""
        if self._refused.pop(name, None) is not None:
            self.refresh((name,))
        self._typed.pop(name, None)
        if not self.session.cancel_stint(self._stint(name)):
            self._show_sums()

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
