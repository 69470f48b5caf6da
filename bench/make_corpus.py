#!/usr/bin/env python3
"""Generate a labelled held-out corpus unlike ``dev``: other locales, headers, shapes, formats.

    python bench/make_corpus.py OUT_DIR [--seed N] [--rows N]

Writes ~30 exports (CSV/TSV with ``;`` ``|`` tab delimiters, UTF-8, UTF-8 BOM and cp1251,
gzip/bz2/xz/zstd, Parquet with int64 phones and ids, JSON objects holding arrays, deep
nesting, JSON Lines) and ``OUT_DIR/truth.json`` in the ``piiscan-eval-truth/1`` format of the
dev corpus: every column with the categories it must get (``expected``), the ones that are
acceptable (``tolerated``) and a ``kind`` label, following the dev labelling rules (see
``../shared/bench/README.md``).

Data: German, French, Polish, British and Kazakh(-Russian) customers from Faker (MIT, a dev
dependency), phone numbers valid for their region (phonenumbers), checksum-valid national ids
and IBANs; free text in German/French/Polish/English/Russian with an occasional phone, e-mail,
card or IBAN inside a sentence; clean decoys (catalogues, metrics, logs, hashes, UUIDs, random
digit ids, EAN barcodes, postcodes, orders without customers).

Everything is fake by construction. Keep the output out of git (``/tmp`` or ``.bench-cache/``).
Score it::

    piiscan check OUT --format json > r.json
    python ../shared/bench/score.py --truth OUT/truth.json --report r.json --root OUT
"""

# ruff: noqa: E501, SIM905  (long literal rows and word lists here are meant)

from __future__ import annotations

import argparse
import bz2
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import lzma
import random
import string
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import phonenumbers
from faker import Faker
from stdnum import iban as std_iban
from stdnum.de import idnr
from stdnum.fr import nir as std_nir

TODAY = dt.date(2025, 6, 1)

# --------------------------------------------------------------------------- labels

P, Y, U, L = "pii", "payment", "purchases", "location"
KINDS: dict[str, tuple[list[str], list[str]]] = {
    # people
    "first_name": ([P], []), "last_name": ([P], []), "full_name": ([P], []),
    "staff_name": ([P], []), "email": ([P], []), "phone": ([P], []), "birth_date": ([P], []),
    "national_id": ([P], []), "passport": ([P], []), "street_address": ([P], [L]),
    "cardholder": ([P], [Y]), "account_holder": ([P], [Y]),
    "customer_id": ([], [P]), "user_id": ([], [P]), "device_id": ([], [P]),
    "salutation": ([], [P]), "gender": ([], [P]),
    "home_city": ([], [P, L]), "postcode": ([], [P, L]), "region": ([], [P, L]),
    "country": ([], [L]), "company": ([], [P]), "job_title": ([], [P]),
    "hashed_contact": ([], [P]), "user_agent": ([], [P]),
    # payment
    "iban": ([Y], []), "bic": ([Y], []), "pan": ([Y], []), "card_expiry": ([Y], []),
    "cvv": ([Y], []), "bank_account": ([Y], []), "sort_code": ([Y], []),
    "bank_code": ([Y], []), "masked_pan": ([], [Y]), "card_brand": ([], [Y]),
    "payment_method": ([], [Y, U]), "transfer_amount": ([], [U, Y]),
    # purchases, in a table that links rows to a customer
    "purchased_at": ([U], []), "sku": ([U], []), "product_name": ([U], []), "qty": ([U], []),
    "basket": ([U], []), "favourite": ([U], []), "pref_category": ([U], []),
    "wishlist": ([U], []), "amount": ([U], [Y]), "dietary": ([U], [P]),
    "unit_price": ([], [U]), "currency": ([], [U]), "order_status": ([], [U]),
    "merchant": ([], [U]), "order_id": ([], [U]), "balance": ([], [U]),
    # purchases without a customer: nothing required
    "unlinked_sku": ([], [U]), "unlinked_product": ([], [U]), "unlinked_qty": ([], [U]),
    "unlinked_amount": ([], [U, Y]), "unlinked_time": ([], [U]),
    # location
    "lat": ([L], []), "lon": ([L], []), "latlon": ([L], []), "geohash": ([L], []),
    "venue": ([L], []), "ip": ([L], [P]), "visit_city": ([L], [P]),
    "geo_target": ([], [L]), "favourite_store": ([], [U, L, P]), "store_address": ([], [P, L]), "store_phone": ([], [P]),
    # clean
    **{
        k: ([], [])
        for k in (
            "catalog_sku catalog_name catalog_category price count enum ean13 timestamp date "
            "unix_ts unix_ms uuid sha1 sha256 md5 version rand_digits int_id row_index pct "
            "metric flag url http_status hex_id zip_like log_message accuracy speed text_clean text"
        ).split()
    },
}


@dataclass
class Col:
    name: str
    kind: str
    values: list[Any]
    expected: list[str] | None = None
    """Overrides the kind's labels (free text: what its cells actually hold)."""
    tolerated: list[str] | None = None

    def labels(self) -> dict[str, Any]:
        exp, tol = KINDS[self.kind]
        exp = exp if self.expected is None else self.expected
        tol = tol if self.tolerated is None else self.tolerated
        return {"expected": sorted(exp), "tolerated": sorted(set(tol) - set(exp)), "kind": self.kind}


@dataclass
class Table:
    path: str
    fmt: str
    cols: list[Col]
    encoding: str = "utf-8"
    delimiter: str | None = None
    decimal: str = "."
    extra_truth: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.cols[0].values)


# --------------------------------------------------------------------------- value makers


