#!/usr/bin/env python3
"""Generate a labelled corpus of people inside sentences (issue #16).

    python bench/make_freetext_corpus.py OUT_DIR [--seed N]
    python bench/make_freetext_corpus.py --recall OUT_DIR/truth.json REPORT.json

Per language (ru, en, de, pl, fr): support tickets, CRM notes, delivery comments and survey
answers in which some rows name a person (full names, surname + initials, first name +
patronymic, titles, Russian names in every case), give a street address or a birth date
inside a sentence; a large column with a single mention; and clean files full of capitalised
non-people (cities, brands, companies, streets named after people, products, months, job
titles) and dates that are not birth dates. Writes ``OUT_DIR/truth.json`` in the
``piiscan-eval-truth/1`` format of ``../shared/bench/dev``; score with its ``score.py``.
``--recall`` prints recall per language and kind, and the clean columns that were flagged.

Everything is fake by construction; only the standard library is needed.
"""

# ruff: noqa: E501, SIM905  (long literal word lists and sentences here are meant)

from __future__ import annotations

import argparse
import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

LANGS = ("ru", "en", "de", "pl", "fr")

# ---------------------------------------------------------------- people

RU_MALE = "Иван Сергей Алексей Дмитрий Андрей Михаил Николай Павел Олег Виктор Геннадий Юрий Тимофей Константин Григорий Евгений Аркадий Степан".split()
RU_FEMALE = "Мария Анна Елена Ольга Татьяна Наталья Ирина Светлана Екатерина Юлия Дарья Ксения Людмила Галина Полина Алла Вероника Валентина".split()
RU_SURN = "Петров Иванов Смирнов Кузнецов Соколов Попов Лебедев Козлов Новиков Морозов Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Ковалёв Ильин Гусев Титов Кудрявцев Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев Романов Захаров Борисов Королёв Герасимов Пономарёв Григорьев Лазарев Медведев Ершов Никитин Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлёв Николаев Крылов Максимов Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин Анисимов Петухов Антонов Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов Миронов Ширяев Александров Коновалов Шестаков Казаков Ефимов Денисов Громов Фомин Давыдов Мельников Щербаков Блинов Колесников".split()
RU_PATR_M = "Иванович Сергеевич Петрович Алексеевич Николаевич Викторович Андреевич Михайлович Олегович Юрьевич".split()
RU_PATR_F = "Ивановна Сергеевна Петровна Алексеевна Николаевна Викторовна Андреевна Михайловна Олеговна Юрьевна".split()

LATIN = {
    "en": (
        "James John Robert Michael William David Richard Joseph Thomas Daniel Matthew Anthony Mark Steven Paul Andrew Kevin Brian George Edward".split(),
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Sandra Ashley Emily Donna Michelle Laura Rebecca".split(),
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster".split(),
    ),
    "de": (
        "Lukas Jonas Leon Felix Maximilian Paul Finn Elias Noah Julian Tobias Stefan Andreas Thomas Michael Jürgen Wolfgang Klaus Dieter Uwe".split(),
        "Anna Lena Lea Hannah Sophie Laura Julia Katharina Sabine Petra Monika Ursula Claudia Birgit Andrea Susanne Heike Karin Renate Gabriele".split(),
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas".split(),
    ),
    "pl": (
        "Jan Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Marek Grzegorz Łukasz Adam Zbigniew Jerzy Tadeusz Mateusz Dariusz Mariusz Wojciech Ryszard".split(),
        "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta Magdalena Joanna Zofia Monika Teresa Danuta Natalia Karolina Marta Beata Dorota".split(),
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając Wieczorek Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski Pawlak Witkowski Walczak Stępień Górski Rutkowski Michalak Sikora Ostrowski Baran Duda Szewczyk Tomaszewski Pietrzak Marciniak Wróblewski Zalewski".split(),
    ),
    "fr": (
        "Jean Pierre Michel André Philippe Louis Nicolas François Henri Jacques Bernard Alain Patrick Daniel Christophe Julien Thierry Laurent Olivier Sébastien".split(),
        "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Monique Sophie Sandrine Céline Julie Aurélie Camille Émilie Chantal Martine Nicole Brigitte".split(),
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clement Gauthier Dumont Lopez Fontaine Chevalier Robin".split(),
    ),
}
TITLES = {
    "en": (("Mr", "Mr.", "Dr", "Dr."), ("Mrs", "Ms", "Mrs.", "Ms.", "Miss", "Dr")),
    "de": (("Herr", "Herrn", "Dr."), ("Frau", "Fr.", "Dr.")),
    "pl": (("Pan", "pan", "Pana"), ("Pani", "pani", "Panią")),
    "fr": (("M.", "Monsieur", "Dr"), ("Mme", "Madame", "Mlle")),
}
PL_FEMALE_SURN = {"ski": "ska", "cki": "cka", "dzki": "dzka"}


