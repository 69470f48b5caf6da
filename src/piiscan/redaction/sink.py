"""Where a copy is written: the same compression as its source, into a temporary file that
takes the final name only when complete (a cut-short copy never looks finished)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, assert_never

from piiscan.model import Compression


@contextmanager
def open_sink(target: Path, compression: Compression | None) -> Iterator[IO[bytes]]:
    """A binary stream to ``target``, compressed as ``compression``; renamed into place on
    success, removed on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with ExitStack() as stack:
            raw = stack.enter_context(partial.open("wb"))
            stream = stack.enter_context(_compressor(raw, compression)) if compression else raw
            yield stream
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _compressor(raw: IO[bytes], compression: Compression) -> Any:
    """A writer compressing into ``raw`` (closing it leaves ``raw`` open)."""
    import bz2
    import gzip
    import lzma

    if compression is Compression.GZIP:
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="")
    if compression is Compression.BZ2:
        return bz2.BZ2File(raw, mode="wb")
    if compression is Compression.XZ:
        return lzma.LZMAFile(raw, mode="wb", format=lzma.FORMAT_XZ)
    if compression is Compression.ZSTD:
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)
    if compression is Compression.LZ4:
        import lz4.frame

        return lz4.frame.LZ4FrameFile(raw, mode="wb")
    assert_never(compression)
