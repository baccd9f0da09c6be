"""基本信息 of a declared node: the template's header fields and funding cells laid out in the rows of the printed
form, with the sums of the template's identities beside what was typed (≠ when they differ)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...domain.fields import edit_text, form_value
from ...domain.model import Node, form_of
from ...domain.money import format_money, format_yuan, typing_hint
from ...domain.templates import Field, Identity, Template, template_of
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..ui_generated.ui_form_page import Ui_FormPage
from .fields import AmountEdit, CommitLineEdit, DateField, show_mark, tell_at
from .marks import node_marks
from .refusals import Refused, refused_entries

#: object names of the funding cells the rules read (tests and the keyboard walk find them by these names)
AMOUNT_NAMES = {
    "project_total_fen": "projectTotalEdit", "fiscal_fen": "fiscalEdit", "other_fen": "otherEdit",
    "annual_request_fen": "annualRequestEdit", "appropriation_fen": "appropriationEdit",
    "carryover_fen": "carryoverEdit", "annual_other_fen": "annualOtherEdit",
}
#: what a field of each type shows while empty
PLACEHOLDERS = {"month": "如 2023.07", "years": "如 3（年）"}
#: an amount being typed that does not read as an amount yet ("12.", "3万5")
INCOMPLETE = object()


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
        (editor.edit if isinstance(editor, DateField) else editor).cancelled.connect(
            lambda n=field.key: self.cancel(n))
        if isinstance(editor, AmountEdit):
            editor.typing.connect(lambda text, n=field.key: self.typed(n, text))
            editor.paused.connect(lambda text, n=field.key: self.commit(n, text, pause=True))
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
        self.form.hintLabel.setText(typing_hint(t.amounts.unit))
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
            if fields and name not in fields or name == self._holding:
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

    def _amount(self, name: str) -> int | None:
        """An amount as the sums read it: what is being typed when it reads as an amount, else what is saved."""
        typed = self._typed.get(name, INCOMPLETE)
        if typed is not INCOMPLETE:
            return typed  # type: ignore[return-value]   # an int or None (a blank typed)
        value = form_value(form_of(self.node), name)
        return value if isinstance(value, int) else None

    def _show_sums(self) -> None:
        a = self._amount
        for identity, label in self.sum_labels.items():
            what = "＋".join(self._short(key) for key in identity.parts)
            self._show_sum(label, what, _sum([a(key) for key in identity.parts]), a(identity.total),
                           self._short(identity.total), self._unfinished(identity.total, *identity.parts))

    def _unfinished(self, *names: str) -> str | None:
        """The label of a field of this sum whose typing does not read as an amount yet."""
        return next((self._short(n) for n in names if self._typed.get(n, None) is INCOMPLETE), None)

    def _short(self, key: str) -> str:
        field = self.template.field(key)
        return field.short_label if field is not None else key

    def _figure(self, fen: int) -> str:
        if self.template.amounts.unit == "wan":
            return format_money(fen, "wan", min_places=2, grouping=True) + " 万元"
        return format_yuan(fen, "thousands2")

    def _show_sum(self, label: QLabel, what: str, derived: int | None, stated: int | None, total: str,
                  unfinished: str | None = None) -> None:
        if unfinished is not None:
            shown = self._figure(derived) if derived is not None else "（空白）"
            label.setText(f"{what} = {shown}（{unfinished}正在输入，尚不是金额）")
            label.setStyleSheet("color: gray; font-style: italic;")
            return
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

    # ---- typing and committing ---------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return self.template.label(name).replace("\n", "")

    def typed(self, name: str, text: str) -> None:
        """A keystroke in an amount: the sums follow what is typed at once (nothing is saved yet)."""
        try:
            self._typed[name] = self.session.parse_form_field(self.node, name, text)
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
            self.status_message.emit(f"{self._label(name)}：{exc.message}")
            tell_at(editor.edit if isinstance(editor, DateField) else editor, exc.message)
            return
        finally:
            self._holding = None
        self._refused.pop(name, None)
        if pause:
            value = form_value(form_of(self.node), name)
            editor.keep_typed(value if isinstance(value, int) else None)
            self._typed.pop(name, None)
            return
        self._typed.pop(name, None)
        if editor_refused(editor):
            editor.set_refused(None)
            self.status_message.emit(f"{self._label(name)}已保存。")
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
        """Tab order as the form is read: the header row by row, then the funding cells as their sums read —
        each identity's total, then its parts (上海: the left column, then the right) — and the cells of no
        identity row by row. Column by column took 甘肃's 项目总投资 to 省级财政安排 and 预算申报数 before
        中央补助安排, so figures typed from the paper row by row went into the wrong cells."""
        header = [e.edit if isinstance(e, DateField) else e for e in self.editors.values()
                  if not isinstance(e, AmountEdit)]
        keys: list[str] = []
        for identity in self.template.identities:
            keys += [k for k in (identity.total, *identity.parts) if k in self.editors and k not in keys]
        rest = sorted((f for f in self.template.funding if f.key in self.editors and f.key not in keys),
                      key=lambda f: (f.row, f.pair))
        return header + [self.editors[k] for k in keys] + [self.editors[f.key] for f in rest]

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