def ru_decline(word: str, case: str, kind: str, female: bool) -> str:
    """A Russian name word in the genitive (gen), dative (dat) or instrumental (ins) case."""
    if case == "nom":
        return word
    if kind == "surn":
        if female:
            return word[:-1] + {"gen": "ой", "dat": "ой", "ins": "ой"}[case]
        return word + {"gen": "а", "dat": "у", "ins": "ым"}[case]
    if kind == "patr":
        if female:
            return word[:-1] + {"gen": "ы", "dat": "е", "ins": "ой"}[case]
        return word + {"gen": "а", "dat": "у", "ins": "ем"}[case]
    if word.endswith("ия"):
        return word[:-1] + {"gen": "и", "dat": "и", "ins": "ей"}[case]
    if word.endswith("я"):
        return word[:-1] + {"gen": "и", "dat": "е", "ins": "ей"}[case]
    if word.endswith("а"):
        soft = word[-2] in "кгхжшчщ"
        return word[:-1] + {"gen": "и" if soft else "ы", "dat": "е", "ins": "ой"}[case]
    if word == "Павел":
        return {"gen": "Павла", "dat": "Павлу", "ins": "Павлом"}[case]
    if word.endswith("й"):
        return word[:-1] + {"gen": "я", "dat": "ю", "ins": "ем"}[case]
    return word + {"gen": "а", "dat": "у", "ins": "ом"}[case]


class People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def ru(self, case: str = "nom") -> str:
        r = self.rng
        female = r.random() < 0.5
        first = r.choice(RU_FEMALE if female else RU_MALE)
        surn = r.choice(RU_SURN).replace("ё", r.choice("её"))
        surn_f = surn + "а" if female else surn
        patr = r.choice(RU_PATR_F if female else RU_PATR_M)
        f = ru_decline(first, case, "first", female)
        s = ru_decline(surn_f, case, "surn", female)
        p = ru_decline(patr, case, "patr", female)
        shape = r.randrange(6)
        if shape == 0:
            return f"{s} {f} {p}"
        if shape == 1:
            return f"{s} {first[0]}. {patr[0]}."
        if shape == 2:
            return f"{f} {p}"
        if shape == 3:
            return f"{f} {s}"
        if shape == 4:
            return f"{first[0]}.{patr[0]}. {s}"
        title = (
            ("г-жа" if case == "nom" else "г-жи")
            if female
            else {"nom": "г-н", "gen": "г-на", "dat": "г-ну", "ins": "г-ном"}[case]
        )
        return f"{title} {s}"

    def latin(self, lang: str) -> str:
        r = self.rng
        male, female_names, surnames = LATIN[lang]
        female = r.random() < 0.5
        first = r.choice(female_names if female else male)
        last = r.choice(surnames)
        if lang == "pl" and female:
            for a, b in PL_FEMALE_SURN.items():
                if last.endswith(a):
                    last = last[: -len(a)] + b
        shape = r.randrange(4)
        if shape == 0 or shape == 3:
            return f"{first} {last}"
        if shape == 1:
            return f"{first[0]}. {last}" if r.random() < 0.5 else f"{last} {first[0]}."
        return f"{r.choice(TITLES[lang][female])} {last}"


# ---------------------------------------------------------------- sentences

