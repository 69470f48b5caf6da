"""The JSON renderer keeps the DESIGN.md contract, byte for byte where it matters."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from piiscan.model import Category, FileSummary, Scope
from piiscan.report import RENDERERS, render
from piiscan.report import json as json_report
from piiscan.report.json import render_json, report_schema

from .canonical import (
    AZURE_PATH,
    CANARY_PAN,
    HOSTILE_COLUMN,
    HOSTILE_PATH,
    canonical_report,
    finding,
)

TOP_KEYS = [
    "schema_version",
    "tool",
    "policy",
    "summary",
    "errors",
    "findings",
    "files",
    "warnings",
    "skipped",
]
FINDING_KEYS = [
    "path",
    "column",
    "category",
    "detector",
    "scope",
    "confidence",
    "matched",
    "checked",
    "rows",
    "sample",
    "forbidden",
]
SUMMARY_KEYS = ["files_scanned", "files_failed", "findings", "forbidden_findings", "exit_code"]


def _doc(**changes: object) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render_json(canonical_report(**changes)))
    return doc


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_validates_against_schema(validator: Draft202012Validator) -> None:
    validator.validate(_doc())


def test_empty_report_validates(validator: Draft202012Validator) -> None:
    doc = _doc(files=(), findings=(), errors=(), warnings=(), exit_code=0)
    validator.validate(doc)
    assert doc["summary"] == dict.fromkeys(SUMMARY_KEYS, 0)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("extra",), 1, id="unknown-top-key"),
        pytest.param(("findings", 0, "category"), "secrets", id="unknown-category"),
        pytest.param(("findings", 0, "scope"), "row", id="unknown-scope"),
        pytest.param(("summary", "exit_code"), 3, id="exit-code-not-from-policy"),
        pytest.param(("findings", 0, "rows"), [0], id="row-zero"),
        pytest.param(("schema_version",), 2, id="schema-version"),
    ],
)
def test_schema_is_strict(
    validator: Draft202012Validator, path: tuple[str | int, ...], value: object
) -> None:
    doc = _doc()
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not validator.is_valid(doc)


def test_key_order() -> None:
    doc = _doc()
    assert list(doc) == TOP_KEYS
    assert list(doc["tool"]) == ["name", "version"]
    assert list(doc["summary"]) == SUMMARY_KEYS
    assert all(list(f) == FINDING_KEYS for f in doc["findings"])
    assert all(list(e) == ["path", "message"] for e in doc["errors"])
    assert all(list(f) == ["path", "rows", "truncated"] for f in doc["files"])


def test_summary_counts() -> None:
    doc = _doc()
    assert doc["tool"] == {"name": "piiscan", "version": "0.1.0"}
    assert doc["summary"] == {
        "files_scanned": 5,
        "files_failed": 2,  # bad.csv has two errors: distinct paths count
        "findings": 8,
        "forbidden_findings": 5,
        "exit_code": 2,
    }


def test_policy_in_canonical_order() -> None:
    doc = _doc(forbidden_categories=(Category.LOCATION, Category.PII))
    assert doc["policy"] == {"forbidden": ["pii", "location"]}


def test_finding_values() -> None:
    f = finding(confidence=0.966, rows=(4, 17), sample=None, scope=Scope.CELLS)
    doc = _doc(findings=(f,))
    assert doc["findings"] == [
        {
            "path": "a.csv",
            "column": "email",
            "category": "pii",
            "detector": "email",
            "scope": "cells",
            "confidence": 0.97,
            "matched": 10,
            "checked": 10,
            "rows": [4, 17],
            "sample": None,
            "forbidden": True,
        }
    ]


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [(0.994, 0.99), (0.995, 0.99), (0.3, 0.3), (1.0, 1.0), (0.0, 0.0), (0.125, 0.12)],
    ids=str,
)
def test_confidence_rounded_to_two_places(confidence: float, expected: float) -> None:
    doc = _doc(findings=(finding(confidence=confidence),))
    assert doc["findings"][0]["confidence"] == expected


def test_files_and_warnings_additions() -> None:
    doc = _doc(files=(FileSummary("a.csv", 3), FileSummary("b.csv", 7, truncated=True)))
    assert doc["files"] == [
        {"path": "a.csv", "rows": 3, "truncated": False},
        {"path": "b.csv", "rows": 7, "truncated": True},
    ]
    assert doc["warnings"] == list(canonical_report().warnings)


def test_format_is_stable() -> None:
    out = render_json(canonical_report())
    assert out == render_json(canonical_report())
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert out.startswith('{\n  "schema_version": 1,\n  "tool": {\n    "name": "piiscan",')
    assert "И***** И. И." in out  # ensure_ascii=False: Cyrillic stays readable


def test_one_finding_per_line() -> None:
    """Reports of many findings stay diffable and greppable: a finding is one line."""
    out = render_json(canonical_report())
    doc = json.loads(out)
    lines = [line.strip().rstrip(",") for line in out.splitlines()]
    assert [json.loads(line) for line in lines if line.startswith('{"path"')] == (
        doc["errors"] + doc["findings"] + doc["files"]
    )


def test_hostile_strings_round_trip_but_cannot_act() -> None:
    out = render_json(canonical_report())
    doc = json.loads(out)
    assert HOSTILE_COLUMN in [f["column"] for f in doc["findings"]]
    assert HOSTILE_PATH in [f["path"] for f in doc["findings"]]
    assert AZURE_PATH in [e["path"] for e in doc["errors"]]
    assert "\x1b" not in out and "\u202e" not in out
    assert "##" not in out
    assert all(not line.lstrip().startswith("::") for line in out.splitlines())


@pytest.mark.parametrize(
    "column",
    ["\udcff-surrogate", "tag\U000e0041", "line\u2028sep", "c1\x9bcsi", "del\x7f", "zw\u200bj"],
    ids=["lone-surrogate", "astral-format-char", "line-separator", "c1-csi", "del", "zero-width"],
)
def test_unsafe_characters_escaped_losslessly(column: str) -> None:
    out = render_json(canonical_report(findings=(finding(column=column),)))
    out.encode("utf-8")  # always encodable, even with a lone surrogate from a file name
    assert json.loads(out)["findings"][0]["column"] == column
    unsafe = [ch for ch in column if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl"}]
    assert unsafe and not any(ch in out for ch in unsafe)


def test_canary_never_rendered() -> None:
    assert CANARY_PAN not in render_json(canonical_report())


def test_render_dispatch() -> None:
    report = canonical_report()
    assert set(RENDERERS) >= {"text", "json"}
    assert render(report, "json", color=True, width=40) == render_json(report)


_TEXT = st.text(
    alphabet=st.characters(codec=None)
    | st.sampled_from(["#", "\x7f", '"', "\u2028", "\udcff", "\x1b"])
)


@given(
    path=_TEXT,
    column=_TEXT,
    sample=st.none() | _TEXT,
    confidence=st.floats(0, 1),
    matched=st.integers(0, 10**9),
    rows=st.lists(st.integers(1, 10**9), max_size=5),
    forbidden=st.booleans(),
    baselined=st.booleans(),
)
def test_finding_lines_are_what_the_standard_encoder_writes(
    path: str,
    column: str,
    sample: str | None,
    confidence: float,
    matched: int,
    rows: list[int],
    forbidden: bool,
    baselined: bool,
) -> None:
    """Finding lines are built by hand for speed: byte for byte what json.dumps writes for
    the contract's dict, with the same escapes applied."""
    f = finding(
        path=path,
        column=column,
        sample=sample,
        confidence=confidence,
        matched=matched,
        checked=matched + 1,
        rows=tuple(rows),
        forbidden=forbidden,
        baselined=baselined,
    )
    doc: dict[str, Any] = {
        "path": path,
        "column": column,
        "category": f.category.value,
        "detector": f.detector,
        "scope": f.scope.value,
        "confidence": round(confidence, 2),
        "matched": matched,
        "checked": matched + 1,
        "rows": rows,
        "sample": sample,
        "forbidden": forbidden,
    }
    if baselined:
        doc["baselined"] = True
    expected = json.dumps(doc, ensure_ascii=False, separators=(", ", ": "))
    expected = json_report._UNSAFE.sub(json_report._escape, expected)
    out = render_json(canonical_report(findings=(f,)))
    assert f"\n    {expected}\n" in out


def test_every_output_format_has_a_renderer_and_back() -> None:
    from piiscan.report import RENDERERS, OutputFormat, renderer_for

    assert set(RENDERERS) == {f.value for f in OutputFormat}
    for fmt in OutputFormat:
        assert callable(renderer_for(fmt))
