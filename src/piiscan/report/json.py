"""The JSON report: the machine contract (DESIGN.md, schema_version 1).

Beyond the contract's keys, two are appended after ``findings``:

- ``files``: ``[{"path", "rows", "truncated"}]``, every file scanned, so a consumer can tell
  a clean file from one that was never reached;
- ``warnings``: ``[str]``, non-fatal notes (stale or expired ignore entries, stale baseline
  entries, files cut short).

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
import re
import unicodedata
from importlib import resources
from typing import Any

from piiscan.model import ALL_CATEGORIES, Finding, Report

SCHEMA_VERSION = 1
_UNSAFE = re.compile(r"[^\x20-\x7e\n]|##")
_ESCAPE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def render_json(report: Report) -> str:
    """The report as indented, deterministic JSON with a trailing newline: one finding (file,
    error) per line."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piiscan", "version": report.tool_version},
        "policy": {
            "forbidden": [c.value for c in ALL_CATEGORIES if c in report.forbidden_categories]
        },
        "summary": {
            "files_scanned": report.files_scanned,
            "files_failed": len({e.path for e in report.errors}),
            "findings": len(report.findings),
            "forbidden_findings": report.forbidden_findings,
            "exit_code": report.exit_code,
        },
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "findings": [_finding(f) for f in report.findings],
        "files": [{"path": f.path, "rows": f.rows, "truncated": f.truncated} for f in report.files],
        "warnings": list(report.warnings),
    }
    text = "{\n" + ",\n".join(f"  {_dumps(k)}: {_value(v)}" for k, v in doc.items()) + "\n}"
    return _UNSAFE.sub(_escape, text) + "\n"


def _value(value: Any) -> str:
    """A top-level value, indented by two; a list of objects has one object per line (a
    report may hold tens of thousands of findings: Python's indenting encoder took seconds,
    the C encoder writing each line takes a fraction of that)."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[\n" + ",\n".join(f"    {_dumps(item)}" for item in value) + "\n  ]"
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n  ")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that ``render_json`` output validates against."""
    raw = resources.files("piiscan.report").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(raw)
    return schema


def _finding(f: Finding) -> dict[str, Any]:
    # Key order is part of the contract: people diff these files.
    doc: dict[str, Any] = {
        "path": f.path,
        "column": f.column,
        "category": f.category.value,
        "detector": f.detector,
        "scope": f.scope.value,
        "confidence": round(f.confidence, 2),
        "matched": f.matched,
        "checked": f.checked,
        "rows": list(f.rows),
        "sample": f.sample,
        "forbidden": f.forbidden,
    }
    if f.baselined:
        doc["baselined"] = True
    return doc


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
