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
