"""Cells that stand for no value ("-", "n/a", "нет", "0") count as empty cells do: a column
of IDs filled in for a few customers is still a column of IDs."""

from __future__ import annotations

from pathlib import Path

import pytest

import piiscan
from piiscan.engine.column import placeholder

INN = "500100732259"


@pytest.mark.parametrize("blank", ["-", "—", "n/a", "N/A", "нет", "Не указан", "0", "null", "***"])
def test_ids_among_placeholders_are_a_column_finding(tmp_path: Path, blank: str) -> None:
    rows = [INN if i % 10 == 0 else blank for i in range(200)]
    path = tmp_path / "clients.csv"
    path.write_text("id,inn\n" + "".join(f"{i},{v}\n" for i, v in enumerate(rows)))
    found = [(f.column, f.detector, f.scope.value) for f in piiscan.scan(path).findings]
    assert found == [("inn", "inn", "column")]


def test_numbers_among_zeros_are_judged_on_the_numbers_alone(tmp_path: Path) -> None:
    """A quantity column mostly "0": its other values are still only quantities."""
    rows = ["0" if i % 10 else str(10 + i) for i in range(300)]
    path = tmp_path / "stock.csv"
    path.write_text("sku,qty\n" + "".join(f"A-{i},{v}\n" for i, v in enumerate(rows)))
    assert piiscan.scan(path).findings == ()


@pytest.mark.parametrize(
    ("value", "blank"),
    [
        ("-", True),
        (" n/a ", True),
        ("000", True),
        ("x", True),
        ("0.5", False),
        ("no", False),
        ("", False),
        ("Ivan", False),
        ("10", False),
    ],
)
def test_placeholder_words_and_filler(value: str, blank: bool) -> None:
    assert placeholder(value) is blank
