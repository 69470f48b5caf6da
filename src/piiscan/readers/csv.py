"""CSV and TSV: sniffed encoding and delimiter, every column read as strings by pyarrow.

Column names come from the header row: surrounding whitespace is stripped, an empty name
becomes ``column_<n>`` (1-based position) and a repeated name gets a suffix, ``name (2)``,
``name (3)``, so every column keeps a distinct, recognisable name. When the data rows
consistently carry more fields than the header (a trailing ``;`` in 1C exports), the extra
fields are named ``column_<n>`` too.

Rows whose field count does not match the header are skipped and counted in a warning, not
fatal; rows after a skipped one are numbered by the rows actually read. Bytes that are not
valid in the sniffed encoding become U+FFFD (counted in a warning). Columns past
``max_columns`` are not read; cells past ``max_cell_bytes`` are cut (both with a warning).
A file whose start is mostly control characters is binary, not CSV: an error.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._stream import (
    Lent,
    Limits,
    Pacer,
    Source,
    Transcoder,
    open_source,
    row_numbers,
    with_warnings,
)

if TYPE_CHECKING:
    import pyarrow as pa

SNIFF_BYTES = 64 * 1024
"""Bytes looked at to choose encoding and delimiter."""
MAX_HEADER_BYTES = 16 * 1024 * 1024
"""A header row longer than this is not a CSV header."""
SNIFF_RECORDS = 200
BLOCK_SIZE = 4 * 1024 * 1024
"""pyarrow block size: large enough for long quoted cells, small enough to stream."""
MAX_BLOCK_SIZE = 64 * 1024 * 1024
"""Blocks grow (x4) up to this for longer rows; a longer row is an error (memory bound)."""
BINARY_SHARE = 0.05
"""Share of control characters (NUL, ESC, ...) in the first 64 KB that makes a file binary."""
DELIMITERS = (",", ";", "\t", "|")

_NEWLINE = re.compile(r"\r\n|\n|\r")


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


def read_csv(ref: FileRef, options: ReadOptions) -> Iterator[Batch]:
    """Stream a CSV/TSV file as string columns; see the module docstring for naming rules."""
    limits = Limits(options)
    yield from with_warnings(_read_csv(ref, options, limits), limits)


class _RowTooLong(ReadError):
    """pyarrow met a row longer than its block size: read again with larger blocks."""


class _NotUtf8(ReadError):
    """A cell is not valid UTF-8: read again as bytes, which ``Limits.text`` decodes with
    replacement (and counts)."""


class _BadRowText(ReadError):
    """A ragged row was not valid UTF-8: pyarrow cannot hand it to the skip handler (it
    decodes the row's text first), so read again through a replacing decoder."""


class _HandlerState:
    """Set by the unraisable hook when pyarrow failed to call our invalid-row handler."""

    def __init__(self) -> None:
        self.failed = False


def _quiet_unraisable(unraisable: Any) -> None:
    """pyarrow reports a failed call of the invalid-row handler as an "Exception ignored"
    traceback on stderr; for our handler, note it (the pass is redone) and say nothing.
    Every other unraisable exception goes to the hook that was there before."""
    state = getattr(unraisable.object, "piiscan_state", None)
    if isinstance(state, _HandlerState):
        state.failed = True
        return
    _previous_unraisable(unraisable)


_previous_unraisable = sys.unraisablehook


@dataclass
class _Pass:
    """The source of the current parsing pass (a retry opens the file again)."""

    first: Source
    """Opened (and closed) by ``_read_csv``; it sniffed the layout."""
    src: Source


def _read_csv(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    with open_source(ref, options) as src:
        layout = sniff(src, tsv=ref.format is Format.TSV)
        if not layout.has_data:
            return
        names = list(layout.names)
        limits.columns_seen = len(names)
        kept = names[: limits.max_columns]
        pacer = Pacer(options)
        current = _Pass(src, src)
        try:
            pieces = _record_batches(ref, options, layout, kept, limits, current)
            for rb, before, truncated in pacer.pace(
                pieces, lambda b: b.num_rows, lambda b, s, n: b.slice(s, n)
            ):
                rows = row_numbers(before + 1, rb.num_rows)
                # An empty cell, quoted or not, is read as null: no null, no empty value.
                columns = [limits.cells(limits.text(rb.column(i))) for i in range(len(kept))]
                yield Batch(
                    columns=tuple(
                        ColumnChunk(name, values, rows, dense=not values.null_count)
                        for name, values in zip(kept, columns, strict=True)
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
    """Record batches of the data rows; a row longer than the block size makes a new pass
    with four times larger blocks, which skips the rows already given out. Cells are read as
    strings (pyarrow checks UTF-8 in its own threads); a cell that is not UTF-8 makes a new
    pass reading bytes."""
    emitted = 0
    block = BLOCK_SIZE
    transcode = False
    strings = True
    while True:
        skip = emitted
        try:
            for rb in _parse(current.src, ref, layout, kept, limits, block, transcode, strings):
                if skip >= rb.num_rows:
                    skip -= rb.num_rows
                    continue
                if skip:
                    rb, skip = rb.slice(skip), 0
                emitted += rb.num_rows
                yield rb
            return
        except _RowTooLong:
            if block >= MAX_BLOCK_SIZE:
                raise ReadError(
                    f"a row is longer than {MAX_BLOCK_SIZE >> 20} MB, or a quote is never closed"
                ) from None
            block *= 4
        except _NotUtf8:
            if not strings:
                raise ReadError("CSV parse error: text could not be read as bytes") from None
            strings = False
        except _BadRowText:
            if transcode:
                raise ReadError("CSV parse error: a ragged row could not be skipped") from None
            transcode = True
        old, current.src = current.src, open_source(ref, options)
        if old is not current.first:
            old.close()


def _parse(
    src: Source,
    ref: FileRef,
    layout: Layout,
    kept: list[str],
    limits: Limits,
    block: int,
    transcode: bool = False,
    strings: bool = True,
) -> Iterator[pa.RecordBatch]:
    """One pyarrow pass over the data rows (after the header), every column as a string (or
    as bytes, when ``strings`` is off); ``transcode`` sends UTF-8 through Python's replacing
    decoder too."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    stream: Any
    if layout.encoding == "utf-8" and not transcode:
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

    limits.ragged_rows = 0  # a new pass counts again from the first row

    def on_invalid_row(row: Any) -> str:
        limits.ragged_rows += 1
        return "skip"

    state = _HandlerState()
    on_invalid_row.piiscan_state = state  # type: ignore[attr-defined]
    if sys.unraisablehook is not _quiet_unraisable:
        global _previous_unraisable
        _previous_unraisable = sys.unraisablehook
        sys.unraisablehook = _quiet_unraisable

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
                invalid_row_handler=on_invalid_row,
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
        yield from _guarded(reader)
    except pa.ArrowException as exc:
        raise _error(exc) from None
    except ReadError:
        if state.failed:
            raise _BadRowText("ragged row not valid UTF-8") from None
        raise
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


# -- sniffing -----------------------------------------------------------------------------------


SNIFF_RECORDS = 50
"""Records (header included) that choose the delimiter and the row width."""


def sniff(src: Source, *, tsv: bool = False) -> Layout:
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


_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DATA_DIGITS = 9
"""A header field with this many digits or more reads as a value (phone, card, account or
ID number), not a name; dates (8 digits) still name columns in pivot-style exports."""


def looks_like_data(field: str) -> bool:
    """Whether a first-row field is a value rather than a column name: an email address or
    a long number."""
    return sum(c.isdigit() for c in field) >= DATA_DIGITS or bool(_EMAIL_LIKE.search(field))


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
    """(codec, BOM length): a BOM decides; else UTF-16 by its zero bytes; else valid UTF-8;
    else cp1251 (1C exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
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
        return "cp1251", 0
    return "utf-8", 0


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
    """The candidate that splits the header and most rows into the same number of fields.

    A candidate must occur in the header; then consistency across rows wins (in 10% steps),
    then the number of fields. ``.tsv`` files use tab whenever their header has one.
    """
    if not records:
        return "\t" if tsv else ","
    if tsv and "\t" in records[0]:
        return "\t"
    best: tuple[float, int, int] | None = None
    choice = "\t" if tsv else ","
    header, *rows = map(_outside_quotes, records)
    for rank, d in enumerate(DELIMITERS):
        head = header.count(d)
        if head == 0:
            continue
        data = [r.count(d) for r in rows]
        consistent = sum(1 for c in data if c == head) / len(data) if data else 1.0
        score = (round(consistent, 1), head, -rank)
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
