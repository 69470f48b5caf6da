"""Person names: full names (``Белоусов Емельян Терентьевич``, ``David Fleming``), first or
last names alone, ``Фамилия И. О.``, ``Щербакова А.``, ``Last, First`` and upper-case
cardholder names (``DAVID SCOTT``).

Every word must be a known name (shipped Faker-derived lists, pymorphy3's Name/Surn/Patr
grammemes for Russian) or, in a longer name, look like a surname or patronymic by its
ending. Product, company, venue and store names fail on their other words ("Bar", "Group",
"900 г", "«...»"). Per-word lookups are cached; pymorphy3 is loaded once, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from piiscan.detectors._cache import loaded, value_cache
from piiscan.detectors._data import street_words, word_table
from piiscan.detectors._text import screened

NONE, UNKNOWN, WEAK, STRONG = 0, 1, 2, 3
"""Evidence that one word is part of a person's name."""

_LATIN_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏ"
_CYR_LETTERS = "А-Яа-яЁёІіЇїЄєҐґЎўӘәҒғҚқҢңӨөҰұҮүҺһ"
_WORD = re.compile(
    rf"[{_LATIN_LETTERS}{_CYR_LETTERS}]+(?:['’ʼ`\-][{_LATIN_LETTERS}{_CYR_LETTERS}]+)*"
)
_INITIALS = re.compile(rf"(?:[{_LATIN_LETTERS}{_CYR_LETTERS}]\.){{1,2}}")
_CYRILLIC = re.compile(f"[{_CYR_LETTERS}]")
_LATIN = re.compile(f"[{_LATIN_LETTERS}]")
_BAD_CHARS = re.compile(r"[0-9@/\\:;|<>{}\[\]«»\"#$%^&*_=+~?!()№]")

_PARTICLES_WORDS = """
    de da del della di van von der den la le du des dos das ter ten bin ibn al el zu
"""
_PARTICLES = frozenset(_PARTICLES_WORDS.split())
# Words that never stand in a person's name but do in company, venue, store and place names.
_STOPWORDS_WORDS = """
    and und et the of for at inc llc ltd plc gmbh ag co corp corporation company holding
    holdings partners associates group bar gym store shop clinic cafe restaurant hotel studio
    center centre market bank school university club salon pharmacy bakery pub grill kitchen
    solutions services systems technologies consulting international global enterprises
    industries foods farm farms pantry valley acres harbour harbor grove garden gardens mill
    street road avenue lane square plaza park heights city town village county ооо оао зао пао
    ао ип нко гк групп инкорпорэйтед лимитед трейд холдинг компания сервис магазин банк кафе
    ресторан клиника аптека фирма завод
"""
_STOPWORDS = frozenset(_STOPWORDS_WORDS.split())
# Honorifics and degrees around a name ("Dr.", "pan", "г-жа", "B.Sc."), compared with
# dots, dashes and case removed.
_TITLES_WORDS = """
    mr mrs ms miss mx dr prof sir dame rev herr frau dipling diplkfm ing mag univprof dott
    dottssa sig sigra signor signora pan pani panna mgr inz mme mlle sr sra srta don dona jr
    ii iii iv phd mba bsc msc beng meng ba ma md dds dvm esq llm dphil mdr med dent rer nat
    phil jur vet oec habil hab inż
    гн гжа тов господин госпожа пан пані панна д-р
"""
_TITLES = frozenset(_TITLES_WORDS.split())
# Place-name prefixes: "West Jason" and "Port Jon" are towns, not people.
_LEADING_STOPWORDS_WORDS = """
    north south east west new lake port saint sainte san santa fort mount upper lower great
    little old
"""
_LEADING_STOPWORDS = frozenset(_LEADING_STOPWORDS_WORDS.split())
_CYR_PATRONYMIC = re.compile(r".+(?:ович|евич|ьич|йович|ична|инична|овна|евна|івна|ївна|йовна)")
_CYR_SURNAME = re.compile(
    r".+(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|ской|енко|ко|ук|юк|чук|ич"
    r"|ець|ян|янц|дзе|швили|ых|их|ський|цький|ська|цька|бай|бек|ұлы|улы)"
)
# Kazakh patronymics: the father's first name + "ұлы" (son of) / "қызы" (daughter of), written
# as one word ("Нұрланұлы", "Serikkyzy") or Russified ("Нурланулы").
_KZ_PATRONYMIC = re.compile(r"(.{3,})(?:ұлы|улы|қызы|кызы)")
_LAT_KZ_PATRONYMIC = re.compile(r"(.{3,})(?:uly|kyzy|qyzy)")
# Kazakh letters read as their nearest Russian ones, so Kazakh spellings of names find their
# Russian-spelled entries ("Нұрлан" as "Нурлан", "Жұмабаев" as "Жумабаев").
_KZ_FOLD = str.maketrans("әғқңөұүһі", "агкноуухи")
_LAT_PATRONYMIC = re.compile(r".+(?:ovich|evich|ovych|evych|ovna|evna|ichna|ivna|yivna)")
_LAT_SURNAME = re.compile(
    r".+(?:ov|ova|ev|eva|in|ina|sky|skiy|skii|skaya|ski|ska|cki|cka|enko|chuk|uk|yan|ian|dze"
    r"|shvili|son|sen|ez|es|er|mann|man|berg|stein|ini|elli|etti|ic|ich|ak|ek)"
)


