"""Every refusal a person sees is a UserError with a Chinese ``message``: the command line turns any of them
into one line and exit status 2, the window into one message, each in one place."""
from __future__ import annotations

import pytest

from g60desk.cli.errors import CliError, guarded
from g60desk.domain.formula import FormulaError
from g60desk.domain.textnorm import ParseError
from g60desk.domain.validate import InvalidDocument
from g60desk.errors import UserError
from g60desk.exchange.jsonio import JsonRefused
from g60desk.exchange.submit import SubmissionRefused
from g60desk.report.errors import ReportError
from g60desk.report.fonts import FontNotFound
from g60desk.services.session import EditRefused
from g60desk.store import FileRefused, StorageError

REFUSALS = [FileRefused, StorageError, JsonRefused, SubmissionRefused, ReportError, FontNotFound, EditRefused,
            InvalidDocument, ParseError, FormulaError, CliError]


@pytest.mark.parametrize("kind", REFUSALS, ids=lambda k: k.__name__)
def test_every_refusal_is_a_user_error_with_its_message(kind):
    exc = kind("文件“甲.g60”不能打开：原因。")
    assert isinstance(exc, UserError)
    assert exc.message == "文件“甲.g60”不能打开：原因。"


@pytest.mark.parametrize("kind", REFUSALS, ids=lambda k: k.__name__)
def test_the_command_line_says_any_refusal_in_one_line_with_status_2(kind, capsys):
    def verb(_args):
        raise kind("打不开：请换一个文件。")
    assert guarded(verb, None) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", "g60desk：打不开：请换一个文件。\n")


def test_value_errors_stay_value_errors():
    """Callers that catch ValueError around parsing keep working."""
    assert issubclass(ParseError, ValueError) and issubclass(InvalidDocument, ValueError)
    assert issubclass(ReportError, ValueError)


def test_a_bug_is_not_a_refusal():
    def verb(_args):
        raise KeyError("a programming error")
    with pytest.raises(KeyError):
        guarded(verb, None)
