"""Free text (a log, a note, a README): one column of lines, numbered as an editor does.

The column is named ``(text)``: no header names it, and the parentheses say that piiscan
made the name up (a text file has no columns); ``line`` would read like a header of the file
and could match rule words. Each non-blank line is one value; its row number is its 1-based
line number (blank lines count, so a reviewer can jump to it), and a batch's ``row_count``
counts every line. Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only (not at the form feeds
and Unicode separators ``str.splitlines`` also splits on, which editors do not).

The encoding is sniffed as for CSV (BOM, UTF-16 without BOM, UTF-8, else cp1251); bytes not
valid in it become U+FFFD. Memory is bounded: of a line longer than ``MAX_LINE`` characters
the rest is named as not examined (exit 2).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping

from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import Head, first_line
from piiscan.readers._stream import (
    RAW_CHUNK,
    Limits,
    Pacer,
    Source,
    int64_array,
    open_source,
    string_array,
)
from piiscan.readers.csv import SNIFF_BYTES, sniff_encoding

MAX_LINE = 64 << 20
"""Characters of one line that are read (and searched, in windows); memory stays bounded,
and the rest of a longer line is named as not examined."""
COLUMN = "(text)"
"""The one column of a text file."""

_NEWLINE = re.compile(r"\r\n|\n|\r")

Piece = tuple[int, list[str]]
"""(line number of the first line, the lines)."""


FORMATS: tuple[Format, ...] = (Format.TEXT,)
SUFFIXES: Mapping[str, Format] = {}
BY_MAGIC: bool = False


def sniff(head: Head) -> Format | None:
    """Any text that no other reader claimed (asked last): a log, a note, Hive output."""
    return Format.TEXT if head.text is not None else None


locate = first_line


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream a text file as one column of its non-blank lines."""
    with open_source(ref, options) as src:
        pacer = Pacer(options)
        pieces = _pieces(src, cap=MAX_LINE, cut=limits.unexamined)
        for (first, lines), _, truncated in pacer.pace(
            pieces, lambda p: len(p[1]), lambda p, s, n: (p[0] + s, p[1][s : s + n])
        ):
            kept = _with_base64_blocks(
                [(first + i, line) for i, line in enumerate(lines) if line.strip()]
            )
            values = string_array([line for _, line in kept])
            rows = int64_array([number for number, _ in kept])
            yield Batch(
                columns=(ColumnChunk(COLUMN, values, rows, dense=True),),
                row_count=len(lines),
                truncated=truncated,
            )
        if not pacer.truncated:
            src.finish(limits)


_BASE64_LINE = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
BASE64_PIECE = 1 << 15
"""Characters of a joined base64 block given out at a time (a multiple of 4, overlapping the
next by ``BASE64_OVERLAP``): each piece decodes on its own, as ``normalize`` decodes a cell."""
BASE64_OVERLAP = 1 << 10


def _with_base64_blocks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``lines``, and after each run of base64 lines wrapped at one width (a MIME or PEM body:
    76 or 64 characters) the run joined, at its last line's number: a value that the wrap
    cut in two is whole there. Each line alone is still read as it is."""
    out: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if len(run) >= 2:
            block = "".join(line.strip() for _, line in run)
            step = BASE64_PIECE - BASE64_OVERLAP
            for at in range(0, max(1, len(block) - BASE64_OVERLAP), step):
                out.append((run[-1][0], block[at : at + BASE64_PIECE]))
        run.clear()

    for number, line in lines:
        core = line.strip()
        base64 = " " not in core and _BASE64_LINE.fullmatch(core) is not None
        if run:
            width = len(run[0][1].strip())
            follows = number == run[-1][0] + 1 and len(run[-1][1].strip()) == width
            if not (base64 and follows and len(core) <= width):
                flush()  # the block ended: its last line is the only shorter one
        out.append((number, line))
        if base64:
            run.append((number, line))
    flush()
    return out


def _pieces(src: Source, *, cap: int, cut: list[str]) -> Iterator[Piece]:
    """The lines of the stream, a chunk at a time; a line keeps at most ``cap`` characters,
    and the rest of a longer one is named in ``cut`` (not examined)."""
    head = src.peek_head(SNIFF_BYTES)
    encoding, bom = sniff_encoding(head, at_eof=len(head) < SNIFF_BYTES)
    src.read(bom)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    dropping = False  # past ``cap`` characters of the current line: skip to its end
    number = 1
    final = False
    while not final:
        data = src.read(RAW_CHUNK)
        final = not data
        text = decoder.decode(data, final=final)
        if dropping:
            end = _NEWLINE.search(text)
            if end is None and not final:
                continue
            text, dropping = text[end.start() :] if end is not None else "", False
        buf = pending + text
        carry = ""
        if not final and buf.endswith("\r"):
            buf, carry = buf[:-1], "\r"  # the "\n" of a "\r\n" may come with the next chunk
        lines = _NEWLINE.split(buf)
        pending = lines.pop()
        if final and pending:
            lines.append(pending)
            pending = ""
        elif len(pending) > cap:
            pending, dropping = pending[:cap], not carry
            line = number + len(lines)
            cut.append(f"line {line}: characters past {cap} not examined (a line that long)")
        pending += carry
        if lines:
            yield number, lines
            number += len(lines)
