"""People inside sentences: names, street addresses and birth dates in free text.

Each finder takes one cell and returns the value it found there (for the masked sample), or
None. The engine calls them only on cells its RE2 prefilter picked (the rule's pattern), so
the Python work here is paid by few cells. Precision first: a capitalised word is not a
name. A name needs a shape only people have (surname + initials, an honorific, a
patronymic) or a context word beside it (roles, verbs of calling, writing and paying);
streets named after people, companies and brands are ruled out by the words around them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps

from piiscan.detectors._cache import value_cache
from piiscan.detectors._data import street_words
from piiscan.detectors.dates import parse_date
from piiscan.detectors.names import (
    _PARTICLES,
    NONE,
    STRONG,
    WEAK,
    _token_evidence,
    person_name,
)

_EDGE = " \t\r\n,;:.!?\"'«»<>[]{}|/#=&*()"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?|[0-9][0-9A-Za-z/\-]*|\S")

_TITLES_WORDS = """
    mr mrs ms miss mx dr prof sir herr herrn frau fr pan pani pana panią panem panu panie
    monsieur madame mademoiselle mme mlle г-н г-жа г-на г-ну г-ном г-жи г-же господин
    госпожа господина господину госпожи госпоже
    """
_TITLES = frozenset(_TITLES_WORDS.split())
# Words that say a person is meant: roles, verbs of calling, writing and paying, greetings,
# family. Stems match the start of a word (declined and conjugated forms).
_CONTEXT_STEMS_WORDS = """
    клиент покупател получател заказчик курьер водител менеджер оператор сотрудни
    представител контакт звонил позвонил перезвон звонок звонк созвон дозвон написал пишет
    писал сообщил связал оформил оплатил оплат платил перевел перевёл просил просит передать
    передал передан забрал забер получил принял встретил договорил уважаем здравствуй добр
    зовут фио сын дочь дочер жена жене мужа муж мама маме мать отец отца брат сестр бабушк
    дедушк слов лично доверенн именинни адресат директор
    customer client recipient courier driver agent manager caller contact buyer sender guest
    patient call phone spoke spoken talk emailed email mail wrote writ text messag voicemail
    paid pay refund invoice signed receiv placed request complain asked ask dear hello
    thank attn attention named son daughter wife husband mother father colleague tenant owner
    neighbo escalat assign
    kund empfänger kurier fahrer bote absender ansprechpartner mitarbeiter angerufen anruf
    rückruf telefon geschrieben schrieb bezahlt zahlung überwies aufgegeben abgeholt
    abgegeben geehrt liebe lieber hallo sohn tochter ehefrau ehemann mutter vater
    klient odbior kurier kierowc nadawc kupując zamawiając pracownik dzwoni zadzwoni rozmaw
    rozmow napisa pisał zapłaci płatnoś przelew złożył kontakt szanown drog syn córk
    żon mąż matk ojc
    destinatair livreur coursier chauffeur expéditeur acheteur conseill appel rappel
    téléphon écrit payé paiement virement commandé passée reçu cher chère bonjour
    fils fille épouse mari mère père message trouvé
