"""End to end on the bundled examples: exit codes, golden JSON, the text report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.clirunner import run_cli

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.mark.parametrize(
    "target",
    [
        "crm/clients_1c.csv",
        "orders/orders_2024.csv",
        "support/tickets.jsonl",
        "geo/app_events.parquet",
        "clean",
    ],
)
def test_examples_match_golden_json(capsys: pytest.CaptureFixture[str], target: str) -> None:
    run = run_cli(capsys, "check", f"examples/{target}", "--format", "json")
    golden = GOLDEN / (target.replace("/", "__") + ".json")
    if os.environ.get("PIISCAN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")
    report = json.loads(run.out)
    assert run.code == report["summary"]["exit_code"]


def test_sensitive_examples_fail_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "examples", "--color", "never")
    assert run.code == 1
    assert "FAIL" in run.out


def test_clean_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "examples/clean", "--format", "json")
    report = json.loads(run.out)
    assert run.code == 0, report["findings"]
    assert report["summary"]["files_scanned"] == 2


@pytest.mark.parametrize(
    ("target", "column", "category"),
    [
        ("crm/clients_1c.csv", "ФИО", "pii"),
        ("crm/clients_1c.csv", "Телефон", "pii"),
        ("crm/clients_1c.csv", "ИНН", "pii"),
        ("crm/clients_1c.csv", "СНИЛС", "pii"),
        ("crm/clients_1c.csv", "Номер карты", "payment"),
        ("crm/clients_1c.csv", "Комментарий", "pii"),
        ("orders/orders_2024.csv", "card_number", "payment"),
        ("orders/orders_2024.csv", "sku", "purchases"),
        ("support/tickets.jsonl", "body", "pii"),
        ("geo/app_events.parquet", "geo.lat", "location"),
        ("geo/app_events.parquet", "ip", "location"),
    ],
)
def test_example_columns_are_classified(
    capsys: pytest.CaptureFixture[str], target: str, column: str, category: str
) -> None:
    report = json.loads(run_cli(capsys, "check", f"examples/{target}", "--format", "json").out)
    got = {(f["column"], f["category"]) for f in report["findings"]}
    assert (column, category) in got
