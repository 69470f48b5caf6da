"""Baselines: which findings an entry covers, staleness, updates, the file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piiscan.baseline import Baseline, Entry, diff, load, updated
from piiscan.errors import ConfigError
from piiscan.model import Category, FileError, FileSummary, Finding, ScanResult, Scope
from piiscan.policy import Policy, apply
from piiscan.report import render

PII, PAYMENT, LOCATION = Category.PII, Category.PAYMENT, Category.LOCATION
COLUMN, CELLS = Scope.COLUMN, Scope.CELLS


def _finding(
    column: str = "email",
    rule: str = "email",
    category: Category = PII,
    scope: Scope = COLUMN,
    *,
    path: str = "exports/a.csv",
) -> Finding:
    return Finding(
        path=path,
        column=column,
        category=category,
        detector=rule,
        scope=scope,
        confidence=0.9,
        matched=5,
        checked=5,
        rows=(1,),
        sample="a***@b***.com",
    )


def _entry(
    column: str = "email",
    rule: str = "email",
    category: Category = PII,
    scope: Scope = COLUMN,
    *,
    path: str = "exports/a.csv",
) -> Entry:
    return Entry(path=path, column=column, rule=rule, category=category, scope=scope)


def _result(*findings: Finding, paths: tuple[str, ...] = ("exports/a.csv",)) -> ScanResult:
    return ScanResult(files=tuple(FileSummary(p, 5) for p in paths), findings=findings, errors=())


@pytest.mark.parametrize(
    ("entry", "finding", "covered"),
    [
        pytest.param(_entry(), _finding(), True, id="same"),
        pytest.param(_entry(), _finding(path="./exports/a.csv"), True, id="dot-slash-path"),
        pytest.param(_entry(), _finding(scope=CELLS), True, id="column-covers-cells"),
        pytest.param(_entry(scope=CELLS), _finding(scope=CELLS), True, id="cells-covers-cells"),
        pytest.param(_entry(scope=CELLS), _finding(), False, id="escalated-cells-to-column"),
        pytest.param(_entry(), _finding(column="mail"), False, id="other-column"),
        pytest.param(_entry(), _finding(rule="phone"), False, id="other-rule"),
        pytest.param(_entry(), _finding(category=LOCATION), False, id="other-category"),
        pytest.param(_entry(), _finding(path="exports/b.csv"), False, id="other-file"),
        pytest.param(_entry(path="a.csv"), _finding(path="exports/a.csv"), False, id="no-suffix"),
    ],
)
def test_entry_covers(entry: Entry, finding: Finding, covered: bool) -> None:
    assert entry.covers(finding) is covered
    assert Baseline.of([entry]).covers(finding) is covered


def test_of_sorts_and_keeps_the_wider_scope() -> None:
    base = Baseline.of(
        [_entry("b"), _entry("a", scope=CELLS), _entry("a"), _entry("a", scope=CELLS)]
    )
    assert base.entries == (_entry("a"), _entry("b"))


@pytest.mark.parametrize(
    ("findings", "exit_code", "baselined", "forbidden"),
    [
        pytest.param([_finding()], 0, [True], [False], id="known"),
        pytest.param(
            [_finding(), _finding("phone", "phone")],
            1,
            [True, False],
            [False, True],
            id="known-and-new",
        ),
        pytest.param([_finding(scope=CELLS)], 0, [True], [False], id="narrower-is-known"),
    ],
)
def test_apply_with_baseline(
    findings: list[Finding], exit_code: int, baselined: list[bool], forbidden: list[bool]
) -> None:
    base = Baseline.of([_entry()])
    report = apply(_result(*findings), Policy(), tool_version="0", known=base.covers)
    assert report.exit_code == exit_code
    assert [f.baselined for f in report.findings] == baselined
    assert [f.forbidden for f in report.findings] == forbidden
    assert report.baselined_findings == baselined.count(True)


def test_allowed_or_header_only_findings_are_never_baselined() -> None:
    base = Baseline.of([_entry()])
    report = apply(
        _result(_finding()),
        Policy(forbidden=frozenset({PAYMENT})),
        tool_version="0",
        known=base.covers,
    )
    assert [(f.forbidden, f.baselined) for f in report.findings] == [(False, False)]


@pytest.mark.parametrize(
    ("entries", "findings", "scanned", "errors", "on_disk", "stale"),
    [
        pytest.param([_entry()], [_finding()], ["exports/a.csv"], [], [], [], id="used"),
        pytest.param([_entry()], [], ["exports/a.csv"], [], [], [_entry()], id="column-gone"),
        pytest.param(
            [_entry(path="other.csv")],
            [],
            ["exports/a.csv"],
            [],
            ["other.csv"],
            [],
            id="file-not-scanned-but-exists",
        ),
        pytest.param(
            [_entry(path="gone.csv")],
            [],
            ["exports/a.csv"],
            [],
            [],
            [_entry(path="gone.csv")],
            id="file-deleted",
        ),
        pytest.param(
            [_entry()],
            [],
            ["exports/a.csv"],
            ["exports/a.csv"],
            [],
            [],
            id="unreadable-file-not-judged",
        ),
    ],
)
def test_stale(
    entries: list[Entry],
    findings: list[Finding],
    scanned: list[str],
    errors: list[str],
    on_disk: list[str],
    stale: list[Entry],
) -> None:
    base = Baseline.of(entries)
    result = ScanResult(
        files=tuple(FileSummary(p, 5) for p in scanned),
        findings=tuple(findings),
        errors=tuple(FileError(p, "truncated gzip stream") for p in errors),
    )
    report = apply(result, Policy(), tool_version="0", known=base.covers)
    assert base.stale(report, exists=on_disk) == stale


def test_entry_for_an_ignored_finding_is_stale() -> None:
    from piiscan.policy import IgnoreEntry

    base = Baseline.of([_entry()])
    policy = Policy(ignores=(IgnoreEntry(column="email", reason="hashed"),))
    report = apply(_result(_finding()), policy, tool_version="0", known=base.covers)
    assert base.stale(report, exists=[]) == [_entry()]


def test_updated_keeps_adds_replaces_and_drops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kept.csv").write_text("x\n", encoding="utf-8")
    old = Baseline.of(
        [
            _entry(),  # still found, narrower now: kept as it is
            _entry("notes", "phone", scope=CELLS),  # escalated to column: replaced
            _entry("card", "card_number", PAYMENT),  # column removed: dropped
            _entry(path="kept.csv"),  # not scanned this time, file exists: kept
        ]
    )
    findings = (
        _finding(scope=CELLS),
        _finding("notes", "phone"),
        _finding("ip", "ip_address", LOCATION),
    )
    report = apply(_result(*findings), Policy(), tool_version="0", known=old.covers)
    new = updated(old, report)
    assert new.entries == (
        _entry(),
        _entry("ip", "ip_address", LOCATION),
        _entry("notes", "phone"),
        _entry(path="kept.csv"),
    )
    changes = diff(old, new)
    assert changes.added == (_entry("ip", "ip_address", LOCATION),)
    assert changes.dropped == (_entry("card", "card_number", PAYMENT),)
    assert changes.changed == ((_entry("notes", "phone", scope=CELLS), _entry("notes", "phone")),)
    assert changes.kept == (_entry(), _entry(path="kept.csv"))


def test_render_is_deterministic_and_holds_names_only() -> None:
    entries = [_entry("b"), _entry("a", "phone"), _entry("a", "email", scope=CELLS)]
    one = Baseline.of(entries).render()
    two = Baseline.of(list(reversed(entries))).render()
    assert one == two
    doc = json.loads(one)
    assert list(doc) == ["piiscan_baseline", "about", "entries"]
    assert doc["piiscan_baseline"] == 1
    assert [list(e) for e in doc["entries"]] == [
        ["path", "column", "rule", "category", "scope"]
    ] * 3
    assert [(e["column"], e["rule"]) for e in doc["entries"]] == [
        ("a", "email"),
        ("a", "phone"),
        ("b", "email"),
    ]
    assert "sample" not in one and "a***@b***.com" not in one


def test_round_trip(tmp_path: Path) -> None:
    base = Baseline.of([_entry("a\u202e\nb"), _entry(path="x/##vso[y].csv")])
    path = tmp_path / "b.json"
    path.write_text(base.render(), encoding="utf-8")
    assert "\u202e" not in path.read_text(encoding="utf-8")
    assert load(path) == base


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(None, "baseline file not found", id="missing"),
        pytest.param("{", "invalid JSON at line 1, column 2", id="bad-json"),
        pytest.param("[]", 'no "piiscan_baseline" key', id="not-an-object"),
        pytest.param('{"entries": []}', 'no "piiscan_baseline" key', id="no-marker"),
        pytest.param(
            '{"piiscan_baseline": 2, "entries": []}',
            "unsupported baseline version",
            id="future-version",
        ),
        pytest.param(
            '{"piiscan_baseline": true, "entries": []}',
            "unsupported baseline version",
            id="bool-version",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [], "x": 1}', 'unknown key "x"', id="unknown-key"
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": {}}',
            '"entries" must be an array',
            id="entries-object",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [1]}',
            '"entries[0]" must be an object',
            id="entry-int",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [{"path": "a", "column": "b", "rule": "c",'
            ' "category": "pii"}]}',
            'missing key "entries[0].scope"',
            id="entry-missing-key",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [{"path": "a", "column": "b", "rule": "c",'
            ' "category": "pii", "scope": "column", "value": "x"}]}',
            'unknown key "entries[0].value"',
            id="entry-unknown-key",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [{"path": "a", "column": "b", "rule": "c",'
            ' "category": "secrets", "scope": "column"}]}',
            '"entries[0].category": unknown category',
            id="entry-bad-category",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [{"path": "a", "column": "b", "rule": "c",'
            ' "category": "pii", "scope": "row"}]}',
            '"entries[0].scope": unknown scope',
            id="entry-bad-scope",
        ),
        pytest.param(
            '{"piiscan_baseline": 1, "entries": [{"path": "a", "column": 3, "rule": "c",'
            ' "category": "pii", "scope": "column"}]}',
            '"entries[0].column" must be a non-empty string',
            id="entry-column-int",
        ),
    ],
)
def test_load_errors_name_the_file(tmp_path: Path, text: str | None, message: str) -> None:
    path = tmp_path / "base.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("text", "  baselined "),
        ("markdown", "| baselined |"),
        ("json", '"baselined": true'),
        ("sarif", "known before: a piiscan baseline entry"),
    ],
)
def test_renderers_mark_baselined_findings(fmt: str, marker: str) -> None:
    report = apply(
        _result(_finding()), Policy(), tool_version="0", known=Baseline.of([_entry()]).covers
    )
    out = render(report, fmt)
    assert marker in out
    if fmt == "json":
        finding = json.loads(out)["findings"][0]
        assert (finding["forbidden"], finding["baselined"]) == (False, True)


def test_json_has_no_baselined_key_without_a_baseline() -> None:
    report = apply(_result(_finding()), Policy(), tool_version="0")
    assert "baselined" not in json.loads(render(report, "json"))["findings"][0]
