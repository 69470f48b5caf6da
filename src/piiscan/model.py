"""Values passed between the stages: files, column chunks, findings, reports.

Everything here is plain data. Raw cell values only ever live inside a ``ColumnChunk``
while a batch is being scanned; nothing below the engine keeps one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from piiscan.ruleset import Rule


class Category(enum.StrEnum):
    """The four kinds of customer data piiscan looks for."""

    PII = "pii"
    PAYMENT = "payment"
    PURCHASES = "purchases"
    LOCATION = "location"


ALL_CATEGORIES: tuple[Category, ...] = tuple(Category)

BASELINE_FILE = ".piiscan-baseline.json"
"""piiscan's own baseline file: the default of ``--baseline``, and never scanned as an export
(discovery does not walk it; the session drops it from the files given)."""
STDIN = "-"
"""The path argument that means standard input, and its display name when it has none."""


class Scope(enum.StrEnum):
    """Whether a column as a whole holds the data, or only some of its cells."""

    COLUMN = "column"
    CELLS = "cells"


class Format(enum.StrEnum):
    """Data formats piiscan can read."""

    CSV = "csv"
    TSV = "tsv"
    PARQUET = "parquet"
    JSON = "json"
    JSONL = "jsonl"
    TEXT = "text"
    """Free text that is not a table (a log, a note): one column of lines."""
    WORKBOOK = "workbook"
    """A spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods): every sheet a table."""
    ARCHIVE = "archive"
    """A ZIP or tar archive (tar possibly compressed): walked like a folder."""
    SQLITE = "sqlite"
    """A SQLite database file: every table a table."""
    ORC = "orc"
    """An Apache ORC file (Hive's ``000000_0``), read stripe by stripe."""
    ARROW = "arrow"
    """An Arrow IPC file or stream (Feather v2, ``.arrow``), read batch by batch."""
    AVRO = "avro"
    """An Avro object container file, read block by block; records flattened like JSON."""
    BINARY = "binary"
    """Binary data of no kind piiscan reads: the text runs it holds, one column."""


class Compression(enum.StrEnum):
    """Stream compressions piiscan can undo."""

    GZIP = "gzip"
    BZ2 = "bz2"
    XZ = "xz"
    ZSTD = "zstd"
    LZ4 = "lz4"
    """The LZ4 frame format (``lz4 -c``), not raw LZ4 blocks."""


@dataclass(frozen=True)
class FileRef:
    """One data file to scan."""

    path: Path
    """Where to open it on disk."""
    display: str
    """The path as reached from the argument given, POSIX separators; used in every output."""
    format: Format
    """Container format, by suffix, or sniffed when the suffix lies."""
    compression: Compression | None = None
    """Outer compression, by suffix or magic bytes; None for a plain file."""


@dataclass(frozen=True)
class ReadOptions:
    """Knobs the readers honour."""

    batch_rows: int = 65_536
    """Rows per yielded batch (upper bound)."""
    max_rows: int | None = None
    """Stop after this many data rows; None reads everything."""
    max_cell_bytes: int = 1 << 20
    """Longer cells are searched in overlapping windows of this many characters (every part
    of every cell is examined; the windows keep each regex and validator call short)."""
    max_columns: int | None = None
    """Scan at most this many columns per file; None scans every column. A limit the user set
    that leaves columns out is an unexamined part of the file (exit 2), not a warning."""
    max_inflate: int = 8 << 30
    """Decompressed bytes a compressed file may expand to before it is an error (bombs)."""


@dataclass(frozen=True)
class ColumnChunk:
    """A slice of one column: string values with their 1-based data-row numbers.

    A flattened list column (``items[].sku``) may hold several values per row, so
    ``values`` and ``rows`` have equal length but not necessarily the batch's row count.
    """

    name: str
    """Column name; nested fields as ``a.b.c``, list items as ``items[].sku``."""
    values: pa.Array
    """pyarrow string (or large_string) array; null means empty."""
    rows: pa.Array
    """pyarrow int64 array of 1-based data-row numbers, same length as ``values``."""
    dense: bool = False
    """True when the reader knows that no value is null or empty (the engine then does not
    look for empty cells: three compute calls per column and batch of a large CSV)."""
    floats: bool = False
    """True when the values are Arrow's text of floating-point numbers (``55.7512``,
    ``7.9161234567e+10``): of the disguises, only the exponent can be there."""


@dataclass(frozen=True)
class Batch:
    """What a reader yields: some rows of a file, column by column."""

    columns: Sequence[ColumnChunk]
    """The columns of these rows, in file order."""
    row_count: int
    """How many data rows this batch covers."""
    truncated: bool = False
    """True on the last batch when ``max_rows`` cut the file short."""
    warnings: tuple[str, ...] = ()
    """Problems the reader worked around (ragged rows padded, cells cut), path not included."""
    unexamined: tuple[str, ...] = ()
    """Parts of the input the reader could not examine, one line each, path not included,
    never a value (bytes after the last compressed stream, a limit the user set that was
    hit). Each becomes a ``FileError``: piiscan fails closed, exit 2."""
    table: str = ""
    """Which table of the file these rows belong to, as a suffix of the file's display path:
    ``[Sheet 1]`` for a sheet, ``!/customers.csv`` for an archive member (nested:
    ``!/b.tar.gz!/c.csv``); empty for a file that is one table. A suffix, not a bare name,
    so that nesting composes by concatenation. Batches of one table come consecutively."""
    skipped: str | None = None
    """Set when the table was passed over without being read, and why (an archive member
    that cannot hold data, e.g. ``PNG image: cannot hold table data``); such a batch has no
    rows. With ``unexamined`` set too, it may hold data: exit 2."""


@dataclass(frozen=True)
class Finding:
    """One category found in one column of one file."""

    path: str
    """Display path of the file."""
    column: str
    """Column name, as in ``ColumnChunk.name``."""
    category: Category
    detector: str
    """Id of the rule that found it (its file stem)."""
    scope: Scope
    confidence: float
    """0.0 to 1.0."""
    matched: int
    """Values (or cells) that validated."""
    checked: int
    """Non-empty values examined."""
    rows: tuple[int, ...]
    """First 1-based data rows holding a match: five by default (``--show-rows``)."""
    sample: str | None
    """One masked example, never a raw value."""
    forbidden: bool = False
    """Set by policy: this finding would leave against policy."""
    baselined: bool = False
    """Set by policy: forbidden but known before (a baseline entry, or present at the
    ``--diff-base`` revision), so it does not fail the gate; ``forbidden`` is then False."""

    def judged(self, forbidden: bool, baselined: bool) -> Finding:
        """This finding with policy's verdict (``dataclasses.replace`` takes a second for a
        report of 100,000 findings)."""
        return Finding(
            self.path,
            self.column,
            self.category,
            self.detector,
            self.scope,
            self.confidence,
            self.matched,
            self.checked,
            self.rows,
            self.sample,
            forbidden,
            baselined,
        )


@dataclass(frozen=True)
class FileError:
    """A file (or part of one) that could not be read."""

    path: str
    message: str
    """One line naming the problem; never holds a cell value."""


@dataclass(frozen=True)
class Skipped:
    """A file passed over without being read, and why (it cannot hold table data, or its kind
    is not supported yet: then a ``FileError`` names it too, exit 2)."""

    path: str
    reason: str
    """One line naming the kind, e.g. ``PNG image``; never holds file content."""


@dataclass(frozen=True)
class FileSummary:
    """What scanning one file produced."""

    path: str
    rows: int
    """Data rows read."""
    truncated: bool = False
    """True when ``--max-rows`` cut the scan short."""


@dataclass(frozen=True)
class ScanResult:
    """Everything the engine produced for a set of files, before policy."""

    files: tuple[FileSummary, ...]
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    warnings: tuple[str, ...] = ()
    """Reader workarounds, each prefixed with the file's display path."""
    skipped: tuple[Skipped, ...] = ()
    """Files discovery passed over, sorted by path."""
    excluded: int = 0
    """Files and folders the user's include/exclude globs left out: a scan that examined
    nothing because the user said so is not incomplete."""


@dataclass(frozen=True)
class Region:
    """Where a column's name sits in its file: positions only, never the text there.

    Lines and columns are 1-based; columns count Unicode code points; ``end_column`` is the
    column just after the last character (SARIF's convention), equal to ``start_column`` for
    an empty cell.
    """

    start_line: int
    start_column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


Locate = Callable[[str, str], Region | None]
"""(display path, column) to the column's region, or None when it cannot be found."""


@dataclass(frozen=True)
class Report:
    """The scan after policy: what renderers draw."""

    tool_version: str
    forbidden_categories: tuple[Category, ...]
    files: tuple[FileSummary, ...]
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    exit_code: int
    warnings: tuple[str, ...] = field(default=())
    """Non-fatal notes for people (stale ignores, cut-short files)."""
    skipped: tuple[Skipped, ...] = field(default=())
    """Files passed over without being read, and why."""
    rules: tuple[Rule, ...] = field(default=(), compare=False, repr=False)
    """The rules the scan used (SARIF describes them); not part of the report's data."""
    locate: Locate | None = field(default=None, compare=False, repr=False)
    """Where a column's header sits in its file (SARIF regions, GitHub annotations)."""
    ignore_path: Callable[[str], str | None] | None = field(default=None, compare=False, repr=False)
    """A finding's path as an ignore entry of the config in use names it (relative to the
    config's folder); None, or a None result, when that is the display path."""
    file_count: int | None = None
    """Files the entries of ``files`` were read from: a workbook, an archive or a database
    file is one file however many tables it holds. None: each entry is a file of its own."""
    loose_tables: int = 0
    """Entries of ``files`` that are no file's tables: database tables, in-memory tables."""

    @property
    def files_scanned(self) -> int:
        """Files read, each once (not the sheets, members or tables in them)."""
        return self.file_count if self.file_count is not None else len(self.files)

    @property
    def tables_scanned(self) -> int:
        """Tables read: every entry of ``files`` (a plain file is one table)."""
        return len(self.files)

    @property
    def forbidden_findings(self) -> int:
        return sum(1 for f in self.findings if f.forbidden)

    @property
    def baselined_findings(self) -> int:
        return sum(1 for f in self.findings if f.baselined)

    @property
    def passed(self) -> bool:
        """True when the gate passes: nothing forbidden found and everything examined."""
        return self.exit_code == 0

    def render(self, fmt: str = "text", *, color: bool = False, width: int | None = None) -> str:
        """The report as ``piiscan check --format FMT`` prints it (text, json, sarif, ...)."""
        from piiscan.report import render

        return render(self, fmt, color=color, width=width)

    def to_pandas(self) -> Any:
        """One row per finding (masked samples only), columns as in the JSON report."""
        import pandas as pd

        columns = [f.name for f in fields(Finding)]
        rows = [[_plain(getattr(finding, name)) for name in columns] for finding in self.findings]
        return pd.DataFrame(rows, columns=columns)

    def _repr_markdown_(self) -> str:
        """Jupyter shows the Markdown report."""
        return self.render("markdown")

    def __rich__(self) -> Any:
        """rich (and IPython with rich) shows the coloured text report."""
        from rich.text import Text

        return Text.from_ansi(self.render("text", color=True))


def _plain(value: object) -> object:
    """A finding's field as a plain value for a table cell (enums as their text)."""
    if isinstance(value, enum.Enum):
        return value.value
    return list(value) if isinstance(value, tuple) else value
