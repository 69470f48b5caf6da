"""Redacting Arrow-typed data piece by piece: a Parquet row group, an ORC stripe or an Arrow
IPC record batch becomes its copy, with the same columns in the same order, except that a
rewritten column becomes string and a dropped one is gone.

A top-level column is rewritten from the text the scan saw (``readers.parquet.to_strings``),
each distinct value once. A nested column (struct, list, map) is walked as JSON is, under
the reader's names (``customer.email``, ``items[].sku``), and rebuilt with its type inferred;
every later piece is cast to the first piece's schema, as a file has one schema.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.redaction.actions import Action
from piiscan.redaction.json import _Walker
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written

if TYPE_CHECKING:
    import pyarrow as pa


class TableRewriter:
    """Rewrites the pieces of one file whose schema is ``schema`` as ``plan`` says."""

    def __init__(self, schema: pa.Schema, plan: FilePlan) -> None:
        self.source = schema
        self.plans = plan.for_names(_leaf_names(schema))
        self.walker = _Walker(FilePlan(plan.path, self.plans))
        self.changed: Counter[str] = Counter()
        self.rows = 0
        self.schema: pa.Schema | None = None
        """The copy's schema, set by the first piece."""

    def rewrite(self, piece: pa.Table | pa.RecordBatch, where: str) -> pa.Table:
        """The copy of one piece (``where`` names it in an error: ``row group 3``)."""
        import pyarrow as pa

        table = piece if isinstance(piece, pa.Table) else pa.Table.from_batches([piece])
        self.rows += table.num_rows
        columns: list[Any] = []
        fields: list[pa.Field] = []
        for field, column in zip(table.schema, table.columns, strict=True):
            name = field.name
            own = self.plans.get(name)
            if own is not None and own.action is Action.DROP:
                self.changed[name] += column.length() - column.null_count
                continue
            nested = [p for n, p in self.plans.items() if n != name and _under(n, name)]
            if own is not None and own.transform is not None:
                column = _rewritten(column, own, self.changed)
                field = pa.field(name, pa.string())
            elif nested:
                column = _walked(name, column, self.walker)
                field = pa.field(name, column.type)
            columns.append(column)
            fields.append(field)
        metadata = _metadata(self.source.metadata, fields != list(table.schema))
        copy = pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=metadata))
        if self.schema is None:
            self.schema = copy.schema
        elif copy.schema != self.schema:
            try:
                copy = copy.cast(self.schema)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise ReadError(f"{where}: nested column shapes differ") from None
        return copy

    def written(self) -> Written:
        """What was done, once every piece is rewritten."""
        self.changed.update(self.walker.changed)
        used = {n: p for n, p in self.plans.items() if n in self.source.names}
        return Written(self.rows, self.changed, {**used, **self.walker.used})


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


def write_pieces(
    target: Path,
    pieces: Iterator[pa.Table],
    open_writer: Callable[[Path, pa.Schema], Any],
    write: Callable[[Any, pa.Table], None],
    what: str,
) -> None:
    """Write rewritten pieces through a pyarrow writer opened on the first piece's schema,
    into a partial file that takes ``target``'s name once closed (``what``: the pieces' name
    in the error for a file of none)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    writer: Any = None
    try:
        for table in pieces:
            if writer is None:
                writer = open_writer(partial, table.schema)
            write(writer, table)
        if writer is None:
            raise ReadError(f"no {what}: nothing to redact")
        writer.close()
        writer = None
        partial.replace(target)
    finally:
        if writer is not None:
            writer.close()
        partial.unlink(missing_ok=True)
