#!/usr/bin/env python3
"""Speed and memory of a full scan, next to the cost of just reading the file.

    python bench/speed.py                       # 250k, 1M, 4M rows, CSV + Parquet, 5,000 files
    python bench/speed.py --sizes 250000 --repeat 3 --no-folder
    python bench/speed.py --workbook-only       # the workbook and DataFrame figures alone
    python bench/speed.py --spark --sizes 1000000   # the CLI next to Spark local mode (Parquet)
    python bench/speed.py --sizes 1000000 --reader-only  # also piiscan with no examination

Exports of a realistic shape are generated once (seeded) and cached in .bench-cache/:
13 columns (id, name, email, phone, street address, card number, IBAN, latitude, longitude,
IP, product, amount, free-text comment with a phone in about 1 % of rows). For each file the
script times the installed ``piiscan check FILE --format json`` (whole process) and the floor:
pyarrow stream-reading the same file with every column as a string, in a fresh process
(without NumPy, as piiscan runs).
Each figure is the median of --repeat runs, the floor and piiscan alternating run by run (the
ratio of each round is printed too: this machine's speed drifts); peak RSS is the child's
maxrss.

The workbook figures: a 100,000-row sheet of the same 13 columns (numbers as numbers) timed
against the floor of reading it with pandas + calamine (``read_excel(engine="calamine")``);
and the same rows as a DataFrame through ``piiscan.scan(df)`` (in-process, the call alone)
against ``pa.Table.from_pandas(df)``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"
COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "street_address",
    "card_number",
    "iban",
    "latitude",
    "longitude",
    "ip",
    "product",
    "amount",
    "comment",
]

FIRST = np.array(
    [
        "Ivan",
        "Maria",
        "David",
        "Anna",
        "Oleg",
        "Emily",
        "Sergey",
        "Olga",
        "James",
        "Laura",
        "Pavel",
        "Sophie",
        "Dmitry",
        "Elena",
        "Thomas",
        "Nina",
    ]
)
LAST = np.array(
    [
        "Petrov",
        "Smith",
        "Ivanova",
        "Johnson",
        "Kuznetsov",
        "Brown",
        "Sokolova",
        "Miller",
        "Popov",
        "Wilson",
        "Lebedeva",
        "Moore",
        "Novikov",
        "Taylor",
    ]
)
STREETS = np.array(
    [
        "Main Street",
        "Oak Avenue",
        "Park Road",
        "Lenina St",
        "High Street",
        "Maple Drive",
        "Church Lane",
        "Mill Road",
        "Station Road",
        "Elm Way",
    ]
)
DOMAINS = np.array(["gmail.com", "yandex.ru", "mail.ru", "outlook.com", "example.org"])
PRODUCTS = np.array(
    [
        "Sourdough bread 800g",
        "Greek yogurt 0% 500g",
        "Craft IPA 6-pack",
        "Smoked salmon 200g",
        "Espresso beans 1kg",
        "Oat milk 1L",
        "Buckwheat 900g",
    ]
)
COMMENTS = np.array(
    [
        "Leave the parcel at the door if nobody answers, the concierge knows about it.",
        "Thanks for the quick delivery! Everything arrived fresh and well packed as usual.",
        "",
        "Please ring twice, the bell on the second floor does not work since last winter.",
        "Promo code SPRING24 did not work at checkout, I paid the full price this time.",
        "The yogurt was two days past its date, please check the batch in the warehouse.",
    ]
)
CITIES = np.array(["Springfield", "Moscow", "Kazan", "Manchester", "Riverside", "Tver"])


def _digits(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    return rng.integers(0, 10, size=(n, k), dtype=np.int8)


def _digit_strings(d: np.ndarray) -> np.ndarray:
    """Rows of digits -> strings, vectorized through bytes."""
    raw = (d.astype(np.uint8) + ord("0")).tobytes()
    width = d.shape[1]
    return np.frombuffer(raw, dtype=f"S{width}").astype(str)


def _luhn_cards(rng: np.random.Generator, n: int) -> np.ndarray:
    d = _digits(rng, n, 16)
    d[:, 0] = 4
    d[:, 15] = 0
    weights = d[:, :15].astype(np.int16)
    doubled = weights[:, ::-1][:, ::2] * 2  # every second digit from the right of the body
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    total = doubled.sum(axis=1) + weights[:, ::-1][:, 1::2].sum(axis=1)
    d[:, 15] = (10 - total % 10) % 10
    return np.array([f"{x[:4]} {x[4:8]} {x[8:12]} {x[12:]}" for x in _digit_strings(d)])


def _ibans(rng: np.random.Generator, n: int) -> np.ndarray:
    # GB IBAN: GBkk BANK 6 digits sort code + 8 digits account; check digits computed per ISO 7064.
    d = _digit_strings(_digits(rng, n, 14))
    out = []
    for x in d:
        bban = "WEST" + x
        num = int("".join(str(int(c, 36)) for c in bban + "GB00"))
        check = 98 - num % 97
        out.append(f"GB{check:02d}{bban}")
    return np.array(out)


def generate(rows: int, path: Path, seed: int = 7) -> None:
    """Write a CSV export of ``rows`` rows, in chunks, seeded."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    chunk = 100_000
    writer = None
    tmp = path.with_suffix(".tmp")
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        first = FIRST[rng.integers(0, len(FIRST), n)]
        last = LAST[rng.integers(0, len(LAST), n)]
        ids = np.arange(start + 1, start + n + 1)
        phone_digits = _digit_strings(_digits(rng, n, 9))
        phones = np.array([f"+7 9{p[:2]} {p[2:5]}-{p[5:7]}-{p[7:]}" for p in phone_digits])
        emails = np.array(
            [
                f"{f.lower()}.{s.lower()}{i}@{d}"
                for f, s, i, d in zip(
                    first, last, ids, DOMAINS[rng.integers(0, len(DOMAINS), n)], strict=True
                )
            ]
        )
        addresses = np.array(
            [
                f"{h} {s}, {c}, {z}"
                for h, s, c, z in zip(
                    rng.integers(1, 999, n),
                    STREETS[rng.integers(0, len(STREETS), n)],
                    CITIES[rng.integers(0, len(CITIES), n)],
                    rng.integers(10000, 99999, n),
                    strict=True,
                )
            ]
        )
        ips = np.array([f"{a}.{b}.{c}.{d}" for a, b, c, d in rng.integers(1, 255, size=(n, 4))])
        comments = COMMENTS[rng.integers(0, len(COMMENTS), n)].astype(object)
        with_phone = rng.random(n) < 0.01
        comments[with_phone] = [
            f"Call me back on {p} after 6 pm, the courier could not find the entrance"
            for p in phones[with_phone]
        ]
        table = pa.table(
            {
                "id": ids,
                "name": np.char.add(np.char.add(first, " "), last),
                "email": emails,
                "phone": phones,
                "street_address": addresses,
                "card_number": _luhn_cards(rng, n),
                "iban": _ibans(rng, n),
                "latitude": np.round(rng.uniform(-60, 70, n), 6),
                "longitude": np.round(rng.uniform(-170, 170, n), 6),
                "ip": ips,
                "product": PRODUCTS[rng.integers(0, len(PRODUCTS), n)],
                "amount": np.round(rng.uniform(1, 500, n), 2),
                "comment": pa.array(comments.tolist(), pa.string()),
            }
        )
        if writer is None:
            writer = pacsv.CSVWriter(str(tmp), table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()
    tmp.rename(path)


def to_parquet(csv_path: Path, path: Path) -> None:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    reader = pacsv.open_csv(str(csv_path))
    writer = None
    for batch in reader:
        if writer is None:
            writer = pq.ParquetWriter(str(path), batch.schema)
        writer.write_batch(batch)
    assert writer is not None
    writer.close()


def small_folder(path: Path, files: int = 5000, rows: int = 100) -> None:
    source = CACHE / "rows_250000.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    tmp = path.with_name(path.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    header, body = lines[0], lines[1:]
    for i in range(files):
        part = body[(i * rows) % (len(body) - rows) :][:rows]
        sub = tmp / f"batch_{i // 500:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"export_{i:05d}.csv").write_text("\n".join([header, *part]) + "\n", "utf-8")
    tmp.rename(path)


FLOOR = """
import sys
class NoNumpy:  # as piiscan runs: pyarrow without NumPy, which it imports when installed
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "numpy":
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, NoNumpy())
import pyarrow as pa, pyarrow.csv as c, pyarrow.parquet as pq
p = sys.argv[1]
if p.endswith('.parquet'):
    f = pq.ParquetFile(p)
    n = 0
    for b in f.iter_batches(batch_size=65536):
        for col in b.columns:
            col.cast(pa.string())
        n += b.num_rows
else:
    names = c.open_csv(p).schema.names
    r = c.open_csv(p, read_options=c.ReadOptions(block_size=4 << 20),
                   convert_options=c.ConvertOptions(column_types={k: pa.string() for k in names}))
    n = sum(b.num_rows for b in r)
print(n)
"""

READER_ONLY = """
import sys
import piiscan.engine.column as column
# Every column's batches are taken and dropped: start-up, discovery, reading, row numbers and
# the report, with no examination at all (what fail closed costs is the rest).
column.ColumnState.feed = lambda self, chunk: column.Chunk(lists=([], []))
from piiscan.__main__ import run
sys.argv = ["piiscan", *sys.argv[1:]]
run()
"""


WORKBOOK_ROWS = 100_000
WORKBOOK_FLOOR = """
import sys
import pandas as pd
frames = pd.read_excel(sys.argv[1], sheet_name=None, engine="calamine")
print(sum(len(f) for f in frames.values()))
"""
DATAFRAME = """
import sys, time
import pandas as pd, pyarrow as pa
import piiscan
df = pd.read_csv(sys.argv[1])
piiscan.scan(df.head(100), name="warm-up")
t = time.perf_counter(); pa.Table.from_pandas(df); floor = time.perf_counter() - t
t = time.perf_counter(); report = piiscan.scan(df, name="df"); wall = time.perf_counter() - t
print(floor, wall, len(report.findings))
"""


def workbook(csv_path: Path, path: Path) -> None:
    """The CSV's rows as one sheet, numbers as numbers (as a user's export would hold)."""
    import pandas as pd

    tmp = path.with_name(path.name + ".tmp.xlsx")
    pd.read_csv(csv_path).to_excel(tmp, index=False, sheet_name="export", engine="openpyxl")
    tmp.rename(path)


def workbook_figures(piiscan: list[str], repeat: int) -> None:
    csv_path = CACHE / f"rows_{WORKBOOK_ROWS}.csv"
    if not csv_path.exists():
        generate(WORKBOOK_ROWS, csv_path)
    book = CACHE / f"rows_{WORKBOOK_ROWS}.xlsx"
    if not book.exists():
        print(f"writing {book.name} ...", file=sys.stderr, flush=True)
        workbook(csv_path, book)
    (floor, _, floors), (wall, rss, walls) = measure(
        [sys.executable, "-c", WORKBOOK_FLOOR, str(book)],
        [*piiscan, "check", str(book), "--format", "json"],
        repeat=repeat,
    )
    ratios = sorted(w / f for w, f in zip(walls, floors, strict=True))
    print(
        f"{book.name:<22} {WORKBOOK_ROWS:>9,} rows {book.stat().st_size / 1e6:>8.1f} MB  "
        f"floor (pandas+calamine) {floor:6.2f}s  piiscan {wall:6.2f}s  "
        f"ratio {wall / floor:4.2f}x (per round {ratios[0]:.2f}-{ratios[-1]:.2f})  "
        f"peak RSS {rss:6.0f} MB",
        flush=True,
    )
    seen = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", DATAFRAME, str(csv_path)],
            capture_output=True,
            text=True,
            check=True,
            env=_ENV,
        ).stdout.split()
        seen.append((float(out[0]), float(out[1])))
    floor = statistics.median(f for f, _ in seen)
    wall = statistics.median(w for _, w in seen)
    print(
        f"DataFrame {WORKBOOK_ROWS:,} rows: pa.Table.from_pandas {floor:6.2f}s  "
        f"piiscan.scan(df) {wall:6.2f}s  ratio {wall / floor:5.1f}x",
        flush=True,
    )


