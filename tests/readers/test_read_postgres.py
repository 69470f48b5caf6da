"""PostgreSQL scanned in place against a real server: every table and view the user can read,
named ``postgresql://host:port/db/schema.table``, every column type read as text, a table the
user may not read named as not examined (exit 2), ``--max-rows`` sampled on the server, and
the password never in any output."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import piiscan
from piiscan.model import ReadOptions
from piiscan.readers import postgres as pg
from piiscan.report import OutputFormat
from tests.clirunner import run_cli
from tests.pgserver import Server

CANARY = "Canary-pw-7f3e9a"
"""The test user's password: it must never be printed."""
DB = "crm"

SETUP = (
    f"CREATE ROLE tester LOGIN PASSWORD '{CANARY}'",
    "CREATE TYPE mood AS ENUM ('happy', 'sad')",
    "CREATE DOMAIN email_address AS text",
    """CREATE TABLE customers (
        id serial PRIMARY KEY, small smallint, big bigint, ratio real, score double precision,
        paid numeric(10, 2), email email_address, phone varchar(40), code char(3),
        active boolean, born date, wakes time, seen timestamp, seen_tz timestamptz,
        waited interval, photo bytea, profile json, card jsonb, token uuid, ip inet,
        tags text[], counts int[], feeling mood)""",
    """INSERT INTO customers (small, big, ratio, score, paid, email, phone, code, active, born,
        wakes, seen, seen_tz, waited, photo, profile, card, token, ip, tags, counts, feeling)
    SELECT 1, 9000000000 + i, 1.5, 2.25, 12.5, 'user' || i || '@example.com',
        '+7 912 345-67-' || lpad((i % 100)::text, 2, '0'), 'abc', true,
        date '1980-01-01' + i, time '07:30', timestamp '2024-01-02 03:04:05',
        timestamptz '2024-01-02 03:04:05+00', interval '1 day', convert_to('note ' || i, 'UTF8'),
        json_build_object('name', 'x'), jsonb_build_object('card', '4111111111111111'),
        '00000000-0000-0000-0000-000000000001', ('81.2.' || (i % 200) || '.' || (i % 250))::inet,
        ARRAY['vip', 'user' || i || '@example.com'], ARRAY[1, 2], 'happy'
    FROM generate_series(1, 300) i""",
    "CREATE TABLE events AS SELECT i AS id, 'note ' || i AS note FROM generate_series(1, 20000) i",
    "CREATE SCHEMA secret",
    "CREATE TABLE secret.salaries (name text, amount int)",
    "CREATE VIEW emails AS SELECT id, email FROM customers",
    "GRANT SELECT ON customers, events, emails TO tester",
    "ANALYZE",
)


@pytest.fixture(scope="module")
def crm(postgres: Server) -> Server:
    postgres.execute(f"DROP DATABASE IF EXISTS {DB}", f"CREATE DATABASE {DB}")
    postgres.execute(*SETUP, db=DB)
    return postgres


def _url(server: Server, password: str | None = CANARY) -> str:
    return server.url("tester", password, DB)


def _shown(server: Server) -> str:
    return f"postgresql://127.0.0.1:{server.port}/{DB}"


def test_every_readable_table_and_view_is_scanned_and_named(crm: Server) -> None:
    report = piiscan.scan(_url(crm))
    base = _shown(crm)
    assert [f.path for f in report.files] == [
        f"{base}/public.customers",
        f"{base}/public.emails",
        f"{base}/public.events",
    ]
    found = {(f.path.rsplit("/", 1)[-1], f.column, f.detector) for f in report.findings}
    assert {
        ("public.customers", "email", "email"),
        ("public.customers", "phone", "phone"),
        ("public.customers", "card", "card_number"),
        ("public.customers", "tags[]", "email"),
        ("public.customers", "ip", "ip_address"),
        ("public.emails", "email", "email"),
    } <= found
    assert [(e.path, e.message) for e in report.errors] == [
        (
            f"{base}/secret.salaries",
            "permission denied: the user may not read this table; not examined",
        )
    ]
    assert report.exit_code == 2


