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

from piiscan.detectors._cache import loaded, value_cache
from piiscan.detectors._data import street_words
from piiscan.detectors.dates import parse_date
from piiscan.detectors.names import (
    _PARTICLES,
    NONE,
    STRONG,
    WEAK,
    _leading_stopword,
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
    laut selon according signed attendee participant teilnehm uczestni участник récupér
    reklam przekaz odebra nazywam appelle jestem
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
_NOT_PERSON_BEFORE = frozenset(_NOT_PERSON_BEFORE_WORDS.casefold().split())
"""Words before a capitalised name that make it a street, station or institution."""
_NOT_PERSON_AFTER_WORDS = """
    street st avenue ave boulevard blvd road rd lane drive square place way park bridge
    station airport hall memorial university college school hospital center centre
    ltd llc inc gmbh ag kg sarl sas sa sp spa plc co corp group company bank
    straße strasse platz allee weg
    &
    """
_NOT_PERSON_AFTER = frozenset(_NOT_PERSON_AFTER_WORDS.casefold().split())
"""Words after one: a street, a place or a company named after a person."""
_QUOTES = frozenset("«»\"“”„'")
_GREETING_WORDS = """
    dear dearest hi hello hey morning afternoon evening bonjour bonsoir salut coucou hallo
    liebe lieber liebes moin servus tag cześć witam witaj drogi droga dobry здравствуйте
    здравствуй привет уважаемый уважаемая дорогой дорогая день утро вечер
    sister brother son daughter wife husband mom mum mother father dad grandma grandpa aunt
    uncle сестра сестре сестры брат брату сын сыну дочь дочери дочке жена жене муж мужу мама
    маме папа папе бабушка бабушке дедушка дедушке schwester bruder sohn tochter mutter vater
    oma opa siostra siostry brat syn córka córki żona żony mąż mama tata babcia dziadek sœur
    frère fils fille femme mari mère père
"""
_GREETINGS = frozenset(_GREETING_WORDS.casefold().split())
"""Words right before a lone first name or surname: a greeting, or family ("my sister Anna")."""
_CLOSING_WORDS = """
    thanks thank regards cheers sincerely best wishes yours cordialement amicalement merci
    bisous gruß grüße grüßen danke pozdrawiam pozdrowienia poważaniem dziękuję dzięki уважением
    спасибо благодарю
"""
_CLOSINGS = frozenset(_CLOSING_WORDS.casefold().split())
"""Words of a sign-off: a lone name ending the cell after one is its signature."""
_INTRODUCING = frozenset(["this", "name", "i", "ich", "je"])
_BEING = frozenset(["is", "am", "bin", "suis"])
"""'this is', 'my name is', 'ich bin', 'je suis' before a name."""
_PERSON_BRANDS_TEXT = """
    Dr. Martens|Dr Martens|Dr. Oetker|Dr Oetker|Dr. Pepper|Dr Pepper|Dr. Scholl's|Dr. Hauschka
    |Mr. Proper|Mr Proper|Mr. Muscle|Mr Muscle|Mr. Clean|Mr Clean|Mr. Bean|Mrs. Meyer's
    |Hugo Boss|Calvin Klein|Ralph Lauren|Tommy Hilfiger|Ben & Jerry's|Ben and Jerry's
    |Tim Hortons|Jack Daniel's|Jack Daniels|Johnnie Walker|Jim Beam|Louis Vuitton
    |Christian Dior|Yves Saint Laurent|Coco Chanel|Karl Lagerfeld|Jil Sander|Giorgio Armani
    |Estée Lauder|Marc Jacobs|Michael Kors|Kate Spade|Vera Wang|Tory Burch|Paul Smith
    |Ted Baker|Fred Perry|Ben Sherman|Levi Strauss|Dolce & Gabbana|Carolina Herrera
    |Jean Paul Gaultier|Pierre Cardin|Nina Ricci|Paco Rabanne|Max Mara|Tom Ford
    |Alexander McQueen|Stella McCartney|Vivienne Westwood|Salvatore Ferragamo|Van Cleef
    |Uncle Ben's|Aunt Jemima|Sara Lee|Marks & Spencer|Baskin Robbins|Hello Kitty
    |E. Wedel|Ritter Sport|Thomas Sabo|Bruno Banani|Otto Kern|Marc O'Polo|Tom Tailor
    |Camel Active|Adolf Dassler|Rudolf Dassler|Anne Klein|Helena Rubinstein|Elizabeth Arden
    |Victoria's Secret|Wendy's|Papa John's|Dunkin Donuts|Ronald McDonald|Colonel Sanders
    |Madame Tussauds|Martin Luther King|Mercedes-Benz|Tiffany & Co|Harry Potter
"""
_PERSON_BRANDS = tuple(b.strip() for b in _PERSON_BRANDS_TEXT.split("|") if b.strip())
"""Brands, products and places sold under people's names: never a customer."""


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
        found = _token_evidence(word.rstrip("."), False)
        if found[0] == STRONG or not _POLISH_CASE.search(word):
            return found
        for base in _polish_bases(word.rstrip(".")):
            ev, flags = _token_evidence(base, False)
            if ev == STRONG or (ev == WEAK and found[0] < WEAK):
                return ev, flags
        return found
    except Exception:  # a scanner must never fall over on a word
        return NONE, ""


_POLISH_CASE = re.compile(r"(?:iego|iemu|iej|im|ą|owi|em|iem|ie|dze|cie|rze|y|i|ę|a)$")
_POLISH_ENDINGS = (
    # (ending of a declined form, ending of its nominative): "Kowalskiego" -> "Kowalski",
    # "Laskowskiej" -> "Laskowska", "Grzegorzowi" -> "Grzegorz", "Jadwidze" -> "Jadwiga".
    ("skiego", "ski"),
    ("skiemu", "ski"),
    ("skim", "ski"),
    ("ckiego", "cki"),
    ("ckiemu", "cki"),
    ("ckim", "cki"),
    ("skiej", "ska"),
    ("ską", "ska"),
    ("ckiej", "cka"),
    ("cką", "cka"),
    ("owi", ""),
    ("iem", ""),
    ("em", ""),
    ("dze", "ga"),
    ("cie", "ta"),
    ("rze", "ra"),
    ("ie", "a"),
    ("ą", "a"),
    ("ę", "a"),
    ("y", "a"),
    ("i", "a"),
    ("a", ""),
)


def _polish_bases(word: str) -> list[str]:
    """Nominatives a declined Polish name may come from (tried against the name lists)."""
    return [
        word[: len(word) - len(end)] + base
        for end, base in _POLISH_ENDINGS
        if word.endswith(end) and len(word) - len(end) >= 3
    ]


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
    blocked = _brand_tokens(tokens)
    i = 0
    while i < len(tokens):
        if not _run_start(tokens[i]) or i in blocked:
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i < 7
            and j not in blocked
            and "\n" not in text[spans[j - 1][1] : spans[j][0]]
            and _run_part(tokens[j], tokens[j - 1])
        ):
            j += 1
        found = (
            _last_comma_first(tokens, i)
            or _best_in_run(tokens, i, j)
            or _lower_after_title(tokens, i)
        )
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


