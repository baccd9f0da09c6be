"""Single-value editors of the forms: commit on Enter, Tab or leaving the field; a refused entry stays,
marked red with the reason, until it is corrected (never silently put back)."""
from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QDate, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QToolTip,
    QWidget,
    QWidgetAction,
)

from ...domain.money import format_money, format_yuan

REFUSED_STYLE = "background: #fbd3d3; color: #9b0000;"
#: a field with a finding of the 审核: background by severity, the message as tooltip
MARK_STYLES = {"error": "background: #fbd3d3;", "warning": "background: #fff1b8;"}


def show_mark(widget, mark) -> None:
    """Colour a field by its finding (a marks.Mark or None); a refused entry keeps its own mark."""
    target = widget.edit if isinstance(widget, DateField) else widget
    if getattr(target, "refused", False):
        return
    style = MARK_STYLES.get(mark.severity, "") if mark else ""
    tip = mark.message if mark else ""
    if target.styleSheet() != style:   # a style sheet set again, even the same, polishes the widget again
        target.setStyleSheet(style)
    if target.toolTip() != tip:
        target.setToolTip(tip)
BLANK_PLACEHOLDER = "（空白）"


def tell_at(widget: QWidget, message: str, rect=None) -> None:
    """Show why an entry was refused right at the field (or at ``rect``, a cell of a grid's viewport): the status
    bar alone is easy to miss. Shown once the edit is over (a grid's cell editor closes after its commit, and a
    note shown before would go with it); the mark and its tooltip stay after this note goes."""
    def show() -> None:
        if shiboken6.isValid(widget) and widget.isVisible():
            area = rect if rect is not None else widget.rect()
            QToolTip.showText(widget.mapToGlobal(QPoint(area.left(), area.bottom() + 2)), message, widget)
    QTimer.singleShot(0, show)

_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def leaves_undo_to_the_window(event, typing: bool) -> bool:
    """True for Ctrl+Z / Ctrl+Y (the platform's undo and redo keys) when nothing typed waits to be committed.

    Qt's text editors claim those keys even with nothing of their own to undo, so after Enter a clerk's Ctrl+Z
    did nothing. While the clerk is typing, the keys undo the typing in the field; once the text is committed
    (or nothing was typed) they belong to the document's 撤销/重做 in the 编辑 menu."""
    return (not typing and event.type() == QEvent.Type.ShortcutOverride
            and any(event.matches(key) for key in _UNDO_KEYS))


def is_ctrl_enter(event) -> bool:
    """Ctrl+Enter: in a multi-line text, "done" (Enter alone starts a new line)."""
    return (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))


#: how long after the last keystroke an amount being typed is saved and checked (审核)
PAUSE_MS = 500


