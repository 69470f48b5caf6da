"""Shared plumbing for the readers: decompression, sniffing, batching and row numbers.

Decompression is done here (not by pyarrow) so that every codec, xz included, behaves the
same way and a broken stream can be reported *after* the rows before the break were yielded.
"""

from __future__ import annotations

import bz2
import codecs
import fcntl
import io
import lzma
import os
import stat
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, assert_never

# Arrow arrays come from buffers (pyarrow.array() would import pandas): re-exported.
from piiscan.arrow import int64_array as int64_array
from piiscan.arrow import row_numbers as row_numbers
from piiscan.arrow import string_array as string_array
from piiscan.errors import ReadError
from piiscan.model import Batch, Compression, FileRef, ReadOptions

if TYPE_CHECKING:
    import pyarrow as pa

MAGIC: dict[Compression, bytes] = {
    Compression.GZIP: b"\x1f\x8b",
    Compression.BZ2: b"BZh",
    Compression.XZ: b"\xfd7zXZ\x00",
    Compression.ZSTD: b"\x28\xb5\x2f\xfd",
    Compression.LZ4: b"\x04\x22\x4d\x18",
}
"""Leading bytes of each compressed stream; they win over the file's suffix."""

_PADDED = frozenset({Compression.GZIP, Compression.XZ})
"""Codecs whose tools skip zero bytes between and after streams (xz's stream padding; gzip
members padded to a block size, as tape and some writers do)."""

_UNIT: dict[Compression, str] = {
    Compression.GZIP: "member",
    Compression.BZ2: "stream",
    Compression.XZ: "stream",
    Compression.ZSTD: "frame",
    Compression.LZ4: "frame",
}
"""What each codec calls one of the pieces a file may concatenate."""

_MAGIC_MAX = max(len(m) for m in MAGIC.values())

RAW_CHUNK = 256 * 1024
"""Compressed bytes read from disk at a time."""

_ZSTD_FEED = 4096
"""zstandard's decompressobj has no output limit, so feed it small pieces to bound memory."""

_SKIPPABLE = frozenset({Compression.ZSTD, Compression.LZ4})
"""Codecs that share the skippable frames of magic 0x184D2A50..0x184D2A5F (metadata that
the decoder steps over, as ``zstd -dc`` and ``lz4 -dc`` do)."""
_SKIPPED_MAX = 16
"""Skippable frames looked past to tell a zstd file from an LZ4 one."""


def sniff_compression(head: bytes) -> Compression | None:
    """The compression whose magic bytes start ``head``, or None for a plain stream."""
    for compression in MAGIC:
        if starts_stream(compression, head):
            return compression
    return None


def starts_stream(compression: Compression, data: bytes) -> bool:
    """Whether ``data`` begins a ``compression`` stream; for zstd and LZ4 a skippable frame
    counts."""
    if data.startswith(MAGIC[compression]):
        return True
    return compression in _SKIPPABLE and skippable(data)


def skippable(data: bytes) -> bool:
    """Whether ``data`` begins a skippable frame (magic 0x184D2A50..0x184D2A5F)."""
    return len(data) >= 4 and data[0] & 0xF0 == 0x50 and data[1:4] == b"\x2a\x4d\x18"


def _after_skippable(raw: io.BufferedReader) -> Compression:
    """zstd or LZ4 for a file that starts with skippable frames (both codecs have them):
    the codec whose magic follows them; zstd when none does. The file position is kept."""
    here = raw.tell()
    try:
        raw.seek(0)
        for _ in range(_SKIPPED_MAX):
            header = raw.read(8)
            if len(header) < 8 or not skippable(header):
                break
            raw.seek(int.from_bytes(header[4:8], "little"), os.SEEK_CUR)
        return Compression.LZ4 if header.startswith(MAGIC[Compression.LZ4]) else Compression.ZSTD
    finally:
        raw.seek(here)


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


class _CorruptStream(Exception):
    """A codec library's own error for bad data, whatever type it raised (lz4: RuntimeError)."""


class _Lz4:
    """LZ4 frames (``lz4 -c``), with an output limit per step."""

    def __init__(self) -> None:
        import lz4.frame

        self._d = lz4.frame.LZ4FrameDecompressor()
        self.eof = False

    def step(self, data: bytes, limit: int) -> bytes:
        try:
            out: bytes = self._d.decompress(data, max_length=limit)
        except RuntimeError:
            raise _CorruptStream from None
        self.eof = bool(self._d.eof)
        return out

    def needs_input(self) -> bool:
        return bool(self._d.needs_input)

    def unused(self) -> bytes:
        return bytes(self._d.unused_data or b"")

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
    if compression is Compression.LZ4:
        return _Lz4()
    assert_never(compression)


