"""导出报送文件: the whole 审核, then the verified copy that the clerk emails, recorded in the history.

With 错误 the submission is refused and nothing is written, unless the clerk writes a reason to send it
anyway; the reason goes into the history of both the file and the copy. The history is not part of the
data, so recording the submission leaves the 校验码 as it was — the copy carries the same one as the file.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.limits import safe_line
from ..domain.model import Document, HistoryEntry
from ..domain.serialize import digest, short_digest
from ..domain.status import SUBMIT_KIND, pack_submitted_copy
from ..errors import UserError
from ..store import StorageError, Store
from ..store.export import Progress, record_submission, write_submission_copy
from ..store.outfile import check_target

MIN_REASON_CHARS = 2
#: how many findings a refusal message lists before "…还有 N 条"
FIRST_FINDINGS = 5
REASON_MARK = "带错误报送，理由："
_UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class SubmissionRefused(UserError):
    """The submission was not made; ``message`` is Chinese, ``findings`` the 错误 that blocked it."""

    def __init__(self, message: str, findings: list[Any] | None = None):
        super().__init__(message)
        self.findings = findings or []


@dataclass
class CheckCounts:
    """The whole 审核 of a document, counted: 警告 already confirmed with a reason are counted apart."""

    findings: list[Any] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    acknowledged: int = 0
    infos: int = 0

    @property
    def error_findings(self) -> list[Any]:
        return [f for f in self.findings if f.severity == "error"]

    def describe(self) -> str:
        ack = f"（另有已确认的警告 {self.acknowledged} 条）" if self.acknowledged else ""
        return f"错误 {self.errors} 条，警告 {self.warnings} 条{ack}，提示 {self.infos} 条"


@dataclass
class SubmitResult:
    source: Path
    out_path: Path
    digest: str
    checks: CheckCounts
    entry: HistoryEntry
    accept_errors_reason: str | None
    recorded_in_source: bool
    #: why the record is not in the source file (read-only, disk full …), "" when it is
    not_recorded_because: str = ""

    @property
    def short_digest(self) -> str:
        return short_digest(self.digest)


def run_checks(doc: Document) -> CheckCounts:
    """check_document over the whole file, counted by severity."""
    from ..checks import check_document, is_acknowledged  # 审核 lives beside exchange, not below it
    counts = CheckCounts(findings=list(check_document(doc)))
    for finding in counts.findings:
        if finding.severity == "error":
            counts.errors += 1
        elif finding.severity == "warning":
            if is_acknowledged(finding, doc.acknowledgements):
                counts.acknowledged += 1
            else:
                counts.warnings += 1
        else:
            counts.infos += 1
    return counts


def describe_finding(finding: Any, doc: Document | None = None) -> str:
    """"项目 › 子项目（第3行指标·指标值）：message" — where, in the clerk's words, then what."""
    place = " › ".join(str(p) for p in (finding.path or ())[1:]) or " › ".join(finding.path or ())
    if doc is not None and finding.field:
        from ..checks import describe_field
        place = f"{place}（{describe_field(doc.find(finding.path), finding.field)}）"
    return f"{place}：{finding.message}" if place else finding.message


def default_name(doc: Document) -> str:
    """``{年度}_{部门}_绩效目标申报.g60`` with characters a file name cannot hold replaced."""
    names = [d.name for d in doc.departments]
    who = names[0] if len(names) == 1 else (f"{names[0]}等{len(names)}个部门" if names else "")
    who = _UNSAFE_NAME_CHARS.sub("_", safe_line(who)).strip(" .")[:80]
    return f"{doc.budget_year}_{who}_绩效目标申报.g60" if who else f"{doc.budget_year}_绩效目标申报.g60"


def submit(path: str | Path, out_path: str | Path | None = None, accept_errors_reason: str | None = None,
           progress: Progress | None = None, force: bool = True) -> SubmitResult:
    """Check the file at ``path`` and write its 报送文件 (see :func:`submit_store`). The file is opened as a
    writer (its history gets the record): another writer holding it is waited for briefly, then refused."""
    with Store.open(path) as store:
        return submit_store(store, out_path, accept_errors_reason, progress, force=force)