NAME_SENTENCES = {
    "ru": [
        ("nom", "Оформила {p}, просит счёт на почту"),
        ("nom", "Звонил {p}, просил перезвонить после обеда"),
        ("nom", "Курьер {p} не смог дозвониться до получателя"),
        ("gen", "Заказ для {p} собран, ждёт отправки"),
        ("dat", "Передать {p} лично в руки"),
        ("ins", "Созвонились с {p}, согласовали доставку на пятницу"),
        ("gen", "Получатель заказа — со слов {p}, оплата при получении"),
        ("nom", "Клиент {p} жалуется на задержку возврата"),
        ("dat", "Написала {p} на почту по поводу замены товара"),
        ("gen", "Оплата от {p} поступила, заказ передан на склад"),
        ("nom", "Менеджер {p} подтвердил скидку 10%"),
        ("ins", "Договорились с {p} о самовывозе"),
    ],
    "en": [
        "Left a voicemail for {p}, will try again tomorrow",
        "{p} called about a missing item in the order",
        "Spoke with {p}, refund approved",
        "Customer {p} asked to change the delivery slot",
        "Payment received from {p} via bank transfer",
        "Courier {p} could not find the entrance",
        "Please send the invoice to {p} before Friday",
        "Emailed {p} about the damaged parcel",
        "Recipient: {p}, leave with the neighbour if absent",
        "Order placed by {p} on behalf of the company",
        "Escalated to manager after {p} complained twice",
        "Dear {p}, thank you for your patience",
    ],
    "de": [
        "{p} hat angerufen und bittet um Rückruf",
        "Kunde {p} möchte die Lieferung verschieben",
        "Rechnung bitte an {p} schicken",
        "Mit {p} telefoniert, Erstattung genehmigt",
        "Zahlung von {p} ist eingegangen",
        "Paket für {p} beim Nachbarn abgegeben",
        "Empfänger {p} war nicht zu Hause",
        "Rückruf bei {p} vereinbart, Termin am Montag",
        "Bestellung aufgegeben von {p}",
        "Sehr geehrte(r) {p}, vielen Dank für Ihre Geduld",
    ],
    "pl": [
        "Dzwonił {p}, prosi o kontakt po południu",
        "Klient {p} zgłasza brak produktu w paczce",
        "Rozmawiałem z {p}, zwrot zaakceptowany",
        "Faktura do wysłania dla {p}",
        "Płatność od {p} zaksięgowana",
        "Kurier {p} nie mógł znaleźć wejścia",
        "Odbiorca: {p}, zostawić u sąsiada",
        "Zamówienie złożył {p} w imieniu firmy",
        "Napisała {p} w sprawie wymiany towaru",
        "Kontakt z {p} w poniedziałek",
    ],
    "fr": [
        "{p} a appelé au sujet d'un article manquant",
        "Client {p} souhaite changer le créneau de livraison",
        "Facture à envoyer à {p} avant vendredi",
        "Échange téléphonique avec {p}, remboursement accepté",
        "Paiement reçu de {p} par virement",
        "Le livreur n'a pas trouvé {p} à l'adresse",
        "Destinataire : {p}, laisser chez le gardien",
        "Commande passée par {p} pour son entreprise",
        "Rappeler {p} lundi matin",
        "Message laissé à {p} sur son répondeur",
    ],
}

STREETS = {
    "ru": ["Садовой", "Ленина", "Мира", "Гагарина", "Пушкина", "Лесной", "Советской", "Школьной"],
    "en": ["Oak", "Maple", "Main", "High", "Park", "Church", "Elm", "Station"],
    "de": ["Haupt", "Bahnhof", "Schiller", "Goethe", "Garten", "Linden", "Berg", "Kirch"],
    "pl": ["Kwiatowa", "Lipowa", "Polna", "Leśna", "Słoneczna", "Krótka", "Szkolna", "Ogrodowa"],
    "fr": [
        "de la Paix",
        "Victor Hugo",
        "des Lilas",
        "du Moulin",
        "Pasteur",
        "de la Gare",
        "Jean Jaurès",
        "des Écoles",
    ],
}


