"""A column named after a customer (a Parquet column or a JSON key holding an e-mail or a long
number) is scanned, and its name never printed: it is shown as ``column_<n>``."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.clirunner import run_cli

NAME = "ivan.petrov@mail.ru"
NUMBER = "79161234567"


def _parquet(path: Path) -> Path:
    pq.write_table(
        pa.table({NAME: ["+7 916 123-45-67"] * 20, NUMBER: ["x"] * 20, "id": list(range(20))}),
        path,
    )
    return path


def _jsonl(path: Path) -> Path:
    rows = [{"id": i, NAME: "+7 916 123-45-67", NUMBER: "x"} for i in range(20)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_parquet, _jsonl], ids=["parquet", "jsonl"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_data_in_a_column_name_is_found_and_never_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, fmt: str
) -> None:
    path = make(tmp_path / ("export.parquet" if make is _parquet else "export.jsonl"))  # type: ignore[operator]
    run = run_cli(capsys, "check", str(path), "--format", fmt, "--color", "never")
    assert run.code == 1
    for raw in (NAME, NUMBER, "916 123-45-67"):
        assert raw not in run.out and raw not in run.err
    if fmt == "json":
        columns = {f["column"] for f in json.loads(run.out)["findings"]}
        assert any(c.startswith("column_") for c in columns)
