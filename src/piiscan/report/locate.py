"""Find where a column's name is written in its file, for SARIF regions and annotations.

Only the start of a file is read, and only positions come back (``Region``), never text:

- CSV/TSV: the header cell, sniffed exactly as the reader does (encoding, BOM, delimiter,
  blank leading lines, quoted cells, even a header spanning lines), so ``name (2)`` finds the
  second ``name`` cell; columns the reader added past the header (``column_<n>``) get the
  header line alone;
- JSON/JSON Lines: the first ``"key":`` of the column's path, its segments found in order
  (``customer.contact.phone``: ``"customer"``, then ``"contact"``, then ``"phone"``), else the
  first occurrence of the leaf key, within the first ``SCAN_CHARS`` characters;
- Parquet: line 1 (a binary file has no better place); free text: line 1 (its one column
  has no header).

A locator never raises: a file it cannot read or a name it cannot find gives None, and the
report falls back to line 1. It lives in ``report`` because only renderers use it, but it
opens files through the readers' helpers (read-only), which no renderer does.
"""

from __future__ import annotations

import bisect
import codecs
import io
import json
import re
from collections.abc import Iterable
from typing import assert_never

from piiscan.errors import PiiscanError
from piiscan.model import FileRef, Format
from piiscan.readers._stream import open_source
from piiscan.readers.csv import MAX_HEADER_BYTES, SNIFF_BYTES, sniff
from piiscan.report.sarif import Locate, Region

SCAN_CHARS = 4 * 1024 * 1024
"""JSON text looked through for a key before giving up."""
_CHUNK = 64 * 1024
_OVERLAP = 4096
"""Text searched again after a miss: a key cut by a chunk boundary is found next time."""
_TRIM = " \t\ufeff"
_NEWLINE = re.compile(r"\r\n|\n|\r")
_PROBLEMS = (PiiscanError, OSError, ValueError, LookupError, EOFError, MemoryError)
"""What reading the start of a damaged file can raise; the locator turns each into None."""


class HeaderLocator:
    """``(display path, column) -> Region | None`` over the files of one scan, cached."""

    def __init__(self, files: Iterable[FileRef]) -> None:
        self._refs = {ref.display: ref for ref in files}
        self._csv: dict[str, dict[str, Region]] = {}
        self._json: dict[tuple[str, str], Region | None] = {}

    def __call__(self, path: str, column: str) -> Region | None:
        ref = self._refs.get(path)
        if ref is None:
            return None
        match ref.format:
            case Format.CSV | Format.TSV:
                if path not in self._csv:
                    self._csv[path] = csv_header_regions(ref)
                return self._csv[path].get(column)
            case Format.JSON | Format.JSONL:
                if (path, column) not in self._json:
                    self._json[path, column] = json_key_region(ref, column)
                return self._json[path, column]
            case Format.PARQUET | Format.TEXT:
                return Region(start_line=1)
            case Format.WORKBOOK | Format.ARCHIVE:
                return None  # their findings name a sheet or member, never the file alone
            case _:
                assert_never(ref.format)


def header_locator(files: Iterable[FileRef]) -> Locate:
    """A locator for ``render_sarif(..., locate=)`` over the scanned ``files``."""
    return HeaderLocator(files)


# -- CSV ----------------------------------------------------------------------------------------


def csv_header_regions(ref: FileRef) -> dict[str, Region]:
    """Column name (as the reader names it) to its header cell; empty when unreadable."""
    try:
        with open_source(ref) as src:
            layout = sniff(src, tsv=ref.format is Format.TSV)
            size = SNIFF_BYTES
            while True:
                head = src.peek_head(size)
                at_eof = len(head) < size
                decoder = codecs.getincrementaldecoder(layout.encoding)(errors="replace")
                text: str = decoder.decode(head[layout.bom :], final=at_eof)
                cells = _header_cells(text, layout.delimiter, complete=at_eof)
                if cells is not None:
                    break
                if size >= MAX_HEADER_BYTES:
                    return {}
                size *= 4
    except _PROBLEMS:
        return {}
    line, spans = cells
    out: dict[str, Region] = {}
    for i, name in enumerate(layout.names):
        out[name] = spans[i] if i < len(spans) else Region(start_line=line)
    return out