"""
_CONTEXT_STEMS = _CONTEXT_STEMS_WORDS.split()
_PREPOSITION_WORDS = """
    для от у с со к ко за по при
    hi
    for from to with by of per via c/o
    für von an mit bei
    dla od z do u przez
    de à avec pour par chez
    """
_PREPOSITIONS = frozenset(_PREPOSITION_WORDS.split())
"""Prepositions: context for a full name only ("для Марии Сидоровой", "for Daniel Harris")."""
_ARTICLES_WORDS = "the a der die das den dem ein eine einen le la les un une du des"
_ARTICLES = frozenset(_ARTICLES_WORDS.split())
_CONTEXT = re.compile("|".join(sorted(_CONTEXT_STEMS, key=len, reverse=True)))
_NOT_PERSON_BEFORE_WORDS = """
    ул улица улице улицы улицу улиц проспект проспекте проспекта проспекту просп пр пр-т
    пер переулок переулке переулка бульвар бульваре бульвара б-р площадь площади пл шоссе
    набережная набережной наб аллея аллее аллеи метро станция станции им имени вул вулиця
    street avenue ave boulevard blvd road rd lane square place named
    rue av bd allée impasse quai cours chemin route lycée collège école aéroport gare hôpital
    station métro stade salle pont
    ulica ulicy ulicę ul aleja alei aleję al plac placu pl osiedle os rondo im imienia
    straße strasse platz allee weg gasse
    """
_NOT_PERSON_BEFORE = frozenset(_NOT_PERSON_BEFORE_WORDS.split())
"""Words before a capitalised name that make it a street, station or institution."""
_NOT_PERSON_AFTER_WORDS = """
    street st avenue ave boulevard blvd road rd lane drive square place way park bridge
    station airport hall memorial university college school hospital center centre
    ltd llc inc gmbh ag kg sarl sas sa sp spa plc co corp group company bank
    straße strasse platz allee weg
    &
    """
_NOT_PERSON_AFTER = frozenset(_NOT_PERSON_AFTER_WORDS.split())
"""Words after one: a street, a place or a company named after a person."""
_QUOTES = frozenset("«»\"“”„'")


def _key(token: str) -> str:
    return token.casefold().rstrip(".")


def _is_initial(token: str) -> bool:
    return len(token) == 2 and token[1] == "." and token[0].isupper()


def _is_word(token: str) -> bool:
    return token[0].isalpha()


def _capitalised(token: str) -> bool:
    core = token.rstrip(".")
    return len(core) > 1 and core[0].isupper() and not core.isupper()


def _context(token: str) -> bool:
    key = _key(token)
    return key in _PREPOSITIONS or _CONTEXT.match(key) is not None


def _role(token: str) -> bool:
    return _CONTEXT.match(_key(token)) is not None


def _evidence(word: str) -> tuple[int, str]:
    try:
        return _token_evidence(word.rstrip("."), False)
    except Exception:  # a scanner must never fall over on a word
        return NONE, ""


def _guarded(find: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """A finder that never raises: a bug must not stop the scan nor leak the value."""

    @wraps(find)
    def guarded(text: str) -> str | None:
        try:
            return find(text)
        except Exception:
            return None

    return guarded


@_guarded
@value_cache(maxsize=65536)
def find_person(text: str) -> str | None:
    """A person's name inside ``text`` (see the module docstring), or None."""
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    spans = [m.span() for m in matches]
    core = text.strip(_EDGE)
    i = 0
    while i < len(tokens):
        if not _run_start(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < 7 and _run_part(tokens[j], tokens[j - 1]):
            j += 1
        found = _best_in_run(tokens, i, j)
        if found is not None:
            first, last = found
            while _key(tokens[first]) in _TITLES:  # the sample shows the name, not "Mr"
                first += 1
            start, end = spans[first][0], spans[last - 1][1]
            value = (
                text[start:end].rstrip(".")
                if not _is_initial(tokens[found[1] - 1])
                else (text[start:end])
            )
            if value.strip(_EDGE) != core:
                return value
        i = j
    return None


def _run_start(token: str) -> bool:
    return _is_word(token) and (_capitalised(token) or _is_initial(token) or _key(token) in _TITLES)


def _run_part(token: str, previous: str) -> bool:
    """Whether ``token`` continues a run of name-like tokens: a sentence's end stops it."""
    if not _is_word(token):
        return False
    if previous.endswith(".") and not (_is_initial(previous) or _key(previous) in _TITLES):
        return False
    return (
        _capitalised(token)
        or _is_initial(token)
        or _key(token) in _TITLES
        or token.casefold() in _PARTICLES
    )


def _best_in_run(tokens: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The longest stretch of the run tokens[i:j] that reads as a person's name."""
    for length in range(j - i, 0, -1):
        for s in range(i, j - length + 1):
            if _accept(tokens, s, s + length):
                return s, s + length
    return None


def _words_before(tokens: list[str], s: int, n: int) -> list[str]:
    out: list[str] = []
    k = s - 1
    while k >= 0 and len(out) < n:
        if _is_word(tokens[k]) or tokens[k] == "&":
            out.append(tokens[k])
        k -= 1
    return out


def _words_after(tokens: list[str], e: int, n: int) -> list[str]:
    """Up to ``n`` words after tokens[e - 1] in the same clause."""
    out: list[str] = []
    for token in tokens[e : e + n + 1]:
        if not _is_word(token):
            break
        out.append(token)
    return out[:n]


def _context_before(before: list[str]) -> bool:
    """A context word just before a name: a preposition or role right before it, or a role
    one word earlier ("Sehr geehrte(r) Anna Schmitz"); never after an article ("the Harry
    Potter box set": a product)."""
    if not before or _key(before[0]) in _ARTICLES:
        return False
    return _context(before[0]) or (len(before) > 1 and _role(before[1]))


def _accept(tokens: list[str], s: int, e: int) -> bool:
    part = tokens[s:e]
    if part[0].casefold() in _PARTICLES or part[-1].casefold() in _PARTICLES:
        return False
    n_titles = 0
    while n_titles < len(part) and _key(part[n_titles]) in _TITLES:
        n_titles += 1
    rest = part[n_titles:]
    if not rest or any(_key(t) in _TITLES for t in rest):
        return False
    initials = [t for t in rest if _is_initial(t)]
    words = [t for t in rest if not _is_initial(t) and t.casefold() not in _PARTICLES]
    if not words or len(words) > 4 or len(initials) > 2:
        return False
    before = _words_before(tokens, s, 3)
    after = tokens[e] if e < len(tokens) else ""
    if before and (_key(before[0]) in _NOT_PERSON_BEFORE or _key(before[0]) in _ARTICLES):
        return False  # "проспект Вернадского", "a Dr. Martens pair": not a person
    if len(before) > 1 and _key(before[1]) in _NOT_PERSON_BEFORE and not n_titles:
        return False
    if _key(after) in _NOT_PERSON_AFTER or (
        after in _QUOTES and s > 0 and tokens[s - 1] in _QUOTES
    ):
        return False
    if s > 0 and tokens[s - 1] in ("«", '"', "“", "„"):
        return False
    evidence = [_evidence(w) for w in words]
    if any(ev == NONE for ev, _ in evidence):
        return False
    if initials:
        # The shape of a person's name: "Петрова Е. В.", "J. Smith".
        return len(words) == 1 and _initials_around(rest)
    if n_titles:
        return len(words) <= 2 and evidence[0][0] >= WEAK
    if len(words) == 1:
        ev, flags = evidence[0]
        return ev == STRONG and "l" in flags and bool(before) and _role(before[0])
    context = _context_before(before) or any(_role(w) for w in _words_after(tokens, e, 2))
    if not person_name(" ".join(w.rstrip(".") for w in words)):
        # With a context word, a known first name before an unlisted surname: "Anna Schulze".
        first, last = evidence[0], evidence[-1]
        return (
            context
            and len(words) == 2
            and first[0] == STRONG
            and "f" in first[1]
            and (last[0] >= WEAK or len(words[-1]) > 3)
        )
    if any(ev == STRONG and "m" in flags for ev, flags in evidence):
        return True
    if context:
        return True
    cyrillic = all("а" <= w[1].casefold() <= "я" or w[1] in "ёЁ" for w in words)
    kinds = "".join(flags for ev, flags in evidence if ev == STRONG)
    return (
        cyrillic
        and len(evidence) == sum(ev == STRONG for ev, _ in evidence)
        and ("f" in kinds and "l" in kinds)
    )


def _initials_around(rest: list[str]) -> bool:
    """Initials stand together before or after the one word: "Петрова Е. В.", "J. Smith"."""
    marks = [_is_initial(t) for t in rest]
    k = marks.index(False)
    return (all(marks[:k]) and not any(marks[k + 1 :])) or (k == 0 and all(marks[1:]))


# ---------------------------------------------------------------- addresses

_CYR_ADDRESS = re.compile(
    r"(?i)(?<![^\W\d_])(?:ул|улиц[аеуы]|пр-т|просп|проспект[аеу]?|пер|переул(?:ок|ке|ка)"
    r"|б-р|бул|бульвар[аеу]?|наб|набережн(?:ая|ой|ую)|ш|шоссе|пл|площад[ьи]|мкр|алл"
    r"|алле[яиюе]|проезд[аеу]?|туп|тупик[аеу]?|вул|вулиц[яіюе]|пров)\.?\s+"
    r"(?:[0-9]{1,2}-?(?:го|й|я)?\s+)?(?:[А-ЯЁA-Z][^\s,.]*\.?\s*){1,3},?\s*"
    r"(?:(?:д|дом|буд)\.?\s*)?[0-9]{1,4}(?:[а-яА-Я](?![^\W\d_]))?(?:/[0-9]{1,4})?"
    r"(?![0-9]|[:.,][0-9]|\s*(?:раз|час|мин|г\.|года|лет|руб|р\.|%|шт))"
)
_CYR_ADDRESS_AFTER = re.compile(
    r"(?<![^\W\d_])[А-ЯЁ][а-яё]+(?:ий|ый|ой|ая|ое|ского|ская)\s+(?:проспект|переулок|бульвар"
    r"|шоссе|проезд|тупик|пр-т|пер\.|б-р|ш\.|пр\.)(?![^\W\d_]),?\s*(?:(?:д|дом)\.?\s*)?"
    r"[0-9]{1,4}(?:/[0-9]{1,4})?(?![0-9]|[:.,][0-9]|\s*(?:раз|час|мин|г\.|года|лет|руб|р\.|%|шт))"
)
"""The street type after the name: "Ленинский проспект, 45", "Варшавское ш., д. 3"."""
_HOUSE = re.compile(r"[0-9]{1,5}[A-Za-z]?(?:[/-][0-9]{1,4}[A-Za-z]?)?,?")
_NOT_HOUSE_AFTER_WORDS = (
    "uhr h am pm % kg g km m min minutes mins hours days times zł eur € usd $ rub lat ans jahre "
    "years mal fois razy x stück pcs"
)
_NOT_HOUSE_AFTER = frozenset(_NOT_HOUSE_AFTER_WORDS.split())
_HOUSE_EXTRA = frozenset(("bis", "ter", "quater"))
"""French repetition words after a house number: "12 bis rue de la Paix"."""
_LOWER_ANCHORS_WORDS = (
    "rue avenue allée boulevard bd impasse chemin quai place route cours ul al os pl ulica "
    "aleja osiedle plac via calle avenida"
)
_LOWER_ANCHORS = frozenset(_LOWER_ANCHORS_WORDS.split())


def _street_anchor(token: str) -> str | None:
    """``prefix`` (street type before the name), ``type`` (after it), ``compound``
    ("Hauptstraße", "Kennedy-Allee") or None."""
    key = _key(token)
    if key in _LOWER_ANCHORS or (token[0].isupper() and key in street_words("prefix")):
        return "prefix"
    if token[0].isupper() and key in street_words("type"):
        return "type"
    word = token.casefold()
    for suffix in street_words("suffix"):
        stem = len(word) - len(suffix)
        if word.endswith(suffix) and stem >= 3 and word[:stem].replace("-", "").isalpha():
            return "compound"
    return None


def _house(tokens: list[str], k: int) -> bool:
    if not 0 <= k < len(tokens) or not _HOUSE.fullmatch(tokens[k]) or tokens[k][-1] == "h":
        return False
    nxt = tokens[k + 1].casefold().rstrip(".") if k + 1 < len(tokens) else ""
    return nxt not in _NOT_HOUSE_AFTER and nxt != ":"


def _name_word(token: str) -> bool:
    return _is_word(token) and (
        token[0].isupper() or token.casefold() in _PARTICLES or token in ("II", "III")
    )


@_guarded
@value_cache(maxsize=65536)
def find_address(text: str) -> str | None:
    """A street address with a house number inside ``text``, or None."""
    for cyrillic in (_CYR_ADDRESS, _CYR_ADDRESS_AFTER):
        m = cyrillic.search(text)
        if m is not None and m.group().strip(_EDGE) != text.strip(_EDGE):
            return m.group().strip(_EDGE)
    matches = list(_TOKEN.finditer(text))
    tokens = [t.group() for t in matches]
    for a, token in enumerate(tokens):
        if not _is_word(token):
            continue
        kind = _street_anchor(token)
        if kind is None:
            continue
        span = _address_span(tokens, a, kind)
        if span is not None:
            value = text[matches[span[0]].start() : matches[span[1]].end()].strip(_EDGE)
            if value != text.strip(_EDGE):
                return value
    return None


def _address_span(tokens: list[str], a: int, kind: str) -> tuple[int, int] | None:
    """First and last token of the address around the street word at ``a``."""
    # Number first: "12 Oak Street", "12 rue de la Paix", "438 Crystal Ways".
    for k in range(0, 5):
        n = a - k - 1
        if n < 0:
            break
        between = tokens[n + 1 : a]
        if between and between[0].casefold() in _HOUSE_EXTRA:
            between = between[1:]
        if not all(_name_word(t) for t in between):
            break
        if _house(tokens, n):
            named = bool(between) or (
                kind == "prefix" and a + 1 < len(tokens) and _name_word(tokens[a + 1])
            )
            if named:
                end = a
                while end + 1 < len(tokens) and end - a < 4 and _name_word(tokens[end + 1]):
                    end += 1
                return n, end
    # Number after: "ul. Kwiatowa 5", "Baker Street 221B", "Hauptstraße 5".
    first = a
    if kind == "type":
        while first > 0 and a - first < 3 and _name_word(tokens[first - 1]):
            first -= 1
        if first == a:
            return None
    for k in range(0, 5):
        n = a + k + 1
        if n >= len(tokens):
            break
        if _house(tokens, n):
            if kind == "prefix" and k == 0:
                return None
            return first, n
        if not _name_word(tokens[n]) or kind != "prefix":
            break
    return None


# ---------------------------------------------------------------- birth dates

_BIRTH = re.compile(
    r"(?i)(?<![^\W\d_])(?:д\.?\s?р\.?|д/р|дата\s+рождения|рожд[а-я]*\.?|родил(?:ся|ась|ись)"
    r"|г\.\s?р\.|именинни(?:к|ца|це|цы|ку)|born|dob|d\.o\.b\.?|date\s+of\s+birth"
    r"|birth\s?date|birthday|b\.|geb\.|geboren|geburtsdatum|geburtstag|ur\.|urodzon[ya]|urodzi[łl]a?"
    r"|data\s+urodzenia|née?|né\(e\)|date\s+de\s+naissance|naissance)(?![^\W\d_])"
)
_DATE = re.compile(
    r"(?<![0-9])(?:[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"|[0-9]{1,2}(?:\.|st|nd|rd|th|er)?\s+(?:of\s+)?[^\W\d_]{3,12}\.?,?\s+[0-9]{4}"
    r"|[^\W\d_]{3,12}\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4})(?![0-9])"
)
_GAP = re.compile(r"[\s:,.()\-–—]*(?:[^\W\d_]{1,5}\.?[\s:,]+){0,2}")
"""Between a birth word and its date: punctuation and up to two short words ("am", "le")."""
_NEAR_BEFORE, _NEAR_AFTER = 30, 12
"""Characters between a birth word and the date after it (or before it: "1985 г.р.")."""


@_guarded
@value_cache(maxsize=65536)
def find_birth_date(text: str) -> str | None:
    """A past calendar date beside a birth word inside ``text``, or None."""
    words = [m.span() for m in _BIRTH.finditer(text)]
    if not words:
        return None
    today = dt.date.today()
    for m in _DATE.finditer(text):
        start, end = m.span()
        near = any(
            (0 <= start - we <= _NEAR_BEFORE and _GAP.fullmatch(text[we:start]))
            or 0 <= ws - end <= _NEAR_AFTER
            for ws, we in words
        )
        if not near:
            continue
        found = m.group()
        date = parse_date(found, "none")
        if date is not None and date <= today and found.strip(_EDGE) != text.strip(_EDGE):
            return found
    return None


# ---------------------------------------------------------------- validators


def _validator(find: Callable[[str], str | None]) -> Callable[[str], bool]:
    def validate(value: str) -> bool:
        return find(value) is not None

    validate.__doc__ = f"Whether {find.__name__} finds a value among other words of ``value``."
    return validate


person_in_text = _validator(find_person)
address_in_text = _validator(find_address)
birth_date_in_text = _validator(find_birth_date)
