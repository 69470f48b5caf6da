"""What Spark's executors run: the engine on the rows each task reads.

A Parquet dataset is scanned file by file, as ``piiscan check DIR`` scans a folder: each file
is a table of its own, its rows in file order numbered from 1.

Each task reads whole files (one file a task: Spark is told not to split them) and feeds each
file's rows, as Spark decoded them, through the engine (``scan_table``) where they are read;
only the file's ``TableScan`` (counts, row numbers, masked samples: never a value) travels to
the driver, which merges the files' scans as the engine merges its worker processes'. Every
task checks that it saw its files from row 0 with no row missing or out of order (Spark's
``_metadata.row_index``); a file Spark split across tasks anyway is scanned again, whole and in
order, after a shuffle that brings its rows together and sorts them.

Where the executor can open the file itself (a local or mounted path), the file's own footer
gives its columns (a column only other files hold is not scanned as an empty one here, nor a
struct field only they hold) and its key-value metadata, scanned as ``check`` scans it.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from piiscan.engine.table import TableScan, scan_table
from piiscan.errors import ReadError
from piiscan.model import (
    Batch,
    Category,
    FileError,
    FileSummary,
    Finding,
    ReadOptions,
    Scope,
)
from piiscan.ruleset import Rule

if TYPE_CHECKING:
    import pyarrow as pa

FILE_PATH = "_metadata.file_path"
ROW_INDEX = "_metadata.row_index"
"""Spark's hidden per-file columns (Parquet, Spark 3.5 and later)."""
FILE_KEY, ROW_KEY = "__piiscan_file", "__piiscan_row"
RESULT = "file string, first long, rows long, in_order boolean, scan string"
"""What a task returns for each run of one file's rows it saw: where the run starts, its
length, whether its row indexes ran on without a gap, and the run's ``TableScan`` as JSON
(None when the run does not start at row 0: it is scanned again with the rest of its file)."""
WHOLE_FILE_BYTES = 1 << 40
"""Spark's split size while the dataset is read: no file is split, and no two share a task."""


@dataclass(frozen=True)
class Displays:
    """A file's URI (as Spark names it) to its display path: the dataset's ``path`` as the
    user wrote it, then the file's path under it (``events/country=FR/part-0.parquet``), as
    ``piiscan check events`` shows it; the path itself when it is the file."""

    shown: str
    root: tuple[str, str, str]

    @classmethod
    def of(cls, path: str) -> Displays:
        return cls(path, _key(location(path)))

    def __call__(self, uri: str) -> str:
        scheme, host, path = _key(uri)
        root_scheme, root_host, root = self.root
        root = root.rstrip("/") or "/"
        if root_scheme and (scheme, host) != (root_scheme, root_host):
            return uri
        if path == root:
            return self.shown
        if path.startswith(root.rstrip("/") + "/"):
            under = path[len(root.rstrip("/")) + 1 :]
            top = self.shown.rstrip("/")
            return posixpath.join(top, under) if top else "/" + under
        return uri


def location(path: str) -> str:
    """``path`` as Spark should be given it: a plain path that is here, a ``file:`` path
    from this process's working folder (the JVM's need not be the same); anything else (a
    URI, a path on the cluster's file system) as it is."""
    if len(urlsplit(path).scheme) > 1 or not os.path.exists(path):  # a drive letter is no scheme
        return path
    return "file:" + Path(os.path.abspath(path)).as_posix()


def _key(uri: str) -> tuple[str, str, str]:
    """A URI as (scheme, host, decoded path): Spark writes ``file:/x`` and ``file:///x``; a
    plain path (on the cluster's default file system) has no scheme."""
    if len(urlsplit(uri).scheme) <= 1:
        return "", "", uri
    parts = urlsplit(uri)
    return parts.scheme, parts.netloc, unquote(parts.path)


