"""The table model end to end: what a row is decides whether a date, an id or a text column is
purchase history; empty and constant columns are judged as such; tiny tables still count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli

NAMES = ["Anna Smith", "John Brown", "Maria Jones", "David Miller", "Laura Wilson"]


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _found(capsys: pytest.CaptureFixture[str], path: Path) -> set[tuple[str, str]]:
    report = json.loads(run_cli(capsys, "check", str(path), "--format", "json").out)
    return {(f["column"], f["category"]) for f in report["findings"]}


def _dates(n: int, start: int = 2003) -> list[str]:
    return [f"{start + i % 3}-{i % 12 + 1:02d}-{i % 27 + 1:02d}" for i in range(n)]


def test_event_dates_are_not_birth_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = [f"{1960 + i % 40}-{i % 12 + 1:02d}-{i % 27 + 1:02d}" for i in range(40)]
    rows = [f"{i},{a},{a},{a}" for i, a in enumerate(old)]
    path = _write(tmp_path / "staff.csv", "employeeNumber,hire_date,shippedDate,col4", rows)
    found = _found(capsys, path)
    assert ("hire_date", "pii") not in found
    assert ("shippedDate", "pii") not in found
    assert ("col4", "pii") in found  # no header: the values speak


@pytest.mark.parametrize(
    ("header", "row", "purchase"),
    [
        ("orderNumber,orderDate,status,customerNumber", "{i},{d},Shipped,{c}", "orderDate"),
        ("rental_id,rental_date,customer_id", "{i},{d},{c}", "rental_date"),
        ("customer_id,paid_at,status", "{c},{d},ok", "paid_at"),
    ],
    ids=["order-reference", "rental-reference", "purchase-word"],
)
def test_a_purchase_row_makes_its_date_purchase_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, row: str, purchase: str
) -> None:
    rows = [row.format(i=100 + i, d=d, c=300 + i % 7) for i, d in enumerate(_dates(30))]
    found = _found(capsys, _write(tmp_path / "t.csv", header, rows))
    assert (purchase, "purchases") in found


def test_a_sign_up_date_of_a_person_is_not_a_purchase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"{300 + i},{NAMES[i % 5]},{d}" for i, d in enumerate(_dates(30))]
    found = _found(capsys, _write(tmp_path / "people.csv", "customer_id,name,created_at", rows))
    assert not {c for c in found if c[1] == "purchases"}


def test_an_empty_column_holds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [f"{NAMES[i % 5]},," for i in range(10)]
    found = _found(capsys, _write(tmp_path / "t.csv", "name,email,card_number", rows))
    assert found == {("name", "pii")}


def test_a_constant_contact_is_no_customer_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"P{100 + i},Greek yogurt {i},{i + 1}.50,sales@supplier.example" for i in range(30)]
    found = _found(capsys, _write(tmp_path / "catalogue.csv", "sku,product,price,email", rows))
    assert not {c for c in found if c[1] == "purchases"}


@pytest.mark.parametrize("rows", [1, 2], ids=["one-row", "two-rows"])
def test_a_tiny_table_with_a_named_column_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: int
) -> None:
    body = [f"{i},{n}" for i, n in enumerate(["Greg", "Mary"][:rows])]
    found = _found(capsys, _write(tmp_path / "t.csv", "id,first_name", body))
    assert ("first_name", "pii") in found


def test_nested_field_is_judged_by_its_leaf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = [
        {"card": {"checks": {"address_line1_check": "pass"}, "number": "4111111111111111"}}
        for _ in range(5)
    ]
    path = tmp_path / "charges.json"
    path.write_text(json.dumps(docs), encoding="utf-8")
    found = _found(capsys, path)
    assert ("card.number", "payment") in found
    assert not {c for c in found if c[0].endswith("address_line1_check")}


@pytest.mark.parametrize(
    ("header", "answers"),
    [
        ("Какое горячее вы выберете", ["индейку в медовом соусе", "борщ", "плов с бараниной"]),
        ("Напиток к ужину", ["красное вино", "морс клюквенный", "квас"]),
        ("Getränkewunsch", ["Rotwein", "Weißbier", "Apfelschorle"]),
        ("Napój", ["czerwone wino", "piwo jasne", "herbata z cytryną"]),
        ("Shoe size", ["42", "EU 39", "XL"]),
    ],
    ids=["ru-dish-question", "ru-drink", "de-drink", "pl-drink", "size"],
)
def test_stated_tastes_of_a_person_are_preferences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, answers: list[str]
) -> None:
    rows = [f"{NAMES[i % 5]};{answers[i % 3]}" for i in range(15)]
    found = _found(capsys, _write(tmp_path / "anketa.csv", f"name;{header}", rows))
    assert (header, "purchases") in found


@pytest.mark.parametrize(
    ("header", "values", "category"),
    [
        ("postcode", ["SW1A 1AA", "M1 1AE", "B33 8TH"], "pii"),
        (
            "email_md5",
            ["9f86d081884c7d659a2feaa0c55ad015", "b58996c504c5638798eb6b511e6f49af"],
            "pii",
        ),
        (
            "idfa",
            ["6D92078A-8246-4BA4-AE5B-76104861E7DC", "38400000-8CF0-11BD-B23E-10B96E40000D"],
            "pii",
        ),
        ("sec_code", ["123", "456", "789"], "payment"),
    ],
    ids=["postcode", "hashed-email", "idfa", "cvv-abbrev"],
)
def test_new_kinds_beside_a_person(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    header: str,
    values: list[str],
    category: str,
) -> None:
    rows = [f"{NAMES[i % 5]},{values[i % len(values)]}" for i in range(12)]
    found = _found(capsys, _write(tmp_path / "t.csv", f"name,{header}", rows))
    assert (header, category) in found


def test_payment_ids_are_not_geohashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [f"p{569454965 + i * 7919},t{12345678 + i * 31}" for i in range(30)]
    found = _found(capsys, _write(tmp_path / "t.csv", "Payment ID,ticket_ref", rows))
    assert not found
