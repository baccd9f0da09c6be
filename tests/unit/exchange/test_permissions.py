"""Files the program writes get the user's usual permissions (umask), not the 0600 of a temporary file: a
报送文件 or an Excel file written on a shared machine can be read by the colleague who mails it."""
from __future__ import annotations

import os
import stat

import pytest

from g60desk.exchange.samples import sample_document
from g60desk.exchange.submit import submit
from g60desk.exchange.xlsx import export_xlsx
from g60desk.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield 0o644
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_documents_submissions_and_excel_files_follow_the_umask(tmp_path, umask_022, sample_copy):
    document = tmp_path / "新建.g60"
    Store.create(document, sample_document("2022")).close()
    submission = submit(sample_copy("2026"), tmp_path / "报送.g60", "已沟通").out_path
    workbook = export_xlsx(sample_document("2026"), tmp_path / "申报表.xlsx")
    assert [mode(p) for p in (document, submission, workbook)] == [umask_022] * 3
