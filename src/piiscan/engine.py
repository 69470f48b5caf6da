"""Scan files: stream column chunks through the rules, tally, score, apply table context.

Per column and rule, a vectorized RE2 prefilter (pyarrow.compute) picks candidate values,
validators run on distinct candidates only, and tallies keep counts, first rows and one
masked sample. Raw values never leave this module: only masked samples do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from piiscan.context import apply_context
from piiscan.detectors import COLUMN_CHECKS, VALIDATORS
from piiscan.errors import ReadError
from piiscan.masking import mask
from piiscan.model import (
    ALL_CATEGORIES,
    Batch,
    Category,
    ColumnChunk,
    FileError,
    FileRef,
    FileSummary,
    Finding,
    ReadOptions,
    ScanResult,
    Scope,
)
from piiscan.ruleset import Rule

if TYPE_CHECKING:
    import pyarrow as pa

MAX_ROWS_KEPT = 5
"""First matching rows listed per finding."""
MAX_CACHE = 200_000
"""Distinct values whose verdict is remembered per column and rule."""
MAX_CHECK_VALUES = 2_000
"""Distinct matched values kept (in memory only) for a rule's column check."""
PROFILE_AFTER = 256
"""Non-empty values after which rules that cannot reach their ratio stop running."""
STRUCTURED = 0.9
"""Share of values one column finding must cover for the column to count as structured."""
_LETTER = re.compile(r"[^\W\d_]{2}")
_EDGE = " \t\r\n,;:.!?\"'«»<>[]{}|/#=&*"
"""Separators a pattern may swallow around a value found in free text."""


@dataclass
class _Tally:
    """What one rule saw in one column. Holds no raw value except inside ``check_values``,
    which never leaves the engine."""

    rule: Rule
    header: bool
    validate: Callable[[str], bool]
    full_pattern: str | None
    cell_regex: re.Pattern[str] | None
    full_active: bool = True
    """False once the rule cannot reach its ratio in this column; cells are still searched."""
    matched: int = 0
    rows: list[int] = field(default_factory=list)
    sample: str | None = None
    cell_matched: int = 0
    cell_rows: list[int] = field(default_factory=list)
    cell_sample: str | None = None
    cache: dict[str, bool] = field(default_factory=dict)
    check_values: set[str] = field(default_factory=set)

    def verdict(self, value: str) -> bool:
        ok = self.cache.get(value)
        if ok is None:
            try:
                ok = bool(self.validate(value))
            except Exception:  # a validator bug must not stop the scan nor leak the value
                ok = False
            if len(self.cache) < MAX_CACHE:
                self.cache[value] = ok
        return ok


@dataclass
class ColumnState:
    """Running tallies for one column of one file."""

    name: str
    position: int
    tallies: list[_Tally]
    checked: int = 0

    def feed(self, chunk: ColumnChunk) -> None:
        import pyarrow.compute as pc

        values = pc.utf8_trim_whitespace(chunk.values)
        nonempty = pc.fill_null(pc.greater(pc.utf8_length(values), 0), False)
        values = pc.filter(values, nonempty)
        rows = pc.filter(chunk.rows, nonempty)
        head = PROFILE_AFTER - self.checked
        if 0 < head < len(values):
            # Profile on the first values, then spare the rest the rules that cannot win.
            self._feed(values[:head], rows[:head])
            values, rows = values[head:], rows[head:]
        self._feed(values, rows)

    def _feed(self, values: pa.Array, rows: pa.Array) -> None:
        import pyarrow.compute as pc

        if not len(values):
            return
        self.checked += len(values)
        counts = pc.value_counts(values)
        distinct, multiplicity = counts.field("values"), counts.field("counts")
        for tally in self.tallies:
            if tally.full_active:
                _feed_values(tally, distinct, multiplicity, values, rows)
            if tally.cell_regex is not None:
                _feed_cells(tally, distinct, multiplicity, values, rows)
        if self.checked >= PROFILE_AFTER:
            for tally in self.tallies:
                needed = tally.rule.header_ratio if tally.header else tally.rule.column_ratio
                if tally.full_active and tally.matched < 0.5 * needed * self.checked:
                    tally.full_active = False


