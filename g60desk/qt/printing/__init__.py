"""Printing in the window: 打印预览, 打印 and 导出PDF of the PDF g60desk.report draws."""
