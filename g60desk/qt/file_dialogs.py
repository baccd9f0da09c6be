"""Every file dialog of the window in one place, and showing a written file on the desktop: where it opens (the
folder the clerk last chose, else her 文档 folder — never the program's own hidden data folder, where the first
start's sample lives), the suffix added when she types none, and the chosen folder remembered for the next
dialog. The dialogs are the system's own (native on Windows), with Qt's Chinese texts elsewhere."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import settings
from ..paths import data_dir


def _inside_data_dir(folder: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def start_folder() -> Path:
    """The folder last chosen in a file dialog, when it still exists; else 文档."""
    last = settings.get("last_folder")
    if last and Path(last).is_dir() and not _inside_data_dir(Path(last)):
        return Path(last)
    return documents_folder()


def usable_folder(folder: Path | None) -> Path:
    """``folder`` (e.g. beside the open document) unless it is gone or the program's data folder."""
    if folder is not None and folder.is_dir() and not _inside_data_dir(folder):
        return folder
    return start_folder()


def _remember(path: Path) -> None:
    settings.set("last_folder", str(path if path.is_dir() else path.parent))


def with_suffix(name: str, suffix: str) -> Path:
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_open(parent: QWidget | None, title: str, file_filter: str, folder: Path | None = None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(usable_folder(folder)), file_filter)
    if not name:
        return None
    _remember(Path(name))
    return Path(name)


def ask_open_many(parent: QWidget | None, title: str, file_filter: str) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), file_filter)
    if names:
        _remember(Path(names[0]))
    return [Path(n) for n in names]


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, str(start_folder()))
    if not folder:
        return None
    _remember(Path(folder))
    return Path(folder)


def ask_save(parent: QWidget | None, title: str, suggested: Path | str, file_filter: str, suffix: str,
             confirm_overwrite: bool = True) -> Path | None:
    """A path to write: ``suggested`` is a file name, or a path whose folder is used when usable."""
    suggested = Path(suggested)
    folder = usable_folder(suggested.parent if suggested.parent != Path(".") else None)
    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    name, _ = QFileDialog.getSaveFileName(parent, title, str(folder / suggested.name), file_filter,
                                          options=options)
    if not name:
        return None
    path = with_suffix(name, suffix)
    _remember(path.parent)
    return path


def show_on_desktop(parent: QWidget | None, path: Path, what: str) -> bool:
    """Open ``path`` (a PDF, a folder) with the desktop's program for it; when the PC has none (an intranet PC
    without a PDF reader, a desktop without a file manager), say where the file is instead of staying silent."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    box = QMessageBox(QMessageBox.Icon.Information, what,
                      f"{what}已写好，但这台电脑上没有能打开它的程序。它在：\n{path}", parent=parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)   # the path can be copied
    box.exec()
    return False
