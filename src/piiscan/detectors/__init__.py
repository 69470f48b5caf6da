"""Named validators and column checks, bound to rules by name (``rules/*.toml``).

A validator is ``fn(value: str, **params) -> bool``: ``value`` is one stripped cell, or one
regex match inside free text; it never raises and never keeps the value. A column check is
``fn(values) -> bool`` over (up to a few thousand) distinct values of a column that passed
the rule's validator, saying whether the column as a whole is plausible.

Adding a kind of check: one function in a topic module plus one entry below. Entries name
``module:function`` and are imported on first use: phonenumbers and python-stdnum alone are
a fifth of a second of start-up, which a scan of a file without phones should not pay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from piiscan.lazy import LazyFunctions

VALIDATORS: Mapping[str, Callable[..., bool]] = LazyFunctions(
    "piiscan.detectors",
    {
        "account_number": "banking:account_number",
        "address_in_text": "freetext:address_in_text",
        "amount": "values:amount",
        "bank_code": "banking:bank_code",
        "bic": "banking:bic",
        "birth_date_in_text": "freetext:birth_date_in_text",
        "national_id_in_text": "freetext:national_id_in_text",
        "ip_in_text": "freetext:ip_in_text",
        "card_expiry": "banking:card_expiry",
        "card_number": "cards:card_number",
        "coordinate": "geo:coordinate",
        "cvv": "banking:cvv",
        "date": "dates:date",
        "datetime": "dates:datetime",
        "de_svnr": "national_ids:de_svnr",
        "document_number": "national_ids:document_number",
        "email": "contact:email",
        "gb_nino": "national_ids:gb_nino",
        "geohash": "network:geohash",
        "hex_digest": "values:hex_digest",
        "iban": "banking:iban",
        "inn": "national_ids:inn",
        "ip": "network:ip",
        "kz_iin": "national_ids:kz_iin",
        "latlon_pair": "geo:latlon_pair",
        "luhn": "cards:luhn",
        "ogrn": "national_ids:ogrn",
        "person_in_text": "freetext:person_in_text",
        "person_name": "names:person_name",
        "postal_code": "values:postal_code",
        "phone": "phones:phone",
        "place_name": "values:place_name",
        "quantity": "values:quantity",
        "routing_number": "banking:routing_number",
        "size": "values:size",
        "ru_account": "banking:ru_account",
        "ru_bik": "banking:ru_bik",
        "ru_passport": "national_ids:ru_passport",
        "sku": "values:sku",
        "snils": "national_ids:snils",
        "stdnum": "national_ids:stdnum",
        "street_address": "address:street_address",
        "taste": "tastes:taste",
        "text": "values:text",
        "us_ssn": "national_ids:us_ssn",
    },
)

TEXT_FINDERS: Mapping[str, Callable[[str], str | None]] = LazyFunctions(
    "piiscan.detectors",
    {
        "address_in_text": "freetext:find_address",
        "birth_date_in_text": "freetext:find_birth_date",
        "national_id_in_text": "freetext:find_national_id",
        "ip_in_text": "freetext:find_ip",
        "person_in_text": "freetext:find_person",
    },
)
"""Validators whose rules find their value among the words of a cell themselves: the cell
search calls ``fn(cell) -> value or None`` on the cells the rule's pattern picked, in place of
validating each pattern match (a name needs the words around it)."""

COLUMN_CHECKS: Mapping[str, Callable[[Sequence[str]], bool]] = LazyFunctions(
    "piiscan.detectors",
    {
        "birth_dates": "dates:birth_dates",
        "geohash_spread": "network:geohash_spread",
        "ip_spread": "network:ip_spread",
        "person_names": "names:person_names",
    },
)


def ru_account_key_ok(account: str, bik: str) -> bool:
    """Whether a Russian account's control key agrees with a BIK in the same row."""
    from piiscan.detectors.banking import ru_account_key_ok as check

    return check(account, bik)


__all__ = ["COLUMN_CHECKS", "TEXT_FINDERS", "VALIDATORS", "ru_account_key_ok"]
