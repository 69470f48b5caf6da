"""Conventions users bring from ruff and gitleaks: ``--output-format``, ``--statistics``,
``--quiet``, ``check`` without a path, JUnit and GitLab outputs, an empty export, and a
console that cannot show every character."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.clirunner import run_cli

ROOT = Path(__file__).resolve().parents[2]
CARD = "4111111111111111"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo applies
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _exports(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    rows = "".join(f"{i},{CARD},ivan{i}@example.com\n" for i in range(30))
    (folder / "cards.csv").write_text("id,card_number,email\n" + rows, encoding="utf-8")
    (folder / "more.csv").write_text("id,card_number\n" + "1,4111111111111111\n" * 20, "utf-8")
    return folder


def test_output_format_is_an_alias_of_format(capsys: pytest.CaptureFixture[str]) -> None:
    folder = _exports(Path("data"))
    alias = run_cli(capsys, "check", str(folder), "--output-format", "json")
    short = run_cli(capsys, "check", str(folder), "-f", "json")
    assert alias.code == short.code == 1
    assert alias.out == short.out
    assert json.loads(alias.out)["summary"]["forbidden_findings"] == 3


def test_check_without_a_path_scans_the_current_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _exports(Path("."))
    bare = run_cli(capsys, "check", "-f", "json")
    dot = run_cli(capsys, "check", ".", "-f", "json")
    assert bare.code == dot.code == 1
    assert bare.out == dot.out
    assert [f["path"] for f in json.loads(bare.out)["files"]] == ["cards.csv", "more.csv"]


def test_statistics_counts_findings_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_exports(Path("data"))), "--statistics")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].split() == ["findings", "forbidden", "matched", "rule", "category"]
    assert lines[1].split()[:2] + lines[1].split()[3:] == ["2", "2", "card_number", "payment"]
    assert lines[2].split()[:2] + lines[2].split()[3:] == ["1", "1", "email", "pii"]
    assert 0 < int(lines[2].split()[2]) <= 30
    assert lines[-1].endswith("FAIL (exit 1)")
    assert "cards.csv" not in run.out and "****" not in run.out  # no path, no sample


def test_statistics_only_with_text(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_exports(Path("data"))), "--statistics", "-f", "json")
    assert run.code == 2
    assert "--statistics: only with the text format" in run.err


def test_quiet_prints_the_verdict_only(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_exports(Path("data"))), "--quiet")
    assert run.code == 1
    assert run.out.splitlines() == ["2 files scanned; 3 findings, 3 forbidden → FAIL (exit 1)"]


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [
        pytest.param("junit", ET.fromstring, id="junit"),
        pytest.param("gitlab", json.loads, id="gitlab"),
    ],
)
def test_ci_formats_on_stdout_and_to_files(
    capsys: pytest.CaptureFixture[str], fmt: str, parse: object
) -> None:
    folder = _exports(Path("data"))
    run = run_cli(capsys, "check", str(folder), "-f", fmt, "-o", f"{fmt}:out.{fmt}")
    assert run.code == 1
    assert Path(f"out.{fmt}").read_text("utf-8") == run.out
    assert callable(parse)
    parse(run.out)
    assert CARD not in run.out


def test_junit_by_suffix(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_exports(Path("data"))), "-o", "report.xml")
    assert run.code == 1
    cases = ET.parse("report.xml").getroot().iter("testcase")
    assert sorted(c.attrib["name"] for c in cases) == ["data/cards.csv", "data/more.csv"]


@pytest.mark.parametrize(
    "name", ["empty.csv", "empty.json", "empty.jsonl", "empty.parquet", "empty.csv.gz"]
)
def test_an_empty_export_passes_with_a_note(capsys: pytest.CaptureFixture[str], name: str) -> None:
    Path(name).write_bytes(b"")
    run = run_cli(capsys, "check", name, "-f", "json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert report["files"] == [{"path": name, "rows": 0, "truncated": False}]
    assert report["errors"] == []
    assert report["warnings"] == [
        f"{name}: empty file (0 bytes): an export with no rows, nothing to examine"
    ]


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_a_console_that_cannot_show_every_character(tmp_path: Path, encoding: str) -> None:
    """Cyrillic headers and the verdict's arrow reach an ASCII or cp1252 stdout as ``?``:
    the report prints, the exit code stands, no traceback."""
    rows = "".join(f"{i},{CARD},Иванов Иван\n" for i in range(30))
    (tmp_path / "клиенты.csv").write_text("id,Номер карты,ФИО\n" + rows, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "LC_", "LANG"))}
    env |= {
        "PYTHONIOENCODING": encoding,
        "PYTHONPATH": str(ROOT / "src"),
        "LANG": "C",
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "piiscan", "check", "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode(encoding)
    assert "Traceback" not in done.stderr.decode(encoding, "replace")
    assert "FORBIDDEN" in out and "FAIL (exit 1)" in out
    assert "?" in out  # the Cyrillic names, replaced
    assert CARD not in out
