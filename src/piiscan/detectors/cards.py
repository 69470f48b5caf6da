"""Payment card numbers: Luhn checksum, issuer prefix table and length.

A 16-digit random id passes Luhn one time in ten, so the issuer table (prefix -> allowed
lengths) and the grouping of separators do the rest of the work.
"""

from __future__ import annotations

import re

from piiscan.detectors._text import MAX_LEN, digits_only, is_ascii_digits

# (first digits low, high, allowed lengths): ranges compare on the first len(low) digits.
# Visa 13-digit numbers are retired and collide with EAN-13 barcodes (46... in Russia),
# so Visa is 16 or 19 digits only.
_ISSUERS: tuple[tuple[str, str, frozenset[int]], ...] = (
    ("4", "4", frozenset({16, 19})),  # Visa
    ("51", "55", frozenset({16})),  # Mastercard
    ("2221", "2720", frozenset({16})),  # Mastercard 2-series
    ("2200", "2204", frozenset({16, 17, 18, 19})),  # Mir
    ("34", "34", frozenset({15})),  # American Express
    ("37", "37", frozenset({15})),  # American Express
    ("62", "62", frozenset({16, 17, 18, 19})),  # UnionPay
    ("81", "81", frozenset({16, 17, 18, 19})),  # UnionPay (newer ranges)
    ("3528", "3589", frozenset({16, 17, 18, 19})),  # JCB
    ("300", "305", frozenset({14, 16, 19})),  # Diners Club International
    ("36", "36", frozenset({14, 16, 19})),  # Diners Club
    ("38", "39", frozenset({16, 19})),  # Diners Club
    ("6011", "6011", frozenset({16, 17, 18, 19})),  # Discover
    ("644", "649", frozenset({16, 17, 18, 19})),  # Discover
    ("65", "65", frozenset({16, 17, 18, 19})),  # Discover / RuPay
    # Maestro allows 12-19 digits, but 12-15-digit cards are rare and collide with
    # 12-digit tax numbers and retrieval reference numbers.
    ("50", "50", frozenset(range(16, 20))),  # Maestro / Verve
    ("56", "58", frozenset(range(16, 20))),  # Maestro
    ("60", "60", frozenset({16})),  # RuPay
    ("6304", "6304", frozenset(range(16, 20))),  # Maestro (Laser)
    ("636", "636", frozenset(range(16, 20))),  # InterPayment
    ("67", "67", frozenset(range(16, 20))),  # Maestro
    ("9792", "9792", frozenset({16})),  # Troy
)

_GROUPED = re.compile(r"[0-9]{4}(?:[ -][0-9]{2,6}){1,4}")


_BY_FIRST_DIGIT: dict[str, tuple[tuple[str, str, frozenset[int]], ...]] = {
    digit: tuple(i for i in _ISSUERS if i[0][0] <= digit <= i[1][0]) for digit in "0123456789"
}
"""The issuers a number may belong to, by its first digit: a column of 13-digit barcodes or
12-digit tax numbers is swept cell by cell, and each cell used to be held against them all."""
_DOUBLED = tuple((2 * d) - 9 if d > 4 else 2 * d for d in range(10))
"""A digit's share of the Luhn sum when it is doubled."""


def luhn_ok(number: str) -> bool:
    """Luhn (mod 10) checksum over an ASCII digit string."""
    if not is_ascii_digits(number):
        return False
    digits = [ord(ch) - 48 for ch in reversed(number)]
    doubled = _DOUBLED
    return (sum(digits[0::2]) + sum(doubled[d] for d in digits[1::2])) % 10 == 0


def issuer_ok(number: str) -> bool:
    """True when some issuer's prefix range and length table admits ``number``."""
    n = len(number)
    return any(
        n in lengths and low <= number[: len(low)] <= high
        for low, high, lengths in _BY_FIRST_DIGIT.get(number[:1], ())
    )


def _shape_ok(value: str) -> bool:
    if is_ascii_digits(value):
        return True
    if not _GROUPED.fullmatch(value):
        return False
    seps = {c for c in value if c in " -"}
    return len(seps) == 1


def luhn(value: str) -> bool:
    """Digits (spaces/dashes allowed) whose Luhn checksum holds; no issuer check."""
    if len(value) > MAX_LEN:
        return False
    number = digits_only(value)
    return 8 <= len(number) <= 19 and _shape_ok(value.strip()) and luhn_ok(number)


_EDGE = " \t\r\n:;,.!?«»\"'()[]{}=#№*/"


def card_number(value: str) -> bool:
    """A PAN: 12-19 digits, one kind of separator in 4-digit-led groups, issuer + Luhn.

    A match inside free text may run on into a neighbouring number ("... 1111 12/29"),
    so the value without its last or first group is tried too.
    """
    value = value.strip(_EDGE)
    if len(value) > 40:
        return False
    if _pan_ok(value):
        return True
    groups = re.split(r"[ -]", value)
    if len(groups) < 3:
        return False
    sep = " " if " " in value else "-"
    return _pan_ok(sep.join(groups[:-1])) or _pan_ok(sep.join(groups[1:]))


def _pan_ok(value: str) -> bool:
    if not _shape_ok(value):
        return False
    number = digits_only(value)
    return 12 <= len(number) <= 19 and issuer_ok(number) and luhn_ok(number)
