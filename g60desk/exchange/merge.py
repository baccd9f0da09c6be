"""导入 on the bureau's side: many received files into one bureau file, each treated as untrusted.

Every input is opened as a private, fully validated copy (Store.open_received), checked again, and
imported in one transaction — or refused with a reason, leaving no trace. A department that is already
in the bureau file is a duplicate: the later submission is kept and the differences are listed field by
field. The result per input is what the bureau's table shows and what ``g60desk merge`` prints.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..domain.limits import safe_line
from ..domain.model import Department, Document, HistoryEntry
from ..domain.money import format_yuan
from ..domain.serialize import canonical_bytes, data_of, digest, short_digest
from ..domain.summary import summarize_department
from ..domain.validate import InvalidDocument
from ..store import FileRefused, StorageError, Store
from ..store.merge_writer import DepartmentImport, import_departments
from ..store.safe_open import WHAT_TO_DO
from .diff import FieldChange, diff_departments
from .submit import CheckCounts, last_submission, override_reason_of, run_checks

IMPORT_KIND = "import"
#: a claimed submission time this much later than the bureau's clock is "in the future" (clocks drift)
CLOCK_TOLERANCE = timedelta(minutes=10)
#: Store.open_received validates a private copy, and its refusals name that copy: name the file instead
_PRIVATE_COPY_NAME = re.compile(r"“g60-received-[^”]*\.g60”")
STATUS_LABELS = {"imported": "已导入", "refused": "未导入", "duplicate": "重复"}
FROM_SUBMISSION, FROM_MTIME = "报送记录", "文件修改时间"

#: progress(done, total, file name)
MergeProgress = Callable[[int, int, str], None]


@dataclass
class InputResult:
    """One input file's outcome: what it holds, its checks, and imported / refused / duplicate."""

    path: Path
    status: str = "refused"
    reason: str = ""
    departments: list[str] = field(default_factory=list)
    budget_year: int | None = None
    forms: int = 0
    total_fen: int = 0
    errors: int = 0
    warnings: int = 0
    digest: str = ""
    submitted: str = ""
    submitted_from: str = ""
    notes: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    #: for a duplicate: True when this file's data replaced the earlier submission
    replaced: bool = False
    #: for a duplicate: the bureau must choose (the file's own dates contradict what the bureau saw)
    in_doubt: bool = False
    #: what the bureau saw: the file's modification time on its disk
    file_time: str = ""

    @property
    def short_digest(self) -> str:
        return short_digest(self.digest) if self.digest else ""

    @property
    def status_label(self) -> str:
        return "待确认" if self.in_doubt else STATUS_LABELS[self.status]

    def line(self) -> str:
        """One line for the command line: status, file, what it holds and why (names cannot break it)."""
        return safe_line(self._line())

    def _line(self) -> str:
        head = f"[{self.status_label}] {self.path.name}"
        if self.status == "refused" and not self.departments:
            return f"{head}：{self.reason}"
        body = (f"{'、'.join(self.departments)}，{self.budget_year} 年度，申报表 {self.forms} 张，"
                f"年度资金申请总额 {format_yuan(self.total_fen, 'thousands2')} 元，"
                f"错误 {self.errors} 条，警告 {self.warnings} 条，校验码 {self.short_digest}")
        tail = f"。{self.reason}" if self.reason else ""
        return f"{head}：{body}{tail}"


@dataclass
class MergeReport:
    out: Path
    budget_year: int | None
    created: bool
    results: list[InputResult]

    def with_status(self, status: str) -> list[InputResult]:
        return [r for r in self.results if r.status == status]

    @property
    def all_imported(self) -> bool:
        return not self.with_status("refused")

    @property
    def in_doubt(self) -> list[InputResult]:
        return [r for r in self.results if r.in_doubt]

    @property
    def exit_code(self) -> int:
        return 0 if self.all_imported and not self.in_doubt else 1

    def summary_line(self) -> str:
        counts = Counter(r.status for r in self.results)
        where = f"汇总文件“{safe_line(self.out.name)}”" + ("（新建）" if self.created else "")
        if self.budget_year is None:
            return f"没有可导入的文件，{where}未建立：共 {len(self.results)} 个文件，全部未导入。"
        doubt = f"（其中待确认 {len(self.in_doubt)} 个，见上）" if self.in_doubt else ""
        return (f"{where}，{self.budget_year} 年度：共 {len(self.results)} 个文件，已导入 {counts['imported']} 个，"
                f"重复 {counts['duplicate']} 个{doubt}，未导入 {counts['refused']} 个。")


