"""Undo the everyday disguises of a value before the detectors look at it.

Exports and hand-typed data hide values the rules would find: full-width digits, a zero-width
space inside an e-mail, ``ivan%40mail.ru``, ``&#64;``, a base64 JSON cell, a phone read as the
float ``7.9161234567e+10``, ``ivan [at] mail [dot] ru``. ``normalise`` turns one value into the
plain form the rule patterns match; ``normalise_array`` does the same for a batch, and is
cheap when nothing would change (the common case): one vectorized regex over the batch picks
the values that some step could change, and only those are looked at in Python.

The result is for matching only: samples are masked from the original value, so a normalised
value never leaves the engine either.

Steps, repeated until the value no longer changes (each step is idempotent on its own):

- lone surrogates (a JSON ``"\\ud800"``), U+FFFD (an undecodable byte) and invisible format
  characters (zero-width space/joiner, soft hyphen, BOM, word joiner, bidi marks, variation
  selectors, tags) are removed;
- Unicode NFKC (``４２７６`` -> ``4276``, ``ｉｖａｎ＠ｍａｉｌ．ｒｕ`` -> ``ivan@mail.ru``), and
  the dashes and minus sign it leaves (``4276–3800–1234–5679``) read as ``-``;
- a cell that is entirely base64 (16+ characters, both letter cases) of UTF-8 text that is
  nearly all printable is replaced by that text;
- percent-encoding (``%40`` -> ``@``, ``%2B7916...`` -> ``+7916...``) where the bytes are UTF-8;
- HTML character references (``&#64;``, ``&#x40;``, ``&commat;``; ``&amp;#64;`` over two rounds);
- e-mails spelled out: ``ivan [at] mail [dot] ru``, ``ivan(at)mail.ru``, ``ivan[@]mail.ru``,
  ``ivan @ mail.ru`` or ``ivan собака mail.ru`` anywhere, ``ivan at mail dot ru`` or
  ``ivan.petrov at mail.ru`` as the whole cell (in prose, "at" and "dot" are words);
- a whole cell that is a float-formatted integer (``7.9161234567e+10``, ``79161234567.0``) is
  written as the integer, only when exact: an integral value of at most 2**53 in magnitude
  (a float64 holds every integer up to there). Beyond, the low digits are not the original's
  (a 19-digit card cannot survive float64), so the cell is left as it is;
- card numbers grouped with ``_`` or ``|`` anywhere, or with ``.`` or ``/`` as the whole cell
  (``4276.1234.5678.9012``), and phones grouped with ``_`` or ``|``, get spaces (the rule
  patterns know spaces and dashes; phones with dots and slashes are matched as they are);
- a whole cell that is an IBAN in lower case (``de89 3704 ...``) is upper-cased when its
  checksum holds.

Forms that need no rare character (``%&[({<_|`` or non-ASCII) are rewritten only as the whole
cell: that keeps the batch check of ordinary text to a look-up over its bytes plus a regex
that stops at each value's first characters, instead of a regex over every byte.
"""

from __future__ import annotations

import base64
import binascii
import html
import itertools
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

MAX_ROUNDS = 8
"""Decoding may uncover another layer (``%2540``, ``&amp;#64;``, base64 of a percent-encoded
URL); more layers than this are not an everyday disguise."""

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ufffd"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""Characters that show nothing (or U+FFFD, what an undecodable byte became): removed."""
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
"""Hyphens, dashes and the minus sign, which NFKC leaves as they are: read as ``-`` (a card
or phone typed in a word processor, ``4276–3800–1234–5679``)."""
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))

_BLANKS = " \t\r\n"
_WS = "[ \\t\\r\\n]"
_B64 = "[A-Za-z0-9+/_-]"
_SPELLED_AT = "[\\[\\(\\{<][ \\t]*(?i:at|@)[ \\t]*[\\]\\)\\}>]"
_SPELLED_DOT = "[\\[\\(\\{<][ \\t]*(?i:dot)[ \\t]*[\\]\\)\\}>]"

