"""A value typed into adjacent fields (a card over four 4-digit columns) is checked joined on
every row of a table, after its first thousand rows too; other digit groups side by side
(dates, codes, random numbers) are not a card, and a wide table of short numbers costs a
bounded pass a batch."""

from __future__ import annotations

import random

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.engine.table import scan_table
from piiscan.model import Batch, ColumnChunk, Finding
from piiscan.ruleset import load_rules
from tests.hostile.fail_open_cases import luhn_digit

RULES = load_rules()


def _cards(n: int, rng: random.Random) -> list[str]:
    bodies = ["2200" + "".join(str(rng.randrange(10)) for _ in range(11)) for _ in range(n)]
    return [body + luhn_digit(body) for body in bodies]


def _fields(card: str) -> list[str]:
    return [card[k : k + 4] for k in range(0, 16, 4)]


def _batches(names: list[str], rows: list[list[str]], size: int) -> list[Batch]:
    """The rows in batches of ``size`` (the last one shorter), as a reader yields them."""
    out = []
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        numbers = pa.array(range(start + 1, start + len(part) + 1), pa.int64())
        columns = tuple(
            ColumnChunk(name, pa.array([row[i] for row in part], pa.string()), numbers)
            for i, name in enumerate(names)
        )
        out.append(Batch(columns=columns, row_count=len(part)))
    return out


def _joined(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    return [(f.column, f.detector) for f in findings if "+" in f.column]


NAMES = ["id", "p1", "p2", "p3", "p4", "note"]


def _late_cards(before: int, cards: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [
        [str(i), *(f"{rng.randrange(10_000):04d}" for _ in range(4)), "ok"] for i in range(before)
    ]
    rows += [[str(before + i), *_fields(c), "ok"] for i, c in enumerate(_cards(cards, rng))]
    return rows


def test_a_card_over_four_columns_of_a_small_table_is_found() -> None:
    cards = _cards(30, random.Random(2))
    rows = [[str(i), *_fields(c), "ok"] for i, c in enumerate(cards)]
    scan = scan_table("split.csv", _batches(NAMES, rows, 100), RULES)
    found = [f for f in scan.findings if "+" in f.column]
    assert [(f.column, f.detector, f.matched, f.checked) for f in found] == [
        ("p1+p2+p3+p4", "card_number", 30, 30)
    ]
    assert found[0].sample is not None and cards[0] not in found[0].sample
    assert list(found[0].rows) == [1, 2, 3, 4, 5]


def test_cards_after_a_thousand_rows_of_other_groups_are_found() -> None:
    rows = _late_cards(1_500, 3_000)
    scan = scan_table("late.csv", _batches(NAMES, rows, 700), RULES)
    assert _joined(scan.findings) == [("p1+p2+p3+p4", "card_number")]
    found = next(f for f in scan.findings if f.column == "p1+p2+p3+p4")
    assert 2_800 <= found.matched <= 3_200 and found.checked == 4_500
    assert found.sample is not None and "*" in found.sample


def test_random_groups_and_dates_side_by_side_are_not_cards() -> None:
    rng = random.Random(7)
    names = ["year", "month", "day", "a", "b", "c", "d", "e"]
    rows = [
        [
            str(rng.randrange(1990, 2025)),
            f"{rng.randrange(1, 13):02d}",
            f"{rng.randrange(1, 29):02d}",
            *(f"{rng.randrange(10_000):04d}" for _ in range(5)),
        ]
        for _ in range(20_000)
    ]
    for size in (200, 20_000):
        scan = scan_table("groups.csv", _batches(names, rows[:size], 4_096), RULES)
        assert _joined(scan.findings) == []


def test_a_few_cards_among_short_groups_are_each_looked_at() -> None:
    """Rows whose fields, joined, are too short for a card are not joined; the few that are
    long enough are all joined, wherever they are, so a handful of cards is found."""
    rng = random.Random(3)
    rows = [[str(i), *(f"{rng.randrange(100):02d}" for _ in range(4)), "ok"] for i in range(30_000)]
    for at, card in zip((4_000, 12_345, 29_999), _cards(3, rng), strict=True):
        rows[at][1:5] = _fields(card)
    scan = scan_table("short.csv", _batches(NAMES, rows, 8_192), RULES)
    found = [f for f in scan.findings if f.column == "p1+p2+p3+p4"]
    assert [(f.detector, f.matched, f.checked) for f in found] == [("card_number", 3, 3)]
    assert list(found[0].rows) == [4_001, 12_346, 30_000]


def test_the_card_is_named_by_its_own_fields_beside_an_id() -> None:
    rows = _late_cards(0, 5_000, seed=5)
    for i, row in enumerate(rows):
        row[0] = str(100_000 + i)  # a 6-digit id: a group too, left of the card
    scan = scan_table("ids.csv", _batches(NAMES, rows, 2_000), RULES)
    assert _joined(scan.findings) == [("p1+p2+p3+p4", "card_number")]


def test_a_wide_table_of_short_numbers_is_judged_on_every_batch() -> None:
    """60 columns of 3-digit numbers: hundreds of windows a batch, joined on a sample of its
    rows; a card split over four of them from row 1,001 on is found."""
    rng = random.Random(9)
    names = [f"m{i}" for i in range(60)]
    rows = [[f"{rng.randrange(100, 1_000)}" for _ in names] for _ in range(3_000)]
    for row, card in zip(rows[1_000:], _cards(2_000, rng), strict=True):
        row[30:34] = _fields(card)
    scan = scan_table("wide.csv", _batches(names, rows, 1_000), RULES)
    assert _joined(scan.findings) == [("m30+m31+m32+m33", "card_number")]


def test_a_column_that_is_not_made_of_groups_is_not_joined() -> None:
    rows = _late_cards(0, 3_000, seed=4)
    for i, row in enumerate(rows):
        if i % 3 == 0:
            row[2] = "n/a"  # a third of one field: not a column of digit groups
    scan = scan_table("strays.csv", _batches(NAMES, rows, 1_000), RULES)
    assert _joined(scan.findings) == []


@settings(max_examples=8, deadline=None)
@given(
    batch=st.integers(min_value=250, max_value=5_000),
    before=st.integers(min_value=1_001, max_value=2_000),
)
def test_found_however_the_rows_are_cut_into_batches(batch: int, before: int) -> None:
    rows = _late_cards(before, 3 * before, seed=before)
    scan = scan_table("late.csv", _batches(NAMES, rows, batch), RULES)
    assert _joined(scan.findings) == [("p1+p2+p3+p4", "card_number")]


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=12),
    limit=st.integers(min_value=1, max_value=64),
)
def test_an_even_choice_takes_each_windows_first_and_at_most_its_share(
    counts: list[int], limit: int
) -> None:
    from piiscan.engine.split import _even

    window_of = pa.array([w for w, n in enumerate(counts) for _ in range(n)], pa.int64())
    chosen = _even(window_of, counts, limit).to_pylist()
    at = 0
    for n in counts:
        mine = chosen[at : at + n]
        if n:
            assert mine[0] and 1 <= sum(mine) <= limit
        at += n
