# source-sha256: 3fe042fe531ce1e4af83a00bdec257cd636226b2e71f9f8a21b8df0c29f2cca4
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'goals_page.ui'
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
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QSizePolicy, QSpacerItem, QSplitter,
    QToolButton, QVBoxLayout, QWidget)

from g60desk.qt.editors.fields import CommitPlainTextEdit
from g60desk.qt.editors.grid_view import ExcelTableView

class Ui_GoalsPage(object):
    def setupUi(self, GoalsPage):
        if not GoalsPage.objectName():
            GoalsPage.setObjectName(u"GoalsPage")
        GoalsPage.resize(860, 560)
        self.rootLayout = QVBoxLayout(GoalsPage)
        self.rootLayout.setObjectName(u"rootLayout")
        self.rootLayout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(GoalsPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.goalsPane = QWidget(self.splitter)
        self.goalsPane.setObjectName(u"goalsPane")
        self.goalsGrid = QGridLayout(self.goalsPane)
        self.goalsGrid.setObjectName(u"goalsGrid")
        self.goalsGrid.setContentsMargins(0, 0, 0, 0)
        self.overallHeader = QLabel(self.goalsPane)
        self.overallHeader.setObjectName(u"overallHeader")

        self.goalsGrid.addWidget(self.overallHeader, 0, 0, 1, 1)

        self.annualHeader = QLabel(self.goalsPane)
        self.annualHeader.setObjectName(u"annualHeader")

        self.goalsGrid.addWidget(self.annualHeader, 0, 1, 1, 1)

        self.overallEdit = CommitPlainTextEdit(self.goalsPane)
        self.overallEdit.setObjectName(u"overallEdit")

        self.goalsGrid.addWidget(self.overallEdit, 1, 0, 1, 1)

        self.annualEdit = CommitPlainTextEdit(self.goalsPane)
        self.annualEdit.setObjectName(u"annualEdit")

        self.goalsGrid.addWidget(self.annualEdit, 1, 1, 1, 1)

        self.splitter.addWidget(self.goalsPane)
        self.indicatorPane = QWidget(self.splitter)
        self.indicatorPane.setObjectName(u"indicatorPane")
        self.indicatorLayout = QVBoxLayout(self.indicatorPane)
        self.indicatorLayout.setObjectName(u"indicatorLayout")
        self.indicatorLayout.setContentsMargins(0, 0, 0, 0)
        self.indicatorToolbar = QHBoxLayout()
        self.indicatorToolbar.setObjectName(u"indicatorToolbar")
        self.indicatorTitle = QLabel(self.indicatorPane)
        self.indicatorTitle.setObjectName(u"indicatorTitle")

        self.indicatorToolbar.addWidget(self.indicatorTitle)

        self.toolbarSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.indicatorToolbar.addItem(self.toolbarSpacer)

        self.insertButton = QToolButton(self.indicatorPane)
        self.insertButton.setObjectName(u"insertButton")

        self.indicatorToolbar.addWidget(self.insertButton)

        self.removeButton = QToolButton(self.indicatorPane)
        self.removeButton.setObjectName(u"removeButton")

        self.indicatorToolbar.addWidget(self.removeButton)

        self.upButton = QToolButton(self.indicatorPane)
        self.upButton.setObjectName(u"upButton")

        self.indicatorToolbar.addWidget(self.upButton)

        self.downButton = QToolButton(self.indicatorPane)
        self.downButton.setObjectName(u"downButton")

        self.indicatorToolbar.addWidget(self.downButton)

        self.sortButton = QToolButton(self.indicatorPane)
        self.sortButton.setObjectName(u"sortButton")

        self.indicatorToolbar.addWidget(self.sortButton)


        self.indicatorLayout.addLayout(self.indicatorToolbar)

        self.indicatorView = ExcelTableView(self.indicatorPane)
        self.indicatorView.setObjectName(u"indicatorView")

        self.indicatorLayout.addWidget(self.indicatorView)

        self.splitter.addWidget(self.indicatorPane)

        self.rootLayout.addWidget(self.splitter)


        self.retranslateUi(GoalsPage)

        QMetaObject.connectSlotsByName(GoalsPage)
    # setupUi

    def retranslateUi(self, GoalsPage):
        self.overallHeader.setText(QCoreApplication.translate("GoalsPage", u"\u9879\u76ee\u603b\u76ee\u6807", None))
        self.annualHeader.setText(QCoreApplication.translate("GoalsPage", u"\u5e74\u5ea6\u603b\u4f53\u76ee\u6807", None))
        self.indicatorTitle.setText(QCoreApplication.translate("GoalsPage", u"\u7ee9\u6548\u6307\u6807", None))
        self.insertButton.setText(QCoreApplication.translate("GoalsPage", u"\u63d2\u5165\u884c", None))
#if QT_CONFIG(tooltip)
        self.insertButton.setToolTip(QCoreApplication.translate("GoalsPage", u"\u5728\u5f53\u524d\u884c\u4e0a\u65b9\u63d2\u5165\u4e00\u884c\u6307\u6807\uff08\u540c\u4e00\u7ea7\u3001\u4e8c\u7ea7\uff09", None))
#endif // QT_CONFIG(tooltip)
        self.removeButton.setText(QCoreApplication.translate("GoalsPage", u"\u5220\u9664\u884c", None))
#if QT_CONFIG(tooltip)
        self.removeButton.setToolTip(QCoreApplication.translate("GoalsPage", u"\u5220\u9664\u9009\u4e2d\u7684\u6307\u6807\u884c", None))
#endif // QT_CONFIG(tooltip)
        self.upButton.setText(QCoreApplication.translate("GoalsPage", u"\u4e0a\u79fb", None))
#if QT_CONFIG(tooltip)
        self.upButton.setToolTip(QCoreApplication.translate("GoalsPage", u"\u628a\u5f53\u524d\u6307\u6807\u4e0a\u79fb\u4e00\u884c", None))
#endif // QT_CONFIG(tooltip)
        self.downButton.setText(QCoreApplication.translate("GoalsPage", u"\u4e0b\u79fb", None))
#if QT_CONFIG(tooltip)
        self.downButton.setToolTip(QCoreApplication.translate("GoalsPage", u"\u628a\u5f53\u524d\u6307\u6807\u4e0b\u79fb\u4e00\u884c", None))
#endif // QT_CONFIG(tooltip)
        self.sortButton.setText(QCoreApplication.translate("GoalsPage", u"\u6309\u8868\u6392\u5e8f", None))
#if QT_CONFIG(tooltip)
        self.sortButton.setToolTip(QCoreApplication.translate("GoalsPage", u"\u6309\u6307\u6807\u4f53\u7cfb\u7684\u987a\u5e8f\uff08\u4e00\u7ea7\u3001\u4e8c\u7ea7\uff09\u6392\u5217\u5404\u884c\uff0c\u4e0e\u6253\u5370\u7684\u7533\u62a5\u8868\u4e00\u81f4", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

