# source-sha256: d401aa60799b2d58cab2c5526660b4d90f94bc24539bab69f1b7df085ed6f376
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'department_editor.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QGridLayout,
    QLabel, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from g60desk.qt.editors.fields import (CommitLineEdit, CommitPlainTextEdit)

class Ui_DepartmentEditor(object):
    def setupUi(self, DepartmentEditor):
        if not DepartmentEditor.objectName():
            DepartmentEditor.setObjectName(u"DepartmentEditor")
        DepartmentEditor.resize(860, 560)
        self.rootLayout = QVBoxLayout(DepartmentEditor)
        self.rootLayout.setObjectName(u"rootLayout")
        self.fieldsLayout = QFormLayout()
        self.fieldsLayout.setObjectName(u"fieldsLayout")
        self.nameLabel = QLabel(DepartmentEditor)
        self.nameLabel.setObjectName(u"nameLabel")

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = CommitLineEdit(DepartmentEditor)
        self.nameEdit.setObjectName(u"nameEdit")

        self.fieldsLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.unitsLabel = QLabel(DepartmentEditor)
        self.unitsLabel.setObjectName(u"unitsLabel")

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.unitsLabel)

        self.unitsEdit = CommitLineEdit(DepartmentEditor)
        self.unitsEdit.setObjectName(u"unitsEdit")
        self.unitsEdit.setMaximumSize(QSize(120, 16777215))

        self.fieldsLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.unitsEdit)


        self.rootLayout.addLayout(self.fieldsLayout)

        self.overviewGrid = QGridLayout()
        self.overviewGrid.setObjectName(u"overviewGrid")
        self.overviewHeading = QLabel(DepartmentEditor)
        self.overviewHeading.setObjectName(u"overviewHeading")

        self.overviewGrid.addWidget(self.overviewHeading, 0, 0, 1, 1)

        self.derivedHeading = QLabel(DepartmentEditor)
        self.derivedHeading.setObjectName(u"derivedHeading")

        self.overviewGrid.addWidget(self.derivedHeading, 0, 1, 1, 1)

        self.overviewEdit = CommitPlainTextEdit(DepartmentEditor)
        self.overviewEdit.setObjectName(u"overviewEdit")

        self.overviewGrid.addWidget(self.overviewEdit, 1, 0, 1, 1)

        self.derivedLayout = QVBoxLayout()
        self.derivedLayout.setObjectName(u"derivedLayout")
        self.derivedLabel = QLabel(DepartmentEditor)
        self.derivedLabel.setObjectName(u"derivedLabel")
        self.derivedLabel.setTextFormat(Qt.RichText)
        self.derivedLabel.setWordWrap(True)
        self.derivedLabel.setFrameShape(QFrame.StyledPanel)
        self.derivedLabel.setAlignment(Qt.AlignLeading|Qt.AlignLeft|Qt.AlignTop)

        self.derivedLayout.addWidget(self.derivedLabel)

        self.differenceLabel = QLabel(DepartmentEditor)
        self.differenceLabel.setObjectName(u"differenceLabel")
        self.differenceLabel.setWordWrap(True)

        self.derivedLayout.addWidget(self.differenceLabel)

        self.useDerivedButton = QPushButton(DepartmentEditor)
        self.useDerivedButton.setObjectName(u"useDerivedButton")

        self.derivedLayout.addWidget(self.useDerivedButton)

        self.derivedSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.derivedLayout.addItem(self.derivedSpacer)


        self.overviewGrid.addLayout(self.derivedLayout, 1, 1, 1, 1)


        self.rootLayout.addLayout(self.overviewGrid)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rootLayout.addItem(self.bottomSpacer)


        self.retranslateUi(DepartmentEditor)

        QMetaObject.connectSlotsByName(DepartmentEditor)
    # setupUi

    def retranslateUi(self, DepartmentEditor):
        self.nameLabel.setText(QCoreApplication.translate("DepartmentEditor", u"\u90e8\u95e8\u540d\u79f0", None))
        self.unitsLabel.setText(QCoreApplication.translate("DepartmentEditor", u"\u9884\u7b97\u5355\u4f4d\u6570", None))
        self.overviewHeading.setText(QCoreApplication.translate("DepartmentEditor", u"\u7ee9\u6548\u76ee\u6807\u8bbe\u7f6e\u60c5\u51b5\uff08\u6253\u5370\u7684\u6587\u5b57\uff09", None))
        self.derivedHeading.setText(QCoreApplication.translate("DepartmentEditor", u"\u6309\u586b\u62a5\u6570\u636e\u63a8\u5bfc", None))
        self.derivedLabel.setText("")
        self.differenceLabel.setText("")
        self.useDerivedButton.setText(QCoreApplication.translate("DepartmentEditor", u"\u91c7\u7528\u63a8\u5bfc\u7684\u6587\u5b57", None))
#if QT_CONFIG(tooltip)
        self.useDerivedButton.setToolTip(QCoreApplication.translate("DepartmentEditor", u"\u7528\u6309\u6570\u636e\u63a8\u5bfc\u7684\u6bb5\u843d\u66ff\u6362\u5de6\u8fb9\u7684\u6587\u5b57\uff08\u53ef\u64a4\u9500\uff09", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

