"""Every shipped rule loads, and its fake-by-design examples behave as declared.

A value matches when the rule's pattern fullmatches the stripped value (Python ``re``) and
the validator (if any) accepts it with the rule's params. The loader must reject unknown
keys, bad regexes and unknown validators, naming the file and the key.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from piiscan.detectors import COLUMN_CHECKS, TEXT_FINDERS, VALIDATORS
from piiscan.errors import ConfigError, RuleError
from piiscan.masking import MASKS
from piiscan.ruleset import Example, Rule, default_rules_dir, load_rule, load_rules
from tests.clirunner import run_cli

RULES = load_rules()
CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{i}-{'match' if example.match else 'no'}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


def _matches(rule: Rule, value: str) -> bool:
    value = value.strip()
    if rule.validator in TEXT_FINDERS:
        # Found among other words of a cell: the pattern picks the cell, the finder reads it.
        assert rule.pattern is not None
        return bool(re.search(rule.pattern, value)) and bool(VALIDATORS[rule.validator](value))
    if rule.pattern is not None and not re.fullmatch(rule.pattern, value):
        return False
    if rule.validator is None:
        return True
    return bool(VALIDATORS[rule.validator](value, **rule.params))


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule: Rule, example: Example) -> None:
    assert _matches(rule, example.value) is example.match
    if example.header is not None:
        assert rule.header.matches(example.header), f"header {example.header!r} does not match"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_well_formed(rule: Rule) -> None:
    assert rule.examples, "every rule needs examples"
    assert any(e.match for e in rule.examples) and any(not e.match for e in rule.examples)
    if rule.header_required:
        assert all(e.header for e in rule.examples if e.match), (
            "header-required examples need a header"
        )
    if rule.validator is not None:
        inspect.signature(VALIDATORS[rule.validator]).bind("value", **rule.params)
        if rule.validator == "stdnum":
            from piiscan.detectors.national_ids import stdnum_module_exists

            names = [rule.params.get("module", ""), *rule.params.get("modules", [])]
            assert all(stdnum_module_exists(n) for n in names if n)
    assert rule.mask in MASKS
    assert rule.column_check is None or rule.column_check in COLUMN_CHECKS


def test_cells_rules_are_the_free_text_ones() -> None:
    assert {r.id for r in RULES if r.cells} == {
        "email",
        "phone",
        "card_number",
        "iban",
        "name_in_text",
        "address_in_text",
        "birth_date_in_text",
        "national_id_in_text",
        "ip_in_text",
    }


def test_rule_patterns_avoid_python_only_syntax() -> None:
    # Patterns also run in RE2 (pyarrow prefilter): no lookarounds, backreferences or \d.
    for rule in RULES:
        if rule.pattern is None:
            continue
        assert "(?=" not in rule.pattern and "(?!" not in rule.pattern, rule.id
        assert "(?<" not in rule.pattern, rule.id
        assert not re.search(r"\\[0-9dDbBwW]", rule.pattern), rule.id


def test_rule_patterns_compile_in_re2() -> None:
    pa = pytest.importorskip("pyarrow")
    pc = pytest.importorskip("pyarrow.compute")
    values = pa.array(["8 (937) 118-79-14", "x"])
    for rule in RULES:
        if rule.pattern is not None:
            pc.match_substring_regex(values, rule.pattern)


GOOD = """\
id = "{stem}"
category = "pii"
title = "t"
description = "d"
[value]
pattern = '[0-9]+'
validator = "inn"
"""


def _write(tmp_path: Path, stem: str, text: str) -> Path:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_accepts_minimal_rule(tmp_path: Path) -> None:
    rule = load_rule(_write(tmp_path, "ok", GOOD.format(stem="ok")))
    assert rule.id == "ok" and rule.validator == "inn"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            GOOD.replace("pattern =", "patern ="), 'unknown key "value.patern"', id="unknown-key"
        ),
        pytest.param(GOOD + 'colour = "red"\n', 'unknown key "value.colour"', id="unknown-key-2"),
        pytest.param(GOOD.replace("'[0-9]+'", "'[0-9'"), "bad regex", id="bad-regex"),
        pytest.param(
            GOOD.replace('"inn"', '"no_such_validator"'),
            "unknown validator",
            id="unknown-validator",
        ),
        pytest.param(GOOD + "parms = {{ kind = 1 }}\n", 'unknown key "value.parms"', id="parms"),
        pytest.param(GOOD + "[scop]\ncolumn_ratio = 0.5\n", 'unknown key "scop"', id="section"),
        pytest.param(
            GOOD + "[value.params]\nfoo = 1\n",
            'validator "inn" takes no parameter "foo"',
            id="unknown-param",
        ),
        pytest.param(
            GOOD.replace('"inn"', '"quantity"') + "params = {{ max_valu = 10 }}\n",
            'validator "quantity" takes no parameter "max_valu"',
            id="misspelt-param",
        ),
        pytest.param(
            GOOD.replace('"inn"', '"quantity"') + 'params = {{ max_value = "10" }}\n',
            '"value.params.max_value" must be a number',
            id="param-kind",
        ),
        pytest.param(
            GOOD.replace('validator = "inn"', "params = {{ limit = 90 }}"),
            '"value.params" given without "value.validator"',
            id="params-without-validator",
        ),
    ],
)
def test_loader_rejects(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "bad", text.format(stem="bad"))
    with pytest.raises(RuleError) as err:
        load_rule(path)
    assert message in str(err.value)
    assert "bad.toml" in str(err.value)


def test_the_bundled_rules_pass_the_strict_checks_too() -> None:
    # A copy of the bundled rules is a user's rule folder: every one must load as it does.
    strict = load_rules(default_rules_dir())
    assert [(r.id, r.validator, r.params) for r in strict] == [
        (r.id, r.validator, r.params) for r in RULES
    ]


def test_a_param_the_validator_takes_loads(tmp_path: Path) -> None:
    text = GOOD.format(stem="geo").replace('"inn"', '"coordinate"')
    rule = load_rule(_write(tmp_path, "geo", text + "params = { limit = 180.0 }\n"))
    assert rule.params == {"limit": 180.0}


def test_a_bad_rule_file_is_a_config_error_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "typo", GOOD.format(stem="typo") + "[value.params]\nfoo = 1\n")
    assert issubclass(RuleError, ConfigError)
    run = run_cli(capsys, "rules", "--rules", str(tmp_path))
    assert run.code == 2
    assert 'typo.toml: validator "inn" takes no parameter "foo"' in run.err


def test_a_users_rules_must_compile_in_re2(tmp_path: Path) -> None:
    # Python's re takes a backreference; RE2, which prefilters values, does not.
    _write(tmp_path, "backref", GOOD.format(stem="backref").replace("'[0-9]+'", r"'([0-9])\1'"))
    with pytest.raises(RuleError) as err:
        load_rules(tmp_path)
    assert "not valid RE2" in str(err.value)
    assert "backref.toml" in str(err.value)


RULES_BY_ID = {rule.id: rule for rule in RULES}


@pytest.mark.parametrize(
    ("rule_id", "header"),
    [
        pytest.param("person_name", "prénom", id="fr-first-name"),
        pytest.param("person_name", "imię", id="pl-first-name"),
        pytest.param("person_name", "Тегі", id="kz-surname"),
        pytest.param("phone", "Telefonnummer", id="de-phone"),
        pytest.param("phone", "tél. portable", id="fr-mobile"),
        pytest.param("phone", "nr telefonu", id="pl-phone"),
        pytest.param("phone", "Телефон нөмірі", id="kz-phone"),
        pytest.param("email", "E-Mail-Adresse", id="de-email"),
        pytest.param("email", "adresse e-mail", id="fr-email"),
        pytest.param("street_address", "Straße und Hausnummer", id="de-street"),
        pytest.param("street_address", "Adres zamieszkania", id="pl-address"),
        pytest.param("birth_date", "Geburtsdatum", id="de-dob"),
        pytest.param("birth_date", "date de naissance", id="fr-dob"),
        pytest.param("birth_date", "data urodzenia", id="pl-dob"),
        pytest.param("card_number", "numer karty", id="pl-card"),
        pytest.param("card_number", "numéro de carte", id="fr-card"),
        pytest.param("card_number", "Kreditkarte", id="de-card"),
        pytest.param("bank_account", "Kontonummer", id="de-account"),
        pytest.param("bank_code", "Sort Code", id="gb-sort-code"),
        pytest.param("purchase_time", "Kaufdatum", id="de-purchase-date"),
        pytest.param("purchase_item", "Artikelbezeichnung", id="de-item"),
        pytest.param("purchase_amount", "Gesamtbetrag", id="de-total"),
        pytest.param("purchase_quantity", "ilość", id="pl-qty"),
        pytest.param("sku", "Artikelnummer", id="de-sku"),
        pytest.param("longitude", "Längengrad", id="de-lon"),
        pytest.param("latitude", "szerokość geograficzna", id="pl-lat"),
        pytest.param("city", "miejscowość", id="pl-city"),
    ],
)
def test_localised_headers(rule_id: str, header: str) -> None:
    assert RULES_BY_ID[rule_id].header.matches(header)


@pytest.mark.parametrize(
    ("rule_id", "header"),
    [
        pytest.param("purchase_time", "date de naissance", id="fr-dob-not-purchase"),
        pytest.param("purchase_time", "Туған күні", id="kz-dob-not-purchase"),
        pytest.param("purchase_time", "date d'inscription", id="fr-signup-not-purchase"),
        pytest.param("purchase_time", "Gültig bis", id="de-expiry-not-purchase"),
        pytest.param("person_name", "Тауар аты", id="kz-product-name-not-person"),
        pytest.param("preference", "bevorzugte Sprache", id="de-language-not-taste"),
        pytest.param("favourite", "canal préféré", id="fr-channel-not-favourite"),
        pytest.param("street_address", "adresse IP", id="fr-ip-not-street"),
        pytest.param("street_address", "adresse e-mail", id="fr-email-not-street"),
        pytest.param("pl_nip", "NIP UE", id="eu-vat-not-personal"),
        pytest.param("venue", "lieu de naissance", id="fr-birthplace"),
        pytest.param("venue", "miejsce pracy", id="pl-workplace"),
        pytest.param("purchase_amount", "Saldo EUR", id="de-balance"),
    ],
)
def test_header_vetoes(rule_id: str, header: str) -> None:
    assert not RULES_BY_ID[rule_id].header.matches(header)


@pytest.mark.parametrize(
    "header", ["Anzahl Bestellungen", "nombre de commandes", "liczba zamówień", "orders_count"]
)
def test_order_counts_are_not_purchase_quantities(header: str) -> None:
    assert not RULES_BY_ID["purchase_quantity"].header.matches(header)
    assert RULES_BY_ID["purchase_quantity"].header.matches("orders[].items[].qty")
