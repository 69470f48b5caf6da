"""``check --statistics``: how many findings each rule made, as ruff's ``--statistics`` counts
violations per rule; then the verdict line of the text report.

A table of plain counts, most findings first, for a first look at a large folder: which rules
fire, how many of their findings are forbidden, how many values they matched (of those
checked: a column's values are sampled once its kind is clear). No column name,
path or sample appears, so it can be pasted anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from piiscan.model import Category, Report
from piiscan.report.wording import counts, outcome_of, visible

_HEADER = ("findings", "forbidden", "matched", "rule", "category")


@dataclass
class _Tally:
    findings: int = 0
    forbidden: int = 0
    matched: int = 0


def render_statistics(report: Report) -> str:
    """One line per (rule, category) with findings, then the verdict; newline-terminated."""
    tallies: dict[tuple[str, Category], _Tally] = {}
    for f in report.findings:
        tally = tallies.setdefault((f.detector, f.category), _Tally())
        tally.findings += 1
        tally.forbidden += f.forbidden
        tally.matched += f.matched
    order = sorted(tallies, key=lambda k: (-tallies[k].findings, k[0], k[1].value))
    rows = [
        (
            str(tallies[k].findings),
            str(tallies[k].forbidden),
            str(tallies[k].matched),
            visible(k[0]),
            k[1].value,
        )
        for k in order
    ]
    lines: list[str] = []
    if rows:
        widths = [max(len(row[i]) for row in [_HEADER, *rows]) for i in range(len(_HEADER))]
        for row in [_HEADER, *rows]:
            numbers = [cell.rjust(widths[i]) for i, cell in enumerate(row[:3])]
            words = [row[3].ljust(widths[3]), row[4]]
            lines.append("  ".join([*numbers, *words]).rstrip())
        lines.append("")
    outcome, why = outcome_of(report)
    lines.append(f"{counts(report, say_clean=True)} → {outcome}{f' ({why})' if why else ''}")
    return "\n".join(lines) + "\n"