@dataclass
class _Received:
    """A received file read and checked, not yet imported."""

    path: Path
    doc: Document
    digest: str
    checks: CheckCounts
    submitted: datetime
    submitted_from: str
    mtime: datetime
    notes: list[str]
    #: the submission time the file's own history claims (None without one), and why it is not credible
    claimed: datetime | None = None
    flags: list[str] = field(default_factory=list)
    #: the bureau chose this file over an earlier submission of its department (``prefer``)
    preferred: bool = False

    @property
    def credible_claim(self) -> datetime | None:
        return self.claimed if not self.flags else None


def files_in_folder(folder: Path) -> list[Path]:
    """The .g60 files directly inside ``folder``, by name."""
    return sorted((p for p in Path(folder).iterdir() if p.suffix.lower() == ".g60" and not p.is_dir()),
                  key=lambda p: p.name)


def merge(inputs: Iterable[str | Path], out: str | Path, year: int | None = None,
          progress: MergeProgress | None = None, prefer: Iterable[str | Path] = ()) -> MergeReport:
    """Import ``inputs`` into the bureau file ``out`` (created when missing, with ``year`` or else the
    budget year most inputs have). Raises FileRefused/StorageError only for ``out`` itself.

    Which of two submissions of a department is kept rests on what the bureau saw, never on a date a
    file writes about itself: the one whose file was written later (its time on the bureau's disk), or
    imported later when the times are equal. When the file's own record contradicts that (it claims to be
    older than the submission already imported, or claims a time in the future or before its own history),
    the earlier one stays, both are shown, and the result is *in doubt*: the bureau chooses by naming the
    file in ``prefer`` (``--prefer``), which then replaces the earlier one whatever the dates say."""
    out = Path(out)
    paths = [Path(p) for p in inputs]
    preferred = {_identity(Path(p)) for p in prefer}
    results = [InputResult(path=p) for p in paths]
    received: list[_Received | None] = []
    for i, (path, result) in enumerate(zip(paths, results)):
        if progress:
            progress(i, 2 * len(paths), path.name)
        item = _read_input(path, out, result)
        if item is not None and _identity(path) in preferred:
            item.preferred = True
        received.append(item)
    bureau = _Bureau.open_or_plan(out, year, [r.doc for r in received if r is not None])
    for i, (item, result) in enumerate(zip(received, results)):
        if progress:
            progress(len(paths) + i, 2 * len(paths), result.path.name)
        if item is not None:
            bureau.take(item, result)
    bureau.close()
    if progress:
        progress(2 * len(paths), 2 * len(paths), "")
    return MergeReport(out=out, budget_year=bureau.year, created=bureau.created, results=results)


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


# ---- reading one input ------------------------------------------------------------------------------

def _read_input(path: Path, out: Path, result: InputResult) -> _Received | None:
    """Open, validate, check and describe an input; on refusal fill ``result`` and return None."""
    name = f"“{path.name or path}”"
    try:
        if path.exists() and out.exists() and path.resolve() == out.resolve():
            raise FileRefused(f"文件{name}就是汇总文件本身，不能导入到自己里面。")
        item = _open_and_check(path)
    except (FileRefused, StorageError) as exc:
        result.reason = _PRIVATE_COPY_NAME.sub(name, exc.message)
        return None
    except InvalidDocument as exc:
        result.reason = f"文件{name}的内容不符合 g60desk 格式（{exc.message}）：{WHAT_TO_DO}。"
        return None
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the other inputs
        result.reason = f"文件{name}的内容无法读取（{type(exc).__name__}）：{WHAT_TO_DO}。"
        return None
    _describe(item, result)
    return item


