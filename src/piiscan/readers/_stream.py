"""Shared plumbing for the readers: decompression, sniffing, batching and row numbers.

Decompression is done here (not by pyarrow) so that every codec, xz included, behaves the
same way and a broken stream can be reported *after* the rows before the break were yielded.
"""

from __future__ import annotations

import bz2
import codecs
import io
import lzma
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, assert_never

from piiscan.errors import ReadError
from piiscan.model import Compression, FileRef, ReadOptions

if TYPE_CHECKING:
    import pyarrow as pa

MAGIC: dict[Compression, bytes] = {
    Compression.GZIP: b"\x1f\x8b",
    Compression.BZ2: b"BZh",
    Compression.XZ: b"\xfd7zXZ\x00",
    Compression.ZSTD: b"\x28\xb5\x2f\xfd",
}
"""Leading bytes of each compressed stream; they win over the file's suffix."""

RAW_CHUNK = 256 * 1024
"""Compressed bytes read from disk at a time."""

_ZSTD_FEED = 4096
"""zstandard's decompressobj has no output limit, so feed it small pieces to bound memory."""


def sniff_compression(head: bytes) -> Compression | None:
    """The compression whose magic bytes start ``head``, or None for a plain stream."""
    for compression, magic in MAGIC.items():
        if head.startswith(magic):
            return compression
    return None


