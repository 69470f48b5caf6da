"""Scan files: stream column chunks through the rules, tally, score, apply table context.

Per column and rule, a vectorized RE2 prefilter (pyarrow.compute) picks candidate values,
validators run on distinct candidates only, and tallies keep counts, first rows and one
masked sample. Raw values never leave this module: only masked samples do.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

from piiscan.arrow import int64_array, string_array
from piiscan.context import PAIR_SAMPLE, ROW_PAIRS, apply_context
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
from piiscan.ruleset import Rule, whole_value

if TYPE_CHECKING:
    import pyarrow as pa

MAX_ROWS_KEPT = 5
"""First matching rows listed per finding."""
MAX_CACHE = 200_000
"""Distinct values whose verdict is remembered per column and rule."""
MAX_CHECK_VALUES = 2_000
"""Distinct matched values kept (in memory only) for a rule's column check."""
PROFILE_POINTS = ((8, 0.01), (32, 0.25), (256, 0.5))
"""(values seen, share of the needed ratio): at each point, rules below that share of their
ratio stop trying whole values in this column; free-text search goes on."""
PROFILE_AFTER = PROFILE_POINTS[-1][0]
FULL_DISTINCT = 128
"""Distinct values per column that are all validated; later batches are sampled."""
SETTLE_AFTER = 16
"""Values after which a column whose active rules are all settled is sampled before
``FULL_DISTINCT``: a rule is settled when its ratio's confidence interval lies clear of the
ratio it needs, or when a header-backed rule of its category is settled above its need (the
column's category is then known whatever this rule scores)."""
SETTLE_Z = 1.645
"""Normal quantile of the Wilson score interval: each settling test is one-sided, at 95 %."""
_FEED_POINTS = sorted({SETTLE_AFTER, *(p for p, _ in PROFILE_POINTS)})
"""Values after which a column's rules are reviewed: a batch is split there."""
SAMPLE_PER_BATCH = 32
"""Most values per batch validated once a column is sampling (past FULL_DISTINCT, or settled)."""
SAMPLE_EVERY = 2_048
"""...and at least one per this many values, so small batches are not over-sampled."""
STRUCTURED = 0.9
"""Share of values one rule must match for the column to count as structured, not free text."""
STRUCTURED_AFTER = 32
"""Values a rule must have examined before its share can call the column structured."""
FREE_TEXT = 0.05
"""Share of profiled values that must read as words (letters and a space) for the column to
be searched for values inside its cells."""
_WORD = re.compile(r"[^\W\d_]{2}")
_LETTER = re.compile(r"[^\W\d_]{2}")
_EDGE = " \t\r\n,;:.!?\"'«»<>[]{}|/#=&*"
"""Separators a pattern may swallow around a value found in free text."""


@dataclass(slots=True)
class _Tally:
    """What one rule saw in one column. Holds no raw value except inside ``cache`` and
    ``check_values``, which never leave the engine."""

    rule: Rule
    header: bool
    validate: Callable[[str], bool]
    full_regex: re.Pattern[str] | None
    cell_regex: re.Pattern[str] | None
    requires: re.Pattern[str] | None = None
    """Found in every value the validator accepts (its declared screen), when known."""
    rejects: re.Pattern[str] | None = None
    """Found in no value the validator accepts."""
    order: int = 0
    """Position of the rule among the column's rules (tallies are kept in this order)."""
    full_active: bool = True
    """False once the rule cannot reach its ratio in this column; cells are still searched."""
    checked: int = 0
    """Values this rule examined (validated, or rejected by its pattern)."""
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

    @property
    def needed(self) -> float:
        return self.rule.header_ratio if self.header else self.rule.column_ratio


def _may_be_found(stopped: _Tally) -> bool:
    """Whether a rule that stopped trying whole values may still make a finding."""
    return bool(stopped.matched or stopped.header or stopped.cell_regex is not None)


