"""The redacted copy of a Parquet file: same row groups, column order, compression codec and
schema, except that a rewritten column becomes string and a dropped one is gone
(``arrow_tables.TableRewriter``)."""

from __future__ import annotations

from pathlib import Path

from piiscan.model import FileRef, ReadOptions
from piiscan.redaction.arrow_tables import TableRewriter, write_pieces
from piiscan.redaction.plan import FilePlan, Written


def write_parquet(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of the (uncompressed) ``ref`` to ``target``, row group by row group."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(ref.path)
    rewriter = TableRewriter(pf.schema_arrow, plan)
    codec = pf.metadata.row_group(0).column(0).compression if pf.metadata.num_row_groups else None
    groups = range(pf.metadata.num_row_groups)
    write_pieces(
        target,
        (rewriter.rewrite(pf.read_row_group(i), f"row group {i + 1}") for i in groups),
        lambda path, schema: pq.ParquetWriter(
            path, schema, compression=(codec or "snappy").lower()
        ),
        lambda writer, table: writer.write_table(table, row_group_size=max(1, table.num_rows)),
        "row groups",
    )
    return rewriter.written()
