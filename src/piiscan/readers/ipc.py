"""Arrow IPC: the file format (Feather v2, ``.arrow``), the stream format (``.arrows``, what
``pa.ipc.new_stream`` and many services write) and legacy Feather v1, told by content and
read record batch by record batch as flattened string columns, named and valued as Parquet's.

The schema's metadata (pandas' included) and unusual column names are scanned first, in a
batch of no rows. Bytes after a stream's end-of-stream marker are named as not examined. A
compressed file in the file format is inflated to a temporary file (its index is at its end),
no further than ``max_inflate``; a stream is read as it inflates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from piiscan.errors import ReadError
from piiscan.model import Batch, FileRef, Format, ReadOptions
from piiscan.readers._columnar import random_access, reworded
from piiscan.readers._protocol import Head, first_line
from piiscan.readers._stream import Limits, Pacer, Source, open_source
from piiscan.readers.parquet import not_rows, paced

FORMATS: tuple[Format, ...] = (Format.ARROW,)
SUFFIXES: Mapping[str, Format] = {
    ".arrow": Format.ARROW,
    ".arrows": Format.ARROW,
    ".feather": Format.ARROW,
    ".ipc": Format.ARROW,
}
BY_MAGIC: bool = True

FILE_MAGIC = b"ARROW1\x00\x00"
"""Start of the file format (Feather v2): magic, then padding to 8 bytes."""
FEATHER_V1 = b"FEA1"
CONTINUATION = b"\xff\xff\xff\xff"
"""Start of each message of the stream format (since Arrow 0.15)."""
_MAX_SCHEMA = 1 << 24
"""A schema message longer than this (16 MiB) is not believed: not a stream."""


def sniff(head: Head) -> Format | None:
    """The file format and Feather v1 by their magic; a stream by its first message, which
    must be a schema (checked by pyarrow when the head holds all of it)."""
    data = head.data
    if data.startswith(FILE_MAGIC) or (data.startswith(FEATHER_V1) and b"\x00" in data[4:8]):
        return Format.ARROW
    if not data.startswith(CONTINUATION) or len(data) < 8:
        return None
    length = int.from_bytes(data[4:8], "little")
    if not 0 < length < _MAX_SCHEMA:
        return None
    if 8 + length > len(data):
        return Format.ARROW
    import pyarrow as pa

    try:
        message = pa.ipc.read_message(pa.py_buffer(data[: 8 + length]))
    except (pa.ArrowException, OSError, ValueError):
        return None
    return Format.ARROW if message.type == "schema" else None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream an Arrow IPC file or stream (plain or compressed) as flattened string columns."""
    with open_source(ref, options) as src:
        head = src.peek_head(len(FILE_MAGIC))
        if head.startswith(CONTINUATION):
            yield from _read_stream(src, options, limits)
        else:
            yield from _read_file(ref, src, options, limits, v1=head.startswith(FEATHER_V1))


def _read_file(
    ref: FileRef, src: Source, options: ReadOptions, limits: Limits, *, v1: bool
) -> Iterator[Batch]:
    import pyarrow as pa

    with random_access(str(ref.path), src) as handle:
        try:
            if v1:
                batches, schema = _feather_v1(handle)
            else:
                reader = pa.ipc.open_file(handle)
                schema = reader.schema
                batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
        except (pa.ArrowException, OSError, ValueError, TypeError):
            raise ReadError("not a valid Arrow file: unreadable footer") from None
        pacer = Pacer(options)
        yield from _batches(schema, batches, pacer, limits)
        if not pacer.truncated:
            src.finish(limits)


def _feather_v1(handle: Any) -> tuple[Iterator[Any], Any]:
    """Feather v1 (pandas before 2019) has no batches: pyarrow reads it whole, mapped from
    disk when it is a plain file."""
    import warnings

    import pyarrow.feather as feather

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pyarrow 25 deprecates reading v1
        table = feather.read_table(handle, memory_map=isinstance(handle, str))
    return iter(table.to_batches()), table.schema


def _read_stream(src: Source, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    import pyarrow as pa

    try:
        reader = pa.ipc.open_stream(src)
    except (pa.ArrowException, OSError, ValueError):
        src.raise_if_failed()
        raise ReadError("not a valid Arrow stream: unreadable schema") from None
    pacer = Pacer(options)
    try:
        yield from _batches(reader.schema, iter(reader), pacer, limits)
    except ReadError:
        src.raise_if_failed()  # a broken compressed stream shows up as a cut-short message
        raise
    if pacer.truncated:
        return
    left = len(src.read(1 << 16))
    if left:
        more = "" if left < 1 << 16 else " or more"
        limits.unexamined.append(
            f"{left}{more} bytes after the end of the Arrow stream are not Arrow data; not examined"
        )
    src.finish(limits)


def _batches(schema: Any, batches: Iterator[Any], pacer: Pacer, limits: Limits) -> Iterator[Batch]:
    prologue = not_rows(schema.metadata, schema)
    if prologue is not None:
        yield prologue
    names = limits.keep(schema.names)
    if len(names) < len(schema.names):
        batches = (rb.select(names) for rb in batches)
    yield from paced(
        reworded(batches, "corrupt Arrow data: a record batch could not be decoded"),
        pacer,
        limits,
    )
