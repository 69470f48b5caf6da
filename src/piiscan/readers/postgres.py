"""PostgreSQL databases scanned in place: ``postgresql://user@host:5432/db``, every table,
view, materialized view and foreign table the URL reaches (or those ``--table`` names), each
shown as ``postgresql://host/db/schema.table`` (``host:port`` when the port is not 5432).

Rows stream through ADBC (``adbc-driver-postgresql``: libpq's COPY protocol, Arrow batches
straight from the wire), so memory does not grow with a table. Columns of types that ADBC
hands over as Arrow values (integers, floats, text, booleans, dates, timestamps, bytea and
arrays of them) are turned into text as a Parquet file's are, arrays as ``tags[]``; every
other type (numeric, json, uuid, inet, enums, domains, ranges, composites, ...) is read as
the text its type's output function gives (``format('%s', c)``: ``::text`` would add a
netmask to an inet), so no type is passed over.

The password comes from the URL, ``PGPASSWORD`` or a ``.pgpass`` file (libpq reads both).
It never appears in any output: display names are built from host, port and database alone,
and a driver's message (which can quote the URL, SQL or a value) is never shown: errors name
what failed in words of our own, with the SQLSTATE when the server sent one.

A table the user may not read is named as not examined (exit 2) and the others are scanned.
With ``--max-rows`` a table larger than the limit is sampled on the server (``TABLESAMPLE
SYSTEM``, whole pages at random) and the report says so; a view, which cannot be sampled,
gives its first rows.

The driver is imported only when a database URL is scanned.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from piiscan.errors import ReadError, UsageError
from piiscan.model import Batch, FileError, ReadOptions

SCHEMES = ("postgresql://", "postgres://")
DEFAULT_PORT = 5432

NATIVE_TYPES = frozenset(
    {"bool", "int2", "int4", "int8", "float4", "float8", "text", "varchar", "bpchar", "name"}
    | {"char", "bytea", "date", "timestamp", "timestamptz"}
)
"""Types whose Arrow values ADBC gives exactly and ``to_strings`` turns into text as for
Parquet; arrays of them become list columns (``tags[]``). Everything else is cast to text
on the server."""

KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}
"""pg_class.relkind values scanned (partitions are read through their parent)."""
SAMPLED_KINDS = frozenset({"r", "p", "m"})
"""Kinds TABLESAMPLE works on."""
SAMPLE_MARGIN = 1000
"""Rows asked of a sample beyond ``--max-rows`` (at least twice it): a table is sampled only
when it holds twice that, so a few pages short still leave enough rows. ``REPEATABLE (0)``:
the same table gives the same sample, and the same report."""

_LIST = """
SELECT n.nspname, c.relname, c.relkind, c.reltuples::float8,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
ORDER BY 1, 2
"""
_COLUMNS = """
SELECT a.attname, t.typname, e.typname
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""


def is_url(arg: str) -> bool:
    """Whether a command-line argument names a PostgreSQL database rather than a path."""
    return arg.lower().startswith(SCHEMES)


@dataclass(frozen=True)
class Database:
    """A database URL, split into what may be shown and what may not."""

    display: str
    """``postgresql://host[:port]/db``: no user, no password, no parameters."""
    url: str = field(repr=False)
    """The URL as given, password included: handed to libpq, never shown."""


@dataclass(frozen=True)
class DbTable:
    """One relation of the database, as listed."""

    database: Database
    schema: str
    name: str
    kind: str
    """pg_class.relkind."""
    rows: float
    """The planner's row estimate (pg_class.reltuples); -1 or 0 when never analysed."""
    readable: bool

    @property
    def display(self) -> str:
        return f"{self.database.display}/{self.schema}.{self.name}"

    @property
    def sql_name(self) -> str:
        return f"{quote_name(self.schema)}.{quote_name(self.name)}"


