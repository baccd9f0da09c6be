"""Keyboard focus across the window: the Tab order of pages built at run time, and the first widget of a
pane that F6 moves to (a clerk who never touches the mouse must reach every field and every pane)."""
from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def chain(widgets: Iterable[QWidget | None]) -> None:
    """Tab goes from each widget to the next, in this order (widgets built after their form, or moved into
    a page later, otherwise come last in the window's Tab order)."""
    present = [w for w in widgets if w is not None]
    for first, second in zip(present, present[1:]):
        QWidget.setTabOrder(first, second)


def takes_tab_focus(widget: QWidget) -> bool:
    return (widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))


def first_focusable(container: QWidget) -> QWidget | None:
    """The first widget inside ``container`` (or itself) that Tab would stop at, in Tab order."""
    if takes_tab_focus(container) and container.focusProxy() is None:
        return container
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container:
        if container.isAncestorOf(widget) and takes_tab_focus(widget) and widget.focusProxy() is None:
            return widget
        widget = widget.nextInFocusChain()
    return None


def alive_inside(widget: QWidget | None, container: QWidget | None) -> bool:
    """``widget`` still exists, is shown, and lies inside ``container``."""
    return (widget is not None and container is not None and shiboken6.isValid(widget)
            and shiboken6.isValid(container) and widget.isVisible() and widget.isEnabled()
            and container.isAncestorOf(widget))


def no_tab_stop(*widgets: QWidget) -> None:
    """Buttons whose action has a shortcut: clickable, but not a stop on the way to the next field."""
    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
