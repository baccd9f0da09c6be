"""Files in the window: 新建 (dialog), 打开, 最近打开, 另存为, read-only opening when another writer holds the
file (the one writer lock of store/lock.py) or the place cannot be written."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QWidget

from ... import settings
from ...domain.templates import DEFAULT_TEMPLATE
from ...errors import UserError
from ...services.documents import NewFile, being_written
from ...services.session import Session
from ...services.templates import bundled_templates, read_template_file
from ...services.undo import UndoHistory
from .. import file_dialogs

FILE_FILTER = "申报文件 (*.g60);;所有文件 (*)"
SUFFIX = ".g60"
LOCKED_TEXT = ("此文件正在另一个窗口或另一台电脑上编辑，现以只读方式打开。"
               "如需修改，请先关闭另一个窗口，或用“另存为”保存一份副本。")
READONLY_TEXT = ("此文件所在的位置不能写入（只读文件、光盘或写保护的U盘），现以只读方式打开。"
                 "如需修改，请用“另存为”保存到可写的位置。")
#: the last entry of the template list: choose a template file (a bureau's own form)
FROM_FILE = "从文件选择模板…"
#: the item data of a template read from a file: this prefix and the file's path
FILE_PREFIX = "file:"
TEMPLATE_FILTER = "模板文件 (*.toml)"
#: a window waits this long for a writer that is just finishing (a script, a command) before it opens read-only
WINDOW_LOCK_WAIT_SECONDS = 0.5
TEMPLATE_NOTES = {"上海2026": "上海 2026 样式（2021 版指标体系，金额 780,000.00）",
                  "上海2022": "上海 2022 样式（旧指标体系，金额 10580000）"}


class Releasable(Protocol):
    """The writer lock as the window sees it (store/lock.py's WriterLock; qt/ does not import the store)."""

    def release(self) -> None: ...


@dataclass
class OpenedDocument:
    """A document open in the window. Its writer lock (store/lock.py, the one every writer takes) is
    held by the session's store while the window may edit, and released by :meth:`close`."""

    session: Session
    readonly_reason: str | None   # the banner text, None when the file is open for editing

    @property
    def lock(self) -> Releasable | None:
        """The session's writer lock (None when read-only)."""
        return self.session.store.lock

    def close(self) -> None:
        self.session.close()


def _banner(session: Session) -> str | None:
    holder = session.store.locked_by
    if holder is not None:
        return LOCKED_TEXT.replace("上编辑，", f"上编辑（{holder.describe()}），", 1)
    return READONLY_TEXT if session.readonly else None


def open_document(path: str | Path, undo_stack: UndoHistory | None = None, check: bool = True) -> OpenedDocument:
    """Open ``path`` for editing when no other writer has it, else read-only with a reason; ``check=False``
    leaves the 审核 until it is first asked for.

    Raises FileRefused (the file is not a document we can open) with nothing held."""
    session = Session.open(path, undo_stack=undo_stack, if_locked="readonly", wait=WINDOW_LOCK_WAIT_SECONDS,
                           check=check)
    return OpenedDocument(session, _banner(session))


def adopt(session: Session) -> OpenedDocument:
    """An OpenedDocument for a session opened elsewhere (另存为 made the file and holds its lock)."""
    return OpenedDocument(session, _banner(session))


def lock_is_held(path: str | Path) -> bool:
    """True when another window, PC or program is writing ``path`` (so 另存为 must not overwrite it)."""
    return being_written(path)


# ---- dialogs ---------------------------------------------------------------------------------------

def choose_open_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_open(parent, "打开申报文件", FILE_FILTER)


def choose_save_path(parent: QWidget, suggested: str) -> Path | None:
    return file_dialogs.ask_save(parent, "另存为", suggested, FILE_FILTER, SUFFIX)


def choose_template_path(parent: QWidget) -> Path | None:
    return file_dialogs.ask_open(parent, "选择模板文件", TEMPLATE_FILTER)


class NewFileDialog(QDialog):
    """新建: budget year, department, template (a bundled one, or 从文件选择模板… — a bureau's own file, which the new
    file then carries) and where to save. ``request()`` after exec() == Accepted."""

    def __init__(self, parent: QWidget | None = None, browse: Callable[[QWidget, str], Path | None] | None = None,
                 browse_template: Callable[[QWidget], Path | None] | None = None):
        super().__init__(parent)
        from ..ui_generated.ui_new_file_dialog import Ui_NewFileDialog  # the dialog's form: not at start
        self.form = Ui_NewFileDialog()
        self.form.setupUi(self)
        self._browse = browse or choose_save_path
        self._browse_template = browse_template or choose_template_path
        self._path_typed = False
        self.form.yearSpin.setValue(date.today().year + 1)
        combo = self.form.templateCombo
        #: the title of each listed template by its item data (shown with the year chosen: 2027年项目支出…)
        self._titles: dict[str, tuple[str, str, str]] = {}
        for item in bundled_templates():
            combo.addItem(item.id, item.id)
            combo.setItemData(combo.count() - 1, item.source, Qt.ItemDataRole.ToolTipRole)
            self._titles[item.id] = (item.id, item.title, "")
        combo.addItem(FROM_FILE, FROM_FILE)
        ids = [combo.itemData(i) for i in range(combo.count())]
        combo.setCurrentIndex(ids.index(DEFAULT_TEMPLATE) if DEFAULT_TEMPLATE in ids else 0)
        self._chosen_template = combo.currentIndex()
        combo.activated.connect(self._template_activated)
        self.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        self.form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.form.yearSpin.valueChanged.connect(self._suggest_path)
        self.form.yearSpin.valueChanged.connect(self._show_titles)
        self._show_titles()
        self.form.departmentEdit.textChanged.connect(self._suggest_path)
        self.form.pathEdit.textEdited.connect(self._path_edited)
        self.form.browseButton.clicked.connect(self._browse_path)
        self.form.buttonBox.accepted.connect(self.accept)
        self.form.buttonBox.rejected.connect(self.reject)
        self._suggest_path()

    def _show_titles(self) -> None:
        """Each template's item: its id and its title in the chosen year (上海's two: what tells them apart)."""
        combo = self.form.templateCombo
        year = self.form.yearSpin.value()
        for index in range(combo.count()):
            shown = self._titles.get(str(combo.itemData(index)))
            if shown is not None:
                template_id, title, after = shown
                note = None if after else TEMPLATE_NOTES.get(template_id)
                combo.setItemText(index, note or f"{template_id}：{title.format(year=year)}{after}")

    def _suggested_name(self) -> str:
        department = self.form.departmentEdit.text().strip() or "申报文件"
        safe = "".join(c for c in department if c not in '\\/:*?"<>|')
        return f"{self.form.yearSpin.value()}年{safe}{SUFFIX}"

    def _suggest_path(self) -> None:
        if not self._path_typed:
            self.form.pathEdit.setText(str(file_dialogs.start_folder() / self._suggested_name()))

    def _path_edited(self, _text: str) -> None:
        self._path_typed = True

    def _browse_path(self) -> None:
        chosen = self._browse(self, self._suggested_name())
        if chosen is not None:
            self._path_typed = True
            self.form.pathEdit.setText(str(chosen))

    def _template_activated(self, index: int) -> None:
        """从文件选择模板…: the chosen file is read and checked; it joins the list (selected), or the message says
        why not."""
        combo = self.form.templateCombo
        if combo.itemData(index) != FROM_FILE:
            self._chosen_template = index
            return
        chosen = self._browse_template(self)
        if chosen is None:
            combo.setCurrentIndex(self._chosen_template)
            return
        try:
            template = read_template_file(chosen)
        except UserError as exc:
            self.form.messageLabel.setText(exc.message)
            combo.setCurrentIndex(self._chosen_template)
            return
        data = f"{FILE_PREFIX}{chosen}"
        combo.insertItem(index, template.id, data)
        self._titles[data] = (template.id, template.title, f"（{chosen.name}）")
        self._show_titles()
        combo.setItemData(index, template.source, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(index)
        self._chosen_template = index
        self.form.messageLabel.setText("")

    def request(self) -> NewFile:
        typed = self.form.pathEdit.text().strip()
        data = str(self.form.templateCombo.currentData())
        from_file = data.startswith(FILE_PREFIX)
        return NewFile(year=self.form.yearSpin.value(), department=self.form.departmentEdit.text().strip(),
                       template=DEFAULT_TEMPLATE if from_file else data,
                       template_file=Path(data.removeprefix(FILE_PREFIX)) if from_file else None,
                       path=file_dialogs.with_suffix(typed, SUFFIX) if typed else None)

    def problem(self) -> str | None:
        return self.request().problem()

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.form.messageLabel.setText(problem)
            return
        super().accept()


def fill_recent_menu(menu: QMenu, open_path: Callable[[Path], object]) -> None:
    """最近打开: the remembered files that still exist, newest first, and 清除列表."""
    menu.clear()
    files = [Path(p) for p in settings.get("recent_files") if isinstance(p, str)]
    shown = 0
    for path in files:
        if not path.is_file():
            continue
        shown += 1
        action = menu.addAction(f"&{shown} {path.name}" if shown < 10 else path.name)
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _checked=False, p=path: open_path(p))
    if not shown:
        menu.addAction("（没有最近打开的文件）").setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction("清除列表").triggered.connect(lambda: settings.set("recent_files", []))

