"""Person names versus products, companies, venues, stores, job titles and words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.detectors.names import person_name, person_names


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("Белоусов Емельян Терентьевич", id="ru-full"),
        pytest.param("Гордеев Милен Ааронович", id="ru-full-rare"),
        pytest.param("Зинаида", id="ru-first"),
        pytest.param("Бобылева", id="ru-last"),
        pytest.param("Щербакова А.", id="ru-surname-initial"),
        pytest.param("Иванов И. О.", id="ru-surname-initials"),
        pytest.param("Иванов И.О.", id="ru-surname-initials-joined"),
        pytest.param("Твердохліб Оксана Глібівна", id="uk-full"),
        pytest.param("Марʼяна Петлюра", id="uk-apostrophe"),
        pytest.param("Нурланов Ержан Серикович", id="kz-full"),
        pytest.param("David Fleming", id="en-full"),
        pytest.param("Greg", id="en-first"),
        pytest.param("Fleming, David", id="last-comma-first"),
        pytest.param("DAVID SCOTT", id="cardholder-upper"),
        pytest.param("D. Fleming", id="initial-last"),
        pytest.param("Mary-Jane Watson", id="hyphenated-first"),
        pytest.param("Conor O'Brien", id="apostrophe"),
        pytest.param("Ivanov Ivan Ivanovich", id="transliterated"),
        pytest.param("Dr. Joanne Rudden", id="title"),
        pytest.param("Sonia Römer MBA.", id="degree"),
        pytest.param("van der Velden", id="particles"),
        pytest.param("Jürgen Müller", id="de-umlauts"),
        pytest.param("Łukasz Wiśniewski", id="pl-diacritics"),
        pytest.param("Жұмабаев Нұрлан", id="kz-kazakh-letters"),
        pytest.param("Ахметов Серік Нұрланұлы", id="kz-patronymic-uly"),
        pytest.param("Айгерим Серікқызы", id="kz-patronymic-kyzy"),
        pytest.param("Ельдос Токтаров", id="kz-first-last"),
        pytest.param("Nurlan Serikuly Akhmetov", id="kz-latin-patronymic"),
        pytest.param("Toktarova Aigerim", id="kz-latin"),
        pytest.param("Jean DUPONT", id="fr-surname-caps"),
        pytest.param("KOWALSKI Jan", id="pl-surname-caps-first"),
        pytest.param("ИВАНОВ Иван Иванович", id="ru-surname-caps"),
        pytest.param("Dr. med. Hans Müller", id="de-academic-title"),
        pytest.param("dr hab. inż. Jan Kowalski", id="pl-academic-title"),
    ],
)
def test_person_name_accepts(value: str) -> None:
    assert person_name(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("Гречка ядрица 900 г", id="product-ru"),
        pytest.param("Tiger prawns 300g (XL)", id="product-en"),
        pytest.param("ОАО «Мамонтова, Макарова и Беляков»", id="company-ru"),
        pytest.param("Тихонова Инкорпорэйтед", id="company-ru-suffix"),
        pytest.param("Радченко Group", id="company-group"),
        pytest.param("Blair-Harris Gym", id="venue-gym"),
        pytest.param("Hayes, Martinez and Joyce Bar", id="venue-bar"),
        pytest.param("Cabrera, Gonzalez and Jordan", id="company-and"),
        pytest.param("Store Morningside Heights", id="store"),
        pytest.param("Педиатр", id="job-ru"),
        pytest.param("Paramedic", id="job-en"),
        pytest.param("Лесная поляна", id="brand-ru"),
        pytest.param("Urban Pantry", id="brand-en"),
        pytest.param("West Jason", id="town"),
        pytest.param("Plaza Isaac Salazar", id="street-name"),
        pytest.param("Саров", id="city-ru"),
        pytest.param("hello world", id="lowercase-words"),
        pytest.param("PHARMA PLUS", id="merchant"),
        pytest.param("john@example.com", id="email"),
        pytest.param("Иван Smith", id="mixed-scripts"),
        pytest.param("Sunny Acres IPA", id="acronym-in-brand"),
        pytest.param("Golden Hill BAR", id="caps-stopword"),
        pytest.param("LLC Smith", id="caps-company-form"),
        pytest.param("", id="empty"),
    ],
)
def test_person_name_rejects(value: str) -> None:
    assert not person_name(value)


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_person_name_never_raises(value: str) -> None:
    assert person_name(value) in (True, False)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(["English", "German", "French"], False, id="languages"),
        pytest.param(["Black", "Brown", "Grey", "White"], False, id="colours"),
        pytest.param(["Bauer", "Fischer", "Müller", "Schneider"], False, id="brands"),
        pytest.param(["Anna", "Berta", "Carl", "Dora", "Emil"], True, id="first-names"),
        pytest.param(["Sandra Jones", "Philip Richardson"], True, id="staff-full-names"),
        pytest.param(["Щербакова А."], True, id="surname-initial"),
        pytest.param([], False, id="empty"),
    ],
)
def test_person_names_column_check(values: list[str], expected: bool) -> None:
    assert person_names(values) is expected