def _open_and_check(path: Path) -> _Received:
    with Store.open_received(path) as store:
        doc = store.load()   # validated there (domain/validate.py, limits included)
    mtime = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    notes = []
    data_digest = digest(doc)
    entry = last_submission(doc)
    claimed = _parse_time(entry.time) if entry else None
    now = datetime.now().replace(microsecond=0)
    flags = claim_flags(doc, entry, claimed, now=now)
    if mtime > now + CLOCK_TOLERANCE:   # a time the file carried with it (an archive keeps file times)
        flags.append(f"文件时间 {_show_time(mtime)} 晚于财政局电脑的当前时间")
        mtime = now
    if entry is not None and entry.digest != data_digest:
        notes.append("校验码与文件自带的报送记录不一致：文件在报送后被改动过，请与纸质申报表核对")
    if entry is not None and override_reason_of(entry):
        notes.append(f"填报单位带错误报送，理由：{override_reason_of(entry)}")
    if entry is None:
        notes.append("文件中没有报送记录（不是用“导出报送文件”生成的），以文件修改时间为报送时间")
    if entry is not None and claimed is None:
        flags.append(f"报送记录的时间“{safe_line(entry.time[:40])}”无法识别")
    notes += [f"报送时间不可信：{flag}；以财政局看到的文件时间为准" for flag in flags]
    return _Received(path=path, doc=doc, digest=data_digest, checks=run_checks(doc),
                     submitted=claimed or mtime, submitted_from=FROM_SUBMISSION if claimed else FROM_MTIME,
                     mtime=mtime, notes=notes, claimed=claimed, flags=flags)


def claim_flags(doc: Document, entry: HistoryEntry | None, claimed: datetime | None, now: datetime) -> list[str]:
    """Why the submission time a file claims cannot be believed: later than the bureau's clock, or earlier
    than something the file's own history records before it (its creation, an earlier entry)."""
    if entry is None or claimed is None:
        return []
    flags = []
    if claimed > now + CLOCK_TOLERANCE:
        flags.append(f"报送时间 {_show_time(claimed)} 晚于财政局电脑的当前时间 {_show_time(now)}")
    index = next(i for i in range(len(doc.history) - 1, -1, -1) if doc.history[i] is entry)
    earlier = [t for t in (_parse_time(h.time) for h in doc.history[:index]) if t is not None]
    if earlier and claimed < max(earlier):
        flags.append(f"报送时间 {_show_time(claimed)} 早于文件自己更早记下的时间 {_show_time(max(earlier))}"
                     "（如文件的建立时间）")
    return flags


def _describe(item: _Received, result: InputResult) -> None:
    summaries = [summarize_department(d) for d in item.doc.departments]
    result.departments = [d.name for d in item.doc.departments]
    result.budget_year = item.doc.budget_year
    result.forms = sum(s.declared_forms for s in summaries)
    result.total_fen = sum(s.total_fen for s in summaries)
    result.errors, result.warnings = item.checks.errors, item.checks.warnings
    result.digest = item.digest
    result.submitted = _show_time(item.submitted)
    result.submitted_from = item.submitted_from
    result.file_time = _show_time(item.mtime)
    result.notes = list(item.notes)


