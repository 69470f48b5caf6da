"""ORC, Arrow IPC (file, stream, Feather v1) and Avro: told by content whatever their name,
read as the same flattened string columns as Parquet and JSON, streamed, fail closed."""

from __future__ import annotations

import datetime
import decimal
import gzip
import io
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastavro
import lz4.frame
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.orc as orc
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.model import Format
from tests.readers.conftest import Result

Reader = Callable[..., Result]

NESTED = pa.table(
    {
        "id": pa.array([1, 2, 3], pa.int64()),
        "customer": pa.array(
            [
                {"email": "a@mail.ru", "phone": "+79161234567"},
                {"email": None, "phone": "+79161234568"},
                None,
            ]
        ),
        "items": pa.array([[{"sku": "A1"}, {"sku": "B2"}], [], None]),
        "attrs": pa.array([[("k", "v1")], None, [("k", "v3")]], pa.map_(pa.string(), pa.string())),
        "amount": pa.array([1.5, 2.25, None]),
        "at": pa.array([datetime.datetime(2024, 1, 2, 3, 4, 5)] * 3, pa.timestamp("ns")),
    }
).replace_schema_metadata({"exported_by": "ivan@mail.ru"})


def _orc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    orc.write_table(table, sink, stripe_size=64 * 1024)
    return sink.getvalue()


def _feather(table: pa.Table, version: int = 2) -> bytes:
    sink = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Feather v1
        if version == 1:
            feather.write_feather(table, sink, version=1)
        else:
            feather.write_feather(table, sink, compression="uncompressed")
    return sink.getvalue()


def _ipc_file(table: pa.Table, compression: str | None = None) -> bytes:
    sink = io.BytesIO()
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table, max_chunksize=100)
    return sink.getvalue()


def _ipc_stream(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=100)
    return sink.getvalue()


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


WRITERS: dict[str, tuple[Callable[[pa.Table], bytes], Format]] = {
    "orc": (_orc, Format.ORC),
    "arrow-file": (_ipc_file, Format.ARROW),
    "arrow-file-zstd": (lambda t: _ipc_file(t, "zstd"), Format.ARROW),
    "arrow-stream": (_ipc_stream, Format.ARROW),
    "feather-v2": (_feather, Format.ARROW),
}
ARROW_TYPED = [pytest.param(name, id=name) for name in WRITERS]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ARROW_TYPED)
@pytest.mark.parametrize("name", ["000000_0", "export.dat", "export.csv"])
def test_told_by_content_and_read_as_parquet_is(
    tmp_path: Path, read_file: Reader, kind: str, name: str
) -> None:
    table = NESTED if kind != "orc" else NESTED.drop_columns(["attrs"])  # ORC maps: see below
    make, fmt = WRITERS[kind]
    res = read_file(write(tmp_path, name, make(table)))
    expected = read_file(write(tmp_path, "same.parquet", _parquet(table)))
    if kind == "orc":  # pyarrow's ORC writer keeps no user metadata (its reader reads it)
        del expected.values["(metadata).exported_by"], expected.rows["(metadata).exported_by"]
    assert res.ref.format is fmt
    assert res.error is None
    assert res.values == expected.values
    assert res.rows == expected.rows
    assert res.values["items[].sku"] == ["A1", "B2"]
    assert res.row_count == 3


def test_arrow_schema_metadata_is_scanned(tmp_path: Path, read_file: Reader) -> None:
    for kind in ("arrow-file", "arrow-stream", "feather-v2"):
        res = read_file(write(tmp_path, kind, WRITERS[kind][0](NESTED)))
        assert res.values["(metadata).exported_by"] == ["ivan@mail.ru"], kind


def test_orc_maps_flatten_to_keys_and_values(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "m.orc", _orc(NESTED.select(["id", "attrs"]))))
    assert res.values["attrs[].key"] == ["k", "k"]
    assert res.values["attrs[].value"] == ["v1", "v3"]
    assert res.rows["attrs[].value"] == [1, 3]


def test_feather_v1_is_read(tmp_path: Path, read_file: Reader) -> None:
    flat = pa.table({"email": ["a@mail.ru", "b@mail.ru"], "n": [1, 2]})
    res = read_file(write(tmp_path, "old", _feather(flat, version=1)))
    assert res.ref.format is Format.ARROW
    assert res.values == {"email": ["a@mail.ru", "b@mail.ru"], "n": ["1", "2"]}