_WRAPPER = [
    sys.executable,
    "-c",
    "import resource,subprocess,sys,time;t=time.perf_counter();"
    "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
    "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " r.returncode)",
]
# As on a user's machine, compiled bytecode is cached (some sandboxes set
# PYTHONDONTWRITEBYTECODE, which would add compiling piiscan's modules to every start-up).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of ``cmd`` in a fresh process."""
    out = subprocess.run(
        [*_WRAPPER, *cmd], capture_output=True, text=True, check=True, env=_ENV
    ).stdout
    wall, maxrss, code = out.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return float(wall), int(maxrss) / 1024


def measure(*cmds: list[str], repeat: int) -> list[tuple[float, float, list[float]]]:
    """Per command: median wall time, median peak RSS (MB) and every wall time, over
    ``repeat`` rounds. The commands alternate within a round, so a machine that speeds up
    or slows down during the run moves them together and their ratios stay fair; one
    untimed run of each first warms the bytecode and OS file caches."""
    for cmd in cmds:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_ENV)
    runs: list[list[tuple[float, float]]] = [[] for _ in cmds]
    for _ in range(repeat):
        for cmd, seen in zip(cmds, runs, strict=True):
            seen.append(_run(cmd))
    return [
        (
            statistics.median(w for w, _ in seen),
            statistics.median(m for _, m in seen),
            [w for w, _ in seen],
        )
        for seen in runs
    ]


