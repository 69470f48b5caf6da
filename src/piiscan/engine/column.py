"""One column's running state: rules chosen by its header, tallies fed batch by batch.

Per column and rule, a vectorized RE2 prefilter (pyarrow.compute) picks candidate values,
validators run on distinct candidates only, and tallies keep counts, first rows and one
masked sample. Raw values never leave the engine: only masked samples do.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import filterfalse
from typing import Any

from piiscan.arrow import int64_array
from piiscan.detectors import TEXT_FINDERS, VALIDATORS
from piiscan.engine.chunk import SMALL, WINDOW, Chunk, repetitive
from piiscan.headers import HeaderPattern, may_match_any
from piiscan.masking import mask
from piiscan.model import ColumnChunk
from piiscan.normalize import TRIGGER_BRANCHES
from piiscan.prefilter import Gate, Screen, Seen, alternation
from piiscan.ruleset import Rule, whole_value

MAX_ROWS_KEPT = 5
"""First matching rows listed per finding (by default: ``--show-rows`` lists more of the
values found in cells; a column finding's values are sampled, so it keeps these few)."""
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
GATE_SMALL_FROM = 16
"""Small chunks of at least this many values are read by the prefilter before they are
searched cell by cell in Python (smaller ones, a one-line file, would pay for building it)."""
CELLS_BATCH = 32_768
"""Free-text values searched together (up to this many, or the end of the column): small
batches are gathered (RE2 compiles its pattern per call), while a large file's batch
(~60,000 rows) is searched alone, not copied into one with the next (1M rows: ~10 % faster)."""
CELLS_IN_PYTHON = 128
"""Up to this many values, Python's re searches free text: RE2 compiles the pattern on
every call (~2 ms for the bundled cells rules), Python's re costs ~10 us a value."""
CELLS_IN_PYTHON_CHARS = 1 << 16
"""...and up to this many characters in all: RE2 reads a long cell once, where each of
Python's patterns would try every position of it."""
SWEEP_SHARE = 0.5
"""Share of the cells fitting a sweeping rule's pattern that must validate: a checksum passes
a tenth of random digit runs, so ids that merely look like cards are not cards."""
_WORD = re.compile(r"[^\W\d_]{2}")
_LETTER = re.compile(r"[^\W\d_]{2}")
_EDGE = " \t\r\n,;:.!?\"'«»<>[]{}|/#=&*"
"""Separators a pattern may swallow around a value found in free text."""


@dataclass(slots=True)
class Tally:
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
    swept: int = 0
    """Cells in which the sweep found this rule's value (``Rule.sweep``): every cell of every
    column, whole values included, never sampled."""
    swept_fits: int = 0
    """Cells the sweep looked at closely: the rule's pattern fits them (validated or not)."""
    swept_rows: list[int] = field(default_factory=list)
    swept_sample: str | None = None
    cell_rows_kept: int | None = MAX_ROWS_KEPT
    """Rows kept in ``cell_rows`` and ``swept_rows`` (None: every one): every cell is searched,
    so the list can be complete (``--show-rows``)."""
    sweep_regex: re.Pattern[str] | None = None
    """``Rule.sweep_pattern`` (else the cells pattern), compiled, for sweeping rules."""
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

    @property
    def swept_real(self) -> bool:
        """Whether the sweep's values are more than chance: a column of 16-digit ids holds
        Luhn-valid numbers by the tenth, a column of cards and ids of other shapes does not."""
        return self.swept > 0 and self.swept >= SWEEP_SHARE * self.swept_fits


def _may_be_found(stopped: Tally) -> bool:
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


def _order(tally: Tally) -> int:
    return tally.order


def _settled(active: list[Tally]) -> bool:
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
    tallies: list[Tally]
    cell_pattern: str | None
    """One RE2 alternation of the cells rules' patterns: a single pass finds candidate cells."""
    sweep_pattern: str | None = None
    """The alternation of the sweeping rules' patterns (``Rule.sweep``)."""
    values_seen: int = 0
    distinct_seen: int = 0
    sampling: bool = False
    """The ratios are known well enough: validators see a sample of each batch."""
    profiled: int = 0
    wordy: int = 0
    """Of the ``profiled`` values, those that read as words: is the column free text?"""
    structured: bool = False
    """Some rule matches nearly every value: no free text to search."""
    cells_pending: list[Chunk] = field(default_factory=list)
    """Free-text batches not searched yet (searched together, CELLS_BATCH values at a time)."""
    cells_pending_values: int = 0
    sweep_pending: list[Chunk] = field(default_factory=list)
    """Batches not searched as free text, to be swept for high-signal values."""
    sweep_pending_values: int = 0
    waiting: list[tuple[int, _Parts]] = field(default_factory=list)
    """Rules without a header or cells pattern that no value has fit yet, with their order:
    a rule gets its tally when a value first fits its pattern and screen (most never do, and
    all of those stop at the first review point)."""
    waiting_checked: int = 0
    """Values every waiting rule has examined."""
    window: int = WINDOW
    """Longer cells are searched in overlapping windows of this many characters."""
    prefilter: Prefilter | None = None
    """Which disguises and cells rules' values a batch could hold at all."""
    repeats: bool | None = None
    """Whether the column's values repeat (``chunk.repetitive``; None: no big batch yet)."""
    screens: tuple[Screen, Screen, Screen] = field(
        default_factory=lambda: (Screen(), Screen(), Screen())
    )
    """Whether a pass over each batch joined spares the pass value by value: for disguises,
    for free text, for the sweep (``prefilter.Screen``)."""

    def feed(self, chunk: ColumnChunk) -> Chunk:
        """Take one batch of the column without its empty cells: profile on the first values,
        then spare the rest the rules that cannot win (or, once settled, most of the work).
        Returns the batch's non-empty values."""
        # Small batches are never gated (see Chunk.present): no gate is built for them.
        big = len(chunk.values) > SMALL
        if big and self.repeats is None:
            self.repeats = repetitive(chunk.values)
        present = whole = Chunk.present(
            chunk.values,
            chunk.rows,
            dense=chunk.dense,
            window=self.window,
            gate=self.prefilter.gate if big and self.prefilter is not None else None,
            repeats=big and bool(self.repeats),
            screen=self.screens[0],
            sweeps=self._sweeps() if big else (),
            floats=chunk.floats,
        )
        if big and self.repeats and not present.repeats:
            self.repeats = False  # no longer repeats enough to pay for counting
        for point in _FEED_POINTS:
            head = point - self.values_seen
            if 0 < head < len(whole):
                first, whole = whole.split(head)
                self._feed(first)
        self._feed(whole)
        return present

    def _sweeps(self) -> tuple[int, ...]:
        """The gate's indexes of the patterns this column is swept with (``Prefilter``), but
        for the categories it is nearly all of (an e-mail column holds e-mails: screening
        it for them would always lead to the pass per value)."""
        if self.sweep_pattern is None or self.prefilter is None:
            return ()
        filled = {t.rule.category for t in self.tallies if _fills(t)}
        return self.prefilter.sweep_indexes(
            t.rule for t in self.tallies if t.rule.category not in filled
        )

    def _feed(self, chunk: Chunk) -> None:
        if not len(chunk):
            return
        self.values_seen += len(chunk)
        active = [t for t in self.tallies if t.full_active]
        profiling = self.values_seen - len(chunk) < PROFILE_AFTER
        if active or profiling:
            picked = self._pick(chunk)
            texts, total = list(picked), sum(picked.values())
            if blanks := {v for v in texts if placeholder(v)}:
                # "-", "n/a", "нет", "0" stand for an empty cell: no rule can match them, and
                # counted they would hide a column of IDs filled in for some customers only.
                total -= sum(picked[v] for v in blanks)
                texts = [v for v in texts if v not in blanks]
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
            if _fills(tally):
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
        elif self.sweep_pattern is not None:
            self.sweep_pending.append(chunk)
            self.sweep_pending_values += len(chunk)
            if self.sweep_pending_values >= CELLS_BATCH:
                self.sweep()

    def _wake(self, texts: list[str], total: int) -> list[tuple[Tally, list[str]]]:
        """Tallies for the waiting rules that some of ``texts`` fit, with those values."""
        woken: list[tuple[Tally, list[str]]] = []
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
            _search_cells(
                self.tallies,
                self.cell_pattern,
                Chunk.join(self.cells_pending),
                self.prefilter,
                screen=self.screens[1],
            )
        self.cells_pending = []
        self.cells_pending_values = 0

    def sweep(self, *, also_pending_text: bool = False) -> None:
        """Sweep the batches held back so far for high-signal values (``Rule.sweep``); with
        ``also_pending_text``, the free text that will not be searched as such too (the column
        ended structured)."""
        if also_pending_text:
            self.sweep_pending += self.cells_pending
            self.cells_pending = []
            self.cells_pending_values = 0
        if self.sweep_pattern is not None and self.sweep_pending:
            _search_cells(
                self.tallies,
                self.sweep_pattern,
                Chunk.join(self.sweep_pending),
                self.prefilter,
                sweeping=True,
                screen=self.screens[2],
            )
        self.sweep_pending = []
        self.sweep_pending_values = 0

    @property
    def free_text(self) -> bool:
        """Until the first values are in, every column might be; then only wordy
        unstructured ones are (words found later in profiling still count)."""
        if self.structured:
            return False
        if self.values_seen < PROFILE_POINTS[0][0]:
            return True
        return self.wordy >= FREE_TEXT * self.profiled

    def _pick(self, chunk: Chunk) -> dict[str, int]:
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


PLACEHOLDERS = frozenset(
    (
        "n/a",
        "na",
        "n.a.",
        "null",
        "none",
        "nil",
        "nan",
        "undefined",
        "unknown",
        "missing",
        "нет",
        "н/д",
        "нд",
        "не указан",
        "не указано",
        "не указана",
        "отсутствует",
        "нет данных",
    )
)
"""Words written for "no value" (compared case-blind, spaces around stripped)."""
_FILLER = frozenset("-—–_.*?x0")


def placeholder(value: str) -> bool:
    """Whether a cell stands for no value: a placeholder word, or filler alone (``-``,
    ``---``, ``***``, ``0``, ``000000000000``)."""
    core = value.strip().casefold()
    return bool(core) and (core in PLACEHOLDERS or set(core) <= _FILLER)


def _validate(tally: Tally, candidates: list[str], weights: dict[str, int], chunk: Chunk) -> None:
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


def _search_cells(
    tallies: list[Tally],
    pattern: str,
    chunk: Chunk,
    prefilter: Prefilter | None,
    *,
    sweeping: bool = False,
    screen: Screen | None = None,
) -> None:
    """Values inside free text: one pass finds the cells worth a look (RE2 over big batches,
    Python's re over small ones), then each cells rule looks for its value in those.
    ``sweeping``: the sweeping rules look for theirs anywhere (``Rule.sweep``). Rules whose
    values the chunk cannot hold (``prefilter``) are left out of the pass, and a big batch
    none of whose values can hold any (``screen``) is not searched value by value."""
    searching = [
        t for t in tallies if t.cell_regex is not None and (not sweeping or t.rule.sweep != "off")
    ]
    everyone = len(searching)
    if sweeping:
        # A category the column is already almost all of needs no sweep (a phone column's
        # phones would all be validated again), nor its patterns in the first pass.
        filled = {t.rule.category for t in tallies if _fills(t)}
        searching = [t for t in searching if t.rule.category not in filled]
    if prefilter is not None and searching:
        seen = chunk.seen
        if seen.unread and chunk.small and len(chunk) >= GATE_SMALL_FROM:
            # Folders of small files: each sweeping rule would look at every cell in Python.
            seen = prefilter.gate.seen_texts(chunk.lists()[0])
        searching = [t for t in searching if prefilter.may_hold(t.rule, seen, sweeping)]
    if sweeping and prefilter is not None:
        searching = [t for t in searching if prefilter.sweep_index(t.rule) not in chunk.clean]
    if not searching:
        return
    if len(searching) < everyone:
        pattern = alternation(
            tuple(_swept_by(t.rule) if sweeping else t.rule.pattern or "" for t in searching)
        )
    tally_cells = _tally_swept if sweeping else _tally_cells
    if len(chunk) <= CELLS_IN_PYTHON and sum(map(len, chunk.lists()[0])) <= CELLS_IN_PYTHON_CHARS:
        # Each rule looks in every cell itself: Python's re is slower on the alternation of
        # all the rules' patterns than on them one by one.
        cells = list(zip(*chunk.lists(), strict=True))
        for tally in searching:
            tally_cells(tally, cells)
        return
    import pyarrow.compute as pc

    values, numbers = chunk.arrays()
    distinct = chunk.distinct()
    looked = values if distinct is None else distinct[0]
    if screen is not None and not screen.may_hold(looked, pattern):
        return
    hit = pc.match_substring_regex(looked, pattern)
    if not pc.any(hit).as_py():
        return
    found = pc.filter(looked, hit)
    if distinct is not None:
        hit = pc.take(hit, distinct[1])  # each cell's verdict is its value's
    candidates = list(
        zip(pc.filter(values, hit).to_pylist(), pc.filter(numbers, hit).to_pylist(), strict=True)
    )
    for tally in searching:
        # RE2 again on the few candidates tells which rule matched which cell.
        mine = pc.match_substring_regex(
            found, _swept_by(tally.rule) if sweeping else tally.rule.pattern
        )
        if distinct is None:
            tally_cells(tally, list(itertools.compress(candidates, mine.to_pylist())))
        else:
            texts = set(itertools.compress(found.to_pylist(), mine.to_pylist()))
            if not sweeping and tally.rule.sweep == "off":
                find = _finder(tally)  # a text without the rule's value counts nowhere
                texts = {t for t in texts if find(t) is not None}
            if texts:
                tally_cells(tally, [c for c in candidates if c[0] in texts])


def _tally_cells(tally: Tally, cells: list[tuple[str, int]]) -> None:
    """Count the cells (text, row) in which the rule finds a value that validates; each
    distinct text is looked at once (exports repeat canned comments)."""
    values: dict[str, str | None] = {}
    misses: list[tuple[str, int]] = []
    find = _finder(tally)
    for text, row in cells:
        if text in values:
            value = values[text]
        else:
            value = values[text] = find(text)
        if value is None:
            misses.append((text, row))
            continue
        tally.cell_matched += 1
        if tally.cell_sample is None:
            tally.cell_sample = mask(value, tally.rule.mask)
        if tally.cell_rows_kept is None or len(tally.cell_rows) < tally.cell_rows_kept:
            tally.cell_rows.append(row)
    if misses and tally.rule.sweep != "off":
        # A whole value in free text: swept too, each distinct text once (no sample decides).
        _tally_swept(tally, misses)


def _finder(tally: Tally) -> Callable[[str], str | None]:
    """How the rule finds its value in a cell: its own finder when it has one
    (``detectors.TEXT_FINDERS``: a name needs the words around it), on the cells its pattern
    fits; else a pattern match that validates."""
    name = tally.rule.validator
    if name is None or name not in TEXT_FINDERS:
        return partial(_value_in_text, tally)
    find, fits = TEXT_FINDERS[name], tally.cell_regex
    assert fits is not None

    def found(text: str) -> str | None:
        return find(text) if fits.search(text) else None

    return found


def _fills(tally: Tally) -> bool:
    """Whether the rule matches nearly every value of the column (its finding is certain)."""
    return tally.checked >= STRUCTURED_AFTER and tally.matched >= STRUCTURED * tally.checked


def _tally_swept(tally: Tally, cells: list[tuple[str, int]]) -> None:
    """Count the cells (text, row) holding the rule's value: anywhere in the cell, or only as
    the whole cell (``Rule.sweep``); and those where its pattern fits at all."""
    whole_only = tally.rule.sweep == "whole"
    values: dict[str, tuple[bool, str | None]] = {}
    for text, row in cells:
        if text in values:
            fits, value = values[text]
        else:
            fits, value = values[text] = _swept_value(tally, text, whole_only)
        tally.swept_fits += fits
        if value is None:
            continue
        tally.swept += 1
        if tally.swept_sample is None:
            tally.swept_sample = mask(value, tally.rule.mask)
        if tally.cell_rows_kept is None or len(tally.swept_rows) < tally.cell_rows_kept:
            tally.swept_rows.append(row)


def _swept_value(tally: Tally, text: str, whole_only: bool) -> tuple[bool, str | None]:
    """(does the rule's pattern fit ``text``, the first of its values there that validates)
    with ``whole_only``, only the whole text counts."""
    assert tally.sweep_regex is not None
    core = text.strip(_EDGE)
    fits = False
    for m in tally.sweep_regex.finditer(text):
        found = m.group().strip(_EDGE)
        if not found or (whole_only and found != core):
            continue
        fits = True
        if tally.verdict(found):
            return True, found
    return fits, None


def _value_in_text(tally: Tally, text: str) -> str | None:
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


_HEADERS: dict[int, tuple[Sequence[Rule], tuple[HeaderPattern, ...]]] = {}


def _headers(rules: Sequence[Rule]) -> tuple[HeaderPattern, ...]:
    """The rule set's header patterns, gathered once per rule set."""
    kept = _HEADERS.get(id(rules))
    if kept is None or kept[0] is not rules:
        if len(_HEADERS) >= 16:
            _HEADERS.clear()
        kept = _HEADERS[id(rules)] = (rules, tuple(rule.header for rule in rules))
    return kept[1]


_PARTS: dict[tuple[int, bool], _Parts] = {}


def _rule_parts(rule: Rule, header: bool) -> _Parts:
    """A rule as a column uses it: header match, bound validator, compiled patterns. Made
    once per rule and header match (the validator binds on first call and holds no value):
    a table of 20,000 columns shares them."""
    kept = _PARTS.get((id(rule), header))
    if kept is None or kept[0] is not rule:
        validate: Callable[[str], bool] = (
            _accept if rule.validator is None else _Validator(rule.validator, dict(rule.params))
        )
        full = None if rule.pattern is None else re.compile(whole_value(rule.pattern))
        cells = re.compile(rule.pattern) if rule.cells and rule.pattern else None
        if len(_PARTS) >= MAX_PLANS:
            _PARTS.clear()
        kept = _PARTS[(id(rule), header)] = (rule, header, validate, full, cells)
    return kept


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


class Prefilter:
    """A gate over a rule set's patterns: ``normalize.TRIGGER_BRANCHES`` first (see
    ``Chunk.present``), then each cells rule's cells and sweep patterns. Built on first use:
    only big batches are gated, and reading a long pattern's needs takes tens of milliseconds
    that a scan of small files should not pay at start-up."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        searched = [r for r in rules if r.cells and r.pattern]
        patterns = list(TRIGGER_BRANCHES)
        self._cells: dict[str, int] = {}
        self._swept: dict[str, int] = {}
        for rule in searched:
            self._cells[rule.id] = len(patterns)
            patterns.append(rule.pattern or "")
            if rule.sweep != "off":
                self._swept[rule.id] = len(patterns)
                patterns.append(_swept_by(rule))
        self._patterns = patterns

    @cached_property
    def gate(self) -> Gate:
        return Gate(self._patterns)

    def sweep_index(self, rule: Rule) -> int | None:
        """The gate's index of the rule's sweep pattern (None: it does not sweep)."""
        return self._swept.get(rule.id)

    def sweep_indexes(self, rules: Iterable[Rule]) -> tuple[int, ...]:
        """The gate's indexes of the sweep patterns of ``rules`` (those that sweep)."""
        return tuple(i for r in rules if (i := self._swept.get(r.id)) is not None)

    def may_hold(self, rule: Rule, seen: Seen, sweeping: bool) -> bool:
        """Whether a chunk that holds ``seen`` may hold a value the rule searches for."""
        index = (self._swept if sweeping else self._cells).get(rule.id)
        return index is None or seen.unread or self.gate.may_match(index, seen)


_PREFILTERS: dict[int, tuple[Sequence[Rule], Prefilter]] = {}


def prefilter_of(rules: Sequence[Rule]) -> Prefilter:
    """The rule set's prefilter, built once per rule set."""
    kept = _PREFILTERS.get(id(rules))
    if kept is None or kept[0] is not rules:
        if len(_PREFILTERS) >= 16:
            _PREFILTERS.clear()
        kept = _PREFILTERS[id(rules)] = (rules, Prefilter(rules))
    return kept[1]


_PLANS: dict[
    tuple[str, int], tuple[Sequence[Rule], tuple[_Parts, ...], str | None, str | None]
] = {}
"""Per column name and rule set: the rules to try with their parts, the cells and the sweep
patterns;
folders of small files repeat the same headers thousands of times."""
MAX_PLANS = 4_096


def new_column(
    name: str,
    rules: Sequence[Rule],
    *,
    window: int = WINDOW,
    rows_kept: int | None = MAX_ROWS_KEPT,
) -> ColumnState:
    """Choose the rules to try on a column: header words decide the header-required ones.
    Findings in cells keep up to ``rows_kept`` rows (None: all)."""
    plan = _PLANS.get((name, id(rules)))
    if plan is None or plan[0] is not rules:
        named = may_match_any(_headers(rules), name)
        picked = tuple(
            _rule_parts(rule, header)
            for rule in rules
            if (header := named and rule.header.matches(name)) or not rule.header_required
        )
        cells = alternation(tuple(p[0].pattern or "" for p in picked if p[4] is not None))
        sweeps = alternation(
            tuple(_swept_by(p[0]) for p in picked if p[4] is not None and p[0].sweep != "off")
        )
        if len(_PLANS) >= MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[(name, id(rules))] = (rules, picked, cells or None, sweeps or None)
    _, picked, cell_pattern, sweep_pattern = plan
    tallies: list[Tally] = []
    waiting: list[tuple[int, _Parts]] = []
    for order, parts in enumerate(picked):
        if parts[1] or parts[4] is not None:  # a header or a cells pattern: tallied from the start
            tallies.append(_new_tally(order, parts))
            tallies[-1].cell_rows_kept = rows_kept  # (woken rules search no cells)
        else:
            waiting.append((order, parts))
    return ColumnState(
        name=name,
        tallies=tallies,
        cell_pattern=cell_pattern,
        sweep_pattern=sweep_pattern,
        waiting=waiting,
        window=window,
        prefilter=prefilter_of(rules),
    )


def _swept_by(rule: Rule) -> str:
    """The pattern the sweep looks for the rule's value with."""
    return rule.sweep_pattern or rule.pattern or ""


def _new_tally(order: int, parts: _Parts) -> Tally:
    rule, header, validate, full_regex, cell_regex = parts
    requires, rejects = _screen(validate)
    if isinstance(validate, _Validator):
        validate = validate.direct
    tally = Tally(rule, header, validate, full_regex, cell_regex, requires, rejects, order=order)
    if rule.sweep != "off" and cell_regex is not None:
        tally.sweep_regex = re.compile(_swept_by(rule))
    return tally


def _screen(
    validate: Callable[[str], bool],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The validator's declared screen (requires, rejects), once its module is imported."""
    if isinstance(validate, _Validator):
        return validate.requires, validate.rejects
    return None, None


CellSpan = tuple[int, int, Rule]
"""(start, end, rule) of one value found inside a free-text cell."""


@dataclass(frozen=True)
class CellSearcher:
    """One pattern of one rule as the engine searches free-text cells with it."""

    rule: Rule
    pattern: str
    """The pattern's text (RE2 and Python both take it: a batch may be screened first)."""
    regex: re.Pattern[str]
    validate: Callable[[str], bool]

    def spans(self, text: str) -> list[CellSpan]:
        """Every validated value of the pattern in ``text``, the separators a match may
        swallow trimmed (overlapping ones included)."""
        found: list[CellSpan] = []
        for m in self.regex.finditer(text):
            start, end = m.span()
            while start < end and text[start] in _EDGE:
                start += 1
            while end > start and text[end - 1] in _EDGE:
                end -= 1
            if start < end and self.validate(text[start:end]):
                found.append((start, end, self.rule))
        return found


def cell_searchers(rules: Sequence[Rule]) -> list[CellSearcher]:
    """The patterns the engine finds values of ``rules`` inside free text with: each cells
    rule's cell pattern and sweep pattern, with the rule's validator."""
    searchers: list[CellSearcher] = []
    for rule in rules:
        if not rule.cells or not rule.pattern:
            continue
        _, _, validate, _, cell_regex = _rule_parts(rule, False)
        assert cell_regex is not None
        searchers.append(CellSearcher(rule, rule.pattern, cell_regex, validate))
        if rule.sweep != "off" and rule.sweep_pattern:
            sweep = re.compile(rule.sweep_pattern)
            searchers.append(CellSearcher(rule, rule.sweep_pattern, sweep, validate))
    return searchers


def merge_spans(found: list[CellSpan]) -> list[CellSpan]:
    """``found`` in order without overlaps: of two that overlap, the one starting first,
    then the longer, wins."""
    found.sort(key=lambda s: (s[0], -s[1]))
    spans: list[CellSpan] = []
    for span in found:
        if not spans or span[0] >= spans[-1][1]:
            spans.append(span)
    return spans


def cell_finder(rules: Sequence[Rule]) -> Callable[[str], list[CellSpan]]:
    """A function giving every validated value of ``rules`` in a text, as the engine finds
    them in free-text cells (``cell_searchers``), in order and without overlaps
    (``merge_spans``): for ``piiscan redact``, which replaces them where ``check`` found
    them."""
    searchers = cell_searchers(rules)
    if not searchers:
        return lambda text: []
    screen = re.compile(alternation(tuple(s.pattern for s in searchers)))

    def find(text: str) -> list[CellSpan]:
        if not screen.search(text):
            return []
        return merge_spans([span for s in searchers for span in s.spans(text)])

    return find


def cell_spans(text: str, rules: Sequence[Rule]) -> list[CellSpan]:
    """The spans ``cell_finder(rules)`` gives for one text (compile once for many texts)."""
    return cell_finder(rules)(text)
