"""Street addresses.

Russian/Ukrainian forms carry markers (``ул.``, ``пр-т``, ``д. 18``, ``кв. 12``); Western
forms put a house number before a street name ending in a street-type word
(``438 Crystal Ways Suite 343``, ``12 rue de la Paix``), after a street-type word
(``ul. Kwiatowa 5``, ``Via Roma 10``) or after a compound street name
(``Hauptstraße 5``, ``Kalverstraat 12a``). A number alone, a product with a weight
(``Гречка ядрица 900 г``) or a venue name without a number is not an address.
"""

from __future__ import annotations

import re

from piiscan.detectors._cache import value_cache
from piiscan.detectors._data import street_words
from piiscan.detectors._text import screened

_CYR_STREET = re.compile(
    r"(?:^|[\s,(])(?:"
    r"(?:ул|пр|пер|наб|ш|алл|бул|бульв|пл|туп|мкр|мкрн|просп|вул|пров|пр-т|пр-д|б-р|км)\."
    r"|пр-т|пр-д|б-р|улица|проспект|переулок|набережная|шоссе|аллея|бульвар|площадь|проезд"
    r"|тупик|микрорайон|квартал|тракт|линия|вулиця|провулок|площа|узвіз|шосе|набережна|сквер"
    r"|парк|даңғылы|көшесі"
    r")(?=$|[\s,.])",
    re.IGNORECASE,
)
_CYR_HOUSE = re.compile(r"(?:^|[\s,])(?:д|дом|буд|кв|корп|стр|влд|зд)\.?\s*[0-9]+", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"[0-9]{1,5}[A-Za-z]?(?:[/-][0-9]{1,4}[A-Za-z]?)?,?")
_DIGIT = re.compile(r"\d")
"""A house number needs a digit (a decimal one: not ² or ①)."""
_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄє]")
_TOKEN_STRIP = ".,;:()"


def _norm(token: str) -> str:
    return token.casefold().strip(_TOKEN_STRIP)


@screened(requires=r"(?s)\d.*[^\W\d_]|[^\W\d_].*\d", rejects="@|://")
@value_cache(maxsize=65536)
def street_address(value: str) -> bool:
    """A street address with a house number (see the module docstring)."""
    value = " ".join(value.split())
    if not 5 <= len(value) <= 200 or "@" in value or "://" in value:
        return False
    if not _DIGIT.search(value) or not any(map(str.isalpha, value)):
        return False
    if _CYRILLIC.search(value):
        if _CYR_STREET.search(value):
            return True
        house = _CYR_HOUSE.search(value)
        # "Ленина, д. 5": a house marker with a street name before it.
        if house and re.search(r"[^\W\d_]{3,}", value[: house.start()]):
            return True
    return _western(value)


def _is_number(token: str) -> bool:
    return bool(_HOUSE_NUMBER.fullmatch(token)) and token[0].isdigit()


def _western(value: str) -> bool:
    types = street_words("type")
    prefixes = street_words("prefix")
    suffixes = street_words("suffix")
    units = street_words("unit")
    tokens = [t for t in re.split(r"[\s,]+", value) if t]
    if len(tokens) < 2 or len(tokens) > 16:
        return False
    norms = [_norm(t) for t in tokens]
    start = 0
    if norms[0] in units and len(tokens) > 3 and _is_number(tokens[1]):
        start = 2  # "Flat 3, Smith Road": the unit comes first, the street has no number
        if _typed_street(tokens[2:], norms[2:], types, units):
            return True
    # Form A: "438 Crystal Ways Suite 343", "12 rue de la Paix", "221B Baker Street".
    if _is_number(tokens[start]) and _typed_street(
        tokens[start + 1 :], norms[start + 1 :], types | prefixes, units
    ):
        return True
    for i, norm in enumerate(norms[:-1]):
        following = tokens[i + 1]
        # Form C: "Hauptstraße 5", "Baker Street 221B", "Kalverstraat 12a", "Carstenstr. 90",
        # "Jessica-Zirme-Ring 3".
        if _is_number(following):
            if norm in types and i > 0 and tokens[i - 1][0].isalpha():
                return True
            word = tokens[i].casefold().rstrip(",")
            last_part = word.rsplit("-", 1)[-1].rstrip(".")
            if "-" in word and (last_part in types or last_part in suffixes):
                return True
            if any(_compound(word, s) for s in suffixes):
                return True
        # Form B: "ul. Kwiatowa 5", "Via Roma 10", "Calle de Alcalá 42".
        if (
            i == 0
            and norm in prefixes
            and tokens[1][0].isalpha()
            and any(_is_number(t) for t in tokens[2:8])
        ):
            return True
    return False


def _compound(word: str, suffix: str) -> bool:
    """``word`` is a street name built on ``suffix`` ("nyvägen", "dörrring", "carstenstr.")
    with a real first part: two letters for long suffixes, three for short ones."""
    if not word.endswith(suffix):
        return False
    stem = len(word) - len(suffix)
    return stem >= (2 if len(suffix) >= 5 else 3) and word[:stem].isalpha()


def _typed_street(
    tokens: list[str], norms: list[str], types: frozenset[str], units: frozenset[str]
) -> bool:
    """A street name with its type word among the first words: "Crystal Ways", "rue de la
    Paix", "Baker Street"; a unit word ("Apt.") ends the search."""
    for i in range(min(len(tokens), 6)):
        if norms[i] in units:
            return False
        if norms[i] in types and tokens[i][0].isalpha() and _letters_around(tokens, i):
            return True
    return False


def _letters_around(tokens: list[str], i: int) -> bool:
    """The street-type word must come with a name: "12 Main Street", "12 rue de la Paix"."""
    name_before = any(t[0].isalpha() for t in tokens[:i])
    name_after = i + 1 < len(tokens) and tokens[i + 1][0].isalpha()
    return name_before or name_after