def os_problem(exc: OSError) -> str:
    """A one-line, path-free description of an OS error."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if exc.errno is not None:
        return os.strerror(exc.errno).lower()
    return f"cannot read file ({type(exc).__name__})"


class _Inflater(Protocol):
    eof: bool

    def step(self, data: bytes, limit: int) -> bytes:
        """Feed ``data`` (may be empty) and return at most about ``limit`` bytes of output."""

    def needs_input(self) -> bool: ...

    def unused(self) -> bytes:
        """Input after the end of this stream (the next gzip member, padding, ...)."""

    def finish(self) -> bytes:
        """Whatever output is still buffered once the input is exhausted."""


class _Zlib:
    def __init__(self) -> None:
        self._d = zlib.decompressobj(wbits=31)
        self._tail = b""
        self.eof = False

    def step(self, data: bytes, limit: int) -> bytes:
        out = self._d.decompress(self._tail + data, limit)
        self._tail = self._d.unconsumed_tail
        self.eof = self._d.eof
        return out

    def needs_input(self) -> bool:
        return not self._tail

    def unused(self) -> bytes:
        return self._d.unused_data

    def finish(self) -> bytes:
        out = self._d.flush()
        self.eof = self._d.eof
        return out


class _Std:
    """bz2 and lzma share the same decompressor interface."""

    def __init__(self, d: bz2.BZ2Decompressor | lzma.LZMADecompressor) -> None:
        self._d = d
        self.eof = False

    def step(self, data: bytes, limit: int) -> bytes:
        out = self._d.decompress(data, limit)
        self.eof = self._d.eof
        return out

    def needs_input(self) -> bool:
        return bool(self._d.needs_input)

    def unused(self) -> bytes:
        return self._d.unused_data

    def finish(self) -> bytes:
        return b""


class _Zstd:
    def __init__(self) -> None:
        import zstandard

        self._d = zstandard.ZstdDecompressor().decompressobj()
        self._buf = memoryview(b"")
        self.eof = False

    def step(self, data: bytes, limit: int) -> bytes:
        if data:
            self._buf = memoryview(bytes(self._buf) + data)
        piece, self._buf = self._buf[:_ZSTD_FEED], self._buf[_ZSTD_FEED:]
        out: bytes = self._d.decompress(piece.tobytes())
        self.eof = bool(self._d.eof)
        return out

    def needs_input(self) -> bool:
        return not self._buf

    def unused(self) -> bytes:
        return bytes(self._d.unused_data) + bytes(self._buf)

    def finish(self) -> bytes:
        return b""


def _inflater(compression: Compression) -> _Inflater:
    if compression is Compression.GZIP:
        return _Zlib()
    if compression is Compression.BZ2:
        return _Std(bz2.BZ2Decompressor())
    if compression is Compression.XZ:
        return _Std(lzma.LZMADecompressor(format=lzma.FORMAT_XZ))
    if compression is Compression.ZSTD:
        return _Zstd()
    assert_never(compression)


def _codec_errors() -> tuple[type[BaseException], ...]:
    import zstandard

    return (zlib.error, OSError, EOFError, lzma.LZMAError, zstandard.ZstdError)


class Source(io.RawIOBase):
    """The decompressed bytes of a file, read forward once.

    A broken or truncated compressed stream does not raise from ``read``: the data ends there
    and ``error`` is set. pyarrow would otherwise drop the block in flight; this way the reader
    yields every row before the break and then calls ``raise_if_failed``.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        try:
            self._raw = open(path, "rb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise ReadError(os_problem(exc)) from None
        self.error: ReadError | None = None
        self._head = b""
        self._done = False
        first = self._raw_read(8)
        # Magic bytes win over the suffix: a gzip named .csv, or a .gz that is plain text.
        self.compression = sniff_compression(first)
        self._pending = first
        self._inflater = _inflater(self.compression) if self.compression else None

    # -- raw access ---------------------------------------------------------------------------
    def _raw_read(self, n: int) -> bytes:
        try:
            return self._raw.read(n)
        except OSError as exc:
            self._fail(f"read error: {os_problem(exc)}")
            return b""

    def _fail(self, message: str) -> None:
        if self.error is None:
            self.error = ReadError(message)
        self._done = True

    def _produce(self, limit: int) -> bytes:
        """Up to about ``limit`` new bytes; empty at end of data (or after a failure)."""
        while not self._done:
            if self._inflater is None:
                data = self._pending or self._raw_read(limit)
                self._pending = b""
                if not data:
                    self._done = True
                return data
            out = self._inflate(limit)
            if out:
                return out
        return b""

    def _inflate(self, limit: int) -> bytes:
        inflater = self._inflater
        assert inflater is not None and self.compression is not None
        name = self.compression.value
        try:
            if inflater.eof:
                rest = inflater.unused() + self._pending
                self._pending = b""
                if not rest:
                    rest = self._raw_read(RAW_CHUNK)
                # Concatenated members/frames continue; zero padding or garbage ends the data.
                if rest.strip(b"\x00") == b"" or not rest.startswith(MAGIC[self.compression]):
                    self._done = True
                    return b""
                self._inflater = inflater = _inflater(self.compression)
                return inflater.step(rest, limit)
            data = self._pending
            self._pending = b""
            if not data and inflater.needs_input():
                data = self._raw_read(RAW_CHUNK)
                if not data:
                    out = inflater.finish()
                    if out:
                        return out
                    if not inflater.eof:
                        self._fail(f"truncated {name} stream")
                    return b""
            return inflater.step(data, limit)
        except _codec_errors():
            self._fail(f"corrupt {name} stream")
            return b""

    # -- io.RawIOBase ---------------------------------------------------------------------------
    def readable(self) -> bool:
        return True

    def peek_head(self, n: int) -> bytes:
        """The first ``n`` bytes not yet read (fewer only at end of data), without consuming."""
        while len(self._head) < n:
            more = self._produce(max(n - len(self._head), 64 * 1024))
            if not more:
                break
            self._head += more
        return self._head[:n]

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes; fewer only at the end of the data."""
        if size is None or size < 0:
            chunks = [self._head]
            self._head = b""
            while more := self._produce(RAW_CHUNK * 4):
                chunks.append(more)
            return b"".join(chunks)
        parts: list[bytes] = []
        got = 0
        if self._head:
            part, self._head = self._head[:size], self._head[size:]
            parts.append(part)
            got = len(part)
        while got < size:
            more = self._produce(size - got)
            if not more:
                break
            if len(more) > size - got:
                self._head = more[size - got :] + self._head
                more = more[: size - got]
            parts.append(more)
            got += len(more)
        return b"".join(parts)

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def raise_if_failed(self) -> None:
        """Raise the stream's deferred error, if any (after all good data was consumed)."""
        if self.error is not None:
            raise self.error


def open_source(ref: FileRef) -> Source:
    """Open a file's decompressed byte stream; a ReadError for an unopenable file.

    The compression is taken from the magic bytes, so a ``FileRef`` whose suffix lied still
    reads right.
    """
    return Source(ref.path)


class Transcoder(io.RawIOBase):
    """UTF-8 view of a byte stream in another encoding (pyarrow parses UTF-8 only).

    Undecodable bytes become U+FFFD rather than failing the file: cp1251 leaves 0x98 undefined.
    """

    def __init__(self, source: io.RawIOBase, encoding: str) -> None:
        super().__init__()
        self._source = source
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._out = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = RAW_CHUNK * 4 if size is None or size < 0 else size
        while len(self._out) < want and not self._eof:
            data = self._source.read(max(want, 64 * 1024))
            final = not data
            self._out += self._decoder.decode(data or b"", final=final).encode("utf-8")
            self._eof = final
        if size is None or size < 0:
            out, self._out = self._out, b""
            while not self._eof:
                out += self.read(RAW_CHUNK * 4)
            return out
        out, self._out = self._out[:size], self._out[size:]
        return out

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)


