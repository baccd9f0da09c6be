# source-sha256: eb8d5e383b69d016224c7b57d1e8062e2473bf0e2b1bbb9a4df570cf78943e11
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_file_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSizePolicy, QSpinBox,
    QVBoxLayout, QWidget)

class Ui_NewFileDialog(object):
    def setupUi(self, NewFileDialog):
        if not NewFileDialog.objectName():
            NewFileDialog.setObjectName(u"NewFileDialog")
        NewFileDialog.resize(520, 230)
        self.dialogLayout = QVBoxLayout(NewFileDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.yearLabel = QLabel(NewFileDialog)
        self.yearLabel.setObjectName(u"yearLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.yearLabel)

        self.yearSpin = QSpinBox(NewFileDialog)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2000)
        self.yearSpin.setMaximum(2100)
        self.yearSpin.setValue(2026)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.yearSpin)

        self.departmentLabel = QLabel(NewFileDialog)
        self.departmentLabel.setObjectName(u"departmentLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.departmentLabel)

        self.departmentEdit = QLineEdit(NewFileDialog)
        self.departmentEdit.setObjectName(u"departmentEdit")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.departmentEdit)

        self.templateLabel = QLabel(NewFileDialog)
        self.templateLabel.setObjectName(u"templateLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.templateLabel)

        self.templateCombo = QComboBox(NewFileDialog)
        self.templateCombo.setObjectName(u"templateCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.templateCombo)

        self.pathLabel = QLabel(NewFileDialog)
        self.pathLabel.setObjectName(u"pathLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.pathLabel)

        self.pathLayout = QHBoxLayout()
        self.pathLayout.setObjectName(u"pathLayout")
        self.pathEdit = QLineEdit(NewFileDialog)
        self.pathEdit.setObjectName(u"pathEdit")

        self.pathLayout.addWidget(self.pathEdit)

        self.browseButton = QPushButton(NewFileDialog)
        self.browseButton.setObjectName(u"browseButton")

        self.pathLayout.addWidget(self.browseButton)


        self.formLayout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.pathLayout)


        self.dialogLayout.addLayout(self.formLayout)

        self.messageLabel = QLabel(NewFileDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setStyleSheet(u"color: #b3261e;")
        self.messageLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(NewFileDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.yearLabel.setBuddy(self.yearSpin)
        self.departmentLabel.setBuddy(self.departmentEdit)
        self.templateLabel.setBuddy(self.templateCombo)
        self.pathLabel.setBuddy(self.pathEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.yearSpin, self.departmentEdit)
        QWidget.setTabOrder(self.departmentEdit, self.templateCombo)
        QWidget.setTabOrder(self.templateCombo, self.pathEdit)
        QWidget.setTabOrder(self.pathEdit, self.browseButton)

        self.retranslateUi(NewFileDialog)

        QMetaObject.connectSlotsByName(NewFileDialog)
    # setupUi

    def retranslateUi(self, NewFileDialog):
        NewFileDialog.setWindowTitle(QCoreApplication.translate("NewFileDialog", u"\u65b0\u5efa\u7533\u62a5\u6587\u4ef6", None))
        self.yearLabel.setText(QCoreApplication.translate("NewFileDialog", u"\u9884\u7b97\u5e74\u5ea6(&Y)\uff1a", None))
        self.yearSpin.setSuffix(QCoreApplication.translate("NewFileDialog", u" \u5e74", None))
        self.departmentLabel.setText(QCoreApplication.translate("NewFileDialog", u"\u90e8\u95e8\u540d\u79f0(&D)\uff1a", None))
        self.departmentEdit.setPlaceholderText(QCoreApplication.translate("NewFileDialog", u"\u4f8b\u5982\uff1a\u4e0a\u6d77\u5e02\u677e\u6c5f\u533a\u79d1\u521b\u53d1\u5c55\u529e\u516c\u5ba4", None))
        self.templateLabel.setText(QCoreApplication.translate("NewFileDialog", u"\u8868\u683c\u6a21\u677f(&T)\uff1a", None))
        self.pathLabel.setText(QCoreApplication.translate("NewFileDialog", u"\u4fdd\u5b58\u4e3a(&P)\uff1a", None))
        self.browseButton.setText(QCoreApplication.translate("NewFileDialog", u"\u6d4f\u89c8\u2026", None))
    # retranslateUi

