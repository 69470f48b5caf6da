"""The session's small helpers the command line leans on: standard input and baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiscan import session
from piiscan.errors import IncompleteScan, UsageError
from piiscan.model import FileError, Format, Report


def test_spooled_input_is_sniffed_without_a_name(tmp_path: Path) -> None:
    path = tmp_path / "stdin"
    path.write_bytes(b'{"email": "a@b.ru"}\n{"email": "c@d.ru"}\n')
    ref = session.spooled(path, "-", named=False)
    assert (ref.display, ref.format) == ("-", Format.JSONL)


def test_spooled_input_takes_its_name_as_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_bytes(b"id\temail\n1\ta@b.ru\n")
    assert session.spooled(path, "export.tsv", named=True).format is Format.TSV


def test_spooled_input_that_is_no_data_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "stdin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(UsageError, match=r"^-: PNG image: cannot hold table data$"):
        session.spooled(path, "-", named=False)


def _report(*errors: FileError) -> Report:
    return Report(
        tool_version="0",
        forbidden_categories=(),
        files=(),
        findings=(),
        errors=errors,
        exit_code=0,
    )


def test_no_baseline_from_an_incomplete_scan(tmp_path: Path) -> None:
    report = _report(FileError("a.csv", "could not read"))
    with pytest.raises(IncompleteScan, match="not written: the scan was incomplete"):
        session.rebaseline(report, None, tmp_path / "b.json")


def test_a_clean_scan_gives_an_empty_baseline(tmp_path: Path) -> None:
    new, changes = session.rebaseline(_report(), None, tmp_path / "b.json")
    assert new.entries == ()
    assert not (changes.added or changes.changed or changes.dropped)