def _feed_values(
    tally: _Tally, distinct: pa.Array, multiplicity: pa.Array, values: pa.Array, rows: pa.Array
) -> None:
    """Whole-value matches: prefilter distinct values with RE2, validate the survivors."""
    import pyarrow.compute as pc

    if tally.full_pattern is not None:
        selected = pc.match_substring_regex(distinct, tally.full_pattern)
        distinct, multiplicity = pc.filter(distinct, selected), pc.filter(multiplicity, selected)
    good: list[str] = []
    for value, n in zip(distinct.to_pylist(), multiplicity.to_pylist(), strict=True):
        if tally.verdict(value):
            tally.matched += n
            good.append(value)
            if len(tally.check_values) < MAX_CHECK_VALUES:
                tally.check_values.add(value)
    if good and len(tally.rows) < MAX_ROWS_KEPT:
        first_value, first_rows = _first_rows(good, values, rows, MAX_ROWS_KEPT - len(tally.rows))
        if tally.sample is None:
            tally.sample = mask(first_value, tally.rule.mask)
        tally.rows.extend(first_rows)


def _feed_cells(
    tally: _Tally, distinct: pa.Array, multiplicity: pa.Array, values: pa.Array, rows: pa.Array
) -> None:
    """Values inside free text: RE2 finds the cells worth a look, Python finds the value."""
    import pyarrow.compute as pc

    assert tally.rule.pattern is not None
    inside = pc.match_substring_regex(distinct, tally.rule.pattern)
    if not pc.any(inside).as_py():
        return
    hits: list[str] = []
    texts = pc.filter(distinct, inside).to_pylist()
    for text, n in zip(texts, pc.filter(multiplicity, inside).to_pylist(), strict=True):
        found = _value_in_text(tally, text)
        if found is not None:
            tally.cell_matched += n
            hits.append(text)
            if tally.cell_sample is None:
                tally.cell_sample = mask(found, tally.rule.mask)
    if hits and len(tally.cell_rows) < MAX_ROWS_KEPT:
        _, first_rows = _first_rows(hits, values, rows, MAX_ROWS_KEPT - len(tally.cell_rows))
        tally.cell_rows.extend(first_rows)


def _first_rows(
    wanted: list[str], values: pa.Array, rows: pa.Array, limit: int
) -> tuple[str, list[int]]:
    """The first value (in row order) among ``wanted`` and up to ``limit`` of its rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    where = pc.is_in(values, value_set=pa.array(wanted, values.type))
    found_rows = pc.filter(rows, where)[:limit].to_pylist()
    first = pc.filter(values, where)[0].as_py()
    return first, found_rows


def _value_in_text(tally: _Tally, text: str) -> str | None:
    """A validated value found among other words of a free-text cell, or None.

    Patterns carry their own boundaries (RE2 has no lookarounds), so a match may include
    the separator before and after it: those are trimmed before validation.
    """
    assert tally.cell_regex is not None
    for m in tally.cell_regex.finditer(text):
        start, end = m.span()
        found = text[start:end].strip(_EDGE)
        rest = text[:start] + " " + text[end:]
        if found and _LETTER.search(rest) and tally.verdict(found):
            return found
    return None


def _make_tally(rule: Rule, header: bool) -> _Tally:
    validator: Callable[[str], bool]
    if rule.validator is None:
        validator = _accept
    else:
        validator = partial(VALIDATORS[rule.validator], **dict(rule.params))
    return _Tally(
        rule=rule,
        header=header,
        validate=validator,
        full_pattern=None if rule.pattern is None else f"^(?:{rule.pattern})$",
        cell_regex=re.compile(rule.pattern) if rule.cells and rule.pattern else None,
    )


def _accept(value: str) -> bool:
    return True


def new_column(name: str, position: int, rules: Sequence[Rule]) -> ColumnState:
    """Choose the rules to try on a column: header words decide the header-required ones."""
    tallies = []
    for rule in rules:
        header = rule.header.matches(name)
        if rule.header_required and not header:
            continue
        tallies.append(_make_tally(rule, header))
    return ColumnState(name=name, position=position, tallies=tallies)


def column_findings(path: str, state: ColumnState) -> list[Finding]:
    """Score one column's tallies: a finding per rule that saw enough."""
    return [f for f in (_score(path, state, t) for t in state.tallies) if f is not None]


