"""Masks for samples: keep only what a person needs to recognise the kind of value.

``4276 **** **** 1234``, ``+7 (9**) ***-**-67``, ``i****@e******.com``, ``И***** И. И.``,
``DE** **** ... 32``, ``19**-**-**``, ``55.**, 37.**``, ``192.***.***.***``. A mask never
returns its input, never shows five digits in a row, never raises: odd input (empty,
emoji, control characters) falls back to the generic mask.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def _stars(n: int) -> str:
    """Length-bucketed stars, so the mask hints at size without giving it away."""
    if n <= 3:
        return "***"
    if n <= 6:
        return "*****"
    if n <= 12:
        return "********"
    return "************"


def _first(value: str) -> str:
    ch = value[:1]
    if ch and ch.isprintable() and ch.isalnum() and unicodedata.category(ch)[0] in "LN":
        return ch
    return "*"


def generic(value: str) -> str:
    """First character and length-bucketed stars: ``S*****``."""
    value = value.strip()
    return _first(value) + _stars(max(len(value) - 1, 1))


def secret(value: str) -> str:
    """Nothing at all: ``***`` (CVV, PIN)."""
    return "***"


def _digits(value: str) -> str:
    return "".join(c for c in value if "0" <= c <= "9")


def card(value: str) -> str:
    """First 4 and last 4 digits: ``4276 **** **** 1234``."""
    digits = _digits(value)
    if len(digits) < 12:
        return generic(value)
    middle = " ".join("****" for _ in range((len(digits) - 8 + 3) // 4))
    return f"{digits[:4]} {middle} {digits[-4:]}"


def phone(value: str) -> str:
    """The number in its own shape (separators, brackets, spacing as written), showing only the
    country code, the first national digit and the last two digits, so the value can be found
    in the file: ``+7 (9**) ***-**-67``, ``+1 415-***-**71`` becomes ``+1 4**-***-**71``,
    ``+44 20 7946 0958`` becomes ``+44 2* **** **58``, ``89268138967`` becomes ``89*******67``.
    """
    text = value.strip()
    digits = _digits(text)
    lead = _phone_lead(text, digits)
    if lead is None:
        return generic(value)
    lead = min(lead, len(digits) - 5)  # three digits hidden at least
    while lead > 0:
        out = _shape(text, lead, len(digits) - 2)
        if not re.search(r"[0-9]{5}", out):
            return out
        lead -= 1
    return _shape(text, 0, len(digits) - 2)


def _phone_lead(text: str, digits: str) -> int | None:
    """How many leading digits a phone mask shows (international or trunk prefix, country
    code, first national digit); None when the value is too short to be a phone number."""
    if len(digits) < 7:
        return None
    national = digits
    prefix = 0
    if text.startswith("+"):
        cc, national = _split_country(digits)
        prefix = len(cc)
    elif text.startswith("00"):
        cc, national = _split_country(digits[2:])
        prefix = 2 + len(cc)
    elif len(digits) == 11 and digits[0] in "781":
        prefix, national = 1, digits[1:]  # RU 8/+7 trunk, NANP 1
    elif digits[0] == "0":
        prefix, national = 1, digits[1:]  # a national trunk prefix (UK, DE, FR, ...)
    elif len(digits) >= 11:
        cc, national = _split_country(digits)
        prefix = len(cc)
    if len(national) < 5:
        return None
    return prefix + 1


def _shape(text: str, lead: int, tail: int) -> str:
    """``text`` with every digit after the first ``lead`` and up to digit ``tail`` a star,
    letters stars, other printable characters kept."""
    seen = 0
    out = []
    for ch in text:
        if "0" <= ch <= "9":
            seen += 1
            out.append(ch if seen <= lead or seen > tail else "*")
        elif ch.isalpha():
            out.append("*")
        elif ch.isprintable():
            out.append(ch)
    return "".join(out)


def _split_country(digits: str) -> tuple[str, str]:
    try:
        import phonenumbers

        number = phonenumbers.parse("+" + digits, None)
        cc = str(number.country_code)
        return cc, digits[len(cc) :]
    except Exception:  # an unparsable number still gets a mask
        return digits[:1], digits[1:]


def email(value: str) -> str:
    """First letter of mailbox and domain, stars, the TLD: ``i****@e******.com``."""
    value = value.strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain:
        return generic(value)
    host, _, tld = domain.rpartition(".")
    if not host or not tld.isalpha() or len(tld) > 24:
        return generic(value)
    return f"{_first(local)}{_stars(len(local) - 1)}@{_first(host)}{_stars(len(host) - 1)}.{tld}"


def name(value: str) -> str:
    """First word's initial and stars, then initials: ``И***** И. И.``, ``D**** F.``."""
    words = [w for w in re.split(r"[\s,]+", value.strip()) if w]
    if not words:
        return generic(value)
    out = [_first(words[0]) + _stars(len(words[0]) - 1)]
    out += [_first(w) + "." for w in words[1:4]]
    return " ".join(out)


