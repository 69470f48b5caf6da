"""Table context, applied last: what a column means depends on the columns beside it.

- latitude/longitude count only as a pair (two columns, or one column of "lat,lon");
- purchases count only when the table links its rows to a customer (a catalogue holds none);
- a column holding one value on every row (a supplier's e-mail, a support phone) is the
  table's letterhead: it links no row to a customer;
- a purchase event (a date, a description) counts only when a row is a purchase: the table
  has other purchase columns or a purchase reference (order_id, InvoiceNo, rental_id), or the
  column's own header names a purchase (order_date, paid_at). The words are data
  (``data/events.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources

from piiscan.detectors import ru_account_key_ok
from piiscan.headers import HeaderPattern
from piiscan.model import Category, Finding, Scope
from piiscan.ruleset import Rule

CUSTOMER_LINK = HeaderPattern.compile(
    [
        "customer*",
        "client*",
        "user",
        "user_id",
        "userid",
        "buyer*",
        "member*",
        "respondent*",
        "subscriber*",
        "account_id",
        "person*",
        "contact*",
        "recipient*",
        "cardholder*",
        "покупател*",
        "клиент*",
        "пользовател*",
        "получател*",
        "заказчик*",
        "абонент*",
        "kunde*",
        "kund*",
        "klient*",
        "uzytkownik*",
        "utilisateur*",
        "kdnr",
        "kd_nr",
        "kaufer*",
        "besteller*",
        "nutzer*",
        "benutzer*",
        "mitglied*",
        "acheteur*",
        "abonne*",
        "adherent*",
        "membre*",
        "nabywc*",
        "kupujac*",
        "zamawiajac*",
        "сатып_алушы*",
        "тутынушы*",
        "тұтынушы*",
        "пайдаланушы*",
    ],
    ["type", "segment", "tier", "count", "group", "категори*", "тип"],
)
"""Column names that tie a row to a customer even when the values are opaque ids."""


@cache
def _event_words(kind: str) -> HeaderPattern:
    text = (resources.files("piiscan") / "data" / "events.toml").read_text(encoding="utf-8")
    words: list[str] = tomllib.loads(text)[kind]["words"]
    return HeaderPattern.compile(words)


class _Lazy:
    """A word list from ``data/events.toml``, read on first use."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def matches(self, header: str) -> bool:
        return _event_words(self.kind).matches(header)


EVENT_WORDS = _Lazy("event")
"""Headers naming something that happened (ordered, shipped, hired, created)."""
PURCHASE_WORDS = _Lazy("purchase_event")
"""Headers naming a purchase (order, invoice, payment, rental, receipt, deal)."""
REFERENCE_WORDS = _Lazy("reference")
"""Headers naming an id or a number."""
CONSTANT_AFTER = 3
"""Values on as many rows, all the same, make a column constant (fewer prove nothing)."""


ROW_PAIRS = {("ru_account", "ru_bik"): ru_account_key_ok}
"""(rule, partner rule) -> check of one row's two values: a Russian account's control key
is computed with its bank's BIK, so a table holding both can confirm every account."""
PAIR_SAMPLE = 1_000
"""First rows whose values are kept (in memory only) for row-pair checks."""


def apply_context(
    findings: Sequence[Finding],
    columns: Sequence[str],
    rules: Sequence[Rule],
    first_rows: Mapping[str, Mapping[int, str | None]] | None = None,
) -> list[Finding]:
    """Drop or keep findings that need their table; ``columns`` is in file order;
    ``first_rows`` holds the first rows' values by column, for row-pair checks."""
    first_rows = first_rows or {}
    findings = _confirm_pairs(findings, first_rows)
    constant = _constant_columns(first_rows)
    by_id = {rule.id: rule for rule in rules}
    contexts = {rule.id: rule.context for rule in rules}
    kept = [f for f in findings if contexts.get(f.detector) is None]
    kept.extend(_coordinate_pairs(findings, columns, by_id))
    if _has_customer_link([f for f in kept if f.column not in constant], columns, constant):
        linked = [f for f in findings if contexts.get(f.detector) == "customer_link"]
        kept.extend(linked)
        purchase_rows = any(
            f.category is Category.PURCHASES and f.scope is Scope.COLUMN and f.matched
            for f in linked
        ) or any(_purchase_reference(c) for c in columns)
        kept.extend(
            f
            for f in findings
            if contexts.get(f.detector) == "purchase_event"
            and (purchase_rows or PURCHASE_WORDS.matches(f.column))
        )
    return kept