def test_table_option_scans_only_those(crm: Server, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", _url(crm), "--table", "public.customers", "-f", "json")
    assert result.code == 1
    assert f"{_shown(crm)}/public.customers" in result.out
    assert "public.events" not in result.out
    missing = run_cli(capsys, "check", _url(crm), "--table", "customers", "--table", "nope")
    assert missing.code == 2
    assert f"{_shown(crm)}/nope: no such table or view" in missing.err


def test_table_option_needs_a_database(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", ".", "--table", "customers")
    assert result.code == 2
    assert "--table: only with a database URL" in result.err


def test_every_column_type_is_read_as_text(crm: Server) -> None:
    (table,) = [t for t in pg.list_tables(pg.database(_url(crm)))[0] if t.name == "customers"]
    first: dict[str, str | None] = {}
    for batch in pg.read_table(table, ReadOptions(max_rows=1)):
        for chunk in batch.columns:
            first.setdefault(chunk.name, chunk.values.to_pylist()[0])
    assert first == {
        "id": "1",
        "small": "1",
        "big": "9000000001",
        "ratio": "1.5",
        "score": "2.25",
        "paid": "12.50",
        "email": "user1@example.com",
        "phone": "+7 912 345-67-01",
        "code": "abc",
        "active": "true",
        "born": "1980-01-02",
        "wakes": "07:30:00",
        "seen": "2024-01-02T03:04:05.000000",  # as a Parquet timestamp[us] reads
        "seen_tz": "2024-01-02T03:04:05.000000+0000",
        "waited": "1 day",
        "photo": "note 1",
        "profile": '{"name" : "x"}',
        "card": '{"card": "4111111111111111"}',
        "token": "00000000-0000-0000-0000-000000000001",
        "ip": "81.2.1.1",
        "tags[]": "vip",
        "counts[]": "1",
        "feeling": "happy",
    }


def test_max_rows_samples_on_the_server_and_says_so(crm: Server) -> None:
    report = piiscan.scan(_url(crm), max_rows=100)
    events = next(f for f in report.files if f.path.endswith("public.events"))
    assert (events.rows, events.truncated) == (100, True)
    assert any(
        w.startswith(f"{_shown(crm)}/public.events: sampled on the server (TABLESAMPLE SYSTEM")
        for w in report.warnings
    )
    view = next(f for f in report.files if f.path.endswith("public.emails"))
    assert (view.rows, view.truncated) == (100, True)  # a view cannot be sampled: first rows


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_password_is_never_printed(
    crm: Server, fmt: OutputFormat, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.out"
    runs = [
        run_cli(capsys, "check", _url(crm), "-f", fmt.value, "-v", "-o", f"{fmt.value}:{out}"),
        run_cli(capsys, "check", _url(crm).replace(CANARY, CANARY + "x"), "-f", fmt.value),
        run_cli(capsys, "check", _url(crm).replace(str(crm.port), "1"), "-f", fmt.value),
        run_cli(capsys, "check", _url(crm).replace(str(crm.port), "99999999"), "-f", fmt.value),
        run_cli(capsys, "check", _url(crm) + "?sslmode=bogus", "-f", fmt.value),
    ]
    assert [r.code for r in runs] == [2, 2, 2, 2, 2]
    assert CANARY.lower() not in out.read_text().lower()
    for result in runs:
        assert CANARY.lower() not in (result.out + result.err).lower()
    assert "authentication failed" in runs[1].err
    assert "connection refused" in runs[2].err


def test_password_from_pgpassword_or_pgpass(
    crm: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", CANARY)
    assert [e.path for e in piiscan.scan(_url(crm, None)).errors] == [
        f"{_shown(crm)}/secret.salaries"
    ]
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{crm.port}:{DB}:tester:{CANARY}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    report = piiscan.scan(_url(crm, None))
    assert report.files[0].path == f"{_shown(crm)}/public.customers"


@pytest.mark.slow
def test_a_million_rows_stream_in_bounded_memory(crm: Server) -> None:
    crm.execute(
        "CREATE TABLE IF NOT EXISTS big AS SELECT i AS id, 'user' || i || '@example.com' AS email,"
        " md5(i::text) AS note, now() AS at FROM generate_series(1, 1000000) i",
        db=DB,
    )
    result = subprocess.run(
        [sys.executable, "-m", "piiscan", "check", crm.url(db=DB), "--table", "big", "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["files"][0]["rows"] == 1_000_000
    assert peak_mb < 600, f"peak RSS {peak_mb:.0f} MB"
