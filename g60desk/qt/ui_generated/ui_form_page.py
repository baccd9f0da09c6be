# source-sha256: 61e5223995712c9650e4071262e4d5e3e4ba049c79957bf9cc92647db0ae8a72
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'form_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFrame, QGridLayout, QGroupBox,
    QLabel, QScrollArea, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from g60desk.qt.editors.fields import AmountEdit

class Ui_FormPage(object):
    def setupUi(self, FormPage):
        if not FormPage.objectName():
            FormPage.setObjectName(u"FormPage")
        FormPage.resize(860, 560)
        self.rootLayout = QVBoxLayout(FormPage)
        self.rootLayout.setObjectName(u"rootLayout")
        self.rootLayout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(FormPage)
        self.scroll.setObjectName(u"scroll")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.content = QWidget()
        self.content.setObjectName(u"content")
        self.contentLayout = QVBoxLayout(self.content)
        self.contentLayout.setObjectName(u"contentLayout")
        self.headerBox = QGroupBox(self.content)
        self.headerBox.setObjectName(u"headerBox")
        self.headerGrid = QGridLayout(self.headerBox)
        self.headerGrid.setObjectName(u"headerGrid")
        self.headerGrid.setHorizontalSpacing(10)

        self.contentLayout.addWidget(self.headerBox)

        self.fundingBox = QGroupBox(self.content)
        self.fundingBox.setObjectName(u"fundingBox")
        self.fundingGrid = QGridLayout(self.fundingBox)
        self.fundingGrid.setObjectName(u"fundingGrid")
        self.fundingGrid.setHorizontalSpacing(10)
        self.projectTotalLabel = QLabel(self.fundingBox)
        self.projectTotalLabel.setObjectName(u"projectTotalLabel")

        self.fundingGrid.addWidget(self.projectTotalLabel, 0, 0, 1, 1)

        self.projectTotalEdit = AmountEdit(self.fundingBox)
        self.projectTotalEdit.setObjectName(u"projectTotalEdit")
        self.projectTotalEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.projectTotalEdit, 0, 1, 1, 1)

        self.annualRequestLabel = QLabel(self.fundingBox)
        self.annualRequestLabel.setObjectName(u"annualRequestLabel")

        self.fundingGrid.addWidget(self.annualRequestLabel, 0, 2, 1, 1)

        self.annualRequestEdit = AmountEdit(self.fundingBox)
        self.annualRequestEdit.setObjectName(u"annualRequestEdit")
        self.annualRequestEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.annualRequestEdit, 0, 3, 1, 1)

        self.fiscalLabel = QLabel(self.fundingBox)
        self.fiscalLabel.setObjectName(u"fiscalLabel")

        self.fundingGrid.addWidget(self.fiscalLabel, 1, 0, 1, 1)

        self.fiscalEdit = AmountEdit(self.fundingBox)
        self.fiscalEdit.setObjectName(u"fiscalEdit")
        self.fiscalEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.fiscalEdit, 1, 1, 1, 1)

        self.appropriationLabel = QLabel(self.fundingBox)
        self.appropriationLabel.setObjectName(u"appropriationLabel")

        self.fundingGrid.addWidget(self.appropriationLabel, 1, 2, 1, 1)

        self.appropriationEdit = AmountEdit(self.fundingBox)
        self.appropriationEdit.setObjectName(u"appropriationEdit")
        self.appropriationEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.appropriationEdit, 1, 3, 1, 1)

        self.carryoverLabel = QLabel(self.fundingBox)
        self.carryoverLabel.setObjectName(u"carryoverLabel")

        self.fundingGrid.addWidget(self.carryoverLabel, 2, 2, 1, 1)

        self.carryoverEdit = AmountEdit(self.fundingBox)
        self.carryoverEdit.setObjectName(u"carryoverEdit")
        self.carryoverEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.carryoverEdit, 2, 3, 1, 1)

        self.otherLabel = QLabel(self.fundingBox)
        self.otherLabel.setObjectName(u"otherLabel")

        self.fundingGrid.addWidget(self.otherLabel, 3, 0, 1, 1)

        self.otherEdit = AmountEdit(self.fundingBox)
        self.otherEdit.setObjectName(u"otherEdit")
        self.otherEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.otherEdit, 3, 1, 1, 1)

        self.annualOtherLabel = QLabel(self.fundingBox)
        self.annualOtherLabel.setObjectName(u"annualOtherLabel")

        self.fundingGrid.addWidget(self.annualOtherLabel, 3, 2, 1, 1)

        self.annualOtherEdit = AmountEdit(self.fundingBox)
        self.annualOtherEdit.setObjectName(u"annualOtherEdit")
        self.annualOtherEdit.setMinimumSize(QSize(150, 0))

        self.fundingGrid.addWidget(self.annualOtherEdit, 3, 3, 1, 1)

        self.leftSumLabel = QLabel(self.fundingBox)
        self.leftSumLabel.setObjectName(u"leftSumLabel")

        self.fundingGrid.addWidget(self.leftSumLabel, 4, 0, 1, 2)

        self.rightSumLabel = QLabel(self.fundingBox)
        self.rightSumLabel.setObjectName(u"rightSumLabel")

        self.fundingGrid.addWidget(self.rightSumLabel, 4, 2, 1, 2)


        self.contentLayout.addWidget(self.fundingBox)

        self.hintLabel = QLabel(self.content)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.contentLayout.addWidget(self.hintLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contentLayout.addItem(self.bottomSpacer)

        self.scroll.setWidget(self.content)

        self.rootLayout.addWidget(self.scroll)

        QWidget.setTabOrder(self.projectTotalEdit, self.fiscalEdit)
        QWidget.setTabOrder(self.fiscalEdit, self.otherEdit)
        QWidget.setTabOrder(self.otherEdit, self.annualRequestEdit)
        QWidget.setTabOrder(self.annualRequestEdit, self.appropriationEdit)
        QWidget.setTabOrder(self.appropriationEdit, self.carryoverEdit)
        QWidget.setTabOrder(self.carryoverEdit, self.annualOtherEdit)

        self.retranslateUi(FormPage)

        QMetaObject.connectSlotsByName(FormPage)
    # setupUi

    def retranslateUi(self, FormPage):
        self.headerBox.setTitle(QCoreApplication.translate("FormPage", u"\u9879\u76ee\u57fa\u672c\u4fe1\u606f", None))
        self.fundingBox.setTitle(QCoreApplication.translate("FormPage", u"\u9879\u76ee\u8d44\u91d1\uff08\u5143\uff09", None))
        self.projectTotalLabel.setText(QCoreApplication.translate("FormPage", u"\u9879\u76ee\u8d44\u91d1\u603b\u989d", None))
        self.annualRequestLabel.setText(QCoreApplication.translate("FormPage", u"\u5e74\u5ea6\u8d44\u91d1\u7533\u8bf7\u603b\u989d", None))
        self.fiscalLabel.setText(QCoreApplication.translate("FormPage", u"\u5176\u4e2d\uff1a\u8d22\u653f\u8d44\u91d1", None))
        self.appropriationLabel.setText(QCoreApplication.translate("FormPage", u"\u5176\u4e2d\uff1a\u5f53\u5e74\u8d22\u653f\u62e8\u6b3e", None))
        self.carryoverLabel.setText(QCoreApplication.translate("FormPage", u"\u4e0a\u5e74\u7ed3\u8f6c\u8d44\u91d1", None))
        self.otherLabel.setText(QCoreApplication.translate("FormPage", u"\u5176\u4ed6\u8d44\u91d1", None))
        self.annualOtherLabel.setText(QCoreApplication.translate("FormPage", u"\u5176\u4ed6\u8d44\u91d1", None))
        self.leftSumLabel.setText("")
        self.rightSumLabel.setText("")
        self.hintLabel.setText(QCoreApplication.translate("FormPage", u"\u91d1\u989d\u53ef\u5199 780000\u300178\u4e07\u3001\uff17\uff18\uff0c\uff10\uff10\uff10\uff0e\uff10\uff10 \u7b49\uff1b\u7559\u7a7a\u8868\u793a\u201c\u7a7a\u767d\u201d\uff0c\u4e0e 0 \u4e0d\u540c\u3002\u56de\u8f66\u3001Tab\u3001\u79bb\u5f00\u8f93\u5165\u6846\u6216\u505c\u624b\u534a\u79d2\u5373\u4fdd\u5b58\uff1bEsc \u6062\u590d\u539f\u503c\u3002", None))
        pass
    # retranslateUi

