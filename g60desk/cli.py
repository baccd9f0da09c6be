"""The g60desk command: opens the window, or does one job on a file and exits.

Exit status: 0 success; 1 the job found problems (e.g. 审核 errors); 2 the file cannot be opened or the
command is misused — with one line of Chinese on stderr and no traceback.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable

from . import console, version
from .domain.model import Department, Document
from .domain.serialize import digest
from .domain.summary import summarize
from .domain.validate import InvalidDocument, validate_document
from .domain.templates import DEFAULT_TEMPLATE, TEMPLATES, get_template
from .exchange import jsonio
from .exchange.samples import SAMPLES, sample_document
from .store import FORMAT_VERSION, FileRefused, Store, StorageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A refusal to report as one line on stderr with exit status 2."""


_ARGPARSE_WORDS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数 {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数 {0}"),
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.+)\)"), "参数 {0} 不能是“{1}”，可选：{2}"),
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
    def error(self, message: str) -> None:  # argparse prints English usage; we print one Chinese line
        self.exit(EXIT_USAGE, f"g60desk：命令用法不对（{chinese_usage_error(message)}）。运行 g60desk --help 查看用法。\n")


def load_document(path: str) -> Document:
    with Store.open(path, readonly=True) as store:
        return store.load()


def write_document(doc: Document, out: str, force: bool) -> None:
    Store.create(out, doc, overwrite=force).close()


def cmd_sample(args) -> int:
    write_document(sample_document(args.year), args.output, args.force)
    print(f"已写出 {args.year} 年样例：{args.output}")
    return EXIT_OK


def cmd_new(args) -> int:
    template = get_template(args.template)
    doc = Document(budget_year=args.year, template=template.id,
                   departments=[Department(name=args.department.strip())])
    try:
        validate_document(doc)
    except InvalidDocument as exc:
        raise CliError(exc.message) from None
    write_document(doc, args.file, args.force)
    print(f"已新建 {args.year} 年度“{args.department}”的申报文件：{args.file}")
    return EXIT_OK


def info_dict(doc: Document) -> dict:
    return {"format_version": FORMAT_VERSION, "budget_year": doc.budget_year, "digest": digest(doc),
            "departments": [s.as_dict() for s in summarize(doc)]}


def cmd_info(args) -> int:
    doc = load_document(args.file)
    info = info_dict(doc)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return EXIT_OK
    print(f"{args.file}：{doc.budget_year} 年度，格式 {info['format_version']}，校验码 {info['digest']}")
    for d in info["departments"]:
        print(f"  {d['name']}：项目 {d['projects']} 个，子项目 {d['sub_projects']} 个，申报表 {d['declared_forms']} 张，"
              f"年度资金申请总额 {d['total_fen'] / 100:,.2f} 元，指标 {d['indicators']} 条，预算明细 {d['budget_lines']} 条")
    return EXIT_OK


def cmd_export_json(args) -> int:
    jsonio.write(load_document(args.file), Path(args.output))
    return EXIT_OK


def cmd_import_json(args) -> int:
    write_document(jsonio.read(Path(args.input)), args.output, args.force)
    return EXIT_OK


def cmd_gui(args) -> int:
    from .qt.app import run  # Qt only when a window is wanted
    return run(args.file)


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="g60desk", description="项目支出绩效目标申报（g60desk）")
    version.add_version_argument(parser)
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)

    p = sub.add_parser("sample", help="写出随程序附带的样例文件")
    p.add_argument("year", choices=sorted(SAMPLES))
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("new", help="新建空白申报文件")
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--template", choices=sorted(TEMPLATES), default=DEFAULT_TEMPLATE)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="显示文件概况")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("export-json", help="导出为 JSON")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_export_json)

    p = sub.add_parser("import-json", help="从 JSON 建立申报文件")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_import_json)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


#: other packages add verbs here (check, print, submit, merge, xlsx) without this module growing
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _load_extra_commands() -> None:
    import importlib
    if EXTRA_COMMANDS:
        return   # loaded by an earlier main() in this process
    for module in ("g60desk.checks.cli", "g60desk.report.cli", "g60desk.exchange.cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        EXTRA_COMMANDS.append(mod.register)


def main(argv: list[str] | None = None) -> int:
    console.setup()     # output that survives any code page and a closed pipe (g60desk/console.py)
    argv = sys.argv[1:] if argv is None else argv
    _load_extra_commands()
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        gui = argparse.Namespace(file=argv[0] if argv else None)
        return _guarded(cmd_gui, gui)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    return _guarded(args.func, args)


def _guarded(func, args) -> int:
    try:
        return func(args)
    except (FileRefused, StorageError, jsonio.JsonRefused, CliError) as exc:
        print(f"g60desk：{getattr(exc, 'message', exc)}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
