"""The text report, for people: findings grouped by file, then errors, warnings, a verdict.

Two layouts. Without a width (piped output, ``-o report.txt``, the API) it is stable: each
finding is exactly one line, fields padded, so it greps and diffs the same on every machine.
With a width (a terminal) every line fits it: cells wrap inside their column, a number, a
count or a masked sample is never split, and the least important fields (confidence, rule,
sample, rows) are dropped, in that order, when even wrapped cells do not fit.

Paths, column names, messages and samples come from the scanned data, so they are hostile:

- they are only ever wrapped in rich ``Text`` objects, which never parse markup;
- control, format (bidi overrides, zero-width) and line-separator characters are shown as
  escapes (``\\n``, ``\\x1b``, ``\\u202e``), so they cannot move the cursor, recolour the
  terminal, reorder a line or forge a new one;
- the first line of each finding starts with its status, and a wrapped line never starts
  (spaces aside) with ``:`` (``\\x3a`` instead), so a name cannot begin a CI log line
  (GitHub's ``::error::``, which the runner finds after leading spaces);
- ``##`` is shown as ``#\\x23`` (Azure Pipelines reads ``##vso[...]`` anywhere in a line).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import assert_never

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from piiscan.model import Category, FileSummary, Finding, Report, Scope
from piiscan.report.next_steps import next_steps
from piiscan.report.wording import counts, outcome_of, plural, status, visible

_FIELD_CAP = 32
"""Without a width, fields are padded to the widest value up to this many cells."""
_FIELDS = ("status", "column", "category", "detector", "scope", "counts", "conf", "sample")
_LEGEND: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "column": ("column",),
    "category": ("category",),
    "detector": ("detector",),
    "scope": ("scope",),
    "counts": ("matched/", "checked"),
    "conf": ("conf",),
    "sample": ("sample",),
}
"""Each field's legend, as the pieces it may wrap between."""
_DROPPED_FIRST = ("conf", "detector", "sample", "scope")
"""Fields a narrow terminal loses, least important first; the others always stay."""
_SHRINKING = ("scope", "column", "counts", "sample")
"""Fields that wrap (or, for the sample, move to a line of their own) to make room, the
widest first."""
_MIN_COLUMN = 10
"""A column name wraps down to this width (names are the only text folded inside a word)."""
_MIN_SAMPLE = 19
"""The sample field keeps this width (a card mask); a longer sample gets a line of its own."""
_MIN_SCOPE = 8
"""The scope field wraps down to a few row numbers a line."""
_INDENT = "    "
"""Continuation of a line that is not a finding (a long path, a message)."""
_SCOPE_ROWS = 5
"""Rows the scope field lists; a finding keeping more (``--show-rows``) lists them all on
lines of their own below it."""
_STABLE_WIDTH = 100
"""Without a width, those lines of rows are wrapped at this many cells."""


@dataclass(frozen=True)
class _Cell:
    """One field of a finding: the pieces it may wrap between (never inside one, except in
    a column name), and its style."""

    atoms: tuple[str, ...]
    style: str = ""
    fold: bool = False
    """A piece wider than the field may be cut (column names: hostile, unbounded text)."""

    @property
    def text(self) -> str:
        return _join(self.atoms)


