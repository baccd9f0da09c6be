"""``g60desk check FILE [--json]``: the whole-file 审核 from the command line.

Exit 0 when there is no 错误, 1 when there is, 2 when the file cannot be opened (one Chinese line on stderr).
"""
from __future__ import annotations

import argparse
import json

from ..services.documents import load_readonly
from .errors import EXIT_FINDINGS, EXIT_OK


def cmd_check(args) -> int:
    from ..checks.engine import check_document  # the rule catalog loads only for this verb
    from ..checks.findings import count_by_severity
    from ..checks.report import findings_json, format_report

    doc = load_readonly(args.file)
    findings = check_document(doc)
    if args.json:
        print(json.dumps(findings_json(doc, findings), ensure_ascii=False, indent=1))
    else:
        print(format_report(doc, findings, str(args.file)))
    return EXIT_FINDINGS if count_by_severity(findings)["error"] else EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("check", help="审核文件：列出错误、警告和提示（有错误时退出码为 1）")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出审核结果")
    p.set_defaults(func=cmd_check)
