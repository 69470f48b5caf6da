"""Fail closed: forbidden data in what piiscan is pointed at never gives exit 0.

Every case (table: ``tests/hostile/fail_open_cases.py``) runs through the real command line in
JSON and text format and is judged by ``tests.hostile.inputs.judge``: the exit code, the
(category, detector) findings when it exits 1, the verdict line for requested limits, no
traceback, no raw value in any output. A case marked ``known_open`` fails on today's code and is
an expected failure (strict): when a fix makes it pass, the suite goes red until the mark is
removed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import jsonschema
import pytest
from stdnum import iban as stdnum_iban

import piiscan
from piiscan.report.json import report_schema
from tests.clirunner import run_cli
from tests.hostile import fail_open_cases as fo
from tests.hostile.inputs import Builder, Outcome, judge

GROUPS = ("discovery", "csv", "huge", "compression", "mixed", "json", "disguise", "limits")


def _xfail(known: bool, group: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.xfail(strict=True, reason=f"fail-open: {group}")] if known else []


def _params(cases: Iterable[fo.OpenCase]) -> list[object]:
    return [
        pytest.param(
            c,
            id=c.case.id,
            marks=[*_xfail(c.known_open, c.group), *([pytest.mark.slow] if c.case.slow else [])],
        )
        for c in cases
    ]


def test_the_table() -> None:
    ids = [c.case.id for c in fo.FAIL_OPEN_CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 80
    for group in GROUPS:
        assert sum(c.group == group for c in fo.FAIL_OPEN_CASES) >= 3, group
    assert set(fo.KNOWN_OPEN) <= set(ids)


def test_planted_values_pass_their_checksums() -> None:
    for card in fo.POOL.cards:
        assert fo.luhn_digit(card[:-1]) == card[-1]
        assert any(card.startswith(p) and len(card) == n for p, n in fo.ISSUERS)
    assert {c[:4] for c in fo.MIR_CARDS} == {"2200", "2201", "2202", "2203", "2204"}
    assert all(stdnum_iban.is_valid(i) for i in fo.POOL.ibans)
    assert len(set(fo.POOL.emails)) == fo.POOL_SIZE
    assert all(p.startswith("+7 9") and len(p) == 16 for p in fo.POOL.phones)


@pytest.mark.parametrize("case", _params(fo.FAIL_OPEN_CASES))
def test_fail_open(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: fo.OpenCase) -> None:
    paths = case.case.build(tmp_path)
    runs: dict[str, Outcome] = {}
    for fmt in ("json", "text"):
        run = run_cli(capsys, "check", *map(str, paths), *case.case.args, "--format", fmt)
        runs[fmt] = Outcome(run.code, run.out, run.err)
    verdict = judge(case.case, paths, runs["json"], runs["text"])
    assert verdict.ok, verdict.all()
    jsonschema.validate(json.loads(runs["json"].out), report_schema())


# -- metamorphic --------------------------------------------------------------------------------


def _found(capsys: pytest.CaptureFixture[str], paths: list[Path]) -> tuple[int, set[object]]:
    run = run_cli(capsys, "check", *map(str, paths), "--format", "json")
    assert "Traceback" not in run.err
    findings = json.loads(run.out)["findings"]
    return run.code, {(f["category"], f["detector"]) for f in findings}


@pytest.mark.parametrize(
    ("variant", "build", "readable"),
    [
        pytest.param(v, b, r, id=v, marks=_xfail(v in fo.KNOWN_OPEN_META, "metamorphic"))
        for v, b, r in fo.METAMORPHIC
    ],
)
def test_same_export_same_findings(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    variant: str,
    build: Builder,
    readable: bool,
) -> None:
    """The export scanned plain and wrapped (renamed, compressed, re-encoded, reshaped as JSON)
    gives the same (category, detector) set; an archive, until supported, is never exit 0."""
    code, plain = _found(capsys, fo.METAMORPHIC[0][1](tmp_path / "plain"))
    assert code == 1 and set(fo.ALL3) <= plain
    code, found = _found(capsys, build(tmp_path / variant))
    if readable:
        assert (code, found) == (1, plain)
    else:
        assert code != 0


# -- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "args", "code"),
    [
        pytest.param(e, a, c, id=i, marks=_xfail(i in fo.KNOWN_OPEN_ROBUST, "robustness"))
        for i, e, a, c in fo.ENCODING_RUNS
    ],
)
def test_narrow_stdout_encoding(
    tmp_path: Path, encoding: str, args: tuple[str, ...], code: int
) -> None:
    """A CI log or a Windows console that cannot print UTF-8: reports still print (exit 1
    for the export, 0 for the help commands), never an internal error."""
    export = tmp_path / "клиенты.csv"
    export.write_text(fo.ENCODING_EXPORT(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env["PYTHONIOENCODING"] = encoding
    env["PYTHONPATH"] = str(Path(piiscan.__file__).parents[1])
    argv = [a.replace("{file}", str(export)) for a in args]
    run = subprocess.run(
        [sys.executable, "-m", "piiscan", *argv],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    err = run.stderr.decode("utf-8", "replace")
    out = run.stdout.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert run.returncode == code, err[-500:]
    assert out.strip()
    for canary in fo.CANARIES[:600]:
        assert canary not in out and canary not in err


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param(t, k, id=i, marks=_xfail(i in fo.KNOWN_OPEN_ROBUST, "robustness"))
        for i, t, k in fo.RULE_FILES
    ],
)
def test_rule_file_with_a_misspelt_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str
) -> None:
    """A user rule with a misspelt key is a usage error naming the key, not a silent rule."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "my_iban.toml").write_text(text, encoding="utf-8")
    export = tmp_path / "accounts.csv"
    export.write_text("id,note\n" + "".join(f"{i},{fo.iban(i)}\n" for i in range(50)))
    run = run_cli(capsys, "check", str(export), "--rules", str(rules), "--format", "json")
    assert run.code == 2
    assert "Traceback" not in run.err
    assert re.search(rf"\b{key}\b", run.err), run.err


def test_compressed_payload_is_found_uncompressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The compression cases hide nothing but the stream layout: their bytes, uncompressed,
    are a plain exit 1 with every finding."""
    export = tmp_path / "plain.csv"
    export.write_bytes(fo.HEAD() + fo.TAIL())
    code, found = _found(capsys, [export])
    assert code == 1 and set(fo.ALL3) <= found
