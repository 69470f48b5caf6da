"""CSV/TSV reader: encodings, delimiters, quoting, headers, row numbers, limits, errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.arrow import int64_array
from piiscan.errors import ReadError
from piiscan.readers import csv as csv_reader

CANARY = "CANARY4111111111111111"

Reader = Callable[..., object]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


RU_TEXT = "Код;ФИО;ИНН\n1;Иванов Иван;012345678901\n2;Пётр Ёлкин;\n"


@pytest.mark.parametrize(
    ("encoded"),
    [
        pytest.param(RU_TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(RU_TEXT.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(RU_TEXT.encode("cp1251"), id="cp1251"),
        pytest.param(RU_TEXT.replace("\n", "\r\n").encode("cp1251"), id="cp1251-crlf"),
        pytest.param(RU_TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(b"\xfe\xff" + RU_TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
    ],
)
def test_encodings(tmp_path: Path, read_file: Reader, encoded: bytes) -> None:
    res = read_file(write(tmp_path, "ru.csv", encoded))
    assert res.error is None
    assert res.names == ["Код", "ФИО", "ИНН"]
    assert res.values["ФИО"] == ["Иванов Иван", "Пётр Ёлкин"]
    assert res.values["ИНН"] == ["012345678901", None]
    assert res.rows["ИНН"] == [1, 2]


def test_cp1251_beyond_sniff_window(tmp_path: Path, read_file: Reader) -> None:
    body = "".join(f"{i};Строка номер {i}\n" for i in range(20_000))
    res = read_file(write(tmp_path, "big.csv", ("id;текст\n" + body).encode("cp1251")))
    assert res.error is None
    assert res.values["текст"][-1] == "Строка номер 19999"
    assert res.row_count == 20_000


@pytest.mark.parametrize(
    ("delimiter", "name"),
    [
        pytest.param(",", "a.csv", id="comma"),
        pytest.param(";", "a.csv", id="semicolon-with-decimal-commas"),
        pytest.param("\t", "a.csv", id="tab-in-csv"),
        pytest.param("|", "a.csv", id="pipe"),
        pytest.param("\t", "a.tsv", id="tsv"),
    ],
)
def test_delimiters(tmp_path: Path, read_file: Reader, delimiter: str, name: str) -> None:
    other = ";" if delimiter == "," else ","
    lines = [["id", "amount", "note"], ["1", "10,5" if other == "," else "10.5", f"a{other}b"]]
    lines += [[str(i), "1", "x"] for i in range(2, 6)]
    text = "".join(
        delimiter.join(f'"{c}"' if delimiter in c else c for c in r) + "\n" for r in lines
    )
    res = read_file(write(tmp_path, name, text.encode()))
    assert res.error is None
    assert res.names == ["id", "amount", "note"]
    assert res.values["note"][0] == f"a{other}b"
    assert res.row_count == 5


def test_tsv_with_commas_in_values_keeps_tab(tmp_path: Path, read_file: Reader) -> None:
    text = "a\tb\n1,2,3\tx,y\n4,5,6\tz,w\n"
    res = read_file(write(tmp_path, "a.tsv", text.encode()))
    assert res.names == ["a", "b"]
    assert res.values["a"] == ["1,2,3", "4,5,6"]


def test_quoted_multiline_cells(tmp_path: Path, read_file: Reader) -> None:
    text = 'id,comment,email\n1,"line one\nline two, with comma","a@b.c"\n2,"say ""hi""",x@y.z\n'
    res = read_file(write(tmp_path, "q.csv", text.encode()))
    assert res.error is None
    assert res.values["comment"] == ["line one\nline two, with comma", 'say "hi"']
    assert res.values["email"] == ["a@b.c", "x@y.z"]
    assert res.rows["email"] == [1, 2]


def test_leading_zeros_and_long_numbers_stay_text(tmp_path: Path, read_file: Reader) -> None:
    text = "inn,phone,zip,amount\n012345678901,79161234567,00501,1.50\n"
    res = read_file(write(tmp_path, "z.csv", text.encode()))
    assert res.values == {
        "inn": ["012345678901"],
        "phone": ["79161234567"],
        "zip": ["00501"],
        "amount": ["1.50"],
    }


def test_empty_cells_are_null(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "e.csv", b'a,b,c\n,"",x\n'))
    assert res.values == {"a": [None], "b": [None], "c": ["x"]}


