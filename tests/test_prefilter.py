"""The prefilter passes over a pattern only where it cannot match."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.engine.column import Prefilter
from piiscan.normalize import TRIGGER_BRANCHES
from piiscan.prefilter import (
    EVERYTHING,
    MAX_WASTED,
    Gate,
    Screen,
    _screening,
    held_anywhere,
    ways_of,
)
from piiscan.ruleset import load_rules

RULES = load_rules()
PREFILTER = Prefilter(RULES)
GATE = PREFILTER.gate
COMPILED = [re.compile(p) for p in GATE.patterns]
EMAIL = GATE.patterns.index(next(r.pattern for r in RULES if r.id == "email"))
"""The e-mail rule's pattern among the gate's."""

# Text that comes close to what the patterns look for: digits, separators, "@", "+", letters
# of both cases and scripts, base64 and entity characters.
_ALPHABET = "0123456789 +-./_|@%&#;()[]<>:,aAeEtTdDxXzZsSkKiI=\t\nёЖ４ⅷ\u212a\u017f\u0130\u0131"
"""With the characters some ASCII letters match when case is ignored (Kelvin sign, long s,
dotted and dotless i)."""
_EXAMPLES = [
    "ivan.petrov@mail.ru",
    "+7 916 123-45-67",
    "4276 1234 5678 9012",
    "DE89 3704 0044 0532 0130 00",
    "de89370400440532013000",
    "7.9161234567e+10",
    "ivan%40mail.ru",
    "ivan &#64; mail.ru",
    "ivan [at] mail [dot] ru",
    "aXZhbkBtYWlsLnJ1IGhlbGxv",
    "79161234567.0",
    "4276.1234.5678.9012",
]
values = st.lists(
    st.one_of(
        st.text(alphabet=_ALPHABET, max_size=40),
        st.sampled_from(_EXAMPLES),
        st.builds(
            lambda a, b, c: a + b + c,
            st.text(_ALPHABET, max_size=8),
            st.sampled_from(_EXAMPLES),
            st.text(_ALPHABET, max_size=8),
        ),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_a_pattern_that_matches_a_value_is_never_passed_over(texts: list[str]) -> None:
    seen = GATE.seen(pa.array(texts, pa.string()))
    for index, pattern in enumerate(COMPILED):
        if any(pattern.search(text) for text in texts):
            assert GATE.may_match(index, seen), GATE.patterns[index]


@given(values)
@settings(max_examples=50, deadline=None)
def test_large_strings_read_like_strings(texts: list[str]) -> None:
    small = GATE.seen(pa.array(texts, pa.string()))
    large = GATE.seen(pa.array(texts, pa.large_string()))
    assert small == large


def test_a_slice_is_read_from_its_own_bytes() -> None:
    array = pa.array(["ivan@mail.ru", "12345", "67890"])
    email = EMAIL
    assert GATE.may_match(email, GATE.seen(array))
    assert not GATE.may_match(email, GATE.seen(array[1:]))


def test_columns_of_numbers_need_no_search() -> None:
    ids = pa.array([str(n) for n in range(100_000, 110_000)])
    seen = GATE.seen(ids)
    assert GATE.matching(seen, range(len(TRIGGER_BRANCHES))) == ()
    for rule in RULES:
        if rule.cells and rule.sweep != "off":
            assert not PREFILTER.may_hold(rule, seen, sweeping=True), rule.id


def test_what_each_kind_of_value_needs() -> None:
    (email,) = ways_of("[a-z]+@[a-z]+[.][a-z]{2,}")
    assert frozenset(b"@") in email.sets and email.min_length == 6
    iban = ways_of("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}|[0-9]{26}")
    assert len(iban) == 2 and {w.min_length for w in iban} == {15, 26}
    # What cannot be read needs nothing: the gate lets it through.
    assert ways_of("(?P<x") == ways_of("") and not ways_of("(?P<x")[0].sets
    assert ways_of("(?i:at)")[0].sets[0] >= frozenset(b"aA")


def test_ignoring_case_adds_non_ascii_bytes_only_where_a_letter_folds_to_one() -> None:
    # "a" and "t" match nothing beyond ASCII: a column of card numbers (digits and spaces)
    # cannot hold "ivan at mail.ru"; "k" matches the Kelvin sign, "s" the long s.
    (at,) = ways_of("(?i:at)")
    assert frozenset(b"aA") in at.sets and frozenset(b"tT") in at.sets
    for letter in "kKsSiI":
        (way,) = ways_of(f"(?i:{letter})")
        assert max(way.sets[0]) >= 0x80 if way.sets else True
    cards = GATE.seen(pa.array(["4276 1234 5678 9012"] * 3))
    spelled = next(i for i, p in enumerate(GATE.patterns) if "(?i:at)[ \\t]" in p)
    assert not GATE.may_match(spelled, cards)
    assert GATE.may_match(spelled, GATE.seen(pa.array(["ivan at mail.ru"])))


def test_anything_unread_lets_every_pattern_through() -> None:
    assert GATE.matching(EVERYTHING) == tuple(range(len(GATE.patterns)))
    assert Gate(["x"]).seen(pa.array([1, 2])) == EVERYTHING


@pytest.mark.parametrize("text", ["", "plain words only"])
def test_empty_and_plain_text(text: str) -> None:
    seen = GATE.seen(pa.array([text]))
    email = EMAIL
    assert not GATE.may_match(email, seen)


@settings(max_examples=200, deadline=None)
@given(values)
def test_small_batches_read_as_text_never_pass_over_a_match(texts: list[str]) -> None:
    seen = GATE.seen_texts(texts)
    assert not seen.unread
    for index, pattern in enumerate(COMPILED):
        if any(pattern.search(text) for text in texts):
            assert GATE.may_match(index, seen), GATE.patterns[index]


def test_a_joined_unread_batch_stays_unread() -> None:
    assert (EVERYTHING | GATE.seen(pa.array(["12345"]))).unread
    assert (EVERYTHING | EVERYTHING).unread


@settings(max_examples=300, deadline=None)
@given(values, st.integers(0, 3), st.booleans())
def test_a_batch_joined_never_hides_a_value_that_matches(
    texts: list[str], skip: int, large: bool
) -> None:
    """Each pattern, as RE2 reads it value by value, against one pass over the values joined
    (with nulls among them, and a slice of a longer array)."""
    array = pa.array(["4276 1234", None, *texts], pa.large_string() if large else pa.string())
    array = array[min(skip, len(array) - 1) :]
    for pattern in GATE.patterns:
        if pc.any(pc.match_substring_regex(array, pattern)).as_py():
            assert held_anywhere(array, pattern), pattern


def test_values_joined_keep_their_edges() -> None:
    assert held_anywhere(pa.array(["ab", "12"]), "^12$")
    assert not held_anywhere(pa.array(["ab", "x12"]), "^12$")
    assert not held_anywhere(pa.array([None, ""]), "x")
    assert held_anywhere(pa.array([b"\xff"], pa.binary()), "never")  # not text: not screened


def test_a_screen_stops_once_it_spares_nothing() -> None:
    screen = Screen()
    clean, dirty = pa.array(["abc"] * 10), pa.array(["abc", "x@y.z"])
    assert not screen.may_hold(clean, "@")
    for _ in range(MAX_WASTED + 2):
        assert screen.may_hold(dirty, "@")
    assert screen.may_hold(clean, "@")  # it wasted more than it spared: no longer screened


@pytest.mark.parametrize(
    ("pattern", "screened"),
    [
        ("a{1,64}@", "a{1,}@"),
        ("[{1,2}]x{2,3}", "[{1,2}]x{2,}"),
        ("\\{1,2\\}", "\\{1,2\\}"),
        ("[]{1,2}]{3,4}", "[]{1,2}]{3,}"),
        ("[^]{1,2}]b{10}", "[^]{1,2}]b{10}"),
        ("(?i:x{0,5}?)", "(?i:x{0,}?)"),
    ],
)
def test_bounded_repeats_are_screened_unbounded(pattern: str, screened: str) -> None:
    """Outside classes and escapes only: the screen matches wherever the pattern does."""
    assert _screening(pattern) == f"(?m)(?:{screened})"


@pytest.mark.parametrize("where", [0, -1])
def test_a_batch_longer_than_a_slice_is_read_to_its_last_byte(where: int) -> None:
    from piiscan.prefilter import SLICE

    texts = ["plain words only"] * (3 * SLICE // 16)
    texts[where] = "ivan.petrov@mail.ru"
    email = EMAIL
    assert GATE.may_match(email, GATE.seen(pa.array(texts)))
    assert not GATE.may_match(email, GATE.seen(pa.array(["plain words only"] * len(texts))))
