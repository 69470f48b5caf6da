"""Build the name and street-type lists shipped in ``src/piiscan/data/``.

Run once after changing the sources below (the output is committed, the package never
imports Faker at run time)::

    .venv/bin/python tools/build_name_lists.py

Sources:
- Faker (MIT licence, https://github.com/joke2k/faker) person and address providers for the
  locales in ``LATIN_LOCALES`` / ``CYRILLIC_LOCALES``: first, last and middle names, street
  suffixes and prefixes.
- Russian and Ukrainian names are also transliterated to Latin script with a few common
  schemes (BGN-like, passport/ICAO-like, and the popular "h"/"y" spellings), because CRM
  exports often hold "Ivanov Ivan" for a Russian customer.
- A short hand-written list of common Kazakh given names and surnames (Faker has no kk_KZ
  person provider); plain facts, no licence needed.

Output format (UTF-8, one entry a line, sorted, lowercase, normalised):
- ``latin_names.txt`` / ``cyrillic_names.txt``: ``name<TAB>flags``, flags a subset of ``flm``
  (first name, last name, middle name/patronymic). Latin names are stored without accents
  (``müller`` -> ``muller``), Cyrillic names with ``ё`` folded to ``е``.
- ``street_types.txt``: ``kind<TAB>word``, kind one of ``type`` (a street-type word
  written after the name: ``street``, ``st``, ``ring``), ``prefix`` (one written before
  the name: ``rue``, ``ul``, ``via``), ``suffix`` (a compound ending: ``straße`` in
  ``Hauptstraße``) or ``unit`` (``apt``, ``suite``).
"""



from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "piiscan" / "data"

LATIN_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "de_DE",
    "de_AT",
    "de_CH",
    "fr_FR",
    "fr_CH",
    "pl_PL",
    "es_ES",
    "it_IT",
    "nl_NL",
    "pt_PT",
    "sv_SE",
    "da_DK",
    "cs_CZ",
)
CYRILLIC_LOCALES = ("ru_RU", "uk_UA")
PARTICLES = {
    "de",
    "da",
    "del",
    "della",
    "di",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "du",
    "des",
    "dos",
    "das",
    "ter",
    "ten",
    "y",
    "e",
    "zu",
    "af",
    "av",
    "st",
}

KAZAKH_FIRST = """
Абай Абылай Абзал Адиль Адилет Азамат Азат Айбар Айбек Айбол Айдар Айдос Айдын Акжол Алдияр
Алибек Алинур Алихан Алишер Алмас Алмат Алпамыс Амир Амиржан Ансар Арман Арсен Арыстан Асан
Асет Аскар Асхат Асылбек Асылхан Ахмет Аян Бакыт Бакытжан Батыр Бауыржан Бахыт Бахытжан Бегалы
Бекарыс Бекболат Бекжан Бекзат Бекнур Бексултан Берик Болат Габит Галым Гани Дамир Данияр
Дастан Даулет Даурен Диас Досжан Думан Ельдар Ельдос Елдос Ербол Ерболат Ержан Еркебулан Еркин
Ерлан Ерлик Ермек Ерасыл Ерназар Ерсайын Ерсултан Жанболат Жандар Жандос Жанибек Жасулан
Жаксылык Жомарт Жумабек Ильяс Исатай Кадыр Кайрат Канат Касым Кенжебек Куаныш Мадияр Максат
Марат Медет Мейрам Мирас Мурат Мухамеджан Мухтар Нурали Нурбек Нурбол Нурдаулет Нуржан Нурлан
Нурсултан Нуртас Олжас Омар Рахат Рустем Сабит Сакен Санжар Сейткали Серик Серикбол Султан
Талгат Тамерлан Темирлан Тимур Тлеген Толеген Улан Улугбек Шынгыс Чингиз
Ажар Айгерим Айгуль Айдана Айжан Айнур Айсулу Айша Айым Аяжан Аяулым Акмарал Алия Алтынай
Анель Арайлым Аружан Асель Асем Асия Балжан Баян Бибигуль Бота Ботагоз Гаухар Гульбану
Гульдана Гульжан Гульзат Гульмира Гульназ Гульнар Гульнара Гульсим Гульшат Дамели Дана Дарига
Дариға Дильназ Дилназ Динара Ерке Жадыра Жазира Жанар Жанна Жаннат Жансая Жибек Жулдыз Зарина
Зере Инкар Индира Камила Камшат Карлыгаш Куралай Кымбат Лаура Ляззат Мадина Макпал Малика
Мариям Мейрамгуль Меруерт Молдир Назерке Назира Нургуль Нурай Нурсулу Перизат Райхан Раушан
Сабина Сабира Салтанат Самал Сания Сауле Сымбат Тогжан Толганай Томирис Улжан Умит Фариза
Хадиша Шолпан Шынар Шугыла Эльмира
"""
KAZAKH_LAST = """
Абаев Абдрахманов Абенов Абилов Абишев Айтбаев Айтжанов Амиров Ахметов Байжанов Байкенов
Байтурсынов Бекмамбетов Бекмухамбетов Бектуров Бокейханов Даулетов Джумабаев Дюсенов Ержанов
Ермеков Есенов Есимов Жаксыбеков Жаксылыков Жакупов Жексенбаев Жумабаев Жумагулов Жунусов
Ибраев Иманбаев Исабеков Исаев Искаков Исмаилов Кабдолов Кайратов Калиев Касенов Касымов
Кенжебаев Кожахметов Куанышев Кунаев Мамыров Муканов Мусин Мухамеджанов Назарбаев Нуркенов
Нурланов Нурмагамбетов Нуртазин Омаров Оспанов Рахимов Сагинтаев Садыков Сапаров Сарсенбаев
Сатпаев Сейткали Сейфуллин Сериков Смагулов Сулейменов Султанов Тасмагамбетов Тлеубаев Токаев
Токтаров Тулегенов Турсунов Умаров Утегенов Утепов Шаймерденов Шарипов Бекова
"""

