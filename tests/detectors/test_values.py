"""Value shapes for header-driven rules: amounts, quantities, SKUs, text, place names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.values import amount, place_name, quantity, sku, text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1 191,00", True, id="space-thousands-comma"),
        pytest.param("1\u00a0321,00", True, id="nbsp-thousands"),
        pytest.param("$199.45", True, id="dollar"),
        pytest.param("1,234.50", True, id="comma-thousands"),
        pytest.param("3721.6", True, id="plain"),
        pytest.param("-15 €", True, id="negative-euro"),
        pytest.param("150 руб.", True, id="roubles"),
        pytest.param("1.234,56 €", True, id="de-euro"),
        pytest.param("1\u202f234,56 €", True, id="fr-narrow-nbsp"),
        pytest.param("1 234,56 zł", True, id="pl-zloty"),
        pytest.param("12 345,67 ₸", True, id="kz-tenge"),
        pytest.param("£1,234.56", True, id="gb-pound"),
        pytest.param("abc", False, id="letters"),
        pytest.param("12.5.6", False, id="version"),
        pytest.param("", False, id="empty"),
    ],
)
def test_amount(value: str, expected: bool) -> None:
    assert amount(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("3", True, id="int"),
        pytest.param("2 шт", True, id="pieces-ru"),
        pytest.param("2 Stk.", True, id="pieces-de"),
        pytest.param("3 Stück", True, id="pieces-de-long"),
        pytest.param("3 szt.", True, id="pieces-pl"),
        pytest.param("4 pièces", True, id="pieces-fr"),
        pytest.param("2 PCS", True, id="pieces-upper"),
        pytest.param("1,5", True, id="weight"),
        pytest.param("-1", False, id="negative"),
        pytest.param("1000001", False, id="too-big"),
        pytest.param("many", False, id="word"),
    ],
)
def test_quantity(value: str, expected: bool) -> None:
    assert quantity(value) is expected


def test_sku_text_place() -> None:
    assert sku("RE-11406") and sku("4601234567890")
    assert not sku("Milk") and not sku("A")
    assert text("Гречка ядрица 900 г") and not text("12") and not text("a@b.com")
    assert place_name("Ростов-на-Дону") and place_name("Saint-Étienne")
    assert not place_name("12345") and not place_name("Apt 5")


@given(st.text(max_size=50))
def test_values_never_raise(value: str) -> None:
    for fn in (amount, quantity, sku, text, place_name):
        assert fn(value) in (True, False)
