"""Parquet: row-group streaming with nested types flattened to string columns.

Naming: struct fields join with dots (``address.street``); list elements get ``[]``
(``wishlist[]``, ``orders[].items[].sku``), one value per element at its parent row's number;
a map is a list of key/value pairs, ``attrs[].key`` and ``attrs[].value``.

Values: integers and decimals as their decimal text ("79161234567"), floats by pyarrow's
shortest repr ("55.75"), dates and timestamps ISO 8601 (``2024-01-02T03:04:05.123``, with the
offset when the type has a time zone), booleans "true"/"false", binary as UTF-8 (invalid
bytes replaced).

Pages are checked against their CRC when the writer stored one, so a corrupt page is an error
rather than wrong values. Top-level columns past a ``max_columns`` the user set are not read
and flattened ones past it are dropped (named as not examined: exit 2). A compressed file is
inflated to a temporary file, no further than ``max_inflate``.

What is not a row is scanned too, in a first batch of no rows (values at row 1): the file's
key-value metadata as ``(metadata).<key>`` (pandas' JSON included; Arrow's serialized schema
is read as the schema it holds), each field's own metadata as ``<field>.(metadata).<key>``,
and column names that are not plain identifiers (an e-mail as a
column name) as ``(columns)``, whatever ``max_columns`` leaves out.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import Head, first_line
from piiscan.readers._stream import (
    Limits,
    Pacer,
    int64_array,
    open_source,
    os_problem,
    row_numbers,
    string_array,
)
from piiscan.readers.json import plain_name

COLUMNS = "(columns)"
"""Column of the column names that are not plain identifiers."""
METADATA = "(metadata)"
"""Prefix of the columns holding key-value metadata."""
_ARROW_SCHEMA = b"ARROW:schema"

if TYPE_CHECKING:
    import pyarrow as pa


FORMATS: tuple[Format, ...] = (Format.PARQUET,)
SUFFIXES: Mapping[str, Format] = {".parquet": Format.PARQUET, ".pq": Format.PARQUET}
BY_MAGIC: bool = True


def sniff(head: Head) -> Format | None:
    """Parquet by its ``PAR1`` header, whatever the file is called."""
    return Format.PARQUET if head.data.startswith(b"PAR1") else None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream a Parquet file (plain or compressed) as flattened string columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open_source(ref, options) as src:
        if not src.peek_head(1):
            src.raise_if_failed()
            raise ReadError("empty file")
        if src.compression is None:
            handle: Any = str(ref.path)
            spool = None
        else:
            # Parquet needs random access (the footer is at the end): inflate to a temp file.
            spool = tempfile.TemporaryFile(prefix="piiscan-")  # noqa: SIM115 - closed below
            shutil.copyfileobj(src, spool, 1024 * 1024)
            src.raise_if_failed()
            spool.seek(0)
            handle = spool
        try:
            try:
                pf = pq.ParquetFile(handle, page_checksum_verification=True)
            except OSError as exc:
                if not isinstance(exc, pa.ArrowException):
                    raise ReadError(os_problem(exc)) from None
                raise ReadError(_describe_open_error(exc)) from None
            except (pa.ArrowException, ValueError, TypeError) as exc:
                raise ReadError(_describe_open_error(exc)) from None
            with pf:
                prologue = not_rows(pf.metadata.metadata, pf.schema_arrow)
                if prologue is not None:
                    yield prologue
                names = limits.keep(pf.schema_arrow.names)
                pacer = Pacer(options)
                batches = _guarded(_row_groups(pf, max(1, options.batch_rows), names))
                yield from paced(batches, pacer, limits)
                if not pacer.truncated:
                    src.finish(limits)
        finally:
            if spool is not None:
                spool.close()


def not_rows(
    metadata: Mapping[bytes, bytes] | Mapping[str, str] | None, schema: pa.Schema
) -> Batch | None:
    """A file's key-value ``metadata``, its ``schema``'s field metadata and its unusual column
    names as one-row columns in a batch of no rows (Parquet, ORC and Arrow files share it)."""
    texts: dict[str, list[str]] = {}
    for key, value in (metadata or {}).items():
        if key not in (_ARROW_SCHEMA, _ARROW_SCHEMA.decode()):
            # the Arrow schema: its names and metadata are read below
            texts.setdefault(f"{METADATA}.{_text(key)}", []).append(_text(value))
    return texts_batch(texts, schema)


def texts_batch(texts: dict[str, list[str]], schema: pa.Schema | None) -> Batch | None:
    """``texts`` (column name to values), with ``schema``'s field metadata and unusual column
    names added, as one-row columns in a batch of no rows; None when there is nothing."""
    names: list[str] = []
    for field in schema or ():
        _field_texts(field, field.name, names, texts)
    odd = [name for name in names if not plain_name(name)]
    if odd:
        texts[COLUMNS] = odd
    if not texts:
        return None
    return Batch(
        columns=tuple(
            ColumnChunk(name, string_array([*values]), int64_array([1] * len(values)))
            for name, values in texts.items()
        ),
        row_count=0,
    )


def _field_texts(field: Any, name: str, names: list[str], texts: dict[str, list[str]]) -> None:
    """``field``'s flattened name and metadata, and its children's (named as the columns)."""
    import pyarrow as pa

    names.append(name)
    for key, value in (field.metadata or {}).items():
        texts.setdefault(f"{name}.{METADATA}.{_text(key)}", []).append(_text(value))
    t = field.type
    if isinstance(t, pa.ExtensionType):
        t = t.storage_type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_struct(t):
        for child in t:
            _field_texts(child, f"{name}.{child.name}", names, texts)
    elif pa.types.is_map(t):
        _field_texts(t.key_field, f"{name}[].key", names, texts)
        _field_texts(t.item_field, f"{name}[].value", names, texts)
    elif hasattr(t, "value_field"):  # lists of every kind
        _field_texts(t.value_field, f"{name}[]", names, texts)


def _text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else raw.decode("utf-8", "replace")


def _describe_open_error(exc: BaseException) -> str:
    # pyarrow's own wording may quote metadata; ours names the problem only.
    if "magic bytes" in str(exc):
        return "not a valid Parquet file: no Parquet magic bytes"
    return "not a valid Parquet file: unreadable footer metadata"


def _row_groups(pf: Any, batch_rows: int, names: list[str]) -> Iterator[pa.RecordBatch]:
    """Batches of at most ``batch_rows`` rows, as ``reading_plan`` groups the row groups.
    pyarrow's own iter_batches over the whole file would lose every good group before a
    corrupt page."""
    for groups, streamed in reading_plan(pf.metadata, batch_rows):
        if streamed:
            yield from pf.iter_batches(batch_size=batch_rows, row_groups=groups, columns=names)
        else:
            yield from _read_together(pf, groups, names)


def reading_plan(meta: Any, batch_rows: int) -> Iterator[tuple[list[int], bool]]:
    """The file's row groups in the reader's reads: (groups, streamed). Row groups smaller
    than ``batch_rows`` are read together, a few at a time, as one batch (one call each would
    cost more than the reading, and a batch per tiny group a fixed overhead in the engine);
    a larger one is streamed alone in batches of ``batch_rows``."""
    small: list[int] = []
    size = 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        if small and (rows >= batch_rows or size + rows > batch_rows):
            yield small, False
            small, size = [], 0
        if rows >= batch_rows:
            yield [group], True
        else:
            small.append(group)
            size += rows
    if small:
        yield small, False


def batch_sizes(meta: Any, batch_rows: int) -> Iterator[int]:
    """The rows of each record batch the reader reads from a file with footer ``meta``
    (before ``max_rows``): where another reader of the same rows cuts them to scan the file
    as it is scanned here (the engine samples per batch)."""
    for groups, streamed in reading_plan(meta, batch_rows):
        rows = sum(meta.row_group(group).num_rows for group in groups)
        if streamed:
            whole, rest = divmod(rows, batch_rows)
            yield from [batch_rows] * whole
            if rest:
                yield rest
        elif rows:
            yield rows


def _read_together(pf: Any, groups: list[int], names: list[str]) -> Iterator[pa.RecordBatch]:
    """Small row groups as one batch; when they cannot be read together, one group at a
    time, so that the groups before a bad one still count."""
    try:
        table = pf.read_row_groups(groups, columns=names).combine_chunks()
    except Exception:
        for group in groups:
            yield from pf.iter_batches(row_groups=[group], columns=names)
        return
    yield from table.to_batches()


def _guarded(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Record batches, with pyarrow's errors reworded (they never reach the user verbatim)."""
    import pyarrow as pa

    try:
        yield from batches
    except (pa.ArrowException, OSError, ValueError):
        raise ReadError("corrupt Parquet data: a page could not be decoded") from None


