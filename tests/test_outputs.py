"""Report files the check command writes besides stdout: ``-o`` files and the step summary."""

from __future__ import annotations

import json
from pathlib import Path

from piiscan.outputs import OutputSpec, append_step_summary, write_reports
from piiscan.report.github import step_summary
from tests.report.canonical import canonical_report


def test_write_reports_writes_each_file(tmp_path: Path) -> None:
    specs = [OutputSpec("json", tmp_path / "r.json"), OutputSpec("text", tmp_path / "r.txt")]
    assert write_reports(specs, canonical_report(), verbosity=0) == []
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["summary"]["exit_code"] == canonical_report().exit_code
    assert "\x1b[" not in (tmp_path / "r.txt").read_text(encoding="utf-8")  # never coloured


def test_write_reports_names_what_it_could_not_write(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "r.json"
    specs = [OutputSpec("json", missing), OutputSpec("markdown", tmp_path / "r.md")]
    failed = write_reports(specs, canonical_report(), verbosity=0)
    assert failed == [f"{missing}: cannot write (no such file or directory)"]
    assert (tmp_path / "r.md").is_file()  # the others are written all the same


def test_step_summary_is_appended(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("earlier step\n", encoding="utf-8")
    assert append_step_summary(path, canonical_report())
    assert path.read_text(encoding="utf-8") == "earlier step\n" + step_summary(canonical_report())


def test_step_summary_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    assert not append_step_summary(tmp_path / "no" / "summary.md", canonical_report())
