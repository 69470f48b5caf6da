"""Markdown for pull-request comments and GitHub step summaries: a verdict line and tables.

Every string that came from the data (paths, column names, samples, messages) is written as
a code span, the one Markdown construct inside which nothing is interpreted: no emphasis, no
links or autolinks, no raw HTML, no ``@mention`` or ``#123`` references (GitHub skips code
when it links those). The code span is fenced with more backticks than the value holds, so
a backtick cannot close it early. On top of that:

- control, format (bidi, zero-width) and line-separator characters are shown as escapes, as
  in the text report, so a newline cannot end a table row and RTL cannot reorder one;
- in tables ``|`` is written ``\\|``: GFM (cmark-gfm, markdown-it) never splits a row at a pipe
  right after a backslash, and drops that one backslash again, even inside code spans, so a
  value with ``\\|`` in it also comes out whole.

Samples are already masked; they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from piiscan.model import Finding, Report
from piiscan.report.wording import counts, outcome_of, scope_label, status, visible

DEFAULT_LIMIT = 200
"""Findings rows shown before a "more not shown" line: a GitHub comment holds 65,536 chars."""
_HEADER = ("status", "file", "column", "category", "detector", "scope", "matched/checked", "sample")
_BACKTICKS = re.compile(r"`+")


def render_markdown(
    report: Report, *, limit: int | None = DEFAULT_LIMIT, verbosity: int = 0
) -> str:
    """The report as GitHub-flavoured Markdown; at most ``limit`` finding rows (None: all).
    The verdict counts skipped files; ``verbosity`` above 0 (``-v``) also lists them."""
    return "\n".join(_blocks(report, limit, verbose=verbosity > 0)) + "\n"


def code(text: str, *, table: bool = False) -> str:
    """``text`` as an inert inline code span (``table``: also safe inside a table cell)."""
    shown = visible(text)
    if table:
        shown = shown.replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(shown)), default=0)
    fence = "`" * (longest + 1)
    if not shown.strip(" "):
        shown = shown or " "
    elif shown[0] in "` " or shown[-1] in "` ":
        # CommonMark strips one space from each end of a span that has both: pad, and the
        # padding is what gets stripped.
        shown = f" {shown} "
    return f"{fence}{shown}{fence}"


def verdict(report: Report) -> str:
    """One line: PASS or FAIL with the exit code, files and findings counted."""
    icon = "✅" if report.exit_code == 0 else "❌"
    outcome, why = outcome_of(report)
    return f"{icon} **piiscan: {outcome}**{f' ({why})' if why else ''}: {counts(report)}."


def _blocks(report: Report, limit: int | None, *, verbose: bool = False) -> Iterator[str]:
    yield verdict(report)
    shown = _first(report.findings, limit)
    if shown:
        yield ""
        yield _row(list(_HEADER))
        yield _row(["---"] * len(_HEADER))
        for f in shown:
            yield _row(_cells(f, report))
        hidden = len(report.findings) - len(shown)
        if hidden:
            yield ""
            yield f"_{hidden} more findings not shown; the JSON report (`--format json`) has all._"
    if report.errors:
        yield ""
        yield f"**Errors ({len(report.errors)})**"
        yield ""
        yield _row(["file", "problem"])
        yield _row(["---", "---"])
        for error in report.errors:
            yield _row([code(error.path, table=True), code(error.message, table=True)])
    if verbose and report.skipped:
        yield ""
        yield f"**Skipped ({len(report.skipped)})**"
        yield ""
        yield _row(["file", "reason"])
        yield _row(["---", "---"])
        for skipped in report.skipped:
            yield _row([code(skipped.path, table=True), code(skipped.reason, table=True)])
    if report.warnings:
        yield ""
        yield f"**Warnings ({len(report.warnings)})**"
        yield ""
        for warning in report.warnings:
            yield f"- {code(warning)}"


def _first(findings: tuple[Finding, ...], limit: int | None) -> list[Finding]:
    if limit is None or len(findings) <= limit:
        return list(findings)
    # Forbidden findings first, each group in report order.
    ranked = sorted(range(len(findings)), key=lambda i: (not findings[i].forbidden, i))
    return [findings[i] for i in sorted(ranked[: max(0, limit)])]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cells(f: Finding, report: Report) -> list[str]:
    return [
        _md_status(f, report),
        code(f.path, table=True),
        code(f.column, table=True),
        f.category.value,
        code(f.detector, table=True),
        scope_label(f),
        f"{f.matched}/{f.checked}",
        code(f.sample, table=True) if f.sample is not None else "-",
    ]


def _md_status(f: Finding, report: Report) -> str:
    word = status(f, report)
    return "**FORBIDDEN**" if word == "forbidden" else word
