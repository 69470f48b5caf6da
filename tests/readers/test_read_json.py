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
        pytest.param('[{"a": "x\\udcffy"}]', {"a": ["x?y"]}, None, id="lone-surrogate"),
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
            '{"a": 1} {"b": 2}',
            "extra data after the JSON document at line 1 column 10",
            id="extra-data",
        ),
        pytest.param(
            '"' + CANARY + '"',
            "top-level JSON value is not an object or array",
            id="scalar-document",
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
