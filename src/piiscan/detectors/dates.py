"""Calendar dates in the formats exports use, and the column check that tells birth dates
from sign-up or order dates.

Bare integers (``19510305``, unix timestamps) are never dates here: too many ids look
like them.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence

from piiscan.detectors._cache import value_cache
from piiscan.detectors._text import screened

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "jan january янв января январь январа sty stycznia styczeń janv janvier januar jänner"
        " қаңтар",
        "feb february фев февр февраля февраль lut lutego luty fev fév fevr févr fevrier février"
        " februar feber ақпан",
        "mar march мар марта март mär märz marz mrz marca marzec mars наурыз",
        "apr april апр апреля апрель kwi kwietnia kwiecień avr avril сәуір",
        "may мая май maj maja mai мамыр",
        "jun june июн июня июнь cze czerwca czerwiec juin juni маусым",
        "jul july июл июля июль lip lipca lipiec juil juillet juli шілде",
        "aug august авг августа август sie sierpnia sierpień aout août тамыз",
        "sep sept september сен сент сентября сентябрь wrz września wrzesień septembre қыркүйек",
        "oct october окт октября октябрь paź paz października październik okt octobre oktober"
        " қазан",
        "nov november ноя нояб ноября ноябрь lis listopada listopad novembre қараша",
        "dec december дек декабря декабрь gru grudnia grudzień dez déc dezember decembre décembre"
        " желтоқсан",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _i

# "2024-08-25 23:44:15", "13.06.2025, 21:03 Uhr", "03/03/2025 2:30 PM", "12/03/2024 14h30".
_TIME = (
    r"(?:(?:,?\s+|T)[0-2]?[0-9](?::[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{1,9})?)?|h[0-5][0-9])"
    r"(?:\s*(?:[AaPp]\.?[Mm]\.?|Uhr))?"
    r"(?:\s*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2}))?)"
)
_MIDNIGHT = r"(?:[ T]+00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)"
_SHAPES = (
    (re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"), "ymd"),
    (re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})"), "ymd"),
    (re.compile(r"(?P<y>[0-9]{4})\.(?P<m>[0-9]{1,2})\.(?P<d>[0-9]{1,2})"), "ymd"),
    (re.compile(r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})"), "dmy"),
    (re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})"), "either"),
    (re.compile(r"(?P<a>[0-9]{1,2})-(?P<b>[0-9]{1,2})-(?P<y>[0-9]{4})"), "either"),
    (
        re.compile(
            r"(?P<d>[0-9]{1,2})(?:\.|st|nd|rd|th|er)?\s+(?:of\s+)?(?P<mon>[^\W\d_]{3,12})\.?,?\s+"
            r"(?P<y>[0-9]{4})(?:\s*(?:г|г\.|года|r\.|ж\.))?"
        ),
        "dmony",
    ),
    (
        re.compile(
            r"(?P<mon>[^\W\d_]{3,12})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>[0-9]{4})"
        ),
        "mondy",
    ),
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_YEAR_RUN = "(?<![0-9])[0-9]{4}(?![0-9])"
"""Every shape has a year of exactly four digits between non-digits."""
_TAILS = {"midnight": _MIDNIGHT, "optional": _TIME, "none": "(?!)"}
_SPLIT_TIME = {kind: re.compile(r"(.+?)(" + tail + r")?") for kind, tail in _TAILS.items()}
"""Date part and time part, by what ``parse_date`` accepts as a time."""
_DATE_LIKE = {
    kind: re.compile(
        "(?:"
        + "|".join(re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p, _ in _SHAPES)
        + r")\s*(?:"
        + tail
        + ")?"
    )
    for kind, tail in _TAILS.items()
}
"""Some shape, then maybe a time: what every date ``parse_date`` accepts looks like (one
regex rejects the rest before the split and the shapes are tried one by one)."""


def _make(y: int, m: int, d: int) -> dt.date | None:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _date_part(text: str) -> dt.date | None:
    for pattern, order in _SHAPES:
        m = pattern.fullmatch(text)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"])
        if order == "ymd":
            return _make(y, int(g["m"]), int(g["d"]))
        if order == "dmy":
            return _make(y, int(g["m"]), int(g["d"]))
        if order == "either":
            a, b = int(g["a"]), int(g["b"])
            return _make(y, b, a) or _make(y, a, b)
        month = _MONTHS.get(g["mon"].casefold())
        return None if month is None else _make(y, month, int(g["d"]))
    return None


@value_cache(maxsize=65536)
def parse_date(value: str, time: str = "midnight") -> dt.date | None:
    """The calendar date in ``value``, or None.

    ``time``: ``midnight`` accepts only an empty or all-zero time part (a date exported
    as a timestamp), ``optional`` accepts any time of day, ``none`` no time part at all.
    """
    text = value.strip()
    kind = time if time in _TAILS else "midnight"
    if not 6 <= len(text) <= 40 or text.isdigit() or not _DATE_LIKE[kind].fullmatch(text):
        return None
    m = _SPLIT_TIME[kind].fullmatch(text)
    if not m:
        return None
    return _date_part(m.group(1).strip())


@screened(requires=_YEAR_RUN)
def date(value: str) -> bool:
    """A calendar date (``1951-03-05``, ``25.01.1949``, ``08/03/1993``, ``5 March 1951``)."""
    return parse_date(value, "midnight") is not None


@screened(requires=_YEAR_RUN)
def datetime(value: str) -> bool:
    """A date with or without a time of day (``2024-08-25 23:44:15``, ``13.06.2025 21:03``)."""
    return parse_date(value, "optional") is not None


def birth_dates(values: Sequence[str]) -> bool:
    """True when the dates read as birth dates, not sign-ups or orders: none in the future,
    median age at least 16 years, spread over several years (people's ages vary)."""
    today = dt.date.today()
    parsed = [d for d in (parse_date(v, "midnight") for v in values) if d is not None]
    if not parsed:
        return False
    if max(parsed) > today:
        return False
    ages = sorted((today - d).days / 365.25 for d in parsed)
    if statistics.median(ages) < 16:
        return False
    if len(ages) >= 20:
        lo, hi = ages[len(ages) // 10], ages[(len(ages) * 9) // 10]
        if hi - lo < 5:
            return False
    return True
