"""Compressed inputs: every codec, lying suffixes, concatenated streams, truncation."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from piiscan.model import Compression, Format

CANARY = "CANARY4111111111111111"

Reader = Callable[..., Any]

CODECS: dict[Compression, tuple[str, Callable[[bytes], bytes]]] = {
    Compression.GZIP: (".gz", gzip.compress),
    Compression.BZ2: (".bz2", lambda b: bz2.compress(b, 1)),  # 100 KB blocks: several per file
    Compression.XZ: (".xz", lzma.compress),
    Compression.ZSTD: (".zst", lambda b: zstandard.ZstdCompressor().compress(b)),
}
ALL = [pytest.param(c, id=c.value) for c in Compression]

ROWS = 20_000
CSV = ("id,card\n" + "".join(f"{i},{CANARY}\n" for i in range(1, ROWS + 1))).encode()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("codec", ALL)
def test_each_codec_by_suffix(tmp_path: Path, read_file: Reader, codec: Compression) -> None:
    suffix, compress = CODECS[codec]
    res = read_file(write(tmp_path, f"a.csv{suffix}", compress(CSV)))
    assert res.ref.format is Format.CSV
    assert res.ref.compression is codec
    assert res.error is None
    assert res.row_count == ROWS
    assert res.rows["id"][-1] == ROWS


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        pytest.param("gzip-named.csv", Compression.GZIP, id="gzip-as-csv"),
        pytest.param("bz2-named.csv.gz", Compression.BZ2, id="bz2-as-gz"),
        pytest.param("zstd-named.csv.xz", Compression.ZSTD, id="zstd-as-xz"),
        pytest.param("plain-named.csv.gz", None, id="plain-as-gz"),
    ],
)
def test_magic_bytes_win_over_suffix(
    tmp_path: Path, read_file: Reader, name: str, codec: Compression | None
) -> None:
    data = CODECS[codec][1](CSV) if codec else CSV
    res = read_file(write(tmp_path, name, data))
    assert res.ref.compression is codec
    assert res.error is None
    assert res.row_count == ROWS


@pytest.mark.parametrize("codec", ALL)
def test_concatenated_streams(tmp_path: Path, read_file: Reader, codec: Compression) -> None:
    suffix, compress = CODECS[codec]
    data = compress(b"a\n1\n2\n") + compress(b"3\n4\n")
    res = read_file(write(tmp_path, f"c.csv{suffix}", data))
    assert res.error is None
    assert res.values["a"] == ["1", "2", "3", "4"]


@pytest.mark.parametrize("codec", ALL)
def test_truncated_stream_yields_rows_then_fails(
    tmp_path: Path, read_file: Reader, codec: Compression
) -> None:
    suffix, compress = CODECS[codec]
    whole = compress(CSV)
    res = read_file(write(tmp_path, f"t.csv{suffix}", whole[: len(whole) * 2 // 3]))
    assert res.error is not None
    assert str(res.error) == f"truncated {codec.value} stream"
    assert 0 < res.row_count < ROWS
    assert res.values["id"][:3] == ["1", "2", "3"]
    assert CANARY not in str(res.error)


@pytest.mark.parametrize("codec", ALL)
def test_corrupt_stream_fails_cleanly(
    tmp_path: Path, read_file: Reader, codec: Compression
) -> None:
    suffix, compress = CODECS[codec]
    whole = bytearray(compress(CSV))
    middle = len(whole) // 2
    whole[middle : middle + 64] = bytes(64)
    res = read_file(write(tmp_path, f"x.csv{suffix}", bytes(whole)))
    assert res.error is not None
    assert str(res.error) in (f"corrupt {codec.value} stream", f"truncated {codec.value} stream")
    assert CANARY not in str(res.error)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        pytest.param("t.jsonl.gz", Format.JSONL, id="jsonl"),
        pytest.param("t.json.gz", Format.JSON, id="json"),
    ],
)
def test_truncated_json_reports_the_stream(
    tmp_path: Path, read_file: Reader, name: str, fmt: Format
) -> None:
    rows = [{"id": i, "card": CANARY} for i in range(ROWS)]
    lines = "\n".join(json.dumps(r) for r in rows)
    text = json.dumps(rows) if fmt is Format.JSON else lines
    whole = gzip.compress(text.encode())
    res = read_file(write(tmp_path, name, whole[: len(whole) // 2]), batch_rows=1000)
    assert res.ref.format is fmt
    assert str(res.error) == "truncated gzip stream"
    assert res.row_count > 0


@pytest.mark.parametrize("codec", ALL)
def test_compressed_parquet(tmp_path: Path, read_file: Reader, codec: Compression) -> None:
    suffix, compress = CODECS[codec]
    plain = tmp_path / "p.parquet"
    pq.write_table(pa.table({"phone": pa.array([79161234567], pa.int64())}), plain)
    res = read_file(write(tmp_path, f"p.parquet{suffix}", compress(plain.read_bytes())))
    assert res.ref.format is Format.PARQUET
    assert res.values == {"phone": ["79161234567"]}


def test_truncated_compressed_parquet(tmp_path: Path, read_file: Reader) -> None:
    plain = tmp_path / "p.parquet"
    pq.write_table(pa.table({"pan": [CANARY] * 1000}), plain)
    whole = gzip.compress(plain.read_bytes())
    res = read_file(write(tmp_path, "p.parquet.gz", whole[:-20]))
    assert str(res.error) == "truncated gzip stream"
