"""Stated tastes, sizes, postal codes and digests: the value shapes of preference rules."""

from __future__ import annotations

import pytest

from piiscan.detectors.network import geohash
from piiscan.detectors.tastes import taste
from piiscan.detectors.values import hex_digest, postal_code, size


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("индейку в медовом соусе", True),
        ("красное вино", True),
        ("Rotwein", True),
        ("wegetariańska", True),
        ("thé vert", True),
        ("boeuf bourguignon", True),
        ("Nike", True),
        ("the door", False),
        ("price", False),
        ("Москва", False),
        ("John Smith", False),
        ("Please call before delivery", False),
        ("I really liked the wine but the waiter forgot our order twice tonight", False),
    ],
    ids=lambda v: str(v)[:20],
)
def test_taste(value: str, ok: bool) -> None:
    assert taste(value) is ok


@pytest.mark.parametrize(
    ("check", "value", "ok"),
    [
        (size, "XL", True),
        (size, "EU 39", True),
        (size, "42", True),
        (size, "12345", False),
        (postal_code, "SW1A 1AA", True),
        (postal_code, "00-950", True),
        (postal_code, "101000", True),
        (postal_code, "hello", False),
        (hex_digest, "9f86d081884c7d659a2feaa0c55ad015", True),
        (hex_digest, "12345678901234567890123456789012", False),
        (geohash, "u8r9xqbe", True),
        (geohash, "p569454965", False),
        (geohash, "t12345678", False),
        (geohash, "x1234", False),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_value_shapes(check: object, value: str, ok: bool) -> None:
    assert callable(check)
    assert check(value) is ok
