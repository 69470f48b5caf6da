"""Tables in every shape a JSON or Parquet export takes, through the command line: the same
data gives the same findings whatever the shape, and data in keys, column names or metadata is
found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.clirunner import run_cli
from tests.readers.test_read_json import orients

FRAME: dict[str, list[Any]] = {
    "id": list(range(1, 13)),
    "email": [f"user{i}@mail.ru" for i in range(12)],
    "phone": [f"+7916123456{i % 10}" for i in range(12)],
    "card_number": ["4111 1111 1111 1111"] * 12,
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo applies
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def scan(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, set[tuple[str, str]]]:
    run = run_cli(capsys, "check", str(path), "--format", "json")
    report = json.loads(run.out)
    return run.code, {(f["category"], f["detector"]) for f in report["findings"]}


def test_every_orient_gives_the_same_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "frame.json"
    path.write_text(json.dumps(orients(FRAME)["records"]), encoding="utf-8")
    code, expected = scan(capsys, path)
    assert code == 1
    assert {("pii", "email"), ("payment", "card_number")} <= expected
    for shape, doc in orients(FRAME).items():
        path.write_text(json.dumps(doc), encoding="utf-8")
        got = scan(capsys, path)
        if shape == "values":  # no header: what needs a column name may be missed, not more
            assert got[0] == 1 and ("pii", "email") in got[1] and got[1] <= expected
        else:
            assert got == (1, expected), shape


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param({"ivan@mail.ru": {"age": 30}, "petr@mail.ru": {"age": 41}}, id="keyed"),
        pytest.param({"ivan@mail.ru": {"age": 30}}, id="one-key"),
        pytest.param([["ivan@mail.ru", "petr@mail.ru"], [1, 2]], id="header-row"),
    ],
)
def test_emails_in_json_keys_are_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: Any
) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, found = scan(capsys, path)
    assert (code, ("pii", "email") in found) == (1, True)


def test_wide_pandas_default_json_is_read_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``DataFrame.to_json()`` of 6,000 rows: one key per cell, every cell read."""
    frame = {"n": list(range(6000)), "email": [f"user{i}@mail.ru" for i in range(6000)]}
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(orients(frame)["columns"]), encoding="utf-8")
    run = run_cli(capsys, "check", str(path), "--format", "json")
    report = json.loads(run.out)
    assert run.code == 1
    assert [(f["column"], f["detector"]) for f in report["findings"]] == [("email", "email")]
    assert report["files"][0]["rows"] == 6000
    assert report["errors"] == [] and report["warnings"] == []


@pytest.mark.parametrize(
    "where",
    [pytest.param("schema-metadata", id="metadata"), pytest.param("column-name", id="name")],
)
def test_emails_in_parquet_metadata_and_names_are_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    table = pa.table({"id": [1, 2]})
    if where == "column-name":
        table = pa.table({"id": [1, 2], "ivan@mail.ru": [True, False]})
    else:
        table = table.replace_schema_metadata({"owner": "ivan@mail.ru"})
    path = tmp_path / "m.parquet"
    pq.write_table(table, path)
    code, found = scan(capsys, path)
    assert (code, ("pii", "email") in found) == (1, True)
