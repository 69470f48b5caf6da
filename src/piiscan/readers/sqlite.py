"""SQLite database files: every table a table of the report, named ``file.db[table]`` as a
workbook's sheets are (``book.xlsx[Sheet]``).

Read with the standard library's ``sqlite3``, not ``adbc-driver-sqlite``: the ADBC driver
types each column from its first rows and fails on a later value of another type (SQLite
is dynamically typed; a column that starts with NULLs is taken as INT64), so a valid file
could not be read to its end. Here SQLite itself casts every value to text (``CAST(c AS
TEXT)``: integers and reals as SQLite prints them, blobs as their bytes), and bytes that are
not UTF-8 are replaced and counted, as for any file.

The file is opened read-only. Views are listed as skipped (their rows come from the tables,
scanned themselves); SQLite's own tables (``sqlite_sequence``, ``sqlite_stat1``) are not
data. A table that cannot be read is named as not examined and the others are still read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import partial
from urllib.parse import quote

from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import ColumnLocator, Head
from piiscan.readers._stream import Limits, Pacer, limited, row_numbers, string_array

FORMATS: tuple[Format, ...] = (Format.SQLITE,)
SUFFIXES: Mapping[str, Format] = {}
"""None: a database is told by its content alone (``.db``, ``.sqlite``, ``.gpkg``, none)."""
BY_MAGIC: bool = True
MAGIC = b"SQLite format 3\x00"


def sniff(head: Head) -> Format | None:
    """A file that starts with SQLite's header. A compressed one needs inflating first
    (SQLite needs random access): discovery names it as not examined."""
    if head.compression is None and head.data.startswith(MAGIC):
        return Format.SQLITE
    return None


def locate(ref: FileRef) -> ColumnLocator:
    """Nothing: a database's findings name a table, never a place in the file."""
    return lambda column: None


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Each table's rows, in name order, ``Batch.table`` set to ``[name]``; each table has
    limits of its own (``limits``, the file's, stays empty)."""
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(ref.path))}?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise ReadError(f"could not open the database ({error_kind(exc)})") from None
    try:
        connection.text_factory = bytes
        try:
            listed = connection.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            ).fetchall()
        except sqlite3.Error as exc:
            raise ReadError(f"could not read the database ({error_kind(exc)})") from None
        yield from _schema(connection)
        shown = shown_tables([raw.decode("utf-8", "replace") for raw, _ in listed])
        for raw_name, raw_type in listed:
            name = raw_name.decode("utf-8", "replace")
            table = shown[name]
            if raw_type == b"view":
                reason = "view: its rows come from the tables, scanned themselves"
                yield Batch(columns=(), row_count=0, table=table, skipped=reason)
                continue
            batches = limited(partial(_table, connection, name, options), options)
            try:
                for batch in batches:
                    yield replace(batch, table=table)
            except sqlite3.Error as exc:
                message = f"table could not be read ({error_kind(exc)}); not examined"
                yield Batch(columns=(), row_count=0, table=table, unexamined=(message,))
    finally:
        connection.close()


SCHEMA = "[schema]"
"""The table of a database's own text: each table's, view's, index's and trigger's SQL."""


def shown_tables(names: list[str]) -> dict[str, str]:
    """How each table (or view) of a database is shown, ``names`` in name order: ``[name]``,
    or ``[table N]`` when the name reads as a value (an e-mail): never printed, it is read
    with the schema (``SCHEMA``)."""
    return {
        name: f"[table {number}]" if looks_like_data(name) else f"[{name}]"
        for number, name in enumerate(names, start=1)
    }


def _schema(connection: sqlite3.Connection) -> Iterator[Batch]:
    """The SQL that created each table, view, index and trigger, a value each: the names it
    gives and the literals it holds (a view's ``WHERE email = '...'``, a ``DEFAULT``) leave
    with the file too."""
    try:
        texts = [
            raw.decode("utf-8", "replace")
            for (raw,) in connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            )
        ]
    except sqlite3.Error as exc:
        message = f"schema could not be read ({error_kind(exc)}); not examined"
        yield Batch(columns=(), row_count=0, table=SCHEMA, unexamined=(message,))
        return
    if texts:
        values: list[str | None] = list(texts)
        column = ColumnChunk("(sql)", string_array(values), row_numbers(1, len(values)))
        yield Batch(columns=(column,), row_count=len(values), table=SCHEMA)


def _table(
    connection: sqlite3.Connection, name: str, options: ReadOptions, limits: Limits
) -> Iterator[Batch]:
    """One table's rows as text, ``batch_rows`` at a time, in the table's own order."""
    import pyarrow as pa

    cursor = connection.execute(f"SELECT * FROM {quote_name(name)} LIMIT 0")
    names = [column[0] for column in cursor.description or ()]
    kept = limits.keep(_distinct(names))
    if not kept:
        yield Batch(columns=(), row_count=0)  # a table of no rows is still listed
        return
    texts = ", ".join(f"CAST({quote_name(column)} AS TEXT)" for column in names[: len(kept)])
    cursor = connection.execute(f"SELECT {texts} FROM {quote_name(name)}")
    size = max(1, options.batch_rows)
    pieces = iter(partial(cursor.fetchmany, size), [])
    pacer = Pacer(options)
    empty = True
    for piece, before, truncated in pacer.pace(pieces, len, lambda p, s, n: p[s : s + n]):
        empty = False
        numbers = row_numbers(before + 1, len(piece))
        by_column = list(zip(*piece, strict=True)) if piece else [() for _ in kept]
        columns = [
            ColumnChunk(column, limits.text(pa.array(values, pa.binary())), numbers)
            for column, values in zip(kept, by_column, strict=True)
        ]
        yield Batch(columns=tuple(columns), row_count=len(piece), truncated=truncated)
    if empty:
        yield Batch(columns=(), row_count=0)  # a table of no rows is still listed


def quote_name(name: str) -> str:
    """An SQL identifier, quoted (a name may hold spaces, quotes, keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _distinct(names: list[str]) -> list[str]:
    from piiscan.readers.csv import unique_names

    return unique_names(names)


def error_kind(exc: sqlite3.Error) -> str:
    """SQLite's error code name (``SQLITE_NOTADB``), never its message (which can quote SQL
    or values)."""
    return getattr(exc, "sqlite_errorname", None) or type(exc).__name__
