"""IP addresses, geohashes and the column checks that tell them from look-alikes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.detectors.network import geohash, geohash_spread, ip, ip_spread


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("192.96.46.234", True, id="ipv4"),
        pytest.param("2001:db8::1", True, id="ipv6"),
        pytest.param("::ffff:192.0.2.1", True, id="ipv4-mapped"),
        pytest.param("256.1.1.1", False, id="octet-256"),
        pytest.param("01.02.03.04", False, id="leading-zeros"),
        pytest.param("0.0.0.0", False, id="unspecified"),
        pytest.param("12:30:45", False, id="time"),
        pytest.param("00:1a:2b:3c:4d:5e", False, id="mac"),
    ],
)
def test_ip(value: str, expected: bool) -> None:
    assert ip(value) is expected


def test_ip_version_param() -> None:
    assert ip("192.96.46.234", version=4) and not ip("192.96.46.234", version=6)
    assert ip("2001:db8::1", version=6) and not ip("2001:db8::1", version=4)


def test_ip_spread_rejects_versions_keeps_addresses() -> None:
    rng = random.Random(1)
    versions = [
        f"{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}.{rng.randint(0, 250)}"
        for _ in range(500)
    ]
    addresses = [".".join(str(rng.randint(1, 254)) for _ in range(4)) for _ in range(500)]
    subnet = [f"10.0.1.{i}" for i in range(1, 200)]
    assert not ip_spread(versions)
    assert ip_spread(addresses)
    assert ip_spread(subnet)
    assert ip_spread(["2001:db8::1"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("u8r9xqbe", True, id="len8"),
        pytest.param("dr5ru7", True, id="len6"),
        pytest.param("tp9e2we5t", True, id="len9"),
        pytest.param("deadbeef", False, id="hex-word-with-a"),
        pytest.param("hello", False, id="word-with-l-o"),
        pytest.param("bcdfg", False, id="letters-only"),
        pytest.param("U8R9XQBE", False, id="upper-case"),
        pytest.param("u8r9xqbeu8r9x", False, id="too-long"),
    ],
)
def test_geohash(value: str, expected: bool) -> None:
    assert geohash(value) is expected


def test_geohash_spread() -> None:
    rng = random.Random(2)
    alphabet = "0123456789bcdefghjkmnpqrstuvwxyz"
    clustered = [
        rng.choice(["u8", "dr", "tp", "9x"]) + "".join(rng.choice(alphabet) for _ in range(6))
        for _ in range(200)
    ]
    hexish = ["".join(rng.choice("0123456789bcdef") for _ in range(8)) for _ in range(200)]
    uniform = ["".join(rng.choice(alphabet) for _ in range(8)) for _ in range(200)]
    assert geohash_spread(clustered)
    assert not geohash_spread(hexish)
    assert not geohash_spread(uniform)
    assert not geohash_spread([])


@given(st.text(max_size=50))
def test_network_never_raises(value: str) -> None:
    assert ip(value) in (True, False)
    assert geohash(value) in (True, False)


@given(st.lists(st.text(max_size=20), max_size=30))
def test_network_checks_never_raise(values: list[str]) -> None:
    assert ip_spread(values) in (True, False)
    assert geohash_spread(values) in (True, False)
