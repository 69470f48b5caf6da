"""Values typed into several adjacent fields (a card over four 4-digit columns), checked
joined on every row of a table.

A column stays a candidate while its values are short groups of digits (a few strays
allowed). Each batch, runs of adjacent candidates are joined row by row in Arrow, all windows
of one width at once (the columns laid end to end, each window a slice); the sweeping rules'
patterns screen the joined values and their validators judge an even sample of each window's
fitting values. A window is a finding when at least half of its fitting values validate over
the whole table, as the sweep judges a column's: random groups side by side pass Luhn and an
issuer range on one or two rows in a hundred, so a few rows prove nothing, while cards after
a thousand rows of other numbers are found.

A table's first ``EXACT_TABLE`` window-rows are joined on every row and every fitting value
validated. Past them, a batch of more window-rows than ``JOINED_PER_BATCH`` (a long or wide
run of short numbers) is joined on every k-th row, each standing for k, as a column's share
is read on a sample; but a window with few rows long enough to hold a match is joined on
exactly those rows, so a handful of cards among shorter groups is found wherever it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from piiscan.arrow import int64_array, row_numbers
from piiscan.engine.column import SWEEP_SHARE
from piiscan.model import ColumnChunk, Finding, Scope
from piiscan.ruleset import Rule

if TYPE_CHECKING:
    import pyarrow as pa

GROUP = (2, 6)
"""Digits in a value that may be one field of a split number (spaces around it allowed)."""
MAX_GROUPS = 5
"""Columns joined at most (a card is four or five groups)."""
JOINED_CHARACTERS = "0123456789 "
"""All that a window's joined values hold."""
EXACT_TABLE = 1 << 16
"""Window-rows of a table joined on every row before batches are sampled (~10 ms): a table of
a few thousand rows is judged on all of them."""
JOINED_PER_BATCH = 8_192
"""Window-rows (rows times windows) a run of one batch is joined on at most (~2 ms: a join
and a regex pass cost ~150 ns a value): beyond, on every k-th row, each standing for k."""
EXACT_WINDOWS = 64
"""Windows of a run up to which a sampled batch looks for those to join exactly."""
EXACT_ROWS = 1_024
"""Rows long enough to hold a match up to which a window is joined on exactly those."""
SHARE_ROWS = 1_024
"""Rows of a batch read for the share of a column's values that are groups."""
CHECKED = 32
"""Fitting values a batch validates for one rule and width, spread evenly over the windows
holding some and over each one's values (at least ``CHECKED_EACH`` of each window's)."""
CHECKED_EACH = 4
EXACT_CHECKS = 1_024
"""Fitting values of one window validated at most where every row was joined."""
FIRST_ROWS = 5
"""Rows a finding lists (``engine.column.MAX_ROWS_KEPT``)."""


@dataclass
class _Hits:
    """One rule's tally over one window."""

    fits: float = 0.0
    """Rows whose joined values fit the rule's pattern."""
    good: float = 0.0
    """Rows validated, estimated: each batch's validated share times its fitting rows."""
    rows: list[int] = field(default_factory=list)
    sample: str | None = None


_Window = dict[int, _Hits]
"""One run of adjacent columns joined: its tallies, by the index of the rule."""


@dataclass
class _Candidate:
    """A column that may be one field of a split value."""

    values: int = 0
    strays: int = 0


@dataclass
class _Run:
    """Adjacent candidate columns on some rows of one batch."""

    names: list[str]
    values: pa.Array
    """The columns' values on those rows, end to end, anything but a group made empty."""
    rows: pa.Array
    """The rows' numbers."""
    weight: int
    """Rows each row stands for."""
    skip: set[tuple[str, ...]] = field(default_factory=set)
    """Windows joined on their own rows, not tallied here."""


