"""The 审核 dock: every finding of the open file as a table (级别, 规则, 位置, 说明, 已确认), filtered by
severity and by the node selected in the tree; double-click jumps to the place, 确认… accepts a 警告
with a written reason (kept in the file)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Department
from ...domain.vocabulary import SEVERITY_LABELS
from ...errors import UserError
from ...services.session import MIN_ACK_REASON_CHARS, Session
from ..editors.fields import ReasonEdit
from ..ui_generated.ui_findings_panel import Ui_FindingsPanel
from .focus import takes_tab_focus
from .severity import INFO_COLOR, SEVERITY_COLORS, finding_counts, severity_icon

__all__ = ["INFO_COLOR", "SEVERITY_COLORS", "FindingsModel", "FindingsPanel", "finding_counts", "severity_icon"]

Index = QModelIndex | QPersistentModelIndex
LEVEL, RULE, PLACE, MESSAGE, ACKNOWLEDGED = range(5)
HEADERS = ("级别", "规则", "位置", "说明", "已确认")
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
def describe_place(doc, finding) -> str:
    """The field part of a finding's place in the clerk's words (第3行指标·指标值, 年度资金申请总额 …)."""
    if not finding.field:
        return ""
    from ...checks.places import describe_field
    return describe_field(doc.find(tuple(finding.path)), finding.field)


def rule_title(rule_id: str) -> str:
    from ...checks.findings import RULES
    rule = RULES.get(rule_id)
    return rule.title if rule else rule_id


def acknowledgement_of(finding, acknowledgements):
    from ...checks.findings import acknowledgement_for
    return acknowledgement_for(finding, acknowledgements)


def finding_keys(findings: list) -> list[tuple]:
    """A key per finding that survives a change of its message (the operands changed, the place did not)."""
    seen: dict[tuple, int] = {}
    keys = []
    for finding in findings:
        base = (finding.rule, tuple(finding.path), finding.field)
        seen[base] = seen.get(base, -1) + 1
        keys.append(base + (seen[base],))
    return keys


class FindingsModel(QAbstractTableModel):
    """The findings of a session, in the checker's order; kept in step row by row after each change."""

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._rows: list = list(session.checker.findings())
        self._acks: list = [acknowledgement_of(f, session.doc.acknowledgements) for f in self._rows]
        self._single_department = len(session.doc.departments) == 1
        self._spans: list[tuple[Department, int]] = self._department_spans()

    def finding(self, row: int):
        return self._rows[row]

    def acknowledgement(self, row: int):
        return self._acks[row]

    def findings(self) -> list:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def place_text(self, finding) -> str:
        path = list(finding.path)
        if self._single_department and len(path) > 1:
            path = path[1:]  # one department: its name on every row says nothing
        where = " › ".join(path)
        field = describe_place(self.session.doc, finding)
        return f"{where} · {field}" if where and field else (where or field)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        finding, ack = self._rows[index.row()], self._acks[index.row()]
        column = index.column()
        if role == FINDING_ROLE:
            return finding
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(finding, ack, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == RULE:
                return f"{finding.rule}：{text}"
            if column == MESSAGE and finding.fix:
                # the shown line ends with the correction; the tool tip has the whole message with it
                return f"{text}　建议：{finding.fix}" if role == Qt.ItemDataRole.DisplayRole \
                    else f"{text}\n\n建议：{finding.fix}"
            return text
        if role == Qt.ItemDataRole.DecorationRole and column == LEVEL:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ForegroundRole:
            if ack is not None:
                return QApplication.palette().color(QApplication.palette().ColorRole.PlaceholderText)
            if column == LEVEL:
                return SEVERITY_COLORS.get(finding.severity)
        return None

    def _text(self, finding, ack, column: int) -> str:
        if column == LEVEL:
            return SEVERITY_LABELS.get(finding.severity, finding.severity)
        if column == RULE:
            return rule_title(finding.rule)
        if column == PLACE:
            return self.place_text(finding)
        if column == MESSAGE:
            return finding.message
        if column == ACKNOWLEDGED:
            return f"已确认：{ack.reason}" if ack is not None else ""
        return ""

    def refresh(self, dept: Department | None = None) -> None:
        """Follow the checker: rows that went away are removed, new ones inserted, the rest repainted. With
        ``dept`` only that department's rows are looked at (an edit of one of its nodes): the cost of an edit
        does not grow with the file."""
        spans = self._spans
        departments = self.session.doc.departments
        if dept is None or len(spans) != len(departments) or any(a is not b for (a, _), b in zip(spans, departments)):
            self._reconcile(0, len(self._rows), list(self.session.checker.findings()))
            self._spans = self._department_spans()
            return
        at = next(i for i, (d, _) in enumerate(spans) if d is dept)
        start = sum(count for _, count in spans[:at])
        wanted = self.session.checker.of_department(dept)
        self._reconcile(start, spans[at][1], wanted)
        spans[at] = (dept, len(wanted))

    def _department_spans(self) -> list[tuple[Department, int]]:
        """(department, how many of the rows are its) in the order of the rows (the checker's)."""
        checker = self.session.checker
        return [(d, len(checker.of_department(d))) for d in self.session.doc.departments]

    def _reconcile(self, start: int, count: int, wanted: list) -> None:
        """Make rows ``start`` … ``start + count - 1`` the findings ``wanted`` with the fewest row changes."""
        wanted_keys = finding_keys(wanted)
        keys = finding_keys(self._rows[start:start + count])
        keep = set(wanted_keys)
        for row in reversed(range(count)):
            if keys[row] not in keep:
                self.beginRemoveRows(QModelIndex(), start + row, start + row)
                del self._rows[start + row], self._acks[start + row], keys[row]
                self.endRemoveRows()
        for row, key in enumerate(wanted_keys):
            current = next((i for i in range(row, len(keys)) if keys[i] == key), None)
            at = start + row
            if current is None:
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, wanted[row])
                self._acks.insert(at, None)
                keys.insert(row, key)
                self.endInsertRows()
            elif current != row:
                self.beginMoveRows(QModelIndex(), start + current, start + current, QModelIndex(), at)
                for column in (self._rows, self._acks):
                    column.insert(at, column.pop(start + current))
                keys.insert(row, keys.pop(current))
                self.endMoveRows()
        acks = self.session.doc.acknowledgements
        for row, finding in enumerate(wanted):
            at = start + row
            ack = acknowledgement_of(finding, acks) if acks else None
            if self._rows[at] != finding or self._acks[at] != ack:
                self._rows[at], self._acks[at] = finding, ack
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))

    def acknowledged_count(self) -> int:
        return sum(1 for ack in self._acks if ack is not None)


