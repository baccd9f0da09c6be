"""The argparse parser of every verb, speaking Chinese when the command is misused."""
from __future__ import annotations

import argparse
import re
from typing import NoReturn

from .. import version
from ..services.documents import on_recovery
from . import check, exchange, files, printing
from .errors import EXIT_USAGE, guarded, say

_ARGPARSE_WORDS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数 {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数 {0}"),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.+)\)"),
     "参数 {0} 不能是“{1}”，可选：{2}"),
    (re.compile(r"argument (\S+): invalid int value: '?([^']*)'?"), "参数 {0} 需要整数，而不是“{1}”"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面缺少值"),
)


def chinese_usage_error(message: str) -> str:
    for pattern, words in _ARGPARSE_WORDS:
        match = pattern.search(message)
        if match:
            return words.format(*match.groups())
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse prints English usage; we print one Chinese line
        self.exit(EXIT_USAGE,
                  f"g60desk：命令用法不对（{chinese_usage_error(message)}）。运行 g60desk --help 查看用法。\n")


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="g60desk", description="项目支出绩效目标申报（g60desk）")
    version.add_version_argument(parser)
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)
    files.register(sub)
    check.register(sub)
    printing.register(sub)
    exchange.register(sub)
    return parser


def verbs_of(parser: argparse.ArgumentParser) -> list[str]:
    """The verbs, in the order they were registered (argparse keeps its sub-parsers private)."""
    actions = parser._subparsers._group_actions if parser._subparsers is not None else []
    return [verb for action in actions if isinstance(action.choices, dict) for verb in action.choices]


def run_verb(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    # a file whose last save was interrupted is recovered on the way: say so (the verb goes on)
    on_recovery(lambda recovery: say(f"注意：{recovery.message()}"))
    return guarded(args.func, args)
