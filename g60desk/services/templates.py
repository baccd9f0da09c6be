"""Templates for the window and the command line: the bundled ones, a bureau's own file read and checked."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.template_catalog import bundled
from ..domain.template_file import MAX_TEMPLATE_CHARS, TemplateError, parse_template
from ..domain.templates import DEFAULT_TEMPLATE, Template
from ..errors import UserError

__all__ = ["BundledTemplate", "TemplateError", "TemplateFileRefused", "bundled_templates", "read_template_file"]


class TemplateFileRefused(UserError):
    """A template file that cannot be read at all (missing, a folder, not UTF-8 …)."""


@dataclass(frozen=True)
class BundledTemplate:
    """What ``g60desk templates`` lists of a bundled template."""

    id: str
    title: str
    source: str
    path: Path
    version: int

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "source": self.source, "path": str(self.path)}


def bundled_templates() -> list[BundledTemplate]:
    """The bundled templates as a person is offered them: the one new files get by default first, then by id (上海2022,
    四川井研2023, 国家2021 …)."""
    listed = [BundledTemplate(b.template.id, b.template.title, b.template.source, b.path, b.template.version)
              for b in bundled()]
    return sorted(listed, key=lambda t: (t.id != DEFAULT_TEMPLATE, t.id))


def read_template_file(path: str | Path) -> Template:
    """A template file a person chose, read and checked: TemplateError lists its problems (line and key),
    TemplateFileRefused says why it cannot be read."""
    path = Path(path)
    name = f"“{path.name or path}”"
    if path.is_dir():
        raise TemplateFileRefused(f"{name}是文件夹，不是模板文件：请选择 .toml 文件。")
    try:
        if path.stat().st_size > MAX_TEMPLATE_CHARS * 4:
            raise TemplateFileRefused(f"{name}太大，不是模板文件（模板通常只有几 KB）。")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TemplateFileRefused(f"找不到模板文件{name}：请检查路径。") from None
    except PermissionError:
        raise TemplateFileRefused(f"没有权限读取模板文件{name}。") from None
    except UnicodeDecodeError:
        raise TemplateFileRefused(f"{name}不是 UTF-8 编码的文本文件：请用记事本等另存为 UTF-8。") from None
    except OSError as exc:
        raise TemplateFileRefused(f"无法读取模板文件{name}（{exc.strerror}）。") from None
    return parse_template(text, path.name)
