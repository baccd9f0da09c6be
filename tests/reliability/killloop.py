"""The kill -9 loop: processes editing through the services, submitting, merging and importing JSON are
killed at random moments, and the next run must find every file sound, every acknowledged change kept, no
file of the clerk's refused and no temporary file left behind.

    python killloop.py FOLDER EDITS SUBMITS MERGES IMPORTS [SEED]

prints one JSON object: per scenario the number of kills, journals left beside the file by a kill
(``hot_journals``), interrupted saves the next run played back (``recovered``, edits only), files refused by
the next run, corrupt files, acknowledged changes lost, and the litter left once the next run is done.
Children are forked from this process (g60desk already imported), so a kill costs milliseconds, not an
interpreter start. A child reports each change on a pipe only after the call that made it has returned —
that is what "acknowledged" means here.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from g60desk.domain.serialize import digest
from g60desk.exchange import jsonio
from g60desk.exchange.samples import sample_document
from g60desk.store import FileRefused, StorageError, Store

TMP = None   # the children's private temp folder (set in main)


def _fork(work, *args) -> tuple[int, int]:
    """Run ``work(write_fd, *args)`` in a forked child; returns (pid, read end of its pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: never returns
        os.close(read_fd)
        code = 0
        try:
            work(write_fd, *args)
        except BaseException:   # noqa: BLE001 - a child that fails on its own is reported by its acks
            code = 70
        os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _kill_after(pid: int, read_fd: int, delay: float) -> list[str]:
    """Wait until the child says it is ready (its file open: a busy machine must not turn the loop into
    kills of processes still starting), then ``delay`` seconds, then SIGKILL; returns its acknowledgements."""
    chunks = [os.read(read_fd, 65536)]
    while b"ready\n" not in b"".join(chunks) and chunks[-1]:
        chunks.append(os.read(read_fd, 65536))
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)            # reaped: its pid is gone, as after a real crash
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    return [line for line in b"".join(chunks).decode("utf-8").splitlines() if line and line != "ready"]


def _ack(fd: int, text: str) -> None:
    os.write(fd, (text + "\n").encode("utf-8"))


