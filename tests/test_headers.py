"""Header words: tokenising column names and matching rule words against them."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.headers import _EMAIL_LIKE, HeaderPattern, header_tokens, may_match_any
from piiscan.ruleset import load_rules


@pytest.mark.parametrize(
    ("header", "tokens"),
    [
        ("customer.contactPhone[]", ("customer", "contact", "phone")),
        ("Дата рождения", ("дата", "рождения")),
        ("orders[].items[].sku", ("orders", "items", "sku")),
        ("Straße_Nr", ("strasse", "nr")),
        ("Ім'я", ("ім", "я")),
        ("EMAIL_ADDRESS", ("email", "address")),
        ("Unnamed: 4", ("unnamed", "4")),
        ("", ()),
    ],
    ids=[
        "camel-nested",
        "russian",
        "lists",
        "german-eszett",
        "ukrainian",
        "screaming",
        "pandas",
        "empty",
    ],
)
def test_header_tokens(header: str, tokens: tuple[str, ...]) -> None:
    assert header_tokens(header) == tokens


PATTERN = HeaderPattern.compile(
    ["phone", "телефон*", "дата_рожд*", "date_of_birth", "e_mail"], ["sha*", "hash"]
)


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ("phone", True),
        ("Мобильный телефон", True),
        ("Телефона", True),
        ("Дата рождения", True),
        ("customer.date_of_birth", True),
        ("dateOfBirth", True),
        ("e-mail", True),
        ("phone_sha256", False),
        ("phone hash", False),
        ("smartphone", False),
        ("birth_date", False),
        ("date", False),
    ],
)
def test_header_pattern(header: str, matches: bool) -> None:
    assert PATTERN.matches(header) is matches


@pytest.mark.parametrize(
    ("header", "matched"),
    [
        ("Schuhgröße", True),
        ("größe", True),
        ("card.checks.address_line1_check", False),
        ("card.number", True),
        ("customer.contact.phone", True),
        ("Эл. почта", False),
    ],
    ids=["compound", "plain", "grandparent-word", "parent-and-leaf", "leaf", "dotted-header"],
)
def test_leaf_first_and_suffix_words(header: str, matched: bool) -> None:
    pattern = HeaderPattern.compile(["*größe", "card*", "phone"])
    assert pattern.matches(header) is matched


_RULES = load_rules()
_PATTERNS = tuple(rule.header for rule in _RULES)
_WORDS = sorted({word for rule in _RULES for word in rule.header.source})


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), max_size=2),
    noise=st.lists(st.text(alphabet="abcxyz_0123 .", max_size=6), max_size=2),
    order=st.randoms(use_true_random=False),
)
def test_the_quick_filter_never_hides_a_header_match(
    words: list[str], noise: list[str], order: random.Random
) -> None:
    """``may_match_any`` may say yes where no rule matches, never no where one does."""
    parts = [w.replace("*", "x") for w in words] + noise
    order.shuffle(parts)
    header = "_".join(parts)
    if any(pattern.matches(header) for pattern in _PATTERNS):
        assert may_match_any(_PATTERNS, header)


def test_every_rule_word_passes_the_quick_filter() -> None:
    for word in _WORDS:
        for header in (word.replace("*", ""), word.replace("*", "xy"), f"my_{word.strip('*')}"):
            if any(pattern.matches(header) for pattern in _PATTERNS):
                assert may_match_any(_PATTERNS, header), header


def test_generic_column_names_are_filtered_out() -> None:
    assert not any(may_match_any(_PATTERNS, f"c{i}") for i in range(1_000))
    assert may_match_any(_PATTERNS, "customer_email")


_BACKTRACKING_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""The e-mail test as first written: right, but quadratic on a long name without an "@"."""


@settings(max_examples=500)
@given(st.text(alphabet="ab.@ \t1", max_size=12))
def test_email_like_names_are_those_the_plain_pattern_finds(name: str) -> None:
    assert bool(_EMAIL_LIKE.search(name)) == bool(_BACKTRACKING_EMAIL.search(name))
