"""Qt's own dialogs (file, print, page set-up, message boxes) in Chinese: Qt's qtbase_zh_CN, and the few
strings that translation lacks for the Qt version the program ships (Qt 6.11 left "&Look in:" and "Files of
&type:" of the file dialog, and three labels of the print dialogs, in English)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

#: (context, source text) → Chinese, only for strings qtbase_zh_CN does not translate
MISSING_IN_QT = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintSettingsOutput", "Page &Set:"): "打印页面(&S)：",
    ("QPageSetupWidget", "Page &order:"): "页面顺序(&O)：",
    ("QPageSetupWidget", "Pages &per sheet:"): "每张纸的页数(&P)：",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
}


class MissingStrings(QTranslator):
    """Asked only after qtbase_zh_CN found nothing (installed before it); None leaves Qt's English."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return MISSING_IN_QT.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_translations(app: QCoreApplication) -> None:
    """Once per application: the missing strings first, then Qt's own translation, which Qt asks first."""
    if app.property("g60desk_translations"):
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators: list[QTranslator] = [MissingStrings(app)]
    qtbase = QTranslator(app)
    if qtbase.load("qtbase_zh_CN", folder):
        translators.append(qtbase)
    for translator in translators:
        app.installTranslator(translator)
    app.setProperty("g60desk_translations", True)
