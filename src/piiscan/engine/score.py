"""Scoring: a column's tallies become findings; the best one per column and category stays.

Pure functions of tallies and findings: no reading, no table context (``context.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from piiscan.context import EVENT_WORDS, ROW_PAIRS
from piiscan.detectors import COLUMN_CHECKS
from piiscan.engine.column import STRUCTURED, ColumnState, Tally
from piiscan.model import ALL_CATEGORIES, Category, Finding, Scope
from piiscan.ruleset import Rule


def column_findings(path: str, state: ColumnState) -> list[Finding]:
    """Score one column's tallies: a finding per rule that saw enough.

    The free text still pending is searched only when its findings can be reported:
    ``keep_best`` drops every cells finding of a structured column.
    """
    whole = [(t, f) for t in state.tallies if (f := _column_finding(path, state, t)) is not None]
    if _structured_whatever_cells(whole):
        state.cells_pending = []
        state.cells_pending_values = 0
        return [f for _, f in whole]
    state.search_pending_cells()
    found = {id(t): f for t, f in whole}
    return [
        f
        for t in state.tallies
        if (f := found.get(id(t)) or _cells_finding(path, state, t)) is not None
    ]


def _structured_whatever_cells(whole: list[tuple[Tally, Finding]]) -> bool:
    """Whether ``keep_best`` will find the column structured, whatever the context step does:
    a finding of a context-free rule matches almost every value, and every finding of its
    category that could outrank it does too."""

    def rank(tally: Tally, f: Finding) -> tuple[float, ...]:
        return (float(tally.header), f.confidence, float(f.matched))

    def steady(tally: Tally) -> bool:
        # Context rules may be dropped, row-pair rules get a new confidence.
        return tally.rule.context is None and all(tally.rule.id not in pair for pair in ROW_PAIRS)

    for tally, f in whole:
        if not (steady(tally) and f.matched >= STRUCTURED * f.checked):
            continue
        if all(
            g.matched >= STRUCTURED * g.checked and steady(other)
            for other, g in whole
            if g.category is f.category and rank(other, g) >= rank(tally, f)
        ):
            return True
    return False


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


SMALL_COLUMN = 5
"""Fewer values than this are too few for a column check to judge: in a tiny table, a header
and a validator that agree on every value are the evidence there is."""
VALUE_ONLY_DATES = 10
"""Values a date rule needs when its header says nothing: any column of past dates can look
like birth dates, so a few of them are no evidence."""


def _column_finding(path: str, state: ColumnState, tally: Tally) -> Finding | None:
    """The rule's finding over whole values, when it matched enough of them. A column with
    no values holds nothing, whatever its header says."""
    rule = tally.rule
    checked = tally.checked
    if state.values_seen == 0:
        return None
    # A date is only a date: the header says which. A header naming another event (ordered,
    # shipped, hired) vetoes the values; a header saying nothing needs many of them.
    if (
        rule.mask == "date"
        and not tally.header
        and (EVENT_WORDS.matches(state.name) or tally.matched < VALUE_ONLY_DATES)
    ):
        return None
    ratio = tally.matched / checked if checked else 0.0
    needed = tally.needed
    if (
        tally.matched
        and ratio >= needed
        and (
            rule.column_check is None
            or (tally.header and tally.matched == checked and checked < SMALL_COLUMN)
            or COLUMN_CHECKS[rule.column_check](sorted(tally.check_values))
        )
    ):
        confidence = min(0.99, 0.6 + 0.35 * ratio + (0.05 if tally.header else 0.0))
        return Finding(
            path,
            state.name,
            rule.category,
            rule.id,
            Scope.COLUMN,
            round(confidence, 2),
            tally.matched,
            checked,
            tuple(tally.rows),
            tally.sample,
        )
    return None


def _cells_finding(path: str, state: ColumnState, tally: Tally) -> Finding | None:
    """The rule's finding of values inside free-text cells, if any."""
    rule = tally.rule
    if tally.cell_matched:
        confidence = 0.75 if tally.header else 0.7
        return Finding(
            path,
            state.name,
            rule.category,
            rule.id,
            Scope.CELLS,
            confidence,
            tally.cell_matched,
            state.values_seen,
            tuple(tally.cell_rows),
            tally.cell_sample,
        )
    return None


def finding_order(f: Finding) -> tuple[str, str, int, str, str]:
    return (f.path, f.column, ALL_CATEGORIES.index(f.category), f.scope.value, f.detector)
