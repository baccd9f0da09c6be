"""The migration ladder: every committed file of an earlier format opens, reaches the current format and
keeps its data; a backup is written first; each step is one transaction; a failing step changes nothing.

The real steps are tested on the committed fixture of every format (format1.g60 is the 2022 sample as
format 1 wrote it). The ladder itself is exercised with a fake next format: the committed fixture of the
current format plays the old version, and ``schema.FORMAT_VERSION``, ``schema.SCHEMAS``,
``migrations.MIGRATIONS`` and the modules that imported ``FORMAT_VERSION`` by name are patched.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import g60desk.store as store_package
from g60desk.domain.serialize import digest
from g60desk.domain.summary import summarize
from g60desk.store import FORMAT_VERSION, FileRefused, StorageError, Store, migrations, safe_open, schema

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
FORMAT_FILES = sorted(FIXTURES.glob("format*.g60"))

NOTE_TABLE = "CREATE TABLE note (\n    id INTEGER PRIMARY KEY,\n    text TEXT NOT NULL\n) STRICT"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecar(fixture: Path) -> dict:
    return json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_there_is_a_fixture_of_every_format_version():
    versions = {int(p.stem.removeprefix("format")) for p in FORMAT_FILES}
    assert versions == set(range(1, FORMAT_VERSION + 1))
    for fixture in FORMAT_FILES:
        assert fixture.with_suffix(".json").exists(), f"{fixture.name} has no sidecar with its digest"


@pytest.mark.parametrize("fixture", FORMAT_FILES, ids=lambda p: p.name)
def test_every_committed_format_opens_and_reaches_the_current_one(tmp_path, fixture):
    expected = sidecar(fixture)
    assert user_version(fixture) == expected["format_version"]
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    with Store.open(copy) as store:
        doc = store.load()
    assert user_version(copy) == FORMAT_VERSION
    assert digest(doc) == expected["digest"]
    assert doc.budget_year == expected["budget_year"]
    assert [s.as_dict() for s in summarize(doc)] == expected["departments"]
    if expected["format_version"] < FORMAT_VERSION:
        assert migrations.backup_path(copy, expected["format_version"]).read_bytes() == fixture.read_bytes()
    else:
        assert sorted(p.name for p in tmp_path.iterdir()) == [fixture.name]   # nothing to migrate, no backup


# ---- the ladder, with a fake next format --------------------------------------------------------------

CURRENT = FORMAT_VERSION
NEXT = FORMAT_VERSION + 1


@pytest.fixture
def fake_format_2(monkeypatch):
    """Pretend the program writes a format NEXT = the current one + a ``note`` table; returns the step calls."""
    calls: list[dict] = []

    def step(conn: sqlite3.Connection) -> None:
        calls.append({"in_transaction": conn.in_transaction})
        conn.execute(NOTE_TABLE)
        conn.execute("INSERT INTO note (text) VALUES ('升级时写入')")

    monkeypatch.setitem(schema.SCHEMAS, NEXT, schema.SCHEMAS[CURRENT] + ";\n" + NOTE_TABLE + ";\n")
    monkeypatch.setattr(schema, "_expected_cache", {})
    for module in (schema, migrations, safe_open, store_package):
        monkeypatch.setattr(module, "FORMAT_VERSION", NEXT)
    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, step)
    return calls


@pytest.fixture
def old_file(tmp_path) -> Path:
    """A copy of the committed fixture of the current format, in a folder of its own."""
    folder = tmp_path / "clerk"
    folder.mkdir()
    path = folder / "申报2022.g60"
    shutil.copyfile(FIXTURES / f"format{CURRENT}.g60", path)
    return path


def test_opening_an_old_file_backs_it_up_then_migrates_in_one_transaction(old_file, fake_format_2):
    original = old_file.read_bytes()
    with Store.open(old_file) as store:
        doc = store.load()
        notes = store.conn.execute("SELECT text FROM note").fetchall()
    assert fake_format_2 == [{"in_transaction": True}]
    assert notes == [("升级时写入",)]
    assert user_version(old_file) == NEXT
    assert digest(doc) == sidecar(FIXTURES / f"format{CURRENT}.g60")["digest"]
    backup = migrations.backup_path(old_file, CURRENT)
    assert backup.read_bytes() == original
    assert user_version(backup) == CURRENT
    assert sorted(p.name for p in old_file.parent.iterdir()) == sorted([old_file.name, backup.name])
    with Store.open(old_file) as store:   # already current: no second step, no second backup
        assert store.load().budget_year == 2022
    assert len(fake_format_2) == 1


def test_the_backup_is_written_before_the_step_runs(old_file, fake_format_2, monkeypatch):
    original = old_file.read_bytes()
    seen = []

    def step(conn: sqlite3.Connection) -> None:
        backup = migrations.backup_path(old_file, CURRENT)
        seen.append(backup.exists() and backup.read_bytes() == original)
        conn.execute(NOTE_TABLE)

    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, step)
    Store.open(old_file).close()
    assert seen == [True]


def test_a_failing_step_leaves_the_file_unchanged(old_file, fake_format_2, monkeypatch):
    original = sha(old_file)

    def failing(conn: sqlite3.Connection) -> None:
        conn.execute(NOTE_TABLE)
        conn.execute("INSERT INTO note (text) VALUES ('写了一半')")
        conn.execute("DELETE FROM indicator")
        raise RuntimeError("step failed half-way")

    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, failing)
    with pytest.raises(RuntimeError):
        Store.open(old_file)
    assert sha(old_file) == original
    assert user_version(old_file) == CURRENT
    assert not old_file.with_name(old_file.name + "-journal").exists()
    assert sha(migrations.backup_path(old_file, CURRENT)) == original
    # the program still understands the old file once the broken step is gone
    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, lambda conn: conn.execute(NOTE_TABLE))
    with Store.open(old_file) as store:
        assert summarize(store.load())[0].indicators == 33


def test_an_environment_error_during_a_step_is_a_chinese_storage_error(old_file, fake_format_2, monkeypatch):
    original = sha(old_file)

    def disk_full(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setitem(migrations.MIGRATIONS, CURRENT, disk_full)
    try:
        with pytest.raises(StorageError):
            Store.open(old_file)
    finally:
        assert sha(old_file) == original


def test_a_backup_that_cannot_be_written_stops_the_migration(old_file, fake_format_2, monkeypatch):
    original = sha(old_file)

    def disk_full(src, dst, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrations.shutil, "copy2", disk_full)
    with pytest.raises(StorageError, match="备份"):
        Store.open(old_file)
    assert fake_format_2 == []
    assert sha(old_file) == original and user_version(old_file) == CURRENT


def test_a_file_of_the_fake_newer_format_is_refused_by_the_real_program(old_file, fake_format_2, monkeypatch):
    Store.open(old_file).close()                      # now format NEXT on disk
    for module in (schema, migrations, safe_open, store_package):
        monkeypatch.setattr(module, "FORMAT_VERSION", CURRENT)   # back to the program of today
    before = sha(old_file)
    with pytest.raises(FileRefused, match="更新版本"):
        Store.open(old_file)
    assert sha(old_file) == before


def test_reading_an_old_file_read_only_works_and_changes_nothing(old_file, fake_format_2):
    before = sha(old_file)
    try:
        with Store.open(old_file, readonly=True) as store:
            assert store.load().budget_year == 2022
    finally:
        assert sha(old_file) == before


# ---- format 1 → 2: the clerk's wording of budget lines --------------------------------------------------

def test_format_1_becomes_2_with_its_data_and_its_check_code_unchanged(tmp_path):
    copy = tmp_path / "申报2022.g60"
    shutil.copyfile(FIXTURES / "format1.g60", copy)
    with Store.open(copy) as store:
        doc = store.load()
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(budget_line)")}
    assert user_version(copy) == FORMAT_VERSION and {"stated_text", "ending", "runs_on", "numbering"} <= columns
    assert digest(doc) == sidecar(FIXTURES / "format1.g60")["digest"]   # the 校验码 on its paper still matches
    assert migrations.backup_path(copy, 1).read_bytes() == (FIXTURES / "format1.g60").read_bytes()
    office = doc.departments[0].projects[0]
    assert office.explanation.wording == "legacy"   # it prints as format 1 printed it
    line = office.explanation.budget_groups[0].lines[0]
    assert (line.stated_text, line.ending, line.runs_on, line.numbering) == ("", "", False, "")
    from g60desk.domain.wording import budget_paragraphs
    texts = [p.text for p in budget_paragraphs(office.explanation)]
    assert "（1）保洁服务：2名保洁员，每月9000元，0.9*12=10.8万元；" in texts


def test_a_new_file_and_a_migrated_one_have_the_same_schema(tmp_path):
    from g60desk.exchange.samples import sample_document
    copy = tmp_path / "old.g60"
    shutil.copyfile(FIXTURES / "format1.g60", copy)
    Store.open(copy).close()
    Store.create(tmp_path / "new.g60", sample_document("2022")).close()

    def master(path):
        conn = sqlite3.connect(path)
        try:
            return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        finally:
            conn.close()
    assert master(copy) == master(tmp_path / "new.g60") == sorted(schema.expected_master(FORMAT_VERSION))


# ---- format 2 → 3: indexes on the child keys of the cascades -------------------------------------------

def _plan(conn: sqlite3.Connection, sql: str) -> str:
    return " ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))


def test_format_2_becomes_3_with_the_indexes_and_its_check_code_unchanged(tmp_path):
    copy = tmp_path / "申报2022.g60"
    shutil.copyfile(FIXTURES / "format2.g60", copy)
    with Store.open(copy) as store:
        doc = store.load()
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert user_version(copy) == 3 and {"budget_line_parent", "node_parent"} <= indexes
    assert digest(doc) == sidecar(FIXTURES / "format2.g60")["digest"]   # the 校验码 on its paper still matches
    assert migrations.backup_path(copy, 2).read_bytes() == (FIXTURES / "format2.g60").read_bytes()


def test_deleting_a_line_or_a_project_finds_the_rows_below_it_by_index(tmp_path):
    """What ON DELETE CASCADE runs for each deleted row: a search by index, not a scan of the whole table."""
    copy = tmp_path / "申报2022.g60"
    shutil.copyfile(FIXTURES / "format3.g60", copy)
    conn = sqlite3.connect(copy)
    try:
        assert "INDEX budget_line_parent" in _plan(conn, "SELECT id FROM budget_line WHERE parent_id = 1")
        assert "INDEX node_parent" in _plan(conn, "SELECT id FROM node WHERE parent_id = 1")
    finally:
        conn.close()
