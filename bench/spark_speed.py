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

path, cores, ordered, repeat = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", int(sys.argv[4])
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
# The driver holds a partition or two as Arrow (decoded strings): 16 MB of Parquet a partition
# keeps that well inside 3 GB.
spark = (SparkSession.builder.master(f"local[{cores}]").config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "3g").config("spark.sql.files.maxPartitionBytes", "16m")
         .config("spark.sql.shuffle.partitions", str(cores)).getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
piiscan_spark.scan_path(spark, path, ordered=ordered)  # warm: JIT, workers, caches
runs = []
for _ in range(repeat):
    cpu0, wall0 = tree_cpu(os.getpid()), time.perf_counter()
    report = piiscan_spark.scan_path(spark, path, ordered=ordered)
    runs.append((time.perf_counter() - wall0, tree_cpu(os.getpid()) - cpu0))
if report.errors:
    raise SystemExit(f"incomplete scan: {[e.message for e in report.errors]}")
print(json.dumps({"runs": runs, "rows": report.files[0].rows, "exit": report.exit_code}))
spark.stop()
"""


def cli_figures(piiscan: list[str], path: Path, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``piiscan check PATH`` in a fresh process."""
    subprocess.run([*piiscan, "check", str(path)], capture_output=True)  # warm the caches
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [*piiscan, "check", str(path), "--format", "json"], capture_output=True
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"piiscan check exited {done.returncode}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def spark_figures(path: Path, cores: int, ordered: bool, repeat: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of ``piiscan.spark.scan_path`` in local mode, and rows."""
    env = dict(os.environ, PIISCAN_BENCH_PATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", SPARK_RUN, str(path), str(cores), str(int(ordered)), str(repeat)],
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


def report(piiscan: list[str], path: Path, rows: int, repeat: int, cores: int = 2) -> None:
    """Print the CLI's and Spark local mode's figures for one Parquet file."""
    wall, cpu = cli_figures(piiscan, path, repeat)
    print(
        f"{path.name:<22} CLI                  {wall:6.2f}s  {rows / wall:>9,.0f} rows/s  "
        f"CPU {cpu:6.2f}s  {rows / cpu:>9,.0f} rows per CPU-second",
        flush=True,
    )
    for ordered in (False, True):
        wall, cpu, seen = spark_figures(path, cores, ordered, repeat)
        assert seen == rows, (seen, rows)
        label = f"Spark local[{cores}]{' ordered' if ordered else ''}"
        print(
            f"{path.name:<22} {label:<20} {wall:6.2f}s  {rows / wall:>9,.0f} rows/s  "
            f"CPU {cpu:6.2f}s  {rows / cpu:>9,.0f} rows per CPU-second",
            flush=True,
        )


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