def database(url: str) -> Database:
    """The URL parsed; a malformed one is a ``UsageError`` that does not quote it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UsageError(f"{_scheme(url)}://...: not a valid database URL") from None
    query = parse_qs(parts.query)
    host = parts.hostname or (query.get("host") or ["localhost"])[0]
    name = parts.path.lstrip("/") or (query.get("dbname") or [parts.username or ""])[0]
    shown = f"{host}:{port}" if port is not None and port != DEFAULT_PORT else host
    return Database(display=f"postgresql://{shown}/{name}", url=url)


def list_tables(db: Database, only: Sequence[str] = ()) -> tuple[list[DbTable], list[FileError]]:
    """The relations to scan (``only``: ``schema.name`` or ``name``, any schema), and the
    problems met: the server not reached, a named table missing, a table the user may not
    read (each a FileError: exit 2)."""
    try:
        with _connect(db) as connection, connection.cursor() as cursor:
            cursor.execute(_LIST)
            listed = [
                DbTable(db, schema, name, kind, rows or 0.0, bool(readable))
                for schema, name, kind, rows, readable in cursor.fetchall()
            ]
    except ReadError as exc:
        return [], [FileError(db.display, str(exc))]
    errors: list[FileError] = []
    if only:
        chosen = []
        for wanted in only:
            found = [t for t in listed if wanted in (f"{t.schema}.{t.name}", t.name)]
            if not found:
                errors.append(FileError(f"{db.display}/{wanted}", "no such table or view"))
            chosen += [t for t in found if t not in chosen]
        listed = sorted(chosen, key=lambda t: (t.schema, t.name))
    tables = []
    for table in listed:
        if table.readable:
            tables.append(table)
        else:
            message = f"permission denied: the user may not read this {KINDS[table.kind]}"
            errors.append(FileError(table.display, f"{message}; not examined"))
    return tables, errors


def read_table(table: DbTable, options: ReadOptions) -> Iterator[Batch]:
    """The table's rows as batches of string columns, streamed; a database error becomes a
    ReadError in our own words."""
    from piiscan.readers.arrow import batches_from_arrow

    try:
        with _connect(table.database) as connection, connection.cursor() as cursor:
            cursor.execute(_COLUMNS, parameters=(table.sql_name,))
            columns = cursor.fetchall()
            query, note = _query(table, columns, options.max_rows)
            cursor.execute(query)
            first = True
            for batch in batches_from_arrow(cursor.fetch_record_batch(), options):
                if first and note:
                    batch = replace(batch, warnings=(note, *batch.warnings))
                first = False
                yield batch
            if first and note:
                yield Batch(columns=(), row_count=0, warnings=(note,))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(_problem(exc, "could not read")) from None


def _query(
    table: DbTable, columns: list[tuple[str, str, str | None]], max_rows: int | None
) -> tuple[str, str | None]:
    """The SELECT that reads ``table`` (and a note on how it was sampled, if it was)."""
    selected = ", ".join(
        quote_name(name)
        if typ in NATIVE_TYPES or element in NATIVE_TYPES
        else f"CASE WHEN {quote_name(name)} IS NOT NULL THEN format('%s', {quote_name(name)})"
        f" END AS {quote_name(name)}"
        for name, typ, element in columns
    )
    query = f"SELECT {selected} FROM {table.sql_name}"
    if max_rows is None:
        return query, None
    note = None
    # Ask for well over the limit: SYSTEM picks whole pages, so the count varies.
    wanted = max(2 * max_rows, max_rows + SAMPLE_MARGIN)
    if table.kind in SAMPLED_KINDS and table.rows > 2 * wanted:
        percent = 100.0 * wanted / table.rows
        query = (
            f"SELECT {selected} FROM {table.sql_name}"
            f" TABLESAMPLE SYSTEM ({percent:.6f}) REPEATABLE (0)"
        )
        note = (
            f"sampled on the server (TABLESAMPLE SYSTEM {percent:.4g}% of about"
            f" {int(table.rows)} rows, whole pages at random) for --max-rows"
        )
    # One row more than the limit: the reader then knows rows were left (truncated).
    return f"{query} LIMIT {max_rows + 1}", note


def quote_name(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _connect(db: Database) -> Any:
    """A read-only connection; a failure is a ReadError that never quotes the URL."""
    try:
        import adbc_driver_postgresql.dbapi as dbapi
    except ImportError:
        raise ReadError(
            "the PostgreSQL driver is not installed (pip install 'piiscan-gate[db]')"
        ) from None
    try:
        connection = dbapi.connect(db.url)
    except Exception as exc:
        raise ReadError(_problem(exc, "could not connect")) from None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    except Exception as exc:
        connection.close()
        raise ReadError(_problem(exc, "could not connect")) from None
    return connection


_WORDS = (
    ("password authentication failed", "authentication failed"),
    ("no password supplied", "no password (give it in the URL, PGPASSWORD or .pgpass)"),
    ("authentication failed", "authentication failed"),
    ("does not exist", "the database or role does not exist"),
    ("connection refused", "connection refused"),
    ("could not translate host name", "unknown host"),
    ("timeout expired", "timed out"),
    ("permission denied", "permission denied"),
)
"""libpq's words to ours, looked for in its message, which is never shown itself."""


def _problem(exc: BaseException, what: str) -> str:
    """``what`` and why, in our own words (the driver's message can quote the URL)."""
    state = getattr(exc, "sqlstate", None)
    text = str(exc).lower()
    if state == "42501":
        return f"{what}: permission denied; not examined"
    for mark, words in _WORDS:
        if mark in text:
            return f"{what}: {words}"
    code = f"SQLSTATE {state}" if state else type(exc).__name__
    return f"{what} ({code})"


def _scheme(url: str) -> str:
    return url.split(":", 1)[0]
