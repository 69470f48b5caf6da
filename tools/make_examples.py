#!/usr/bin/env python3
"""Write the bundled examples/ exports: fake-by-design, seeded, small.

    python tools/make_examples.py      # needs the dev extra (Faker, MIT)

Checksummed identifiers (INN, SNILS, card numbers) are computed so they validate, but the
people, phones and addresses are Faker's inventions and the card numbers are test ranges.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

OUT = Path(__file__).resolve().parents[1] / "examples"
RNG = random.Random(20261129)


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(RNG.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def inn12() -> str:
    d = [RNG.randrange(10) for _ in range(10)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w1, d, strict=False)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w2, d, strict=False)) % 11 % 10)
    return "".join(map(str, d))


def snils() -> str:
    d = [RNG.randrange(10) for _ in range(9)]
    s = sum(x * (9 - i) for i, x in enumerate(d))
    check = s % 101 if s > 101 else s
    check = 0 if check in (100, 101) else check
    n = "".join(map(str, d))
    return f"{n[:3]}-{n[3:6]}-{n[6:9]} {check:02d}"


def spaced(pan: str) -> str:
    return " ".join(pan[i : i + 4] for i in range(0, len(pan), 4))


def ru_customers(fake: Faker) -> None:
    path = OUT / "crm" / "clients_1c.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(1, 41):
        male = RNG.random() < 0.5
        fio = (
            f"{fake.last_name_male()} {fake.first_name_male()} {fake.middle_name_male()}"
            if male
            else f"{fake.last_name_female()} {fake.first_name_female()} {fake.middle_name_female()}"
        )
        phone = RNG.choice(
            ["+7 9{}{} {}{}{}-{}{}-{}{}", "8 (9{}{}) {}{}{}-{}{}-{}{}", "89{}{}{}{}{}{}{}{}{}"]
        )
        phone = phone.format(*(RNG.randrange(10) for _ in range(9)))
        rows.append(
            {
                "Код": f"00-{i:08d}",
                "ФИО": fio,
                "Телефон": phone,
                "Эл. почта": fake.free_email(),
                "Дата рождения": fake.date_of_birth(minimum_age=18, maximum_age=80).strftime(
                    "%d.%m.%Y"
                ),
                "Адрес доставки": (
                    f"{fake.postcode()}, г. {fake.city_name()}, "
                    f"{fake.street_title()} ул., д. {RNG.randint(1, 99)}"
                ),
                "ИНН": inn12(),
                "СНИЛС": snils(),
                "Номер карты": spaced(luhn_complete("2200", 16)),
                "Бонусный баланс": f"{RNG.randint(0, 5000)},{RNG.randint(0, 99):02d}",
                "Комментарий": RNG.choice(["", "", "", "VIP", "Не звонить по выходным"]),
            }
        )
    rows[7]["Комментарий"] = "Доп. тел. 8 916 555-01-23, звонить после 18:00"
    with path.open("w", encoding="cp1251", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        w.writeheader()
        w.writerows(rows)


def en_orders(fake: Faker) -> None:
    path = OUT / "orders" / "orders_2024.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    products = [
        "Sourdough bread 800g",
        "Greek yogurt 0% 500g",
        "Craft IPA 6-pack",
        "Smoked salmon 200g",
        "Espresso beans 1kg",
        "Oat milk 1L",
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "order_id",
                "customer_id",
                "purchased_at",
                "sku",
                "product_name",
                "qty",
                "amount",
                "currency",
                "card_number",
                "card_exp",
                "status",
            ]
        )
        for i in range(40):
            qty = RNG.randint(1, 5)
            prefix = RNG.choice(["4", "51", "2221", "37"])
            pan = luhn_complete(prefix, 15 if prefix == "37" else 16)
            w.writerow(
                [
                    f"SO-{2024000 + i}",
                    100000 + RNG.randint(1, 9999),
                    fake.date_time_between("-1y").strftime("%Y-%m-%d %H:%M:%S"),
                    f"{RNG.choice(['BA', 'DA', 'WI'])}-{RNG.randint(10000, 99999)}",
                    RNG.choice(products),
                    qty,
                    f"{qty * RNG.uniform(2, 20):.2f}",
                    "USD",
                    spaced(pan),
                    f"{RNG.randint(1, 12):02d}/{RNG.randint(27, 31)}",
                    RNG.choice(["paid", "shipped", "refunded"]),
                ]
            )


def support_tickets(fake: Faker) -> None:
    path = OUT / "support" / "tickets.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    bodies = [
        "Thanks for the quick delivery!",
        "Promo code SPRING24 is not working.",
        "App version 3.9.2.91 keeps crashing when I open the basket.",
        "How do I change the delivery slot for my order?",
    ]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(30):
            body = RNG.choice(bodies)
            if i == 11:
                body = f"Please call me back on {fake.phone_number()}, I can't log in."
            if i == 23:
                body = f"My new email is {fake.free_email()}, please update my profile."
            fh.write(
                json.dumps(
                    {
                        "ticket_id": 5000 + i,
                        "channel": RNG.choice(["email", "chat"]),
                        "body": body,
                        "agent": fake.name(),
                    }
                )
                + "\n"
            )


def app_events(fake: Faker) -> None:
    path = OUT / "geo" / "app_events.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "event_id": fake.uuid4(),
            "user_id": RNG.randint(10**6, 10**7),
            "geo": {"lat": round(RNG.uniform(40, 60), 6), "lon": round(RNG.uniform(-5, 40), 6)},
            "ip": fake.ipv4_public(),
            "event": RNG.choice(["open", "store_visit", "purchase"]),
        }
        for _ in range(40)
    ]
    pq.write_table(pa.Table.from_pylist(rows), path)


def clean_catalog(fake: Faker) -> None:
    path = OUT / "clean" / "catalog.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "product_name", "category", "price", "stock", "ean13"])
        for _ in range(30):
            w.writerow(
                [
                    f"BA-{RNG.randint(10000, 99999)}",
                    fake.catch_phrase(),
                    RNG.choice(["bakery", "dairy", "drinks"]),
                    f"{RNG.uniform(1, 30):.2f}",
                    RNG.randint(0, 500),
                    fake.ean13(),
                ]
            )


def clean_campaigns() -> None:
    path = OUT / "clean" / "campaign_stats.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "campaign", "channel", "impressions", "clicks", "spend"])
        for day in range(1, 29):
            w.writerow(
                [
                    f"2024-02-{day:02d}",
                    RNG.choice(["spring_sale", "brand"]),
                    RNG.choice(["search", "social"]),
                    RNG.randint(1000, 90000),
                    RNG.randint(10, 900),
                    f"{RNG.uniform(10, 500):.2f}",
                ]
            )


def main() -> None:
    Faker.seed(20261129)
    ru_customers(Faker("ru_RU"))
    en_orders(Faker("en_US"))
    support_tickets(Faker("en_US"))
    app_events(Faker("en_US"))
    clean_catalog(Faker("en_US"))
    clean_campaigns()


if __name__ == "__main__":
    main()