def address(lang: str, r: random.Random) -> str:
    s = r.choice(STREETS[lang])
    n = r.randint(1, 180)
    if lang == "ru":
        forms = [
            f"ул. {s}, д. {n}, кв. {r.randint(1, 200)}",
            f"улица {s} {n}",
            f"пр-т {r.choice(['Мира', 'Победы', 'Ленина'])}, {n}",
            f"ул. {s} д.{n}",
            f"{r.randint(100000, 199999)}, г. Тверь, ул. {s}, д. {n}",
        ]
    elif lang == "en":
        kind = r.choice(["Street", "St", "Road", "Avenue", "Lane", "Drive"])
        forms = [
            f"{n} {s} {kind}",
            f"{n} {s} {kind}, Apt {r.randint(1, 40)}",
            f"{n} {s} {kind}, Springfield",
        ]
    elif lang == "de":
        kind = r.choice(["straße", "str.", "weg", "platz", "allee"])
        forms = [f"{s}{kind} {n}", f"{s}{kind} {n}, {r.randint(10000, 99999)} Berlin"]
    elif lang == "pl":
        forms = [
            f"ul. {s} {n}",
            f"ul. {s} {n}/{r.randint(1, 40)}",
            f"ul. {s} {n}, {r.randint(10, 99)}-{r.randint(100, 999)} Kraków",
        ]
    else:
        kind = r.choice(["rue", "avenue", "boulevard", "allée", "impasse"])
        forms = [
            f"{n} {kind} {s}",
            f"{n} {kind} {s}, {r.randint(10000, 95999)} Lyon",
            f"{n} bis {kind} {s}",
        ]
    return r.choice(forms)


ADDRESS_SENTENCES = {
    "ru": [
        "Заберут с {a}, звонить за час",
        "Доставка на {a}, домофон не работает",
        "Новый адрес: {a}, подъезд 2",
        "Оставить у двери, {a}",
    ],
    "en": [
        "Deliver to {a}, ring twice",
        "New address is {a}, side entrance",
        "Parcel goes to {a} after 5 pm",
        "Moved to {a} last month",
    ],
    "de": [
        "Bitte liefern an {a}, Hinterhof",
        "Neue Adresse: {a}, 2. Stock",
        "Abholung in der {a} ab 17 Uhr",
        "Paket an {a} schicken",
    ],
    "pl": [
        "Dostawa na {a}, domofon nie działa",
        "Nowy adres: {a}, II piętro",
        "Odbiór z {a} po 17",
        "Proszę dostarczyć na {a}",
    ],
    "fr": [
        "Livrer au {a}, sonner deux fois",
        "Nouvelle adresse : {a}, 3e étage",
        "Colis à déposer au {a}",
        "Déménagé au {a} le mois dernier",
    ],
}

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
}