def _fitting(
    texts: list[str],
    full: re.Pattern[str] | None,
    requires: re.Pattern[str] | None,
    rejects: re.Pattern[str] | None,
) -> list[str]:
    """The values a rule's validator should judge: those its pattern and screen let through
    (one pass in C each)."""
    candidates = texts if full is None else [*filter(full.fullmatch, texts)]
    if requires is not None and candidates:
        candidates = [*filter(requires.search, candidates)]
    if rejects is not None and candidates:
        candidates = [*filterfalse(rejects.search, candidates)]
    return candidates


def _order(tally: _Tally) -> int:
    return tally.order


def _settled(active: list[_Tally]) -> bool:
    """Whether more values are unlikely to change which categories the column is found in."""
    bounds = {id(t): _wilson(t.matched, t.checked) for t in active}
    known = {t.rule.category for t in active if t.header and bounds[id(t)][0] >= t.needed}
    return all(
        t.rule.category in known or not (bounds[id(t)][0] < t.needed <= bounds[id(t)][1])
        for t in active
    )


def _wilson(hits: int, n: int) -> tuple[float, float]:
    """Wilson score interval of the share ``hits / n`` (the whole range when ``n`` is 0)."""
    if n == 0:
        return 0.0, 1.0
    z2 = SETTLE_Z * SETTLE_Z
    share = hits / n
    centre = share + z2 / (2 * n)
    spread = SETTLE_Z * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n), (centre + spread) / (1 + z2 / n)


