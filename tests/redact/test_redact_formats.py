"""``piiscan redact`` on text files, pandas-shaped JSON, workbooks and archives, through the
real command line: the copy passes, keeps its shape and holds no planted value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.redact.exports import customers, planted


def _leaks(folder: Path, values: set[str]) -> list[str]:
    data = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    return sorted(v for v in values if v.encode() in data)


def _redact(capsys: pytest.CaptureFixture[str], source: Path, out: Path) -> dict[str, object]:
    """Redact ``source`` into ``out`` (exit 0, the copy passes check); its manifest."""
    run = run_cli(capsys, "redact", str(source), "-o", str(out), "--no-progress")
    assert run.code == 0, run.err + run.out
    assert run_cli(capsys, "check", str(out), "--no-progress").code == 0
    manifest: dict[str, object] = json.loads((out / "redaction.json").read_text())
    return manifest


def test_text_file_keeps_its_lines_and_endings_around_placeholders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(12)
    lines = [f"ticket {i}: {r['note']}" for i, r in enumerate(rows)]
    text = "\r\n".join(lines[:6]) + "\n\n" + "\n".join(lines[6:]) + "\n"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "support.log").write_bytes(text.encode())
    _redact(capsys, tmp_path / "src", tmp_path / "safe")
    copy = (tmp_path / "safe" / "src" / "support.log").read_bytes().decode()
    assert copy.count("\r\n") == text.count("\r\n")
    assert copy.count("\n") == text.count("\n")
    copied = copy.splitlines()
    assert copied[0] == "ticket 0: Please call [PHONE] or write to [EMAIL] after lunch"
    assert copied[1] == lines[1]
    assert _leaks(tmp_path / "safe", planted(rows)) == []
