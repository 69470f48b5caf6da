"""Scan files: each file's reader feeds ``scan_table``, once per table the file holds (a
workbook's sheets, an archive's members); many files go to worker processes."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from piiscan.engine.column import MAX_ROWS_KEPT
from piiscan.engine.score import finding_order
from piiscan.engine.table import THREADS, TableScan, prefetch, scan_table
from piiscan.model import (
    Batch,
    FileError,
    FileRef,
    FileSummary,
    Finding,
    ReadOptions,
    ScanResult,
    Skipped,
)
from piiscan.ruleset import Rule

PREFETCH_OVER = 8 << 20
"""Files larger than this (bytes on disk) are read ahead in a thread; small ones are not
worth a thread."""


@dataclass(frozen=True)
class FileScan:
    """What one file produced: a scan per table in it, and the parts of it passed over."""

    tables: tuple[TableScan, ...]
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[FileError, ...] = ()
    """Parts passed over that may hold data (a 7z member, an encrypted one): exit 2."""


def scan_file(
    ref: FileRef,
    rules: Sequence[Rule],
    options: ReadOptions,
    *,
    threads: int = 1,
    rows_kept: int | None = MAX_ROWS_KEPT,
) -> FileScan:
    """Scan one file, each of its tables shown as the file's display path plus
    ``Batch.table``; a read problem becomes a FileError and the readable part still counts.
    A big table's columns are searched on up to ``threads`` threads; findings list up to
    ``rows_kept`` rows (``scan_table``)."""
    from piiscan.readers import read

    batches: Iterable[Batch] = read(ref, options)
    if _size(ref) > PREFETCH_OVER:
        batches = prefetch(iter(batches))
    tables = _Tables(iter(batches))
    window = options.max_cell_bytes
    scans = tuple(
        scan_table(
            ref.display + table, group, rules, window=window, threads=threads, rows_kept=rows_kept
        )
        for table, group in tables
    )
    passed = tables.passed
    return FileScan(
        scans,
        tuple(Skipped(ref.display + b.table, b.skipped) for b in passed if b.skipped),
        tuple(FileError(ref.display + b.table, gap) for b in passed for gap in b.unexamined),
    )


class _Tables:
    """A file's batches as (table, its batches): consecutive batches of one ``Batch.table``
    grouped; batches of a table passed over (``Batch.skipped``) are set aside in ``passed``.

    Lazy, so a file streams. A reading error surfaces in the group being read, before any
    batch in the file's own (``""``); a file that yields no batch at all is one empty table.
    """

    def __init__(self, batches: Iterator[Batch]) -> None:
        self._batches = batches
        self._head: Batch | None = None
        self.passed: list[Batch] = []

    def _pull(self) -> None:
        self._head = None
        for batch in self._batches:
            if batch.skipped is None:
                self._head = batch
                return
            self.passed.append(batch)

    def __iter__(self) -> Iterator[tuple[str, Iterator[Batch]]]:
        try:
            self._pull()
        except Exception as exc:  # scan_table words it, as any reading error
            yield "", _raising(exc)
            return
        if self._head is None and not self.passed:
            yield "", iter(())
        while self._head is not None:
            table = self._head.table
            yield table, self._group(table)

    def _group(self, table: str) -> Iterator[Batch]:
        while self._head is not None and self._head.table == table:
            batch = self._head
            self._head = None  # a reading error ends the file: no head left
            yield batch
            self._pull()


def _raising(exc: Exception) -> Iterator[Batch]:
    raise exc
    yield  # a generator: the error reaches scan_table when it reads


def _size(ref: FileRef) -> int:
    try:
        return ref.path.stat().st_size
    except OSError:
        return 0


def scan(
    files: Sequence[FileRef],
    *,
    rules: Sequence[Rule],
    options: ReadOptions | None = None,
    jobs: int = 1,
    on_file: Callable[[FileRef], None] | None = None,
    tables: Sequence[tuple[str, Iterable[Batch]]] = (),
    rows_kept: int | None = MAX_ROWS_KEPT,
) -> ScanResult:
    """Scan every file (with ``jobs > 1`` in worker processes), then every in-memory table
    given as (display name, batches). Results are sorted, so they are identical whatever the
    number of jobs. Findings list up to ``rows_kept`` rows (``scan_table``)."""
    options = options or ReadOptions()

    def scans() -> Iterator[TableScan | FileScan]:
        results = _results(files, rules, options, jobs, rows_kept)
        for ref, result in zip(files, results, strict=True):
            yield result
            if on_file is not None:
                on_file(ref)
        for display, batches in tables:
            yield scan_table(
                display,
                batches,
                rules,
                window=options.max_cell_bytes,
                threads=THREADS,
                rows_kept=rows_kept,
            )

    return merge(scans())


def merge(scans: Iterable[TableScan | FileScan]) -> ScanResult:
    """Tables' and files' scans as one sorted result (the same whatever order they finished
    in)."""
    summaries: list[FileSummary] = []
    findings: list[Finding] = []
    errors: list[FileError] = []
    warnings: list[str] = []
    skipped: list[Skipped] = []
    for item in scans:
        if isinstance(item, FileScan):
            skipped.extend(item.skipped)
            errors.extend(item.errors)
        for result in item.tables if isinstance(item, FileScan) else (item,):
            if result.summary is not None:
                summaries.append(result.summary)
            findings.extend(result.findings)
            errors.extend(result.errors)
            warnings.extend(result.warnings)
    return ScanResult(
        files=tuple(sorted(summaries, key=lambda s: s.path)),
        findings=tuple(sorted(findings, key=finding_order)),
        errors=tuple(sorted(errors, key=lambda e: (e.path, e.message))),
        warnings=tuple(sorted(warnings)),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def _results(
    files: Sequence[FileRef],
    rules: Sequence[Rule],
    options: ReadOptions,
    jobs: int,
    rows_kept: int | None,
) -> Iterator[FileScan]:
    """FileScans in the order of ``files``, computed here or in a process pool."""
    if jobs <= 1 or len(files) <= 1:
        # One process: a big file's columns are searched on threads. Worker processes
        # (below) share the cores already, one thread each.
        for ref in files:
            yield scan_file(ref, rules, options, threads=THREADS, rows_kept=rows_kept)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers fork from a clean process, not from one whose pyarrow threads run.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["piiscan.engine", "piiscan.readers", "piiscan.detectors"])
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(files)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(tuple(rules), options, rows_kept),
    )
    # The fork server and workers start here: they inherit a blocked Ctrl-C, so that a
    # Ctrl-C while they import is answered by this process alone (pending until unblocked).
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        results = pool.map(_scan_in_worker, files, chunksize=chunk)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        yield from results
    except BaseException:
        # Ctrl-C (or an error): drop the queued files rather than scanning them first, and
        # stop the workers: they ignore Ctrl-C and would finish the file each one scans
        # (a minute, for a big one) before the interpreter may exit.
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)  # (forgets the processes)
        for process in workers:
            process.terminate()
        raise
    pool.shutdown()


_WORKER: tuple[tuple[Rule, ...], ReadOptions, int | None] | None = None


def _init_worker(rules: tuple[Rule, ...], options: ReadOptions, rows_kept: int | None) -> None:
    """Set up a worker process. Ctrl-C reaches the whole process group: the main process
    answers it (one line, exit 130), so workers ignore it rather than print tracebacks."""
    global _WORKER
    _WORKER = (rules, options, rows_kept)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_gc()


GC_THRESHOLD = 50_000
"""Container allocations between two young-generation collections (CPython's default: 700)."""


def tune_gc() -> None:
    """Collect cycles less often, in a process that only scans: every scanned value makes
    short-lived containers, and with the default threshold the collector ran a full pass
    over the loaded detector data every ~50 small files (8 % of their time). mypy does the
    same. Few of the engine's objects form cycles; those are still collected.

    Called by the command line and by worker processes, never on import: a program that
    imports piiscan keeps its own collector settings."""
    import gc

    gc.set_threshold(GC_THRESHOLD, 20, 20)


def _scan_in_worker(ref: FileRef) -> FileScan:
    assert _WORKER is not None
    rules, options, rows_kept = _WORKER
    return scan_file(ref, rules, options, rows_kept=rows_kept)
