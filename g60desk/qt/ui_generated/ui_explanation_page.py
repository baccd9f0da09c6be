# source-sha256: 115382102206a130441b603f10f5f00ab8be7878da6c6a854cc9ae4160c06327
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'explanation_page.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QHeaderView, QLabel,
    QScrollArea, QSizePolicy, QSpacerItem, QSplitter,
    QToolButton, QVBoxLayout, QWidget)

from g60desk.qt.editors.grid_view import ExcelTreeView
from g60desk.qt.editors.rich_line import RichTextLine

class Ui_ExplanationPage(object):
    def setupUi(self, ExplanationPage):
        if not ExplanationPage.objectName():
            ExplanationPage.setObjectName(u"ExplanationPage")
        ExplanationPage.resize(860, 560)
        self.rootLayout = QVBoxLayout(ExplanationPage)
        self.rootLayout.setObjectName(u"rootLayout")
        self.rootLayout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(ExplanationPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.sectionsScroll = QScrollArea(self.splitter)
        self.sectionsScroll.setObjectName(u"sectionsScroll")
        self.sectionsScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sectionsScroll.setWidgetResizable(True)
        self.sectionsWidget = QWidget()
        self.sectionsWidget.setObjectName(u"sectionsWidget")
        self.sectionsLayout = QVBoxLayout(self.sectionsWidget)
        self.sectionsLayout.setObjectName(u"sectionsLayout")
        self.sectionsScroll.setWidget(self.sectionsWidget)
        self.splitter.addWidget(self.sectionsScroll)
        self.budgetPane = QWidget(self.splitter)
        self.budgetPane.setObjectName(u"budgetPane")
        self.budgetLayout = QVBoxLayout(self.budgetPane)
        self.budgetLayout.setObjectName(u"budgetLayout")
        self.budgetLayout.setContentsMargins(0, 0, 0, 0)
        self.budgetToolbar = QHBoxLayout()
        self.budgetToolbar.setObjectName(u"budgetToolbar")
        self.budgetTitle = QLabel(self.budgetPane)
        self.budgetTitle.setObjectName(u"budgetTitle")

        self.budgetToolbar.addWidget(self.budgetTitle)

        self.toolbarSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.budgetToolbar.addItem(self.toolbarSpacer)

        self.addGroupButton = QToolButton(self.budgetPane)
        self.addGroupButton.setObjectName(u"addGroupButton")

        self.budgetToolbar.addWidget(self.addGroupButton)

        self.addLineButton = QToolButton(self.budgetPane)
        self.addLineButton.setObjectName(u"addLineButton")

        self.budgetToolbar.addWidget(self.addLineButton)

        self.addChildButton = QToolButton(self.budgetPane)
        self.addChildButton.setObjectName(u"addChildButton")

        self.budgetToolbar.addWidget(self.addChildButton)

        self.removeButton = QToolButton(self.budgetPane)
        self.removeButton.setObjectName(u"removeButton")

        self.budgetToolbar.addWidget(self.removeButton)

        self.upButton = QToolButton(self.budgetPane)
        self.upButton.setObjectName(u"upButton")

        self.budgetToolbar.addWidget(self.upButton)

        self.downButton = QToolButton(self.budgetPane)
        self.downButton.setObjectName(u"downButton")

        self.budgetToolbar.addWidget(self.downButton)


        self.budgetLayout.addLayout(self.budgetToolbar)

        self.budgetView = ExcelTreeView(self.budgetPane)
        self.budgetView.setObjectName(u"budgetView")

        self.budgetLayout.addWidget(self.budgetView)

        self.totalLabel = RichTextLine(self.budgetPane)
        self.totalLabel.setObjectName(u"totalLabel")

        self.budgetLayout.addWidget(self.totalLabel)

        self.splitter.addWidget(self.budgetPane)

        self.rootLayout.addWidget(self.splitter)


        self.retranslateUi(ExplanationPage)

        QMetaObject.connectSlotsByName(ExplanationPage)
    # setupUi

    def retranslateUi(self, ExplanationPage):
        self.budgetTitle.setText(QCoreApplication.translate("ExplanationPage", u"\u516d\u3001\u5e74\u5ea6\u9884\u7b97\u5b89\u6392 \u660e\u7ec6", None))
        self.addGroupButton.setText(QCoreApplication.translate("ExplanationPage", u"\u65b0\u5efa\u5206\u7ec4", None))
#if QT_CONFIG(tooltip)
        self.addGroupButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u5728\u5f53\u524d\u5206\u7ec4\u540e\u65b0\u5efa\u4e00\u4e2a\u5206\u7ec4\uff08\u4e00\u3001\u4e8c\u3001\u4e09\u2026\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.addLineButton.setText(QCoreApplication.translate("ExplanationPage", u"\u65b0\u589e\u660e\u7ec6", None))
#if QT_CONFIG(tooltip)
        self.addLineButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u5728\u5f53\u524d\u884c\u4e0b\u9762\u65b0\u589e\u4e00\u884c\u660e\u7ec6\uff08\uff081\uff09\uff082\uff09\u2026\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.addChildButton.setText(QCoreApplication.translate("ExplanationPage", u"\u65b0\u589e\u5b50\u660e\u7ec6", None))
#if QT_CONFIG(tooltip)
        self.addChildButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u5728\u5f53\u524d\u660e\u7ec6\u4e0b\u65b0\u589e\u4e00\u884c\u5b50\u660e\u7ec6", None))
#endif // QT_CONFIG(tooltip)
        self.removeButton.setText(QCoreApplication.translate("ExplanationPage", u"\u5220\u9664", None))
#if QT_CONFIG(tooltip)
        self.removeButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u5220\u9664\u9009\u4e2d\u7684\u5206\u7ec4\u6216\u660e\u7ec6", None))
#endif // QT_CONFIG(tooltip)
        self.upButton.setText(QCoreApplication.translate("ExplanationPage", u"\u4e0a\u79fb", None))
#if QT_CONFIG(tooltip)
        self.upButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u4e0a\u79fb\u5f53\u524d\u5206\u7ec4\u6216\u660e\u7ec6", None))
#endif // QT_CONFIG(tooltip)
        self.downButton.setText(QCoreApplication.translate("ExplanationPage", u"\u4e0b\u79fb", None))
#if QT_CONFIG(tooltip)
        self.downButton.setToolTip(QCoreApplication.translate("ExplanationPage", u"\u4e0b\u79fb\u5f53\u524d\u5206\u7ec4\u6216\u660e\u7ec6", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

