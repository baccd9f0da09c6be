"""The editor of the selected node: the 申报表 form, 绩效目标 and indicators, 项目经费情况说明 with its budget
lines, the department page — with their Qt models, delegates, fields and Excel-like grids."""
