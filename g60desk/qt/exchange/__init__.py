"""The exchange in the window: 导出报送文件, the 财政局's 导入/汇总 window, and Excel export and import."""
