"""The redacted copy of a CSV or TSV file: same encoding, byte-order mark, delimiter, line
endings and quoting; only the fields of redacted columns are rewritten.

The file is read as text record by record (a record spans lines while a quote is open), so
every byte outside a redacted field is copied as it was, and blank lines stay where they
were. Column names are those the reader gives (``readers.csv.sniff``), so a plan made from
the report's findings names the same fields.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.readers.csv import RUNAWAY_LINES, Layout, sniff_layout
from piiscan.redaction.columnar import BlockWriter, Rewritten
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written
from piiscan.redaction.sink import open_sink

BLOCK_RECORDS = 16_384
"""Records rewritten together (each redacted column of a block in one batch)."""
_ENDING = re.compile(r"(\r\n|\n|\r)\Z")


def write_csv(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``: block by block through pyarrow while each
    block's layout is proven (``columnar``), record by record from the first that is not."""
    changed: Counter[str] = Counter()
    with open_source(ref, options) as src:
        layout = sniff_layout(src, tsv=ref.format is Format.TSV)
        bom = src.read(layout.bom) if layout.bom else b""
        names = list(layout.names)
        writer = _Fields(layout.delimiter, plan.for_names(names), names, changed)
        stream = io.BufferedReader(src, BLOCK_BYTES)
        with open_sink(target, src.compression) as out:
            out.write(bom)
            rows, rest = _fast(stream, src, out, writer, layout)
            if rest is not None:
                text = io.TextIOWrapper(
                    io.BufferedReader(_Prefixed(rest, stream)),
                    layout.encoding,
                    errors="surrogateescape",
                    newline="",
                )
                header = layout.header_utf8 > 0 and rows < 0
                rows = max(rows, 0) + _slow(text, out, writer, layout.encoding, header=header)
        src.raise_if_failed()
    return Written(rows, changed, writer.plans)


BLOCK_BYTES = 8 << 20
"""Bytes of whole lines rewritten together on the fast path."""


def _fast(
    stream: io.BufferedReader[Any],
    raw: io.RawIOBase,
    out: IO[bytes],
    writer: _Fields,
    layout: Layout,
) -> tuple[int, bytes | None]:
    """Rows written on the fast path (-1 when not even the header was), and the bytes from
    which the record-by-record path takes over (None when the whole file was written).
    The header line is read through ``stream``, the blocks from ``raw``, the stream under
    it (a buffered read of 8 MB would copy each block twice more)."""
    first = stream.readline()
    if layout.header_utf8 <= 0 or not first.strip() or first.count(b'"') % 2:
        return -1, first
    ending = _split_ending(first.decode(layout.encoding, "surrogateescape"))[1]
    if not BlockWriter.fits(writer.names, layout.delimiter, ending, layout.encoding):
        return -1, first
    body = first[: len(first) - len(ending.encode(layout.encoding))]
    header = writer.header(body.decode(layout.encoding, "surrogateescape")) + ending
    out.write(_encode(header, layout.encoding))
    blocks = BlockWriter(
        writer.names,
        writer.by_index,
        layout.delimiter,
        ending,
        layout.encoding,
        writer.changed,
        writer._split,
    )
    buffered = stream.read(len(stream.peek()))
    with ThreadPoolExecutor(THREADS) as pool:
        return _blocks(buffered, raw, out, blocks, pool)


THREADS = 2
"""Blocks rewritten side by side (pyarrow releases the GIL: a second core shortens the copy);
as many are read ahead."""


def _blocks(
    pending: bytes, raw: io.RawIOBase, out: IO[bytes], blocks: BlockWriter, pool: ThreadPoolExecutor
) -> tuple[int, bytes | None]:
    """The rest of ``_fast``: ``pending`` then the data lines of ``raw`` block by block,
    written in order, the first alone (it settles each column's quoting); when one is not
    proven, the later ones are dropped and the record-by-record path takes over from it."""
    rows = 0
    ahead: deque[tuple[Future[Rewritten | None], bytes]] = deque()
    chunk = b"\n"
    while chunk:
        chunk = raw.read(BLOCK_BYTES)
        cut = chunk.rfind(b"\n") + 1
        if chunk and not cut:
            pending += chunk
            continue
        block = b"".join((pending, memoryview(chunk)[:cut])) if chunk else pending
        pending = chunk[cut:]
        if block:
            ahead.append((pool.submit(blocks.block, block, final=not chunk), block))
        while ahead and (len(ahead) > THREADS or not chunk or not rows):
            future, block = ahead.popleft()
            done = future.result()
            if done is None:
                for later, _ in ahead:
                    later.cancel()
                return rows, b"".join([block, *(later for _, later in ahead), pending])
            out.write(blocks.write(done))
            rows += done.rows
    return rows, None


def _slow(
    text: io.TextIOBase, out: IO[bytes], writer: _Fields, encoding: str, *, header: bool
) -> int:
    """The records of ``text`` written one by one (each redacted column of a block of them
    rewritten as one batch); the data rows written."""
    rows = 0
    block: list[tuple[list[str] | None, str]] = []
    for record in _records(text):
        body, ending = _split_ending(record)
        if not body.strip():
            block.append((None, record))
        elif header:
            header = False
            block.append((None, writer.header(body) + ending))
        else:
            rows += 1
            block.append((writer.split(body), ending))
        if len(block) >= BLOCK_RECORDS:
            out.write(_encode(writer.rows(block), encoding))
            block = []
    out.write(_encode(writer.rows(block), encoding))
    return rows


