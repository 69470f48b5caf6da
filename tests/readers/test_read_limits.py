"""Reader limits and workarounds: long cells, wide files, bombs, long rows, bad bytes, files that
change or are not files; each reported as a warning or an error, never silently."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from piiscan.errors import ReadError
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers import _stream, read
from piiscan.readers import csv as csv_reader
from piiscan.readers import json as json_reader
from piiscan.readers._stream import Source

CANARY = "CANARY4111111111111111"

Reader = Callable[..., Any]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def warnings_of(res: Any) -> list[str]:
    return [w for b in res.batches for w in b.warnings]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("a.csv", "id,note\n1,short\n2," + "é" * 600 + "\n3,x\n", id="csv"),
        pytest.param(
            "a.jsonl",
            '{"id": 1, "note": "short"}\n{"id": 2, "note": "' + "é" * 600 + '"}\n',
            id="jsonl",
        ),
    ],
)
def test_long_cells_are_read_whole(tmp_path: Path, read_file: Reader, name: str, data: str) -> None:
    """Readers cut nothing: the engine searches a long cell in windows."""
    res = read_file(write(tmp_path, name, data), max_cell_bytes=100, batch_rows=1)
    assert res.error is None
    assert res.values["note"][1] == "é" * 600
    assert warnings_of(res) == []


def test_parquet_long_cells_are_read_whole(tmp_path: Path, read_file: Reader) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"note": ["x" * 500, "ok"]}), path)
    res = read_file(path, max_cell_bytes=64)
    assert res.values["note"] == ["x" * 500, "ok"]
    assert warnings_of(res) == []


def unexamined_of(res: Any) -> list[str]:
    return [g for b in res.batches for g in b.unexamined]


def test_csv_columns_past_a_set_limit_are_unexamined(tmp_path: Path, read_file: Reader) -> None:
    header = ",".join(f"c{i}" for i in range(1, 31))
    res = read_file(
        write(tmp_path, "w.csv", header + "\n" + ",".join("x" * 30) + "\n"), max_columns=10
    )
    assert res.names == [f"c{i}" for i in range(1, 11)]
    assert unexamined_of(res) == ["30 columns; only the first 10 were scanned (--max-columns)"]
    assert warnings_of(res) == []


def test_csv_every_column_is_read_by_default(tmp_path: Path, read_file: Reader) -> None:
    header = ",".join(f"c{i}" for i in range(1, 12_001))
    res = read_file(write(tmp_path, "w.csv", header + "\n" + ",".join("x" * 12_000) + "\n"))
    assert len(res.names) == 12_000
    assert res.values["c12000"] == ["x"]
    assert unexamined_of(res) == warnings_of(res) == []


def test_json_columns_past_a_set_limit_are_unexamined(tmp_path: Path, read_file: Reader) -> None:
    lines = "".join(json.dumps({f"k{i}": "v", f"k{i + 1}": "w"}) + "\n" for i in range(0, 20, 2))
    res = read_file(write(tmp_path, "w.jsonl", lines), max_columns=5, batch_rows=2)
    assert res.names == [f"k{i}" for i in range(5)]
    assert unexamined_of(res) == [
        "more than 5 columns; only the first 5 were scanned (--max-columns)"
    ]
    assert read_file(write(tmp_path, "w.jsonl", lines)).names == [f"k{i}" for i in range(20)]


def test_parquet_columns_past_a_set_limit_are_unexamined(tmp_path: Path, read_file: Reader) -> None:
    path = tmp_path / "w.parquet"
    pq.write_table(pa.table({f"c{i}": ["x"] for i in range(8)}), path)
    res = read_file(path, max_columns=3)
    assert res.names == ["c0", "c1", "c2"]
    assert unexamined_of(res) == ["8 columns; only the first 3 were scanned (--max-columns)"]
    assert unexamined_of(read_file(path, max_columns=8)) == []


def test_ragged_rows_are_kept_and_counted(tmp_path: Path, read_file: Reader) -> None:
    data = "a,b\n1,2\n" + CANARY + "\n3,4\n5,6,7\n8,9\n"
    res = read_file(write(tmp_path, "r.csv", data))
    assert res.error is None
    assert res.values["a"] == ["1", CANARY, "3", "5", "8"]
    assert res.values["column_3"] == [None, None, None, "7", None]
    assert warnings_of(res) == [
        "1 row with more fields than the header (the extra fields were scanned as extra columns)",
        "1 row with fewer fields than the header (padded with empty cells)",
    ]
    assert CANARY not in " ".join(warnings_of(res))


def test_ragged_row_with_bad_utf8_is_kept(
    tmp_path: Path, read_file: Reader, capsys: pytest.CaptureFixture[str]
) -> None:
    good = "".join(f"{i},ok\n" for i in range(20)).encode()
    data = b"a,b\n" + good + b"1,2,\x91" + CANARY.encode() + b"\n" + good
    res = read_file(write(tmp_path, "r.csv", data))
    assert res.error is None
    assert res.row_count == 41
    assert res.values["column_3"][20] == "\u2018" + CANARY  # 0x91 in cp1251, sniffed
    assert res.rows["a"] == list(range(1, 42))
    assert "Exception ignored" not in capsys.readouterr().err


def test_row_longer_than_the_block_is_read_with_larger_blocks(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_SIZE", 1024)
    monkeypatch.setattr(csv_reader, "MAX_BLOCK_SIZE", 64 * 1024)
    rows = "".join(f"{i},x\n" for i in range(1, 501))
    data = "id,note\n" + rows + '501,"' + "y" * 10_000 + '"\n' + rows.replace(",x", ",z")
    res = read_file(write(tmp_path, "long.csv", data), max_cell_bytes=64)
    assert res.error is None
    assert res.row_count == 1001
    assert res.rows["id"] == list(range(1, 1002))
    assert res.values["note"][500] == "y" * 10_000


def test_row_longer_than_the_largest_block_is_read_by_the_slow_path(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_SIZE", 1024)
    monkeypatch.setattr(csv_reader, "MAX_BLOCK_SIZE", 4096)
    rows = "".join(f"{i},x\n" for i in range(1, 501))
    data = "id,note\n" + rows + '501,"' + CANARY * 1000 + '"\n'
    res = read_file(write(tmp_path, "long.csv", data + "502,y\n"))
    assert res.error is None
    assert res.values["id"] == [str(i) for i in range(1, 503)]
    assert res.values["note"][500] == CANARY * 1000


def test_header_with_an_unclosed_quote_is_an_error(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "q.csv", 'id,"name\n1,' + CANARY + "\n2,x\n"))
    assert res.error is not None
    assert str(res.error) == "header row: a quote is never closed"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(range(256)) * 300, id="all-bytes"),
        pytest.param(os.urandom(1) * 0 + bytes((i * 7919) % 256 for i in range(70_000)), id="mix"),
    ],
)
def test_binary_data_is_not_csv(tmp_path: Path, read_file: Reader, data: bytes) -> None:
    res = read_file(write(tmp_path, "b.csv", data), Format.CSV)
    assert res.error is not None
    assert "not a text file" in str(res.error)


def test_a_few_nul_bytes_are_still_csv(tmp_path: Path, read_file: Reader) -> None:
    data = "id,v\n" + "".join(f"{i},a{chr(0) if i % 10 == 0 else ''}b\n" for i in range(100))
    res = read_file(write(tmp_path, "n.csv", data))
    assert res.error is None
    assert res.row_count == 100


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, read_file: Reader, codec: str) -> None:
    text = "id;ФИО\n1;Иванов Иван\n2;Пётр\n"
    res = read_file(write(tmp_path, "u.csv", text.encode(codec)))
    assert res.error is None
    assert res.values["ФИО"] == ["Иванов Иван", "Пётр"]


def _bomb(lines: int = 400_000) -> bytes:
    return gzip.compress(("id,v\n" + "1,abc\n" * lines).encode())


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        pytest.param("b.csv.gz", None, id="csv"),
        pytest.param("b.json.gz", Format.JSON, id="json"),
        pytest.param("b.parquet.gz", Format.PARQUET, id="parquet-spool"),
    ],
)
def test_inflating_past_the_limit_is_an_error(
    tmp_path: Path, read_file: Reader, name: str, fmt: Format | None
) -> None:
    data = _bomb()
    if fmt is Format.JSON:
        data = gzip.compress(("[" + '{"v": "abc"},' * 300_000 + '{"v": "x"}]').encode())
    elif fmt is Format.PARQUET:
        sink = io.BytesIO()
        values = [f"value {i}" for i in range(100_000)]
        pq.write_table(pa.table({"v": values}), sink, compression="none", use_dictionary=False)
        data = gzip.compress(sink.getvalue())
    res = read_file(write(tmp_path, name, data), fmt, max_inflate=100_000)
    assert res.error is not None
    assert str(res.error) == "inflates past 100000 bytes (--max-inflate); a compression bomb?"
    if fmt is not Format.PARQUET:  # rows before the limit were scanned
        assert res.row_count > 1000


def test_inflating_within_the_limit_is_fine(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "b.csv.gz", _bomb(1000)), max_inflate=10_000)
    assert res.error is None
    assert res.row_count == 1000


def test_parquet_corrupt_row_group_keeps_the_groups_before(
    tmp_path: Path, read_file: Reader
) -> None:
    sink = io.BytesIO()
    table = pa.table({"v": [f"value {i}" for i in range(2000)]})
    pq.write_table(table, sink, row_group_size=1000, compression="none", write_page_checksum=True)
    data = bytearray(sink.getvalue())
    col = pq.ParquetFile(io.BytesIO(bytes(data))).metadata.row_group(1).column(0)
    start = col.dictionary_page_offset or col.data_page_offset
    for at in range(start + col.total_compressed_size // 3, start + col.total_compressed_size // 2):
        data[at] ^= 0x5A
    res = read_file(write(tmp_path, "c.parquet", bytes(data)))
    assert res.error is not None
    assert res.values["v"] == [f"value {i}" for i in range(1000)]


def test_json_rows_before_an_error_in_the_same_batch_are_kept(
    tmp_path: Path, read_file: Reader
) -> None:
    doc = "[" + ",".join(json.dumps({"a": str(i)}) for i in range(100)) + ", {" + CANARY + "}]"
    res = read_file(write(tmp_path, "p.json", doc))
    assert res.values["a"] == [str(i) for i in range(100)]
    assert res.error is not None
    assert CANARY not in str(res.error)


def test_json_value_past_the_cap_is_an_error(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_reader, "MAX_VALUE_CHARS", 1 << 20)
    blob = {f"k{i}": CANARY for i in range(100_000)}  # 3.5 MB: past the first 1 MB read
    doc = json.dumps([{"a": "1"}, {"blob": blob}, {"a": "3"}])
    res = read_file(write(tmp_path, "big.json", doc))
    assert res.values == {"a": ["1"]}
    assert res.error is not None
    assert str(res.error).startswith("a JSON value at line 1 column 14 is larger than")
    assert CANARY not in str(res.error)


def test_jsonl_line_past_the_cap_is_skipped_and_reported(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_reader, "MAX_VALUE_CHARS", 4096)
    monkeypatch.setattr(json_reader, "CHUNK", 1024)
    lines = ['{"a": "1"}', json.dumps({"a": CANARY * 1000}), '{"a": "3"}', "{bad"]
    res = read_file(write(tmp_path, "big.jsonl", "\n".join(lines) + "\n"))
    assert res.values == {"a": ["1", "3"]}
    assert res.rows == {"a": [1, 3]}
    assert str(res.error) == (
        "1 invalid JSON line(s), first at line 4; 1 line(s) longer than 0 MB skipped,"
        " first at line 2"
    )


def test_source_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^not a regular file$"):
        Source(fifo)  # must not block on open
    with pytest.raises(ReadError, match=r"^is a directory$"):
        Source(tmp_path)


def test_permission_denied_is_a_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod 000 stops nothing: fake the open instead.
    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_stream.os, "open", deny)
    with pytest.raises(ReadError, match=r"^permission denied$"):
        Source(Path("secret.csv"))


def test_file_changed_while_read_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "a\n1\n2\n3\n")
    ref = FileRef(path, "g.csv", Format.CSV)
    batches = read(ref, ReadOptions(batch_rows=1))
    first = next(batches)
    assert first.row_count == 1
    with open(path, "a") as fh:
        fh.write("2\n")
    with pytest.raises(ReadError, match="changed while it was read"):
        list(batches)
