"""The redacted copy of an ORC file: its columns in order (``arrow_tables.TableRewriter``),
its compression codec and block size, file version and row index stride. Stripes are cut by
the writer's size (pyarrow cannot end a stripe on demand), so their count may differ; the
file's user metadata cannot be written by pyarrow and is not carried over.
"""

from __future__ import annotations

from pathlib import Path

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.redaction.arrow_tables import TableRewriter, write_pieces
from piiscan.redaction.plan import FilePlan, Written


def write_orc(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of the (uncompressed) ``ref`` to ``target``, stripe by stripe."""
    import pyarrow as pa
    import pyarrow.orc as orc

    try:
        source = orc.ORCFile(str(ref.path))
        schema = source.schema
    except (pa.ArrowException, OSError, ValueError):
        raise ReadError("not a valid ORC file: unreadable footer") from None
    rewriter = TableRewriter(schema, plan)
    write_pieces(
        target,
        (
            rewriter.rewrite(source.read_stripe(i), f"stripe {i + 1}")
            for i in range(source.nstripes)
        ),
        lambda path, _: orc.ORCWriter(
            str(path),
            file_version=str(source.file_version),
            compression=str(source.compression).lower(),
            compression_block_size=source.compression_size,
            row_index_stride=source.row_index_stride,
        ),
        lambda writer, table: writer.write(table),
        "stripes",
    )
    return rewriter.written()
