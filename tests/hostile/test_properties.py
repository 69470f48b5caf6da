"""Properties over generated CSV and JSON: whatever the shape, the bytes or the damage, piiscan
exits 0, 1 or 2 (never 3), its JSON report follows the contract, a planted canary never shows
in any output format, and the same input gives byte-identical JSON."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.report.json import report_schema
from tests.clirunner import run_cli
from tests.hostile.inputs import CANARIES, CARD, EMAIL, PHONE

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCHEMA = report_schema()

# Header names: letters of two scripts, markup, escapes, formulas, CI commands; no digits, so
# a canary can only ever sit in a cell.
NAME_ALPHABET = "abcxyzАБВжюя _-.[]/:=|,;\"'\n\t\x1b#@"
CELL_ALPHABET = "abcxyzАБВжюя 0123456789 _-.,;:\"'\n\r\t\x00@+()[]/\\=|#é€"
PLAUSIBLE = [
    "ivan@example.com",
    "+7 903 123-45-67",
    "55.7558",
    "37.6173",
    "2024-03-01",
    "GB82 WEST 1234 5698 7654 32",
    "Иванов Иван Иванович",
    "ул. Ленина, д. 5",
    "192.168.10.1",
    "",
]
PLANTED = [CARD, f"pay with {CARD} now", EMAIL, f"write to {EMAIL}", PHONE, f"call {PHONE}"]

names = st.lists(st.text(NAME_ALPHABET, max_size=10), min_size=1, max_size=5)
cells = st.one_of(
    st.text(CELL_ALPHABET, max_size=24),
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(PLANTED),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header and rows of cells, ragged now and then, with at least one planted canary."""
    header = draw(names)
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(cells, min_size=max(1, width - 1), max_size=width + 1), min_size=1, max_size=12
        )
    )
    at = draw(st.integers(0, len(rows) - 1))
    rows[at][draw(st.integers(0, len(rows[at]) - 1))] = draw(st.sampled_from(PLANTED))
    return header, rows


@st.composite
def damage(draw: st.DrawFn, data: bytes, keep: int) -> bytes:
    """Maybe cut the bytes after ``keep`` short, or drop a random byte into them."""
    kind = draw(st.sampled_from(["none", "none", "truncate", "insert"]))
    if kind == "none" or len(data) <= keep:
        return data
    at = draw(st.integers(keep, len(data)))
    if kind == "truncate":
        return data[:at]
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at:]


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    header, rows = draw(tables())
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
    )
    writer.writerow(header)
    head_chars = len(buffer.getvalue())
    writer.writerows(rows)
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))
    head = len(text[:head_chars].encode(encoding, "replace"))
    data = draw(damage(text.encode(encoding, "replace"), head + 4))
    if draw(st.booleans()):
        return "t.csv.gz", gzip.compress(data)[: draw(st.sampled_from([None, -8]))]
    return "t.csv", data


json_values = st.recursive(
    cells | st.integers(-(10**18), 10**18) | st.booleans() | st.none(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(NAME_ALPHABET, min_size=1, max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def json_files(draw: st.DrawFn) -> tuple[str, bytes]:
    header, rows = draw(tables())
    records: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = dict(zip(header, row, strict=False))
        if draw(st.booleans()):
            record[draw(st.sampled_from(header)) or "x"] = draw(json_values)
        records.append(record)
    shape = draw(st.sampled_from(["array", "object", "lines"]))
    if shape == "lines":
        name, text = "t.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif shape == "object":
        name, text = "t.json", json.dumps({"rows": records, "n": len(records)}, ensure_ascii=False)
    else:
        name, text = "t.json", json.dumps(records, ensure_ascii=False)
    data = text.encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(1, len(data)))]
    return name, data


def _check(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(folder)
    first = run_cli(capsys, "check", target, "--format", "json")
    again = run_cli(capsys, "check", target, "--format", "json")
    text = run_cli(capsys, "check", target, "--format", "text")
    for run in (first, text):
        assert run.code in (0, 1, 2), run.err
        assert "Traceback" not in run.err
        for canary in CANARIES:
            assert canary not in run.out
            assert canary not in run.err
    jsonschema.validate(json.loads(first.out), SCHEMA)
    assert first.out == again.out
    assert first.code == again.code == text.code


@SETTINGS
@given(file=csv_files())
def test_any_csv(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    file: tuple[str, bytes],
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    (folder / file[0]).write_bytes(file[1])
    _check(folder, capsys)


@SETTINGS
@given(file=json_files())
def test_any_json(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    file: tuple[str, bytes],
) -> None:
    folder = tmp_path_factory.mktemp("json")
    (folder / file[0]).write_bytes(file[1])
    _check(folder, capsys)
