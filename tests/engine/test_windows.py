"""Cells of any size are searched in full: a long cell reaches the rules as overlapping
windows at its row, so a value anywhere in it, across a window edge too, is found."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.engine.chunk import OVERLAP, Chunk
from piiscan.engine.table import scan_table
from piiscan.model import Batch, ColumnChunk
from piiscan.ruleset import load_rules

EMAIL = "ivan.petrov@example.com"
CARD = "4276 3800 1234 5679"


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(min_value=0, max_value=5_000),
    window=st.integers(min_value=64, max_value=700),
    at=st.integers(min_value=0, max_value=5_000),
)
def test_every_value_is_whole_in_some_window(length: int, window: int, at: int) -> None:
    """Any substring up to the overlap is inside one window; windows cover the cell."""
    text = "x" * length
    at = min(at, length)
    text = text[:at] + EMAIL + text[at:]
    chunk = Chunk.present(pa.array([text, "short"]), pa.array([7, 8]), window=window)
    values, rows = (
        chunk.lists()
        if chunk.small
        else (chunk.arrays()[0].to_pylist(), chunk.arrays()[1].to_pylist())
    )
    assert rows[-1] == 8 and values[-1] == "short"
    pieces = values[:-1]
    assert set(rows[:-1]) == {7}
    assert all(len(p) <= window for p in pieces)
    if len(EMAIL) <= min(OVERLAP, window // 2):
        assert any(EMAIL in p for p in pieces)
    assert "".join(pieces).count("@") >= 1


def _one_cell(text: str) -> list[Batch]:
    values = pa.array(["short note", text, "another note"])
    return [Batch(columns=(ColumnChunk("comment", values, pa.array([1, 2, 3])),), row_count=3)]


def test_a_card_deep_inside_a_10mb_cell_is_found() -> None:
    text = ("lorem ipsum " * 900_000) + f"paid with {CARD} thanks " + ("dolor " * 10)
    scan = scan_table("notes.csv", _one_cell(text), load_rules())
    found = {(f.detector, f.rows) for f in scan.findings}
    assert ("card_number", (2,)) in found


def test_a_value_across_a_window_edge_is_found() -> None:
    for shift in range(0, len(EMAIL) + 2):
        start = (1 << 20) - shift  # the default window ends inside the e-mail
        text = "word " * (start // 5) + "w" * (start % 5) + " " + EMAIL + " end of note"
        scan = scan_table("n.csv", _one_cell(text), load_rules())
        assert any(f.detector == "email" for f in scan.findings), shift
