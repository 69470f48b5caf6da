"""JSON and JSON Lines readers: shapes, flattening, streaming edges, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.model import Format
from piiscan.readers import json as json_reader
from piiscan.readers._protocol import Head
from piiscan.readers.json import KEY, KEYS

CANARY = "CANARY4111111111111111"

Reader = Callable[..., Any]


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize(
    ("doc", "values", "rows"),
    [
        pytest.param(
            '[{"name": "Ann", "age": 31}, {"name": "Bob", "email": "b@x.io"}]',
            {"name": ["Ann", "Bob"], "age": ["31"], "email": ["b@x.io"]},
            {"name": [1, 2], "age": [1], "email": [2]},
            id="array-of-objects",
        ),
        pytest.param(
            '{"customers": [{"name": "Ann"}, {"name": "Bob"}], "exported": "2024-01-01"}',
            {"customers[].name": ["Ann", "Bob"], "exported": ["2024-01-01"]},
            {"customers[].name": [1, 2], "exported": [1]},
            id="object-of-arrays",
        ),
        pytest.param(
            '{"id": 7, "contact": {"email": "a@b.c", "phones": ["+7 916", "+7 903"]}}',
            {"id": ["7"], "contact.email": ["a@b.c"], "contact.phones[]": ["+7 916", "+7 903"]},
            {"id": [1], "contact.email": [1], "contact.phones[]": [1, 1]},
            id="single-object",
        ),
        pytest.param(
            '[{"orders": [{"items": [{"sku": "A"}, {"sku": "B"}]}, {"items": []}]},'
            ' {"orders": [{"items": [{"sku": "C"}]}]}]',
            {"orders[].items[].sku": ["A", "B", "C"]},
            {"orders[].items[].sku": [1, 1, 2]},
            id="nested-lists",
        ),
        pytest.param(
            '[{"wishlist": ["tea", "coffee"]}, {"wishlist": []}, {"wishlist": ["cake"]}]',
            {"wishlist[]": ["tea", "coffee", "cake"]},
            {"wishlist[]": [1, 1, 3]},
            id="list-of-scalars",
        ),
        pytest.param(
            '[{"geo": {"lat": 55.750, "lon": -37.6}, "inn": "012345678901", "n": 79161234567,'
            ' "ok": true, "no": false, "x": null, "e": 1e3}]',
            {
                "geo.lat": ["55.750"],
                "geo.lon": ["-37.6"],
                "inn": ["012345678901"],
                "n": ["79161234567"],
                "ok": ["true"],
                "no": ["false"],
                "x": [None],
                "e": ["1e3"],
            },
            None,
            id="value-text",
        ),
        pytest.param('["a", "b"]', {"[]": ["a", "b"]}, {"[]": [1, 2]}, id="array-of-scalars"),
        pytest.param("[]", {}, {}, id="empty-array"),
        pytest.param("{}", {}, {}, id="empty-object"),
        pytest.param('\ufeff[{"a": "1"}]', {"a": ["1"]}, {"a": [1]}, id="utf-8-bom"),
        pytest.param('[{"a": "x\\udcffy"}]', {"a": ["x\ufffdy"]}, None, id="lone-surrogate"),
    ],
)
def test_json_shapes(
    tmp_path: Path,
    read_file: Reader,
    doc: str,
    values: dict[str, list[str | None]],
    rows: dict[str, list[int]] | None,
) -> None:
    res = read_file(write(tmp_path, "d.json", doc))
    assert res.error is None
    assert res.values == values
    if rows is not None:
        assert res.rows == rows


def test_json_utf16(tmp_path: Path, read_file: Reader) -> None:
    doc = '[{"имя": "Анна"}]'.encode("utf-16")
    res = read_file(write(tmp_path, "d.json", doc))
    assert res.values == {"имя": ["Анна"]}


def test_columns_in_order_of_first_appearance(tmp_path: Path, read_file: Reader) -> None:
    doc = json.dumps([{"b": 1}, {"a": 2}, {"c": 3, "b": 4}, {"a": 5, "d": 6}])
    res = read_file(write(tmp_path, "o.json", doc), batch_rows=2)
    assert res.names == ["b", "a", "c", "d"]
    for batch in res.batches:
        names = [c.name for c in batch.columns]
        assert names == sorted(names, key=["b", "a", "c", "d"].index)


def test_row_numbers_across_batches(tmp_path: Path, read_file: Reader) -> None:
    doc = json.dumps([{"id": i, "tags": ["x"] * (i % 3)} for i in range(1, 8)])
    res = read_file(write(tmp_path, "r.json", doc), batch_rows=2)
    assert [b.row_count for b in res.batches] == [2, 2, 2, 1]
    assert res.rows["id"] == list(range(1, 8))
    assert res.rows["tags[]"] == [1, 2, 2, 4, 5, 5, 7]


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
def test_streaming_across_tiny_chunks(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(json_reader, "CHUNK", chunk)
    rows = [{"id": 10**i, "s": 'é\\"' * i, "t": True, "f": -1.5e-3, "n": None} for i in range(30)]
    doc = json.dumps({"meta": {"v": 12345}, "data": rows, "tail": [1, 22, 333]}, indent=1)
    res = read_file(write(tmp_path, "s.json", doc))
    assert res.error is None
    assert res.values["data[].id"] == [str(10**i) for i in range(30)]
    assert res.values["data[].s"] == ['é\\"' * i for i in range(30)]
    assert res.values["meta.v"] == ["12345"]
    assert res.values["tail[]"] == ["1", "22", "333"]


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.text(max_size=8),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3)
    ),
    max_leaves=10,
)


def expected_leaves(path: str, value: Any, out: dict[str, list[str | None]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            expected_leaves(f"{path}.{k}" if path else k, v, out)
    elif isinstance(value, list):
        for v in value:
            expected_leaves(f"{path}[]", v, out)
    else:
        if path == "":
            path = "[]"
        text = (
            None
            if value is None
            else ("true" if value is True else "false" if value is False else str(value))
        )
        out.setdefault(path, []).append(text)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.dictionaries(st.text("xyz", min_size=1, max_size=2), json_value, max_size=4), max_size=6
    ),
    chunk=st.integers(1, 40),
)
def test_streamed_json_matches_whole_document_parse(
    tmp_path_factory: pytest.TempPathFactory,
    read_file: Reader,
    rows: list[dict[str, Any]],
    chunk: int,
) -> None:
    original = json_reader.CHUNK
    json_reader.CHUNK = chunk
    try:
        path = tmp_path_factory.mktemp("h") / "h.json"
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        res = read_file(path)
    finally:
        json_reader.CHUNK = original
    expected: dict[str, list[str | None]] = {}
    for row in rows:
        expected_leaves("", row, expected)
    assert res.error is None
    assert {k: sorted(v, key=str) for k, v in res.values.items()} == {
        k: sorted(v, key=str) for k, v in expected.items()
    }


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        pytest.param(
            '[{"a": "x"},\n {"b": ' + CANARY + "}]",
            "invalid JSON at line 2 column 8",
            id="bare-word",
        ),
        pytest.param(
            '[{"a": "' + CANARY + '"}\n {"b": 1}]',
            "invalid JSON at line 2 column 2",
            id="missing-comma",
        ),
        pytest.param(
            '[{"a": "' + CANARY + '"},]', "invalid JSON at line 1 column", id="trailing-comma"
        ),
        pytest.param('[{"a": "' + CANARY, "invalid JSON at line 1 column", id="cut-short"),
        pytest.param(
            '{"a": 1} {"b": 2} x',
            "extra data after the JSON document at line 1 column 19",
            id="extra-data",
        ),
        pytest.param(
            '"' + CANARY + '" x', "extra data after the JSON document", id="scalar-then-junk"
        ),
        pytest.param("", "empty file", id="empty"),
        pytest.param("  \n ", "empty file", id="whitespace"),
        pytest.param("[" * 10_000 + "]" * 10_000, "JSON nested too deeply", id="deep-arrays"),
        pytest.param(
            '{"a": ' * 10_000 + "1" + "}" * 10_000, "JSON nested too deeply", id="deep-objects"
        ),
    ],
)
def test_json_errors(tmp_path: Path, read_file: Reader, doc: str, message: str) -> None:
    res = read_file(write(tmp_path, "bad.json", doc), Format.JSON)
    assert res.error is not None
    assert str(res.error).startswith(message)
    assert CANARY not in str(res.error)


@pytest.mark.parametrize("doc", ['"' + CANARY + '"', "4111111111111111"])
def test_a_document_of_one_value_is_one_row(tmp_path: Path, read_file: Reader, doc: str) -> None:
    """A lone string or number is data like any other: one row in the column ``[]``."""
    res = read_file(write(tmp_path, "one.json", doc), Format.JSON)
    assert res.error is None
    assert res.values == {"[]": [json.loads(doc) if doc.startswith('"') else doc]}
    assert res.row_count == 1


def test_rows_before_an_error_are_yielded(tmp_path: Path, read_file: Reader) -> None:
    doc = '[{"a": "1"}, {"a": "2"}, {"a": ' + CANARY + "}]"
    res = read_file(write(tmp_path, "p.json", doc), batch_rows=1)
    assert res.values["a"] == ["1", "2"]
    assert res.error is not None


def test_moderately_deep_nesting_flattens(tmp_path: Path, read_file: Reader) -> None:
    doc = '[{"a": ' * 1 + '{"b": ' * 300 + '"x"' + "}" * 300 + "}]"
    res = read_file(write(tmp_path, "deep.json", doc))
    assert res.error is None
    assert res.values == {"a" + ".b" * 300: ["x"]}


@pytest.mark.parametrize(
    ("max_rows", "ids", "truncated"),
    [
        pytest.param(2, ["0", "1"], True, id="cut"),
        pytest.param(4, ["0", "1", "2", "3"], False, id="exact"),
    ],
)
def test_json_max_rows(
    tmp_path: Path, read_file: Reader, max_rows: int, ids: list[str], truncated: bool
) -> None:
    doc = json.dumps([{"id": i} for i in range(4)])
    res = read_file(write(tmp_path, "m.json", doc), max_rows=max_rows, batch_rows=2)
    assert res.values["id"] == ids
    assert res.truncated is truncated
    assert res.error is None


# -- JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_rows_are_line_numbers(tmp_path: Path, read_file: Reader) -> None:
    text = '{"id": 1, "geo": {"lat": 55.75}}\n\n{"id": 2, "tags": ["a", "b"]}\r\n{"id": 3}'
    res = read_file(write(tmp_path, "e.jsonl", text), batch_rows=2)
    assert res.error is None
    assert res.values == {"id": ["1", "2", "3"], "geo.lat": ["55.75"], "tags[]": ["a", "b"]}
    assert res.rows == {"id": [1, 3, 4], "geo.lat": [1], "tags[]": [3, 3]}
    assert res.row_count == 3


@pytest.mark.parametrize(
    ("lines", "good", "message"),
    [
        pytest.param(
            ['{"a": 1}', '{"a": ' + CANARY + "}", '{"a": 3}', "[1, 2]", '{"a": 5}'],
            ["1", "3", "5"],
            "2 invalid JSON line(s), first at line 2",
            id="bad-and-non-object-lines",
        ),
        pytest.param(
            ['{"a": 1}', '{"a": "' + CANARY],
            ["1"],
            "1 invalid JSON line(s), first at line 2",
            id="cut-last-line",
        ),
        pytest.param(
            ['{"a": 1}', '{"a": ' * 5000 + "1" + "}" * 5000, '{"a": 3}'],
            ["1", "3"],
            "1 invalid JSON line(s), first at line 2",
            id="too-deep-line",
        ),
        pytest.param(
            ['{"a": 1}', '{"a": "' + CANARY + '\udcff"}'],
            ["1"],
            "1 invalid JSON line(s), first at line 2",
            id="invalid-utf8-line",
        ),
    ],
)
def test_jsonl_bad_lines_are_skipped_then_reported(
    tmp_path: Path, read_file: Reader, lines: list[str], good: list[str], message: str
) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    res = read_file(write(tmp_path, "b.jsonl", data))
    assert res.values["a"] == good
    assert str(res.error) == message
    assert CANARY not in str(res.error)


@pytest.mark.parametrize(
    "text", [pytest.param("", id="zero-bytes"), pytest.param("\n \n", id="blank-lines")]
)
def test_jsonl_empty(tmp_path: Path, read_file: Reader, text: str) -> None:
    assert str(read_file(write(tmp_path, "e.jsonl", text)).error) == "empty file"


def test_jsonl_max_rows(tmp_path: Path, read_file: Reader) -> None:
    text = "\n".join(json.dumps({"id": i}) for i in range(10)) + "\nnot json\n"
    res = read_file(write(tmp_path, "m.jsonl", text), max_rows=3)
    assert res.values["id"] == ["0", "1", "2"]
    assert res.truncated
    assert res.error is None


# -- table shapes -------------------------------------------------------------------------------

FRAME: dict[str, list[Any]] = {
    "id": [7, 8, 9],
    "email": ["ivan@mail.ru", "petr@mail.ru", "anna@mail.ru"],
    "phone": ["+79161234567", "+79031234567", "+79261234567"],
}


def orients(frame: dict[str, list[Any]]) -> dict[str, Any]:
    """``frame`` in every table shape a JSON export takes (pandas' ``to_json`` orients by hand:
    the reader must not need pandas, nor the tests)."""
    cols = list(frame)
    count = len(frame[cols[0]])
    rows = [[frame[c][i] for c in cols] for i in range(count)]
    records = [dict(zip(cols, r, strict=True)) for r in rows]
    return {
        "records": records,
        "split": {"columns": cols, "index": list(range(count)), "data": rows},
        "index": {str(i): rec for i, rec in enumerate(records)},
        "columns": {c: {str(i): v for i, v in enumerate(frame[c])} for c in cols},
        "values": rows,
        "table": {
            "schema": {
                "fields": [{"name": "index", "type": "integer"}]
                + [{"name": c, "type": "string"} for c in cols],
                "primaryKey": ["index"],
                "pandas_version": "1.4.0",
            },
            "data": [{"index": i, **rec} for i, rec in enumerate(records)],
        },
        "header-row": [cols, *rows],
        "column-arrays": dict(frame),
    }


def text_of(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False)


def data_columns(res: Any) -> dict[str, list[str | None]]:
    """Values by column, without the columns that hold names, index labels or the schema."""
    return {
        k: v
        for k, v in res.values.items()
        if k not in (KEYS, KEY, "index") and not k.startswith("schema.")
    }


@pytest.mark.parametrize(
    "chunk", [pytest.param(5, id="streamed"), pytest.param(1 << 20, id="whole")]
)
@pytest.mark.parametrize("shape", [s for s in orients(FRAME) if s != "values"])
def test_every_table_shape_reads_as_the_same_table(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch, shape: str, chunk: int
) -> None:
    monkeypatch.setattr(json_reader, "CHUNK", chunk)
    res = read_file(write(tmp_path, "t.json", text_of(orients(FRAME)[shape])))
    assert res.error is None
    assert data_columns(res) == {c: [str(v) for v in vs] for c, vs in FRAME.items()}
    assert {c: res.rows[c] for c in FRAME} == {c: [1, 2, 3] for c in FRAME}
    assert res.row_count == 3
    assert KEYS not in res.values  # plain names: nothing to scan in them


def test_values_orient_gets_numbered_columns(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "v.json", text_of(orients(FRAME)["values"])))
    assert data_columns(res) == {
        f"column_{n}": [str(v) for v in vs] for n, vs in enumerate(FRAME.values(), 1)
    }
    assert res.rows["column_2"] == [1, 2, 3]


@pytest.mark.parametrize(
    ("doc", "values", "rows"),
    [
        pytest.param(
            {"ivan@mail.ru": {"name": "Ivan"}, "petr@mail.ru": {"name": "Petr", "age": 3}},
            {KEY: ["ivan@mail.ru", "petr@mail.ru"], "name": ["Ivan", "Petr"], "age": ["3"]},
            {KEY: [1, 2], "name": [1, 2], "age": [2]},
            id="keyed-by-email",
        ),
        pytest.param(
            {"+79161234567": "Ivan", "+79031234567": "Petr"},
            {KEY: ["+79161234567", "+79031234567"], "(value)": ["Ivan", "Petr"]},
            {KEY: [1, 2], "(value)": [1, 2]},
            id="phone-to-name",
        ),
        pytest.param(
            {"alice": {"age": 1, "city": "x"}, "bob": {"age": 2}, "carol": {"age": 3, "city": "z"}},
            {KEY: ["alice", "bob", "carol"], "age": ["1", "2", "3"], "city": ["x", "z"]},
            {KEY: [1, 2, 3], "age": [1, 2, 3], "city": [1, 3]},
            id="keyed-by-name-same-shape",
        ),
        pytest.param(
            [{"id": 1, "contacts": {"ivan@mail.ru": {"n": 1}, "petr@mail.ru": {"n": 2}}}],
            {
                "id": ["1"],
                "contacts.(key)": ["ivan@mail.ru", "petr@mail.ru"],
                "contacts.*.n": ["1", "2"],
            },
            {"id": [1], "contacts.(key)": [1, 1], "contacts.*.n": [1, 1]},
            id="nested-keyed",
        ),
        pytest.param(
            {"billing": {"city": "x"}, "shipping": {"city": "y"}},
            {"billing.city": ["x"], "shipping.city": ["y"]},
            {"billing.city": [1], "shipping.city": [1]},
            id="record-of-records-stays",
        ),
        pytest.param(
            [["name", "name", ""], ["a", "b", "c", "d"], "x"],
            {"name": ["a"], "name (2)": ["b"], "column_3": ["c"], "column_4": ["d"], "[]": ["x"]},
            {"name": [1], "name (2)": [1], "column_3": [1], "column_4": [1], "[]": [2]},
            id="header-repeats-blanks-and-ragged",
        ),
    ],
)
def test_keys_that_are_data_become_a_key_column(
    tmp_path: Path,
    read_file: Reader,
    doc: Any,
    values: dict[str, list[str]],
    rows: dict[str, list[int]],
) -> None:
    res = read_file(write(tmp_path, "k.json", text_of(doc)))
    assert res.error is None
    res.values.pop(KEYS, None)
    res.rows.pop(KEYS, None)
    assert res.values == values
    assert res.rows == rows


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"a": 1}{"a": 2}{"a": 3}', id="one-line"),
        pytest.param('{"a": 1}\n{"a": 2}\n\n{"a": 3}\n', id="ndjson"),
        pytest.param('[{"a": 1}]\n{"a": 2}\n[{"a": 3}]', id="mixed"),
        pytest.param('\x1e{"a": 1}\n\x1e{"a": 2}\n\x1e{"a": 3}\n', id="rfc7464-sequence"),
    ],
)
def test_concatenated_documents_are_rows(tmp_path: Path, read_file: Reader, text: str) -> None:
    res = read_file(write(tmp_path, "c.json", text), Format.JSON)
    assert res.error is None
    assert res.values.get("a", []) + res.values.get("[].a", []) == ["1", "2", "3"]
    assert res.row_count == 3


def test_json_text_sequence_is_found_as_json_lines_whatever_its_name(
    tmp_path: Path, read_file: Reader
) -> None:
    """``jq --seq`` output (RFC 7464: each record after a record separator), named .jsonl or
    nothing at all, reads as its records."""
    text = '\x1e{"a": 1}\n\x1e{"a": 2}\n'
    lines = read_file(write(tmp_path, "s.jsonl", text), Format.JSONL)
    assert lines.error is None and lines.values["a"] == ["1", "2"]
    assert json_reader.sniff(Head(text.encode(), at_eof=True)) is Format.JSON


def test_wide_columns_orient_is_a_narrow_table(tmp_path: Path, read_file: Reader) -> None:
    """pandas' default ``to_json()`` of 6,000 rows: one key per cell, not one column per cell."""
    frame = {
        "email": [f"user{i}@mail.ru" for i in range(6000)],
        "n": list(range(6000)),
    }
    res = read_file(write(tmp_path, "w.json", text_of(orients(frame)["columns"])), max_columns=50)
    assert res.error is None
    assert sorted(res.values) == sorted([KEY, "email", "n"])
    assert res.values["email"] == frame["email"]
    assert res.rows["email"] == list(range(1, 6001))
    assert res.row_count == 6000
    assert not any(b.warnings for b in res.batches)


