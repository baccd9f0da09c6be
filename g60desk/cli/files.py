"""Verbs on whole files: ``sample``, ``new``, ``info``, ``export-json`` and ``import-json``."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..domain.model import Document
from ..domain.next_year import AMOUNT_CHOICES, DATE_CHOICES, NextYearOptions
from ..domain.serialize import digest
from ..domain.status import status_of
from ..domain.summary import summarize
from ..domain.templates import DEFAULT_TEMPLATE, installed
from ..exchange import jsonio
from ..exchange.samples import SAMPLES
from ..services.changes import changes_in_file
from ..services.documents import (
    FORMAT_VERSION,
    NewFile,
    check_output,
    import_json,
    load_readonly,
    new_document,
    next_year,
    write_sample,
)
from .errors import EXIT_OK


def cmd_sample(args) -> int:
    write_sample(args.year, args.output, args.force)
    what = f" {args.year} 年样例" if args.year.isdigit() else f"样例“{args.year}”"
    print(f"已写出{what}：{args.output}")
    return EXIT_OK


def cmd_new(args) -> int:
    template_file = Path(args.template_file) if args.template_file else None
    request = NewFile(year=args.year, department=args.department, path=Path(args.file),
                      template=args.template if template_file is None else DEFAULT_TEMPLATE,
                      template_file=template_file)
    new_document(request, overwrite=args.force)
    print(f"已新建 {args.year} 年度“{args.department}”的申报文件：{args.file}")
    return EXIT_OK


def info_dict(doc: Document) -> dict:
    return {"format_version": FORMAT_VERSION, "budget_year": doc.budget_year, "digest": digest(doc),
            **status_of(doc).as_dict(), "departments": [s.as_dict() for s in summarize(doc)]}


def cmd_info(args) -> int:
    doc = load_readonly(args.file)
    info = info_dict(doc)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return EXIT_OK
    print(f"{args.file}：{doc.budget_year} 年度，格式 {info['format_version']}，{info['status_label']}，"
          f"校验码 {info['digest']}")
    for d in info["departments"]:
        print(f"  {d['name']}：项目 {d['projects']} 个，子项目 {d['sub_projects']} 个，"
              f"申报表 {d['declared_forms']} 张，年度资金申请总额 {d['total_fen'] / 100:,.2f} 元，"
              f"指标 {d['indicators']} 条，预算明细 {d['budget_lines']} 条")
    return EXIT_OK


def cmd_next_year(args) -> int:
    options = NextYearOptions(amounts=args.amounts, dates=args.dates, values=args.values.replace("-", "_"),
                              years_in_text=args.years_in_text)
    report = next_year(args.file, args.output, args.year, options, overwrite=args.force)
    print(f"已生成下一年度申报文件：{args.output}（申报表 {report.forms} 张）")
    print("  " + report.describe(options))
    return EXIT_OK


def cmd_changes(args) -> int:
    changes = changes_in_file(args.file)
    if args.json:
        print(json.dumps(changes.as_dict(), ensure_ascii=False))
    else:
        print("\n".join(changes.lines()))
    return EXIT_OK


def cmd_export_json(args) -> int:
    check_output(args.output, args.force, "JSON 文件")   # before the work: no clobbering without --force
    jsonio.write(load_readonly(args.file), Path(args.output), force=args.force)
    return EXIT_OK


def cmd_import_json(args) -> int:
    import_json(args.input, args.output, args.force)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="写出随程序附带的样例文件")
    p.add_argument("year", choices=sorted(SAMPLES))
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("new", help="新建空白申报文件")
    p.add_argument("file")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--department", required=True)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--template", choices=sorted(installed()), default=DEFAULT_TEMPLATE,
                       help="随程序附带的模板（g60desk templates 列出）")
    which.add_argument("--template-file", help="一个模板文件（.toml），新文件会带上它的定义")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="显示文件概况")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("next-year", help="下一年度申报：用本年度的文件生成下一年度的申报文件")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True, help="新文件")
    p.add_argument("--year", type=int, help="新文件的预算年度（默认：原文件的下一年）")
    p.add_argument("--amounts", choices=sorted(AMOUNT_CHOICES), default="keep",
                   help="金额：保留（默认）、清空，或移入上年列（模板有上年预算数等列时）")
    p.add_argument("--dates", choices=sorted(DATE_CHOICES), default="shift",
                   help="计划日期：顺延一年（默认）、保留或清空")
    p.add_argument("--values", choices=["keep", "clear-numbers", "clear", "move"], default="keep",
                   help="指标值：保留（默认）、只清空数值、全部清空，或移入上年列（模板有上年实际水平等列时）")
    p.add_argument("--years-in-text", action="store_true", help="把文字中的“本年度年份+年”改为下一年")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_next_year)

    p = sub.add_parser("changes", help="与上次报送比较：列出报送以后改动的每一处")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("export-json", help="导出为 JSON")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_export_json)

    p = sub.add_parser("import-json", help="从 JSON 建立申报文件")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_import_json)