def _fold_latin(word: str) -> str:
    text = word.casefold()
    for a, b in (("ß", "ss"), ("ł", "l"), ("ø", "o"), ("æ", "ae"), ("œ", "oe"), ("đ", "d")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


@loaded
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


_NAME_GRAMMEMES = {"Name": "f", "Surn": "l", "Patr": "m"}


@value_cache(maxsize=131072)
def _pymorphy_word(word: str) -> tuple[int, str]:
    """(evidence, flags) from pymorphy3 for a lower-case Russian word."""
    morph = _morph()
    try:
        parses = morph.parse(word)
        known = morph.word_is_known(word)
    except Exception:  # pymorphy3 is robust, but a scanner must never fall over on a word
        return UNKNOWN, ""
    score = 0.0
    flags = ""
    for p in parses:
        for grammeme, flag in _NAME_GRAMMEMES.items():
            if grammeme in p.tag:
                score += p.score
                if flag not in flags:
                    flags += flag
                break
    if known:
        return (STRONG, flags) if score >= 0.15 else (NONE, "")
    if "m" in flags and score >= 0.5:
        return STRONG, "m"
    return UNKNOWN, ""


@value_cache(maxsize=131072)
def word_evidence(word: str) -> tuple[int, str]:
    """How strongly one word (one hyphen part) reads as a name, and as which kind
    (``f`` first, ``l`` last, ``m`` middle/patronymic)."""
    if _CYRILLIC.search(word):
        if _LATIN.search(word):
            return NONE, ""
        low = word.casefold().replace("ё", "е")
        for apostrophe in ("ʼ", "’", "`"):
            low = low.replace(apostrophe, "'")
        if low in _STOPWORDS:
            return NONE, ""
        flags = word_table("cyrillic_names.txt").get(low)
        if flags:
            return STRONG, flags
        if _CYR_PATRONYMIC.fullmatch(low):
            return STRONG, "m"
        if "'" in low:
            return _elided(low)
        if not re.fullmatch("[а-яё]+", low):
            # Ukrainian or Kazakh letters: pymorphy3's Russian dictionary cannot judge.
            return _kazakh(low)
        evidence, flags = _pymorphy_word(low)
        if evidence == UNKNOWN and _CYR_SURNAME.fullmatch(low):
            return WEAK, "l"
        return evidence, flags
    low = _fold_latin(word).replace("`", "'")
    if low in _STOPWORDS:
        return NONE, ""
    flags = word_table("latin_names.txt").get(low)
    if flags:
        return STRONG, flags
    if "'" in low:
        return _elided(low)
    if _LAT_PATRONYMIC.fullmatch(low):
        return STRONG, "m"
    m = _LAT_KZ_PATRONYMIC.fullmatch(low)
    if m and "f" in word_table("latin_names.txt").get(m.group(1), ""):
        return STRONG, "m"
    if _LAT_SURNAME.fullmatch(low):
        return WEAK, "l"
    return UNKNOWN, ""


def _kazakh(low: str) -> tuple[int, str]:
    """A Cyrillic word with Ukrainian or Kazakh letters not in the lists: its Russian-letter
    spelling, a Kazakh patronymic on a known first name, or a surname by its ending."""
    folded = low.translate(_KZ_FOLD)
    flags = word_table("cyrillic_names.txt").get(folded)
    if flags:
        return STRONG, flags
    m = _KZ_PATRONYMIC.fullmatch(low)
    if m and "f" in word_table("cyrillic_names.txt").get(m.group(1).translate(_KZ_FOLD), ""):
        return STRONG, "m"
    if _CYR_PATRONYMIC.fullmatch(folded):
        return STRONG, "m"
    return (WEAK, "l") if _CYR_SURNAME.fullmatch(low) else (UNKNOWN, "")


def _elided(word: str) -> tuple[int, str]:
    """A word with an apostrophe not in the lists: judge its longest part ("O'Brien",
    "D'Angelo"); apostrophes inside Ukrainian names were already looked up whole."""
    parts = sorted((p for p in word.split("'") if p), key=len, reverse=True)
    if not parts or len(parts[0]) < 2:
        return UNKNOWN, ""
    evidence, flags = word_evidence(parts[0])
    return min(evidence, WEAK) if evidence == STRONG and len(parts) > 2 else evidence, flags


def _token_evidence(token: str, upper_value: bool) -> tuple[int, str]:
    parts = token.split("-")
    if not token[0].isupper():
        return NONE, ""
    acronym = not upper_value and len(token) > 1 and token.isupper()
    best = STRONG
    flags = ""
    for part in parts:
        if not part:
            return NONE, ""
        ev, fl = word_evidence(part)
        best = min(best, ev)
        flags += fl
    if acronym and not (best == STRONG and "l" in flags and len(token) > 2):
        # An acronym (LLC, IPA, ООО) inside a mixed-case value; a known surname in capitals
        # is the French/Polish/Russian way of writing it ("Jean DUPONT", "ИВАНОВ Иван").
        return NONE, ""
    return best, flags


def _leading_stopword(token: str) -> bool:
    """Place-name prefixes and street types written first ("West Jason", "Via Teresita
    Pedrero", "Plaza Isaac Salazar") are not a person's first word."""
    low = _fold_latin(token).rstrip(".")
    prefixes = street_words("prefix")
    if low in _LEADING_STOPWORDS:
        return True
    return len(low) > 2 and (low in prefixes or token.casefold().rstrip(".") in prefixes)


def _title_key(token: str) -> str:
    return re.sub(r"[.\-]", "", token.casefold())


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading honorifics and trailing degrees: "Dr. Joanne Rudden", "Sonia Römer MBA."."""
    start, end = 0, len(tokens)
    while start < end - 1 and _title_key(tokens[start]) in _TITLES:
        start += 1
    while end - 1 > start and _title_key(tokens[end - 1]) in _TITLES:
        end -= 1
    return tokens[start:end]


@screened(rejects=_BAD_CHARS.pattern)
@value_cache(maxsize=65536)
def person_name(value: str) -> bool:
    """A person's name: see the module docstring for the accepted forms."""
    value = " ".join(value.split())
    if not 2 <= len(value) <= 80 or _BAD_CHARS.search(value):
        return False
    if value.count(",") > 1:
        return False
    if "," in value:
        last, first = (p.strip() for p in value.split(","))
        if not last or not first:
            return False
        value = f"{first} {last}"
    tokens = _strip_titles(value.split(" "))
    if not tokens or len(tokens) > 6:
        return False
    letters = [c for c in value if c.isalpha()]
    upper_value = len(letters) > 1 and all(c.isupper() for c in letters)
    words: list[tuple[int, str]] = []
    initials = 0
    for i, token in enumerate(tokens):
        if _INITIALS.fullmatch(token):
            initials += 1
            continue
        if token.casefold() in _PARTICLES and i < len(tokens) - 1:
            continue
        if not _WORD.fullmatch(token):
            return False
        if i == 0 and len(tokens) > 1 and _leading_stopword(token):
            return False
        words.append(_token_evidence(token, upper_value))
    if not words or len(words) > 4 or initials > 2:
        return False
    if _CYRILLIC.search(value) and _LATIN.search(value):
        return False
    strong = sum(1 for ev, _ in words if ev == STRONG)
    weak = sum(1 for ev, _ in words if ev == WEAK)
    unknown = sum(1 for ev, _ in words if ev == UNKNOWN)
    if any(ev == NONE for ev, _ in words):
        return False
    n = len(words)
    if n == 1:
        return strong == 1 or (weak == 1 and initials > 0)
    if n == 2:
        return strong >= 1 and unknown == 0
    has_patronymic = any("m" in fl for ev, fl in words if ev == STRONG)
    if unknown > 1:
        return False
    return strong >= 2 or (strong >= 1 and has_patronymic and weak + strong == n)


MIN_SINGLE_WORD_NAMES = 5
"""Distinct one-word names a column needs before it reads as first or last names."""


def person_names(values: Sequence[str]) -> bool:
    """False for a handful of one-word values that merely happen to be names ("English",
    "German"; "Black", "White", "Grey"; brands like "Müller", "Bauer"): a language, colour or
    brand column, not people. Names of people vary; staff columns hold full names."""
    vals = [v for v in values if v.strip()]
    if any(len(v.split()) > 1 for v in vals):
        return True
    return len(vals) >= MIN_SINGLE_WORD_NAMES
