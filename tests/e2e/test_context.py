"""Table context end to end: row-pair checks, coordinate pairs, customer links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli


def _ru_account(bik: str, body: str) -> str:
    """A 20-digit account whose control key (digit 9) fits ``bik``."""
    weights = [7, 1, 3] * 8
    for key in "0123456789":
        account = body[:8] + key + body[9:]
        digits = bik[-3:] + account
        if sum(int(c) * w % 10 for c, w in zip(digits, weights, strict=False)) % 10 == 0:
            return account
    raise AssertionError("no key digit fits")


@pytest.mark.parametrize(
    ("keyed", "confidence"), [(True, 0.99), (False, 0.8)], ids=["key-ok", "key-wrong"]
)
def test_account_key_is_checked_against_the_bik_in_the_same_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keyed: bool, confidence: float
) -> None:
    bik = "044525225"
    rows = []
    for i in range(30):
        body = f"40817810{i % 10}{i:011d}"
        account = _ru_account(bik, body)
        if not keyed:
            account = account[:8] + str((int(account[8]) + 1) % 10) + account[9:]
        rows.append(f"{bik};{account}")
    path = tmp_path / "refunds.csv"
    path.write_text("БИК банка;Счёт для возврата\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = json.loads(run_cli(capsys, "check", str(path), "--format", "json").out)
    account = next(f for f in report["findings"] if f["detector"] == "ru_account")
    assert (account["confidence"] >= 0.99) is keyed
    assert account["confidence"] <= confidence


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _categories(capsys: pytest.CaptureFixture[str], path: Path) -> set[tuple[str, str]]:
    report = json.loads(run_cli(capsys, "check", str(path), "--format", "json").out)
    return {(f["column"], f["category"]) for f in report["findings"]}


def test_purchases_need_a_customer_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [f"SKU-{1000 + i},Greek yogurt 500g,{i % 5 + 1},{i * 1.5:.2f}" for i in range(40)]
    catalogue = _write(tmp_path / "catalogue.csv", "sku,product_name,qty,amount", rows)
    assert not {c for c in _categories(capsys, catalogue) if c[1] == "purchases"}
    linked = [f"{5000 + i},{r}" for i, r in enumerate(rows)]
    orders = _write(tmp_path / "orders.csv", "customer_id,sku,product_name,qty,amount", linked)
    got = _categories(capsys, orders)
    assert {("sku", "purchases"), ("product_name", "purchases")} <= got


def test_headerless_coordinates_count_only_as_a_pair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = [f"{i},{55.7 + i / 1000:.6f},{37.6 + i / 1000:.6f}" for i in range(40)]
    got = _categories(capsys, _write(tmp_path / "pair.csv", "c1,c2,c3", pair))
    assert {("c2", "location"), ("c3", "location")} <= got
    alone = [f"{i},{55.7 + i / 1000:.6f},x{i}" for i in range(40)]
    got = _categories(capsys, _write(tmp_path / "alone.csv", "c1,c2,c3", alone))
    assert ("c2", "location") not in got
