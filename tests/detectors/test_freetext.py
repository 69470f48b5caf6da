"""People inside sentences: names, street addresses and birth dates found among other words,
with the words around them deciding; streets, companies and brands named after people are
not people."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import piiscan
from piiscan.detectors.freetext import (
    find_address,
    find_birth_date,
    find_ip,
    find_national_id,
    find_person,
)
from piiscan.masking import mask
from piiscan.model import Scope

NAMES = [
    # Russian: initials, declined full names, first name + patronymic, titles.
    ("Оформила Петрова Е. В., просит счёт на почту", "Петрова Е. В."),
    ("Созвонились с Л.С. Никитиной, согласовали доставку", "Л.С. Никитиной"),
    ("Заказ для Марии Сидоровой собран, ждёт отправки", "Марии Сидоровой"),
    ("Созвонились с Суханова Григория Петровича о самовывозе", "Суханова Григория Петровича"),
    ("Передать Евгению Сергеевичу лично в руки", "Евгению Сергеевичу"),
    ("Клиент г-жа Кудрявцева жалуется на задержку возврата", "Кудрявцева"),
    ("Курьер Смирнов не смог дозвониться", "Смирнов"),
    # English, German, Polish, French.
    ("Left a voicemail for Daniel Harris, will try again", "Daniel Harris"),
    ("Daniel Harris called about a missing item", "Daniel Harris"),
    ("Hi Emma Wilson, your order has shipped", "Emma Wilson"),
    ("Ansprechpartner: Herr Klaus Becker", "Klaus Becker"),
    ("Facture au nom de Pierre Lefèvre", "Pierre Lefèvre"),
    ("Spoke with J. Smith, refund approved", "J. Smith"),
    ("Customer Mr Brown asked to change the slot", "Brown"),
    ("Kunde Frau Müller möchte die Lieferung verschieben", "Müller"),
    ("Rechnung bitte an Anna Schulze schicken", "Anna Schulze"),
    ("Jürgen Herrmann hat angerufen und bittet um Rückruf", "Jürgen Herrmann"),
    ("Rozmawiałem z Panią Kowalską, zwrot zaakceptowany", "Kowalską"),
    ("Dzwonił Piotr Nowak, prosi o kontakt", "Piotr Nowak"),
    ("Le livreur n'a pas trouvé M. Dupont à l'adresse", "M. Dupont"),
    ("Valérie Mercier a appelé au sujet d'un article", "Valérie Mercier"),
    # An honorific before an unlisted surname, with a context word.
    ("Frau Wendland bittet um Rückruf", "Wendland"),
    ("spoke to mrs Ashworth re: missing item", "Ashworth"),
    # Greetings, family words and sign-offs before a lone name; a signature on its own line.
    ("Dear Gareth, your order has shipped", "Gareth"),
    ("Bonjour Clémence, votre commande est expédiée", "Clémence"),
    ("Thanks so much!\nDuncan", "Duncan"),
    ("Mit freundlichen Grüßen\nReinhard Pfeiffer", "Reinhard Pfeiffer"),
    ("Z poważaniem, Dorota Brzezińska", "Dorota Brzezińska"),
    # Polish names in their cases.
    ("Przekazać Grzegorzowi Laskowskiemu, że zamówienie gotowe", "Grzegorzowi Laskowskiemu"),
    ("Paczka dla Jadwigi Michalskiej", "Jadwigi Michalskiej"),
    ("Rozmowa z Jarosławem Sobczyńskim, obiecał zapłacić", "Jarosławem Sobczyńskim"),
    # An unlisted first name before a listed surname, beside a context word.
    ("Colis récupéré par Régis Delaunay", "Régis Delaunay"),
    ("selon Ségolène Rousseau, le carton était abîmé", "Ségolène Rousseau"),
    ("Chat: hi, this is Lorna Thornton, order 4471 never arrived", "Lorna Thornton"),
    # 'Surname, First' after a role; a listed surname typed in lower case after an honorific.
    ("Teilnehmer: Becker, Anna; Brandt, Jonas", "Becker, Anna"),
    ("Parcel signed for by Harris, Daniel", "Harris, Daniel"),
    ("frau vogt bittet um rückruf", "vogt"),
]

NOT_NAMES = [
    "Встреча у метро Проспект Вернадского в 15:00",
    "Доставка по проспекту Вернадского только после обеда",
    "Поставщик АО «Заря» задерживает партию",
    "Клиент из Москвы, доставка в Санкт-Петербург",
    "Кофемашина Philips вернулась по гарантии",
    "Акция «Чёрная пятница» продлена до 30 ноября",
    "Менеджер по продажам согласовал скидку",
    "Пункт выдачи на улице Ленина закрыт",
    "Meeting near Kennedy Boulevard at 3 pm",
    "Supplier Contoso Ltd delayed the shipment",
    "Customer from New York, shipping to San Francisco",
    "Hugo Boss shirts back in stock",
    "Johnson & Johnson invoice paid in April",
    "Sales Manager approved the discount",
    "The Abraham Lincoln memorial tour sold out",
    "Lieferant Müller GmbH verspätet sich",
    "Abholstation in der Goethestraße geschlossen",
    "Spotkanie przy alei Jana Pawła II o 15",
    "Rendez-vous avenue Victor Hugo à 15h",
    "Point relais place Charles de Gaulle fermé",
    "Ordered the Harry Potter box set for my son",
    "Customer loves the Jack Daniels whiskey gift set",
    "Ordered a Dr. Martens boots pair",
    "Commande Louis Vuitton annulée par le client",
    "Клиент заказал торт «Наполеон» и пирожное «Анна Павлова»",
    "Клиент просит счёт для ИП Сидоров",
    "Petrova Anna",  # a whole cell is a whole value, not a name in a sentence
    # Brands sold under people's names, even after a verb of paying or an honorific.
    "Bought Dr. Martens boots, great fit",
    "Dr. Oetker Pizza war aufgetaut",
    "paid for a Calvin Klein belt, got the wrong colour",
    "Czekolada E. Wedel rozpuszczona",
    "Ben & Jerry's out of stock again",
    # Institutions named after people, cities after a preposition.
    "Lycée Victor Hugo a commandé 12 cahiers",
    "Customer from New York, shipping to San Francisco",
    # A greeting or sign-off before a capitalised word that is no name, or not beside it.
    "Bonjour, Paris est magnifique",
    "Best regards,\nCustomer Service",
    "Mit freundlichen Grüßen\nIhr Zalando Team",
    "Frau Holle Kinderbuch",
    "Mr. Robot season 2 on Blu-ray",  # an honorific and an unlisted word, no context
    "Pozdrawiam, Poczta Polska",  # signed by a company
    "Kind regards, Victoria Plumbing",
]

ADDRESSES = [
    ("Заберут с ул. Садовой, д. 5, кв. 12, звонить за час", "ул. Садовой, д. 5"),
    ("Доставка на пр-т Мира, 15, домофон не работает", "пр-т Мира, 15"),
    ("Привезти на Ленинский проспект, 45 к обеду", "Ленинский проспект, 45"),
    ("Deliver to 12 Oak Street, ring twice", "12 Oak Street"),
    ("Ship to 221B Baker Street, London NW1 6XE", "221B Baker Street"),
    ("Paket an Bergstraße 12 schicken", "Bergstraße 12"),
    ("Dostawa na ul. Kwiatowa 5/3, domofon nie działa", "ul. Kwiatowa 5/3"),
    ("Colis à déposer au 12 bis rue de la Paix", "12 bis rue de la Paix"),
    # A comma after the number, a Polish flat, Russian street types in their cases.
    ("Déménagé : 118, allée des Tilleuls, appt 14", "118, allée des Tilleuls"),
    ("Nowy adres: ul. Polna 23 m. 25, 61-706 Poznań", "ul. Polna 23"),
    ("Заберут с пр-те Ветеранов д 20/1 кв 313, после 18", "пр-те Ветеранов д 20/1"),
    ("Живу на Ленинградском ш., д. 60, кв. 288", "Ленинградском ш., д. 60"),
]

NOT_ADDRESSES = [
    "Treffen an der Kennedyallee um 15 Uhr",
    "Rendez-vous avenue Victor Hugo à 15h",
    "Встреча у метро Проспект Вернадского в 15:00",
    "Доставка по проспекту Вернадского 3 раза в неделю",
    "Promo code SPRING24 did not work",
    "ordered 3 Garden Chairs",
    "Lauf 5 m. 20 weit",  # no Polish flat without 'ul.' before it
]

BIRTH_DATES = [
    ("Именинник 03.03.1985, хочет скидку", "03.03.1985"),
    ("Клиентка 12.04.1980 г.р., бонус", "12.04.1980"),
    ("Born 5 March 1951, senior discount", "5 March 1951"),
    ("DOB 06/14/1990, verified", "06/14/1990"),
    ("Geb. 12.04.1980, Treuekarte beantragt", "12.04.1980"),
    ("Data urodzenia: 3 maja 1970", "3 maja 1970"),
    ("Née le 1976-02-11, carte de fidélité", "1976-02-11"),
    # Two-digit years, a year alone before "г.р.", words between the birth word and its date.
    ("д.р. 03.03.85, скидка именинника", "03.03.85"),
    ("ur. 02.01.61 r.", "02.01.61"),
    ("cliente née le 10/09/91", "10/09/91"),
    ("1962 г.р., пенсионер, нужна доставка до двери", "1962"),
    ("ДР клиента 24.02.1990", "24.02.1990"),
]

NOT_BIRTH_DATES = [
    "Заказ от 12.03.2024 отменён",
    "Order from 2024-03-12 cancelled",
    "Born to run, shipped 12.03.2024 with the vinyl",  # a date far from the word
    "Birthday sale until 01.01.2999",
    "Заказ от 03.03.24, д.р. не указана",  # a birth word after a clause break
    "д.р. 1.2.3 версия",
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_names_inside_sentences(text: str, name: str) -> None:
    assert find_person(text) == name


@pytest.mark.parametrize("text", NOT_NAMES)
def test_capitalised_non_people_are_not_names(text: str) -> None:
    assert find_person(text) is None


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_addresses_inside_sentences(text: str, address: str) -> None:
    assert find_address(text) == address


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_streets_without_a_house_are_not_addresses(text: str) -> None:
    assert find_address(text) is None


@pytest.mark.parametrize(("text", "date"), BIRTH_DATES)
def test_birth_dates_inside_sentences(text: str, date: str) -> None:
    assert find_birth_date(text) == date


@pytest.mark.parametrize("text", NOT_BIRTH_DATES)
def test_other_dates_are_not_birth_dates(text: str) -> None:
    assert find_birth_date(text) is None


def test_a_two_digit_year_is_never_in_the_future() -> None:
    assert find_birth_date("д.р. 01.01.05") == "01.01.05"  # 2005
    assert find_birth_date("born 01/01/99") == "01/01/99"  # 1999, not 2099


def test_masked_samples_keep_the_shape_only() -> None:
    assert mask(find_person(NAMES[0][0]) or "", "name") == "П***** Е. В."
    assert "Садов" not in mask(find_address(ADDRESSES[0][0]) or "", "address")
    assert mask(find_birth_date(BIRTH_DATES[0][0]) or "", "date") == "**.**.19**"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("Aa Яя.,-12 Ё«»ул.д г-жа Mr Street"), max_size=80))
def test_finders_never_raise_and_find_substrings(text: str) -> None:
    for find in (find_person, find_address, find_birth_date):
        found = find(text)
        assert found is None or found in text


def _notes(mention: str, rows: int) -> pa.Table:
    filler = ["Item arrived with a damaged box", "Thanks for the quick delivery"]
    notes = [filler[i % 2] for i in range(rows)]
    notes[rows // 2] = mention
    return pa.table({"id": [str(i) for i in range(rows)], "note": notes})


@pytest.mark.parametrize(
    ("mention", "detector", "sample"),
    [
        ("Left a voicemail for Daniel Harris, will try again", "name_in_text", "D***** H."),
        ("Deliver to 12 Oak Street, ring twice", "address_in_text", "** ****** Street"),
        ("DOB 06/14/1990, verified", "birth_date_in_text", "**/**/19**"),
    ],
)
@pytest.mark.parametrize("rows", [40, 3_000])
def test_a_single_mention_is_a_cells_finding(
    mention: str, detector: str, sample: str, rows: int
) -> None:
    report = piiscan.scan(_notes(mention, rows), name="tickets")
    found = [f for f in report.findings if f.column == "note"]
    # Rows are numbered from 1 (the mention is at index rows // 2).
    assert [(f.detector, f.scope, f.rows, f.sample) for f in found] == [
        (detector, Scope.CELLS, (rows // 2 + 1,), sample)
    ]


def test_clean_notes_full_of_capitalised_words_pass() -> None:
    report = piiscan.scan(pa.table({"note": NOT_NAMES * 20 + NOT_ADDRESSES * 20}), name="n")
    assert report.passed, [(f.detector, f.sample) for f in report.findings]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("СНИЛС клиента 112-233-445 95 приложен", "112-233-445 95"),
        ("снилс: 11223344595", "11223344595"),
        ("ИНН клиента 500100732259 приложен", "500100732259"),
        ("customer SSN is 644-73-1897 per form", "644-73-1897"),
        ("паспорт клиента 4510 123456 выдан ОВД", "4510 123456"),
        ("Passport No 4510 № 123456", "4510 № 123456"),
        ("СНИЛС клиента 112-233-445 96 приложен", None),  # checksum
        ("длинный список 500100732259", None),  # "инн" inside a word
        ("ИНН заказа 12, код 500100732259", None),  # another number first
        ("ИНН 5001007322590", None),  # a longer number
        ("passport photo 2 of 3", None),
        ("СНИЛС не указан", None),
    ],
)
def test_national_id_after_its_name(text: str, found: str | None) -> None:
    assert find_national_id(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("login from 83.220.236.105 blocked", "83.220.236.105"),
        ('83.220.236.105 - - [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200', "83.220.236.105"),
        ("client=93.184.216.34;", "93.184.216.34"),
        ("dns 8.8.8.8", None),  # small parts throughout: taken for a version
        ("router at 192.168.1.1 restarted", None),  # private
        ("upgraded to 7.13.8.156", None),  # small parts: a version
        ("version 1.200.3.4 shipped", None),
        ("from 83.220.236.1050", None),  # not an address
        ("127.0.0.1 answered", None),
        ("ip 083.220.236.105", None),  # leading zero: not how addresses are written
    ],
)
def test_public_ip_inside_text(text: str, found: str | None) -> None:
    assert find_ip(text) == found
