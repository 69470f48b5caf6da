"""Network and grid locations: IP addresses and geohashes, with column-level checks that
tell them apart from look-alikes (software versions, hex digests)."""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Sequence

_IPV4 = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")


def ip(value: str, version: int = 0) -> bool:
    """An IPv4 (dotted quad, no leading zeros) or IPv6 address; ``version`` 4, 6 or 0 (any)."""
    value = value.strip()
    if not 7 <= len(value) <= 45:
        return False
    if _IPV4.fullmatch(value):
        if version == 6:
            return False
        try:
            addr = ipaddress.IPv4Address(value)
        except ValueError:
            return False
        return not addr.is_unspecified
    if version == 4 or value.count(":") < 2 or "%" in value:
        return False
    try:
        addr6 = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return not addr6.is_unspecified


def ip_spread(values: Sequence[str]) -> bool:
    """False when the dotted quads look like 4-part software versions (``7.13.8.156``).

    In a version the first three parts are small (< 64) in nearly every value, while real
    addresses spread over the whole range; a single private subnet (``10.0.1.x``) keeps
    one first octet, versions several.
    """
    quads = [v.strip().split(".") for v in values if _IPV4.fullmatch(v.strip())]
    if not quads:
        return True
    small = sum(1 for q in quads if all(int(p) < 64 for p in q[:3]))
    firsts = {q[0] for q in quads}
    return not (small >= 0.9 * len(quads) and len(firsts) >= 3)


_GEOHASH = re.compile(r"[0-9b-hjkmnp-z]{5,12}")


_DIGIT_RUN = re.compile(r"[0-9]{6}")


def geohash(value: str) -> bool:
    """A geohash: lower-case base32 without a/i/l/o, 5-12 characters, letters and digits."""
    value = value.strip()
    if not _GEOHASH.fullmatch(value):
        return False
    # Ids are a letter or two and a long number (p569454965, t12345678); the base32 of a
    # position mixes letters and digits (a run of six digits has odds under 1 %).
    letters = sum(1 for c in value if c.isalpha())
    return any(c.isdigit() for c in value) and letters >= 2 and not _DIGIT_RUN.search(value)


def geohash_spread(values: Sequence[str]) -> bool:
    """False for hex digests and random tokens that happen to fit the geohash alphabet.

    Hex uses only a-f; geohashes use g-z too. Real positions also cluster: people live on
    a few continents, so a handful of leading characters cover most values, while random
    tokens spread evenly over all 32.
    """
    vals = [v.strip() for v in values if v.strip()]
    if not vals:
        return False
    beyond_hex = sum(1 for v in vals if re.search(r"[g-z]", v))
    if beyond_hex < 0.5 * len(vals):
        return False
    if len(vals) < 30:
        return True
    firsts = Counter(v[0] for v in vals)
    top = sum(n for _, n in firsts.most_common(8))
    return top >= 0.6 * len(vals)
