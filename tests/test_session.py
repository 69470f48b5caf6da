"""The session's small helpers the command line leans on: standard input, baselines, -v."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from piiscan import session
from piiscan.baseline import Baseline
from piiscan.errors import IncompleteScan, OutputError, UsageError
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


def test_spool_saves_a_stream_and_sniffs_it(tmp_path: Path) -> None:
    stream = io.BytesIO(b"id,email\n1,a@b.ru\n")
    ref = session.spool(stream, None, tmp_path, limit=1 << 20)
    assert (ref.display, ref.format) == ("-", Format.CSV)
    assert ref.path.read_bytes() == b"id,email\n1,a@b.ru\n"


def test_spool_shows_the_name_given(tmp_path: Path) -> None:
    stream = io.BytesIO(b"id\temail\n1\ta@b.ru\n")
    ref = session.spool(stream, "dir/export.tsv", tmp_path, limit=1 << 20)
    assert (ref.display, ref.format, ref.path.name) == ("dir/export.tsv", Format.TSV, "export.tsv")


def test_spool_stops_at_the_limit(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"larger than --max-inflate \(10 bytes\)"):
        session.spool(io.BytesIO(b"x" * 11), None, tmp_path, limit=10)


@pytest.mark.parametrize("name", ["", ".", "dir/..", "dir/"])
def test_spool_needs_a_file_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="needs a file name"):
        session.spool(io.BytesIO(b"a\n"), name, tmp_path, limit=10)


def test_spool_of_no_data_hints_at_naming_it(tmp_path: Path) -> None:
    png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(UsageError, match=r"PNG image: .*; name it with --stdin-filename"):
        session.spool(png, None, tmp_path, limit=1 << 20)


def test_save_baseline_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "b.json"
    new, _ = session.save_baseline(_report(), None, target)
    assert target.read_text(encoding="utf-8") == new.render()


def test_save_baseline_that_cannot_be_written_is_an_output_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "b.json"
    with pytest.raises(OutputError, match=r"b\.json: cannot write \(no such file or directory\)$"):
        session.save_baseline(_report(), None, target)


def test_describe_names_the_settings_in_effect(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id\n1\n", encoding="utf-8")
    request = session.ScanRequest(
        paths=(str(tmp_path),), forbid=("pii",), find_config=False, baseline=Baseline()
    )
    lines = session.describe(session.plan(request), tmp_path / "b.json")
    assert lines[:2] == ["config: none found", "forbidden: pii"]
    assert lines[2].startswith("rules: ") and lines[2].endswith("; files: 1; jobs: 1")
    assert lines[3] == f"baseline: {tmp_path / 'b.json'} (0 entries)"