@dataclass
class ColumnState:
    """Running tallies for one column of one file.

    Every non-empty value passes the vectorized stages; Python validators see every distinct
    value until ``FULL_DISTINCT`` of them (or ``SETTLE_AFTER``, once every rule's ratio is
    settled), then a sample of each batch. Free-text search for values inside cells runs on
    every row of unstructured columns.
    """

    name: str
    tallies: list[_Tally]
    cell_pattern: str | None
    """One RE2 alternation of the cells rules' patterns: a single pass finds candidate cells."""
    values_seen: int = 0
    distinct_seen: int = 0
    sampling: bool = False
    """The ratios are known well enough: validators see a sample of each batch."""
    profiled: int = 0
    wordy: int = 0
    """Of the ``profiled`` values, those that read as words: is the column free text?"""
    structured: bool = False
    """Some rule matches nearly every value: no free text to search."""
    cells_pending: list[_Chunk] = field(default_factory=list)
    """Free-text batches not searched yet (searched together, CELLS_BATCH values at a time)."""
    cells_pending_values: int = 0
    waiting: list[tuple[int, _Parts]] = field(default_factory=list)
    """Rules without a header or cells pattern that no value has fit yet, with their order:
    a rule gets its tally when a value first fits its pattern and screen (most never do, and
    all of those stop at the first review point)."""
    waiting_checked: int = 0
    """Values every waiting rule has examined."""

    def feed(self, chunk: ColumnChunk) -> _Chunk:
        """Take one batch of the column without its empty cells: profile on the first values,
        then spare the rest the rules that cannot win (or, once settled, most of the work).
        Returns the batch's non-empty values."""
        present = whole = _Chunk.present(chunk.values, chunk.rows, dense=chunk.dense)
        for point in _FEED_POINTS:
            head = point - self.values_seen
            if 0 < head < len(whole):
                first, whole = whole.split(head)
                self._feed(first)
        self._feed(whole)
        return present

    def _feed(self, chunk: _Chunk) -> None:
        if not len(chunk):
            return
        self.values_seen += len(chunk)
        active = [t for t in self.tallies if t.full_active]
        profiling = self.values_seen - len(chunk) < PROFILE_AFTER
        if active or profiling:
            picked = self._pick(chunk)
            texts, total = list(picked), sum(picked.values())
            for tally in active:
                # Examined: validated, or rejected by the pattern (most rules, most values).
                tally.checked += total
                candidates = _fitting(texts, tally.full_regex, tally.requires, tally.rejects)
                if candidates:
                    _validate(tally, candidates, picked, chunk)
            if self.waiting:
                for tally, candidates in self._wake(texts, total):
                    _validate(tally, candidates, picked, chunk)
                    active.append(tally)
            if profiling:
                self.profiled += total
                self.wordy += sum(
                    n for v, n in picked.items() if " " in v.strip() and _WORD.search(v)
                )
        share = max((s for point, s in PROFILE_POINTS if self.values_seen >= point), default=0.0)
        if share:
            self.waiting = []  # no match, no header, no cells pattern: they could not be found
        early = self.values_seen < PROFILE_POINTS[1][0]
        stopped = False
        for tally in active if share else ():
            if tally.matched >= STRUCTURED * tally.checked and tally.checked >= STRUCTURED_AFTER:
                self.structured = True
            if early and tally.header:
                continue  # a matching header earns the rule a longer look
            if tally.matched < share * tally.needed * tally.checked:
                tally.full_active = False
                stopped = True
        if stopped:
            # A rule that stopped without a match, a header or a cells pattern can no longer
            # be found: forget it (most rules, after the first values of a column).
            self.tallies = [t for t in self.tallies if t.full_active or _may_be_found(t)]
        if not self.sampling and self.values_seen >= SETTLE_AFTER:
            self.sampling = _settled([t for t in self.tallies if t.full_active])
        if self.cell_pattern is not None and self.free_text:
            # Searched in batches of CELLS_BATCH values: RE2 compiles its pattern per call.
            self.cells_pending.append(chunk)
            self.cells_pending_values += len(chunk)
            if self.cells_pending_values >= CELLS_BATCH:
                self.search_pending_cells()

    def _wake(self, texts: list[str], total: int) -> list[tuple[_Tally, list[str]]]:
        """Tallies for the waiting rules that some of ``texts`` fit, with those values."""
        woken: list[tuple[_Tally, list[str]]] = []
        still: list[tuple[int, _Parts]] = []
        for order, parts in self.waiting:
            _, _, validate, full, _ = parts
            candidates = _fitting(texts, full, *_screen(validate))
            if not candidates:
                still.append((order, parts))
                continue
            tally = _new_tally(order, parts)
            tally.checked = self.waiting_checked + total
            woken.append((tally, candidates))
        if woken:
            self.tallies = sorted([*self.tallies, *(t for t, _ in woken)], key=_order)
        self.waiting = still
        self.waiting_checked += total
        return woken

    def search_pending_cells(self) -> None:
        """Search the free text held back so far (the column's last call: when it ends)."""
        if self.cell_pattern is not None and self.cells_pending:
            _search_cells(self.tallies, self.cell_pattern, _Chunk.join(self.cells_pending))
        self.cells_pending = []
        self.cells_pending_values = 0

    @property
    def free_text(self) -> bool:
        """Until the first values are in, every column might be; then only wordy
        unstructured ones are (words found later in profiling still count)."""
        if self.structured:
            return False
        if self.values_seen < PROFILE_POINTS[0][0]:
            return True
        return self.wordy >= FREE_TEXT * self.profiled

    def _pick(self, chunk: _Chunk) -> dict[str, int]:
        """The values the validators see, each with how many rows it stands for: every
        distinct value (in order of first appearance) until ``FULL_DISTINCT`` have been seen
        or the ratios settled, then a stride sample of the batch."""
        budget = FULL_DISTINCT - self.distinct_seen
        if budget <= 0 or self.sampling:
            want = min(SAMPLE_PER_BATCH, 1 + len(chunk) // SAMPLE_EVERY)
            step = max(1, len(chunk) // want)
            if chunk.small:
                return Counter(chunk.lists()[0][::step][:want])
            values = chunk.arrays()[0]
            return Counter(values.take(int64_array(range(0, len(values), step)[:want])).to_pylist())
        if chunk.small:
            return self._pick_distinct(Counter(chunk.lists()[0]), budget)
        import pyarrow.compute as pc

        counts = pc.value_counts(chunk.arrays()[0])
        distinct, multiplicity = counts.field("values"), counts.field("counts")
        self.distinct_seen += min(budget, len(distinct))
        picked = dict(
            zip(distinct[:budget].to_pylist(), multiplicity[:budget].to_pylist(), strict=True)
        )
        if len(distinct) > budget:
            rest, rest_weights = distinct[budget:], multiplicity[budget:]
            step = max(1, len(rest) // SAMPLE_PER_BATCH)
            picks = int64_array(range(0, len(rest), step)[:SAMPLE_PER_BATCH])
            picked.update(
                zip(rest.take(picks).to_pylist(), rest_weights.take(picks).to_pylist(), strict=True)
            )
        return picked

    def _pick_distinct(self, counts: Counter[str], budget: int) -> dict[str, int]:
        """``_pick`` over a small batch counted in Python (a Counter keeps first appearance
        order, as Arrow's value_counts does)."""
        self.distinct_seen += min(budget, len(counts))
        if len(counts) <= budget:
            return counts
        distinct = list(counts)
        rest = distinct[budget:]
        texts = (
            distinct[:budget] + rest[:: max(1, len(rest) // SAMPLE_PER_BATCH)][:SAMPLE_PER_BATCH]
        )
        return {t: counts[t] for t in texts}


SMALL = 1_024
"""Batches up to this length are handled as Python lists: per-call overhead of compute
kernels would cost more than the work (folders of small files)."""
CELLS_BATCH = 65_536
"""Free-text values searched together (up to this many, or the end of the column)."""
CELLS_IN_PYTHON = 128
"""Up to this many values, Python's re searches free text: RE2 compiles the pattern on
every call (~2 ms for the bundled cells rules), Python's re costs ~10 us a value."""


class _Chunk:
    """One batch of a column's non-empty values with their row numbers: Arrow arrays, or
    Python lists for small batches; either form is made from the other when first needed."""

    def __init__(
        self,
        arrays: tuple[pa.Array, pa.Array] | None = None,
        lists: tuple[list[str], list[int]] | None = None,
    ) -> None:
        self._arrays = arrays
        self._lists = lists
        self.small = lists is not None and len(lists[0]) <= SMALL

    @classmethod
    def present(cls, values: pa.Array, rows: pa.Array, *, dense: bool = False) -> _Chunk:
        """The non-null, non-empty values of a batch (all of them when ``dense``)."""
        if dense and len(values) > SMALL:
            return cls(arrays=(values, rows))
        if len(values) <= SMALL:
            texts, numbers = values.to_pylist(), rows.to_pylist()
            if not all(texts):
                kept = [(t, n) for t, n in zip(texts, numbers, strict=True) if t]
                texts, numbers = [t for t, _ in kept], [n for _, n in kept]
            return cls(lists=(texts, numbers))
        import pyarrow as pa
        import pyarrow.compute as pc

        # A length cast to bool is false when empty and null when null (filter drops both),
        # without a Python scalar in the compute call.
        present = pc.cast(pc.binary_length(values), pa.bool_())
        if present.null_count or not pc.all(present).as_py():
            values, rows = pc.filter(values, present), pc.filter(rows, present)
        return cls(arrays=(values, rows))

    @classmethod
    def join(cls, chunks: list[_Chunk]) -> _Chunk:
        """One chunk of the values of ``chunks``, in order."""
        if len(chunks) == 1:
            return chunks[0]
        if sum(map(len, chunks)) <= SMALL:
            lists = [c.lists() for c in chunks]
            return cls(lists=([v for t, _ in lists for v in t], [r for _, n in lists for r in n]))
        import pyarrow as pa

        arrays = [c.arrays() for c in chunks]
        values = [v for v, _ in arrays]
        if len({v.type for v in values}) > 1:
            values = [v.cast(pa.large_string()) for v in values]
        return cls(arrays=(pa.concat_arrays(values), pa.concat_arrays([r for _, r in arrays])))

    def __len__(self) -> int:
        return len(self._lists[0]) if self._lists is not None else len(self.arrays()[0])

    def split(self, head: int) -> tuple[_Chunk, _Chunk]:
        """The first ``head`` values and the rest."""
        if self.small:
            texts, numbers = self.lists()
            return (
                _Chunk(lists=(texts[:head], numbers[:head])),
                _Chunk(lists=(texts[head:], numbers[head:])),
            )
        values, rows = self.arrays()
        return _Chunk(arrays=(values[:head], rows[:head])), _Chunk(
            arrays=(values[head:], rows[head:])
        )

    def arrays(self) -> tuple[pa.Array, pa.Array]:
        if self._arrays is None:
            assert self._lists is not None
            self._arrays = (string_array(self._lists[0]), int64_array(self._lists[1]))  # type: ignore[arg-type]
        return self._arrays

    def head(self, limit: int) -> tuple[list[str], list[int]]:
        """The first ``limit`` values and their rows, as lists."""
        if self._lists is not None:
            return self._lists[0][:limit], self._lists[1][:limit]
        values, rows = self.arrays()
        return values[:limit].to_pylist(), rows[:limit].to_pylist()

    def lists(self) -> tuple[list[str], list[int]]:
        if self._lists is None:
            values, rows = self.arrays()
            self._lists = (values.to_pylist(), rows.to_pylist())
        return self._lists

    def first_rows(self, wanted: list[str], limit: int) -> tuple[str, list[int]]:
        """The first value (in row order) among ``wanted`` and up to ``limit`` of its rows."""
        if len(self) > SMALL:
            return _first_rows(wanted, *self.arrays(), limit)
        keep = set(wanted)
        found = [(v, r) for v, r in zip(*self.lists(), strict=True) if v in keep]
        return found[0][0], [r for _, r in found[:limit]]


def _validate(tally: _Tally, candidates: list[str], weights: dict[str, int], chunk: _Chunk) -> None:
    """Tally the whole-value matches among ``candidates`` (distinct values that fit the
    rule's pattern; ``weights`` says how many rows each stands for): validators judge them.
    Plain Python here: the candidates are few, and per-call overhead of compute kernels
    would dominate."""
    good: list[str] = []
    verdict = tally.verdict
    for value in candidates:
        core = value.strip()
        if verdict(core):
            tally.matched += weights[value]
            good.append(value)
            if len(tally.check_values) < MAX_CHECK_VALUES:
                tally.check_values.add(core)
    if good and len(tally.rows) < MAX_ROWS_KEPT:
        first_value, first_rows = chunk.first_rows(good, MAX_ROWS_KEPT - len(tally.rows))
        if tally.sample is None:
            tally.sample = mask(first_value.strip(), tally.rule.mask)
        tally.rows.extend(first_rows)


def _search_cells(tallies: list[_Tally], pattern: str, chunk: _Chunk) -> None:
    """Values inside free text: one pass finds the cells worth a look (RE2 over big batches,
    Python's re over small ones), then each cells rule looks for its value in those."""
    searching = [t for t in tallies if t.cell_regex is not None]
    if len(chunk) <= CELLS_IN_PYTHON:
        # Each rule looks in every cell itself: Python's re is slower on the alternation of
        # all the rules' patterns than on them one by one.
        cells = list(zip(*chunk.lists(), strict=True))
        for tally in searching:
            _tally_cells(tally, cells)
        return
    import pyarrow.compute as pc

    values, numbers = chunk.arrays()
    hit = pc.match_substring_regex(values, pattern)
    if not pc.any(hit).as_py():
        return
    found, found_rows = pc.filter(values, hit), pc.filter(numbers, hit)
    candidates = list(zip(found.to_pylist(), found_rows.to_pylist(), strict=True))
    for tally in searching:
        # RE2 again on the few candidates tells which rule matched which cell.
        mine = pc.match_substring_regex(found, tally.rule.pattern).to_pylist()
        _tally_cells(tally, [c for c, ok in zip(candidates, mine, strict=True) if ok])


def _tally_cells(tally: _Tally, cells: list[tuple[str, int]]) -> None:
    """Count the cells (text, row) in which the rule finds a value that validates; each
    distinct text is looked at once (exports repeat canned comments)."""
    values: dict[str, str | None] = {}
    for text, row in cells:
        if text in values:
            value = values[text]
        else:
            value = values[text] = _value_in_text(tally, text)
        if value is None:
            continue
        tally.cell_matched += 1
        if tally.cell_sample is None:
            tally.cell_sample = mask(value, tally.rule.mask)
        if len(tally.cell_rows) < MAX_ROWS_KEPT:
            tally.cell_rows.append(row)


def _first_rows(
    wanted: list[str], values: pa.Array, rows: pa.Array, limit: int
) -> tuple[str, list[int]]:
    """The first value (in row order) among ``wanted`` and up to ``limit`` of its rows."""
    import pyarrow.compute as pc

    where = pc.is_in(values, value_set=string_array(list(wanted)).cast(values.type))
    found_rows = pc.filter(rows, where)[:limit].to_pylist()
    first = pc.filter(values, where)[0].as_py()
    return first, found_rows


def _value_in_text(tally: _Tally, text: str) -> str | None:
    """A validated value found among other words of a free-text cell, or None.

    Patterns carry their own boundaries (RE2 has no lookarounds), so a match may include
    the separator before and after it: those are trimmed before validation. The words
    around it are located once per cell, so a long cell costs linear time.
    """
    assert tally.cell_regex is not None
    first = _LETTER.search(text)
    if first is None:
        return None
    last_start: int | None = None
    for m in tally.cell_regex.finditer(text):
        start, end = m.span()
        if first.end() > start:  # no words before the value: are there any after it?
            if last_start is None:
                last_start = first.start()
                for pair in _LETTER.finditer(text, first.end()):
                    last_start = pair.start()
            if last_start < end:
                continue  # nothing but this value: a whole-value match, not free text
        found = text[start:end].strip(_EDGE)
        if found and tally.verdict(found):
            return found
    return None


_Parts = tuple[Rule, bool, Callable[[str], bool], re.Pattern[str] | None, re.Pattern[str] | None]


def _rule_parts(rule: Rule, header: bool) -> _Parts:
    """A rule as a column uses it: header match, bound validator, compiled patterns (the
    compiles are hits in re's cache after the rules were loaded)."""
    validate: Callable[[str], bool] = (
        _accept if rule.validator is None else _Validator(rule.validator, dict(rule.params))
    )
    full = None if rule.pattern is None else re.compile(whole_value(rule.pattern))
    cells = re.compile(rule.pattern) if rule.cells and rule.pattern else None
    return rule, header, validate, full, cells


def _accept(value: str) -> bool:
    return True


class _Validator:
    """A rule's validator with its params, imported when first called: most columns never
    call most validators, and their modules (phonenumbers, stdnum) are slow to import."""

    __slots__ = ("_bound", "_name", "_params", "rejects", "requires")

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        self._name = name
        self._params = params
        self._bound: Callable[[str], bool] | None = None
        self.requires: re.Pattern[str] | None = None
        """The validator's screen (see ``detectors._text.screened``), once imported."""
        self.rejects: re.Pattern[str] | None = None

    def __call__(self, value: str) -> bool:
        bound = self._bound
        if bound is None:
            function = VALIDATORS[self._name]
            self.requires = getattr(function, "requires", None)
            self.rejects = getattr(function, "rejects", None)
            bound = self._bound = partial(function, **self._params) if self._params else function
        return bound(value)

    @property
    def direct(self) -> Callable[[str], bool]:
        """The validator itself once imported (one call less per value), else this."""
        return self._bound or self


_PLANS: dict[tuple[str, int], tuple[Sequence[Rule], tuple[_Parts, ...], str | None]] = {}
"""Per column name and rule set: the rules to try with their parts, and the cells pattern;
folders of small files repeat the same headers thousands of times."""
MAX_PLANS = 4_096


def new_column(name: str, rules: Sequence[Rule]) -> ColumnState:
    """Choose the rules to try on a column: header words decide the header-required ones."""
    plan = _PLANS.get((name, id(rules)))
    if plan is None or plan[0] is not rules:
        picked = tuple(
            _rule_parts(rule, header)
            for rule in rules
            if (header := rule.header.matches(name)) or not rule.header_required
        )
        cells = "|".join(f"(?:{p[0].pattern})" for p in picked if p[4] is not None)
        if len(_PLANS) >= MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[(name, id(rules))] = (rules, picked, cells or None)
    _, picked, cell_pattern = plan
    tallies: list[_Tally] = []
    waiting: list[tuple[int, _Parts]] = []
    for order, parts in enumerate(picked):
        if parts[1] or parts[4] is not None:  # a header or a cells pattern: tallied from the start
            tallies.append(_new_tally(order, parts))
        else:
            waiting.append((order, parts))
    return ColumnState(name=name, tallies=tallies, cell_pattern=cell_pattern, waiting=waiting)


def _new_tally(order: int, parts: _Parts) -> _Tally:
    rule, header, validate, full_regex, cell_regex = parts
    requires, rejects = _screen(validate)
    if isinstance(validate, _Validator):
        validate = validate.direct
    return _Tally(rule, header, validate, full_regex, cell_regex, requires, rejects, order=order)


def _screen(
    validate: Callable[[str], bool],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The validator's declared screen (requires, rejects), once its module is imported."""
    if isinstance(validate, _Validator):
        return validate.requires, validate.rejects
    return None, None


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


def _structured_whatever_cells(whole: list[tuple[_Tally, Finding]]) -> bool:
    """Whether ``keep_best`` will find the column structured, whatever the context step does:
    a finding of a context-free rule matches almost every value, and every finding of its
    category that could outrank it does too."""

    def rank(tally: _Tally, f: Finding) -> tuple[float, ...]:
        return (float(tally.header), f.confidence, float(f.matched))

    def steady(tally: _Tally) -> bool:
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


def _column_finding(path: str, state: ColumnState, tally: _Tally) -> Finding | None:
    """The rule's finding over whole values, when it matched enough of them (or, in a column
    with no values, when the header names it)."""
    rule = tally.rule
    checked = tally.checked
    if state.values_seen == 0:
        if not tally.header:
            return None
        # A sensitive header over empty values: worth a mention, not a leak.
        return Finding(path, state.name, rule.category, rule.id, Scope.COLUMN, 0.2, 0, 0, (), None)
    ratio = tally.matched / checked if checked else 0.0
    needed = tally.needed
    if (
        tally.matched
        and ratio >= needed
        and (
            rule.column_check is None
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


def _cells_finding(path: str, state: ColumnState, tally: _Tally) -> Finding | None:
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
    first_rows: dict[str, dict[int, str | None]] = {}
    batches: Iterable[Batch] = read(ref, options)
    if _size(ref) > PREFETCH_OVER:
        batches = prefetch(iter(batches))
    try:
        for batch in batches:
            rows += batch.row_count
            truncated = truncated or batch.truncated
            warnings.extend(f"{ref.display}: {w}" for w in batch.warnings if w not in seen)
            seen.update(batch.warnings)
            errors.extend(FileError(ref.display, _one_line(gap)) for gap in batch.unexamined)
            for chunk in batch.columns:
                state = columns.get(chunk.name)
                if state is None:
                    state = columns[chunk.name] = new_column(chunk.name, rules)
                present = state.feed(chunk)
                kept = first_rows.setdefault(chunk.name, {})
                if len(kept) < PAIR_SAMPLE:
                    values, numbers = present.head(PAIR_SAMPLE - len(kept))
                    kept.update(zip(numbers, values, strict=True))
    except ReadError as exc:
        errors.append(FileError(ref.display, _one_line(str(exc))))
    except (OSError, ValueError, RecursionError, MemoryError, LookupError) as exc:
        # Library errors can quote a row: name only the kind of failure.
        errors.append(FileError(ref.display, f"could not read ({type(exc).__name__})"))
    findings: list[Finding] = []
    for state in columns.values():
        findings.extend(column_findings(ref.display, state))
    names = [s.name for s in columns.values()]
    findings = keep_best(apply_context(findings, names, rules, first_rows), rules)
    summary = FileSummary(ref.display, rows, truncated) if columns or not errors else None
    return FileScan(summary, tuple(findings), tuple(errors), tuple(warnings))


PREFETCH_OVER = 8 << 20
"""Files larger than this (bytes on disk) are read ahead in a thread; small ones are not
worth a thread."""


def _size(ref: FileRef) -> int:
    try:
        return ref.path.stat().st_size
    except OSError:
        return 0


def prefetch(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Read the next batches in a thread while this one is scanned.

    pyarrow parses and decompresses without the GIL, so reading overlaps the engine's Python
    work on a second core. Exceptions reach the consumer in order, after the batches before them.
    """
    import queue
    import threading

    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        slots.put(("batch", batch), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(("end", None))
        except BaseException as exc:  # handed to the consumer, raised there
            slots.put(("error", exc))

    worker = threading.Thread(target=produce, name="piiscan-read", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = slots.get()
            if kind == "batch":
                yield item
            elif kind == "error":
                raise item
            else:
                return
    finally:
        stop.set()
        worker.join(timeout=1.0)


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "could not read"


def scan(
    files: Sequence[FileRef],
    *,
    rules: Sequence[Rule],
    options: ReadOptions | None = None,
    jobs: int = 1,
    on_file: Callable[[FileRef], None] | None = None,
) -> ScanResult:
    """Scan every file; with ``jobs > 1`` files go to worker processes. Results are sorted,
    so they are identical whatever the number of jobs."""
    options = options or ReadOptions()
    summaries: list[FileSummary] = []
    findings: list[Finding] = []
    errors: list[FileError] = []
    warnings: list[str] = []
    for ref, result in zip(files, _results(files, rules, options, jobs), strict=True):
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
        warnings=tuple(sorted(warnings)),
    )


def _results(
    files: Sequence[FileRef], rules: Sequence[Rule], options: ReadOptions, jobs: int
) -> Iterator[FileScan]:
    """FileScans in the order of ``files``, computed here or in a process pool."""
    if jobs <= 1 or len(files) <= 1:
        for ref in files:
            yield scan_file(ref, rules, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers fork from a clean process, not from one whose pyarrow threads run.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["piiscan.engine", "piiscan.readers", "piiscan.detectors"])
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(files)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(tuple(rules), options),
    ) as pool:
        yield from pool.map(_scan_in_worker, files, chunksize=chunk)


_WORKER: tuple[tuple[Rule, ...], ReadOptions] | None = None


def _init_worker(rules: tuple[Rule, ...], options: ReadOptions) -> None:
    global _WORKER
    _WORKER = (rules, options)
    tune_gc()


GC_THRESHOLD = 50_000
"""Container allocations between two young-generation collections (CPython's default: 700)."""


def tune_gc() -> None:
    """Collect cycles less often, in a process that only scans: every scanned value makes
    short-lived containers, and with the default threshold the collector ran a full pass
    over the loaded detector data every ~50 small files (8 % of their time). mypy does the
    same. Few of the engine's objects form cycles; those are still collected."""
    import gc

    gc.set_threshold(GC_THRESHOLD, 20, 20)


def _scan_in_worker(ref: FileRef) -> FileScan:
    assert _WORKER is not None
    return scan_file(ref, *_WORKER)


def finding_order(f: Finding) -> tuple[str, str, int, str, str]:
    return (f.path, f.column, ALL_CATEGORIES.index(f.category), f.scope.value, f.detector)
