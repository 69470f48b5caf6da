"""Which patterns could match a batch at all, told from the bytes it holds.

Every cell of every column is searched for high-signal values and disguises, but most columns
cannot hold most of them: an e-mail needs an "@", an international phone a "+", an IBAN two
capital letters and a dozen characters. A pattern's needs (characters every match contains,
and its least length) are read from its syntax tree once. Per batch, one ``bytes.translate``
of the column's bytes into character classes and a ``memchr`` per class say which needs are
met, and a regex pass over the values (tens of nanoseconds per value whatever the pattern)
runs only for the patterns that could match: on a column of ids or amounts, usually none.

The analysis is conservative: what it cannot read (a syntax Python's parser does not know, an
optional part, a class of nearly every character) needs nothing, so the gate only ever passes
over a pattern that could not match.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

_HIGH = frozenset(range(0x80, 0x100))
"""A non-ASCII character is made of these bytes in UTF-8."""
_ASCII = frozenset(range(0x80))
_DIGITS = frozenset(b"0123456789")
_WORD = frozenset(b"0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_FOLDED = frozenset(b"iIkKsS")
"""ASCII letters that match a non-ASCII character when case is ignored: the Kelvin sign, the
long s (RE2 and Python), the dotted and dotless i (Python's re)."""
_SPACE = frozenset(b" \t\n\r\f\v\x1c\x1d\x1e\x1f")
_CATEGORIES = {
    sre.CATEGORY_DIGIT: _DIGITS | _HIGH,
    sre.CATEGORY_WORD: _WORD | _HIGH,
    sre.CATEGORY_SPACE: _SPACE | _HIGH,
}
"""Python's classes match Unicode: their non-ASCII members count as any high byte."""
USEFUL = 160
"""A need met by more bytes than this is met by nearly any text: not worth a class."""
MAX_NEEDS = 4
"""Needs kept per way of matching (the most selective): each costs a look-up per batch."""
MAX_WAYS = 4
"""Ways of matching kept apart (an IBAN: letters then digits, or 26 digits); beyond, they
are merged into one, which needs less."""


@dataclass(frozen=True)
class Way:
    """One way a pattern may match: it holds a byte of each set, and at least
    ``min_length`` characters (so at least as many bytes)."""

    sets: tuple[frozenset[int], ...] = ()
    min_length: int = 0

    def weaker_than(self, other: Way) -> bool:
        """Whether every batch ``other`` allows, this allows too (and they differ)."""
        return (
            self != other
            and set(self.sets) <= set(other.sets)
            and self.min_length <= other.min_length
        )

    def then(self, other: Way) -> Way:
        """This way followed by ``other``."""
        return Way(_best(self.sets + other.sets), self.min_length + other.min_length)


_ANYTHING = (Way(),)
"""A part that needs nothing (it may even be empty)."""


def ways_of(pattern: str) -> tuple[Way, ...]:
    """The ways ``pattern`` (RE2 syntax read by Python's parser) may match; a match takes
    one of them. A single empty way when unreadable."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError, ValueError, TypeError):
        return _ANYTHING
    ignore_case = bool(tree.state.flags & sre.SRE_FLAG_IGNORECASE)
    try:
        return _sequence(tree, ignore_case)
    except RecursionError:
        return _ANYTHING


def _sequence(items: Any, ignore_case: bool) -> tuple[Way, ...]:
    ways: tuple[Way, ...] = _ANYTHING
    for op, av in items:
        item = _item(op, av, ignore_case)
        ways = _limited(tuple(a.then(b) for a, b in itertools.product(ways, item)))
    return ways


def _item(op: Any, av: Any, ignore_case: bool) -> tuple[Way, ...]:
    if op is sre.LITERAL:
        return (_one(_cased({av}, ignore_case)),)
    if op is sre.NOT_LITERAL:
        return (_one(_cased(set(_ASCII - {av}) | _HIGH, ignore_case)),)
    if op is sre.IN:
        return (_one(_cased(_members(av), ignore_case)),)
    if op is sre.ANY:
        return (Way((), 1),)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        if low == 0:
            return _ANYTHING
        inner = _sequence(body, ignore_case)
        return tuple(Way(w.sets, w.min_length * low) for w in inner)
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            ignore_case = True
        elif del_flags & sre.SRE_FLAG_IGNORECASE:
            ignore_case = False
        return _sequence(body, ignore_case)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, ignore_case)
    if op is sre.BRANCH:
        return _limited(tuple(w for alt in av[1] for w in _sequence(alt, ignore_case)))
    return _ANYTHING  # anchors, lookarounds, back-references: no need, no length


def _one(members: frozenset[int]) -> Way:
    """One character of ``members``."""
    return Way((members,) if len(members) <= USEFUL else (), 1)


def _best(sets: tuple[frozenset[int], ...]) -> tuple[frozenset[int], ...]:
    """The most selective needs (fewest bytes), without repeats."""
    return tuple(sorted(set(sets), key=lambda s: (len(s), sorted(s)))[:MAX_NEEDS])


def _limited(ways: tuple[Way, ...]) -> tuple[Way, ...]:
    """At most MAX_WAYS ways: beyond, all merged into one (a byte of the union of one need
    from each, and the least length of any)."""
    unique = tuple(dict.fromkeys(ways))
    # A way that needs all another needs, and more, adds nothing: a match it allows, the
    # other allows too. A way weaker than another needs fewer sets and no more length, so
    # in that order each is compared with the ways kept before it only (an alternation of
    # two hundred street words has as many ways).
    kept: list[Way] = []
    for way in sorted(unique, key=lambda w: (len(set(w.sets)), w.min_length)):
        if not any(other.weaker_than(way) for other in kept):
            kept.append(way)
    kept_ways = set(kept)
    unique = tuple(way for way in unique if way in kept_ways)
    if len(unique) <= MAX_WAYS:
        return unique
    if any(not way.sets for way in unique):
        return (Way((), min(w.min_length for w in unique)),)
    merged = frozenset().union(*(way.sets[0] for way in unique))
    sets = (merged,) if len(merged) <= USEFUL else ()
    return (Way(sets, min(w.min_length for w in unique)),)


def _members(items: Any) -> frozenset[int]:
    """Bytes that may begin a character of a class (every non-ASCII character counts as any
    high byte); every byte when the class holds something this does not read."""
    members: set[int] = set()
    negated = False
    for op, av in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            members |= {av} if av < 0x80 else _HIGH
        elif op is sre.RANGE:
            low, high = av
            members.update(range(low, min(high, 0x7F) + 1))
            if high >= 0x80:
                members |= _HIGH
        elif op is sre.CATEGORY and av in _CATEGORIES:
            members |= _CATEGORIES[av]
        else:
            return _ASCII | _HIGH
    if negated:
        # What the class does not list: its ASCII complement, and the non-ASCII characters
        # (listing one excludes only itself, not every high byte).
        return frozenset(_ASCII - members) | _HIGH
    return frozenset(members)


def _cased(chars: set[int] | frozenset[int], ignore_case: bool) -> frozenset[int]:
    """Code points as the bytes they may appear as (any case when ``ignore_case``)."""
    out = {c for c in chars if c < 0x80}
    if len(out) < len(chars):
        out |= _HIGH
    if ignore_case:
        out |= {ord(chr(c).swapcase()) for c in out if chr(c).isalpha()}
        if out & _FOLDED:
            out |= _HIGH
    return frozenset(out)


@dataclass(frozen=True)
class Seen:
    """What a batch holds, as far as the gate cares: the character classes present (a bit
    each) and its longest value in bytes. Batches join by union."""

    classes: int
    longest: int

    def __or__(self, other: Seen) -> Seen:
        return Seen(self.classes | other.classes, max(self.longest, other.longest))

    @property
    def unread(self) -> bool:
        """Taken to hold everything (not read, or joined with a batch not read)."""
        return self.classes == -1


SLICE = 1 << 18
"""Bytes of a batch translated at a time: a slice and its translation stay in the processor's
cache and the allocator reuses their memory (a whole 4 MB column, fresh pages each time, was
up to twice as slow a byte)."""

EVERYTHING = Seen(-1, 1 << 62)
"""What a batch the gate has not read is taken to hold: every pattern may match."""


class Gate:
    """The ways some patterns match, and the byte classes that tell their needs apart."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self.ways = tuple(ways_of(p) for p in self.patterns)
        needs = sorted({s for ways in self.ways for w in ways for s in w.sets}, key=sorted)
        # Bytes that meet the same needs form one class, translated to one byte.
        classes: dict[tuple[bool, ...], list[int]] = {}
        for byte in range(256):
            key = tuple(byte in s for s in needs)
            if any(key):
                classes.setdefault(key, []).append(byte)
        table = bytearray(256)
        for index, members in enumerate(classes.values()):
            for byte in members:
                table[byte] = index + 1
        self._table = bytes(table)
        self._deleted = bytes(b for b in range(256) if not table[b])
        self._marks = [bytes([index + 1]) for index in range(len(classes))]
        keys = list(classes)
        mask = {s: sum(1 << i for i, key in enumerate(keys) if key[needs.index(s)]) for s in needs}
        self._masks = tuple(
            tuple((tuple(mask[s] for s in w.sets), w.min_length) for w in ways)
            for ways in self.ways
        )

    def seen(self, values: pa.Array) -> Seen:
        """The classes ``values`` (a string array) holds; EVERYTHING for other types."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
            return EVERYTHING
        longest = pc.max(pc.binary_length(values)).as_py() or 0
        _, offsets, data = values.buffers()
        if data is None or not longest:
            return Seen(0, longest)
        wide = pa.types.is_large_string(values.type)
        bounds = pa.Array.from_buffers(
            pa.int64() if wide else pa.int32(),
            len(values) + 1,
            [None, offsets],
            offset=values.offset,
        )
        start, end = bounds[0].as_py(), bounds[len(values)].as_py()
        classes, marks = 0, list(enumerate(self._marks))
        for at in range(start, end, SLICE):
            piece = data.slice(at, min(SLICE, end - at)).to_pybytes()
            held = piece.translate(self._table, self._deleted)
            missing = []
            for index, mark in marks:
                if mark in held:
                    classes |= 1 << index
                else:
                    missing.append((index, mark))
            marks = missing
        return Seen(classes, longest)

    def seen_texts(self, texts: Sequence[str]) -> Seen:
        """``seen`` for a small batch held as Python strings."""
        data = "\n".join(texts).encode("utf-8", "surrogatepass")
        return Seen(
            self._classes(data.translate(self._table, self._deleted)),
            max(map(len, texts), default=0) * 4,  # bytes: at most four per character
        )

    def _classes(self, held: bytes) -> int:
        classes = 0
        for index, mark in enumerate(self._marks):
            if mark in held:
                classes |= 1 << index
        return classes

    def may_match(self, index: int, seen: Seen) -> bool:
        """Whether pattern ``index`` could match a value of a batch that holds ``seen``."""
        return any(
            seen.longest >= min_length and all(seen.classes & m for m in masks)
            for masks, min_length in self._masks[index]
        )

    def shortest(self, index: int, classes: int) -> int | None:
        """The fewest bytes a match of pattern ``index`` takes in values holding no byte
        outside ``classes`` (None: it cannot match there)."""
        return min(
            (least for masks, least in self._masks[index] if all(classes & m for m in masks)),
            default=None,
        )

    def alternation(self, indexes: tuple[int, ...]) -> str:
        """One pattern matching where any of patterns ``indexes`` does."""
        return alternation(tuple(self.patterns[i] for i in indexes))

    def matching(self, seen: Seen, among: Sequence[int] | None = None) -> tuple[int, ...]:
        """The patterns (indexes, of ``among`` or all) that could match where ``seen``."""
        indexes = range(len(self.patterns)) if among is None else among
        return tuple(i for i in indexes if self.may_match(i, seen))


@lru_cache(maxsize=1024)
def alternation(patterns: tuple[str, ...]) -> str:
    """One pattern matching where any of ``patterns`` does (each kept whole in a group)."""
    return "|".join(f"(?:{p})" for p in patterns)


JOINED_MAX = 1 << 26
"""Bytes of a batch joined into one string for ``held_anywhere`` (beyond: not screened, so
the copy never adds more than this to a scan's memory)."""


def held_anywhere(values: pa.Array, pattern: str) -> bool:
    """Whether some value of ``values`` (a string array) may hold a match of ``pattern``.

    One RE2 pass over the values joined by newlines, in multi-line mode: ~1.4 ns a byte
    whatever the pattern, where a pass value by value costs 35-140 ns a value (RE2 is set up
    per value). Never false when a value matches: each value is whole between two newlines,
    where ``^``, ``$`` and ``\\b`` hold as at a lone value's edges; a match across two values,
    or at a newline inside one, only makes it say yes where the pass per value will say no."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return True
    if values.null_count:
        values = values.drop_null()
    if not len(values) or values.nbytes > JOINED_MAX:
        return bool(len(values))
    lines = pa.ListArray.from_arrays(pa.array([0, len(values)], pa.int32()), values)
    joined = pc.binary_join(lines, pa.scalar("\n", values.type))
    return bool(pc.match_substring_regex(joined, _screening(pattern))[0].as_py())


_BOUNDED = re.compile(r"\{(\d+),\d+\}")


@lru_cache(maxsize=256)
def _screening(pattern: str) -> str:
    """``pattern`` for a pass over values joined by newlines: multi-line, and each bounded
    repeat ``{m,n}`` made ``{m,}``. That matches wherever the pattern does (and more), and
    keeps RE2's DFA small: on text that keeps a bounded repeat alive (the 64 characters
    before an e-mail's "@"), its states multiply past RE2's memory budget and the search
    slows to 10-60 ns a byte; unbounded, it reads ~1-2 ns a byte."""
    out: list[str] = []
    at, in_class = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            out.append(pattern[at : at + 2])
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            end = at + 1 + pattern.startswith("^", at + 1)
            if pattern.startswith("]", end):  # a "]" first in a class is one of its members
                end += 1
            out.append(pattern[at:end])
            at = end
            continue
        elif bounded := _BOUNDED.match(pattern, at):
            out.append(f"{{{bounded.group(1)},}}")
            at = bounded.end()
            continue
        out.append(char)
        at += 1
    return f"(?m)(?:{''.join(out)})"


MAX_WASTED = 3
"""Screens that lead to the pass per value, beyond those that spared it, after which a column
is no longer screened: its first batches are screened for more than later ones (the sweep for
its own kind of value, until the column is known to be all of that kind)."""


@dataclass
class Screen:
    """Whether a column's batches are worth ``held_anywhere`` before a pass value by value: it
    costs about half that pass, so it runs while it spares the pass at least as often as it
    leads to it (a column of Cyrillic names always holds a non-ASCII character: no screen)."""

    spared: int = 0
    wasted: int = 0

    def may_hold(self, values: pa.Array, pattern: str) -> bool:
        """Whether some value may match ``pattern`` (True, unread, once screening stopped)."""
        if self.wasted > self.spared + MAX_WASTED:
            return True
        if held_anywhere(values, pattern):
            self.wasted += 1
            return True
        self.spared += 1
        return False
