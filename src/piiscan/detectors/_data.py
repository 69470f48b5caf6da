"""Lazy, cached access to the word lists shipped in ``piiscan/data`` (see
``tools/build_name_lists.py`` for how they are built)."""

from __future__ import annotations

from importlib import resources

from piiscan.detectors._cache import loaded


@loaded
def word_table(filename: str) -> dict[str, str]:
    """``first<TAB>second`` lines as a dict (first column -> second column)."""
    text = (resources.files("piiscan") / "data" / filename).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        key, _, rest = line.partition("\t")
        if key:
            table[key] = rest
    return table


@loaded
def street_words(kind: str) -> frozenset[str]:
    """Words of one kind (``type``, ``prefix``, ``suffix``, ``unit``) from ``street_types.txt``."""
    text = (resources.files("piiscan") / "data" / "street_types.txt").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        k, _, word = line.partition("\t")
        if k == kind and word:
            out.add(word)
    return frozenset(out)