class _Prefixed(io.RawIOBase):
    """``prefix`` then the rest of ``stream``: the record-by-record path taking over."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _Fields:
    """Rewrites the redacted fields of one record at a time."""

    def __init__(
        self, delimiter: str, plans: dict[str, ColumnPlan], names: list[str], changed: Counter[str]
    ) -> None:
        self.delimiter = delimiter
        self.names = names
        self.plans = plans
        self.changed = changed
        self.by_index = {i: plans[n] for i, n in enumerate(names) if n in plans}
        self.dropped = sorted(
            (i for i, p in self.by_index.items() if p.action == "drop"), reverse=True
        )
        self.rewritten = [(i, p) for i, p in self.by_index.items() if p.transform is not None]
        d = re.escape(delimiter)
        self.fields = re.compile(rf'(?:^|{d})("(?:[^"]|"")*"|[^{d}"]*)').findall
        """Every field of a well-formed record, in one call (a field is quoted or has no
        quote; ``_split`` checks that they cover the record)."""
        self.special = re.compile(rf'[{d}"\r\n]')
        self.quote = re.compile(
            rf'"(?:[^"]|"")*"|[^{re.escape(delimiter)}"]*(?:"[^{re.escape(delimiter)}]*)?'
        )

    def header(self, body: str) -> str:
        fields = self._split(body)
        for i in self.dropped:
            if i < len(fields):
                del fields[i]
        return self.delimiter.join(fields)

    def split(self, body: str) -> list[str]:
        """A data record's fields (the record itself when no column is redacted)."""
        if not self.by_index:
            return [body]
        fields = self._split(body)
        if len(fields) > len(self.names):
            self._extra(len(fields))
        return fields

    def rows(self, block: list[tuple[list[str] | None, str]]) -> str:
        """The text of a block of records: (fields, line ending) of data rows, (None, text)
        of lines copied as they are. Each redacted column is rewritten for the whole block
        at once."""
        data = [fields for fields, _ in block if fields is not None]
        if self.by_index:
            for i, plan in self.rewritten:
                self._rewrite(data, i, plan)
            for i in self.dropped:
                dropped = 0
                for fields in data:
                    if i < len(fields):
                        dropped += bool(fields[i])
                        del fields[i]
                self.changed[self.names[i]] += dropped
        join = self.delimiter.join
        return "".join(text if fields is None else join(fields) + text for fields, text in block)

    def _rewrite(self, data: list[list[str]], i: int, plan: ColumnPlan) -> None:
        """Column ``i`` of the block's rows through the plan's transform, as one batch; a
        quoted field stays quoted, a field that needs quotes gets them."""
        rows = [fields for fields in data if i < len(fields) and fields[i]]
        raws = [fields[i] for fields in rows]
        values = [
            r[1:-1].replace('""', '"') if r[0] == '"' and r[-1] == '"' and len(r) > 1 else r
            for r in raws
        ]
        if not values:
            return
        assert plan.transform is not None
        news = plan.transform.many(values)
        changed = 0
        special = self.special
        for fields, raw, value, new in zip(rows, raws, values, news, strict=True):
            if new != value:
                changed += 1
                if raw[0] == '"' or special.search(new):
                    new = '"' + new.replace('"', '""') + '"'
                fields[i] = new
        self.changed[plan.column] += changed

    def _extra(self, width: int) -> None:
        """Fields past the header are columns ``column_<n>`` (as the reader names them)."""
        while len(self.names) < width:
            name = f"column_{len(self.names) + 1}"
            self.names.append(name)
            plan = self.plans.get(name)
            if plan is not None:
                self.by_index[len(self.names) - 1] = plan
                if plan.transform is not None:
                    self.rewritten.append((len(self.names) - 1, plan))
                elif plan.action == "drop":
                    self.dropped = sorted([*self.dropped, len(self.names) - 1], reverse=True)

    def _split(self, body: str) -> list[str]:
        if '"' not in body:
            return body.split(self.delimiter)
        fields: list[str] = self.fields(body)
        if sum(map(len, fields)) + len(fields) - 1 == len(body):
            return fields
        return self._split_odd(body)

    def _split_odd(self, body: str) -> list[str]:
        """Fields of a record with a quote inside an unquoted field (kept as it is)."""
        fields: list[str] = []
        at = 0
        while True:
            m = self.quote.match(body, at)
            end = m.end() if m else at
            fields.append(body[at:end])
            if end >= len(body):
                return fields
            if body[end] == self.delimiter:
                at = end + 1
                if at == len(body):
                    fields.append("")
                    return fields
                continue
            nxt = body.find(self.delimiter, end)
            fields[-1] = body[at : nxt if nxt >= 0 else len(body)]
            if nxt < 0:
                return fields
            at = nxt + 1


def _records(text: io.TextIOBase) -> Iterator[str]:
    """Logical records with their line endings: lines joined while a quote is open (for at
    most ``RUNAWAY_LINES`` lines, as the reader reads a runaway quote line by line)."""
    pending: list[str] = []
    quotes = 0
    for line in text:
        if not pending and '"' not in line:
            yield line
            continue
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            yield "".join(pending)
            pending, quotes = [], 0
        elif len(pending) > RUNAWAY_LINES:
            raise ReadError("a quote is never closed: cannot redact this file yet")
    if pending:
        raise ReadError("a quote is never closed: cannot redact this file yet")


def _split_ending(record: str) -> tuple[str, str]:
    m = _ENDING.search(record)
    return (record[: m.start()], m.group()) if m else (record, "")


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding, errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode(encoding, errors="replace")
