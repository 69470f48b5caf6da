"""GitHub workflow commands: one annotation per forbidden column, injection-proof, capped."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from piiscan.model import Category, FileError
from piiscan.report import RENDERERS, render
from piiscan.report.github import (
    MAX_ANNOTATIONS,
    command,
    escape_data,
    escape_property,
    render_github,
    step_summary,
)
from piiscan.report.markdown import render_markdown
from piiscan.report.sarif import Region
from piiscan.report.text import visible

from .canonical import (
    AZURE_PATH,
    CANARY_PAN,
    FINDINGS,
    HOSTILE_COLUMN,
    HOSTILE_PATH,
    canonical_report,
    finding,
)

CUT = " (for the first 1000 rows only: --max-rows)"
"""The verdict's note: the canonical report has a file cut short by --max-rows."""


@dataclass(frozen=True)
class Command:
    name: str
    properties: dict[str, str]
    message: str


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse(line: str) -> Command | None:
    """A workflow command line read as the Actions runner reads it (ActionCommand v2)."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    head, message = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = _unescape_property(value)
    return Command(name, properties, _unescape_data(message))


def _commands(out: str) -> list[Command]:
    return [c for c in map(parse, out.splitlines()) if c is not None]


def test_one_error_per_forbidden_finding() -> None:
    out = render_github(canonical_report())
    errors = [c for c in _commands(out) if c.name == "error"]
    forbidden = [f for f in FINDINGS if f.forbidden]
    assert len(errors) == len(forbidden) == 5
    for c, f in zip(errors, forbidden, strict=True):
        assert c.properties["file"] == visible(f.path)
        assert c.properties["line"] == "1"
        assert c.properties["title"] == f"piiscan: {f.category.value} data ({f.detector})"
        assert visible(f.column) in c.message
        assert c.message.endswith("Forbidden by policy.")


def test_message_wording() -> None:
    (c,) = _commands(render_github(canonical_report(findings=FINDINGS[1:2], errors=())))
    assert c.message == (
        'Column "card" holds payment data (card_pan: 1250 of 1250 values, '
        "e.g. 4111 **** **** 1111). Forbidden by policy."
    )
    (cells,) = _commands(render_github(canonical_report(findings=FINDINGS[4:5], errors=())))
    assert cells.message == (
        'Cells of column "comment" hold payment data (card_pan: 3 of 980 values, rows 4, 17, 30, '
        "e.g. 5500 **** **** 0004). Forbidden by policy."
    )


def test_every_line_is_a_command_or_piiscan_text() -> None:
    out = render_github(canonical_report())
    lines = out.splitlines()
    assert all(parse(line) is not None or line.startswith("piiscan: ") for line in lines)
    assert lines[-1] == (
        "piiscan: FAIL (exit 2: scan incomplete): 5 files scanned, 2 failed; "
        "8 findings, 5 forbidden."
    )
    assert out.endswith(".\n")


def test_hostile_column_cannot_inject_a_command() -> None:
    out = render_github(canonical_report())
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out
    names = [c.name for c in _commands(out)]
    assert names == ["error"] * 5 + ["warning"] * 3  # the "::error::=cmd" in a name is data
    hostile = next(c for c in _commands(out) if "cmd" in c.message)
    assert visible(HOSTILE_COLUMN) in hostile.message


@pytest.mark.parametrize(
    "path",
    [
        "a,line=99,title=pwned.csv",
        "x::warning::y.csv",
        "50%25.csv",
        "new\nline.csv",
        "cr\r::error::x.csv",
        HOSTILE_PATH,
        AZURE_PATH,
    ],
    ids=repr,
)
def test_properties_round_trip_and_cannot_be_forged(path: str) -> None:
    report = canonical_report(findings=(finding(path=path, column="c,o:l"),), errors=())
    (c,) = _commands(render_github(report))
    assert c.name == "error"
    assert c.properties["file"] == visible(path)
    assert c.properties["line"] == "1"
    assert set(c.properties) == {"file", "line", "title"}
    assert '"c,o:l"' in c.message


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("%0A", "%250A", "%250A"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k=v,x:y", "k=v,x:y", "k=v%2Cx%3Ay"),
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ],
    ids=repr,
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert _unescape_data(escape_data(raw)) == raw
    assert _unescape_property(escape_property(raw)) == raw


def test_command_makes_control_characters_visible() -> None:
    line = command("notice", "a\nb\x1b[2J", file="f\u202e.csv")
    assert line == "::notice file=f\\u202e.csv::a\\nb\\x1b[2J"


def test_line_comes_from_the_locator() -> None:
    def locate(path: str, column: str) -> Region | None:
        return Region(start_line=3, start_column=2, end_column=5) if column == "card" else None

    commands = _commands(render_github(canonical_report(), locate=locate))
    lines = [c.properties["line"] for c in commands if c.name == "error"]
    assert lines == ["3", "1", "1", "1", "1"]


@pytest.mark.parametrize(("limit", "shown"), [(0, 0), (2, 2), (5, 5), (50, 5)], ids=str)
def test_annotations_capped_with_a_notice(limit: int, shown: int) -> None:
    commands = _commands(render_github(canonical_report(errors=()), limit=limit))
    assert [c.name for c in commands].count("error") == shown
    notices = [c.message for c in commands if c.name == "notice"]
    hidden = 5 - shown
    assert notices == ([f"{hidden} more forbidden findings not shown"] if hidden else [])


def test_default_cap() -> None:
    findings = tuple(finding(column=f"c{i}") for i in range(MAX_ANNOTATIONS + 7))
    commands = _commands(render_github(canonical_report(findings=findings, errors=())))
    assert [c.name for c in commands].count("error") == MAX_ANNOTATIONS
    assert commands[-1] == Command("notice", {}, "7 more forbidden findings not shown")


def test_unreadable_files_are_warnings() -> None:
    commands = [c for c in _commands(render_github(canonical_report())) if c.name == "warning"]
    assert [c.properties["file"] for c in commands] == ["bad.csv", "bad.csv", visible(AZURE_PATH)]
    assert commands[0].message == "bad.csv: not valid UTF-8 or cp1251 at byte 1042"
    assert all(c.properties["title"] == "piiscan: file not fully read" for c in commands)


def test_unreadable_files_capped_too() -> None:
    errors = tuple(FileError(f"bad{i}.csv", "empty file") for i in range(4))
    commands = _commands(render_github(canonical_report(findings=(), errors=errors), limit=1))
    assert [c.name for c in commands] == ["warning", "notice"]
    assert commands[1].message == "3 more unreadable files not shown"


def test_allowed_and_ignored_findings_are_not_annotated() -> None:
    findings = (
        finding(forbidden=False),
        finding(forbidden=False, category=Category.LOCATION),
        finding(forbidden=False, matched=0, sample=None),
    )
    out = render_github(canonical_report(findings=findings, errors=(), exit_code=0))
    assert _commands(out) == []
    assert out == "piiscan: PASS" + CUT + ": 5 files scanned; 3 findings.\n"


def test_samples_masked_and_canary_never() -> None:
    out = render_github(canonical_report())
    assert "4111 **** **** 1111" in out
    assert CANARY_PAN not in out
    assert CANARY_PAN not in step_summary(canonical_report())


def test_step_summary_is_the_markdown_report() -> None:
    report = canonical_report()
    summary = step_summary(report)
    assert summary.startswith("## piiscan\n\n❌ **piiscan: FAIL**")
    assert render_markdown(report) in summary
    assert summary.endswith("\n\n")  # appended after other steps' summaries, kept apart


def test_render_dispatch() -> None:
    report = canonical_report()
    assert "github" in RENDERERS
    assert render(report, "github", color=True, rules=()) == render_github(report)
