"""The text report ends with what to do: which findings are forbidden, the exact ignore
entry (which, pasted into a config, accepts the finding), where the rest is."""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.report.next_steps import HEADING, ignore_entry, next_steps, toml_string
from piiscan.report.text import render_text
from tests.clirunner import run_cli

from .canonical import HOSTILE_COLUMN, canonical_report, finding

ACTIVE = {"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"}
"""Characters a terminal, a log or a bidi algorithm may act on."""


def test_a_passing_report_has_no_next_steps() -> None:
    report = canonical_report(findings=(finding(forbidden=False),), errors=(), exit_code=0)
    assert next_steps(report) == []
    assert HEADING not in render_text(report, color=False)


@pytest.mark.parametrize("width", [None, 60, 80, 120])
def test_next_steps_come_just_before_the_verdict(width: int | None) -> None:
    lines = render_text(canonical_report(), color=False, width=width).splitlines()
    start = lines.index(HEADING)
    block = "\n".join(lines[start:])
    assert "5 findings FORBIDDEN in 3 files (pii 3, payment 2)" in " ".join(block.split())
    assert '      rule = "card_pan"' in lines
    assert "2 files could not be fully read" in block
    assert lines[-1].startswith("5 files scanned") or lines[-2].startswith("5 files scanned")


def test_the_hostile_column_is_an_inert_toml_string() -> None:
    entry = "\n".join(ignore_entry(finding(column=HOSTILE_COLUMN, path="##vso[x].csv")))
    assert "\x1b" not in entry and "##" not in entry
    parsed = tomllib.loads(entry)["ignore"][0]
    assert parsed["column"] == HOSTILE_COLUMN
    assert parsed["path"] == "##vso[x].csv"


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_toml_string_round_trips(text: str) -> None:
    shown = toml_string(text)
    assert tomllib.loads(f"x = {shown}")["x"] == text
    assert not any(unicodedata.category(ch) in ACTIVE for ch in shown)


def test_the_printed_entry_accepts_the_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    folder = tmp_path / "exports"
    folder.mkdir()
    rows = "".join(f"{i},4111 1111 1111 1111\n" for i in range(30))
    (folder / "cards.csv").write_text("id,card_number\n" + rows, encoding="utf-8")
    first = run_cli(capsys, "check", "exports")
    assert first.code == 1
    lines = first.out.splitlines()
    start = lines.index("      [[ignore]]")
    entry = "\n".join(line.strip() for line in lines[start : start + 5])
    entry = entry.replace("<why this data may leave>", "published test card numbers")
    (tmp_path / ".piiscan.toml").write_text(entry + "\n", encoding="utf-8")
    second = run_cli(capsys, "check", "exports")
    assert second.code == 0, second.out
    assert HEADING not in second.out