def _header_cells(text: str, delimiter: str, *, complete: bool) -> tuple[int, list[Region]] | None:
    """(line, one region per cell) of the first non-blank record; None if it is cut off.

    Splits as ``readers.csv`` does: a record ends at a newline outside quotes, a quote toggles
    quoting anywhere in a cell, ``""`` inside quotes is a quote.
    """
    line_starts = [0]
    start = pos = quotes = 0
    span: tuple[int, int] | None = None
    for m in _NEWLINE.finditer(text):
        quotes += text.count('"', pos, m.start())
        pos = m.end()
        line_starts.append(m.end())
        if quotes % 2 == 0:
            if text[start : m.start()].strip():
                span = (start, m.start())
                break
            start, quotes = pos, 0
    if span is None:
        if not complete or not text[start:].strip():
            return None
        span = (start, len(text))

    def where(index: int) -> tuple[int, int]:
        k = bisect.bisect_right(line_starts, index) - 1
        return k + 1, index - line_starts[k] + 1

    lo, hi = span
    cells: list[tuple[int, int]] = []
    cell_lo = lo
    quoted = False
    i = lo
    while i < hi:
        c = text[i]
        if quoted:
            if c == '"':
                if i + 1 < hi and text[i + 1] == '"':
                    i += 1
                else:
                    quoted = False
        elif c == '"':
            quoted = True
        elif c == delimiter:
            cells.append((cell_lo, i))
            cell_lo = i + 1
        i += 1
    cells.append((cell_lo, hi))

    regions = []
    for a, b in cells:
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        (first_line, first_col), (last_line, last_col) = where(a), where(b)
        regions.append(
            Region(
                start_line=first_line,
                start_column=first_col,
                end_line=last_line if last_line != first_line else None,
                end_column=last_col,
            )
        )
    return where(lo)[0], regions


# -- JSON ---------------------------------------------------------------------------------------


def json_key_region(ref: FileRef, column: str) -> Region | None:
    """The first place the column's key is written (see the module docstring), or None."""
    segments = [s for s in (part.replace("[]", "") for part in column.split(".")) if s]
    if not segments:
        return None
    chain = [_key_pattern(s) for s in segments]
    leaf = chain[-1]
    try:
        with open_source(ref) as src:
            utf16 = src.peek_head(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            encoding = "utf-16" if utf16 else "utf-8-sig"
            reader = io.TextIOWrapper(
                io.BufferedReader(src, _CHUNK), encoding=encoding, errors="replace", newline=None
            )
            return _search(reader, chain, leaf)
    except _PROBLEMS:
        return None


def _key_pattern(key: str) -> re.Pattern[str]:
    spellings = {json.dumps(key, ensure_ascii=False), json.dumps(key)}
    alternatives = "|".join(re.escape(s) for s in sorted(spellings))
    # Not after a backslash: \"key\": inside a string value is not a key.
    return re.compile(rf"(?<!\\)({alternatives})[ \t\n]*:")


def _search(
    reader: io.TextIOWrapper, chain: list[re.Pattern[str]], leaf: re.Pattern[str]
) -> Region | None:
    buf = ""
    step = 0
    chain_from = 0
    leaf_from = 0
    leaf_hit: re.Match[str] | None = None
    eof = False
    while True:
        if leaf_hit is None:
            leaf_hit = leaf.search(buf, leaf_from)
            leaf_from = max(leaf_from, len(buf) - _OVERLAP)
        while step < len(chain) and (hit := chain[step].search(buf, chain_from)):
            step += 1
            chain_from = hit.end()
            if step == len(chain):
                return _key_region(buf, hit)
        chain_from = max(chain_from, len(buf) - _OVERLAP)
        if eof or len(buf) >= SCAN_CHARS:
            return _key_region(buf, leaf_hit) if leaf_hit is not None else None
        more = reader.read(_CHUNK)
        eof = not more
        buf += more


def _key_region(buf: str, hit: re.Match[str]) -> Region:
    at = hit.start(1)
    line = buf.count("\n", 0, at) + 1
    col = at - (buf.rfind("\n", 0, at) + 1) + 1
    return Region(start_line=line, start_column=col, end_column=col + len(hit.group(1)))