def piiscan_command() -> list[str]:
    exe = shutil.which("piiscan", path=str(Path(sys.executable).parent)) or shutil.which("piiscan")
    return [exe] if exe else [sys.executable, "-m", "piiscan"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000, 4_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-parquet", action="store_true")
    ap.add_argument("--no-folder", action="store_true")
    ap.add_argument("--jobs", type=int, default=None, help="pass -j to piiscan")
    ap.add_argument("--startup-only", action="store_true", help="only the one-line start-up")
    ap.add_argument(
        "--reader-only",
        action="store_true",
        help="also time piiscan with the engine's examination switched off (the floor of piiscan)",
    )
    ap.add_argument("--no-workbook", action="store_true")
    ap.add_argument("--workbook-only", action="store_true", help="only the workbook figures")
    ap.add_argument(
        "--spark", action="store_true", help="only rows/s per core: the CLI and Spark local mode"
    )
    args = ap.parse_args()
    CACHE.mkdir(exist_ok=True)
    piiscan = piiscan_command()
    if args.spark:
        import spark_speed

        for rows in args.sizes:
            pq_path = CACHE / f"rows_{rows}.parquet"
            if not pq_path.exists():
                csv_path = CACHE / f"rows_{rows}.csv"
                if not csv_path.exists():
                    generate(rows, csv_path)
                to_parquet(csv_path, pq_path)
            spark_speed.report(piiscan, pq_path, rows, args.repeat)
        return 0
    if args.workbook_only:
        workbook_figures(piiscan, args.repeat)
        return 0
    extra = ["-j", str(args.jobs)] if args.jobs else []
    results = []
    if args.startup_only:
        args.sizes, args.no_folder = [], True
    for rows in sorted(set(args.sizes) | ({250_000} if args.sizes else set())):
        csv_path = CACHE / f"rows_{rows}.csv"
        if not csv_path.exists():
            print(f"generating {csv_path.name} ...", file=sys.stderr, flush=True)
            generate(rows, csv_path)
        targets = [csv_path]
        if not args.no_parquet:
            pq_path = CACHE / f"rows_{rows}.parquet"
            if not pq_path.exists():
                to_parquet(csv_path, pq_path)
            targets.append(pq_path)
        if rows not in args.sizes:
            continue
        for target in targets:
            check = ["check", str(target), "--format", "json", *extra]
            reader_only = [[sys.executable, "-c", READER_ONLY, *check]] if args.reader_only else []
            (floor, _, floors), (wall, rss, walls), *unexamined = measure(
                [sys.executable, "-c", FLOOR, str(target)],
                [*piiscan, *check],
                *reader_only,
                repeat=args.repeat,
            )
            ratios = sorted(w / f for w, f in zip(walls, floors, strict=True))
            mb = target.stat().st_size / 1e6
            results.append((target.name, rows, mb, floor, wall, rss))
            print(
                f"{target.name:<22} {rows:>9,} rows {mb:>8.1f} MB  floor {floor:6.2f}s  "
                f"piiscan {wall:6.2f}s  ratio {wall / floor:4.2f}x "
                f"(per round {ratios[0]:.2f}-{ratios[-1]:.2f}, median "
                f"{statistics.median(ratios):.2f})  "
                f"{rows / wall:>10,.0f} rows/s  {mb / wall:6.1f} MB/s  peak RSS {rss:6.0f} MB",
                flush=True,
            )
            for bare, _, _ in unexamined:
                print(
                    f"{'':<22} piiscan, engine switched off {bare:6.2f}s  "
                    f"ratio {bare / floor:4.2f}x",
                    flush=True,
                )
    by_kind: dict[str, list[tuple[int, float, float]]] = {}
    for name, rows, _, _, wall, rss in results:
        by_kind.setdefault(name.rsplit(".", 1)[1], []).append((rows, wall, rss))
    for kind, series in by_kind.items():
        series.sort()
        base_rows, base_wall, base_rss = series[0]
        growth = ", ".join(
            f"{r:,} rows: time x{w / base_wall:.2f}, RSS x{m / base_rss:.2f}"
            for r, w, m in series[1:]
        )
        if growth:
            print(f"growth ({kind}, vs {base_rows:,} rows): {growth}")
    if not args.no_folder:
        folder = CACHE / "small_5000"
        if not folder.exists():
            small_folder(folder)
        ((wall, rss, _),) = measure(
            [*piiscan, "check", str(folder), "--format", "json", *extra], repeat=args.repeat
        )
        print(f"folder of 5,000 x 100-row CSV: {wall:.2f}s  peak RSS {rss:.0f} MB")
    if not args.no_workbook and not args.startup_only:
        workbook_figures(piiscan, args.repeat)
    tiny = CACHE / "one_line.csv"
    tiny.write_text("id,email\n1,someone@example.org\n", encoding="utf-8")
    for fmt in ("json", "text"):
        ((wall, rss, _),) = measure(
            [*piiscan, "check", str(tiny), "--format", fmt], repeat=max(args.repeat, 11)
        )
        print(f"start-up (one-line CSV, --format {fmt}): {wall:.2f}s  peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