# One Cyrillic letter -> Latin, per scheme; Ukrainian-specific letters included.
_BASE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "'": "",
    "ʼ": "",
    "’": "",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
}
SCHEMES_RU = (
    {},
    {"й": "i", "ю": "iu", "я": "ia", "ъ": "ie"},
    {"х": "h", "ю": "ju", "я": "ja", "й": "j", "ц": "c"},
)
SCHEMES_UK = (
    {"г": "h", "и": "y"},
    {"г": "h", "и": "y", "й": "i", "ю": "iu", "я": "ia", "є": "ie", "ї": "i"},
    {"и": "y", "х": "h"},
)


def fold_latin(word: str) -> str:
    """Lowercase, no accents: ``Müller`` -> ``muller``, ``Łukasz`` -> ``lukasz``."""
    text = word.casefold()
    for a, b in (
        ("ß", "ss"),
        ("ł", "l"),
        ("ø", "o"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("đ", "d"),
        ("ı", "i"),
        ("ð", "d"),
        ("þ", "th"),
    ):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def fold_cyrillic(word: str) -> str:
    """Lowercase, ``ё`` as ``е``, every apostrophe as ``'`` (``Марʼяна`` -> ``мар'яна``)."""
    text = word.casefold().replace("ё", "е")
    for apostrophe in ("ʼ", "’", "`"):
        text = text.replace(apostrophe, "'")
    return text


def transliterate(word: str, scheme: dict[str, str]) -> str:
    lower = fold_cyrillic(word)
    out = []
    for i, ch in enumerate(lower):
        if ch == "е" and (i == 0 or lower[i - 1] in "аеёиоуыэюяьъ"):
            out.append("ye" if scheme is not SCHEMES_RU[1] else "e")
            continue
        out.append(scheme.get(ch, _BASE.get(ch, ch)))
    text = "".join(out)
    variants = {text}
    if text.endswith("iy"):
        variants.update({text[:-2] + "y", text[:-2] + "ii", text[:-2] + "ij"})
    if text.endswith("yy"):
        variants.add(text[:-2] + "y")
    return "|".join(sorted(variants))


def _parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s\-]+", name.strip()) if p and p.casefold() not in PARTICLES]


def _provider(kind: str, locale: str) -> type | None:
    try:
        return importlib.import_module(f"faker.providers.{kind}.{locale}").Provider  # type: ignore[no-any-return]
    except ImportError:
        return None


def _values(provider: type, *attrs: str) -> list[str]:
    out: list[str] = []
    for attr in attrs:
        value = getattr(provider, attr, None)
        if isinstance(value, dict):
            out.extend(value.keys())
        elif isinstance(value, list | tuple):
            out.extend(str(v) for v in value)
    return out


FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
LAST_ATTRS = (
    "last_names",
    "last_names_male",
    "last_names_female",
    "male_last_names",
    "unisex_last_names",
    "last_names_common",
)
MIDDLE_ATTRS = ("middle_names", "middle_names_male", "middle_names_female")


