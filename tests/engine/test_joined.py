"""A value typed into several fields (a card over four 4-digit columns) is checked joined;
other digit groups side by side (dates, codes, random numbers) are not a card."""

from __future__ import annotations

import random

from piiscan.context import joined_columns
from piiscan.ruleset import load_rules

RULES = load_rules()


def _luhn(prefix: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return prefix + str((10 - total % 10) % 10)


def _columns(values: list[list[str]], names: list[str]) -> dict[str, dict[int, str | None]]:
    return {name: {row: v[i] for row, v in enumerate(values, 1)} for i, name in enumerate(names)}


def test_a_card_over_four_columns_is_found() -> None:
    cards = [_luhn(f"220012345678{i:03d}") for i in range(30)]
    names = ["id", "p1", "p2", "p3", "p4", "note"]
    rows = [[str(i), c[0:4], c[4:8], c[8:12], c[12:16], "ok"] for i, c in enumerate(cards)]
    found = joined_columns("split.csv", names, RULES, _columns(rows, names))
    assert [(f.column, f.detector, f.matched, f.checked) for f in found] == [
        ("p1+p2+p3+p4", "card_number", 30, 30)
    ]
    assert found[0].sample is not None and cards[0] not in found[0].sample


def test_dates_and_random_groups_are_not_cards() -> None:
    rng = random.Random(7)
    names = ["year", "month", "day", "a", "b", "c", "d"]
    rows = [
        [
            str(rng.randrange(1990, 2025)),
            f"{rng.randrange(1, 13):02d}",
            f"{rng.randrange(1, 29):02d}",
        ]
        + [f"{rng.randrange(10_000):04d}" for _ in range(4)]
        for _ in range(200)
    ]
    assert joined_columns("t.csv", names, RULES, _columns(rows, names)) == []
