"""Files for the window and the command line alike: open read-only, create (新建, a sample, a JSON import).
Nothing above services/ touches the store: every file is opened and created here (另存为 of an open
document is in files.py). No session here, so that the command line starts without one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.model import Department, Document
from ..domain.next_year import NextYearOptions, NextYearReport, movable, next_year_document
from ..domain.templates import DEFAULT_TEMPLATE, templates_in
from ..domain.validate import InvalidDocument, validate_document
from ..errors import UserError
from ..store import FORMAT_VERSION, Store

if TYPE_CHECKING:
    from ..store.recovery import Recovery

__all__ = ["FORMAT_VERSION", "InvalidDocument", "NewFile", "being_written", "check_output", "create_document",
           "import_json", "load_readonly", "new_document", "next_year", "on_recovery", "write_sample"]


def being_written(path: str | Path) -> bool:
    """True when another window, PC or program holds the writer lock of ``path`` (store/lock.py)."""
    from ..store.lock import is_held
    return is_held(path)


def on_recovery(tell: Callable[[Recovery], object]) -> None:
    """``tell(recovery)`` whenever a file whose last save was interrupted is recovered on opening
    (store/recovery.py); the command line prints a note, the window shows a message."""
    from ..store import recovery
    if tell not in recovery.listeners:
        recovery.listeners.append(tell)


def check_output(path: str | Path, force: bool = False, what: str = "文件") -> Path:
    """Refuse an output target before any work is done: an existing file without ``force``, a folder, a
    pipe or device, a missing folder; a symbolic link is only ever replaced, never written through."""
    from ..store.outfile import check_target
    return check_target(path, force, what)


def load_readonly(path: str | Path) -> Document:
    """The document in ``path``, read after every check of a safe open; the file is not changed."""
    with Store.open(path, readonly=True) as store:
        return store.load()


def create_document(path: str | Path, doc: Document, overwrite: bool = False) -> Path:
    """Write ``doc`` as a new .g60 file (built beside ``path``, then renamed into place)."""
    Store.create(path, doc, overwrite=overwrite).close()
    return Path(path)


def write_sample(year: str, path: str | Path, overwrite: bool = False) -> Path:
    """A bundled sample (2022 or 2026) as a .g60 file."""
    from ..exchange.samples import sample_document
    return create_document(path, sample_document(year), overwrite)


def import_json(source: str | Path, path: str | Path, overwrite: bool = False) -> Path:
    """A .g60 file made from a JSON export (checked before anything is written)."""
    from ..exchange import jsonio
    return create_document(path, jsonio.read(Path(source)), overwrite)


@dataclass(frozen=True)
class NewFile:
    """新建: an empty file of one budget year for one department, in a template — a bundled one by id, or a
    bureau's own (``template_file``, read and carried by the new file); ``path`` None when not chosen."""

    year: int
    department: str
    path: Path | None
    template: str = DEFAULT_TEMPLATE
    template_file: Path | None = None

    def document(self) -> Document:
        """The new document; a template file that cannot be used raises its UserError."""
        if self.template_file is not None:
            from .templates import read_template_file
            template = read_template_file(self.template_file)
            return Document(budget_year=self.year, template=template.id, templates={template.id: template},
                            departments=[Department(name=self.department.strip())])
        return Document(budget_year=self.year, template=self.template,
                        departments=[Department(name=self.department.strip())])

    def problem(self, overwrite: bool = False) -> str | None:
        """Why this file cannot be made, in one Chinese sentence, or None."""
        if not self.department.strip():
            return "请填写部门名称。"
        if self.path is None:
            return "请选择保存位置。"
        if self.path.exists() and (self.path.is_dir() or not overwrite):
            return f"“{self.path.name}”已存在，没有覆盖：请换一个文件名，或打开这个已有的文件。"
        if not self.path.parent.is_dir():
            return f"文件夹“{self.path.parent}”不存在：请选择一个已有的文件夹。"
        try:
            validate_document(self.document())
        except UserError as exc:   # InvalidDocument, or a template file that cannot be used
            return exc.message
        return None


def new_document(request: NewFile, overwrite: bool = False) -> Path:
    """Create the empty file ``request`` describes; InvalidDocument says why it cannot be made."""
    problem = request.problem(overwrite)
    if problem or request.path is None:   # problem() names a missing path
        raise InvalidDocument(problem or "请选择保存位置。")
    return create_document(request.path, request.document(), overwrite)


def _can_move(doc: Document, name: str, options: NextYearOptions) -> None:
    """"移入上年列" needs a template with a last year's column (docs/templates.md, last_year_of)."""
    amounts, values = movable(doc)
    for asked, can, what, column in ((options.amounts == "move", amounts, "金额", "上年预算数"),
                                     (options.values == "move", values, "指标值", "上年实际水平")):
        if asked and not can:
            ids = "、".join(sorted(templates_in(doc)))
            raise InvalidDocument(f"“{name}”的申报表所用的模板（{ids}）没有放上年{what}的列（如“{column}”）："
                                  f"{what}不能移入上年列，请选保留或清空。")


def next_year(source: str | Path, target: str | Path, year: int | None = None,
              options: NextYearOptions = NextYearOptions(), overwrite: bool = False) -> NextYearReport:
    """下一年度申报: a new file ``target`` for ``year`` (default: the year after ``source``'s) made from
    ``source``, which is only read. InvalidDocument says why it cannot be made."""
    doc = load_readonly(source)
    year = doc.budget_year + 1 if year is None else year
    if year <= doc.budget_year:
        raise InvalidDocument(f"“{Path(source).name}”是 {doc.budget_year} 年度的申报，下一年度应晚于它"
                              f"（写的是 {year} 年）。")
    _can_move(doc, Path(source).name, options)
    new, report = next_year_document(doc, year, Path(source).name, options)
    validate_document(new)
    create_document(target, new, overwrite)
    return report
