"""CSV rows that do not fit the header are still read: extra fields, missing fields, a quote
that runs away, a header holding another delimiter, more columns than any default limit.
Through the reader and through the CLI (exit code, finding, no raw value in the output)."""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiscan.readers import csv as csv_reader
from tests.clirunner import run_cli
from tests.readers.conftest import read_path

Reader = Callable[..., Any]

CARD = "4111111111111111"
EMAIL = "kanareyka.leak@example.org"
PHONE = "+7 916 734-52-18"
RAW = [CARD, "kanareyka.leak", "9167345218", "734-52-18"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def warnings_of(res: Any) -> list[str]:
    return [w for b in res.batches for w in b.warnings]


def unquoted_comma(rows: int = 200) -> str:
    """Every tenth comment holds an unquoted comma: exactly those rows carry the contacts."""
    lines = ["id,comment,phone,email"]
    for i in range(1, rows + 1):
        if i % 10 == 0:
            lines.append(f"{i},call back, urgent,{PHONE},{EMAIL}")
        else:
            lines.append(f"{i},fine,,")
    return "\n".join(lines) + "\n"


def luhn_card(n: int) -> str:
    """A distinct card number that passes the Luhn check (repeats of one test card do not
    make a card column)."""
    digits = random.Random(n)
    body = "4" + "".join(str(digits.randrange(10)) for _ in range(14))
    total = 0
    for i, digit in enumerate(reversed(body)):
        d = int(digit) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str(-total % 10)


def stray_quote(good: int = 300, cards: int = 5000) -> str:
    """One stray opening quote in the last column, then 5,000 card numbers."""
    head = "".join(f"{i},,ok {i}\n" for i in range(1, good + 1))
    stray = f'{good + 1},,"oops\n'
    tail = "".join(f"{i},{luhn_card(i)},ok\n" for i in range(good + 2, good + 2 + cards))
    return "id,card,note\n" + head + stray + tail


def header_with_comma(rows: int = 50) -> str:
    body = "".join(f"Ann {i};fine;{EMAIL}\n" for i in range(rows))
    return "name;comment, notes;email\n" + body


# -- through the reader ---------------------------------------------------------------------


def test_extra_fields_are_kept_as_extra_columns(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "c.csv", unquoted_comma()))
    assert res.error is None
    assert res.row_count == 200
    assert res.names == ["id", "comment", "phone", "email", "column_5"]
    assert res.values["column_5"].count(EMAIL) == 20
    assert res.values["email"].count(PHONE) == 20
    assert res.rows["column_5"] == list(range(1, 201))  # row numbers stay right
    assert warnings_of(res) == [
        "20 rows with more fields than the header (the extra fields were scanned as extra columns)"
    ]


def test_short_rows_are_padded(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "s.csv", "a,b,c\n1,2,3\n4\n5,6\n7,8,9\n"))
    assert res.values == {
        "a": ["1", "4", "5", "7"],
        "b": ["2", None, "6", "8"],
        "c": ["3", None, None, "9"],
    }
    assert warnings_of(res) == [
        "2 rows with fewer fields than the header (padded with empty cells)"
    ]


def test_stray_quote_rest_of_file_read_line_by_line(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "q.csv", stray_quote()))
    assert res.error is None
    assert res.values["id"][:300] == [str(i) for i in range(1, 301)]  # the normal path
    assert sum(len(v or "") == 16 for v in res.values["card"]) == 5000
    assert res.rows["card"][-1] == 5301
    assert res.values["note"][300] == "oops"  # the stray quote itself is dropped
    assert res.values["note"][:2] == ["ok 1", "ok 2"]
    assert warnings_of(res) == [
        "a quote is never closed: 5001 lines from data row 301 on were read line by line,"
        " without quoting"
    ]


def test_quote_open_at_end_of_file_is_a_runaway(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "e.csv", f'a,b,c\n1,2,3\n4,"x,{CARD}\n6,{CARD},8\n'))
    assert res.values["b"] == ["2", "x", CARD]
    assert res.values["c"] == ["3", CARD, "8"]
    assert warnings_of(res)[0].startswith("a quote is never closed: 2 lines from data row 2")


def test_stray_quote_in_a_middle_column(tmp_path: Path, read_file: Reader) -> None:
    text = 'id,card,note\n1,x,y\n2,"oops,y\n' + "".join(f"{i},{CARD},z\n" for i in range(3, 500))
    res = read_file(write(tmp_path, "m.csv", text))
    assert res.values["card"].count(CARD) == 497
    assert res.rows["id"] == list(range(1, 500))


