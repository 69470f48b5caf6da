"""Phone numbers: formatted national and international numbers, bare digits only with a
country or trunk prefix, never ids, dates, versions or amounts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.phones import phone
from piiscan.ruleset import load_rules


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("8 (937) 118-79-14", id="ru-trunk-parens"),
        pytest.param("+7 846 804-08-60", id="ru-intl"),
        pytest.param("89601096943", id="ru-bare-trunk"),
        pytest.param("79212898953", id="ru-bare-country"),
        pytest.param("8 985 800 12 94", id="ru-spaces"),
        pytest.param("+7 (701) 123-45-67", id="kz"),
        pytest.param("(415) 413-9294", id="us-parens"),
        pytest.param("702-442-3704", id="us-dashes"),
        pytest.param("305.868.9253", id="us-dots"),
        pytest.param("+1 713-258-3007", id="us-intl"),
        pytest.param("13055694378", id="us-bare-1"),
        pytest.param("+44 20 7946 0958", id="gb-intl"),
        pytest.param("+44 (0)20 7946 0958", id="gb-intl-trunk"),
        pytest.param("020 7946 0958", id="gb-national"),
        pytest.param("06 12 34 56 78", id="fr-national"),
        pytest.param("+33 6 12 34 56 78", id="fr-intl"),
        pytest.param("030 1234567", id="de-national"),
        pytest.param("+49 30 12345678", id="de-intl"),
        pytest.param("512 345 678", id="pl-national"),
        pytest.param("380631746365", id="ua-bare-country"),
        pytest.param("0049 30 1234567", id="00-prefix"),
        pytest.param("(736)755-3560x3409", id="nanp-shape-extension"),
        pytest.param(" +7 909 123-45-67.", id="text-match-edges"),
        pytest.param("01.83.58.10.12", id="fr-dotted"),
        pytest.param("079.123.45.67", id="ch-dotted"),
        pytest.param("0341/1638497", id="de-slash"),
        pytest.param("015112345678", id="de-mobile-bare-12"),
        pytest.param("+49 (0)151 2345 6789", id="de-intl-trunk"),
        pytest.param("79161234567.0", id="float-export"),
        pytest.param("4915112345678.0", id="float-export-de"),
    ],
)
def test_phone_accepts(value: str) -> None:
    assert phone(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("9601096943", id="bare-10-no-prefix"),
        pytest.param("24023477", id="id-8"),
        pytest.param("1750540265748", id="unix-ms"),
        pytest.param("1691307301", id="unix-s"),
        pytest.param("3493052735146885", id="random-16"),
        pytest.param("4631037240181", id="ean13"),
        pytest.param("2023-10-27", id="iso-date"),
        pytest.param("04.08.2023 08", id="timestamp-head"),
        pytest.param("11.24.1.209", id="version"),
        pytest.param("192.168.1.1", id="ipv4"),
        pytest.param("1 191,00", id="amount"),
        pytest.param("55.603992", id="coordinate"),
        pytest.param("1945 3243 8", id="iban-tail"),
        pytest.param("123-45-6789", id="ssn-shape"),
        pytest.param("tel", id="letters"),
        pytest.param("", id="empty"),
        pytest.param("10.24.14.249", id="version-4"),
        pytest.param("1.02.03", id="version-zero-minor"),
        pytest.param("012345678901", id="zero-led-12-not-mobile"),
        pytest.param("1234.0", id="float-short"),
        pytest.param("05.06.2023", id="dotted-date"),
    ],
)
def test_phone_rejects(value: str) -> None:
    assert not phone(value)


@given(st.from_regex(re.compile(r"[0256][0-9]{5,11}"), fullmatch=True))
def test_random_digits_without_prefix_are_not_phones(digits: str) -> None:
    if digits.startswith("0") and (len(digits) >= 10 or digits.startswith("00")):
        digits = "5" + digits[1:]  # 0 is a trunk prefix and 00 an international one
    assert not phone(digits)


@given(st.text(max_size=40))
def test_phone_never_raises(value: str) -> None:
    assert phone(value) in (True, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Please call me back on 415-743-6663, thanks.", 1, id="en-sentence"),
        pytest.param("Не дозвонились, мой телефон 8 (495) 995-98-22.", 1, id="ru-sentence"),
        pytest.param("Доп. тел. +79602046040", 1, id="ru-note"),
        pytest.param("d1fb839d-20c9-4236-9b23-4c80bc9aef55", 0, id="uuid"),
        pytest.param("2024-04-28 02:25:50", 0, id="timestamp"),
        pytest.param("App version 3.28.10.17 keeps crashing", 0, id="version"),
        pytest.param("Card 4834 0552 5392 2429 exp 12/29", 0, id="card"),
        pytest.param("Bitte rufen Sie mich unter 030/83997696 zurück.", 1, id="de-slash"),
        pytest.param("Rappelez-moi au 01.83.58.10.12 s'il vous plaît.", 1, id="fr-dotted"),
        pytest.param("Zamówienie nr 2024/123456 z 12/03/2024", 0, id="pl-order-date"),
    ],
)
def test_phone_rule_in_free_text(text: str, expected: int) -> None:
    rule = next(r for r in load_rules() if r.id == "phone")
    assert rule.pattern is not None
    found = [m.group(0) for m in re.finditer(rule.pattern, text) if phone(m.group(0))]
    assert len(found) == expected