class SplitValues:
    """Tallies every window of adjacent digit-group columns of one table, batch by batch."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = [
            (i, rule)
            for i, rule in enumerate(rules)
            if rule.sweep != "off" and rule.validator is not None and rule.pattern
        ]
        self.strays = 1 - min((rule.column_ratio for _, rule in self.rules), default=1.0)
        """Share of a candidate's values that may be other than groups: past it no window
        holding the column can reach any rule's ratio."""
        self.candidates: dict[str, _Candidate] = {}
        self.dropped: set[str] = set()
        self.windows: dict[tuple[str, ...], _Window] = {}
        self.order: dict[str, int] = {}
        self.exact_left = EXACT_TABLE
        """Window-rows still to be joined on every row."""

    def feed(self, columns: list[tuple[str, ColumnChunk]], row_count: int) -> None:
        """Tally one batch: ``columns`` are (reported name, chunk) in file order."""
        if not self.rules:
            return
        for name, _ in columns:
            self.order.setdefault(name, len(self.order))
        self._tally(columns, row_count)

    def _tally(self, columns: list[tuple[str, ColumnChunk]], row_count: int) -> None:
        import pyarrow as pa

        run: list[tuple[str, ColumnChunk]] = []
        for name, chunk in columns:
            if (
                name not in self.dropped
                and row_count
                and len(chunk.values) == row_count
                and (
                    pa.types.is_string(chunk.values.type)
                    or pa.types.is_large_string(chunk.values.type)
                )
            ):
                run.append((name, chunk))
                continue
            self._candidates(run, row_count)
            run = []
        self._candidates(run, row_count)

    def _candidates(self, run: list[tuple[str, ColumnChunk]], size: int) -> None:
        """Keep the columns of a run of adjacent ones that are still made of groups (a share,
        read on an even sample of the rows, all columns end to end in one pass)."""
        if len(run) < 2:
            return
        counts, groups = _shares([chunk.values for _, chunk in run], size)
        kept: list[tuple[str, ColumnChunk]] = []
        for k, (name, chunk) in enumerate(run):
            seen = self.candidates.setdefault(name, _Candidate())
            seen.values += counts[k]
            seen.strays += counts[k] - groups[k]
            if seen.strays > self.strays * seen.values:
                # Not a column of digit groups: no window holding it is a finding.
                self.dropped.add(name)
                self._rows(kept, size)
                kept = []
                continue
            kept.append((name, chunk))
        self._rows(kept, size)

    def _rows(self, run: list[tuple[str, ColumnChunk]], size: int) -> None:
        """Join the run on all its rows when they are few; else on every k-th row, except
        the windows with few rows long enough to hold a match, joined on exactly those (a
        handful of cards among short groups is found wherever it is)."""
        if len(run) < 2:
            return
        import pyarrow.compute as pc

        names = [name for name, _ in run]
        windows = _windows(len(run))
        if size * windows <= max(JOINED_PER_BATCH, self.exact_left):
            self.exact_left -= size * windows
            self._join(self._on(run, None, 1))
            return
        least = min(
            (n for _, r in self.rules if (n := _shortest(_swept(r))) is not None), default=None
        )
        if least is None:
            return
        exact: set[tuple[str, ...]] = set()
        if windows <= EXACT_WINDOWS:
            lengths = [pc.fill_null(pc.binary_length(chunk.values), 0) for _, chunk in run]
            for width in range(2, min(MAX_GROUPS, len(run)) + 1):
                for s in range(len(run) - width + 1):
                    long_enough = pc.greater_equal(_sum(lengths[s : s + width]), least - width + 1)
                    if (pc.sum(long_enough).as_py() or 0) > EXACT_ROWS:
                        continue
                    exact.add(key := tuple(names[s : s + width]))
                    rows = pc.indices_nonzero(long_enough)
                    if len(rows):
                        self._join(self._on(run[s : s + width], rows, 1), widths=(width,))
                    self.windows.setdefault(key, {})
        if len(exact) < windows:
            step = -(-size * windows // JOINED_PER_BATCH)
            sampled = self._on(run, int64_array(range(0, size, step)), step)
            sampled.skip = exact
            self._join(sampled)

    @staticmethod
    def _on(run: list[tuple[str, ColumnChunk]], rows: pa.Array | None, weight: int) -> _Run:
        """The run's columns on ``rows`` (None: all), groups only."""
        columns = [c.values if rows is None else c.values.take(rows) for _, c in run]
        numbers = run[0][1].rows if rows is None else run[0][1].rows.take(rows)
        return _Run([name for name, _ in run], _groups(_laid(columns))[1], numbers, weight)

    def _join(self, run: _Run, widths: Sequence[int] = range(2, MAX_GROUPS + 1)) -> None:
        """Join every window of the run (of ``widths`` columns) on its rows and screen the
        joined values with each rule's pattern that can match there."""
        import pyarrow as pa
        import pyarrow.compute as pc

        size = len(run.rows)
        # The columns end to end: the window of width w from column s is row r of slices
        # 0..w-1 of ``values``, each shifted by one column (``size`` values) more.
        values = run.values
        length = pc.binary_length(values)  # 0 where a value is not a group
        longest = [pc.max(length.slice(k * size, size)).as_py() or 0 for k in range(len(run.names))]
        for width in (w for w in widths if w <= len(run.names)):
            starts = len(run.names) - width + 1
            span = starts * size
            shifted = [k * size for k in range(width)]
            keys = [tuple(run.names[s : s + width]) for s in range(starts)]
            for key in keys:
                self.windows.setdefault(key, {})
            most = max(sum(longest[s : s + width]) + width - 1 for s in range(starts))
            lengths = [length.slice(k, span) for k in shifted]
            whole = _all([pc.greater(n, 0) for n in lengths])
            joined_length = pc.add(_sum(lengths), width - 1)
            for index, rule in self.rules:
                least = _shortest(_swept(rule))
                if least is None or least > most:
                    continue  # no window's values, joined, can be a match
                long_enough = pc.and_(whole, pc.greater_equal(joined_length, least))
                positions = pc.indices_nonzero(long_enough).cast(pa.int64())
                if not len(positions):
                    continue
                texts = pc.binary_join_element_wise(
                    *(values.take(pc.add(positions, k)) for k in shifted), " "
                )
                fits = pc.match_substring_regex(texts, _swept(rule))
                if pc.any(fits).as_py():
                    self._validate(
                        index, rule, keys, (positions.filter(fits), texts.filter(fits)), run
                    )

    def _validate(
        self,
        index: int,
        rule: Rule,
        keys: list[tuple[str, ...]],
        fitting: tuple[pa.Array, pa.Array],
        run: _Run,
    ) -> None:
        """Tally the values that fit a rule's pattern (their positions in the windows laid
        end to end, and the values), validating an even sample of each window's."""
        import pyarrow.compute as pc

        from piiscan.masking import mask

        positions, texts = fitting
        size = len(run.rows)
        window_of = pc.divide(positions, size)
        counts = _counts(window_of, len(keys))
        fits = [0 if key in run.skip else n for key, n in zip(keys, counts, strict=True)]
        if not any(fits):
            return
        each = (
            EXACT_CHECKS
            if run.weight == 1
            else max(CHECKED_EACH, CHECKED // sum(1 for n in fits if n))
        )
        # Ranks within a window count every fitting value, a skipped window's too: the first
        # of each window is always chosen.
        chosen = _even(window_of, counts, each)
        check = _checker(rule)
        good = [0] * len(keys)
        checked = [0] * len(keys)
        for position, text in zip(
            positions.filter(chosen).to_pylist(), texts.filter(chosen).to_pylist(), strict=True
        ):
            w, row = divmod(position, size)
            if not fits[w]:
                continue  # a window joined on its own rows
            checked[w] += 1
            if not check(text):
                continue
            good[w] += 1
            hits = self.windows[keys[w]].setdefault(index, _Hits())
            if len(hits.rows) < FIRST_ROWS:
                hits.rows.append(run.rows[row].as_py())
                if hits.sample is None:
                    hits.sample = mask(text, rule.mask)
        for w, count in enumerate(fits):
            if count:
                hits = self.windows[keys[w]].setdefault(index, _Hits())
                hits.fits += count * run.weight
                hits.good += good[w] / checked[w] * count * run.weight

    def findings(self, path: str) -> list[Finding]:
        """Windows whose validated values are more than chance, narrowest first (four card
        fields beside an id column are the card, not the id and the card), none sharing a
        column with another finding."""
        found: list[Finding] = []
        taken: set[str] = set()
        ordered = sorted(self.windows.items(), key=lambda kv: (len(kv[0]), self.order[kv[0][0]]))
        for key, window in ordered:
            if taken.intersection(key) or self.dropped.intersection(key):
                continue
            for index, rule in self.rules:
                hits = window.get(index)
                if hits is None or not hits.rows:
                    continue
                # As the sweep judges a column's values: at least half of those that fit the
                # pattern validate (random groups: one or two in a hundred).
                good, fits = round(hits.good), round(hits.fits)
                if good < SWEEP_SHARE * fits:
                    continue
                found.append(
                    Finding(
                        path,
                        "+".join(key),
                        rule.category,
                        rule.id,
                        Scope.COLUMN,
                        round(min(0.99, 0.6 + 0.35 * good / fits), 2),
                        good,
                        fits,
                        tuple(hits.rows),
                        hits.sample,
                    )
                )
                taken.update(key)
                break
        return sorted(found, key=lambda f: self.order[f.column.split("+")[0]])


_GROUP_RE = re.compile(f"[0-9]{{{GROUP[0]},{GROUP[1]}}}")


def _shares(columns: list[pa.Array], size: int) -> tuple[list[int], list[int]]:
    """How many values of each column hold something, and how many are groups: on an even
    sample of ``SHARE_ROWS`` rows; a small batch in Python (a folder of small files does
    not load the compute module for it)."""
    if size <= SHARE_ROWS:
        texts = [[t for t in c.to_pylist() if t] for c in columns]
        return [len(t) for t in texts], [
            sum(1 for v in t if _GROUP_RE.fullmatch(v.strip(" \t\r\n"))) for t in texts
        ]
    import pyarrow.compute as pc

    step = -(-size // SHARE_ROWS)
    sample = int64_array(range(0, size, step))
    values = _laid([c.take(sample) for c in columns])
    present = pc.fill_null(pc.greater(pc.binary_length(values), 0), False)
    group, _ = _groups(values)
    rows = len(group) // len(columns)
    return _per_window(present, len(columns), rows), _per_window(group, len(columns), rows)


def _laid(columns: list[pa.Array]) -> pa.Array:
    """``columns`` end to end, as text."""
    import pyarrow as pa

    return pa.concat_arrays([c.cast(pa.string()) for c in columns])


def _groups(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(which values are a group, the values with all but groups made empty and the spaces
    around them trimmed)."""
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(values)
    length = pc.binary_length(trimmed)
    group = pc.fill_null(
        pc.and_(
            pc.ascii_is_decimal(trimmed),
            pc.and_(pc.greater_equal(length, GROUP[0]), pc.less_equal(length, GROUP[1])),
        ),
        False,
    )
    return group, pc.if_else(group, trimmed, "")


def _windows(columns: int) -> int:
    """Windows of 2..MAX_GROUPS adjacent columns among ``columns``."""
    return sum(columns - w + 1 for w in range(2, min(MAX_GROUPS, columns) + 1))


def _all(masks: list[pa.Array]) -> pa.Array:
    import pyarrow.compute as pc

    out = masks[0]
    for more in masks[1:]:
        out = pc.and_(out, more)
    return out


def _per_window(mask: pa.Array, starts: int, size: int) -> list[int]:
    """How many of each window's ``size`` rows ``mask`` holds (windows one after the other)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    running = pc.cumulative_sum(mask.cast(pa.int64()))
    ends = running.take(pa.array(range(size - 1, starts * size, size), pa.int64())).to_pylist()
    return [b - a for a, b in zip([0, *ends], ends, strict=False)]


def _sum(numbers: list[pa.Array]) -> pa.Array:
    import pyarrow.compute as pc

    out = numbers[0]
    for more in numbers[1:]:
        out = pc.add(out, more)
    return out


def _counts(window_of: pa.Array, windows: int) -> list[int]:
    """How many of the (sorted) window numbers ``window_of`` are each window's."""
    import pyarrow.compute as pc

    ends = pc.search_sorted(window_of, int64_array(range(1, windows + 1))).to_pylist()
    return [b - a for a, b in zip([0, *ends], ends, strict=False)]


def _even(window_of: pa.Array, counts: list[int], limit: int) -> pa.Array:
    """Which of the (sorted) window numbers to keep: every k-th of a window's, its first
    included, k the smallest step leaving at most ``limit`` (all of a window holding no
    more). ``counts`` must be how many of ``window_of`` each window holds."""
    import pyarrow.compute as pc

    steps = [max(1, -(-n // limit)) for n in counts]
    if max(steps, default=1) == 1:
        return pc.greater_equal(window_of, 0)
    firsts = [0]
    for n in counts[:-1]:
        firsts.append(firsts[-1] + n)
    rank = pc.subtract(row_numbers(0, len(window_of)), int64_array(firsts).take(window_of))
    return pc.equal(pc.modulo(rank, int64_array(steps).take(window_of)), 0)


def _swept(rule: Rule) -> str:
    return rule.sweep_pattern or rule.pattern or ""


@lru_cache(maxsize=256)
def _shortest(pattern: str) -> int | None:
    """The fewest bytes a match of ``pattern`` takes in joined values, which hold digits and
    spaces only (None: it cannot match there: an e-mail, an international phone's "+")."""
    from piiscan.prefilter import Gate

    gate = Gate([pattern])
    return gate.shortest(0, gate.seen_texts([JOINED_CHARACTERS]).classes)


def _checker(rule: Rule) -> Callable[[str], bool]:
    from piiscan.detectors import VALIDATORS

    assert rule.validator is not None
    validate = VALIDATORS[rule.validator]
    params = dict(rule.params)

    def check(text: str) -> bool:
        try:
            return bool(validate(text, **params))
        except Exception:  # a validator bug must not stop the scan nor leak the value
            return False

    return check
