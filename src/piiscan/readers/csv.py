"""CSV and TSV: sniffed encoding and delimiter, every column read as strings by pyarrow.

Column names come from the header row: surrounding whitespace is stripped, an empty name
becomes ``column_<n>`` (1-based position) and a repeated name gets a suffix, ``name (2)``,
``name (3)``, so every column keeps a distinct, recognisable name. When the data rows
consistently carry more fields than the header (a trailing ``;`` in 1C exports), the extra
fields are named ``column_<n>`` too.

No row is dropped. Well-formed files go through pyarrow alone; the first row whose field
count differs from the header, or a quote that runs away, sends the rest of the file (from
the rows not yet given out) through Python's csv module: a row with extra fields keeps them
as extra columns ``column_<n>``, a short row is padded with empty cells (both counted in a
warning). A quote still open ``RUNAWAY_LINES`` lines on, or at the end of the file, is a
runaway: from the line it opened on, the rest of the file is read line by line, each line a
row split on the delimiter without quoting (counted in a warning). Bytes that are not valid
in the sniffed encoding become U+FFFD. Columns past a ``max_columns`` the user set are not
read (named as not examined: exit 2); long cells are read whole (the engine searches them in
windows). A file whose start is mostly control characters is binary, not CSV: an error.

The module also says which files are CSV (``sniff``: a file no suffix names whose text splits
into rows of one width) and where each column's header cell is (``locate``, for SARIF
regions), with the same header sniffing as reading.
"""

from __future__ import annotations

import bisect
import codecs
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from piiscan.errors import PiiscanError, ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions, Region
from piiscan.readers._protocol import ColumnLocator, Head
from piiscan.readers._stream import (
    Lent,
    Limits,
    Pacer,
    Source,
    Transcoder,
    joined,
    open_source,
    row_numbers,
    string_array,
)

if TYPE_CHECKING:
    import pyarrow as pa

SNIFF_BYTES = 64 * 1024
"""Bytes looked at to choose encoding and delimiter."""
MAX_HEADER_BYTES = 16 * 1024 * 1024
"""A header row longer than this is not a CSV header."""
SNIFF_RECORDS = 200
BATCH_ROWS = 65_536
"""Rows per record batch on the slow path (``Pacer`` cuts them to ``batch_rows``)."""
BLOCK_SIZE = 4 * 1024 * 1024
"""pyarrow block size: large enough for long quoted cells, small enough to stream; a 4 MB
block parses faster than a 16 MB one (it stays in the processor's cache: 1M rows ~15 %)."""
BATCH_BYTES = 16 * 1024 * 1024
"""Consecutive blocks are joined into record batches of about this size: the engine's
per-batch work (a screen's RE2 compile, Python per column) is then spread over ~60,000 rows
of a 13-column export (batches of one 4 MB block: 1M rows 10-20 % slower)."""
MAX_BLOCK_SIZE = 64 * 1024 * 1024
"""Blocks grow (x4) up to this for longer rows; a longer row goes through the slow path."""
BINARY_SHARE = 0.05
"""Share of control characters (NUL, ESC, ...) in the first 64 KB that makes a file binary."""
DELIMITERS = (",", ";", "\t", "|", "\x01")
"""Field separators tried, in order of preference on a tie; ``\x01`` is Hive's and Spark's
default for text tables (``000000_0`` files)."""
RUNAWAY_LINES = 100
"""A quoted cell holding this many line breaks is a quote that was never closed (a stray
``"`` swallowing the lines after it), not a long comment: those lines are read again."""
SLOW_BATCH_CHARS = 4 * 1024 * 1024
"""Characters of rows gathered into one batch on the slow path (bounds its memory)."""

_NEWLINE = re.compile(r"\r\n|\n|\r")


FORMATS: tuple[Format, ...] = (Format.CSV, Format.TSV)
SUFFIXES: Mapping[str, Format] = {".csv": Format.CSV, ".tsv": Format.TSV, ".tab": Format.TSV}
BY_MAGIC: bool = False
TABLE_LINES = 50
"""Lines of a file with no data suffix that decide whether its text is a table."""
TABLE_SHARE = 0.8
"""Share of rows that must have the table's width."""
MAX_NAME = 64
"""A header field longer than this is a sentence, not a column name."""