def scan_files(
    spark: Any,
    df: Any,
    files: Sequence[str],
    display: Callable[[str], str],
    rules: Sequence[Rule],
    options: ReadOptions,
) -> list[TableScan]:
    """The scan of each of ``files`` (the URIs of the dataset ``df`` reads), in their order."""
    keyed = df.select("*", df[FILE_PATH].alias(FILE_KEY), df[ROW_INDEX].alias(ROW_KEY))
    if options.max_rows is not None:  # one row more tells whether the file was cut
        keyed = keyed.where(keyed[ROW_KEY] <= options.max_rows)
    task = partial(scan_partition, display=display, rules=tuple(rules), options=options)
    with _whole_files(spark):
        runs = _runs_of(keyed.mapInArrow(task, RESULT))
    scans: dict[tuple[str, str, str], TableScan] = {}
    split: list[str] = []
    for uri, pieces in runs.items():
        first = pieces[0]
        if len(pieces) == 1 and first["first"] == 0 and first["in_order"]:
            scans[_key(uri)] = decode(first["scan"])
        else:
            split.append(uri)
    if split:
        together = (
            keyed.where(keyed[FILE_KEY].isin(split))
            .repartition(FILE_KEY)
            .sortWithinPartitions(FILE_KEY, ROW_KEY)
        )
        for uri, pieces in _runs_of(together.mapInArrow(task, RESULT)).items():
            if len(pieces) != 1 or pieces[0]["first"] != 0 or not pieces[0]["in_order"]:
                raise ReadError("Spark did not hand over a file's rows in order")
            scans[_key(uri)] = decode(pieces[0]["scan"])
    return [scans.get(_key(uri)) or _rowless(uri, display, rules, options) for uri in files]


def _runs_of(results: Any) -> dict[str, list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {}
    for row in results.collect():
        runs.setdefault(row["file"], []).append(row.asDict())
    return runs


def _rowless(
    uri: str, display: Callable[[str], str], rules: Sequence[Rule], options: ReadOptions
) -> TableScan:
    """A file Spark gave no row of (a file of no rows): its footer still counts."""
    batches = _file_batches(uri, iter(()), options)
    return scan_table(display(uri), batches, rules, window=options.max_cell_bytes)


@contextmanager
def _whole_files(spark: Any) -> Iterator[None]:
    """Spark's split and packing sizes while the job is planned: a task per file, each whole."""
    keys = ("spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes")
    before = {key: spark.conf.get(key, None) for key in keys}
    for key in keys:
        spark.conf.set(key, str(WHOLE_FILE_BYTES))
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def scan_partition(
    batches: Iterator[pa.RecordBatch],
    *,
    display: Callable[[str], str],
    rules: tuple[Rule, ...],
    options: ReadOptions,
) -> Iterator[pa.RecordBatch]:
    """Runs on the executors: each run of one file's rows in this partition, scanned as that
    file (when it starts at the file's first row), as one ``RESULT`` row."""
    import pyarrow as pa

    from piiscan.detectors._cache import forget_values

    try:
        for run in _Runs(batches):
            scan = None
            if run.first == 0:
                table = _file_batches(run.file, run.batches(), options)
                shown = display(run.file)
                scan = encode(scan_table(shown, table, rules, window=options.max_cell_bytes))
            run.drain()
            yield pa.RecordBatch.from_pylist(
                [
                    {
                        "file": run.file,
                        "first": run.first,
                        "rows": run.rows,
                        "in_order": run.in_order,
                        "scan": scan,
                    }
                ],
                schema=_result_schema(),
            )
    finally:
        forget_values()  # no customer's value outlives the task in this worker


def scan_partitions(
    df: Any, name: str, rules: Sequence[Rule], options: ReadOptions
) -> list[TableScan]:
    """Each partition of ``df`` scanned as a table of its own, ``<name>/partition-<n>``."""
    task = partial(scan_partition_whole, name=name, rules=tuple(rules), options=options)
    return [decode(row["scan"]) for row in df.mapInArrow(task, RESULT).collect()]


def scan_partition_whole(
    batches: Iterator[pa.RecordBatch], *, name: str, rules: tuple[Rule, ...], options: ReadOptions
) -> Iterator[pa.RecordBatch]:
    """Runs on the executors: this partition's rows as one table, one ``RESULT`` row."""
    import pyarrow as pa
    from pyspark import TaskContext

    from piiscan.detectors._cache import forget_values
    from piiscan.readers.arrow import batches_from_arrow

    context = TaskContext.get()
    number = context.partitionId() if context is not None else 0
    shown = f"{name}/partition-{number}"
    rows = 0

    def counted() -> Iterator[pa.RecordBatch]:
        nonlocal rows
        for batch in batches:
            rows += batch.num_rows
            yield batch

    try:
        source = _reader(counted())
        table = batches_from_arrow(source, options) if source is not None else iter(())
        scan = encode(scan_table(shown, table, rules, window=options.max_cell_bytes))
    finally:
        forget_values()
    row = {"file": shown, "first": 0, "rows": rows, "in_order": True, "scan": scan}
    yield pa.RecordBatch.from_pylist([row], schema=_result_schema())


def _reader(batches: Iterator[pa.RecordBatch]) -> pa.RecordBatchReader | None:
    """The batches as a reader under the first one's schema; None when there is none."""
    import pyarrow as pa

    head = next(batches, None)
    if head is None:
        return None
    return pa.RecordBatchReader.from_batches(head.schema, _chain(head, batches))


def _result_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("file", pa.string()),
            ("first", pa.int64()),
            ("rows", pa.int64()),
            ("in_order", pa.bool_()),
            ("scan", pa.string()),
        ]
    )