@loaded
def _brand_keys() -> dict[str, list[tuple[str, ...]]]:
    """Person-named brands as token keys, indexed by their first key."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for brand in _PERSON_BRANDS:
        keys = tuple(_key(t) for t in _TOKEN.findall(brand))
        out.setdefault(keys[0], []).append(keys)
    return out


def _brand_tokens(tokens: list[str]) -> set[int]:
    """Indexes of the tokens that spell a person-named brand ("Dr. Martens", "Hugo Boss")."""
    table = _brand_keys()
    blocked: set[int] = set()
    keys = [_key(t) for t in tokens]
    for k, key in enumerate(keys):
        for brand in table.get(key, ()):
            if tuple(keys[k : k + len(brand)]) == brand:
                blocked.update(range(k, k + len(brand)))
    return blocked


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
    if len(before) > 1 and _key(before[0]) in _BEING and _key(before[1]) in _INTRODUCING:
        return True
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
    if any(_key(w) in _NOT_PERSON_BEFORE or _key(w) in _NOT_PERSON_AFTER for w in words):
        return False  # "Lycée Victor Hugo", "Victor Hugo Street": named after a person
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
        # An honorific says a person is meant; an unlisted surname after it needs a context
        # word too ("Frau Haberkorn bittet um Rückruf", not "Mr. Robot season 2"); brands
        # sold under one ("Dr. Martens") were ruled out before; two words need a listed first.
        if len(words) == 1 and evidence[0][0] < WEAK:
            return _context_before(before) or any(_role(w) for w in _words_after(tokens, e, 3))
        return len(words) == 1 or (len(words) == 2 and evidence[0][0] >= WEAK)
    if len(words) == 1:
        return _lone_name(tokens, s, e, before, evidence[0])
    context = _context_before(before) or any(_role(w) for w in _words_after(tokens, e, 2))
    if not person_name(" ".join(w.rstrip(".") for w in words)):
        # With a context word, a known first name before an unlisted surname: "Anna Schulze".
        # Or a listed surname after an unlisted first name: "Ségolène Rousseau".
        first, last = evidence[0], evidence[-1]
        return (
            context
            and len(words) == 2
            and (
                (first[0] == STRONG and "f" in first[1] and (last[0] >= WEAK or len(words[-1]) > 3))
                or (
                    last[0] == STRONG
                    and "l" in last[1]
                    and len(words[0]) > 2
                    and not _leading_stopword(words[0])  # "New York", "Port Talbot"
                )
            )
        )
    if any(ev == STRONG and "m" in flags for ev, flags in evidence):
        return True
    if context:
        return True
    if _signature(tokens, e, before):
        # Signed by a first name and more ("Poczta Polska", "Acme Support" are not people).
        return evidence[0][0] == STRONG and "f" in evidence[0][1]
    cyrillic = all("а" <= w[1].casefold() <= "я" or w[1] in "ёЁ" for w in words)
    kinds = "".join(flags for ev, flags in evidence if ev == STRONG)
    return (
        cyrillic
        and len(evidence) == sum(ev == STRONG for ev, _ in evidence)
        and ("f" in kinds and "l" in kinds)
    )


def _lone_name(
    tokens: list[str], s: int, e: int, before: list[str], evidence: tuple[int, str]
) -> bool:
    """One listed name word alone: a surname after a role ("Курьер Смирнов"), a name after a
    greeting or a family word ("Dear Gareth", "my sister Harriet"), or a signature: the
    cell's last word after a sign-off ("Thanks so much! Duncan", "Pozdrawiam\nGrzegorz")."""
    ev, flags = evidence
    if ev != STRONG or not before:
        return False
    if "l" in flags and _role(before[0]) and tokens[s - 1] in (before[0], ":"):
        return True  # "Курьер Смирнов", "Kunde: Bauer"; not "Bonjour, Paris ..."
    if not ("f" in flags or "l" in flags):
        return False
    vocative = (
        s > 0
        and _key(tokens[s - 1]) in _GREETINGS
        and (e == len(tokens) or not _is_word(tokens[e]))
    )  # "Dear Gareth,", "Bonjour Clémence," (not "Bonjour, Paris est ...")
    return vocative or _signature(tokens, e, before)


