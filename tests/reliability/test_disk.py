"""Full and read-only disks, and output targets (issue 14 §3): every output is written whole or not at all,
never over an existing file without --force, never through a symbolic link, and a full or read-only disk is
one plain sentence. Disk full is a small tmpfs when the suite runs as root, and otherwise SQLite's
``max_page_count`` or the process's RLIMIT_FSIZE."""
from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import UNDER_TEST, g60desk_command, one_refusal_line, remount_read_only, subprocess_env

from g60desk.domain.serialize import digest
from g60desk.store import StorageError, Store


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    for name, size in (("填满.bin", 65536), ("填满2.bin", 512)):
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * size)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)


def data_of(path: Path) -> str:
    with Store.open(path, readonly=True) as store:
        return digest(store.load())


def test_export_json_to_a_full_disk_says_so_and_leaves_nothing(copy_of, tmpfs, cli):
    disk = tmpfs("full", "256k")
    fill(disk)
    before = sorted(p.name for p in disk.iterdir())
    done = cli("export-json", copy_of("2026"), "-o", disk / "导出.json")
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and "磁盘已满" in line, line
    assert sorted(p.name for p in disk.iterdir()) == before         # no 0-byte file, no temporary file


def test_export_json_to_a_read_only_disk_says_so(copy_of, tmpfs, cli):
    disk = tmpfs("ro", "256k")
    remount_read_only(disk)
    done = cli("export-json", copy_of("2026"), "-o", disk / "导出.json")
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and "只读" in line, line


def _limited(megabytes: float):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG instead
        limit = int(megabytes * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_export_json_past_the_file_size_limit_says_so_without_root(copy_of, tmp_path):
    """RLIMIT_FSIZE: the same plain message where no tmpfs can be mounted."""
    out = tmp_path / "导出.json"
    done = subprocess.run([*g60desk_command(), "export-json", str(copy_of("2026")), "-o", str(out)],
                          capture_output=True, text=True, env=subprocess_env(), preexec_fn=_limited(0.01),
                          timeout=60, cwd=UNDER_TEST or None)
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and "没有写出" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy2026.g60"] or not out.exists()
    assert not out.exists() and not [p for p in tmp_path.iterdir() if "g60tmp" in p.name]


@pytest.mark.parametrize("verb", ["export-json", "xlsx", "print", "submit"])
def test_an_existing_output_is_not_replaced_without_force(verb, copy_of, tmp_path, cli):
    source = copy_of("2026")
    out = tmp_path / {"export-json": "out.json", "xlsx": "out.xlsx", "print": "out.pdf", "submit": "out.g60"}[verb]
    out.write_bytes(b"the clerk's own work")
    extra = ["--accept-errors", "测试报送"] if verb == "submit" else []
    done = cli(verb, source, "-o", out, *extra)
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and "已存在" in line and "--force" in line, line
    assert out.read_bytes() == b"the clerk's own work"
    done = cli(verb, source, "-o", out, "--force", *extra)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() != b"the clerk's own work"


@pytest.mark.parametrize("verb", ["export-json", "xlsx", "print", "submit", "import-json", "sample"])
def test_a_symbolic_link_is_never_written_through(verb, copy_of, tmp_path, cli):
    source = copy_of("2026")
    elsewhere = tmp_path / "别处" / "重要.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"precious")
    link = tmp_path / "out.any"
    link.symlink_to(elsewhere)
    json_in = tmp_path / "in.json"
    assert cli("export-json", source, "-o", json_in).returncode == 0
    args = {"export-json": ["export-json", source, "-o", link], "xlsx": ["xlsx", source, "-o", link],
            "print": ["print", source, "-o", link],
            "submit": ["submit", source, "-o", link, "--accept-errors", "测试报送"],
            "import-json": ["import-json", json_in, "-o", link], "sample": ["sample", "2026", "-o", link]}[verb]
    done = cli(*args)
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and ("链接" in line or "已存在" in line), line
    assert elsewhere.read_bytes() == b"precious" and link.is_symlink()
    done = cli(*args, "--force")
    assert done.returncode == 0, done.stderr
    assert elsewhere.read_bytes() == b"precious"                      # the link was replaced, not followed
    assert not link.is_symlink() and link.is_file()


def test_submit_from_a_file_on_a_full_disk_says_exactly_what_happened(copy_of, tmpfs, tmp_path, cli):
    disk = tmpfs("full-source", "1m")
    source = copy_of("2026", folder=disk)
    before = data_of(source)
    fill(disk)
    out = tmp_path / "报送.g60"
    done = cli("submit", source, "-o", out, "--accept-errors", "测试报送")
    assert done.returncode == 0, done.stderr
    assert "修改没有保存" not in done.stdout + done.stderr
    assert "报送文件已完整写出" in done.stdout and "磁盘已满" in done.stdout, done.stdout
    with Store.open_received(out) as copy:
        assert digest(copy.load()) == before
    assert data_of(source) == before


def test_submit_onto_a_full_disk_writes_nothing_and_says_so(copy_of, tmpfs, cli):
    disk = tmpfs("full-target", "256k")
    fill(disk)
    source = copy_of("2026")
    before = source.read_bytes()
    listing = sorted(p.name for p in disk.iterdir())
    done = cli("submit", source, "-o", disk / "报送.g60", "--accept-errors", "测试报送")
    line = one_refusal_line(done.stderr)
    assert done.returncode == 2 and "磁盘已满" in line and "没有写出" in line, line
    assert sorted(p.name for p in disk.iterdir()) == listing
    assert source.read_bytes() == before


def test_an_edit_on_a_full_disk_is_refused_and_loses_nothing(copy_of):
    """max_page_count: SQLite reports the disk full; the edit is not applied, in the file or in memory,
    and the next edit after space is freed works."""
    from g60desk.services.session import Session
    path = copy_of("2026")
    session = Session.open(path)
    try:
        pages = session.store.conn.execute("PRAGMA page_count").fetchone()[0]
        session.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        node = session.doc.departments[0].projects[0].children[0]
        before_rows = list(node.form.indicators)
        rows = [["产出指标", "数量指标", f"新指标{i}" + "长" * 400, "≥1"] for i in range(60)]
        with pytest.raises(StorageError) as refused:
            session.set_indicator_cells(node, len(before_rows), 0, rows)
        assert "磁盘已满" in refused.value.message and refused.value.kind == "full"
        assert node.form.indicators == before_rows and not session.undo_stack.can_undo()
        session.store.conn.execute("PRAGMA max_page_count = 1000000")
        session.set_indicator_cells(node, len(before_rows), 0, rows[:1])
    finally:
        session.close()
    with Store.open(path, readonly=True) as store:
        assert sum(1 for _, n in store.load().iter_nodes() if n.declared
                   for i in n.form.indicators if i.name.startswith("新指标")) == 1


def test_a_document_on_read_only_media_is_read_and_submitted_elsewhere(copy_of, tmpfs, tmp_path, cli):
    media = tmpfs("cdrom", "1m")
    source = copy_of("2026", folder=media)
    remount_read_only(media)
    assert cli("info", source).returncode == 0
    done = cli("submit", source, "-o", tmp_path / "报送.g60", "--accept-errors", "测试报送")
    assert done.returncode == 0, done.stderr
    assert "只读" in done.stdout and (tmp_path / "报送.g60").exists()
    done = cli("export-json", source, "-o", media / "x.json")
    assert done.returncode == 2 and "只读" in one_refusal_line(done.stderr)
