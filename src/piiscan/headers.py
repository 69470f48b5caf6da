"""Column-name evidence: normalise headers to word tokens and match rule words against them.

A rule word is one or more parts joined by ``_`` (``дата_рождения``), matched against a
contiguous run of header tokens; a part ending in ``*`` matches as a prefix (``телефон*``
matches "Телефона"), so one stem covers Russian case endings; a part starting with ``*``
matches as a suffix (``*größe`` matches "Schuhgröße"), for German and Polish compounds.

A nested field path (``card.checks.address_line1_check``) is judged by its leaf and the leaf's
own parent (``checks address line1 check``): a word further up names the object the field
belongs to, not what the field holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[\W_]+")
_PATH = re.compile(r"(?:\w[\w-]+(?:\[\])*\.)+\w[\w-]+(?:\[\])*")
"""A flattened field path: two or more dotted segments of two or more word characters, no
spaces (``Эл. почта``, ``D.O.B.``, ``тел.`` are headers, not paths)."""


def path_segments(header: str) -> tuple[str, ...]:
    """``"customer.contact.phone"`` -> ``("customer", "contact", "phone")``; a plain header is
    one segment."""
    text = header.strip()
    if _PATH.fullmatch(text):
        return tuple(text.split("."))
    return (header,)


@lru_cache(maxsize=4096)
def evidence_tokens(header: str) -> tuple[str, ...]:
    """The tokens header words are matched against: a path's leaf and its parent."""
    segments = path_segments(header)
    if len(segments) == 1:
        return header_tokens(header)
    return header_tokens(".".join(segments[-2:]))


@lru_cache(maxsize=4096)
def header_tokens(header: str) -> tuple[str, ...]:
    """``"customer.contactPhone[]"`` -> ``("customer", "contact", "phone")``."""
    text = unicodedata.normalize("NFKC", header)
    text = fold_accents(_CAMEL.sub(" ", text).casefold().replace("ё", "е"))
    return tuple(t for t in _SPLIT.split(text) if t)


def fold_accents(text: str) -> str:
    """``prénom`` -> ``prenom``, ``ilość`` -> ``ilosc``: header words are written either way.
    Only Latin letters are folded; Cyrillic й must stay distinct from и."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if "\u00c0" <= ch <= "\u024f":
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else ch)
        else:
            out.append(ch)
    return "".join(out).replace("ł", "l").replace("ø", "o").replace("đ", "d")


@dataclass(frozen=True)
class _Word:
    parts: tuple[tuple[str, bool], ...]
    """(text, is_prefix) per part."""
    suffix: bool = False
    """The first part matches the end of a token (``*größe``); single-part words only."""

    def matches(self, tokens: Sequence[str]) -> bool:
        first, first_prefix = self.parts[0]
        if self.suffix:
            return any(first in t if first_prefix else t.endswith(first) for t in tokens)
        if not any(t.startswith(first) if first_prefix else t == first for t in tokens):
            return False
        n = len(self.parts)
        for start in range(len(tokens) - n + 1):
            if all(
                tokens[start + i].startswith(text) if prefix else tokens[start + i] == text
                for i, (text, prefix) in enumerate(self.parts)
            ):
                return True
        return False


def _compile_word(word: str) -> _Word:
    parts = []
    raw = header_tokens_raw(word)
    suffix = len(raw) == 1 and raw[0].startswith("*") and len(raw[0].strip("*")) >= 3
    for part in raw:
        prefix = part.endswith("*")
        text = part.strip("*")
        parts.append((text, prefix))
    return _Word(tuple(parts), suffix)


def header_tokens_raw(word: str) -> list[str]:
    """Split a rule word on ``_``/space/punctuation but keep ``*`` markers."""
    text = fold_accents(unicodedata.normalize("NFKC", word).casefold().replace("ё", "е"))
    return [p for p in re.split(r"[^\w*]+|_", text) if p]


class _WordSet:
    """Words compiled for speed: single-part words as a set and a prefix tuple; multi-part
    words indexed by their first part, so a header only tries the words it could start."""

    def __init__(self, words: Sequence[_Word]) -> None:
        self.suffixed = tuple(w for w in words if w.suffix)
        single = [w.parts[0] for w in words if len(w.parts) == 1 and not w.suffix]
        self.exact = frozenset(text for text, prefix in single if not prefix)
        self.prefixes = tuple(text for text, prefix in single if prefix)
        self.multi_exact: dict[str, list[_Word]] = {}
        multi_prefix: list[_Word] = []
        for w in words:
            if len(w.parts) > 1 and not w.suffix:
                text, prefix = w.parts[0]
                if prefix:
                    multi_prefix.append(w)
                else:
                    self.multi_exact.setdefault(text, []).append(w)
        self.multi_prefix = tuple(multi_prefix)
        self.multi_prefixes = tuple(w.parts[0][0] for w in multi_prefix)

    def matches(self, tokens: tuple[str, ...]) -> bool:
        if self.exact.intersection(tokens):
            return True
        if self.prefixes and any(t.startswith(self.prefixes) for t in tokens):
            return True
        for t in tokens:
            for w in self.multi_exact.get(t, ()):
                if w.matches(tokens):
                    return True
        if (
            self.multi_prefixes
            and any(t.startswith(self.multi_prefixes) for t in tokens)
            and any(w.matches(tokens) for w in self.multi_prefix)
        ):
            return True
        return any(w.matches(tokens) for w in self.suffixed)


@dataclass(frozen=True)
class HeaderPattern:
    """A rule's header words and veto words."""

    words: tuple[_Word, ...]
    excludes: tuple[_Word, ...]
    source: tuple[str, ...]
    """The words as written in the rule, for ``piiscan explain`` and docs."""

    @classmethod
    def compile(cls, words: Sequence[str], exclude: Sequence[str] = ()) -> HeaderPattern:
        return cls(
            words=tuple(w for w in map(_compile_word, words) if w.parts),
            excludes=tuple(w for w in map(_compile_word, exclude) if w.parts),
            source=tuple(words),
        )

    def matches(self, header: str) -> bool:
        """True when some word matches and no veto word does."""
        return _matches(self, header)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


