"""Masks show the kind of value, never the value: no input comes back, no five digits
in a row, no exception on odd input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.masking import MASKS, mask


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        pytest.param("4276 1234 5678 1234", "card", "4276 **** **** 1234", id="card"),
        pytest.param("+7 (909) 466-44-67", "phone", "+7 (9**) ***-**-67", id="phone-ru"),
        pytest.param("89268138967", "phone", "89*******67", id="phone-ru-bare"),
        pytest.param("ivan@example.com", "email", "i***@e*****.com", id="email"),
        pytest.param("Иванов Иван Иванович", "name", "И***** И. И.", id="name-ru"),
        pytest.param("David Fleming", "name", "D***** F.", id="name-en"),
        pytest.param("GB82 WEST 1234 5698 7654 32", "iban", "GB** **** ... 32", id="iban"),
        pytest.param("1951-03-05", "date", "19**-**-**", id="date-iso"),
        pytest.param("25.01.1949", "date", "**.**.19**", id="date-dotted"),
        pytest.param("55.75, 37.61", "coordinate", "55.**, 37.**", id="coordinate-pair"),
        pytest.param("POINT(37.61 55.75)", "coordinate", "POINT(37.** 55.**)", id="wkt"),
        pytest.param("192.168.1.1", "ip", "192.***.***.***", id="ipv4"),
        pytest.param("552-872-963 30", "digits", "***-***-*** 30", id="snils"),
        pytest.param("443", "secret", "***", id="cvv"),
        pytest.param("u8r9xqbe", "geohash", "u8******", id="geohash"),
        pytest.param(
            "666445, г. Устюжна, алл. Литейная, д. 18",
            "address",
            "**, г. ******, алл. ******, д. **",
            id="address-ru",
        ),
    ],
)
def test_mask_examples(value: str, kind: str, expected: str) -> None:
    assert mask(value, kind) == expected


@pytest.mark.parametrize("value", ["", " ", "a", "ab", "7", "😀", "\x00\x01", "***", "\u202e"])
@pytest.mark.parametrize("kind", sorted(MASKS))
def test_mask_odd_input(value: str, kind: str) -> None:
    out = mask(value, kind)
    assert out and out != value and out != value.strip()


def test_unknown_kind_falls_back_to_generic() -> None:
    assert mask("Secret", "no-such-kind") == mask("Secret", "generic")


def _longest_digit_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"[0-9]+", text)), default=0)


@given(
    st.from_regex(re.compile(r"[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}"), fullmatch=True)
)
def test_card_mask_hides_the_middle(value: str) -> None:
    out = mask(value, "card")
    assert _longest_digit_run(out) < 5
    assert out != value


@given(st.from_regex(re.compile(r"\+?[0-9 ()-]{7,20}"), fullmatch=True))
def test_phone_mask_hides_the_number(value: str) -> None:
    out = mask(value, "phone")
    assert _longest_digit_run(out) < 5
    assert out != value.strip()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("+1 (415) 555-2671", "+1 (4**) ***-**71", id="us-international"),
        pytest.param("415-555-2671", "4**-***-**71", id="us-national"),
        pytest.param("1-415-555-2671", "1-4**-***-**71", id="us-trunk"),
        pytest.param("+14155552671", "+14*******71", id="us-e164"),
        pytest.param("+44 20 7946 0958", "+44 2* **** **58", id="uk-international"),
        pytest.param("020 7946 0958", "02* **** **58", id="uk-national"),
        pytest.param("07700 900123", "07*** ****23", id="uk-mobile"),
        pytest.param("+49 30 901820", "+49 3* ****20", id="de-international"),
        pytest.param("030 901820", "03* ****20", id="de-national"),
        pytest.param("0049 30 9018 2030", "0049 3* **** **30", id="de-00-prefix"),
        pytest.param("004930901820", "0049******20", id="de-00-compact"),
        pytest.param("+7 (912) 345-67-89", "+7 (9**) ***-**-89", id="ru-international"),
        pytest.param("8 (912) 345-67-89", "8 (9**) ***-**-89", id="ru-trunk"),
        pytest.param("8 800 555 35 35", "8 8** *** ** 35", id="ru-freephone"),
    ],
)
def test_phone_mask_keeps_the_numbers_own_shape(value: str, expected: str) -> None:
    out = mask(value, "phone")
    assert out == expected
    # every separator where the user wrote it: only digits turned into stars
    assert [c for c in out if not c.isdigit() and c != "*"] == [c for c in value if not c.isdigit()]


@given(st.from_regex(re.compile(r"(\+|00)?[1-9][0-9 ()./-]{8,18}[0-9]"), fullmatch=True))
def test_phone_mask_keeps_length_and_separators(value: str) -> None:
    out = mask(value, "phone")
    assert _longest_digit_run(out) < 5
    if len(out) == len(value):  # masked in shape (not the generic fallback)
        assert [c for c in out if not c.isdigit() and c != "*"] == [
            c for c in value if not c.isdigit()
        ]
        assert sum(c.isdigit() for c in out) <= 8  # 00, country code, one, last two


@pytest.mark.parametrize("kind", sorted(MASKS))
@given(value=st.text(max_size=60))
def test_mask_never_raises_nor_leaks(kind: str, value: str) -> None:
    out = mask(value, kind)
    assert isinstance(out, str) and out
    assert out != value and out != value.strip()
    assert _longest_digit_run(out) < 5
