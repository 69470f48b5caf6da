"""Small string helpers shared by the detectors (no raw value ever leaves them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

_Validator = TypeVar("_Validator", bound=Callable[..., bool])


def screened(
    *, requires: str | None = None, rejects: str | None = None
) -> Callable[[_Validator], _Validator]:
    """Declare what every value a validator accepts contains (``requires``) or never contains
    (``rejects``), as regexes. The engine drops other values in one pass in C before calling
    the validator: validators without a rule pattern are tried on the first values of every
    column of every file."""

    def mark(validator: _Validator) -> _Validator:
        validator.requires = None if requires is None else re.compile(requires)  # type: ignore[attr-defined]
        validator.rejects = None if rejects is None else re.compile(rejects)  # type: ignore[attr-defined]
        return validator

    return mark


MAX_LEN = 256
"""Values longer than this are never one identifier; validators reject them up front."""

_SEPARATORS = re.compile(r"[\s\-./()]+")


_NON_DIGITS = re.compile(r"[^0-9]+")


def digits_only(value: str) -> str:
    """ASCII digits of ``value`` (Unicode digits such as ``٣`` are not identifiers here)."""
    return _NON_DIGITS.sub("", value)


def compact(value: str, keep: str = "") -> str:
    """``value`` without spaces, dashes, dots, slashes and parentheses (except ``keep``)."""
    if keep:
        return "".join(c for c in value if c in keep or not (c.isspace() or c in "-./()"))
    return _SEPARATORS.sub("", value)


def is_ascii_digits(value: str) -> bool:
    """True for a non-empty string of ASCII digits only (``str.isdigit`` accepts ``²``)."""
    return value.isascii() and value.isdigit()
