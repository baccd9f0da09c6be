"""A department's own fields: name, 预算单位数, and the 绩效目标设置情况 text beside the paragraph the
program derives from the data (N forms, X 万元), so a clerk sees when the written one is out of date. The
derived paragraph is only a proposal: a blank 绩效目标设置情况 prints nothing until the clerk accepts it."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...domain.model import Department
from ...domain.summary import derived_overview
from ...domain.vocabulary import FIELD_LABELS
from ...errors import UserError
from ...services.session import Change, Scope, Session
from ..ui_generated.ui_department_editor import Ui_DepartmentEditor
from .fields import tell_at
from .refusals import Refused, refused_entries

_NUMBERS = re.compile(r"[0-9][0-9,.]*")


#: the 审核 rules that compare the 绩效目标设置情况 text with the data (docs/checks.md)
OVERVIEW_RULES = ("F-SUM-06", "F-SUM-07", "F-SUM-08")


class DepartmentEditor(QWidget):
    status_message = Signal(str)

    def __init__(self, session: Session, dept: Department, parent=None):
        super().__init__(parent)
        self.session = session
        self.dept = dept
        self.form = Ui_DepartmentEditor()
        self.form.setupUi(self)
        f = self.form
        f.nameLabel.setText("部门名称")
        f.unitsLabel.setText(FIELD_LABELS["budget_units"])
        self.editors = {"name": f.nameEdit, "budget_units": f.unitsEdit, "overview": f.overviewEdit}
        readonly = getattr(session, "readonly", False)
        for name, editor in self.editors.items():
            editor.setReadOnly(readonly)
            editor.committed.connect(lambda text, n=name: self.commit(n, text))
            if hasattr(editor, "cancelled"):
                editor.cancelled.connect(lambda n=name: self.cancel(n))
        f.useDerivedButton.setEnabled(not readonly)
        f.useDerivedButton.clicked.connect(self.use_derived)
        f.overviewGrid.setColumnStretch(0, 3)
        f.overviewGrid.setColumnStretch(1, 2)
        #: entries refused earlier, still waiting for correction (kept while the clerk was elsewhere)
        self._refused: dict[str, Refused] = refused_entries(session).area(dept, "department")
        self.refresh()
        for name, refused in self._refused.items():
            editor = self.editors[name]
            editor.setText(refused.text)
            editor.set_refused(refused.message)

    def derived_text(self) -> str:
        return derived_overview(self.dept, self.session.doc.budget_year)

    def refresh(self) -> None:
        f = self.form
        f.nameEdit.show_value(self.dept.name)
        f.unitsEdit.show_value(str(self.dept.budget_units))
        f.overviewEdit.show_value(self.dept.overview)
        derived = self.derived_text()
        # the derived numbers (units, year, N forms, X 万元) stand out so they can be compared at a glance
        f.derivedLabel.setText(_NUMBERS.sub(lambda m: f"<b>{m.group(0)}</b>", html.escape(derived)))
        # what 审核 says about the written paragraph's figures (项目数, 资金, 预算单位数, 年度)
        problems = [finding.message for finding in self.session.checker.for_path((self.dept.name,))
                    if finding.rule in OVERVIEW_RULES]
        if not self.dept.overview.strip():
            # the derived paragraph is a proposal: it goes on paper only once the clerk accepts it
            note, colour = ("左边尚未填写：打印时不印绩效目标设置情况。右边是按数据推导的段落，"
                            "点“采用推导的文字”后才会打印。"), "#8a5a00"
        elif problems:
            note, colour = "；".join(problems), "#b00000"
        else:
            note, colour = "左边文字中的项目数和资金与填报数据一致。", "#1a7f37"
        f.differenceLabel.setText(note)
        f.differenceLabel.setStyleSheet(f"color: {colour};")

    def commit(self, name: str, text: str) -> None:
        editor = self.editors[name]
        try:
            self.session.set_department_field(self.dept, name, text)
        except UserError as exc:
            if hasattr(editor, "set_refused"):
                editor.set_refused(exc.message)
                self._refused[name] = Refused(text, exc.message)
                tell_at(editor, exc.message)
            self.status_message.emit(f"{FIELD_LABELS.get(name, '部门名称')}：{exc.message}")
            return
        self._refused.pop(name, None)
        if getattr(editor, "refused", False):
            editor.set_refused(None)
        self.refresh()

    def cancel(self, name: str) -> None:
        """Esc: a refused entry is given up, the stored value shows again."""
        if self._refused.pop(name, None) is not None:
            self.refresh()

    def use_derived(self) -> None:
        self.commit("overview", self.derived_text())

    def focus_field(self, name: str) -> bool:
        editor = self.editors.get(name)
        if editor is None:
            return False
        editor.setFocus()
        return True

    def handle_change(self, change: Change) -> None:
        if change.scope in (Scope.DEPARTMENT, Scope.TREE, Scope.FORM) and (change.dept in (None, self.dept)):
            self.refresh()
