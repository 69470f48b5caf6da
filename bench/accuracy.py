#!/usr/bin/env python3
"""Accuracy on a labelled corpus: run ``piiscan check CORPUS --format json`` and score it.

    python bench/accuracy.py ../shared/bench/dev            # uses CORPUS/truth.json
    python bench/accuracy.py CORPUS --scorer PATH/score.py  # another scorer

The scorer is the corpus's own ``score.py`` (next to the corpus folder by default), so
the figures are the ones the corpus owners compute. Prints its table; exit status is the
scorer's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder holding the exports and truth.json")
    ap.add_argument("--truth", type=Path, help="truth file (default: CORPUS/truth.json)")
    ap.add_argument("--scorer", type=Path, help="score.py (default: CORPUS/../score.py)")
    ap.add_argument("--piiscan", default=None, help="piiscan executable (default: this Python's)")
    ap.add_argument("--json", action="store_true", help="print the scorer's JSON")
    args = ap.parse_args()
    truth = args.truth or args.corpus / "truth.json"
    scorer = args.scorer or args.corpus.parent / "score.py"
    command = [args.piiscan] if args.piiscan else [sys.executable, "-m", "piiscan"]
    with tempfile.NamedTemporaryFile("w+", suffix=".json") as report:
        run = subprocess.run(
            [*command, "check", str(args.corpus), "--format", "json"],
            stdout=report,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if run.returncode not in (0, 1, 2):
            sys.stderr.write(run.stderr)
            return run.returncode
        extra = ["--json"] if args.json else []
        return subprocess.run(
            [
                sys.executable,
                str(scorer),
                "--truth",
                str(truth),
                "--report",
                report.name,
                "--root",
                str(args.corpus),
                *extra,
            ],
            check=False,
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