def build_names() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    latin: dict[str, set[str]] = defaultdict(set)
    cyrillic: dict[str, set[str]] = defaultdict(set)
    for locale in LATIN_LOCALES:
        p = _provider("person", locale)
        if p is None:
            continue
        for flag, attrs in (("f", FIRST_ATTRS), ("l", LAST_ATTRS), ("m", MIDDLE_ATTRS)):
            for name in _values(p, *attrs):
                for part in _parts(name):
                    latin[fold_latin(part)].add(flag)
                    if locale == "pl_PL" and flag == "l":
                        for a, b in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
                            if part.endswith(a):
                                latin[fold_latin(part[: -len(a)] + b)].add("l")
    for locale in CYRILLIC_LOCALES:
        p = _provider("person", locale)
        if p is None:
            continue
        schemes = SCHEMES_RU if locale == "ru_RU" else SCHEMES_UK
        for flag, attrs in (("f", FIRST_ATTRS), ("l", LAST_ATTRS), ("m", MIDDLE_ATTRS)):
            for name in _values(p, *attrs):
                for part in _parts(name):
                    cyrillic[fold_cyrillic(part)].add(flag)
                    for scheme in schemes:
                        for variant in transliterate(part, scheme).split("|"):
                            latin[variant].add(flag)
    kazakh_last = KAZAKH_LAST.split()
    kazakh_last += [n + "а" for n in kazakh_last if n.endswith(("ов", "ев", "ин"))]
    for flag, text in (("f", KAZAKH_FIRST), ("l", " ".join(kazakh_last))):
        for name in text.split():
            cyrillic[fold_cyrillic(name)].add(flag)
            for scheme in SCHEMES_RU:
                for variant in transliterate(name, scheme).split("|"):
                    latin[variant].add(flag)
    latin = {
        k: v for k, v in latin.items() if len(k) >= 2 and re.fullmatch(r"[a-z][a-z']*[a-z]", k)
    }
    cyrillic = {k: v for k, v in cyrillic.items() if len(k) >= 2}
    return latin, cyrillic


# Street-type words written after the street name ("Baker Street", "Berliner Straße 5").
STREET_TYPES_EXTRA = """
st str ave av avenue rd blvd bd dr ln ct pl sq hwy pkwy ter cir cres crt ctr trl
close mews row wynd strasse straße weg platz allee gasse ring damm ufer chaussee
allé alle gade vej
"""
# Street-type words written before the street name ("ul. Kwiatowa 5", "12 rue de la Paix").
STREET_PREFIXES_EXTRA = """
rue avenue av boulevard bd bld chemin place impasse allee allée quai route cours passage
square faubourg rte ch
calle c avenida avda plaza pza paseo camino carretera ronda rambla glorieta pasaje travesia
travesía urbanizacion urbanización callejon callejón cañada alameda acceso cuesta vial
via viale piazza corso largo vicolo strada contrada borgo piazzale lungomare
ul ulica al aleja pl plac os osiedle rondo skwer
rua r travessa praca praça
am an auf im zum zur
"""
STREET_SUFFIXES = """
straße strasse str. str weg gasse platz allee damm ufer steig pfad markt chaussee ring
straat laan plein gracht kade singel dreef steeg boulevard baan hof pad
gatan vägen vagen stigen gränd torget vej gade stræde veien gata utca
"""
UNITS = """
apt apartment suite ste unit flat studio floor fl room rm bldg building piso puerta
appartamento piano wohnung whg app appt etage étage lok lokal lokalu
"""


def _words(text: str) -> set[str]:
    return {w.casefold().rstrip(".") for w in text.split() if w.rstrip(".")}


def build_streets() -> list[tuple[str, str]]:
    types: set[str] = set()
    prefixes: set[str] = set()
    for locale in ("en_US", "en_GB"):
        p = _provider("address", locale)
        if p is not None:
            types.update(w.strip().casefold() for w in _values(p, "street_suffixes"))
    for locale in ("fr_FR", "es_ES", "it_IT", "pt_PT", "pl_PL"):
        p = _provider("address", locale)
        if p is not None:
            prefixes.update(
                w.strip().casefold().rstrip(".")
                for w in _values(p, "street_prefixes")
                if w.strip().casefold() != "street"
            )
    p = _provider("address", "it_IT")
    if p is not None:  # Italian puts the type first ("Via Roma")
        prefixes.update(w.strip().casefold() for w in _values(p, "street_suffixes"))
    types |= _words(STREET_TYPES_EXTRA)
    prefixes |= _words(STREET_PREFIXES_EXTRA)
    rows = [("type", w) for w in types if w] + [("prefix", w) for w in prefixes if w]
    rows += [("suffix", w) for w in STREET_SUFFIXES.split()]
    rows += [("unit", w) for w in _words(UNITS)]
    return sorted(set(rows))


def main() -> int:
    latin, cyrillic = build_names()
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, table in (("latin_names.txt", latin), ("cyrillic_names.txt", cyrillic)):
        lines = [f"{name}\t{''.join(sorted(flags))}" for name, flags in sorted(table.items())]
        (OUT / filename).write_text("\n".join(lines) + "\n", encoding="utf-8")
    streets = build_streets()
    (OUT / "street_types.txt").write_text(
        "\n".join(f"{kind}\t{word}" for kind, word in streets) + "\n", encoding="utf-8"
    )
    for path in sorted(OUT.glob("*.txt")):
        print(f"{path.name}: {path.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
