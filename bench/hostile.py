#!/usr/bin/env python3
"""Hostile and broken inputs through the installed ``piiscan``, one subprocess per run.

    python bench/hostile.py                 # every input, scratch files removed afterwards
    python bench/hostile.py --keep DIR      # keep the inputs (and reports) under DIR
    python bench/hostile.py --only csv-10mb-cell --only gzip-bomb
    python bench/hostile.py --suite fail-open  # only the fail-open cases

Every input of ``tests/hostile/inputs.py`` runs twice (``--format json`` and ``text``), then
every case of ``tests/hostile/fail_open_cases.py`` (forbidden data where a gate can miss it).
Peak RSS is the largest sum of resident memory over the piiscan process and all its
descendants (worker processes), sampled every 20 ms from /proc: ``wait4``'s ``ru_maxrss``
would be one process only, and inherits the bench's own peak across fork and exec. A run
over ``TIMEOUT`` seconds is killed and counted as a hang. Prints one line per input, then
the figures: inputs tried, tracebacks, leaks, wrong exit codes (all must be 0), hangs and
other problems, and the peak RSS of the worst input. Exit status 0 when every figure that
must be 0 is.

The fail-open cases get figures of their own: cases, failing (any problem), fail-open (exit 0
although forbidden data is there), tracebacks, leaks, worst RSS. Most fail today (marked
``known_open``); only a failing case that is not so marked makes the exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.fail_open_cases import FAIL_OPEN_CASES, OpenCase  # noqa: E402
from tests.hostile.inputs import (  # noqa: E402
    CASES,
    MEMORY_LIMIT_MB,
    TIMEOUT,
    Case,
    Run,
    Verdict,
    judge,
    run_piiscan,
)


@dataclass(frozen=True)
class Result:
    """One case's verdict, its worst peak RSS, its time and the exit codes of its runs."""

    verdict: Verdict
    rss_mb: float
    seconds: float
    codes: tuple[int, ...]


