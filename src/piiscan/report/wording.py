"""Words every renderer uses for a finding: its status and its scope, read one way."""

from __future__ import annotations

from typing import assert_never

from piiscan.model import Finding, Report, Scope


def status(f: Finding, report: Report) -> str:
    """``forbidden``, ``baselined``, ``allowed``, ``header only`` (a sensitive name over empty
    values) or ``ignored``."""
    if f.forbidden:
        return "forbidden"
    if f.baselined:
        return "baselined"
    if f.category not in report.forbidden_categories:
        return "allowed"
    if f.matched == 0:
        return "header only"
    return "ignored"


def scope_label(f: Finding) -> str:
    """``column``, or ``cells, rows 4, 17`` with the first matching rows."""
    match f.scope:
        case Scope.COLUMN:
            return "column"
        case Scope.CELLS:
            if not f.rows:
                return "cells"
            label = "row" if len(f.rows) == 1 else "rows"
            return f"cells, {label} {', '.join(str(r) for r in f.rows)}"
        case _:
            assert_never(f.scope)