def test_keys_holding_data_are_scanned_as_names(tmp_path: Path, read_file: Reader) -> None:
    doc = '[{"id": 1}, {"ivan@mail.ru": {"age": 3}, "2fa": 1, "имя": "x"}, {"+7916": 2}]'
    res = read_file(write(tmp_path, "n.json", doc), batch_rows=2)
    assert res.values[KEYS] == ["ivan@mail.ru.age", "2fa", "+7916"]
    assert res.rows[KEYS] == [2, 2, 3]


frames = st.integers(1, 5).flatmap(
    lambda n: st.dictionaries(
        st.text("abcxyz", min_size=1, max_size=3),
        st.lists(
            st.one_of(st.integers(-99, 99), st.text("pqr@. ", max_size=4)), min_size=n, max_size=n
        ),
        min_size=1,
        max_size=4,
    )
)


@settings(max_examples=40, deadline=None)
@given(frame=frames)
def test_orients_agree_on_every_value(
    tmp_path_factory: pytest.TempPathFactory, read_file: Reader, frame: dict[str, list[Any]]
) -> None:
    folder = tmp_path_factory.mktemp("o")
    expected = {c: [str(v) for v in vs] for c, vs in frame.items()}
    for shape, doc in orients(frame).items():
        if shape == "values":
            continue
        res = read_file(write(folder, f"{shape}.json", text_of(doc)))
        assert res.error is None, shape
        assert data_columns(res) == expected, shape


@pytest.mark.parametrize(
    ("name", "fmt", "text"),
    [
        ("d.jsonl", Format.JSONL, '{"email": "a@b.ru", "email": "n/a"}\n{"email": "c@d.ru"}\n'),
        ("d.json", Format.JSON, '[{"email": "a@b.ru", "email": "n/a"}, {"email": "c@d.ru"}]'),
    ],
)
def test_a_key_written_twice_keeps_both_values(
    tmp_path: Path, read_file: Reader, name: str, fmt: Format, text: str
) -> None:
    """The first value of a repeated key was dropped by the parser, never scanned."""
    res = read_file(write(tmp_path, name, text), fmt)
    assert res.error is None
    assert res.values == {"email": ["a@b.ru", "c@d.ru"], "email (2)": ["n/a"]}
