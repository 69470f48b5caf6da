"""Where the values are inside a free-text cell: the engine's own way of finding them (each
rule's cell and sweep patterns, the separators they may swallow trimmed, the rule's validator
confirming), here returning every span instead of a tally.

No new detection lives here: patterns and validators are the engine's (``_rule_parts``), so
whatever ``check`` finds in a cell, redact finds at the same place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from piiscan.engine.column import _EDGE, _rule_parts

if TYPE_CHECKING:
    from piiscan.ruleset import Rule

Span = tuple[int, int, "Rule"]
"""(start, end, rule) of one value in a cell."""


def screen_pattern(rules: Sequence[Rule]) -> str | None:
    """One pattern every cell holding a value of ``rules`` matches (RE2 and Python)."""
    patterns = [r.pattern for r in rules if r.cells and r.pattern]
    patterns += [r.sweep_pattern for r in rules if r.cells and r.sweep != "off" and r.sweep_pattern]
    return "|".join(f"(?:{p})" for p in patterns) or None


def finder(rules: Sequence[Rule]) -> Callable[[str], list[Span]]:
    """A function giving the non-overlapping spans of validated values in a text, in order
    (where two overlap, the one starting first, then the longer, wins)."""
    searchers: list[tuple[Rule, re.Pattern[str], Callable[[str], bool]]] = []
    for rule in rules:
        if not rule.cells or not rule.pattern:
            continue
        _, _, validate, _, cell_regex = _rule_parts(rule, False)
        assert cell_regex is not None
        searchers.append((rule, cell_regex, validate))
        if rule.sweep != "off" and rule.sweep_pattern:
            searchers.append((rule, re.compile(rule.sweep_pattern), validate))
    if not searchers:
        return lambda text: []
    screen = re.compile("|".join(f"(?:{p.pattern})" for _, p, _ in searchers))

    def find(text: str) -> list[Span]:
        if not screen.search(text):
            return []
        found: list[Span] = []
        for rule, pattern, validate in searchers:
            for m in pattern.finditer(text):
                start, end = _trimmed(text, *m.span())
                if start < end and validate(text[start:end]):
                    found.append((start, end, rule))
        found.sort(key=lambda s: (s[0], -s[1]))
        spans: list[Span] = []
        for span in found:
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
        return spans

    return find


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the separators a pattern may swallow around its value."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end
