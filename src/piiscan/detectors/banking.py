"""Bank identifiers and card attributes: IBAN, BIC/SWIFT, Russian BIK and settlement
accounts, ABA routing numbers, generic account numbers, CVV and card expiry dates."""

from __future__ import annotations

import re

from stdnum import bic as _stdnum_bic
from stdnum import iban as _stdnum_iban

from piiscan.detectors._cache import value_cache
from piiscan.detectors._text import compact, is_ascii_digits


def iban(value: str) -> bool:
    """IBAN with a valid country length and mod-97 checksum (python-stdnum).

    Inside free text a regex match may run on into the next upper-case word
    (``GB82 WEST ... 32 BIC``), so trailing space-separated groups are dropped one by one.
    """
    value = value.strip(" \t\r\n:;,.!?«»\"'()[]{}=#*")
    if not 15 <= len(value) <= 50:
        return False
    if value[:2].isdigit():
        # The Polish NRB is a PL IBAN without its country code ("61 1090 1014 0000 ...").
        number = compact(value)
        return len(number) == 26 and is_ascii_digits(number) and _iban_ok("PL" + number)
    groups = value.split(" ")
    for cut in range(len(groups), max(len(groups) - 3, 0), -1):
        if _iban_ok(" ".join(groups[:cut])):
            return True
    return False


@value_cache(maxsize=65536)
def _iban_ok(text: str) -> bool:
    number = compact(text).upper()
    if not 15 <= len(number) <= 34 or not number[:2].isalpha() or not number[2:4].isdigit():
        return False
    try:
        if number.isascii() and _BBAN_SHAPES:
            return _iban_valid(number)
        return bool(_stdnum_iban.is_valid(number))
    except Exception:  # stdnum contract says bool, be safe on odd input
        return False


def _iban_valid(number: str) -> bool:
    """``stdnum.iban.is_valid`` for a compact ASCII number, step by step, with the country
    table read once: stdnum looks the country up and compiles its BBAN pattern on every call
    (60 us a value, where this takes a tenth)."""
    if not _IBAN_CHARS.fullmatch(number):
        return False
    if int((number[4:] + number[:4]).translate(_BASE36_DIGITS)) % 97 != 1:
        return False
    shape = _BBAN_SHAPES.get(number[:2])
    if shape is None or not shape.match(number[4:]):
        return False
    module = _stdnum_iban._get_cc_module(number[:2])
    return module is None or bool(module.is_valid(number))


def _bban_shapes() -> dict[str, re.Pattern[str]]:
    """Country code -> BBAN pattern, from python-stdnum's IBAN registry; empty (stdnum then
    does every check itself) if the registry is not the flat country table it is today."""
    shapes: dict[str, re.Pattern[str]] = {}
    try:
        for length, low, high, props, children in _stdnum_iban._ibandb.prefixes:
            if length != 2 or low != high or children:
                return {}
            shapes[low] = _stdnum_iban._struct_to_re(props.get("bban", ""))
    except (AttributeError, TypeError, ValueError):
        return {}
    return shapes