def iban(value: str) -> str:
    """Country code and the last two characters: ``DE** **** ... 32``."""
    compact = "".join(c for c in value if c.isalnum())
    if len(compact) < 12 or not compact[:2].isalpha():
        return generic(value)
    return f"{compact[:2].upper()}** **** ... {compact[-2:]}"


def date(value: str) -> str:
    """The century only: ``19**-**-**``, ``**.**.19**``; month names become stars too."""
    value = value.strip()
    out = []
    year = re.search(r"(?<![0-9])(1[89]|20)[0-9]{2}(?![0-9])", value)
    keep = {year.start(), year.start() + 1} if year else set()
    for i, ch in enumerate(value):
        if (ch.isdigit() and i not in keep) or ch.isalpha():
            out.append("*")
        elif ch.isprintable():
            out.append(ch)
    masked = "".join(out)
    return masked if masked.strip("*") else generic(value)


_DECIMAL = re.compile(r"([+-]?[0-9]{1,3})[.,][0-9]+")


def coordinate(value: str) -> str:
    """Whole degrees only: ``55.**, 37.**``, ``POINT(37.** 55.**)``."""
    value = value.strip()
    if not _DECIMAL.search(value):
        return generic(value)
    masked = _DECIMAL.sub(lambda m: f"{m.group(1)}.**", value)
    return re.sub(r"[0-9]{4,}", lambda m: "*" * len(m.group()), masked)


def ip(value: str) -> str:
    """The first octet or group: ``192.***.***.***``, ``2001:****:...``."""
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}", value):
        return value.split(".")[0] + ".***.***.***"
    if ":" in value:
        first = value.split(":")[0]
        return (first if re.fullmatch(r"[0-9A-Fa-f]{1,4}", first) else "*") + ":****:..."
    return generic(value)


_ADDRESS_KEEP_WORDS = """
    г г. ул ул. д д. кв кв. к к. стр стр. пр пр. пер пер. наб наб. ш ш. алл алл. бул бул. б-р
    пр-т пл пл. обл обл. р-н мкр мкр. вул вул. буд буд. street st st. avenue ave ave. road rd
    rd. apt apt. suite unit flat rue ul ul. via calle straße strasse
"""
_ADDRESS_KEEP = frozenset(_ADDRESS_KEEP_WORDS.split())


def address(value: str) -> str:
    """Marker words only: ``******, г. ******, ул. ******, д. **``."""
    tokens = value.strip().split()
    if not tokens:
        return generic(value)
    out = []
    for token in tokens:
        core = token.rstrip(",")
        comma = "," if token.endswith(",") else ""
        if core.casefold() in _ADDRESS_KEEP:
            out.append(core + comma)
        elif any(c.isdigit() for c in core):
            out.append("**" + comma)
        else:
            out.append("******" + comma)
    return " ".join(out)


def digits(value: str) -> str:
    """Separators and the last two digits: ``***-***-*** 30``, ``**** ****28``."""
    value = value.strip()
    total = len(_digits(value))
    if total < 6:
        return generic(value)
    seen = 0
    out = []
    for ch in value:
        if "0" <= ch <= "9":
            seen += 1
            out.append(ch if seen > total - 2 else "*")
        elif ch.isalpha():
            out.append("*")
        elif ch.isprintable():
            out.append(ch)
    return "".join(out)


def geohash(value: str) -> str:
    """The first two characters (a region hundreds of km wide): ``u8*****``."""
    value = value.strip()
    if len(value) < 5 or not value.isalnum():
        return generic(value)
    return value[:2] + "*" * (len(value) - 2)


MASKS: dict[str, Callable[[str], str]] = {
    "address": address,
    "card": card,
    "coordinate": coordinate,
    "date": date,
    "digits": digits,
    "email": email,
    "generic": generic,
    "geohash": geohash,
    "iban": iban,
    "ip": ip,
    "name": name,
    "phone": phone,
    "secret": secret,
}


def mask(value: str, kind: str) -> str:
    """``value`` masked as ``kind`` (a ``MASKS`` name); generic for unknown kinds or odd input.

    The result never equals the stripped input and never holds five digits in a row.
    """
    if not isinstance(value, str):
        return "***"
    fn = MASKS.get(kind, generic)
    try:
        out = fn(value)
    except Exception:  # a mask must never raise: it runs on arbitrary cell content
        out = generic(value)
    if not out or out == value or out == value.strip() or re.search(r"[0-9]{5}", out):
        out = "*" * max(3, min(len(out), 12)) if re.search(r"[0-9]{5}", out) else out
        if not out or out == value or out == value.strip():
            out = "***" if value.strip() != "***" else "****"
    return out
