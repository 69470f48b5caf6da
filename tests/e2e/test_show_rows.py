"""``--show-rows N``: every row of a finding in cells (0), in every output format, through
the real command line; and the Next steps block saying how, and how to make a safe copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import piiscan
from tests.clirunner import run_cli

NOTE_ROWS = [i for i in range(1, 61) if i % 3 == 0]
"""Rows of ``notes.csv`` whose note holds an e-mail address."""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo applies
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _notes(folder: Path, name: str = "notes.csv") -> Path:
    """60 rows: an e-mail inside the note of every third, and a column of e-mails."""
    folder.mkdir(exist_ok=True)
    lines = ["id,note,email"]
    for i in range(1, 61):
        note = f"call me at alice{i}@example.com please" if i % 3 == 0 else "nothing to see today"
        lines.append(f"{i},{note},bob{i}@example.org")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _findings(out: str) -> dict[str, dict[str, object]]:
    return {f["column"]: f for f in json.loads(out)["findings"]}


def test_default_lists_five_rows(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", "json")
    assert run.code == 1
    found = _findings(run.out)
    assert found["note"]["rows"] == NOTE_ROWS[:5]
    assert found["email"]["scope"] == "column"
    assert found["email"]["rows"] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("asked", "listed"), [("0", NOTE_ROWS), ("7", NOTE_ROWS[:7])])
def test_show_rows_lists_the_rows_of_findings_in_cells(
    capsys: pytest.CaptureFixture[str], asked: str, listed: list[int]
) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", "json", "--show-rows", asked)
    found = _findings(run.out)
    assert found["note"]["rows"] == listed
    assert found["note"]["matched"] == len(NOTE_ROWS)
    # A column finding is the whole column (its values sampled): its first rows only.
    assert found["email"]["rows"] == [1, 2, 3, 4, 5]


def test_fewer_rows_than_the_default_cut_every_finding(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", "json", "--show-rows", "2")
    found = _findings(run.out)
    assert found["note"]["rows"] == NOTE_ROWS[:2]
    assert found["email"]["rows"] == [1, 2]


def test_worker_processes_keep_the_rows_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path("data")
    _notes(folder, "a.csv")
    _notes(folder, "b.csv")
    one = run_cli(capsys, "check", str(folder), "-f", "json", "--show-rows", "0", "-j", "1")
    two = run_cli(capsys, "check", str(folder), "-f", "json", "--show-rows", "0", "-j", "2")
    assert one.out == two.out
    notes = [f["rows"] for f in json.loads(two.out)["findings"] if f["column"] == "note"]
    assert notes == [NOTE_ROWS, NOTE_ROWS]


def test_the_config_sets_show_rows(capsys: pytest.CaptureFixture[str]) -> None:
    Path(".piiscan.toml").write_text("show-rows = 0\n", encoding="utf-8")
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", "json")
    assert _findings(run.out)["note"]["rows"] == NOTE_ROWS
    flag = run_cli(capsys, "check", "data", "-f", "json", "--show-rows", "3")
    assert _findings(flag.out)["note"]["rows"] == NOTE_ROWS[:3]


@pytest.mark.parametrize(
    "config", ["show-rows = -1\n", 'show-rows = "all"\n', "show_rows = true\n"]
)
def test_a_bad_show_rows_in_the_config_is_a_config_error(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    Path(".piiscan.toml").write_text(config, encoding="utf-8")
    run = run_cli(capsys, "check", str(_notes(Path("data"))))
    assert run.code == 2
    assert "show" in run.err and "integer of at least 0" in run.err
    assert "Traceback" not in run.err


def test_a_negative_show_rows_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "--show-rows", "-1")
    assert run.code == 2


def test_the_api_takes_show_rows() -> None:
    report = piiscan.scan(_notes(Path("data")), show_rows=0)
    (note,) = [f for f in report.findings if f.column == "note"]
    assert list(note.rows) == NOTE_ROWS
    with pytest.raises(piiscan.PiiscanError):
        piiscan.scan(Path("data"), show_rows=-1)


def _numbers(lines: list[str]) -> list[int]:
    return [int(n) for line in lines for n in re.findall(r"\d+", line)]


def test_text_report_lists_every_row_below_the_finding(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "--show-rows", "0")
    lines = run.out.splitlines()
    at = next(i for i, line in enumerate(lines) if " note " in line)
    assert "rows 3, 6, 9, 12, 15 +15 more" in lines[at]  # the table row stays one line
    listing = [lines[at + 1]]
    for line in lines[at + 2 :]:
        if not line.startswith("         "):
            break
        listing.append(line)
    assert listing[0].startswith("    rows 3, 6,")
    assert _numbers(listing) == NOTE_ROWS
    assert all(len(line) <= 100 for line in listing)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_text_report_wraps_the_rows_to_the_terminal(width: int) -> None:
    report = piiscan.scan(_notes(Path("data")), show_rows=0)
    lines = report.render("text", width=width).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    rows "))
    listing = [lines[start]]
    listing += [line for line in lines[start + 1 :][: len(NOTE_ROWS)] if line.startswith(" " * 9)]
    assert _numbers(listing) == NOTE_ROWS  # no number split, none lost
    assert all(len(line) <= width for line in lines)


def test_default_text_report_has_no_row_listing(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))))
    assert not [line for line in run.out.splitlines() if line.startswith("    rows ")]


def test_sarif_lists_every_row_in_properties(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", "sarif", "--show-rows", "0")
    results = json.loads(run.out)["runs"][0]["results"]
    (note,) = [r for r in results if r["locations"][0]["logicalLocations"][0]["name"] == "note"]
    assert note["properties"]["rows"] == NOTE_ROWS
    assert "(first rows: 3, 6, 9, 12, 15, ...)" in note["message"]["text"]


@pytest.mark.parametrize("fmt", ["markdown", "junit", "gitlab"])
def test_other_formats_list_the_rows_kept(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    run = run_cli(capsys, "check", str(_notes(Path("data"))), "-f", fmt, "--show-rows", "0")
    assert ", ".join(map(str, NOTE_ROWS)) in run.out


def _next_steps(out: str) -> list[str]:
    lines = out.splitlines()
    if "Next steps" not in lines:
        return []
    return lines[lines.index("Next steps") :]


def test_next_steps_say_how_to_see_every_row_and_make_a_safe_copy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _notes(Path("data"))
    steps = " ".join(_next_steps(run_cli(capsys, "check", str(path)).out))
    assert "--show-rows 0 lists them all" in steps
    assert f"`piiscan redact {path.as_posix()} --out DIR`" in steps


def test_safe_copy_of_many_files_names_their_folder(capsys: pytest.CaptureFixture[str]) -> None:
    Path("data").mkdir()
    for name in ("a.csv", "b.csv", "c.csv", "d.csv"):
        _notes(Path("data") / "sub", name)
    steps = " ".join(_next_steps(run_cli(capsys, "check", "data").out))
    assert "`piiscan redact data/sub --out DIR`" in steps


def test_safe_copy_never_quotes_a_hostile_path(capsys: pytest.CaptureFixture[str]) -> None:
    path = _notes(Path("data"), "$(touch x) ;a.csv")
    steps = " ".join(_next_steps(run_cli(capsys, "check", str(path)).out))
    assert "`piiscan redact PATH... --out DIR`" in steps
    assert "touch" not in steps.split("piiscan redact")[1].split("`")[0]


def test_no_safe_copy_line_without_forbidden_data(capsys: pytest.CaptureFixture[str]) -> None:
    path = _notes(Path("data"))
    allowed = run_cli(capsys, "check", str(path), "--allow", "pii")
    assert allowed.code == 0
    assert "piiscan redact" not in allowed.out
    broken = Path("data") / "broken.parquet"
    broken.write_bytes(b"PAR1" + b"\0" * 20)
    failed = run_cli(capsys, "check", str(broken))
    assert failed.code == 2
    assert _next_steps(failed.out) and "piiscan redact" not in failed.out
