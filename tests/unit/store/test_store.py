"""The .g60 file: round trips, the digest, and every kind of file that must be refused untouched."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import struct

import pytest

from g60desk.domain.model import Department, Document
from g60desk.domain.serialize import digest
from g60desk.exchange.samples import sample_document
from g60desk.store import APPLICATION_ID, FORMAT_VERSION, FileRefused, StorageError, Store


def file_hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("year", ["2022", "2026"])
def test_save_and_reopen_keeps_every_value_and_the_digest(tmp_path, year):
    doc = sample_document(year)
    path = tmp_path / "a.g60"
    Store.create(path, doc).close()
    with Store.open(path) as store:
        again = store.load()
    assert digest(again) == digest(doc)
    assert [d.name for d in again.departments] == [d.name for d in doc.departments]


def test_file_is_strict_delete_journal_with_ids(sample_files):
    conn = sqlite3.connect(sample_files["2026"])
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall()
    assert tables and all(sql.rstrip().endswith("STRICT") for _, sql in tables)
    money_types = {r[2] for r in conn.execute("PRAGMA table_info(form)") if r[1].endswith("_fen")}
    assert money_types == {"INTEGER"}
    conn.close()


def test_digest_changes_with_any_value_and_not_with_history(tmp_path):
    doc = sample_document("2026")
    before = digest(doc)
    node = doc.departments[0].projects[0].children[2]
    node.form.funding.annual_request_fen += 1
    assert digest(doc) != before
    node.form.funding.annual_request_fen -= 1
    assert digest(doc) == before
    node.form.funding.other_fen = 0          # blank → 0 is a change
    assert digest(doc) != before


def test_sqlite_edit_of_one_amount_changes_the_digest(sample_copy):
    path = sample_copy("2026")
    with Store.open(path) as store:
        before = digest(store.load())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE form SET annual_request_fen = annual_request_fen + 1 "
                 "WHERE rowid = (SELECT min(rowid) FROM form)")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert digest(store.load()) != before


def test_transaction_commits_to_disk_and_readonly_refuses(sample_copy):
    path = sample_copy("2022")
    with Store.open(path) as store, store.transaction() as db:
        db.conn.execute("UPDATE department SET name = '改名'")
    with Store.open(path, readonly=True) as store:
        assert store.load().departments[0].name == "改名"
        with pytest.raises(StorageError, match="只读"), store.transaction():
            pass


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.g60"
    path.write_bytes(b"keep me")
    with pytest.raises(FileRefused, match="已存在"):
        Store.create(path, Document(budget_year=2026, departments=[Department("部门")]))
    assert path.read_bytes() == b"keep me"


# ---- refused files ---------------------------------------------------------------------------------

def _empty(p, good):
    p.write_bytes(b"")


def _truncated(p, good):
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])


def _random(p, good):
    import random
    p.write_bytes(random.Random(7).randbytes(8192))


def _wrong_app(p, good):
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def _set_header(p, good, offset, value):
    data = bytearray(good.read_bytes())
    data[offset:offset + 4] = struct.pack(">I", value)
    p.write_bytes(bytes(data))


def _newer(p, good):
    _set_header(p, good, 60, FORMAT_VERSION + 1)


def _wal(p, good):
    data = bytearray(good.read_bytes())
    data[18] = data[19] = 2
    p.write_bytes(bytes(data))


def _page_corrupt(p, good):
    data = bytearray(good.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    for i in range(page * 2 + 8, page * 3):   # scribble over the third page
        data[i] = 0xA5
    p.write_bytes(bytes(data))


def _with_sql(sql):
    def make(p, good):
        shutil.copyfile(good, p)
        conn = sqlite3.connect(p)
        conn.execute(sql)
        conn.commit()
        conn.close()
    return make


REFUSED = {
    "empty": (_empty, "空"),
    "truncated": (_truncated, "不完整"),
    "random": (_random, "不是 g60desk"),
    "wrong application": (_wrong_app, "不是 g60desk"),
    "newer version": (_newer, "更新版本"),
    "WAL flagged": (_wal, "WAL"),
    "page corrupted": (_page_corrupt, "损坏"),
    "trigger injected": (_with_sql("CREATE TRIGGER evil AFTER INSERT ON meta BEGIN DELETE FROM form; END"), "结构"),
    "view injected": (_with_sql("CREATE VIEW evil AS SELECT * FROM form"), "结构"),
    "extra table": (_with_sql("CREATE TABLE extra (x TEXT)"), "结构"),
}


@pytest.mark.parametrize("kind", REFUSED)
def test_broken_and_hostile_files_are_refused_and_left_untouched(tmp_path, sample_files, kind):
    make, words = REFUSED[kind]
    path = tmp_path / "bad.g60"
    make(path, sample_files["2026"])
    before = file_hash(path)
    listing = sorted(tmp_path.iterdir())
    with pytest.raises(FileRefused) as refusal:
        Store.open(path)
    assert words in refusal.value.message
    assert "bad.g60" in refusal.value.message
    assert file_hash(path) == before
    assert sorted(tmp_path.iterdir()) == listing


def test_directory_and_missing_path_are_refused_and_nothing_is_created(tmp_path):
    with pytest.raises(FileRefused, match="文件夹"):
        Store.open(tmp_path)
    missing = tmp_path / "nope.g60"
    with pytest.raises(FileRefused, match="找不到"):
        Store.open(missing)
    assert not missing.exists()


def test_received_file_is_opened_from_a_private_copy(sample_files):
    before = file_hash(sample_files["2022"])
    with Store.open_received(sample_files["2022"]) as store:
        assert store.readonly and store.load().budget_year == 2022
        copy = store._private_copy
        assert copy != sample_files["2022"] and copy.exists()
    assert not copy.exists()
    assert file_hash(sample_files["2022"]) == before


def test_an_open_document_is_complete_after_every_commit_and_leaves_no_journal(tmp_path):
    """While a document is open for editing each commit is durable (PERSIST journal, synchronous=FULL: the
    journal's zeroed header is synced, so a power cut cannot bring a committed edit back out) and the main file
    alone holds every committed edit — a copy taken while the window is open (to email it) is complete. Closing
    leaves no journal beside the file."""
    import shutil

    from g60desk.services.session import Session

    path = tmp_path / "申报.g60"
    Store.create(path, sample_document("2022")).close()
    session = Session.open(path)
    conn = session.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "persist"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2   # FULL
    node = session.doc.departments[0].projects[0]
    session.set_line_cells(node, 0, 0, 3, [["11.5"]])
    journal = path.with_name(path.name + "-journal")
    assert journal.read_bytes()[:28] == bytes(28)               # the transaction is over: nothing to roll back
    copy = tmp_path / "寄出的副本.g60"
    shutil.copyfile(path, copy)                                  # the main file alone, as an email takes it
    with Store.open(copy, readonly=True) as store:
        assert store.load().departments[0].projects[0].explanation.budget_groups[0].lines[0].stated_fen == 11_500_000
    session.close()
    assert not journal.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["寄出的副本.g60", "申报.g60"]
