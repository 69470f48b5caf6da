"""A column of free text that also holds whole values (an e-mail alone in a cell): the sweep
reads the one, the free-text search the other, and the finding counts and lists both."""

from __future__ import annotations

from pathlib import Path

import pytest

import piiscan


@pytest.mark.parametrize("whole_at", [1, 17, 40])
def test_whole_values_and_values_in_text_are_one_finding(tmp_path: Path, whole_at: int) -> None:
    notes = [f"note number {i}, nothing to see" for i in range(40)]
    notes[whole_at - 1] = "ivan.petrov@mail.ru"
    notes[29] = "please write to olga.ivanova@yandex.ru after five"
    path = tmp_path / "notes.csv"
    path.write_text("note\n" + "\n".join(notes) + "\n")
    (finding,) = [f for f in piiscan.scan(path).findings if f.detector == "email"]
    assert finding.scope.value == "cells"
    assert finding.rows == tuple(sorted({whole_at, 30}))
    assert finding.matched == 2
