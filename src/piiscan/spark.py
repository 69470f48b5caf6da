"""Spark DataFrames and datasets: ``piiscan.spark.scan(df)`` and
``piiscan.spark.scan_path(spark, path)`` return the same ``Report`` as ``piiscan.scan``.

A dataset (``scan_path``) is scanned as ``piiscan check`` scans a folder: each file a table of
its own, scanned on the executor that reads it (``spark_tasks``); the driver only merges the
files' results, so the scan grows with the executors. The findings are those of
``piiscan.scan(path)`` on the same files.

A DataFrame (``scan``, or ``scan_path(..., per_file=False)``) is one table: the executors read
and decode the data and hand it over as Arrow (``mapInArrow``); the driver streams the
partitions in order (``toLocalIterator``: a partition or two in memory at a time) through the
same engine ``piiscan.scan`` runs on an Arrow table, so the findings are those of one scan of
the same rows in the same order. That is done on the driver alone: the engine's decisions
depend on the values that came before (which distinct values are validated, when a column
starts sampling, when a rule stops being tried, whether a column is free text), so pieces of
one table scanned apart and merged would give other counts. ``parallel=True`` scans each
partition as a table of its own instead, on the executors.

pyspark is imported only here and in ``spark_tasks`` (``pip install piiscan-gate[spark]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from piiscan import api
from piiscan.api import PathLike
from piiscan.errors import ReadError, UsageError
from piiscan.model import Category, FileError, Report

if TYPE_CHECKING:
    import pyarrow as pa

    from piiscan.policy import Policy
    from piiscan.ruleset import Rule

_IPC = "ipc"
"""The one column of the executors' output: each row an Arrow IPC stream of one batch."""
FILE_PATH = "_metadata.file_path"
ROW_INDEX = "_metadata.row_index"
"""Spark's hidden per-file columns: a dataset is read in path order, each file in row order."""
_FILE_KEY, _ROW_KEY = "__piiscan_file", "__piiscan_row"
NOT_OPENED = "Spark could not open the dataset"
NOT_READ = "Spark could not read a partition"


def scan(
    df: Any,
    *,
    name: str = "dataframe",
    policy: Policy | Iterable[Category | str] | None = None,
    rules: Sequence[Rule] | None = None,
    config: PathLike | None = None,
    max_rows: int | None = None,
    parallel: bool = False,
) -> Report:
    """Scan a Spark DataFrame as one table named ``name``, rows in the DataFrame's order
    (partition by partition): the report ``piiscan.scan`` gives for the same rows as one
    Arrow table. ``policy``, ``rules``, ``config`` and ``max_rows`` as for ``piiscan.scan``.

    ``parallel`` scans each partition as a table of its own (``<name>/partition-<n>``,
    ``max_rows`` each) on the executors: it scales with them, but its findings are per
    partition, not those of the whole table (a column sensitive only taken whole is missed,
    counts and samples differ)."""
    _require_dataframe(df)
    if parallel:
        return _per_task(
            spark=None,
            df=df,
            name=name,
            policy=policy,
            rules=rules,
            config=config,
            max_rows=max_rows,
        )
    reader = _reader(df)
    return api.scan(reader, name=name, policy=policy, rules=rules, config=config, max_rows=max_rows)


def scan_path(
    spark: Any,
    path: str,
    *,
    format: str = "parquet",
    per_file: bool = True,
    ordered: bool = True,
    name: str | None = None,
    policy: Policy | Iterable[Category | str] | None = None,
    rules: Sequence[Rule] | None = None,
    config: PathLike | None = None,
    max_rows: int | None = None,
) -> Report:
    """Scan the dataset at ``path`` (a folder of partitioned Parquet, ``s3a://...``).

    ``per_file`` (the default) scans each file as a table of its own, on the executors, as
    ``piiscan check`` scans a folder: the findings of ``piiscan.scan(path)``, each file shown
    as ``path`` joined with its path under it (``events/country=FR/part-0.parquet``), its own
    columns only (partition values are in its path). Parquet only (Spark's row index).

    Otherwise the dataset is one table named ``name`` (default ``path``), scanned on the
    driver: every file's columns (``mergeSchema``: a column only some files hold is read,
    empty elsewhere), partition columns (``country=FR/``) last. ``ordered`` reads the files
    in path order and each file in row order: the report is then the one
    ``piiscan.scan(pyarrow.dataset.dataset(path, partitioning="hive").to_table())`` gives
    (that costs Spark a sort). Without it, rows come in Spark's own read order: the
    same rows, with row numbers and sampled counts that may differ."""
    if per_file:
        if format != "parquet":
            raise UsageError(
                f"scan_path: per_file reads Parquet only, not {format}"
                " (per_file=False scans the dataset as one table)"
            )
        return _per_task(
            spark=spark, path=path, policy=policy, rules=rules, config=config, max_rows=max_rows
        )
    try:
        reader = _reader(_load(spark, path, format, ordered=ordered))
    except UsageError:
        raise
    except Exception as exc:  # AnalysisException, Py4JJavaError: missing path, bad footer
        reader = _failed(f"{NOT_OPENED} ({type(exc).__name__})")
    return api.scan(
        reader, name=name or path, policy=policy, rules=rules, config=config, max_rows=max_rows
    )