_ANYWHERE_BRANCHES = (
    "%[0-9A-Fa-f]{2}",
    "&(?:#[0-9]|#[xX][0-9A-Fa-f]|[A-Za-z][A-Za-z0-9]{1,31};)",
    "[\\[\\(\\{<][ \\t]*(?i:at|dot|@)[ \\t]*[\\]\\)\\}>]",
    "[A-Za-z0-9._%+-][ \\t]+@|@[ \\t]+[A-Za-z0-9]",
    "[0-9]{4}[_|][0-9]{4}",
    "[0-9][_|][0-9]{2,4}[_|][0-9]{2,4}[_|][0-9]{2}",
)
"""ASCII triggers anywhere in a value."""
_ANYWHERE = "|".join(_ANYWHERE_BRANCHES)

_IBAN_COUNTRIES = (
    "AD|AE|AL|AT|AZ|BA|BE|BG|BH|BI|BR|BY|CH|CR|CY|CZ|DE|DJ|DK|DO|EE|EG|ES|FI|FK|FO|FR|GB|GE|GI|"
    "GL|GR|GT|HN|HR|HU|IE|IL|IQ|IS|IT|JO|KW|KZ|LB|LC|LI|LT|LU|LV|LY|MC|MD|ME|MK|MN|MR|MT|MU|NI|"
    "NL|NO|OM|PK|PL|PS|PT|QA|RO|RS|RU|SA|SC|SD|SE|SI|SK|SM|SO|ST|SV|TL|TN|TR|UA|VA|VG|XK|YE"
)
"""Countries with IBANs (python-stdnum's table): a lower-case IBAN starts with one, in lower
case (an upper-case one needs no change)."""

MIN_BASE64 = 16
"""Shorter base64 cells are too likely to be a word or an id that happens to decode."""

_WHOLE_CELL_BRANCHES = (
    f"[+-]?[0-9](?:\\.[0-9]+)?[eE][+-]?[0-9]{{1,3}}{_WS}*$",
    f"[+-]?[0-9]{{7,}}\\.0{_WS}*$",
    "[0-9]{4}[./][0-9]{4}",
    f"(?:{_IBAN_COUNTRIES.lower()})[0-9]{{2}}(?: ?[A-Za-z0-9]){{11,30}}{_WS}*$",
    "[A-Z]{2}[0-9]{2}[ A-Za-z0-9]*[a-z]",
    "[A-Za-z0-9._%+-]+[ \\t]+(?i:at)[ \\t]",
    # base64 text mixes cases: hex hashes, UUIDs and IBANs do not fit
    f"{_B64}*(?:[a-z]{_B64}*[A-Z]|[A-Z]{_B64}*[a-z]){_B64}*={{0,2}}{_WS}*$",
)
"""ASCII triggers for forms rewritten only as a whole cell: cheap, RE2 stops at the first
character that cannot start one."""
_WHOLE_CELL = f"^{_WS}*(?:" + "|".join(_WHOLE_CELL_BRANCHES) + ")"

_NOT_BASE64 = f"[^\\x00-\\x7f]|[^A-Za-z0-9+/_=\\- \\t\\r\\n]|{_ANYWHERE}"
"""A value that a step other than base64 decoding may change (a character outside the
base64 alphabet, or an anywhere trigger)."""

_NON_ASCII = "[^\\x00-\\x7f]"
_ASCII_TRIGGERS = f"{_ANYWHERE}|{_WHOLE_CELL}"
"""What some step could change in an ASCII value: RE2 and Python ``re`` read it alike."""

TRIGGER = f"{_NON_ASCII}|{_ASCII_TRIGGERS}"
"""Values this does not match come back unchanged: any non-ASCII character, or an ASCII
trigger. A superset: most values it matches are left as they are."""

_SPECIFIC = f"[{_INVISIBLE}{_DASHES}]|{_ASCII_TRIGGERS}"
"""Among the values ``TRIGGER`` matched, those worth ``normalise`` even when NFKC would leave
them as they are."""

