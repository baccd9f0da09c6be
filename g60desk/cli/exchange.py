"""Command-line verbs of the exchange: submit, merge, consolidate (汇总) and xlsx.

Exit status as g60desk/cli/__init__.py states it: 0 done; 1 the job found problems (审核 错误 blocking a
submission, inputs refused by a merge); 2 a file cannot be opened or the command is misused.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..domain.limits import safe_line
from ..services.documents import check_output, load_readonly
from .errors import EXIT_FINDINGS, EXIT_OK, say


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("submit", help="审核并导出报送文件（发给财政局的副本）")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="报送文件（默认：原文件旁的 {年度}_{部门}_绩效目标申报.g60）")
    p.add_argument("--accept-errors", metavar="REASON", help="审核有错误时仍然报送，并记录此理由")
    p.add_argument("--force", action="store_true", help="覆盖已存在的报送文件")
    p.set_defaults(func=cmd_submit)

    p = subparsers.add_parser("merge", help="财政局：导入多个报送文件到汇总文件")
    p.add_argument("inputs", nargs="+", metavar="IN.g60")
    p.add_argument("-o", "--output", required=True, help="汇总文件（不存在则新建）")
    p.add_argument("--year", type=int, help="新建汇总文件的预算年度（默认：多数报送文件的年度）")
    p.add_argument("--diff-lines", type=int, default=20, help="每个重复文件最多列出几处不同（默认 20）")
    p.add_argument("--prefer", action="append", default=[], metavar="IN.g60",
                   help="财政局确认：用这个文件替换同一部门已导入的一份（可重复）")
    p.set_defaults(func=cmd_merge)

    p = subparsers.add_parser("consolidate", help="财政局：汇总表（按部门、项目），可输出 PDF 或 Excel")
    p.add_argument("file")
    p.add_argument("--pdf", help="把汇总表写成 PDF")
    p.add_argument("--xlsx", help="把汇总表写成 Excel")
    p.add_argument("--unit", choices=("万元", "元"), default="万元",
                   help="金额单位：万元（两位小数，合计含舍入尾差时注明）或元（精确到分）；默认万元")
    p.add_argument("--force", action="store_true", help="覆盖已存在的 PDF/Excel 文件")
    p.set_defaults(func=cmd_consolidate)

    p = subparsers.add_parser("xlsx", help="导出 Excel：每张申报表一个工作表，另有绩效指标、预算明细清单")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_xlsx)


def cmd_submit(args) -> int:
    from ..exchange.submit import SubmissionRefused, submit
    try:
        result = submit(args.file, args.output, args.accept_errors, force=args.force)
    except SubmissionRefused as exc:
        return say(f"{exc.message}（命令行可用 --accept-errors 理由 带错误报送。）", EXIT_FINDINGS)
    print(f"已导出报送文件：{result.out_path}")
    print(f"校验码：{result.short_digest}（{result.digest}）")
    print(f"审核：{result.checks.describe()}")
    if result.accept_errors_reason:
        print(f"带错误报送，理由已记录：{result.accept_errors_reason}")
    if not result.recorded_in_source:
        why = result.not_recorded_because.rstrip("。")
        print(f"注意：报送文件已完整写出并核对无误；但报送记录没有写入原文件“{result.source.name}”"
              f"（{why}），原文件的数据没有改动。")
    return EXIT_OK


def cmd_merge(args) -> int:
    from ..exchange.merge import merge
    report = merge([Path(p) for p in args.inputs], Path(args.output), year=args.year, prefer=args.prefer)
    for result in report.results:   # one line each: a name with a line break cannot forge another line
        print(result.line())
        if result.in_doubt:   # the bureau's choice, in the words of the command line
            print(safe_line(f"    如确认要用本文件替换已导入的一份，请运行：g60desk merge “{result.path}” "
                            f"-o “{args.output}” --prefer “{result.path}”"))
        for note in result.notes:
            print(safe_line(f"    注意：{note}"))
        for change in result.changes[: args.diff_lines]:
            print(safe_line(f"    {change}"))
        if len(result.changes) > args.diff_lines:
            print(f"    ……共 {len(result.changes)} 处不同")
    print(report.summary_line())
    return report.exit_code


def cmd_consolidate(args) -> int:
    from ..exchange.consolidation import consolidate_file, write_xlsx
    from ..report.consolidation import write_pdf
    for out, what in ((args.pdf, "PDF 文件"), (args.xlsx, "Excel 文件")):
        if out:
            check_output(out, args.force, what)   # before the work: no clobbering without --force
    consolidation = consolidate_file(Path(args.file), unit={"万元": "wan", "元": "yuan"}[args.unit])
    print(consolidation.text())
    if args.pdf:
        write_pdf(consolidation, Path(args.pdf))
        print(f"已写出汇总表 PDF：{args.pdf}")
    if args.xlsx:
        write_xlsx(consolidation, Path(args.xlsx))
        print(f"已写出汇总表 Excel：{args.xlsx}")
    return EXIT_OK


def cmd_xlsx(args) -> int:
    from ..exchange.xlsx import export_xlsx
    check_output(args.output, args.force, "Excel 文件")
    export_xlsx(load_readonly(args.file), Path(args.output))
    print(f"已导出 Excel：{args.output}")
    return EXIT_OK
