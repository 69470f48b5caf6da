"""The redacted copy of a free-text file (a log, a note): same encoding, byte-order mark and
line endings; each line the reader scanned goes through the plan of its one column
(``(text)``): values found inside it become placeholders, or the whole line is masked,
generalised or pseudonymised when the column was taken for one kind of value. A dropped
column leaves every line empty (line numbers stay as the report gives them)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

from piiscan.model import FileRef, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.readers.csv import SNIFF_BYTES, sniff_encoding
from piiscan.readers.text import COLUMN
from piiscan.redaction.actions import Action
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written
from piiscan.redaction.sink import open_sink

BLOCK_LINES = 16_384


def write_text(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``."""
    changed: Counter[str] = Counter()
    column = plan.columns.get(COLUMN)
    rows = 0
    with open_source(ref, options) as src:
        head = src.peek_head(SNIFF_BYTES)
        encoding, bom = sniff_encoding(head, at_eof=len(head) < SNIFF_BYTES)
        prefix = src.read(bom) if bom else b""
        text = io.TextIOWrapper(
            io.BufferedReader(src), encoding, errors="surrogateescape", newline=""
        )
        with open_sink(target, src.compression) as out:
            out.write(prefix)
            block: list[str] = []
            for line in text:
                rows += 1
                block.append(line)
                if len(block) >= BLOCK_LINES:
                    out.write(_encode(_rewrite(block, column, changed), encoding))
                    block = []
            out.write(_encode(_rewrite(block, column, changed), encoding))
        src.raise_if_failed()
    return Written(rows, changed, {COLUMN: column} if column is not None else {})


def _rewrite(lines: list[str], column: ColumnPlan | None, changed: Counter[str]) -> str:
    """The lines' text, each non-blank one through the column's plan."""
    if column is None or not column.changes:
        return "".join(lines)
    bodies = [line.rstrip("\r\n") for line in lines]
    endings = [line[len(body) :] for line, body in zip(lines, bodies, strict=True)]
    present = [i for i, body in enumerate(bodies) if body.strip()]
    if column.action is Action.DROP:
        news = [""] * len(present)
    else:
        assert column.transform is not None
        news = column.transform.many([bodies[i] for i in present])
    for i, new in zip(present, news, strict=True):
        if new != bodies[i]:
            changed[column.column] += 1
            bodies[i] = new
    return "".join(b + e for b, e in zip(bodies, endings, strict=True))


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding, errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode(encoding, errors="replace")