def _per_task(
    *,
    spark: Any,
    policy: Policy | Iterable[Category | str] | None,
    rules: Sequence[Rule] | None,
    config: PathLike | None,
    max_rows: int | None,
    path: str | None = None,
    df: Any = None,
    name: str = "dataframe",
) -> Report:
    """The files at ``path`` (or the partitions of ``df``) scanned as tables of their own on
    the executors, merged and judged as ``piiscan.scan`` merges and judges files."""
    from piiscan import session, spark_tasks
    from piiscan.engine.files import merge

    request = api.scan_request(policy=policy, rules=rules, config=config, max_rows=max_rows)
    planned = session.plan(request)
    shown = path if path is not None else name
    scans = []
    errors: list[FileError] = []
    files: list[str] = []
    try:
        if path is not None:
            dataset = _load_files(spark, spark_tasks.location(path))
            files = sorted(dataset.inputFiles())
    except Exception as exc:  # AnalysisException, Py4JJavaError: missing path, bad footer
        errors.append(FileError(shown, f"{NOT_OPENED} ({type(exc).__name__})"))
    else:
        try:
            if path is not None:
                displays = spark_tasks.Displays.of(path)
                scans = spark_tasks.scan_files(
                    spark, dataset, files, displays, planned.rules, planned.options
                )
            else:
                scans = spark_tasks.scan_partitions(df, name, planned.rules, planned.options)
        except Exception as exc:  # Py4JJavaError, PySparkException: a task failed
            errors.append(FileError(shown, f"{NOT_READ} ({type(exc).__name__})"))
    result = merge(scans)
    result = replace(result, errors=tuple(sorted((*result.errors, *errors), key=_error_order)))
    report = session.judge(planned, result)
    if path is None:
        return report
    return replace(report, file_count=len(report.files), loose_tables=0)


def _error_order(error: FileError) -> tuple[str, str]:
    return error.path, error.message


def _load_files(spark: Any, path: str) -> Any:
    """The Parquet files under ``path`` as one DataFrame, schemas merged and without
    partition columns: each file is read for its own columns, as ``piiscan check`` reads it."""
    reader = spark.read.format("parquet").option("mergeSchema", "true")
    return reader.option("recursiveFileLookup", "true").load(path)


def _load(spark: Any, path: str, format: str, *, ordered: bool) -> Any:
    """The dataset as a DataFrame: schemas merged, in path and row order when ``ordered``."""
    reader = spark.read.format(format)
    if format == "parquet":
        reader = reader.option("mergeSchema", "true")
    df = reader.load(path)
    if ordered:
        keys = [df[FILE_PATH].alias(_FILE_KEY), df[ROW_INDEX].alias(_ROW_KEY)]
        df = df.select("*", *keys).orderBy(_FILE_KEY, _ROW_KEY).drop(_FILE_KEY, _ROW_KEY)
    return df


def arrow_batches(df: Any) -> Iterator[pa.RecordBatch]:
    """The DataFrame's rows as Arrow record batches, partition by partition, in order.

    Spark converts each partition to Arrow on its executor; the batches travel to the driver
    as IPC bytes, a partition (and the next one, prefetched) at a time."""
    import pyarrow as pa

    for row in df.mapInArrow(_to_ipc, f"{_IPC} binary").rdd.toLocalIterator(
        prefetchPartitions=True
    ):
        with pa.ipc.open_stream(row[0]) as stream:
            yield from stream


def _to_ipc(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Runs on the executors: each batch as a one-row batch holding its IPC stream."""
    import pyarrow as pa

    for batch in batches:
        if not batch.num_rows:
            continue
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write_batch(batch)
        yield pa.record_batch([pa.array([sink.getvalue().to_pybytes()], pa.binary())], names=[_IPC])


def _reader(df: Any) -> pa.RecordBatchReader:
    """A lazy Arrow reader over the DataFrame, its schema that of Spark's first batch (an
    empty DataFrame is a table of no columns). A failed Spark job becomes a ReadError (the
    report says the table was not fully scanned, exit 2); Spark's message is not repeated,
    it may quote a row."""
    import pyarrow as pa

    def guarded() -> Iterator[pa.RecordBatch]:
        try:
            yield from arrow_batches(df)
        except Exception as exc:  # Py4JJavaError, PySparkException: a task failed
            raise ReadError(f"{NOT_READ} ({type(exc).__name__})") from None

    batches = guarded()
    try:
        first = next(batches, None)
    except ReadError as exc:
        return _failed(str(exc))
    if first is None:
        return pa.RecordBatchReader.from_batches(pa.schema([]), iter(()))
    schema = first.schema

    def same_schema() -> Iterator[pa.RecordBatch]:
        yield first
        for batch in batches:
            yield batch if batch.schema == schema else _cast(batch, schema)

    return pa.RecordBatchReader.from_batches(schema, same_schema())


def _failed(message: str) -> pa.RecordBatchReader:
    """A table that could not be read at all: the report names it, exit 2."""
    import pyarrow as pa

    def failing() -> Iterator[pa.RecordBatch]:
        raise ReadError(message)
        yield  # a generator: raised when the scan reads it

    return pa.RecordBatchReader.from_batches(pa.schema([]), failing())


def _cast(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """A batch under the schema announced up front (Spark may send large or view types)."""
    import pyarrow as pa

    return pa.Table.from_batches([batch]).cast(schema).combine_chunks().to_batches()[0]


def _require_dataframe(df: Any) -> None:
    if not hasattr(df, "mapInArrow") or not hasattr(df, "schema"):
        raise UsageError(
            f"piiscan.spark.scan takes a Spark DataFrame, not {type(df).__name__} "
            "(piiscan.scan takes pandas and Arrow tables)"
        )
