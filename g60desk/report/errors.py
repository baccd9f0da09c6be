"""The errors a print job reports to the person printing, in plain Chinese."""
from __future__ import annotations

import errno

from ..errors import UserError


class ReportError(UserError, ValueError):
    """A print job that cannot be done as asked (an unknown node …); the message is plain Chinese."""


OS_ERRORS = {errno.ENOENT: "文件夹不存在", errno.EACCES: "没有写入权限，或文件正被其他程序（如 PDF 阅读器）打开",
             errno.EPERM: "没有写入权限，或文件正被其他程序（如 PDF 阅读器）打开", errno.ENOSPC: "磁盘已满",
             errno.EROFS: "磁盘是只读的", errno.EISDIR: "这是一个文件夹"}


def os_error_text(exc: OSError) -> str:
    """Why a PDF could not be written, in plain Chinese."""
    return OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
