"""ORC: Hive and Spark warehouses' files (``000000_0``), read stripe by stripe as flattened
string columns, named and valued as Parquet's (``parquet.flatten_batch``).

Memory holds one stripe at a time (a stripe is ORC's unit of reading, 64 MiB by default).
The file's user metadata and unusual column names are scanned first, in a batch of no rows,
as Parquet's are. A compressed file is inflated to a temporary file (ORC's index is at its
end), no further than ``max_inflate``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from piiscan.errors import ReadError
from piiscan.model import Batch, FileRef, Format, ReadOptions
from piiscan.readers._columnar import random_access, reworded
from piiscan.readers._protocol import Head, Magic, first_line
from piiscan.readers._stream import Limits, Pacer, open_source
from piiscan.readers.parquet import not_rows, paced

FORMATS: tuple[Format, ...] = (Format.ORC,)
SUFFIXES: Mapping[str, Format] = {".orc": Format.ORC}
BY_MAGIC: bool = True
_MAGIC: tuple[Magic, ...] = ((0, b"ORC", "ORC file"),)


def sniff(head: Head) -> Format | None:
    """ORC by its ``ORC`` header followed by binary bytes, whatever the file is called."""
    return Format.ORC if head.kind(_MAGIC) else None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream an ORC file (plain or compressed) as flattened string columns."""
    import pyarrow as pa
    import pyarrow.orc as orc

    with open_source(ref, options) as src, random_access(str(ref.path), src) as handle:
        try:
            orc_file = orc.ORCFile(handle)
            schema = orc_file.schema
            stripes = orc_file.nstripes
            metadata = orc_file.metadata
        except (pa.ArrowException, OSError, ValueError, TypeError):
            raise ReadError("not a valid ORC file: unreadable footer") from None
        prologue = not_rows(metadata, schema)
        if prologue is not None:
            yield prologue
        names = limits.keep(schema.names)
        columns = None if len(names) == len(schema.names) else names
        pacer = Pacer(options)
        yield from paced(
            reworded(
                _stripes(orc_file, stripes, columns),
                "corrupt ORC data: a stripe could not be decoded",
            ),
            pacer,
            limits,
        )
        if not pacer.truncated:
            src.finish(limits)


def _stripes(orc_file: Any, count: int, columns: list[str] | None) -> Iterator[Any]:
    for stripe in range(count):
        yield orc_file.read_stripe(stripe, columns=columns)