def sniff(head: Head) -> Format | None:
    """The suffix's CSV or TSV, believed; else CSV when the text of a file no suffix names
    splits into a header and rows of one width (``looks_like_table``)."""
    if head.named in FORMATS:
        return head.named
    text = head.text
    return Format.CSV if text is not None and looks_like_table(text, at_eof=head.at_eof) else None


def looks_like_table(text: str, *, at_eof: bool) -> bool:
    """True when the first lines split into a header and rows of one width, two or more
    fields (a 1C export's trailing ``;`` may add one to every row)."""
    lines = _NEWLINE.split(text)
    if not at_eof:
        lines.pop()  # may be cut short
    lines = [line for line in lines if line.strip()][:TABLE_LINES]
    if len(lines) < 2:
        return False
    delimiter = choose_delimiter(lines)
    header, *rows = split_records(lines, delimiter)
    if len(header) < 2 or any(len(name) > MAX_NAME for name in header):
        return False
    width, hits = Counter(map(len, rows)).most_common(1)[0]
    return width in (len(header), len(header) + 1) and hits >= TABLE_SHARE * len(rows)


@dataclass(frozen=True)
class Layout:
    """What sniffing found out about a CSV file."""

    encoding: str
    """Python codec name of the bytes after the BOM."""
    bom: int
    """Length in bytes of the byte-order mark (0 when none)."""
    delimiter: str
    names: tuple[str, ...]
    """Column names, already made unique and non-empty."""
    header_utf8: int
    """Length in UTF-8 bytes of everything up to and including the header row's newline."""
    has_data: bool
    """False when nothing but blank lines follows the header."""


class _RowTooLong(ReadError):
    """pyarrow met a row longer than its block size: read again with larger blocks."""


class _NotUtf8(ReadError):
    """A cell is not valid UTF-8: read again as bytes, which ``Limits.text`` decodes with
    replacement (and counts)."""


class _Ragged(ReadError):
    """A row's field count differs from the header: the rest goes through the slow path."""


class _Runaway(ReadError):
    """A cell swallowed ``RUNAWAY_LINES`` lines: the rest goes through the slow path."""


