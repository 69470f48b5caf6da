"""Policy: which findings are forbidden, how ignores match, and the one exit code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from piiscan.model import (
    ALL_CATEGORIES,
    Category,
    FileError,
    FileSummary,
    Finding,
    ScanResult,
    Scope,
)
from piiscan.policy import IgnoreEntry, Policy, apply, enclosing

PII, PAYMENT, PURCHASES, LOCATION = ALL_CATEGORIES


def _finding(
    category: Category = PII,
    *,
    path: str = "exports/a.csv",
    column: str = "email",
    rule: str = "email",
    matched: int = 5,
) -> Finding:
    return Finding(
        path=path,
        column=column,
        category=category,
        detector=rule,
        scope=Scope.COLUMN,
        confidence=0.9,
        matched=matched,
        checked=5,
        rows=(1,),
        sample="a***@b***.com",
    )


def _result(*findings: Finding, errors: int = 0) -> ScanResult:
    return ScanResult(
        files=(FileSummary("exports/a.csv", 5),),
        findings=findings,
        errors=tuple(FileError(f"bad{i}.csv", "truncated gzip stream") for i in range(errors)),
    )


IGNORE_EMAIL = IgnoreEntry(column="email", reason="hashed upstream")


@pytest.mark.parametrize(
    ("result", "policy", "exit_code", "forbidden"),
    [
        pytest.param(_result(), Policy(), 0, [], id="nothing-found"),
        pytest.param(_result(_finding()), Policy(), 1, [True], id="forbidden-only"),
        pytest.param(_result(_finding(), errors=1), Policy(), 2, [True], id="errors-win-over-1"),
        pytest.param(_result(errors=2), Policy(), 2, [], id="errors-only"),
        pytest.param(
            _result(_finding(LOCATION), _finding(PURCHASES)),
            Policy(forbidden=frozenset({PII, PAYMENT})),
            0,
            [False, False],
            id="allowed-categories",
        ),
        pytest.param(
            _result(_finding()), Policy(ignores=(IGNORE_EMAIL,)), 0, [False], id="ignored"
        ),
        pytest.param(_result(_finding(matched=0)), Policy(), 0, [False], id="header-only"),
        pytest.param(
            _result(_finding(matched=0), _finding(PAYMENT, column="card", rule="card_pan")),
            Policy(),
            1,
            [False, True],
            id="mixed",
        ),
        pytest.param(
            _result(_finding()), Policy(forbidden=frozenset()), 0, [False], id="nothing-forbidden"
        ),
    ],
)
def test_exit_code_and_forbidden(
    result: ScanResult, policy: Policy, exit_code: int, forbidden: list[bool]
) -> None:
    report = apply(result, policy, tool_version="9.9.9")
    assert report.exit_code == exit_code
    assert [f.forbidden for f in report.findings] == forbidden


@pytest.mark.parametrize(
    ("glob", "path", "hit"),
    [
        ("**", "any/where/a.csv", True),
        ("exports/a.csv", "exports/a.csv", True),
        ("exports/*.csv", "./exports/a.csv", True),
        ("exports/*.csv", "/abs/exports/a.csv", True),
        ("exports/*.csv", "old/exports/a.csv", True),
        ("exports/*.csv", "exports/sub/a.csv", False),
        ("exports/*.csv", "myexports/a.csv", False),
        ("a.csv", "data.csv", False),
        ("*.csv", "deep/down/a.csv", True),
        ("*.csv", "a.csv.gz", False),
        ("exports/**", "exports/sub/deeper/a.csv", True),
        ("exports/**/a.csv", "exports/a.csv", True),
        ("exports/**/a.csv", "exports/x/y/a.csv", True),
        ("exports/", "exports/x/a.csv", True),
        ("./exports/*.csv", "exports/a.csv", True),
        ("/abs/*.csv", "/abs/a.csv", True),
        ("/abs/*.csv", "/other/abs/a.csv", False),
        ("?.csv", "b.csv", True),
        ("?.csv", "bb.csv", False),
        ("data[1].csv", "data[1].csv", True),
        ("data[1].csv", "data1.csv", False),
        ("*.csv", "odd\nname.csv", True),
        # A glob naming a file matches the tables in it: sheets, members, database tables.
        ("book.xlsx", "book.xlsx[Sheet1]", True),
        ("book.xlsx", "exports/book.xlsx[Sheet1]", True),
        ("*.xlsx", "book.xlsx[Sheet1]", True),
        ("book.xlsx[Sheet1]", "book.xlsx[Sheet1]", True),
        ("book.xlsx[Sheet1]", "book.xlsx[Sheet2]", False),
        ("book.xlsx", "book.xlsx.csv", False),
        ("book", "book.xlsx[Sheet1]", False),
        ("export.zip", "export.zip!/a.csv", True),
        ("export.zip!/a.csv", "export.zip!/a.csv", True),
        ("export.zip!/a.csv", "export.zip!/b.csv", False),
        ("export.zip", "export.zip!/b.tar.gz!/c.xlsx[S]", True),
        ("export.zip!/b.tar.gz", "export.zip!/b.tar.gz!/c.xlsx[S]", True),
        ("export.zip!/b.tar.gz!/c.xlsx", "export.zip!/b.tar.gz!/c.xlsx[S]", True),
        ("c.xlsx", "export.zip!/b.tar.gz!/c.xlsx[S]", True),  # a member is a file too
        ("b.xlsx", "export.zip!/b.tar.gz!/c.xlsx[S]", False),
        ("exports/*.csv", "exports/x.zip!/a.csv", False),
        ("data.sqlite", "data.sqlite[customers]", True),
        ("data[1].csv", "data[1].csv.zip!/a.csv", False),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_path_glob(glob: str, path: str, hit: bool) -> None:
    assert IgnoreEntry(path=glob, reason="r").matches(_finding(path=path)) is hit


@pytest.mark.parametrize(
    ("glob", "column", "hit"),
    [
        ("email", "email", True),
        ("Email", "email", False),
        ("email", "email_2", False),
        ("*phone*", "home_phone_2", True),
        ("e?ail", "email", True),
        ("customer.*", "customer.contact.phone", True),
        ("orders[].items[].sku", "orders[].items[].sku", True),
        ("orders[].*", "orders[].items[].sku", True),
        ("orders[].*", "orders.sku", False),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_column_glob(glob: str, column: str, hit: bool) -> None:
    assert IgnoreEntry(column=glob, reason="r").matches(_finding(column=column)) is hit


F = _finding(PII, path="exports/a.csv", column="email", rule="email")


@pytest.mark.parametrize(
    ("entry", "hit"),
    [
        pytest.param(IgnoreEntry(reason="r"), True, id="defaults-match-all"),
        pytest.param(IgnoreEntry(rule="email", reason="r"), True, id="rule"),
        pytest.param(IgnoreEntry(rule="phone_number", reason="r"), False, id="other-rule"),
        pytest.param(IgnoreEntry(category=PII, reason="r"), True, id="category"),
        pytest.param(IgnoreEntry(category=PAYMENT, reason="r"), False, id="other-category"),
        pytest.param(
            IgnoreEntry(path="exports/*", column="email", reason="r"), True, id="path+column"
        ),
        pytest.param(
            IgnoreEntry(path="other/*", column="email", reason="r"), False, id="path-misses"
        ),
        pytest.param(
            IgnoreEntry(path="exports/*", column="phone", reason="r"), False, id="column-misses"
        ),
        pytest.param(
            IgnoreEntry(path="**/a.csv", column="e*", rule="email", category=PII, reason="r"),
            True,
            id="all-fields",
        ),
        pytest.param(
            IgnoreEntry(path="**/a.csv", column="e*", rule="email", category=PAYMENT, reason="r"),
            False,
            id="all-but-category",
        ),
    ],
)
def test_ignore_entry_fields(entry: IgnoreEntry, hit: bool) -> None:
    assert entry.matches(F) is hit


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_ignore_entry_needs_reason(reason: str) -> None:
    with pytest.raises(ValueError, match="reason"):
        IgnoreEntry(column="email", reason=reason)


def test_ignored_findings_stay_in_report_in_order() -> None:
    findings = (
        _finding(PAYMENT, column="card", rule="card_pan"),
        _finding(column="email"),
        _finding(LOCATION, column="ip", rule="ip_address"),
    )
    report = apply(_result(*findings), Policy(ignores=(IGNORE_EMAIL,)), tool_version="1")
    assert [f.column for f in report.findings] == ["card", "email", "ip"]
    assert [f.forbidden for f in report.findings] == [True, False, True]
    assert report.forbidden_findings == 2
    # nothing but the flag changes
    assert [replace(f, forbidden=False) for f in report.findings] == list(findings)


def test_engine_flag_is_recomputed() -> None:
    stale = replace(_finding(LOCATION), forbidden=True)
    report = apply(_result(stale), Policy(forbidden=frozenset({PII})), tool_version="1")
    assert report.findings[0].forbidden is False
    assert report.exit_code == 0


def test_warnings_for_stale_ignores_and_truncated_files() -> None:
    result = ScanResult(
        files=(FileSummary("a.csv", 5), FileSummary("big.csv", 1000, truncated=True)),
        findings=(_finding(LOCATION, column="city", rule="city"),),
        errors=(),
    )
    policy = Policy(
        forbidden=frozenset({PII}),
        ignores=(
            IgnoreEntry(column="email", reason="hashed upstream"),
            IgnoreEntry(column="city", reason="city is public"),  # matches an allowed finding
            IgnoreEntry(path="legacy/**", reason="old dumps"),
        ),
    )
    report = apply(result, policy, tool_version="1")
    assert report.warnings == (
        "big.csv: scanned only the first 1000 rows (--max-rows)",
        "ignore entry 1 (reason: hashed upstream) matched no finding",
        "ignore entry 3 (reason: old dumps) matched no finding",
    )


def test_report_fields() -> None:
    result = _result(_finding(), errors=1)
    policy = Policy(forbidden=frozenset({LOCATION, PII, PAYMENT}))
    report = apply(result, policy, tool_version="0.1.0")
    assert report.tool_version == "0.1.0"
    assert report.forbidden_categories == (PII, PAYMENT, LOCATION)  # canonical order
    assert report.files == result.files
    assert report.errors == result.errors


def test_default_policy_forbids_everything() -> None:
    assert Policy().forbidden == frozenset(ALL_CATEGORIES)
    assert Policy().ignores == ()


DAY = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("expires", "findings", "exit_code", "warning"),
    [
        pytest.param(None, [F], 0, None, id="no-expiry"),
        pytest.param(date(2025, 7, 1), [F], 0, None, id="before"),
        pytest.param(DAY, [F], 0, None, id="on-the-day"),
        pytest.param(
            date(2025, 6, 29),
            [F],
            1,
            "ignore entry 1 (reason: hashed upstream) expired on 2025-06-29:"
            " the finding it matches fails again",
            id="expired",
        ),
        pytest.param(
            date(2025, 6, 29),
            [F, _finding(path="exports/b.csv")],
            1,
            "ignore entry 1 (reason: hashed upstream) expired on 2025-06-29:"
            " the 2 findings it matches fail again",
            id="expired-two",
        ),
        pytest.param(
            date(2025, 6, 29),
            [],
            0,
            "ignore entry 1 (reason: hashed upstream) expired on 2025-06-29: it matched no finding",
            id="expired-unused",
        ),
    ],
)
def test_ignore_expiry(
    expires: date | None, findings: list[Finding], exit_code: int, warning: str | None
) -> None:
    entry = IgnoreEntry(column="email", reason="hashed upstream", expires=expires)
    report = apply(_result(*findings), Policy(ignores=(entry,)), tool_version="1", today=DAY)
    assert report.exit_code == exit_code
    expired = [w for w in report.warnings if "expired" in w]
    assert expired == ([warning] if warning else [])


def test_expired_entry_for_an_allowed_finding_says_only_that_it_expired() -> None:
    entry = IgnoreEntry(column="email", reason="r", expires=date(2020, 1, 1))
    report = apply(
        _result(F), Policy(forbidden=frozenset({PAYMENT}), ignores=(entry,)), tool_version="1"
    )
    assert report.warnings == ("ignore entry 1 (reason: r) expired on 2020-01-01",)
    assert report.exit_code == 0


def test_judged_changes_only_the_verdict() -> None:
    f = Finding("a.csv", "email", Category.PII, "email", Scope.COLUMN, 0.9, 3, 4, (1, 2), "a***")
    for forbidden, baselined in ((True, False), (False, True), (False, False)):
        assert f.judged(forbidden, baselined) == replace(
            f, forbidden=forbidden, baselined=baselined
        )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.csv", ["a.csv"]),
        ("data[1].csv", ["data[1].csv"]),
        ("book.xlsx[Sheet 1]", ["book.xlsx[Sheet 1]", "book.xlsx"]),
        ("a.zip!/b.xlsx[S]", ["a.zip!/b.xlsx[S]", "a.zip!/b.xlsx", "a.zip"]),
        ("a.zip!/d/b.tar!/c.csv", ["a.zip!/d/b.tar!/c.csv", "a.zip!/d/b.tar", "a.zip"]),
        ("customers", ["customers"]),
    ],
)
def test_enclosing_names_the_files_holding_a_table(path: str, expected: list[str]) -> None:
    assert enclosing(path) == expected
