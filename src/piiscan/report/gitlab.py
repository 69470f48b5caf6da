"""GitLab code quality (``artifacts:reports:codequality``): a JSON array of issues, which
GitLab shows in the merge request widget and diff, new ones apart from those of the target
branch.

An issue per forbidden finding, on the line of the column's header (``locate``; line 1 when
unknown), and one per file that could not be fully read. Findings that policy let pass
(allowed, ignored, baselined) are not issues. Severity follows the category as SARIF's
``security-severity`` does; an unread file is ``blocker``: the gate could not vouch for it.

The ``fingerprint`` hashes the path, column and rule, never counts or lines, so an issue stays
the same issue when the export is regenerated. No sample, masked or not, is written (the file
is kept as an artifact). Strings are escaped as in the JSON report.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from piiscan.model import Category, FileError, Finding, Locate, Report
from piiscan.report.json import _UNSAFE, _escape
from piiscan.report.wording import scope_label

CHECK_PREFIX = "piiscan"
SEVERITY: dict[Category, str] = {
    Category.PAYMENT: "critical",
    Category.PII: "major",
    Category.LOCATION: "major",
    Category.PURCHASES: "minor",
}
"""GitLab's severities: info, minor, major, critical, blocker."""


def render_gitlab(report: Report, *, locate: Locate | None = None) -> str:
    """The report as a GitLab code quality report: indented JSON, newline-terminated."""
    issues = [_finding(f, locate) for f in report.findings if f.forbidden]
    issues += [_error(e) for e in report.errors]
    text = json.dumps(issues, ensure_ascii=False, indent=2, allow_nan=False)
    return _UNSAFE.sub(_escape, text) + "\n"


def _finding(f: Finding, locate: Locate | None) -> dict[str, Any]:
    region = locate(f.path, f.column) if locate is not None else None
    line = region.start_line if region is not None else 1
    return {
        "type": "issue",
        "check_name": f"{CHECK_PREFIX}/{f.detector}",
        "description": (
            f'Column "{f.column}" holds {f.category.value} data ({f.detector}, {scope_label(f)}:'
            f" {f.matched} of {f.checked} values); forbidden by policy."
        ),
        "categories": ["Security"],
        "severity": SEVERITY[f.category],
        "fingerprint": _fingerprint("finding", f.path, f.column, f.detector),
        "location": {"path": f.path, "lines": {"begin": line}},
    }


def _error(e: FileError) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f"{CHECK_PREFIX}/incomplete",
        "description": f"Not fully read, so not vouched for: {e.message}",
        "categories": ["Security"],
        "severity": "blocker",
        "fingerprint": _fingerprint("error", e.path, e.message),
        "location": {"path": e.path, "lines": {"begin": 1}},
    }


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()
