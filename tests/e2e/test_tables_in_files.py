"""Files that hold several tables (workbooks, archives, database files): counted as files
in the summary, and reachable by globs that name the file or the table in it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import piiscan
from tests.clirunner import run_cli

openpyxl = pytest.importorskip("openpyxl")

EMAILS = [["id", "email"], [1, "anna@example.com"], [2, "boris@example.org"]]


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook of two sheets, an archive of two members and a CSV, in the current folder."""
    monkeypatch.chdir(tmp_path)
    book = openpyxl.Workbook()
    book.active.title = "Clients"
    for row in EMAILS:
        book.active.append(row)
    notes = book.create_sheet("Notes")
    notes.append(["id", "note"])
    notes.append([1, "hello"])
    book.save(tmp_path / "book.xlsx")
    csv = "".join(",".join(str(cell) for cell in row) + "\n" for row in EMAILS)
    (tmp_path / "a.csv").write_text(csv, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("a.csv", csv)
        archive.writestr("b.csv", "id,note\n1,hello\n")
    return tmp_path


def _summary(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[str, dict[str, int]]:
    text = run_cli(capsys, "check", *paths, "-q").out.strip()
    doc = json.loads(run_cli(capsys, "check", *paths, "-f", "json").out)
    return text.split(";")[0], doc["summary"]


def test_a_plain_file_is_one_file(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, summary = _summary(capsys, "a.csv")
    assert text == "1 file scanned"
    assert summary["files_scanned"] == 1
    assert "tables_scanned" not in summary  # reports of plain files are unchanged


def test_a_workbook_is_one_file_of_several_tables(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, summary = _summary(capsys, "book.xlsx")
    # Two sheets, and the workbook's text outside its cells (document properties, names).
    assert text == "1 file (3 tables) scanned"
    assert (summary["files_scanned"], summary["tables_scanned"]) == (1, 3)


def test_files_and_their_tables_together(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, summary = _summary(capsys, ".")
    # The workbook's text outside cells is one, the archive's member names another.
    assert text == "3 files (7 tables) scanned"
    assert (summary["files_scanned"], summary["tables_scanned"]) == (3, 7)


def test_in_memory_tables_are_no_files() -> None:
    pa = pytest.importorskip("pyarrow")
    report = piiscan.scan(pa.table({"email": ["anna@example.com", "boris@example.org"]}))
    assert (report.files_scanned, report.tables_scanned) == (0, 1)
    assert report.render("text").splitlines()[-1].startswith("1 table scanned;")


@pytest.mark.parametrize(
    ("glob", "passes"),
    [
        pytest.param("book.xlsx", True, id="the-file-holds-its-sheets"),
        pytest.param("*.xlsx", True, id="a-pattern-for-the-file"),
        pytest.param("book.xlsx[Clients]", True, id="the-sheet"),
        pytest.param("book.xlsx[Notes]", False, id="another-sheet"),
        pytest.param("book", False, id="not-a-prefix"),
    ],
)
def test_ignore_globs_reach_sheets(
    exports: Path, capsys: pytest.CaptureFixture[str], glob: str, passes: bool
) -> None:
    (exports / ".piiscan.toml").write_text(
        f'[[ignore]]\npath = "{glob}"\nreason = "test"\n', encoding="utf-8"
    )
    assert run_cli(capsys, "check", "book.xlsx", "-q").code == (0 if passes else 1)


@pytest.mark.parametrize(
    ("glob", "passes"),
    [
        pytest.param("export.zip", True, id="the-archive-holds-its-members"),
        pytest.param("export.zip!/a.csv", True, id="the-member"),
        pytest.param("sub/export.zip!/a.csv", True, id="the-member-by-its-folder"),
        pytest.param("export.zip!/b.csv", False, id="another-member"),
        pytest.param("other/export.zip", False, id="another-folder"),
    ],
)
def test_ignore_globs_reach_archive_members(
    exports: Path, capsys: pytest.CaptureFixture[str], glob: str, passes: bool
) -> None:
    (exports / "sub").mkdir()
    (exports / "export.zip").rename(exports / "sub" / "export.zip")
    (exports / ".piiscan.toml").write_text(
        f'[[ignore]]\npath = "{glob}"\nreason = "test"\n', encoding="utf-8"
    )
    assert run_cli(capsys, "check", "sub", "-q").code == (0 if passes else 1)


@pytest.mark.parametrize("glob", ["export.zip", "export.zip!/a.csv", "*.zip!/b.csv"])
def test_include_globs_reach_the_file_holding_a_table(
    exports: Path, capsys: pytest.CaptureFixture[str], glob: str
) -> None:
    run = run_cli(capsys, "check", ".", "--include", glob, "-q")
    assert (run.code, run.out.split(";")[0]) == (1, "1 file (3 tables) scanned")  # all of it


def test_exclude_globs_leave_files_out(exports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", ".", "--exclude", "book.xlsx", "--exclude", "*.zip", "-q")
    assert run.out.split(";")[0] == "1 file scanned"


def test_an_exclude_glob_naming_a_member_is_refused(
    exports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "check", ".", "--exclude", "export.zip!/a.csv")
    assert run.code == 2
    assert run.err.startswith('piiscan: --exclude "export.zip!/a.csv": names a table inside a file')
    assert run.err.count("\n") == 1
