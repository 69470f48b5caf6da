"""Fixtures shared across test folders: a real PostgreSQL server (``tests/pgserver.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pgserver import Server, binaries, start_server


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """A PostgreSQL server of its own for the test session, stopped at the end."""
    if binaries() is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): set PG_BIN or install them")
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