class Gen:
    """All random choices go through ``self.r`` (and per-locale seeded Fakers)."""

    def __init__(self, seed: int, rows: int) -> None:
        self.seed = seed
        self.r = random.Random(seed)
        self.n = rows
        self.fakers: dict[str, Faker] = {}

    def fk(self, locale: str) -> Faker:
        if locale not in self.fakers:
            f = Faker(locale)
            f.seed_instance(self.seed + len(self.fakers) * 7919)
            self.fakers[locale] = f
        return self.fakers[locale]

    def rows(self, factor: float = 1.0) -> int:
        return max(40, int(self.n * factor))

    # ---- people
    def person(self, locale: str) -> tuple[str, str, str]:
        """(first, last, sex) without titles."""
        sex = self.r.choice("mf")
        if locale == "kz":
            first, last, _ = self.kz_person(sex)
            return first, last, sex
        f = self.fk(locale)
        first = f.first_name_male() if sex == "m" else f.first_name_female()
        last = f.last_name_male() if sex == "m" and hasattr(f, "last_name_male") else (
            f.last_name_female() if hasattr(f, "last_name_female") else f.last_name()
        )
        return first, last, sex

    KZ_FIRST_M = "Нурлан Ерлан Асхат Бауыржан Данияр Ержан Канат Марат Нурсултан Серик Талгат Азамат Арман Айдос Руслан Тимур Ельдос Жандос Максат Олжас".split()
    KZ_FIRST_F = "Айгерим Асель Динара Гульнара Жанар Мадина Салтанат Айгуль Алия Дана Камила Аружан Индира Сауле Жулдыз Меруерт Акмарал Томирис Карлыгаш Балжан".split()
    KZ_LAST = "Ахметов Жумабаев Касымов Сатпаев Нурланов Искаков Омаров Сулейменов Абдрахманов Байжанов Ермеков Тулегенов Кенжебаев Мусин Рахимов Смагулов Исмаилов Токтаров Жаксыбеков Утегенов".split()

    def kz_person(self, sex: str) -> tuple[str, str, str]:
        """Kazakh first, last and patronymic in Russian spelling."""
        first = self.r.choice(self.KZ_FIRST_M if sex == "m" else self.KZ_FIRST_F)
        last = self.r.choice(self.KZ_LAST)
        father = self.r.choice(self.KZ_FIRST_M)
        if sex == "f":
            last = last + "а"
            patr = father + ("овна" if father[-1] not in "аеиоуыэюя" else "евна")
        else:
            patr = father + ("ович" if father[-1] not in "аеиоуыэюя" else "евич")
        return first, last, patr

    def full_name(self, locale: str) -> str:
        f = self.fk("ru_RU" if locale == "kz" else locale)
        if locale == "ru_RU":
            return f.name()  # "Фамилия Имя Отчество"
        if locale == "kz":
            sex = self.r.choice("mf")
            first, last, patr = self.kz_person(sex)
            return self.r.choice([f"{last} {first} {patr}", f"{last} {first}", f"{first} {last}"])
        first, last, _ = self.person(locale)
        return f"{first} {last}"

    def email(self, first: str, last: str, locale: str) -> str:
        f = self.fk("ru_RU" if locale in ("ru_RU", "kz") else locale)
        if locale in ("ru_RU", "kz"):
            return f.free_email() if self.r.random() < 0.3 else f"{translit(first)}.{translit(last)}{self.r.randint(1, 99)}@{self.r.choice(['mail.kz', 'yandex.kz', 'gmail.com', 'inbox.ru'])}"
        user = ascii_fold(f"{first}.{last}").lower().replace(" ", "")
        style = self.r.random()
        if style < 0.5:
            return f"{user}@{f.free_email_domain()}"
        if style < 0.8:
            return f"{ascii_fold(first[0] + last).lower().replace(' ', '')}{self.r.randint(1, 999)}@{f.domain_name()}"
        return f.email()

    def birth(self) -> dt.date:
        return TODAY - dt.timedelta(days=self.r.randint(18 * 365, 88 * 365))

    # ---- phones
    PREFIXES: ClassVar[dict[tuple[str, str], list[str]]] = {
        ("DE", "m"): ["151", "152", "157", "160", "162", "170", "171", "172", "175", "176", "177", "178", "179"],
        ("DE", "f"): ["30", "40", "89", "221", "69", "711", "211", "351", "341"],
        ("FR", "m"): ["6", "7"],
        ("FR", "f"): ["1", "2", "3", "4", "5", "9"],
        ("PL", "m"): ["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"],
        ("PL", "f"): ["12", "22", "58", "61", "71", "42", "81"],
        ("GB", "m"): ["74", "75", "77", "78", "79"],
        ("GB", "f"): ["20", "121", "131", "161", "113", "117", "1632", "141"],
        ("KZ", "m"): ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"],
        ("KZ", "f"): ["727", "7172", "7212", "7252"],
        ("RU", "m"): ["900", "903", "905", "915", "916", "925", "926", "937", "964", "985"],
    }

    def phone_obj(self, region: str, mobile: bool = True) -> phonenumbers.PhoneNumber:
        prefixes = self.PREFIXES.get((region, "m" if mobile else "f")) or self.PREFIXES[(region, "m")]
        code = phonenumbers.country_code_for_region(region)
        for _ in range(400):
            pre = self.r.choice(prefixes)
            length = self.r.choice([9, 10, 11]) if region == "DE" else {"FR": 9, "PL": 9, "GB": 10, "KZ": 10, "RU": 10}[region]
            nsn = pre + "".join(self.r.choice(string.digits) for _ in range(length - len(pre)))
            num = phonenumbers.parse(f"+{code}{nsn}")
            if phonenumbers.is_valid_number(num):
                return num
        raise RuntimeError(f"no valid number for {region}")

    def phone(self, region: str, styles: list[str] | None = None, mobile: bool | None = None) -> str:
        mob = self.r.random() < 0.7 if mobile is None else mobile
        num = self.phone_obj(region, mob)
        styles = styles or ["intl", "national", "e164"]
        style = self.r.choice(styles)
        nat = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        intl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        nsn = str(num.national_number)
        if style == "intl":
            return intl
        if style == "national":
            return nat
        if style == "e164":
            return e164
        if style == "bare_e164":
            return e164[1:]
        if style == "nsn":  # bare national digits: Polish numbers have no trunk prefix
            return nsn
        if style == "trunk_bare":  # 015112345678
            return ("8" if region in ("RU", "KZ") else "0") + nsn
        if style == "00":
            return "00" + e164[1:3] + " " + intl.split(" ", 1)[1]
        if style == "paren0":  # +49 (0)151 12345678
            return f"+{num.country_code} (0){nat[1:]}"
        if style == "dots":  # 06.12.34.56.78
            return nat.replace(" ", ".")
        if style == "dash":  # 691-500-080
            return nat.replace(" ", "-")
        if style == "ru_paren":  # 8 (701) 234-56-78
            return f"8 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
        if style == "plus7_paren":
            return f"+7 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
        if style == "slash":  # 0151/12345678
            head, _, tail = nat.partition(" ")
            return f"{head}/{tail.replace(' ', '')}"
        raise ValueError(style)

    # ---- payment
    def pan(self, style: str | None = None) -> str:
        f = self.fk("en_US")
        kind = self.r.choice(["visa16", "visa16", "mastercard", "mastercard", "amex", "discover"])
        number = f.credit_card_number(kind)
        style = style or self.r.choice(["space", "space", "dash", "bare"])
        if style == "bare":
            return number
        sep = " " if style == "space" else "-"
        if len(number) == 15:
            return sep.join([number[:4], number[4:10], number[10:]])
        return sep.join(number[i : i + 4] for i in range(0, len(number), 4))

    def iban(self, locale: str, grouped: bool | None = None) -> str:
        for _ in range(20):
            value = self.fk(locale).iban()
            if std_iban.is_valid(value):
                break
        grouped = self.r.random() < 0.5 if grouped is None else grouped
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if grouped else value

    def expiry(self) -> str:
        m, y = self.r.randint(1, 12), self.r.randint(25, 31)
        return self.r.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}"])

    # ---- national ids
    def pesel(self, born: dt.date, sex: str) -> str:
        return self.fk("pl_PL").pesel(dt.datetime(born.year, born.month, born.day), "M" if sex == "m" else "F")

    def nir(self, born: dt.date, sex: str) -> str:
        for _ in range(50):
            dept = f"{self.r.randint(1, 95):02d}"
            body = f"{1 if sex == 'm' else 2}{born.year % 100:02d}{born.month:02d}{dept}{self.r.randint(1, 999):03d}{self.r.randint(1, 999):03d}"
            value = body + f"{97 - int(body) % 97:02d}"
            if std_nir.is_valid(value):
                return self.r.choice([value, f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"])
        raise RuntimeError("nir")

    def nif(self) -> str:
        body = f"{self.r.randint(0, 3)}{self.r.randint(0, 999_999_999):09d}"
        value = body + f"{int(body) % 511:03d}"
        return self.r.choice([value, f"{value[:2]} {value[2:4]} {value[4:7]} {value[7:10]} {value[10:]}"])

    def steuer_id(self) -> str:
        while True:
            digits = [str(self.r.randint(1, 9))]
            pool = list(string.digits)
            body = digits + self.r.sample(pool, 9)
            body[self.r.randint(1, 9)] = body[self.r.randint(1, 9)]
            text = "".join(body)
            value = text + _mod_11_10(text)
            if idnr.is_valid(value):
                return self.r.choice([value, f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"])

    def nino(self) -> str:
        first = self.r.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = self.r.choice("ABCEGHJKLMNPRSTWXYZ")
        d = "".join(self.r.choice(string.digits) for _ in range(6))
        suffix = self.r.choice("ABCD")
        return self.r.choice([f"{first}{second}{d}{suffix}", f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {suffix}"])

    def iin(self, born: dt.date, sex: str) -> str:
        century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (0 if sex == "m" else 1)
        while True:
            body = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}{century}{self.r.randint(0, 9999):04d}"
            w1 = sum(int(c) * w for c, w in zip(body, range(1, 12), strict=True)) % 11
            if w1 == 10:
                w2 = sum(int(c) * w for c, w in zip(body, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
                if w2 == 10:
                    continue
                w1 = w2
            return body + str(w1)

    # ---- purchases
    PRODUCTS: ClassVar[dict[str, list[str]]] = {
        "de": ["Vollmilch 3,5 % 1 l", "Bio-Äpfel Elstar 1 kg", "Roggenbrot 750 g", "Kaffee Crema ganze Bohne 1 kg", "Gouda jung am Stück 400 g", "Rotwein Spätburgunder 0,75 l", "Spaghetti 500 g", "Mineralwasser still 6 x 1,5 l", "Schokolade Zartbitter 70 % 100 g", "Waschmittel Color 20 WL", "Laufschuhe Herren Gr. 43", "Kopfhörer Bluetooth", "Pfeffermühle Edelstahl", "Bettwäsche Baumwolle 135x200"],
        "fr": ["Baguette tradition", "Camembert de Normandie 250 g", "Vin rouge Bordeaux 75 cl", "Café moulu arabica 250 g", "Yaourt nature x8", "Croissants pur beurre x6", "Eau minérale 6 x 1,5 L", "Chocolat noir 70 % 100 g", "Lessive liquide 2 L", "Casque audio sans fil", "Poêle antiadhésive 28 cm", "Parfum Eau de toilette 100 ml"],
        "pl": ["Mleko 3,2% 1 l", "Chleb żytni 500 g", "Kawa ziarnista 1 kg", "Pierogi ruskie 400 g", "Masło extra 200 g", "Kiełbasa krakowska 300 g", "Woda mineralna 1,5 l", "Czekolada gorzka 100 g", "Proszek do prania 3 kg", "Słuchawki bezprzewodowe", "Buty sportowe r. 42"],
        "en": ["Semi-skimmed milk 2 pints", "Free range eggs x12", "Cheddar mature 400g", "Earl Grey tea 80 bags", "Sourdough loaf 800g", "Prosecco DOC 75cl", "Baked beans 4 x 415g", "Wireless earbuds", "Kettle 1.7L stainless", "Dog food chicken 2kg", "Running socks 3-pack"],
        "ru": ["Молоко 3,2% 1 л", "Хлеб бородинский 400 г", "Кумыс 0,5 л", "Чай чёрный казахстанский 250 г", "Баурсаки 300 г", "Конина казы 500 г", "Наушники беспроводные", "Смартфон 128 ГБ", "Сахар 1 кг"],
    }

    def sku(self, prefix: str) -> str:
        return self.r.choice([f"{prefix}-{self.r.randint(10000, 99999)}", f"{prefix}{self.r.randint(100000, 999999)}", f"{self.r.randint(1000, 9999)}.{self.r.randint(100, 999)}"])

    def ean13(self) -> str:
        body = self.r.choice(["400", "401", "300", "590", "500", "487"]) + "".join(self.r.choice(string.digits) for _ in range(9))
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
        return body + str((10 - total % 10) % 10)

    def money(self, value: float, style: str) -> str:
        whole, frac = f"{value:.2f}".split(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        if style == "de":
            return ".".join(groups) + "," + frac
        if style == "de_eur":
            return ".".join(groups) + "," + frac + " €"
        if style == "fr":
            return "\u202f".join(groups) + "," + frac + " €"
        if style == "fr_plain":
            return " ".join(groups) + "," + frac
        if style == "pl":
            return " ".join(groups) + "," + frac + " zł"
        if style == "kz":
            return " ".join(groups) + "," + frac + " ₸"
        if style == "gb":
            return "£" + ",".join(groups) + "." + frac
        if style == "ch":
            return "'".join(groups) + "." + frac
        if style == "plain":
            return f"{value:.2f}"
        raise ValueError(style)

    def when(self, start: dt.date = dt.date(2023, 1, 1), days: int = 880) -> dt.datetime:
        d = start + dt.timedelta(days=self.r.randint(0, days))
        return dt.datetime(d.year, d.month, d.day, self.r.randint(0, 23), self.r.randint(0, 59), self.r.randint(0, 59))

    def pick(self, items: list[Any]) -> Any:
        return self.r.choice(items)

    def maybe(self, value: Any, p_empty: float) -> Any:
        return None if self.r.random() < p_empty else value


def _mod_11_10(digits: str) -> str:
    """ISO 7064 Mod 11,10 check digit (German Steuer-ID)."""
    product = 10
    for c in digits:
        total = (int(c) + product) % 10 or 10
        product = total * 2 % 11
    return str((11 - product) % 10)


def ascii_fold(text: str) -> str:
    import unicodedata

    for a, b in (("ß", "ss"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("æ", "ae")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c) and c.isascii() and c not in "'")


_TR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))


def translit(text: str) -> str:
    out = "".join(_TR.get(c, c) for c in text.lower())
    return out[:1].upper() + out[1:] if text[:1].isupper() else out


MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS_PL = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d: dt.date, style: str) -> str:
    return {
        "iso": d.isoformat(),
        "dmy_dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dmy_slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy_dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "de_long": f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}",
        "fr_long": f"{'1er' if d.day == 1 else d.day} {MONTHS_FR[d.month - 1]} {d.year}",
        "pl_long": f"{d.day} {MONTHS_PL[d.month - 1]} {d.year}",
        "pl_long_r": f"{d.day} {MONTHS_PL[d.month - 1]} {d.year} r.",
        "en_long": f"{ordinal(d.day)} {MONTHS_EN[d.month - 1]} {d.year}",
        "en_short": f"{d.day} {MONTHS_EN[d.month - 1][:3]} {d.year}",
        "ru_long": f"{d.day:02d}.{d.month:02d}.{d.year} г.",
    }[style]


# --------------------------------------------------------------------------- free text

TEXTS = {
    "de": {
        "clean": [
            "Die Lieferung kam zwei Tage zu spät.",
            "Bestellung Nr. {order} ist noch nicht angekommen.",
            "Der Artikel war beschädigt, bitte um Ersatz.",
            "Die App (Version {version}) stürzt beim Bezahlen ab.",
            "Mir wurden {amount} statt {amount2} berechnet.",
            "Der Gutscheincode FRUEHLING{n} funktioniert nicht.",
            "Vielen Dank für die schnelle Bearbeitung!",
            "Sendungsnummer {tracking} zeigt seit Tagen keinen Status.",
        ],
        P: [
            "Bitte rufen Sie mich unter {phone} zurück.",
            "Meine neue E-Mail-Adresse lautet {email}, bitte die Rechnung dorthin schicken.",
            "Erreichbar bin ich tagsüber unter {phone}.",
        ],
        Y: [
            "Die Karte {card} wurde doppelt belastet, bitte erstatten.",
            "Bitte überweisen Sie den Betrag auf mein Konto {iban}.",
        ],
    },
    "fr": {
        "clean": [
            "La livraison est arrivée avec deux jours de retard.",
            "La commande n° {order} n'est toujours pas livrée.",
            "L'article était abîmé, merci de le remplacer.",
            "L'application (version {version}) plante au paiement.",
            "On m'a débité {amount} au lieu de {amount2}.",
            "Le code promo PRINTEMPS{n} ne fonctionne pas.",
            "Merci pour votre réactivité !",
        ],
        P: [
            "Rappelez-moi au {phone} s'il vous plaît.",
            "Ma nouvelle adresse e-mail est {email}, merci d'y envoyer la facture.",
            "Vous pouvez me joindre au {phone} après 18 h.",
        ],
        Y: [
            "La carte {card} a été débitée deux fois, merci de rembourser.",
            "Merci de rembourser sur mon compte {iban}.",
        ],
    },
    "pl": {
        "clean": [
            "Przesyłka dotarła z dwudniowym opóźnieniem.",
            "Zamówienie nr {order} nadal nie dotarło.",
            "Produkt był uszkodzony, proszę o wymianę.",
            "Aplikacja (wersja {version}) zawiesza się przy płatności.",
            "Pobrano {amount} zamiast {amount2}.",
            "Kod rabatowy WIOSNA{n} nie działa.",
            "Dziękuję za szybką odpowiedź!",
        ],
        P: [
            "Proszę o kontakt pod numerem {phone}.",
            "Mój nowy adres e-mail to {email}, proszę tam wysłać fakturę.",
            "Proszę dzwonić na {phone} po 17:00.",
        ],
        Y: [
            "Z karty {card} pobrano opłatę dwukrotnie, proszę o zwrot.",
            "Proszę o zwrot na konto {iban}.",
        ],
    },
    "en": {
        "clean": [
            "Parcel arrived two days late.",
            "Order ref {order} still hasn't arrived.",
            "The item was damaged, please send a replacement.",
            "App version {version} crashes at checkout.",
            "I was charged {amount} instead of {amount2}.",
            "Discount code SPRING{n} isn't working.",
            "Thanks for sorting this so quickly!",
        ],
        P: [
            "Please ring me back on {phone}.",
            "My new email is {email}, please send the receipt there.",
        ],
        Y: [
            "My card {card} was charged twice, please refund.",
            "Please refund to my account {iban}.",
        ],
    },
    "ru": {
        "clean": [
            "Заказ № {order} до сих пор не доставлен.",
            "Курьер опоздал на 40 минут.",
            "Приложение (версия {version}) вылетает при оплате.",
            "Списали {amount} вместо {amount2}.",
            "Спасибо за быструю доставку!",
        ],
        P: [
            "Перезвоните мне, пожалуйста, по номеру {phone}.",
            "Моя новая почта {email}, пришлите чек туда.",
        ],
        Y: [
            "С карты {card} списали деньги дважды, верните, пожалуйста.",
        ],
    },
}


def free_text(
    g: Gen, lang: str, region: str, locale: str, n: int, p_pii: float, p_pay: float, money_style: str, *, allow_iban: bool = True
) -> tuple[list[str | None], set[str]]:
    """``n`` cells of ``lang`` text; returns the cells and the categories actually planted."""
    t = TEXTS[lang]
    out: list[str | None] = []
    planted: set[str] = set()
    phone_styles = {"DE": ["national", "intl", "slash"], "FR": ["national", "intl", "dots"], "PL": ["national", "intl", "dash"], "GB": ["national", "intl"], "KZ": ["plus7_paren", "e164", "ru_paren"]}[region]
    for _ in range(n):
        x = g.r.random()
        if x < p_pii:
            tpl = g.pick(t[P])
            planted.add(P)
        elif x < p_pii + p_pay:
            choices = [c for c in t[Y] if allow_iban or "{iban}" not in c]
            tpl = g.pick(choices)
            planted.add(Y)
        else:
            tpl = g.pick(t["clean"])
        first, last, _ = g.person(locale)
        account = g.iban({"DE": "de_DE", "FR": "fr_FR", "PL": "pl_PL", "GB": "en_GB"}.get(region, "de_DE"), grouped=True)
        if region == "PL" and g.r.random() < 0.5:
            account = account[2:]  # the domestic NRB: the IBAN without "PL"
        text = tpl.format(
            phone=g.phone(region, phone_styles),
            email=g.email(first, last, locale),
            card=g.pan(g.pick(["space", "space", "dash"])),
            iban=account,
            order=g.r.randint(100000, 99999999),
            version=f"{g.r.randint(1, 12)}.{g.r.randint(0, 30)}.{g.r.randint(0, 200)}",
            amount=g.money(g.r.uniform(5, 3000), money_style),
            amount2=g.money(g.r.uniform(5, 3000), money_style),
            n=g.r.randint(10, 99),
            tracking="".join(g.r.choice(string.digits) for _ in range(20)),
        )
        out.append(text)
    return out, planted


# --------------------------------------------------------------------------- header vocabulary

HEADERS: dict[str, dict[str, list[str]]] = {
    "de": {
        "customer_id": ["Kundennummer", "Kunden-Nr.", "KdNr", "Kunde"],
        "salutation": ["Anrede"],
        "first_name": ["Vorname", "VORNAME", "Rufname"],
        "last_name": ["Nachname", "Familienname", "Name"],
        "street_address": ["Straße", "Strasse", "Anschrift", "Straße und Hausnummer", "Str./Nr."],
        "postcode": ["PLZ", "Postleitzahl"],
        "home_city": ["Ort", "Wohnort", "Stadt"],
        "birth_date": ["Geburtsdatum", "Geb.-Datum", "Geburtstag", "geboren am"],
        "phone": ["Telefonnummer", "Telefon", "Tel.", "Rufnummer", "Festnetz"],
        "mobile": ["Handynummer", "Mobilnummer", "Mobiltelefon", "Handy", "Mobilfunknummer"],
        "email": ["E-Mail", "E-Mail-Adresse", "Email", "Mail"],
        "iban": ["IBAN", "Bankverbindung", "Kontonummer (IBAN)"],
        "bic": ["BIC", "SWIFT-Code", "BIC/SWIFT"],
        "tax_id": ["Steuer-ID", "Steuerliche Identifikationsnummer", "Steuer-IdNr."],
        "svnr": ["Sozialversicherungsnummer", "RV-Nummer", "SV-Nummer"],
        "since": ["Kunde seit", "Registriert am", "Anmeldedatum"],
        "balance": ["Umsatz gesamt", "Gesamtumsatz", "Kundenwert"],
        "order_id": ["Bestellnummer", "Bestell-Nr.", "Auftragsnummer"],
        "purchased_at": ["Bestelldatum", "Kaufdatum", "Bestellt am", "Datum"],
        "sku": ["Artikelnummer", "Art.-Nr.", "Artikel-Nr."],
        "product_name": ["Artikelbezeichnung", "Artikel", "Produkt", "Bezeichnung"],
        "qty": ["Menge", "Anzahl", "Stückzahl"],
        "unit_price": ["Einzelpreis", "Stückpreis", "Preis"],
        "amount": ["Gesamtbetrag", "Betrag", "Bestellwert", "Summe", "Rechnungsbetrag"],
        "payment_method": ["Zahlungsart", "Zahlungsmethode"],
        "pan": ["Kartennummer", "Kreditkarte", "Kreditkartennummer"],
        "card_expiry": ["Gültig bis", "Ablaufdatum", "Verfallsdatum"],
        "cvv": ["Prüfnummer", "Kartenprüfnummer", "CVC"],
        "cardholder": ["Karteninhaber", "Inhaber"],
        "status": ["Status", "Bestellstatus"],
        "account_holder": ["Kontoinhaber", "Inhaber"],
        "bank_account": ["Kontonummer", "Konto-Nr.", "Konto"],
        "bank_code": ["BLZ", "Bankleitzahl"],
        "lat": ["Breitengrad", "Breite", "lat"],
        "lon": ["Längengrad", "Länge", "lon"],
        "ip": ["IP-Adresse", "IP"],
        "favourite": ["Lieblingsprodukt", "Lieblingsmarke", "Lieblingsartikel"],
        "pref_category": ["Bevorzugte Kategorien", "Interessen", "Vorlieben"],
        "dietary": ["Ernährungsweise", "Ernährung", "Diät"],
        "wishlist": ["Wunschliste", "Merkliste", "Merkzettel"],
        "message": ["Nachricht", "Anliegen", "Text", "Beschreibung"],
        "agent": ["Bearbeiter", "Sachbearbeiter", "Mitarbeiter"],
    },
    "fr": {
        "customer_id": ["N° client", "ID client", "Numéro client"],
        "salutation": ["civilité"],
        "first_name": ["prénom", "Prénom", "PRENOM"],
        "last_name": ["nom", "Nom de famille", "NOM"],
        "street_address": ["adresse", "Adresse postale", "voie", "Adresse 1"],
        "postcode": ["code postal", "CP"],
        "home_city": ["ville", "commune", "localité"],
        "birth_date": ["date de naissance", "né(e) le", "Date naissance"],
        "phone": ["téléphone", "Tél.", "numéro de téléphone", "tél fixe"],
        "mobile": ["portable", "mobile", "tél. portable", "GSM"],
        "email": ["courriel", "e-mail", "adresse e-mail", "mél"],
        "nir": ["numéro de sécurité sociale", "N° SS", "NIR", "n° de sécu"],
        "iban": ["IBAN", "RIB", "coordonnées bancaires"],
        "since": ["date d'inscription", "inscrit le", "date de création"],
        "order_id": ["commande", "n° commande", "numéro de commande"],
        "purchased_at": ["date", "date de commande", "date d'achat", "passée le"],
        "sku": ["référence", "réf.", "code article"],
        "product_name": ["désignation", "produit", "libellé", "article"],
        "qty": ["quantité", "qté", "nombre"],
        "unit_price": ["prix_unitaire", "prix unitaire", "PU"],
        "amount": ["montant_total", "montant TTC", "total", "montant"],
        "pan": ["numéro", "numéro de carte", "n° carte", "carte bancaire"],
        "card_expiry": ["expiration", "date d'expiration", "date de validité", "fin de validité"],
        "cvv": ["cryptogramme", "code de sécurité", "CVV"],
        "status": ["statut", "état"],
        "message": ["message", "commentaire", "description"],
        "agent": ["conseiller", "agent", "traité par"],
        "courier": ["nom_livreur", "livreur", "coursier"],
        "ip": ["adresse_ip", "IP", "adresse IP"],
        "lat": ["latitude", "lat"],
        "lon": ["longitude", "lng"],
    },
    "pl": {
        "first_name": ["imię", "Imię", "IMIE"],
        "last_name": ["nazwisko", "Nazwisko"],
        "street_address": ["ulica", "adres", "Adres zamieszkania", "ulica i nr domu"],
        "postcode": ["kod pocztowy", "kod"],
        "home_city": ["miasto", "miejscowość"],
        "pesel": ["PESEL", "nr PESEL"],
        "birth_date": ["data urodzenia", "data ur."],
        "phone": ["telefon", "nr telefonu", "numer telefonu", "tel. kom."],
        "email": ["e-mail", "adres e-mail", "email"],
        "pan": ["numer karty", "nr karty", "karta płatnicza"],
        "bank_account": ["numer konta", "nr rachunku", "numer rachunku bankowego"],
        "since": ["data rejestracji", "zarejestrowano"],
        "order_id": ["numer zamówienia", "nr zamówienia"],
        "customer": ["klient", "zamawiający", "kupujący"],
        "purchased_at": ["data zamówienia", "data zakupu", "złożono"],
        "product_name": ["produkt", "nazwa produktu", "towar"],
        "qty": ["ilość", "liczba sztuk", "szt."],
        "amount": ["kwota", "wartość zamówienia", "do zapłaty", "kwota brutto"],
        "status": ["status"],
        "message": ["treść", "opis", "wiadomość"],
        "agent": ["konsultant", "pracownik", "obsługujący"],
        "full_name": ["imię i nazwisko", "pracownik", "osoba"],
        "passport": ["numer dowodu osobistego", "nr dowodu", "seria i numer dowodu"],
        "job_title": ["stanowisko"],
        "work_phone": ["telefon służbowy", "tel. służbowy"],
        "hired": ["data zatrudnienia"],
    },
    "gb": {
        "salutation": ["Title"],
        "first_name": ["Forename", "First Name", "FIRST_NAME", "Given name"],
        "last_name": ["Surname", "Last Name", "LAST_NAME"],
        "street_address": ["Address Line 1", "Address1", "Street", "ADDR_LINE_1"],
        "home_city": ["Town", "City", "Post Town"],
        "region": ["County"],
        "postcode": ["Postcode", "Post Code"],
        "birth_date": ["Date of Birth", "DOB", "D.O.B.", "Birth Date"],
        "mobile": ["Mobile", "Mobile No.", "Mobile Number", "Tel (mobile)"],
        "phone": ["Home Tel", "Telephone", "Landline", "Home Phone"],
        "email": ["Email", "Email Address", "E-mail"],
        "nino": ["NI Number", "NINO", "National Insurance No"],
        "sort_code": ["Sort Code", "SORT_CODE", "Sort code"],
        "bank_account": ["Account Number", "Account No", "Acc No", "Bank Account"],
        "since": ["Customer Since", "Joined"],
        "cardholder": ["CARDHOLDER_NAME", "CARD_HOLDER", "NAME_ON_CARD"],
        "pan": ["CARD_NUMBER", "CARD_NO", "PAN", "CC_NUMBER"],
        "card_expiry": ["EXPIRY_DATE", "EXP_DATE", "CARD_EXPIRY", "VALID_TO"],
        "cvv": ["CVV2", "CV2", "CSC", "SECURITY_CODE"],
        "amount": ["AMOUNT_GBP", "TXN_AMOUNT", "VALUE_GBP"],
        "purchased_at": ["TXN_TIMESTAMP", "TXN_DATE", "TRANSACTION_TIME"],
        "customer_id": ["CUSTOMER_REF", "CUST_ID", "ACCOUNT_REF"],
    },
    "kz": {
        "full_name": ["ФИО", "Аты-жөні", "Ф.И.О.", "ФИО клиента"],
        "iin": ["ИИН", "ЖСН", "ИИН клиента"],
        "phone": ["Телефон", "Моб. телефон", "Телефон нөмірі", "Контактный телефон"],
        "birth_date": ["Дата рождения", "Туған күні", "Д.р."],
        "street_address": ["Адрес", "Адрес проживания", "Мекенжайы"],
        "home_city": ["Город", "Қала"],
        "email": ["Email", "Эл. почта", "Электрондық пошта"],
        "pan": ["Номер карты", "Карта", "Карта нөмірі"],
        "balance": ["Бонусы", "Бонусный баланс"],
        "customer": ["Клиент", "Покупатель", "Держатель карты"],
        "amount": ["Сумма", "Сумма операции", "Сомасы"],
        "purchased_at": ["Дата операции", "Дата", "Күні"],
        "merchant": ["Торговая точка", "Мерчант"],
        "visit_city": ["Город", "Қала"],
    },
    "kz_tr": {
        "full_name": ["fio", "FIO", "klient_fio"],
        "iin": ["iin", "IIN", "iin_klienta"],
        "phone": ["telefon", "tel", "mob_telefon", "nomer_telefona"],
        "birth_date": ["data_rozhdeniya", "data_rozhd", "dr"],
        "street_address": ["adres", "adres_prozhivaniya"],
        "home_city": ["gorod", "city"],
        "email": ["email", "pochta", "el_pochta"],
    },
}


def hd(g: Gen, lang: str, key: str) -> str:
    """A header for ``key`` in ``lang``: the first one half the time, else any (per seed)."""
    options = HEADERS[lang][key]
    return options[0] if g.r.random() < 0.4 else g.pick(options)


# --------------------------------------------------------------------------- tables


class B:
    """Column builder: header names from ``HEADERS[lang]``, unique within the table."""

    def __init__(self, g: Gen, lang: str) -> None:
        self.g, self.lang, self.cols, self.used = g, lang, [], set()

    def add(self, key: str | None, kind: str, values: list[Any], name: str | None = None, **labels: Any) -> None:
        if name is None:
            assert key is not None
            name = hd(self.g, self.lang, key)
            if name in self.used:
                name = next((h for h in HEADERS[self.lang][key] if h not in self.used), name + " 2")
        self.used.add(name)
        self.cols.append(Col(name, kind, values, **labels))


def t_de_kunden(g: Gen) -> Table:
    n = g.rows(1.0)
    f = g.fk("de_DE")
    people = [g.person("de_DE") for _ in range(n)]
    b = B(g, "de")
    b.add("customer_id", "customer_id", [f"K{200000 + i * 3}" for i in range(n)])
    b.add("salutation", "salutation", ["Herr" if s == "m" else "Frau" for _, _, s in people])
    b.add("first_name", "first_name", [p[0] for p in people])
    b.add("last_name", "last_name", [p[1] for p in people])
    b.add("street_address", "street_address", [f.street_address() for _ in range(n)])
    b.add("postcode", "postcode", [f.postcode() for _ in range(n)])
    b.add("home_city", "home_city", [f.city() for _ in range(n)])
    b.add("birth_date", "birth_date", [fmt_date(g.birth(), g.pick(["dmy_dot"] * 6 + ["de_long", "iso"])) for _ in range(n)])
    b.add("phone", "phone", [g.maybe(g.phone("DE", ["national", "intl", "slash", "paren0", "00"], mobile=False), 0.1) for _ in range(n)])
    b.add("mobile", "phone", [g.maybe(g.phone("DE", ["national", "intl", "e164", "trunk_bare"], mobile=True), 0.2) for _ in range(n)])
    b.add("email", "email", [g.email(p[0], p[1], "de_DE") for p in people])
    b.add("iban", "iban", [g.iban("de_DE") for _ in range(n)])
    b.add("bic", "bic", [f.swift(length=g.pick([8, 11])) for _ in range(n)])
    b.add("tax_id", "national_id", [g.steuer_id() for _ in range(n)])
    b.add("svnr", "national_id", [g.maybe(f.rvnr(birthdate=g.birth()), 0.3) for _ in range(n)])
    b.add("since", "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)])
    b.add("balance", "balance", [g.money(g.r.uniform(0, 25000), "de") for _ in range(n)])
    b.add(None, "flag", [g.pick(["ja", "nein"]) for _ in range(n)], name="Newsletter")
    return Table("de/kunden_stamm.csv", "csv", b.cols, encoding="utf-8-sig", delimiter=";", decimal=",")


def t_de_bestellungen(g: Gen) -> Table:
    n = g.rows(2.0)
    b = B(g, "de")
    card = [g.r.random() < 0.6 for _ in range(n)]
    qty = [g.r.randint(1, 5) for _ in range(n)]
    price = [round(g.r.uniform(0.5, 400), 2) for _ in range(n)]
    qfmt = g.pick(["plain", "stk"])
    b.add("order_id", "order_id", [str(g.r.randint(10_000_000, 99_999_999)) for _ in range(n)])
    b.add("customer_id", "customer_id", [f"K{200000 + g.r.randint(0, 3000) * 3}" for _ in range(n)])
    b.add("purchased_at", "purchased_at", [g.when().strftime(g.pick(["%d.%m.%Y %H:%M", "%d.%m.%Y"])) for _ in range(n)])
    b.add("sku", "sku", [g.sku("DE") for _ in range(n)])
    b.add("product_name", "product_name", [g.pick(Gen.PRODUCTS["de"]) for _ in range(n)])
    b.add("qty", "qty", [str(q) if qfmt == "plain" else f"{q} Stk." for q in qty])
    b.add("unit_price", "unit_price", [g.money(p, "de") for p in price])
    b.add("amount", "amount", [g.money(p * q, "de_eur") for p, q in zip(price, qty, strict=True)])
    b.add("payment_method", "payment_method", ["Kreditkarte" if c else g.pick(["PayPal", "Rechnung", "Lastschrift"]) for c in card])
    b.add("pan", "pan", [g.pan() if c else None for c in card])
    b.add("card_expiry", "card_expiry", [g.expiry() if c else None for c in card])
    b.add("cvv", "cvv", [f"{g.r.randint(0, 999):03d}" if c else None for c in card])
    b.add("status", "order_status", [g.pick(["versandt", "zugestellt", "storniert", "in Bearbeitung"]) for _ in range(n)])
    return Table("de/bestellungen_2024.csv.gz", "csv+gzip", b.cols, delimiter=";", decimal=",")


def t_de_orders_parquet(g: Gen) -> Table:
    """Nested Parquet: a customer struct and a list of line-item structs, decimal amounts."""
    import decimal

    import pyarrow as pa

    n = g.rows(0.6)
    kunden, positionen, zeit, summe = [], [], [], []
    for _ in range(n):
        first, last, _ = g.person("de_DE")
        kunden.append({"kundennummer": g.r.randint(100000, 999999), "name": f"{first} {last}", "email": g.email(first, last, "de_DE")})
        items = [{"artikelnummer": g.sku("DE"), "bezeichnung": g.pick(Gen.PRODUCTS["de"]), "menge": g.r.randint(1, 4), "preis": decimal.Decimal(f"{g.r.uniform(0.5, 300):.2f}")} for _ in range(g.r.randint(1, 4))]
        positionen.append(items)
        zeit.append(g.when())
        summe.append(sum((x["preis"] * x["menge"] for x in items), decimal.Decimal("0.00")))
    item_t = pa.struct([("artikelnummer", pa.string()), ("bezeichnung", pa.string()), ("menge", pa.int32()), ("preis", pa.decimal128(10, 2))])
    table = pa.table({
        "bestellung_id": pa.array([str(uuid.UUID(int=g.r.getrandbits(128))) for _ in range(n)]),
        "kunde": pa.array(kunden, pa.struct([("kundennummer", pa.int64()), ("name", pa.string()), ("email", pa.string())])),
        "positionen": pa.array(positionen, pa.list_(item_t)),
        "bestellt_am": pa.array(zeit, pa.timestamp("s", tz="Europe/Berlin")),
        "summe": pa.array(summe, pa.decimal128(12, 2)),
    })
    cols = [
        Col("bestellung_id", "order_id", []), Col("kunde.kundennummer", "customer_id", []), Col("kunde.name", "full_name", []),
        Col("kunde.email", "email", []), Col("positionen[].artikelnummer", "sku", []), Col("positionen[].bezeichnung", "product_name", []),
        Col("positionen[].menge", "qty", []), Col("positionen[].preis", "unit_price", []), Col("bestellt_am", "purchased_at", []),
        Col("summe", "amount", []),
    ]
    cols[0].values = list(range(n))
    return Table("de/bestellungen_nested.parquet", "parquet", cols, extra_truth={"_arrow": table})


def t_de_zahlungen(g: Gen) -> Table:
    import pyarrow as pa

    n = g.rows(1.0)
    b = B(g, "de")
    holder = [g.full_name("de_DE") for _ in range(n)]
    konto = [g.r.randint(10_000_000, 9_999_999_999) for _ in range(n)]
    blz = [int(g.pick(["10070000", "20050550", "37040044", "50010517", "60050101", "70020270", "76010085", "12030000"])) for _ in range(n)]
    ib = [g.iban("de_DE", grouped=False) for _ in range(n)]
    day = [g.when().date() for _ in range(n)]
    amount = [round(g.r.uniform(-2000, 5000), 2) for _ in range(n)]
    purpose = [g.pick([f"Rechnung {g.r.randint(1000, 99999)}", "Miete Juni", f"Erstattung Bestellung {g.r.randint(10**7, 10**8)}", "Gutschrift", "Abo Monatsbeitrag"]) for _ in range(n)]
    b.add("account_holder", "account_holder", holder)
    b.add("bank_account", "bank_account", konto)
    b.add("bank_code", "bank_code", blz)
    b.add(None, "iban", ib, name="IBAN")
    b.add(None, "date", day, name="Buchungsdatum")
    b.add(None, "transfer_amount", amount, name="Betrag")
    b.add(None, "enum", purpose, name="Verwendungszweck")
    types = [pa.string(), pa.int64(), pa.int64(), pa.string(), pa.date32(), pa.float64(), pa.string()]
    table = pa.table({c.name: pa.array(c.values, t) for c, t in zip(b.cols, types, strict=True)})
    return Table("de/zahlungsverkehr.parquet", "parquet", b.cols, extra_truth={"_arrow": table})


def t_de_tickets(g: Gen) -> Table:
    n = g.rows(1.2)
    text, planted = free_text(g, "de", "DE", "de_DE", n, 0.06, 0.04, "de_eur")
    staff = [g.full_name("de_DE") for _ in range(12)]
    b = B(g, "de")
    b.add(None, "int_id", [70000 + i for i in range(n)], name="id")
    b.add(None, "timestamp", [g.when().isoformat() + "+01:00" for _ in range(n)], name="erstellt")
    b.add(None, "enum", [g.pick(["E-Mail", "Telefon", "Chat", "Kontaktformular"]) for _ in range(n)], name="kanal")
    b.add(None, "enum", [g.pick(["Lieferung", "Zahlung", "Rückgabe", "Konto", "Sonstiges"]) for _ in range(n)], name="betreff")
    b.add("message", "text", text, expected=sorted(planted), tolerated=[U])
    b.add("agent", "staff_name", [g.pick(staff) for _ in range(n)])
    return Table("de/support_tickets.jsonl", "jsonl", b.cols)


def t_de_katalog(g: Gen) -> Table:
    n = g.rows(0.4)
    cols = [
        Col("Artikelnummer", "catalog_sku", [g.sku("DE") for _ in range(n)]),
        Col("Bezeichnung", "catalog_name", [g.pick(Gen.PRODUCTS["de"]) for _ in range(n)]),
        Col("Warengruppe", "catalog_category", [g.pick(["Lebensmittel", "Getränke", "Drogerie", "Elektronik", "Haushalt"]) for _ in range(n)]),
        Col("Preis", "price", [g.money(g.r.uniform(0.3, 2500), "de") for _ in range(n)]),
        Col("EAN", "ean13", [g.ean13() for _ in range(n)]),
        Col("Bestand", "count", [str(g.r.randint(0, 5000)) for _ in range(n)]),
        Col("Gewicht (kg)", "count", [f"{g.r.uniform(0.05, 25):.3f}".replace(".", ",") for _ in range(n)]),
        Col("Geändert am", "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)]),
    ]
    return Table("de/artikel_katalog.csv", "csv", cols, delimiter=";", decimal=",")


def t_de_standorte(g: Gen) -> Table:
    n = g.rows(2.0)
    devices = [str(uuid.UUID(int=g.r.getrandbits(128))) for _ in range(40)]
    b = B(g, "de")
    b.add(None, "device_id", [g.pick(devices) for _ in range(n)], name="Geräte-ID")
    b.add(None, "timestamp", [g.when().strftime("%d.%m.%Y %H:%M:%S") for _ in range(n)], name="Zeitstempel")
    b.add("lat", "lat", [f"{g.r.uniform(47.3, 54.9):.6f}".replace(".", ",") for _ in range(n)])
    b.add("lon", "lon", [f"{g.r.uniform(5.9, 15.0):.6f}".replace(".", ",") for _ in range(n)])
    b.add(None, "accuracy", [f"{g.r.uniform(3, 80):.1f}".replace(".", ",") for _ in range(n)], name="Genauigkeit (m)")
    b.add("ip", "ip", [g.fk("de_DE").ipv4_public() for _ in range(n)])
    return Table("de/standorte_tracking.csv", "csv", b.cols, delimiter=";", decimal=",")


def t_de_umfrage(g: Gen) -> Table:
    n = g.rows(0.8)
    b = B(g, "de")
    people = [g.person("de_DE") for _ in range(n)]
    b.add("email", "email", [g.email(p[0], p[1], "de_DE") for p in people])
    b.add("favourite", "favourite", [g.pick(Gen.PRODUCTS["de"]) for _ in range(n)])
    b.add("pref_category", "pref_category", [", ".join(g.r.sample(["Obst", "Käse", "Wein", "Backwaren", "Tiefkühl", "Bio", "Snacks"], g.r.randint(1, 3))) for _ in range(n)])
    b.add("dietary", "dietary", [g.pick(["vegetarisch", "vegan", "glutenfrei", "keine Einschränkung", "laktosefrei"]) for _ in range(n)])
    b.add("wishlist", "wishlist", ["; ".join(g.r.sample(Gen.PRODUCTS["de"], g.r.randint(1, 3))) for _ in range(n)])
    b.add(None, "count", [str(g.r.randint(0, 10)) for _ in range(n)], name="Zufriedenheit")
    b.add(None, "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)], name="Teilgenommen am")
    return Table("de/umfrage_2024.tsv", "tsv", b.cols, delimiter="\t")


def t_de_metriken(g: Gen) -> Table:
    n = g.rows(0.8)
    cols = [
        Col("Datum", "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)]),
        Col("Kampagne", "enum", [g.pick(["Sommerschlussverkauf", "Black Friday", "Newsletter KW12", "Retargeting"]) for _ in range(n)]),
        Col("Impressionen", "metric", [f"{g.r.randint(1000, 2_000_000):,}".replace(",", ".") for _ in range(n)]),
        Col("Klicks", "metric", [f"{g.r.randint(10, 90_000):,}".replace(",", ".") for _ in range(n)]),
        Col("CTR", "pct", [f"{g.r.uniform(0.1, 9):.2f} %".replace(".", ",") for _ in range(n)]),
        Col("Kosten", "metric", [g.money(g.r.uniform(10, 50_000), "de_eur") for _ in range(n)]),
        Col("Umsatz", "metric", [g.money(g.r.uniform(10, 90_000), "de") for _ in range(n)]),
        Col("Conversions", "metric", [str(g.r.randint(0, 900)) for _ in range(n)]),
        Col("Bundesland", "geo_target", [g.pick(["Bayern", "Berlin", "Hessen", "Sachsen", "Nordrhein-Westfalen", "Hamburg"]) for _ in range(n)]),
    ]
    return Table("de/kampagnen_metriken.csv", "csv", cols, delimiter=";", decimal=",")


def t_fr_clients(g: Gen) -> Table:
    n = g.rows(1.0)
    f = g.fk("fr_FR")
    people = [g.person("fr_FR") for _ in range(n)]
    born = [g.birth() for _ in range(n)]
    b = B(g, "fr")
    b.add("customer_id", "customer_id", [str(500000 + i) for i in range(n)])
    b.add("salutation", "salutation", ["M." if s == "m" else g.pick(["Mme", "Mlle"]) for _, _, s in people])
    b.add("first_name", "first_name", [p[0] for p in people])
    b.add("last_name", "last_name", [p[1] for p in people])
    b.add("street_address", "street_address", [f.street_address() for _ in range(n)])
    b.add("postcode", "postcode", [f.postcode() for _ in range(n)])
    b.add("home_city", "home_city", [f.city() for _ in range(n)])
    b.add("birth_date", "birth_date", [fmt_date(d, g.pick(["dmy_slash", "dmy_slash", "fr_long"])) for d in born])
    b.add("phone", "phone", [g.phone("FR", ["national", "intl", "dots", "trunk_bare"], mobile=False) for _ in range(n)])
    b.add("mobile", "phone", [g.maybe(g.phone("FR", ["national", "intl", "dots", "e164"], mobile=True), 0.15) for _ in range(n)])
    b.add("email", "email", [g.email(p[0], p[1], "fr_FR") for p in people])
    b.add("nir", "national_id", [g.nir(d, p[2]) for d, p in zip(born, people, strict=True)])
    b.add("iban", "iban", [g.iban("fr_FR") for _ in range(n)])
    b.add(None, "national_id", [g.nif() for _ in range(n)], name=g.pick(["numéro fiscal", "SPI", "n° fiscal"]))
    b.add("since", "date", [fmt_date(g.when().date(), "dmy_slash") for _ in range(n)])
    return Table("fr/clients.csv", "csv", b.cols, delimiter=";", decimal=",")


def t_fr_commandes(g: Gen) -> Table:
    n = g.rows(0.6)
    h = {k: hd(g, "fr", k) for k in ("sku", "product_name", "qty", "unit_price", "amount", "pan", "card_expiry", "purchased_at", "status")}
    records = []
    for i in range(n):
        first, last, _ = g.person("fr_FR")
        items = []
        total = 0.0
        for _ in range(g.r.randint(1, 4)):
            qty = g.r.randint(1, 4)
            price = round(g.r.uniform(0.8, 150), 2)
            total += qty * price
            items.append({h["sku"]: g.sku("FR"), h["product_name"]: g.pick(Gen.PRODUCTS["fr"]), h["qty"]: qty, h["unit_price"]: g.money(price, "fr_plain")})
        records.append({
            "commande": f"CMD-{2024}-{i:06d}",
            "client": {"prénom": first, "nom": last, "email": g.email(first, last, "fr_FR"), "téléphone": g.phone("FR", ["intl", "national"]), "date de naissance": fmt_date(g.birth(), "dmy_slash")},
            h["purchased_at"]: g.when().isoformat() + "+01:00",
            "articles": items,
            h["amount"]: g.money(total, "fr"),
            "carte": {h["pan"]: g.pan(), h["card_expiry"]: g.expiry()},
            h["status"]: g.pick(["livrée", "expédiée", "annulée"]),
        })
    cols = [
        Col("commande", "order_id", []), Col("client.prénom", "first_name", []), Col("client.nom", "last_name", []),
        Col("client.email", "email", []), Col("client.téléphone", "phone", []), Col("client.date de naissance", "birth_date", []), Col(h["purchased_at"], "purchased_at", []),
        Col(f"articles[].{h['sku']}", "sku", []), Col(f"articles[].{h['product_name']}", "product_name", []),
        Col(f"articles[].{h['qty']}", "qty", []), Col(f"articles[].{h['unit_price']}", "unit_price", []),
        Col(h["amount"], "amount", []), Col(f"carte.{h['pan']}", "pan", []), Col(f"carte.{h['card_expiry']}", "card_expiry", []),
        Col(h["status"], "order_status", []),
    ]
    cols[0].values = [r["commande"] for r in records]
    return Table("fr/commandes.jsonl.bz2", "jsonl+bz2", cols, extra_truth={"_records": records})


def t_fr_reclamations(g: Gen) -> Table:
    n = g.rows(1.0)
    text, planted = free_text(g, "fr", "FR", "fr_FR", n, 0.05, 0.04, "fr")
    agents = [g.full_name("fr_FR") for _ in range(10)]
    b = B(g, "fr")
    b.add(None, "int_id", [str(880000 + i) for i in range(n)], name="id")
    b.add(None, "date", [fmt_date(g.when().date(), "dmy_slash") for _ in range(n)], name="date")
    b.add(None, "enum", [g.pick(["e-mail", "téléphone", "chat"]) for _ in range(n)], name="canal")
    b.add("message", "text", text, expected=sorted(planted), tolerated=[U])
    b.add("agent", "staff_name", [g.pick(agents) for _ in range(n)])
    return Table("fr/reclamations.csv", "csv", b.cols, delimiter="|")


def t_fr_produits(g: Gen) -> Table:
    import pyarrow as pa

    n = g.rows(0.5)
    ref = [g.sku("FR") for _ in range(n)]
    des = [g.pick(Gen.PRODUCTS["fr"]) for _ in range(n)]
    cat = [g.pick(["Épicerie", "Boissons", "Crèmerie", "Maison", "High-tech"]) for _ in range(n)]
    prix = [round(g.r.uniform(0.5, 900), 2) for _ in range(n)]
    ean = [int(g.ean13()) for _ in range(n)]
    stock = [g.r.randint(0, 3000) for _ in range(n)]
    table = pa.table({"référence": ref, "désignation": des, "catégorie": cat, "prix_ttc": pa.array(prix, pa.float64()), "code_ean": pa.array(ean, pa.int64()), "stock": pa.array(stock, pa.int64())})
    cols = [Col("référence", "catalog_sku", ref), Col("désignation", "catalog_name", des), Col("catégorie", "catalog_category", cat), Col("prix_ttc", "price", prix), Col("code_ean", "ean13", ean), Col("stock", "count", stock)]
    return Table("fr/produits.parquet", "parquet", cols, extra_truth={"_arrow": table})


def t_fr_livreurs(g: Gen) -> Table:
    n = g.rows(0.1)
    h = {k: hd(g, "fr", k) for k in ("courier", "ip", "lat", "lon")}
    livreurs = []
    for i in range(n):
        base_lat, base_lon = g.r.uniform(43.2, 49.5), g.r.uniform(-1.5, 7.5)
        livreurs.append({
            "id_livreur": f"LIV{i:04d}",
            h["courier"]: g.full_name("fr_FR"),
            "véhicule": g.pick(["vélo", "scooter", "voiture"]),
            h["ip"]: g.fk("fr_FR").ipv4_public(),
            "positions": [
                {"horodatage": g.when().isoformat(), h["lat"]: round(base_lat + g.r.uniform(-0.05, 0.05), 6), h["lon"]: round(base_lon + g.r.uniform(-0.05, 0.05), 6)}
                for _ in range(g.r.randint(3, 8))
            ],
        })
    doc = {"généré_le": "2025-05-30T08:00:00+02:00", "version": "2.4.1", "livreurs": livreurs}
    cols = [
        Col("livreurs[].id_livreur", "enum", []), Col(f"livreurs[].{h['courier']}", "staff_name", []),
        Col("livreurs[].véhicule", "enum", []), Col(f"livreurs[].{h['ip']}", "ip", []),
        Col("livreurs[].positions[].horodatage", "timestamp", []), Col(f"livreurs[].positions[].{h['lat']}", "lat", []),
        Col(f"livreurs[].positions[].{h['lon']}", "lon", []),
        Col("généré_le", "timestamp", []), Col("version", "version", []),
    ]
    cols[0].values = livreurs
    return Table("fr/positions_livreurs.json", "json", cols, extra_truth={"_doc": doc})


def t_fr_magasins(g: Gen) -> Table:
    n = 60
    f = g.fk("fr_FR")
    cols = [
        Col("code_magasin", "enum", [f"MAG{i:03d}" for i in range(n)]),
        Col("enseigne", "enum", [g.pick(["Carrefour City", "Monoprix", "Franprix"]) + " " + f.city() for _ in range(n)]),
        Col("adresse", "store_address", [f.street_address() for _ in range(n)]),
        Col("ville", "store_address", [f.city() for _ in range(n)]),
        Col("téléphone", "store_phone", [g.phone("FR", ["national"], mobile=False) for _ in range(n)]),
        Col("horaires", "enum", [g.pick(["8h-21h", "9h-20h", "7h30-22h"]) for _ in range(n)]),
    ]
    return Table("fr/magasins.csv", "csv", cols, delimiter=";")


def t_pl_klienci(g: Gen) -> Table:
    n = g.rows(1.0)
    f = g.fk("pl_PL")
    people = [g.person("pl_PL") for _ in range(n)]
    born = [g.birth() for _ in range(n)]
    b = B(g, "pl")
    b.add("first_name", "first_name", [p[0] for p in people])
    b.add("last_name", "last_name", [p[1] for p in people])
    b.add("street_address", "street_address", [f.street_address() for _ in range(n)])
    b.add("postcode", "postcode", [f.postcode() for _ in range(n)])
    b.add("home_city", "home_city", [f.city() for _ in range(n)])
    b.add("pesel", "national_id", [g.pesel(d, p[2]) for d, p in zip(born, people, strict=True)])
    b.add("birth_date", "birth_date", [fmt_date(d, g.pick(["dmy_dot", "pl_long", "iso"])) for d in born])
    b.add("phone", "phone", [g.phone("PL", ["national", "intl", "dash", "e164", "nsn", "nsn"]) for _ in range(n)])
    b.add("email", "email", [g.email(p[0], p[1], "pl_PL") for p in people])
    b.add("pan", "pan", [g.maybe(g.pan(), 0.3) for _ in range(n)])
    accounts = []
    for _ in range(n):
        iban = g.iban("pl_PL", grouped=False)
        accounts.append(g.pick([iban, iban[2:], " ".join([iban[2:4]] + [iban[i : i + 4] for i in range(4, 28, 4)])]))
    b.add("bank_account", "bank_account", accounts)
    b.add(None, "national_id", [g.fk("pl_PL").nip() if g.r.random() < 0.5 else f"{(v := g.fk('pl_PL').nip())[:3]}-{v[3:6]}-{v[6:8]}-{v[8:]}" for _ in range(n)], name=g.pick(["NIP", "nr NIP"]))
    b.add("since", "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)])
    return Table("pl/klienci.csv", "csv", b.cols, delimiter=",")


def t_pl_zamowienia(g: Gen) -> Table:
    n = g.rows(1.5)
    names = [g.full_name("pl_PL") for _ in range(max(20, n // 3))]
    b = B(g, "pl")
    b.add("order_id", "order_id", [f"ZAM/{g.r.randint(2023, 2025)}/{g.r.randint(1, 99999):05d}" for _ in range(n)])
    b.add("customer", "full_name", [g.pick(names) for _ in range(n)])
    b.add("purchased_at", "purchased_at", [g.when().strftime("%d.%m.%Y %H:%M") for _ in range(n)])
    b.add("product_name", "product_name", [g.pick(Gen.PRODUCTS["pl"]) for _ in range(n)])
    b.add("qty", "qty", [g.pick([str(g.r.randint(1, 6)), f"{g.r.randint(1, 6)} szt."]) for _ in range(n)])
    b.add("amount", "amount", [g.money(g.r.uniform(2, 4000), "pl") for _ in range(n)])
    b.add("status", "order_status", [g.pick(["zrealizowane", "wysłane", "anulowane"]) for _ in range(n)])
    return Table("pl/zamowienia.tsv.xz", "tsv+xz", b.cols, delimiter="\t", decimal=",")


def t_pl_zgloszenia(g: Gen) -> Table:
    n = g.rows(1.0)
    text, planted = free_text(g, "pl", "PL", "pl_PL", n, 0.05, 0.04, "pl")
    agents = [g.full_name("pl_PL") for _ in range(8)]
    b = B(g, "pl")
    b.add(None, "int_id", [str(300 + i) for i in range(n)], name="id")
    b.add(None, "timestamp", [g.when().strftime("%Y-%m-%d %H:%M:%S") for _ in range(n)], name="utworzono")
    b.add(None, "enum", [g.pick(["Dostawa", "Płatność", "Zwrot", "Inne"]) for _ in range(n)], name="temat")
    b.add("message", "text", text, expected=sorted(planted), tolerated=[U])
    b.add("agent", "staff_name", [g.pick(agents) for _ in range(n)])
    return Table("pl/zgloszenia.jsonl", "jsonl", b.cols)


def t_pl_pracownicy(g: Gen) -> Table:
    n = g.rows(0.4)
    f = g.fk("pl_PL")
    b = B(g, "pl")
    b.add("full_name", "full_name", [g.full_name("pl_PL") for _ in range(n)])
    b.add("job_title", "job_title", [f.job() for _ in range(n)])
    b.add("passport", "passport", [f.identity_card_number() for _ in range(n)])
    b.add("birth_date", "birth_date", [fmt_date(g.birth(), "pl_long_r") for _ in range(n)])
    b.add("work_phone", "phone", [g.phone("PL", ["national", "intl"], mobile=False) for _ in range(n)])
    b.add("hired", "date", [fmt_date(g.when(dt.date(2010, 1, 1), 5000).date(), "dmy_dot") for _ in range(n)])
    return Table("pl/pracownicy.csv", "csv", b.cols, encoding="utf-8-sig", delimiter=";")


def t_gb_customers(g: Gen) -> Table:
    n = g.rows(1.0)
    f = g.fk("en_GB")
    people = [g.person("en_GB") for _ in range(n)]
    b = B(g, "gb")
    b.add("salutation", "salutation", [g.pick(["Mr", "Mr"] if s == "m" else ["Mrs", "Ms", "Miss"]) for _, _, s in people])
    b.add("first_name", "first_name", [p[0] for p in people])
    b.add("last_name", "last_name", [p[1] for p in people])
    b.add("street_address", "street_address", [f.street_address().replace("\n", ", ") for _ in range(n)])
    b.add("home_city", "home_city", [f.city() for _ in range(n)])
    b.add("region", "region", [f.county() for _ in range(n)])
    b.add("postcode", "postcode", [f.postcode() for _ in range(n)])
    b.add("birth_date", "birth_date", [fmt_date(g.birth(), g.pick(["dmy_slash", "en_long", "en_short"])) for _ in range(n)])
    b.add("mobile", "phone", [g.phone("GB", ["national", "intl", "trunk_bare"], mobile=True) for _ in range(n)])
    b.add("phone", "phone", [g.maybe(g.phone("GB", ["national", "intl"], mobile=False), 0.3) for _ in range(n)])
    b.add("email", "email", [g.email(p[0], p[1], "en_GB") for p in people])
    b.add("nino", "national_id", [g.nino() for _ in range(n)])
    b.add("sort_code", "sort_code", [f"{g.r.randint(10, 99)}-{g.r.randint(0, 99):02d}-{g.r.randint(0, 99):02d}" for _ in range(n)])
    b.add("bank_account", "bank_account", [f"{g.r.randint(0, 99_999_999):08d}" for _ in range(n)])
    b.add("since", "date", [fmt_date(g.when().date(), "dmy_slash") for _ in range(n)])
    return Table("gb/customers_uk.csv", "csv", b.cols)


def t_gb_orders(g: Gen) -> Table:
    n = g.rows(0.4)
    f = g.fk("en_GB")
    customers = []
    for i in range(n):
        first, last, _ = g.person("en_GB")
        orders = []
        for _ in range(g.r.randint(1, 3)):
            lines = [{"productCode": g.sku("GB"), "productName": g.pick(Gen.PRODUCTS["en"]), "quantity": g.r.randint(1, 4), "unitPrice": round(g.r.uniform(0.5, 80), 2)} for _ in range(g.r.randint(1, 4))]
            orders.append({"orderRef": f"GB{g.r.randint(10**7, 10**8 - 1)}", "placedAt": g.when().strftime("%Y-%m-%dT%H:%M:%SZ"), "totalAmount": g.money(sum(x["quantity"] * x["unitPrice"] for x in lines), "gb"), "lineItems": lines})
        customers.append({
            "customerId": f"C-{i:06d}", "firstName": first, "lastName": last,
            "emailAddress": g.email(first, last, "en_GB"), "phoneNumber": g.phone("GB", ["intl", "e164", "national"]),
            "dateOfBirth": g.birth().isoformat(),
            "billingAddress": {"line1": f.street_address().replace("\n", ", "), "city": f.city(), "postCode": f.postcode()},
            "paymentCard": {"cardNumber": g.pan(), "expiryDate": g.expiry(), "nameOnCard": f"{first} {last}".upper()},
            "wishList": g.r.sample(Gen.PRODUCTS["en"], g.r.randint(0, 3)),
            "orders": orders,
        })
    doc = {"exportedAt": "2025-05-31T23:00:00Z", "source": "shopify", "customers": customers}
    cols = [
        Col("customers[].customerId", "customer_id", []), Col("customers[].firstName", "first_name", []),
        Col("customers[].lastName", "last_name", []), Col("customers[].emailAddress", "email", []),
        Col("customers[].phoneNumber", "phone", []), Col("customers[].dateOfBirth", "birth_date", []),
        Col("customers[].billingAddress.line1", "street_address", []), Col("customers[].billingAddress.city", "home_city", []),
        Col("customers[].billingAddress.postCode", "postcode", []), Col("customers[].paymentCard.cardNumber", "pan", []),
        Col("customers[].paymentCard.expiryDate", "card_expiry", []), Col("customers[].paymentCard.nameOnCard", "cardholder", []),
        Col("customers[].wishList[]", "wishlist", []), Col("customers[].orders[].orderRef", "order_id", []),
        Col("customers[].orders[].placedAt", "purchased_at", []), Col("customers[].orders[].totalAmount", "amount", []),
        Col("customers[].orders[].lineItems[].productCode", "sku", []), Col("customers[].orders[].lineItems[].productName", "product_name", []),
        Col("customers[].orders[].lineItems[].quantity", "qty", []), Col("customers[].orders[].lineItems[].unitPrice", "unit_price", []),
        Col("exportedAt", "timestamp", []), Col("source", "enum", []),
    ]
    cols[0].values = customers
    return Table("gb/orders_export.json", "json", cols, extra_truth={"_doc": doc})


def t_gb_payments(g: Gen) -> Table:
    n = g.rows(1.5)
    b = B(g, "gb")
    b.add(None, "uuid", [str(uuid.UUID(int=g.r.getrandbits(128))) for _ in range(n)], name="TXN_ID")
    b.add("customer_id", "customer_id", [f"C-{g.r.randint(0, 5000):06d}" for _ in range(n)])
    b.add("cardholder", "cardholder", [g.full_name("en_GB").upper() for _ in range(n)])
    b.add("pan", "pan", [g.pan(g.pick(["bare", "space"])) for _ in range(n)])
    b.add("card_expiry", "card_expiry", [g.expiry() for _ in range(n)])
    b.add("cvv", "cvv", [f"{g.r.randint(0, 999):03d}" for _ in range(n)])
    b.add("amount", "amount", [f"{g.r.uniform(1, 900):.2f}" for _ in range(n)])
    b.add("purchased_at", "purchased_at", [g.when().strftime("%d/%m/%Y %H:%M:%S") for _ in range(n)])
    b.add(None, "merchant", [g.pick(["TESCO STORES 2041", "SAINSBURYS S/MKT", "AMAZON UK", "PRET A MANGER", "BOOTS 1123"]) for _ in range(n)], name="MERCHANT_NAME")
    b.add(None, "enum", [g.pick(["5411", "5812", "5999", "5912"]) for _ in range(n)], name="MCC")
    b.add(None, "hex_id", [f"{g.r.randint(0, 999999):06d}" for _ in range(n)], name="AUTH_CODE")
    return Table("gb/card_payments.tsv", "tsv", b.cols, delimiter="\t")


def t_gb_loyalty(g: Gen) -> Table:
    n = g.rows(1.0)
    f = g.fk("en_GB")
    cols = [
        Col("member_no", "customer_id", [str(g.r.randint(10**9, 10**10 - 1)) for _ in range(n)]),
        Col("full_name", "full_name", [("Dr " if g.r.random() < 0.05 else "") + g.full_name("en_GB") for _ in range(n)]),
        Col("dob", "birth_date", [fmt_date(g.birth(), g.pick(["dmy_slash", "en_long"])) for _ in range(n)]),
        Col("home_address", "street_address", [f.street_address().replace("\n", ", ") + ", " + f.city() + " " + f.postcode() for _ in range(n)]),
        Col("points_balance", "balance", [f"{g.r.randint(0, 80000):,}" for _ in range(n)]),
        Col("favourite_store", "favourite_store", [f"{f.city()} High Street" for _ in range(n)]),
        Col("joined", "date", [fmt_date(g.when().date(), "iso") for _ in range(n)]),
    ]
    return Table("gb/loyalty_members.csv.gz", "csv+gzip", cols)


KZ_CITIES = ["Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Тараз", "Павлодар", "Усть-Каменогорск", "Семей", "Атырау", "Костанай", "Кызылорда"]
KZ_STREETS = ["Абая", "Достык", "Назарбаева", "Толе би", "Сатпаева", "Жибек Жолы", "Кабанбай батыра", "Республики", "Туран", "Кенесары", "Сейфуллина", "Байтурсынова"]


def kz_address(g: Gen) -> str:
    city = g.pick(KZ_CITIES)
    kind = g.pick(["ул.", "пр.", "мкр.", "пр-т"])
    street = g.pick(KZ_STREETS) if kind != "мкр." else g.pick(["Самал-2", "Аксай-4", "Жетысу-3", "Орбита-1"])
    house = g.r.randint(1, 250)
    flat = g.r.randint(1, 300)
    return g.pick([
        f"г. {city}, {kind} {street}, д. {house}, кв. {flat}",
        f"{g.r.randint(10, 99)}0000, г. {city}, {kind} {street}, {house}",
        f"{city}, {kind} {street} {house}-{flat}",
    ])


def kz_name(g: Gen, sex: str) -> str:
    if g.r.random() < 0.5:
        return g.fk("ru_RU").name_male() if sex == "m" else g.fk("ru_RU").name_female()
    first, last, patr = g.kz_person(sex)
    return f"{last} {first} {patr}"


def t_kz_klienty(g: Gen) -> Table:
    n = g.rows(1.0)
    sexes = [g.pick("mf") for _ in range(n)]
    born = [g.birth() for _ in range(n)]
    names = [kz_name(g, s) for s in sexes]
    b = B(g, "kz")
    b.add("full_name", "full_name", names)
    b.add("iin", "national_id", [g.iin(d, s) for d, s in zip(born, sexes, strict=True)])
    b.add("phone", "phone", [g.phone("KZ", ["plus7_paren", "ru_paren", "e164", "intl", "trunk_bare"]) for _ in range(n)])
    b.add("birth_date", "birth_date", [fmt_date(d, g.pick(["dmy_dot", "dmy_dot", "ru_long"])) for d in born])
    b.add("street_address", "street_address", [kz_address(g) for _ in range(n)])
    b.add("home_city", "home_city", [g.pick(KZ_CITIES) for _ in range(n)])
    b.add("email", "email", [g.email(translit(nm.split()[1]), translit(nm.split()[0]), "kz") for nm in names])
    b.add("pan", "pan", [g.maybe(g.pan("space"), 0.4) for _ in range(n)])
    b.add("balance", "balance", [g.money(g.r.uniform(0, 20000), "fr_plain") for _ in range(n)])
    # Kazakh letters (ә, қ, ң...) do not fit cp1251: Kazakh headers only in UTF-8.
    enc = "cp1251" if all(c.name.encode("cp1251", "ignore").decode("cp1251") == c.name for c in b.cols) else "utf-8-sig"
    return Table("kz/klienty.csv", "csv", b.cols, encoding=enc, delimiter=";", decimal=",")


def t_kz_parquet(g: Gen) -> Table:
    import pyarrow as pa

    n = g.rows(1.0)
    b = B(g, "kz_tr")
    fio, iin, tel, dr, adres, gorod, email = [], [], [], [], [], [], []
    for _ in range(n):
        sex = g.pick("mf")
        born = g.birth()
        first, last, patr = g.kz_person(sex)
        fio.append(g.pick([f"{last} {first} {patr}", f"{translit(last)} {translit(first)}"]))
        iin.append(int(g.iin(born, sex)))
        tel.append(int(phonenumbers.format_number(g.phone_obj("KZ", True), phonenumbers.PhoneNumberFormat.E164)[1:]))
        dr.append(born)
        adres.append(kz_address(g))
        gorod.append(g.pick(KZ_CITIES))
        email.append(g.email(translit(first), translit(last), "kz"))
    b.add("full_name", "full_name", fio)
    b.add("iin", "national_id", iin)
    b.add("phone", "phone", tel)
    b.add("birth_date", "birth_date", dr)
    b.add("street_address", "street_address", adres)
    b.add("home_city", "home_city", gorod)
    b.add("email", "email", email)
    types = [pa.string(), pa.int64(), pa.int64(), pa.date32(), pa.string(), pa.string(), pa.string()]
    table = pa.table({c.name: pa.array(c.values, t) for c, t in zip(b.cols, types, strict=True)})
    return Table("kz/clients_kz.parquet", "parquet", b.cols, extra_truth={"_arrow": table})


def t_kz_operations(g: Gen) -> Table:
    n = g.rows(1.5)
    names = []
    for _ in range(max(30, n // 4)):
        first, last, patr = g.kz_person(g.pick("mf"))
        names.append(f"{last} {first[0]}. {patr[0]}.")
    b = B(g, "kz")
    b.add("customer", "full_name", [g.pick(names) for _ in range(n)])
    b.add("pan", "pan", [g.pan("space") for _ in range(n)])
    b.add("amount", "amount", [g.money(g.r.uniform(300, 400000), "kz") for _ in range(n)])
    b.add("purchased_at", "purchased_at", [g.when().strftime("%d.%m.%Y %H:%M") for _ in range(n)])
    b.add(None, "enum", [g.pick(["5411", "5812", "5999", "4121"]) for _ in range(n)], name="MCC")
    b.add("merchant", "merchant", [g.pick(["Magnum Cash&Carry", "Small", "Арбуз", "Kaspi Магазин", "Technodom"]) for _ in range(n)])
    b.add("visit_city", "visit_city", [g.pick(KZ_CITIES) for _ in range(n)])
    return Table("kz/operations.csv.zst", "csv+zstd", b.cols, decimal=",")


def t_kz_obrashcheniya(g: Gen) -> Table:
    n = g.rows(0.8)
    text, planted = free_text(g, "ru", "KZ", "kz", n, 0.06, 0.03, "kz", allow_iban=False)
    cols = [
        Col("nomer", "int_id", [str(g.r.randint(10**5, 10**6)) for _ in range(n)]),
        Col("data", "timestamp", [g.when().strftime("%d.%m.%Y %H:%M") for _ in range(n)]),
        Col("tekst", "text", text, expected=sorted(planted), tolerated=[U]),
    ]
    return Table("kz/obrashcheniya.csv", "csv", cols, delimiter=";")


def t_misc_headerless(g: Gen) -> Table:
    n = g.rows(1.0)
    locs = [("de_DE", "DE"), ("fr_FR", "FR"), ("pl_PL", "PL"), ("en_GB", "GB")]
    names, emails, phones, ibans, dobs, ids = [], [], [], [], [], []
    for _ in range(n):
        loc, reg = g.pick(locs)
        first, last, _ = g.person(loc)
        names.append(f"{first} {last}")
        emails.append(g.email(first, last, loc))
        phones.append(g.phone(reg, ["intl", "e164"]))
        ibans.append(g.iban(loc))
        dobs.append(fmt_date(g.birth(), g.pick(["dmy_dot", "dmy_slash", "iso"])))
        ids.append(str(uuid.UUID(int=g.r.getrandbits(128))))
    cols = [
        Col("c1", "row_index", [str(i) for i in range(n)]),
        Col("c2", "full_name", names), Col("c3", "email", emails), Col("c4", "phone", phones),
        Col("c5", "iban", ibans), Col("c6", "birth_date", dobs), Col("c7", "ean13", [g.ean13() for _ in range(n)]),
        Col("c8", "uuid", ids),
        Col("c9", "version", [f"{g.r.randint(1, 9)}.{g.r.randint(0, 20)}.{g.r.randint(0, 99)}" for _ in range(n)]),
        Col("c10", "latlon", [f"{g.r.uniform(44, 55):.5f}, {g.r.uniform(-3, 24):.5f}" for _ in range(n)]),
        Col("c11", "rand_digits", ["".join(g.r.choice(string.digits) for _ in range(11)) for _ in range(n)]),
    ]
    return Table("misc/export_headerless.csv", "csv", cols)


def t_misc_pandas(g: Gen) -> Table:
    """A pandas re-export: float-typed ids and phones (NaN turned them into floats), an index."""
    n = g.rows(0.8)
    locs = [("de_DE", "DE"), ("pl_PL", "PL"), ("fr_FR", "FR")]
    cols: list[Col] = [Col("Unnamed: 0", "row_index", [str(i) for i in range(n)])]
    names, phones, pesel, amounts = [], [], [], []
    for _ in range(n):
        loc, reg = g.pick(locs)
        first, last, _ = g.person(loc)
        names.append(f"{last}, {first}")
        num = phonenumbers.format_number(g.phone_obj(reg, True), phonenumbers.PhoneNumberFormat.E164)[1:]
        phones.append(g.maybe(num + ".0", 0.15))
        amounts.append(f"{g.r.uniform(1, 900):.1f}")
        pesel.append(None)
    cols += [
        Col("kontakt", "full_name", names),
        Col("tel", "phone", [p or "" for p in phones]),
        Col("kunden_id", "customer_id", [f"{g.r.randint(1000, 99999)}.0" for _ in range(n)]),
        Col("score", "metric", [f"{g.r.random():.6f}" for _ in range(n)]),
    ]
    return Table("misc/pandas_reexport.csv", "csv", cols)


def t_misc_nested(g: Gen) -> Table:
    n = g.rows(0.3)
    accounts = []
    for i in range(n):
        loc, reg = g.pick([("de_DE", "DE"), ("fr_FR", "FR"), ("pl_PL", "PL")])
        f = g.fk(loc)
        first, last, _ = g.person(loc)
        accounts.append({
            "accountId": 9000 + i,
            "profile": {
                "person": {"name": {"given": first, "family": last}, "born": fmt_date(g.birth(), "iso")},
                "contact": {
                    "emails": [g.email(first, last, loc) for _ in range(g.r.randint(1, 2))],
                    "phones": [{"type": g.pick(["mobile", "home"]), "number": g.phone(reg, ["intl", "national"])} for _ in range(g.r.randint(1, 2))],
                },
                "addresses": [{"street": f.street_address(), "city": f.city(), "postcode": f.postcode(), "country": reg}],
            },
            "billing": {"iban": g.iban(loc), "mandate": {"id": f"MD-{g.r.randint(10**5, 10**6)}", "signed": fmt_date(g.when().date(), "iso")}},
            "meta": {"created": int(g.when().timestamp()), "tags": g.r.sample(["vip", "b2c", "newsletter", "app"], 2)},
        })
    doc = {"schema": "crm-export/3", "data": {"accounts": accounts}}
    base = "data.accounts[]."
    cols = [
        Col(base + "accountId", "customer_id", []), Col(base + "profile.person.name.given", "first_name", []),
        Col(base + "profile.person.name.family", "last_name", []), Col(base + "profile.person.born", "birth_date", []),
        Col(base + "profile.contact.emails[]", "email", []), Col(base + "profile.contact.phones[].type", "enum", []),
        Col(base + "profile.contact.phones[].number", "phone", []), Col(base + "profile.addresses[].street", "street_address", []),
        Col(base + "profile.addresses[].city", "home_city", []), Col(base + "profile.addresses[].postcode", "postcode", []),
        Col(base + "profile.addresses[].country", "country", []), Col(base + "billing.iban", "iban", []),
        Col(base + "billing.mandate.id", "enum", []), Col(base + "billing.mandate.signed", "date", []),
        Col(base + "meta.created", "unix_ts", []), Col(base + "meta.tags[]", "enum", []), Col("schema", "enum", []),
    ]
    cols[0].values = accounts
    return Table("misc/crm_nested.json", "json", cols, extra_truth={"_doc": doc})


def t_misc_decoys(g: Gen) -> Table:
    n = g.rows(1.0)
    cols = [
        Col("ORDER_NO", "rand_digits", [str(g.r.randint(10**9, 10**10 - 1)) for _ in range(n)]),
        Col("BATCH_NO", "rand_digits", ["".join(g.r.choice(string.digits) for _ in range(11)) for _ in range(n)]),
        Col("REF_CODE", "rand_digits", ["".join(g.r.choice(string.digits) for _ in range(12)) for _ in range(n)]),
        Col("PADDED_ID", "rand_digits", ["0" + "".join(g.r.choice(string.digits) for _ in range(11)) for _ in range(n)]),
        Col("EAN_CODE", "ean13", [g.ean13() for _ in range(n)]),
        Col("PLZ_LAGER", "zip_like", [g.fk("de_DE").postcode() for _ in range(n)]),
        Col("KOD_MAGAZYNU", "zip_like", [g.fk("pl_PL").postcode() for _ in range(n)]),
        Col("CHECKSUM_SHA256", "sha256", [hashlib.sha256(str(g.r.random()).encode()).hexdigest() for _ in range(n)]),
        Col("FILE_MD5", "md5", [hashlib.md5(str(g.r.random()).encode()).hexdigest() for _ in range(n)]),
        Col("RUN_UUID", "uuid", [str(uuid.UUID(int=g.r.getrandbits(128))) for _ in range(n)]),
        Col("APP_VERSION", "version", [f"{g.r.randint(1, 20)}.{g.r.randint(0, 40)}.{g.r.randint(0, 300)}.{g.r.randint(0, 9999)}" for _ in range(n)]),
        Col("RELEASE", "version", [f"{g.r.randint(0, 9)}.{g.r.randint(0, 99):02d}.{g.r.randint(0, 99):02d}" for _ in range(n)]),
        Col("AMOUNT_EUR", "metric", [g.money(g.r.uniform(0, 99999), "de") for _ in range(n)]),
        Col("CREATED_AT", "timestamp", [g.when().strftime("%Y-%m-%d %H:%M:%S") for _ in range(n)]),
    ]
    return Table("misc/warehouse_codes.csv", "csv", cols, delimiter="|", decimal=",")


def t_misc_logs(g: Gen) -> Table:
    n = g.rows(2.0)
    cols = [
        Col("ts", "timestamp", [g.when().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" for _ in range(n)]),
        Col("level", "enum", [g.pick(["INFO", "INFO", "WARN", "ERROR", "DEBUG"]) for _ in range(n)]),
        Col("service", "enum", [g.pick(["checkout", "catalog", "auth", "search"]) for _ in range(n)]),
        Col("version", "version", [f"{g.r.randint(1, 5)}.{g.r.randint(0, 30)}.{g.r.randint(0, 200)}" for _ in range(n)]),
        Col("host", "enum", [f"web-{g.r.randint(1, 24):02d}.eu-central-1" for _ in range(n)]),
        Col("trace_id", "hex_id", [f"{g.r.getrandbits(128):032x}" for _ in range(n)]),
        Col("duration_ms", "count", [g.r.randint(1, 9000) for _ in range(n)]),
        Col("status", "http_status", [g.pick([200, 200, 201, 204, 301, 404, 500]) for _ in range(n)]),
        Col("message", "log_message", [g.pick([
            f"GET /api/v2/orders/{g.r.randint(1, 10**7)} 200",
            f"cache miss for key product:{g.r.randint(1, 10**6)}",
            f"retrying request attempt={g.r.randint(1, 5)} backoff_ms={g.r.randint(100, 5000)}",
            f"build {g.r.randint(1000, 99999)} deployed in {g.r.uniform(1, 90):.1f}s",
            f"worker pid={g.r.randint(1000, 65000)} exited with code {g.r.randint(0, 3)}",
            f"job {g.r.randint(10**9, 10**10)} finished: {g.r.randint(1, 9999)} rows in {g.r.randint(1, 999)} ms",
        ]) for _ in range(n)]),
    ]
    return Table("misc/app_logs.jsonl.gz", "jsonl+gzip", cols)


def t_misc_unlinked_orders(g: Gen) -> Table:
    n = g.rows(1.5)
    cols = [
        Col("Bestellnummer", "order_id", [str(g.r.randint(10**7, 10**8 - 1)) for _ in range(n)]),
        Col("Bestelldatum", "unlinked_time", [g.when().strftime("%d.%m.%Y %H:%M") for _ in range(n)]),
        Col("Artikelnummer", "unlinked_sku", [g.sku("DE") for _ in range(n)]),
        Col("Artikel", "unlinked_product", [g.pick(Gen.PRODUCTS["de"]) for _ in range(n)]),
        Col("Menge", "unlinked_qty", [str(g.r.randint(1, 20)) for _ in range(n)]),
        Col("Betrag", "unlinked_amount", [g.money(g.r.uniform(1, 3000), "de_eur") for _ in range(n)]),
        Col("Lager", "enum", [g.pick(["Berlin-Süd", "Hamburg", "Leipzig"]) for _ in range(n)]),
    ]
    return Table("misc/bestellpositionen_lager.csv", "csv", cols, delimiter=";", decimal=",")


def t_de_checkins(g: Gen) -> Table:
    n = g.rows(1.0)
    places = ["Café Einstein", "Biergarten am See", "Fitnessstudio McFit", "Kino Babylon", "Bäckerei Kamps", "Museum für Naturkunde", "Buchhandlung Dussmann"]
    b = B(g, "de")
    sep = g.pick(["dot", "comma"])
    coords = []
    for _ in range(n):
        la, lo = g.r.uniform(47.3, 54.9), g.r.uniform(5.9, 15.0)
        coords.append(f"{la:.6f}, {lo:.6f}" if sep == "dot" else f"{la:.6f};{lo:.6f}".replace(".", ","))
    b.add(None, "user_id", [str(g.r.randint(10**5, 10**6)) for _ in range(n)], name="Nutzer-ID")
    b.add(None, "venue", [g.pick(places) for _ in range(n)], name=g.pick(["Besuchsort", "Ort des Check-ins", "Check-in"]))
    b.add(None, "latlon", coords, name=g.pick(["Koordinaten", "GPS", "Standort"]))
    b.add(None, "visit_city", [g.fk("de_DE").city() for _ in range(n)], name="Stadt")
    b.add(None, "timestamp", [g.when().strftime("%d.%m.%Y %H:%M") for _ in range(n)], name="Zeitpunkt")
    b.add(None, "count", [str(g.r.randint(1, 5)) for _ in range(n)], name="Bewertung")
    return Table("de/checkins.csv", "csv", b.cols, delimiter=";", decimal=",")


def t_geojson(g: Gen) -> Table:
    """GeoJSON: positions as [lon, lat] lists, the person in ``properties``."""
    n = g.rows(0.5)
    feats = []
    for _ in range(n):
        feats.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(g.r.uniform(-1.5, 7.5), 6), round(g.r.uniform(43.2, 49.5), 6)]},
            "properties": {"utilisateur": f"U{g.r.randint(10**5, 10**6)}", "horodatage": g.when().isoformat(), "précision_m": round(g.r.uniform(3, 50), 1)},
        })
    doc = {"type": "FeatureCollection", "features": feats}
    cols = [
        Col("type", "enum", []), Col("features[].type", "enum", []), Col("features[].geometry.type", "enum", []),
        Col("features[].geometry.coordinates[]", "latlon", []), Col("features[].properties.utilisateur", "user_id", []),
        Col("features[].properties.horodatage", "timestamp", []), Col("features[].properties.précision_m", "accuracy", []),
    ]
    cols[0].values = feats
    return Table("fr/traces_gps.json", "json", cols, extra_truth={"_doc": doc})


def t_gb_patients(g: Gen) -> Table:
    n = g.rows(0.6)
    f = g.fk("en_GB")
    b = B(g, "gb")

    def nhs() -> str:
        while True:
            d = [g.r.randint(0, 9) for _ in range(9)]
            c = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1), strict=True)) % 11
            c = 0 if c == 11 else c
            if c != 10:
                v = "".join(map(str, d)) + str(c)
                return g.pick([v, f"{v[:3]} {v[3:6]} {v[6:]}"])

    b.add(None, "full_name", [g.full_name("en_GB") for _ in range(n)], name=g.pick(["Patient Name", "PATIENT_NAME", "Patient"]))
    b.add(None, "national_id", [nhs() for _ in range(n)], name=g.pick(["NHS Number", "NHS_NO", "NHS No."]))
    b.add("birth_date", "birth_date", [fmt_date(g.birth(), "dmy_slash") for _ in range(n)])
    b.add(None, "enum", [g.pick(["Riverside Surgery", "Park Lane Medical Centre", "Castle Practice"]) for _ in range(n)], name="GP Practice")
    b.add("postcode", "postcode", [f.postcode() for _ in range(n)])
    b.add(None, "timestamp", [g.when().strftime("%d/%m/%Y %H:%M") for _ in range(n)], name="Appointment")
    return Table("gb/patients.csv", "csv", b.cols)


KZ_FIRST_KK_M = "Нұрлан Әлихан Асқар Қайрат Ерғали Серік Бауыржан Дәурен Жәнібек Нұрсұлтан Ерлан Әділет Бекзат Ақжол Дәулет".split()
KZ_FIRST_KK_F = "Айгерім Әсел Гүлнар Жұлдыз Мөлдір Сәуле Ақмарал Дәмелі Қарлығаш Меруерт Аружан Әйгерім Гүлжан".split()
KZ_LAST_KK = "Жұмабаев Сәтбаев Қасымов Нұрланов Бөкейханов Әбдірахманов Төлегенов Ысқақов Серікбаев Мұқанов Оспанов Ахметов".split()


def t_kz_kazakh(g: Gen) -> Table:
    """Kazakh-language export: Kazakh headers, Kazakh spelling of names, ұлы/қызы patronymics."""
    n = g.rows(0.6)
    rows = []
    for _ in range(n):
        sex = g.pick("mf")
        first = g.pick(KZ_FIRST_KK_M if sex == "m" else KZ_FIRST_KK_F)
        last = g.pick(KZ_LAST_KK) + ("а" if sex == "f" else "")
        father = g.pick(KZ_FIRST_KK_M)
        patr = father + ("ұлы" if sex == "m" else "қызы")
        born = g.birth()
        rows.append((g.pick([f"{last} {first} {patr}", f"{first} {last}", f"{last} {first}"]), g.iin(born, sex), g.phone("KZ", ["plus7_paren", "e164", "ru_paren"]), fmt_date(born, "dmy_dot"), kz_address(g)))
    cols = [
        Col("аты_жөні", "full_name", [r[0] for r in rows]), Col("жсн", "national_id", [r[1] for r in rows]),
        Col("телефон_нөмірі", "phone", [r[2] for r in rows]), Col("туған_күні", "birth_date", [r[3] for r in rows]),
        Col("мекенжайы", "street_address", [r[4] for r in rows]),
        Col("тіркелген_күні", "date", [fmt_date(g.when().date(), "dmy_dot") for _ in range(n)]),
    ]
    return Table("kz/azamattar.jsonl", "jsonl", cols)


TABLES: list[Callable[[Gen], Table]] = [
    t_de_kunden, t_de_bestellungen, t_de_orders_parquet, t_de_zahlungen, t_de_tickets, t_de_katalog,
    t_de_standorte, t_de_umfrage, t_de_metriken, t_fr_clients, t_fr_commandes, t_fr_reclamations,
    t_fr_produits, t_fr_livreurs, t_fr_magasins, t_pl_klienci, t_pl_zamowienia, t_pl_zgloszenia,
    t_pl_pracownicy, t_gb_customers, t_gb_orders, t_gb_payments, t_gb_loyalty, t_kz_klienty,
    t_kz_parquet, t_kz_operations, t_kz_obrashcheniya, t_misc_headerless, t_misc_pandas,
    t_misc_nested, t_misc_decoys, t_misc_logs, t_misc_unlinked_orders, t_de_checkins,
    t_geojson, t_gb_patients, t_kz_kazakh,
]


# --------------------------------------------------------------------------- writers


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _compress(data: bytes, fmt: str) -> bytes:
    if fmt.endswith("+gzip"):
        return gzip.compress(data, mtime=0)
    if fmt.endswith("+xz"):
        return lzma.compress(data)
    if fmt.endswith("+bz2"):
        return bz2.compress(data)
    if fmt.endswith("+zstd"):
        import zstandard

        return zstandard.ZstdCompressor().compress(data)
    return data


def write(table: Table, out: Path) -> None:
    path = out / table.path
    path.parent.mkdir(parents=True, exist_ok=True)
    base = table.fmt.split("+")[0]
    if base in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=table.delimiter or ",", lineterminator="\r\n" if table.encoding == "cp1251" else "\n")
        w.writerow([c.name for c in table.cols])
        for i in range(table.rows):
            w.writerow([_cell(c.values[i]) for c in table.cols])
        data = buf.getvalue().encode(table.encoding)
    elif base == "jsonl" and "_records" not in table.extra_truth:
        lines = []
        for i in range(table.rows):
            lines.append(json.dumps({c.name: c.values[i] for c in table.cols}, ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode()
    elif base == "jsonl":
        data = ("\n".join(json.dumps(r, ensure_ascii=False) for r in table.extra_truth["_records"]) + "\n").encode()
    elif base == "json":
        data = json.dumps(table.extra_truth["_doc"], ensure_ascii=False, indent=1).encode()
    elif base == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table.extra_truth["_arrow"], path)
        return
    else:
        raise ValueError(table.fmt)
    path.write_bytes(_compress(data, table.fmt))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="output folder (created; keep it out of git)")
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--rows", type=int, default=600, help="base row count per file")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    import pyarrow
    import stdnum

    truth: dict[str, Any] = {
        "schema": "piiscan-eval-truth/1", "variant": "heldout-make_corpus", "seed": args.seed,
        "rows": args.rows, "categories": [P, Y, U, L],
        "generator": {"faker": Faker.__module__ and __import__("faker").VERSION, "python-stdnum": stdnum.__version__, "phonenumbers": phonenumbers.__version__, "pyarrow": pyarrow.__version__},
        "files": {},
    }
    for i, make in enumerate(TABLES):
        g = Gen(args.seed * 1000 + i, args.rows)
        table = make(g)
        write(table, out)
        truth["files"][table.path] = {
            "format": table.fmt, "encoding": table.encoding if table.fmt.split("+")[0] in ("csv", "tsv") else None,
            "delimiter": table.delimiter, "decimal": table.decimal, "rows": table.rows,
            "columns": {c.name: c.labels() for c in table.cols},
        }
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(TABLES)} files in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