def keep_best(findings: Iterable[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """At most one finding per column, category and scope; a column finding hides cells
    findings of its category. The header-backed, most confident, most matched one wins."""
    by_id = {rule.id: rule for rule in rules}
    best: dict[tuple[str, Category, Scope], tuple[tuple[float, ...], Finding]] = {}
    for f in findings:
        key = (f.column, f.category, f.scope)
        rank = (float(by_id[f.detector].header.matches(f.column)), f.confidence, float(f.matched))
        if key not in best or rank > best[key][0]:
            best[key] = (rank, f)
    kept = [f for _, f in best.values()]
    column_cats = {(f.column, f.category) for f in kept if f.scope is Scope.COLUMN}
    # A column that is almost all one kind of value is structured data, not free text:
    # digits inside its IBANs or addresses are not phones in a sentence.
    structured = {
        f.column for f in kept if f.scope is Scope.COLUMN and f.matched >= STRUCTURED * f.checked
    }
    return [
        f
        for f in kept
        if f.scope is Scope.COLUMN
        or ((f.column, f.category) not in column_cats and f.column not in structured)
    ]


def _score(path: str, state: ColumnState, tally: _Tally) -> Finding | None:
    rule = tally.rule
    checked = state.checked
    if checked == 0:
        if not tally.header:
            return None
        # A sensitive header over empty values: worth a mention, not a leak.
        return Finding(path, state.name, rule.category, rule.id, Scope.COLUMN, 0.2, 0, 0, (), None)
    ratio = tally.matched / checked
    needed = rule.header_ratio if tally.header else rule.column_ratio
    plausible = rule.column_check is None or COLUMN_CHECKS[rule.column_check](
        sorted(tally.check_values)
    )
    if tally.matched and ratio >= needed and plausible:
        confidence = min(0.99, 0.6 + 0.35 * ratio + (0.05 if tally.header else 0.0))
        return Finding(
            path, state.name, rule.category, rule.id, Scope.COLUMN, round(confidence, 2),
            tally.matched, checked, tuple(tally.rows), tally.sample,
        )
    if tally.cell_matched:
        confidence = 0.75 if tally.header else 0.7
        return Finding(
            path, state.name, rule.category, rule.id, Scope.CELLS, confidence,
            tally.cell_matched, checked, tuple(tally.cell_rows), tally.cell_sample,
        )
    return None


@dataclass(frozen=True)
class FileScan:
    """What one file produced."""

    summary: FileSummary | None
    findings: tuple[Finding, ...]
    errors: tuple[FileError, ...]
    warnings: tuple[str, ...] = ()


def scan_file(ref: FileRef, rules: Sequence[Rule], options: ReadOptions) -> FileScan:
    """Scan one file; a read problem becomes a FileError and the readable part still counts."""
    from piiscan.readers import read

    columns: dict[str, ColumnState] = {}
    errors: list[FileError] = []
    rows = 0
    truncated = False
    warnings: list[str] = []
    seen: set[str] = set()
    batches: Iterable[Batch] = read(ref, options)
    try:
        for batch in batches:
            rows += batch.row_count
            truncated = truncated or batch.truncated
            warnings.extend(f"{ref.display}: {w}" for w in batch.warnings if w not in seen)
            seen.update(batch.warnings)
            for chunk in batch.columns:
                state = columns.get(chunk.name)
                if state is None:
                    state = columns[chunk.name] = new_column(chunk.name, len(columns), rules)
                state.feed(chunk)
    except ReadError as exc:
        errors.append(FileError(ref.display, _one_line(str(exc))))
    except (OSError, ValueError, RecursionError, MemoryError, LookupError) as exc:
        # Library errors can quote a row: name only the kind of failure.
        errors.append(FileError(ref.display, f"could not read ({type(exc).__name__})"))
    findings: list[Finding] = []
    for state in columns.values():
        findings.extend(column_findings(ref.display, state))
    findings = keep_best(apply_context(findings, [s.name for s in columns.values()], rules), rules)
    summary = FileSummary(ref.display, rows, truncated) if columns or not errors else None
    return FileScan(summary, tuple(findings), tuple(errors), tuple(warnings))


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "could not read"


def scan(
    files: Sequence[FileRef],
    *,
    rules: Sequence[Rule],
    options: ReadOptions | None = None,
    on_file: Callable[[FileRef], None] | None = None,
) -> ScanResult:
    """Scan every file in order; results are sorted and independent of scheduling."""
    options = options or ReadOptions()
    summaries: list[FileSummary] = []
    findings: list[Finding] = []
    errors: list[FileError] = []
    warnings: list[str] = []
    for ref in files:
        result = scan_file(ref, rules, options)
        if result.summary is not None:
            summaries.append(result.summary)
        findings.extend(result.findings)
        errors.extend(result.errors)
        warnings.extend(result.warnings)
        if on_file is not None:
            on_file(ref)
    return ScanResult(
        files=tuple(sorted(summaries, key=lambda s: s.path)),
        findings=tuple(sorted(findings, key=finding_order)),
        errors=tuple(sorted(errors, key=lambda e: (e.path, e.message))),
        warnings=tuple(warnings),
    )


def finding_order(f: Finding) -> tuple[str, str, int, str, str]:
    return (f.path, f.column, ALL_CATEGORIES.index(f.category), f.scope.value, f.detector)
