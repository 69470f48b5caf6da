#!/usr/bin/env python3
"""Generate a labelled corpus shaped after real platform exports (column lists are public).

    python bench/make_platform_corpus.py OUT_DIR [--seed N]

Small exports (1 to ~60 rows) in the column layouts of Shopify, WooCommerce, Magento,
Mailchimp, HubSpot, Salesforce, 1C, Bitrix24, amoCRM, Tilda forms, Yandex Metrica and GA,
POS receipts, loyalty cards, guest surveys, sample databases (classicmodels, Sakila, Online
Retail) and payment-API fixtures, plus clean decoys (catalogues with a supplier's e-mail,
price lists, aggregates, branch directories, shipping zones). Writes ``OUT_DIR/truth.json``
in the ``piiscan-eval-truth/1`` format of the dev corpus and its labelling rules (see
``../shared/bench/README.md``): purchases only where the table links rows to a customer,
postcodes ``pii`` beside a person, hashed contacts under a contact header ``pii``.

Everything is fake by construction; only the standard library is needed. Score it::

    piiscan check OUT --format json > r.json
    python ../shared/bench/score.py --truth OUT/truth.json --report r.json --root OUT
"""

# ruff: noqa: E501  (long literal rows and word lists here are meant)

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import random
import string
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

P, Y, U, L = "pii", "payment", "purchases", "location"

EN_FIRST = "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Susan Richard Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Steven Ashley Paul Emily Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Edward Deborah Oliver Amelia Harry Olivia Jack Isla Charlie Emily Thomas Poppy".split()
EN_LAST = "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Patel Khan".split()
DE_FIRST = "Lukas Leon Finn Jonas Paul Felix Maximilian Anna Lena Lea Hannah Sophie Marie Emma Laura Julia Katharina Stefan Andreas Thomas Michael Sabine Petra Monika Jürgen Klaus".split()
DE_LAST = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange".split()
FR_FIRST = "Jean Pierre Michel Philippe Nicolas Julien Camille Léa Manon Chloé Inès Sarah Marie Nathalie Isabelle Sylvie Céline Antoine Hugo Louis".split()
FR_LAST = "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier".split()
PL_FIRST = "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna".split()
PL_LAST = "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur".split()
RU_MALE = [("Алексей", "Андреевич"), ("Дмитрий", "Сергеевич"), ("Иван", "Петрович"), ("Сергей", "Викторович"), ("Андрей", "Николаевич"), ("Михаил", "Игоревич"), ("Никита", "Олегович"), ("Павел", "Алексеевич"), ("Артём", "Дмитриевич"), ("Владимир", "Юрьевич")]
RU_FEMALE = [("Анна", "Сергеевна"), ("Мария", "Ивановна"), ("Елена", "Викторовна"), ("Ольга", "Петровна"), ("Наталья", "Андреевна"), ("Татьяна", "Олеговна"), ("Ирина", "Николаевна"), ("Екатерина", "Алексеевна"), ("Светлана", "Юрьевна"), ("Юлия", "Дмитриевна")]
RU_LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев"]

EN_STREETS = "Oak Street|Maple Avenue|High Street|Church Road|Station Road|Park Lane|Victoria Road|Elm Street|Cedar Lane|Mill Road|King Street|Queen Street".split("|")
EN_CITIES = "London Manchester Bristol Leeds Boston Denver Austin Seattle Portland Chicago".split()
RU_STREETS = ["ул. Ленина", "ул. Гагарина", "пр-т Мира", "ул. Садовая", "ул. Пушкина", "ул. Советская", "Невский пр-т", "ул. Лесная"]
RU_CITIES = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Самара", "Тверь"]

EN_PRODUCTS = ["Organic whole milk 1L", "Sourdough bread 800g", "Free-range eggs 12 pack", "Cheddar cheese mature 400g", "Greek yogurt 0% 500g", "Cold brew coffee 250ml", "Basmati rice 1kg", "Extra virgin olive oil 500ml", "Dark chocolate 85% 100g", "Running shoes Pegasus 40", "Cotton T-shirt crew neck (M)", "Wireless earbuds Pro", "Yoga mat 6mm", "Stainless water bottle 750ml", "Scented candle Vanilla", "Ceramic mug set of 4"]
RU_PRODUCTS = ["Пельмени домашние 800 г", "Гречка ядрица 900 г", "Молоко 3,2% 1 л", "Сыр Российский 300 г", "Хлеб Бородинский 400 г", "Кефир 1% 900 мл", "Чай чёрный с чабрецом 100 г", "Кофе молотый 250 г", "Яблоки Гала 1 кг", "Сметана 20% 350 г", "Масло сливочное 82,5% 180 г", "Шоколад горький 75% 90 г"]
RU_DISHES_ACC = ["индейку в медовом соусе", "борщ с пампушками", "пельмени со сметаной", "сырники с вареньем", "плов с бараниной", "салат «Цезарь» с курицей", "котлету по-киевски", "уху из сёмги", "блины с икрой", "грибной суп", "стейк из говядины", "солянку"]
RU_DRINKS = ["красное вино", "белое сухое вино", "морс клюквенный", "чай с лимоном", "капучино", "квас", "минеральную воду без газа", "пиво светлое", "апельсиновый сок", "зелёный чай", "латте на овсяном молоке", "компот"]
RU_DIET = ["без глютена", "вегетарианское", "не ем свинину", "аллергия на орехи", "без лактозы", "халяль", "веганское меню", "без сахара"]
EN_DISHES = ["grilled salmon", "beef wellington", "mushroom risotto", "fish and chips", "chicken tikka masala", "caesar salad", "vegan burger", "lamb shank", "margherita pizza", "pad thai"]
EN_DRINKS = ["red wine", "sparkling water", "flat white", "gin and tonic", "craft IPA", "orange juice", "green tea", "prosecco", "still water", "espresso"]
EN_DIET = ["vegetarian", "vegan", "gluten-free", "nut allergy", "lactose intolerant", "halal", "kosher", "pescatarian", "no pork", "shellfish allergy"]
DE_DISHES = ["Wiener Schnitzel", "Rinderroulade", "Käsespätzle", "Sauerbraten", "Flammkuchen", "Forelle Müllerin", "Kartoffelsuppe", "Currywurst mit Pommes"]
DE_DRINKS = ["Rotwein", "Weißbier", "Apfelschorle", "Mineralwasser still", "Riesling trocken", "Cappuccino", "Pils", "Kräutertee"]
FR_DISHES = ["boeuf bourguignon", "coq au vin", "ratatouille", "confit de canard", "sole meunière", "quiche lorraine", "crêpes au sucre", "soupe à l'oignon"]
FR_DRINKS = ["vin rouge", "champagne", "eau pétillante", "café crème", "cidre brut", "thé vert", "pastis", "jus d'orange"]
PL_DISHES = ["pierogi ruskie", "żurek", "bigos", "schabowy z ziemniakami", "gołąbki", "barszcz czerwony", "placki ziemniaczane", "rosół"]
PL_DRINKS = ["czerwone wino", "piwo jasne", "kompot", "herbata z cytryną", "woda gazowana", "kawa czarna", "sok jabłkowy", "kefir"]
BRANDS = ["Nike", "Adidas", "Zara", "Uniqlo", "Levi's", "Apple", "Samsung", "L'Oréal", "Nivea", "Lego"]
SIZES = ["S", "M", "L", "XL", "42", "44", "EU 39", "UK 8", "US 10", "XS"]
HOBBIES = ["running", "cooking", "photography", "gardening", "cycling", "yoga", "hiking", "board games"]
CATEGORIES = ["Dairy", "Bakery", "Beverages", "Snacks", "Frozen", "Household", "Produce", "Meat"]


