"""Plumbing shared by the readers of Arrow-typed files (ORC, Arrow IPC): random access to a
file that may be compressed, and record batches paced into flattened string batches.

The flattening and the text of each value are Parquet's (``parquet.flatten_batch``), so one
table gives the same columns and values whichever of these formats holds it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.readers._stream import Source

if TYPE_CHECKING:
    import pyarrow as pa


@contextmanager
def random_access(path: str, src: Source) -> Iterator[Any]:
    """What a footer-indexed file is opened from: its path when it is plain, else a temporary
    file it is inflated into (no further than ``max_inflate``), closed on exit."""
    if not src.peek_head(1):
        src.raise_if_failed()
        raise ReadError("empty file")
    if src.compression is None:
        yield path
        return
    with tempfile.TemporaryFile(prefix="piiscan-") as spool:
        shutil.copyfileobj(src, spool, 1024 * 1024)
        src.raise_if_failed()
        spool.seek(0)
        yield spool


def reworded(batches: Iterator[pa.RecordBatch], message: str) -> Iterator[pa.RecordBatch]:
    """``batches``, with a library error while decoding one turned into ``message`` (library
    messages can quote data; ours name the problem only)."""
    import pyarrow as pa

    try:
        yield from batches
    except (pa.ArrowException, OSError, ValueError, EOFError):
        raise ReadError(message) from None
