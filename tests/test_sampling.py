"""Validators see a sample once a column's ratios are settled; the verdicts do not change."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from piiscan.arrow import int64_array, string_array
from piiscan.engine import chunk, score
from piiscan.engine import column as engine
from piiscan.model import ColumnChunk
from piiscan.ruleset import load_rules
from tests.clirunner import run_cli


def _findings(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, object]]:
    run = run_cli(capsys, "check", str(path), "--format", "json")
    assert run.code in (0, 1), run.err
    findings: list[dict[str, object]] = json.loads(run.out)["findings"]
    return findings


def _write_table(path: Path, columns: dict[str, list[str]]) -> None:
    rows = len(next(iter(columns.values())))
    lines = [",".join(columns)] + [",".join(c[i] for c in columns.values()) for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _emails(n: int, rng: random.Random) -> list[str]:
    return [f"user{rng.randrange(10**9)}@example.org" for _ in range(n)]


def test_wilson_interval() -> None:
    low, high = engine._wilson(32, 32)
    assert 0.91 < low < 0.93 and high == pytest.approx(1.0)
    low, high = engine._wilson(0, 32)
    assert low == pytest.approx(0.0, abs=1e-12) and 0.07 < high < 0.09
    assert engine._wilson(0, 0) == (0.0, 1.0)


def test_a_clear_column_is_sampled_after_settling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(1)
    path = tmp_path / "contacts.csv"
    path.write_text("email\n" + "\n".join(_emails(2_000, rng)) + "\n", encoding="utf-8")
    (finding,) = _findings(capsys, path)
    assert finding["detector"] == "email"
    assert engine.SETTLE_AFTER <= int(finding["checked"]) < engine.FULL_DISTINCT  # type: ignore[call-overload]
    assert finding["matched"] == finding["checked"]


def _email_tally(values: list[str]) -> engine.Tally:
    state = engine.new_column("field", load_rules())
    rows = list(range(1, len(values) + 1))
    state.feed(ColumnChunk("field", string_array(values), int64_array(rows)))  # type: ignore[arg-type]
    (tally,) = [t for t in state.tallies if t.rule.id == "email"]
    return tally


def test_a_borderline_column_is_validated_in_full() -> None:
    rng = random.Random(2)
    # About as many emails as the rule needs: the ratio is not settled after a few dozen.
    needed = next(r.column_ratio for r in load_rules() if r.id == "email")
    values = [e if i % 100 < needed * 100 else f"n/a {i}" for i, e in enumerate(_emails(400, rng))]
    rng.shuffle(values)
    tally = _email_tally(values)
    assert tally.full_active
    assert tally.checked >= engine.FULL_DISTINCT


def test_a_clear_column_settles_after_a_few_dozen() -> None:
    tally = _email_tally(_emails(400, random.Random(3)))
    assert engine.SETTLE_AFTER <= tally.checked < engine.FULL_DISTINCT
    assert tally.matched == tally.checked


@pytest.mark.parametrize("seed", range(6))
def test_settling_does_not_change_what_is_found(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    rng = random.Random(seed)
    rows = rng.randrange(40, 600)
    share = rng.random()
    columns = {
        "email": _emails(rows, rng),
        "contact": [e if rng.random() < share else "none" for e in _emails(rows, rng)],
        "amount": [f"{rng.uniform(1, 500):.2f}" for _ in range(rows)],
        "latitude": [f"{rng.uniform(-60, 70):.6f}" for _ in range(rows)],
        "longitude": [f"{rng.uniform(-170, 170):.6f}" for _ in range(rows)],
        "note": [rng.choice(["ok", "call back", "late", "paid in cash"]) for _ in range(rows)],
    }
    path = tmp_path / "mixed.csv"
    _write_table(path, columns)

    def found() -> set[tuple[object, ...]]:
        return {(f["column"], f["category"], f["scope"]) for f in _findings(capsys, path)}

    settled = found()
    monkeypatch.setattr(engine, "SETTLE_AFTER", 10**9)
    assert found() == settled


def test_small_batches_in_python_find_what_arrow_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    rows = 300
    lines = ["email,phone,comment,amount"]
    for i in range(rows):
        email = "" if i % 17 == 0 else _emails(1, rng)[0]
        phone = f"+7 9{rng.randrange(10**8, 10**9)}"
        comment = rng.choice(["ok", "", f"call me at +7 912 345-67-{i % 90 + 10:02d} please"])
        lines.append(f"{email},{phone},{comment},{rng.uniform(1, 99):.2f}")
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    in_python = run_cli(capsys, "check", str(path), "--format", "json").out
    monkeypatch.setattr(chunk, "SMALL", 0)
    monkeypatch.setattr(engine, "CELLS_IN_PYTHON", 0)
    in_arrow = run_cli(capsys, "check", str(path), "--format", "json").out
    assert json.loads(in_python)["findings"]  # the comparison is about something
    assert in_python == in_arrow


@pytest.mark.parametrize("seed", range(4))
def test_skipping_cells_of_structured_columns_does_not_change_what_is_found(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    """Free text of a column that ends structured is not searched: the report is the same
    as when it is (keep_best would drop those cells findings)."""
    rng = random.Random(seed)
    rows = rng.randrange(30, 300)
    phone = "call +7 912 345-67-89 today"
    names = ["Anna Petrova", "John Smith", "Maria Garcia", "Ivan Sidorov"]
    columns = {
        "name": [rng.choice(names) if rng.random() > 0.05 else phone for _ in range(rows)],
        "product": [rng.choice(["Green tea 100 g", phone]) for _ in range(rows)],
        "customer_email": _emails(rows, rng),
        "note": [rng.choice(["ok", "late", phone, "paid in cash"]) for _ in range(rows)],
        "address": [
            f"{rng.randrange(1, 300)} Main Street" if rng.random() > 0.2 else phone
            for _ in range(rows)
        ],
    }
    path = tmp_path / "people.csv"
    _write_table(path, columns)
    skipping = run_cli(capsys, "check", str(path), "--format", "json").out
    monkeypatch.setattr(score, "_structured_whatever_cells", lambda whole: False)
    searching = run_cli(capsys, "check", str(path), "--format", "json").out
    assert json.loads(skipping)["findings"]
    assert skipping == searching
