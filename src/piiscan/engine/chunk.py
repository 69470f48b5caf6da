"""A batch of one column's non-empty values, as Arrow arrays or Python lists.

Small batches (folders of small files) are cheaper as lists; big ones stay in Arrow so the
vectorized stages run in C. Either form is made from the other when first needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from piiscan.arrow import int64_array, string_array
from piiscan.normalize import (
    FLOAT_TRIGGERS,
    MAX_NORMALISED,
    TRIGGER_BRANCHES,
    normalise_array,
    normalise_texts,
)
from piiscan.prefilter import EVERYTHING, Gate, Screen, Seen

if TYPE_CHECKING:
    import pyarrow as pa

TRIGGERS = range(len(TRIGGER_BRANCHES))
"""A gate's first patterns are ``normalize.TRIGGER_BRANCHES`` (see ``column.Prefilter``)."""

SMALL = 1_024
"""Batches up to this length are handled as Python lists: per-call overhead of compute
kernels would cost more than the work (folders of small files)."""
WINDOW = 1 << 20
"""Characters per window of a longer cell: every part of a cell is searched, in windows
that keep each regex and validator call short."""
OVERLAP = 4_096
"""Characters two windows share, so that a value across a window edge is whole in one of
them (an e-mail is at most 254 characters, a spaced IBAN about 42)."""
REPEATS = 4
"""A batch holding at most one distinct value per this many values is searched once per
distinct value (canned comments, product names, statuses): hashing costs ~15 ns a value,
a regex pass ~35-130."""
PROBE = 1_024
"""First values of a column's first big batch counted to guess whether it repeats: hashing
a batch of unique values (ids, e-mails) would cost more than it saves."""


