"""The redacted copy of an Arrow IPC file or stream (Feather v2, ``.arrows``) or a legacy
Feather v1 file: the same kind, its record batches one for one, the schema's metadata and
the buffers' compression (LZ4 frame or Zstandard) kept; the columns as
``arrow_tables.TableRewriter`` rewrites them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.readers.ipc import CONTINUATION, FEATHER_V1, FILE_MAGIC
from piiscan.redaction.arrow_tables import TableRewriter, write_pieces
from piiscan.redaction.plan import FilePlan, Written
from piiscan.redaction.sink import open_sink

if TYPE_CHECKING:
    import pyarrow as pa

_CODECS = {b"\x04\x22\x4d\x18": "lz4", b"\x28\xb5\x2f\xfd": "zstd"}
"""A compressed buffer's frame magic (after its 8-byte length) and pyarrow's codec name."""


def write_ipc(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of the (uncompressed) ``ref`` to ``target``, batch by batch."""
    import pyarrow as pa

    with ref.path.open("rb") as f:
        head = f.read(len(FILE_MAGIC))
    if head.startswith(FEATHER_V1):
        return _feather_v1(ref.path, target, plan)
    stream = head.startswith(CONTINUATION)
    try:
        reader: Any = (pa.ipc.open_stream if stream else pa.ipc.open_file)(ref.path)
        codec = _codec(ref.path, 0 if stream else len(FILE_MAGIC))
    except (pa.ArrowException, OSError, ValueError):
        raise ReadError("not a valid Arrow file: unreadable schema") from None
    count = 0 if stream else reader.num_record_batches
    batches = iter(reader) if stream else map(reader.get_batch, range(count))
    rewriter = TableRewriter(reader.schema, plan)
    opened = pa.ipc.new_stream if stream else pa.ipc.new_file
    write_pieces(
        target,
        (rewriter.rewrite(b, f"record batch {i + 1}") for i, b in enumerate(batches)),
        lambda path, schema: opened(
            str(path), schema, options=pa.ipc.IpcWriteOptions(compression=codec)
        ),
        _write_batch,
        "record batches",
    )
    return rewriter.written()


def _write_batch(writer: Any, table: pa.Table) -> None:
    """One source batch as one batch (an empty one too)."""
    import pyarrow as pa

    batches = table.combine_chunks().to_batches()
    for batch in batches or [pa.RecordBatch.from_pylist([], schema=table.schema)]:
        writer.write_batch(batch)


def _codec(path: Path, start: int) -> str | None:
    """The compression of the first record batch's buffers (None: not compressed): each
    buffer of a compressed batch starts with its length, then the codec's frame."""
    import pyarrow as pa

    with pa.OSFile(str(path)) as f:
        f.seek(start)
        for message in pa.ipc.MessageReader.open_stream(f):
            if message.type == "record batch":
                body = message.body.to_pybytes()[8:12] if message.body is not None else b""
                return _CODECS.get(body)
    return None


def _feather_v1(source: Path, target: Path, plan: FilePlan) -> Written:
    """Feather v1 has no batches: read whole (as the reader does) and written whole."""
    import warnings

    import pyarrow.feather as feather

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        table = feather.read_table(str(source))
        rewriter = TableRewriter(table.schema, plan)
        copy = rewriter.rewrite(table, "table")
        with open_sink(target, None) as out:
            feather.write_feather(copy, out, version=1)
    return rewriter.written()
