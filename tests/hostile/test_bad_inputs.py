"""Hostile and broken inputs through the real command line: never crash, never leak, never lose
a finding, always say what could not be read (the table is ``tests/hostile/inputs.py``)."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from piiscan.report.json import report_schema
from tests.clirunner import run_cli
from tests.hostile.inputs import CASES, MEMORY_LIMIT_MB, Case, Outcome, judge, run_piiscan


def _param(case: Case) -> object:
    marks: list[pytest.MarkDecorator] = []
    if case.slow:
        marks.append(pytest.mark.slow)
    if case.known is not None:
        # Not run: today it does not end in any reasonable time (see ``known``).
        marks.append(pytest.mark.xfail(run=False, reason=case.known))
    return pytest.param(case, id=case.id, marks=marks)


@contextlib.contextmanager
def _while(case: Case, root: Path) -> Iterator[None]:
    """Run the case's ``during`` helper in a thread for the duration of the block."""
    if case.during is None:
        yield
        return
    stop = threading.Event()
    helper = threading.Thread(target=case.during, args=(root, stop), daemon=True)
    helper.start()
    try:
        yield
    finally:
        stop.set()
        helper.join()


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case) -> None:
    reason = case.requires()
    if reason is not None:
        pytest.skip(reason)
    runs: dict[str, Outcome] = {}
    paths = case.build(tmp_path)
    for fmt in ("json", "text"):
        root = tmp_path
        if case.during is not None:  # the first run changed the file: a fresh one
            root = tmp_path / fmt
            paths = case.build(root)
        with _while(case, root):
            run = run_cli(capsys, "check", *map(str, paths), *case.args, "--format", fmt)
        runs[fmt] = Outcome(run.code, run.out, run.err)
    verdict = judge(case, paths, runs["json"], runs["text"])
    assert verdict.ok, verdict.all()
    jsonschema.validate(json.loads(runs["json"].out), report_schema())


MEMORY_CASES = ("gzip-bomb", "csv-10mb-cell", "json-huge-element", "json-1000000-objects")


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c.id in MEMORY_CASES], ids=lambda c: c.id)
def test_memory_stays_bounded(tmp_path: Path, case: Case) -> None:
    """The heaviest inputs, in a subprocess: peak RSS of piiscan and its workers < 1 GB."""
    paths = case.build(tmp_path)
    run = run_piiscan(["check", *map(str, paths), *case.args, "--format", "json"], tmp_path, "m")
    assert not run.hung
    assert run.outcome.code == case.code, run.outcome.err
    assert run.rss_mb < MEMORY_LIMIT_MB