def _constant_columns(first_rows: Mapping[str, Mapping[int, str | None]]) -> set[str]:
    """Columns whose first rows hold one and the same value on every row (``first_rows`` keeps
    non-empty values only: a column with as many as the fullest column has none empty)."""
    rows = max((len(values) for values in first_rows.values()), default=0)
    if rows < CONSTANT_AFTER:
        return set()
    constant = set()
    for name, values in first_rows.items():
        if len(values) == rows and len({(v or "").strip() for v in values.values()}) == 1:
            constant.add(name)
    return constant


def _purchase_reference(column: str) -> bool:
    """A column naming a purchase's reference: each row is a purchase (or a line of one)."""
    return PURCHASE_WORDS.matches(column) and REFERENCE_WORDS.matches(column)


def _confirm_pairs(
    findings: Sequence[Finding], first_rows: Mapping[str, Mapping[int, str | None]]
) -> list[Finding]:
    """Raise or lower confidence where a row-pair check can speak (account key vs BIK)."""
    out = list(findings)
    for (rule, partner), check in ROW_PAIRS.items():
        partners = [f.column for f in findings if f.detector == partner]
        for i, f in enumerate(out):
            if f.detector != rule or not partners or f.column not in first_rows:
                continue
            mine, theirs = first_rows[f.column], first_rows.get(partners[0], {})
            pairs = [(a, b) for r, a in mine.items() if a and (b := theirs.get(r))]
            if len(pairs) < 5:
                continue
            share = sum(1 for a, b in pairs if check(a, b)) / len(pairs)
            confidence = 0.99 if share >= 0.8 else round(f.confidence * 0.8, 2)
            out[i] = replace(f, confidence=confidence)
    return out


def _has_customer_link(
    findings: Sequence[Finding], columns: Sequence[str], constant: set[str]
) -> bool:
    """A person in the table (a PII column), or a column named for the customer. A constant
    column links no row to anyone (its findings stand: a gate reports them all the same)."""
    if any(f.category is Category.PII and f.scope is Scope.COLUMN and f.matched for f in findings):
        return True
    return any(CUSTOMER_LINK.matches(name) for name in columns if name not in constant)


def _coordinate_pairs(
    findings: Sequence[Finding], columns: Sequence[str], rules: dict[str, Rule]
) -> list[Finding]:
    """Keep latitude/longitude findings whose column has a partner column.

    A header-named coordinate needs some other coordinate column in the table; a column found
    by its values alone needs one right beside it. A column may match both axes (any latitude
    is a valid longitude): the header decides when it names one, else position does, the
    latitude coming first.
    """
    paired = [f for f in findings if rules[f.detector].context == "coordinate_pair"]
    by_column: dict[str, list[Finding]] = {}
    for f in paired:
        by_column.setdefault(f.column, []).append(f)
    if not by_column:
        return []
    order = {name: i for i, name in enumerate(columns)}
    positions = {order[name] for name in by_column if name in order}
    kept: list[Finding] = []
    for name, candidates in by_column.items():
        named = [f for f in candidates if rules[f.detector].header.matches(name)]
        axes = {f.detector for f in candidates}
        pair_rule = rules.get("latlon")
        if (
            name.endswith("[]")
            and {"latitude", "longitude"} <= axes
            and (named or (pair_rule is not None and pair_rule.header.matches(name)))
        ):
            # A list of coordinates ([lon, lat] in GeoJSON) is a pair in one column.
            kept.append(named[0] if named else candidates[0])
            continue
        pos = order.get(name, -10)
        before, after = pos - 1 in positions, pos + 1 in positions
        if named:
            kept.append(named[0])
        elif before or after:
            wanted = "latitude" if after and not before else "longitude"
            kept.append(next((f for f in candidates if f.detector == wanted), candidates[0]))
    return kept
