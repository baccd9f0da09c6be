# source-sha256: 933f3e9d8ce1123a1a8c320ccd92f6174105c1c66c23b46e48e9f75dabf93a00
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'findings_panel.ui'
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
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QVBoxLayout, QWidget)

class Ui_FindingsPanel(object):
    def setupUi(self, FindingsPanel):
        if not FindingsPanel.objectName():
            FindingsPanel.setObjectName(u"FindingsPanel")
        FindingsPanel.resize(900, 220)
        self.panelLayout = QVBoxLayout(FindingsPanel)
        self.panelLayout.setSpacing(4)
        self.panelLayout.setObjectName(u"panelLayout")
        self.panelLayout.setContentsMargins(6, 4, 6, 4)
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.showLabel = QLabel(FindingsPanel)
        self.showLabel.setObjectName(u"showLabel")

        self.filterLayout.addWidget(self.showLabel)

        self.errorBox = QCheckBox(FindingsPanel)
        self.errorBox.setObjectName(u"errorBox")
        self.errorBox.setChecked(True)

        self.filterLayout.addWidget(self.errorBox)

        self.warningBox = QCheckBox(FindingsPanel)
        self.warningBox.setObjectName(u"warningBox")
        self.warningBox.setChecked(True)

        self.filterLayout.addWidget(self.warningBox)

        self.infoBox = QCheckBox(FindingsPanel)
        self.infoBox.setObjectName(u"infoBox")
        self.infoBox.setChecked(True)

        self.filterLayout.addWidget(self.infoBox)

        self.currentNodeBox = QCheckBox(FindingsPanel)
        self.currentNodeBox.setObjectName(u"currentNodeBox")

        self.filterLayout.addWidget(self.currentNodeBox)

        self.filterSpacer = QSpacerItem(20, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterLayout.addItem(self.filterSpacer)

        self.countLabel = QLabel(FindingsPanel)
        self.countLabel.setObjectName(u"countLabel")

        self.filterLayout.addWidget(self.countLabel)

        self.acknowledgeButton = QPushButton(FindingsPanel)
        self.acknowledgeButton.setObjectName(u"acknowledgeButton")
        self.acknowledgeButton.setEnabled(False)

        self.filterLayout.addWidget(self.acknowledgeButton)

        self.withdrawButton = QPushButton(FindingsPanel)
        self.withdrawButton.setObjectName(u"withdrawButton")
        self.withdrawButton.setEnabled(False)

        self.filterLayout.addWidget(self.withdrawButton)


        self.panelLayout.addLayout(self.filterLayout)

        self.findingsView = QTableView(FindingsPanel)
        self.findingsView.setObjectName(u"findingsView")
        self.findingsView.setTabKeyNavigation(False)
        self.findingsView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findingsView.setAlternatingRowColors(True)
        self.findingsView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findingsView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findingsView.setWordWrap(False)
        self.findingsView.setSortingEnabled(True)
        self.findingsView.horizontalHeader().setStretchLastSection(False)
        self.findingsView.verticalHeader().setVisible(False)

        self.panelLayout.addWidget(self.findingsView)


        self.retranslateUi(FindingsPanel)

        QMetaObject.connectSlotsByName(FindingsPanel)
    # setupUi

    def retranslateUi(self, FindingsPanel):
        self.showLabel.setText(QCoreApplication.translate("FindingsPanel", u"\u663e\u793a\uff1a", None))
        self.errorBox.setText(QCoreApplication.translate("FindingsPanel", u"\u9519\u8bef", None))
        self.warningBox.setText(QCoreApplication.translate("FindingsPanel", u"\u8b66\u544a", None))
        self.infoBox.setText(QCoreApplication.translate("FindingsPanel", u"\u63d0\u793a", None))
        self.currentNodeBox.setText(QCoreApplication.translate("FindingsPanel", u"\u53ea\u770b\u6240\u9009\u9879\u76ee", None))
#if QT_CONFIG(tooltip)
        self.currentNodeBox.setToolTip(QCoreApplication.translate("FindingsPanel", u"\u53ea\u5217\u51fa\u5de6\u4fa7\u6811\u4e2d\u6240\u9009\u90e8\u95e8\u3001\u9879\u76ee\u6216\u5b50\u9879\u76ee\uff08\u542b\u5176\u4e0b\u7ea7\uff09\u7684\u5ba1\u6838\u7ed3\u679c", None))
#endif // QT_CONFIG(tooltip)
        self.countLabel.setText("")
        self.acknowledgeButton.setText(QCoreApplication.translate("FindingsPanel", u"\u786e\u8ba4(&A)\u2026", None))
#if QT_CONFIG(tooltip)
        self.acknowledgeButton.setToolTip(QCoreApplication.translate("FindingsPanel", u"\u5199\u660e\u7406\u7531\u540e\u786e\u8ba4\u6240\u9009\u8b66\u544a\uff1b\u7406\u7531\u4f1a\u4fdd\u5b58\u5728\u6587\u4ef6\u4e2d\u5e76\u6253\u5370\u5728\u5ba1\u6838\u6e05\u5355\u4e0a", None))
#endif // QT_CONFIG(tooltip)
        self.withdrawButton.setText(QCoreApplication.translate("FindingsPanel", u"\u53d6\u6d88\u786e\u8ba4(&W)", None))
        pass
    # retranslateUi

