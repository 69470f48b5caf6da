"""Start-up stays lean: a scan imports only what its data needs (a pre-commit hook runs
piiscan for every commit, so each avoidable import is paid many times a day)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "numpy",
    "pandas",
    "pydantic",
    "pymorphy3",
    "phonenumbers",
    "stdnum",
    "rich",
    "pyarrow.compute",
)

PROBE = f"""
import atexit, json, sys
heavy = set({HEAVY!r})
atexit.register(lambda: print(json.dumps(sorted(heavy & set(sys.modules))), file=sys.stderr))
from piiscan.cli import main
sys.argv = ["piiscan", *sys.argv[1:]]
main()
"""


def _imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode in (0, 1), done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.fixture
def emails(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text("id,email\n1,someone@example.org\n", encoding="utf-8")
    return path


def test_json_scan_of_emails_imports_nothing_heavy(emails: Path) -> None:
    assert _imported("check", str(emails), "--format", "json") == set()


def test_text_report_adds_only_rich(emails: Path) -> None:
    assert _imported("check", str(emails)) == {"rich"}


def test_phone_column_brings_phonenumbers_only(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("phone\n+7 912 345-67-89\n+44 20 7946 0958\n", encoding="utf-8")
    assert _imported("check", str(path), "--format", "json") == {"phonenumbers"}