def render_text(
    report: Report, *, color: bool, width: int | None = None, verbosity: int = 0
) -> str:
    """The report as lines of text; ANSI colours only when ``color``.

    ``width`` is the terminal's: every line fits it. ``None`` (piped output, files) gives the
    stable layout, one line per finding. ``verbosity`` below 0 keeps only the summary line
    (``-q``); above 0 also lists the files scanned without findings and the files skipped
    (``-v``; the summary counts them always).
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,  # explicit, so NO_COLOR in the environment cannot flip it
        width=width or 100,
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
        if isinstance(line, _Table | _RowList):
            parts = line.lines(width)
        else:
            parts = [line] if width is None else _flow(line, width, console)
        for part in parts:
            part.rstrip()
            console.print(part)
    lines = buffer.getvalue().rstrip("\n").split("\n")
    return "\n".join(line.rstrip(" ") for line in lines) + "\n"


class _Table:
    """Rows of cells laid out together (the legend and every finding share column widths);
    ``lines`` draws one row."""

    def __init__(self, row: list[_Cell], everyone: list[list[_Cell]]) -> None:
        self.row = row
        self.everyone = everyone

    def lines(self, width: int | None) -> list[Text]:
        if width is None:
            return [_one_line(self.row, _stable_widths(self.everyone))]
        kept, widths = _fit(self.everyone, width)
        return _wrapped(self.row, kept, widths, width)


class _RowList:
    """Every row a finding keeps, below it, wrapped between numbers: the scope field shows
    only the first few."""

    def __init__(self, f: Finding) -> None:
        self.finding = f

    def lines(self, width: int | None) -> list[Text]:
        label, *numbers = _row_atoms(self.finding, len(self.finding.rows))
        hanging = len(_INDENT) + len(label) + 1
        lines = _wrap(tuple(numbers), max(1, (width or _STABLE_WIDTH) - hanging))
        return [
            Text(f"{_INDENT}{label} " if not k else " " * hanging) + Text(line, style="dim")
            for k, line in enumerate(lines)
        ]


def _lines(report: Report, *, verbose: bool = False) -> Iterator[Text | _Table | _RowList]:
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.path, []).append(finding)
    files = {f.path: f for f in report.files}
    rows = {
        path: [_cells(f, report, files.get(path)) for f in found] for path, found in groups.items()
    }
    legend = [_Cell(_LEGEND[name], "dim") for name in _FIELDS]
    everyone = [legend, *(cells for group in rows.values() for cells in group)]

    if rows:
        yield _Table(legend, everyone)
    for path, group in rows.items():
        heading = Text("==> ", style="bold")
        heading.append(visible(path), style="bold")
        summary = files.get(path)
        if summary is not None:
            note = f" ({plural(summary.rows, 'row')}"
            note += ", cut short by --max-rows)" if summary.truncated else ")"
            heading.append(note)
        yield heading
        for f, cells in zip(groups[path], group, strict=True):
            yield _Table(cells, everyone)
            if len(f.rows) > _SCOPE_ROWS:
                yield _RowList(f)
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
    sampled = _sampled_note(report, files)
    if sampled:
        yield Text(sampled, style="dim")
        yield Text()
    steps = next_steps(report)
    if steps:
        yield Text(steps[0], style="bold")
        yield from (Text(line) for line in steps[1:])
        yield Text()
    yield _summary(report)


def _cells(f: Finding, report: Report, summary: FileSummary | None) -> list[_Cell]:
    counts = [f"{f.matched}/{f.checked}"]
    if summary is not None and f.checked < summary.rows:
        counts.append(f"of {summary.rows}")
    return [
        _Cell(*_status(f, report)),
        _Cell(tuple(visible(f.column).split(" ")), "bold", fold=True),
        _Cell((f.category.value,), _category_style(f.category)),
        _Cell((visible(f.detector),)),
        _Cell(_scope_atoms(f)),
        _Cell(tuple(counts)),
        _Cell((f"{f.confidence:.2f}",)),
        _Cell((visible(f.sample) if f.sample is not None else "-",), "dim"),
    ]


def _scope_atoms(f: Finding) -> tuple[str, ...]:
    """``column``, or ``rows 4, 17 +3 more``: the first matching cells' rows and how many more
    matches there are (``rows`` keeps only the first few); ``cells`` when rows are unknown."""
    match f.scope:
        case Scope.COLUMN:
            return ("column",)
        case Scope.CELLS:
            if not f.rows:
                return ("cells",)
            return _row_atoms(f, _SCOPE_ROWS)
        case _:
            assert_never(f.scope)


def _row_atoms(f: Finding, shown: int) -> tuple[str, ...]:
    """``rows 4, 17 +3 more`` as pieces to wrap between: the first ``shown`` of the rows the
    finding keeps, and how many more matched."""
    rows = f.rows[:shown]
    words = ["row" if len(rows) == 1 else "rows"]
    words += [f"{r}," for r in rows[:-1]] + [str(rows[-1])]
    if f.matched > len(rows):
        words.append(f"+{f.matched - len(rows)} more")
    return tuple(words)


def _sampled_note(report: Report, files: dict[str, FileSummary]) -> str:
    """Why a count reads ``18/18 of 40``, when one does."""
    for f in report.findings:
        summary = files.get(f.path)
        if summary is not None and 0 < f.checked < summary.rows:
            return (
                f"{f.matched}/{f.checked} of {summary.rows}: values matched/checked, in a file"
                f" of {plural(summary.rows, 'row')} (empty cells are not checked; once a"
                " column's kind is clear, only a sample of its values is)."
            )
    return ""


def _join(atoms: tuple[str, ...]) -> str:
    out = ""
    for atom in atoms:
        out += atom if not out or out.endswith("/") else " " + atom
    return out


def _one_line(cells: list[_Cell], widths: list[int]) -> Text:
    line = Text("  ")
    for i, cell in enumerate(cells):
        if i:
            line.append("  ")
        line.append(cell.text, style=cell.style)
        if i < len(cells) - 1:
            line.append(" " * max(0, widths[i] - cell_len(cell.text)))
    return line


def _stable_widths(rows: list[list[_Cell]]) -> list[int]:
    return [
        min(_FIELD_CAP, max(cell_len(cells[i].text) for cells in rows)) for i in range(len(rows[0]))
    ]


def _fit(rows: list[list[_Cell]], width: int) -> tuple[list[int], dict[int, int]]:
    """The fields kept and their widths, so that a row fits ``width``: first the widths
    cells would like (the legend, ``rows[0]``, wraps first), then wrapped ones, then fewer
    fields."""
    legend, *cells_rows = rows
    natural = [
        max(
            max((cell_len(cells[i].text) for cells in cells_rows), default=0),
            *map(cell_len, legend[i].atoms),
        )
        for i in range(len(_FIELDS))
    ]
    smallest = [
        max(cell_len(atom) for cells in rows for atom in cells[i].atoms)
        for i in range(len(_FIELDS))
    ]
    smallest[_FIELDS.index("column")] = min(natural[_FIELDS.index("column")], _MIN_COLUMN)
    smallest[_FIELDS.index("sample")] = min(natural[_FIELDS.index("sample")], _MIN_SAMPLE)
    scope = _FIELDS.index("scope")
    smallest[scope] = max(smallest[scope], min(natural[scope], _MIN_SCOPE))
    kept = list(range(len(_FIELDS)))
    widths: dict[int, int] = {}
    for dropped in (None, *_DROPPED_FIRST):
        if dropped is not None:
            kept.remove(_FIELDS.index(dropped))
        widths = {i: natural[i] for i in kept}
        excess = 2 + sum(widths.values()) + 2 * (len(kept) - 1) - width
        shrinkable = [_FIELDS.index(name) for name in _SHRINKING if _FIELDS.index(name) in kept]
        while excess > 0:
            room = [i for i in shrinkable if widths[i] > smallest[i]]
            if not room:
                break
            widest = max(room, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
        if excess <= 0:
            break
    return kept, widths


def _wrapped(row: list[_Cell], kept: list[int], widths: dict[int, int], width: int) -> list[Text]:
    """One row as the lines it wraps to; a sample too wide for its field on a line below."""
    sample_at = _FIELDS.index("sample")
    stacks: dict[int, list[str]] = {}
    below: list[str] = []
    for i in kept:
        cell = row[i]
        if i == sample_at and cell_len(cell.text) > widths[i]:
            stacks[i] = [""]
            below = [cell.text]
        else:
            stacks[i] = _wrap(cell.atoms, widths[i], fold=cell.fold)
    out = []
    for k in range(max(len(stack) for stack in stacks.values())):
        line = Text("  ")
        for n, i in enumerate(kept):
            piece = stacks[i][k] if k < len(stacks[i]) else ""
            if n:
                line.append("  ")
            line.append(piece, style=row[i].style)
            if n < len(kept) - 1:
                line.append(" " * max(0, widths[i] - cell_len(piece)))
        out.append(line)
    if below:
        indent = 2 + widths[kept[0]] + 2
        if indent + cell_len(below[0]) > width:
            indent = len(_INDENT)
            below = _wrap(tuple(below), max(1, width - indent), fold=True, guard=True)
        for piece in below:
            out.append(Text(" " * indent) + Text(_guarded(piece), style=row[sample_at].style))
    return out


def _wrap(
    atoms: tuple[str, ...], width: int, *, fold: bool = False, guard: bool = False
) -> list[str]:
    """``atoms`` packed into lines of ``width`` cells, broken only between atoms (and, when
    ``fold``, inside an atom wider than a line). Lines after the first (``guard``: all of
    them) never start with ``:``."""
    lines: list[str] = []
    line = ""
    for atom in atoms:
        sep = "" if not line or line.endswith("/") else " "
        if cell_len(line + sep + atom) <= width:
            line += sep + atom
            continue
        if line:
            lines.append(line)
            line = ""
        rest = _guarded(atom) if lines or guard else atom
        while fold and cell_len(rest) > width:
            piece, rest = _take(rest, width)
            lines.append(piece)
            rest = _guarded(rest)
        line = rest
    lines.append(line)
    return lines


def _take(text: str, width: int) -> tuple[str, str]:
    """The longest head of ``text`` (one character at least) fitting ``width`` cells, ending
    after a ``_``, ``.``, ``-`` or ``]`` when one is in its second half."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > width and i:
            cut = max(text.rfind(mark, 0, i) for mark in "_.-]") + 1
            cut = cut if cut > i // 2 else i
            return text[:cut], text[cut:]
    return text, ""


