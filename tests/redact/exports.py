"""Small exports with planted values for the redact tests (fake by design)."""

from __future__ import annotations

import random

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