@dataclass
class _Pass:
    """The source of the current parsing pass (a retry opens the file again)."""

    first: Source
    """Opened (and closed) by ``read``; it sniffed the layout."""
    src: Source


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream a CSV/TSV file as string columns; see the module docstring for naming rules."""
    with open_source(ref, options) as src:
        layout = sniff_layout(src, tsv=ref.format is Format.TSV)
        if not layout.has_data:
            return
        kept = limits.keep(list(layout.names))
        pacer = Pacer(options)
        current = _Pass(src, src)
        try:
            pieces = _record_batches(ref, options, layout, kept, limits, current)
            for rb, before, truncated in pacer.pace(
                pieces, lambda b: b.num_rows, lambda b, s, n: b.slice(s, n)
            ):
                rows = row_numbers(before + 1, rb.num_rows)
                # An empty cell, quoted or not, is read as null: no null, no empty value.
                columns = [limits.text(col) for col in rb.columns]
                yield Batch(
                    columns=tuple(
                        ColumnChunk(name, values, rows, dense=not values.null_count)
                        for name, values in zip(rb.schema.names, columns, strict=True)
                    ),
                    row_count=rb.num_rows,
                    truncated=truncated,
                )
            if not pacer.truncated:
                current.src.finish(limits)
        finally:
            if current.src is not src:
                current.src.close()


def _record_batches(
    ref: FileRef,
    options: ReadOptions,
    layout: Layout,
    kept: list[str],
    limits: Limits,
    current: _Pass,
) -> Iterator[pa.RecordBatch]:
    """Record batches of the data rows. A new pass skips the rows already given out: with
    four times larger blocks for a row longer than the block size; reading bytes for a cell
    that is not UTF-8; through the slow path (``_slow_batches``) for a ragged row, a runaway
    quote, or a row longer than ``MAX_BLOCK_SIZE``."""
    emitted = 0
    block = BLOCK_SIZE
    strings = True
    slow = False
    while True:
        skip = emitted
        try:
            if slow:
                for rb in _slow_batches(current.src, layout, limits, skip):
                    emitted += rb.num_rows
                    yield rb
                return
            for rb in _parse(current.src, ref, layout, kept, block, strings):
                if skip >= rb.num_rows:
                    skip -= rb.num_rows
                    continue
                if skip:
                    rb, skip = rb.slice(skip), 0
                runaway = _runaway_row(rb)
                if runaway is not None:
                    rb = rb.slice(0, runaway)
                emitted += rb.num_rows
                yield rb
                if runaway is not None:
                    raise _Runaway("a quote runs away")
            return
        except (_Ragged, _Runaway):
            slow = True
        except _RowTooLong:
            if block >= MAX_BLOCK_SIZE:
                slow = True
            else:
                block *= 4
        except _NotUtf8:
            if not strings:
                raise ReadError("CSV parse error: text could not be read as bytes") from None
            strings = False
        old, current.src = current.src, open_source(ref, options)
        if old is not current.first:
            old.close()


def _runaway_row(rb: pa.RecordBatch) -> int | None:
    """Index of the first row with a cell of ``RUNAWAY_LINES`` line breaks or more, if any.

    Cheap on well-formed files: cell lengths come from the offsets, and only a column with a
    cell at least that long is searched for line breaks (small files need no compute)."""
    first: int | None = None
    for col in rb.columns:
        if col.nbytes < RUNAWAY_LINES:
            continue
        import pyarrow.compute as pc

        longest = pc.max(pc.binary_length(col)).as_py()
        if longest is None or longest < RUNAWAY_LINES:
            continue
        breaks = pc.count_substring(col, "\n")
        hits = pc.indices_nonzero(pc.fill_null(pc.greater_equal(breaks, RUNAWAY_LINES), False))
        if len(hits):
            at = hits[0].as_py()
            first = at if first is None else min(first, at)
    return first


def _parse(
    src: Source,
    ref: FileRef,
    layout: Layout,
    kept: list[str],
    block: int,
    strings: bool = True,
) -> Iterator[pa.RecordBatch]:
    """One pyarrow pass over the data rows (after the header), every column as a string (or
    as bytes, when ``strings`` is off). A row whose field count differs from the header
    stops the pass (``_Ragged``): pyarrow can only skip such a row, and no row is dropped."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    stream: Any
    if layout.encoding == "utf-8":
        if src.compression is None:
            # Plain UTF-8: let pyarrow read the file itself, no Python in the loop.
            stream = pa.OSFile(str(ref.path))
            stream.seek(layout.bom + layout.header_utf8)
        else:
            src.read(layout.bom + layout.header_utf8)
            stream = Lent(src)
    else:
        src.read(layout.bom)
        transcoder = Transcoder(src, layout.encoding)
        transcoder.read(layout.header_utf8)
        stream = Lent(transcoder)

    names = list(layout.names)
    try:
        reader = pcsv.open_csv(
            stream,
            read_options=pcsv.ReadOptions(use_threads=True, block_size=block, column_names=names),
            parse_options=pcsv.ParseOptions(
                delimiter=layout.delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
            ),
            # A file valid UTF-8 in its first 64 KB may not be later: then a pass reading bytes,
            # which Limits.text decodes, replacing bad bytes instead of failing.
            convert_options=pcsv.ConvertOptions(
                column_types={name: pa.string() if strings else pa.binary() for name in kept},
                include_columns=kept,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
        yield from joined(_guarded(reader), BATCH_BYTES)
    except pa.ArrowException as exc:
        raise _error(exc) from None
    finally:
        if isinstance(stream, Lent):
            stream.revoke()  # pyarrow's read-ahead calls into Python: stop it before we return
        else:
            stream.close()


def _guarded(reader: Any) -> Iterator[pa.RecordBatch]:
    """Batches from a pyarrow CSV reader, its errors turned into path- and value-free ones."""
    import pyarrow as pa

    try:
        yield from reader
    except pa.ArrowException as exc:
        raise _error(exc) from None


def _error(exc: BaseException) -> ReadError:
    text = str(exc)
    if "straddling" in text or "block size" in text:
        return _RowTooLong(sanitise(exc))
    if "invalid UTF8" in text:
        return _NotUtf8(sanitise(exc))
    if _COLUMNS.search(text):
        return _Ragged(sanitise(exc))
    return ReadError(sanitise(exc))


_COLUMNS = re.compile(r"Expected (\d+) columns?, got (\d+)")


def sanitise(exc: BaseException) -> str:
    """Map a pyarrow CSV error to our wording; pyarrow quotes the offending row, we never do."""
    text = str(exc)
    if m := _COLUMNS.search(text):
        return f"CSV parse error: row has {m.group(2)} columns, expected {m.group(1)}"
    if "UTF8" in text or "UTF-8" in text:
        return (
            "not valid UTF-8 past the start of the file "
            "(the encoding is sniffed from the first 64 KB)"
        )
    if "straddling" in text or "block size" in text or "out of sync" in text:
        return "CSV parse error: a row is too large or a quote is unbalanced"
    if "Empty CSV" in text:
        return "empty file"
    return f"CSV parse error ({type(exc).__name__})"


# -- the slow path: rows pyarrow cannot read whole -----------------------------------------------


def _slow_batches(
    src: Source, layout: Layout, limits: Limits, skip: int
) -> Iterator[pa.RecordBatch]:
    """Record batches of the data rows after the first ``skip``, read in Python.

    Extra fields become extra columns, named ``column_<n>`` after the header's: each value
    stays whole in a cell of its own, so value rules (Luhn, phone and e-mail shapes) see it
    as they would in a well-formed file, and rows shifted by the same unquoted delimiter line
    up into one column that column rules can judge. (One free-text column of joined extra
    fields would leave them only to the weaker search in text.)
    """
    width = len(layout.names)
    names = list(layout.names)
    rows: list[list[str]] = []
    chars = 0
    for number, fields in enumerate(_slow_rows(_text(src, layout), layout.delimiter, limits), 1):
        if number <= skip:
            continue
        if limits.runaway_row is None or number < limits.runaway_row:
            if len(fields) > width:
                limits.long_rows += 1
            elif len(fields) < width:
                limits.short_rows += 1
        rows.append(fields)
        chars += sum(map(len, fields))
        if len(rows) >= BATCH_ROWS or chars >= SLOW_BATCH_CHARS:
            yield _to_batch(rows, names, limits)
            rows, chars = [], 0
    if rows:
        yield _to_batch(rows, names, limits)


def _to_batch(rows: list[list[str]], names: list[str], limits: Limits) -> pa.RecordBatch:
    """Rows of any width as a record batch: short rows padded with nulls, and ``names``
    grown (in place) to the widest row, within ``max_columns``."""
    import pyarrow as pa

    widest = max(map(len, rows))
    if widest > len(names):
        names[:] = unique_names(names + [""] * (widest - len(names)))
    kept = limits.keep(names)
    arrays = [
        string_array([row[i] or None if i < len(row) else None for row in rows])
        for i in range(len(kept))
    ]
    return pa.RecordBatch.from_arrays(arrays, names=kept)


def _text(src: Source, layout: Layout) -> io.TextIOBase:
    """The data rows (after the header) as text, lines split only at CR, LF or CRLF, the
    line endings kept (what the csv module needs); undecodable bytes become U+FFFD."""
    if layout.encoding == "utf-8":
        src.read(layout.bom + layout.header_utf8)
        raw: io.RawIOBase = src
    else:
        src.read(layout.bom)
        raw = Transcoder(src, layout.encoding)
        raw.read(layout.header_utf8)
    return io.TextIOWrapper(io.BufferedReader(raw), "utf-8", errors="replace", newline="")


class _OpenQuote(Exception):
    """The csv module is inside a quote that has run away."""


class _Lines:
    """Physical lines for the csv module, the ones of the record being read held back: the
    module asks for another line within a record only while a quote is open, so a record
    still open after ``RUNAWAY_LINES`` lines, or at the end of the file, is a runaway."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.held: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.held) > RUNAWAY_LINES:
            raise _OpenQuote
        line = self.text.readline()
        if not line:
            if self.held:
                raise _OpenQuote
            raise StopIteration
        self.held.append(line)
        return line


def _slow_rows(text: io.TextIOBase, delimiter: str, limits: Limits) -> Iterator[list[str]]:
    """Fields of each data row (blank lines skipped, as pyarrow does). From a runaway quote
    on, every physical line is a row split on the delimiter without quoting, so each line is
    still examined; a quote at either end of such a field is dropped."""
    import csv

    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    number = 0
    try:
        for fields in reader:
            if len(lines.held) > RUNAWAY_LINES:
                raise _OpenQuote
            lines.held.clear()
            if fields:
                number += 1
                yield fields
        return
    except (_OpenQuote, csv.Error):
        pass  # a quote ran away, or a cell passed the csv module's size limit
    limits.runaway_row = number + 1
    for line in chain(lines.held, text):
        line = line.rstrip("\r\n")
        if line:
            limits.runaway_lines += 1
            yield [field.strip('"') for field in line.split(delimiter)]


# -- sniffing -----------------------------------------------------------------------------------


SNIFF_RECORDS = 50
"""Records (header included) that choose the delimiter and the row width."""


def sniff_layout(src: Source, *, tsv: bool = False) -> Layout:
    """Choose encoding and delimiter from the start of the stream and parse the header row."""
    size = SNIFF_BYTES
    while True:
        head = src.peek_head(size)
        at_eof = len(head) < size
        if not head:
            src.raise_if_failed()
            raise ReadError("empty file")
        encoding, bom = sniff_encoding(head, at_eof=at_eof)
        text = _decode(head[bom:], encoding, final=at_eof)
        if size == SNIFF_BYTES and looks_binary(text):
            raise ReadError("not a text file: binary data where CSV text was expected")
        if not text.strip():
            if at_eof:
                src.raise_if_failed()
                raise ReadError("empty file")
        else:
            records = _records(text, complete=at_eof)
            if records or at_eof:
                break
        if size >= MAX_HEADER_BYTES:
            raise ReadError("header row too long or not a CSV file")
        size *= 4
    records = [r for r in records if r[0].strip()] or records
    # The first rows decide; splitting every row of the sniffed head in Python costs more
    # than reading a small file.
    records = records[:SNIFF_RECORDS]
    delimiter = choose_delimiter([r[0] for r in records], tsv=tsv)
    header_text, header_end = records[0]
    if header_text.count('"') % 2:
        # The header would swallow the rows after it, and column names are printed.
        raise ReadError("header row: a quote is never closed")
    fields = split_record(header_text, delimiter)
    widths = Counter(map(len, split_records([r[0] for r in records[1:]], delimiter)))
    if widths:
        width, hits = widths.most_common(1)[0]
        if width > len(fields) and hits * 2 >= sum(widths.values()):
            fields += [""] * (width - len(fields))
    if any(map(looks_like_data, fields)):
        # No header: the first row is data, and column names are printed in every report.
        return Layout(
            encoding=encoding,
            bom=bom,
            delimiter=delimiter,
            names=tuple(unique_names([""] * len(fields))),
            header_utf8=0,
            has_data=True,
        )
    names = unique_names(fields)
    rest = text[header_end:]
    return Layout(
        encoding=encoding,
        bom=bom,
        delimiter=delimiter,
        names=tuple(names),
        header_utf8=len(text[:header_end].encode("utf-8")),
        has_data=bool(rest.strip()) or not at_eof,
    )


def _high_bytes(half: bytes) -> bool:
    """True when ``half`` looks like the high bytes of UTF-16 text without a BOM (some Windows
    tools): delimiters, digits and newlines make zeros, and one script (Cyrillic: 0x04) the
    rest, so two values cover nearly all of it, which no 8-bit text does."""
    if half.count(0) < 0.1 * len(half):
        return False  # the common case, decided without counting every byte value
    top = Counter(half).most_common(2)
    return sum(n for _, n in top) >= 0.95 * len(half)


_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])


def looks_binary(text: str) -> bool:
    """True when control characters (or undecodable bytes) are more than ``BINARY_SHARE`` of
    the text: random or binary bytes, not a CSV with a few stray NULs."""
    if not text:
        return False
    # Counted on the UTF-8 bytes, where an ASCII control character is always one byte of
    # its own: bytes.translate is ten times faster than a regex over the text.
    raw = text.encode("utf-8", "surrogatepass")
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES)) + text.count("\ufffd")
    return controls > BINARY_SHARE * len(text)


def sniff_encoding(head: bytes, *, at_eof: bool = True) -> tuple[str, int]:
    """(codec, BOM length): a BOM decides; else UTF-32 or UTF-16 by their zero bytes; else
    valid UTF-8; else EBCDIC (mainframe exports) when it reads as one; else cp1251 (1C
    exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith(codecs.BOM_UTF32_LE):
        return "utf-32-le", 4
    if head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32-be", 4
    if len(head) >= 16:
        lanes = [head[i::4] for i in range(4)]
        zero = [lane.count(0) >= 0.9 * len(lane) for lane in lanes]
        if zero == [False, True, True, True]:
            return "utf-32-le", 0
        if zero == [True, True, True, False]:
            return "utf-32-be", 0
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    if len(head) >= 16:
        even, odd = head[0::2], head[1::2]
        if _high_bytes(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le", 0
        if _high_bytes(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be", 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=at_eof)
    except UnicodeDecodeError:
        return ("cp500", 0) if _ebcdic(head) else ("cp1251", 0)
    return "utf-8", 0


def _ebcdic(head: bytes) -> bool:
    """Whether bytes are EBCDIC text: no ASCII space or digit (EBCDIC has them at 0x40 and
    0xF0-0xF9), and read as cp500 lines of nearly all printable characters."""
    if len(head) < 64 or head.count(0x20) or any(0x30 <= b <= 0x39 for b in head):
        return False
    text = head.decode("cp500")
    readable = sum(1 for c in text if c.isprintable() or c in "\n\r\t\x85")
    return readable >= 0.95 * len(text) and ("\n" in text or "\x85" in text)


def _decode(data: bytes, encoding: str, *, final: bool) -> str:
    text: str = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data, final=final)
    return text


def _records(text: str, *, complete: bool) -> list[tuple[str, int]]:
    """The first logical records of ``text``: (record without newline, end offset after it).

    Newlines inside quotes do not end a record. A last record without its newline counts only
    when ``text`` is the whole file.
    """
    out: list[tuple[str, int]] = []
    start = pos = 0
    quotes = 0
    for m in _NEWLINE.finditer(text):
        quotes += text.count('"', pos, m.start())
        pos = m.end()
        if quotes % 2 == 0:
            out.append((text[start : m.start()], m.end()))
            start = pos
            quotes = 0
            if len(out) >= SNIFF_RECORDS:
                return out
    if complete and text[start:].strip():
        out.append((text[start:], len(text)))
    return out


def _outside_quotes(record: str) -> str:
    # Every quote toggles quoting (a doubled quote toggles twice), so the pieces between
    # quotes alternate outside, inside, outside...
    return "".join(record.split('"')[::2]) if '"' in record else record


def choose_delimiter(records: list[str], *, tsv: bool = False) -> str:
    """The candidate that splits the data rows most consistently into the same number of
    fields; the header only breaks ties.

    The data rows vote, not the header: a header whose text holds another candidate
    (``name;comment, notes;email``) would otherwise split every data row wrong. A candidate
    must occur in most data rows; then consistency wins (in 10% steps), then agreement with
    the header, then the number of fields. Without data rows the header decides. ``.tsv``
    files use tab whenever their header has one.
    """
    if not records:
        return "\t" if tsv else ","
    if tsv and "\t" in records[0]:
        return "\t"
    best: tuple[float, bool, int, int] | None = None
    choice = "\t" if tsv else ","
    header, *rows = map(_outside_quotes, records)
    voters = rows or [header]
    for rank, d in enumerate(DELIMITERS):
        width, hits = Counter(r.count(d) for r in voters).most_common(1)[0]
        if width == 0:
            continue
        score = (round(hits / len(voters), 1), header.count(d) == width, width, -rank)
        if best is None or score > best:
            best, choice = score, d
    return choice


def split_record(record: str, delimiter: str) -> list[str]:
    """Fields of one record, RFC 4180 quoting (``""`` is a quote inside a quoted field);
    the standard library's C parser, lenient about a quote that is never closed."""
    if '"' not in record:
        return record.split(delimiter)
    import csv

    try:
        return next(csv.reader([record], delimiter=delimiter, quotechar='"', strict=False))
    except (csv.Error, StopIteration):
        return record.split(delimiter)


def split_records(records: list[str], delimiter: str) -> list[list[str]]:
    """``split_record`` of each record, with one parser for all of them when that gives the
    same rows: one-line records, none ending inside quotes (which would join it to the next)."""
    if not any('"' in r for r in records):
        return [r.split(delimiter) for r in records]
    if not all(records) or any("\n" in r or "\r" in r for r in records):
        return [split_record(r, delimiter) for r in records]
    import csv

    try:
        rows = list(csv.reader(records, delimiter=delimiter, quotechar='"', strict=False))
    except csv.Error:
        rows = []
    if len(rows) != len(records):
        return [split_record(r, delimiter) for r in records]
    return rows


def unique_names(fields: list[str]) -> list[str]:
    """Header fields to distinct names: ``column_<n>`` for empties, ``name (k)`` for repeats."""
    names: list[str] = []
    seen: set[str] = set()
    for position, field in enumerate(fields, start=1):
        base = field.strip().lstrip("\ufeff").strip() or f"column_{position}"
        name = base
        k = 2
        while name in seen:
            name = f"{base} ({k})"
            k += 1
        seen.add(name)
        names.append(name)
    return names


# -- locating the header ------------------------------------------------------------------------

_TRIM = " \t\ufeff"
_LOCATE_PROBLEMS = (PiiscanError, OSError, ValueError, LookupError, EOFError, MemoryError)
"""What reading the start of a damaged file can raise; locating turns each into nothing."""


def locate(ref: FileRef) -> ColumnLocator:
    """Each column's header cell (SARIF regions, annotations), found in one pass."""
    return header_regions(ref).get


def header_regions(ref: FileRef) -> dict[str, Region]:
    """Column name (as ``read`` names it) to its header cell; empty when unreadable.

    The header is sniffed exactly as ``read`` does (encoding, BOM, delimiter, blank leading
    lines, quoted cells, even a header spanning lines), so ``name (2)`` finds the second
    ``name`` cell; columns added past the header (``column_<n>``) get the header line alone.
    """
    try:
        with open_source(ref) as src:
            layout = sniff_layout(src, tsv=ref.format is Format.TSV)
            size = SNIFF_BYTES
            while True:
                head = src.peek_head(size)
                at_eof = len(head) < size
                decoder = codecs.getincrementaldecoder(layout.encoding)(errors="replace")
                text: str = decoder.decode(head[layout.bom :], final=at_eof)
                cells = _header_cells(text, layout.delimiter, complete=at_eof)
                if cells is not None:
                    break
                if size >= MAX_HEADER_BYTES:
                    return {}
                size *= 4
    except _LOCATE_PROBLEMS:
        return {}
    line, spans = cells
    out: dict[str, Region] = {}
    for i, name in enumerate(layout.names):
        out[name] = spans[i] if i < len(spans) else Region(start_line=line)
    return out


def _header_cells(text: str, delimiter: str, *, complete: bool) -> tuple[int, list[Region]] | None:
    """(line, one region per cell) of the first non-blank record; None if it is cut off.

    Splits as ``readers.csv`` does: a record ends at a newline outside quotes, a quote toggles
    quoting anywhere in a cell, ``""`` inside quotes is a quote.
    """
    line_starts = [0]
    start = pos = quotes = 0
    span: tuple[int, int] | None = None
    for m in _NEWLINE.finditer(text):
        quotes += text.count('"', pos, m.start())
        pos = m.end()
        line_starts.append(m.end())
        if quotes % 2 == 0:
            if text[start : m.start()].strip():
                span = (start, m.start())
                break
            start, quotes = pos, 0
    if span is None:
        if not complete or not text[start:].strip():
            return None
        span = (start, len(text))

    def where(index: int) -> tuple[int, int]:
        k = bisect.bisect_right(line_starts, index) - 1
        return k + 1, index - line_starts[k] + 1

    lo, hi = span
    cells: list[tuple[int, int]] = []
    cell_lo = lo
    quoted = False
    i = lo
    while i < hi:
        c = text[i]
        if quoted:
            if c == '"':
                if i + 1 < hi and text[i + 1] == '"':
                    i += 1
                else:
                    quoted = False
        elif c == '"':
            quoted = True
        elif c == delimiter:
            cells.append((cell_lo, i))
            cell_lo = i + 1
        i += 1
    cells.append((cell_lo, hi))

    regions = []
    for a, b in cells:
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        (first_line, first_col), (last_line, last_col) = where(a), where(b)
        regions.append(
            Region(
                start_line=first_line,
                start_column=first_col,
                end_line=last_line if last_line != first_line else None,
                end_column=last_col,
            )
        )
    return where(lo)[0], regions
