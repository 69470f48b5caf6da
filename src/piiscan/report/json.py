"""The JSON report: the machine contract (DESIGN.md, schema_version 1).

Beyond the contract's keys, three are appended after ``findings``:

- ``files``: ``[{"path", "rows", "truncated"}]``, every file scanned, so a consumer can tell
  a clean file from one that was never reached;
- ``warnings``: ``[str]``, non-fatal notes (stale or expired ignore entries, stale baseline
  entries, files cut short);
- ``skipped``: ``[{"path", "reason"}]``, files passed over without being read (images, empty
  files; archives, which are in ``errors`` too), so nothing is dropped unseen.

one key is added to ``summary`` when it differs from ``files_scanned`` (absent: every table
scanned was a file of its own, so reports of plain files are unchanged):

- ``tables_scanned``: the entries of ``files``: every sheet of a workbook, member of an
  archive, table of a database or in-memory table; ``files_scanned`` counts a workbook, an
  archive or a database file once, and a database's or an in-memory table not at all;

and one key is added to a finding, only when true (absent means false, so reports without a
baseline are unchanged):

- ``baselined``: ``true`` for a finding policy would forbid but that was known before (an
  entry of ``--baseline FILE``, or present at the ``--diff-base`` revision); its
  ``forbidden`` is ``false`` and it does not fail the gate.

``report_schema()`` returns the JSON Schema (draft 2020-12) of this output.

Strings come from untrusted data (paths, column names). The output is still exactly those
strings once decoded, but a few characters are written as ``\\uXXXX`` escapes, which JSON
decodes losslessly: control, format (bidi overrides, zero-width), line-separator and lone
surrogate characters, so ``cat report.json`` cannot drive a terminal and the text is always
encodable as UTF-8; and the second ``#`` of ``##``, so a CI log showing the report cannot
read an Azure Pipelines ``##vso[...]`` command out of a column name.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from json.encoder import encode_basestring
from typing import Any

from piiscan.model import ALL_CATEGORIES, FileError, FileSummary, Finding, Report, Skipped

SCHEMA_VERSION = 1
_UNSAFE = re.compile(r"[^\x20-\x7e\n]|##")
_ESCAPE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def render_json(report: Report) -> str:
    """The report as indented, deterministic JSON with a trailing newline: one finding (file,
    error) per line.

    Findings, errors and files are written line by line with the standard library's string
    encoder: a report may hold tens of thousands of findings, for which ``json.dumps`` with
    indentation took over a second, and escaping every distinct string once (paths and
    column names repeat) instead of the whole text saves most of the rest.
    """
    summary = {
        "files_scanned": report.files_scanned,
        "files_failed": len({e.path for e in report.errors}),
        "findings": len(report.findings),
        "forbidden_findings": report.forbidden_findings,
        "exit_code": report.exit_code,
    }
    if report.tables_scanned != report.files_scanned:
        summary["tables_scanned"] = report.tables_scanned
    head = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piiscan", "version": report.tool_version},
        "policy": {
            "forbidden": [c.value for c in ALL_CATEGORIES if c in report.forbidden_categories]
        },
        "summary": summary,
    }
    text = _Strings()
    parts = [f'  "{key}": {_nested(value)}' for key, value in head.items()]
    parts.append('  "errors": ' + _lines(_error_line(e, text) for e in report.errors))
    parts.append('  "findings": ' + _lines(_finding_line(f, text) for f in report.findings))
    parts.append('  "files": ' + _lines(_file_line(f, text) for f in report.files))
    parts.append(f'  "warnings": {_nested(list(report.warnings))}')
    parts.append('  "skipped": ' + _lines(_skipped_line(k, text) for k in report.skipped))
    return "{\n" + ",\n".join(parts) + "\n}\n"


class _Strings:
    """JSON string literals, escaped (see the module docstring) once per distinct string."""

    def __init__(self) -> None:
        self._done: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        literal = self._done.get(value)
        if literal is None:
            literal = encode_basestring(value)
            if not (literal.isascii() and literal.isprintable() and "##" not in literal):
                literal = _UNSAFE.sub(_escape, literal)
            self._done[value] = literal
        return literal


def _lines(lines: Iterable[str]) -> str:
    body = ",\n    ".join(lines)
    return f"[\n    {body}\n  ]" if body else "[]"


def _nested(value: Any) -> str:
    """A small top-level value, indented by two."""
    text = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    return _UNSAFE.sub(_escape, text).replace("\n", "\n  ")


def _finding_line(f: Finding, text: _Strings) -> str:
    # Key order is part of the contract: people diff these files.
    sample = "null" if f.sample is None else text(f.sample)
    line = (
        f'{{"path": {text(f.path)}, "column": {text(f.column)}, '
        f'"category": "{f.category.value}", "detector": {text(f.detector)}, '
        f'"scope": "{f.scope.value}", "confidence": {_number(round(f.confidence, 2))}, '
        f'"matched": {int(f.matched)}, "checked": {int(f.checked)}, '
        f'"rows": [{_rows(f.rows)}], "sample": {sample}, '
        f'"forbidden": {_BOOL[bool(f.forbidden)]}'
    )
    return line + (', "baselined": true}' if f.baselined else "}")


def _error_line(e: FileError, text: _Strings) -> str:
    return f'{{"path": {text(e.path)}, "message": {text(e.message)}}}'


def _skipped_line(k: Skipped, text: _Strings) -> str:
    return f'{{"path": {text(k.path)}, "reason": {text(k.reason)}}}'


def _file_line(f: FileSummary, text: _Strings) -> str:
    truncated = _BOOL[bool(f.truncated)]
    return f'{{"path": {text(f.path)}, "rows": {int(f.rows)}, "truncated": {truncated}}}'


@lru_cache(maxsize=1024)
def _rows(rows: tuple[int, ...]) -> str:
    """Row lists repeat from finding to finding ([1, 2, 3, 4, 5] most of all)."""
    return ", ".join(str(int(r)) for r in rows)


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"not a JSON number: {value!r}")
    return repr(value)


_BOOL = {True: "true", False: "false"}


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that ``render_json`` output validates against."""
    raw = resources.files("piiscan.report").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(raw)
    return schema


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    if text == "##":
        return "#\\u0023"
    if unicodedata.category(text) not in _ESCAPE_CATEGORIES:
        return text
    code = ord(text)
    if code > 0xFFFF:  # JSON escapes only reach the BMP: write a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
