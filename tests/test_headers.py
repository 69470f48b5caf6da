"""Header words: tokenising column names and matching rule words against them."""

from __future__ import annotations

import pytest

from piiscan.headers import HeaderPattern, header_tokens


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
