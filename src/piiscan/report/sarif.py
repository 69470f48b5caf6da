"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).

One run; one result per finding, ``ruleId`` the rule id. GitHub's conventions are followed:

- ``level`` is ``error`` for a forbidden finding and ``note`` otherwise; a finding that policy
  let pass (category allowed, an ``[[ignore]]`` entry, a baseline entry or the ``--diff-base``
  revision) also carries an ``external`` suppression, so code scanning does not raise it as an
  open alert;
- each rule carries its title, description, help, the tags ``security``, ``privacy`` and its
  category, and a ``security-severity`` by category (what GitHub sorts security alerts by);
- the location is the file (``%SRCROOT%``-relative URI) with a region on the column's header
  cell, found by the caller's ``locate`` (see ``readers.header_locator``); line 1 when unknown. The
  column itself is the logical location, its dotted path the fully qualified name;
- ``partialFingerprints`` hash the rule and the column only, not lines or counts, so an alert
  survives a regenerated export (GitHub adds the file path and rule when matching).

No sample, masked or not, is written: SARIF files are uploaded and kept. Hostile strings are
escaped as in the JSON report (control, bidi and ``##`` characters), and the column shown in a
message is made visible and has its square brackets escaped, so a name cannot forge a SARIF
embedded link.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, Protocol, assert_never
from urllib.parse import quote

from piiscan.model import Category, FileError, Finding, Locate, Region, Report, Scope, Skipped
from piiscan.report.json import _UNSAFE, _escape
from piiscan.report.wording import status, visible

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "piiscanColumnRule/v1"
"""``partialFingerprints`` key; bump the suffix only if the hash changes (alerts reopen)."""
MAX_RESULTS = 5000
"""GitHub keeps at most this many results of a run; forbidden findings are kept first."""
MESSAGE_ROWS = 5
"""Rows a result's message names (``--show-rows`` may keep more: ``properties.rows``)."""

SECURITY_SEVERITY: dict[Category, str] = {
    Category.PAYMENT: "9.0",  # critical: someone can pay with it
    Category.PII: "8.0",  # high
    Category.LOCATION: "7.0",  # high: where a person is or goes
    Category.PURCHASES: "5.0",  # medium: sensitive only when tied to a customer
}
"""GitHub buckets: critical >= 9.0, high >= 7.0, medium >= 4.0, low >= 0.1."""

_SUPPRESSED = {
    "allowed": "category allowed by policy",
    "ignored": "ignored by an [[ignore]] entry in the piiscan config",
    "baselined": "known before: a piiscan baseline entry or the --diff-base revision",
}
"""Statuses that let a finding pass, with the suppression's justification."""
_DRIVE = re.compile(r"^[A-Za-z]:/")
_BRACKETS = re.compile(r"[\[\]]")


class RuleInfo(Protocol):
    """What SARIF needs of a rule; ``ruleset.Rule`` fits."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> Category: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...


def render_sarif(
    report: Report,
    *,
    rules: Sequence[RuleInfo] | None = None,
    locate: Locate | None = None,
) -> str:
    """The report as a SARIF 2.1.0 log: indented, deterministic, newline-terminated.

    ``rules`` supplies titles and descriptions (a finding whose rule is missing still gets a
    minimal rule); ``locate`` supplies header-cell regions (without it every result points at
    line 1).
    """
    known = {r.id: r for r in rules or ()}
    kept, dropped = _cap(report.findings)
    descriptors: dict[str, dict[str, Any]] = {}
    for f in kept:
        if f.detector not in descriptors:
            descriptors[f.detector] = _rule(f.detector, known.get(f.detector), f.category)
    order = sorted(descriptors)
    index = {rule_id: i for i, rule_id in enumerate(order)}
    results = [_result(f, report, known.get(f.detector), index[f.detector], locate) for f in kept]

    notifications = [_error_notification(e) for e in report.errors]
    notifications += [_note("warning", w) for w in report.warnings]
    notifications += [_skipped_notification(k) for k in report.skipped]
    if dropped:
        notifications.append(
            _note("warning", f"{dropped} more findings not included (limit {MAX_RESULTS})")
        )
    invocation: dict[str, Any] = {
        "executionSuccessful": not report.errors,
        "exitCode": report.exit_code,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "piiscan",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "rules": [descriptors[rule_id] for rule_id in order],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    text = json.dumps(log, ensure_ascii=False, indent=2, allow_nan=False)
    return _UNSAFE.sub(_escape, text) + "\n"


def fingerprint(rule_id: str, column: str) -> str:
    """The path-independent identity of a finding: same rule on the same column name."""
    digest = hashlib.sha256()
    for part in (rule_id, column):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def artifact_location(path: str) -> dict[str, str]:
    """A display path as a SARIF artifact location: relative to ``%SRCROOT%`` when relative."""
    if path.startswith("/"):
        return {"uri": "file://" + _quote(path, "/")}
    if _DRIVE.match(path):
        return {"uri": "file:///" + _quote(path, "/:")}
    while path.startswith("./"):
        path = path[2:]
    # ":" is quoted in a relative reference: "a:b.csv" would otherwise read as scheme "a".
    return {"uri": _quote(path, "/"), "uriBaseId": "%SRCROOT%"}


def _quote(path: str, safe: str) -> str:
    try:
        raw = path.encode("utf-8", "surrogateescape")  # undecodable file-name bytes
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "replace")
    return quote(raw, safe=safe)


def _cap(findings: Sequence[Finding]) -> tuple[list[Finding], int]:
    if len(findings) <= MAX_RESULTS:
        return list(findings), 0
    ranked = sorted(range(len(findings)), key=lambda i: (not findings[i].forbidden, i))
    keep = sorted(ranked[:MAX_RESULTS])
    return [findings[i] for i in keep], len(findings) - MAX_RESULTS


def _rule(rule_id: str, info: RuleInfo | None, category: Category) -> dict[str, Any]:
    if info is not None:
        category = info.category
    title = info.title if info is not None else rule_id
    description = info.description if info is not None else f"{category.value} data ({rule_id})"
    fix = (
        "Remove, mask or aggregate this column before the export leaves, or, if it may leave, "
        "add an [[ignore]] entry with a reason to .piiscan.toml."
    )
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", rule_id)),
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {
            "text": f"{description}\n\n{fix}",
            "markdown": f"**{category.value}**: {description}\n\n{fix}",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["security", "privacy", category.value],
            "precision": "high",
            "problem.severity": "error",
            "security-severity": SECURITY_SEVERITY[category],
        },
    }


def _result(
    f: Finding, report: Report, info: RuleInfo | None, rule_index: int, locate: Locate | None
) -> dict[str, Any]:
    region = locate(f.path, f.column) if locate is not None else None
    result: dict[str, Any] = {
        "ruleId": f.detector,
        "ruleIndex": rule_index,
        "level": "error" if f.forbidden else "note",
        "message": {"text": _message(f, report, info)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(f.path),
                    "region": _region(region),
                },
                "logicalLocations": [
                    {
                        "name": _leaf(f.column),
                        "fullyQualifiedName": f.column,
                        "kind": "property",
                    }
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f.detector, f.column)},
        "properties": {
            "category": f.category.value,
            "scope": f.scope.value,
            "confidence": round(f.confidence, 2),
            "matched": f.matched,
            "checked": f.checked,
            "rows": list(f.rows),
        },
    }
    justification = _SUPPRESSED.get(status(f, report))
    if justification is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": justification}
        ]
    return result


def _region(region: Region | None) -> dict[str, int]:
    if region is None:
        return {"startLine": 1}
    out = {"startLine": max(1, region.start_line)}
    if region.start_column is not None:
        start = max(1, region.start_column)
        out["startColumn"] = start
        if region.end_line is not None and region.end_line > out["startLine"]:
            out["endLine"] = region.end_line
        if region.end_column is not None:
            end = max(1, region.end_column)
            out["endColumn"] = end if "endLine" in out else max(start, end)
    return out


def _message(f: Finding, report: Report, info: RuleInfo | None) -> str:
    column = _BRACKETS.sub(lambda m: "\\" + m.group(), visible(f.column))
    kind = f"{f.category.value} data ({info.title if info is not None else f.detector})"
    if f.matched == 0:
        what = f'The name of column "{column}" suggests {kind}; it held no values to check.'
    else:
        match f.scope:
            case Scope.COLUMN:
                what = f'Column "{column}" holds {kind}: {f.matched} of {f.checked} values matched.'
            case Scope.CELLS:
                # The message names the first few rows; properties.rows lists every one kept.
                rows = ", ".join(str(r) for r in f.rows[:MESSAGE_ROWS])
                rows += ", ..." if len(f.rows) > MESSAGE_ROWS else ""
                where = f" (first rows: {rows})" if rows else ""
                what = (
                    f'Cells of column "{column}" hold {kind}: '
                    f"{f.matched} of {f.checked} values{where}."
                )
            case _:
                assert_never(f.scope)
    verdict = {
        "forbidden": "Forbidden by policy.",
        "allowed": f"Allowed: {f.category.value} is not forbidden by policy.",
        "ignored": "Ignored by the piiscan config.",
        "baselined": "Known before (baseline or --diff-base): not failing.",
        "header only": "Not forbidden: no value matched.",
    }[status(f, report)]
    return f"{what} {verdict}"


def _leaf(column: str) -> str:
    leaf = column.rsplit(".", 1)[-1]
    while leaf.endswith("[]"):
        leaf = leaf[:-2]
    return leaf or column


def _error_notification(error: FileError) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"{visible(error.path)}: {visible(error.message)}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(error.path)}}],
        "descriptor": {"id": "read-error"},
    }


def _skipped_notification(skipped: Skipped) -> dict[str, Any]:
    return {
        "level": "note",
        "message": {"text": f"{visible(skipped.path)}: skipped: {visible(skipped.reason)}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(skipped.path)}}],
        "descriptor": {"id": "skipped"},
    }


def _note(level: str, text: str) -> dict[str, Any]:
    return {"level": level, "message": {"text": visible(text)}}