REFINE_OVER = 64
"""More candidates than this are narrowed down before ``normalise`` (a column of Cyrillic
text): values NFKC leaves alone and ``_SPECIFIC`` does not match are skipped."""

_ASCII_TRIGGER_RE = re.compile(TRIGGER, re.ASCII)
_SURROGATES_RE = re.compile(f"[\ud800-\udfff{_INVISIBLE}]+")
_PERCENT_RE = re.compile("(?:%[0-9A-Fa-f]{2})+")
_ENTITY_RE = re.compile("&(?:#[0-9]{1,8};?|#[xX][0-9A-Fa-f]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_RU_AT = "собака|Собака|СОБАКА"
_RU_DOT = "точка|Точка|ТОЧКА"
_AT = (
    f"[ \\t]*{_SPELLED_AT}[ \\t]*|[ \\t]+(?i:at)[ \\t]+|[ \\t]+(?:{_RU_AT})[ \\t]+|[ \\t]*@[ \\t]*"
)
_DOT = f"[ \\t]*{_SPELLED_DOT}[ \\t]*|[ \\t]+(?i:dot)[ \\t]+|[ \\t]+(?:{_RU_DOT})[ \\t]+|\\."
_EMAIL_SPELLED_RE = re.compile(
    f"([A-Za-z0-9._%+-]+)({_AT})([A-Za-z0-9-]+)((?:(?:{_DOT})[A-Za-z0-9-]+)+)", re.ASCII
)
_DOT_RE = re.compile(_DOT, re.ASCII)
_FLOAT_RE = re.compile(
    f"({_WS}*)([+-]?[0-9](?:\\.[0-9]+)?[eE][+-]?[0-9]{{1,3}}|[+-]?[0-9]{{7,}}\\.0)({_WS}*)"
)
_CARD_RE = re.compile(
    r"(?<![0-9A-Za-z.,/_|])[0-9]{4}([./_|])[0-9]{4,6}(?:\1[0-9]{3,7}){1,3}"
    r"(?![0-9A-Za-z]|[./_|][0-9])"
)
_PHONE_RE = re.compile(
    r"(?<![0-9A-Za-z_|+])\+?[0-9]{1,4}([_|])[0-9]{2,4}(?:\1[0-9]{2,4}){2,4}"
    r"(?![0-9A-Za-z]|[_|][0-9])"
)
_IBAN_RE = re.compile(r"[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?")
_BASE64_RE = re.compile(f"{_WS}*([A-Za-z0-9+/]+|[A-Za-z0-9_-]+)(={{0,2}}){_WS}*")

MAX_SAFE_INTEGER = 2**53


def normalise(text: str) -> str:
    """``text`` with every disguise this module knows undone; unchanged when it has none."""
    for _ in range(MAX_ROUNDS):
        new = _round(text)
        if new == text:
            break
        text = new
    return text


SHORT = 4_096
"""Values up to this long are checked with Python's re; a longer one goes to RE2 (linear
time: the base64 trigger backtracks in Python's re over a long run of one case)."""
MAX_NORMALISED = 1 << 16
"""Longer values are matched as written: the decoding steps are Python regexes whose time
grows faster than the length (an everyday disguise is a short value anyway)."""


def normalise_texts(texts: Sequence[str | None]) -> list[str | None] | None:
    """A small batch as Python values: normalised, or None when no value changes."""
    if any(text is not None and len(text) > SHORT for text in texts):
        from piiscan.arrow import string_array

        changed = normalise_array(string_array(list(texts)))
        return None if changed is None else changed.to_pylist()
    out: list[str | None] | None = None
    for i, text in enumerate(texts):
        if text is None or not _ASCII_TRIGGER_RE.search(text):
            continue
        new = normalise(text)
        if new != text:
            if out is None:
                out = list(texts)
            out[i] = new
    return out


def normalise_array(values: pa.Array, triggers: Sequence[int] | None = None) -> pa.Array | None:
    """``values`` (string or large_string) with changed values normalised, or None when no
    value changes. ``triggers``: the indexes of the ``TRIGGER_BRANCHES`` that could match
    (``prefilter``: a column of ids or amounts has none), all when None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from piiscan.arrow import string_array

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if len(values) == 0 or values.null_count == len(values):
        return None
    if triggers is not None and not triggers:
        return None
    hit = pc.match_substring_regex(
        values, TRIGGER if triggers is None else _trigger(tuple(triggers))
    )
    if not pc.any(hit).as_py():
        return None
    # Each distinct candidate is looked at once: exports repeat values (a column of first
    # names costs six calls, not a million).
    candidates = pc.unique(pc.filter(values, hit))
    if len(candidates) > REFINE_OVER:
        # Many mixed-case tokens (ids, words): base64 text is at least MIN_BASE64 long and,
        # as encoders write it, padded to a multiple of four. The rest of the tokens that
        # only fit the base64 shape are left out here, in C, before the loop in Python.
        length = pc.utf8_length(pc.utf8_trim_whitespace(candidates))
        padded = pc.and_(
            pc.greater_equal(length, MIN_BASE64), pc.equal(pc.bit_wise_and(length, 3), 0)
        )
        other = pc.match_substring_regex(candidates, _NOT_BASE64)
        candidates = pc.filter(candidates, pc.or_(padded, other))
    # Many candidates (a column of Cyrillic text): most are only non-ASCII, and NFKC leaves
    # them as they are; Python's quick check says so faster than normalising in Arrow.
    specific = (
        pc.match_substring_regex(candidates, _SPECIFIC).to_pylist()
        if len(candidates) > REFINE_OVER
        else itertools.repeat(True)
    )
    before: list[str | None] = []
    after: list[str | None] = []
    for text, worth in zip(candidates.to_pylist(), specific, strict=False):
        if len(text) > MAX_NORMALISED or (not worth and unicodedata.is_normalized("NFKC", text)):
            continue
        new = normalise(text)
        if new != text:
            before.append(text)
            after.append(new)
    if not before:
        return None
    where = pc.index_in(values, value_set=string_array(before).cast(values.type))
    replacement = string_array(after).cast(values.type).take(pc.drop_null(where))
    return pc.replace_with_mask(values, pc.is_valid(where), replacement)


TRIGGER_BRANCHES = (
    _NON_ASCII,
    *_ANYWHERE_BRANCHES,
    *(f"^{_WS}*(?:{branch})" for branch in _WHOLE_CELL_BRANCHES),
)
"""``TRIGGER`` as its alternatives, for a prefilter to choose from."""
FLOAT_TRIGGERS = (TRIGGER_BRANCHES.index(f"^{_WS}*(?:{_WHOLE_CELL_BRANCHES[0]})"),)
"""The ``TRIGGER_BRANCHES`` that can match the text Arrow writes for a floating-point number
(digits, one point, an exponent, ``nan``, ``inf``): the exponent form, read back as the exact
integer (a phone kept as a float). Arrow never writes a trailing ``.0``, nor two points."""


@lru_cache(maxsize=256)
def _trigger(branches: tuple[int, ...]) -> str:
    """The alternation of the chosen ``TRIGGER_BRANCHES``, whole-cell ones under one anchor
    (RE2 then tries them only at the start of each value)."""
    first_whole = 1 + len(_ANYWHERE_BRANCHES)
    chosen = [TRIGGER_BRANCHES[i] for i in branches if i < first_whole]
    whole = [_WHOLE_CELL_BRANCHES[i - first_whole] for i in branches if i >= first_whole]
    if whole:
        chosen.append(f"^{_WS}*(?:" + "|".join(whole) + ")")
    return "|".join(chosen)


def _round(text: str) -> str:
    text = _SURROGATES_RE.sub("", text)
    if not text.isascii():
        text = _SURROGATES_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_DASH_TABLE)
    decoded = _base64_text(text)
    if decoded is not None:
        return decoded
    if "%" in text:
        text = _PERCENT_RE.sub(_percent_decoded, text)
    if "&" in text:
        text = _ENTITY_RE.sub(_entity_decoded, text)
    text = _EMAIL_SPELLED_RE.sub(lambda m: _email_spelled(m, text), text)
    number = _FLOAT_RE.fullmatch(text)
    if number is not None:
        text = _exact_integer(number)
    text = _CARD_RE.sub(lambda m: _spaced_card(m, text), text)
    text = _PHONE_RE.sub(_spaced_phone, text)
    return _upper_iban(text)


def _whole(m: re.Match[str], text: str) -> bool:
    """Whether the match is the whole cell but for blanks around it."""
    return not text[: m.start()].strip(_BLANKS) and not text[m.end() :].strip(_BLANKS)


def _base64_text(text: str) -> str | None:
    """The text a whole base64 cell holds, if it is UTF-8 and nearly all printable."""
    m = _BASE64_RE.fullmatch(text)
    if m is None:
        return None
    body = m.group(1)
    if len(body) < MIN_BASE64 or len(body) % 4 == 1:
        return None
    if not any(c.islower() for c in body) or not any(c.isupper() for c in body):
        return None
    padded = body + "=" * (-len(body) % 4)
    altchars = b"-_" if "-" in body or "_" in body else None
    try:
        decoded = base64.b64decode(padded, altchars=altchars, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() or c in "\t\n\r" for c in decoded)
    if printable < 0.95 * len(decoded) or "\ufffd" in decoded:
        return None
    return decoded


def _percent_decoded(m: re.Match[str]) -> str:
    run = m.group(0)
    try:
        return bytes.fromhex(run.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return run


def _entity_decoded(m: re.Match[str]) -> str:
    return html.unescape(m.group(0))


def _email_spelled(m: re.Match[str], text: str) -> str:
    local, at, first, rest = m.groups()
    dots = [d.group(0) for d in _DOT_RE.finditer(rest)]
    # Forms prose does not take: a bracketed word, an "@" with spaces around it, the Russian
    # "собака" (the at sign's name there) before a domain.
    plain = at.strip(" \t")
    unmistakable = any(_bracketed(word) for word in (at, *dots)) or (
        at != plain and plain in ("@", *_RU_AT.split("|"))
    )
    if not unmistakable and (
        at == "@" or not _whole(m, text) or (all(d == "." for d in dots) and local.isalpha())
    ):
        # "look at example.com" is prose; "ivan at mail dot ru" or "ivan.petrov at mail.ru"
        # (as the cell), "ivan(at)mail.ru" or "ivan @ mail.ru" (anywhere) is not.
        return m.group(0)
    labels = _DOT_RE.split(rest)[1:]
    tld = labels[-1]
    if not (2 <= len(tld) <= 24 and tld.isalpha()):
        return m.group(0)
    return f"{local}@{first}.{'.'.join(labels)}"


def _bracketed(word: str) -> bool:
    return word.strip(" \t")[:1] in ("[", "(", "{", "<")


def _exact_integer(m: re.Match[str]) -> str:
    before, number, after = m.groups()
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return m.group(0)
    if value != value.to_integral_value() or abs(value) > MAX_SAFE_INTEGER:
        return m.group(0)
    return f"{before}{int(value)}{after}"


def _spaced_card(m: re.Match[str], text: str) -> str:
    """Digits grouped by ``.`` or ``/`` are a card only as the whole cell (in prose they are
    too often something else); by ``_`` or ``|`` anywhere."""
    card = m.group(0)
    digits = sum(c.isdigit() for c in card)
    if not 13 <= digits <= 19 or (m.group(1) in "./" and not _whole(m, text)):
        return card
    return card.replace(m.group(1), " ")


def _spaced_phone(m: re.Match[str]) -> str:
    text = m.group(0)
    digits = sum(c.isdigit() for c in text)
    return text.replace(m.group(1), " ") if 10 <= digits <= 15 else text


def _upper_iban(text: str) -> str:
    """A whole cell that is an IBAN with lower-case letters, upper-cased."""
    core = text.strip(_BLANKS)
    if core.upper() == core or not _IBAN_RE.fullmatch(core):
        return text
    from piiscan.detectors.banking import iban

    return text.replace(core, core.upper()) if iban(core) else text
