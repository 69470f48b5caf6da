"""The text report, for people: findings grouped by file, then errors, warnings, a verdict.

Paths, column names, messages and samples come from the scanned data, so they are hostile:

- they are only ever wrapped in rich ``Text`` objects, which never parse markup;
- control, format (bidi overrides, zero-width) and line-separator characters are shown as
  escapes (``\\n``, ``\\x1b``, ``\\u202e``), so they cannot move the cursor, recolour the
  terminal, reorder a line or forge a new one;
- nothing wraps: each finding is exactly one line (greppable), and every line starts with
  text piiscan wrote, so a name cannot begin a CI log line (GitHub's ``::error::``);
- ``##`` is shown as ``#\\x23`` (Azure Pipelines reads ``##vso[...]`` anywhere in a line).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import assert_never

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from piiscan.model import Category, Finding, Report
from piiscan.report.wording import counts, outcome_of, plural, scope_label, status, visible

_FIELD_CAP = 32
"""Fields are padded to the widest value up to this many cells; longer ones run on."""
_LEGEND = ("status", "column", "category", "detector", "scope", "matched/checked", "conf", "sample")


def render_text(report: Report, *, color: bool, width: int, verbosity: int = 0) -> str:
    """The report as lines of text; ANSI colours only when ``color``.

    ``verbosity`` below 0 keeps only the summary line (``-q``); above 0 also lists the files
    scanned without findings and the files skipped (``-v``; the summary counts them always).
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,  # explicit, so NO_COLOR in the environment cannot flip it
        width=width,
        soft_wrap=True,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )
    lines_out = [_summary(report)] if verbosity < 0 else _lines(report, verbose=verbosity > 0)
    for line in lines_out:
        console.print(line)
    lines = buffer.getvalue().rstrip("\n").split("\n")
    return "\n".join(line.rstrip(" ") for line in lines) + "\n"


def _lines(report: Report, *, verbose: bool = False) -> Iterator[Text]:
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.path, []).append(finding)
    rows = {path: [_cells(f, report) for f in found] for path, found in groups.items()}
    legend = [(label, "dim") for label in _LEGEND]
    widths = _widths([legend, *(cells for group in rows.values() for cells in group)])
    files = {f.path: f for f in report.files}

    if rows:
        yield _row(legend, widths)
    for path, group in rows.items():
        heading = Text("==> ", style="bold")
        heading.append(visible(path), style="bold")
        summary = files.get(path)
        if summary is not None:
            note = f" ({plural(summary.rows, 'row')}"
            note += ", cut short by --max-rows)" if summary.truncated else ")"
            heading.append(note)
        yield heading
        for cells in group:
            yield _row(cells, widths)
        yield Text()

    clean = [f for f in report.files if f.path not in groups] if verbose else []
    if clean:
        yield Text(f"No findings ({len(clean)})", style="bold green")
        for summary in clean:
            note = f" ({plural(summary.rows, 'row')}"
            note += ", cut short by --max-rows)" if summary.truncated else ")"
            yield Text(f"  - {visible(summary.path)}{note}")
        yield Text()
    if verbose and report.skipped:
        yield Text(f"Skipped ({len(report.skipped)})", style="bold yellow")
        for skipped in report.skipped:
            yield Text(f"  - {visible(skipped.path)}: {visible(skipped.reason)}")
        yield Text()
    if report.errors:
        yield Text(f"Errors ({len(report.errors)})", style="bold red")
        for error in report.errors:
            yield Text(f"  - {visible(error.path)}: {visible(error.message)}")
        yield Text()
    if report.warnings:
        yield Text(f"Warnings ({len(report.warnings)})", style="bold yellow")
        for warning in report.warnings:
            yield Text(f"  - {visible(warning)}")
        yield Text()
    yield _summary(report)


def _row(cells: list[tuple[str, str]], widths: list[int]) -> Text:
    line = Text("  ")
    for i, (value, style) in enumerate(cells):
        if i:
            line.append("  ")
        line.append(value, style=style)
        if i < len(cells) - 1:
            line.append(" " * max(0, widths[i] - cell_len(value)))
    return line


def _cells(f: Finding, report: Report) -> list[tuple[str, str]]:
    return [
        _status(f, report),
        (visible(f.column), "bold"),
        (f.category.value, _category_style(f.category)),
        (visible(f.detector), ""),
        (scope_label(f), ""),
        (f"{f.matched}/{f.checked}", ""),
        (f"{f.confidence:.2f}", ""),
        (visible(f.sample) if f.sample is not None else "-", "dim"),
    ]


_STATUS_STYLE = {
    "forbidden": ("FORBIDDEN", "bold red"),
    "baselined": ("baselined", "yellow"),
    "allowed": ("allowed", "green"),
    "header only": ("header only", "dim"),
    "ignored": ("ignored", "dim"),
}


def _status(f: Finding, report: Report) -> tuple[str, str]:
    return _STATUS_STYLE[status(f, report)]


def _category_style(category: Category) -> str:
    match category:
        case Category.PII:
            return "red"
        case Category.PAYMENT:
            return "magenta"
        case Category.PURCHASES:
            return "yellow"
        case Category.LOCATION:
            return "cyan"
        case _:
            assert_never(category)


def _widths(rows: list[list[tuple[str, str]]]) -> list[int]:
    if not rows:
        return []
    return [
        min(_FIELD_CAP, max(cell_len(cells[i][0]) for cells in rows)) for i in range(len(rows[0]))
    ]


def _summary(report: Report) -> Text:
    line = Text(f"{counts(report, say_clean=True)} → ")
    outcome, why = outcome_of(report)
    style = "bold green" if outcome == "PASS" else "bold red"
    line.append(f"{outcome} ({why})" if why else outcome, style=style)
    return line
