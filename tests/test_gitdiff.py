"""--diff-base helpers: what counts as known at the revision, and repository paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiscan.gitdiff import Repo, known, repo_path
from piiscan.model import Category, Finding, Scope

PII, LOCATION = Category.PII, Category.LOCATION
COLUMN, CELLS = Scope.COLUMN, Scope.CELLS


def _finding(
    column: str = "contact",
    category: Category = PII,
    scope: Scope = COLUMN,
    *,
    rule: str = "email",
    path: str = "exports/a.csv",
    matched: int = 5,
) -> Finding:
    return Finding(path, column, category, rule, scope, 0.9, matched, 5, (1,), None)


@pytest.mark.parametrize(
    ("then", "now", "is_known"),
    [
        pytest.param([_finding()], _finding(), True, id="same"),
        pytest.param([_finding()], _finding(rule="phone"), True, id="other-rule-same-category"),
        pytest.param([_finding()], _finding(scope=CELLS), True, id="narrower"),
        pytest.param([_finding(scope=CELLS)], _finding(), False, id="escalated-cells-to-column"),
        pytest.param(
            [_finding(scope=CELLS), _finding()], _finding(), True, id="widest-scope-counts"
        ),
        pytest.param([_finding()], _finding(category=LOCATION), False, id="new-category"),
        pytest.param([_finding()], _finding("other"), False, id="new-column"),
        pytest.param([_finding()], _finding(path="exports/b.csv"), False, id="new-file"),
        pytest.param([_finding(path="./exports/a.csv")], _finding(), True, id="dot-slash"),
        pytest.param([_finding(matched=0)], _finding(), False, id="header-only-then"),
        pytest.param([], _finding(), False, id="nothing-then"),
    ],
)
def test_known(then: list[Finding], now: Finding, is_known: bool) -> None:
    assert known(then)(now) is is_known


ROOT = Path("/work/repo")


@pytest.mark.parametrize(
    ("prefix", "display", "expected"),
    [
        pytest.param("", "exports/a.csv", "exports/a.csv", id="at-root"),
        pytest.param("", "./exports/a.csv", "exports/a.csv", id="dot-slash"),
        pytest.param("exports/", "a.csv", "exports/a.csv", id="in-subfolder"),
        pytest.param("exports/", "../other/a.csv", "other/a.csv", id="up-and-down"),
        pytest.param("", "../a.csv", None, id="outside"),
        pytest.param("", "/work/repo/exports/a.csv", "exports/a.csv", id="absolute-inside"),
        pytest.param("", "/elsewhere/a.csv", None, id="absolute-outside"),
    ],
)
def test_repo_path(prefix: str, display: str, expected: str | None) -> None:
    assert repo_path(Repo(top=ROOT, prefix=prefix), display) == expected