def paced(
    record_batches: Iterator[pa.RecordBatch], pacer: Pacer, limits: Limits
) -> Iterator[Batch]:
    """``record_batches`` as flattened string batches of at most ``batch_rows`` rows, cut at
    ``max_rows`` (``pacer.truncated`` tells whether rows were left); flattened columns past
    ``max_columns`` are dropped (and named as such)."""
    for rb, before, truncated in pacer.pace(
        record_batches, lambda b: b.num_rows, lambda b, s, n: b.slice(s, n)
    ):
        chunks = flatten_batch(rb, before + 1)
        if limits.max_columns is not None and len(chunks) > limits.max_columns:
            limits.columns_over = True
            chunks = chunks[: limits.max_columns]
        yield Batch(
            columns=tuple(chunks),
            row_count=rb.num_rows,
            truncated=truncated,
        )


def flatten_batch(rb: pa.RecordBatch, first_row: int) -> list[ColumnChunk]:
    """Flatten one record batch; ``first_row`` is the 1-based number of its first row."""
    rows = row_numbers(first_row, rb.num_rows)
    out: list[ColumnChunk] = []
    for field, column in zip(rb.schema, rb.columns, strict=True):
        flatten_array(field.name, column, rows, out)
    return out


def flatten_array(name: str, arr: pa.Array, rows: pa.Array, out: list[ColumnChunk]) -> None:
    """Append the string columns held by ``arr`` (nested or not) to ``out``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    if isinstance(t, pa.ExtensionType):
        arr = arr.storage
        t = arr.type
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if pa.types.is_struct(t):
        for i, child in enumerate(arr.flatten()):
            flatten_array(f"{name}.{t.field(i).name}", child, rows, out)
        return
    if pa.types.is_map(t):
        pairs = pa.list_(
            pa.struct(
                [
                    pa.field("key", t.key_type, nullable=False),
                    pa.field("value", t.item_type),
                ]
            )
        )
        arr = arr.cast(pairs)
        t = arr.type
    if pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        arr = arr.cast(pa.large_list(t.value_type))
        t = arr.type
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        parents = pc.list_parent_indices(arr)
        flatten_array(f"{name}[]", pc.list_flatten(arr), rows.take(parents), out)
        return
    out.append(ColumnChunk(name, to_strings(arr), rows, floats=pa.types.is_floating(t)))


def to_strings(arr: pa.Array) -> pa.Array:
    """A string array with one text per value (nulls stay null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr
    if pa.types.is_null(t):
        return pa.nulls(len(arr), pa.string())
    if pa.types.is_timestamp(t):
        fmt = "%Y-%m-%dT%H:%M:%S" + ("%z" if t.tz else "")
        return pc.strftime(arr, format=fmt)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        try:
            return arr.cast(pa.string())
        except pa.ArrowInvalid:
            return string_array(
                [None if v is None else v.decode("utf-8", "replace") for v in arr.to_pylist()]
            )
    try:
        return pc.cast(arr, pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return string_array([None if v is None else str(v) for v in arr.to_pylist()])
