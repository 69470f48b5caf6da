"""Dates and the birth-date column check."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.dates import birth_dates, date, datetime, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1951-03-05", True, id="iso"),
        pytest.param("25.01.1949", True, id="dotted"),
        pytest.param("08/03/1993", True, id="slashed"),
        pytest.param("12/25/1961", True, id="us-order"),
        pytest.param("5 March 1951", True, id="month-name-en"),
        pytest.param("5 марта 1951 г.", True, id="month-name-ru"),
        pytest.param("March 5, 1951", True, id="month-first"),
        pytest.param("25th May 2007", True, id="ordinal-en"),
        pytest.param("3rd of March 1985", True, id="ordinal-of"),
        pytest.param("1er janvier 1990", True, id="ordinal-fr"),
        pytest.param("3. März 1985", True, id="month-name-de"),
        pytest.param("12 févr. 1977", True, id="month-abbr-fr"),
        pytest.param("3 marca 1985 r.", True, id="month-name-pl"),
        pytest.param("3 наурыз 1985 ж.", True, id="month-name-kz"),
        pytest.param("1951-03-05 00:00:00", True, id="midnight-timestamp"),
        pytest.param("1951-03-05 14:22:10", False, id="time-of-day"),
        pytest.param("19510305", False, id="bare-integer"),
        pytest.param("2024-13-01", False, id="month-13"),
        pytest.param("31.02.2000", False, id="feb-31"),
        pytest.param("1850-01-01", False, id="too-old"),
    ],
)
def test_date(value: str, expected: bool) -> None:
    assert date(value) is expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-08-25 23:44:15",
        "13.06.2025 21:03:08",
        "2025-06-24",
        "2023-05-11T12:14:47Z",
        "2024-03-15T17:50:45+03:00",
        "03.11.2023 08:39",
        "13.06.2025, 21:03 Uhr",
        "03/03/2025 2:30 PM",
        "12/03/2024 14h30",
    ],
)
def test_datetime(value: str) -> None:
    assert datetime(value)


@pytest.mark.parametrize("value", ["2024-08-25 23", "13.06.2025 21:", "2024-08-25 99:00"])
def test_datetime_rejects(value: str) -> None:
    assert not datetime(value)


def test_parse_date_value() -> None:
    assert parse_date("25.01.1949") == dt.date(1949, 1, 25)


def test_birth_dates_column_check() -> None:
    rng = random.Random(3)
    today = dt.date.today()
    births = [
        (today - dt.timedelta(days=rng.randint(18 * 365, 80 * 365))).isoformat() for _ in range(300)
    ]
    signups = [(today - dt.timedelta(days=rng.randint(1, 3 * 365))).isoformat() for _ in range(300)]
    future = [*births, (today + dt.timedelta(days=30)).isoformat()]
    assert birth_dates(births)
    assert not birth_dates(signups)
    assert not birth_dates(future)
    assert not birth_dates([])


@given(st.text(max_size=40))
def test_dates_never_raise(value: str) -> None:
    assert date(value) in (True, False)
    assert datetime(value) in (True, False)


@given(st.lists(st.text(max_size=20), max_size=20))
def test_birth_dates_never_raises(values: list[str]) -> None:
    assert birth_dates(values) in (True, False)
