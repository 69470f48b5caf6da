"""The Python API: ``piiscan.scan`` on paths and in-memory tables gives the findings
``piiscan check`` gives on the same data written to a file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import piiscan
from piiscan.detectors.names import person_name
from piiscan.detectors.phones import _phone
from tests.clirunner import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _luhn(prefix: str) -> str:
    """``prefix`` with its Luhn check digit, grouped by four."""
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    digits = prefix + str((10 - total % 10) % 10)
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


CUSTOMERS = {
    "client_id": [f"C{1000 + i}" for i in range(40)],
    "email": [f"user{i}@example.com" for i in range(40)],
    "phone": [f"+7 916 {100 + i:03d}-{10 + i % 80:02d}-{20 + i % 70:02d}" for i in range(40)],
    "card": [_luhn(f"4276380012{i:05d}") for i in range(40)],
    "note": [f"call back on Tuesday about order {i}" for i in range(40)],
}


def _key(report: piiscan.Report) -> list[tuple[str, str, str, str, int, int]]:
    """Findings without the path (a table's name differs from a file's)."""
    return [
        (f.column, f.category.value, f.detector, f.scope.value, f.matched, f.checked)
        for f in report.findings
    ]


def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo


def test_path_scan_is_what_check_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _isolated(monkeypatch, tmp_path)
    report = piiscan.scan(EXAMPLES, jobs=1)
    run = run_cli(capsys, "check", str(EXAMPLES), "--format", "json", "-j", "1")
    assert run.code == report.exit_code == 1
    assert not report.passed
    assert report.render("json") == run.out


def test_dataframe_gives_the_findings_of_the_same_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pd = pytest.importorskip("pandas")
    _isolated(monkeypatch, tmp_path)
    frame = pd.DataFrame(CUSTOMERS)
    frame.to_csv(tmp_path / "customers.csv", index=False)
    from_file = piiscan.scan(tmp_path / "customers.csv")
    from_frame = piiscan.scan(frame, name="customers")
    assert _key(from_frame) == _key(from_file)
    assert {f.path for f in from_frame.findings} == {"customers"}
    assert from_frame.exit_code == 1
    assert {f.category.value for f in from_frame.findings} >= {"pii", "payment"}


def test_arrow_table_gives_the_findings_of_the_same_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolated(monkeypatch, tmp_path)
    table = pa.table(CUSTOMERS)
    pq.write_table(table, tmp_path / "customers.parquet")
    from_file = piiscan.scan(str(tmp_path / "customers.parquet"))
    assert _key(piiscan.scan(table)) == _key(from_file)
    assert _key(piiscan.scan(table.to_reader(max_chunksize=7))) == _key(from_file)


class _Stream:
    """A foreign table (as polars or DuckDB hand one out): only the Arrow C stream."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


def test_any_arrow_c_stream_is_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated(monkeypatch, tmp_path)
    table = pa.table(CUSTOMERS)
    pacsv.write_csv(table, tmp_path / "customers.csv")
    report = piiscan.scan(_Stream(table), name="duck")
    assert _key(report) == _key(piiscan.scan(tmp_path / "customers.csv"))
    assert report.findings[0].path == "duck"


def test_mapping_of_tables_and_clean_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated(monkeypatch, tmp_path)
    clean = pa.table({"sku": ["A-1", "B-2", "C-3"], "colour": ["red", "green", "blue"]})
    report = piiscan.scan({"catalogue": clean, "crm": pa.table(CUSTOMERS)})
    assert {s.path for s in report.files} == {"catalogue", "crm"}
    assert {f.path for f in report.findings} == {"crm"}
    assert piiscan.scan(clean).passed


def test_policy_and_max_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated(monkeypatch, tmp_path)
    table = pa.table({"card": CUSTOMERS["card"]})
    assert piiscan.scan(table, policy=["pii"]).passed
    assert not piiscan.scan(table, policy=[piiscan.Category.PAYMENT]).passed
    assert piiscan.scan(table, policy=[]).passed
    cut = piiscan.scan(table, max_rows=5)
    assert cut.files[0].rows == 5 and cut.files[0].truncated
    with pytest.raises(piiscan.PiiscanError):
        piiscan.scan(table, policy=["secrets"])
    with pytest.raises(piiscan.UsageError):
        piiscan.scan(42)


def test_report_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pd = pytest.importorskip("pandas")
    _isolated(monkeypatch, tmp_path)
    report = piiscan.scan(pd.DataFrame(CUSTOMERS), name="crm")
    frame = report.to_pandas()
    assert len(frame) == len(report.findings)
    assert list(frame.columns)[:4] == ["path", "column", "category", "detector"]
    assert set(frame["category"]) >= {"pii", "payment"}
    data = json.loads(report.render(piiscan.OutputFormat.JSON))
    assert data["summary"]["exit_code"] == 1
    assert "crm" in report._repr_markdown_()
    for fmt in piiscan.OutputFormat:
        text = report.render(fmt)
        for raw in (*CUSTOMERS["email"], *CUSTOMERS["card"]):
            assert raw not in text
        assert "user1@example.com" not in frame.to_string()


def test_no_raw_value_is_cached_after_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolated(monkeypatch, tmp_path)
    piiscan.scan(
        pa.table({"name": ["Ivan Petrov", "Anna Smith"] * 10, "phone": CUSTOMERS["phone"][:20]})
    )
    assert person_name.cache_info().currsize == 0
    assert _phone.cache_info().currsize == 0


_PROCESS_STATE = """
def state():
    import gc, sys, threading, warnings
    return (gc.get_threshold(), gc.isenabled(), sys.unraisablehook, sys.excepthook,
            threading.excepthook, list(sys.meta_path), list(warnings.filters),
            sys.getrecursionlimit(), sys.getswitchinterval())
"""


def test_import_is_cheap_and_leaves_the_process_alone() -> None:
    code = _PROCESS_STATE + (
        "import sys; before = state(); import piiscan;"
        " assert piiscan.scan and piiscan.Report;"
        " heavy = [m for m in ('pandas', 'pyarrow', 'numpy', 'rich') if m in sys.modules];"
        " assert not heavy, heavy; assert state() == before"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_scan_leaves_the_process_alone(tmp_path: Path) -> None:
    """Hooks, the collector, import finders and warning filters are the command line's to
    change (``cli.main``), never a library call's: a notebook keeps its own."""
    ragged = 'name,phone\nIvan Petrov,+7 912 345-67-89\n"open,quote\n' + "x,y,z\n" * 300
    (tmp_path / "ragged.csv").write_text(ragged, encoding="utf-8")
    (tmp_path / "c.json").write_text('[{"email": "ivan@mail.ru"}]', encoding="utf-8")
    code = _PROCESS_STATE + (
        # NumPy and pyarrow add warning filters of their own when first imported.
        "import sys, numpy, pyarrow, piiscan; before = state();"
        " report = piiscan.scan(sys.argv[1], jobs=1); assert report.findings;"
        " report.render('sarif'); assert state() == before"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, cwd=tmp_path)