@lru_cache(maxsize=65_536)
def _compiled(pattern: HeaderPattern) -> tuple[_WordSet, _WordSet]:
    return _WordSet(pattern.words), _WordSet(pattern.excludes)


@lru_cache(maxsize=65_536)
def _matches(pattern: HeaderPattern, header: str) -> bool:
    tokens = evidence_tokens(header)
    if not tokens:
        return False
    words, excludes = _compiled(pattern)
    return words.matches(tokens) and not excludes.matches(tokens)


def may_match_any(patterns: tuple[HeaderPattern, ...], header: str) -> bool:
    """False when no word of any of ``patterns`` can match ``header`` (no word's first part
    meets one of its tokens): a wide table's ``c1``..``c20000`` are not matched rule by rule."""
    tokens = evidence_tokens(header)
    if not tokens:
        return False
    exact, prefixes, inside = _first_parts(patterns)
    return (
        not exact.isdisjoint(tokens)
        or any(t.startswith(prefixes) for t in tokens)
        or any(part in t for t in tokens for part in inside)
    )


@lru_cache(maxsize=64)
def _first_parts(
    patterns: tuple[HeaderPattern, ...],
) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The first parts of all the patterns' words: matched whole, as a prefix, or inside a
    token (a suffix word)."""
    exact: set[str] = set()
    prefixes: list[str] = []
    inside: list[str] = []
    for pattern in patterns:
        for word in pattern.words:
            first, prefix = word.parts[0]
            if word.suffix:
                inside.append(first)
            elif prefix:
                prefixes.append(first)
            else:
                exact.add(first)
    return frozenset(exact), tuple(prefixes), tuple(inside)


_EMAIL_LIKE = re.compile(r"(?<=[^@\s])@[^@\s]+\.[^@\s]")
"""Something@something.something, searched from each "@" (a name of 300 KB without one is
read once, not once per character)."""
DATA_DIGITS = 9
"""A header field with this many digits or more reads as a value (phone, card, account or
ID number), not a name; dates (8 digits) still name columns in pivot-style exports."""


def looks_like_data(field: str) -> bool:
    """Whether a first-row field is a value rather than a column name: an email address or
    a long number."""
    return sum(c.isdigit() for c in field) >= DATA_DIGITS or bool(_EMAIL_LIKE.search(field))
