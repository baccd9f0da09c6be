# source-sha256: d1e796efe08d41c46516ccbe79e721c9b31f4c2875b42d4a2cd5215c88aba14b
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

        self.contentLayout.addWidget(self.fundingBox)

        self.hintLabel = QLabel(self.content)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.contentLayout.addWidget(self.hintLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.contentLayout.addItem(self.bottomSpacer)

        self.scroll.setWidget(self.content)

        self.rootLayout.addWidget(self.scroll)


        self.retranslateUi(FormPage)

        QMetaObject.connectSlotsByName(FormPage)
    # setupUi

    def retranslateUi(self, FormPage):
        self.headerBox.setTitle(QCoreApplication.translate("FormPage", u"\u9879\u76ee\u57fa\u672c\u4fe1\u606f", None))
        self.fundingBox.setTitle(QCoreApplication.translate("FormPage", u"\u9879\u76ee\u8d44\u91d1\uff08\u5143\uff09", None))
        self.hintLabel.setText(QCoreApplication.translate("FormPage", u"\u91d1\u989d\u53ef\u5199 780000\u300178\u4e07\u3001\uff17\uff18\uff0c\uff10\uff10\uff10\uff0e\uff10\uff10 \u7b49\uff1b\u7559\u7a7a\u8868\u793a\u201c\u7a7a\u767d\u201d\uff0c\u4e0e 0 \u4e0d\u540c\u3002\u56de\u8f66\u3001Tab\u3001\u79bb\u5f00\u8f93\u5165\u6846\u6216\u505c\u624b\u534a\u79d2\u5373\u4fdd\u5b58\uff1bEsc \u6062\u590d\u539f\u503c\u3002", None))
        pass
    # retranslateUi

