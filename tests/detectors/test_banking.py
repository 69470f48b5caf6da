"""Bank identifiers and card attributes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from piiscan.detectors import banking

_COUNTRIES = sorted(banking._BBAN_SHAPES)


def test_iban_country_table_was_read() -> None:
    assert {"GB", "DE", "RU", "UA", "FR"} <= set(_COUNTRIES)


@st.composite
def _iban_like(draw: st.DrawFn) -> str:
    """Mostly valid-checksum numbers of any country and length (BBAN right or wrong),
    some with a wrong checksum or another country code."""
    country = draw(st.sampled_from([*_COUNTRIES, "XX", "QA", "ZZ"]))
    bban = draw(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=11, max_size=30))
    check = stdnum_iban.calc_check_digits(country + "00" + bban)
    if draw(st.booleans()):
        check = f"{(int(check) + draw(st.integers(1, 96))) % 100:02d}"
    return country + check + bban


@given(_iban_like())
def test_iban_fast_path_agrees_with_stdnum(number: str) -> None:
    assert banking._iban_valid(number) is stdnum_iban.is_valid(number)


@given(st.sampled_from(_COUNTRIES), st.data())
def test_iban_fast_path_agrees_on_well_formed_numbers(country: str, data: st.DataObject) -> None:
    """Numbers built to each country's BBAN shape: the country modules' checks decide."""
    shape = stdnum_iban._ibandb.info(country)[0][1]["bban"]
    alphabets = {
        "n": "0123456789",
        "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    }
    bban = "".join(
        data.draw(st.text(alphabet=alphabets[kind], min_size=int(n), max_size=int(n)))
        for n, kind in re.findall(r"(\d+)!([nac])", shape)
    )
    number = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
    assert banking._iban_valid(number) is stdnum_iban.is_valid(number)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("GB82 WEST 1234 5698 7654 32", True, id="gb-spaced"),
        pytest.param("DE89370400440532013000", True, id="de-compact"),
        pytest.param("UA213223130000026007233566001", True, id="ua"),
        pytest.param("GB82 WEST 1234 5698 7654 32 BIC", True, id="text-runs-on"),
        pytest.param("GB82 WEST 1234 5698 7654 33", False, id="bad-checksum"),
        pytest.param("XX82 WEST 1234 5698 7654 32", False, id="bad-country"),
        pytest.param("GB82", False, id="short"),
    ],
)
def test_iban(value: str, expected: bool) -> None:
    assert banking.iban(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("DEUTDEFF", True, id="bic8"),
        pytest.param("DEUTDEFF500", True, id="bic11"),
        pytest.param("deutdeff", False, id="lowercase"),
        pytest.param("DEUT1EFF", False, id="digit-in-country"),
        pytest.param("DEUTXXFF", False, id="unknown-country"),
    ],
)
def test_bic(value: str, expected: bool) -> None:
    assert banking.bic(value) is expected


def test_ru_bik_and_account() -> None:
    assert banking.ru_bik("044525225")
    assert not banking.ru_bik("144525225")
    assert banking.ru_account("40817810438000012345")
    assert banking.ru_account("40817 810 4 3800 0012345")
    assert not banking.ru_account("40817999438000012345")  # no such currency code
    assert not banking.ru_account("0000000000000000000")


@pytest.mark.parametrize(
    ("account", "bik", "expected"),
    [
        pytest.param("40817810438000012345", "044525225", True, id="client-account"),
        pytest.param("40817810538000012345", "044525225", False, id="wrong-key"),
        pytest.param("30101810400000000225", "044525225", True, id="correspondent-account"),
        pytest.param("40817810438000012345", "04452522", False, id="short-bik"),
    ],
)
def test_ru_account_key(account: str, bik: str, expected: bool) -> None:
    assert banking.ru_account_key_ok(account, bik) is expected


def test_routing_number() -> None:
    assert banking.routing_number("021000021")
    assert not banking.routing_number("021000022")
    assert not banking.routing_number("991000021")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("09/27", True, id="mm-yy"),
        pytest.param("04/2030", True, id="mm-yyyy"),
        pytest.param("2027-09", True, id="yyyy-mm"),
        pytest.param("0730", True, id="mmyy"),
        pytest.param("13/27", False, id="month-13"),
        pytest.param("09/1999", False, id="old-century"),
    ],
)
def test_card_expiry(value: str, expected: bool) -> None:
    assert banking.card_expiry(value) is expected


def test_cvv_and_account_number() -> None:
    assert banking.cvv("443") and banking.cvv("9200")
    assert not banking.cvv("12") and not banking.cvv("12a")
    assert banking.account_number("0123-456789-01")
    assert not banking.account_number("00000000")
    # account columns often hold IBANs; those must be valid ones
    assert banking.account_number("PL61109010140000071219812874")
    assert banking.account_number("61 1090 1014 0000 0712 1981 2874")
    assert not banking.account_number("PL61109010140000071219812875")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("20-32-06", True, id="sort-code"),
        pytest.param("20 32 06", True, id="sort-code-spaces"),
        pytest.param("203206", True, id="sort-code-bare"),
        pytest.param("37040044", True, id="blz"),
        pytest.param("370 400 44", True, id="blz-grouped"),
        pytest.param("30004", True, id="code-banque"),
        pytest.param("97040044", False, id="blz-area-9"),
        pytest.param("20-32 06", False, id="mixed-separators"),
        pytest.param("00-00-00", False, id="zeros"),
        pytest.param("1234", False, id="short"),
    ],
)
def test_bank_code(value: str, expected: bool) -> None:
    assert banking.bank_code(value) is expected


@given(st.text(max_size=50))
def test_banking_never_raises(value: str) -> None:
    for fn in (
        banking.iban,
        banking.bic,
        banking.ru_bik,
        banking.ru_account,
        banking.routing_number,
        banking.cvv,
        banking.bank_code,
        banking.account_number,
        banking.card_expiry,
        banking.account_number,
    ):
        assert fn(value) in (True, False)
    assert banking.ru_account_key_ok(value, value) in (True, False)
