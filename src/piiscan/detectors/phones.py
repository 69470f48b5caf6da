"""Telephone numbers via ``phonenumbers``.

A formatted number (``8 (937) 118-79-14``, ``(415) 413-9294``, ``030 1234567``) is tried in a
few likely regions with ``is_valid_number``. A bare digit string is a phone only when it
carries a country or trunk prefix (``79...``/``89...`` for RU/KZ, ``1`` + 10 for NANP,
``380``..., ``+``/``00``): ids, timestamps, barcodes and random numbers are not phones.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException

from piiscan.detectors._cache import value_cache
from piiscan.detectors._text import digits_only

DEFAULT_REGIONS: tuple[str, ...] = (
    "RU",
    "US",
    "GB",
    "DE",
    "FR",
    "PL",
    "UA",
    "KZ",
    "BY",
    "ES",
    "IT",
    "NL",
    "AT",
    "CH",
    "BE",
)
"""Regions a formatted national number is tried in, most likely first."""

# Country codes whose numbers are routinely stored as bare digits (E.164 without "+"),
# with the total digit counts that code uses. 7 and 1 are handled on their own.
_BARE_CODES: dict[str, frozenset[int]] = {
    "380": frozenset({12}),
    "375": frozenset({12}),
    "44": frozenset({12}),
    "49": frozenset({12, 13}),
    "33": frozenset({11}),
    "48": frozenset({11}),
    "34": frozenset({11}),
    "39": frozenset({11, 12}),
    "31": frozenset({11}),
    "998": frozenset({12}),
    "996": frozenset({12}),
    "994": frozenset({12}),
    "995": frozenset({12}),
    "374": frozenset({11}),
    "373": frozenset({11}),
    "370": frozenset({11}),
    "371": frozenset({11}),
    "372": frozenset({10, 11}),
    "43": frozenset({12, 13}),
    "41": frozenset({11}),
    "32": frozenset({11}),
}
# Shapes that are phone numbers by their formatting alone, whether or not the area code is
# assigned: "(415) 413-9294", "415.413.9294", "8 (937) 118-79-14", "8 937 118 79 14".
_NANP_SHAPE = re.compile(
    r"(?:1[ .-]?)?\([2-9][0-9]{2}\) ?[0-9]{3}[ .-][0-9]{4}"
    r"|(?:1[ .-])?[2-9][0-9]{2}([ .-])[0-9]{3}\1[0-9]{4}"
)
_RU_SHAPE = re.compile(
    r"[78] ?\([0-9]{3}\) ?[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}"
    r"|8 [0-9]{3} [0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}"
)

_ALLOWED = re.compile(r"\+?[0-9 ()./\-]+")
_EXTENSION = re.compile(r"\s*(?:ext\.?|x|доб\.?|#)\s*[0-9]{1,5}$", re.IGNORECASE)
_NOT_PHONE_FULL = (
    re.compile(r"[+-]?[0-9]+[.,][0-9]+"),  # a decimal number
    re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"),  # IPv4 or 4-part version
    re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){2,}"),  # versions like 1.2.3 (305.868.9253 is not)
)
# "01.83.58.10.12" (France), "079.123.45.67" (Switzerland): a zero-led first group is a trunk
# prefix, never a version's major number.
_TRUNK_DOTTED = re.compile(r"0[0-9]{1,3}(?:\.[0-9]{2,4}){2,5}")
# A float-typed export (pandas turns a column with gaps into floats): "79161234567.0".
_FLOAT_TAIL = re.compile(r"[0-9]{10,15}\.0")
# "0341/1638497", "+49 341/1638497": a slash only ever follows the area code; "2024/123456"
# is an order or file number.
_SLASHED = re.compile(
    r"(?:0[1-9][0-9]{1,4}|\+[0-9]{1,3} ?(?:\(0\))? ?[1-9][0-9]{1,4}) ?/ ?[0-9][0-9 -]{2,12}"
)
_NOT_PHONE_PART = (
    re.compile(r"[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}"),  # ISO-like date
    re.compile(r"[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{4}"),  # dd.mm.yyyy
)
# Characters a regex match inside free text may carry at its edges (the rule pattern
# consumes one boundary character on each side).
_EDGE = " \t\r\n:;,.!?«»\"'=<>[]{}|*~—–"


def phone(
    value: str, regions: list[str] | tuple[str, ...] = DEFAULT_REGIONS, national: bool = False
) -> bool:
    """A phone number (formatted or bare with a country/trunk prefix), any of ``regions``.

    ``national``: also bare national digits without any prefix, as Polish numbers are
    written (``601234567``; Poland has no trunk prefix) or as an integer column keeps
    them (``7700900123``, the trunk 0 lost); any 9 digits could be an id, so only rules
    bound to a phone header set it."""
    value = value.strip(_EDGE)
    if _FLOAT_TAIL.fullmatch(value):
        value = value[:-2]
    if value.count("(") < value.count(")") and value.endswith(")"):
        value = value[:-1].rstrip(_EDGE)
    if value.count("(") > value.count(")") and value.startswith("("):
        value = value[1:].lstrip(_EDGE)
    if not 7 <= len(value) <= 32:
        return False
    return _phone(value, tuple(regions), national)


@lru_cache(maxsize=65536)
def _trunk_prefix(region: str) -> str | None:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return None if meta is None else meta.national_prefix


@value_cache(maxsize=65536)
def _phone(value: str, regions: tuple[str, ...], national: bool = False) -> bool:
    value = _EXTENSION.sub("", value)
    if not _ALLOWED.fullmatch(value):
        return False
    if any(p.fullmatch(value) for p in _NOT_PHONE_FULL) and not _TRUNK_DOTTED.fullmatch(value):
        return False
    if "/" in value and not _SLASHED.fullmatch(value):
        return False
    if any(p.search(value) for p in _NOT_PHONE_PART):
        return False
    if value.startswith("+"):
        value = value.replace("(0)", "")  # "+44 (0)20 7946 0958": the trunk, written anyway
    digits = digits_only(value)
    if not 7 <= len(digits) <= 15 or value.count("(") != value.count(")"):
        return False
    # An explicit international prefix is strong evidence already: the number only has to
    # have a possible length for its country (exports hold unassigned ranges too).
    if value.startswith("+"):
        # The fast check settles the common case; the library has the last word on the rest.
        return _possible_international(digits) or _valid("+" + digits, None, possible=True)
    if digits.startswith("00") and (value.startswith("00") or value.startswith("(00")):
        # "00" is the international prefix; bare "0043000"-like ids need a valid number,
        # and a written one must keep the country code in one group ("0049 30 ..." or
        # "00 49 30 ...", not an IBAN's "0025 8136 ...").
        if digits == value:
            return len(digits) >= 10 and _valid("+" + digits[2:], None)
        groups = [g for g in re.split(r"[ ().\-/]+", value) if g]
        code = groups[1] if groups[0] == "00" and len(groups) > 1 else groups[0][2:]
        if not code.isdigit() or int(code) not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return False
        return len(digits) >= 10 and _valid("+" + digits[2:], None, possible=True)
    bare = digits == value
    n = len(digits)
    # Russian/Kazakh: +7 or the domestic trunk 8, same 10-digit national number.
    if n == 11 and digits[0] in "78" and _valid("+7" + digits[1:], None):
        return True
    if n == 11 and digits[0] == "1" and _valid("+" + digits, None):
        return True
    if bare:
        for code, lengths in _BARE_CODES.items():
            if digits.startswith(code) and n in lengths and _valid("+" + digits, None):
                return True
        # A bare national number with its trunk 0 (07700900123, 0149092356); German mobile
        # numbers run to 12 digits with the trunk (015112345678), where landline ranges are
        # so open that any 12 digits would do: those must be mobile.
        if digits[0] == "0" and digits[1] != "0" and 10 <= n <= 11:
            return any(_valid(digits, r) for r in regions if _trunk_prefix(r) == "0")
        if digits[0] == "0" and digits[1] != "0" and n == 12:
            return any(_mobile(digits, r) for r in regions if _trunk_prefix(r) == "0")
        if national and digits[0] != "0" and 9 <= n <= 11:
            return any(
                _valid((_trunk_prefix(r) or "") + digits, r)
                for r in regions
                if _trunk_prefix(r) in (None, "0")
            )
        return False
    if _NANP_SHAPE.fullmatch(value) or _RU_SHAPE.fullmatch(value):
        return True
    # A formatted national number: groups of two or more digits after the first
    # ("1945 3243 8" is an IBAN tail, not a phone), nine digits or more, and only regions
    # whose trunk prefix fits the first digit (a leading 0 is a trunk in GB/DE/FR...).
    groups = [g for g in re.split(r"[ ().\-/]+", value) if g]
    if n < 9 or n > 13 or any(len(g) < 2 for g in groups[1:]):
        return False
    if digits[0] == "0":
        return any(_valid(value, r) for r in regions)
    return any(_valid(value, r) for r in regions if _trunk_prefix(r) != "0")


def _possible_international(digits: str) -> bool:
    """A fast sufficient test for ``is_possible_number`` on E.164 digits (parsing costs ~70 µs
    and free text can hold many numbers): country codes are prefix-free, so the first known one
    wins, and the rest must have a length that country's numbers have."""
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return len(digits) - size in _possible_lengths(code)
    return False


@lru_cache(maxsize=512)
def _possible_lengths(code: int) -> frozenset[int]:
    lengths: set[int] = set()
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        meta = (
            phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)
            if region == "001"
            else phonenumbers.PhoneMetadata.metadata_for_region(region)
        )
        if meta is not None and meta.general_desc is not None:
            lengths.update(meta.general_desc.possible_length or ())
    return frozenset(lengths)


def _mobile(text: str, region: str) -> bool:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE and bool(
        phonenumbers.is_valid_number(number)
    )


def _valid(text: str, region: str | None, *, possible: bool = False) -> bool:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return False
    if possible:
        return bool(phonenumbers.is_possible_number(number))
    return bool(phonenumbers.is_valid_number(number))
