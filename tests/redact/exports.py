"""Small exports with planted values for the redact tests (fake by design)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import run_cli

FIRST = ["Ivan", "Olga", "Petr", "Anna", "Sergey", "Maria", "Dmitry", "Elena"]
LAST = ["Smirnov", "Ivanova", "Kuznetsov", "Popova", "Sokolov", "Lebedeva", "Kozlov", "Novikova"]


def luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def customers(n: int = 40, seed: int = 7) -> list[dict[str, str]]:
    """Rows of a customer export: id, email, phone, card, city, note (free text), amount."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}{i}@example.org"
        phone = f"+7 916 {rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}"
        rows.append(
            {
                "id": f"C{1000 + i}",
                "email": email,
                "phone": phone,
                "card": luhn_card(rng),
                "plan": rng.choice(["basic", "pro", "team"]),
                "note": f"Please call {phone} or write to {email} after lunch"
                if i % 3 == 0
                else "no remarks, the customer was happy",
            }
        )
    return rows


def planted(rows: list[dict[str, str]]) -> set[str]:
    """The raw values that must not be in any output of a redaction."""
    return {r[k] for r in rows for k in ("email", "phone", "card")}


def leaks(folder: Path, values: set[str]) -> list[str]:
    """The planted values found in any file under ``folder`` (the manifest included)."""
    data = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    return sorted(v for v in values if v.encode() in data)


def redact_ok(
    capsys: pytest.CaptureFixture[str], source: Path, out: Path, *extra: str
) -> dict[str, Any]:
    """Redact ``source`` into ``out`` through the command line (exit 0, and the copy passes
    ``check``); the manifest."""
    run = run_cli(capsys, "redact", str(source), "-o", str(out), "--no-progress", *extra)
    assert run.code == 0, run.err + run.out
    assert run_cli(capsys, "check", str(out), "--no-progress").code == 0
    manifest: dict[str, Any] = json.loads((out / "redaction.json").read_text())
    return manifest
