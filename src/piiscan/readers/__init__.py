"""Readers: one module per format family, each owning its format entirely.

Every module in ``MODULES`` declares the formats it reads, the suffixes that name them, how
to tell them from a file's first bytes (``sniff``), how to read them (``read``) and where a
column's name is written in them (``locate``), as ``ReaderModule`` says. Discovery, the
engine and the report ask this registry; none of them knows a format's internals.

This package is the only place pyarrow I/O happens; pyarrow is imported lazily so that
``piiscan --help`` stays fast.
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Iterable, Iterator
from functools import partial

from piiscan.errors import ReadError
from piiscan.model import Batch, FileRef, Format, Locate, ReadOptions, Region
from piiscan.readers import (
    archive,
    avro,
    binary,
    csv,
    ipc,
    json,
    orc,
    parquet,
    sqlite,
    text,
    workbook,
)
from piiscan.readers._protocol import ColumnLocator, Head, ReaderModule
from piiscan.readers._stream import limited

MODULES: tuple[ReaderModule, ...] = (
    parquet,
    orc,
    ipc,
    avro,
    workbook,
    sqlite,
    archive,
    json,
    csv,
    text,
    binary,
)
"""Every reader module, in the order their ``sniff`` is asked: a ZIP is a workbook before it
is an archive; text is JSON before it is CSV, and CSV before it is free text."""

READERS: dict[Format, ReaderModule] = {fmt: module for module in MODULES for fmt in module.FORMATS}
"""Format to the module that owns it; every ``Format`` member has one (tested)."""

SUFFIXES: dict[str, Format] = {
    suffix: fmt for module in MODULES for suffix, fmt in module.SUFFIXES.items()
}
"""File-name suffix (lower case, with the dot) to the format it names."""


def sniff(head: Head, *, by_magic: bool) -> Format | None:
    """The first format a reader claims for ``head``, asking the readers whose ``BY_MAGIC``
    is ``by_magic``, in ``MODULES`` order."""
    for module in MODULES:
        if module.BY_MAGIC is by_magic and (fmt := module.sniff(head)) is not None:
            return fmt
    return None


def read(ref: FileRef, options: ReadOptions | None = None) -> Iterator[Batch]:
    """Batches of ``ref``'s rows; raises ``ReadError`` (after the good batches) on a bad file."""
    options = options if options is not None else ReadOptions()
    module = READERS[ref.format]
    return guarded(limited(partial(module.read, ref, options), options))


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


class HeaderLocator:
    """``(display path, column) -> Region | None`` over the files of one scan, each file's
    owner asked once for its locator and each column looked up once."""

    def __init__(self, files: Iterable[FileRef]) -> None:
        self._refs = {ref.display: ref for ref in files}
        self._files: dict[str, ColumnLocator] = {}
        self._columns: dict[tuple[str, str], Region | None] = {}

    def __call__(self, path: str, column: str) -> Region | None:
        if (path, column) in self._columns:
            return self._columns[path, column]
        ref = self._refs.get(path)
        if ref is None:
            return None
        if path not in self._files:
            self._files[path] = READERS[ref.format].locate(ref)
        region = self._columns[path, column] = self._files[path](column)
        return region


def header_locator(files: Iterable[FileRef]) -> Locate:
    """A locator for ``render_sarif(..., locate=)`` over the scanned ``files``."""
    return HeaderLocator(files)


__all__ = [
    "MODULES",
    "READERS",
    "SUFFIXES",
    "ColumnLocator",
    "Head",
    "HeaderLocator",
    "ReaderModule",
    "guarded",
    "header_locator",
    "read",
    "sniff",
]