def _signature(tokens: list[str], e: int, before: list[str]) -> bool:
    """A name that ends the cell after a sign-off: "Mit freundlichen Grüßen\nAnna Riedl"."""
    return all(not _is_word(t) for t in tokens[e:]) and any(_key(w) in _CLOSINGS for w in before)


def _last_comma_first(tokens: list[str], i: int) -> tuple[int, int] | None:
    """'Surname, First' after a role ("Teilnehmer: Kühne, Kerstin; ...", "signed for by
    Okafor, Nathaniel"): a listed first name after the comma, then the clause's end."""
    if not (
        i + 2 < len(tokens)
        and tokens[i + 1] == ","
        and _capitalised(tokens[i])
        and _capitalised(tokens[i + 2])
        and (i + 3 == len(tokens) or not _is_word(tokens[i + 3]))
    ):
        return None
    last, first = _evidence(tokens[i]), _evidence(tokens[i + 2])
    if last[0] < WEAK or first[0] != STRONG or "f" not in first[1]:
        return None
    if not any(_role(w) for w in _words_before(tokens, i, 3)):
        return None
    return i, i + 3


def _lower_after_title(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A listed surname typed in lower case after an honorific: "frau vogt", "mme gauthier"."""
    if _key(tokens[i]) not in _TITLES or i + 1 >= len(tokens):
        return None
    word = tokens[i + 1]
    if not (_is_word(word) and word.islower() and len(word) > 2):
        return None
    ev, flags = _evidence(word[0].upper() + word[1:])
    return (i + 1, i + 2) if ev == STRONG and "l" in flags else None


def _initials_around(rest: list[str]) -> bool:
    """Initials stand together before or after the one word: "Петрова Е. В.", "J. Smith"."""
    marks = [_is_initial(t) for t in rest]
    k = marks.index(False)
    return (all(marks[:k]) and not any(marks[k + 1 :])) or (k == 0 and all(marks[1:]))


# ---------------------------------------------------------------- addresses

_CYR_ADDRESS = re.compile(
    r"(?i)(?<![^\W\d_])(?:ул|улиц[аеуы]|пр-т[аеу]?|просп|проспект[аеу]?|пер|переул(?:ок|ке|ка)"
    r"|б-р|бул|бульвар[аеу]?|наб|набережн(?:ая|ой|ую)|ш|шоссе|пл|площад[ьи]|мкр|алл"
    r"|алле[яиюе]|проезд[аеу]?|туп|тупик[аеу]?|вул|вулиц[яіюе]|пров)\.?\s+"
    r"(?:[0-9]{1,2}-?(?:го|й|я)?\s+)?(?:[А-ЯЁA-Z][^\s,.]*\.?\s*){1,3},?\s*"
    r"(?:(?:д|дом|буд)\.?\s*)?[0-9]{1,4}(?:[а-яА-Я](?![^\W\d_]))?(?:/[0-9]{1,4})?"
    r"(?![0-9]|[:.,][0-9]|\s*(?:раз|час|мин|г\.|года|лет|руб|р\.|%|шт))"
)
_CYR_ADDRESS_AFTER = re.compile(
    r"(?<![^\W\d_])[А-ЯЁ][а-яё]+(?:ий|ый|ой|ая|ое|ую|ого|ому|ом|ым)\s+(?:проспект[аеу]?"
    r"|переул(?:ок|ке|ка)|бульвар[аеу]?|шоссе|проезд[аеу]?|тупик[аеу]?|пр-т[аеу]?|пер\.|б-р"
    r"|ш\.|пр\.)(?![^\W\d_]),?\s*(?:(?:д|дом)\.?\s*)?"
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
    if tokens[k + 1 : k + 2] == ["m."] and k + 2 < len(tokens) and tokens[k + 2][0].isdigit():
        return True  # a Polish flat: "ul. Lipowa 51 m. 28"
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
        if between and between[0] == ",":
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
    r"|[^\W\d_]{3,12}\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4}"
    r"|[0-9]{1,2}([./])[0-9]{1,2}\1[0-9]{2}|[0-9]{4}(?=\s*г\.?\s?р\.))(?![0-9])"
)
"""Dates, with a two-digit year too ("д.р. 03.03.85") and a year alone before "г.р."."""
_GAP = re.compile(r"[\s:,.()\-–—]*(?:[^\W\d_]{1,10}\.?[\s:,]+){0,2}")
"""Between a birth word and its date: punctuation and up to two words ("am", "le",
"клиента")."""
_GAP_AFTER = re.compile(r"[\s(]*")
"""Between a date and a birth word after it ("1985 г.р.", "12.03.1985 (д.р.)"): no clause
break, so "заказ от 03.03.24, д.р. нет" is no birth date."""
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
            or (0 <= ws - end <= _NEAR_AFTER and _GAP_AFTER.fullmatch(text[end:ws]))
            for ws, we in words
        )
        if not near:
            continue
        found = m.group()
        date = parse_date(_full_year(found), "none")
        if date is not None and date <= today and found.strip(_EDGE) != text.strip(_EDGE):
            return found
    return None


def _full_year(date: str) -> str:
    """``03.03.85`` as ``03.03.1985`` (a birth date: never later than this year), a year
    alone as the 1st of January of it; other dates as they are."""
    if date.isdigit():
        return f"{date}-01-01"
    head, tail = date[:-2], date[-2:]
    if len(date) > 8 or not tail.isdigit() or head[-1] not in "./-" or head.count(head[-1]) != 2:
        return date
    year = int(tail) + 2000
    return head + str(year if year <= dt.date.today().year else year - 100)


_ID_GAP = 40
"""Characters between an ID's name and its number ("СНИЛС клиента 112-233-445 95")."""


@loaded
def _id_kinds() -> tuple[tuple[re.Pattern[str], re.Pattern[str], Callable[[str], bool]], ...]:
    """(the ID's names, its number's shape, its validator) per national ID."""
    from piiscan.detectors import national_ids as ids

    def word(names: str) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{names})(?!\w)")

    return (
        (
            word("СНИЛС|Снилс|снилс|SNILS|Snils|snils"),
            re.compile(r"\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}"),
            ids.snils,
        ),
        (word("ИНН|Инн|инн|INN"), re.compile(r"\d{12}|\d{10}"), ids.inn),
        (
            word("SSN|ssn|Social Security|social security|SOCIAL SECURITY"),
            re.compile(r"\d{3}[- ]?\d{2}[- ]?\d{4}"),
            lambda v: ids.us_ssn(v, bare=True),
        ),
        (
            word("паспорт[а-я]*|Паспорт[а-я]*|ПАСПОРТ[А-Я]*|[Pp]assport|PASSPORT"),
            re.compile(r"\d{2} ?\d{2} ?(?:№|N|No\.?)? ?\d{6}"),
            lambda v: ids.ru_passport(v, "any"),
        ),
        (
            word("NINO|National Insurance|national insurance|NI number"),
            re.compile(r"[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Za-z]?"),
            ids.gb_nino,
        ),
        (word("PESEL|pesel"), re.compile(r"\d{11}"), lambda v: ids.stdnum(v, "pl.pesel")),
    )