class Chunk:
    """One batch of a column's non-empty values with their row numbers: Arrow arrays, or
    Python lists for small batches; either form is made from the other when first needed."""

    def __init__(
        self,
        arrays: tuple[pa.Array, pa.Array] | None = None,
        lists: tuple[list[str], list[int]] | None = None,
        seen: Seen = EVERYTHING,
        repeats: bool = False,
        clean: frozenset[int] = frozenset(),
        encoding: tuple[pa.Array, pa.Array] | None = None,
    ) -> None:
        self._arrays = arrays
        self._encoding = encoding
        """(distinct values, each value's index among them) as ``present`` made them."""
        self._lists = lists
        self.small = lists is not None and len(lists[0]) <= SMALL
        self.seen = seen
        """What the values hold, for a ``prefilter.Gate`` (EVERYTHING: not looked at)."""
        self.repeats = repeats
        """Few distinct values (``REPEATS``): searched once per distinct value (``distinct``)."""
        self.clean = clean
        """Sweep patterns (indexes in the gate) no value matches (screened in ``present``)."""

    @classmethod
    def present(
        cls,
        values: pa.Array,
        rows: pa.Array,
        *,
        dense: bool = False,
        window: int = WINDOW,
        gate: Gate | None = None,
        repeats: bool = False,
        screen: Screen | None = None,
        sweeps: Sequence[int] = (),
        floats: bool = False,
    ) -> Chunk:
        """The non-null, non-empty values of a batch (all of them when ``dense``), undisguised
        for matching (``normalize``: full-width digits, zero-width characters, ``%40``, ...);
        a cell longer than ``window`` characters comes as overlapping windows at its row.
        With a ``gate``, what the values hold is read first: disguises that cannot be there
        are not looked for, nor later (``Chunk.seen``) the values that cannot be there.
        ``repeats``: the column's values repeat (``repetitive``), so the gate and the
        disguise pass read each distinct value once; the chunk says whether this batch did.
        ``screen``: the column's screen (``prefilter.Screen``), which reads the batch once for
        disguises and for the column's sweeping patterns (``sweeps``, indexes in the gate): a
        batch that holds neither is neither undisguised nor, later, swept (``Chunk.clean``).
        ``floats``: the values are Arrow's text of floating-point numbers
        (``ColumnChunk.floats``): only the exponent form is undisguised."""
        # Windows no longer than what normalize undoes disguises in: a full-width card in a
        # 10 MB cell is found as one in a short cell is.
        window = min(window, MAX_NORMALISED)
        if values.nbytes > window:
            values, rows = _windowed(values, rows, window)
        if len(values) <= SMALL:
            texts, numbers = values.to_pylist(), rows.to_pylist()
            texts = normalise_texts(texts) or texts
            if not all(texts):
                kept = [(t, n) for t, n in zip(texts, numbers, strict=True) if t]
                texts, numbers = [t for t, _ in kept], [n for _, n in kept]
            return cls(lists=(texts, numbers))
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = _encoded(values) if repeats else None
        looked = values if encoded is None else encoded.dictionary
        seen = EVERYTHING
        triggers: tuple[int, ...] | None = None
        quiet = False  # the screen found neither a disguise nor a value of a sweeping rule
        if gate is not None:
            seen = gate.seen(looked)
            triggers = gate.matching(seen, FLOAT_TRIGGERS if floats else TRIGGERS)
            wanted = (*triggers, *gate.matching(seen, sweeps))
            quiet = screen is not None and (
                not wanted or not screen.may_hold(looked, gate.alternation(wanted))
            )
        clean = frozenset(sweeps) if quiet else frozenset()
        undisguised = None if quiet else normalise_array(looked, triggers)
        if undisguised is not None:
            dense = False  # a value of invisible characters is now empty
            values = undisguised if encoded is None else undisguised.take(encoded.indices)
            seen = EVERYTHING if gate is None else gate.seen(undisguised)
        repeats = encoded is not None
        encoding = None
        if encoded is not None:
            encoding = (encoded.dictionary if undisguised is None else undisguised, encoded.indices)
        if dense:
            return cls(
                arrays=(values, rows), seen=seen, repeats=repeats, clean=clean, encoding=encoding
            )

        # A length cast to bool is false when empty and null when null (filter drops both),
        # without a Python scalar in the compute call.
        present = pc.cast(pc.binary_length(values), pa.bool_())
        if present.null_count or not pc.all(present).as_py():
            values, rows = pc.filter(values, present), pc.filter(rows, present)
            if encoding is not None:
                encoding = (encoding[0], pc.filter(encoding[1], present))
        return cls(
            arrays=(values, rows), seen=seen, repeats=repeats, clean=clean, encoding=encoding
        )

    @classmethod
    def join(cls, chunks: list[Chunk]) -> Chunk:
        """One chunk of the values of ``chunks``, in order."""
        if len(chunks) == 1:
            return chunks[0]
        seen = chunks[0].seen
        for chunk in chunks[1:]:
            seen |= chunk.seen
        repeats = all(c.repeats for c in chunks)
        clean = frozenset.intersection(*(c.clean for c in chunks))
        if sum(map(len, chunks)) <= SMALL:
            lists = [c.lists() for c in chunks]
            return cls(
                lists=([v for t, _ in lists for v in t], [r for _, n in lists for r in n]),
                seen=seen,
            )
        import pyarrow as pa

        arrays = [c.arrays() for c in chunks]
        values = [v for v, _ in arrays]
        if len({v.type for v in values}) > 1:
            values = [v.cast(pa.large_string()) for v in values]
        return cls(
            arrays=(pa.concat_arrays(values), pa.concat_arrays([r for _, r in arrays])),
            seen=seen,
            repeats=repeats,
            clean=clean,
        )

    def distinct(self) -> tuple[pa.Array, pa.Array] | None:
        """The distinct values and each value's index among them, when the chunk
        ``repeats`` and still does (else None: search the values themselves)."""
        if not self.repeats or self.small:
            return None
        if self._encoding is not None:  # present's, not made again
            dictionary, indices = self._encoding
            return self._encoding if len(dictionary) * REPEATS <= len(indices) else None
        encoded = _encoded(self.arrays()[0])
        return None if encoded is None else (encoded.dictionary, encoded.indices)

    def __len__(self) -> int:
        return len(self._lists[0]) if self._lists is not None else len(self.arrays()[0])

    def split(self, head: int) -> tuple[Chunk, Chunk]:
        """The first ``head`` values and the rest."""
        if self.small:
            texts, numbers = self.lists()
            return (
                Chunk(lists=(texts[:head], numbers[:head]), seen=self.seen),
                Chunk(lists=(texts[head:], numbers[head:]), seen=self.seen),
            )
        values, rows = self.arrays()
        kept = {"seen": self.seen, "repeats": self.repeats, "clean": self.clean}
        first = rest = None
        if self._encoding is not None:
            dictionary, indices = self._encoding
            first, rest = (dictionary, indices[:head]), (dictionary, indices[head:])
        return (
            Chunk(arrays=(values[:head], rows[:head]), encoding=first, **kept),  # type: ignore[arg-type]
            Chunk(arrays=(values[head:], rows[head:]), encoding=rest, **kept),  # type: ignore[arg-type]
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


def repetitive(values: pa.Array) -> bool:
    """Whether a column whose batch this is looks like it repeats its values (``PROBE``)."""
    import pyarrow.compute as pc

    return len(pc.unique(values[:PROBE])) * REPEATS <= min(PROBE, len(values))


def _encoded(values: pa.Array) -> pa.DictionaryArray | None:
    """``values`` as a dictionary and indices, when they repeat enough to be worth it."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(values)
    return encoded if len(encoded.dictionary) * REPEATS <= len(values) else None


def _first_rows(
    wanted: list[str], values: pa.Array, rows: pa.Array, limit: int
) -> tuple[str, list[int]]:
    """The first value (in row order) among ``wanted`` and up to ``limit`` of its rows."""
    import pyarrow.compute as pc

    where = pc.is_in(values, value_set=string_array(list(wanted)).cast(values.type))
    found_rows = pc.filter(rows, where)[:limit].to_pylist()
    first = pc.filter(values, where)[0].as_py()
    return first, found_rows


def _windowed(values: pa.Array, rows: pa.Array, window: int) -> tuple[pa.Array, pa.Array]:
    """``values`` with each cell longer than ``window`` characters split into windows that
    overlap by ``OVERLAP`` (each at the cell's row); the rest as they are."""
    import pyarrow.compute as pc

    # Bytes are never fewer than characters: most batches are ruled out from their offsets
    # alone, without reading the text (this runs on every large batch of every column).
    for length in (pc.binary_length, pc.utf8_length):
        longest = pc.max(length(values)).as_py()
        if longest is None or longest <= window:
            return values, rows
    overlap = min(OVERLAP, window // 2)
    texts: list[str | None] = []
    numbers: list[int] = []
    for text, number in zip(values.to_pylist(), rows.to_pylist(), strict=True):
        if text is None or len(text) <= window:
            texts.append(text)
            numbers.append(number)
            continue
        for start in range(0, len(text) - overlap, window - overlap):
            texts.append(text[start : start + window])
            numbers.append(number)
    return string_array(texts), int64_array(numbers)
