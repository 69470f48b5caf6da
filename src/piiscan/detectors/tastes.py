"""Stated tastes: foods, dishes, drinks, diets, allergens, product categories, brands and
clothing sizes, in the languages piiscan reads.

The lexicon is data (``data/tastes.txt``). Russian words are compared by their normal form
(pymorphy3, as for names: «индейку в медовом соусе» holds «индейка»); Latin words also by a
compound's ending (``Rotwein``) or an inflected word's stem (``wegetariańskie``).
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

from piiscan.detectors._cache import loaded, value_cache
from piiscan.detectors._text import screened

MAX_WORDS = 8
"""Longer values are sentences (comments, reviews), not an answer naming a taste."""
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[а-яё]")


def _lower(word: str) -> str:
    return word.casefold().replace("ё", "е")


def _fold(word: str) -> str:
    """Latin accents off (``gâteau`` -> ``gateau``); short words keep them (``thé`` is not
    ``the``)."""
    if len(word) < 5 or word.isascii() or _CYRILLIC.search(word):
        return word
    word = word.replace("ß", "ss").replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@loaded
def _lexicon() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(every word, Latin words a compound may end with, Latin stems an inflection may extend)."""
    text = (resources.files("piiscan") / "data" / "tastes.txt").read_text(encoding="utf-8")
    listed = [
        _lower(line.partition("\t")[2])
        for line in text.splitlines()
        if line and not line.startswith("#") and "\t" in line
    ]
    words = {*listed, *map(_fold, listed)}
    latin = [w for w in words if not _CYRILLIC.search(w)]
    endings = tuple(w for w in latin if len(w) >= 4)
    stems = tuple(w for w in latin if len(w) >= 5)
    return frozenset(words), endings, stems


@value_cache(maxsize=65536)
def _known(word: str) -> bool:
    words, endings, stems = _lexicon()
    if word in words:
        return True
    if _CYRILLIC.search(word):
        from piiscan.detectors.names import _morph

        try:
            forms = {p.normal_form.replace("ё", "е") for p in _morph().parse(word)[:3]}
        except Exception:  # a scanner must never fall over on a word
            return False
        return bool(forms & words)
    if len(word) <= 4:
        return False
    # A compound's head comes after a word of its own (Rot|wein), not after a letter (p|rice).
    ending = any(word.endswith(w) and len(word) - len(w) >= 3 for w in endings)
    return ending or word.startswith(stems)


@screened(requires=r"[^\W\d_]{2}")
def taste(value: str) -> bool:
    """A short answer naming a food, dish, drink, diet, allergen, category or brand."""
    words = _WORD.findall(value)
    if not words or len(words) > MAX_WORDS or len(value) > 120:
        return False
    return any(_known(_lower(w)) or _known(_fold(_lower(w))) for w in words)