def test_dense_columns_have_no_empty_cells(tmp_path: Path, read_file: Reader) -> None:
    """The engine skips looking for empty cells in a chunk the reader calls dense."""
    res = read_file(write(tmp_path, "d.csv", b'a,b,c,d\n1,,x," "\n2,"",y,z\n'))
    dense = {c.name: c.dense for b in res.batches for c in b.columns}
    assert dense == {"a": True, "b": False, "c": True, "d": True}
    for batch in res.batches:
        for chunk in batch.columns:
            values = chunk.values.to_pylist()
            assert chunk.dense is (None not in values and "" not in values)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n", id="short-and-long-rows"),
        pytest.param(b"a,b,c\n1,2,3\n4\n10,11,12\n", id="single-field-row"),
        pytest.param(b'a,b,c\n1,2,3\n10,11,"12\n', id="unbalanced-quote-at-end"),
    ],
)
def test_ragged_rows_do_not_crash(tmp_path: Path, read_file: Reader, data: bytes) -> None:
    res = read_file(write(tmp_path, "r.csv", data))
    assert res.error is None
    assert res.values["a"][0] == "1"
    assert res.values["a"][-1] == "10"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"\n\n  \n", id="blank-lines"),
    ],
)
def test_empty_file_is_an_error(tmp_path: Path, read_file: Reader, data: bytes) -> None:
    res = read_file(write(tmp_path, "empty.csv", data))
    assert str(res.error) == "empty file"
    assert res.batches == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"a,b,c\n", id="with-newline"),
        pytest.param(b"a,b,c", id="without-newline"),
        pytest.param(b"a,b,c\r\n\r\n", id="trailing-blank-line"),
        pytest.param("Имя;Фамилия\n".encode("cp1251"), id="cp1251"),
    ],
)
def test_header_only_reads_nothing(tmp_path: Path, read_file: Reader, data: bytes) -> None:
    res = read_file(write(tmp_path, "h.csv", data))
    assert res.error is None
    assert res.row_count == 0


@pytest.mark.parametrize(
    ("header", "names"),
    [
        pytest.param("a,b,a,a", ["a", "b", "a (2)", "a (3)"], id="duplicates"),
        pytest.param("a,,c,", ["a", "column_2", "c", "column_4"], id="empties"),
        pytest.param(" a , b ", ["a", "b"], id="whitespace-stripped"),
        pytest.param("a,a (2),a", ["a", "a (2)", "a (3)"], id="suffix-collision"),
        pytest.param('"x,y","multi\nline"', ["x,y", "multi\nline"], id="quoted-header"),
    ],
)
def test_header_names(tmp_path: Path, read_file: Reader, header: str, names: list[str]) -> None:
    width = len(names)
    data = header + "\n" + ",".join(str(i) for i in range(width)) + "\n"
    res = read_file(write(tmp_path, "n.csv", data.encode()))
    assert res.error is None
    assert res.names == names
    assert [res.values[n][0] for n in names] == [str(i) for i in range(width)]


def test_trailing_delimiter_on_data_rows_only(tmp_path: Path, read_file: Reader) -> None:
    data = "a;b\n1;2;\n3;4;\n".encode("cp1251")
    res = read_file(write(tmp_path, "t.csv", data))
    assert res.names == ["a", "b", "column_3"]
    assert res.values["b"] == ["2", "4"]


def test_row_numbers_run_across_batches(tmp_path: Path, read_file: Reader) -> None:
    data = "a,b\n" + "".join(f"{i},x{i}\n" for i in range(1, 6))
    res = read_file(write(tmp_path, "n.csv", data.encode()), batch_rows=2)
    assert [b.row_count for b in res.batches] == [2, 2, 1]
    assert res.rows["a"] == [1, 2, 3, 4, 5]
    assert res.values["a"] == ["1", "2", "3", "4", "5"]


