"""The template verbs: ``templates`` lists the bundled ones, ``template check`` reads a bureau's own file."""
from __future__ import annotations

import argparse
import json

from ..services.templates import TemplateError, bundled_templates, read_template_file
from .errors import EXIT_OK, EXIT_USAGE, say


def cmd_templates(args) -> int:
    listed = bundled_templates()
    if args.json:
        print(json.dumps([t.as_dict() for t in listed], ensure_ascii=False, indent=1))
        return EXIT_OK
    for item in listed:
        print(f"{item.id}（第 {item.version} 版）：{item.title.format(year='YYYY')}")
        print(f"    来源：{item.source}")
        print(f"    文件：{item.path}")
    return EXIT_OK


def cmd_template_check(args) -> int:
    """Every problem of the file on its own line (line and key), then the refusal; exit 0 when it can be used."""
    try:
        template = read_template_file(args.file)
    except TemplateError as exc:
        for problem in exc.problems:
            print(problem)
        return say(exc.message, EXIT_USAGE)
    fields = len(template.form_fields)
    columns = len(template.indicator_columns)
    print(f"模板“{template.id}”（第 {template.version} 版）可以使用：{fields} 个字段，{columns} 列绩效指标，"
          f"指标体系 {'、'.join(f.id for f in template.frameworks) or '无'}。")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("templates", help="列出随程序附带的模板")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("template", help="模板文件：check 检查一个模板文件能否使用")
    verbs = p.add_subparsers(dest="template_command", parser_class=type(p))
    check = verbs.add_parser("check", help="检查模板文件（TOML），逐条说明问题所在的行和键")
    check.add_argument("file")
    check.set_defaults(func=cmd_template_check)