MANY = pa.table(
    {"n": pa.array(range(1000), pa.int64()), "email": [f"u{i}@x.ru" for i in range(1000)]}
)


@pytest.mark.parametrize("kind", ARROW_TYPED)
def test_batches_are_bounded_and_max_rows_truncates(
    tmp_path: Path, read_file: Reader, kind: str
) -> None:
    path = write(tmp_path, "big", WRITERS[kind][0](MANY))
    res = read_file(path, batch_rows=64)
    assert res.values["n"] == [str(i) for i in range(1000)]
    assert res.rows["n"] == list(range(1, 1001))
    cut = read_file(path, max_rows=10)
    assert cut.row_count == 10 and cut.truncated


@pytest.mark.parametrize("kind", ARROW_TYPED)
@pytest.mark.parametrize(
    "codec", [pytest.param(gzip.compress, id="gzip"), pytest.param(lz4.frame.compress, id="lz4")]
)
def test_compressed(tmp_path: Path, read_file: Reader, kind: str, codec: Any) -> None:
    res = read_file(write(tmp_path, "big.gz", codec(WRITERS[kind][0](MANY))))
    assert res.error is None
    assert res.values["email"][-1] == "u999@x.ru"


@pytest.mark.parametrize("kind", ARROW_TYPED)
def test_cut_short_is_an_error_not_a_pass(tmp_path: Path, read_file: Reader, kind: str) -> None:
    data = WRITERS[kind][0](MANY)
    res = read_file(write(tmp_path, f"cut.{kind}", data[: len(data) * 2 // 3]), WRITERS[kind][1])
    assert res.error is not None
    assert "@" not in str(res.error)


def test_bytes_after_an_arrow_stream_are_not_examined(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "s.arrows", _ipc_stream(MANY) + b"ivan@mail.ru,+79161234567"))
    assert res.error is None
    assert res.batches[-1].unexamined == (
        "25 bytes after the end of the Arrow stream are not Arrow data; not examined",
    )


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        pytest.param(b"ORCID,name\n0000-0001,Ivan\n", Format.CSV, id="orcid-csv"),
        pytest.param(b"ARROW1 is a word\n", Format.TEXT, id="arrow1-text"),
        pytest.param(b"Obj,count\n1,2\n3,4\n", Format.CSV, id="obj-csv"),
    ],
)
def test_text_that_starts_like_a_magic_stays_text(
    tmp_path: Path, read_file: Reader, data: bytes, fmt: Format
) -> None:
    assert read_file(write(tmp_path, "t", data)).ref.format is fmt


# -- Avro -----------------------------------------------------------------------------------------

AVRO_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "Order",
    "doc": "exported for ivan@mail.ru",
    "fields": [
        {"name": "id", "type": "long"},
        {"name": "paid", "type": "boolean"},
        {"name": "amount", "type": ["null", "double"]},
        {
            "name": "price",
            "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2},
        },
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {
            "name": "customer",
            "type": {
                "type": "record",
                "name": "Customer",
                "fields": [
                    {"name": "email", "type": ["null", "string"]},
                    {"name": "raw", "type": "bytes"},
                ],
            },
        },
        {"name": "items", "type": {"type": "array", "items": "string"}},
        {"name": "attrs", "type": {"type": "map", "values": "string"}},
        {
            "name": "contact",
            "type": [
                "null",
                {
                    "type": "record",
                    "name": "Phone",
                    "fields": [{"name": "phone", "type": "string"}],
                },
            ],
        },
    ],
}
AVRO_RECORDS: list[dict[str, Any]] = [
    {
        "id": 1,
        "paid": True,
        "amount": 10.5,
        "price": decimal.Decimal("12.30"),
        "day": datetime.date(2024, 5, 1),
        "customer": {"email": "a@mail.ru", "raw": b"\xffx"},
        "items": ["A1", "B2"],
        "attrs": {"color": "red"},
        "contact": {"phone": "+79161234567"},
    },
    {
        "id": 2,
        "paid": False,
        "amount": None,
        "price": decimal.Decimal("0.01"),
        "day": datetime.date(2024, 5, 2),
        "customer": {"email": None, "raw": b""},
        "items": [],
        "attrs": {},
        "contact": None,
    },
]


