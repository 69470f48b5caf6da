"""Fixtures shared across test folders: a real PostgreSQL server (``tests/pgserver.py``) and
one local Spark session."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

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


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (``local[2]``) for the test session, stopped at the end."""
    pyspark_sql = pytest.importorskip(
        "pyspark.sql", reason="pyspark is not installed (pip install piiscan[spark])"
    )
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java for Spark: install a JDK (17+) or set JAVA_HOME")
    # The executors' Python is this one (with piiscan and pyarrow), on the same import path.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("piiscan-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
