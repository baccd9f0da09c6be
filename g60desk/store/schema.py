"""The .g60 schema: format version, application id and the exact tables of each format version."""
from __future__ import annotations

import sqlite3

#: 'G60D' — PRAGMA application_id of every .g60 file
APPLICATION_ID = 0x47363044
#: PRAGMA user_version this program writes; a file with a larger one comes from a newer program
FORMAT_VERSION = 3

SCHEMA_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE department (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    budget_units INTEGER NOT NULL DEFAULT 1 CHECK (budget_units >= 0),
    overview TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE node (
    id INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES department(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'sub_project')),
    name TEXT NOT NULL
) STRICT;
CREATE INDEX node_tree ON node(department_id, parent_id, position);
CREATE TABLE form (
    node_id INTEGER PRIMARY KEY REFERENCES node(id) ON DELETE CASCADE,
    template TEXT NOT NULL,
    framework TEXT NOT NULL,
    nature TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    supervising_dept TEXT NOT NULL DEFAULT '',
    implementing_unit TEXT NOT NULL DEFAULT '',
    planned_start TEXT,
    planned_end TEXT,
    project_total_fen INTEGER CHECK (project_total_fen >= 0),
    fiscal_fen INTEGER CHECK (fiscal_fen >= 0),
    other_fen INTEGER CHECK (other_fen >= 0),
    annual_request_fen INTEGER CHECK (annual_request_fen >= 0),
    appropriation_fen INTEGER CHECK (appropriation_fen >= 0),
    carryover_fen INTEGER CHECK (carryover_fen >= 0),
    annual_other_fen INTEGER CHECK (annual_other_fen >= 0),
    overall_goal TEXT NOT NULL DEFAULT '',
    annual_goal TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE section (
    node_id INTEGER NOT NULL REFERENCES form(node_id) ON DELETE CASCADE,
    key TEXT NOT NULL CHECK (key IN ('overview', 'basis', 'implementer', 'plan', 'period', 'budget', 'targets')),
    heading TEXT,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (node_id, key)
) STRICT;
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    node_id INTEGER NOT NULL REFERENCES form(node_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    level1 TEXT NOT NULL DEFAULT '',
    level2 TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    op TEXT CHECK (op IN ('=', '≥', '≤', '>', '<')),
    number TEXT,
    unit TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX indicator_form ON indicator(node_id, position);
CREATE TABLE budget_group (
    id INTEGER PRIMARY KEY,
    node_id INTEGER NOT NULL REFERENCES form(node_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX budget_group_form ON budget_group(node_id, position);
CREATE TABLE budget_line (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES budget_group(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES budget_line(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '',
    formula TEXT NOT NULL DEFAULT '',
    formula_unit TEXT NOT NULL DEFAULT 'wan' CHECK (formula_unit IN ('wan', 'yuan')),
    stated_fen INTEGER CHECK (stated_fen >= 0),
    remark TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX budget_line_group ON budget_line(group_id, parent_id, position);
CREATE TABLE acknowledgement (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    path TEXT NOT NULL,
    field TEXT,
    fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL,
    created TEXT NOT NULL
) STRICT;
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
"""

#: Format 2: budget lines keep the clerk's own wording (docs/printing.md). Added columns only, so a format-1
#: file is migrated by these statements (migrations.py) and a new file is format 1 plus them: both end with
#: the very same schema text, which the safe-open whitelist compares. A format-1 form keeps
#: budget_wording 'legacy' (its lines print as format 1 composed them); the program writes every value.
V2_STATEMENTS = """
ALTER TABLE form ADD COLUMN budget_wording TEXT NOT NULL DEFAULT 'legacy' CHECK (budget_wording IN ('typed', 'legacy'));
ALTER TABLE budget_group ADD COLUMN numbering TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_group ADD COLUMN text_runs_on INTEGER NOT NULL DEFAULT 0 CHECK (text_runs_on IN (0, 1));
ALTER TABLE budget_line ADD COLUMN stated_text TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_line ADD COLUMN ending TEXT NOT NULL DEFAULT '';
ALTER TABLE budget_line ADD COLUMN runs_on INTEGER NOT NULL DEFAULT 0 CHECK (runs_on IN (0, 1));
ALTER TABLE budget_line ADD COLUMN numbering TEXT NOT NULL DEFAULT '';
"""

#: Format 3: indexes on the two child keys that had none (docs/performance.md). Deleting a budget line looks
#: for its sub-lines by ``budget_line.parent_id`` and deleting a project for its sub-projects by
#: ``node.parent_id`` (ON DELETE CASCADE); without an index each deleted row read the whole table (a one-line
#: delete in a 1,000-form file: 200 ms, with the index 0.3 ms). Indexes only: the data, and so the 校验码 of a
#: migrated file, stay what they were.
V3_STATEMENTS = """
CREATE INDEX budget_line_parent ON budget_line(parent_id);
CREATE INDEX node_parent ON node(parent_id);
"""

#: the schema script that produces each format version from an empty file
SCHEMAS: dict[int, str] = {1: SCHEMA_V1, 2: SCHEMA_V1 + ";\n" + V2_STATEMENTS,
                           3: SCHEMA_V1 + ";\n" + V2_STATEMENTS + ";\n" + V3_STATEMENTS}

_expected_cache: dict[int, frozenset[tuple[str, str, str, str]]] = {}


def schema_statements(script: str) -> list[str]:
    """Split a schema script into statements (no semicolons inside our own DDL)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def expected_master(version: int) -> frozenset[tuple[str, str, str, str]]:
    """The exact (type, name, tbl_name, sql) rows of sqlite_master for a file of ``version``."""
    if version not in _expected_cache:
        conn = sqlite3.connect(":memory:")
        try:
            for statement in schema_statements(SCHEMAS[version]):
                conn.execute(statement)
            rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        finally:
            conn.close()
        _expected_cache[version] = frozenset(rows)
    return _expected_cache[version]
