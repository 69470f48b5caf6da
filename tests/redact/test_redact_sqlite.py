"""``piiscan redact`` on SQLite databases, through the real command line: a copy of the file
with the redacted columns updated (or dropped), everything else as it was, triggers not
fired, no old value left in any page of the copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.clirunner import Run, run_cli
from tests.redact.exports import customers, leaks, planted, redact_ok

COLUMNS = ("id", "email", "phone", "card", "plan", "note")


def _database(
    path: Path, rows: list[dict[str, str]], *, rowid: bool = True, unique: str = ""
) -> None:
    with sqlite3.connect(path) as db:
        tail = "" if rowid else " WITHOUT ROWID"
        db.execute(
            "CREATE TABLE customers (id TEXT PRIMARY KEY, email TEXT, phone TEXT, card TEXT,"
            f" plan TEXT, note TEXT){tail}"
        )
        db.execute(f"CREATE {unique} INDEX by_email ON customers (email)")
        db.execute("CREATE TABLE stock (n INTEGER PRIMARY KEY, sku TEXT, qty INTEGER)")
        db.execute("CREATE TABLE audit (old TEXT)")
        db.execute(
            "CREATE TRIGGER keep_old AFTER UPDATE ON customers"
            " BEGIN INSERT INTO audit VALUES (old.email); END"
        )
        db.execute("CREATE VIEW plans AS SELECT id, plan FROM customers")
        db.executemany(
            "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)",
            [tuple(r[c] for c in COLUMNS) for r in rows],
        )
        db.executemany(
            "INSERT INTO stock (sku, qty) VALUES (?, ?)",
            [(f"SKU-{i}", i) for i in range(len(rows))],
        )
        # a deleted row leaves its values in a free page of the source
        db.execute("INSERT INTO customers (id, email) VALUES ('gone', 'gone.away@example.org')")
        db.execute("DELETE FROM customers WHERE id = 'gone'")
    db.close()


def _redact_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    rows: list[dict[str, str]],
    **database: bool | str,
) -> Run:
    """``piiscan redact`` of a database made with ``database`` options: it must exit 2."""
    (tmp_path / "src").mkdir()
    _database(tmp_path / "src" / "crm.db", rows, **database)  # type: ignore[arg-type]
    run = run_cli(
        capsys, "redact", str(tmp_path / "src"), "-o", str(tmp_path / "safe"), "--no-progress"
    )
    assert run.code == 2
    return run


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        rows = db.execute(sql).fetchall()
    db.close()
    return rows


def test_sqlite_copy_keeps_tables_rows_and_triggers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(50)
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "crm.db"
    _database(source, rows)
    before = source.read_bytes()
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    assert source.read_bytes() == before
    copy = tmp_path / "safe" / "src" / "crm.db"
    got = _read(copy, "SELECT id, plan, email FROM customers ORDER BY rowid")
    assert [(i, p) for i, p, _ in got] == [(r["id"], r["plan"]) for r in rows]
    assert all(e and e != r["email"] for (_, _, e), r in zip(got, rows, strict=True))
    assert _read(copy, "SELECT * FROM stock") == _read(source, "SELECT * FROM stock")
    assert _read(copy, "SELECT count(*) FROM audit") == [(0,)]
    kinds = _read(copy, "SELECT type, name FROM sqlite_master ORDER BY name")
    assert kinds == _read(source, "SELECT type, name FROM sqlite_master ORDER BY name")
    (entry,) = manifest["files"]
    assert entry["rows"] == len(rows)
    changed = {c["column"]: c["changed"] for c in entry["columns"]}
    assert changed["[customers]email"] == len(rows)
    assert leaks(tmp_path / "safe", planted(rows) | {"gone.away@example.org"}) == []


def test_sqlite_drop_removes_columns_or_empties_an_indexed_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(30)
    (tmp_path / "src").mkdir()
    _database(tmp_path / "src" / "crm.db", rows)
    redact_ok(
        capsys,
        tmp_path / "src",
        tmp_path / "safe",
        "--action",
        "pii=drop",
        "--action",
        "payment=drop",
    )
    copy = tmp_path / "safe" / "src" / "crm.db"
    names = [c[1] for c in _read(copy, "PRAGMA table_info(customers)")]
    assert "card" not in names and "phone" not in names
    assert _read(copy, "SELECT DISTINCT email FROM customers") == [(None,)]
    assert leaks(tmp_path / "safe", planted(rows)) == []


def test_a_without_rowid_table_is_refused_and_not_copied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(10)
    run = _redact_refused(capsys, tmp_path, rows, rowid=False)
    assert "WITHOUT ROWID" in run.err
    assert not (tmp_path / "safe" / "src" / "crm.db").exists()
    assert leaks(tmp_path / "safe", planted(rows)) == []


def test_masked_values_that_break_a_unique_index_name_the_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(10)
    run = _redact_refused(capsys, tmp_path, rows, unique="UNIQUE")
    assert "[customers]email: the masked values break a constraint" in run.err
    assert leaks(tmp_path / "safe", planted(rows)) == []