# -- batching -----------------------------------------------------------------------------------

P = TypeVar("P")


class Pacer:
    """Cuts a stream of pieces (record batches, lists of rows) into batches of at most
    ``batch_rows`` rows and stops at ``max_rows``, looking one piece ahead to tell whether rows
    were left unread."""

    def __init__(self, options: ReadOptions) -> None:
        self.batch_rows = max(1, options.batch_rows)
        self.max_rows = options.max_rows
        self.truncated = False
        """True once ``max_rows`` stopped the read with rows left."""

    def pace(
        self,
        pieces: Iterable[P],
        size: Callable[[P], int],
        cut: Callable[[P, int, int], P],
    ) -> Iterator[tuple[P, int, bool]]:
        """Yield ``(piece, rows_before, truncated)``; ``rows_before``: rows already yielded."""
        done = 0
        limit = self.max_rows
        it = iter(pieces)
        for piece in it:
            n = size(piece)
            start = 0
            while start < n:
                take = min(self.batch_rows, n - start)
                if limit is not None and done + take >= limit:
                    take = limit - done
                    more = start + take < n or _any_rows(it, size)
                    self.truncated = more
                    yield cut(piece, start, take), done, more
                    return
                yield cut(piece, start, take), done, False
                done += take
                start += take
            if limit is not None and done >= limit:
                more = _any_rows(it, size)
                self.truncated = more
                if more:
                    yield cut(piece, 0, 0), done, True
                return


def _any_rows(it: Iterator[P], size: Callable[[P], int]) -> bool:
    try:
        return any(size(p) > 0 for p in it)
    except ReadError:
        # Something follows the cut, even if it cannot be read; it was not going to be read.
        return True


# pyarrow.array() probes its argument for pandas types and so imports pandas (~0.4 s) the
# first time it runs; readers build arrays from buffers instead.


def row_numbers(first: int, count: int) -> pa.Array:
    """int64 array ``first, first+1, ...`` of length ``count``."""
    import numpy as np

    return _int64(np.arange(first, first + count, dtype=np.int64))


def int64_array(values: list[int]) -> pa.Array:
    """int64 array of Python ints."""
    import numpy as np

    return _int64(np.array(values, dtype=np.int64))


def _int64(data: Any) -> pa.Array:
    import pyarrow as pa

    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def string_array(values: list[str | None]) -> pa.Array:
    """string array of Python strings (None is null); lone surrogates become ``?``."""
    import numpy as np
    import pyarrow as pa

    count = len(values)
    nulls = values.count(None)
    texts: list[str] = [v or "" for v in values] if nulls else values  # type: ignore[assignment]
    joined = "".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    else:
        encoded = [t.encode("utf-8", "replace") for t in texts]
        data = b"".join(encoded)
        sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=count)
    large = len(data) >= 2**31
    offsets = np.zeros(count + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(sizes, out=offsets[1:])
    validity = None
    if nulls:
        mask = np.array([v is not None for v in values], dtype=bool)
        validity = pa.py_buffer(np.packbits(mask, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_string() if large else pa.string(),
        count,
        [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )
