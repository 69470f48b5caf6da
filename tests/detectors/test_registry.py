"""The registries: every validator and column check is total on arbitrary input."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.detectors import COLUMN_CHECKS, VALIDATORS, ru_account_key_ok


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_validator_signature(name: str) -> None:
    params = list(inspect.signature(VALIDATORS[name]).parameters.values())
    assert params[0].name == "value"
    assert all(p.default is not inspect.Parameter.empty for p in params[1:])


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=80))
def test_validator_never_raises(name: str, value: str) -> None:
    assert VALIDATORS[name](value) in (True, False)


@pytest.mark.parametrize("name", sorted(COLUMN_CHECKS))
@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.text(max_size=30), max_size=40))
def test_column_check_never_raises(name: str, values: list[str]) -> None:
    assert COLUMN_CHECKS[name](values) in (True, False)


def test_ru_account_key_reexported() -> None:
    assert ru_account_key_ok("40817810438000012345", "044525225")


SCREENED = sorted(
    name
    for name in VALIDATORS
    if getattr(VALIDATORS[name], "requires", None) or getattr(VALIDATORS[name], "rejects", None)
)
_ACCEPTED_BY = {
    "person_name": ["Anna Petrova", "Иванов И. И.", "O'Neil, Mary", "J. Smith"],
    "street_address": ["12 rue de la Paix", "ул. Ленина, д. 5", "Hauptstraße 5"],
    "date": ["1951-03-05", "25.01.1949", "5 March 1951", "08/03/1993"],
    "datetime": ["2024-08-25 23:44:15", "13.06.2025, 21:03 Uhr"],
    "taste": ["индейку в медовом соусе", "Rotwein", "thé vert", "pierogi ruskie"],
}


def test_screened_validators_are_known() -> None:
    assert set(SCREENED) == set(_ACCEPTED_BY)


@pytest.mark.parametrize("name", SCREENED)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_screen_never_drops_a_value_its_validator_accepts(name: str, data: st.DataObject) -> None:
    """The engine skips values a validator's screen rules out: only values it would reject."""
    validator = VALIDATORS[name]
    accepted = st.sampled_from(_ACCEPTED_BY[name])
    value = data.draw(
        accepted
        | st.text(alphabet="0123456789 ,./-:²①٣AaЯяé@#()", max_size=30)
        | st.builds(lambda a, b: a + " " + b, accepted, st.text(max_size=8))
    )
    if validator(value.strip()):
        requires, rejects = (
            getattr(validator, "requires", None),
            getattr(validator, "rejects", None),
        )
        assert requires is None or requires.search(value)
        assert rejects is None or not rejects.search(value)


@pytest.mark.parametrize("name", SCREENED)
def test_screened_validators_accept_their_examples(name: str) -> None:
    """The accepted samples above are accepted: the screen test is about something."""
    for value in _ACCEPTED_BY[name]:
        assert VALIDATORS[name](value), value
