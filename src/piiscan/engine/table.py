"""Scan one table: stream its batches through the columns' rules, score, apply table context.

A table is anything that yields ``Batch``es of string columns: a file's reader, an Arrow
table, a DataFrame. Reading problems raised while iterating are recorded, and what was read
before them still counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from piiscan.context import PAIR_SAMPLE, apply_context
from piiscan.engine.chunk import WINDOW, Chunk
from piiscan.engine.column import MAX_ROWS_KEPT, ColumnState, new_column
from piiscan.engine.score import column_findings, keep_best, swept
from piiscan.engine.split import SplitValues
from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileError, FileSummary, Finding
from piiscan.ruleset import Rule

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


@dataclass(frozen=True)
class TableScan:
    """What one table (a file, a sheet, a DataFrame) produced."""

    summary: FileSummary | None
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    warnings: tuple[str, ...] = ()


def scan_table(
    display: str,
    batches: Iterable[Batch],
    rules: Sequence[Rule],
    *,
    window: int = WINDOW,
    threads: int = 1,
    rows_kept: int | None = MAX_ROWS_KEPT,
) -> TableScan:
    """Scan the batches of one table shown as ``display``; a read problem becomes a
    FileError and the part read before it still counts. Cells longer than ``window``
    characters are searched in overlapping windows; the columns of a big batch are searched
    on up to ``threads`` threads. A finding lists up to ``rows_kept`` rows (None: all of a
    finding in cells; a column finding lists its first ``MAX_ROWS_KEPT`` at most)."""
    columns: dict[str, ColumnState] = {}
    errors: list[FileError] = []
    rows = 0
    truncated = False
    warnings: list[str] = []
    seen: set[str] = set()
    first_rows: dict[str, dict[int, str | None]] = {}
    feeder = _Feeder(threads)
    split = SplitValues(rules)
    try:
        for batch in batches:
            rows += batch.row_count
            truncated = truncated or batch.truncated
            warnings.extend(f"{display}: {w}" for w in batch.warnings if w not in seen)
            seen.update(batch.warnings)
            errors.extend(FileError(display, one_line(gap)) for gap in batch.unexamined)
            fed: list[tuple[ColumnState, ColumnChunk]] = []
            for chunk in batch.columns:
                state = columns.get(chunk.name)
                if state is None:
                    shown = _shown_name(chunk.name, len(columns) + 1)
                    state = columns[chunk.name] = new_column(
                        shown, rules, window=window, rows_kept=rows_kept
                    )
                fed.append((state, chunk))
            split.feed([(state.name, chunk) for state, chunk in fed], batch.row_count)
            for (state, _), present in zip(fed, feeder.feed(fed, batch.row_count), strict=True):
                kept = first_rows.setdefault(state.name, {})
                if len(kept) < PAIR_SAMPLE:
                    values, numbers = present.head(PAIR_SAMPLE - len(kept))
                    kept.update(zip(numbers, values, strict=True))
    except ReadError as exc:
        errors.append(FileError(display, one_line(str(exc))))
    except (OSError, ValueError, RecursionError, MemoryError, LookupError) as exc:
        # Library errors can quote a row: name only the kind of failure.
        errors.append(FileError(display, f"could not read ({type(exc).__name__})"))
    finally:
        feeder.close()
    findings: list[Finding] = []
    for state in columns.values():
        findings.extend(column_findings(display, state))
    names = [s.name for s in columns.values()]
    in_context = apply_context(findings, names, rules, first_rows)
    in_context += split.findings(display)
    findings = keep_best(in_context, rules, keep=swept(in_context, columns.values()))
    if rows_kept is not None and rows_kept < MAX_ROWS_KEPT:
        findings = [replace(f, rows=f.rows[:rows_kept]) for f in findings]
    summary = FileSummary(display, rows, truncated) if columns or not errors else None
    return TableScan(summary, tuple(findings), tuple(errors), tuple(warnings))


PARALLEL_ROWS = 8_192
"""Batches with fewer rows are fed column by column on the calling thread: handing a column
to a thread costs more than searching a small one (a CSV block of 4 MB holds ~14,000 rows of
a 13-column export)."""
THREADS = min(4, os.cpu_count() or 1)
"""Threads a big table's columns are searched on, when the caller scans in one process."""


class _Feeder:
    """Feeds a batch's columns to their states, on worker threads when the batch is big:
    the search is mostly pyarrow kernels (RE2, filters), which release the GIL, so the
    columns of one batch are searched on several cores. Each column's batches still go
    through its state in order, one at a time, so findings do not depend on the threads."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.pool: ThreadPoolExecutor | None = None

    def feed(self, fed: list[tuple[ColumnState, ColumnChunk]], rows: int) -> list[Chunk]:
        if self.threads <= 1 or rows < PARALLEL_ROWS or len(fed) < 2:
            return [state.feed(chunk) for state, chunk in fed]
        if self.pool is None:
            # Imported here: concurrent.futures brings logging, ~14 ms a one-line scan skips.
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="piiscan-columns")
        return list(self.pool.map(_feed, fed))

    def close(self) -> None:
        """Stop the threads (after the column each one is searching: Ctrl-C included)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _feed(pair: tuple[ColumnState, ColumnChunk]) -> Chunk:
    state, chunk = pair
    return state.feed(chunk)


def _shown_name(name: str, position: int) -> str:
    """The name a column is reported under: a name that is itself a value (an e-mail, a long
    number: a Parquet column or JSON key named after a customer) is shown as ``column_<n>``,
    as a headerless CSV's columns are; readers scan such names as values."""
    return f"column_{position}" if looks_like_data(name) else name


def one_line(message: str) -> str:
    return " ".join(message.split()) or "could not read"


def prefetch(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Read the next batches in a thread while this one is scanned.

    pyarrow parses and decompresses without the GIL, so reading overlaps the engine's Python
    work on a second core. Exceptions reach the consumer in order, after the batches before them.
    """
    import queue
    import threading

    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        slots.put(("batch", batch), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            slots.put(("error", exc))

    worker = threading.Thread(target=produce, name="piiscan-read", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = slots.get()
            if kind == "batch":
                yield item
            elif kind == "error":
                raise item
            else:
                return
    finally:
        stop.set()
        worker.join(timeout=1.0)