class FindingsFilter(QSortFilterProxyModel):
    """Which findings show: the ticked severities, and optionally only those at or below one node."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.severities = {"error", "warning", "info"}
        self.path_prefix: tuple[str, ...] | None = None

    def set_severities(self, severities: set[str]) -> None:
        self.beginFilterChange()
        self.severities = set(severities)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_path_prefix(self, prefix: tuple[str, ...] | None) -> None:
        if prefix == self.path_prefix:
            return
        self.beginFilterChange()
        self.path_prefix = prefix
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def findings_model(self) -> FindingsModel:
        return cast(FindingsModel, self.sourceModel())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        finding = self.findings_model().finding(source_row)
        if finding.severity not in self.severities:
            return False
        if self.path_prefix is not None and tuple(finding.path[:len(self.path_prefix)]) != self.path_prefix:
            return False
        return True

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.findings_model()
        if left.column() == LEVEL:
            rank = lambda row: (SEVERITY_RANK.get(model.finding(row).severity, 3), row)  # noqa: E731
            return rank(left.row()) < rank(right.row())
        return str(left.data()) < str(right.data())


class ReasonDialog(QDialog):
    """A reason the clerk writes (why a 警告 is accepted, why a submitted file is edited again): what it is
    about, what to write, and the text. Tab reaches the buttons and Ctrl+Enter confirms (a keyboard-only clerk
    is never stuck in the text); 确定 waits for ``min_chars`` characters."""

    def __init__(self, parent: QWidget | None, finding=None, *, title: str = "确认警告", about: str = "",
                 prompt: str = "", placeholder: str = "例如：已与财政局电话核对，实施周期以立项批复为准。",
                 ok_text: str = "确定", min_chars: int = MIN_ACK_REASON_CHARS):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.min_chars = min_chars
        layout = QVBoxLayout(self)
        message = QLabel(finding.message if finding is not None else about)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        prompt_label = QLabel(prompt or f"请写明为什么这条警告可以接受（至少 {min_chars} 个字；理由会保存在文件中，"
                                        f"并打印在审核清单上）。写完按 Ctrl+Enter 确定：")
        prompt_label.setWordWrap(True)
        layout.addWidget(prompt_label)
        self.reason = ReasonEdit()
        self.reason.setObjectName("reasonEdit")
        self.reason.setPlaceholderText(placeholder)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update_ok)
        self.reason.submitted.connect(lambda: self.accept() if self.ok_button.isEnabled() else None)
        self._update_ok()
        self.resize(620, 320)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(len(self.reason_text()) >= self.min_chars)


def ask_reason_dialog(parent: QWidget, finding) -> str | None:
    dialog = ReasonDialog(parent, finding)
    return dialog.reason_text() if dialog.exec() == QDialog.DialogCode.Accepted else None


class FindingsPanel(QWidget):
    """The dock's contents. Emits ``place_requested(path, field)`` on double-click."""

    place_requested = Signal(object, object)
    status_message = Signal(str)
    #: Tab past the panel's last stop (+1) or Shift+Tab before its first (-1): the window moves to the next pane
    leave = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None,
                 ask_reason: Callable[[QWidget, Any], str | None] = ask_reason_dialog):
        super().__init__(parent)
        self.form = Ui_FindingsPanel()
        self.form.setupUi(self)
        self.session = session
        self.ask_reason = ask_reason
        self.model = FindingsModel(session, self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self._current_path: tuple[str, ...] | None = None
        view = self.form.findingsView
        view.setModel(self.proxy)
        view.sortByColumn(LEVEL, Qt.SortOrder.AscendingOrder)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)   # the message gets the room
        em = view.fontMetrics().horizontalAdvance("审")
        for column, chars in ((LEVEL, 4.5), (RULE, 14), (PLACE, 20), (ACKNOWLEDGED, 12)):
            header.resizeSection(column, int(em * chars))
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.doubleClicked.connect(self._jump)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):   # the keyboard's double-click
            shortcut = QShortcut(QKeySequence(key), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)   # never steals Return from the editors
            shortcut.activated.connect(lambda: self._jump(view.currentIndex()))
        view.selectionModel().currentRowChanged.connect(self._update_buttons)
        for box in (self.form.errorBox, self.form.warningBox, self.form.infoBox):
            box.toggled.connect(self._apply_severities)
        self.form.currentNodeBox.toggled.connect(self._apply_path)
        self.form.acknowledgeButton.clicked.connect(self.acknowledge_selected)
        self.form.withdrawButton.clicked.connect(self.withdraw_selected)
        f = self.form
        #: Tab within the panel: the list first (F6 and F9 land there), its buttons, then the filters
        self._tab_stops = (view, f.acknowledgeButton, f.withdrawButton, f.errorBox, f.warningBox, f.infoBox,
                           f.currentNodeBox)
        for widget in self._tab_stops:
            widget.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._tab_from(watched, forward)
            return True
        return super().eventFilter(watched, event)

    def _tab_from(self, current: QWidget, forward: bool) -> None:
        stops = [w for w in self._tab_stops if w is current or takes_tab_focus(w)]
        here = next((i for i, w in enumerate(stops) if w is current), 0)
        there = here + (1 if forward else -1)
        if 0 <= there < len(stops):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            stops[there].setFocus(reason)
        else:
            self.leave.emit(1 if forward else -1)

    # ---- following the document ---------------------------------------------------------------------
    def refresh(self, dept: Department | None = None) -> None:
        """Follow the checker (only ``dept``'s findings when an edit touched that department only)."""
        self.model.refresh(dept)
        self._update_counts()
        self._update_buttons()

    def set_current_path(self, path: tuple[str, ...] | None) -> None:
        self._current_path = path
        self._apply_path()

    def _apply_path(self) -> None:
        self.proxy.set_path_prefix(self._current_path if self.form.currentNodeBox.isChecked() else None)
        self._update_counts()

    def _apply_severities(self) -> None:
        chosen = {s for s, box in (("error", self.form.errorBox), ("warning", self.form.warningBox),
                                   ("info", self.form.infoBox)) if box.isChecked()}
        self.proxy.set_severities(chosen)
        self._update_counts()

    def _update_counts(self) -> None:
        rows = self.model.rowCount()
        shown = self.proxy.rowCount()
        acked = self.model.acknowledged_count()
        text = f"共 {rows} 条" + (f"，显示 {shown} 条" if shown != rows else "")
        self.form.countLabel.setText(text + (f"，已确认 {acked} 条警告" if acked else ""))

    # ---- the selected finding -----------------------------------------------------------------------
    def selected_finding(self):
        index = self.form.findingsView.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).data(FINDING_ROLE)

    def _acknowledgement_of_selected(self):
        index = self.form.findingsView.currentIndex()
        return self.model.acknowledgement(self.proxy.mapToSource(index).row()) if index.isValid() else None

    def _update_buttons(self, *_) -> None:
        finding = self.selected_finding()
        writable = not self.session.readonly
        is_warning = finding is not None and finding.severity == "warning"
        acked = self._acknowledgement_of_selected() is not None
        self.form.acknowledgeButton.setEnabled(writable and is_warning and not acked)
        self.form.withdrawButton.setEnabled(writable and is_warning and acked)

    def _jump(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        finding = self.proxy.mapToSource(index).data(FINDING_ROLE)
        if finding is not None:
            self.place_requested.emit(tuple(finding.path), finding.field)

    def acknowledge_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None or finding.severity != "warning":
            return
        reason = self.ask_reason(self, finding)
        if reason is None:
            return
        try:
            self.session.acknowledge(finding, reason)
        except UserError as exc:
            QMessageBox.warning(self, "确认警告", exc.message)
            return
        self.status_message.emit(f"已确认警告：{finding.message}")

    def withdraw_selected(self) -> None:
        finding = self.selected_finding()
        if finding is None:
            return
        try:
            self.session.withdraw_acknowledgement(finding)
        except UserError as exc:
            QMessageBox.warning(self, "取消确认", exc.message)
