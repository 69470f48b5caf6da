"""Street addresses: Russian/Ukrainian markers, Western number + street + type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.address import street_address


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("666445, г. Устюжна, алл. Литейная, д. 18", id="ru-full"),
        pytest.param("ул. Ленина, д. 5, кв. 12", id="ru-street-flat"),
        pytest.param("ш. Верхнее, д. 5/6 к. 64", id="ru-highway"),
        pytest.param("Ленина, д. 5", id="ru-house-marker"),
        pytest.param("вулиця Шевченка, буд. 5", id="uk"),
        pytest.param("438 Crystal Ways Suite 343", id="us-suite"),
        pytest.param("9237 Kristin Crescent Apt. 479", id="us-apt"),
        pytest.param("221B Baker Street", id="gb-letter-number"),
        pytest.param("Flat 3, Smith Road", id="gb-flat-first"),
        pytest.param("Hauptstraße 5", id="de-compound"),
        pytest.param("Carstenstr. 90", id="de-abbrev"),
        pytest.param("Jessica-Zirme-Ring 3", id="de-hyphenated"),
        pytest.param("Berliner Straße 12", id="de-separate"),
        pytest.param("12 rue de la Paix", id="fr"),
        pytest.param("ul. Kwiatowa 5", id="pl"),
        pytest.param("pl. Norwida 85/54", id="pl-square"),
        pytest.param("Via Roma 10", id="it"),
        pytest.param("Calle de Alcalá 42", id="es"),
        pytest.param("Kalverstraat 12a", id="nl"),
        pytest.param("Nyvägen 99", id="se"),
    ],
)
def test_street_address_accepts(value: str) -> None:
    assert street_address(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("Гречка ядрица 900 г", id="product-weight"),
        pytest.param("Сыр с белой плесенью 125 г x 3", id="basket-line"),
        pytest.param("Green Valley Chicken tikka masala 450g", id="product-with-type-word"),
        pytest.param("Store Morningside Heights", id="store-no-number"),
        pytest.param("Blair-Harris Gym", id="venue"),
        pytest.param("г. Москва", id="city-only"),
        pytest.param("12345", id="number-only"),
        pytest.param("Park 5", id="type-then-number"),
        pytest.param("The website shows 41 items in stock", id="sentence"),
        pytest.param("ivan@example.com", id="email"),
    ],
)
def test_street_address_rejects(value: str) -> None:
    assert not street_address(value)


@given(st.text(max_size=80))
def test_street_address_never_raises(value: str) -> None:
    assert street_address(value) in (True, False)
