"""Rows per second per core: ``piiscan check`` on a Parquet file next to ``piiscan.spark`` in
local mode on the same file (``python bench/speed.py --spark``, or this script alone).

Both run in fresh processes. The CLI's CPU time is its own (all threads); Spark's is the
whole process tree (the driver, its JVM and the Python workers), read from /proc, with
Spark's start-up left out: a job pays it once, not per table. Each figure is the median of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SPARK_RUN = r"""
import json, os, sys, time
sys.path[:0] = [p for p in os.environ.get("PIISCAN_BENCH_PATH", "").split(os.pathsep) if p]
from pyspark.sql import SparkSession
from piiscan import spark as piiscan_spark

def tree_cpu(root):
    # utime + stime (seconds) of root and every process below it
    ticks = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(pid)] = int(fields[1])
        cpu[int(pid)] = (int(fields[11]) + int(fields[12])) / ticks
    def below(pid):
        return pid == root or (pid in parent and parent[pid] != pid and below(parent[pid]))
    return sum(c for pid, c in cpu.items() if pid > 1 and below(pid))

path, cores, mode, repeat = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
how = {"files": {}, "driver": {"per_file": False, "ordered": False},
       "ordered": {"per_file": False, "ordered": True}}[mode]
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
# The driver holds a partition or two as Arrow (decoded strings): 16 MB of Parquet a partition
# keeps that well inside 3 GB.
spark = (SparkSession.builder.master(f"local[{cores}]").config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "3g").config("spark.sql.files.maxPartitionBytes", "16m")
         .config("spark.sql.shuffle.partitions", str(cores)).getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
piiscan_spark.scan_path(spark, path, **how)  # warm: JIT, workers, caches
runs = []
for _ in range(repeat):
    cpu0, wall0 = tree_cpu(os.getpid()), time.perf_counter()
    report = piiscan_spark.scan_path(spark, path, **how)
    runs.append((time.perf_counter() - wall0, tree_cpu(os.getpid()) - cpu0))
if report.errors:
    raise SystemExit(f"incomplete scan: {[e.message for e in report.errors]}")
rows = sum(f.rows for f in report.files)
print(json.dumps({"runs": runs, "rows": rows, "exit": report.exit_code}))
spark.stop()
"""


def cli_figures(
    piiscan: list[str], path: Path, repeat: int, extra: tuple[str, ...] = ()
) -> tuple[float, float]:
    """Median wall and CPU seconds of ``piiscan check PATH`` in a fresh process."""
    subprocess.run([*piiscan, "check", *extra, str(path)], capture_output=True)  # warm the caches
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [*piiscan, "check", *extra, str(path), "--format", "json"], capture_output=True
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"piiscan check exited {done.returncode}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def spark_figures(path: Path, cores: int, mode: str, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of ``piiscan.spark.scan_path`` in local mode, and rows."""
    env = dict(os.environ, PIISCAN_BENCH_PATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", SPARK_RUN, str(path), str(cores), mode, str(repeat)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        raise SystemExit(f"Spark run failed:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    runs = out["runs"]
    return (
        statistics.median(w for w, _ in runs),
        statistics.median(c for _, c in runs),
        int(out["rows"]),
    )


MODES = {
    "files": "per file (default)",
    "driver": "driver, unordered",
    "ordered": "driver, ordered",
}
PARTS = 4
"""The per-file path scans a folder of the same rows cut into this many files (one file is
one task: a single file would use one core)."""


def split_into_files(path: Path, parts: int = PARTS) -> Path:
    """A folder next to ``path`` holding its rows in ``parts`` Parquet files (made once)."""
    import pyarrow.parquet as pq

    folder = path.with_name(f"{path.stem}_{parts}_files")
    if not folder.exists():
        table = pq.read_table(path)
        step = -(-table.num_rows // parts)
        folder.mkdir()
        for i in range(parts):
            pq.write_table(table.slice(i * step, step), folder / f"part-{i}.parquet")
    return folder


def _line(name: str, label: str, rows: int, wall: float, cpu: float) -> None:
    print(
        f"{name:<22} {label:<30} {wall:6.2f}s  {rows / wall:>9,.0f} rows/s  "
        f"CPU {cpu:6.2f}s  {rows / cpu:>9,.0f} rows per CPU-second",
        flush=True,
    )


def report(piiscan: list[str], path: Path, rows: int, repeat: int, cores: int = 2) -> None:
    """Print the CLI's and Spark local mode's figures for one Parquet file (cut into
    ``PARTS`` files for the per-file path)."""
    wall, cpu = cli_figures(piiscan, path, repeat)
    _line(path.name, "CLI", rows, wall, cpu)
    folder = split_into_files(path)
    wall, cpu = cli_figures(piiscan, folder, repeat, ("-j", str(cores)))
    _line(path.name, f"CLI -j {cores}, {PARTS} files", rows, wall, cpu)
    for mode, label in MODES.items():
        target = folder if mode == "files" else path
        wall, cpu, seen = spark_figures(target, cores, mode, repeat)
        assert seen == rows, (seen, rows)
        _line(path.name, f"Spark local[{cores}] {label}", rows, wall, cpu)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speed import CACHE, generate, piiscan_command, to_parquet

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cores", type=int, default=2)
    args = ap.parse_args()
    CACHE.mkdir(exist_ok=True)
    for rows in args.sizes:
        csv_path, pq_path = CACHE / f"rows_{rows}.csv", CACHE / f"rows_{rows}.parquet"
        if not pq_path.exists():
            if not csv_path.exists():
                generate(rows, csv_path)
            to_parquet(csv_path, pq_path)
        report(piiscan_command(), pq_path, rows, args.repeat, args.cores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