_BBAN_SHAPES = _bban_shapes()
_IBAN_CHARS = re.compile("[0-9A-Z]+")
_BASE36_DIGITS = {ord(c): str(int(c, 36)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def bic(value: str) -> bool:
    """BIC/SWIFT code ``DEUTDEFF`` / ``DEUTDEFF500``: bank, ISO country, location, branch."""
    value = value.strip()
    if len(value) not in (8, 11) or not value.isascii() or not value.isupper():
        return False
    try:
        return bool(_stdnum_bic.is_valid(value))
    except Exception:
        return False


def ru_bik(value: str) -> bool:
    """Russian bank identification code: 9 digits, ``04`` + region + division + bank."""
    number = value.strip()
    return len(number) == 9 and is_ascii_digits(number) and number.startswith("04")


# ISO 4217 numeric codes of currencies Russian banks keep accounts in; 810 is the
# pre-1998 rouble code still used in account numbers.
_CURRENCIES_WORDS = """
    810 643 840 978 156 398 933 980 826 756 392 344 36 124 203 208 348 578 752 985 949 944 051
    417 860 972 934 498 356 410 764 784 682 702 554 710 986
"""
_CURRENCIES = frozenset(_CURRENCIES_WORDS.split())


def ru_account(value: str) -> bool:
    """Russian bank account: 20 digits, a balance-account prefix and a currency code.

    The control key (digit 9) needs the bank's BIK: see :func:`ru_account_key_ok`.
    """
    number = compact(value)
    if len(number) != 20 or not is_ascii_digits(number):
        return False
    if number[0] not in "123456789" or number[:3] == "000":
        return False
    return number[5:8] in _CURRENCIES or number[5:8].lstrip("0") in _CURRENCIES


_KEY_WEIGHTS = (7, 1, 3) * 8


def ru_account_key_ok(account: str, bik: str) -> bool:
    """Central Bank of Russia control-key check of ``account`` against its bank's ``bik``.

    The 23 digits (3 from the BIK, then the 20-digit account) weighted 7,1,3,... must
    sum to a multiple of 10. Accounts held at the Bank of Russia (a BIK ending ``000``,
    ``001`` or ``002``, or a bank's correspondent account ``30101...``) use ``0`` + BIK
    digits 5-6 instead of the BIK's last three.
    """
    acc, code = compact(account), compact(bik)
    if len(acc) != 20 or len(code) != 9 or not is_ascii_digits(acc + code):
        return False
    at_central_bank = code[6:9] in ("000", "001", "002") or acc.startswith("30101")
    prefix = "0" + code[4:6] if at_central_bank else code[6:9]
    digits = prefix + acc
    return sum((ord(c) - 48) * w % 10 for c, w in zip(digits, _KEY_WEIGHTS, strict=False)) % 10 == 0


_ABA_PREFIX = re.compile(r"0[0-9]|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80")


def routing_number(value: str) -> bool:
    """US ABA routing transit number: Fed district prefix and the 3-7-1 checksum."""
    number = compact(value)
    if len(number) != 9 or not is_ascii_digits(number) or number == "000000000":
        return False
    if not _ABA_PREFIX.fullmatch(number[:2]):
        return False
    d = [ord(c) - 48 for c in number]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


_ACCOUNT = re.compile(r"[0-9]{2,}(?:[ -][0-9]{2,}){0,6}")


def account_number(value: str, min_digits: int = 6, max_digits: int = 34) -> bool:
    """A bank account number shape: digits with optional space/dash groups (header-driven);
    an account column often holds IBANs too (``Kontonummer``, ``numer konta``)."""
    value = value.strip()
    if value[:2].isalpha():
        return iban(value)
    if len(value) > 48 or not _ACCOUNT.fullmatch(value):
        return False
    n = len(compact(value))
    return min_digits <= n <= max_digits and len(set(compact(value))) > 1


_SORT_CODE = re.compile(r"[0-9]{2}([ -]?)[0-9]{2}\1[0-9]{2}")
_BLZ = re.compile(r"[1-8][0-9]{2}( ?)[0-9]{3}\1[0-9]{2}")


def bank_code(value: str) -> bool:
    """A domestic bank code: a British/Irish sort code ``20-32-06``, a German BLZ
    ``370 400 44`` (8 digits, clearing area 1-8) or a 5-digit French/Austrian bank code.
    Shape only: rules using it are header-driven."""
    value = value.strip()
    if len(value) > 12:
        return False
    if _SORT_CODE.fullmatch(value) or _BLZ.fullmatch(value):
        return len(set(compact(value))) > 1
    return len(value) == 5 and is_ascii_digits(value) and len(set(value)) > 1


def cvv(value: str) -> bool:
    """Card verification value: 3 or 4 digits (meaningful only under a CVV header)."""
    value = value.strip()
    return len(value) in (3, 4) and is_ascii_digits(value)


_EXPIRY = (
    re.compile(r"(?P<m>0[1-9]|1[0-2]|[1-9]) ?[/\-.] ?(?P<y>[0-9]{2}|20[0-9]{2})"),
    re.compile(r"(?P<y>20[0-9]{2})[/\-.](?P<m>0[1-9]|1[0-2])"),
    re.compile(r"(?P<m>0[1-9]|1[0-2])(?P<y>[0-9]{2})"),  # MMYY as embossed, no separator
)


def card_expiry(value: str) -> bool:
    """Card expiry ``MM/YY``, ``MM/YYYY``, ``MM-YY``, ``MMYY`` or ``YYYY-MM``, 2000-2049."""
    value = value.strip()
    if len(value) > 10:
        return False
    for pattern in _EXPIRY:
        m = pattern.fullmatch(value)
        if m:
            year = int(m.group("y"))
            year = year + 2000 if year < 100 else year
            return 2000 <= year <= 2049 and 1 <= int(m.group("m")) <= 12
    return False