@_guarded
@value_cache(maxsize=65536)
def find_national_id(text: str) -> str | None:
    """A national ID's number right after its name inside ``text`` (nothing but words
    between them, no other number), checksum- or shape-validated; or None."""
    for names, number, valid in _id_kinds():
        for name in names.finditer(text):
            gap_end = min(len(text), name.end() + _ID_GAP + 20)
            m = number.search(text, name.end(), gap_end)
            if m is None or m.start() - name.end() > _ID_GAP:
                continue
            if any(c.isdigit() for c in text[name.end() : m.start()]):
                continue  # another number first: this one is not the ID's
            after = text[m.end() : m.end() + 1]
            if (after.isdigit() or after.isalpha()) or not valid(m.group()):
                continue
            return m.group()
    return None


_IPV4_IN_TEXT = re.compile(r"(?<![\w.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![\w.])")
_VERSION_WORD = re.compile(r"(?:version|release|build|ver|v|версия|сборка)\W{0,3}$", re.IGNORECASE)


@_guarded
@value_cache(maxsize=65536)
def find_ip(text: str) -> str | None:
    """A public IPv4 address inside ``text`` (a log line, a note), or None: not a private,
    loopback or reserved one, not a version (``version 1.2.3.4``, or small parts throughout as
    versions have: one of the first three parts is 64 or more)."""
    import ipaddress

    from piiscan.detectors.network import ip

    for m in _IPV4_IN_TEXT.finditer(text):
        found = m.group()
        if not ip(found, version=4) or all(int(p) < 64 for p in found.split(".")[:3]):
            continue
        if _VERSION_WORD.search(text, max(0, m.start() - 12), m.start()):
            continue
        if ipaddress.IPv4Address(found).is_global:
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
national_id_in_text = _validator(find_national_id)
ip_in_text = _validator(find_ip)
