"""GitHub Actions workflow commands: an ``::error`` annotation per forbidden column.

The output is meant for the job log, where the runner reads every line starting with ``::``
as a command. Hostile names therefore go through two layers:

- ``visible`` (as in the text report): control, bidi and line-separator characters become
  escapes, so nothing reaches the log that could recolour, reorder or split a line;
- GitHub's own escaping: ``%``, CR and LF in the message (``%25``, ``%0D``, ``%0A``), plus
  ``:`` and ``,`` in properties (``%3A``, ``%2C``), so a column name can neither start a new
  command nor add or end a property.

Every line starts with text piiscan wrote (``::error``, ``::warning``, ``::notice`` or
``piiscan:``). Skipped files are notices. The number of annotations of each kind is capped
(GitHub shows only a few per step anyway), with a final notice of how many were left out.
Masked samples are shown; raw values never are.

The step summary is not written here (renderers are pure): ``step_summary(report)`` returns
the Markdown that the cli appends to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from piiscan.model import Finding, Locate, Report, Scope
from piiscan.report.markdown import render_markdown
from piiscan.report.wording import counts, outcome_of, rows_label, visible

MAX_ANNOTATIONS = 50
"""Forbidden findings annotated before ``::notice::N more ...``; read errors count apart."""
SUMMARY_LIMIT = 500
"""Finding rows in the step summary (GitHub caps a step's summary at 1 MiB)."""


def render_github(
    report: Report, *, locate: Locate | None = None, limit: int = MAX_ANNOTATIONS
) -> str:
    """Workflow commands for the report, ending with a one-line verdict."""
    return "\n".join(_lines(report, locate, limit)) + "\n"


def step_summary(report: Report) -> str:
    """Markdown to append to ``$GITHUB_STEP_SUMMARY``: a heading, the verdict, the tables."""
    return "## piiscan\n\n" + render_markdown(report, limit=SUMMARY_LIMIT) + "\n"


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    """``::name k=v,...::message`` with everything escaped and made visible."""
    props = ",".join(f"{k}={escape_property(visible(str(v)))}" for k, v in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(visible(message))}"


def _lines(report: Report, locate: Locate | None, limit: int) -> Iterator[str]:
    forbidden = [f for f in report.findings if f.forbidden]
    for f in forbidden[: max(0, limit)]:
        region = locate(f.path, f.column) if locate is not None else None
        line = region.start_line if region is not None else 1
        title = f"piiscan: {f.category.value} data ({f.detector})"
        yield command("error", _message(f), file=f.path, line=line, title=title)
    if len(forbidden) > limit:
        yield command("notice", f"{len(forbidden) - limit} more forbidden findings not shown")
    for error in report.errors[: max(0, limit)]:
        yield command(
            "warning",
            f"{error.path}: {error.message}",
            file=error.path,
            title="piiscan: file not fully read",
        )
    if len(report.errors) > limit:
        yield command("notice", f"{len(report.errors) - limit} more unreadable files not shown")
    for skipped in report.skipped[: max(0, limit)]:
        yield command(
            "notice",
            f"{skipped.path}: {skipped.reason}",
            file=skipped.path,
            title="piiscan: file skipped",
        )
    if len(report.skipped) > limit:
        yield command("notice", f"{len(report.skipped) - limit} more skipped files not shown")
    outcome, why = outcome_of(report)
    yield f"piiscan: {outcome}{f' ({why})' if why else ''}: {counts(report)}."


def _message(f: Finding) -> str:
    match f.scope:
        case Scope.COLUMN:
            where = f'Column "{f.column}" holds'
            count = f"{f.matched} of {f.checked} values"
        case Scope.CELLS:
            where = f'Cells of column "{f.column}" hold'
            rows = rows_label(f)
            count = f"{f.matched} of {f.checked} values" + (f", {rows}" if rows else "")
        case _:
            assert_never(f.scope)
    sample = f", e.g. {f.sample}" if f.sample is not None else ""
    return f"{where} {f.category.value} data ({f.detector}: {count}{sample}). Forbidden by policy."