def _journal_left(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    return journal.exists() and journal.stat().st_size > 0


def _litter(folder: Path, expected: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


def _open_next_run(path: Path):
    """What the next run of the program does with the clerk's file: open it for writing."""
    return Store.open(path)


# ---- edits through the services ------------------------------------------------------------------

def _edit_child(fd: int, path: Path, seed: int) -> None:
    from g60desk.services.session import Session
    rnd = random.Random(seed)
    session = Session.open(path)
    if rnd.random() < 0.6:
        session.store.conn.execute("PRAGMA cache_size=1")   # pages reach the file before the commit
    _ack(fd, "ready")
    node = session.doc.departments[0].projects[0].children[rnd.randrange(6)]
    n = 0
    while True:
        n += 1
        step = n % 3
        if step == 0:
            session.set_section_text(node, "plan", f"实施方案第{n}稿" + "内容" * rnd.randrange(50, 2000))
            _ack(fd, f"S {n}")
        elif step == 1:
            row = len(node.form.indicators)
            session.set_indicator_cells(node, row, 0, [["产出指标", "数量指标", f"K{seed}-{n}", "≥1"]])
            _ack(fd, f"K K{seed}-{n}")
        else:
            session.set_form_field(node, "annual_goal", f"年度目标第{n}稿")
            _ack(fd, f"G {n}")


def edits(folder: Path, kills: int, rnd: random.Random, stats: dict) -> None:
    base = folder / "base.g60"
    Store.create(base, sample_document("2026")).close()
    for k in range(kills):
        path = folder / "我的申报.g60"
        if k % 10 == 0:   # a fresh file now and then; in between the same file is killed again and again
            for leftover in folder.glob("我的申报.g60*"):
                leftover.unlink()
            shutil.copyfile(base, path)
        pid, read_fd = _fork(_edit_child, path, k)
        acks = _kill_after(pid, read_fd, rnd.uniform(0.05, 0.35))
        stats["kills"] += 1
        stats["acknowledged"] += len(acks)
        stats["hot_journals"] += _journal_left(path)
        try:
            store = _open_next_run(path)
        except (FileRefused, StorageError) as exc:
            stats["refused"] += 1
            stats["messages"].append(exc.message)
            continue
        stats["recovered"] += getattr(store, "recovery", None) is not None   # a hot journal played back
        try:
            doc = store.load()
        except (FileRefused, StorageError) as exc:
            stats["corrupt"] += 1
            stats["messages"].append(exc.message)
            store.close()
            continue
        stats["lost"] += _lost_edits(doc, acks)
        store.close()
        stats["litter"] += _litter(folder, {"base.g60", "我的申报.g60"})


def _lost_edits(doc, acks: list[str]) -> int:
    names = {ind.name for _, node in doc.iter_nodes() if node.declared for ind in node.form.indicators}
    lost = sum(1 for a in acks if a.startswith("K ") and a[2:] not in names)
    for kind, field in (("S", "plan"), ("G", "annual_goal")):
        done = [int(a.split()[1]) for a in acks if a.startswith(kind + " ")]
        if not done:
            continue
        texts = [node.explanation.sections["plan"].text if field == "plan" else node.form.annual_goal
                 for _, node in doc.iter_nodes() if node.declared]
        numbers = [int(t.split("第")[1].split("稿")[0]) for t in texts
                   if "第" in t and "稿" in t and t.split("第")[1].split("稿")[0].isdigit()]
        if not numbers or max(numbers) < max(done):   # the last acknowledged draft (or a later one) is there
            lost += 1
    return lost


# ---- submit ----------------------------------------------------------------------------------------

def _submit_child(fd: int, source: Path, out: Path) -> None:
    from g60desk.exchange.submit import submit_store
    with Store.open(source) as store:
        _ack(fd, "ready")
        n = 0
        while True:
            n += 1
            submit_store(store, out, "测试报送")
            _ack(fd, f"{n}")


def submits(folder: Path, kills: int, rnd: random.Random, stats: dict) -> None:
    source = folder / "申报.g60"
    Store.create(source, sample_document("2026")).close()
    with Store.open(source, readonly=True) as store:
        expected = digest(store.load())
    out = folder / "报送.g60"
    for _ in range(kills):
        pid, read_fd = _fork(_submit_child, source, out)
        acks = _kill_after(pid, read_fd, rnd.uniform(0.02, 0.6))
        stats["kills"] += 1
        stats["acknowledged"] += len(acks)
        stats["hot_journals"] += _journal_left(source)
        try:
            with _open_next_run(source) as store:
                doc = store.load()
        except (FileRefused, StorageError) as exc:
            stats["refused"] += 1
            stats["messages"].append(exc.message)
            continue
        submitted = sum(1 for h in doc.history if h.kind == "submit")
        stats["corrupt"] += digest(doc) != expected
        if out.exists():
            try:
                with Store.open_received(out) as copy:
                    stats["corrupt"] += digest(copy.load()) != expected
            except (FileRefused, StorageError) as exc:
                stats["corrupt"] += 1
                stats["messages"].append(exc.message)
        elif acks:
            stats["lost"] += 1
        stats["lost"] += submitted < stats.setdefault("_submitted", 0) + len(acks)
        stats["_submitted"] = submitted
        stats["litter"] += _litter(folder, {"申报.g60", "报送.g60"})


# ---- merge -----------------------------------------------------------------------------------------

def _merge_child(fd: int, inputs: list[Path], bureau: Path) -> None:
    from g60desk.exchange.merge import merge
    _ack(fd, "ready")
    for path in inputs:
        report = merge([path], bureau)
        if report.results[0].status != "refused":
            _ack(fd, path.stem)


def merges(folder: Path, kills: int, rnd: random.Random, stats: dict) -> None:
    inbox = folder / "inbox"
    inbox.mkdir()
    inputs = []
    for i in range(8):
        doc = sample_document("2026")
        doc.departments[0].name = f"测试部门{i}"
        inputs.append(inbox / f"测试部门{i}.g60")
        Store.create(inputs[-1], doc).close()
    bureau = folder / "汇总.g60"
    for _ in range(kills):
        for leftover in folder.glob("汇总.g60*"):
            leftover.unlink()
        pid, read_fd = _fork(_merge_child, inputs, bureau)
        acks = _kill_after(pid, read_fd, rnd.uniform(0.02, 0.6))
        stats["kills"] += 1
        stats["acknowledged"] += len(acks)
        stats["hot_journals"] += _journal_left(bureau)
        if bureau.exists():
            try:
                with _open_next_run(bureau) as store:
                    names = {d.name for d in store.load().departments}
            except (FileRefused, StorageError) as exc:
                stats["refused"] += 1
                stats["messages"].append(exc.message)
                continue
        else:
            names = set()
        stats["lost"] += sum(1 for a in acks if a not in names)
        _next_merge_run(inputs[0], folder / "再次汇总.g60")   # the next run of merge: its private copies
        (folder / "再次汇总.g60").unlink(missing_ok=True)
        stats["litter"] += _litter(folder, {"inbox", "汇总.g60"}) + _litter(Path(TMP), set())
        stats["litter"] += _litter(inbox, {p.name for p in inputs})


def _next_merge_run(path: Path, out: Path) -> None:
    import g60desk.store as store_package
    if hasattr(store_package, "_swept_private_folder"):
        store_package._swept_private_folder = False   # each "run" of the program sweeps once
    from g60desk.exchange.merge import merge
    merge([path], out)


# ---- import-json ------------------------------------------------------------------------------------

def _import_child(fd: int, source: Path, folder: Path, start: int) -> None:
    doc = jsonio.read(source)
    _ack(fd, "ready")
    n = start
    while True:
        Store.create(folder / f"导入{n}.g60", doc).close()
        _ack(fd, str(n))
        n += 1


def imports(folder: Path, kills: int, rnd: random.Random, stats: dict) -> None:
    source = folder / "in.json"
    jsonio.write(sample_document("2022"), source)
    expected = digest(jsonio.read(source))
    out = folder / "out"
    out.mkdir()
    start = 0
    for _ in range(kills):
        pid, read_fd = _fork(_import_child, source, out, start)
        acks = _kill_after(pid, read_fd, rnd.uniform(0.02, 0.3))
        stats["kills"] += 1
        stats["acknowledged"] += len(acks)
        Store.create(out / "下一次.g60", jsonio.read(source)).close()   # the next run of import-json
        made = sorted(out.glob("*.g60"), key=lambda p: p.stat().st_mtime)
        for path in made:
            try:
                with _open_next_run(path) as store:
                    stats["corrupt"] += digest(store.load()) != expected
            except (FileRefused, StorageError) as exc:
                stats["refused"] += 1
                stats["messages"].append(exc.message)
        stats["lost"] += sum(1 for a in acks if not (out / f"导入{a}.g60").exists())
        stats["litter"] += _litter(out, {p.name for p in made})
        for path in made:
            path.unlink()
        start += len(acks) + 1


def main() -> int:
    global TMP
    folder = Path(sys.argv[1])
    counts = [int(x) for x in sys.argv[2:6]]
    rnd = random.Random(int(sys.argv[6]) if len(sys.argv) > 6 else 14)
    TMP = str(folder / "tmp")
    os.makedirs(TMP, exist_ok=True)
    os.environ["G60DESK_HOME"] = str(folder / "home")   # the recovery backups stay with the loop's files
    os.environ["TMPDIR"] = TMP
    tempfile.tempdir = None
    result = {}
    for (name, scenario), kills in zip((("edits", edits), ("submit", submits), ("merge", merges),
                                        ("import-json", imports)), counts):
        stats = {"kills": 0, "acknowledged": 0, "hot_journals": 0, "recovered": 0, "refused": 0, "corrupt": 0,
                 "lost": 0, "litter": [], "messages": []}
        place = folder / name
        place.mkdir()
        started = time.monotonic()
        if kills:
            scenario(place, kills, rnd, stats)
        stats["seconds"] = round(time.monotonic() - started, 1)
        stats.pop("_submitted", None)
        stats["messages"] = stats["messages"][:5]
        result[name] = stats
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
