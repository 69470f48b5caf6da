"""Avro object container files (Kafka sinks, data-lake exports), read block by block with
fastavro and flattened like JSON: nested records ``customer.email``, arrays ``items[].sku``,
maps as objects (``attrs.<key>``, or ``attrs.(key)`` when the keys are data), a union as the
branch a value holds.

Values: strings as they are, integers as decimal text, floats by Python's shortest repr,
booleans ``true``/``false``, bytes and fixed as UTF-8 (invalid bytes replaced), decimals,
dates, times, timestamps and UUIDs (logical types) as their ISO / canonical text.

The header's user metadata (keys outside ``avro.*``) and the schema's ``doc`` strings and
defaults are scanned first, in a batch of no rows. A corrupt block is an error after the
records before it were yielded; bytes after the last block are not a block, so they are one
too (exit 2). Every codec of the spec is read: snappy through cramjam, lz4 and zstd through
their libraries, deflate, bzip2 and xz built in.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from piiscan.errors import ReadError
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import Head, first_line
from piiscan.readers._stream import Limits, Pacer, int64_array, open_source, string_array
from piiscan.readers.json import Item, emit_items
from piiscan.readers.parquet import METADATA

FORMATS: tuple[Format, ...] = (Format.AVRO,)
SUFFIXES: Mapping[str, Format] = {".avro": Format.AVRO}
BY_MAGIC: bool = True
MAGIC = b"Obj\x01"
SCHEMA_TEXTS = "(schema)"
"""Column of the schema's ``doc`` strings and string defaults."""
_BUFFER = 1024 * 1024


def sniff(head: Head) -> Format | None:
    """Avro by its ``Obj\\x01`` header, whatever the file is called."""
    return Format.AVRO if head.data.startswith(MAGIC) else None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream an Avro file (plain or compressed) as flattened string columns."""
    import io

    import fastavro

    with open_source(ref, options) as src:
        if not src.peek_head(1):
            src.raise_if_failed()
            raise ReadError("empty file")
        buffered = io.BufferedReader(src, _BUFFER)
        try:
            reader = fastavro.reader(buffered)
        except Exception:  # fastavro's header errors have no common base; none quote data
            src.raise_if_failed()
            raise ReadError("not a valid Avro file: unreadable header") from None
        prologue = _not_rows(reader.metadata, reader.writer_schema)
        if prologue is not None:
            yield prologue
        pacer = Pacer(options)
        try:
            yield from emit_items(_items(reader), pacer, limits)
        except ReadError:
            src.raise_if_failed()  # a broken compressed stream shows up as a cut-short block
            raise
        if not pacer.truncated:
            src.finish(limits)


def _items(reader: Any) -> Iterator[Item]:
    row = 0
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception:  # fastavro raises many kinds on bad blocks; none quote data here
            raise ReadError(
                f"corrupt Avro data after record {row}: a block could not be decoded"
            ) from None
        row += 1
        yield row, "", _plain(record), True


def _plain(value: Any) -> Any:
    """``value`` with every leaf as JSON's reader gives it: text, bool or None."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        return {key: _plain(child) for key, child in value.items()}
    if kind is list:
        return [_plain(child) for child in value]
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if kind is bytes:
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, tuple):  # a union read with its branch name
        return _plain(value[-1])
    return str(value)


def _not_rows(metadata: Mapping[str, Any], schema: Any) -> Batch | None:
    """User metadata as ``(metadata).<key>`` and the schema's docs and string defaults as
    ``(schema)``, one-row columns in a batch of no rows."""
    texts: dict[str, list[str]] = {}
    for key, value in metadata.items():
        if not key.startswith("avro."):
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            texts.setdefault(f"{METADATA}.{key}", []).append(text)
    found: list[str] = []
    _schema_texts(schema, found)
    if found:
        texts[SCHEMA_TEXTS] = found
    if not texts:
        return None
    return Batch(
        columns=tuple(
            ColumnChunk(name, string_array([*values]), int64_array([1] * len(values)))
            for name, values in texts.items()
        ),
        row_count=0,
    )


def _schema_texts(node: Any, out: list[str]) -> None:
    """Free text a schema carries: ``doc`` strings and string ``default`` values."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("doc", "default") and isinstance(value, str) and value:
                    out.append(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))
