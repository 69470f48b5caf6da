"""National identity and tax numbers: Russian INN/SNILS/OGRN/passport, US SSN, Kazakh IIN,
British NINO, and whatever python-stdnum validates (German Steuer-ID, French NIR, PESEL...).

Checksums carry the evidence; shapes only pick candidates. Where a shape alone says
nothing (a passport number is any 6 digits), the rule sets ``header_required``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from functools import lru_cache
from types import ModuleType

from piiscan.detectors._text import MAX_LEN, compact, is_ascii_digits

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum((ord(c) - 48) * w for c, w in zip(digits, weights, strict=False))


def inn(value: str) -> bool:
    """Russian taxpayer number: 10 digits (company) or 12 (person), check digits hold."""
    number = compact(value)
    if not is_ascii_digits(number) or number.startswith("00"):
        return False
    if len(number) == 10:
        return _weighted(number, _INN10) % 11 % 10 == ord(number[9]) - 48
    if len(number) == 12:
        return (
            _weighted(number, _INN11) % 11 % 10 == ord(number[10]) - 48
            and _weighted(number, _INN12) % 11 % 10 == ord(number[11]) - 48
        )
    return False


_SNILS = re.compile(r"[0-9]{3}[- ]?[0-9]{3}[- ]?[0-9]{3}[- ]?[0-9]{2}")


def snils(value: str) -> bool:
    """Russian pension insurance number ``552-872-963 30`` (or 11 bare digits), checksum."""
    value = value.strip()
    if not _SNILS.fullmatch(value):
        return False
    number = compact(value)
    body, check = number[:9], int(number[9:])
    if int(body) <= 1001998:
        return False  # numbers up to 001-001-998 were issued without a checksum
    total = sum((ord(c) - 48) * (9 - i) for i, c in enumerate(body))
    if total > 101:
        total %= 101
    expected = 0 if total in (100, 101) else total
    return expected == check


def ogrn(value: str, kind: str = "any") -> bool:
    """Russian state registration number: OGRN (13 digits) or OGRNIP (15 digits).

    stdnum's OGRNIP check is wrong for 15 digits: the check digit is the last digit of
    (first 14 digits mod 13). ``kind`` is ``ogrn``, ``ogrnip`` or ``any``.
    """
    number = compact(value)
    if not is_ascii_digits(number) or len(number) not in (13, 15) or number[3:5] == "00":
        return False
    if len(number) == 13 and kind in ("ogrn", "any"):
        return number[0] in "125" and int(number[:12]) % 11 % 10 == ord(number[12]) - 48
    if len(number) == 15 and kind in ("ogrnip", "any"):
        return number[0] == "3" and int(number[:14]) % 13 % 10 == ord(number[14]) - 48
    return False


_PASSPORT = re.compile(r"([0-9]{2}) ?([0-9]{2})(?: ?(?:№|N|No\.?)? ?([0-9]{6}))?")


def ru_passport(value: str, part: str = "any") -> bool:
    """Russian internal passport ``4519 515928``; or its series (``4519``) or number alone.

    The series is a region code and the two-digit year of the form's printing (1997 on), so a
    series whose year digits are in the future is not one. ``part``: ``full``, ``series``,
    ``number`` or ``any``.
    """
    value = value.strip()
    if len(value) > 20:
        return False
    if re.fullmatch(r"[0-9]{6}", value):
        return part in ("number", "any") and value != "000000"
    m = _PASSPORT.fullmatch(value)
    if not m:
        return False
    region, year, number = m.group(1), m.group(2), m.group(3)
    if number is None and part not in ("series", "any"):
        return False
    if number is not None and (part not in ("full", "any") or number == "000000"):
        return False
    if region == "00":
        return False
    yy = int(year)
    return yy >= 97 or yy <= dt.date.today().year % 100 + 1


_SSN = re.compile(r"([0-9]{3})([- ]?)([0-9]{2})\2([0-9]{4})")


def us_ssn(value: str, bare: bool = False) -> bool:
    """US Social Security number ``123-45-6789``; 9 bare digits only when ``bare``.

    Area 000, 666 and 900-999 (ITINs), group 00 and serial 0000 are never issued.
    """
    m = _SSN.fullmatch(value.strip())
    if not m or (not m.group(2) and not bare):
        return False
    area, group, serial = m.group(1), m.group(3), m.group(4)
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return f"{area}{group}{serial}" not in ("078051120", "219099999", "123456789")


# HMRC never issues D, F, I, Q, U, V as first letter nor those and O as second; the suffix
# is A-D, but placeholder and temporary numbers in real exports (and Faker's "ZZ 12 34 56 T")
# use other letters, and the shape alone is already rare.
_NINO = re.compile(r"([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])([0-9]{6})([A-Z]?)")


def gb_nino(value: str) -> bool:
    """British National Insurance number ``AB 12 34 56 C``."""
    if len(value) > 20:
        return False
    return bool(_NINO.fullmatch(compact(value).upper()))


_SVNR = re.compile(r"([0-9]{2})([0-3][0-9][01][0-9][0-9]{2})([A-Z])([0-9]{2})([0-9])")
_SVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)


def de_svnr(value: str) -> bool:
    """German pension insurance number (Rentenversicherungsnummer) ``65 170839 J 003``:
    area, birth date, surname initial, serial and a check digit over all of them."""
    if len(value) > 20:
        return False
    m = _SVNR.fullmatch(compact(value).upper())
    if not m:
        return False
    digits = m.group(1) + m.group(2) + f"{ord(m.group(3)) - 64:02d}" + m.group(4)
    total = sum(
        sum(divmod((ord(c) - 48) * w, 10)) for c, w in zip(digits, _SVNR_WEIGHTS, strict=True)
    )
    return total % 10 == ord(m.group(5)) - 48


def document_number(value: str) -> bool:
    """An identity-document number (passport, ID card, driving licence): 6-16 letters and
    digits, at least four digits, optional spaces or dashes; British driving licences run to
    16 (``MORGA753116SM9IJ``). Shape only: rules using it are header-driven."""
    text = compact(value).upper()
    if not 6 <= len(text) <= 16 or not text.isascii() or not text.isalnum():
        return False
    digits = sum(c.isdigit() for c in text)
    return digits >= 4 and len(set(text)) > 2


_IIN_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_IIN_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def kz_iin(value: str) -> bool:
    """Kazakh individual identification number: YYMMDD, century/sex digit, checksum."""
    number = compact(value)
    if len(number) != 12 or not is_ascii_digits(number):
        return False
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(number[6])
    if century is None:
        return False
    try:
        dt.date(century + int(number[:2]), int(number[2:4]), int(number[4:6]))
    except ValueError:
        return False
    check = _weighted(number, _IIN_W1) % 11
    if check == 10:
        check = _weighted(number, _IIN_W2) % 11
        if check == 10:
            return False
    return check == ord(number[11]) - 48


_MODULE_NAME = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)?")


@lru_cache(maxsize=128)
def _stdnum_module(name: str) -> ModuleType | None:
    if not _MODULE_NAME.fullmatch(name):
        return None
    try:
        module = importlib.import_module(f"stdnum.{name}")
    except ImportError:
        return None
    return module if callable(getattr(module, "is_valid", None)) else None


def stdnum_module_exists(name: str) -> bool:
    """True when ``stdnum.<name>`` exists and has ``is_valid`` (used by rule tests)."""
    return _stdnum_module(name) is not None


def stdnum(value: str, module: str = "", modules: list[str] | tuple[str, ...] = ()) -> bool:
    """Whatever ``stdnum.<module>.is_valid`` says (any of ``modules`` when given)."""
    if len(value) > MAX_LEN:
        return False
    for name in (module, *modules) if module else tuple(modules):
        mod = _stdnum_module(name)
        if mod is None:
            continue
        try:
            if mod.is_valid(value):
                return True
        except Exception:  # stdnum raises on some odd input despite is_valid's contract
            continue
    return False
