"""One hand-built scan and report, used by every renderer test.

It covers all four categories, both scopes, every status a finding can show (forbidden,
allowed, ignored, header only), errors (two for one path), a truncated file, a clean file,
and hostile names. No raw value appears anywhere: samples are already masked, so a canary
found in any output means a renderer invented or leaked one.
"""

from __future__ import annotations

from dataclasses import replace

from piiscan.model import Category, FileError, FileSummary, Finding, Report, ScanResult, Scope

CANARY_PAN = "4111111111111111"
"""The raw card number the masked sample stands for; must appear in no output."""
HOSTILE_COLUMN = "[red]x[/red]\x1b[31m\n::error::=cmd|"
HOSTILE_PATH = "exports/\u202egnp.csv"
"""An RTL override would make this read ``exports/csv.png``."""
AZURE_PATH = "##vso[task.setvariable variable=x]y.csv"

FILES = (
    FileSummary("exports/customers.csv", 1250),
    FileSummary("exports/orders.jsonl", 980),
    FileSummary("big.csv", 1000, truncated=True),
    FileSummary("clean.parquet", 10),
    FileSummary(HOSTILE_PATH, 3),
)

ERRORS = (
    FileError("bad.csv", "not valid UTF-8 or cp1251 at byte 1042"),
    FileError("bad.csv", "second problem in the same file"),
    FileError(AZURE_PATH, "truncated gzip stream"),
)


def _finding(
    path: str,
    column: str,
    category: Category,
    detector: str,
    *,
    scope: Scope = Scope.COLUMN,
    confidence: float = 0.9,
    matched: int = 10,
    checked: int = 10,
    rows: tuple[int, ...] = (1, 2),
    sample: str | None = "x***",
    forbidden: bool = False,
) -> Finding:
    return Finding(
        path,
        column,
        category,
        detector,
        scope,
        confidence,
        matched,
        checked,
        rows,
        sample,
        forbidden,
    )


FINDINGS = (
    _finding(
        "exports/customers.csv",
        "birth_date",
        Category.PII,
        "date_of_birth",
        confidence=0.3,
        matched=0,
        checked=0,
        rows=(),
        sample=None,
    ),
    _finding(
        "exports/customers.csv",
        "card",
        Category.PAYMENT,
        "card_pan",
        confidence=0.994,
        matched=1250,
        checked=1250,
        rows=(1, 2, 3),
        sample="4111 **** **** 1111",
        forbidden=True,
    ),
    _finding(
        "exports/customers.csv",
        "phone",
        Category.PII,
        "phone_number",
        confidence=0.966,
        matched=123,
        checked=125,
        rows=(4, 17),
        sample="+7 9** ***-**-67",
        forbidden=True,
    ),
    _finding(
        "exports/customers.csv",
        HOSTILE_COLUMN,
        Category.PII,
        "email",
        sample="i****@e******.com",
        forbidden=True,
    ),
    _finding(
        "exports/orders.jsonl",
        "comment",
        Category.PAYMENT,
        "card_pan",
        scope=Scope.CELLS,
        confidence=0.6,
        matched=3,
        checked=980,
        rows=(4, 17, 30),
        sample="5500 **** **** 0004",
        forbidden=True,
    ),
    _finding(
        "exports/orders.jsonl",
        "orders[].items[].sku",
        Category.PURCHASES,
        "sku",
        sample="SKU-****",
        forbidden=False,
    ),  # ignored by an entry
    _finding("big.csv", "lat", Category.LOCATION, "latitude", sample="55.7***"),  # allowed
    _finding(
        HOSTILE_PATH, "имя", Category.PII, "person_name", sample="И***** И. И.", forbidden=True
    ),
)

FORBIDDEN_CATEGORIES = (Category.PII, Category.PAYMENT, Category.PURCHASES)

WARNINGS = (
    "big.csv: scanned only the first 1000 rows (--max-rows)",
    "ignore entry 2 (reason: test fixtures) matched no finding",
)


def canonical_result() -> ScanResult:
    """The engine's output, before policy (every ``forbidden`` False)."""
    return ScanResult(
        files=FILES,
        findings=tuple(replace(f, forbidden=False) for f in FINDINGS),
        errors=ERRORS,
    )


def canonical_report(**changes: object) -> Report:
    """The report as policy would make it; keyword arguments replace fields."""
    report = Report(
        tool_version="0.1.0",
        forbidden_categories=FORBIDDEN_CATEGORIES,
        files=FILES,
        findings=FINDINGS,
        errors=ERRORS,
        exit_code=2,
        warnings=WARNINGS,
    )
    return replace(report, **changes)  # type: ignore[arg-type]


def finding(**changes: object) -> Finding:
    """A plain forbidden pii column finding; keyword arguments replace fields."""
    base = _finding("a.csv", "email", Category.PII, "email", forbidden=True)
    return replace(base, **changes)  # type: ignore[arg-type]