def _guarded(text: str) -> str:
    """Text that will start a line: a leading ``:`` shown as ``\\x3a``."""
    return "\\x3a" + text[1:] if text.startswith(":") else text


def _flow(line: Text, width: int, console: Console) -> list[Text]:
    """A line that is not a finding, wrapped at spaces to ``width`` (a word longer than a
    line is cut); continuation lines indented and guarded like wrapped cells."""
    if cell_len(line.plain) <= width:
        return [line]
    parts = list(line.wrap(console, max(1, width - len(_INDENT)), overflow="fold"))
    out = [parts[0]]
    for part in parts[1:]:
        if part.plain.startswith(":"):
            part = Text("\\x3a") + part[1:]
        out.append(Text(_INDENT) + part)
    return out


_STATUS_STYLE = {
    "forbidden": ("FORBIDDEN", "bold red"),
    "baselined": ("baselined", "yellow"),
    "allowed": ("allowed", "green"),
    "header only": ("header only", "dim"),
    "ignored": ("ignored", "dim"),
}


def _status(f: Finding, report: Report) -> tuple[tuple[str, ...], str]:
    label, style = _STATUS_STYLE[status(f, report)]
    return (label,), style


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


def _summary(report: Report) -> Text:
    line = Text(f"{counts(report, say_clean=True)} → ")
    outcome, why = outcome_of(report)
    style = "bold green" if outcome == "PASS" else "bold red"
    line.append(f"{outcome} ({why})" if why else outcome, style=style)
    return line
