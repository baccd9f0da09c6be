"""The ``g60desk print FILE -o OUT.pdf [--node PATH ...]`` verb."""
from __future__ import annotations

import argparse
import gc
import sys

from ..domain.model import Document
from .errors import ReportError, os_error_text


def parse_node_path(doc: Document, text: str) -> tuple[str, ...]:
    """"部门/项目/子项目" or, when the file has one department, "项目/子项目" → a full node path."""
    parts = tuple(p.strip() for p in text.replace("\\", "/").split("/") if p.strip())
    if not parts:
        raise ReportError(f"“{text}”不是项目路径，请写成“项目/子项目”或“部门/项目/子项目”。")
    if any(d.name == parts[0] for d in doc.departments):
        return parts
    if len(doc.departments) == 1:
        return (doc.departments[0].name,) + parts
    names = "、".join(d.name for d in doc.departments)
    raise ReportError(f"文件中有多个部门（{names}），请在“{text}”前写上部门名称，如“部门/项目/子项目”。")


def cmd_print(args) -> int:
    from ..cli import EXIT_OK, CliError, load_document
    from ..store.outfile import check_target
    from .options import PrintOptions
    from .render import render_pdf  # reportlab is imported only when printing

    # a one-shot process: the modules just imported live until exit, so the collector need not walk
    # them again while the PDF is made, nor at exit (≈10 % of a `g60desk print`)
    gc.freeze()
    check_target(args.output, args.force, "PDF 文件")   # before the work: no clobbering without --force
    doc = load_document(args.file)
    options = PrintOptions.from_settings(
        include_overview=False if args.forms_only else None,
        include_explanations=not args.forms_only,
        **({"prefer_system_font": False} if args.bundled_font else {}),
        **({"signature": None} if args.no_signature else {}),
    )
    try:
        nodes = [parse_node_path(doc, text) for text in args.node] if args.node else None
        pages = render_pdf(doc, args.output, nodes=nodes, options=options)
    except ReportError as exc:
        raise CliError(str(exc)) from None
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
    p.add_argument("--bundled-font", action="store_true", help="不用本机宋体/仿宋，用程序附带的字体")
    p.add_argument("--force", action="store_true", help="覆盖已存在的 PDF 文件")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_print)
