"""Where the values are inside a free-text cell: the engine's own finder
(``engine.column.cell_finder``), so whatever ``check`` finds in a cell, redact finds at the
same place; and one RE2 screen for a whole batch of cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from piiscan.engine.column import CellSpan, cell_finder, cell_searchers, merge_spans
from piiscan.prefilter import alternation

if TYPE_CHECKING:
    from piiscan.ruleset import Rule

__all__ = ["CellSpan", "cell_searchers", "finder", "merge_spans", "screen_pattern"]

finder = cell_finder


def screen_pattern(rules: Sequence[Rule]) -> str | None:
    """One pattern every cell holding a value of ``rules`` matches (RE2 and Python)."""
    patterns = [r.pattern for r in rules if r.cells and r.pattern]
    patterns += [r.sweep_pattern for r in rules if r.cells and r.sweep != "off" and r.sweep_pattern]
    return alternation(tuple(patterns)) or None
