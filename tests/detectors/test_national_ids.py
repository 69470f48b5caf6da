"""National ids: checksums and shapes (INN, SNILS, OGRN, passports, SSN, NINO, IIN, ...)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ru import ogrn as stdnum_ogrn

from piiscan.detectors import national_ids as ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("500100732259", True, id="inn12"),
        pytest.param("7707083893", True, id="inn10"),
        pytest.param("500100732258", False, id="inn12-bad-check"),
        pytest.param("7707083894", False, id="inn10-bad-check"),
        pytest.param("0012345678", False, id="inn-region-00"),
        pytest.param("77070838931", False, id="inn-11-digits"),
    ],
)
def test_inn(value: str, expected: bool) -> None:
    assert ids.inn(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("552-872-963 30", True, id="formatted"),
        pytest.param("112-233-445 95", True, id="formatted-2"),
        pytest.param("11223344595", True, id="bare"),
        pytest.param("112-233-445 96", False, id="bad-check"),
        pytest.param("001-001-997 00", False, id="below-checksum-range"),
        pytest.param("112/233/445 95", False, id="slashes"),
    ],
)
def test_snils(value: str, expected: bool) -> None:
    assert ids.snils(value) is expected


def test_ogrn_and_ogrnip() -> None:
    assert ids.ogrn("1027700132195")
    assert not ids.ogrn("1027700132194")
    assert ids.ogrn("304500116000157")
    assert not ids.ogrn("304500116000158")
    assert not ids.ogrn("1027700132195", kind="ogrnip")
    assert not ids.ogrn("304500116000157", kind="ogrn")


def test_ogrnip_uses_mod_13_not_stdnum() -> None:
    # The check digit is the last digit of (first 14 digits mod 13).
    body = "30450011600015"
    good = body + str(int(body) % 13 % 10)
    assert ids.ogrn(good)
    assert good == "304500116000157"
    assert stdnum_ogrn.is_valid(good) in (True, False)  # whatever stdnum says, we decide


@pytest.mark.parametrize(
    ("value", "part", "expected"),
    [
        pytest.param("4519 515928", "any", True, id="full"),
        pytest.param("45 19 515928", "any", True, id="full-spaced"),
        pytest.param("4519515928", "full", True, id="bare"),
        pytest.param("4519 № 515928", "full", True, id="numero-sign"),
        pytest.param("0315", "series", True, id="series"),
        pytest.param("527754", "number", True, id="number"),
        pytest.param("0099 515928", "any", False, id="future-year"),
        pytest.param("0015 515928", "any", False, id="region-00"),
        pytest.param("000000", "any", False, id="zero-number"),
        pytest.param("4519", "number", False, id="series-not-number"),
        pytest.param("AB1234567", "any", False, id="letters"),
    ],
)
def test_ru_passport(value: str, part: str, expected: bool) -> None:
    assert ids.ru_passport(value, part=part) is expected


@pytest.mark.parametrize(
    ("value", "bare", "expected"),
    [
        pytest.param("644-73-1897", False, True, id="dashed"),
        pytest.param("510 36 6415", False, True, id="spaced"),
        pytest.param("644731897", False, False, id="bare-without-header"),
        pytest.param("644731897", True, True, id="bare-under-header"),
        pytest.param("000-12-3456", False, False, id="area-000"),
        pytest.param("666-12-3456", False, False, id="area-666"),
        pytest.param("912-12-3456", False, False, id="area-9xx"),
        pytest.param("123-00-4567", False, False, id="group-00"),
        pytest.param("123-45-0000", False, False, id="serial-0000"),
        pytest.param("644-73 1897", False, False, id="mixed-separators"),
    ],
)
def test_us_ssn(value: str, bare: bool, expected: bool) -> None:
    assert ids.us_ssn(value, bare=bare) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("AB 12 34 56 C", True, id="nino-spaced"),
        pytest.param("JG103759A", True, id="nino-bare"),
        pytest.param("ZZ 91 41 77 T", True, id="nino-placeholder"),
        pytest.param("QQ 12 34 56 C", False, id="nino-bad-first-letter"),
        pytest.param("AO123456A", False, id="nino-bad-second-letter"),
        pytest.param("AB12345C", False, id="nino-5-digits"),
    ],
)
def test_gb_nino(value: str, expected: bool) -> None:
    assert ids.gb_nino(value) is expected


def test_kz_iin() -> None:
    assert ids.kz_iin("950101300016")
    assert ids.kz_iin("880514300195")
    assert not ids.kz_iin("950101300015")
    assert not ids.kz_iin("881399300197")  # month 13


def test_de_svnr() -> None:
    assert ids.de_svnr("65 170839 J 003")
    assert ids.de_svnr("58130605Y074")
    assert not ids.de_svnr("58130605Y075")


@pytest.mark.parametrize(
    ("value", "params", "expected"),
    [
        pytest.param("36574261809", {"module": "de.idnr"}, True, id="de-idnr"),
        pytest.param("36574261890", {"module": "de.idnr"}, False, id="de-idnr-bad"),
        pytest.param("295109912611193", {"module": "fr.nir"}, True, id="fr-nir"),
        pytest.param("44051401359", {"module": "pl.pesel"}, True, id="pl-pesel"),
        pytest.param("X2482300W", {"modules": ["es.dni", "es.nie"]}, True, id="es-nie"),
        pytest.param("111222333", {"module": "nl.bsn"}, True, id="nl-bsn"),
        pytest.param("111222333", {"module": "no.such"}, False, id="unknown-module"),
        pytest.param("111222333", {"module": "../os"}, False, id="bad-module-name"),
    ],
)
def test_stdnum_generic(value: str, params: dict[str, object], expected: bool) -> None:
    assert ids.stdnum(value, **params) is expected  # type: ignore[arg-type]


def test_stdnum_module_exists() -> None:
    assert ids.stdnum_module_exists("iban")
    assert not ids.stdnum_module_exists("gb.nino")


def test_document_number() -> None:
    assert ids.document_number("C01X00T47")
    assert ids.document_number("533380006")
    assert not ids.document_number("ABCDEF")
    assert not ids.document_number("000000")


@given(st.text(max_size=40))
def test_national_ids_never_raise(value: str) -> None:
    for fn in (
        ids.inn,
        ids.snils,
        ids.ogrn,
        ids.ru_passport,
        ids.us_ssn,
        ids.gb_nino,
        ids.kz_iin,
        ids.de_svnr,
        ids.document_number,
    ):
        assert fn(value) in (True, False)
    assert ids.stdnum(value, module="fr.nir") in (True, False)
