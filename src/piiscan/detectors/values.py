"""Value shapes for header-driven rules (purchases, places): money amounts, quantities,
SKU-like codes, sizes, postal codes, hex digests and short free text. Alone they prove
nothing; under a matching header they confirm the column holds what its name says."""

from __future__ import annotations

import re

from piiscan.detectors._text import MAX_LEN

_CURRENCY = r"(?:[$€£₽¥₴₸]|руб\.?|р\.|₽|USD|EUR|RUB|GBP|PLN|KZT|UAH|CHF|zł|грн|тг)"
_AMOUNT = re.compile(
    rf"(?:{_CURRENCY}\s?)?[+-]?(?:{_CURRENCY}\s?)?"
    r"(?:[0-9]{1,3}(?:[ \u00a0\u202f',.][0-9]{3})+|[0-9]+)(?:[.,][0-9]{1,4})?"
    rf"(?:\s?{_CURRENCY})?",
    re.IGNORECASE,
)


def amount(value: str) -> bool:
    """A money amount: ``1 191,00``, ``$199.45``, ``3721.6``, ``1,234.50``, ``-15 €``."""
    value = value.strip()
    if not 1 <= len(value) <= 32 or not any(c.isdigit() for c in value):
        return False
    return bool(_AMOUNT.fullmatch(value))


_QUANTITY = re.compile(
    r"[0-9]{1,6}(?:[.,][0-9]{1,3})?(?:\s?(?:шт\.?|pcs\.?|pc|x|units?|кг|kg|g|г|л|l|stk\.?|stück|st\.?"
    r"|szt\.?|sztuk[ai]?|pièces?|pieces?|pce?s?\.?|дана|ea))?"
)


def quantity(value: str, max_value: int = 100000) -> bool:
    """An item count (``3``, ``2 шт``) or weight (``1,5``) no larger than ``max_value``."""
    value = value.strip()
    if not _QUANTITY.fullmatch(value.casefold()):
        return False
    number = float(re.sub(r"[^0-9.,]", "", value).replace(",", "."))
    return 0 <= number <= max_value


_SKU = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/\-]{1,38}[A-Za-z0-9]")


def sku(value: str) -> bool:
    """A stock-keeping code: ``RE-11406``, ``MO-12763``, ``SKU12345``, ``4601234567890``."""
    value = value.strip()
    return bool(_SKU.fullmatch(value)) and any(c.isdigit() for c in value)


def text(value: str, max_len: int = 500, min_letters: int = 2) -> bool:
    """Short free text with letters: product names, baskets, favourites, venue names."""
    value = value.strip()
    if not 2 <= len(value) <= min(max_len, 4 * MAX_LEN):
        return False
    if "@" in value and " " not in value:
        return False  # an e-mail address, not a product
    letters = sum(1 for c in value if c.isalpha())
    return letters >= min_letters and letters >= len(value) // 5


_PLACE = re.compile(r"[^\W\d_][^\d@/\\|<>{}\[\]#$%^*=+~?!]*")


def place_name(value: str) -> bool:
    """A place name: ``Ростов-на-Дону``, ``Saint-Étienne``, ``Tyoply Stan``; no digits."""
    value = value.strip()
    if not 2 <= len(value) <= 60 or len(value.split()) > 6:
        return False
    return bool(_PLACE.fullmatch(value)) and sum(1 for c in value if c.isalpha()) >= 2


_SIZE = re.compile(
    r"(?:(?:eu|uk|us|fr|it|de|ru|int)\s?)?"
    r"(?:[0-9]{1,3}(?:[.,]5)?(?:\s?(?:cm|см))?|[0-9]?x{0,3}[sl]|m|xs|xxs|one\s?size|[0-9]{2}/[0-9]{2})",
    re.IGNORECASE,
)


def size(value: str) -> bool:
    """A clothing or shoe size: ``M``, ``XL``, ``42``, ``EU 39``, ``UK 8``, ``32/34``."""
    return bool(_SIZE.fullmatch(value.strip()))


_HEX = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}")


def hex_digest(value: str) -> bool:
    """An MD5, SHA-1 or SHA-256 digest in hex (both letters and digits, as digests have)."""
    value = value.strip()
    return bool(_HEX.fullmatch(value)) and not value.isdigit() and not value.isalpha()


_POSTAL = re.compile(
    r"[0-9]{5}(?:-[0-9]{4})?|[0-9]{6}|[0-9]{4}|[0-9]{2}-[0-9]{3}|[0-9]{3} ?[0-9]{2}"
    r"|[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}"
    r"|[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]|[A-Za-z][0-9]{2}[A-Za-z]{2} ?[0-9]{4}"
)


def postal_code(value: str) -> bool:
    """A postal code: ``101000``, ``10115``, ``94107-1234``, ``00-950``, ``SW1A 1AA``,
    ``K1A 0B1``, ``A05K3A1`` (Kazakhstan); shapes only, the header says what it is."""
    return bool(_POSTAL.fullmatch(value.strip()))
