# source-sha256: e54655b2f23a13209400b17ab7c889d8764a399331f2675e513364eb3902b41b
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'node_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QStackedWidget, QTabWidget,
    QVBoxLayout, QWidget)

class Ui_NodeEditor(object):
    def setupUi(self, NodeEditor):
        if not NodeEditor.objectName():
            NodeEditor.setObjectName(u"NodeEditor")
        NodeEditor.resize(900, 640)
        self.rootLayout = QVBoxLayout(NodeEditor)
        self.rootLayout.setObjectName(u"rootLayout")
        self.rootLayout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(NodeEditor)
        self.stack.setObjectName(u"stack")
        self.emptyPage = QWidget()
        self.emptyPage.setObjectName(u"emptyPage")
        self.emptyLayout = QVBoxLayout(self.emptyPage)
        self.emptyLayout.setObjectName(u"emptyLayout")
        self.emptyLabel = QLabel(self.emptyPage)
        self.emptyLabel.setObjectName(u"emptyLabel")
        self.emptyLabel.setAlignment(Qt.AlignCenter)

        self.emptyLayout.addWidget(self.emptyLabel)

        self.stack.addWidget(self.emptyPage)
        self.departmentPage = QWidget()
        self.departmentPage.setObjectName(u"departmentPage")
        self.departmentLayout = QVBoxLayout(self.departmentPage)
        self.departmentLayout.setObjectName(u"departmentLayout")
        self.departmentLayout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.departmentPage)
        self.declaredPage = QWidget()
        self.declaredPage.setObjectName(u"declaredPage")
        self.declaredLayout = QVBoxLayout(self.declaredPage)
        self.declaredLayout.setObjectName(u"declaredLayout")
        self.declaredLayout.setContentsMargins(0, 4, 0, 0)
        self.titleLabel = QLabel(self.declaredPage)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextFormat(Qt.PlainText)

        self.declaredLayout.addWidget(self.titleLabel)

        self.tabs = QTabWidget(self.declaredPage)
        self.tabs.setObjectName(u"tabs")
        self.basicTab = QWidget()
        self.basicTab.setObjectName(u"basicTab")
        self.basicLayout = QVBoxLayout(self.basicTab)
        self.basicLayout.setObjectName(u"basicLayout")
        self.basicLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.basicTab, "")
        self.goalsTab = QWidget()
        self.goalsTab.setObjectName(u"goalsTab")
        self.goalsLayout = QVBoxLayout(self.goalsTab)
        self.goalsLayout.setObjectName(u"goalsLayout")
        self.goalsLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.goalsTab, "")
        self.explanationTab = QWidget()
        self.explanationTab.setObjectName(u"explanationTab")
        self.explanationLayout = QVBoxLayout(self.explanationTab)
        self.explanationLayout.setObjectName(u"explanationLayout")
        self.explanationLayout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.explanationTab, "")

        self.declaredLayout.addWidget(self.tabs)

        self.stack.addWidget(self.declaredPage)
        self.undeclaredPage = QWidget()
        self.undeclaredPage.setObjectName(u"undeclaredPage")
        self.undeclaredLayout = QVBoxLayout(self.undeclaredPage)
        self.undeclaredLayout.setObjectName(u"undeclaredLayout")
        self.undeclaredTitle = QLabel(self.undeclaredPage)
        self.undeclaredTitle.setObjectName(u"undeclaredTitle")
        self.undeclaredTitle.setTextFormat(Qt.PlainText)

        self.undeclaredLayout.addWidget(self.undeclaredTitle)

        self.undeclaredText = QLabel(self.undeclaredPage)
        self.undeclaredText.setObjectName(u"undeclaredText")
        self.undeclaredText.setWordWrap(True)

        self.undeclaredLayout.addWidget(self.undeclaredText)

        self.childrenLabel = QLabel(self.undeclaredPage)
        self.childrenLabel.setObjectName(u"childrenLabel")
        self.childrenLabel.setTextFormat(Qt.PlainText)
        self.childrenLabel.setWordWrap(True)

        self.undeclaredLayout.addWidget(self.childrenLabel)

        self.declareRow = QHBoxLayout()
        self.declareRow.setObjectName(u"declareRow")
        self.declareButton = QPushButton(self.undeclaredPage)
        self.declareButton.setObjectName(u"declareButton")

        self.declareRow.addWidget(self.declareButton)

        self.declareSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.declareRow.addItem(self.declareSpacer)


        self.undeclaredLayout.addLayout(self.declareRow)

        self.undeclaredSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.undeclaredLayout.addItem(self.undeclaredSpacer)

        self.stack.addWidget(self.undeclaredPage)

        self.rootLayout.addWidget(self.stack)


        self.retranslateUi(NodeEditor)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(NodeEditor)
    # setupUi

    def retranslateUi(self, NodeEditor):
        self.emptyLabel.setText(QCoreApplication.translate("NodeEditor", u"\u8bf7\u5728\u5de6\u4fa7\u9009\u62e9\u90e8\u95e8\u3001\u9879\u76ee\u6216\u5b50\u9879\u76ee\u3002", None))
        self.titleLabel.setText(QCoreApplication.translate("NodeEditor", u"\u9879\u76ee", None))
        self.tabs.setTabText(self.tabs.indexOf(self.basicTab), QCoreApplication.translate("NodeEditor", u"\u57fa\u672c\u4fe1\u606f", None))
        self.tabs.setTabText(self.tabs.indexOf(self.goalsTab), QCoreApplication.translate("NodeEditor", u"\u7ee9\u6548\u76ee\u6807", None))
        self.tabs.setTabText(self.tabs.indexOf(self.explanationTab), QCoreApplication.translate("NodeEditor", u"\u7ecf\u8d39\u60c5\u51b5\u8bf4\u660e", None))
        self.undeclaredTitle.setText(QCoreApplication.translate("NodeEditor", u"\u9879\u76ee", None))
        self.undeclaredText.setText(QCoreApplication.translate("NodeEditor", u"\u8fd9\u4e2a\u9879\u76ee\u6ca1\u6709\u81ea\u5df1\u7684\u7533\u62a5\u8868\u548c\u7ecf\u8d39\u60c5\u51b5\u8bf4\u660e\uff0c\u7531\u4e0b\u9762\u7684\u5b50\u9879\u76ee\u5206\u522b\u7f16\u62a5\u3002", None))
        self.childrenLabel.setText("")
        self.declareButton.setText(QCoreApplication.translate("NodeEditor", u"\u7f16\u62a5\u7533\u62a5\u8868", None))
#if QT_CONFIG(tooltip)
        self.declareButton.setToolTip(QCoreApplication.translate("NodeEditor", u"\u4e3a\u8fd9\u4e2a\u9879\u76ee\u5efa\u7acb\u5b83\u81ea\u5df1\u7684\u7533\u62a5\u8868\u548c\u7ecf\u8d39\u60c5\u51b5\u8bf4\u660e\uff08\u53ef\u64a4\u9500\uff09", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