class _Runs:
    """A partition's batches as runs of consecutive rows of one file, each with its rows
    (key columns dropped), where it starts and whether its row indexes ran on by one."""

    def __init__(self, batches: Iterator[pa.RecordBatch]) -> None:
        self._pieces = _pieces(batches)
        self._head = next(self._pieces, None)
        self.file = ""
        self.first = 0
        self.rows = 0
        self.in_order = True

    def __iter__(self) -> Iterator[_Runs]:
        while self._head is not None:
            self.file, self.first = self._head[0], self._head[1]
            self.rows, self.in_order = 0, True
            yield self

    def batches(self) -> Iterator[pa.RecordBatch]:
        """This run's rows; the next run starts where the file changes."""
        while self._head is not None and self._head[0] == self.file:
            _, first, piece, in_order = self._head
            self.in_order = self.in_order and in_order and first == self.first + self.rows
            self.rows += piece.num_rows
            self._head = next(self._pieces, None)
            yield piece

    def drain(self) -> None:
        """Count the rows of this run the scan did not read (past ``max_rows``)."""
        for _ in self.batches():
            pass


def _pieces(batches: Iterator[pa.RecordBatch]) -> Iterator[tuple[str, int, pa.RecordBatch, bool]]:
    """Each batch cut where the file changes: (file, first row index, rows without the key
    columns, whether the row indexes run on by one inside it). Whole-array kernels only."""
    import pyarrow.compute as pc

    for batch in batches:
        if not batch.num_rows:
            continue
        files = batch.column(FILE_KEY)
        indexes = batch.column(ROW_KEY)
        data = batch.drop_columns([FILE_KEY, ROW_KEY])
        changes = pc.not_equal(files.slice(1), files.slice(0, len(files) - 1))
        starts = [0, *(int(i) + 1 for i in pc.indices_nonzero(changes).to_pylist()), len(files)]
        for start, end in pairwise(starts):
            run = indexes.slice(start, end - start)
            steps = pc.subtract(run.slice(1), run.slice(0, len(run) - 1))
            in_order = len(run) < 2 or bool(pc.all(pc.equal(steps, 1)).as_py())
            yield files[start].as_py(), run[0].as_py(), data.slice(start, end - start), in_order


def _file_batches(
    uri: str, rows: Iterator[pa.RecordBatch], options: ReadOptions
) -> Iterator[Batch]:
    """One file's rows as the engine's batches. Where its footer can be read here, as
    ``check`` reads the file: its key-value metadata first, then its own columns, cut into
    batches where the Parquet reader cuts them (the engine samples per batch)."""
    import pyarrow as pa

    from piiscan.readers.arrow import batches_from_arrow
    from piiscan.readers.parquet import not_rows

    footer = _footer(uri)
    if footer is not None:
        prologue = not_rows(footer.metadata, footer.schema.to_arrow_schema())
        if prologue is not None:
            yield prologue
    head = next(rows, None)
    if head is None:
        return
    if footer is None:
        reader = pa.RecordBatchReader.from_batches(head.schema, _chain(head, rows))
        yield from batches_from_arrow(reader, options)
        return
    align = partial(_aligned, schema=_target(head.schema, footer.schema.to_arrow_schema()))
    yield from _as_read(map(align, _chain(head, rows)), footer, options)


