"""Geographic coordinates: single latitude/longitude values and pairs in one cell.

Precision is the evidence: a position needs at least four fraction digits (about 10 m),
while percentages, prices and speeds carry one or two.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[+-]?([0-9]{1,3})[.,]([0-9]+)")
_WKT = re.compile(
    r"POINT\s*Z?\s*\(\s*(?P<lon>[+-]?[0-9]{1,3}(?:\.[0-9]+)?)\s+"
    r"(?P<lat>[+-]?[0-9]{1,3}(?:\.[0-9]+)?)(?:\s+[+-]?[0-9.]+)?\s*\)",
    re.IGNORECASE,
)


def _parse(text: str, min_decimals: int) -> float | None:
    m = _NUMBER.fullmatch(text.strip())
    if not m or len(m.group(2)) < min_decimals or len(m.group(2)) > 17:
        return None
    return float(text.strip().replace(",", "."))


def coordinate(value: str, limit: int = 90, min_decimals: int = 4) -> bool:
    """A decimal degree within ±``limit`` (90 latitude, 180 longitude), decimal comma allowed."""
    if len(value) > 32:
        return False
    number = _parse(value, min_decimals)
    return number is not None and abs(number) <= limit


def _split_pair(text: str) -> tuple[str, str] | None:
    text = text.strip().strip("()[]{}").strip()
    if ";" in text:
        parts = text.split(";")
    elif text.count(",") == 1:
        parts = text.split(",")
    elif text.count(",") == 3 or (
        text.count(",") == 2 and ", " in text
    ):  # "56,013870, 36,037708": decimal commas, ", " between
        parts = re.split(r",\s+", text)
    else:
        parts = text.split()
    if len(parts) != 2:
        return None
    return parts[0].strip(), parts[1].strip()


def latlon_pair(value: str, min_decimals: int = 4) -> bool:
    """A position in one cell: ``55.7558, 37.6173``, ``56,013870;36,037708``, ``(lat lon)``,
    or WKT ``POINT(37.6173 55.7558)`` (longitude first). Lon-lat order is accepted too."""
    value = value.strip()
    if not 7 <= len(value) <= 80:
        return False
    m = _WKT.fullmatch(value)
    if m:
        lon, lat = float(m.group("lon")), float(m.group("lat"))
        return abs(lat) <= 90 and abs(lon) <= 180
    parts = _split_pair(value)
    if parts is None:
        return False
    a, b = (_parse(p, min_decimals) for p in parts)
    if a is None or b is None:
        return False
    return (abs(a) <= 90 and abs(b) <= 180) or (abs(a) <= 180 and abs(b) <= 90)
