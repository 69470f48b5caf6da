"""Scoring: a column's tallies become findings; the best one per column and category stays.

Pure functions of tallies and findings: no reading, no table context (``context.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from piiscan.context import EVENT_WORDS, ROW_PAIRS
from piiscan.detectors import COLUMN_CHECKS
from piiscan.engine.column import MAX_ROWS_KEPT, STRUCTURED, ColumnState, Tally
from piiscan.model import ALL_CATEGORIES, Category, Finding, Scope
from piiscan.ruleset import Rule


def column_findings(path: str, state: ColumnState) -> list[Finding]:
    """Score one column's tallies: a finding per rule that saw enough.

    The free text still pending is searched only when its findings can be reported:
    ``keep_best`` drops every cells finding of a structured column.
    """
    whole = [(t, f) for t in state.tallies if (f := _column_finding(path, state, t)) is not None]
    if _structured_whatever_cells(whole):
        state.sweep(also_pending_text=True)  # not free text: but every cell is swept
        found = [f for _, f in whole]
    else:
        state.search_pending_cells()
        state.sweep()
        by_tally = {id(t): f for t, f in whole}
        found = [
            f
            for t in state.tallies
            if (f := by_tally.get(id(t)) or _cells_finding(path, state, t)) is not None
        ]
    return found + _swept_findings(path, state, found)


def _swept_findings(path: str, state: ColumnState, found: list[Finding]) -> list[Finding]:
    """What the sweep found that the rest did not. High-signal values of one category that
    together fill the column (a "contact" column, half e-mails, half phones) are a column
    finding of that category; fewer are cells findings, rule by rule."""
    reported = {f.detector for f in found}
    whole = {f.category for f in found if f.scope is Scope.COLUMN}
    out: list[Finding] = []
    by_category: dict[Category, list[Tally]] = {}
    for t in state.tallies:
        if t.swept_real and t.rule.id not in reported:
            by_category.setdefault(t.rule.category, []).append(t)
    for category, tallies in by_category.items():
        total = sum(t.swept for t in tallies)
        needed = min(t.needed for t in tallies)
        if category not in whole and len(tallies) > 1 and total >= needed * state.values_seen:
            out.append(_mixed_finding(path, state, tallies, total))
        else:
            out += [_swept_finding(path, state, t) for t in tallies]
    return out


def _mixed_finding(path: str, state: ColumnState, tallies: list[Tally], total: int) -> Finding:
    """One column finding for high-signal values of several rules of one category, named
    after the rule with the most of them."""
    top = max(tallies, key=lambda t: (t.swept, -t.order))
    ratio = min(1.0, total / state.values_seen)
    rows = sorted({r for t in tallies for r in t.swept_rows})[:MAX_ROWS_KEPT]
    return Finding(
        path,
        state.name,
        top.rule.category,
        top.rule.id,
        Scope.COLUMN,
        round(min(0.99, 0.6 + 0.35 * ratio), 2),
        total,
        state.values_seen,
        tuple(rows),
        top.swept_sample,
    )


def swept(findings: Iterable[Finding], states: Iterable[ColumnState]) -> set[tuple[str, str]]:
    """(column, detector) of the findings the sweep made: ``keep_best`` keeps them in a
    structured column, since they were looked for in every cell of it."""
    made = {(s.name, t.rule.id) for s in states for t in s.tallies if t.swept_real}
    return {(f.column, f.detector) for f in findings if f.scope is Scope.CELLS} & made


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


def keep_best(
    findings: Iterable[Finding],
    rules: Sequence[Rule],
    keep: Collection[tuple[str, str]] = (),
) -> list[Finding]:
    """At most one column finding per column and category (the header-backed, most
    confident, most matched one), and one cells finding per column and rule: e-mails and
    phones in one comment column are two findings, so accepting the phones (an ignore entry,
    a baseline) does not accept the e-mails. A column finding hides cells findings of its
    category. The sweep's cells findings (``keep``: column, detector) stand in a structured
    column."""
    by_id = {rule.id: rule for rule in rules}
    best: dict[tuple[str, Category, Scope, str], tuple[tuple[float, ...], Finding]] = {}
    for f in findings:
        key = (f.column, f.category, f.scope, f.detector if f.scope is Scope.CELLS else "")
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
        or (
            (f.column, f.category) not in column_cats
            and (f.column not in structured or (f.column, f.detector) in keep)
        )
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


def _swept_finding(path: str, state: ColumnState, tally: Tally) -> Finding:
    """The sweep's finding: cells of a column of another kind that hold the rule's value."""
    return _in_cells(path, state, tally, tally.swept, tally.swept_rows, tally.swept_sample)


def _cells_finding(path: str, state: ColumnState, tally: Tally) -> Finding | None:
    """The rule's finding of values inside free-text cells, if any."""
    if not tally.cell_matched:
        return None
    matched, rows = tally.cell_matched, tally.cell_rows
    if tally.swept_real:
        # The sweep read the other cells (never the free text searched here): a whole value
        # it found is this finding's too, not one hidden behind it.
        matched += tally.swept
        rows = sorted({*rows, *tally.swept_rows})[: tally.cell_rows_kept]
    return _in_cells(path, state, tally, matched, rows, tally.cell_sample)


def _in_cells(
    path: str, state: ColumnState, tally: Tally, matched: int, rows: list[int], sample: str | None
) -> Finding:
    rule = tally.rule
    confidence = 0.75 if tally.header else 0.7
    return Finding(
        path,
        state.name,
        rule.category,
        rule.id,
        Scope.CELLS,
        confidence,
        matched,
        state.values_seen,
        tuple(rows),
        sample,
    )


def finding_order(f: Finding) -> tuple[str, str, int, str, str]:
    return (f.path, f.column, ALL_CATEGORIES.index(f.category), f.scope.value, f.detector)