def test_row_numbers_across_pyarrow_blocks(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_SIZE", 4096)
    monkeypatch.setattr(csv_reader, "BATCH_BYTES", 10_000)  # about three blocks a batch
    data = "id,text\n" + "".join(f'{i},"multi\nline {i}"\n' for i in range(1, 3001))
    res = read_file(write(tmp_path, "b.csv", data.encode()), batch_rows=1000)
    assert res.rows["id"] == list(range(1, 3001))
    assert res.values["id"] == [str(i) for i in range(1, 3001)]
    assert len(res.batches) > 3


def test_blocks_are_joined_into_batches_and_an_error_comes_after_them() -> None:
    import pyarrow as pa

    from piiscan.readers._stream import joined

    def blocks() -> Iterator[pa.RecordBatch]:
        for start in (0, 3, 6):
            yield pa.record_batch([int64_array(range(start, start + 3))], names=["n"])
        raise ReadError("a bad block")

    out: list[pa.RecordBatch] = []
    with pytest.raises(ReadError):
        for batch in joined(blocks(), size=40):
            out.append(batch)
    # 24 bytes a block: two blocks reach 40, the third is given out before the error.
    assert [b.column(0).to_pylist() for b in out] == [[0, 1, 2, 3, 4, 5], [6, 7, 8]]


@pytest.mark.parametrize(
    ("max_rows", "batch_rows", "rows", "truncated"),
    [
        pytest.param(3, 100, [1, 2, 3], True, id="cut-inside-batch"),
        pytest.param(4, 2, [1, 2, 3, 4], True, id="cut-on-batch-boundary"),
        pytest.param(5, 2, [1, 2, 3, 4, 5], False, id="exactly-all-rows"),
        pytest.param(50, 2, [1, 2, 3, 4, 5], False, id="more-than-file"),
    ],
)
def test_max_rows(
    tmp_path: Path,
    read_file: Reader,
    max_rows: int,
    batch_rows: int,
    rows: list[int],
    truncated: bool,
) -> None:
    data = "a\n" + "".join(f"{i}\n" for i in range(1, 6))
    res = read_file(
        write(tmp_path, "m.csv", data.encode()), max_rows=max_rows, batch_rows=batch_rows
    )
    assert res.error is None
    assert res.rows["a"] == rows
    assert res.truncated is truncated
    assert res.batches[-1].truncated is truncated


def test_invalid_utf8_after_sniff_window(tmp_path: Path, read_file: Reader) -> None:
    # The bad bytes are replaced and counted; every row, the bad one included, is scanned.
    good = "".join(f"{i},ok\n" for i in range(10_000)).encode()
    data = b"id,v\n" + good + CANARY.encode() + b",\xff\xfe\xfa" + CANARY.encode() + b"\n"
    res = read_file(write(tmp_path, "u.csv", data))
    assert res.error is None
    assert res.row_count == 10_001
    assert res.values["v"][-1] == "\ufffd\ufffd\ufffd" + CANARY
    warnings = [w for b in res.batches for w in b.warnings]
    assert warnings == ["1 cell not valid UTF-8; invalid bytes were replaced"]


def test_pyarrow_messages_are_sanitised() -> None:
    exc = ValueError(f"CSV parse error: Expected 3 columns, got 2: {CANARY},x")
    assert csv_reader.sanitise(exc) == "CSV parse error: row has 2 columns, expected 3"
    other = ValueError(f"CSV parse error: something new: {CANARY}")
    assert CANARY not in csv_reader.sanitise(other)


@pytest.mark.parametrize(
    ("records", "tsv", "expected"),
    [
        pytest.param(["a,b,c", "1,2,3"], False, ",", id="comma"),
        pytest.param(["a;b;c", "1,5;2,5;3"], False, ";", id="semicolon-decimal-comma"),
        pytest.param(["a|b", "1|2"], False, "|", id="pipe"),
        pytest.param(["a\tb", "1\t2"], True, "\t", id="tsv"),
        pytest.param(["single"], False, ",", id="one-column"),
        pytest.param(["single"], True, "\t", id="one-column-tsv"),
        pytest.param(['"a;b",c', '"1;2",3'], False, ",", id="quoted-semicolons"),
    ],
)
def test_choose_delimiter(records: list[str], tsv: bool, expected: str) -> None:
    assert csv_reader.choose_delimiter(records, tsv=tsv) == expected


def test_invalid_utf8_blocks_after_the_first_rows_are_not_read_twice(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cells are read as strings until a block is not UTF-8; the pass that reads bytes
    # instead must skip the rows already given out, so every row comes once and in order.
    monkeypatch.setattr(csv_reader, "BLOCK_SIZE", 4096)
    pad = "x" * 30  # the bad bytes come after the 64 KB that choose the encoding
    good = "".join(f"{i},ok {pad}\n" for i in range(1, 3001)).encode()
    tail = "".join(f"{i},ok {pad}\n" for i in range(3002, 3501)).encode()
    data = b"id,v\n" + good + b"3001,\xff\xfe\n" + tail
    res = read_file(write(tmp_path, "late.csv", data), batch_rows=700)
    assert res.error is None
    assert res.rows["id"] == list(range(1, 3501))
    assert res.values["id"] == [str(i) for i in range(1, 3501)]
    assert res.values["v"][3000] == "\ufffd\ufffd"
    assert len(res.batches) > 2
    warnings = [w for b in res.batches for w in b.warnings]
    assert warnings == ["1 cell not valid UTF-8; invalid bytes were replaced"]


@pytest.mark.parametrize(
    "first_row",
    [
        pytest.param("Ivan Petrov,ivan.petrov@example.com,+7 916 123-45-67", id="contact"),
        pytest.param("1,4111 1111 1111 1111,12/29", id="card"),
        pytest.param("Анна;7707083893;ул. Ленина, 5", id="inn"),
    ],
)
def test_a_first_row_of_values_is_data_not_names(
    tmp_path: Path, read_file: Reader, first_row: str
) -> None:
    # Column names appear in every report: a headerless export must not print its first row.
    delimiter = ";" if ";" in first_row else ","
    second = delimiter.join(["x"] * len(first_row.split(delimiter)))
    res = read_file(write(tmp_path, "h.csv", f"{first_row}\n{second}\n".encode()))
    assert res.names == [f"column_{i}" for i in range(1, len(res.names) + 1)]
    assert res.row_count == 2
    assert res.rows["column_1"] == [1, 2]
    assert res.values["column_2"][0] == first_row.split(delimiter)[1]


@pytest.mark.parametrize(
    "header", ["id,2024-05-01,2024-06-01", "client_id,phone_2,email_backup", "Q3 2024,total"]
)
def test_headers_with_some_digits_stay_names(
    tmp_path: Path, read_file: Reader, header: str
) -> None:
    width = len(header.split(","))
    res = read_file(write(tmp_path, "p.csv", f"{header}\n{','.join(['1'] * width)}\n".encode()))
    assert res.names == header.split(",")
    assert res.row_count == 1


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("email", False),
        ("e-mail@", False),
        ("someone@example.org", True),
        ("79161234567", True),
        ("2024-05-01", False),
        ("12345678", False),
        ("+7 916 123 45 67", True),
    ],
)
def test_looks_like_data(field: str, data: bool) -> None:
    assert csv_reader.looks_like_data(field) is data


