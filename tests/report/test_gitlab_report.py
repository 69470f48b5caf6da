"""GitLab code quality: an issue per forbidden finding and per unread file, stable
fingerprints, never a sample."""

from __future__ import annotations

import json
from typing import Any

from piiscan.model import Category, Region
from piiscan.report import render

from .canonical import CANARY_PAN, FINDINGS, HOSTILE_COLUMN, canonical_report, finding

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def _issues(**changes: object) -> list[dict[str, Any]]:
    data = json.loads(render(canonical_report(**changes), "gitlab"))
    assert isinstance(data, list)
    return data


def test_an_issue_per_forbidden_finding_and_per_error() -> None:
    issues = _issues()
    forbidden = [f for f in FINDINGS if f.forbidden]
    assert len(issues) == len(forbidden) + 3  # three read errors
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in SEVERITIES
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    card = next(i for i in issues if i["check_name"] == "piiscan/card_pan")
    assert card["severity"] == "critical"
    assert card["location"]["path"] == "exports/customers.csv"
    errors = [i for i in issues if i["check_name"] == "piiscan/incomplete"]
    assert {i["severity"] for i in errors} == {"blocker"}


def test_fingerprint_survives_a_regenerated_export() -> None:
    before = _issues(findings=(finding(matched=10, checked=10),), errors=())
    after = _issues(findings=(finding(matched=99, checked=120, rows=(3,)),), errors=())
    assert before[0]["fingerprint"] == after[0]["fingerprint"]
    other = _issues(findings=(finding(category=Category.PII, column="mail"),), errors=())
    assert other[0]["fingerprint"] != before[0]["fingerprint"]


def test_the_header_line_is_the_location() -> None:
    report = canonical_report(
        findings=(finding(),), errors=(), locate=lambda path, column: Region(start_line=3)
    )
    (issue,) = json.loads(render(report, "gitlab"))
    assert issue["location"]["lines"]["begin"] == 3


def test_hostile_names_and_no_sample() -> None:
    text = render(canonical_report(), "gitlab")
    assert CANARY_PAN not in text
    assert "4111 **** **** 1111" not in text
    assert "\x1b" not in text and "\u202e" not in text
    columns = [i["description"] for i in json.loads(text)]
    assert any(HOSTILE_COLUMN in d for d in columns)  # escaped in JSON, whole once decoded
