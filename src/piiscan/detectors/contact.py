"""E-mail addresses: a practical shape plus top-level-domain sanity.

Not RFC 5322: quoted local parts and IP-literal domains do not occur in marketing exports,
while ``icon@2x.png`` and ``logo@retina.svg`` (asset names) do and must not count.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(
    r"(?P<local>[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*)"
    r"@(?P<domain>(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"(?P<tld>[^\W\d_]{2,24}|xn--[A-Za-z0-9-]{2,59}))"
)
"""Letters and digits of any script (``\\w`` is Unicode here): internationalised addresses
(``иван@почта.рф``) are mailboxes too."""
# File extensions that look like TLDs in asset names ("icon@2x.png").
_FILE_EXTENSIONS_WORDS = """
    png jpg jpeg gif svg webp bmp ico tif tiff css js mjs ts map json xml txt csv pdf doc docx
    xls xlsx zip gz mp3 mp4 wav avi mov webm woff woff2 ttf otf eot html htm php
"""
_FILE_EXTENSIONS = frozenset(_FILE_EXTENSIONS_WORDS.split())


def email(value: str) -> bool:
    """An e-mail address ``local@domain.tld`` with an alphabetic, non-file-extension TLD."""
    value = value.strip()
    if not 6 <= len(value) <= 254 or value.count("@") != 1:
        return False
    m = _EMAIL.fullmatch(value)
    if not m:
        return False
    local, domain, tld = m.group("local"), m.group("domain"), m.group("tld").lower()
    if len(local) > 64 or tld in _FILE_EXTENSIONS:
        return False
    # "@2x.png"-style density suffixes and all-digit hosts are asset names, not mailboxes.
    first_label = domain.split(".")[0]
    return not re.fullmatch(r"[0-9]+x?", first_label)
