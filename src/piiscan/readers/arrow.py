"""In-memory tables: a pyarrow Table or RecordBatchReader, a pandas DataFrame, or anything
that exports an Arrow C stream (polars, DuckDB, ADBC results), as the same flattened string
batches a Parquet file gives.

pandas is imported only when a DataFrame is passed; nothing here touches a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from piiscan.model import Batch, ReadOptions
from piiscan.readers._stream import Limits, limited
from piiscan.readers.parquet import flatten_batch

if TYPE_CHECKING:
    import pyarrow as pa


def is_table(source: object) -> bool:
    """Whether ``source`` is an in-memory table this module reads (not a path)."""
    if hasattr(source, "__arrow_c_stream__") or _is_dataframe(source):
        return True
    module = type(source).__module__
    return module.startswith("pyarrow") and hasattr(source, "schema")


def batches_from_arrow(source: object, options: ReadOptions | None = None) -> Iterator[Batch]:
    """``source``'s rows as batches of flattened string columns, ``max_rows`` honoured."""
    options = options or ReadOptions()
    batches = _rebatched(record_batches(source), max(1, options.batch_rows))
    yield from limited(partial(_batches, batches, options), options)


def record_batches(source: object) -> Iterator[pa.RecordBatch]:
    """The record batches of a Table, RecordBatch, RecordBatchReader, DataFrame or C stream."""
    import pyarrow as pa

    if _is_dataframe(source):
        source = _from_pandas(source)
    if isinstance(source, pa.RecordBatch):
        yield source
        return
    if isinstance(source, pa.Table):
        yield from source.to_batches()
        return
    if isinstance(source, pa.RecordBatchReader):
        yield from source
        return
    if hasattr(source, "__arrow_c_stream__"):
        yield from pa.RecordBatchReader.from_stream(source)
        return
    raise TypeError(f"cannot read a {type(source).__name__} as a table")


def _rebatched(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[pa.RecordBatch]:
    """Record batches of ``size`` rows (the last one shorter): the engine samples per batch,
    so a table gives the same findings however its producer chunked it."""
    import pyarrow as pa

    held: list[pa.RecordBatch] = []
    rows = 0
    for rb in batches:
        held.append(rb)
        rows += rb.num_rows
        while rows >= size:
            table = pa.Table.from_batches(held).combine_chunks()
            yield from table.slice(0, size).to_batches()
            rest = table.slice(size)
            held = rest.combine_chunks().to_batches()
            rows = rest.num_rows
    if rows:
        yield from pa.Table.from_batches(held).combine_chunks().to_batches()


def _batches(
    record_batches: Iterator[pa.RecordBatch], options: ReadOptions, limits: Limits
) -> Iterator[Batch]:
    done = 0
    limit = options.max_rows
    for rb in record_batches:
        for start in range(0, rb.num_rows, max(1, options.batch_rows)):
            if limit is not None and done >= limit:
                yield Batch(columns=(), row_count=0, truncated=True)
                return
            piece = rb.slice(start, options.batch_rows)
            cut = limit is not None and done + piece.num_rows > limit
            if limit is not None and cut:
                piece = piece.slice(0, limit - done)
            chunks = flatten_batch(piece, done + 1)
            done += piece.num_rows
            yield Batch(
                columns=tuple(chunks),
                row_count=piece.num_rows,
                truncated=cut,
            )
            if cut:
                return


def _is_dataframe(source: object) -> bool:
    cls = type(source)
    return cls.__name__ == "DataFrame" and cls.__module__.startswith("pandas")


def _from_pandas(frame: Any) -> pa.Table:
    """A DataFrame as an Arrow table of its columns (the index is not data unless named):
    column labels as text, as a CSV header would show them; object columns that pyarrow
    cannot type (mixed values) as text, value by value."""
    import pyarrow as pa

    frame = frame.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        arrays = [
            pa.array([None if _missing(v) else str(v) for v in frame[name]], type=pa.string())
            for name in frame.columns
        ]
        return pa.Table.from_arrays(arrays, names=list(frame.columns))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