def submit_store(store: Store, out_path: str | Path | None = None, accept_errors_reason: str | None = None,
                 progress: Progress | None = None, on_recorded: Callable[[HistoryEntry], None] | None = None,
                 force: bool = True) -> SubmitResult:
    """The submission of an open file. Raises SubmissionRefused (nothing written) when the check finds
    错误 and no reason was given. ``out_path`` None → the default name beside the file; a folder → the
    default name in it; an existing 报送文件 is replaced only with ``force`` (the window's save dialog has
    asked). ``on_recorded`` is told the history entry once it is in the source file. When the record
    cannot be written into the source (read-only, disk full) the 报送文件 still stands, complete and
    verified: the result says so in ``not_recorded_because``."""
    doc = store.load()
    counts = run_checks(doc)
    reason = _override_reason(counts, accept_errors_reason, doc)
    out = target_path(store.path, doc, out_path)
    check_target(out, force, "报送文件")
    entry = HistoryEntry(time=datetime.now().isoformat(timespec="seconds"), kind=SUBMIT_KIND,
                         digest=digest(doc), detail=_detail(out, counts, reason))
    write_submission_copy(store, out, entry, progress)
    why_not = "原文件是只读的" if store.readonly else ""
    if not store.readonly:
        try:
            record_submission(store, entry, pack_submitted_copy(doc))
        except StorageError as exc:
            why_not = {"full": "原文件所在的磁盘已满", "readonly": "原文件是只读的",
                       "locked": "原文件正被其他程序使用"}.get(exc.kind, exc.message.rstrip("。"))
        else:
            if on_recorded is not None:
                on_recorded(entry)
    return SubmitResult(source=Path(store.path), out_path=out, digest=entry.digest, checks=counts,
                        entry=entry, accept_errors_reason=reason, recorded_in_source=not why_not,
                        not_recorded_because=why_not)


def target_path(source: Path, doc: Document, out_path: str | Path | None) -> Path:
    if out_path is None:
        return Path(source).parent / default_name(doc)
    out = Path(out_path)
    return out / default_name(doc) if out.is_dir() else out


def refusal_message(counts: CheckCounts, doc: Document | None = None) -> str:
    errors = counts.error_findings
    listed = "；".join(f"{i}. {describe_finding(f, doc).rstrip('。')}"
                      for i, f in enumerate(errors[:FIRST_FINDINGS], 1))
    more = f"；……还有 {len(errors) - FIRST_FINDINGS} 条" if len(errors) > FIRST_FINDINGS else ""
    return (f"审核发现 {counts.errors} 条错误，没有导出报送文件：{listed}{more}。"
            "请改正后再导出；确需带错误报送的，请写明理由。")


def _override_reason(counts: CheckCounts, reason: str | None, doc: Document) -> str | None:
    if not counts.errors:
        return None          # nothing to override: a reason given anyway is not recorded
    reason = (reason or "").strip()
    if not reason:
        raise SubmissionRefused(refusal_message(counts, doc), counts.error_findings)
    if len(reason) < MIN_REASON_CHARS:
        raise SubmissionRefused(f"带错误报送的理由“{reason}”太短：请写明为什么带着 {counts.errors} 条错误报送"
                                f"（至少 {MIN_REASON_CHARS} 个字）。", counts.error_findings)
    return reason[:2000]


def _detail(out: Path, counts: CheckCounts, reason: str | None) -> str:
    text = f"导出报送文件“{out.name}”；审核：{counts.describe()}"
    return f"{text}；{REASON_MARK}{reason}" if reason else text


def override_reason_of(entry: HistoryEntry) -> str | None:
    """The reason recorded with a submission made despite 错误, or None."""
    head, mark, reason = entry.detail.partition(REASON_MARK)
    return reason if mark else None


def last_submission(doc: Document) -> HistoryEntry | None:
    """The latest 报送 entry of a file's history (the file's own record of when it was sent)."""
    entries = [h for h in doc.history if h.kind == SUBMIT_KIND]
    return entries[-1] if entries else None
