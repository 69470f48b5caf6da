"""What happens to one value: mask, pseudonymise, generalise, keep (drop removes the column
and never sees a value), and placeholders for values found inside free text.

Every function here takes a raw value and returns the value to write; none keeps, logs or
raises with it.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from piiscan.masking import mask

if TYPE_CHECKING:
    import pyarrow as pa

    from piiscan.engine.column import CellSpan
    from piiscan.ruleset import Rule


class Action(enum.StrEnum):
    """What a column (or the findings inside its cells) becomes in the copy."""

    DROP = "drop"
    MASK = "mask"
    PSEUDONYMISE = "pseudonymise"
    GENERALISE = "generalise"
    KEEP = "keep"


STRENGTH: tuple[Action, ...] = (
    Action.DROP,
    Action.PSEUDONYMISE,
    Action.MASK,
    Action.GENERALISE,
    Action.KEEP,
)
"""When several findings of a column ask for different actions, the first in this order
wins (keeping is the weakest decision, dropping the strongest)."""

TOKEN_ALPHABET = "bcdfghjkmnpqrstvwxz"
"""Consonants only: a token holds no digit run (no rule takes it for a number, a phone or a
card) and no word (no rule takes it for a name)."""
TOKEN_CHARS = 12
"""About 51 bits: collisions stay unlikely up to tens of millions of distinct values."""
TOKEN_PREFIX = {"pii": "cus", "payment": "pay", "location": "loc", "purchases": "pur"}
"""Token prefix per category: ``cus_kxbqtrmvhdsz`` says which kind of value it stands for."""
KEY_MIN_BYTES = 16


def pseudonym(value: str, key: bytes, prefix: str) -> str:
    """A keyed hash of ``value`` (HMAC-SHA-256), rendered as ``prefix_xxxxxxxxxxxx``: the same
    value and key give the same token in every file and run, so joins still work."""
    digest = int.from_bytes(hmac.new(key, value.encode("utf-8"), hashlib.sha256).digest())
    base = len(TOKEN_ALPHABET)
    chars = []
    for _ in range(TOKEN_CHARS):
        digest, index = divmod(digest, base)
        chars.append(TOKEN_ALPHABET[index])
    return f"{prefix}_{''.join(chars)}"


_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2})(?![0-9])")
_MONTH = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2})[-/.](0[1-9]|1[0-2])(?![0-9])")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_IPV4 = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.[0-9]{1,3}\.[0-9]{1,3}")


def generalise(value: str, rule: Rule) -> str:
    """A coarse version of ``value``, chosen by the kind of value (the rule's mask kind) and
    its shape: a date to its year (a timestamp to its month), coordinates to whole degrees,
    an IP to its /16 network, a geohash to its first 3 characters (~150 km), a number to its
    order of magnitude, a code to its leading 2 characters. What has no coarse form is
    masked."""
    text = value.strip()
    if not text:
        return value
    kind = rule.mask
    if kind == "date":
        month = _MONTH.search(text)
        if month and rule.category.value == "purchases":
            return f"{month.group(1)}-{month.group(2)}"
        year = _YEAR.search(text)
        return year.group(1) if year else mask(text, kind)
    if kind == "coordinate":
        return _DEGREES.sub(lambda m: m.group(1), text)
    if kind == "ip":
        ipv4 = _IPV4.fullmatch(text)
        if ipv4:
            return f"net-{ipv4.group(1)}-{ipv4.group(2)}-x-x"
        return mask(text, kind)
    if kind == "geohash":
        return text[:3]
    number = _NUMBER.fullmatch(text.replace(" ", ""))
    if number and rule.category.value == "purchases":
        return _band(float(number.group().replace(",", ".")))
    if len(text) > 2:
        return text[:2] + "*" * min(len(text) - 2, 8)
    return mask(text, kind or "generic")


_DEGREES = re.compile(r"([+-]?[0-9]{1,3})[.,][0-9]+")


def _band(amount: float) -> str:
    """An amount's order of magnitude: ``100-999``."""
    if amount < 0:
        return "<0"
    if amount < 10:
        return "0-9"
    low = 10 ** (len(str(int(amount))) - 1)
    return f"{low}-{low * 10 - 1}"


class Transform:
    """A rewrite of one value (``transform(value)``), and of many at once (``many``): the
    command's speed on a large export is this, so a batch is vectorised where it pays."""

    def __init__(
        self,
        one: Callable[[str], str],
        many: Callable[[list[str]], list[str]] | None = None,
        array: Callable[[pa.Array], pa.Array] | None = None,
    ) -> None:
        self.one = one
        self._many = many
        self._array = array

    def __call__(self, value: str) -> str:
        return self.one(value)

    def many(self, values: list[str]) -> list[str]:
        """``values`` rewritten, in order; each distinct value rewritten once."""
        if self._many is not None and len(values) >= VECTOR_MIN:
            return self._many(values)
        seen: dict[str, str] = {}
        out = []
        for value in values:
            new = seen.get(value)
            if new is None:
                new = seen[value] = self.one(value)
            out.append(new)
        return out

    def array(self, values: pa.Array) -> pa.Array:
        """A string array without nulls rewritten (the CSV fast path): each distinct value
        once when the values repeat, vectorised where the action has an array form, else
        each distinct value once in Python."""
        if self._array is None:
            return per_distinct(values, self.one)
        if not repetitive(values):
            return self._array(values)
        encoded = values.dictionary_encode()
        return self._array(encoded.dictionary).take(encoded.indices)


SAMPLE = 2048
"""Values sampled to tell whether a batch repeats its values."""
REPEATS = 4
"""A batch repeats when its sample holds fewer distinct values than 1 in ``REPEATS``."""


def repetitive(values: pa.Array) -> bool:
    """Whether ``values`` repeat enough for a rewrite per distinct value to pay (hashing costs
    ~60 ns a value, so a batch of mostly distinct values is rewritten as it is), judged
    from its first values (sorted values may look repetitive: they then cost one hashing)."""
    import pyarrow.compute as pc

    if len(values) < VECTOR_MIN:
        return False
    sample = values.slice(0, SAMPLE)
    distinct: int = pc.count_distinct(sample).as_py()
    return distinct * REPEATS < len(sample)


def per_distinct(values: pa.Array, one: Callable[[str], str]) -> pa.Array:
    """``values`` through ``one``, called once per distinct value."""
    import pyarrow as pa

    encoded = values.dictionary_encode()
    new = pa.array([one(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return new.take(encoded.indices)


def _patched(values: pa.Array, rows: pa.Array, one: Callable[[str], str]) -> pa.Array:
    """``values`` with the rows where ``rows`` is true rewritten by ``one`` in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pc.any(rows).as_py():
        return values
    new = per_distinct(values.filter(rows), one)
    return pc.replace_with_mask(values, rows, new.cast(pa.string()))


VECTOR_MIN = 256
"""Values from which a batch goes through pyarrow rather than Python."""
_ALNUM = re.compile(r"[^\W_]")


_ASCII_STARS = bytes(42 if chr(i).isalnum() else i for i in range(128)) + bytes(range(128, 256))
"""ASCII letters and digits to ``*`` (``bytes.translate``: ten times a regex's speed)."""


def shape_mask_array(values: pa.Array) -> pa.Array:
    """``shape_mask`` of every value: the bytes after each first character translated at
    once (ASCII values; others in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = values.buffers()[2]
    raw = data.to_pybytes() if data is not None else b""
    starred = pa.Array.from_buffers(
        pa.string(),
        len(values),
        [values.buffers()[0], values.buffers()[1], pa.py_buffer(raw.translate(_ASCII_STARS))],
        offset=values.offset,
    )
    if raw.isascii():
        # Every character one byte: the first byte kept, the rest starred, no decoding.
        binary = pa.binary()
        first = pc.binary_slice(values.view(binary), 0, 1)
        rest = pc.binary_slice(starred.view(binary), 1, _NO_END)
        return pc.binary_join_element_wise(first, rest, b"").view(pa.string())
    first = pc.utf8_slice_codeunits(values, 0, 1)
    rest = pc.utf8_slice_codeunits(starred, 1)
    masked = pc.binary_join_element_wise(first, rest, "")
    return _patched(masked, pc.invert(pc.string_is_ascii(values)), shape_mask)


_NO_END = 1 << 30
"""A slice's stop past any value (pyarrow's ``binary_slice`` fails without one)."""


def shape_mask(value: str) -> str:
    """Every letter and digit but the first becomes ``*``; separators stay (``a****@g****.***``,
    ``+7 9** ***-**-**``): the value's shape, none of its content."""
    if value.isascii():
        return value[:1] + value[1:].encode("ascii").translate(_ASCII_STARS).decode("ascii")
    return value[:1] + _ALNUM.sub("*", value[1:])


def value_action(action: Action, rule: Rule, key: bytes | None) -> Transform | None:
    """The rewrite of a whole-value column's cells; None for keep and drop."""
    if action is Action.MASK:
        return Transform(shape_mask, lambda values: list(map(shape_mask, values)), shape_mask_array)
    if action is Action.PSEUDONYMISE:
        if key is None:
            raise ValueError("pseudonymise needs a key")
        prefix = TOKEN_PREFIX[rule.category.value]
        return Transform(
            lambda value: pseudonym(value.strip(), key, prefix) if value.strip() else value
        )
    if action is Action.GENERALISE:
        return Transform(lambda value: generalise(value, rule), array=_generalise_array(rule))
    return None


_ARRAY_FORMS = {
    "coordinate": (r"^([+-]?[0-9]{1,3})[.,][0-9]+$", r"\1"),
    "ip": (r"^([0-9]{1,3})\.([0-9]{1,3})\.[0-9]{1,3}\.[0-9]{1,3}$", r"net-\1-\2-x-x"),
}
"""Per mask kind, the commonest shape's generalisation as an RE2 rewrite (the same result as
``generalise``); every value of another shape goes through ``generalise`` itself."""


def _generalise_array(rule: Rule) -> Callable[[pa.Array], pa.Array] | None:
    form = _ARRAY_FORMS.get(rule.mask or "")
    if form is None:
        return None
    pattern, replacement = form

    def array(values: pa.Array) -> pa.Array:
        import pyarrow.compute as pc

        new = pc.replace_substring_regex(values, pattern, replacement)
        # A value of that shape always changes: the unchanged ones are the other shapes.
        return _patched(new, pc.equal(new, values), lambda value: generalise(value, rule))

    return array


PLACEHOLDERS = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "card": "[CARD]",
    "iban": "[IBAN]",
    "address": "[ADDRESS]",
    "name": "[NAME]",
    "date": "[DATE]",
    "ip": "[IP]",
    "coordinate": "[LOCATION]",
}
"""Placeholder per mask kind for a value found inside free text; others get ``[REDACTED]``."""


def placeholder(rule: Rule) -> str:
    return PLACEHOLDERS.get(rule.mask, "[REDACTED]")


def text_action(rules: Sequence[Rule]) -> Transform:
    """The rewrite of a free-text column's cells: each value a rule finds (its cell pattern,
    confirmed by its validator, as the engine finds it) becomes the rule's placeholder; the
    words around it stay. A batch is screened by RE2 first, the whole screen and then each
    pattern: most cells hold no candidate, and few patterns can match a cell that does."""
    from piiscan.redaction.cells import cell_searchers, finder, merge_spans, screen_pattern

    find = finder(rules)
    searchers = cell_searchers(rules)
    screen = screen_pattern(rules)

    def scrub(text: str) -> str:
        return _replaced(text, find(text))

    def many(values: list[str]) -> list[str]:
        if screen is None:
            return values
        import pyarrow as pa
        import pyarrow.compute as pc

        hits = pc.match_substring_regex(pa.array(values, pa.string()), screen).to_pylist()
        return [scrub(v) if hit else v for v, hit in zip(values, hits, strict=True)]

    def array(values: pa.Array) -> pa.Array:
        import pyarrow as pa
        import pyarrow.compute as pc

        if screen is None:
            return values
        if len(values) < SCREEN_MIN:
            # Compiling the screen costs more than it spares a small batch (one per
            # distinct value): each pattern's own search picks the candidates.
            hit = pc.greater_equal(pc.binary_length(values), 0)
        else:
            hit = pc.match_substring_regex(values, screen)
        if not pc.any(hit).as_py():
            return values
        rows = values.filter(hit)
        texts: list[str] = rows.to_pylist()
        found: list[list[CellSpan]] = [[] for _ in texts]
        for searcher in searchers:
            try:
                where = pc.indices_nonzero(pc.match_substring_regex(rows, searcher.pattern))
                candidates = where.to_pylist()
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                candidates = range(len(texts))
            for i in candidates:
                found[i] += searcher.spans(texts[i])
        new = [_replaced(t, merge_spans(f)) for t, f in zip(texts, found, strict=True)]
        return pc.replace_with_mask(values, hit, pa.array(new, pa.string()))

    return Transform(scrub, many, array)


SCREEN_MIN = 4096
"""Values from which a free-text batch is screened first (RE2 compiles the screen, about
4,000 characters of patterns, in ~5 ms: a smaller batch is cheaper to search pattern by
pattern)."""


def _replaced(text: str, spans: Sequence[CellSpan]) -> str:
    """``text`` with each span's value replaced by its rule's placeholder."""
    if not spans:
        return text
    out = []
    at = 0
    for start, end, rule in spans:
        out.append(text[at:start])
        out.append(placeholder(rule))
        at = end
    out.append(text[at:])
    return "".join(out)
