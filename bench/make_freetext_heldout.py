#!/usr/bin/env python3
"""An independent corpus of people inside sentences, written apart from make_freetext_corpus.py.

    python bench/make_freetext_heldout.py OUT [--seed N]
    python bench/make_freetext_heldout.py --rows OUT          # per-row scores of the finders

Its sentences, name pools and addresses were written without reading the first generator's
templates, to measure how the finders of detectors/freetext.py do on text phrased by someone
else: support tickets, CRM notes, delivery comments, survey answers, chat lines and e-mail
bodies in ru, en, de, pl, fr (some uk, es, it), with names at a sentence's start, in quotes,
after a colon, in lists and signatures, declined (Russian, Polish), in lower case; addresses
with flat, office and postcode in many orders; birth dates in many formats.

Each language gets files whose text column names a person, an address or a birth date in
about one row in three (``names``, ``addresses``, ``births``), one where only a few rows do
(``sparse``), and clean files full of hard negatives (``clean_ops``: order and delivery dates,
versions, streets and squares named after people without a house, cities, companies, brands
with person-like names, job titles; ``clean_brands``: reviews of products sold under people's
names). Labelling decisions:

* public figures in product reviews (authors, actors: ``reviews_authors``) are tolerated
  ``pii``: a real person's name, but not a customer's data, so neither a hit nor a miss;
* a business's own address in an ad ("our shop at 5 High St") never appears in clean files;
  an address with a house number is personal in a ticket column;
* lower-case names ("позвонила иванова анна") count as names: users type them.

``truth.json`` is column-level in the dev corpus's format (``../shared/bench/score.py``);
``rows.jsonl`` labels every cell (language, kind) for ``--rows``, which runs the three
finders on each cell and prints recall per language and kind and false hits per file.
Only the standard library is needed to generate.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROWS = 120

# ------------------------------------------------------------------ people


def _ru_person(rng: random.Random) -> dict[str, str]:
    """A Russian person with their name in five cases (nom, gen, dat, acc, ins)."""
    male = rng.random() < 0.5
    if male:
        first = rng.choice(
            [
                ("Глеб", "Глеба", "Глебу", "Глеба", "Глебом"),
                ("Тимофей", "Тимофея", "Тимофею", "Тимофея", "Тимофеем"),
                ("Всеволод", "Всеволода", "Всеволоду", "Всеволода", "Всеволодом"),
                ("Ростислав", "Ростислава", "Ростиславу", "Ростислава", "Ростиславом"),
                ("Арсений", "Арсения", "Арсению", "Арсения", "Арсением"),
                ("Игнат", "Игната", "Игнату", "Игната", "Игнатом"),
                ("Фёдор", "Фёдора", "Фёдору", "Фёдора", "Фёдором"),
                ("Роман", "Романа", "Роману", "Романа", "Романом"),
                ("Эдуард", "Эдуарда", "Эдуарду", "Эдуарда", "Эдуардом"),
                ("Вадим", "Вадима", "Вадиму", "Вадима", "Вадимом"),
            ]
        )
        stem = rng.choice(
            [
                "Кудрявцев",
                "Белозёров",
                "Ширяев",
                "Тарасов",
                "Гончаров",
                "Мартынов",
                "Рябинин",
                "Лаптев",
                "Зотов",
                "Елизаров",
                "Самсонов",
                "Воронин",
                "Чистяков",
                "Ладыгин",
                "Прохоров",
            ]
        )
        last = (stem, stem + "а", stem + "у", stem + "а", stem + "ым")
        if rng.random() < 0.25:
            stem = rng.choice(["Островск", "Загорск", "Белогорск", "Вишневецк"])
            last = (stem + "ий", stem + "ого", stem + "ому", stem + "ого", stem + "им")
        pstem = rng.choice(["Олегович", "Ильич", "Аркадьевич", "Степанович", "Германович"])
        if pstem.endswith("ич") and not pstem.endswith("вич"):
            patr = (pstem, pstem + "а", pstem + "у", pstem + "а", pstem + "ом")
        else:
            patr = (pstem, pstem + "а", pstem + "у", pstem + "а", pstem + "ем")
    else:
        first = rng.choice(
            [
                ("Василиса", "Василисы", "Василисе", "Василису", "Василисой"),
                ("Ярослава", "Ярославы", "Ярославе", "Ярославу", "Ярославой"),
                ("Полина", "Полины", "Полине", "Полину", "Полиной"),
                ("Лидия", "Лидии", "Лидии", "Лидию", "Лидией"),
                ("Зоя", "Зои", "Зое", "Зою", "Зоей"),
                ("Алёна", "Алёны", "Алёне", "Алёну", "Алёной"),
                ("Вероника", "Вероники", "Веронике", "Веронику", "Вероникой"),
                ("Таисия", "Таисии", "Таисии", "Таисию", "Таисией"),
                ("Галина", "Галины", "Галине", "Галину", "Галиной"),
                ("Кира", "Киры", "Кире", "Киру", "Кирой"),
            ]
        )
        stem = rng.choice(
            [
                "Кудрявцев",
                "Белозёров",
                "Ширяев",
                "Тарасов",
                "Гончаров",
                "Мартынов",
                "Рябинин",
                "Лаптев",
                "Зотов",
                "Елизаров",
                "Самсонов",
                "Воронин",
                "Чистяков",
                "Ладыгин",
                "Прохоров",
            ]
        )
        last = (stem + "а", stem + "ой", stem + "ой", stem + "у", stem + "ой")
        pstem = rng.choice(["Олегов", "Аркадьев", "Степанов", "Германов", "Ильинич"])
        p = pstem + "на"
        patr = (p, p[:-1] + "ы", p[:-1] + "е", p[:-1] + "у", p[:-1] + "ой")
    cases = ("", "_gen", "_dat", "_acc", "_ins")
    out: dict[str, str] = {}
    for k, case in enumerate(cases):
        out["F" + case] = first[k]
        out["S" + case] = last[k]
        out["P" + case] = patr[k]
    sep = rng.choice([" ", "", " "])
    out["I"] = f"{first[0][0]}.{sep}{patr[0][0]}."
    out["i1"] = f"{first[0][0]}."
    out["fem"] = "а" if not male else ""
    return out


EN_FIRST = [
    "Siobhan",
    "Declan",
    "Harriet",
    "Rupert",
    "Imogen",
    "Callum",
    "Bethany",
    "Nathaniel",
    "Marisol",
    "Keisha",
    "Duncan",
    "Priya",
    "Rosalind",
    "Gareth",
    "Wendell",
    "Lorna",
    "Tobias",
    "Felicity",
    "Desmond",
    "Yvonne",
]
EN_LAST = [
    "O'Donnell",
    "Whitfield",
    "Pemberton",
    "Okafor",
    "Harrington",
    "Castellano",
    "Blackwood",
    "Fairbanks",
    "McAllister",
    "Thornton",
    "Abernathy",
    "Lindqvist",
    "Drummond",
    "Kowalczyk",
    "Ashworth",
    "Greaves",
    "Montague",
    "Ferreira",
    "Hollis",
    "Ramsay",
]
DE_FIRST = [
    "Anneliese",
    "Wolfgang",
    "Henrike",
    "Matthias",
    "Gudrun",
    "Torsten",
    "Friederike",
    "Reinhard",
    "Kerstin",
    "Ludger",
    "Ulrike",
    "Benedikt",
    "Sieglinde",
    "Volker",
    "Hannelore",
]
DE_LAST = [
    "Obermeier",
    "Kessler",
    "Brandstätter",
    "Hufnagel",
    "Lindemann",
    "Vogt",
    "Pfeiffer",
    "Riedl",
    "Eichhorn",
    "Kühne",
    "Wendland",
    "Straub",
    "Haberkorn",
    "Seidel",
    "Dietrich",
]
FR_FIRST = [
    "Solène",
    "Gaëtan",
    "Margaux",
    "Thibault",
    "Ségolène",
    "Aurélien",
    "Clémence",
    "Baptiste",
    "Océane",
    "Grégoire",
    "Maëlle",
    "Régis",
    "Élodie",
    "Timothée",
    "Bérénice",
]
FR_LAST = [
    "Lemaire",
    "Chevalier",
    "Fontaine",
    "Rousseau",
    "Marchand",
    "Brunet",
    "Gauthier",
    "Perrin",
    "Lacroix",
    "Carpentier",
    "Delaunay",
    "Vasseur",
    "Boucher",
    "Giraud",
    "Texier",
]
PL_MALE = [
    ("Grzegorz", "Grzegorza", "Grzegorzowi", "Grzegorzem"),
    ("Wojciech", "Wojciecha", "Wojciechowi", "Wojciechem"),
    ("Bartłomiej", "Bartłomieja", "Bartłomiejowi", "Bartłomiejem"),
    ("Zbigniew", "Zbigniewa", "Zbigniewowi", "Zbigniewem"),
    ("Jarosław", "Jarosława", "Jarosławowi", "Jarosławem"),
]
PL_FEMALE = [
    ("Bożena", "Bożeny", "Bożenie", "Bożeną"),
    ("Jadwiga", "Jadwigi", "Jadwidze", "Jadwigą"),
    ("Halina", "Haliny", "Halinie", "Haliną"),
    ("Dorota", "Doroty", "Dorocie", "Dorotą"),
    ("Urszula", "Urszuli", "Urszuli", "Urszulą"),
]
PL_SKI = ["Wróblewsk", "Sobczyńsk", "Brzezińsk", "Laskowsk", "Michalsk", "Pawłowsk"]
PL_PLAIN = ["Kaczmarek", "Sikora", "Pietrzak", "Górecki", "Urbaniak", "Wilk", "Kubiak"]


def _pl_person(rng: random.Random) -> dict[str, str]:
    male = rng.random() < 0.5
    first = rng.choice(PL_MALE if male else PL_FEMALE)
    if rng.random() < 0.6:
        stem = rng.choice(PL_SKI)
        if male:
            last = (stem + "i", stem + "iego", stem + "iemu", stem + "im")
        else:
            last = (stem + "a", stem + "iej", stem + "iej", stem + "ą")
    else:
        s = rng.choice(PL_PLAIN)
        if s.endswith("cki"):
            s = s if male else s[:-1] + "a"
        last = (s, s + "a", s + "owi", s + "iem") if male and not s.endswith("i") else (s,) * 4
    out: dict[str, str] = {}
    for k, case in enumerate(("", "_gen", "_dat", "_ins")):
        out["F" + case] = first[k]
        out["S" + case] = last[k]
    out["T"] = "pan" if male else "pani"
    out["T_gen"] = "pana" if male else "pani"
    out["i1"] = first[0][0] + "."
    out["fem"] = "a" if not male else ""
    return out


def _latin_person(rng: random.Random, firsts: list[str], lasts: list[str]) -> dict[str, str]:
    f, s = rng.choice(firsts), rng.choice(lasts)
    return {"F": f, "S": s, "i1": f[0] + "."}


# ------------------------------------------------------------------ addresses and dates

RU_STREETS = [
    ("ул. Садовая", "ул. Садовой"),
    ("улица Строителей", "улице Строителей"),
    ("ул. Маршала Жукова", "ул. Маршала Жукова"),
    ("пр-т Ветеранов", "пр-те Ветеранов"),
    ("проспект Победы", "проспекте Победы"),
    ("пер. Калашный", "пер. Калашном"),
    ("ул. Карла Маркса", "ул. Карла Маркса"),
    ("бульвар Яна Райниса", "бульваре Яна Райниса"),
    ("ул. 8 Марта", "ул. 8 Марта"),
    ("Ленинградское ш.", "Ленинградском ш."),
]
RU_CITIES = ["Казань", "Пермь", "Тула", "Иркутск", "Калуга", "Вологда", "Сочи"]


def _ru_address(rng: random.Random, case: int) -> str:
    street = rng.choice(RU_STREETS)[case]
    house = str(rng.randint(1, 140)) + rng.choice(["", "", "а", "к2", "/1", " стр. 3"])
    flat = rng.randint(1, 320)
    return rng.choice(
        [
            f"{street}, д. {house}, кв. {flat}",
            f"{street} {house}-{flat}",
            f"{street}, {house}, оф. {flat}",
            f"г. {rng.choice(RU_CITIES)}, {street}, дом {house}, кв {flat}",
            f"{rng.randint(101000, 690000)}, {rng.choice(RU_CITIES)}, {street}, д.{house}",
            f"{street} д {house} кв {flat}",
            f"{street}, {house}, подъезд {rng.randint(1, 8)}, этаж {rng.randint(1, 16)}",
        ]
    )


EN_STREETS = [
    "Oakfield Road",
    "Primrose Lane",
    "Harbour Street",
    "Willow Crescent",
    "Lincoln Avenue",
    "Kensington Terrace",
    "Mill Lane",
    "Bayview Drive",
    "Cromwell Road",
    "Sycamore Close",
]
EN_TOWNS = [
    ("Leeds", "LS6 2AB"),
    ("Bristol", "BS1 4DJ"),
    ("Austin, TX", "78704"),
    ("Portland, OR", "97205"),
    ("York", "YO1 7HH"),
]


def _en_address(rng: random.Random) -> str:
    street, (town, post) = rng.choice(EN_STREETS), rng.choice(EN_TOWNS)
    n = str(rng.randint(1, 480)) + rng.choice(["", "", "B"])
    return rng.choice(
        [
            f"{n} {street}",
            f"Flat {rng.randint(1, 30)}, {n} {street}, {town} {post}",
            f"{n} {street}, apt {rng.randint(1, 40)}",
            f"{n} {street}, {town} {post}",
            f"Apt {rng.randint(1, 40)}{rng.choice(['', 'C'])}, {n} {street}",
            f"unit {rng.randint(1, 9)}/{n} {street}",
        ]
    )


DE_STREETS = [
    "Lindenstraße",
    "Am Mühlbach",
    "Goethestr.",
    "Bahnhofstraße",
    "Kastanienweg",
    "Schillerplatz",
    "Eichendorffstraße",
    "Rosenstr.",
    "Hauptstr.",
    "Talweg",
]
DE_TOWNS = ["10115 Berlin", "80331 München", "50667 Köln", "04109 Leipzig", "28195 Bremen"]


def _de_address(rng: random.Random) -> str:
    street, town = rng.choice(DE_STREETS), rng.choice(DE_TOWNS)
    n = str(rng.randint(1, 90)) + rng.choice(["", "", "a", "b"])
    return rng.choice(
        [
            f"{street} {n}",
            f"{street} {n}, {town}",
            f"{street} {n}, {rng.randint(1, 5)}. OG",
            f"{street} {n}, Wohnung {rng.randint(1, 20)}, {town}",
            f"{town}, {street} {n}",
        ]
    )


PL_STREETS = [
    "ul. Kwiatowa",
    "ul. Lipowa",
    "al. Niepodległości",
    "ul. Słoneczna",
    "os. Kopernika",
    "ulica Ogrodowa",
    "ul. Jana Pawła II",
    "al. Jerozolimskie",
    "ul. Polna",
    "pl. Wolności",
]
PL_TOWNS = ["00-950 Warszawa", "30-001 Kraków", "80-244 Gdańsk", "50-020 Wrocław", "61-706 Poznań"]


def _pl_address(rng: random.Random) -> str:
    street, town = rng.choice(PL_STREETS), rng.choice(PL_TOWNS)
    n = rng.randint(1, 120)
    return rng.choice(
        [
            f"{street} {n}/{rng.randint(1, 60)}",
            f"{street} {n} m. {rng.randint(1, 60)}, {town}",
            f"{street} {n}, {town}",
            f"{town}, {street} {n} lok. {rng.randint(1, 20)}",
            f"{street} {n}",
        ]
    )


FR_STREETS = [
    "rue des Lilas",
    "avenue Jean Jaurès",
    "boulevard Voltaire",
    "rue de la République",
    "allée des Tilleuls",
    "impasse du Moulin",
    "chemin des Vignes",
    "place Bellecour",
    "quai de la Loire",
    "rue Victor Hugo",
]
FR_TOWNS = ["75011 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse", "44000 Nantes"]


def _fr_address(rng: random.Random) -> str:
    street, town = rng.choice(FR_STREETS), rng.choice(FR_TOWNS)
    n = str(rng.randint(1, 150)) + rng.choice(["", "", " bis", " ter"])
    return rng.choice(
        [
            f"{n} {street}",
            f"{n} {street}, {town}",
            f"{n}, {street}, appt {rng.randint(1, 40)}",
            f"bât. {rng.choice('ABC')}, {n} {street} {town}",
            f"{n} {street}, {rng.randint(1, 8)}e étage",
        ]
    )


RU_MONTHS_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DE_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
PL_MONTHS_GEN = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _ymd(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28)


def _numeric(rng: random.Random, y: int, m: int, d: int, sep: str = ".") -> str:
    return rng.choice(
        [
            f"{d:02d}{sep}{m:02d}{sep}{y}",
            f"{d}{sep}{m}{sep}{y}",
            f"{d:02d}{sep}{m:02d}{sep}{y % 100:02d}",
        ]
    )


# ------------------------------------------------------------------ templates

Person = dict[str, str]


class Lang:
    """The sentences of one language: positives by kind, filler and hard negatives."""

    def __init__(
        self,
        person: Callable[[random.Random], Person],
        names: list[str],
        addresses: list[str],
        births: list[str],
        address: Callable[[random.Random, Person], dict[str, str]],
        birth: Callable[[random.Random], dict[str, str]],
        filler: list[str],
        hard: list[str],
        brands: list[str],
        authors: list[str],
    ) -> None:
        self.person, self.address, self.birth = person, address, birth
        self.templates = {"name": names, "address": addresses, "birth": births}
        self.filler, self.hard, self.brands, self.authors = filler, hard, brands, authors

    def positive(self, rng: random.Random, kind: str) -> str:
        slots = {**self.person(rng), **self.address(rng, {}), **self.birth(rng)}
        text = rng.choice(self.templates[kind]).format(**slots)
        if kind == "name" and rng.random() < 0.1:
            text = text.lower()  # typed in a hurry
        return text

    def negative(self, rng: random.Random, pool: list[str]) -> str:
        slots = {**self.birth(rng), "n": str(rng.randint(2, 99))}
        return rng.choice(pool).format(**slots)


def _ru_addr(rng: random.Random, _: Person) -> dict[str, str]:
    return {"A": _ru_address(rng, 0), "A_loc": _ru_address(rng, 1)}


def _ru_birth(rng: random.Random) -> dict[str, str]:
    y, m, d = _ymd(rng)
    return {
        "D": _numeric(rng, y, m, d),
        "Dw": f"{d} {RU_MONTHS_GEN[m - 1]} {y}",
        "Y": str(y),
        "od": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024",
        "od2": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}",
    }


RU = Lang(
    _ru_person,
    names=[
        "Оформил{fem} {S} {I}, просит счёт на почту",
        "Звонила г-жа {S}, ждёт перезвона после обеда",
        "перезвонить {F_dat} {S_dat} до 18:00",
        "Клиент {S} {F} {P} жалуется на задержку доставки",
        "Передать заказ {F_dat} {P_dat}, она в курсе",
        "Участники: {S} {I}, Громова А. П., Лис В. В.",
        "Спасибо за помощь! С уважением, {F} {S}",
        "Получатель — {F} {S}, паспорт при себе",
        "{F} {P}, добрый день! Ваш заказ готов к выдаче",
        "Забрал{fem} лично {S} {F}, претензий нет",
        "По доверенности от {S_gen} {I} получит курьер",
        "Разговаривал с {F_ins} {S_ins}, обещал{fem} оплатить завтра",
        "Менеджер: {S} {i1}",
        "для {F_gen} {S_gen}, подарок, не вкладывать чек",
        "Со слов {S_gen} {F_gen}, посылка пришла вскрытой",
        "Заявку принял {S} {I}; отправил на склад",
        "«{F} {S}» — так указано в накладной",
        "Прошу вернуть деньги на карту. {F} {P} {S}",
        "Позвонил{fem} {F} {S}: уточнить размер",
        "Контактное лицо {S} {F} {P}, тел. в карточке",
    ],
    addresses=[
        "Заберут с {A_loc}, после 18",
        "Доставка: {A}, домофон не работает",
        "адрес новый — {A}",
        "Курьер не нашёл {A}, просьба уточнить",
        "Привезите на {A}, код 45К",
        "Живу на {A_loc}, удобно вечером",
        "Сменить адрес на {A}",
        "Оставить у двери, {A}",
    ],
    births=[
        "д.р. {D}, скидка именинника",
        "Дата рождения: {Dw} г.",
        "родилась {D}, просит подтвердить возраст",
        "{Y} г.р., пенсионер, нужна доставка до двери",
        "именинник {D} — положить открытку",
        "ДР клиента {D}",
        "Клиент родился {Dw} года",
        "дата рожд. {D}, данные сверены",
    ],
    address=_ru_addr,
    birth=_ru_birth,
    filler=[
        "Клиент просит перезвонить после 18:00",
        "Заказ доставлен, претензий нет",
        "Оплата картой прошла, чек отправлен на почту",
        "Возврат оформлен, деньги придут за 3-5 дней",
        "Товар не подошёл по размеру, нужен обмен",
        "спасибо, всё пришло быстро!",
        "Упаковка повреждена, фото приложено",
        "Уточнить наличие на складе",
        "Просит счёт для юрлица",
        "Не дозвонились, повторить завтра",
    ],
    hard=[
        "Заказ от {od} доставлен {od2}",
        "Акция с {od2} по {od2}, скидка 15%",
        "Пришли кроссовки Adidas, размер 42",
        "Куртка Hugo Boss село отлично",
        "Магазин на Тверской закрыт на ремонт",
        "Встреча у метро Пушкинская в 15:00",
        "Доставка в ТЦ «Европейский», 2 этаж",
        "Обновили приложение до версии 2.3.{n}",
        "ООО «Ромашка» оплатило счёт №{n}",
        "Пробка на проспекте Вернадского, курьер опоздает",
        "Склад на площади Гагарина не отвечает",
        "Санкт-Петербург, Екатеринбург и Нижний Новгород — доставка 2 дня",
        "Парк Горького — пункт выдачи перенесён",
        "День рождения магазина {od2}: скидки на всё",
        "Дата рождения не указана в анкете",
        "Менеджер по продажам на больничном",
        "Директор филиала одобрил возврат",
        "Ленинский проспект перекрыт, доставка завтра",
        "Курьерская служба СДЭК задержала посылку на {n} дней",
        "Заказ №{n}{n} собран, ждёт отгрузки {od}",
        "Клиент заказал {n} шт. «Бабаевский» шоколад",
        "Перезвонить в Сбербанк по поводу эквайринга",
        "В МГУ им. Ломоносова отправлено 3 коробки",
        "Режим работы: пн-пт 9-18, сб {n}:00",
        "Отзыв: «Пятёрочка» рядом, удобно",
    ],
    brands=[
        "Ботинки Dr. Martens пришли без шнурков",
        "Мороженое Ben & Jerry's растаяло в дороге",
        "Духи Christian Dior оригинал, спасибо",
        "Ремень Calvin Klein маломерит",
        "Платье Ralph Lauren как на фото",
        "Кофе Tim Hortons понравился",
        "Рубашка Tommy Hilfiger, размер M",
        "Сумка Louis Vuitton, коробка мятая",
    ],
    authors=[
        "Книга Льва Толстого пришла с загнутым углом",
        "Роман Михаила Булгакова — подарочное издание отличное",
        "Сборник Анны Ахматовой без суперобложки",
        "Пластинка Аллы Пугачёвой, звук чистый",
    ],
)


def _en_addr(rng: random.Random, _: Person) -> dict[str, str]:
    return {"A": _en_address(rng)}


def _en_birth(rng: random.Random) -> dict[str, str]:
    y, m, d = _ymd(rng)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return {
        "D": rng.choice([f"{m:02d}/{d:02d}/{y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}"]),
        "Dw": rng.choice(
            [
                f"{d} {EN_MONTHS[m - 1]} {y}",
                f"{EN_MONTHS[m - 1]} {d}{suffix}, {y}",
                f"{EN_MONTHS[m - 1][:3]} {d}, {y}",
            ]
        ),
        "Y": str(y),
        "od": f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2024",
        "od2": f"{EN_MONTHS[rng.randint(0, 11)]} {rng.randint(1, 28)}",
    }


EN = Lang(
    lambda rng: _latin_person(rng, EN_FIRST, EN_LAST),
    names=[
        "Left a voicemail for {F} {S}, will try again tomorrow",
        "{F} {S} called about the late parcel",
        "Customer {F} {S} wants a refund to the original card",
        "spoke to mrs {S} re: missing item",
        "Regards, {i1} {S}",
        "Thanks so much!\n{F}",
        "Attendees: {F} {S}, Tom Baker, Ana Ruiz",
        "Escalated by {F} {S} (team lead)",
        "Mr. {S} says the box was empty",
        "Please send the invoice to {F} {S} in accounts",
        "Parcel signed for by {S}, {F}",
        "Dear {F}, your order has shipped",
        "Chat: hi, this is {F} {S}, order 4471 never arrived",
        "Recipient: {F} {S}",
        "Gift for my sister {F} — please include a card",
        "Per {F} {S}, the courier never knocked",
        '"{F} {S}" on the label is misspelled',
        "Dr {S} requests delivery before noon",
    ],
    addresses=[
        "Deliver to {A}, ring twice",
        "New address: {A}",
        "Courier left it at {A} instead",
        "please ship to {A} from now on",
        "Moved to {A} last week",
        "Parcel for {A} came back undelivered",
    ],
    births=[
        "DOB: {D}",
        "born {Dw}, verified with ID",
        "Date of birth {D} - age check passed",
        "customer's birthday is {Dw}, send voucher",
        "D.O.B {D}",
        "b. {D}; senior discount applied",
        "Birthdate: {Dw}",
    ],
    address=_en_addr,
    birth=_en_birth,
    filler=[
        "Customer asked for a callback after 6pm",
        "Delivered, no issues",
        "Refund processed, 3-5 business days",
        "Item out of stock, offered an alternative",
        "thanks, arrived quickly!",
        "Box was damaged, photo attached",
        "Wrong size, exchange requested",
        "Payment failed twice, card declined",
        "Closed - duplicate ticket",
        "Waiting for the warehouse to confirm",
    ],
    hard=[
        "Order dated {od} arrived {od2}",
        "Sale runs {od2} to {od2}",
        "Updated the app to version 4.{n}.1",
        "Pickup at Kennedy Airport, terminal 4",
        "Store on Abbey Road closed for refurbishment",
        "Meet at Victoria Station at 3pm",
        "Shipped from London to Manchester in 2 days",
        "Happy birthday promo on {od2} for all members",
        "Martin Luther King Jr. Day: warehouse closed",
        "Acme Corp paid invoice #{n}{n}",
        "Sales Manager approved the discount",
        "Contoso Ltd requested {n} units",
        "Delivery slot {od2}, 10-12",
        "Washington Square branch out of stock",
        "Lincoln Center order delayed",
        "Our courier partner DHL lost the parcel",
        "Abraham Lincoln Elementary ordered {n} notebooks",
        "Ticket reopened on {od}",
        "The Harry Potter box set is back in stock",
        "Route {n} closed, expect delays",
    ],
    brands=[
        "Bought Dr. Martens boots, great fit",
        "Ben & Jerry's out of stock again",
        "Tim Hortons coupon did not apply",
        "paid for a Calvin Klein belt, got the wrong colour",
        "Ordered Ralph Lauren polo for my husband",
        "Jack Daniel's gift set arrived broken",
        "Johnnie Walker Black Label, 2 bottles",
        "Tommy Hilfiger jacket runs small",
        "Hugo Boss suit, excellent quality",
    ],
    authors=[
        "Stephen King's new novel arrived with a torn cover",
        "Loved the Taylor Swift vinyl",
        "Agatha Christie box set, great gift",
    ],
)


def _de_addr(rng: random.Random, _: Person) -> dict[str, str]:
    return {"A": _de_address(rng)}


def _de_birth(rng: random.Random) -> dict[str, str]:
    y, m, d = _ymd(rng)
    return {
        "D": _numeric(rng, y, m, d),
        "Dw": f"{d}. {DE_MONTHS[m - 1]} {y}",
        "Y": str(y),
        "od": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024",
        "od2": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.",
    }


DE = Lang(
    lambda rng: _latin_person(rng, DE_FIRST, DE_LAST),
    names=[
        "Frau {S} bittet um Rückruf",
        "Herr {S} hat die Rechnung nicht erhalten",
        "Kunde {F} {S} möchte stornieren",
        "Mit freundlichen Grüßen\n{F} {S}",
        "Rückruf an {F} {S} bis Freitag",
        "Sehr geehrte Frau {S}, Ihre Bestellung ist unterwegs",
        "Paket abgeholt von {F} {S}",
        "Ansprechpartner: {F} {S}, Einkauf",
        "{F} {S} hat angerufen wegen der Lieferung",
        "Teilnehmer: {S}, {F}; Brandt, Jonas",
        "laut {F} {S} war der Karton beschädigt",
        "Gruß, {i1} {S}",
    ],
    addresses=[
        "Lieferung an {A}, bitte klingeln",
        "Neue Adresse: {A}",
        "Paket liegt bei Nachbarn, {A}",
        "bitte an {A} senden",
        "Umgezogen nach {A}",
    ],
    births=[
        "geb. am {D}",
        "Geburtsdatum: {D}",
        "geboren am {Dw}, Altersnachweis ok",
        "Geburtstag {Dw} – Gutschein schicken",
        "Kunde geb. {D}",
    ],
    address=_de_addr,
    birth=_de_birth,
    filler=[
        "Kunde bittet um Rückruf nach 18 Uhr",
        "Zugestellt, alles in Ordnung",
        "Erstattung veranlasst",
        "Artikel nicht auf Lager",
        "danke, kam schnell an!",
        "Karton beschädigt, Foto anbei",
        "Falsche Größe, Umtausch gewünscht",
        "Zahlung fehlgeschlagen",
    ],
    hard=[
        "Bestellung vom {od}, geliefert am {od2}",
        "Aktion vom {od2} bis {od2}",
        "App auf Version 3.{n} aktualisiert",
        "Kennedyallee gesperrt, Lieferung verspätet",
        "Filiale am Karl-Marx-Platz geschlossen",
        "Versand von Hamburg nach München",
        "Goethe-Institut hat {n} Exemplare bestellt",
        "Dr. Oetker Pizza war aufgetaut",
        "Mercedes-Benz Niederlassung zahlt per Rechnung",
        "Albrecht-Dürer-Ausstellung: Katalog ausverkauft",
        "Müller Drogerie Gutschein gilt nicht",
        "Geschäftsführer hat Rabatt freigegeben",
        "Lieferung am {od} zwischen 8 und 12 Uhr",
        "Sommerschlussverkauf ab {od2}",
    ],
    brands=[
        "Hugo Boss Anzug, top Qualität",
        "Dr. Martens Stiefel zu klein",
        "Ben & Jerry's war geschmolzen",
        "Jil Sander Parfum, Verpackung offen",
        "Karl Lagerfeld Tasche wie beschrieben",
    ],
    authors=[
        "Thomas Mann Gesamtausgabe kam mit Knick",
        "Helene Fischer CD läuft nicht",
    ],
)


def _pl_addr(rng: random.Random, _: Person) -> dict[str, str]:
    return {"A": _pl_address(rng)}


def _pl_birth(rng: random.Random) -> dict[str, str]:
    y, m, d = _ymd(rng)
    return {
        "D": _numeric(rng, y, m, d),
        "Dw": f"{d} {PL_MONTHS_GEN[m - 1]} {y}",
        "Y": str(y),
        "od": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024",
        "od2": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}",
    }


PL = Lang(
    _pl_person,
    names=[
        "Dzwoniła {T} {S}, prosi o kontakt",
        "Klient {F} {S} reklamuje paczkę",
        "Rozmowa z {F_ins} {S_ins}, obiecał{fem} zapłacić",
        "Z poważaniem, {F} {S}",
        "Paczka dla {F_gen} {S_gen}",
        "Odbiorca: {F} {S}",
        "Przekazać {F_dat} {S_dat}, że zamówienie gotowe",
        "Uczestnicy: {S} {i1}, Nowak J., Wilk P.",
        "{F} {S} napisał{fem}, że kurier nie przyjechał",
        "Szanowny Kliencie, {F} {S} potwierdził{fem} odbiór",
        "Paczkę odebrał{fem} {T} {S} osobiście",
        "Pozdrawiam\n{F}",
    ],
    addresses=[
        "Dostawa na {A}, domofon 12",
        "Nowy adres: {A}",
        "kurier nie znalazł {A}",
        "Proszę wysłać na {A}",
        "Przeprowadzka — {A}",
    ],
    births=[
        "ur. {D} r.",
        "data urodzenia: {Dw}",
        "urodzon{fem_pl} {D}",
        "Data ur. {D}, wiek zweryfikowany",
        "klient ur. {Dw} r.",
    ],
    address=_pl_addr,
    birth=lambda rng: {**_pl_birth(rng), "fem_pl": rng.choice(["a", "y"])},
    filler=[
        "Klient prosi o kontakt po 18",
        "Dostarczono, bez uwag",
        "Zwrot zlecony, 3-5 dni",
        "Brak towaru na magazynie",
        "dzięki, szybko doszło!",
        "Karton uszkodzony, zdjęcie w załączniku",
        "Zły rozmiar, prośba o wymianę",
    ],
    hard=[
        "Zamówienie z {od}, dostarczone {od2}",
        "Promocja od {od2} do {od2}",
        "Aplikacja zaktualizowana do wersji 5.{n}",
        "Lotnisko Chopina — odbiór w terminalu A",
        "ul. Marszałkowska zamknięta, opóźnienie",
        "Sklep na placu Zbawiciela nieczynny",
        "Wysyłka z Krakowa do Gdańska",
        "Czekolada E. Wedel rozpuszczona",
        "Kierownik zmiany zatwierdził rabat",
        "Lotnisko im. Jana Pawła II, paczkomat",
        "Firma Kowalski Sp. z o.o. zapłaciła fakturę {n}",
        "Dostawa {od} między 8 a 12",
    ],
    brands=[
        "Buty Dr. Martens za małe",
        "Perfumy Hugo Boss oryginalne",
        "Lody Ben & Jerry's roztopione",
        "Koszula Tommy Hilfiger jak na zdjęciu",
    ],
    authors=[
        "Książka Olgi Tokarczuk przyszła pognieciona",
        "Płyta Dawida Podsiadło, super",
    ],
)


def _fr_addr(rng: random.Random, _: Person) -> dict[str, str]:
    return {"A": _fr_address(rng)}


def _fr_birth(rng: random.Random) -> dict[str, str]:
    y, m, d = _ymd(rng)
    return {
        "D": _numeric(rng, y, m, d, "/"),
        "Dw": f"{d} {FR_MONTHS[m - 1]} {y}",
        "Y": str(y),
        "od": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
        "od2": f"{rng.randint(1, 28)} {FR_MONTHS[rng.randint(0, 11)]}",
    }


FR = Lang(
    lambda rng: _latin_person(rng, FR_FIRST, FR_LAST),
    names=[
        "Mme {S} demande un rappel",
        "M. {S} n'a pas reçu sa facture",
        "Client {F} {S} souhaite annuler",
        "Cordialement,\n{F} {S}",
        "Rappeler {F} {S} avant vendredi",
        "Colis récupéré par {F} {S}",
        "Contact : {F} {S}, service achats",
        "{F} {S} a appelé pour la livraison",
        "Participants : {S} {i1}, Durand P., Morel C.",
        "selon {F} {S}, le carton était abîmé",
        "Bonjour {F}, votre commande est expédiée",
        "Madame {S} a payé par virement",
    ],
    addresses=[
        "Livraison au {A}, digicode 4512",
        "Nouvelle adresse : {A}",
        "colis laissé au {A} par erreur",
        "merci d'envoyer au {A}",
        "Déménagé : {A}",
    ],
    births=[
        "né le {D}",
        "née le {Dw}, pièce d'identité vérifiée",
        "Date de naissance : {D}",
        "date de naissance {Dw} – bon d'anniversaire",
        "cliente née le {D}",
    ],
    address=_fr_addr,
    birth=_fr_birth,
    filler=[
        "Le client demande un rappel après 18h",
        "Livré, rien à signaler",
        "Remboursement effectué",
        "Article en rupture de stock",
        "merci, reçu rapidement !",
        "Carton abîmé, photo jointe",
        "Mauvaise taille, échange demandé",
    ],
    hard=[
        "Commande du {od}, livrée le {od2}",
        "Soldes du {od2} au {od2}",
        "Application mise à jour en version 2.{n}",
        "Avenue Victor Hugo fermée, retard de livraison",
        "Retrait à la Gare Saint-Lazare",
        "Lycée Victor Hugo a commandé {n} cahiers",
        "Aéroport Charles de Gaulle, terminal 2E",
        "Expédié de Lyon à Marseille",
        "Le directeur commercial a validé la remise",
        "Livraison prévue le {od} entre 8h et 12h",
        "Place Charles de Gaulle : boutique fermée",
    ],
    brands=[
        "Parfum Yves Saint Laurent, authentique",
        "Sac Louis Vuitton, boîte abîmée",
        "Rouge Christian Dior, super",
        "Chaussures Dr. Martens trop petites",
        "Coco Chanel n°5, emballage ouvert",
    ],
    authors=[
        "Le roman de Victor Hugo est arrivé corné",
        "Vinyle de Jean-Jacques Goldman, parfait",
    ],
)

LANGS = {"ru": RU, "en": EN, "de": DE, "pl": PL, "fr": FR}
HEADERS = {"ru": "комментарий", "en": "comment", "de": "notiz", "pl": "uwagi", "fr": "commentaire"}


# ------------------------------------------------------------------ files


def _file(rng: random.Random, lang: Lang, plan: list[tuple[str, float]]) -> list[tuple[str, str]]:
    """Rows (kind, text): each row a positive of a kind in ``plan`` by its share, else filler
    or a hard negative."""
    rows: list[tuple[str, str]] = []
    for _ in range(ROWS):
        r, kind = rng.random(), "none"
        for k, share in plan:
            if r < share:
                kind = k
                break
            r -= share
        if kind in ("name", "address", "birth"):
            rows.append((kind, lang.positive(rng, kind)))
        elif kind == "brand":
            rows.append(("hard", lang.negative(rng, lang.brands)))
        elif kind == "author":
            rows.append(("author", lang.negative(rng, lang.authors)))
        else:
            pool = lang.hard if rng.random() < 0.4 else lang.filler
            rows.append(("hard" if pool is lang.hard else "none", lang.negative(rng, pool)))
    return rows


FILES: dict[str, tuple[list[tuple[str, float]], list[str], list[str]]] = {
    # name: (plan, expected, tolerated)
    "names": ([("name", 0.35)], ["pii"], []),
    "addresses": ([("address", 0.35)], ["pii"], []),
    "births": ([("birth", 0.35)], ["pii"], []),
    "sparse": ([("name", 0.03), ("address", 0.02), ("birth", 0.02)], ["pii"], []),
    "clean_ops": ([], [], []),
    "clean_brands": ([("brand", 0.5)], [], []),
    "reviews_authors": ([("author", 0.3), ("brand", 0.3)], [], ["pii"]),
}


def generate(out: Path, seed: int) -> None:
    rng = random.Random(seed)
    truth: dict[str, object] = {
        "schema": "piiscan-eval-truth/1",
        "variant": "freetext-heldout",
        "seed": seed,
        "rows": ROWS,
        "categories": ["pii", "payment", "purchases", "location"],
        "files": {},
    }
    files: dict[str, object] = {}
    labels = []
    for code, lang in LANGS.items():
        for name, (plan, expected, tolerated) in FILES.items():
            rows = _file(rng, lang, plan)
            rel = f"{code}/{name}.csv"
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            header = HEADERS[code]
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["id", "channel", header])
                for k, (kind, text) in enumerate(rows):
                    writer.writerow([1000 + k, rng.choice(["email", "chat", "phone"]), text])
                    labels.append({"file": rel, "row": k, "lang": code, "kind": kind, "text": text})
            files[rel] = {
                "format": "csv",
                "encoding": "utf-8",
                "delimiter": ",",
                "decimal": ".",
                "rows": len(rows),
                "columns": {
                    "id": {"expected": [], "tolerated": [], "kind": "id"},
                    "channel": {"expected": [], "tolerated": [], "kind": "enum"},
                    header: {
                        "expected": expected,
                        "tolerated": tolerated,
                        "kind": f"freetext_{name}",
                    },
                },
            }
    truth["files"] = files
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    with (out / "rows.jsonl").open("w", encoding="utf-8") as fh:
        for label in labels:
            fh.write(json.dumps(label, ensure_ascii=False) + "\n")


def score_rows(out: Path, show: int) -> None:
    """Run the finders on every labelled cell: recall per language and kind, false hits."""
    from piiscan.detectors.freetext import find_address, find_birth_date, find_person

    finders = {"name": find_person, "address": find_address, "birth": find_birth_date}
    hit: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    false: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    alarms: list[str] = []
    for line in (out / "rows.jsonl").open(encoding="utf-8"):
        label = json.loads(line)
        kind, lang, text = label["kind"], label["lang"], label["text"]
        if kind in finders:
            found = finders[kind](text) is not None
            hit[lang, kind][0] += found
            hit[lang, kind][1] += 1
            if not found:
                misses.append(f"{lang} {kind}: {text!r}")
        elif kind in ("none", "hard"):
            fired = [k for k, f in finders.items() if f(text) is not None]
            false[lang, kind][0] += bool(fired)
            false[lang, kind][1] += 1
            if fired:
                alarms.append(f"{lang} {'+'.join(fired)}: {text!r}")
    print("recall per language and kind (rows found / rows)")
    for (lang, kind), (n, total) in sorted(hit.items()):
        print(f"  {lang} {kind:8} {n:4}/{total:<4} {n / total:.3f}")
    print("false hits on negative rows")
    for (lang, kind), (n, total) in sorted(false.items()):
        print(f"  {lang} {kind:8} {n:4}/{total:<4}")
    for title, items in (("misses", misses), ("false hits", alarms)):
        print(f"{title} ({len(items)}), the same sentence with other digits counted once:")
        shapes: dict[str, int] = defaultdict(int)
        for item in items:
            shapes[re.sub("[0-9]+", "N", item)] += 1
        for shape, n in sorted(shapes.items(), key=lambda kv: -kv[1])[:show]:
            print(f"  {n:3} {shape}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--rows", action="store_true", help="score the finders row by row")
    ap.add_argument("--show", type=int, default=60, help="misses and false hits to print")
    args = ap.parse_args()
    if args.rows:
        score_rows(args.out, args.show)
    else:
        generate(args.out, args.seed)


if __name__ == "__main__":
    main()
