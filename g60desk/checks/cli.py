"""``g60desk check FILE [--json]``: the whole-file 审核 from the command line.

Exit 0 when there is no 错误, 1 when there is, 2 when the file cannot be opened (one Chinese line on stderr).
"""
from __future__ import annotations

import json

from ..store import Store

EXIT_CLEAN, EXIT_ERRORS = 0, 1


def cmd_check(args) -> int:
    from . import check_document                      # the rule catalog loads only for this verb
    from .findings import count_by_severity
    from .report import findings_json, format_report

    with Store.open(args.file, readonly=True) as store:
        doc = store.load()
    findings = check_document(doc)
    if args.json:
        print(json.dumps(findings_json(doc, findings), ensure_ascii=False, indent=1))
    else:
        print(format_report(doc, findings, str(args.file)))
    return EXIT_ERRORS if count_by_severity(findings)["error"] else EXIT_CLEAN


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="审核文件：列出错误、警告和提示（有错误时退出码为 1）")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出审核结果")
    p.set_defaults(func=cmd_check)
