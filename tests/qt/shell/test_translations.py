"""Qt's own dialogs speak Chinese: every label, button and tool tip of the file and print dialogs."""
from __future__ import annotations

import re

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QWidget

ENGLISH = re.compile(r"[A-Za-z]{3,}")
#: words that are names, not sentences: file formats and paper names stay as written in Chinese Qt too
NAMES = re.compile(r"\b(PDF|ANSI|JIS)\b")


def english_texts(dialog: QWidget) -> list[str]:
    found = []
    for widget in dialog.findChildren(QWidget):   # shown or folded away (the print dialog's 选项)
        texts = [widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        found += [t for t in texts if ENGLISH.search(NAMES.sub("", t)) and "/" not in t]
    return found


@pytest.mark.parametrize("mode", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave])
def test_the_file_dialog_has_no_english_label(qtbot, mode):
    dialog = QFileDialog(None, "打开申报文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)   # Qt's own dialog, as on Linux desktops
    dialog.setAcceptMode(mode)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_texts(dialog) == []


def test_the_print_dialog_has_no_english_label(qtbot):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)   # must outlive the dialog
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_texts(dialog) == []
