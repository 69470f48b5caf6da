"""The text renderer: readable for people, inert for terminals and CI logs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from piiscan.errors import UsageError
from piiscan.model import Category, FileError, FileSummary, Scope
from piiscan.report import render
from piiscan.report.text import render_text, visible

from .canonical import AZURE_PATH, CANARY_PAN, HOSTILE_COLUMN, canonical_report, finding

SGR = re.compile(r"\x1b\[[0-9;]*m")

CUT = " (for the first 1000 rows only: --max-rows)"
"""The verdict's note: the canonical report has a file cut short by --max-rows."""


def _text(color: bool = False, width: int | None = None, **changes: object) -> str:
    return render_text(canonical_report(**changes), color=color, width=width)


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_markup_is_never_interpreted(color: bool) -> None:
    out = SGR.sub("", _text(color=color))
    assert "[red]x[/red]" in out
    assert visible(HOSTILE_COLUMN) in out
    assert HOSTILE_COLUMN not in out


def test_no_escape_bytes_without_color() -> None:
    out = _text(color=False)
    assert "\x1b" not in out
    assert "\\x1b[31m\\n::error::=cmd|" in out


def test_color_escapes_are_only_rich_styles() -> None:
    out = _text(color=True)
    assert "\x1b[" in out
    assert "\x1b" not in SGR.sub("", out)  # the hostile ESC was shown, not sent


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\tb", "a\\tb"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x00\x07\x7f", "\\x00\\x07\\x7f"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("exports/\u202egnp.csv", "exports/\\u202egnp.csv"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("line\u2028sep", "line\\u2028sep"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("\udcff", "\\udcff"),
        ("##vso[task.complete]", "#\\x23vso[task.complete]"),
        ("###", "#\\x23#"),
        ("Дата рождения", "Дата рождения"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("a\u00a0b", "a\u00a0b"),
    ],
    ids=repr,
)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
@pytest.mark.parametrize("width", [None, 20, 40, 60, 80, 200], ids=lambda w: f"width{w}")
def test_every_line_starts_with_piiscan_text(color: bool, width: int | None) -> None:
    out = SGR.sub("", _text(color=color, width=width))
    lines = out.splitlines()
    assert not [line for line in lines if line.lstrip().startswith(":")]
    assert "##" not in out
    assert "\u202e" not in out
    # each finding starts one line with its status, however narrow the terminal
    assert sum(1 for line in lines if line.startswith("  FORBIDDEN ")) == 5
    out.encode("utf-8")


def test_layout() -> None:
    out = _text()
    lines = out.splitlines()
    assert lines[0].split() == [
        "status",
        "column",
        "category",
        "detector",
        "scope",
        "matched/checked",
        "conf",
        "sample",
    ]
    assert "==> exports/customers.csv (1250 rows)" in lines
    assert "==> big.csv (1000 rows, cut short by --max-rows)" in lines
    assert "clean.parquet" not in out  # files without findings are only counted
    phone = next(line for line in lines if " phone " in line)
    assert phone.split() == [
        "FORBIDDEN",
        "phone",
        "pii",
        "phone_number",
        "column",
        "123/125",
        "of",
        "1250",
        "0.97",
        "+7",
        "9**",
        "***-**-67",
    ]
    cells = next(line for line in lines if " comment " in line)
    assert "rows 4, 17, 30" in cells and "3/980" in cells
    assert "  - bad.csv: not valid UTF-8 or cp1251 at byte 1042" in lines
    assert f"  - {visible(AZURE_PATH)}: truncated gzip stream" in lines
    assert "  - big.csv: scanned only the first 1000 rows (--max-rows)" in lines
    assert lines[-1] == (
        "5 files scanned, 2 failed; 8 findings, 5 forbidden → FAIL (exit 2: scan incomplete)"
    )
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize(
    ("column", "status"),
    [
        ("card", "FORBIDDEN"),
        ("lat", "allowed"),
        ("orders[].items[].sku", "ignored"),
        ("birth_date", "header only"),
    ],
)
def test_status_marker(column: str, status: str) -> None:
    line = next(line for line in _text().splitlines() if f"  {column} " in line)
    assert line.startswith(f"  {status} ")


@pytest.mark.parametrize(
    ("scope", "rows", "matched", "shown"),
    [
        (Scope.COLUMN, (1, 2), 10, "column"),
        (Scope.CELLS, (4, 17, 30), 3, "rows 4, 17, 30"),
        (Scope.CELLS, (9,), 1, "row 9"),
        (Scope.CELLS, (), 0, "cells"),
        (Scope.CELLS, (9, 10, 15, 18, 26), 12, "rows 9, 10, 15, 18, 26 +7 more"),
        (Scope.CELLS, (9,), 2, "row 9 +1 more"),
    ],
    ids=["column", "cells-rows", "cells-one-row", "cells-no-rows", "more-rows", "one-more"],
)
def test_scope(scope: Scope, rows: tuple[int, ...], matched: int, shown: str) -> None:
    out = _text(findings=(finding(scope=scope, rows=rows, matched=matched, checked=20),))
    line = next(line for line in out.splitlines() if line.startswith("  FORBIDDEN"))
    assert f"  {shown}  " in line


@pytest.mark.parametrize(
    ("category", "sgr"),
    [
        (Category.PII, "31"),
        (Category.PAYMENT, "35"),
        (Category.PURCHASES, "33"),
        (Category.LOCATION, "36"),
    ],
    ids=str,
)
def test_category_colours(category: Category, sgr: str) -> None:
    out = _text(color=True, findings=(finding(category=category),))
    assert f"\x1b[{sgr}m{category.value}\x1b[0m" in out


@pytest.mark.parametrize(
    ("changes", "summary"),
    [
        pytest.param(
            {"findings": (), "errors": (), "exit_code": 0},
            "5 files scanned; 0 findings, no forbidden data found → PASS" + CUT,
            id="clean",
        ),
        pytest.param(
            {"findings": (finding(forbidden=False),), "errors": (), "exit_code": 0},
            "5 files scanned; 1 finding, no forbidden data found → PASS" + CUT,
            id="allowed-only",
        ),
        pytest.param(
            {"findings": (finding(), finding(column="b")), "errors": (), "exit_code": 1},
            "5 files scanned; 2 findings, 2 forbidden → FAIL (exit 1)",
            id="forbidden",
        ),
        pytest.param(
            {
                "files": (FileSummary("a.csv", 1),),
                "findings": (),
                "errors": (FileError("b.csv", "truncated gzip stream"),),
                "exit_code": 2,
            },
            "1 file scanned, 1 failed; 0 findings, no forbidden data found"
            " → FAIL (exit 2: scan incomplete)",
            id="errors-only",
        ),
    ],
)
def test_summary_line(changes: dict[str, Any], summary: str) -> None:
    out = _text(warnings=(), **changes)
    assert out.splitlines()[-1] == summary


def test_no_findings_no_legend() -> None:
    out = _text(findings=(), errors=(), warnings=(), exit_code=0)
    assert out == "5 files scanned; 0 findings, no forbidden data found → PASS" + CUT + "\n"


def test_deterministic_and_environment_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    plain, colored = _text(color=False), _text(color=True)
    for name, value in [
        ("NO_COLOR", "1"),
        ("FORCE_COLOR", "1"),
        ("COLUMNS", "20"),
        ("TERM", "dumb"),
        ("TTY_COMPATIBLE", "0"),
    ]:
        monkeypatch.setenv(name, value)
    assert _text(color=False) == plain
    assert _text(color=True) == colored


def test_canary_never_rendered() -> None:
    for color in (False, True):
        assert CANARY_PAN not in _text(color=color)


def test_render_dispatch() -> None:
    report = canonical_report()
    assert render(report, "text") == render_text(report, color=False, width=None)
    assert render(report, "text", color=True, width=60) == render_text(report, color=True, width=60)


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r'^--format: unknown format "yaml"'):
        render(canonical_report(), "yaml")
