"""Words every renderer uses for a finding: its status and its scope, read one way."""

from __future__ import annotations

import unicodedata
from typing import assert_never

from piiscan.model import Finding, Report, Scope

_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


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
    """``column``, or ``cells, rows 4, 17 +3 more`` with the first matching rows and how many
    more matches there are (a finding keeps only the first few rows)."""
    match f.scope:
        case Scope.COLUMN:
            return "column"
        case Scope.CELLS:
            if not f.rows:
                return "cells"
            return f"cells, {rows_label(f)}"
        case _:
            assert_never(f.scope)


def rows_label(f: Finding) -> str:
    """``rows 4, 17 +3 more`` (``row 4`` for one): the rows a finding keeps, and how many
    more matched; empty when it keeps none."""
    if not f.rows:
        return ""
    label = "row" if len(f.rows) == 1 else "rows"
    more = f" +{f.matched - len(f.rows)} more" if f.matched > len(f.rows) else ""
    return f"{label} {', '.join(str(r) for r in f.rows)}{more}"


def outcome_of(report: Report) -> tuple[str, str]:
    """("PASS" or "FAIL", the exit code explained or ""). A pass over files cut short by
    ``--max-rows`` says so: it vouches for the rows read, not for the files."""
    if report.exit_code == 0:
        cut = [f.rows for f in report.files if f.truncated]
        if cut:
            return "PASS", f"for the first {plural(max(cut), 'row')} only: --max-rows"
        return "PASS", ""
    if report.exit_code == 2:
        if not report.files and not report.errors:
            return "FAIL", "exit 2: nothing was examined"
        return "FAIL", "exit 2: scan incomplete"
    return "FAIL", f"exit {report.exit_code}"


def counts(report: Report, *, say_clean: bool = False) -> str:
    """``5 files scanned, 2 failed, 3 skipped; 8 findings, 5 forbidden`` (``say_clean`` adds
    ``no forbidden data found`` when nothing is forbidden)."""
    failed = len({e.path for e in report.errors})
    files = scanned(report) + " scanned"
    if failed:
        files += f", {failed} failed"
    if report.skipped:
        files += f", {len(report.skipped)} skipped"
    found = plural(len(report.findings), "finding")
    if report.forbidden_findings:
        found += f", {report.forbidden_findings} forbidden"
    elif say_clean:
        found += ", no forbidden data found"
    if report.baselined_findings:
        found += f", {report.baselined_findings} baselined"
    return f"{files}; {found}"


def scanned(report: Report) -> str:
    """What was read, honestly: ``5 files``; ``1 file (3 tables)`` for a workbook of three
    sheets or an archive of three members; ``3 tables`` from a database or DataFrames;
    ``1 file and 3 tables`` for both."""
    loose = report.loose_tables
    in_files = report.tables_scanned - loose
    if report.files_scanned == 0 and loose:
        return plural(loose, "table")
    text = plural(report.files_scanned, "file")
    if in_files > report.files_scanned:
        text += f" ({plural(in_files, 'table')})"
    if loose:
        text += f" and {plural(loose, 'table')}"
    return text


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def visible(text: str) -> str:
    """``text`` with every character that could act on a terminal or a CI log made visible."""
    if text.isascii() and text.isprintable() and "##" not in text:
        return text
    out: list[str] = []
    for ch in text:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif unicodedata.category(ch) in _ESCAPE_CATEGORIES:
            code = ord(ch)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out).replace("##", "#\\x23")
