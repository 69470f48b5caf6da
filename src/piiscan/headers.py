"""Column-name evidence: normalise headers to word tokens and match rule words against them.

A rule word is one or more parts joined by ``_`` (``дата_рождения``), matched against a
contiguous run of header tokens; a part ending in ``*`` matches as a prefix (``телефон*``
matches "Телефона"), so one stem covers Russian case endings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[\W_]+")


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

    def matches(self, tokens: Sequence[str]) -> bool:
        first, first_prefix = self.parts[0]
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
    for part in header_tokens_raw(word):
        prefix = part.endswith("*")
        text = part.rstrip("*")
        parts.append((text, prefix))
    return _Word(tuple(parts))


def header_tokens_raw(word: str) -> list[str]:
    """Split a rule word on ``_``/space/punctuation but keep ``*`` markers."""
    text = fold_accents(unicodedata.normalize("NFKC", word).casefold().replace("ё", "е"))
    return [p for p in re.split(r"[^\w*]+|_", text) if p]


class _WordSet:
    """Words compiled for speed: single-part words as a set and a prefix tuple; multi-part
    words indexed by their first part, so a header only tries the words it could start."""

    def __init__(self, words: Sequence[_Word]) -> None:
        single = [w.parts[0] for w in words if len(w.parts) == 1]
        self.exact = frozenset(text for text, prefix in single if not prefix)
        self.prefixes = tuple(text for text, prefix in single if prefix)
        self.multi_exact: dict[str, list[_Word]] = {}
        multi_prefix: list[_Word] = []
        for w in words:
            if len(w.parts) > 1:
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
        if self.multi_prefixes and any(t.startswith(self.multi_prefixes) for t in tokens):
            return any(w.matches(tokens) for w in self.multi_prefix)
        return False


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
    tokens = header_tokens(header)
    if not tokens:
        return False
    words, excludes = _compiled(pattern)
    return words.matches(tokens) and not excludes.matches(tokens)