class CommitLineEdit(QLineEdit):
    """A line edit that says ``committed(text)`` once per finished edit (Enter, Tab, focus out), and
    ``cancelled()`` on Esc, after putting back the value it showed (a refused entry is dropped with it).

    ``stint`` counts the times the cursor came into the field: the saves of one stint are one undo step."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown = ""
        self._refused = False
        self.stint = 0
        self.editingFinished.connect(self._finish)

    def focusInEvent(self, event) -> None:
        self.stint += 1
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and not self.isReadOnly():
            self.cancel()
            return
        super().keyPressEvent(event)

    def cancel(self) -> None:
        """Esc: back to the value shown before the typing (a refused entry is dropped); the page is told so it
        can also undo what this stint already saved."""
        self.set_refused(None)
        if self.text() != self._shown:
            self.setText(self._shown)
        self.selectAll()
        self.cancelled.emit()

    def show_value(self, text: str) -> None:
        """Show a stored value (not while a refused entry waits for correction)."""
        if self._refused:
            return
        self._shown = text
        self.setText(text)

    def _finish(self) -> None:
        if self.text() != self._shown or self._refused:
            self.committed.emit(self.text())

    def event(self, event) -> bool:
        if leaves_undo_to_the_window(event, self.text() != self._shown or self._refused):
            event.ignore()
            return True
        return super().event(event)

    def set_refused(self, message: str | None) -> None:
        """Mark the typed text as refused (message as tooltip) or clear the mark (None)."""
        self._refused = message is not None
        self.setStyleSheet(REFUSED_STYLE if self._refused else "")
        self.setToolTip(message or "")

    @property
    def refused(self) -> bool:
        return self._refused


class AmountEdit(CommitLineEdit):
    """An amount in 元 (or in 万元, ``unit = "wan"``, for a form of a 万元 template): shows 780,000.00 when not
    editing, 780000 while editing; blank ≠ 0.

    While the clerk types, ``typing(text)`` says each change (the page's sums follow it at once) and
    ``paused(text)`` says the typing stopped for :data:`PAUSE_MS` (the page saves a readable amount then, so
    审核 follows shortly after); :meth:`keep_typed` records such a save without touching the text."""

    typing = Signal(str)
    paused = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fen: int | None = None
        self.unit = "yuan"
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(BLANK_PLACEHOLDER)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._paused)
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        self.typing.emit(text)
        self._pause.start()

    def _paused(self) -> None:
        if self.hasFocus() and (self.text() != self._shown or self.refused):
            self.paused.emit(self.text())

    def keep_typed(self, fen: int | None) -> None:
        """The text typed was saved as ``fen``: it stays as typed, and Tab does not save it again."""
        self._fen = fen
        self._shown = self.text()

    def show_fen(self, fen: int | None) -> None:
        self._fen = fen
        self.show_value(self._edit_text() if self.hasFocus() else self._display_text())

    def _display_text(self) -> str:
        if self.unit == "wan" and self._fen:
            return format_money(self._fen, "wan", min_places=2, grouping=True)
        return format_yuan(self._fen, "thousands2")

    def _edit_text(self) -> str:
        if self.unit == "wan" and self._fen:
            return format_money(self._fen, "wan")
        return format_yuan(self._fen, "plain")

    def focusInEvent(self, event) -> None:
        if not self.refused:
            self.show_value(self._edit_text())
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                              Qt.FocusReason.ShortcutFocusReason, Qt.FocusReason.OtherFocusReason):
            self.selectAll()

    def focusOutEvent(self, event) -> None:
        self._pause.stop()
        super().focusOutEvent(event)  # editingFinished → commit first
        if not self.refused:
            self.show_value(self._display_text())

    def cancel(self) -> None:
        self._pause.stop()
        super().cancel()


class CommitPlainTextEdit(QPlainTextEdit):
    """A multi-line text that commits when it loses focus (or on Ctrl+Enter); Esc puts back the text it showed,
    as in the one-line fields (without it, words typed here by mistake were saved on leaving the field)."""

    committed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown = ""
        self.setTabChangesFocus(True)

    def show_value(self, text: str) -> None:
        if text == self.toPlainText():
            self._shown = text
            return
        if self.hasFocus() and self.toPlainText() != self._shown:
            return  # the clerk is typing here: their text wins until they leave the field
        self._shown = text
        self.setPlainText(text)

    def commit(self) -> None:
        if self.toPlainText() != self._shown:
            self._shown = self.toPlainText()
            self.committed.emit(self._shown)

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)

    def event(self, event) -> bool:
        if leaves_undo_to_the_window(event, self.toPlainText() != self._shown):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if is_ctrl_enter(event):
            self.commit()
            return
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and not self.isReadOnly() and self.toPlainText() != self._shown:
            self.setPlainText(self._shown)
            self.moveCursor(QTextCursor.MoveOperation.End)
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date that may be blank: type it (every spelling the session reads) or pick it in a calendar.

    Tab goes from date to date (the 日历 button is no stop); Alt+↓ or F4 in the date opens the calendar with
    the keyboard in it (arrows, Enter picks, Esc closes), as in a date box of Windows."""

    committed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = CommitLineEdit(self)
        self.edit.setPlaceholderText("（空白）例：2026-01-01")
        self.edit.committed.connect(self.committed)
        self.button = QToolButton(self)
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setLocale(self.locale())
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        # the keys go to the calendar at once (else the menu keeps them until ↓ is pressed)
        menu.aboutToShow.connect(lambda: QTimer.singleShot(0, lambda: self._focus_calendar(menu, action)))
        self.calendar.clicked.connect(lambda day: self._pick(day, menu))
        self.calendar.activated.connect(lambda day: self._pick(day, menu))
        self.button.setMenu(menu)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self._value: date | None = None

    def eventFilter(self, watched, event) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and self._opens_calendar(event):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _opens_calendar(event) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return ((event.key() == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier)
                or (event.key() == Qt.Key.Key_F4 and mods == Qt.KeyboardModifier.NoModifier))

    def open_calendar(self) -> None:
        if self.button.isEnabled():
            self.button.showMenu()

    def _focus_calendar(self, menu: QMenu, action: QWidgetAction) -> None:
        if menu.isVisible():
            menu.setActiveAction(action)
            self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def show_date(self, value: date | None) -> None:
        self._value = value
        self.edit.show_value(value.isoformat() if value else "")

    def set_refused(self, message: str | None) -> None:
        self.edit.set_refused(message)

    def _prepare_calendar(self) -> None:
        if self._value is not None:
            self.calendar.setSelectedDate(QDate(self._value.year, self._value.month, self._value.day))

    def _pick(self, day: QDate, menu: QMenu) -> None:
        menu.close()
        text = day.toString("yyyy-MM-dd")
        self.edit.setText(text)
        self.committed.emit(text)


class ReasonEdit(QPlainTextEdit):
    """A reason a dialog asks for (why a 警告 is accepted, why a file goes with 错误): Tab goes on to the
    buttons instead of typing a tab, and Ctrl+Enter says ``submitted`` (the dialog's OK from the keyboard)."""

    submitted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event) -> None:
        if is_ctrl_enter(event):
            self.submitted.emit()
            return
        super().keyPressEvent(event)
