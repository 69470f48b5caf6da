"""Parquet reader: nested flattening, value rendering, row numbers, limits, corrupt files."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

CANARY = "CANARY4111111111111111"

Reader = Callable[..., Any]


def write_table(path: Path, table: pa.Table, **kwargs: Any) -> Path:
    pq.write_table(table, path, **kwargs)
    return path


CUSTOMERS = pa.table(
    {
        "customer_id": pa.array([1, 2, 3], pa.int64()),
        "phone": pa.array([79161234567, None, 79031112233], pa.int64()),
        "address": pa.array(
            [
                {"street": "Tverskaya 1", "geo": {"lat": 55.75, "lon": 37.61}},
                None,
                {"street": None, "geo": {"lat": 59.93, "lon": 30.31}},
            ],
            pa.struct(
                [
                    ("street", pa.string()),
                    ("geo", pa.struct([("lat", pa.float64()), ("lon", pa.float64())])),
                ]
            ),
        ),
        "wishlist": pa.array([["tea", "coffee"], [], None], pa.list_(pa.string())),
        "orders": pa.array(
            [
                [{"id": 10, "items": [{"sku": "A-1"}, {"sku": "A-2"}]}],
                None,
                [{"id": 30, "items": []}, {"id": 31, "items": [{"sku": "C-1"}]}],
            ],
            pa.list_(
                pa.struct(
                    [
                        ("id", pa.int32()),
                        ("items", pa.list_(pa.struct([("sku", pa.string())]))),
                    ]
                )
            ),
        ),
    }
)


def test_nested_flattening(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write_table(tmp_path / "c.parquet", CUSTOMERS))
    assert res.error is None
    assert res.names == [
        "customer_id",
        "phone",
        "address.street",
        "address.geo.lat",
        "address.geo.lon",
        "wishlist[]",
        "orders[].id",
        "orders[].items[].sku",
    ]
    assert res.values["phone"] == ["79161234567", None, "79031112233"]
    assert res.values["address.street"] == ["Tverskaya 1", None, None]
    assert res.values["address.geo.lat"] == ["55.75", None, "59.93"]
    assert res.values["wishlist[]"] == ["tea", "coffee"]
    assert res.rows["wishlist[]"] == [1, 1]
    assert res.values["orders[].id"] == ["10", "30", "31"]
    assert res.rows["orders[].id"] == [1, 3, 3]
    assert res.values["orders[].items[].sku"] == ["A-1", "A-2", "C-1"]
    assert res.rows["orders[].items[].sku"] == [1, 1, 3]
    assert res.row_count == 3


def test_nested_row_numbers_across_batches(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write_table(tmp_path / "c.parquet", CUSTOMERS), batch_rows=2)
    assert [b.row_count for b in res.batches] == [2, 1]
    assert res.rows["customer_id"] == [1, 2, 3]
    assert res.rows["orders[].items[].sku"] == [1, 1, 3]


def test_lists_of_lists_and_maps(tmp_path: Path, read_file: Reader) -> None:
    table = pa.table(
        {
            "matrix": pa.array([[[1, 2], [3]], [[4]]], pa.list_(pa.list_(pa.int64()))),
            "attrs": pa.array(
                [[("email", "a@b.c")], [("phone", "+7 916"), ("city", "Msk")]],
                pa.map_(pa.string(), pa.string()),
            ),
        }
    )
    res = read_file(write_table(tmp_path / "m.parquet", table), batch_rows=1)
    assert res.values["matrix[][]"] == ["1", "2", "3", "4"]
    assert res.rows["matrix[][]"] == [1, 1, 1, 2]
    assert res.values["attrs[].key"] == ["email", "phone", "city"]
    assert res.values["attrs[].value"] == ["a@b.c", "+7 916", "Msk"]
    assert res.rows["attrs[].value"] == [1, 2, 2]


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        pytest.param(pa.array([79161234567], pa.int64()), "79161234567", id="int64"),
        pytest.param(pa.array([7], pa.uint8()), "7", id="uint8"),
        pytest.param(pa.array([55.75], pa.float64()), "55.75", id="float64"),
        pytest.param(pa.array([1.0], pa.float64()), "1", id="float-integral"),
        pytest.param(pa.array([0.5], pa.float32()), "0.5", id="float32"),
        pytest.param(pa.array([True], pa.bool_()), "true", id="bool"),
        pytest.param(pa.array([dt.date(1980, 2, 29)]), "1980-02-29", id="date32"),
        pytest.param(
            pa.array([dt.datetime(2024, 5, 3, 12, 30, 1)], pa.timestamp("s")),
            "2024-05-03T12:30:01.000",  # Parquet has no seconds unit: stored as ms
            id="timestamp-s",
        ),
        pytest.param(
            pa.array([dt.datetime(2024, 5, 3, 12, 30, 1, 250000)], pa.timestamp("ms")),
            "2024-05-03T12:30:01.250",
            id="timestamp-ms",
        ),
        pytest.param(
            pa.array([dt.datetime(2024, 5, 3, 9, 0, tzinfo=dt.UTC)], pa.timestamp("us", "UTC")),
            "2024-05-03T09:00:00.000000+0000",
            id="timestamp-utc",
        ),
        pytest.param(
            pa.array([decimal.Decimal("1234.50")], pa.decimal128(8, 2)), "1234.50", id="decimal"
        ),
        pytest.param(pa.array([b"plain"], pa.binary()), "plain", id="binary-utf8"),
        pytest.param(pa.array([b"a\xffb"], pa.binary()), "a\ufffdb", id="binary-invalid"),
        pytest.param(pa.array(["x"]).dictionary_encode(), "x", id="dictionary"),
        pytest.param(pa.array(["x"], pa.large_string()), "x", id="large-string"),
        pytest.param(pa.array([None], pa.null()), None, id="null-type"),
    ],
)
def test_values_become_strings(
    tmp_path: Path, read_file: Reader, array: pa.Array, expected: str | None
) -> None:
    res = read_file(write_table(tmp_path / "v.parquet", pa.table({"v": array})))
    assert res.error is None
    assert res.values["v"] == [expected]


@pytest.mark.parametrize(
    ("max_rows", "rows", "truncated"),
    [
        pytest.param(2, [1, 2], True, id="cut"),
        pytest.param(5, [1, 2, 3, 4, 5], False, id="exact"),
    ],
)
def test_max_rows(
    tmp_path: Path, read_file: Reader, max_rows: int, rows: list[int], truncated: bool
) -> None:
    path = write_table(tmp_path / "r.parquet", pa.table({"a": list(range(5))}), row_group_size=2)
    res = read_file(path, max_rows=max_rows, batch_rows=2)
    assert res.rows["a"] == rows
    assert res.truncated is truncated


def test_zero_rows_reads_nothing(tmp_path: Path, read_file: Reader) -> None:
    path = write_table(tmp_path / "z.parquet", pa.table({"a": pa.array([], pa.string())}))
    res = read_file(path)
    assert res.error is None
    assert res.row_count == 0


def test_empty_file(tmp_path: Path, read_file: Reader) -> None:
    (tmp_path / "e.parquet").write_bytes(b"")
    assert str(read_file(tmp_path / "e.parquet").error) == "empty file"


def _parquet_bytes(tmp_path: Path) -> bytes:
    table = pa.table({"pan": [CANARY] * 100, "n": list(range(100))})
    path = write_table(tmp_path / "src.parquet", table, compression="none")
    return path.read_bytes()


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda b: CANARY.encode() * 3, id="not-parquet"),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(
            lambda b: b[:4] + CANARY.encode() * 4 + b[4 + 4 * len(CANARY) :], id="corrupt-data-page"
        ),
        pytest.param(lambda b: b[:-12] + b"\xff" * 8 + b[-4:], id="corrupt-footer-length"),
    ],
)
def test_corrupt_files_give_clean_errors(
    tmp_path: Path, read_file: Reader, mangle: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(mangle(_parquet_bytes(tmp_path)))
    res = read_file(path)
    assert res.error is not None
    message = str(res.error)
    assert "Parquet" in message
    assert CANARY not in message
    assert str(path) not in message


def _grouped(tmp_path: Path, groups: int, per_group: int) -> Path:
    values = [f"g{i // per_group:02d}-row{i:03d}" for i in range(groups * per_group)]
    table = pa.table({"id": list(range(1, len(values) + 1)), "v": values})
    return write_table(
        tmp_path / "g.parquet",
        table,
        row_group_size=per_group,
        compression="none",
        write_page_checksum=True,
        write_statistics=False,
        use_dictionary=False,
    )


def test_small_row_groups_are_read_together_in_order(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(_grouped(tmp_path, groups=10, per_group=3), batch_rows=8)
    assert res.error is None
    assert res.rows["id"] == list(range(1, 31))
    assert res.values["id"] == [str(i) for i in range(1, 31)]
    assert all(b.row_count <= 8 for b in res.batches)
    assert len(res.batches) < 10  # groups were joined


def test_rows_before_a_corrupt_row_group_still_count(tmp_path: Path, read_file: Reader) -> None:
    path = _grouped(tmp_path, groups=10, per_group=3)
    data = path.read_bytes()
    last = b"g09-row029"
    assert data.count(last) == 1
    path.write_bytes(data.replace(last, b"X" * len(last)))  # its page checksum now fails
    res = read_file(path, batch_rows=8)
    assert res.error is not None
    assert res.rows["id"][:27] == list(range(1, 28))
    assert len(res.rows["id"]) < 30


def test_metadata_and_unusual_names_are_scanned(tmp_path: Path, read_file: Reader) -> None:
    schema = pa.schema(
        [
            pa.field("id", pa.int64(), metadata={"owner": "ivan@mail.ru"}),
            pa.field("ivan@mail.ru", pa.bool_()),
            pa.field("contact", pa.struct([pa.field("+79161234567", pa.string())])),
        ],
        metadata={"pandas": '{"index_columns": ["petr@mail.ru"]}'},
    )
    path = tmp_path / "m.parquet"
    columns = {"id": [1], "ivan@mail.ru": [True], "contact": [{"+79161234567": "x"}]}
    pq.write_table(pa.table(columns, schema=schema), path)
    res = read_file(path, max_columns=1)
    assert res.values["(metadata).pandas"] == ['{"index_columns": ["petr@mail.ru"]}']
    assert res.values["id.(metadata).owner"] == ["ivan@mail.ru"]
    assert res.values["(columns)"] == ["ivan@mail.ru", "contact.+79161234567"]
    assert res.rows["(columns)"] == [1, 1]
    assert res.values["id"] == ["1"]
    assert res.row_count == 1


def test_plain_files_get_no_extra_columns(tmp_path: Path, read_file: Reader) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"a": [1], "b": [[{"c": 2}]]}), path)
    assert read_file(path).names == ["a", "b[].c"]