def run_case(case: Case, workdir: Path) -> Result | str:
    """Build, scan twice, judge; a skip reason instead when the machine cannot run it."""
    reason = case.requires()
    if reason is not None:
        return reason
    folder = workdir / case.id
    folder.mkdir(parents=True)
    paths = case.build(folder)
    base = ["check", *map(str, paths), *case.args]
    runs: dict[str, Run] = {}
    for fmt in ("json", "text"):
        if case.during is not None:
            paths = case.build(folder)  # a fresh file for each run
        stop = threading.Event()
        helper = None
        if case.during is not None:
            helper = threading.Thread(target=case.during, args=(folder, stop), daemon=True)
            helper.start()
        try:
            # A case known to hang (outside the readers) gets a minute, not the full timeout.
            limit = 60 if case.known else TIMEOUT
            runs[fmt] = run_piiscan(
                [*base, "--format", fmt], workdir, f"{case.id}.{fmt}", timeout=limit
            )
        finally:
            stop.set()
            if helper is not None:
                helper.join()
    verdict = judge(case, paths, runs["json"].outcome, runs["text"].outcome)
    hung = [f"{fmt}: killed after {run.seconds:.0f} s" for fmt, run in runs.items() if run.hung]
    if hung:  # a killed run has no exit code or report to judge: it counts as a hang only
        verdict = Verdict(hangs=hung)
    rss = max(r.rss_mb for r in runs.values())
    if rss > MEMORY_LIMIT_MB:
        verdict.other.append(f"peak RSS {rss:.0f} MB > {MEMORY_LIMIT_MB} MB")
    codes = tuple(r.outcome.code for r in runs.values() if not r.hung)
    return Result(verdict, rss, sum(r.seconds for r in runs.values()), codes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    ap.add_argument("--only", action="append", default=[], help="run only this input id")
    ap.add_argument(
        "--suite", choices=("all", "hostile", "fail-open"), default="all", help="which cases"
    )
    ns = ap.parse_args()
    cases = [c for c in CASES if not ns.only or c.id in ns.only]
    if ns.suite == "fail-open":
        cases = []
    open_cases = [c for c in FAIL_OPEN_CASES if not ns.only or c.case.id in ns.only]
    if ns.suite == "hostile":
        open_cases = []
    if ns.keep is not None:
        ns.keep.mkdir(parents=True, exist_ok=True)
        workdir = Path(tempfile.mkdtemp(prefix="hostile-", dir=ns.keep))
    else:
        workdir = Path(tempfile.mkdtemp(prefix="piiscan-hostile-"))
    tried = tracebacks = leaks = wrong = hangs = other = 0
    worst = (0.0, "-")
    skipped: list[str] = []
    try:
        for case in cases:
            result = run_case(case, workdir)
            if isinstance(result, str):
                skipped.append(f"{case.id} ({result})")
                print(f"{case.id:<32} skipped: {result}", flush=True)
                continue
            verdict, rss, seconds = result.verdict, result.rss_mb, result.seconds
            tried += 1
            tracebacks += bool(verdict.tracebacks)
            leaks += bool(verdict.leaks)
            wrong += bool(verdict.wrong_codes)
            hangs += bool(verdict.hangs)
            other += bool(verdict.other)
            worst = max(worst, (rss, case.id))
            status = "ok" if verdict.ok else "FAIL: " + "; ".join(verdict.all())[:300]
            if case.known and not verdict.ok:
                status += f" [known: {case.known}]"
            print(f"{case.id:<32} {rss:7.0f} MB {seconds:6.1f} s  {status}", flush=True)
        if cases:
            print()
            print(f"{'inputs tried':<28} {tried}")
            print(f"{'tracebacks':<28} {tracebacks}")
            print(f"{'leaks':<28} {leaks}")
            print(f"{'wrong exit codes':<28} {wrong}")
            print(f"{'hangs (killed)':<28} {hangs}")
            print(f"{'other problems':<28} {other}")
            print(f"{'peak RSS, worst input':<28} {worst[0]:.0f} MB ({worst[1]})")
            if skipped:
                print(f"{'skipped':<28} {', '.join(skipped)}")
        fail_open_ok = run_fail_open(open_cases, workdir) if open_cases else True
    finally:
        if ns.keep is None:
            _remove(workdir)
    if ns.keep is not None:
        print(f"inputs kept in {workdir}")
    hostile_ok = tracebacks == leaks == wrong == hangs == other == 0
    return 0 if hostile_ok and fail_open_ok else 1


def run_fail_open(cases: list[OpenCase], workdir: Path) -> bool:
    """Run the fail-open cases, print a line each and their figures; False when a case not
    marked ``known_open`` fails (a regression)."""
    failing = fail_open = tracebacks = leaks = 0
    regressions: list[str] = []
    fixed: list[str] = []
    by_group: dict[str, list[int]] = {}
    worst = (0.0, "-")
    print("\nfail-open cases", flush=True)
    for item in cases:
        case = item.case
        result = run_case(case, workdir / "fail-open")
        if isinstance(result, str):
            print(f"{case.id:<48} skipped: {result}", flush=True)
            continue
        verdict = result.verdict
        opened = any(code == 0 for code in result.codes) and not case.accepts(0)
        failing += not verdict.ok
        fail_open += opened
        tracebacks += bool(verdict.tracebacks)
        leaks += bool(verdict.leaks)
        worst = max(worst, (result.rss_mb, case.id))
        tally = by_group.setdefault(item.group, [0, 0])
        tally[0] += 1
        tally[1] += not verdict.ok
        if not verdict.ok and not item.known_open:
            regressions.append(case.id)
        if verdict.ok and item.known_open:
            fixed.append(case.id)
        status = "ok" if verdict.ok else ("FAIL-OPEN: " if opened else "FAIL: ")
        if not verdict.ok:
            status += "; ".join(verdict.all())[:200]
        print(
            f"{case.id:<48} {result.rss_mb:7.0f} MB {result.seconds:6.1f} s  {status}",
            flush=True,
        )
    print()
    print(f"{'fail-open cases':<28} {sum(t[0] for t in by_group.values())}")
    print(f"{'failing':<28} {failing}")
    print(f"{'fail-open (exit 0)':<28} {fail_open}")
    print(f"{'tracebacks':<28} {tracebacks}")
    print(f"{'leaks':<28} {leaks}")
    print(f"{'peak RSS, worst case':<28} {worst[0]:.0f} MB ({worst[1]})")
    groups = ", ".join(f"{g} {t[1]}/{t[0]}" for g, t in by_group.items())
    print(f"{'failing by class':<28} {groups}")
    if fixed:
        print(f"{'passing, still known_open':<28} {', '.join(fixed)}")
    if regressions:
        print(f"{'failing, not known_open':<28} {', '.join(regressions)}")
    return not regressions


def _remove(folder: Path) -> None:
    """Remove the scratch folder, even files a case made unreadable."""
    for path in folder.rglob("*"):
        if not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