def birth_date(lang: str, r: random.Random) -> str:
    y, m, d = r.randint(1940, 2005), r.randint(1, 12), r.randint(1, 28)
    forms = [f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", f"{d} {MONTHS[lang][m - 1]} {y}"]
    if lang == "en":
        forms += [f"{m:02d}/{d:02d}/{y}", f"{MONTHS['en'][m - 1]} {d}, {y}"]
    return r.choice(forms)


BIRTH_SENTENCES = {
    "ru": [
        "Именинник {d}, хочет скидку",
        "Родилась {d}, участвует в акции",
        "Дата рождения {d}, карта лояльности",
        "Клиентка {d} г.р., бонус на день рождения",
        "д.р. {d}, подарок в пятницу",
    ],
    "en": [
        "Born {d}, eligible for the senior discount",
        "DOB {d}, verified at pickup",
        "Date of birth: {d}",
        "Birthday {d}, send the voucher",
    ],
    "de": [
        "Geb. {d}, Treuekarte beantragt",
        "Geboren am {d}, Rabatt für Senioren",
        "Geburtsdatum {d}, Ausweis geprüft",
    ],
    "pl": [
        "Ur. {d}, karta lojalnościowa",
        "Data urodzenia: {d}",
        "Urodzona {d}, rabat dla seniora",
    ],
    "fr": ["Née le {d}, carte de fidélité", "Né le {d}, remise senior", "Date de naissance : {d}"],
}

FILLER = {
    "ru": [
        "Товар пришёл с повреждённой упаковкой",
        "Просит перенести доставку на вечер",
        "Возврат оформлен, ждём поступления на склад",
        "Промокод не применился при оплате",
        "Спасибо за быструю доставку",
        "Заказ собран не полностью, нет одной позиции",
        "Позвонить после 18:00",
        "Оплата картой при получении",
    ],
    "en": [
        "Item arrived with a damaged box",
        "Wants the delivery moved to the evening",
        "Refund processed, waiting for the warehouse",
        "Promo code did not apply at checkout",
        "Thanks for the quick delivery",
        "One item missing from the order",
        "Call back after 6 pm",
        "Pays by card on delivery",
    ],
    "de": [
        "Ware kam mit beschädigter Verpackung",
        "Möchte die Lieferung auf den Abend verschieben",
        "Erstattung veranlasst, warten auf das Lager",
        "Gutscheincode funktionierte nicht",
        "Danke für die schnelle Lieferung",
        "Ein Artikel fehlt in der Bestellung",
        "Nach 18 Uhr zurückrufen",
    ],
    "pl": [
        "Towar przyszedł w uszkodzonym opakowaniu",
        "Prosi o przesunięcie dostawy na wieczór",
        "Zwrot przyjęty, czekamy na magazyn",
        "Kod rabatowy nie zadziałał",
        "Dziękuję za szybką dostawę",
        "Brakuje jednego produktu w zamówieniu",
        "Oddzwonić po 18",
    ],
    "fr": [
        "Article arrivé avec un carton abîmé",
        "Souhaite décaler la livraison au soir",
        "Remboursement effectué, en attente de l'entrepôt",
        "Le code promo n'a pas fonctionné",
        "Merci pour la livraison rapide",
        "Un article manque dans la commande",
        "Rappeler après 18h",
    ],
}

# Capitalised words that are not people, by language.
CLEAN = {
    "ru": [
        "Встреча у метро Проспект Вернадского в 15:00",
        "Доставка по проспекту Вернадского только после обеда",
        "Поставщик АО «Заря» задерживает партию",
        "Счёт выставлен ООО «Ромашка» за март",
        "Клиент из Москвы, доставка в Санкт-Петербург",
        "Склад в Казани закрыт на инвентаризацию",
        "Кофемашина Philips вернулась по гарантии",
        "Телефон Samsung Galaxy S23 нет в наличии",
        "Акция «Чёрная пятница» продлена до 30 ноября",
        "Заказ от 12.03.2024 отменён",
        "Менеджер по продажам согласовал скидку",
        "Пункт выдачи на улице Ленина закрыт",
        "Сбербанк не пропускает платёж, просит повторить",
        "Приедет курьер СДЭК, трек в письме",
        "Главный бухгалтер просит акт сверки",
        "Поставка из Новосибирска в Екатеринбург по графику",
        "Отзыв про кроссовки Nike Air Max: маломерят",
        "Кафе «Пушкин» заказало банкетное меню",
        "Доставка в Нижний Новгород 3 раза в неделю",
        "Возврат по акции «Весна-2024» до 15 мая",
    ],
    "en": [
        "Meeting near Kennedy Boulevard at 3 pm",
        "Supplier Contoso Ltd delayed the shipment",
        "Customer from New York, shipping to San Francisco",
        "Warehouse in Manchester closed for stocktake",
        "Philips coffee machine returned under warranty",
        "Samsung Galaxy S23 out of stock",
        "Black Friday promo extended to November 30",
        "Order from 2024-03-12 cancelled",
        "Sales Manager approved the discount",
        "Pickup point on Lincoln Avenue is closed",
        "Bank of America declined the payment",
        "DHL Express courier will come, tracking in email",
        "Chief Financial Officer requests the statement",
        "Delivery to Los Angeles every Monday",
        "Review of Nike Air Max: runs small",
        "Johnson & Johnson invoice paid in April",
        "Store manager at Washington Square asked for more stock",
        "Hugo Boss shirts back in stock",
        "The Abraham Lincoln memorial tour sold out",
        "Microsoft Teams call with the Berlin office",
    ],
    "de": [
        "Treffen an der Kennedyallee um 15 Uhr",
        "Lieferant Müller GmbH verspätet sich",
        "Kunde aus München, Versand nach Hamburg",
        "Lager in Köln wegen Inventur geschlossen",
        "Bosch Kaffeemaschine unter Garantie zurück",
        "Samsung Galaxy S23 nicht vorrätig",
        "Aktion Black Friday bis 30. November verlängert",
        "Bestellung vom 12.03.2024 storniert",
        "Vertriebsleiter hat den Rabatt freigegeben",
        "Abholstation in der Goethestraße geschlossen",
        "Deutsche Bank lehnt die Zahlung ab",
        "Hermes Paketdienst kommt morgen",
        "Geschäftsführer bittet um Kontoauszug",
        "Lieferung nach Frankfurt am Main jeden Montag",
        "Bewertung Adidas Superstar: fällt klein aus",
        "Filiale am Willy-Brandt-Platz hat neue Öffnungszeiten",
    ],
    "pl": [
        "Spotkanie przy alei Jana Pawła II o 15",
        "Dostawca Nowak Sp. z o.o. opóźnia dostawę",
        "Klient z Warszawy, wysyłka do Krakowa",
        "Magazyn w Poznaniu zamknięty na inwentaryzację",
        "Ekspres Philips wrócił na gwarancji",
        "Samsung Galaxy S23 niedostępny",
        "Promocja Black Friday przedłużona do 30 listopada",
        "Zamówienie z 12.03.2024 anulowane",
        "Kierownik sprzedaży zatwierdził rabat",
        "Punkt odbioru przy ulicy Mickiewicza zamknięty",
        "Bank Pekao odrzucił płatność",
        "Kurier InPost przyjedzie jutro",
        "Główna księgowa prosi o zestawienie",
        "Dostawy do Gdańska w każdy poniedziałek",
    ],
    "fr": [
        "Rendez-vous avenue Victor Hugo à 15h",
        "Le fournisseur Dupont SARL a du retard",
        "Client de Paris, expédition vers Marseille",
        "Entrepôt de Lyon fermé pour inventaire",
        "Machine à café Philips retournée sous garantie",
        "Samsung Galaxy S23 en rupture",
        "Promotion Black Friday prolongée jusqu'au 30 novembre",
        "Commande du 12/03/2024 annulée",
        "Le directeur commercial a validé la remise",
        "Point relais place Charles de Gaulle fermé",
        "Crédit Agricole a refusé le paiement",
        "Livraison Chronopost prévue demain",
        "Le chef comptable demande le relevé",
        "Livraisons vers Toulouse tous les lundis",
    ],
}


# ---------------------------------------------------------------- files


def column(
    r: random.Random, n: int, share: float, make: Callable[[], str], filler: list[str]
) -> list[str]:
    out = [make() if r.random() < share else r.choice(filler) for _ in range(n)]
    if not any(v not in filler for v in out):
        out[r.randrange(n)] = make()
    return out


def write_csv(out: Path, rel: str, cols: dict[str, list[Any]]) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(zip(*cols.values(), strict=True))


def truth_entry(rows: int, labels: dict[str, tuple[list[str], str]]) -> dict[str, Any]:
    return {
        "format": "csv",
        "encoding": "utf-8",
        "delimiter": ",",
        "decimal": ".",
        "rows": rows,
        "columns": {c: {"expected": e, "tolerated": [], "kind": k} for c, (e, k) in labels.items()},
    }


def make_lang(lang: str, out: Path, r: random.Random, people: People) -> dict[str, Any]:
    files: dict[str, Any] = {}
    fill = FILLER[lang]

    def name_sentence() -> str:
        if lang == "ru":
            case, template = r.choice(NAME_SENTENCES["ru"])
            return template.format(p=people.ru(case))
        return r.choice(NAME_SENTENCES[lang]).format(p=people.latin(lang))

    def ids(n: int) -> list[str]:
        return [f"T-{100000 + i}" for i in range(n)]

    def statuses(n: int) -> list[str]:
        return [r.choice(["open", "closed", "pending"]) for _ in range(n)]

    def address_sentence() -> str:
        return r.choice(ADDRESS_SENTENCES[lang]).format(a=address(lang, r))

    def birth_sentence() -> str:
        return r.choice(BIRTH_SENTENCES[lang]).format(d=birth_date(lang, r))

    specs: list[tuple[str, str, str, Callable[[], str], float, int]] = [
        ("tickets", "text", "names", name_sentence, 1 / 3, 300),
        ("crm_notes", "note", "names", name_sentence, 0.2, 200),
        ("delivery", "delivery_comment", "addresses", address_sentence, 1 / 3, 300),
        ("survey", "answer", "birth_dates", birth_sentence, 0.25, 200),
    ]
    # A single mention in a large column is still a finding: one file per shape.
    for i in range(4):
        specs.append((f"big_names_{i}", "comment", "single_name", name_sentence, 0.0, 1000))
    specs.append(("big_address", "comment", "single_address", address_sentence, 0.0, 1000))
    specs.append(("big_birth", "comment", "single_birth", birth_sentence, 0.0, 1000))
    for stem, col, kind, make, share, n in specs:
        rel = f"{lang}/{stem}.csv"
        write_csv(
            out, rel, {"id": ids(n), "status": statuses(n), col: column(r, n, share, make, fill)}
        )
        files[rel] = truth_entry(
            n, {"id": ([], "id"), "status": ([], "enum"), col: (["pii"], f"{lang}_{kind}")}
        )
    for stem, n in (("clean_notes", 400), ("clean_mixed", 250)):
        rel = f"{lang}/{stem}.csv"
        pool = CLEAN[lang] + (fill if stem == "clean_mixed" else [])
        write_csv(
            out,
            rel,
            {"id": ids(n), "status": statuses(n), "note": [r.choice(pool) for _ in range(n)]},
        )
        files[rel] = truth_entry(
            n, {"id": ([], "id"), "status": ([], "enum"), "note": ([], f"{lang}_clean")}
        )
    return files


def generate(out: Path, seed: int) -> None:
    r = random.Random(seed)
    people = People(r)
    files: dict[str, Any] = {}
    for lang in LANGS:
        files.update(make_lang(lang, out, r, people))
    truth = {
        "schema": "piiscan-eval-truth/1",
        "variant": "freetext",
        "seed": seed,
        "categories": ["pii", "payment", "purchases", "location"],
        "files": files,
    }
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"wrote {len(files)} files to {out}")