class Gen:
    """Random helpers with one seed."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, items: list[Any]) -> Any:
        return self.r.choice(items)

    def person(self, locale: str = "en") -> tuple[str, str]:
        table = {"en": (EN_FIRST, EN_LAST), "de": (DE_FIRST, DE_LAST), "fr": (FR_FIRST, FR_LAST), "pl": (PL_FIRST, PL_LAST)}
        if locale == "ru":
            female = self.r.random() < 0.5
            first, _ = self.pick(RU_FEMALE if female else RU_MALE)
            last = self.pick(RU_LAST)
            return first, last + "а" if female else last
        firsts, lasts = table[locale]
        return self.pick(firsts), self.pick(lasts)

    def ru_fio(self) -> str:
        female = self.r.random() < 0.5
        first, patr = self.pick(RU_FEMALE if female else RU_MALE)
        last = self.pick(RU_LAST) + ("а" if female else "")
        return f"{last} {first} {patr}"

    def email(self, first: str, last: str) -> str:
        tr = str.maketrans("äöüßéèçłśźżąęóńÄÖÜ", "aousecelszzaeonAOU")
        local = f"{first}.{last}".lower().translate(tr)
        local = "".join(c for c in local if c.isascii() and (c.isalnum() or c == ".")) or "user"
        if not local.strip("."):
            local = "client"
        return f"{local}{self.r.randint(1, 99)}@{self.pick(['gmail.com', 'yahoo.com', 'outlook.com', 'mail.ru', 'yandex.ru', 'web.de', 'orange.fr', 'wp.pl'])}"

    def ru_email(self) -> str:
        return f"{self.pick(['ivan', 'anna', 'olga', 'sergey', 'm.petrov', 'kate', 'dima'])}{self.r.randint(10, 9999)}@{self.pick(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru'])}"

    def phone(self, region: str) -> str:
        n = self.r.randint
        if region == "ru":
            return self.pick([f"+7 (9{n(10, 99)}) {n(100, 999)}-{n(10, 99)}-{n(10, 99)}", f"8 9{n(10, 99)} {n(100, 999)} {n(10, 99)} {n(10, 99)}", f"+79{n(100000000, 999999999)}"])
        if region == "us":
            return f"({n(201, 989)}) {n(201, 989)}-{n(1000, 9999)}"
        if region == "gb":
            return f"+44 7{n(100, 999)} {n(100000, 999999)}"
        if region == "de":
            return f"+49 15{n(1, 2)} {n(10000000, 99999999)}"
        if region == "fr":
            return f"+33 6 {n(10, 99)} {n(10, 99)} {n(10, 99)} {n(10, 99)}"
        return f"+48 {n(500, 799)} {n(100, 999)} {n(100, 999)}"

    def street(self, locale: str = "en") -> str:
        if locale == "ru":
            return f"{self.pick(RU_STREETS)}, д. {self.r.randint(1, 120)}, кв. {self.r.randint(1, 300)}"
        return f"{self.r.randint(1, 250)} {self.pick(EN_STREETS)}"

    def postcode(self, locale: str) -> str:
        n = self.r.randint
        if locale == "gb":
            return f"{self.pick(['SW1A', 'M1', 'B33', 'LS6', 'EC1V', 'N7'])} {n(1, 9)}{self.pick(list('ABDEFGHJLNPQRSTUWXYZ'))}{self.pick(list('ABDEFGHJLNPQRSTUWXYZ'))}"
        if locale == "ru":
            return f"{n(101, 693)}{n(0, 999):03d}"
        if locale == "pl":
            return f"{n(0, 99):02d}-{n(0, 999):03d}"
        return f"{n(10000, 99950):05d}"

    def when(self, start: dt.date = dt.date(2023, 1, 1), days: int = 700) -> dt.datetime:
        return dt.datetime(start.year, start.month, start.day) + dt.timedelta(seconds=self.r.randint(0, days * 86400))

    def birth(self) -> dt.date:
        return dt.date(1950, 1, 1) + dt.timedelta(days=self.r.randint(0, 365 * 52))

    def sku(self) -> str:
        return f"{self.pick(['DA', 'BK', 'BV', 'SN', 'HH', 'AP'])}-{self.r.randint(10000, 99999)}"

    def money(self, lo: float = 2, hi: float = 400) -> str:
        return f"{self.r.uniform(lo, hi):.2f}"

    def hexid(self, n: int) -> str:
        return "".join(self.pick(list("0123456789abcdef")) for _ in range(n))

    def ip(self) -> str:
        return f"{self.r.randint(5, 223)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def pan(self) -> str:
        digits = [int(c) for c in self.pick(["4", "51", "52", "2200"])]
        while len(digits) < 15:
            digits.append(self.r.randint(0, 9))
        total = 0
        for i, d in enumerate(reversed(digits)):
            total += d if i % 2 else (d * 2 - 9 if d * 2 > 9 else d * 2)
        return "".join(map(str, digits)) + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------- tables


class Table:
    """Columns with their labels; written as CSV/TSV/JSON(L) with a truth entry."""

    def __init__(self, path: str, rows: int) -> None:
        self.path, self.rows = path, rows
        self.columns: list[tuple[str, list[Any], list[str], list[str], str]] = []

    def add(self, name: str, kind: str, make: Callable[[int], Any], expected: tuple[str, ...] = (), tolerated: tuple[str, ...] = ()) -> None:
        self.columns.append((name, [make(i) for i in range(self.rows)], list(expected), list(tolerated), kind))

    def truth(self, fmt: str, **extra: Any) -> dict[str, Any]:
        cols = {n: {"expected": e, "tolerated": t, "kind": k} for n, _, e, t, k in self.columns}
        return {"format": fmt, "rows": self.rows, **extra, "columns": cols}

    def records(self) -> list[dict[str, Any]]:
        return [{n: v[i] for n, v, *_ in self.columns} for i in range(self.rows)]

    def write_csv(self, out: Path, delimiter: str = ",", encoding: str = "utf-8", gz: bool = False) -> dict[str, Any]:
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        w.writerow([n for n, *_ in self.columns])
        for i in range(self.rows):
            w.writerow(["" if v[i] is None else v[i] for _, v, *_ in self.columns])
        data = buf.getvalue().encode(encoding)
        target = out / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(gzip.compress(data, mtime=0) if gz else data)
        fmt = ("tsv" if delimiter == "\t" else "csv") + ("+gzip" if gz else "")
        return self.truth(fmt, encoding=encoding, delimiter=delimiter)


def write_json(out: Path, path: str, docs: list[dict[str, Any]], lines: bool = False) -> None:
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if lines:
        target.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    else:
        target.write_text(json.dumps(docs, ensure_ascii=False, indent=1), encoding="utf-8")


def labels(rows: int, fmt: str, cols: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> dict[str, Any]:
    return {"format": fmt, "rows": rows, "columns": {n: {"expected": list(e), "tolerated": list(t), "kind": k} for n, (k, e, t) in cols.items()}}


def shopify(g: Gen, out: Path) -> dict[str, Any]:
    files: dict[str, Any] = {}
    n = 40
    people = [g.person("en") for _ in range(n)]
    t = Table("shopify/orders_export_1.csv", n)
    t.add("Name", "order_id", lambda i: f"#{1001 + i}", (), (U,))
    t.add("Email", "email", lambda i: g.email(*people[i]), (P,))
    t.add("Financial Status", "order_status", lambda i: g.pick(["paid", "pending", "refunded"]), (), (U,))
    t.add("Paid at", "purchased_at", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S +0000"), (U,))
    t.add("Fulfillment Status", "order_status", lambda i: g.pick(["fulfilled", "unfulfilled"]), (), (U,))
    t.add("Currency", "enum", lambda i: "USD", (), (U,))
    t.add("Subtotal", "amount", lambda i: g.money(), (U,), (Y,))
    t.add("Shipping", "amount", lambda i: g.pick(["0.00", "4.99", "9.99"]), (), (U, Y))
    t.add("Total", "amount", lambda i: g.money(), (U,), (Y,))
    t.add("Discount Code", "enum", lambda i: g.pick(["", "WELCOME10", "SUMMER", ""]), (), (U,))
    t.add("Created at", "purchased_at", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S +0000"), (U,))
    t.add("Lineitem quantity", "qty", lambda i: g.r.randint(1, 4), (U,))
    t.add("Lineitem name", "product_name", lambda i: g.pick(EN_PRODUCTS), (U,))
    t.add("Lineitem price", "unit_price", lambda i: g.money(2, 60), (), (U,))
    t.add("Lineitem sku", "sku", lambda i: g.sku(), (U,))
    t.add("Billing Name", "full_name", lambda i: " ".join(people[i]), (P,))
    t.add("Billing Street", "street_address", lambda i: g.street(), (P,), (L,))
    t.add("Billing City", "home_city", lambda i: g.pick(EN_CITIES), (), (P, L))
    t.add("Billing Zip", "postcode", lambda i: g.postcode("us"), (P,), (L,))
    t.add("Billing Phone", "phone", lambda i: g.phone("us"), (P,))
    t.add("Notes", "text", lambda i: g.pick(["", "", "Leave at the door", "Gift wrap please"]), (), ())
    t.add("Payment Method", "payment_method", lambda i: g.pick(["Shopify Payments", "PayPal Express Checkout"]), (), (Y, U))
    t.add("Vendor", "enum", lambda i: "Green Valley Store", (), ())
    files[t.path] = t.write_csv(out)

    m = 12
    cust = [g.person("en") for _ in range(m)]
    c = Table("shopify/customers_export.csv", m)
    c.add("Customer ID", "customer_id", lambda i: 6_000_000_000 + g.r.randint(0, 99_999_999), (), (P,))
    c.add("First Name", "first_name", lambda i: cust[i][0], (P,))
    c.add("Last Name", "last_name", lambda i: cust[i][1], (P,))
    c.add("Email", "email", lambda i: g.email(*cust[i]), (P,))
    c.add("Accepts Email Marketing", "flag", lambda i: g.pick(["yes", "no"]), (), ())
    c.add("Default Address Address1", "street_address", lambda i: g.street(), (P,), (L,))
    c.add("Default Address City", "home_city", lambda i: g.pick(EN_CITIES), (), (P, L))
    c.add("Default Address Zip", "postcode", lambda i: g.postcode("gb"), (P,), (L,))
    c.add("Phone", "phone", lambda i: g.phone("gb"), (P,))
    c.add("Total Spent", "balance", lambda i: g.money(0, 3000), (), (U,))
    c.add("Total Orders", "count", lambda i: g.r.randint(0, 30), (), (U,))
    c.add("Tags", "tags", lambda i: g.pick(["vip", "", "wholesale"]), (), ())
    files[c.path] = c.write_csv(out)
    return files


def woocommerce(g: Gen, out: Path) -> dict[str, Any]:
    n = 30
    people = [g.person(g.pick(["en", "de", "fr"])) for _ in range(n)]
    t = Table("woocommerce/orders-2024.csv", n)
    t.add("Order ID", "order_id", lambda i: 2300 + i, (), (U,))
    t.add("Order Date", "purchased_at", lambda i: g.when().strftime("%Y-%m-%d %H:%M"), (U,))
    t.add("Order Status", "order_status", lambda i: g.pick(["wc-completed", "wc-processing"]), (), (U,))
    t.add("Billing First Name", "first_name", lambda i: people[i][0], (P,))
    t.add("Billing Last Name", "last_name", lambda i: people[i][1], (P,))
    t.add("Billing Email Address", "email", lambda i: g.email(*people[i]), (P,))
    t.add("Billing Phone", "phone", lambda i: g.phone(g.pick(["de", "fr", "gb"])), (P,))
    t.add("Billing Postcode", "postcode", lambda i: g.postcode("de"), (P,), (L,))
    t.add("Payment Method Title", "payment_method", lambda i: g.pick(["Credit Card (Stripe)", "PayPal", "Direct bank transfer"]), (), (Y, U))
    t.add("Item #", "int_id", lambda i: g.r.randint(1, 3), (), (U,))
    t.add("Item Name", "product_name", lambda i: g.pick(EN_PRODUCTS), (U,))
    t.add("Quantity (- Refund)", "qty", lambda i: g.r.randint(1, 5), (U,))
    t.add("Item Cost", "unit_price", lambda i: g.money(3, 90), (), (U,))
    t.add("SKU", "sku", lambda i: f"WC{g.r.randint(1000, 9999)}", (U,))
    t.add("Order Total Amount", "amount", lambda i: g.money(), (U,), (Y,))
    t.add("Customer Note", "text", lambda i: g.pick(["", "", "Please call before delivery"]), (), ())
    return {t.path: t.write_csv(out)}


def magento(g: Gen, out: Path) -> dict[str, Any]:
    n = 25
    people = [g.person("en") for _ in range(n)]
    t = Table("magento/sales_order_grid.csv", n)
    t.add("ID", "order_id", lambda i: f"00000{1200 + i}", (), (U,))
    t.add("Purchase Point", "enum", lambda i: "Main Website", (), ())
    t.add("Purchase Date", "purchased_at", lambda i: g.when().strftime("%b %d, %Y %I:%M:%S %p"), (U,))
    t.add("Bill-to Name", "full_name", lambda i: " ".join(people[i]), (P,))
    t.add("Ship-to Name", "full_name", lambda i: " ".join(people[i]), (P,))
    t.add("Grand Total (Base)", "amount", lambda i: "$" + g.money(), (U,), (Y,))
    t.add("Status", "order_status", lambda i: g.pick(["Complete", "Pending", "Closed"]), (), (U,))
    t.add("Billing Address", "street_address", lambda i: f"{g.street()}, {g.pick(EN_CITIES)}, {g.postcode('us')}", (P,), (L,))
    t.add("Customer Email", "email", lambda i: g.email(*people[i]), (P,))
    t.add("Customer Group", "enum", lambda i: g.pick(["General", "Wholesale", "Retailer"]), (), ())
    t.add("Payment Method", "payment_method", lambda i: g.pick(["Check / Money order", "Braintree"]), (), (Y, U))
    t.add("Total Refunded", "amount", lambda i: g.pick(["$0.00", "$0.00", "$12.50"]), (), (U, Y))
    return {t.path: t.write_csv(out)}


def mailchimp(g: Gen, out: Path) -> dict[str, Any]:
    n = 35
    people = [g.person("en") for _ in range(n)]
    t = Table("mailchimp/subscribed_members_export.csv", n)
    t.add("Email Address", "email", lambda i: g.email(*people[i]), (P,))
    t.add("First Name", "first_name", lambda i: people[i][0], (P,))
    t.add("Last Name", "last_name", lambda i: people[i][1], (P,))
    t.add("Phone Number", "phone", lambda i: g.pick([g.phone("us"), ""]), (P,))
    t.add("MEMBER_RATING", "count", lambda i: g.r.randint(1, 5), (), ())
    t.add("OPTIN_TIME", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S"), (), ())
    t.add("OPTIN_IP", "ip", lambda i: g.ip(), (L,), (P,))
    t.add("CONFIRM_TIME", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S"), (), ())
    t.add("LATITUDE", "lat", lambda i: f"{g.r.uniform(30, 48):.6f}", (L,))
    t.add("LONGITUDE", "lon", lambda i: f"{g.r.uniform(-120, -75):.6f}", (L,))
    t.add("GMTOFF", "enum", lambda i: g.pick(["-5", "-6", "-8"]), (), ())
    t.add("TIMEZONE", "enum", lambda i: g.pick(["America/New_York", "America/Chicago"]), (), (L,))
    t.add("CC", "country", lambda i: "US", (), (L,))
    t.add("LAST_CHANGED", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S"), (), ())
    t.add("LEID", "int_id", lambda i: g.r.randint(10_000_000, 99_999_999), (), (P,))
    t.add("EUID", "token", lambda i: g.hexid(10), (), (P,))
    t.add("NOTES", "text", lambda i: None, (), ())
    t.add("TAGS", "tags", lambda i: g.pick(['"Newsletter"', '"Customers","VIP"', ""]), (), ())
    return {t.path: t.write_csv(out)}


def hubspot(g: Gen, out: Path) -> dict[str, Any]:
    n = 30
    people = [g.person("en") for _ in range(n)]
    owners = [" ".join(g.person("en")) for _ in range(3)]
    t = Table("hubspot/all-contacts.csv", n)
    t.add("Record ID", "customer_id", lambda i: 51_000 + i * 7, (), (P,))
    t.add("First Name", "first_name", lambda i: people[i][0], (P,))
    t.add("Last Name", "last_name", lambda i: people[i][1], (P,))
    t.add("Email", "email", lambda i: g.email(*people[i]), (P,))
    t.add("Phone Number", "phone", lambda i: g.phone("us"), (P,))
    t.add("Company Name", "company", lambda i: g.pick(["Acme Corp", "Globex", "Initech", "Umbrella LLC"]), (), (P,))
    t.add("Job Title", "job_title", lambda i: g.pick(["Marketing Manager", "CTO", "Buyer", "Office Manager"]), (), (P,))
    t.add("Lifecycle Stage", "enum", lambda i: g.pick(["lead", "customer", "subscriber"]), (), ())
    t.add("Contact owner", "staff_name", lambda i: g.pick(owners), (P,))
    t.add("Create Date", "timestamp", lambda i: g.when(dt.date(2019, 1, 1), 1500).strftime("%Y-%m-%d %H:%M"), (), ())
    t.add("Last Activity Date", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M"), (), ())
    t.add("Postal Code", "postcode", lambda i: g.postcode("us"), (P,), (L,))
    t.add("Street Address", "street_address", lambda i: g.street(), (P,), (L,))
    return {t.path: t.write_csv(out)}


def salesforce(g: Gen, out: Path) -> dict[str, Any]:
    n = 20
    people = [g.person("en") for _ in range(n)]
    t = Table("salesforce/Contact.csv", n)
    t.add("Id", "customer_id", lambda i: "0035g00000" + "".join(g.pick(list(string.ascii_letters + string.digits)) for _ in range(8)), (), (P,))
    t.add("Salutation", "enum", lambda i: g.pick(["Mr.", "Ms.", "Dr."]), (), ())
    t.add("FirstName", "first_name", lambda i: people[i][0], (P,))
    t.add("LastName", "last_name", lambda i: people[i][1], (P,))
    t.add("Email", "email", lambda i: g.email(*people[i]), (P,))
    t.add("MobilePhone", "phone", lambda i: g.phone("gb"), (P,))
    t.add("MailingStreet", "street_address", lambda i: g.street(), (P,), (L,))
    t.add("MailingPostalCode", "postcode", lambda i: g.postcode("gb"), (P,), (L,))
    t.add("Birthdate", "birth_date", lambda i: g.birth().isoformat(), (P,))
    t.add("CreatedDate", "timestamp", lambda i: g.when().strftime("%Y-%m-%dT%H:%M:%S.000Z"), (), ())
    t.add("LeadSource", "enum", lambda i: g.pick(["Web", "Phone Inquiry", "Partner Referral"]), (), ())
    return {t.path: t.write_csv(out)}


def onec(g: Gen, out: Path) -> dict[str, Any]:
    n = 30
    managers = [g.ru_fio() for _ in range(3)]
    t = Table("1c/realizatsiya_tovarov.csv", n)
    t.add("Номер", "order_id", lambda i: f"ЦБ-{4100 + i:06d}", (), (U,))
    t.add("Дата", "purchased_at", lambda i: g.when().strftime("%d.%m.%Y %H:%M:%S"), (U,))
    t.add("Контрагент", "full_name", lambda i: g.ru_fio(), (P,))
    t.add("Номенклатура", "product_name", lambda i: g.pick(RU_PRODUCTS), (U,))
    t.add("Артикул", "sku", lambda i: f"{g.r.randint(100, 999)}-{g.r.randint(1000, 9999)}", (U,))
    t.add("Количество", "qty", lambda i: g.r.randint(1, 10), (U,))
    t.add("Цена", "unit_price", lambda i: g.money(40, 900).replace(".", ","), (), (U,))
    t.add("Сумма", "amount", lambda i: g.money(40, 9000).replace(".", ","), (U,), (Y,))
    t.add("Склад", "enum", lambda i: "Основной склад", (), ())
    t.add("Ответственный", "staff_name", lambda i: g.pick(managers), (P,))
    return {t.path: t.write_csv(out, ";", "cp1251")}


def bitrix(g: Gen, out: Path) -> dict[str, Any]:
    n = 25
    t = Table("bitrix24/deals.csv", n)
    t.add("ID", "order_id", lambda i: 880 + i, (), (U,))
    t.add("Название", "enum", lambda i: f"Заказ #{880 + i}", (), (U,))
    t.add("Стадия сделки", "order_status", lambda i: g.pick(["Новая", "Сделка успешна", "Счёт выставлен"]), (), (U,))
    t.add("Сумма", "amount", lambda i: g.money(300, 20000), (U,), (Y,))
    t.add("Валюта", "enum", lambda i: "RUB", (), (U,))
    t.add("Контакт", "full_name", lambda i: g.ru_fio(), (P,))
    t.add("Контакт: Рабочий телефон", "phone", lambda i: g.phone("ru"), (P,))
    t.add("Контакт: E-mail", "email", lambda i: g.ru_email(), (P,))
    t.add("Товары", "basket", lambda i: ", ".join(f"{p} ×{g.r.randint(1, 3)}" for p in g.r.sample(RU_PRODUCTS, g.r.randint(1, 3))), (U,))
    t.add("Дата создания", "purchased_at", lambda i: g.when().strftime("%d.%m.%Y %H:%M:%S"), (U,))
    t.add("Ответственный", "staff_name", lambda i: g.pick(["Смирнова Ольга", "Петров Денис", "Козлова Ирина"]), (P,))
    files = {t.path: t.write_csv(out, ";", "utf-8-sig")}

    m = 20
    a = Table("amocrm/leads_export.csv", m)
    a.add("ID", "order_id", lambda i: 31_000_000 + i * 13, (), (U,))
    a.add("Название сделки", "enum", lambda i: f"Сделка #{i + 1}", (), (U,))
    a.add("Бюджет", "amount", lambda i: g.r.randint(500, 90_000), (U,), (Y,))
    a.add("Полное имя контакта", "full_name", lambda i: g.ru_fio(), (P,))
    a.add("Мобильный телефон", "phone", lambda i: g.phone("ru"), (P,))
    a.add("Состав заказа", "basket", lambda i: json.dumps([{"name": p, "qty": g.r.randint(1, 3)} for p in g.r.sample(RU_PRODUCTS, 2)], ensure_ascii=False), (U,))
    a.add("Дата закрытия", "purchased_at", lambda i: g.when().strftime("%d.%m.%Y"), (U,))
    a.add("Этап сделки", "order_status", lambda i: g.pick(["Первичный контакт", "Успешно реализовано"]), (), (U,))
    files[a.path] = a.write_csv(out)
    return files


def tilda(g: Gen, out: Path) -> dict[str, Any]:
    n = 18
    people = [g.person("ru") for _ in range(n)]
    t = Table("tilda/leads_restoran.csv", n)
    t.add("Name", "full_name", lambda i: " ".join(people[i]), (P,))
    t.add("Phone", "phone", lambda i: g.phone("ru"), (P,))
    t.add("Email", "email", lambda i: g.ru_email(), (P,))
    t.add("Какое горячее вы выберете", "favourite", lambda i: g.pick(RU_DISHES_ACC), (U,))
    t.add("Напиток к ужину", "favourite", lambda i: g.pick(RU_DRINKS), (U,))
    t.add("Особенности питания", "dietary", lambda i: g.pick(RU_DIET), (U,), (P,))
    t.add("sent", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S"), (), ())
    t.add("referer", "url", lambda i: "https://restoran.example/banket", (), ())
    t.add("requestid", "token", lambda i: f"{g.r.randint(1000000, 9999999)}:{g.r.randint(1000000000, 9999999999)}", (), ())
    return {t.path: t.write_csv(out, ";", "utf-8")}


def analytics(g: Gen, out: Path) -> dict[str, Any]:
    n = 40
    t = Table("metrica/visits_logs_api.tsv", n)
    t.add("ym:s:visitID", "int_id", lambda i: 7_000_000_000_000_000 + g.r.randint(0, 10**15), (), ())
    t.add("ym:s:counterID", "enum", lambda i: 44_556_677, (), ())
    t.add("ym:s:dateTime", "timestamp", lambda i: g.when().strftime("%Y-%m-%d %H:%M:%S"), (), ())
    t.add("ym:s:clientID", "user_id", lambda i: f"{g.r.randint(10**9, 10**10)}{g.r.randint(10**8, 10**9)}", (), (P,))
    t.add("ym:s:ipAddress", "ip", lambda i: g.ip(), (L,), (P,))
    t.add("ym:s:regionCity", "visit_city", lambda i: g.pick(RU_CITIES), (L,), (P,))
    t.add("ym:s:lastTrafficSource", "enum", lambda i: g.pick(["organic", "direct", "ad"]), (), ())
    t.add("ym:s:pageViews", "count", lambda i: g.r.randint(1, 15), (), ())
    files = {t.path: t.write_csv(out, "\t")}

    m = 30
    a = Table("ga/sessions_by_day.csv", m)
    a.add("Date", "date", lambda i: (dt.date(2024, 3, 1) + dt.timedelta(days=i)).strftime("%Y%m%d"), (), ())
    a.add("Source / Medium", "enum", lambda i: g.pick(["google / organic", "(direct) / (none)"]), (), ())
    a.add("Sessions", "count", lambda i: g.r.randint(100, 900), (), ())
    a.add("Users", "count", lambda i: g.r.randint(80, 700), (), ())
    a.add("Transactions", "count", lambda i: g.r.randint(1, 40), (), ())
    a.add("Revenue", "metric", lambda i: g.money(100, 9000), (), ())
    a.add("Ecommerce Conversion Rate", "pct", lambda i: f"{g.r.uniform(0.5, 5):.2f}%", (), ())
    files[a.path] = a.write_csv(out)
    return files


def pos(g: Gen, out: Path) -> dict[str, Any]:
    n = 20
    docs = []
    for i in range(n):
        items = [{"sku": g.sku(), "name": g.pick(RU_PRODUCTS), "qty": g.r.randint(1, 3), "price": float(g.money(40, 600))} for _ in range(g.r.randint(1, 3))]
        docs.append({
            "receipt_no": f"{i + 1:05d}",
            "datetime": g.when().strftime("%Y-%m-%dT%H:%M:%S+03:00"),
            "store": {"id": 17, "address": "г. Москва, ул. Тверская, д. 7"},
            "cashier": "Иванова А.",
            "customer": {"loyalty_card": f"77{g.r.randint(10**10, 10**11 - 1)}", "phone": g.phone("ru")},
            "items": items,
            "total": round(sum(x["qty"] * x["price"] for x in items), 2),
            "payment": {"type": g.pick(["card", "cash"]), "card_mask": f"{g.pick(['4276', '5469'])}********{g.r.randint(1000, 9999)}"},
        })
    write_json(out, "pos/receipts.jsonl", docs, lines=True)
    cols = {
        "receipt_no": ("order_id", (), (U,)),
        "datetime": ("purchased_at", (U,), ()),
        "store.id": ("enum", (), ()),
        "store.address": ("store_address", (), (P, L)),
        "cashier": ("staff_name", (), (P,)),
        "customer.loyalty_card": ("customer_id", (), (P, Y)),
        "customer.phone": ("phone", (P,), ()),
        "items[].sku": ("sku", (U,), ()),
        "items[].name": ("product_name", (U,), ()),
        "items[].qty": ("qty", (U,), ()),
        "items[].price": ("unit_price", (), (U,)),
        "total": ("amount", (U,), (Y,)),
        "payment.type": ("payment_method", (), (Y, U)),
        "payment.card_mask": ("masked_pan", (), (Y,)),
    }
    return {"pos/receipts.jsonl": labels(n, "jsonl", cols)}


def loyalty(g: Gen, out: Path) -> dict[str, Any]:
    n = 30
    t = Table("loyalty/karty_loyalnosti.csv", n)
    t.add("Номер карты", "customer_id", lambda i: f"2{g.r.randint(10**11, 10**12 - 1)}", (), (P, Y))
    t.add("Владелец", "full_name", lambda i: g.ru_fio(), (P,))
    t.add("Тел.", "phone", lambda i: g.phone("ru"), (P,))
    t.add("Д/р", "birth_date", lambda i: g.birth().strftime("%d.%m.%Y"), (P,))
    t.add("Баланс баллов", "balance", lambda i: g.r.randint(0, 5000), (), (U,))
    t.add("Уровень", "enum", lambda i: g.pick(["Серебро", "Золото", "Платина"]), (), ())
    t.add("Любимая категория", "pref_category", lambda i: g.pick(["Молочные продукты", "Выпечка", "Напитки", "Фрукты"]), (U,))
    t.add("Дата выдачи", "date", lambda i: g.when(dt.date(2018, 1, 1), 2000).strftime("%d.%m.%Y"), (), ())
    return {t.path: t.write_csv(out, ";", "cp1251")}


def surveys(g: Gen, out: Path) -> dict[str, Any]:
    files: dict[str, Any] = {}
    specs = [
        ("surveys/guest_profiles_en.csv", "en", ["Guest Name", "Email", "Favourite dish", "Preferred drink", "Dietary requirements", "Favourite brand", "Shoe size", "Hobbies", "Arrival"], EN_DISHES, EN_DRINKS, EN_DIET),
        ("surveys/gaesteprofil_de.csv", "de", ["Gast", "E-Mail", "Lieblingsgericht", "Getränkewunsch", "Unverträglichkeiten", "Lieblingsmarke", "Schuhgröße", "Hobbys", "Anreise"], DE_DISHES, DE_DRINKS, ["vegetarisch", "vegan", "glutenfrei", "Laktoseintoleranz", "Nussallergie", "halal"]),
        ("surveys/profil_client_fr.csv", "fr", ["Client", "Courriel", "Plat préféré", "Boisson", "Allergies", "Marque préférée", "Pointure", "Loisirs", "Arrivée"], FR_DISHES, FR_DRINKS, ["végétarien", "sans gluten", "allergie aux noix", "végan", "sans lactose"]),
        ("surveys/ankieta_gosci_pl.csv", "pl", ["Gość", "E-mail", "Ulubione danie", "Napój", "Alergie", "Ulubiona marka", "Rozmiar", "Hobby", "Przyjazd"], PL_DISHES, PL_DRINKS, ["wegetariańska", "bezglutenowa", "alergia na orzechy", "wegańska", "bez laktozy"]),
    ]
    for path, loc, heads, dishes, drinks, diets in specs:
        n = 16
        people = [g.person(loc) for _ in range(n)]
        t = Table(path, n)
        t.add(heads[0], "full_name", lambda i: " ".join(people[i]), (P,))
        t.add(heads[1], "email", lambda i: g.email(*people[i]), (P,))
        t.add(heads[2], "favourite", lambda i: g.pick(dishes), (U,))
        t.add(heads[3], "favourite", lambda i: g.pick(drinks), (U,))
        t.add(heads[4], "dietary", lambda i: g.pick(diets), (U,), (P,))
        t.add(heads[5], "favourite", lambda i: g.pick(BRANDS), (U,))
        t.add(heads[6], "size", lambda i: g.pick(SIZES), (U,))
        t.add(heads[7], "hobby", lambda i: g.pick(HOBBIES), (U,), (P,))
        t.add(heads[8], "date", lambda i: g.when().strftime("%d.%m.%Y"), (), (U,))
        files[path] = t.write_csv(out)
    n = 14
    r = Table("surveys/anketa_gostya.csv", n)
    r.add("ФИО гостя", "full_name", lambda i: g.ru_fio(), (P,))
    r.add("Телефон", "phone", lambda i: g.phone("ru"), (P,))
    r.add("Что вы заказывали в прошлый раз", "favourite", lambda i: g.pick(RU_DISHES_ACC), (U,))
    r.add("Какие напитки предпочитаете", "favourite", lambda i: g.pick(RU_DRINKS), (U,))
    r.add("Аллергии", "dietary", lambda i: g.pick(["орехи", "мёд", "цитрусовые", "лактоза", "нет"]), (U,), (P,))
    r.add("Оценка", "count", lambda i: g.r.randint(1, 10), (), ())
    files[r.path] = r.write_csv(out, ";", "utf-8-sig")
    return files


def sample_dbs(g: Gen, out: Path) -> dict[str, Any]:
    files: dict[str, Any] = {}
    n = 40
    o = Table("sampledb/classicmodels_orders.csv", n)
    o.add("orderNumber", "order_id", lambda i: 10100 + i, (), (U,))
    o.add("orderDate", "purchased_at", lambda i: g.when(dt.date(2003, 1, 6), 800).date().isoformat(), (U,))
    o.add("requiredDate", "date", lambda i: g.when(dt.date(2003, 1, 13), 800).date().isoformat(), (), (U,))
    o.add("shippedDate", "date", lambda i: g.when(dt.date(2003, 1, 10), 800).date().isoformat(), (), (U,))
    o.add("status", "order_status", lambda i: g.pick(["Shipped", "Resolved", "Cancelled"]), (), (U,))
    o.add("comments", "text", lambda i: g.pick(["", "", "Check on availability.", "Customer requested expedited shipping"]), (), ())
    o.add("customerNumber", "customer_id", lambda i: g.r.randint(103, 496), (), (P,))
    files[o.path] = o.write_csv(out)

    m = 23
    emp = [g.person("en") for _ in range(m)]
    e = Table("sampledb/classicmodels_employees.csv", m)
    e.add("employeeNumber", "int_id", lambda i: 1002 + i * 14, (), ())
    e.add("lastName", "last_name", lambda i: emp[i][1], (P,))
    e.add("firstName", "first_name", lambda i: emp[i][0], (P,))
    e.add("extension", "enum", lambda i: f"x{g.r.randint(100, 9999)}", (), ())
    e.add("email", "email", lambda i: f"{emp[i][0][0].lower()}{emp[i][1].lower()}@classicmodelcars.com", (P,))
    e.add("officeCode", "enum", lambda i: g.r.randint(1, 7), (), ())
    e.add("jobTitle", "job_title", lambda i: g.pick(["Sales Rep", "Sales Manager (EMEA)", "VP Sales"]), (), (P,))
    e.add("hire_date", "date", lambda i: g.when(dt.date(1995, 1, 1), 9000).date().isoformat(), (), ())
    files[e.path] = e.write_csv(out)

    k = 45
    r = Table("sampledb/sakila_rental.csv", k)
    r.add("rental_id", "order_id", lambda i: i + 1, (), (U,))
    r.add("rental_date", "purchased_at", lambda i: g.when(dt.date(2005, 5, 24), 90).strftime("%Y-%m-%d %H:%M:%S"), (U,))
    r.add("inventory_id", "sku", lambda i: g.r.randint(1, 4581), (), (U,))
    r.add("customer_id", "customer_id", lambda i: g.r.randint(1, 599), (), (P,))
    r.add("return_date", "date", lambda i: g.when(dt.date(2005, 5, 26), 90).strftime("%Y-%m-%d %H:%M:%S"), (), (U,))
    r.add("staff_id", "enum", lambda i: g.r.randint(1, 2), (), ())
    r.add("last_update", "timestamp", lambda i: "2006-02-15 21:30:53", (), ())
    files[r.path] = r.write_csv(out)

    p = Table("sampledb/sakila_payment.csv", k)
    p.add("payment_id", "order_id", lambda i: i + 1, (), (U,))
    p.add("customer_id", "customer_id", lambda i: g.r.randint(1, 599), (), (P,))
    p.add("staff_id", "enum", lambda i: g.r.randint(1, 2), (), ())
    p.add("rental_id", "order_id", lambda i: g.r.randint(1, 16000), (), (U,))
    p.add("amount", "amount", lambda i: g.pick(["0.99", "2.99", "4.99", "5.99"]), (U,), (Y,))
    p.add("payment_date", "purchased_at", lambda i: g.when(dt.date(2005, 5, 24), 90).strftime("%Y-%m-%d %H:%M:%S"), (U,))
    files[p.path] = p.write_csv(out)

    q = 50
    t = Table("sampledb/online_retail.csv", q)
    t.add("InvoiceNo", "order_id", lambda i: 536365 + i // 3, (), (U,))
    t.add("StockCode", "sku", lambda i: g.pick(["85123A", "71053", "84406B", "84029G", "22752", "21730", "POST"]), (U,))
    t.add("Description", "product_name", lambda i: g.pick(["WHITE HANGING HEART T-LIGHT HOLDER", "WHITE METAL LANTERN", "CREAM CUPID HEARTS COAT HANGER", "KNITTED UNION FLAG HOT WATER BOTTLE", "SET 7 BABUSHKA NESTING BOXES", "GLASS STAR FROSTED T-LIGHT HOLDER"]), (U,))
    t.add("Quantity", "qty", lambda i: g.r.randint(1, 24), (U,))
    t.add("InvoiceDate", "purchased_at", lambda i: g.when(dt.date(2010, 12, 1), 370).strftime("%m/%d/%Y %H:%M"), (U,))
    t.add("UnitPrice", "unit_price", lambda i: g.money(0.5, 12), (), (U,))
    t.add("CustomerID", "customer_id", lambda i: f"{g.r.randint(12346, 18287)}.0", (), (P,))
    t.add("Country", "country", lambda i: g.pick(["United Kingdom", "France", "Germany"]), (), (L,))
    files[t.path] = t.write_csv(out)
    return files


def api_fixtures(g: Gen, out: Path) -> dict[str, Any]:
    files: dict[str, Any] = {}
    n = 12
    docs = []
    for i in range(n):
        first, last = g.person("en")
        docs.append({
            "id": f"ch_3N{g.hexid(20)}",
            "object": "charge",
            "amount": g.r.randint(500, 20000),
            "currency": "usd",
            "customer": f"cus_{g.hexid(14)}",
            "created": 1_690_000_000 + g.r.randint(0, 9_000_000),
            "receipt_email": g.email(first, last),
            "billing_details": {"name": f"{first} {last}", "email": None, "phone": None, "address": {"line1": None, "postal_code": g.postcode("us"), "city": None}},
            "payment_method_details": {"card": {"brand": "visa", "last4": f"{g.r.randint(1000, 9999)}", "exp_month": g.r.randint(1, 12), "exp_year": g.r.randint(2026, 2030), "checks": {"address_line1_check": None, "address_postal_code_check": "pass", "cvc_check": "pass"}, "generated_from": {"charge": None}}},
            "metadata": {},
            "refunded": False,
            "preferred_locales": ["en"],
        })
    write_json(out, "api/stripe_charges.json", docs)
    cols = {
        "id": ("order_id", (), (U,)),
        "object": ("enum", (), ()),
        "amount": ("amount", (U,), (Y,)),
        "currency": ("enum", (), (U,)),
        "customer": ("customer_id", (), (P,)),
        "created": ("unix_ts", (), (U,)),
        "receipt_email": ("email", (P,), ()),
        "billing_details.name": ("full_name", (P,), ()),
        "billing_details.email": ("empty", (), ()),
        "billing_details.phone": ("empty", (), ()),
        "billing_details.address.line1": ("empty", (), ()),
        "billing_details.address.postal_code": ("postcode", (P,), (L,)),
        "billing_details.address.city": ("empty", (), ()),
        "payment_method_details.card.brand": ("card_brand", (), (Y,)),
        "payment_method_details.card.last4": ("masked_pan", (), (Y,)),
        "payment_method_details.card.exp_month": ("card_expiry", (), (Y,)),
        "payment_method_details.card.exp_year": ("card_expiry", (), (Y,)),
        "payment_method_details.card.checks.address_line1_check": ("empty", (), ()),
        "payment_method_details.card.checks.address_postal_code_check": ("enum", (), ()),
        "payment_method_details.card.checks.cvc_check": ("enum", (), ()),
        "payment_method_details.card.generated_from.charge": ("empty", (), ()),
        "refunded": ("flag", (), ()),
        "preferred_locales[]": ("enum", (), ()),
    }
    files["api/stripe_charges.json"] = labels(n, "json", cols)

    holder = g.person("en")
    one = [{"id": f"ba_{g.hexid(16)}", "account_holder_name": f"{holder[0]} {holder[1]}", "account_holder_type": "individual", "bank_name": "STRIPE TEST BANK", "country": "US", "currency": "usd", "last4": "6789", "routing_number": "110000000", "status": "new"}]
    write_json(out, "api/bank_account.json", one)
    files["api/bank_account.json"] = labels(1, "json", {
        "id": ("token", (), ()), "account_holder_name": ("full_name", (P,), (Y,)), "account_holder_type": ("enum", (), ()),
        "bank_name": ("enum", (), ()), "country": ("country", (), (L,)), "currency": ("enum", (), ()),
        "last4": ("masked_pan", (), (Y,)), "routing_number": ("routing", (Y,), ()), "status": ("enum", (), ()),
    })

    two = []
    for _ in range(2):
        f, l_ = g.person("en")
        two.append({"id": g.r.randint(1000, 9999), "first_name": f, "last_name": l_, "email": g.email(f, l_), "orders_count": g.r.randint(0, 9), "state": "enabled", "tags": ""})
    write_json(out, "api/shopify_customers_small.json", two)
    files["api/shopify_customers_small.json"] = labels(2, "json", {
        "id": ("customer_id", (), (P,)), "first_name": ("first_name", (P,), ()), "last_name": ("last_name", (P,), ()),
        "email": ("email", (P,), ()), "orders_count": ("count", (), (U,)), "state": ("enum", (), ()), "tags": ("empty", (), ()),
    })

    k = 15
    tix = Table("api/flight_payments.csv", k)
    tix.add("Payment ID", "token", lambda i: f"p{g.r.randint(100000000, 999999999)}", (), (U,))
    tix.add("ticket_ref", "token", lambda i: f"t{g.r.randint(10000000, 99999999)}", (), (U,))
    tix.add("passenger_name", "full_name", lambda i: " ".join(g.person("en")).upper(), (P,))
    tix.add("email_md5", "hashed_contact", lambda i: hashlib.md5(str(i).encode()).hexdigest(), (P,))
    tix.add("phone_sha256", "hashed_contact", lambda i: hashlib.sha256(str(i).encode()).hexdigest(), (P,))
    tix.add("idfa", "ad_id", lambda i: str(uuid.UUID(int=g.r.getrandbits(128), version=4)).upper(), (P,), (L,))
    tix.add("card_number", "pan", lambda i: g.pan(), (Y,))
    tix.add("sec_code", "cvv", lambda i: f"{g.r.randint(100, 999)}", (Y,))
    tix.add("paid_at", "purchased_at", lambda i: g.when().strftime("%Y-%m-%dT%H:%M:%SZ"), (U,))
    tix.add("fare", "amount", lambda i: g.money(40, 900), (U,), (Y,))
    files[tix.path] = tix.write_csv(out)
    return files


def decoys(g: Gen, out: Path) -> dict[str, Any]:
    files: dict[str, Any] = {}
    n = 40
    c = Table("decoys/supplier_catalogue.csv", n)
    c.add("product_id", "catalog_sku", lambda i: f"P{10000 + i}", (), ())
    c.add("title", "catalog_name", lambda i: g.pick(EN_PRODUCTS), (), ())
    c.add("category", "catalog_category", lambda i: g.pick(CATEGORIES), (), ())
    c.add("price", "price", lambda i: g.money(1, 80), (), ())
    c.add("stock", "count", lambda i: g.r.randint(0, 500), (), ())
    c.add("supplier_email", "supplier_email", lambda i: "sales@greenvalley-foods.com", (), (P,))
    c.add("support_phone", "store_phone", lambda i: "+1 (415) 555-0100", (), (P,))
    c.add("updated_at", "timestamp", lambda i: g.when().strftime("%Y-%m-%d"), (), ())
    files[c.path] = c.write_csv(out)

    p = Table("decoys/prais_list.csv", 30)
    p.add("Код", "catalog_sku", lambda i: f"{g.r.randint(10000, 99999)}", (), ())
    p.add("Наименование", "catalog_name", lambda i: g.pick(RU_PRODUCTS), (), ())
    p.add("Цена, руб.", "price", lambda i: g.money(30, 900).replace(".", ","), (), ())
    p.add("Поставщик", "enum", lambda i: "ООО «Северная ферма»", (), ())
    p.add("Телефон поставщика", "store_phone", lambda i: "+7 (495) 123-45-67", (), (P,))
    p.add("Дата изменения", "date", lambda i: g.when().strftime("%d.%m.%Y"), (), ())
    files[p.path] = p.write_csv(out, ";", "cp1251")

    a = Table("decoys/sales_by_category.csv", 24)
    a.add("month", "date", lambda i: f"2024-{i % 12 + 1:02d}", (), ())
    a.add("category", "catalog_category", lambda i: g.pick(CATEGORIES), (), ())
    a.add("orders", "count", lambda i: g.r.randint(50, 900), (), ())
    a.add("revenue", "metric", lambda i: g.money(1000, 90000), (), ())
    a.add("avg_order_value", "metric", lambda i: g.money(10, 90), (), ())
    files[a.path] = a.write_csv(out)

    b = Table("decoys/branches.csv", 15)
    b.add("branch", "enum", lambda i: f"Store #{i + 1}", (), ())
    b.add("address", "store_address", lambda i: f"{g.street()}, {g.pick(EN_CITIES)}", (), (P, L))
    b.add("zip", "postcode", lambda i: g.postcode("us"), (), (P, L))
    b.add("phone", "store_phone", lambda i: g.phone("us"), (), (P,))
    b.add("opening_hours", "enum", lambda i: "Mo-Sa 08:00-21:00", (), ())
    b.add("opened_on", "date", lambda i: g.when(dt.date(2001, 1, 1), 6000).date().isoformat(), (), ())
    files[b.path] = b.write_csv(out)

    z = Table("decoys/shipping_zones.csv", 20)
    z.add("zone", "enum", lambda i: f"Z{i % 5 + 1}", (), ())
    z.add("zip_from", "postcode", lambda i: f"{i * 5000:05d}", (), ())
    z.add("zip_to", "postcode", lambda i: f"{i * 5000 + 4999:05d}", (), ())
    z.add("rate", "price", lambda i: g.money(3, 20), (), ())
    files[z.path] = z.write_csv(out)

    d = Table("decoys/menu.csv", 20)
    d.add("dish", "catalog_name", lambda i: g.pick(EN_DISHES + RU_DISHES_ACC), (), ())
    d.add("drink_pairing", "catalog_name", lambda i: g.pick(EN_DRINKS), (), ())
    d.add("price", "price", lambda i: g.money(5, 40), (), ())
    d.add("allergens", "enum", lambda i: g.pick(["nuts", "gluten", "dairy", ""]), (), ())
    d.add("chef", "staff_name", lambda i: "Marco Rossi", (), (P,))
    files[d.path] = d.write_csv(out)

    s = Table("decoys/headcount_by_department.csv", 8)
    s.add("department", "enum", lambda i: ["Sales", "Logistics", "IT", "HR", "Finance", "Support", "Marketing", "Legal"][i], (), ())
    s.add("headcount", "count", lambda i: g.r.randint(3, 60), (), ())
    s.add("avg_tenure_years", "metric", lambda i: f"{g.r.uniform(1, 9):.1f}", (), ())
    s.add("opened", "date", lambda i: g.when(dt.date(2000, 1, 1), 7000).date().isoformat(), (), ())
    files[s.path] = s.write_csv(out)
    return files


BUILDERS = (shopify, woocommerce, magento, mailchimp, hubspot, salesforce, onec, bitrix, tilda, analytics, pos, loyalty, surveys, sample_dbs, api_fixtures, decoys)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Any] = {}
    for i, build in enumerate(BUILDERS):
        files.update(build(Gen(args.seed * 1000 + i), args.out))
    truth = {"schema": "piiscan-eval-truth/1", "variant": "platform", "seed": args.seed, "categories": [P, Y, U, L], "generator": {"script": "bench/make_platform_corpus.py"}, "files": files}
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(files)} files, {sum(len(f['columns']) for f in files.values())} columns -> {args.out}")


if __name__ == "__main__":
    main()
