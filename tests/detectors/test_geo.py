"""Coordinates: single values with enough precision, and pairs in one cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.geo import coordinate, latlon_pair


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        pytest.param("55.875332", 90, True, id="lat"),
        pytest.param("53,557971", 90, True, id="decimal-comma"),
        pytest.param("-118.04578", 180, True, id="lon-negative"),
        pytest.param("140.6493", 180, True, id="lon-over-90"),
        pytest.param("140.6493", 90, False, id="lat-over-90"),
        pytest.param("53.61", 90, False, id="two-decimals"),
        pytest.param("55", 90, False, id="integer"),
        pytest.param("1 234,5678", 90, False, id="thousands"),
    ],
)
def test_coordinate(value: str, limit: int, expected: bool) -> None:
    assert coordinate(value, limit=limit) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("55.7558, 37.6173", True, id="comma-space"),
        pytest.param("39.335243,-76.439538", True, id="comma"),
        pytest.param("56,013870;36,037708", True, id="semicolon-decimal-comma"),
        pytest.param("56,013870, 36,037708", True, id="decimal-comma-comma-space"),
        pytest.param("(55.7558 37.6173)", True, id="parens"),
        pytest.param("POINT(37.6173 55.7558)", True, id="wkt"),
        pytest.param("POINT (-122.4194 37.7749)", True, id="wkt-space"),
        pytest.param("12.50, 3.99", False, id="prices"),
        pytest.param("95.12345, 200.12345", False, id="out-of-range"),
        pytest.param("55.7558", False, id="single"),
    ],
)
def test_latlon_pair(value: str, expected: bool) -> None:
    assert latlon_pair(value) is expected


@given(st.text(max_size=60))
def test_geo_never_raises(value: str) -> None:
    assert coordinate(value) in (True, False)
    assert latlon_pair(value) in (True, False)