def _parse_time(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def _show_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def department_digest(doc: Document, dept: Department) -> str:
    """The 校验码 the department has in a file of its own (for a clerk's file: the file's 校验码)."""
    return digest(Document(budget_year=doc.budget_year, template=doc.template, departments=[dept]))


def _department_bytes(doc: Document, dept: Department) -> bytes:
    alone = Document(budget_year=doc.budget_year, template=doc.template, departments=[dept])
    return canonical_bytes(data_of(alone)["departments"])


# ---- the bureau file --------------------------------------------------------------------------------

class _Bureau:
    """The bureau's file, opened (or created on the first accepted input) and kept in step in memory."""

    def __init__(self, out: Path, year: int | None, store: Store | None, doc: Document | None):
        self.out, self.year, self.store, self.doc = out, year, store, doc
        self.created = False

    @classmethod
    def open_or_plan(cls, out: Path, year: int | None, docs: list[Document]) -> _Bureau:
        if out.exists():
            store = Store.open(out)
            if store.readonly:
                store.close()
                raise StorageError(f"汇总文件“{out.name}”是只读的，无法导入：请选择可写的位置。")
            doc = store.load()
            return cls(out, doc.budget_year, store, doc)
        if year is None and docs:
            year = Counter(d.budget_year for d in docs).most_common(1)[0][0]
        return cls(out, year, None, None)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    @property
    def document(self) -> Document:
        """The bureau's document, which exists once the first input has been accepted."""
        assert self.doc is not None
        return self.doc

    def _ensure_created(self, template: str) -> None:
        if self.store is None:
            assert self.year is not None   # open_or_plan takes it from the inputs when not given
            self.store = Store.create(self.out, Document(budget_year=self.year, template=template))
            self.doc = self.store.load()
            self.created = True

    def take(self, item: _Received, result: InputResult) -> None:
        """Decide and write one input; fills ``result``."""
        name = f"“{item.path.name}”"
        if item.doc.budget_year != self.year:
            result.status = "refused"
            result.reason = (f"文件{name}是 {item.doc.budget_year} 年度的申报，汇总文件是 {self.year} 年度："
                             "不同年度的申报不能汇总在一起，请分别汇总。")
            return
        if not item.doc.departments:
            result.status = "refused"
            result.reason = f"文件{name}中没有任何部门，无可导入的内容。"
            return
        self._ensure_created(item.doc.template)
        plan = self._plan(item, result)
        if plan.departments:
            assert self.store is not None   # _ensure_created made it
            try:
                import_departments(self.store, plan)
            except StorageError as exc:
                result.status, result.reason, result.changes, result.replaced = "refused", exc.message, [], False
                return
            self._apply(plan)

    def _existing(self, name: str) -> tuple[int, Department] | None:
        return next(((i, d) for i, d in enumerate(self.document.departments) if d.name == name), None)

    def _plan(self, item: _Received, result: InputResult) -> DepartmentImport:
        plan = DepartmentImport(departments=[])
        reasons = []
        for dept in item.doc.departments:
            found = self._existing(dept.name)
            if found is None:
                plan.departments.append(dept)
                continue
            result.status = "duplicate"
            reasons.append(self._duplicate(item, dept, found[1], plan, result))
        if result.status != "duplicate":
            result.status = "imported"
        result.reason = "；".join(reasons)
        written = {d.name for d in plan.departments}
        plan.acknowledgements = [a for a in item.doc.acknowledgements if a.path and a.path[0] in written]
        now = datetime.now().isoformat(timespec="seconds")
        plan.history = [HistoryEntry(time=now, kind=IMPORT_KIND, digest=department_digest(item.doc, dept),
                                     detail=_import_detail(item, dept.name))
                        for dept in plan.departments]
        return plan

    def _duplicate(self, item: _Received, dept: Department, old: Department, plan: DepartmentImport,
                   result: InputResult) -> str:
        earlier = self._import_record(dept.name)
        old_time = _show_time(earlier.shown) if earlier else "（时间不详）"
        if _department_bytes(item.doc, dept) == _department_bytes(self.document, old):
            return f"“{dept.name}”与已导入的内容完全相同（报送于 {old_time}），未重复导入"
        changes = diff_departments(old, dept) or [FieldChange((), "项目或指标的排列顺序", "原顺序", "新顺序")]
        result.changes += changes
        verdict, why = _later_of(earlier, item)
        both = (f"已导入的一份：{earlier.describe() if earlier else '（导入记录不详）'}；"
                f"本文件：{_describe_observed(item)}")
        if verdict == "replace":
            plan.departments.append(dept)
            assert old.id is not None   # read from the bureau's file
            plan.replaces[dept.name] = old.id
            result.replaced = True
            return f"“{dept.name}”已导入过，{why}，已替换原来的；共 {len(changes)} 处不同（{both}）"
        if verdict == "keep":
            return f"“{dept.name}”已导入过较新的一份，{why}，较旧，未导入；共 {len(changes)} 处不同（{both}）"
        result.in_doubt = True
        return (f"“{dept.name}”已导入过，{why}，较旧，未导入，请财政局确认用哪一份；"
                f"共 {len(changes)} 处不同（{both}）")

    def _import_record(self, dept_name: str) -> _ImportRecord | None:
        """What the bureau recorded when it imported ``dept_name`` (the latest import), or None."""
        for entry in reversed(self.document.history):
            if entry.kind != IMPORT_KIND:
                continue
            try:
                detail = json.loads(entry.detail)
            except ValueError:
                continue
            if isinstance(detail, dict) and detail.get("department") == dept_name:
                return _ImportRecord.from_detail(detail, entry.time)
        return None

    def _apply(self, plan: DepartmentImport) -> None:
        """Keep the in-memory bureau document as the transaction left the file."""
        for dept in plan.departments:
            found = self._existing(dept.name)
            if found is None:
                self.document.departments.append(dept)
            else:
                self.document.departments[found[0]] = dept
        names = {d.name for d in plan.departments}
        self.document.acknowledgements = [a for a in self.document.acknowledgements
                                     if not (a.path and a.path[0] in names)] + plan.acknowledgements
        self.document.history += plan.history


@dataclass
class _ImportRecord:
    """An earlier import of a department as the bureau file recorded it."""

    file: str
    file_time: datetime | None
    imported: datetime | None
    claimed: datetime | None
    credible: bool

    @classmethod
    def from_detail(cls, detail: dict, import_time: str) -> _ImportRecord:
        imported = _parse_time(import_time)
        submitted = _parse_time(str(detail.get("submitted", "")))
        file_time = _parse_time(str(detail.get("file_time", ""))) or None
        from_record = detail.get("submitted_from") == FROM_SUBMISSION
        claimed = _parse_time(str(detail.get("claimed", ""))) if "claimed" in detail else \
            (submitted if from_record else None)
        flags = detail.get("flags") or []
        # an older bureau file has no flags: a claim later than the import itself was in the future then
        credible = claimed is not None and not flags and not (
            imported is not None and claimed > imported + CLOCK_TOLERANCE)
        return cls(file=str(detail.get("file", "")), file_time=file_time, imported=imported, claimed=claimed,
                   credible=credible)

    @property
    def observed(self) -> datetime | None:
        """When the bureau saw the earlier file written: its file time, unless that was in the future
        when it was imported (then the import time itself)."""
        if self.file_time is None or (self.imported is not None and self.file_time > self.imported + CLOCK_TOLERANCE):
            return self.imported
        return self.file_time

    @property
    def shown(self) -> datetime:
        return self.claimed or self.file_time or self.imported or datetime.min

    def describe(self) -> str:
        parts = [f"文件“{self.file}”"]
        if self.file_time:
            parts.append(f"文件时间 {_show_time(self.file_time)}")
        if self.imported:
            parts.append(f"导入于 {_show_time(self.imported)}")
        if self.claimed:
            parts.append(f"自称报送于 {_show_time(self.claimed)}" + ("" if self.credible else "（不可信）"))
        return "，".join(parts)


def _describe_observed(item: _Received) -> str:
    parts = [f"文件“{item.path.name}”", f"文件时间 {_show_time(item.mtime)}"]
    if item.claimed:
        parts.append(f"自称报送于 {_show_time(item.claimed)}" + ("（不可信）" if item.flags else ""))
    return "，".join(parts)


def _later_of(earlier: _ImportRecord | None, item: _Received) -> tuple[str, str]:
    """("replace" | "keep" | "doubt", why) for a new submission of a department already imported.

    What the bureau saw decides: the file written later on the bureau's disk wins (equal times: the one
    imported later). A file's own dates may only hold it back, never push it forward: a credible claim
    older than the earlier one's credible claim, or any claim that cannot be believed, leaves the choice to
    the bureau."""
    if item.preferred:
        return "replace", "财政局指定使用本文件"
    seen = earlier.observed if earlier is not None else None
    if seen is None:
        return "replace", "本文件导入在后"
    if item.mtime < seen and not item.flags:
        return "keep", f"本文件的文件时间 {_show_time(item.mtime)} 早于已导入的一份（{_show_time(seen)}）"
    if item.flags:
        return "doubt", f"本文件的报送时间不可信（{'；'.join(item.flags)}）"
    assert earlier is not None   # it has a time the bureau saw
    if earlier.credible and earlier.claimed and item.credible_claim is not None \
            and item.credible_claim < earlier.claimed:
        return "doubt", (f"本文件的文件时间较晚，但它自称报送于 {_show_time(item.credible_claim)}，早于已导入的一份"
                         f"（{_show_time(earlier.claimed)}）")
    if item.mtime == seen:
        return "replace", "两份文件时间相同，本文件导入在后"
    return "replace", f"本文件的文件时间 {_show_time(item.mtime)} 晚于已导入的一份（{_show_time(seen)}）"


def _import_detail(item: _Received, dept_name: str) -> str:
    """The import record: what the bureau saw (file time, when it imported — the entry's own time) apart
    from what the file claims about itself (``claimed``, with ``flags`` saying why it is not credible)."""
    return json.dumps({"department": dept_name, "file": item.path.name, "file_digest": item.digest,
                       "template": item.doc.template,
                       "submitted": item.submitted.isoformat(), "submitted_from": item.submitted_from,
                       "claimed": item.claimed.isoformat() if item.claimed else "",
                       "flags": item.flags, "chosen_by_bureau": item.preferred,
                       "file_time": item.mtime.isoformat(), "errors": item.checks.errors,
                       "warnings": item.checks.warnings}, ensure_ascii=False, sort_keys=True)
