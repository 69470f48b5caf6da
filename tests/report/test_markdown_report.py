"""Markdown: a verdict and tables that a GFM renderer draws exactly, with nothing interpreted."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from piiscan.model import FileError
from piiscan.report import RENDERERS, render
from piiscan.report.markdown import code, render_markdown, verdict
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

# CommonMark plus GFM tables, as GitHub parses comments and step summaries.
MD = MarkdownIt("commonmark").enable("table")

CUT = " (for the first 1000 rows only: --max-rows)"
"""The verdict's note: the canonical report has a file cut short by --max-rows."""


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for token in MD.parse(text):
        out.append(token)
        out.extend(token.children or ())
    return out


def _tables(text: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts, as a reader would see them."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    cell: list[str] | None = None
    for token in MD.parse(text):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            cell = []
        elif token.type == "inline" and cell is not None:
            cell.extend(child.content for child in token.children or ())
        elif token.type in ("th_close", "td_close"):
            assert cell is not None
            rows[-1].append("".join(cell))
            cell = None
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def _inert(text: str) -> None:
    """No raw HTML, no link, no emphasis anywhere in the rendered document."""
    kinds = {t.type for t in _tokens(text)}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "em_open"}, kinds


def test_findings_table_matches_the_report() -> None:
    out = render_markdown(canonical_report())
    findings_table = _tables(out)[0]
    assert findings_table[0] == [
        "status",
        "file",
        "column",
        "category",
        "detector",
        "scope",
        "matched/checked",
        "sample",
    ]
    body = findings_table[1:]
    assert len(body) == len(FINDINGS)
    for row, f in zip(body, FINDINGS, strict=True):
        assert len(row) == 8
        assert row[1] == visible(f.path)
        assert row[2] == visible(f.column)
        assert row[3] == f.category.value
        assert row[4] == f.detector
        assert row[6] == f"{f.matched}/{f.checked}"
        assert row[7] == (f.sample if f.sample is not None else "-")
    statuses = [row[0] for row in body]
    assert statuses.count("FORBIDDEN") == 5
    assert {"header only", "ignored", "allowed"} <= set(statuses)
    assert body[4][5] == "cells, rows 4, 17, 30"


def test_errors_table_and_warnings() -> None:
    out = render_markdown(canonical_report())
    errors = _tables(out)[1]
    assert errors[0] == ["file", "problem"]
    assert errors[1:] == [
        ["bad.csv", "not valid UTF-8 or cp1251 at byte 1042"],
        ["bad.csv", "second problem in the same file"],
        [visible(AZURE_PATH), "truncated gzip stream"],
    ]
    assert "**Errors (3)**" in out and "**Warnings (2)**" in out
    assert "- `big.csv: scanned only the first 1000 rows (--max-rows)`" in out


def test_hostile_names_are_inert() -> None:
    out = render_markdown(canonical_report())
    _inert(out)
    assert "\x1b" not in out and "\u202e" not in out and "##" not in out
    lines = out.splitlines()
    # a newline in a name cannot end a row: every table line is a whole row
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines if "|" in line[:1])
    assert visible(HOSTILE_COLUMN) in _tables(out)[0][4][2]
    assert visible(HOSTILE_PATH) == _tables(out)[0][8][1]


HOSTILE = [
    "plain",
    "a|b",
    "a\\|b",
    "||",
    "`tick`",
    "``double`` and `single`",
    "`",
    " lead and trail ",
    " lead",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b> &amp; &lt;",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "*em* _em_ **strong**",
    "@octocat #123 https://evil.example",
    "line\nbreak\r\nand\u2028sep",
    "tab\there",
    "\x1b[31mred",
    "bidi\u202eoverride",
    "##vso[task.complete]",
    "Номер карты",
    "",
    "   ",
]


@pytest.mark.parametrize("text", HOSTILE, ids=repr)
@pytest.mark.parametrize("table", [True, False], ids=["in-table", "inline"])
def test_code_span_shows_exactly_the_visible_text(text: str, table: bool) -> None:
    span = code(text, table=table)
    assert "\n" not in span and "\r" not in span
    if table:
        document = f"| h |\n| --- |\n| {span} |\n"
        (rows,) = _tables(document)
        assert len(rows) == 2 and len(rows[1]) == 1  # the cell stayed whole
    else:
        document = f"x {span} y\n"
    _inert(document)
    spans = [t for t in _tokens(document) if t.type == "code_inline"]
    assert len(spans) == 1
    assert spans[0].content == (visible(text) or " ")


def test_samples_are_shown_masked_and_canary_never() -> None:
    out = render_markdown(canonical_report())
    assert "`4111 **** **** 1111`" in out
    assert CANARY_PAN not in out


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {},
            "❌ **piiscan: FAIL** (exit 2: scan incomplete): 5 files scanned, 2 failed; "
            "8 findings, 5 forbidden.",
            id="incomplete",
        ),
        pytest.param(
            {"errors": (), "exit_code": 1},
            "❌ **piiscan: FAIL** (exit 1): 5 files scanned; 8 findings, 5 forbidden.",
            id="forbidden",
        ),
        pytest.param(
            {"errors": (), "findings": (finding(forbidden=False),), "exit_code": 0},
            "✅ **piiscan: PASS**" + CUT + ": 5 files scanned; 1 finding.",
            id="pass",
        ),
        pytest.param(
            {"files": (), "findings": (), "errors": (), "warnings": (), "exit_code": 0},
            "✅ **piiscan: PASS**: 0 files scanned; 0 findings.",
            id="nothing-scanned",
        ),
    ],
)
def test_verdict_line(changes: dict[str, Any], expected: str) -> None:
    report = canonical_report(**changes)
    assert verdict(report) == expected
    assert render_markdown(report).splitlines()[0] == expected


def test_clean_report_has_no_tables() -> None:
    out = render_markdown(canonical_report(findings=(), errors=(), warnings=(), exit_code=0))
    assert out == "✅ **piiscan: PASS**" + CUT + ": 5 files scanned; 0 findings.\n"


def test_row_limit_keeps_forbidden_first() -> None:
    out = render_markdown(canonical_report(), limit=3)
    rows = _tables(out)[0][1:]
    assert [r[0] for r in rows] == ["FORBIDDEN"] * 3
    assert [r[2] for r in rows] == ["card", "phone", visible(HOSTILE_COLUMN)]  # report order
    assert "_5 more findings not shown; the JSON report (`--format json`) has all._" in out


def test_no_limit_shows_all() -> None:
    findings = tuple(finding(column=f"c{i}") for i in range(300))
    out = render_markdown(canonical_report(findings=findings), limit=None)
    assert len(_tables(out)[0]) == 301
    assert "more findings not shown" not in out
    default = render_markdown(canonical_report(findings=findings))
    assert len(_tables(default)[0]) == 201


def test_error_message_cannot_break_out() -> None:
    report = canonical_report(
        findings=(), errors=(FileError("a|b.csv", "bad `x` | <script>\n| x | y |"),)
    )
    out = render_markdown(report)
    _inert(out)
    assert _tables(out)[0][1] == ["a|b.csv", "bad `x` | <script>\\n| x | y |"]


def test_render_dispatch() -> None:
    report = canonical_report()
    assert "markdown" in RENDERERS
    assert render(report, "markdown", color=True, width=10, rules=()) == render_markdown(report)
