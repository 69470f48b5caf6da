"""``piiscan redact`` on ORC and Arrow IPC files and on compressed files that need random
access, through the real command line: the copy is the same kind, readable by the same
reader, keeps its rows, untouched columns, codec and batches, and holds no planted value."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.orc as orc
import pyarrow.parquet as pq
import pytest

from piiscan.readers.ipc import CONTINUATION, FILE_MAGIC
from piiscan.redaction.ipc import _codec
from tests.redact.exports import customers, leaks, planted, redact_ok


def _table(rows: list[dict[str, str]]) -> pa.Table:
    return pa.table(
        {
            "id": [r["id"] for r in rows],
            "email": [r["email"] for r in rows],
            "card": [r["card"] for r in rows],
            "visits": pa.array(range(len(rows)), pa.int32()),
            "contact": [{"phone": r["phone"], "plan": r["plan"]} for r in rows],
        }
    )


def test_orc_keeps_rows_codec_and_untouched_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(60)
    table = _table(rows)
    (tmp_path / "src").mkdir()
    orc.write_table(table, tmp_path / "src" / "people.orc", compression="zlib")
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = orc.ORCFile(tmp_path / "safe" / "src" / "people.orc")
    assert copy.compression == "ZLIB"
    assert copy.nrows == len(rows)
    read = copy.read()
    assert read.column("id").equals(table.column("id"))
    assert read.column("visits").equals(table.column("visits"))
    assert read.schema.field("email").type == pa.string()
    plans = [c["plan"] for c in read.column("contact").to_pylist()]
    assert plans == [r["plan"] for r in rows]
    (entry,) = manifest["files"]
    assert entry["rows"] == len(rows)
    assert {c["column"] for c in entry["columns"]} >= {"email", "card", "contact.phone"}
    assert leaks(tmp_path / "safe", planted(rows)) == []


@pytest.mark.parametrize("kind", ["file", "stream"])
@pytest.mark.parametrize("codec", [None, "lz4", "zstd"])
def test_arrow_ipc_keeps_kind_batches_codec_and_metadata(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, codec: str | None
) -> None:
    rows = customers(60)
    table = _table(rows).replace_schema_metadata({"origin": "crm export"})
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / ("people.arrow" if kind == "file" else "people.arrows")
    opened = pa.ipc.new_file if kind == "file" else pa.ipc.new_stream
    options = pa.ipc.IpcWriteOptions(compression=codec)
    with opened(str(source), table.schema, options=options) as writer:
        for batch in table.to_batches(max_chunksize=25):
            writer.write_batch(batch)
    redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = tmp_path / "safe" / "src" / source.name
    data = copy.read_bytes()
    assert data.startswith(FILE_MAGIC if kind == "file" else CONTINUATION)
    assert _codec(copy, len(FILE_MAGIC) if kind == "file" else 0) == codec
    if kind == "file":
        reader = pa.ipc.open_file(copy)
        batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
    else:
        batches = list(pa.ipc.open_stream(copy))
    assert [b.num_rows for b in batches] == [25, 25, 10]
    read = pa.Table.from_batches(batches)
    assert read.schema.metadata == {b"origin": b"crm export"}
    assert read.column("id").equals(table.column("id"))
    assert read.column("visits").equals(table.column("visits"))
    assert leaks(tmp_path / "safe", planted(rows)) == []


def _zip_of(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        out = io.BytesIO()
        pq.write_table(table, out)
        zf.writestr("export/people.parquet", out.getvalue())
        zf.writestr("README.txt", "March export\n")
    return buf.getvalue()


def _parquet_of(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out, row_group_size=25)
    return out.getvalue()


def _orc_of(table: pa.Table) -> bytes:
    out = io.BytesIO()
    orc.write_table(table, out)
    return out.getvalue()


def _feather_of(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


_COMPRESS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    "gz": (gzip.compress, gzip.decompress),
    "bz2": (bz2.compress, bz2.decompress),
    "xz": (lzma.compress, lzma.decompress),
}


@pytest.mark.parametrize(
    ("name", "make", "suffix"),
    [
        ("people.parquet", _parquet_of, "gz"),
        ("people.orc", _orc_of, "bz2"),
        ("people.feather", _feather_of, "xz"),
        ("bundle.zip", _zip_of, "gz"),
    ],
)
def test_a_compressed_file_is_redacted_plain_and_compressed_again(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    make: Callable[[pa.Table], bytes],
    suffix: str,
) -> None:
    rows = customers(60)
    table = _table(rows)
    compress, decompress = _COMPRESS[suffix]
    (tmp_path / "src").mkdir()
    plain = make(table)
    (tmp_path / "src" / f"{name}.{suffix}").write_bytes(compress(plain))
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = decompress((tmp_path / "safe" / "src" / f"{name}.{suffix}").read_bytes())
    assert copy[:4] == plain[:4]
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(copy)) as zf:
            assert zf.namelist() == ["export/people.parquet", "README.txt"]
            read = pq.read_table(io.BytesIO(zf.read("export/people.parquet")))
    elif name.endswith(".parquet"):
        assert pq.ParquetFile(io.BytesIO(copy)).metadata.num_row_groups == 3
        read = pq.read_table(io.BytesIO(copy))
    elif name.endswith(".orc"):
        read = orc.read_table(io.BytesIO(copy))
    else:
        read = pa.ipc.open_file(pa.py_buffer(copy)).read_all()
    assert read.num_rows == len(rows)
    assert read.column("id").equals(table.column("id"))
    copies = [f["copy"] for f in manifest["files"]]
    assert any(c.startswith(f"src/{name}.{suffix}") and "!/" not in c for c in copies)
    assert leaks(tmp_path / "safe", planted(rows)) == []
