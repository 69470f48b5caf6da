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
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from piiscan.errors import ReadError
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.readers.csv import RUNAWAY_LINES, sniff
from piiscan.redact.plan import ColumnPlan, FilePlan, Written
from piiscan.redact.sink import open_sink

_ENDING = re.compile(r"(\r\n|\n|\r)\Z")


def write_csv(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``."""
    changed: Counter[str] = Counter()
    rows = 0
    with open_source(ref, options) as src:
        layout = sniff(src, tsv=ref.format is Format.TSV)
        delimiter = layout.delimiter
        bom = src.read(layout.bom) if layout.bom else b""
        names = list(layout.names)
        text = io.TextIOWrapper(
            io.BufferedReader(src), layout.encoding, errors="surrogateescape", newline=""
        )
        with open_sink(target, src.compression) as out:
            out.write(bom)
            writer = _Fields(delimiter, plan.for_names(names), names, changed)
            encoding = layout.encoding
            header = layout.header_utf8 > 0
            for record in _records(text):
                body, ending = _split_ending(record)
                if not body.strip():
                    out.write(_encode(record, encoding))
                    continue
                if header:
                    header = False
                    out.write(_encode(writer.header(body) + ending, encoding))
                    continue
                rows += 1
                out.write(_encode(writer.row(body) + ending, encoding))
        src.raise_if_failed()
    return Written(rows, changed, writer.plans)


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
        self.quote = re.compile(
            rf'"(?:[^"]|"")*"|[^{re.escape(delimiter)}"]*(?:"[^{re.escape(delimiter)}]*)?'
        )

    def header(self, body: str) -> str:
        fields = self._split(body)
        for i in self.dropped:
            if i < len(fields):
                del fields[i]
        return self.delimiter.join(fields)

    def row(self, body: str) -> str:
        if not self.by_index:
            return body
        fields = self._split(body)
        self._extra(len(fields))
        for i, plan in self.rewritten:
            if i >= len(fields):
                continue
            raw = fields[i]
            quoted = raw.startswith('"') and raw.endswith('"') and len(raw) >= 2
            value = raw[1:-1].replace('""', '"') if quoted else raw
            if not value:
                continue
            assert plan.transform is not None
            new = plan.transform(value)
            if new != value:
                self.changed[plan.column] += 1
                fields[i] = self._field(new, quoted)
        for i in self.dropped:
            if i < len(fields):
                if fields[i]:
                    self.changed[self.names[i]] += 1
                del fields[i]
        return self.delimiter.join(fields)

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
            # A quote in the middle of an unquoted field: take it up to the next delimiter.
            nxt = body.find(self.delimiter, end)
            fields[-1] = body[at : nxt if nxt >= 0 else len(body)]
            if nxt < 0:
                return fields
            at = nxt + 1

    def _field(self, value: str, quoted: bool) -> str:
        needs = quoted or any(c in value for c in (self.delimiter, '"', "\n", "\r"))
        return '"' + value.replace('"', '""') + '"' if needs else value


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
