"""Readers: one per format, each turning a file into batches of string columns.

This package is the only place pyarrow I/O happens; pyarrow is imported lazily so that
``piiscan --help`` stays fast.
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Callable, Iterator

from piiscan.errors import ReadError
from piiscan.model import Batch, FileRef, Format, ReadOptions
from piiscan.readers.archive import read_archive
from piiscan.readers.csv import read_csv
from piiscan.readers.json import read_json, read_jsonl
from piiscan.readers.parquet import read_parquet
from piiscan.readers.text import read_text
from piiscan.readers.workbook import read_workbook

Reader = Callable[[FileRef, ReadOptions], Iterator[Batch]]

READERS: dict[Format, Reader] = {
    Format.CSV: read_csv,
    Format.TSV: read_csv,
    Format.PARQUET: read_parquet,
    Format.JSON: read_json,
    Format.JSONL: read_jsonl,
    Format.TEXT: read_text,
    Format.WORKBOOK: read_workbook,
    Format.ARCHIVE: read_archive,
}
"""Format to reader; every ``Format`` member has an entry (tested)."""


def read(ref: FileRef, options: ReadOptions | None = None) -> Iterator[Batch]:
    """Batches of ``ref``'s rows; raises ``ReadError`` (after the good batches) on a bad file."""
    return guarded(READERS[ref.format](ref, options if options is not None else ReadOptions()))


def guarded(batches: Iterator[Batch]) -> Iterator[Batch]:
    """The last line of defence: a library error that a reader did not word itself becomes a
    ReadError naming only its kind (library messages can quote a row), so a hostile file is
    reported as unreadable instead of stopping the whole scan as an internal error."""
    import pyarrow as pa
    import zstandard

    try:
        yield from batches
    except ReadError:
        raise
    except (
        pa.ArrowException,
        OSError,
        EOFError,
        ValueError,
        RecursionError,
        MemoryError,
        zlib.error,
        lzma.LZMAError,
        zstandard.ZstdError,
    ) as exc:
        raise ReadError(f"could not read ({type(exc).__name__})") from None


__all__ = [
    "READERS",
    "Reader",
    "guarded",
    "read",
    "read_archive",
    "read_csv",
    "read_json",
    "read_jsonl",
    "read_parquet",
    "read_workbook",
]