def test_long_multiline_cell_below_the_runaway_bound_stays_one_cell(
    tmp_path: Path, read_file: Reader
) -> None:
    cell = "\n".join(["line"] * (csv_reader.RUNAWAY_LINES - 1))
    res = read_file(write(tmp_path, "l.csv", f'a,b\n1,"{cell}"\n2,x\n'))
    assert res.values["b"] == [cell, "x"]
    assert warnings_of(res) == []


def test_header_with_another_delimiter_inside(tmp_path: Path, read_file: Reader) -> None:
    res = read_file(write(tmp_path, "h.csv", header_with_comma()))
    assert res.names == ["name", "comment, notes", "email"]
    assert res.values["email"] == [EMAIL] * 50
    assert warnings_of(res) == []


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(["name;comment, notes;email", "a;b;c", "d;e;f"], ";", id="comma-in-header"),
        pytest.param(["a,b,c", "1,2,3", "4,5,6"], ",", id="plain"),
        pytest.param(["a;b", "x, y;z", "p;q"], ";", id="comma-in-some-rows"),
    ],
)
def test_data_rows_vote_the_delimiter(records: list[str], expected: str) -> None:
    assert csv_reader.choose_delimiter(records) == expected


def test_well_formed_file_stays_on_the_fast_path(
    tmp_path: Path, read_file: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_slow_path(*args: object) -> None:
        raise AssertionError("slow path")

    monkeypatch.setattr(csv_reader, "_slow_batches", no_slow_path)
    text = "id,note\n" + "".join(f'{i},"two\nlines"\n' for i in range(5000))
    assert read_file(write(tmp_path, "w.csv", text)).row_count == 5000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(1, 5),
    rows=st.lists(
        st.lists(st.text('ab1 @.,;"\n', min_size=0, max_size=6), min_size=0, max_size=8),
        min_size=1,
        max_size=15,
    ),
    delimiter=st.sampled_from([",", ";"]),
)
def test_every_field_value_is_scanned(
    tmp_path_factory: pytest.TempPathFactory, width: int, rows: list[list[str]], delimiter: str
) -> None:
    """Random rows, random extra or missing fields: every non-empty value is in some chunk."""
    header = delimiter.join(f"h{i}" for i in range(width))

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [delimiter.join(cell(v) for v in row) for row in rows if row]
    path = tmp_path_factory.mktemp("h") / "r.csv"
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    res = read_path(path)
    assert res.error is None
    # Rows may well sniff another delimiter (the data vote): then quotes and line breaks fall
    # elsewhere, but every run of text between them is still in some scanned cell.
    seen = " ".join(v for values in res.values.values() for v in values if v)
    for row in rows:
        for value in row:
            for token in re.findall(r'[^\s",;]+', value):
                assert token in seen


# -- through the CLI ------------------------------------------------------------------------


@pytest.fixture()
def cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Any]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)

    def run(*args: str) -> tuple[int, dict[str, Any], str]:
        result = run_cli(capsys, "check", *args, "--format", "json")
        for raw in RAW:
            assert raw not in result.out + result.err
        return result.code, json.loads(result.out), result.err

    return run


def categories(report: dict[str, Any]) -> set[str]:
    return {f["category"] for f in report["findings"] if f["forbidden"]}


def test_cli_unquoted_comma_contacts_found(tmp_path: Path, cli: Callable[..., Any]) -> None:
    code, report, _ = cli(str(write(tmp_path, "c.csv", unquoted_comma())))
    assert code == 1
    assert "pii" in categories(report)
    assert any(f["column"] == "column_5" and f["detector"] == "email" for f in report["findings"])


def test_cli_cards_after_a_stray_quote_found(tmp_path: Path, cli: Callable[..., Any]) -> None:
    code, report, _ = cli(str(write(tmp_path, "q.csv", stray_quote())))
    assert code == 1
    cards = [f for f in report["findings"] if f["category"] == "payment"]
    assert [f["column"] for f in cards] == ["card"]


def test_cli_header_with_a_comma(tmp_path: Path, cli: Callable[..., Any]) -> None:
    code, report, _ = cli(str(write(tmp_path, "h.csv", header_with_comma())))
    assert code == 1
    assert any(f["column"] == "email" for f in report["findings"])


def test_cli_columns_past_a_set_limit_exit_2(tmp_path: Path, cli: Callable[..., Any]) -> None:
    header = ",".join(f"c{i}" for i in range(1, 31))
    path = write(tmp_path, "w.csv", header + "\n" + ",".join(["x"] * 30) + "\n")
    code, report, _ = cli(str(path), "--max-columns", "10")
    assert code == 2
    assert [e["message"] for e in report["errors"]] == [
        "30 columns; only the first 10 were scanned (--max-columns)"
    ]
