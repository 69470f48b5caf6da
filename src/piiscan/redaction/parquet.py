"""The redacted copy of a Parquet file: same row groups, column order, compression codec and
schema, except that a rewritten column becomes string and a dropped one is gone.

A top-level column is rewritten from the text the scan saw (``readers.parquet.to_strings``),
each distinct value once. A nested column (struct, list, map) is walked as JSON is, under
the reader's names (``customer.email``, ``items[].sku``), and rebuilt with its type inferred.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.redaction.actions import Action
from piiscan.redaction.json import _Walker
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written

if TYPE_CHECKING:
    import pyarrow as pa


def write_parquet(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``, row group by row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if ref.compression is not None:
        raise ReadError("a compressed Parquet file cannot be redacted yet")
    pf = pq.ParquetFile(ref.path)
    names = pf.schema_arrow.names
    plans = plan.for_names(_leaf_names(pf.schema_arrow))
    walker = _Walker(FilePlan(plan.path, plans))
    changed: Counter[str] = Counter()
    codec = pf.metadata.row_group(0).column(0).compression if pf.metadata.num_row_groups else None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    writer: Any = None
    rows = 0
    try:
        for i in range(pf.metadata.num_row_groups):
            group = pf.read_row_group(i)
            rows += group.num_rows
            columns: list[pa.Array] = []
            fields: list[pa.Field] = []
            for name, column in zip(names, group.columns, strict=True):
                field = group.schema.field(name)
                own = plans.get(name)
                if own is not None and own.action is Action.DROP:
                    changed[name] += column.length() - column.null_count
                    continue
                nested = [p for n, p in plans.items() if n != name and _under(n, name)]
                if own is not None and own.transform is not None:
                    column = _rewritten(column, own, changed)
                    field = pa.field(name, pa.string())
                elif nested:
                    column = _walked(name, column, walker)
                    field = pa.field(name, column.type)
                columns.append(column)
                fields.append(field)
            metadata = _metadata(pf.schema_arrow.metadata, fields != list(group.schema))
            table = pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=metadata))
            if writer is None:
                writer = pq.ParquetWriter(
                    partial, table.schema, compression=(codec or "snappy").lower()
                )
            elif table.schema != writer.schema:
                try:
                    table = table.cast(writer.schema)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    raise ReadError(f"row group {i + 1}: nested column shapes differ") from None
            writer.write_table(table, row_group_size=max(1, table.num_rows))
        if writer is None:
            raise ReadError("no row groups: nothing to redact")
        writer.close()
        writer = None
        partial.replace(target)
    finally:
        if writer is not None:
            writer.close()
        partial.unlink(missing_ok=True)
    changed.update(walker.changed)
    used = {n: p for n, p in plans.items() if n in names}
    return Written(rows, changed, {**used, **walker.used})


def _rewritten(column: Any, plan: ColumnPlan, changed: Counter[str]) -> pa.Array:
    """A top-level column's texts through the plan's transform as one array (nulls and
    empty texts kept as they are)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from piiscan.readers.parquet import to_strings

    assert plan.transform is not None
    texts = to_strings(column.combine_chunks()).cast(pa.string())
    present = pc.and_(pc.is_valid(texts), pc.greater(pc.binary_length(texts), 0))
    values = texts.filter(present)
    if not len(values):
        return texts
    new = plan.transform.array(values)
    changed[plan.column] += pc.sum(pc.not_equal(new, values)).as_py() or 0
    return pc.replace_with_mask(texts, present, new.cast(pa.string()))


def _walked(name: str, column: Any, walker: _Walker) -> pa.Array:
    """A nested column through the JSON walk (its values as Python objects)."""
    import pyarrow as pa

    values = [walker.walk(name, v) for v in column.to_pylist()]
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raise ReadError(f"{name}: the redacted nested column cannot keep a type") from None


def _under(child: str, name: str) -> bool:
    return child.startswith(f"{name}.") or child.startswith(f"{name}[]")


def _leaf_names(schema: Any) -> list[str]:
    """Every name the reader gives the schema's columns, nested ones flattened."""
    import pyarrow as pa

    names: list[str] = []

    def walk(name: str, t: Any) -> None:
        names.append(name)
        if pa.types.is_struct(t):
            for i in range(t.num_fields):
                walk(f"{name}.{t.field(i).name}", t.field(i).type)
        elif pa.types.is_list(t) or pa.types.is_large_list(t):
            walk(f"{name}[]", t.value_type)

    for field in schema:
        walk(field.name, field.type)
    return names


def _metadata(metadata: dict[bytes, bytes] | None, reshaped: bool) -> dict[bytes, bytes] | None:
    """The schema's metadata; pandas' (which lists the columns and their types) goes when a
    column went or changed type."""
    if metadata is None or not reshaped:
        return metadata
    return {k: v for k, v in metadata.items() if k != b"pandas"}
