"""The tree 部门 → 项目 → 子项目 as a Qt model: names, 错误/警告 badges, each node's 申请额 in 万元, drag and drop.

A pure-Python item tree (TreeItem) mirrors the document; after a Change it is brought in line with
the document by small row inserts, removes and moves, so the view keeps its selection and expansion.
Every edit goes through the session; a refused edit is reported with ``refused`` and changes nothing.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...domain.model import Department, Node
from ...domain.money import format_money
from ...domain.summary import requested_fen
from ...domain.vocabulary import NODE_KIND_LABELS
from ...errors import UserError
from ...services.session import Change, Scope, Session

NAME, TOTAL = range(2)
HEADERS = ("名称", "申请额（万元）")
NODE_ROLE = Qt.ItemDataRole.UserRole + 1      # the Department or Node of a row
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2     # Badge: open 错误 and 警告 of the row itself
NODE_MIME = "application/x-g60desk-node"

ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#e69500")
CLEAN_COLOR = QColor("#2e7d32")
STATUS_COLOR = QColor("#1565c0")

Payload = Department | Node
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Badge:
    errors: int = 0
    warnings: int = 0
    #: on a department's row: "已报送" or "已报送后解锁修改" (the file's state), "" for a draft
    status: str = ""

    def __bool__(self) -> bool:
        return bool(self.errors or self.warnings or self.status)

    def text(self) -> str:
        parts = [f"文件状态：{self.status}"] if self.status else []
        if self.errors:
            parts.append(f"{self.errors} 个错误")
        if self.warnings:
            parts.append(f"{self.warnings} 个警告")
        if not (self.errors or self.warnings):
            parts.append("审核未发现错误或警告")
        return "，".join(parts)


def wan_text(fen: int | None) -> str:
    """万元 for the tree: exact (never rounded away), at least two decimals: 78.00, 23.965."""
    return format_money(fen, "wan", min_places=2, grouping=True)


def children_of(payload: Payload) -> list[Node]:
    return payload.projects if isinstance(payload, Department) else payload.children


class TreeItem:
    """One row: the document object it shows, its parent item and child items."""

    __slots__ = ("payload", "parent", "children")

    def __init__(self, payload: Payload | None, parent: TreeItem | None = None):
        self.payload = payload
        self.parent = parent
        self.children: list[TreeItem] = []
        if payload is not None:
            self.children = [TreeItem(child, self) for child in children_of(payload)]

    @property
    def target(self) -> Payload:
        """What a row shows (every item but the invisible root shows a department or a node)."""
        assert self.payload is not None
        return self.payload

    def row(self) -> int:
        if self.parent is None:
            return 0
        return self.parent.children.index(self)   # items compare by identity; Qt asks for a parent's row often

    def path(self) -> tuple[str, ...]:
        names: list[str] = []
        item: TreeItem | None = self
        while item is not None and item.payload is not None:
            names.append(item.payload.name)
            item = item.parent
        return tuple(reversed(names))

    def walk(self) -> Iterable[TreeItem]:
        for child in self.children:
            yield child
            yield from child.walk()


Badges = dict[tuple[str, ...], Badge]


def open_badges(session: Session, dept: Department | None = None) -> Badges:
    """Counts of the open (not acknowledged) 错误 and 警告 per node path, of the whole file or of one department."""
    from ...checks import is_acknowledged

    counts: dict[tuple[str, ...], list[int]] = {}
    acks = session.doc.acknowledgements
    findings = session.checker.findings() if dept is None else session.checker.of_department(dept)
    for finding in findings:
        if finding.severity not in ("error", "warning"):
            continue
        if finding.severity == "warning" and acks and is_acknowledged(finding, acks):
            continue
        pair = counts.setdefault(tuple(finding.path), [0, 0])
        pair[0 if finding.severity == "error" else 1] += 1
    badges = {path: Badge(errors, warnings) for path, (errors, warnings) in counts.items()}
    status = session.status()
    if status.state != "draft":             # 已报送 shows on every department row of the file
        for shown in session.doc.departments if dept is None else [dept]:
            pair = counts.get((shown.name,), [0, 0])
            badges[(shown.name,)] = Badge(pair[0], pair[1], status=status.label)
    return badges


def by_department(badges: Badges) -> dict[str, Badges]:
    grouped: dict[str, Badges] = {}
    for path, badge in badges.items():
        grouped.setdefault(path[0], {})[path] = badge
    return grouped


class NodeTreeModel(QAbstractItemModel):
    """部门 → 项目 → 子项目 of an open session."""

    #: an edit (rename, move) the session refused: the Chinese reason, for the status bar or a message box
    refused = Signal(str)
    #: a drop moved this node (the window selects it again where it landed)
    moved = Signal(object)

    def __init__(self, session: Session, parent: QObject | None = None,
                 badges: Callable[[Session, Department | None], Badges] = open_badges):
        super().__init__(parent)
        self.session = session
        self._badges_of = badges
        self._token = os.urandom(16).hex()   # drags from another window or file are not ours to move
        self._root = TreeItem(None)
        self._root.children = [TreeItem(dept, self._root) for dept in session.doc.departments]
        #: department name → node path → Badge: after an edit only the edited department's are counted again
        self._badges: dict[str, Badges] = by_department(self._badges_of(session, None)) if session.checked else {}
        #: whether the rows show the findings' badges: not before the file is checked (a start's first paint)
        self.badged = session.checked
        self._shown = self._snapshot(self._root)

    # ---- reading ----------------------------------------------------------------------------------
    def item(self, index: Index) -> TreeItem:
        return index.internalPointer() if index.isValid() else self._root

    def payload(self, index: Index) -> Payload | None:
        return self.item(index).payload

    def index_of(self, payload: Payload, column: int = NAME) -> QModelIndex:
        for item in self._root.walk():
            if item.payload is payload:
                return self.createIndex(item.row(), column, item)
        return QModelIndex()

    def badge(self, payload: Payload) -> Badge:
        item = self._item_of(payload)
        return self._badge_at(item.path()) if item else Badge()

    def _badge_at(self, path: tuple[str, ...]) -> Badge:
        return self._badges.get(path[0], {}).get(path, Badge()) if path else Badge()

    def _item_of(self, payload: Payload) -> TreeItem | None:
        return next((item for item in self._root.walk() if item.payload is payload), None)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.item(parent).children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self.item(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole and section == TOTAL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index)
        payload = item.target
        column = index.column()
        if role == NODE_ROLE:
            return payload
        if role == BADGE_ROLE:
            return self._badge_at(item.path())
        if column == NAME:
            return self._name_data(item, role)
        if column == TOTAL:
            return self._total_data(payload, role)
        return None

    def _name_data(self, item: TreeItem, role: int) -> Any:
        payload = item.target
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return payload.name
        if role == Qt.ItemDataRole.DecorationRole:
            return node_icon(payload, self._badge_at(item.path()))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.FontRole and isinstance(payload, Department):
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        return None

    def _total_data(self, payload: Payload, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return wan_text(requested_fen(payload))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not (isinstance(payload, Node) and payload.declared):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)  # a sum, not typed
        if role == Qt.ItemDataRole.ToolTipRole:
            declared = isinstance(payload, Node) and payload.declared
            what = "年度资金申请总额" if declared else "下级申报表的年度资金申请总额合计"
            amount = wan_text(requested_fen(payload))
            return f"{what}：{amount} 万元" if amount else f"{what}：未填写"
        return None

    def _tooltip(self, item: TreeItem) -> str:
        payload = item.target
        if isinstance(payload, Department):
            kind = "部门"
        else:
            kind = NODE_KIND_LABELS[payload.kind] + ("，编报申报表" if payload.declared else "，不单独编报申报表")
        return f"{payload.name}（{kind}）\n{self._badge_at(item.path()).text()}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        payload = self.payload(index)
        if self.session.readonly:
            return flags
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        if isinstance(payload, Node):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        if isinstance(payload, Department) or (isinstance(payload, Node) and payload.kind == "project"):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # ---- editing ----------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        payload = self.payload(index)
        if isinstance(payload, Node) and not any(n is payload for _, n in self.session.doc.iter_nodes()):
            return False     # an open name editor commits after its node was taken away (撤销 of 新建)
        try:
            if isinstance(payload, Department):
                self.session.set_department_field(payload, "name", str(value))
            elif payload is not None:
                self.session.rename_node(payload, str(value))
        except UserError as exc:
            self.refused.emit(exc.message)
            return False
        return True

    # ---- drag and drop ----------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME]

    # Qt takes a null QMimeData for "nothing to drag"; PySide6's stub wants one
    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        nodes = [self.item(i) for i in indexes if i.isValid() and i.column() == NAME
                 and isinstance(self.payload(i), Node)]
        if len(nodes) != 1:
            return None
        mime = QMimeData()
        mime.setData(NODE_MIME, QByteArray(json.dumps(
            {"token": self._token, "path": list(nodes[0].path())}, ensure_ascii=False).encode("utf-8")))
        return mime

    def dragged_node(self, mime: QMimeData) -> Node | None:
        """The node a drag of ours carries, or None for anything else (another window, another file)."""
        if mime is None or not mime.hasFormat(NODE_MIME):
            return None
        try:
            data = json.loads(bytes(mime.data(NODE_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or data.get("token") != self._token:
            return None
        found = self.session.doc.find(tuple(data.get("path") or ()))
        return found if isinstance(found, Node) else None

    def _drop_target(self, mime: QMimeData, row: int, parent: Index) -> tuple[Node, Payload, int] | None:
        node = self.dragged_node(mime)
        target = self.payload(parent)
        if node is None or target is None or self.session.readonly:
            return None
        if isinstance(target, Node) and (target.kind != "project" or target is node):
            return None
        if isinstance(target, Node) and node.children:
            return None  # a project with sub-projects cannot become a sub-project
        siblings = children_of(target)
        index = len(siblings) if row < 0 else row
        current = next((i for i, n in enumerate(siblings) if n is node), None)
        if current is not None and index > current:
            index -= 1     # the row counts the dragged node itself, the session's index does not
        return node, target, index

    def canDropMimeData(self, mime: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and self._drop_target(mime, row, parent) is not None

    def dropMimeData(self, mime: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        found = self._drop_target(mime, row, parent) if action == Qt.DropAction.MoveAction else None
        if found is None:
            return False
        node, target, index = found
        try:
            self.session.move_node(node, target, index)
        except UserError as exc:
            self.refused.emit(exc.message)
            return False
        self.moved.emit(node)
        return True

    # ---- following the document -------------------------------------------------------------------
    def apply_change(self, change: Change) -> None:
        """Bring the rows in line with the document after ``change``; repaint what now reads differently. An edit
        of one node's form, texts, indicators or budget is looked at in its department only (its badges, its
        totals up to the department): the cost of an edit does not grow with the file."""
        if change.scope in (Scope.TREE, Scope.DEPARTMENT):
            self._sync(self._root, self.session.doc.departments)
        dept = None
        if change.node is not None and change.scope in (Scope.FORM, Scope.SECTIONS, Scope.INDICATORS, Scope.BUDGET):
            try:
                dept = self.session.department_of(change.node)
            except LookupError:
                dept = None
        top = next((item for item in self._root.children if item.payload is dept), None) if dept else None
        if dept is None or top is None:
            self._badges = by_department(self._badges_of(self.session, None))
            self.badged = True
            self._repaint_changed(self._root)
            return
        self._badges[dept.name] = self._badges_of(self.session, dept)
        self._repaint_changed(top)

    def _sync(self, item: TreeItem, wanted: Sequence[Payload]) -> None:
        parent_index = self._index_of_item(item)
        for row in reversed(range(len(item.children))):
            if not any(p is item.children[row].payload for p in wanted):
                self.beginRemoveRows(parent_index, row, row)
                del item.children[row]
                self.endRemoveRows()
        for row, payload in enumerate(wanted):
            current = next((i for i, child in enumerate(item.children) if child.payload is payload), None)
            if current == row:
                continue
            if current is None:
                self.beginInsertRows(parent_index, row, row)
                item.children.insert(row, TreeItem(payload, item))
                self.endInsertRows()
            else:  # current > row: earlier rows are already in place
                self.beginMoveRows(parent_index, current, current, parent_index, row)
                item.children.insert(row, item.children.pop(current))
                self.endMoveRows()
        for child in item.children:
            self._sync(child, children_of(child.target))

    def _index_of_item(self, item: TreeItem) -> QModelIndex:
        if item is self._root:
            return QModelIndex()
        return self.createIndex(item.row(), 0, item)

    def _snapshot(self, top: TreeItem) -> dict[int, tuple]:
        """What each row from ``top`` down shows, keyed by the row's item, to find the rows to repaint."""
        return {id(item): shown for item, shown in self._rows_shown(top)}

    def _rows_shown(self, top: TreeItem) -> list[tuple[TreeItem, tuple]]:
        """Each row from ``top`` down (``top`` too unless it is the root) with what it shows; the paths are made on
        the way down (asking each row for its path walked up to the department again: a tenth of opening a file)."""
        rows: list[tuple[TreeItem, tuple]] = []
        stack: list[tuple[TreeItem, tuple[str, ...]]] = ([(child, ()) for child in top.children] if top is self._root
                                                          else [(top, top.path()[:-1])])
        while stack:
            item, above = stack.pop()
            target = item.target
            path = (*above, target.name)
            rows.append((item, (target.name, self._badge_at(path), requested_fen(target),
                                isinstance(target, Node) and target.declared)))
            stack.extend((child, path) for child in item.children)
        return rows

    def _repaint_changed(self, top: TreeItem) -> None:
        """Repaint the rows from ``top`` down that read differently since they were last painted."""
        rows = self._rows_shown(top)
        shown = {id(item): facts for item, facts in rows}
        for item, facts in rows:
            if self._shown.get(id(item)) != facts:
                row = item.row()
                self.dataChanged.emit(self.createIndex(row, NAME, item), self.createIndex(row, TOTAL, item))
        if top is self._root:
            self._shown = shown
        else:
            self._shown.update(shown)