def _avro(
    records: list[dict[str, Any]],
    schema: dict[str, Any] = AVRO_SCHEMA,
    codec: str = "null",
    metadata: dict[str, str] | None = None,
    block: int = 1000,
) -> bytes:
    sink = io.BytesIO()
    fastavro.writer(sink, schema, records, codec=codec, metadata=metadata, sync_interval=block)
    return sink.getvalue()


@pytest.mark.parametrize("codec", ["null", "deflate", "snappy", "zstandard", "lz4", "bzip2", "xz"])
def test_avro_flattened_like_json(tmp_path: Path, read_file: Reader, codec: str) -> None:
    res = read_file(write(tmp_path, "part-0000", _avro(AVRO_RECORDS, codec=codec)))
    assert res.ref.format is Format.AVRO
    assert res.error is None
    assert res.row_count == 2
    assert {k: v for k, v in res.values.items() if not k.startswith("(")} == {
        "id": ["1", "2"],
        "paid": ["true", "false"],
        "amount": ["10.5", None],
        "price": ["12.30", "0.01"],
        "day": ["2024-05-01", "2024-05-02"],
        "customer.email": ["a@mail.ru", None],
        "customer.raw": ["\ufffdx", ""],
        "items[]": ["A1", "B2"],
        "attrs.color": ["red"],
        "contact.phone": ["+79161234567"],
        "contact": [None],
    }
    assert res.rows["items[]"] == [1, 1]
    assert res.values["(schema)"] == ["exported for ivan@mail.ru"]


def test_avro_user_metadata_and_data_keys_are_scanned(tmp_path: Path, read_file: Reader) -> None:
    schema = {
        "type": "record",
        "name": "R",
        "fields": [{"name": "by_email", "type": {"type": "map", "values": "long"}}],
    }
    records = [{"by_email": {"ivan@mail.ru": 1, "olga@mail.ru": 2}}]
    data = _avro(records, schema, metadata={"owner": "petr@mail.ru"})
    res = read_file(write(tmp_path, "k.avro", data))
    assert res.values["(metadata).owner"] == ["petr@mail.ru"]
    assert res.values["by_email.(key)"] == ["ivan@mail.ru", "olga@mail.ru"]


def test_avro_corrupt_block_after_good_ones(tmp_path: Path, read_file: Reader) -> None:
    records = [{"email": f"u{i}@x.ru"} for i in range(300)]
    schema = {"type": "record", "name": "R", "fields": [{"name": "email", "type": "string"}]}
    data = bytearray(_avro(records, schema, block=200))
    data[-40] ^= 0xFF  # inside the last block
    res = read_file(write(tmp_path, "c.avro", bytes(data)), batch_rows=10)
    assert res.error is not None
    assert "@" not in str(res.error)
    assert res.row_count >= 10


def test_avro_trailing_garbage_is_an_error(tmp_path: Path, read_file: Reader) -> None:
    schema = {"type": "record", "name": "R", "fields": [{"name": "email", "type": "string"}]}
    data = _avro([{"email": "a@x.ru"}], schema) + b"ivan@mail.ru trailing"
    res = read_file(write(tmp_path, "g.avro", data))
    assert res.error is not None
    assert "ivan" not in str(res.error)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {"email": st.one_of(st.none(), st.text(max_size=20)), "n": st.integers(-(2**62), 2**62)}
        ),
        max_size=40,
    )
)
def test_every_format_gives_the_same_columns(
    tmp_path_factory: pytest.TempPathFactory, read_file: Reader, rows: list[dict[str, Any]]
) -> None:
    table = pa.Table.from_pylist(
        rows, schema=pa.schema([("email", pa.string()), ("n", pa.int64())])
    )
    folder = tmp_path_factory.mktemp("same")
    expected = read_file(write(folder, "t.parquet", _parquet(table)))
    for kind, (make, _fmt) in WRITERS.items():
        got = read_file(write(folder, kind, make(table)))
        assert (got.values, got.rows) == (expected.values, expected.rows), kind
    schema = {
        "type": "record",
        "name": "R",
        "fields": [{"name": "email", "type": ["null", "string"]}, {"name": "n", "type": "long"}],
    }
    got = read_file(write(folder, "t.avro", _avro(rows, schema)))
    assert (got.values, got.rows) == (expected.values, expected.rows)
