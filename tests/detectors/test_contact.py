"""E-mail addresses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.contact import email


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("ivan.petrov@example.com", True, id="plain"),
        pytest.param("o'brien+news@mail.example.co.uk", True, id="plus-apostrophe-subdomain"),
        pytest.param("tatyana_tarasova914@rambler.ru", True, id="ru"),
        pytest.param("hash@2x.png", False, id="asset-name"),
        pytest.param("logo@retina.svg", False, id="file-extension-tld"),
        pytest.param("a@b", False, id="no-tld"),
        pytest.param("two@@example.com", False, id="double-at"),
        pytest.param(".dot@example.com", False, id="leading-dot"),
        pytest.param("name@example.c0m", False, id="digit-tld"),
        pytest.param("not an email", False, id="text"),
    ],
)
def test_email(value: str, expected: bool) -> None:
    assert email(value) is expected


@given(st.text(max_size=80))
def test_email_never_raises(value: str) -> None:
    assert email(value) in (True, False)
