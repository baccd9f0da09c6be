"""F6 / Shift+F6 between the tree, the editor and the 审核 list, and going to the place of a finding."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from .focus import alive_inside
from .window_parts import WindowParts


class PaneNavigation(WindowParts):
    """The part of MainWindow that moves the cursor between its panes."""

    def panes(self) -> list[QWidget]:
        """The tree, the editor and the 审核 list (when shown), in F6 order."""
        panes: list[QWidget] = [self.form.nodeTree]
        if self.editor is not None:
            panes.append(self.editor)
        if self.findings is not None and self.findings_dock.isVisible():
            panes.append(self.findings)
        return panes

    def move_to_pane(self, step: int) -> None:
        """F6: the cursor goes to the next pane (Shift+F6: the previous one); the editor gets back the
        field the cursor left."""
        if self.session is None:
            return
        panes = self.panes()
        focus = QApplication.focusWidget()
        here = next((i for i, p in enumerate(panes) if focus is not None and (focus is p or p.isAncestorOf(focus))),
                    None)
        if here is not None and panes[here] is self.editor:
            self._editor_focus = focus
        start = here if here is not None else (-1 if step > 0 else 0)
        for k in range(1, len(panes) + 1):
            if self.focus_pane(panes[(start + step * k) % len(panes)]):
                return

    def focus_pane(self, pane: QWidget | None) -> bool:
        if pane is None:
            return False
        reason = Qt.FocusReason.ShortcutFocusReason
        if pane is self.form.nodeTree:
            pane.setFocus(reason)
            return True
        if pane is self.editor:
            left = self._editor_focus
            if left is not None and alive_inside(left, self.editor):
                left.setFocus(reason)
                return True
            return self.editor.focus_first()
        if pane is self.findings:
            view = self.findings.form.findingsView
            if not view.currentIndex().isValid() and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
            view.setFocus(reason)
            return True
        return False

    def go_to_place(self, path: tuple[str, ...], field: str | None) -> None:
        """Double-click on a finding: select its node in the tree, then the field or cell in the editor."""
        target = self.session.doc.find(path) if self.session else None
        if target is None:
            return
        self.select(target)
        if self.editor is not None:
            self.editor.focus_place(target, field)
