#!/usr/bin/env python3
"""What ``piiscan redact`` does to a corpus and a large export, and what it costs.

    python bench/redact.py CORPUS                 # a folder of exports (the development corpus)
    python bench/redact.py CORPUS --rows 1000000  # ... and a generated export of that many rows
    python bench/redact.py --rows 250000          # the generated export alone

For each input it prints the files and columns redacted (from ``redaction.json``), whether the
copy passes ``check``, the raw values left, and the wall time of ``piiscan redact`` next to
``piiscan check`` on the same input (whole processes, the median of --repeat runs).

Raw values left: for every column the manifest says was rewritten, the values of the copy still
equal to the source's at the same place (a mask or token never is), plus the forbidden
findings of the copy's own scan (which also covers values inside free text). It must be 0.

The generated export is ``bench/speed.py``'s (13 columns of a realistic shape, cached in
.bench-cache/).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def piiscan() -> list[str]:
    return [sys.executable, "-m", "piiscan"]


def timed(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, code


def values_left(source: Path, out: Path, manifest: dict) -> int:
    """Cells of rewritten columns that still equal the source's (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from piiscan.discovery import discover_all
    from piiscan.model import ReadOptions
    from piiscan.readers import read

    def columns(path: Path) -> dict[str, dict[str, list]]:
        found = discover_all([str(path)])
        tables: dict[str, dict[str, list]] = {}
        for ref in found.files:
            relative = Path(ref.path).resolve().relative_to(path.resolve()).as_posix()
            cols: dict[str, list] = {}
            for batch in read(ref, ReadOptions()):
                for chunk in batch.columns:
                    cols.setdefault(chunk.name, []).append(chunk.values)
            tables[relative] = cols
        return tables

    before = columns(source.parent if source.is_file() else source)
    after = columns(out)
    left = 0
    for entry in manifest["files"]:
        copy = entry["copy"]
        original = copy.split("/", 1)[1] if source.is_dir() else copy
        for col in entry["columns"]:
            if col["action"] in ("drop", "keep") or col["scope"] == "cells":
                continue
            name = col["column"]
            old = before.get(original, {}).get(name)
            new = after.get(copy, {}).get(name)
            if old is None or new is None:
                continue
            a, b = pa.concat_arrays(old), pa.concat_arrays(new)
            if len(a) != len(b):
                print(f"  {copy}: {name}: {len(a)} values in the source, {len(b)} in the copy")
                continue
            same = pc.and_(pc.equal(a, b), pc.greater(pc.utf8_length(a), 0))
            count = pc.sum(same.fill_null(False)).as_py() or 0
            if count:
                print(f"  {copy}: {name}: {count} values as in the source")
            left += count
    return left


def bench(source: Path, repeat: int) -> None:
    checks, redacts = [], []
    manifest: dict = {}
    code = 0
    passes = False
    left = 0
    for _ in range(repeat):
        checks.append(timed([*piiscan(), "check", str(source), "--no-progress"])[0])
        with tempfile.TemporaryDirectory(prefix="piiscan-redact-bench-") as folder:
            out = Path(folder) / "out"
            seconds, code = timed([*piiscan(), "redact", str(source), "-o", str(out)])
            redacts.append(seconds)
            manifest = json.loads((out / "redaction.json").read_text())
            passes = code == 0
            copy_code = subprocess.run(
                [*piiscan(), "check", str(out), "--no-progress", "-f", "json"],
                capture_output=True,
                text=True,
            )
            report = json.loads(copy_code.stdout)
            left = values_left(source, out, manifest) + report["summary"]["forbidden_findings"]
    files = manifest.get("files", [])
    redacted = [f for f in files if f["columns"]]
    columns = sum(len(f["columns"]) for f in files)
    check, redact = statistics.median(checks), statistics.median(redacts)
    print(f"{source}:")
    print(f"  files: {len(files)} copied, {len(redacted)} redacted; columns redacted: {columns}")
    print(f"  copy passes check: {'yes' if passes else f'NO (exit {code})'}")
    print(f"  raw values left: {left}")
    print(f"  time: check {check:.2f} s, redact {redact:.2f} s ({redact / check:.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="a folder of exports")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated CSV")
    parser.add_argument("--no-generated", action="store_true", help="the corpus alone")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.corpus is not None:
        bench(args.corpus, args.repeat)
    if not args.no_generated:
        from bench.speed import CACHE, generate

        path = CACHE / f"rows_{args.rows}.csv"
        if not path.exists():
            CACHE.mkdir(exist_ok=True)
            generate(args.rows, path)
        with tempfile.TemporaryDirectory(prefix="piiscan-redact-src-") as folder:
            source = Path(folder) / "export"
            source.mkdir()
            shutil.copyfile(path, source / path.name)
            bench(source, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
