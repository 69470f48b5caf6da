"""SQLite files: found by their header whatever their name, every table a table named
``file.db[table]``, every value read as text (SQLite's dynamic types included), views listed
as skipped, a damaged table not examined (exit 2) while the others are read."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import piiscan
from piiscan.discovery import discover_all
from piiscan.model import Format, ReadOptions
from piiscan.readers import read
from piiscan.readers.sqlite import SCHEMA, quote_name, shown_tables
from tests.clirunner import run_cli

EMAILS = [(i, f"user{i}@example.com", f"+7 916 {100 + i:03d}-12-34") for i in range(40)]


def _db(path: Path, *statements: str, rows: list[tuple[object, ...]] = EMAILS) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER, email TEXT, phone)")
        connection.executemany("INSERT INTO customers VALUES (?, ?, ?)", rows)
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


def _columns(path: Path, **options: int) -> dict[str, dict[str, list[str | None]]]:
    """{table: {column: values}} as the reader gives them."""
    (ref,) = discover_all([str(path)]).files
    out: dict[str, dict[str, list[str | None]]] = {}
    for batch in read(ref, ReadOptions(**options)):
        table = out.setdefault(batch.table, {})
        for chunk in batch.columns:
            table.setdefault(chunk.name, []).extend(chunk.values.to_pylist())
    return out


@pytest.mark.parametrize("name", ["crm.db", "crm.sqlite", "crm.sqlite3", "crm", "crm.csv"])
def test_found_by_its_header_whatever_its_name(tmp_path: Path, name: str) -> None:
    _db(tmp_path / name)
    (ref,) = discover_all([str(tmp_path)]).files
    assert ref.format is Format.SQLITE


def test_tables_are_named_like_sheets_and_findings_name_them(tmp_path: Path) -> None:
    _db(
        tmp_path / "crm.db",
        "CREATE TABLE notes (body TEXT)",
        "CREATE VIEW mails AS SELECT email FROM customers",
    )
    report = piiscan.scan(tmp_path / "crm.db")
    assert {(f.path, f.column, f.detector) for f in report.findings} == {
        (f"{tmp_path}/crm.db[customers]", "email", "email"),
        (f"{tmp_path}/crm.db[customers]", "phone", "phone"),
    }
    assert [(s.path, s.rows) for s in report.files] == [
        (f"{tmp_path}/crm.db[customers]", 40),
        (f"{tmp_path}/crm.db[notes]", 0),
        (f"{tmp_path}/crm.db[schema]", 3),  # the SQL of the two tables and the view
    ]
    assert [s.path for s in report.skipped] == [f"{tmp_path}/crm.db[mails]"]
    assert report.exit_code == 1


def test_dynamic_types_are_read_as_text(tmp_path: Path) -> None:
    """A column that starts with NULLs and turns to text, numbers, blobs (the reason the ADBC
    SQLite driver, which types a column from its first rows, is not used)."""
    rows = [(None, None, None)] * 2000 + [(7, 1.5, b"a@example.com"), ("x", b"\xff\xfe", 12)]
    path = _db(tmp_path / "mixed.db", rows=rows)
    columns = _columns(path)["[customers]"]
    assert columns["id"][-2:] == ["7", "x"]
    assert columns["email"][-2:] == ["1.5", "\ufffd\ufffd"]
    assert columns["phone"][-2:] == ["a@example.com", "12"]


def test_max_rows_cuts_each_table(tmp_path: Path) -> None:
    _db(tmp_path / "crm.db", "CREATE TABLE more AS SELECT * FROM customers")
    report = piiscan.scan(tmp_path / "crm.db", max_rows=5)
    assert [(s.rows, s.truncated) for s in report.files] == [(5, True), (5, True), (2, False)]


def test_unreadable_table_is_not_examined_and_the_rest_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A virtual table whose module this SQLite does not have cannot be read.
    path = _db(tmp_path / "crm.db")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute(
            "INSERT INTO sqlite_master VALUES"
            " ('table', 'odd', 'odd', 0, 'CREATE VIRTUAL TABLE odd USING nosuchmodule(a)')"
        )
    connection.close()
    result = run_cli(capsys, "check", str(path), "--format", "json")
    assert result.code == 2
    assert f"{tmp_path}/crm.db[odd]" in result.out
    assert "table could not be read" in result.out
    assert f"{tmp_path}/crm.db[customers]" in result.out


def test_not_a_database_after_the_header_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 200)
    result = run_cli(capsys, "check", str(tmp_path / "bad.db"))
    assert result.code == 2
    assert "bad.db" in result.err


def test_compressed_database_fails_closed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _db(tmp_path / "crm.db").read_bytes()
    (tmp_path / "crm.db").unlink()
    (tmp_path / "crm.db.gz").write_bytes(gzip.compress(raw))
    result = run_cli(capsys, "check", str(tmp_path))
    assert result.code == 2
    assert "compressed SQLite database: not examined" in result.err


NAMES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
)


@settings(max_examples=30, deadline=None)
@given(table=NAMES, column=NAMES)
def test_any_table_and_column_name_is_read(
    tmp_path_factory: pytest.TempPathFactory, table: str, column: str
) -> None:
    """Names are quoted: spaces, quotes, keywords and brackets never break the query."""
    assume(not table.lower().startswith("sqlite_"))  # reserved by SQLite
    path = tmp_path_factory.mktemp("names") / "odd.db"
    quoted = quote_name(table)
    with sqlite3.connect(path) as connection:
        connection.execute(f"CREATE TABLE {quoted} ({quote_name(column)})")
        connection.execute(f"INSERT INTO {quoted} VALUES ('a@example.com')")
    connection.close()
    ((name, columns),) = [(n, c) for n, c in _columns(path).items() if n != SCHEMA]
    assert name == shown_tables([table])[table]
    assert list(columns.values()) == [["a@example.com"]]


def test_names_and_literals_in_the_schema_are_read_and_never_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table named after a customer is shown by its number; its name, a view's literal and
    a column's DEFAULT are read with the database's SQL, as [schema]."""
    path = _db(
        tmp_path / "app.db",
        'CREATE TABLE "olga.ivanova@yandex.ru" (id INTEGER)',
        "CREATE VIEW vip AS SELECT * FROM customers WHERE email = 'petr.sidorov@gmail.com'",
        "CREATE TABLE orders (id INTEGER, owner TEXT DEFAULT 'anna.smirnova@mail.ru')",
    )
    report = piiscan.scan(path)
    schema = [f for f in report.findings if f.path.endswith(SCHEMA)]
    assert [(f.column, f.detector) for f in schema] == [("(sql)", "email")]
    assert schema[0].matched == 3
    assert f"{path}[table 2]" in {s.path for s in report.files}  # by name order, after customers
    run = run_cli(capsys, "check", str(path), "-v", "-f", "json")
    for hidden in ("olga.ivanova", "petr.sidorov", "anna.smirnova"):
        assert hidden not in run.out + run.err
