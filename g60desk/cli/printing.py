"""``g60desk print FILE -o OUT.pdf [--node PATH ...]``: the 申报材料 as PDF."""
from __future__ import annotations

import argparse
import gc
import sys
import unicodedata

from ..domain.model import Document
from ..report.errors import ReportError, os_error_text
from ..services.documents import check_output, load_readonly
from .errors import EXIT_OK, CliError


def _loose(name: str) -> str:
    """A name as compared when typed on the command line: NFKC, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _child(names: list[str], wanted: str, text: str, above: list[str]) -> str:
    """The name among ``names`` that ``wanted`` means: the same spelling, or the same without spaces."""
    if wanted in names:
        return wanted
    loose = [name for name in names if _loose(name) == _loose(wanted)]
    if len(loose) == 1:
        return loose[0]
    if len(loose) > 1:
        raise ReportError(f"“{text}”中的“{wanted}”可以指{'、'.join(f'“{n}”' for n in loose)}，"
                          "无法打印：请按名称原样写（含空格）。")
    where = f"“{'/'.join(above)}”下" if above else ""
    raise ReportError(f"文件中没有“{'/'.join(above + [wanted])}”，无法打印（{where}有：{'、'.join(names) or '无'}）。")


def parse_node_path(doc: Document, text: str) -> tuple[str, ...]:
    """"部门/项目/子项目" or, when the file has one department, "项目/子项目" → a full node path. A name may be
    written without its inner spaces ("G60科创走廊建设/金融赋能" for "G60 科创走廊建设" › "金融赋能")."""
    parts = tuple(p.strip() for p in text.replace("\\", "/").split("/") if p.strip())
    if not parts:
        raise ReportError(f"“{text}”不是项目路径，请写成“项目/子项目”或“部门/项目/子项目”。")
    departments = [d.name for d in doc.departments]
    if any(_loose(name) == _loose(parts[0]) for name in departments):
        dept = doc.departments[departments.index(_child(departments, parts[0], text, []))]
        parts = parts[1:]
    elif len(doc.departments) == 1:
        dept = doc.departments[0]
    else:
        names = "、".join(departments)
        raise ReportError(f"文件中有多个部门（{names}），请在“{text}”前写上部门名称，如“部门/项目/子项目”。")
    path, nodes = [dept.name], dept.projects
    for part in parts:
        name = _child([n.name for n in nodes], part, text, path)
        node = next(n for n in nodes if n.name == name)
        path.append(name)
        nodes = node.children
    return tuple(path)


def cmd_print(args) -> int:
    from ..report.options import PrintOptions
    from ..report.render import render_pdf  # reportlab is imported only when printing

    # a one-shot process: the modules just imported live until exit, so the collector need not walk
    # them again while the PDF is made, nor at exit (≈10 % of a `g60desk print`)
    gc.freeze()
    check_output(args.output, args.force, "PDF 文件")   # before the work: no clobbering without --force
    doc = load_readonly(args.file)
    options = PrintOptions.from_settings(
        include_overview=False if args.forms_only else None,
        include_explanations=not args.forms_only,
        **({"prefer_system_font": False} if args.bundled_font else {}),
        **({"signature": None} if args.no_signature else {}),
    )
    nodes = [parse_node_path(doc, text) for text in args.node] if args.node else None
    review = None
    if args.with_findings:   # the 审核清单 page: what 审核 finds now, for the printed nodes
        from ..checks import check_document
        from ..checks.report import review_list
        review = review_list(doc, check_document(doc), nodes)
    try:
        # a one-shot print: each node's data is let go once its pages are made (a 5,000-form job would
        # otherwise hold the whole document while the PDF is written)
        pages = render_pdf(doc, args.output, nodes=nodes, options=options, review=review, release=True)
    except OSError as exc:
        raise CliError(f"无法写出 {args.output}：{os_error_text(exc)}") from None
    gc.freeze()
    if not args.quiet:
        print(f"已打印 {pages} 页到 {args.output}", file=sys.stdout)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("print", help="打印申报材料（绩效目标设置情况、项目经费情况说明、申报表）为 PDF")
    p.add_argument("file", help="申报文件（.g60）")
    p.add_argument("-o", "--output", required=True, help="写出的 PDF 文件")
    p.add_argument("--node", action="append", metavar="PATH",
                   help="只打印这个项目（可重复）：“项目/子项目”或“部门/项目/子项目”")
    p.add_argument("--forms-only", action="store_true", help="只打印申报表")
    p.add_argument("--no-signature", action="store_true", help="申报表下不印签字栏")
    p.add_argument("--with-findings", action="store_true",
                   help="最后附一页审核清单：未处理的错误和警告，以及已确认的警告及其理由和时间")
    p.add_argument("--bundled-font", action="store_true", help="不用本机宋体/仿宋，用程序附带的字体")
    p.add_argument("--force", action="store_true", help="覆盖已存在的 PDF 文件")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_print)