@given(
    st.lists(st.text(alphabet='ab,;" \n\r\t', min_size=1, max_size=14), min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
)
def test_records_split_together_as_one_by_one(records: list[str], delimiter: str) -> None:
    """Sniffing parses its sample rows with one parser when that cannot change them."""
    assert csv_reader.split_records(records, delimiter) == [
        csv_reader.split_record(r, delimiter) for r in records
    ]


@given(st.text(alphabet=st.characters(max_codepoint=0x500) | st.just("\ufffd"), max_size=60))
def test_binary_share_counts_control_characters(text: str) -> None:
    controls = sum(
        1 for ch in text if ch in "\ufffd\x7f" or (ord(ch) < 0x20 and ch not in "\t\n\v\f\r")
    )
    assert csv_reader.looks_binary(text) is (controls > csv_reader.BINARY_SHARE * len(text))


@pytest.mark.parametrize("count", [0, 1, 1024, 1025, 70_000])
def test_row_numbers_count_from_the_first_row(count: int) -> None:
    from piiscan.arrow import row_numbers

    for first in (1, 65_537, 2**40):
        numbers = row_numbers(first, count)
        assert numbers.type == int64_array([]).type
        assert numbers.to_pylist() == list(range(first, first + count))


_EXPORT = "id,email,card\n" + "".join(
    f"{i},client{i}@example.com,4111111111111111\n" for i in range(30)
)


@pytest.mark.parametrize(
    "encoding", ["utf-32", "utf-32-le", "utf-32-be", "cp500", "cp037", "cp1251", "utf-16"]
)
def test_exports_in_wide_and_mainframe_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    """UTF-32 with or without its BOM, EBCDIC from a mainframe: read as the text they are."""
    from piiscan.discovery import discover_all
    from piiscan.readers import read

    path = tmp_path / "export.csv"
    path.write_bytes(_EXPORT.encode(encoding))
    (ref,) = discover_all([str(path)]).files
    batches = list(read(ref))
    emails = [
        v for b in batches for c in b.columns if c.name == "email" for v in c.values.to_pylist()
    ]
    assert emails == [f"client{i}@example.com" for i in range(30)]


@settings(max_examples=200)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя ,.;-0123456789\n", min_size=64))
def test_cyrillic_text_is_never_taken_for_ebcdic(text: str) -> None:
    from piiscan.readers.csv import sniff_encoding

    assert sniff_encoding(text.encode("cp1251"))[0] != "cp500"
