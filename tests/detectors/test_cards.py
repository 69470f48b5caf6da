"""Card numbers: issuer table, length, Luhn, separators."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.detectors import cards
from piiscan.detectors.cards import card_number, issuer_ok, luhn, luhn_ok


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("4111 1111 1111 1111", id="visa-spaces"),
        pytest.param("4111111111111111", id="visa-bare"),
        pytest.param("5555-5555-5555-4444", id="mastercard-dashes"),
        pytest.param("2221000000000009", id="mastercard-2series"),
        pytest.param("2200 0000 0000 0004", id="mir"),
        pytest.param("3782 822463 10005", id="amex-4-6-5"),
        pytest.param("3530111333300000", id="jcb"),
        pytest.param("6011111111111117", id="discover"),
        pytest.param("6200000000000005", id="unionpay-16"),
        pytest.param("6280 0304 5169 6872 002", id="unionpay-19"),
        pytest.param(" 4111 1111 1111 1111)", id="text-match-edges"),
        pytest.param("4111 1111 1111 1111 12", id="text-match-runs-on"),
    ],
)
def test_card_number_accepts(value: str) -> None:
    assert card_number(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("4111 1111 1111 1112", id="luhn-fails"),
        pytest.param("1234 5678 9012 3456", id="no-issuer"),
        pytest.param("4631037240181", id="ean13-visa-prefix"),
        pytest.param("4111 1111-1111 1111", id="mixed-separators"),
        pytest.param("41 11 11 11 11 11 11 11", id="pair-groups"),
        pytest.param("3782822463100050", id="amex-wrong-length"),
        pytest.param("", id="empty"),
        pytest.param("4111 1111 1111 111a", id="letter"),
        pytest.param("509022002570", id="12-digit-tax-number"),
    ],
)
def test_card_number_rejects(value: str) -> None:
    assert not card_number(value)


def test_luhn_plain() -> None:
    assert luhn_ok("79927398713")
    assert not luhn_ok("79927398710")
    assert not luhn_ok("")
    assert luhn("7992 7398 713")


def test_issuer_table() -> None:
    assert issuer_ok("2204000000000000")
    assert not issuer_ok("2205000000000000")  # between Mir and Mastercard 2-series


@given(st.text(max_size=60))
def test_card_number_never_raises(value: str) -> None:
    assert card_number(value) in (True, False)
    assert luhn(value) in (True, False)


@given(st.from_regex(re.compile(r"[0-9]{16}"), fullmatch=True))
def test_broken_luhn_never_a_card(digits: str) -> None:
    last = (int(digits[-1]) + 1) % 10
    broken = digits[:-1] + str(last)
    assert not (card_number(digits) and card_number(broken))


def _textbook_luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


@settings(max_examples=2_000, deadline=None)
@given(st.text(alphabet="0123456789", max_size=20))
def test_luhn_and_issuer_tables_agree_with_their_plain_reading(number: str) -> None:
    """The per-first-digit issuer index and the table-driven Luhn say what the issuer list and
    the textbook checksum say (every swept cell of a column of ids goes through them)."""
    assert cards.luhn_ok(number) == (bool(number) and _textbook_luhn(number))
    plain = any(
        len(number) in lengths and low <= number[: len(low)] <= high
        for low, high, lengths in cards._ISSUERS
    )
    assert cards.issuer_ok(number) == plain