def _codec_errors() -> tuple[type[BaseException], ...]:
    import zstandard

    return (zlib.error, OSError, EOFError, lzma.LZMAError, zstandard.ZstdError, _CorruptStream)


class Source(io.RawIOBase):
    """The decompressed bytes of a file, read forward once.

    Every member, stream or frame of a compressed file is read in turn, as ``gzip -dc``,
    ``xz -dc``, ``zstd -dc`` and ``bzip2 -dc`` do; zero padding between gzip members and xz
    streams is skipped. Bytes after the last stream that start no stream end the data and are
    named in ``trailing`` (the reader reports them as not examined, see ``finish``).

    A broken or truncated compressed stream does not raise from ``read``: the data ends there
    and ``error`` is set. pyarrow would otherwise drop the block in flight; this way the reader
    yields every row before the break and then calls ``raise_if_failed``.
    """

    def __init__(self, path: Path, *, max_inflate: int | None = None) -> None:
        super().__init__()
        self._path = path
        self._raw, self._stat = _open_regular(path)
        self.error: ReadError | None = None
        self.trailing: str | None = None
        """Set when bytes after the last compressed stream are not a stream: what was left."""
        self._offset = 0
        """Compressed bytes read from the file so far."""
        self.max_inflate = max_inflate
        """Decompressed bytes allowed before the stream is cut as a bomb; None: no limit."""
        self._inflated = 0
        self._head = b""
        self._done = False
        first = self._raw_read(8)
        # Magic bytes win over the suffix: a gzip named .csv, or a .gz that is plain text.
        self.compression = sniff_compression(first)
        if self.compression is not None and skippable(first):
            self.compression = _after_skippable(self._raw)
        self._pending = first
        self._inflater = _inflater(self.compression) if self.compression else None

    # -- raw access ---------------------------------------------------------------------------
    def _raw_read(self, n: int) -> bytes:
        try:
            data = self._raw.read(n)
        except OSError as exc:
            self._fail(f"read error: {os_problem(exc)}")
            return b""
        self._offset += len(data)
        return data

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
                return self._count(out)
        return b""

    def _count(self, out: bytes) -> bytes:
        """Stop a compression bomb: nothing past ``max_inflate`` bytes is ever produced."""
        if self.max_inflate is None:
            return out
        room = self.max_inflate - self._inflated
        if len(out) > room:
            self._fail(
                f"inflates past {self.max_inflate} bytes (--max-inflate); a compression bomb?"
            )
            out = out[: max(room, 0)]
        self._inflated += len(out)
        return out

    def _inflate(self, limit: int) -> bytes:
        inflater = self._inflater
        assert inflater is not None and self.compression is not None
        name = self.compression.value
        try:
            if inflater.eof:
                if not self._next_stream(inflater.unused() + self._pending):
                    self._done = True
                    return b""
                inflater = self._inflater
                assert inflater is not None
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

    def _next_stream(self, rest: bytes) -> bool:
        """After a stream ended, with ``rest`` the bytes read past its end: start the next
        stream and return True, or return False at the end of the data (noting ``trailing``
        when what is left is not a stream)."""
        compression = self.compression
        assert compression is not None
        end = self._offset - len(rest)  # where the stream that just ended stops in the file
        self._pending = b""
        while True:
            if compression in _PADDED:
                rest = rest.lstrip(b"\x00")
            if len(rest) >= _MAGIC_MAX:
                break
            more = self._raw_read(RAW_CHUNK)
            if not more:
                break
            rest += more
        if not rest:
            return False
        if starts_stream(compression, rest):
            self._pending = rest
            self._inflater = _inflater(compression)
            return True
        left = max(self._stat.st_size - end, len(rest))
        name = compression.value
        a_stream = f"an {name} stream" if name[0] in "aeioux" else f"a {name} stream"
        self.trailing = (
            f"{left} {'byte' if left == 1 else 'bytes'} after the last {name} "
            f"{_UNIT[compression]} {'is' if left == 1 else 'are'} not {a_stream}; not examined"
        )
        return False

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
        raw = getattr(self, "_raw", None)  # absent when __init__ failed to open the file
        if raw is not None and not self.closed:
            raw.close()
        super().close()

    def raise_if_failed(self) -> None:
        """Raise the stream's deferred error, if any (after all good data was consumed)."""
        if self.error is not None:
            raise self.error

    def finish(self, limits: Limits) -> None:
        """At the end of a full read: the deferred error, else whether the file changed; bytes
        after the last stream that were not a stream go to ``limits.unexamined``.

        A file rewritten or appended to while it was read gave rows from two versions, or
        stopped short: the scan of it is not complete, and the user must hear so.
        """
        self.raise_if_failed()
        if self.trailing is not None and self.trailing not in limits.unexamined:
            limits.unexamined.append(self.trailing)
        try:
            now = os.stat(self._path)
        except OSError:
            now = None
        if now is None or _identity(now) != _identity(self._stat):
            raise ReadError("changed while it was read; scan it again once it is complete")


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _open_regular(path: Path) -> tuple[io.BufferedReader, os.stat_result]:
    """Open a regular file for reading, never blocking: a FIFO or device swapped in after
    discovery would otherwise hang the scan on ``open``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(os_problem(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file")
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return open(fd, "rb", closefd=True), st
    except BaseException:
        os.close(fd)
        raise


def open_source(ref: FileRef, options: ReadOptions | None = None) -> Source:
    """Open a file's decompressed byte stream; a ReadError for an unopenable file.

    The compression is taken from the magic bytes, so a ``FileRef`` whose suffix lied still
    reads right. ``options.max_inflate`` bounds what a compressed file may expand to.
    """
    return Source(ref.path, max_inflate=options.max_inflate if options is not None else None)


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


class Lent(io.RawIOBase):
    """A Python stream lent to pyarrow, whose read-ahead thread calls ``read``; ``revoke`` takes
    it back before the file's iteration ends.

    Dropping or closing pyarrow's reader does not stop that thread: it reads on, blocks ahead,
    and one still calling into Python when the interpreter exits aborts the process ("terminate
    called without an active exception"). Once revoked, reads see the end of the data, so the
    read-ahead ends; ``revoke`` waits for a read in progress and for that end to be seen.
    """

    def __init__(self, stream: io.RawIOBase) -> None:
        super().__init__()
        self._stream = stream
        self._state = threading.Condition()
        self._reading = False
        self._revoked = False
        self._ended = False
        """An empty read went out: pyarrow's read-ahead stopped there."""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        with self._state:
            if self._revoked or self._ended:
                self._ended = True
                self._state.notify_all()
                return b""
            self._reading = True
        data = b""
        try:
            data = self._stream.read(size)
            return data
        finally:
            with self._state:
                self._reading = False
                self._ended = not data
                self._state.notify_all()

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def revoke(self, grace: float = 0.2) -> None:
        """Stop lending: wait for a read in progress, then up to ``grace`` seconds for the
        read-ahead to come back and see the end (it does not when its queue is full: then it
        waits for a consumer that is gone, and never calls into Python again)."""
        with self._state:
            self._revoked = True
            self._state.wait_for(lambda: not self._reading)
            self._state.wait_for(lambda: self._ended, timeout=grace)


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


def joined(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[pa.RecordBatch]:
    """Consecutive record batches (of one schema) joined into batches of about ``size`` bytes.
    An error from ``batches`` comes after the batches read before it."""

    group: list[pa.RecordBatch] = []
    held = 0
    while True:
        try:
            batch = next(batches, None)
        except Exception:
            if group:
                yield _one_batch(group)
            raise
        if batch is None:
            break
        group.append(batch)
        held += batch.nbytes
        if held >= size:
            yield _one_batch(group)
            group, held = [], 0
    if group:
        yield _one_batch(group)


def _one_batch(group: list[pa.RecordBatch]) -> pa.RecordBatch:
    import pyarrow as pa

    if len(group) == 1:
        return group[0]
    table = pa.Table.from_batches(group).combine_chunks()
    return table.to_batches()[0]


def _any_rows(it: Iterator[P], size: Callable[[P], int]) -> bool:
    try:
        return any(size(p) > 0 for p in it)
    except ReadError:
        # Something follows the cut, even if it cannot be read; it was not going to be read.
        return True


# -- limits and warnings ------------------------------------------------------------------------


class Limits:
    """``ReadOptions``' cell and column limits, applied to column arrays, and the tally of
    what was worked around, turned into ``Batch.warnings`` at the end of a file.

    Warnings name counts and limits only: never a path (the engine adds it), never a value.
    """

    def __init__(self, options: ReadOptions) -> None:
        self.max_columns = None if options.max_columns is None else max(1, options.max_columns)
        """Columns scanned per file; None (the default) scans every column."""
        self.bad_text_cells = 0
        self.long_rows = 0
        """CSV rows with more fields than the header (the extra fields are scanned too)."""
        self.short_rows = 0
        """CSV rows with fewer fields than the header (padded with empty cells)."""
        self.runaway_lines = 0
        """Physical lines read without quoting after a quote that is never closed."""
        self.runaway_row: int | None = None
        """Data row at which those lines start."""
        self.columns_seen: int | None = None
        """Columns in the file when known (CSV, Parquet); beyond ``max_columns`` is unexamined."""
        self.columns_over = False
        """More columns than ``max_columns`` turned up while reading (JSON, Parquet)."""
        self.unexamined: list[str] = []
        """Parts of the file not examined, for ``Batch.unexamined`` (exit 2)."""

    def keep(self, names: list[str]) -> list[str]:
        """The first ``max_columns`` of ``names``; the file's widest count is remembered."""
        self.columns_seen = max(self.columns_seen or 0, len(names))
        return names if self.max_columns is None else names[: self.max_columns]

    def text(self, values: pa.Array) -> pa.Array:
        """Binary cells as UTF-8 strings; invalid bytes become U+FFFD (counted), so a file
        that claimed UTF-8 and lied somewhere is still scanned, not dropped block by block."""
        import pyarrow as pa

        if not (pa.types.is_binary(values.type) or pa.types.is_large_binary(values.type)):
            return values
        target = pa.large_string() if pa.types.is_large_binary(values.type) else pa.string()
        try:
            return values.cast(target)
        except pa.ArrowInvalid:
            pass
        texts: list[str | None] = []
        bad = 0
        for raw in values.to_pylist():
            if raw is None:
                texts.append(None)
                continue
            try:
                texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                bad += 1
                texts.append(raw.decode("utf-8", "replace"))
        self.bad_text_cells += bad
        return string_array(texts)

    def gaps(self) -> tuple[str, ...]:
        """``unexamined`` plus the columns a ``--max-columns`` the user set left out."""
        out = list(self.unexamined)
        limit = self.max_columns
        if limit is not None and self.columns_seen is not None and self.columns_seen > limit:
            out.append(
                f"{self.columns_seen} columns; only the first {limit} were scanned (--max-columns)"
            )
        elif limit is not None and self.columns_over:
            out.append(
                f"more than {limit} columns; only the first {limit} were scanned (--max-columns)"
            )
        return tuple(out)

    def warnings(self) -> tuple[str, ...]:
        out: list[str] = []
        if self.runaway_lines:
            out.append(
                f"a quote is never closed: {self.runaway_lines} {_lines(self.runaway_lines)}"
                f" from data row {self.runaway_row} on were read line by line, without quoting"
            )
        if self.long_rows:
            out.append(
                f"{self.long_rows} {_rows(self.long_rows)} with more fields than the header"
                " (the extra fields were scanned as extra columns)"
            )
        if self.short_rows:
            out.append(
                f"{self.short_rows} {_rows(self.short_rows)} with fewer fields than the header"
                " (padded with empty cells)"
            )
        if self.bad_text_cells:
            s = "" if self.bad_text_cells == 1 else "s"
            out.append(
                f"{self.bad_text_cells} cell{s} not valid UTF-8; invalid bytes were replaced"
            )
        return tuple(out)


def _rows(n: int) -> str:
    return "row" if n == 1 else "rows"


def _lines(n: int) -> str:
    return "line" if n == 1 else "lines"


def limited(read: Callable[[Limits], Iterator[Batch]], options: ReadOptions) -> Iterator[Batch]:
    """``read(limits)``'s batches with what ``limits`` tallied on the last one: the wrapper
    every reader entry point shares (a file, a workbook sheet, an in-memory table)."""
    limits = Limits(options)
    return with_warnings(read(limits), limits)


def with_warnings(batches: Iterator[Batch], limits: Limits) -> Iterator[Batch]:
    """``batches`` with ``limits``' warnings on the last one, totals known by then.

    Holds one batch back to know which is last; when the reader fails, the held batch still
    goes out (with the warnings so far) before the error. A file with warnings but no batch
    (every row cut by a limit) gets one empty batch to carry them.
    """
    held: Batch | None = None
    try:
        for batch in batches:
            if held is not None:
                yield held
            held = batch
    except Exception:  # not GeneratorExit: a consumer that stops early gets nothing more
        last = _with(held, limits)
        if last is not None:
            yield last
        raise
    last = _with(held, limits)
    if last is not None:
        yield last


def _with(batch: Batch | None, limits: Limits) -> Batch | None:
    notes = limits.warnings()
    gaps = limits.gaps()
    if batch is None:
        if not notes and not gaps:
            return None
        return Batch(columns=(), row_count=0, warnings=notes, unexamined=gaps)
    if not notes and not gaps:
        return batch
    return replace(batch, warnings=(*batch.warnings, *notes), unexamined=(*batch.unexamined, *gaps))