# ---- icons and the badge painter ---------------------------------------------------------------------

_ICONS: dict[str, QIcon] = {}


def _dot_icon(color: QColor, mark: str) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(QRectF(3, 3, 26, 26))
    painter.setPen(QPen(QColor("white")))
    font = QFont(QApplication.font())
    font.setPixelSize(20)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, 0, 32, 32), Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    return QIcon(pixmap)


def _outline(*points: tuple[int, int]) -> QPainterPath:
    """A closed shape through ``points``."""
    path = QPainterPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.closeSubpath()
    return path


def _page_icon(fill: QColor, folded: bool) -> QIcon:
    """A sheet (a declared form) or a folder (a grouping node / department), drawn, not themed."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(fill.darker(150), 1.6))
    painter.setBrush(fill)
    if folded:   # a sheet with its corner folded, and three lines of text
        painter.drawPath(_outline((7, 3), (20, 3), (26, 9), (26, 29), (7, 29)))
        painter.setPen(QPen(fill.darker(170), 1.4))
        for y in (13, 18, 23):
            painter.drawLine(11, y, 22, y)
    else:        # a folder with its tab
        painter.drawPath(_outline((3, 8), (12, 8), (15, 11), (29, 11), (29, 27), (3, 27)))
    painter.end()
    return QIcon(pixmap)


def node_icon(payload: Payload, badge: Badge) -> QIcon:
    """Red ! for a row with 错误, yellow ! for 警告, else what the row is (部门, grouping project, a form)."""
    if badge.errors:
        key = "error"
    elif badge.warnings:
        key = "warning"
    elif isinstance(payload, Department):
        key = "department"
    else:
        key = "form" if payload.declared else "group"
    if key not in _ICONS:
        _ICONS[key] = {
            "error": lambda: _dot_icon(ERROR_COLOR, "!"),
            "warning": lambda: _dot_icon(WARNING_COLOR, "!"),
            "department": lambda: _page_icon(QColor("#5b8bd6"), folded=False),
            "group": lambda: _page_icon(QColor("#e8c15a"), folded=False),
            "form": lambda: _page_icon(QColor("#f4f6fa"), folded=True),
        }[key]()
    return _ICONS[key]


class BadgeDelegate(QStyledItemDelegate):
    """Draws the name as usual and, at the right of the name column, pills with the 错误 and 警告 counts."""

    PAD = 6

    def _pills(self, badge: Badge) -> list[tuple[str, QColor]]:
        pills = [("已报送" if badge.status == "已报送" else "已解锁", STATUS_COLOR)] if badge.status else []
        if badge.errors:
            pills.append((f"错 {badge.errors}", ERROR_COLOR))
        if badge.warnings:
            pills.append((f"警 {badge.warnings}", WARNING_COLOR))
        return pills

    def _pill_width(self, metrics: QFontMetrics, pills: list[tuple[str, QColor]]) -> int:
        return sum(metrics.horizontalAdvance(text) + 2 * self.PAD + 4 for text, _ in pills)

    def _pill_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badge = index.data(BADGE_ROLE) if index.column() == NAME else None
        pills = self._pills(badge) if badge else []
        if not pills:
            super().paint(painter, option, index)
            return
        font = self._pill_font(option)
        metrics = QFontMetrics(font)
        width = self._pill_width(metrics, pills)
        text_option = QStyleOptionViewItem(option)
        self.initStyleOption(text_option, index)
        text_option.rect = QRect(option.rect.adjusted(0, 0, -width, 0))
        style = option.widget.style() if option.widget else QApplication.style()
        # the row's selection background spans the whole cell, the text stops before the pills
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        background.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)
        text_option.backgroundBrush = QBrush(Qt.BrushStyle.NoBrush)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        x = option.rect.right() - width + 2
        height = metrics.height() + 2
        top = option.rect.center().y() - height // 2 + 1
        for text, color in pills:
            w = metrics.horizontalAdvance(text) + 2 * self.PAD
            rect = QRectF(x, top, w, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        badge = index.data(BADGE_ROLE) if index.column() == NAME else None
        if badge:
            size.setWidth(size.width() + self._pill_width(QFontMetrics(self._pill_font(option)), self._pills(badge)))
        return size