def recall(truth_path: Path, report_path: Path) -> None:
    """Recall per language and kind of the expected columns; clean columns flagged."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = json.loads(report_path.read_text(encoding="utf-8"))
    found = {(f["path"].replace("\\", "/"), f["column"], f["category"]) for f in report["findings"]}
    by: dict[str, list[int]] = {}
    for rel, meta in truth["files"].items():
        for col, c in meta["columns"].items():
            hit = any(p.endswith(rel) and fc == col and cat == "pii" for p, fc, cat in found)
            if c["expected"]:
                lang, _, kind = c["kind"].partition("_")
                for key in (lang, f"{lang}/{kind}"):
                    by.setdefault(key, [0, 0])[0] += hit
                    by.setdefault(key, [0, 0])[1] += 1
            elif c["kind"].endswith("clean") and hit:
                print(f"clean column flagged: {rel}:{col}")
    for key in sorted(by):
        hits, total = by[key]
        print(f"{key:24} recall {hits}/{total} = {hits / total:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--recall", nargs=2, type=Path, metavar=("TRUTH", "REPORT"))
    args = ap.parse_args()
    if args.recall:
        recall(*args.recall)
    elif args.out:
        generate(args.out, args.seed)
    else:
        ap.error("OUT_DIR or --recall TRUTH REPORT")


if __name__ == "__main__":
    main()
