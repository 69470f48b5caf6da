"""The README's rule catalogue is the one the rule files generate."""

from __future__ import annotations

import re
from pathlib import Path

from piiscan.catalogue import catalogue_markdown, catalogue_text, explain
from piiscan.ruleset import load_rules

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_catalogue_is_generated_from_the_rules() -> None:
    match = re.search(r"<!-- rules -->\n(.*?)<!-- /rules -->", README.read_text("utf-8"), re.S)
    assert match, "README.md lost its <!-- rules --> markers"
    assert match.group(1) == catalogue_markdown(load_rules()), (
        "README catalogue is stale: regenerate it with `piiscan rules --markdown`"
    )


def test_every_rule_is_listed_once() -> None:
    rules = load_rules()
    text = catalogue_text(rules)
    assert sorted(line.split()[0] for line in text.splitlines()) == sorted(r.id for r in rules)


def test_explain_names_the_rule_and_how_to_ignore_it() -> None:
    rule = next(r for r in load_rules() if r.id == "card_number")
    text = explain(rule)
    assert text.startswith("card_number: ")
    assert 'rule = "card_number"' in text
    assert "reason" in text