def _as_read(rows: Iterator[pa.RecordBatch], footer: Any, options: ReadOptions) -> Iterator[Batch]:
    """``rows`` cut as the Parquet reader cuts the file, ``max_rows`` as it honours it."""
    from piiscan.readers._stream import Pacer, limited
    from piiscan.readers.parquet import batch_sizes, flatten_batch

    batch_rows = max(1, options.batch_rows)
    pieces = _cut(rows, batch_sizes(footer, batch_rows))

    def read(_limits: object) -> Iterator[Batch]:
        pacer = Pacer(options)
        for rb, before, truncated in pacer.pace(
            pieces, lambda b: b.num_rows, lambda b, s, n: b.slice(s, n)
        ):
            chunks = flatten_batch(rb, before + 1)
            yield Batch(
                columns=tuple(chunks),
                row_count=rb.num_rows,
                truncated=truncated,
            )

    yield from limited(read, options)


def _cut(rows: Iterator[pa.RecordBatch], sizes: Iterator[int]) -> Iterator[pa.RecordBatch]:
    """``rows`` as record batches of ``sizes`` rows (what is left over, as it comes)."""
    import pyarrow as pa

    held: list[pa.RecordBatch] = []
    have = 0
    want = next(sizes, None)
    for batch in rows:
        held.append(batch)
        have += batch.num_rows
        while want is not None and have >= want:
            table = pa.Table.from_batches(held).combine_chunks()
            yield from table.slice(0, want).combine_chunks().to_batches() or [table.slice(0, 0)]
            rest = table.slice(want)
            held, have = rest.combine_chunks().to_batches(), rest.num_rows
            want = next(sizes, None)
    if have:
        yield from pa.Table.from_batches(held).combine_chunks().to_batches()


def _chain(head: pa.RecordBatch, rest: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield head
    yield from rest


def _footer(uri: str) -> Any:
    """The file's Parquet footer, where this process can open the file (a local or mounted
    path); None elsewhere (Spark's columns are then scanned as they come)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    scheme, host, path = _key(uri)
    if scheme != "file" or host not in ("", "localhost"):
        return None
    try:
        return pq.read_metadata(path)
    except (OSError, pa.ArrowException, ValueError):
        return None


def _target(spark: pa.Schema, own: pa.Schema) -> pa.Schema:
    """The file's own columns, in its order, under the file's types where Spark's values
    cast to them (a struct without the fields only other files hold)."""
    import pyarrow as pa

    fields = []
    for field in own:
        if field.name not in spark.names:
            continue
        theirs = spark.field(field.name)
        try:
            pa.array([], theirs.type).cast(field.type)
        except (pa.ArrowException, ValueError, TypeError):
            fields.append(theirs)
        else:
            fields.append(theirs.with_type(field.type))
    return pa.schema(fields)


def _aligned(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    import pyarrow as pa

    columns = [batch.column(field.name).cast(field.type) for field in schema]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def encode(scan: TableScan) -> str:
    """A ``TableScan`` as JSON: counts, row numbers and masked samples, never a value."""
    return json.dumps(
        {
            "summary": asdict(scan.summary) if scan.summary is not None else None,
            "findings": [asdict(f) for f in scan.findings],
            "errors": [asdict(e) for e in scan.errors],
            "warnings": list(scan.warnings),
        }
    )


def decode(text: str) -> TableScan:
    data = json.loads(text)
    summary = data["summary"]
    findings = []
    for item in data["findings"]:
        item.update(
            category=Category(item["category"]),
            scope=Scope(item["scope"]),
            rows=tuple(item["rows"]),
        )
        findings.append(Finding(**item))
    return TableScan(
        FileSummary(**summary) if summary is not None else None,
        tuple(findings),
        tuple(FileError(**e) for e in data["errors"]),
        tuple(data["warnings"]),
    )
