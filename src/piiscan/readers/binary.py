"""Binary data of no kind piiscan reads (a pickle, BSON, a Stata or NumPy file, UTF-32 text,
a CSV behind an image's magic bytes): read as the text it holds, as ``strings`` finds it.

Runs of at least ``MIN_RUN`` printable characters, split at field separators, are the
values of one column, ``(strings)``, numbered by their order in the file: UTF-8 (ASCII
included), UTF-16 and UTF-32 in either byte order (Windows and NumPy keep text so), Cyrillic
included. A value
cut by the edge of a chunk is read again whole from the overlap with the next. What is not
text (numbers in binary, pointers, padding) cannot hold an e-mail, a phone or a card as
customers typed them; data that is compressed or encrypted looks like noise and never
comes here (``discovery`` names it as not examined).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import Head, first_line
from piiscan.readers._stream import RAW_CHUNK, Limits, int64_array, open_source, string_array

COLUMN = "(strings)"
MIN_RUN = 6
"""Characters a run needs: shorter ones are noise in any binary file, and no value piiscan
looks for is shorter."""
OVERLAP = 4096
"""Bytes of a chunk read again with the next one: a value cut by the edge is whole there."""
BATCH_VALUES = 8192

_UTF8 = (
    rb"(?:[\t\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
)
_RUNS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(_UTF8 + rb"{%d,}" % MIN_RUN), "utf-8"),
    (re.compile(rb"(?:[\t\x20-\x7e]\x00|[\x00-\x5f]\x04){%d,}" % MIN_RUN), "utf-16-le"),
    (re.compile(rb"(?:\x00[\t\x20-\x7e]|\x04[\x00-\x5f]){%d,}" % MIN_RUN), "utf-16-be"),
    (
        re.compile(rb"(?:[\t\x20-\x7e]\x00\x00\x00|[\x00-\x5f]\x04\x00\x00){%d,}" % MIN_RUN),
        "utf-32-le",
    ),
    (
        re.compile(rb"(?:\x00\x00\x00[\t\x20-\x7e]|\x00\x00\x04[\x00-\x5f]){%d,}" % MIN_RUN),
        "utf-32-be",
    ),
)
"""Printable runs per encoding (U+0400..U+045F is Cyrillic)."""
_FIELDS = re.compile(r"[,;|\t]")
"""A run is split at field separators: binary formats keep records as delimited text (a
CSV glued behind other bytes), and each field is then a value as in a table."""

FORMATS: tuple[Format, ...] = (Format.BINARY,)
SUFFIXES: Mapping[str, Format] = {}
BY_MAGIC: bool = False


def sniff(head: Head) -> Format | None:
    """Never claimed by content: ``discovery`` sends here what no other reader claims."""
    return None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """The file's printable runs as one column, in batches, numbered from 1."""
    with open_source(ref, options) as src:
        values: list[str | None] = []
        first = 1
        for run in _runs(src.read):
            values.extend(field for field in _FIELDS.split(run) if field.strip())
            if len(values) >= BATCH_VALUES:
                yield _batch(values, first)
                first += len(values)
                values = []
        if values:
            yield _batch(values, first)
        src.finish(limits)


def _batch(values: list[str | None], first: int) -> Batch:
    rows = int64_array(list(range(first, first + len(values))))
    column = ColumnChunk(COLUMN, string_array(values), rows, dense=True)
    return Batch(columns=(column,), row_count=len(values))


MAX_CARRY = 1 << 20
"""A run still going at a chunk's end is kept for the next chunk up to this long; a longer
one is given out and its last ``OVERLAP`` bytes read again with what follows."""


def _runs(read: Callable[[int], bytes]) -> Iterator[str]:
    """Printable runs of the stream, in order; each once (a run that may go on past a
    chunk's end is held until it ends)."""
    carry = b""
    while True:
        chunk = read(RAW_CHUNK)
        buf = carry + chunk
        if not buf:
            return
        last = not chunk
        found = [
            (m.start(), m.end(), encoding)
            for pattern, encoding in _RUNS
            for m in pattern.finditer(buf)
        ]
        cut, forced = len(buf), False
        if not last:
            # The last bytes may begin a run (too short to match yet, or a character cut in
            # two): kept for the next chunk, with every run that reaches into them.
            tail = max(0, len(buf) - 4 * MIN_RUN)
            cut = min([tail, *(start for start, end, _ in found if end > tail)])
            if cut < len(buf) - MAX_CARRY:
                cut, forced = len(buf) - OVERLAP, True
        taken = 0
        for start, end, encoding in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
            if start < taken:
                continue  # the same bytes read in another encoding (UTF-16 one byte on)
            taken = end
            # Runs past the cut are read again, whole, with the next chunk (a forced cut
            # gives out the long run now and reads its end again).
            if last or end <= cut or (forced and start < cut):
                yield buf[start:end].decode(encoding, "replace")
        if last:
            return
        carry = buf[cut:]
