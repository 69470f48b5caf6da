#!/usr/bin/env python3
"""Hostile and broken inputs through the installed ``piiscan``, one subprocess per run.

    python bench/hostile.py                 # every input, scratch files removed afterwards
    python bench/hostile.py --keep DIR      # keep the inputs (and reports) under DIR
    python bench/hostile.py --only csv-10mb-cell --only gzip-bomb

Every input of ``tests/hostile/inputs.py`` runs twice (``--format json`` and ``text``).
Peak RSS is the largest sum of resident memory over the piiscan process and all its
descendants (worker processes), sampled every 20 ms from /proc: ``wait4``'s ``ru_maxrss``
would be one process only, and inherits the bench's own peak across fork and exec. A run
over ``TIMEOUT`` seconds is killed and counted as a hang. Prints one line per input, then
the figures: inputs tried, tracebacks, leaks, wrong exit codes (all must be 0), hangs and
other problems, and the peak RSS of the worst input. Exit status 0 when every figure that
must be 0 is.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def run_case(case: Case, workdir: Path) -> tuple[Verdict, float, float] | str:
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
    return verdict, rss, sum(r.seconds for r in runs.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    ap.add_argument("--only", action="append", default=[], help="run only this input id")
    ns = ap.parse_args()
    cases = [c for c in CASES if not ns.only or c.id in ns.only]
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
            verdict, rss, seconds = result
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
    finally:
        if ns.keep is None:
            _remove(workdir)
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
    if ns.keep is not None:
        print(f"inputs kept in {workdir}")
    return 0 if tracebacks == leaks == wrong == hangs == other == 0 else 1


def _remove(folder: Path) -> None:
    """Remove the scratch folder, even files a case made unreadable."""
    for path in folder.rglob("*"):
        if not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
