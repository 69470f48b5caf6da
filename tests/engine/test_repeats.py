"""Columns that repeat their values are searched once per distinct value: the findings (rows,
counts, samples) are those of searching every cell."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

import piiscan
from piiscan.engine import chunk

CARD = "4276 3800 1234 5679"
COMMENTS = [
    "Please ring twice, the bell does not work.",
    "Leave the parcel at the door.",
    "Call before delivery.",
    f"Paid with card {CARD} at the desk.",
    "Ask for Ivan Petrov at reception.",
    "Ｍｙ ｍａｉｌ ｉｓ ｉｖａｎ＠ｍａｉｌ．ｒｕ",  # full-width: found once undisguised
]


def _table(rows: int) -> pa.Table:
    rng = random.Random(3)
    comments = [rng.choice(COMMENTS[:3]) for _ in range(rows)]
    for at in rng.sample(range(rows), 40):
        comments[at] = rng.choice(COMMENTS[3:])
    status = [rng.choice(["new", "paid", "shipped"]) for _ in range(rows)]
    status[rows - 7] = "+7 916 123-45-67"  # one phone in a column of three words
    return pa.table({"id": [str(i) for i in range(rows)], "comment": comments, "status": status})


def _findings(table: pa.Table) -> list[tuple[object, ...]]:
    report = piiscan.scan(table, name="t", show_rows=0)
    return sorted(
        (f.column, f.detector, f.scope, f.matched, f.checked, tuple(f.rows), f.sample)
        for f in report.findings
    )


def test_a_repeating_column_is_searched_once_per_distinct_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = _table(30_000)
    counted: list[int] = []
    encoded = chunk._encoded

    def spy(values: pa.Array) -> pa.DictionaryArray | None:
        found = encoded(values)
        counted.append(0 if found is None else len(found.dictionary))
        return found

    monkeypatch.setattr(chunk, "_encoded", spy)
    once = _findings(table)
    assert counted and max(counted) <= len(COMMENTS) + 1  # the distinct values were searched
    monkeypatch.setattr(chunk, "REPEATS", 10**9)  # never worth it: every cell is searched
    every = _findings(table)
    assert once == every
    detectors = {(column, detector) for column, detector, *_ in once}
    assert {("comment", "card_number"), ("comment", "email"), ("status", "phone")} <= detectors
    assert all(CARD not in str(f) for f in once)
