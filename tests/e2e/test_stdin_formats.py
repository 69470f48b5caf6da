"""Standard input in any format piiscan reads, sniffed from its bytes when no
``--stdin-filename`` names it: JSON Lines, Parquet, gzip CSV, a workbook, an archive."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.clirunner import run_cli

ROWS = [
    {"email": f"user{i}@example.com", "phone": f"+7 916 {100 + i:03d}-12-34"} for i in range(30)
]
CSV = "email,phone\n" + "".join(f"{r['email']},{r['phone']}\n" for r in ROWS)


def _parquet() -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(ROWS), sink)
    return sink.getvalue()


def _xlsx() -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "S"
    for line in CSV.splitlines():
        book.active.append(line.split(","))
    sink = io.BytesIO()
    book.save(sink)
    return sink.getvalue()


def _zip() -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as zf:
        zf.writestr("c.csv", CSV)
    return sink.getvalue()


PAYLOADS: dict[str, tuple[Callable[[], bytes], str]] = {
    "jsonl": (lambda: "".join(json.dumps(r) + "\n" for r in ROWS).encode(), "-"),
    "parquet": (_parquet, "-"),
    "gzip-csv": (lambda: gzip.compress(CSV.encode()), "-"),
    "xlsx": (_xlsx, "-[S]"),
    "zip": (_zip, "-!/c.csv"),
}


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_stdin_sniffed(
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build, shown = PAYLOADS[kind]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(build())))
    run = run_cli(capsys, "check", "-", "--format", "json")
    assert run.code == 1, run.err
    doc = json.loads(run.out)
    assert {f["path"] for f in doc["findings"]} == {shown}
    assert {f["detector"] for f in doc["findings"]} >= {"email", "phone"}
    assert "user1@example.com" not in run.out
