"""The rule catalogue, generated from the rule files: ``piiscan rules`` and README.md."""

from __future__ import annotations

from collections.abc import Sequence

from piiscan.model import ALL_CATEGORIES
from piiscan.ruleset import Rule


def ordered(rules: Sequence[Rule]) -> list[Rule]:
    """Rules grouped by category in canonical order, then by id."""
    return sorted(rules, key=lambda r: (ALL_CATEGORIES.index(r.category), r.id))


def catalogue_text(rules: Sequence[Rule]) -> str:
    width = max(len(r.id) for r in rules)
    return "".join(f"{r.id:<{width}}  {r.category.value:<9}  {r.title}\n" for r in ordered(rules))


def catalogue_markdown(rules: Sequence[Rule]) -> str:
    """A Markdown table: id, category, what it finds, how (header words needed or not)."""
    lines = [
        "| rule | category | finds | evidence |",
        "|---|---|---|---|",
    ]
    for r in ordered(rules):
        evidence = []
        if r.header_required:
            evidence.append("needs a matching header")
        if r.validator:
            evidence.append(f"`{r.validator}` validator")
        if r.cells:
            evidence.append("also inside free text")
        if r.context:
            evidence.append(f"table context: {r.context.replace('_', ' ')}")
        lines.append(
            f"| `{r.id}` | {r.category.value} | {_cell(r.description)} | {'; '.join(evidence)} |"
        )
    return "\n".join(lines) + "\n"


def explain(rule: Rule) -> str:
    """What a rule finds, its header words, its examples and how to ignore it."""
    words = ", ".join(rule.header.source) or "(none)"
    lines = [
        f"{rule.id}: {rule.title} [{rule.category.value}]",
        "",
        rule.description,
        "",
        f"header words: {words}",
        "values alone are "
        + ("not evidence: the header must match" if rule.header_required else "evidence"),
        f"column finding when at least {rule.column_ratio:.0%} of values validate "
        f"({rule.header_ratio:.0%} under a matching header)",
    ]
    if rule.cells:
        lines.append("also found inside free-text cells (a `cells` finding with row numbers)")
    if rule.context:
        lines.append(f"needs table context: {rule.context.replace('_', ' ')}")
    if rule.examples:
        lines += ["", "examples (fake by design):"]
        lines += [
            f"  {'match   ' if ex.match else 'no match'}  {ex.value!r}"
            + (f"  (header {ex.header!r})" if ex.header else "")
            for ex in rule.examples
        ]
    lines += [
        "",
        "to ignore it, in .piiscan.toml:",
        "  [[ignore]]",
        '  path = "exports/**"',
        '  column = "the column"',
        f'  rule = "{rule.id}"',
        '  reason = "why this may leave"',
    ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
